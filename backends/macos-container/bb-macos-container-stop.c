/* bb-macos-container-stop: stop the container; idempotent, never removes it. */
#include <stdio.h>
#include <stdlib.h>

#include "container.h"
#include "msg.h"
#include "opt.h"

static const char usage[] = "usage: bb-macos-container-stop <name>\n";

int main(int argc, char **argv)
{
	char *args[] = {"container", "stop", NULL, NULL}, what[128];
	cJSON *c;

	bb_opt_init(argc, argv, usage);
	while (bb_getopt(argc, argv, "", NULL) != -1)
		;
	bb_operands(argc, argv, 1, 1);
	c = ctr_inspect_own(argv[optind]);
	if (!c)
		bb_exit_ok(); /* nothing to stop */
	args[2] = argv[optind];
	snprintf(what, sizeof(what), "stop '%s'", argv[optind]);
	free(bb_tool_run(what, args));
	cJSON_Delete(c);
	bb_exit_ok();
}
