/* bb-macos-container-remove: delete the container, running or not; idempotent. */
#include <stdio.h>
#include <stdlib.h>

#include "container.h"
#include "msg.h"
#include "opt.h"

static const char usage[] = "usage: bb-macos-container-remove <name>\n";

int main(int argc, char **argv)
{
	char *args[] = {"container", "delete", "--force", NULL, NULL};
	char what[128];
	cJSON *c;

	bb_opt_init(argc, argv, usage);
	while (bb_getopt(argc, argv, "", NULL) != -1)
		;
	bb_operands(argc, argv, 1, 1);
	c = ctr_inspect_own(argv[optind]);
	if (!c)
		bb_exit_ok();
	args[3] = argv[optind];
	snprintf(what, sizeof(what), "delete '%s'", argv[optind]);
	free(bb_tool_run(what, args));
	cJSON_Delete(c);
	bb_exit_ok();
}
