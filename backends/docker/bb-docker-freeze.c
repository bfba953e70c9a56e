/* bb-docker-freeze: commit bot-bottle-<slug> as bot-bottle/<slug>:<stamp>; print the ref. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "msg.h"
#include "opt.h"
#include "progress.h"
#include "run.h"
#include "slug.h"
#include "state.h"
#include "stamp.h"

static const char usage[] =
	"usage: bb-docker-freeze [--needs-stop] [--no-pause] [-m MSG] <slug>\n";

int main(int argc, char **argv)
{
	static const struct option longopts[] = {{"needs-stop", 0, 0, 'S'},
						 {"no-pause", 0, 0, 'P'},
						 {"message", 1, 0, 'm'},
						 {0, 0, 0, 0}};
	char name[80], ref[128], stamp[40], created[32], what[120];
	struct bb_progress bar;
	char lslug[96], lhome[96], lparent[BB_VALUE_MAX + 32], lcreated[64];
	const char *msg = NULL, *slug;
	struct bb_run run = {.capture = 1, .capture_errors = 1};
	char *parent, *args[16], *dash;
	int nopause = 0, needs_stop = 0, c, n = 0, code, k;

	bb_opt_init(argc, argv, usage);
	while ((c = bb_getopt(argc, argv, "m:", longopts)) != -1) {
		if (c == 'S')
			needs_stop = 1;
		else if (c == 'P')
			nopause = 1;
		else
			msg = optarg;
	}
	if (needs_stop) {
		bb_operands(argc, argv, 0, 1);
		bb_exit(BB_NO); /* the engine commits a running container */
	}
	bb_operands(argc, argv, 1, 1);
	slug = argv[optind];
	bb_slug_check(slug);

	parent = bb_state_value(slug, "committed-image");
	bb_stamp_unique(slug, stamp, sizeof(stamp));
	bb_iso_time(time(NULL), created, sizeof(created));
	snprintf(name, sizeof(name), BB_OBJECT_PREFIX "%s", slug);
	snprintf(ref, sizeof(ref), BB_SNAPSHOT_REPO "%s:%s", slug, stamp);
	snprintf(lslug, sizeof(lslug), BB_LABEL_SLUG "=%s", slug);
	snprintf(lhome, sizeof(lhome), BB_LABEL_HOME "=%s", bb_home_id());
	snprintf(lparent, sizeof(lparent), BB_LABEL_PARENT "=%s",
		 parent ? parent : "-");
	snprintf(lcreated, sizeof(lcreated), BB_LABEL_CREATED "=%s", created);

	args[n++] = "bb-docker-commit";
	args[n++] = "--new";
	if (nopause)
		args[n++] = "--no-pause";
	if (msg) {
		args[n++] = "-m";
		args[n++] = (char *)msg;
	}
	args[n++] = "--label";
	args[n++] = lslug;
	args[n++] = "--label";
	args[n++] = lhome;
	args[n++] = "--label";
	args[n++] = lparent;
	args[n++] = "--label";
	args[n++] = lcreated;
	args[n++] = name;
	args[n++] = ref;
	args[n] = NULL;
	/*
	 * The tag is unique in this bottle's history; another home sharing
	 * the engine, or a killed commit, may hold it, so a taken tag (exit
	 * 1) moves to the next number: ...Z-2 goes on as ...Z-3, not ...Z-2-2.
	 */
	dash = strchr(stamp, '-');
	k = dash ? atoi(dash + 1) + 1 : 2;
	if (dash)
		*dash = 0;
	/* Its stderr comes here, not to the terminal: the line is ours. */
	snprintf(what, sizeof(what), "committing %s", name);
	bb_progress_start(&bar, what);
	for (; (code = bb_run(args, &run)) == BB_NO && k < 100; k++) {
		snprintf(ref, sizeof(ref), BB_SNAPSHOT_REPO "%s:%s-%d", slug,
			 stamp, k);
		/* Its "already exists" is expected: not for the user's eyes. */
		free(run.output);
		free(run.errors);
		run.output = run.errors = NULL;
		run.output_len = run.errors_len = 0;
	}
	bb_progress_end(&bar);
	/* The notes (mounts left out), or the error, of the attempt that counts. */
	if (run.errors_len)
		fwrite(run.errors, 1, run.errors_len, stderr);
	if (code && !run.errors_len)
		bb_die(code == BB_NO ? BB_FAIL : code, "unable to run '%s'",
		       args[0]);
	if (code)
		bb_exit(code == BB_NO ? BB_FAIL : code);
	if (!run.output_len)
		bb_die(BB_FAIL, "unable to freeze bottle %s: no image id", slug);
	printf("%s\n", ref);
	free(run.output);
	free(run.errors);
	free(parent);
	bb_exit_ok();
}
