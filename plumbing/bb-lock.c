/* bb-lock: hold a bottle's lock while running a program (like s6-setlock). */
#include <getopt.h>
#include <limits.h>

#include "lock.h"
#include "msg.h"
#include "opt.h"
#include "run.h"
#include "slug.h"

static const char usage[] =
	"usage: bb-lock [-n] [-t SECS] <slug> <prog> [<args>...]\n";

int main(int argc, char **argv)
{
	long timeout = BB_LOCK_WAIT;
	int c;

	bb_opt_init(argc, argv, usage);
	while ((c = bb_getopt(argc, argv, "nt:", NULL)) != -1) {
		if (c == 'n')
			timeout = BB_LOCK_NOWAIT;
		else
			timeout = (long)bb_parse_ulong("-t", optarg, 86400);
	}
	bb_operands(argc, argv, 2, -1);
	bb_slug_check(argv[optind]);
	bb_lock(argv[optind], timeout);
	bb_exec_locked(argv + optind + 1);
}
