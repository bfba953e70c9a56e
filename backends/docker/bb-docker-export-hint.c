/* bb-docker-export-hint: say how to carry a docker snapshot to another machine. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "opt.h"
#include "ref.h"

static const char usage[] = "usage: bb-docker-export-hint <ref>\n";

int main(int argc, char **argv)
{
	const char *ref, *why;
	char *repo, *tag, file[256];

	bb_opt_init(argc, argv, usage);
	while (bb_getopt(argc, argv, "", NULL) != -1)
		;
	bb_operands(argc, argv, 1, 1);
	ref = argv[optind];
	if (bb_ref_split(ref, &repo, &tag, &why) < 0)
		bb_die(BB_USAGE, "invalid image reference '%.300s': %s", ref,
		       why);
	bb_ref_filename(ref, file, sizeof(file));
	printf("To move this snapshot to another machine:\n"
	       "  docker save -o %s %s\n"
	       "  scp %s other-machine:\n"
	       "  ssh other-machine docker load -i %s\n",
	       file, ref, file, file);
	free(repo);
	free(tag);
	bb_exit_ok();
}
