/* Atomic replacement of state files: readers see the old or the new, never a mix. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "fault.h"

/* The temp file in flight, for the signal handler to remove (git tempfile.c). */
static volatile sig_atomic_t pending_dirfd = -1;
static char pending_name[300];

static void on_signal(int sig)
{
	if (pending_dirfd >= 0)
		unlinkat(pending_dirfd, pending_name, 0);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void guard(int dirfd, const char *name)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
	struct sigaction sa = {.sa_handler = on_signal};
	size_t i;

	snprintf(pending_name, sizeof(pending_name), "%s", name);
	pending_dirfd = dirfd;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		struct sigaction old;
		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

static void unguard(void)
{
	pending_dirfd = -1;
}

int bb_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = bb_fault("write") ? -1 : write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int make_temp(int dirfd, const char *name, char *tmp, size_t cap)
{
	unsigned int r;
	int tries, fd;

	for (tries = 0; tries < 8; tries++) {
		if (getrandom(&r, sizeof(r), 0) != (ssize_t)sizeof(r))
			r = (unsigned int)rand();
		snprintf(tmp, cap, ".%s.%ld.%08x", name, (long)getpid(), r);
		fd = bb_fault("open") ? -1 :
			openat(dirfd, tmp,
			       O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
				       O_CLOEXEC,
			       0600);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	return -1;
}

/* Write, fsync and place tmp at name by rename (replace) or link (create). */
static int commit_temp(int dirfd, const char *name, const void *buf,
		       size_t len, const char **what, int replace)
{
	char tmp[300];
	int fd, e, undo = 0; /* 1: tmp holds the old file; 2: name was absent */

	*what = "create a temporary file for";
	fd = make_temp(dirfd, name, tmp, sizeof(tmp));
	if (fd < 0)
		return -1;
	guard(dirfd, tmp);
	/* The mode went through the umask; state files are 0600 exactly. */
	*what = "chmod";
	if (fchmod(fd, 0600) < 0)
		goto fail;
	*what = "write";
	if (bb_write_all(fd, buf, len) < 0)
		goto fail;
	*what = "fsync";
	if (bb_fault("fsync") || fsync(fd) < 0)
		goto fail;
	*what = "close";
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	*what = replace ? "rename into place" : "link into place";
	if (bb_fault("rename"))
		goto fail;
	if (!replace) {
		if (linkat(dirfd, tmp, dirfd, name, 0) < 0)
			goto fail;
		unlinkat(dirfd, tmp, 0);
		undo = 2;
	} else if (renameat2(dirfd, tmp, dirfd, name, RENAME_EXCHANGE) == 0) {
		/* Swapped: tmp keeps the old file until the folder is synced. */
		undo = 1;
	} else if (errno == ENOENT || errno == EINVAL || errno == ENOSYS) {
		/* No old file (or no RENAME_EXCHANGE here): a plain rename. */
		undo = errno == ENOENT ? 2 : 0;
		if (renameat(dirfd, tmp, dirfd, name) < 0)
			goto fail;
	} else {
		goto fail;
	}
	*what = "fsync the folder of";
	if (bb_fault("dirsync") || fsync(dirfd) < 0) {
		/* The new file may not last: put the old state back. */
		e = errno;
		if (undo == 1)
			renameat(dirfd, tmp, dirfd, name);
		else if (undo == 2)
			unlinkat(dirfd, name, 0);
		if (undo)
			(void)fsync(dirfd);
		unguard();
		errno = e;
		return -1;
	}
	if (undo == 1)
		unlinkat(dirfd, tmp, 0);
	unguard();
	return 0;
fail:
	e = errno;
	if (fd >= 0)
		close(fd);
	unlinkat(dirfd, tmp, 0);
	unguard();
	errno = e;
	return -1;
}

int bb_atomic_write(int dirfd, const char *name, const void *buf, size_t len,
		    const char **what)
{
	struct stat st;

	/* Renaming over a planted link or FIFO would hide it, not refuse it. */
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    !S_ISREG(st.st_mode)) {
		*what = "replace";
		errno = S_ISLNK(st.st_mode) ? ELOOP :
			S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		return -1;
	}
	return commit_temp(dirfd, name, buf, len, what, 1);
}

int bb_atomic_create(int dirfd, const char *name, const void *buf, size_t len,
		     const char **what)
{
	return commit_temp(dirfd, name, buf, len, what, 0);
}

/* ".<name>.<pid>.<8 hex>": only our own temp files, never a user's dot-file. */
static int is_temp(const char *n)
{
	const char *dot = strrchr(n, '.');
	const char *pid;

	if (n[0] != '.' || !dot || dot == n || strlen(dot + 1) != 8 ||
	    strspn(dot + 1, "0123456789abcdef") != 8)
		return 0;
	for (pid = dot - 1; pid > n && *pid >= '0' && *pid <= '9'; pid--)
		;
	return pid > n && *pid == '.' && pid < dot - 1;
}

void bb_atomic_sweep(int dirfd)
{
	int fd = dup(dirfd);
	DIR *d;
	const struct dirent *e;

	if (fd < 0)
		return;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	while ((e = readdir(d)))
		if (is_temp(e->d_name))
			unlinkat(dirfd, e->d_name, 0);
	closedir(d);
}
