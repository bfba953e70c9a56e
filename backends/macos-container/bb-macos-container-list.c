/* bb-macos-container-list: this home's containers as "name<TAB>state", one CLI call. */
#include "container.h"
#include "msg.h"
#include "opt.h"
#include "tool.h"

static const char usage[] = "usage: bb-macos-container-list [-z]\n";

int main(int argc, char **argv)
{
	char *args[] = {"container", "list", "--all", "--format", "json", NULL};
	int zero = 0;

	bb_opt_init(argc, argv, usage);
	while (bb_getopt(argc, argv, "z", NULL) != -1)
		zero = 1;
	bb_operands(argc, argv, 0, 0);
	bb_tool_list(args, "containers", ctr_list_entry, zero);
	bb_exit_ok();
}
