/* Option parsing: one shape for every main (STYLE.md rule 3). */
#ifndef BB_OPT_H
#define BB_OPT_H

#include <getopt.h>
#include <stddef.h>

/*
 * Call first in main: sets the program name and the usage text.
 * usage is the whole synopsis, one "usage: ..." line per form.
 */
void bb_opt_init(int argc, char **argv, const char *usage);

/*
 * getopt_long with bb's rules: stops at the first operand, "-h" and
 * "--help" print usage on stdout and exit 0, unknown options and missing
 * arguments print usage on stderr and exit 100. Returns -1 at the end.
 */
int bb_getopt(int argc, char **argv, const char *shortopts,
	      const struct option *longopts);

/* Let options follow operands (GNU order) until "--"; off by default. */
void bb_opt_permute(int on);

/* Wrong usage: "bb-foo: <fmt>", then the usage on stderr, exit 100. */
__attribute__((noreturn, format(printf, 1, 2))) void bb_usage_die(const char *fmt,
								 ...);

/* Demand exactly min..max operands left after the options. */
void bb_operands(int argc, char **argv, int min, int max);

/* Parse a non-negative decimal integer, or die with a usage error. */
unsigned long bb_parse_ulong(const char *what, const char *s,
			     unsigned long max);

#endif
