/* Allocation that cannot fail: out of memory ends the program with 111. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "xalloc.h"

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		bb_die(BB_FAIL, "out of memory");
	return q;
}

void *xcalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);

	if (!p)
		bb_die(BB_FAIL, "out of memory");
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		bb_die(BB_FAIL, "out of memory");
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	char small[256];
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		bb_die(BB_FAIL, "out of memory");
	p = xrealloc(NULL, (size_t)n + 1);
	if ((size_t)n < sizeof(small)) {
		memcpy(p, small, (size_t)n + 1);
		return p;
	}
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
