/* bb-smolmachines-export-hint: say how to carry a .smolmachine pair elsewhere. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "msg.h"
#include "opt.h"
#include "state.h"

static const char usage[] = "usage: bb-smolmachines-export-hint <ref>\n";

/* A shell word: '...' with ' written as '\\''. */
static void put_word(const char *s)
{
	putchar('\'');
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", stdout);
		else
			putchar(*s);
	}
	putchar('\'');
}

int main(int argc, char **argv)
{
	const char *ref, *base;
	size_t n;

	bb_opt_init(argc, argv, usage);
	while (bb_getopt(argc, argv, "", NULL) != -1)
		;
	bb_operands(argc, argv, 1, 1);
	ref = argv[optind];
	n = strlen(ref);
	base = strrchr(ref, '/') ? strrchr(ref, '/') + 1 : ref;
	if (!bb_value_ok(ref, n) || strlen(base) <= 12 ||
	    strcasecmp(ref + n - 12, ".smolmachine") != 0)
		bb_die(BB_USAGE, "invalid snapshot '%s': give a .smolmachine path",
		       ref);
	/* The sidecar is all create --from needs; the stub runs only where built. */
	fputs("To move this snapshot to another machine, copy its sidecar:\n  scp ", stdout);
	put_word(ref);
	fputs(" other-machine:\n  ssh other-machine smolvm machine create --name NAME --from ", stdout);
	put_word(base);
	fputs("\n  ssh other-machine smolvm machine start --name NAME\n", stdout);
	bb_exit_ok();
}
