/* bb-mark-preserved: set or clear the marker that keeps a bottle's state on stop. */
#include <errno.h>
#include <getopt.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "lock.h"
#include "msg.h"
#include "opt.h"
#include "slug.h"
#include "state.h"

static const char usage[] = "usage: bb-mark-preserved [--undo] <slug>\n";

int main(int argc, char **argv)
{
	static const struct option longopts[] = {{"undo", 0, 0, 'u'},
						 {0, 0, 0, 0}};
	const char *slug, *what;
	int undo = 0, dir;
	struct stat st;

	bb_opt_init(argc, argv, usage);
	while (bb_getopt(argc, argv, "", longopts) != -1)
		undo = 1;
	bb_operands(argc, argv, 1, 1);
	slug = argv[optind];
	bb_slug_check(slug);

	/* Checked before the lock too, so a typo creates no lock file. */
	if (bb_open_bottle(slug, 0) < 0)
		bb_die(BB_USAGE, "no such bottle: '%s'", slug);
	bb_lock(slug, BB_LOCK_WAIT);
	dir = bb_open_bottle(slug, 0);
	if (dir < 0)
		bb_die(BB_USAGE, "no such bottle: '%s'", slug);
	if (undo) {
		/* A link or a FIFO there was planted: refuse it, as a set would. */
		if (fstatat(dir, "preserved", &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    !S_ISREG(st.st_mode))
			bb_die(BB_FAIL,
			       "unable to remove '%s/state/%s/preserved': not a "
			       "regular file (links are not followed)",
			       bb_home(), slug);
		if (unlinkat(dir, "preserved", 0) < 0 && errno != ENOENT)
			bb_die_errno(BB_FAIL,
				     "unable to remove '%s/state/%s/preserved'",
				     bb_home(), slug);
		if (fsync(dir) < 0)
			bb_die_errno(BB_FAIL,
				     "unable to fsync '%s/state/%s'", bb_home(),
				     slug);
		bb_exit_ok();
	}
	/*
	 * Idempotent: the marker only ever goes from absent to present. Once
	 * there, every later commit finds it and writes nothing.
	 */
	if (fstatat(dir, "preserved", &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISREG(st.st_mode))
		bb_exit_ok();
	if (bb_atomic_create(dir, "preserved", "", 0, &what) == 0)
		bb_exit_ok();
	if (errno != EEXIST)
		bb_die_errno(BB_FAIL, "unable to %s '%s/state/%s/preserved'",
			     what, bb_home(), slug);
	if (fstatat(dir, "preserved", &st, AT_SYMLINK_NOFOLLOW) < 0 ||
	    !S_ISREG(st.st_mode))
		bb_die(BB_FAIL,
		       "unable to mark '%s/state/%s/preserved': not a regular "
		       "file (links are not followed)",
		       bb_home(), slug);
	bb_exit_ok();
}
