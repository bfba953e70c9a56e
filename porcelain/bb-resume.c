/* bb resume: boot a stopped bottle from its committed image, else its base image. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "lock.h"
#include "meta.h"
#include "msg.h"
#include "opt.h"
#include "run.h"
#include "slug.h"
#include "snaplog.h"
#include "state.h"
#include "xalloc.h"

static const char usage[] = "usage: bb resume [--at <ref|N>] [--no-wait] <slug>\n";

/* --at's snapshot: N >= 1 is the Nth line of bb log, else a ref as given. */
static char *pick(const char *slug, const char *at)
{
	struct bb_snaplist l;
	unsigned long n;
	char *ref;

	if (!strpbrk(at, ":/")) {
		if (at[strspn(at, "0123456789")])
			bb_usage_die("--at takes a number from bb log or a "
				     "snapshot ref (with ':' or '/'): '%s'",
				     at);
		n = bb_parse_ulong("--at", at, 1UL << 30);
		if (n == 0)
			bb_usage_die("--at counts snapshots from 1, the newest");
		bb_snaplist_load(slug, &l);
		if (n > l.n)
			bb_die(BB_USAGE,
			       "bottle %s has %zu snapshot%s: no snapshot %lu",
			       slug, l.n, l.n == 1 ? "" : "s", n);
		ref = xstrdup(l.s[n - 1].ref);
		bb_snaplist_free(&l);
		return ref;
	}
	return xstrdup(at);
}

/* Make ref the committed image: compare-and-swap on what it was. */
static void commit_ref(const char *slug, const char *old, const char *ref)
{
	char *args[] = {"bb-state-write", "--old", (char *)(old ? old : ""),
			(char *)slug,	  "committed-image", NULL};
	char *text = xasprintf("%s\n", ref);

	bb_step(args, text);
	free(text);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {{"at", 1, 0, 'a'},
						 {"no-wait", 0, 0, 'W'},
						 {0, 0, 0, 0}};
	char boot[128], *args[4], *ref, *old;
	const char *slug, *backend, *at = NULL;
	int nowait = 0, code, c;
	cJSON *meta;

	bb_opt_init(argc, argv, usage);
	while ((c = bb_getopt(argc, argv, "", longopts)) != -1) {
		if (c == 'a')
			at = optarg;
		else
			nowait = 1;
	}
	bb_operands(argc, argv, 1, 1);
	slug = argv[optind];
	bb_slug_check(slug);
	if (at && (strlen(at) >= BB_VALUE_MAX || !bb_value_ok(at, strlen(at))))
		bb_usage_die("--at: '%s' is no snapshot ref", at);

	bb_lock(slug, nowait ? BB_LOCK_NOWAIT : BB_LOCK_WAIT);
	meta = bb_meta_load(slug);
	backend = bb_meta_backend(meta);
	bb_backend_check_bottle(slug, backend);

	args[0] = "bb-container-running";
	args[1] = (char *)slug;
	args[2] = NULL;
	code = bb_run(args, NULL);
	if (code == 0)
		bb_die(BB_USAGE, "bottle %s is already running", slug);
	if (code != 1)
		bb_exit(code);

	old = bb_state_value(slug, "committed-image");
	ref = at ? pick(slug, at) : old ? xstrdup(old) : NULL;
	bb_backend_prog(backend, "boot", boot, sizeof(boot));
	args[0] = boot;
	args[1] = (char *)slug;
	args[2] = ref;
	args[3] = NULL;
	bb_step(args, NULL);
	/* Only a booted snapshot becomes the one the next resume takes. */
	if (at && (!old || strcmp(old, ref) != 0))
		commit_ref(slug, old, ref);
	if (at)
		printf("Resumed bottle %s from %s, now its committed image.\n",
		       slug, ref);
	else if (ref)
		printf("Resumed bottle %s from %s.\n", slug, ref);
	else
		printf("Started bottle %s from its base image %s (nothing "
		       "committed yet).\n",
		       slug, bb_meta_str(meta, "image"));
	free(ref);
	free(old);
	cJSON_Delete(meta);
	bb_exit_ok();
}
