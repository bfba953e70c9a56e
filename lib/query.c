/* Query strings and path segments for Engine API calls, percent-escaped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "msg.h"
#include "xalloc.h"

static int unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
	       c == '~';
}

static size_t escaped_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += unreserved((unsigned char)*s) ? 1 : 3;
	return n;
}

/* Writes the escaped s at dst (room checked by the caller); returns the end. */
static char *escape_to(char *dst, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (unreserved(c)) {
			*dst++ = (char)c;
		} else {
			*dst++ = '%';
			*dst++ = hex[c >> 4];
			*dst++ = hex[c & 15];
		}
	}
	*dst = '\0';
	return dst;
}

void bb_query_add(struct bb_query *q, const char *key, const char *value)
{
	size_t need;
	char *p;

	if (!value)
		value = "";
	need = q->len + 1 + escaped_len(key) + 1 + escaped_len(value) + 1;
	if (need > q->cap) {
		q->cap = need < 64 ? 64 : need * 2;
		q->buf = xrealloc(q->buf, q->cap);
	}
	p = q->buf + q->len;
	*p++ = q->len ? '&' : '?';
	p = escape_to(p, key);
	*p++ = '=';
	p = escape_to(p, value);
	q->len = (size_t)(p - q->buf);
}

char *bb_query_path(const char *path, struct bb_query *q)
{
	char *full;

	if (!q || !q->len)
		full = xstrdup(path);
	else
		full = xasprintf("%s%.*s", path, (int)q->len, q->buf);
	if (q) {
		free(q->buf);
		q->buf = NULL;
		q->len = q->cap = 0;
	}
	return full;
}

char *bb_url_escape(const char *s)
{
	char *p = xrealloc(NULL, escaped_len(s) + 1);

	escape_to(p, s);
	return p;
}
