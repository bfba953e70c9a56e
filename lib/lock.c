/* Per-bottle lock: flock(2) on $BB_HOME/locks/<slug>, inherited down the chain. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "fault.h"
#include "lock.h"
#include "msg.h"
#include "state.h"

int bb_lock_fd(void)
{
	const char *env = getenv("BB_LOCK_FD");
	char *end;
	long fd;

	if (!env || !*env)
		return -1;
	fd = strtol(env, &end, 10);
	if (*end || fd < 0 || fd > 65535 || fcntl((int)fd, F_GETFD) < 0)
		return -1;
	return (int)fd;
}

/* Does the chain's lock descriptor already name this bottle's lock file? */
static int held_by_chain(int locks, const char *slug)
{
	int fd = bb_lock_fd();
	struct stat a, b;

	if (fd < 0 || fstat(fd, &a) < 0 ||
	    fstatat(locks, slug, &b, AT_SYMLINK_NOFOLLOW) < 0)
		return -1;
	return a.st_dev == b.st_dev && a.st_ino == b.st_ino ? fd : -1;
}

static void on_alarm(int sig)
{
	(void)sig; /* only here to interrupt flock(2) */
}

static int take(int fd, long timeout)
{
	struct sigaction sa = {.sa_handler = on_alarm}, old;
	int r;

	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return 0;
	if (errno != EWOULDBLOCK || timeout == BB_LOCK_NOWAIT)
		return -1;
	if (isatty(2))
		bb_note("waiting for the bottle's lock");
	if (timeout == BB_LOCK_WAIT) {
		while ((r = flock(fd, LOCK_EX)) < 0 && errno == EINTR)
			;
		return r;
	}
	/* No SA_RESTART: the alarm must cut the wait short with EINTR. */
	sigaction(SIGALRM, &sa, &old);
	alarm((unsigned int)timeout);
	r = flock(fd, LOCK_EX);
	if (r < 0 && errno == EINTR)
		errno = EWOULDBLOCK;
	alarm(0);
	sigaction(SIGALRM, &old, NULL);
	return r;
}

int bb_lock(const char *slug, long timeout)
{
	int locks = bb_open_sub("locks", 1), fd, bottle;
	struct stat st;
	char num[16];

	fd = held_by_chain(locks, slug);
	if (fd >= 0) {
		close(locks);
		return fd;
	}
	/* Not O_CLOEXEC: the lock must survive exec down the chain. */
	fd = openat(locks, slug, O_RDWR | O_CREAT | O_NOFOLLOW | O_NOCTTY,
		    0600);
	if (fd < 0)
		bb_die(BB_FAIL, "unable to open '%s/locks/%s': %s", bb_home(),
		       slug,
		       errno == ELOOP ? "a link stands there" : strerror(errno));
	close(locks);
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		bb_die(BB_FAIL,
		       "unable to open '%s/locks/%s': not a regular file",
		       bb_home(), slug);
	if (fchmod(fd, 0600) < 0)
		bb_die_errno(BB_FAIL, "unable to chmod '%s/locks/%s'", bb_home(),
			     slug);
	if (bb_fault("lock") || take(fd, timeout) < 0) {
		if (errno == EWOULDBLOCK)
			bb_die(BB_NO, "bottle %s is busy", slug);
		bb_die_errno(BB_FAIL, "unable to lock '%s/locks/%s'", bb_home(),
			     slug);
	}
	snprintf(num, sizeof(num), "%d", fd);
	setenv("BB_LOCK_FD", num, 1);
	/* A holder of the lock is the only writer: leftover temp files are stale. */
	bottle = bb_open_bottle(slug, 0);
	if (bottle >= 0) {
		bb_atomic_sweep(bottle);
		close(bottle);
	}
	return fd;
}
