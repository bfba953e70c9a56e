/* bb-docker-running: exit 0 when the container runs (or is paused), 1 when not. */
#include "docker.h"
#include "msg.h"
#include "opt.h"

static const char usage[] = "usage: bb-docker-running <name>\n";

int main(int argc, char **argv)
{
	struct bb_engine *e;
	cJSON *c;
	int running;

	bb_opt_init(argc, argv, usage);
	while (bb_getopt(argc, argv, "", NULL) != -1)
		;
	bb_operands(argc, argv, 1, 1);
	docker_check_name(argv[optind]);
	e = bb_engine_open();
	c = docker_inspect_own(e, argv[optind]);
	running = c && docker_is_running(c);
	cJSON_Delete(c);
	bb_engine_close(e);
	bb_exit(running ? BB_OK : BB_NO);
}
