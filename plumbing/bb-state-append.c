/* bb-state-append: append one checked line from stdin to a bottle's snapshots log. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "fault.h"
#include "lock.h"
#include "msg.h"
#include "opt.h"
#include "slug.h"
#include "snaplog.h"
#include "state.h"

static const char usage[] = "usage: bb-state-append <slug> snapshots\n";

static size_t read_line(char *buf, size_t cap)
{
	size_t n = 0;

	for (;;) {
		ssize_t r = read(0, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			bb_die_errno(BB_FAIL, "unable to read standard input");
		if (r == 0)
			break;
		n += (size_t)r;
		if (n == cap)
			bb_die(BB_USAGE, "unable to append: the line is %d "
					 "bytes or longer",
			       BB_SNAPLINE_MAX);
	}
	return n;
}

/*
 * After a crash the log may end in a torn line. It was never a commit:
 * cut it off, or it would read as a line once ours follows it.
 */
static off_t cut_torn_tail(int fd, const char *slug)
{
	struct stat st;
	char chunk[4096];
	off_t end;

	if (fstat(fd, &st) < 0)
		bb_die_errno(BB_FAIL, "unable to stat '%s/state/%s/snapshots'",
			     bb_home(), slug);
	for (end = st.st_size; end > 0;) {
		size_t n = end < (off_t)sizeof(chunk) ? (size_t)end :
							 sizeof(chunk);
		ssize_t r = pread(fd, chunk, n, end - (off_t)n);
		const char *nl;
		if (r != (ssize_t)n)
			bb_die_errno(BB_FAIL,
				     "unable to read '%s/state/%s/snapshots'",
				     bb_home(), slug);
		nl = memrchr(chunk, '\n', n);
		if (nl) {
			end = end - (off_t)n + (nl - chunk) + 1;
			break;
		}
		end -= (off_t)n;
	}
	if (end != st.st_size && ftruncate(fd, end) < 0)
		bb_die_errno(BB_FAIL,
			     "unable to cut the torn end of "
			     "'%s/state/%s/snapshots'",
			     bb_home(), slug);
	return end;
}

/* A failed append leaves the log as it was: cut our bytes off again. */
static void __attribute__((noreturn))
give_up(int dir, int fd, off_t end, int made, const char *what,
	const char *slug)
{
	int e = errno;

	if (made)
		unlinkat(dir, "snapshots", 0);
	else if (ftruncate(fd, end) < 0)
		bb_warn("unable to cut a failed append off '%s/state/%s/"
			"snapshots': %s",
			bb_home(), slug, strerror(errno));
	errno = e;
	bb_die_errno(BB_FAIL, "unable to %s '%s/state/%s/snapshots'", what,
		     bb_home(), slug);
}

int main(int argc, char **argv)
{
	char buf[BB_SNAPLINE_MAX + 2], check[BB_SNAPLINE_MAX + 2];
	struct bb_snapline s;
	const char *slug;
	struct stat st;
	size_t n;
	int dir, fd, made = 0;
	off_t end;

	bb_opt_init(argc, argv, usage);
	while (bb_getopt(argc, argv, "", NULL) != -1)
		;
	bb_operands(argc, argv, 2, 2);
	slug = argv[optind];
	bb_slug_check(slug);
	if (bb_key_check(argv[optind + 1]) != BB_KEY_SNAPSHOTS)
		bb_die(BB_USAGE, "only 'snapshots' can be appended to: use "
				 "bb-state-write");
	n = read_line(buf + 1, BB_SNAPLINE_MAX);
	if (n && buf[n] == '\n')
		n--;
	buf[n + 1] = 0;
	memcpy(check, buf + 1, n + 1);
	if (bb_snapline_take(check, n, &s) < 0)
		bb_die(BB_USAGE,
		       "invalid snapshots line: give TIME<TAB>REF<TAB>PARENT"
		       "<TAB>MESSAGE, TIME as 2026-11-28T15:00:00Z, PARENT a "
		       "ref or '-'");

	/* Checked before the lock too, so a typo creates no lock file. */
	if (bb_open_bottle(slug, 0) < 0)
		bb_die(BB_USAGE, "no such bottle: '%s'", slug);
	bb_lock(slug, BB_LOCK_WAIT);
	dir = bb_open_bottle(slug, 0);
	if (dir < 0)
		bb_die(BB_USAGE, "no such bottle: '%s'", slug);
	fd = bb_fault("open") ? -1 :
		openat(dir, "snapshots",
		       O_RDWR | O_APPEND | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		/* The first commit makes the log; a failure removes it. */
		fd = openat(dir, "snapshots",
			    O_RDWR | O_APPEND | O_CREAT | O_EXCL | O_NOFOLLOW |
				    O_NONBLOCK | O_CLOEXEC,
			    0600);
		made = fd >= 0;
	}
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		bb_die(BB_FAIL, "unable to open '%s/state/%s/snapshots': %s",
		       bb_home(), slug,
		       fd < 0 && errno != ELOOP ? strerror(errno) :
						  "not a regular file (links "
						  "are not followed)");
	if (fchmod(fd, 0600) < 0)
		bb_die_errno(BB_FAIL, "unable to chmod '%s/state/%s/snapshots'",
			     bb_home(), slug);
	end = cut_torn_tail(fd, slug);
	buf[n + 1] = '\n';
	/*
	 * One write(2): concurrent readers see the whole line or none of it
	 * (a short write, as on a full disk, is retried, then undone).
	 */
	if (bb_write_all(fd, buf + 1, n + 1) < 0)
		give_up(dir, fd, end, made, "append to", slug);
	if (bb_fault("fsync") || fsync(fd) < 0)
		give_up(dir, fd, end, made, "fsync", slug);
	close(fd);
	bb_exit_ok();
}
