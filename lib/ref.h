/* Image references (repo[:tag]) in the grammar of distribution/reference. */
#ifndef BB_REF_H
#define BB_REF_H

#include <stddef.h>

/*
 * Split ref into a malloc'd repository and tag ("latest" when none is
 * given). Returns 0, or -1 with *why set when ref is not a valid tagged
 * name (digests are refused: a snapshot is always a tag).
 */
int bb_ref_split(const char *ref, char **repo, char **tag, const char **why);

/* A file name for a ref: bot-bottle/demo:T1 -> bot-bottle-demo-T1.tar */
void bb_ref_filename(const char *ref, char *buf, size_t n);

#endif
