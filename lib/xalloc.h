/* Allocation helpers that die with 111 "out of memory" instead of failing. */
#ifndef BB_XALLOC_H
#define BB_XALLOC_H

#include <stddef.h>

void *xrealloc(void *p, size_t n);
void *xcalloc(size_t n);
char *xstrdup(const char *s);
__attribute__((format(printf, 1, 2))) char *xasprintf(const char *fmt, ...);

#endif
