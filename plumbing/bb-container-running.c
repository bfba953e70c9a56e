/* bb-container-running: exit 0 when the bottle runs, 1 when not; prints nothing. */
#include <errno.h>

#include "backend.h"
#include "meta.h"
#include "msg.h"
#include "opt.h"
#include "run.h"
#include "slug.h"
#include "state.h"

static const char usage[] = "usage: bb-container-running <slug>\n";

int main(int argc, char **argv)
{
	char prog[128], name[80], *args[3];
	const char *slug;
	cJSON *meta;

	bb_opt_init(argc, argv, usage);
	while (bb_getopt(argc, argv, "", NULL) != -1)
		;
	bb_operands(argc, argv, 1, 1);
	slug = argv[optind];
	bb_slug_check(slug);
	/* A bottle with no state is not running: a predicate's plain "no". */
	if (bb_open_bottle(slug, 0) < 0)
		bb_exit(BB_NO);
	meta = bb_meta_load(slug);
	bb_backend_check_bottle(slug, bb_meta_backend(meta));
	bb_backend_prog(bb_meta_backend(meta), "running", prog, sizeof(prog));
	bb_object_name(slug, name, sizeof(name));
	args[0] = prog;
	args[1] = name;
	args[2] = NULL;
	bb_exec(args);
}
