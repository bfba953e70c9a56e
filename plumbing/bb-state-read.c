/* bb-state-read: print one state file of a bottle; exit 1 when it is absent. */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "atomic.h"
#include "msg.h"
#include "opt.h"
#include "slug.h"
#include "state.h"

static const char usage[] = "usage: bb-state-read <slug> <key>\n";

int main(int argc, char **argv)
{
	const char *slug, *key;
	char *buf;
	size_t len;

	bb_opt_init(argc, argv, usage);
	while (bb_getopt(argc, argv, "", NULL) != -1)
		;
	bb_operands(argc, argv, 2, 2);
	slug = argv[optind];
	key = argv[optind + 1];
	bb_slug_check(slug);
	if (bb_state_read(slug, key,
			  bb_key_check(key) == BB_KEY_SNAPSHOTS ? BB_LOG_MAX :
								  BB_FILE_MAX,
			  &buf, &len) < 0) {
		if (errno == ENOENT)
			bb_exit(BB_NO);
		bb_die(BB_FAIL, "unable to read '%s/state/%s/%s': %s",
		       bb_home(), slug, key, bb_read_why(errno));
	}
	fflush(stdout);
	if (bb_write_all(1, buf, len) < 0)
		bb_die_errno(BB_FAIL, "unable to write to standard output");
	bb_exit_ok();
}
