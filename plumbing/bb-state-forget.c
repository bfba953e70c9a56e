/* bb-state-forget: drop the lines of given snapshots from a bottle's log, atomically. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic.h"
#include "input.h"
#include "lock.h"
#include "msg.h"
#include "opt.h"
#include "slug.h"
#include "snaplog.h"
#include "state.h"
#include "xalloc.h"

static const char usage[] = "usage: bb-state-forget <slug> snapshots\n";

/* At most this many refs per call: gc forgets a handful at a time. */
#define FORGET_MAX 100000

struct refs {
	char *buf; /* the refs point into it */
	char **ref;
	size_t n;
};

/* Refs from stdin, one per line, each a valid one-line value. */
static void read_refs(struct refs *r)
{
	size_t len, cap = 0;
	char *line, *nl;

	r->buf = bb_read_stdin((size_t)FORGET_MAX * (BB_VALUE_MAX + 1), &len);
	if (len && r->buf[len - 1] != '\n')
		r->buf[len++] = '\n'; /* bb_read_stdin keeps a byte for the NUL */
	for (line = r->buf; line < r->buf + len; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(r->buf + len - line));
		*nl = 0;
		if (!bb_value_ok(line, (size_t)(nl - line)))
			bb_die(BB_USAGE,
			       "invalid ref on standard input: give one ref "
			       "per line, not empty, no control characters");
		if (r->n == FORGET_MAX)
			bb_die(BB_USAGE, "unable to take standard input: more "
					 "than %d refs",
			       FORGET_MAX);
		if (r->n == cap) {
			cap = cap ? 2 * cap : 16;
			r->ref = xrealloc(r->ref, cap * sizeof(*r->ref));
		}
		r->ref[r->n++] = line;
	}
}

static int named(const struct refs *r, const char *ref)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (!strcmp(r->ref[i], ref))
			return 1;
	return 0;
}

/*
 * Copy the log to out without the lines of the refs. Other complete
 * lines are kept byte for byte, even ones that do not parse; a torn last
 * line (no newline) was never a commit and is left out, as
 * bb-state-append does. Returns the number of lines left out.
 */
static size_t filter(const char *log, size_t len, const struct refs *r,
		     char *out, size_t *outlen)
{
	const char *line, *nl;
	size_t dropped = 0;
	char copy[BB_SNAPLINE_MAX];

	*outlen = 0;
	for (line = log; (nl = memchr(line, '\n', (size_t)(log + len - line)));
	     line = nl + 1) {
		size_t n = (size_t)(nl - line);
		struct bb_snapline s;
		if (n < sizeof(copy)) {
			memcpy(copy, line, n);
			copy[n] = 0;
			if (!bb_snapline_take(copy, n, &s) && named(r, s.ref)) {
				dropped++;
				continue;
			}
		}
		memcpy(out + *outlen, line, n + 1);
		*outlen += n + 1;
	}
	if (line != log + len)
		dropped++; /* the torn tail */
	return dropped;
}

int main(int argc, char **argv)
{
	struct refs r = {0};
	const char *slug, *what;
	size_t len, outlen;
	char *log, *out;
	int dir;

	bb_opt_init(argc, argv, usage);
	while (bb_getopt(argc, argv, "", NULL) != -1)
		;
	bb_operands(argc, argv, 2, 2);
	slug = argv[optind];
	bb_slug_check(slug);
	if (bb_key_check(argv[optind + 1]) != BB_KEY_SNAPSHOTS)
		bb_die(BB_USAGE, "only lines of 'snapshots' can be forgotten: "
				 "use bb-state-write");
	read_refs(&r);

	/* Checked before the lock too, so a typo creates no lock file. */
	if (bb_open_bottle(slug, 0) < 0)
		bb_die(BB_USAGE, "no such bottle: '%s'", slug);
	bb_lock(slug, BB_LOCK_WAIT);
	dir = bb_open_bottle(slug, 0);
	if (dir < 0)
		bb_die(BB_USAGE, "no such bottle: '%s'", slug);
	if (!r.n)
		bb_exit_ok();
	if (bb_read_at(dir, "snapshots", BB_LOG_MAX, &log, &len) < 0) {
		if (errno == ENOENT)
			bb_exit_ok();
		bb_die(BB_FAIL, "unable to read '%s/state/%s/snapshots': %s",
		       bb_home(), slug, bb_read_why(errno));
	}
	out = xrealloc(NULL, len + 1);
	/* Nothing to leave out: the file stays as it is, untouched. */
	if (filter(log, len, &r, out, &outlen) == 0)
		bb_exit_ok();
	if (bb_atomic_write(dir, "snapshots", out, outlen, &what) < 0)
		bb_die_errno(BB_FAIL, "unable to %s '%s/state/%s/snapshots'",
			     what, bb_home(), slug);
	free(out);
	free(log);
	free(r.ref);
	free(r.buf);
	bb_exit_ok();
}
