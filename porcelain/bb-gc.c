/* bb gc: remove the snapshots of a bottle beyond the newest N, never the committed one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backend.h"
#include "bottles.h"
#include "lock.h"
#include "meta.h"
#include "msg.h"
#include "opt.h"
#include "run.h"
#include "slug.h"
#include "snaplog.h"
#include "state.h"
#include "xalloc.h"

static const char usage[] =
	"usage: bb gc [--keep N] [--dry-run] [--no-wait] [<slug>]\n";

#define KEEP_DEFAULT 5

struct opts {
	unsigned long keep;
	int dryrun, nowait;
};

/* What the bottles did, shared with the child that works on each one. */
struct tally {
	size_t removed;
};

struct reflist {
	char **ref;
	size_t n;
};

/*
 * The refs to drop, oldest first: the log's distinct refs counted from
 * the newest (a ref on several lines counts at its newest), past the
 * first keep, less the committed one.
 */
static void pick(const char *slug, unsigned long keep, struct reflist *drop)
{
	char *committed = bb_state_value(slug, "committed-image");
	struct bb_snaplist l;
	size_t i, j, distinct = 0;

	bb_snaplist_load(slug, &l); /* newest first */
	for (i = 0; i < l.n; i++) {
		for (j = 0; j < i && strcmp(l.s[j].ref, l.s[i].ref) != 0; j++)
			;
		if (j < i)
			continue; /* seen at a newer line */
		if (++distinct <= keep ||
		    (committed && !strcmp(l.s[i].ref, committed)))
			continue;
		if (!drop->ref) /* never more than the log's lines */
			drop->ref = xcalloc(l.n * sizeof(*drop->ref));
		drop->ref[drop->n++] = xstrdup(l.s[i].ref);
	}
	/* Oldest first: a gc cut short leaves the newer ones. */
	for (i = 0; i < drop->n / 2; i++) {
		char *tmp = drop->ref[i];
		drop->ref[i] = drop->ref[drop->n - 1 - i];
		drop->ref[drop->n - 1 - i] = tmp;
	}
	bb_snaplist_free(&l);
	free(committed);
}

/* Take the dropped refs' lines out of the log, in one atomic rewrite. */
static void forget(const char *slug, char *const *refs, size_t n)
{
	char *args[] = {"bb-state-forget", (char *)slug, "snapshots", NULL};
	size_t i, len = 0;
	char *text;

	for (i = 0; i < n; i++)
		len += strlen(refs[i]) + 1;
	text = xcalloc(len + 1);
	for (i = 0, len = 0; i < n; i++)
		len += (size_t)sprintf(text + len, "%s\n", refs[i]);
	bb_step(args, text);
	free(text);
}

/* One bottle, under its lock; dies with the status of what failed. */
static void gc_bottle(const char *slug, const struct opts *o, struct tally *t)
{
	struct reflist drop = {0};
	char prog[128], *args[3];
	const char *backend;
	size_t i, done = 0;
	int code = 0;
	cJSON *meta;

	/* Checked before the lock too, so a typo creates no lock file. */
	if (bb_open_bottle(slug, 0) < 0)
		bb_die(BB_USAGE, "no such bottle: '%s'", slug);
	bb_lock(slug, o->nowait ? BB_LOCK_NOWAIT : BB_LOCK_WAIT);
	if (bb_open_bottle(slug, 0) < 0)
		bb_die(BB_USAGE, "no such bottle: '%s'", slug);
	pick(slug, o->keep, &drop);
	if (!drop.n)
		return;
	meta = bb_meta_load(slug);
	backend = bb_meta_backend(meta);
	bb_backend_check_bottle(slug, backend);
	if (!bb_backend_has(backend, "drop"))
		bb_die(BB_USAGE, "backend %s cannot drop", backend);
	bb_backend_prog(backend, "drop", prog, sizeof(prog));

	/* Snapshots first, then the log: the next gc finishes a crashed one. */
	for (i = 0; i < drop.n; i++) {
		if (o->dryrun) {
			printf("Would remove %s (bottle %s)\n", drop.ref[i],
			       slug);
			t->removed++;
			continue;
		}
		args[0] = prog;
		args[1] = drop.ref[i];
		args[2] = NULL;
		fflush(stdout);
		code = bb_run(args, NULL);
		if (code != 0) {
			bb_error("unable to remove snapshot '%s' of bottle %s; "
				 "it stays in the log",
				 drop.ref[i], slug);
			break;
		}
		printf("Removed %s (bottle %s)\n", drop.ref[i], slug);
		t->removed++;
		done++;
	}
	if (done)
		forget(slug, drop.ref, done);
	for (i = 0; i < drop.n; i++)
		free(drop.ref[i]);
	free(drop.ref);
	cJSON_Delete(meta);
	if (code)
		bb_exit(code);
}

/* One child per bottle: its lock and its failure stay its own. */
static int gc_in_child(const char *slug, const struct opts *o, struct tally *t)
{
	int status;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		bb_die_errno(BB_FAIL, "unable to fork");
	if (pid == 0) {
		gc_bottle(slug, o, t);
		bb_exit_ok();
	}
	while (waitpid(pid, &status, 0) < 0)
		;
	return bb_status_code(status);
}

/* Every bottle; the status is the first failure's. */
static int gc_all(const struct opts *o, struct tally *t)
{
	struct bb_bottle *b;
	size_t n = bb_bottles_scan(&b, 0, 0), i;
	int first = 0;

	for (i = 0; i < n; i++) {
		int code = gc_in_child(b[i].slug, o, t);
		if (code && !first)
			first = code;
	}
	bb_bottles_free(b, n);
	return first;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {{"keep", 1, 0, 'k'},
						 {"dry-run", 0, 0, 'n'},
						 {"no-wait", 0, 0, 'W'},
						 {0, 0, 0, 0}};
	struct opts o = {KEEP_DEFAULT, 0, 0};
	struct tally *t;
	int c, code = 0;

	bb_opt_init(argc, argv, usage);
	while ((c = bb_getopt(argc, argv, "", longopts)) != -1) {
		if (c == 'k')
			o.keep = bb_parse_ulong("--keep", optarg, 1UL << 30);
		else if (c == 'n')
			o.dryrun = 1;
		else
			o.nowait = 1;
	}
	bb_operands(argc, argv, 0, 1);
	if (argv[optind])
		bb_slug_check(argv[optind]);

	t = mmap(NULL, sizeof(*t), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (t == MAP_FAILED)
		bb_die_errno(BB_FAIL, "unable to map memory");
	t->removed = 0;
	code = argv[optind] ? gc_in_child(argv[optind], &o, t) : gc_all(&o, t);

	/* After a failure "nothing" would mislead: tell only what was done. */
	if (!t->removed && !code)
		printf("Nothing to remove.\n");
	else if (t->removed)
		printf("%s %zu snapshot%s.\n",
		       o.dryrun ? "Would remove" : "Removed", t->removed,
		       t->removed == 1 ? "" : "s");
	bb_exit(code);
}
