/* bb resume: boot a stopped bottle from its committed image, else its base image. */
#include <stdio.h>
#include <stdlib.h>

#include "backend.h"
#include "lock.h"
#include "meta.h"
#include "msg.h"
#include "opt.h"
#include "run.h"
#include "slug.h"
#include "state.h"

static const char usage[] = "usage: bb resume [--no-wait] <slug>\n";

int main(int argc, char **argv)
{
	static const struct option longopts[] = {{"no-wait", 0, 0, 'W'},
						 {0, 0, 0, 0}};
	char boot[128], *args[4], *ref;
	const char *slug, *backend;
	int nowait = 0, code;
	cJSON *meta;

	bb_opt_init(argc, argv, usage);
	while (bb_getopt(argc, argv, "", longopts) != -1)
		nowait = 1;
	bb_operands(argc, argv, 1, 1);
	slug = argv[optind];
	bb_slug_check(slug);

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

	ref = bb_state_value(slug, "committed-image");
	bb_backend_prog(backend, "boot", boot, sizeof(boot));
	args[0] = boot;
	args[1] = (char *)slug;
	args[2] = ref;
	args[3] = NULL;
	bb_step(args, NULL);
	if (ref)
		printf("Resumed bottle %s from %s.\n", slug, ref);
	else
		printf("Started bottle %s from its base image %s (nothing "
		       "committed yet).\n",
		       slug, bb_meta_str(meta, "image"));
	free(ref);
	cJSON_Delete(meta);
	bb_exit_ok();
}
