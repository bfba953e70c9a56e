/* Times as bb writes them, and snapshot tags unique within a bottle. */
#ifndef BB_STAMP_H
#define BB_STAMP_H

#include <stddef.h>
#include <time.h>

/* 2026-11-28T15:00:00Z */
void bb_iso_time(time_t t, char *buf, size_t n);

/*
 * A tag for a new snapshot of slug: UTC yyyymmddThhmmssZ, with -2, -3...
 * added when the bottle's log or committed image already has that tag
 * (two commits in one second). Call with the bottle's lock held.
 */
void bb_stamp_unique(const char *slug, char *buf, size_t n);

#endif
