/* Running other programs with argv only: no shell, ever. */
#ifndef BB_RUN_H
#define BB_RUN_H

#include <stddef.h>
#include <sys/types.h>

/*
 * The folder that holds bb's programs: $BB_EXEC_PATH, else the folder of
 * the running executable. Never NULL.
 */
const char *bb_exec_path(void);

/* "<exec path>/<name>" in a static buffer; NULL when it is not executable. */
const char *bb_sibling(const char *name);

struct bb_run {
	const char *input;  /* fed to the child's stdin, or NULL to inherit */
	size_t input_len;
	char *output;       /* captured stdout (malloc'd, NUL-terminated) */
	size_t output_len;
	int capture;        /* capture stdout into output */
	char *errors;       /* captured stderr (malloc'd, NUL-terminated) */
	size_t errors_len;
	int capture_errors; /* capture stderr into errors */
	int quiet_stderr;   /* send the child's stderr to /dev/null */
};

/*
 * Run argv[0] (a sibling name, or a path) and wait. Returns its exit code:
 * 0..255, 128+n when killed by signal n, 127 when not found, 126 when it
 * could not be executed. BB_TRACE=1 logs the call.
 */
int bb_run(char *const argv[], struct bb_run *opt);

/*
 * One step of a porcelain chain: run argv (with input on stdin when not
 * NULL); on failure exit with the step's own status, as it already said
 * why on stderr. bb_step_out returns the step's stdout, one trailing
 * newline cut (malloc'd).
 */
void bb_step(char *const argv[], const char *input);
char *bb_step_out(char *const argv[]);

/* Replace this process with argv[0] (sibling name or path); never returns. */
__attribute__((noreturn)) void bb_exec(char *const argv[]);

/* As bb_exec, but the chain's lock survives even into a foreign program (bb-lock). */
__attribute__((noreturn)) void bb_exec_locked(char *const argv[]);

/* Turn a wait status into bb's exit code. */
int bb_status_code(int status);

/* Log "trace: run: argv..." to stderr when BB_TRACE=1. */
void bb_trace_argv(const char *what, char *const argv[]);

#endif
