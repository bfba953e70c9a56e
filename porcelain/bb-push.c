/* bb push: publish a bottle's committed snapshot and record what was pushed. */
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
#include "state.h"
#include "xalloc.h"

static const char usage[] = "usage: bb push [--no-wait] <slug> <dest>\n";

int main(int argc, char **argv)
{
	static const struct option longopts[] = {{"no-wait", 0, 0, 'W'},
						 {0, 0, 0, 0}};
	char push[128], *args[5], *ref, *pushed, *text, *at;
	const char *slug, *dest, *backend;
	int nowait = 0;
	cJSON *meta;

	bb_opt_init(argc, argv, usage);
	while (bb_getopt(argc, argv, "", longopts) != -1)
		nowait = 1;
	bb_operands(argc, argv, 2, 2);
	slug = argv[optind];
	dest = argv[optind + 1];
	bb_slug_check(slug);
	/* The backend judges the form; one line is what bb can record. */
	if (!bb_value_ok(dest, strlen(dest)) || strchr(dest, ' '))
		bb_usage_die("<dest> takes one destination, such as "
			     "127.0.0.1:5000/snaps/web:v1");

	bb_lock(slug, nowait ? BB_LOCK_NOWAIT : BB_LOCK_WAIT);
	meta = bb_meta_load(slug);
	backend = bb_meta_backend(meta);
	bb_backend_check_bottle(slug, backend);
	if (!bb_backend_has(backend, "push"))
		bb_die(BB_USAGE, "backend %s cannot push", backend);
	ref = bb_state_value(slug, "committed-image");
	if (!ref)
		bb_die(BB_USAGE,
		       "bottle %s has no committed snapshot to push (bb commit "
		       "%s makes one)",
		       slug, slug);
	bb_warn_secrets_meta(meta);

	bb_backend_prog(backend, "push", push, sizeof(push));
	args[0] = push;
	args[1] = ref;
	args[2] = (char *)dest;
	args[3] = NULL;
	pushed = bb_step_out(args);
	at = strchr(pushed, '@');
	if (!bb_value_ok(pushed, strlen(pushed)) || !at || at == pushed)
		bb_die(BB_FAIL,
		       "unable to push bottle %s: %s printed no ref@digest",
		       slug, push);

	args[0] = "bb-state-write";
	args[1] = (char *)slug;
	args[2] = "pushed";
	args[3] = NULL;
	text = xasprintf("%s\n", pushed);
	bb_step(args, text);

	printf("Pushed bottle %s as %s.\n", slug, pushed);
	printf("On another machine, start it with: bb launch %s --backend %s "
	       "--image %.*s\n",
	       slug, backend, (int)(at - pushed), pushed);
	free(text);
	free(pushed);
	free(ref);
	cJSON_Delete(meta);
	bb_exit_ok();
}
