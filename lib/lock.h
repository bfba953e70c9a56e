/* The per-bottle lock: flock(2) on $BB_HOME/locks/<slug>, shared down a chain. */
#ifndef BB_LOCK_H
#define BB_LOCK_H

enum { BB_LOCK_WAIT = -1, BB_LOCK_NOWAIT = 0 };

/*
 * Take the bottle's lock unless this chain already holds it (BB_LOCK_FD
 * names the same file). timeout: BB_LOCK_WAIT, BB_LOCK_NOWAIT or seconds.
 * Exports BB_LOCK_FD; the descriptor survives exec. Returns the fd, or dies:
 * exit 1 "bottle <slug> is busy" when it could not be had in time.
 */
int bb_lock(const char *slug, long timeout);

/* The fd of the chain's lock from BB_LOCK_FD, or -1. */
int bb_lock_fd(void);

#endif
