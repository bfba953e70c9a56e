/* bb-smolmachines-remove: delete the machine and its data; idempotent. */
#include <stdio.h>
#include <stdlib.h>

#include "msg.h"
#include "opt.h"
#include "smolvm.h"

static const char usage[] = "usage: bb-smolmachines-remove <name>\n";

int main(int argc, char **argv)
{
	/* --force: newer smolvm refuses to ask without a terminal. */
	char *args[] = {"smolvm", "machine", "delete", "--force", "--name",
			NULL, NULL};
	char what[200];
	cJSON *m;

	bb_opt_init(argc, argv, usage);
	while (bb_getopt(argc, argv, "", NULL) != -1)
		;
	bb_operands(argc, argv, 1, 1);
	m = smol_status_own(argv[optind]);
	if (!m)
		bb_exit_ok();
	args[5] = argv[optind];
	snprintf(what, sizeof(what), "delete '%s'", argv[optind]);
	free(bb_tool_run(what, args));
	cJSON_Delete(m);
	bb_exit_ok();
}
