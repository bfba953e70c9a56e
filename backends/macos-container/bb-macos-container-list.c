/* bb-macos-container-list: this home's containers as "name<TAB>state", one CLI call. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "container.h"
#include "msg.h"
#include "opt.h"
#include "slug.h"
#include "state.h"

static const char usage[] = "usage: bb-macos-container-list [-z]\n";

int main(int argc, char **argv)
{
	char *args[] = {"container", "list", "--all", "--format", "json", NULL};
	const cJSON *c;
	cJSON *all;
	char *out;
	int zero = 0;

	bb_opt_init(argc, argv, usage);
	while (bb_getopt(argc, argv, "z", NULL) != -1)
		zero = 1;
	bb_operands(argc, argv, 0, 0);
	out = bb_tool_run("list containers", args);
	all = cJSON_Parse(out);
	if (!cJSON_IsArray(all))
		bb_die(BB_FAIL, "unable to list containers: container printed "
				"no JSON array");
	cJSON_ArrayForEach(c, all)
	{
		const char *id, *home;
		int running;
		if (ctr_list_entry(c, &id, &home, &running) < 0 ||
		    strcmp(home, bb_home_id()) != 0)
			continue;
		printf("%s\t%s%c", id, running ? "running" : "stopped",
		       zero ? '\0' : '\n');
	}
	cJSON_Delete(all);
	free(out);
	bb_exit_ok();
}
