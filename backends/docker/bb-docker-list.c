/* bb-docker-list: every container of this home as "name<TAB>state", in one call. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docker.h"
#include "msg.h"
#include "opt.h"
#include "slug.h"
#include "state.h"

static const char usage[] = "usage: bb-docker-list [-z]\n";

int main(int argc, char **argv)
{
	struct bb_query q = {0};
	struct bb_engine *e;
	struct bb_resp r;
	char *filters, *path;
	const cJSON *c;
	int zero = 0;

	bb_opt_init(argc, argv, usage);
	while (bb_getopt(argc, argv, "z", NULL) != -1)
		zero = 1;
	bb_operands(argc, argv, 0, 0);

	{
		cJSON *f = cJSON_CreateObject();
		cJSON *label = cJSON_AddObjectToObject(f, "label");
		char kv[128];
		snprintf(kv, sizeof(kv), BB_LABEL_HOME "=%s", bb_home_id());
		cJSON_AddTrueToObject(label, kv);
		filters = cJSON_PrintUnformatted(f);
		cJSON_Delete(f);
	}
	if (!filters)
		bb_die(BB_FAIL, "out of memory");
	bb_query_add(&q, "all", "1");
	bb_query_add(&q, "filters", filters);
	path = bb_query_path("/containers/json", &q);
	e = bb_engine_open();
	bb_engine_call(e, "GET", path, NULL, 60, &r);
	if (r.status != 200 || !cJSON_IsArray(r.json))
		bb_engine_die(&r, "list containers");
	cJSON_ArrayForEach(c, r.json)
	{
		const char *name;
		int running;
		if (docker_list_entry(c, &name, &running) < 0)
			continue;
		printf("%s\t%s%c", name, running ? "running" : "stopped",
		       zero ? '\0' : '\n');
	}
	bb_resp_free(&r);
	free(path);
	free(filters);
	bb_engine_close(e);
	bb_exit_ok();
}
