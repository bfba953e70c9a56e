/* bb-docker-remove: delete the container and its anonymous volumes; idempotent. */
#include <stdlib.h>

#include "docker.h"
#include "msg.h"
#include "opt.h"

static const char usage[] = "usage: bb-docker-remove <name>\n";

int main(int argc, char **argv)
{
	struct bb_query q = {0};
	struct bb_engine *e;
	struct bb_resp r;
	char *base, *path;
	cJSON *c;

	bb_opt_init(argc, argv, usage);
	while (bb_getopt(argc, argv, "", NULL) != -1)
		;
	bb_operands(argc, argv, 1, 1);
	docker_check_name(argv[optind]);
	e = bb_engine_open();
	c = docker_inspect_own(e, argv[optind]);
	if (!c)
		bb_exit_ok();
	bb_query_add(&q, "force", "1");
	bb_query_add(&q, "v", "1");
	base = docker_path("/containers/", docker_id(c), "");
	path = bb_query_path(base, &q);
	free(base);
	bb_engine_call(e, "DELETE", path, NULL, 120, &r);
	if (r.status != 204 && r.status != 404)
		bb_engine_die(&r, "remove container '%s'", argv[optind]);
	bb_resp_free(&r);
	free(path);
	cJSON_Delete(c);
	bb_engine_close(e);
	bb_exit_ok();
}
