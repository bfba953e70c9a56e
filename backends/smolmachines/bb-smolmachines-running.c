/* bb-smolmachines-running: exit 0 when the machine's state is running, else 1. */
#include <string.h>

#include "msg.h"
#include "opt.h"
#include "smolvm.h"

static const char usage[] = "usage: bb-smolmachines-running <name>\n";

int main(int argc, char **argv)
{
	cJSON *m;
	int running;

	bb_opt_init(argc, argv, usage);
	while (bb_getopt(argc, argv, "", NULL) != -1)
		;
	bb_operands(argc, argv, 1, 1);
	m = smol_status_own(argv[optind]);
	running = m && !strcmp(smol_state(m), "running");
	cJSON_Delete(m);
	bb_exit(running ? BB_OK : BB_NO);
}
