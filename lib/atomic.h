/* The one way bb replaces a file: temp, fsync, rename, fsync the folder. */
#ifndef BB_ATOMIC_H
#define BB_ATOMIC_H

#include <stddef.h>

/*
 * Replace dirfd/name with buf. The temp file ".<name>.<pid>.<random>" is
 * created O_EXCL|O_NOFOLLOW, mode 0600 whatever the umask, and removed on
 * any failure (and on SIGINT/SIGTERM/SIGHUP). It is swapped with the old
 * file (RENAME_EXCHANGE), which is put back if the folder's fsync fails:
 * on any failure the old state stays. Returns 0, or -1 with errno set and
 * a message naming the failed step in *what.
 */
int bb_atomic_write(int dirfd, const char *name, const void *buf, size_t len,
		    const char **what);

/* As bb_atomic_write, but fails with EEXIST when name already exists. */
int bb_atomic_create(int dirfd, const char *name, const void *buf, size_t len,
		     const char **what);

/* Remove stale ".<name>.<pid>.<random>" temp files in dirfd (lock held). */
void bb_atomic_sweep(int dirfd);

/* Write all of buf to fd, retrying on EINTR and short writes. */
int bb_write_all(int fd, const void *buf, size_t len);

#endif
