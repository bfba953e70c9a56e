/* Reading and checking the snapshots log; readers skip what a crash tore. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "snaplog.h"
#include "state.h"
#include "xalloc.h"

void bb_fold(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = ' ';
}

static int two(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

int bb_iso_time_ok(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t i;

	if (strlen(s) != sizeof(shape) - 1)
		return 0;
	for (i = 0; shape[i]; i++) {
		if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') :
				      s[i] != shape[i])
			return 0;
	}
	/* Month, day, hour, minute, second in range (60: a leap second). */
	return two(s + 5) >= 1 && two(s + 5) <= 12 && two(s + 8) >= 1 &&
	       two(s + 8) <= 31 && two(s + 11) <= 23 && two(s + 14) <= 59 &&
	       two(s + 17) <= 60;
}

static int field_ok(const char *s, int may_be_empty)
{
	return (may_be_empty && !*s) || bb_value_ok(s, strlen(s));
}

int bb_snapline_parse(char *line, struct bb_snapline *s)
{
	char *f[4];
	int i;

	f[0] = line;
	for (i = 1; i < 4; i++) {
		char *tab = strchr(f[i - 1], '\t');
		if (!tab)
			return -1;
		*tab = 0;
		f[i] = tab + 1;
	}
	if (strchr(f[3], '\t') || !bb_iso_time_ok(f[0]) ||
	    !field_ok(f[1], 0) || !field_ok(f[2], 0) || !field_ok(f[3], 1))
		return -1;
	s->time = f[0];
	s->ref = f[1];
	s->parent = f[2];
	s->message = f[3];
	return 0;
}

int bb_snapline_take(char *line, size_t len, struct bb_snapline *s)
{
	/* A NUL would end the message early and hide what follows it. */
	if (len >= BB_SNAPLINE_MAX || memchr(line, '\n', len) ||
	    memchr(line, 0, len))
		return -1;
	return bb_snapline_parse(line, s);
}

int bb_snaplog_scan(char *buf, size_t len,
		    int (*fn)(const struct bb_snapline *, void *), void *arg)
{
	char *line, *nl;
	int r = 0;

	/* Only newline-terminated lines count: the last may be torn. */
	for (line = buf; !r && (nl = memchr(line, '\n', len - (size_t)(line - buf)));
	     line = nl + 1) {
		struct bb_snapline s;
		*nl = 0;
		if (!bb_snapline_take(line, (size_t)(nl - line), &s))
			r = fn(&s, arg);
	}
	return r;
}

int bb_snaplog_each(const char *slug,
		    int (*fn)(const struct bb_snapline *, void *), void *arg)
{
	char *buf;
	size_t len;
	int r;

	if (bb_state_read(slug, "snapshots", BB_LOG_MAX, &buf, &len) < 0) {
		if (errno == ENOENT)
			return 0;
		bb_die(BB_FAIL, "unable to read '%s/state/%s/snapshots': %s",
		       bb_home(), slug, bb_read_why(errno));
	}
	r = bb_snaplog_scan(buf, len, fn, arg);
	free(buf);
	return r;
}

static int keep_line(const struct bb_snapline *s, void *arg)
{
	struct bb_snaplist *l = arg;
	struct bb_snapline *c;

	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->s = xrealloc(l->s, l->cap * sizeof(*l->s));
	}
	c = &l->s[l->n++];
	c->time = xstrdup(s->time);
	c->ref = xstrdup(s->ref);
	c->parent = xstrdup(s->parent);
	c->message = xstrdup(s->message);
	return 0;
}

void bb_snaplist_load(const char *slug, struct bb_snaplist *l)
{
	size_t i;

	l->s = NULL;
	l->n = l->cap = 0;
	bb_snaplog_each(slug, keep_line, l);
	/* The log is oldest first; bb log and --at count from the newest. */
	for (i = 0; i < l->n / 2; i++) {
		struct bb_snapline t = l->s[i];
		l->s[i] = l->s[l->n - 1 - i];
		l->s[l->n - 1 - i] = t;
	}
}

void bb_snaplist_free(struct bb_snaplist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->s[i].time);
		free(l->s[i].ref);
		free(l->s[i].parent);
		free(l->s[i].message);
	}
	free(l->s);
	l->s = NULL;
	l->n = l->cap = 0;
}
