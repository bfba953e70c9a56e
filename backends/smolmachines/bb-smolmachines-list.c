/* bb-smolmachines-list: this home's machines as "name<TAB>state", one smolvm call. */
#include "msg.h"
#include "opt.h"
#include "smolvm.h"
#include "tool.h"

static const char usage[] = "usage: bb-smolmachines-list [-z]\n";

int main(int argc, char **argv)
{
	char *args[] = {"smolvm", "machine", "ls", "--json", NULL};
	int zero = 0;

	bb_opt_init(argc, argv, usage);
	while (bb_getopt(argc, argv, "z", NULL) != -1)
		zero = 1;
	bb_operands(argc, argv, 0, 0);
	bb_tool_list(args, "machines", smol_list_entry, zero);
	bb_exit_ok();
}
