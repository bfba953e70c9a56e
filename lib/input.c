/* Standard input read whole, with a cap. */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "input.h"
#include "msg.h"

char *bb_read_stdin(size_t max, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap + 1);

	if (!buf)
		bb_die(BB_FAIL, "unable to read standard input: out of memory");
	for (;;) {
		ssize_t r;
		if (n == cap) {
			char *p;
			if (cap > max)
				bb_die(BB_USAGE,
				       "unable to take standard input: larger "
				       "than %zu bytes",
				       max);
			cap *= 2;
			p = realloc(buf, cap + 1);
			if (!p)
				bb_die(BB_FAIL, "unable to read standard "
						"input: out of memory");
			buf = p;
		}
		r = read(0, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			bb_die_errno(BB_FAIL, "unable to read standard input");
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (n > max)
		bb_die(BB_USAGE,
		       "unable to take standard input: larger than %zu bytes",
		       max);
	buf[n] = 0;
	*len = n;
	return buf;
}

