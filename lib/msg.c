/* Messages with one grammar: "bb-foo: fatal: unable to <verb> '<obj>': <why>". */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"

const char *bb_prog = "bb";
void (*bb_msg_before)(void);

void bb_set_prog(const char *argv0)
{
	const char *slash;

	if (!argv0 || !*argv0)
		return;
	slash = strrchr(argv0, '/');
	bb_prog = slash ? slash + 1 : argv0;
}

static void say(const char *level, const char *fmt, va_list ap,
		const char *suffix)
{
	/* One fprintf per part would interleave with siblings; build one line. */
	char line[8192], *p;
	int n;

	if (level)
		n = snprintf(line, sizeof(line), "%s: %s: ", bb_prog, level);
	else
		n = snprintf(line, sizeof(line), "%s: ", bb_prog);
	if (n < 0 || (size_t)n >= sizeof(line))
		n = 0;
	vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	if (suffix) {
		size_t used = strlen(line);
		snprintf(line + used, sizeof(line) - used, ": %s", suffix);
	}
	/* A name, a DOCKER_HOST or an engine's text may hold a newline or an escape. */
	for (p = line; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	if (bb_msg_before)
		bb_msg_before();
	fflush(stdout);
	fprintf(stderr, "%s\n", line);
}

void bb_fatal_line(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say("fatal", fmt, ap, NULL);
	va_end(ap);
}

void bb_die(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say("fatal", fmt, ap, NULL);
	va_end(ap);
	exit(code);
}

void bb_die_errno(int code, const char *fmt, ...)
{
	const char *why = strerror(errno);
	va_list ap;

	va_start(ap, fmt);
	say("fatal", fmt, ap, why);
	va_end(ap);
	exit(code);
}

void bb_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say("warning", fmt, ap, NULL);
	va_end(ap);
}

void bb_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say("error", fmt, ap, NULL);
	va_end(ap);
}

void bb_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(NULL, fmt, ap, NULL);
	va_end(ap);
}

void bb_exit(int code)
{
	/* A full disk or a closed pipe must not pass for success. */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno == EPIPE)
			exit(code ? code : BB_FAIL);
		bb_die_errno(BB_FAIL, "unable to write to standard output");
	}
	exit(code);
}

void bb_exit_ok(void)
{
	bb_exit(0);
}
