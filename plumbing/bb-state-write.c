/* bb-state-write: replace a bottle's state file with stdin, atomically, maybe as a CAS. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic.h"
#include "input.h"
#include "lock.h"
#include "meta.h"
#include "msg.h"
#include "opt.h"
#include "slug.h"
#include "state.h"

static const char usage[] =
	"usage: bb-state-write [--old VALUE] <slug> <key>\n";

/* One line: cut one trailing newline, refuse empty, inner newlines, controls. */
static size_t one_line(const char *key, char *buf, size_t len)
{
	if (!bb_value_line(buf, &len))
		bb_die(BB_USAGE,
		       "invalid value for '%s': give one non-empty line of at "
		       "most %d bytes, no control characters",
		       key, BB_VALUE_MAX);
	buf[len++] = '\n';
	return len;
}

static void check_content(enum bb_key key, const char *slug, char *buf,
			  size_t *len)
{
	const char *why;
	cJSON *m;

	switch (key) {
	case BB_KEY_METADATA:
		/* The parser stops at a NUL: what follows one would be kept unseen. */
		if (strlen(buf) != *len)
			bb_die(BB_USAGE, "invalid metadata.json: it holds a NUL byte");
		m = bb_meta_parse(buf, &why);
		if (!m)
			bb_die(BB_USAGE, "invalid metadata.json: %s", why);
		if (strcmp(bb_meta_str(m, "slug"), slug) != 0)
			bb_die(BB_USAGE,
			       "invalid metadata.json: slug is not '%s'", slug);
		cJSON_Delete(m);
		break;
	case BB_KEY_COMMITTED:
	case BB_KEY_PUSHED:
		*len = one_line(bb_key_name(key), buf, *len);
		break;
	case BB_KEY_PRESERVED:
		/* A marker: its presence is the whole meaning. */
		if (*len)
			bb_die(BB_USAGE, "'preserved' takes no content: "
					 "use bb-mark-preserved");
		break;
	default:
		break;
	}
}

/* Compare ignoring one trailing newline on each side. */
static int same_value(const char *a, size_t alen, const char *b)
{
	size_t blen = strlen(b);

	if (alen && a[alen - 1] == '\n')
		alen--;
	if (blen && b[blen - 1] == '\n')
		blen--;
	return alen == blen && !memcmp(a, b, alen);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {{"old", 1, 0, 'o'},
						 {0, 0, 0, 0}};
	const char *slug, *old = NULL, *what;
	size_t len, max;
	enum bb_key key;
	char *buf, *cur;
	int dir;

	bb_opt_init(argc, argv, usage);
	while (bb_getopt(argc, argv, "", longopts) != -1)
		old = optarg;
	bb_operands(argc, argv, 2, 2);
	slug = argv[optind];
	bb_slug_check(slug);
	key = bb_key_check(argv[optind + 1]);
	if (key == BB_KEY_SNAPSHOTS)
		bb_die(BB_USAGE,
		       "'snapshots' is append-only: use bb-state-append");
	if (old && strchr(old, '\n') && strchr(old, '\n')[1])
		bb_die(BB_USAGE, "--old takes one line");

	max = key == BB_KEY_METADATA ? BB_FILE_MAX : BB_VALUE_MAX + 1;
	buf = bb_read_stdin(max, &len);
	check_content(key, slug, buf, &len);

	/* Only metadata.json makes a bottle; every other key needs one. */
	if (key != BB_KEY_METADATA && bb_open_bottle(slug, 0) < 0)
		bb_die(BB_USAGE, "no such bottle: '%s'", slug);
	bb_lock(slug, BB_LOCK_WAIT);
	dir = bb_open_bottle(slug, key == BB_KEY_METADATA);
	if (dir < 0)
		bb_die(BB_USAGE, "no such bottle: '%s'", slug);
	if (old) {
		size_t curlen;
		if (bb_read_at(dir, bb_key_name(key), BB_FILE_MAX, &cur,
			       &curlen) < 0) {
			if (errno != ENOENT)
				bb_die(BB_FAIL,
				       "unable to read '%s/state/%s/%s': %s",
				       bb_home(), slug, bb_key_name(key),
				       bb_read_why(errno));
			if (*old)
				bb_die(BB_NO,
				       "'%s' of bottle %s is absent, not '%s'",
				       bb_key_name(key), slug, old);
		} else if (!*old) {
			bb_die(BB_NO, "'%s' of bottle %s already exists",
			       bb_key_name(key), slug);
		} else if (!same_value(cur, curlen, old)) {
			bb_die(BB_NO, "'%s' of bottle %s has changed: it is no "
				      "longer '%s'",
			       bb_key_name(key), slug, old);
		}
	}
	if (bb_atomic_write(dir, bb_key_name(key), buf, len, &what) < 0)
		bb_die_errno(BB_FAIL, "unable to %s '%s/state/%s/%s'", what,
			     bb_home(), slug, bb_key_name(key));
	bb_exit_ok();
}
