/* bb-smolmachines-drop: remove a .smolmachine pair of this home; a missing one is success. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "msg.h"
#include "opt.h"
#include "slug.h"
#include "state.h"

static const char usage[] = "usage: bb-smolmachines-drop <ref>\n";

#define SIDECAR ".smolmachine"

/*
 * The freeze names a snapshot <home>/snapshots/<slug>/<stamp>.smolmachine,
 * <home> resolved. Split ref into slug and stub name, or die 100: nothing
 * outside that folder is ever removed.
 */
static void split_ref(const char *ref, char *slug, char *stub)
{
	char home[PATH_MAX], prefix[PATH_MAX + 16];
	const char *rest, *slash;
	size_t n = strlen(ref), plen, side = strlen(SIDECAR);

	if (!bb_value_ok(ref, n))
		bb_die(BB_USAGE, "invalid snapshot reference");
	/* Resolved as the freeze did; a home not made yet holds nothing. */
	if (!realpath(bb_home(), home))
		snprintf(home, sizeof(home), "%s", bb_home());
	plen = (size_t)snprintf(prefix, sizeof(prefix), "%s/snapshots/", home);
	if (plen >= sizeof(prefix) || strncmp(ref, prefix, plen) != 0)
		goto bad;
	rest = ref + plen;
	slash = strchr(rest, '/');
	if (!slash || (size_t)(slash - rest) > BB_SLUG_MAX ||
	    strchr(slash + 1, '/'))
		goto bad;
	memcpy(slug, rest, (size_t)(slash - rest));
	slug[slash - rest] = 0;
	n = strlen(slash + 1);
	/* The stub: not empty, not a dot-file (the freeze's scratch space). */
	if (!bb_slug_ok(slug) || n <= side || n - side >= NAME_MAX ||
	    strcmp(slash + 1 + n - side, SIDECAR) != 0 || slash[1] == '.')
		goto bad;
	memcpy(stub, slash + 1, n - side);
	stub[n - side] = 0;
	return;
bad:
	bb_die(BB_USAGE,
	       "'%.300s' is not a snapshot of this home (%s/snapshots/<slug>/"
	       "<name>" SIDECAR ")",
	       ref, home);
}

static void remove_file(int dir, const char *slug, const char *name)
{
	struct stat st;

	/* A folder there is not ours to empty. */
	if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISDIR(st.st_mode))
		bb_die(BB_FAIL,
		       "unable to remove '%s/snapshots/%s/%s': it is a folder",
		       bb_home(), slug, name);
	if (unlinkat(dir, name, 0) < 0 && errno != ENOENT)
		bb_die_errno(BB_FAIL, "unable to remove '%s/snapshots/%s/%s'",
			     bb_home(), slug, name);
}

int main(int argc, char **argv)
{
	char slug[BB_SLUG_MAX + 1], stub[NAME_MAX + 1];
	char side[NAME_MAX + sizeof(SIDECAR)];
	int snaps, dir;

	bb_opt_init(argc, argv, usage);
	while (bb_getopt(argc, argv, "", NULL) != -1)
		;
	bb_operands(argc, argv, 1, 1);
	split_ref(argv[optind], slug, stub);
	snprintf(side, sizeof(side), "%s" SIDECAR, stub);

	snaps = bb_open_sub("snapshots", 0);
	if (snaps < 0)
		bb_exit_ok();
	dir = openat(snaps, slug,
		     O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dir < 0 && errno == ENOENT)
		bb_exit_ok();
	if (dir < 0)
		bb_die(BB_FAIL, "unable to open '%s/snapshots/%s': %s",
		       bb_home(), slug,
		       errno == ELOOP || errno == ENOTDIR ?
			       "not a folder (links are not followed)" :
			       strerror(errno));
	/* The sidecar first: without it the snapshot is gone for boot. */
	remove_file(dir, slug, side);
	remove_file(dir, slug, stub);
	if (fsync(dir) < 0)
		bb_die_errno(BB_FAIL, "unable to fsync '%s/snapshots/%s'",
			     bb_home(), slug);
	close(dir);
	close(snaps);
	bb_exit_ok();
}
