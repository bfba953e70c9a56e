/* bb-docker-stop: stop the container; idempotent, never removes anything. */
#include <stdio.h>
#include <stdlib.h>

#include "docker.h"
#include "msg.h"
#include "opt.h"

static const char usage[] = "usage: bb-docker-stop [-t SECS] <name>\n";

int main(int argc, char **argv)
{
	struct bb_query q = {0};
	struct bb_engine *e;
	struct bb_resp r;
	long grace = -1;
	char *base, *path;
	cJSON *c;

	bb_opt_init(argc, argv, usage);
	while (bb_getopt(argc, argv, "t:", NULL) != -1)
		grace = (long)bb_parse_ulong("-t", optarg, 3600);
	bb_operands(argc, argv, 1, 1);
	docker_check_name(argv[optind]);
	e = bb_engine_open();
	c = docker_inspect_own(e, argv[optind]);
	if (!c)
		bb_exit_ok();
	if (grace >= 0) {
		char t[24];
		snprintf(t, sizeof(t), "%ld", grace);
		bb_query_add(&q, "t", t);
	}
	base = docker_path("/containers/", docker_id(c), "/stop");
	path = bb_query_path(base, &q);
	free(base);
	/* The daemon waits the grace period, then kills: no client timeout. */
	bb_engine_call(e, "POST", path, NULL, 0, &r);
	/* 304: already stopped; 404: gone meanwhile. Both are fine. */
	if (r.status != 204 && r.status != 304 && r.status != 404)
		bb_engine_die(&r, "stop container '%s'", argv[optind]);
	bb_resp_free(&r);
	free(path);
	cJSON_Delete(c);
	bb_engine_close(e);
	bb_exit_ok();
}
