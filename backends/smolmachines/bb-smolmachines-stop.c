/* bb-smolmachines-stop: stop the machine; idempotent, never removes it. */
#include <stdio.h>
#include <stdlib.h>

#include "msg.h"
#include "opt.h"
#include "smolvm.h"

static const char usage[] = "usage: bb-smolmachines-stop <name>\n";

int main(int argc, char **argv)
{
	char *args[] = {"smolvm", "machine", "stop", "--name", NULL, NULL};
	char what[200];
	cJSON *m;

	bb_opt_init(argc, argv, usage);
	while (bb_getopt(argc, argv, "", NULL) != -1)
		;
	bb_operands(argc, argv, 1, 1);
	m = smol_status_own(argv[optind]);
	if (!m)
		bb_exit_ok(); /* nothing to stop */
	args[4] = argv[optind];
	snprintf(what, sizeof(what), "stop '%s'", argv[optind]);
	free(bb_tool_run(what, args));
	cJSON_Delete(m);
	bb_exit_ok();
}
