/* Option parsing with one behaviour for every bb program. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <limits.h>

#include "msg.h"
#include "opt.h"

static const char *usage_text = "";
static int permute;

void bb_opt_permute(int on)
{
	permute = on;
}

void bb_opt_init(int argc, char **argv, const char *usage)
{
	(void)argc;
	bb_set_prog(argv[0]);
	usage_text = usage;
	opterr = 0;
}

static __attribute__((noreturn)) void usage_out(FILE *f, int code)
{
	fputs(usage_text, f);
	if (f == stdout)
		bb_exit(code);
	exit(code);
}

void bb_usage_die(const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	bb_fatal_line("%s", line);
	usage_out(stderr, BB_USAGE);
}

int bb_getopt(int argc, char **argv, const char *shortopts,
	      const struct option *longopts)
{
	static const struct option none[] = {{0, 0, 0, 0}};
	char spec[128];
	int c;

	/* '+' stops at the first operand; ':' reports a missing argument. */
	snprintf(spec, sizeof(spec), "%s:h%s", permute ? "" : "+", shortopts);
	if (optind > 0 && optind < argc && !strcmp(argv[optind], "--help"))
		usage_out(stdout, 0);
	c = getopt_long(argc, argv, spec, longopts ? longopts : none, NULL);
	switch (c) {
	case 'h':
		usage_out(stdout, 0);
	case ':':
		bb_usage_die("option '%s' needs a value", argv[optind - 1]);
	case '?':
		if (optopt)
			bb_usage_die("unknown option '-%c'", optopt);
		bb_usage_die("unknown option '%s'", argv[optind - 1]);
	default:
		return c;
	}
}

void bb_operands(int argc, char **argv, int min, int max)
{
	int n = argc - optind;

	(void)argv;
	if (n < min)
		bb_usage_die("too few arguments");
	if (max >= 0 && n > max)
		bb_usage_die("too many arguments");
}

unsigned long bb_parse_ulong(const char *what, const char *s,
			     unsigned long max)
{
	unsigned long v;
	char *end;

	if (!s || *s < '0' || *s > '9')
		bb_usage_die("%s must be a number: '%s'", what, s ? s : "");
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > max)
		bb_usage_die("%s is out of range: '%s'", what, s);
	return v;
}
