/* bb stop: stop a bottle; unless it is preserved, remove its object and its state. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend.h"
#include "lock.h"
#include "meta.h"
#include "msg.h"
#include "opt.h"
#include "run.h"
#include "slug.h"
#include "state.h"

static const char usage[] = "usage: bb stop [--no-wait] <slug>\n";

int main(int argc, char **argv)
{
	static const struct option longopts[] = {{"no-wait", 0, 0, 'W'},
						 {0, 0, 0, 0}};
	char prog[128], name[80], *args[3];
	const char *slug, *backend;
	int nowait = 0, dir, preserved;
	struct stat st;
	cJSON *meta;

	bb_opt_init(argc, argv, usage);
	while (bb_getopt(argc, argv, "", longopts) != -1)
		nowait = 1;
	bb_operands(argc, argv, 1, 1);
	slug = argv[optind];
	bb_slug_check(slug);

	bb_lock(slug, nowait ? BB_LOCK_NOWAIT : BB_LOCK_WAIT);
	meta = bb_meta_load(slug);
	backend = bb_meta_backend(meta);
	bb_backend_check_bottle(slug, backend);
	bb_object_name(slug, name, sizeof(name));

	/* Read before anything stops: a link or FIFO planted there is an error. */
	dir = bb_open_bottle(slug, 0);
	preserved = dir >= 0 &&
		    fstatat(dir, "preserved", &st, AT_SYMLINK_NOFOLLOW) == 0;
	if (preserved && !S_ISREG(st.st_mode))
		bb_die(BB_FAIL,
		       "unable to read '%s/state/%s/preserved': not a regular "
		       "file (links are not followed)",
		       bb_home(), slug);
	if (dir >= 0)
		close(dir);

	bb_backend_prog(backend, "stop", prog, sizeof(prog));
	args[0] = prog;
	args[1] = name;
	args[2] = NULL;
	bb_step(args, NULL);

	if (preserved) {
		printf("Stopped bottle %s; its state is kept. Changes since "
		       "the last commit will not be in the next resume.\n",
		       slug);
		cJSON_Delete(meta);
		bb_exit_ok();
	}
	bb_backend_prog(backend, "remove", prog, sizeof(prog));
	bb_step(args, NULL);
	bb_state_remove(slug);
	printf("Stopped and removed bottle %s (it was not preserved).\n",
	       slug);
	cJSON_Delete(meta);
	bb_exit_ok();
}
