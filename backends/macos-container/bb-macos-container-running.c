/* bb-macos-container-running: exit 0 when `container list --quiet` names it, else 1. */
#include <stdlib.h>
#include <string.h>

#include "container.h"
#include "msg.h"
#include "opt.h"

static const char usage[] = "usage: bb-macos-container-running <name>\n";

int main(int argc, char **argv)
{
	char *args[] = {"container", "list", "--quiet", NULL};
	const char *name;
	char *out, *line;
	int found = 0;

	bb_opt_init(argc, argv, usage);
	while (bb_getopt(argc, argv, "", NULL) != -1)
		;
	bb_operands(argc, argv, 1, 1);
	name = argv[optind];
	/* list shows running containers only; one id per line. */
	out = bb_tool_run("list running containers", args);
	for (line = strtok(out, "\n"); line && !found; line = strtok(NULL, "\n"))
		found = !strcmp(line, name);
	free(out);
	bb_exit(found ? BB_OK : BB_NO);
}
