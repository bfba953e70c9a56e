/* Running a foreign CLI: its messages are quoted, its exit codes never passed up. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "msg.h"
#include "run.h"
#include "state.h"
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

void bb_tool_list(char *const args[], const char *what,
		  bb_list_entry_fn *entry, int zero)
{
	char *out, doing[64];
	const cJSON *item;
	cJSON *all;

	snprintf(doing, sizeof(doing), "list %s", what);
	out = bb_tool_run(doing, args);
	all = cJSON_Parse(out);
	if (!cJSON_IsArray(all))
		bb_die(BB_FAIL, "unable to list %s: %s printed no JSON array",
		       what, args[0]);
	cJSON_ArrayForEach(item, all)
	{
		const char *name, *home;
		int running;
		if (entry(item, &name, &home, &running) < 0 ||
		    strcmp(home, bb_home_id()) != 0)
			continue;
		printf("%s\t%s%c", name, running ? "running" : "stopped",
		       zero ? '\0' : '\n');
	}
	cJSON_Delete(all);
	free(out);
}
