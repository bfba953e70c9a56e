/* bb-smolmachines-list: this home's machines as "name<TAB>state", one smolvm call. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "opt.h"
#include "slug.h"
#include "smolvm.h"
#include "state.h"

static const char usage[] = "usage: bb-smolmachines-list [-z]\n";

int main(int argc, char **argv)
{
	char *args[] = {"smolvm", "machine", "ls", "--json", NULL};
	const cJSON *m;
	cJSON *all;
	char *out;
	int zero = 0;

	bb_opt_init(argc, argv, usage);
	while (bb_getopt(argc, argv, "z", NULL) != -1)
		zero = 1;
	bb_operands(argc, argv, 0, 0);
	out = bb_tool_run("list machines", args);
	all = cJSON_Parse(out);
	if (!cJSON_IsArray(all))
		bb_die(BB_FAIL, "unable to list machines: smolvm printed no "
				"JSON array");
	cJSON_ArrayForEach(m, all)
	{
		const char *name, *home;
		int running;
		if (smol_list_entry(m, &name, &home, &running) < 0 ||
		    strcmp(home, bb_home_id()) != 0)
			continue;
		printf("%s\t%s%c", name, running ? "running" : "stopped",
		       zero ? '\0' : '\n');
	}
	cJSON_Delete(all);
	free(out);
	bb_exit_ok();
}
