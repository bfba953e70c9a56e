/* bb-check-slug: exit 0 when the argument is a valid bottle slug, else 100. */
#include "msg.h"
#include "opt.h"
#include "slug.h"

static const char usage[] = "usage: bb-check-slug <slug>\n";

int main(int argc, char **argv)
{
	bb_opt_init(argc, argv, usage);
	while (bb_getopt(argc, argv, "", NULL) != -1)
		;
	bb_operands(argc, argv, 1, 1);
	bb_slug_check(argv[optind]);
	bb_exit_ok();
}
