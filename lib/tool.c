/* Running a foreign CLI: its messages are quoted, its exit codes never passed up. */
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "run.h"
#include "tool.h"
#include "xalloc.h"

int bb_tool_try(char *const args[], char **out, char **err)
{
	struct bb_run run = {.capture = 1, .capture_errors = 1};
	int code = bb_run(args, &run);

	*out = run.output ? run.output : xstrdup("");
	*err = run.errors ? run.errors : xstrdup("");
	return code;
}

/* A line that starts "Error: " or "error: ", or NULL. */
static char *error_line(char *err)
{
	char *p;

	for (p = err; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, "Error: ", 7) || !strncmp(p, "error: ", 7))
			return p + 7;
	return NULL;
}

const char *bb_tool_error(char *err)
{
	/* A build's progress log may come first: the error line is what matters. */
	char *p = error_line(err), *nl;

	if (!p)
		for (p = err; *p == '\n' || *p == ' ';)
			p++;
	nl = strchr(p, '\n');
	if (nl)
		*nl = 0;
	return *p ? p : "no message";
}

void bb_tool_die(const char *what, char *const args[], char *err, int code)
{
	if (code == BB_NOTFOUND)
		bb_die(BB_FAIL, "unable to %s: '%s' is not installed (not on "
				"PATH)",
		       what, args[0]);
	bb_die(BB_FAIL, "unable to %s: %s: %s (exit %d)", what, args[0],
	       bb_tool_error(err), code);
}

char *bb_tool_run(const char *what, char *const args[])
{
	char *out, *err;
	int code = bb_tool_try(args, &out, &err);

	if (code != 0)
		bb_tool_die(what, args, err, code);
	free(err);
	return out;
}
