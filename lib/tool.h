/* Foreign CLIs (container, smolvm): run with argv, their failures quoted as 111. */
#ifndef BB_TOOL_H
#define BB_TOOL_H

#include <cJSON.h>

/*
 * Run args (args[0] is the tool, found on PATH). On success return its
 * stdout (malloc'd); on failure die 111 with "unable to <what>: <tool>:
 * <its first error line>", never passing its exit status up.
 */
char *bb_tool_run(const char *what, char *const args[]);

/* Run args; return the exit code and keep stdout/stderr (malloc'd). */
int bb_tool_try(char *const args[], char **out, char **err);

/* The first line of a tool's complaint, without "Error: " or "error: ". */
const char *bb_tool_error(char *err);

/* Die 111 quoting a tool's failure, as bb_tool_run does. */
__attribute__((noreturn)) void bb_tool_die(const char *what,
					   char *const args[], char *err,
					   int code);

/* One item of a tool's JSON list: 0 with its name, home id and state, else -1. */
typedef int bb_list_entry_fn(const cJSON *item, const char **name,
			     const char **home, int *running);

/*
 * A backend's -list program: run args, which print a JSON array, and print
 * "name<TAB>running|stopped" for each item of this home, ending each with
 * a newline (a NUL with zero). what names the objects ("containers").
 */
void bb_tool_list(char *const args[], const char *what,
		  bb_list_entry_fn *entry, int zero);

#endif
