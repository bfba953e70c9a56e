/* bb-smolvm-pack: `smolvm pack create --from-vm`; print the .smolmachine sidecar's path. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "msg.h"
#include "opt.h"
#include "progress.h"
#include "smolvm.h"
#include "xalloc.h"

static const char usage[] = "usage: bb-smolvm-pack <machine> <output>\n";

static char *out_path, *sidecar;
static int packed;

/* Also an exit and signal handler: a failed pack leaves no partial artifact. */
static void remove_partial(void)
{
	if (packed || !out_path)
		return;
	unlink(out_path);
	unlink(sidecar);
}

static void on_signal(int sig)
{
	remove_partial(); /* unlink(2) is async-signal-safe */
	signal(sig, SIG_DFL);
	raise(sig);
}

static int regular(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

int main(int argc, char **argv)
{
	const char *machine, *output;
	char *args[8], *out, *err, what[300];
	struct bb_progress bar;
	size_t n;
	int code;

	bb_opt_init(argc, argv, usage);
	while (bb_getopt(argc, argv, "", NULL) != -1)
		;
	bb_operands(argc, argv, 2, 2);
	machine = argv[optind];
	output = argv[optind + 1];
	n = strlen(output);
	smol_check_name(machine);
	if (n >= 12 && !strcasecmp(output + n - 12, ".smolmachine"))
		bb_die(BB_USAGE,
		       "'%s' names the sidecar: give the stub's path, and "
		       "'<output>.smolmachine' is written beside it",
		       output);
	if (!n || output[n - 1] == '/')
		bb_die(BB_USAGE, "invalid output path '%s'", output);
	sidecar = xasprintf("%s.smolmachine", output);
	/* Never clobber, so that cleaning up a failure removes only ours. */
	if (access(output, F_OK) == 0 || access(sidecar, F_OK) == 0)
		bb_die(BB_USAGE, "'%s' or '%s' already exists", output,
		       sidecar);
	out_path = xstrdup(output);
	atexit(remove_partial);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);

	args[0] = "smolvm";
	args[1] = "pack";
	args[2] = "create";
	args[3] = "--from-vm";
	args[4] = (char *)machine;
	args[5] = "--output";
	args[6] = (char *)output;
	args[7] = NULL;
	snprintf(what, sizeof(what), "packing %s", machine);
	bb_progress_start(&bar, what);
	code = bb_tool_try(args, &out, &err);
	bb_progress_end(&bar);
	if (code != 0)
		bb_tool_die("pack the machine", args, err, code);
	if (!regular(output) || !regular(sidecar) || !smol_is_artifact(sidecar))
		bb_die(BB_FAIL,
		       "unable to pack the machine: smolvm wrote no '%s' and "
		       "'%s'",
		       output, sidecar);
	printf("%s\n", sidecar);
	packed = 1; /* a success: keep the files */
	free(out);
	free(err);
	bb_exit_ok();
}
