/* bb commit: freeze a bottle into a snapshot and make it what resume boots from. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backend.h"
#include "bottles.h"
#include "lock.h"
#include "meta.h"
#include "msg.h"
#include "opt.h"
#include "prompt.h"
#include "run.h"
#include "slug.h"
#include "snaplog.h"
#include "stamp.h"
#include "state.h"
#include "xalloc.h"

static const char usage[] =
	"usage: bb commit [-m MSG] [-y|--yes] [--no-pause] [--no-wait] [<slug>]\n";

struct opts {
	const char *msg;
	int yes, nopause, nowait;
};

/* No slug given: the only running bottle, else name the candidates. */
static char *only_running(void)
{
	struct bb_bottle *b;
	size_t n = bb_bottles_scan(&b, 1, 0), i, running = 0;
	char list[1024] = "", *slug = NULL;

	for (i = 0; i < n; i++) {
		if (b[i].state != BB_RUNNING)
			continue;
		running++;
		slug = b[i].slug;
		snprintf(list + strlen(list), sizeof(list) - strlen(list),
			 "%s%s", running > 1 ? ", " : "", b[i].slug);
	}
	if (running == 0)
		bb_die(BB_USAGE, "no bottle is running: name the one to commit");
	if (running > 1)
		bb_die(BB_USAGE,
		       "%zu bottles are running (%s): name the one to commit",
		       running, list);
	slug = xstrdup(slug);
	bb_bottles_free(b, n);
	return slug;
}

/* Exit status of a backend predicate: 0 yes, 1 no; anything else ends us. */
static int ask_backend(char **args)
{
	int code = bb_run(args, NULL);

	if (code > 1)
		exit(code);
	return code == 0;
}

static void append_log(const char *slug, const char *ref, const char *parent,
		       const char *msg)
{
	char when[32], *line, *folded, *args[4];

	bb_iso_time(time(NULL), when, sizeof(when));
	folded = xstrdup(msg ? msg : "");
	bb_fold(folded);
	line = xasprintf("%s\t%s\t%s\t%.4000s\n", when, ref,
			 parent ? parent : "-", folded);
	args[0] = "bb-state-append";
	args[1] = (char *)slug;
	args[2] = "snapshots";
	args[3] = NULL;
	bb_step(args, line);
	free(line);
	free(folded);
}

static void mark_preserved(const char *slug)
{
	char *args[] = {"bb-mark-preserved", (char *)slug, NULL};

	bb_step(args, NULL);
}

static void parse(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {{"message", 1, 0, 'm'},
						 {"yes", 0, 0, 'y'},
						 {"no-pause", 0, 0, 'P'},
						 {"no-wait", 0, 0, 'W'},
						 {0, 0, 0, 0}};
	int c;

	while ((c = bb_getopt(argc, argv, "m:y", longopts)) != -1) {
		if (c == 'm')
			o->msg = optarg;
		else if (c == 'y')
			o->yes = 1;
		else if (c == 'P')
			o->nopause = 1;
		else
			o->nowait = 1;
	}
	bb_operands(argc, argv, 0, 1);
	if (o->msg && strlen(o->msg) > 4000)
		bb_usage_die("-m takes at most 4000 bytes");
}

int main(int argc, char **argv)
{
	char freeze[128], stop[128], hint[128], name[80], question[160];
	char *slug, *old, *ref, *args[10], *text;
	const char *backend;
	struct opts o = {0};
	int must_stop, n = 0;
	cJSON *meta;

	bb_opt_init(argc, argv, usage);
	parse(argc, argv, &o);
	if (argv[optind]) {
		bb_slug_check(argv[optind]);
		slug = argv[optind];
	} else {
		slug = only_running();
	}

	bb_lock(slug, o.nowait ? BB_LOCK_NOWAIT : BB_LOCK_WAIT);
	meta = bb_meta_load(slug);
	backend = bb_meta_backend(meta);
	bb_backend_check_bottle(slug, backend);
	bb_object_name(slug, name, sizeof(name));
	bb_backend_prog(backend, "freeze", freeze, sizeof(freeze));
	bb_backend_prog(backend, "stop", stop, sizeof(stop));

	args[0] = freeze;
	args[1] = "--needs-stop";
	args[2] = NULL;
	must_stop = ask_backend(args);
	args[0] = "bb-container-running";
	args[1] = slug;
	must_stop = must_stop && ask_backend(args);

	if (must_stop && !o.yes) {
		if (!bb_can_ask())
			bb_die(BB_USAGE,
			       "bottle %s must be stopped to snapshot it: run "
			       "with --yes to allow that",
			       slug);
		snprintf(question, sizeof(question),
			 "Stop bottle %s to snapshot it?", slug);
		if (!bb_confirm(question)) {
			printf("Commit of bottle %s cancelled; nothing "
			       "changed.\n",
			       slug);
			bb_exit_ok();
		}
	}
	bb_warn_secrets_meta(meta);

	/*
	 * Nothing may stop a bottle before it is preserved. A bottle that
	 * need not stop is frozen first, so a failed freeze changes nothing.
	 */
	if (must_stop) {
		mark_preserved(slug);
		args[0] = stop;
		args[1] = name;
		args[2] = NULL;
		bb_step(args, NULL);
	}
	old = bb_state_value(slug, "committed-image");
	args[n++] = freeze;
	if (o.nopause)
		args[n++] = "--no-pause";
	if (o.msg) {
		args[n++] = "-m";
		args[n++] = (char *)o.msg;
	}
	args[n++] = slug;
	args[n] = NULL;
	ref = bb_step_out(args);
	if (!bb_value_ok(ref, strlen(ref)))
		bb_die(BB_FAIL, "unable to commit bottle %s: %s printed no "
				"snapshot ref",
		       slug, freeze);
	if (!must_stop)
		mark_preserved(slug);

	/* History first, then the compare-and-swap that makes it current. */
	append_log(slug, ref, old, o.msg);
	args[0] = "bb-state-write";
	args[1] = "--old";
	args[2] = old ? old : "";
	args[3] = slug;
	args[4] = "committed-image";
	args[5] = NULL;
	text = xasprintf("%s\n", ref);
	bb_step(args, text);

	printf("Committed bottle %s as %s.\n", slug, ref);
	if (must_stop)
		printf("The bottle is stopped; its state is kept.\n");
	printf("Resume it with: bb resume %s\n", slug);
	if (bb_backend_has(backend, "export-hint")) {
		bb_backend_prog(backend, "export-hint", hint, sizeof(hint));
		args[0] = hint;
		args[1] = ref;
		args[2] = NULL;
		bb_run(args, NULL);
	}
	free(text);
	free(ref);
	free(old);
	cJSON_Delete(meta);
	bb_exit_ok();
}
