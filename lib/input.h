/* Standard input read whole, for plumbing that takes its data there. */
#ifndef BB_INPUT_H
#define BB_INPUT_H

#include <stddef.h>

/*
 * All of standard input, NUL-terminated (malloc'd), its length in *len.
 * More than max bytes is a usage error (100); a read error is 111.
 */
char *bb_read_stdin(size_t max, size_t *len);

#endif
