/* bb-smolmachines-freeze: pack the stopped machine into $BB_HOME/snapshots/<slug>/; print the sidecar. */
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
#include "run.h"
#include "slug.h"
#include "smolvm.h"
#include "stamp.h"
#include "state.h"

static const char usage[] =
	"usage: bb-smolmachines-freeze [--needs-stop] [--no-pause] [-m MSG] <slug>\n";

/* $BB_HOME/snapshots/<slug>, made 0700, as an absolute path: it is stored. */
static void snapshot_folder(const char *slug, char *buf, size_t n)
{
	char rel[PATH_MAX];
	int dir = bb_open_sub("snapshots", 1), sub;

	if (mkdirat(dir, slug, 0700) < 0 && errno != EEXIST)
		bb_die_errno(BB_FAIL, "unable to create '%s/snapshots/%s'",
			     bb_home(), slug);
	/* realpath would follow a link planted there, out of the home. */
	sub = openat(dir, slug, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (sub < 0)
		bb_die(BB_FAIL, "unable to open '%s/snapshots/%s': %s",
		       bb_home(), slug,
		       errno == ELOOP || errno == ENOTDIR ?
			       "not a folder (links are not followed)" :
			       strerror(errno));
	close(sub);
	close(dir);
	snprintf(rel, sizeof(rel), "%s/snapshots/%s", bb_home(), slug);
	if (!realpath(rel, buf) || strlen(buf) + 64 >= n)
		bb_die_errno(BB_FAIL, "unable to resolve '%s'", rel);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {{"needs-stop", 0, 0, 'S'},
						 {"no-pause", 0, 0, 'P'},
						 {"message", 1, 0, 'm'},
						 {0, 0, 0, 0}};
	char name[80], folder[PATH_MAX], out[PATH_MAX + 64], side[PATH_MAX + 80];
	char stamp[40], *args[4], *sidecar;
	int needs_stop = 0, c, k = 1;
	const char *slug;
	cJSON *m;

	bb_opt_init(argc, argv, usage);
	/* -m and --no-pause are accepted: a pack has no comment and needs a stop. */
	while ((c = bb_getopt(argc, argv, "m:", longopts)) != -1)
		if (c == 'S')
			needs_stop = 1;
	if (needs_stop) {
		bb_operands(argc, argv, 0, 1);
		bb_exit(BB_OK); /* pack --from-vm refuses a running VM */
	}
	bb_operands(argc, argv, 1, 1);
	slug = argv[optind];
	bb_slug_check(slug);
	snprintf(name, sizeof(name), BB_OBJECT_PREFIX "%s", slug);
	m = smol_status_own(name);
	if (!m)
		bb_die(BB_FAIL, "unable to freeze bottle %s: no machine '%s'",
		       slug, name);
	cJSON_Delete(m);

	snapshot_folder(slug, folder, sizeof(folder));
	bb_stamp_unique(slug, stamp, sizeof(stamp));
	snprintf(out, sizeof(out), "%s/%s", folder, stamp);
	snprintf(side, sizeof(side), "%s.smolmachine", out);
	/* Earlier artifacts stay as history: never reuse a name. */
	while (access(out, F_OK) == 0 || access(side, F_OK) == 0) {
		snprintf(out, sizeof(out), "%s/%s-%d", folder, stamp, ++k);
		snprintf(side, sizeof(side), "%s.smolmachine", out);
	}
	args[0] = "bb-smolvm-pack";
	args[1] = name;
	args[2] = out;
	args[3] = NULL;
	sidecar = bb_step_out(args);
	printf("%s\n", sidecar);
	free(sidecar);
	bb_exit_ok();
}
