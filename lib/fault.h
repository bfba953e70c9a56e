/* Fault injection for tests: compiled in only with -DBB_FAULTS (test builds). */
#ifndef BB_FAULT_H
#define BB_FAULT_H

#ifdef BB_FAULTS
/*
 * BB_FAULT=step:n[,step:n...] makes the n-th call at that step fail with
 * EIO (ENOSPC for "write"). Returns 1 when this call must fail. Steps:
 * open (a temp file, or the snapshots log), write, fsync, rename (or link),
 * dirsync (fsync of the folder), lock (flock of the bottle's lock).
 */
int bb_fault(const char *step);
#else
#define bb_fault(step) 0
#endif

#endif
