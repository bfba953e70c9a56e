/*
 * Fuzz the snapshots log: the reader (bb_snaplog_scan, bb_snapline_take)
 * over a whole log, and the writer's side (bb-commit folds the message,
 * bb-state-append checks the line) for the same bytes.
 */
#include <time.h>

#include "fuzz.h"
#include "snaplog.h"
#include "stamp.h"
#include "state.h"

struct scan {
	const uint8_t *data; /* the log as given */
	const char *copy;    /* the copy being split */
	size_t size, lines, stop_at;
};

static void check_field(const char *f, int may_be_empty)
{
	must(may_be_empty || *f);
	must(strlen(f) <= BB_VALUE_MAX);
	must(fuzz_one_line(f)); /* no tab, no newline */
}

static int on_line(const struct bb_snapline *s, void *arg)
{
	struct scan *sc = arg;
	size_t at = (size_t)(s->time - sc->copy), len;
	const uint8_t *nl;
	char *again;

	must(bb_iso_time_ok(s->time));
	check_field(s->time, 0);
	check_field(s->ref, 0);
	check_field(s->parent, 0);
	check_field(s->message, 1);
	/* The four fields, joined again, are the whole line as stored. */
	must(at < sc->size);
	nl = memchr(sc->data + at, '\n', sc->size - at);
	must(nl);
	len = (size_t)(nl - (sc->data + at));
	again = malloc(len + 1);
	must(again);
	must((size_t)snprintf(again, len + 1, "%s\t%s\t%s\t%s", s->time, s->ref,
			      s->parent, s->message) == len);
	must(!memcmp(again, sc->data + at, len));
	free(again);
	return ++sc->lines == sc->stop_at;
}

/* A line as bb-commit writes it must pass bb-state-append and read back. */
static void write_line(const uint8_t *data, size_t size)
{
	const char *end = (const char *)data + size, *ref, *parent, *msg;
	char when[32], *folded, *line, *copy;
	struct bb_snapline s;
	time_t t = 0;
	size_t n;
	int w;

	if (size < sizeof(uint32_t))
		return;
	memcpy(&t, data, sizeof(uint32_t));
	bb_iso_time(t, when, sizeof(when));
	must(bb_iso_time_ok(when));
	/* The rest: ref NUL parent NUL message. */
	ref = (const char *)data + sizeof(uint32_t);
	parent = memchr(ref, 0, (size_t)(end - ref));
	if (!parent || parent + 1 >= end)
		return;
	parent++;
	msg = memchr(parent, 0, (size_t)(end - parent));
	if (!msg)
		return;
	msg++;
	if (!bb_value_ok(ref, strlen(ref)) ||
	    !bb_value_ok(parent, strlen(parent)))
		return;
	folded = malloc((size_t)(end - msg) + 1);
	must(folded);
	memcpy(folded, msg, (size_t)(end - msg));
	folded[end - msg] = 0;
	bb_fold(folded);
	must(fuzz_one_line(folded));
	n = strlen(when) + strlen(ref) + strlen(parent) + 4000 + 8;
	line = malloc(n);
	copy = malloc(n);
	must(line && copy);
	w = snprintf(line, n, "%s\t%s\t%s\t%.4000s", when, ref, parent, folded);
	must(w > 0 && (size_t)w < n);
	memcpy(copy, line, (size_t)w + 1);
	must(bb_snapline_take(copy, (size_t)w, &s) == 0);
	must(!strcmp(s.time, when) && !strcmp(s.ref, ref) &&
	     !strcmp(s.parent, parent) && !strncmp(s.message, folded, 4000));
	free(line);
	free(copy);
	free(folded);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = fuzz_text(data, size);
	struct scan sc = {data, copy, size, 0, 0};
	const uint8_t *p, *nl;
	size_t valid = 0;
	int r;

	/* Count what the writer's check would take, line by line. */
	for (p = data; (nl = memchr(p, '\n', size - (size_t)(p - data)));
	     p = nl + 1) {
		struct bb_snapline s;
		char *line = fuzz_text(p, (size_t)(nl - p));
		valid += bb_snapline_take(line, (size_t)(nl - p), &s) == 0;
		free(line);
	}
	/* The reader sees exactly those lines; stopping early stops it. */
	r = bb_snaplog_scan(copy, size, on_line, &sc);
	must(r == 0 && sc.lines == valid);
	if (valid > 1) {
		memcpy(copy, data, size);
		sc.lines = 0;
		sc.stop_at = 1;
		must(bb_snaplog_scan(copy, size, on_line, &sc) == 1 &&
		     sc.lines == 1);
	}
	free(copy);
	write_line(data, size);
	return 0;
}
