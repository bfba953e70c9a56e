/* bb-macos-container-export-hint: say how to carry a snapshot to another Mac. */
#include <stdio.h>
#include <string.h>

#include "msg.h"
#include "opt.h"
#include "ref.h"
#include "state.h"

static const char usage[] = "usage: bb-macos-container-export-hint <ref>\n";

int main(int argc, char **argv)
{
	const char *ref;
	char file[300];

	bb_opt_init(argc, argv, usage);
	while (bb_getopt(argc, argv, "", NULL) != -1)
		;
	bb_operands(argc, argv, 1, 1);
	ref = argv[optind];
	if (!bb_value_ok(ref, strlen(ref)) || strchr(ref, ' '))
		bb_die(BB_USAGE, "invalid image reference");
	bb_ref_filename(ref, file, sizeof(file));
	printf("To move this snapshot to another Mac:\n"
	       "  container image save -o %s %s\n"
	       "  scp %s other-mac:\n"
	       "  ssh other-mac container image load -i %s\n",
	       file, ref, file, file);
	bb_exit_ok();
}
