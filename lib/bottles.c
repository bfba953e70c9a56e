/* Scanning the state tree: one read per bottle, one backend call per backend. */
#include <dirent.h>
#include <linux/openat2.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend.h"
#include "bottles.h"
#include "meta.h"
#include "msg.h"
#include "run.h"
#include "slug.h"
#include "state.h"
#include "xalloc.h"

const char *bb_run_state_name(enum bb_run_state s)
{
	static const char *const names[] = {"absent", "stopped", "running",
					    "unknown"};
	return names[s];
}

/*
 * Read state/<slug>/<name> in one open and one read: a scan of ten
 * thousand bottles is bound by system calls. openat2 refuses a link
 * anywhere on the path (the bottle's folder too); before Linux 5.6 the
 * folder is opened first, without following links.
 */
static ssize_t read_small(int state, const char *slug, const char *name,
			  char *buf, size_t cap)
{
	struct open_how how = {.flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC |
					O_NOFOLLOW | O_NOCTTY,
			       .resolve = RESOLVE_NO_SYMLINKS |
					  RESOLVE_BENEATH};
	char path[128];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", slug, name);
	fd = (int)syscall(SYS_openat2, state, path, &how, sizeof(how));
	if (fd < 0 && errno == ENOSYS) {
		int dir = openat(state, slug, O_RDONLY | O_DIRECTORY |
						      O_NOFOLLOW | O_CLOEXEC);
		fd = dir < 0 ? -1 : openat(dir, name, (int)how.flags);
		if (dir >= 0)
			close(dir);
	}
	if (fd < 0)
		return -1;
	/* A regular file gives all it has to one read; a FIFO gives nothing. */
	n = read(fd, buf, cap);
	close(fd);
	return n == (ssize_t)cap ? -1 : n;
}

static char *backend_of(int state, const char *slug)
{
	char text[8192];
	const char *why, *b;
	ssize_t n = read_small(state, slug, "metadata.json", text,
			       sizeof(text) - 1);
	char *out = NULL;
	cJSON *m;

	if (n <= 0)
		return NULL;
	text[n] = 0;
	m = bb_meta_parse(text, &why);
	b = m ? bb_meta_backend(m) : NULL;
	if (b && !strcmp(bb_meta_str(m, "slug"), slug))
		out = xstrdup(b);
	cJSON_Delete(m);
	return out;
}

static char *committed_of(int state, const char *slug)
{
	/* The value, its newline, one byte more to see a longer file, a NUL. */
	char text[BB_VALUE_MAX + 3];
	ssize_t n = read_small(state, slug, "committed-image", text,
			       sizeof(text) - 1);
	size_t len;

	if (n <= 0)
		return NULL;
	text[n] = 0;
	len = (size_t)n;
	return bb_value_line(text, &len) ? xstrdup(text) : NULL;
}

static void read_bottle(int state, struct bb_bottle *b, int details)
{
	struct stat st;
	char path[128];

	b->backend = backend_of(state, b->slug);
	b->committed = committed_of(state, b->slug);
	snprintf(path, sizeof(path), "%s/preserved", b->slug);
	b->preserved = details &&
		       fstatat(state, path, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

struct scan {
	int state, details;
	struct bb_bottle *b;
	size_t from, to;
};

static void *scan_part(void *arg)
{
	const struct scan *s = arg;
	size_t i;

	for (i = s->from; i < s->to; i++)
		read_bottle(s->state, &s->b[i], s->details);
	return NULL;
}

/* Two readers: the scan is system calls, and two cores halve it. */
static void read_all(int state, struct bb_bottle *b, size_t n, int details)
{
	struct scan half[2] = {{state, details, b, 0, n / 2},
			       {state, details, b, n / 2, n}};
	pthread_t t;

	if (n < 256 || pthread_create(&t, NULL, scan_part, &half[1]) != 0) {
		half[0].to = n;
		scan_part(&half[0]);
		return;
	}
	scan_part(&half[0]);
	pthread_join(t, NULL);
}

static int by_slug(const void *a, const void *b)
{
	return strcmp(((const struct bb_bottle *)a)->slug,
		      ((const struct bb_bottle *)b)->slug);
}

/* One backend's list call, run in a thread while the scan goes on. */
struct listing {
	char backend[40];
	struct bb_run run;
	int code;
	pthread_t thread;
	int started;
};

static void *run_listing(void *arg)
{
	struct listing *l = arg;
	char prog[128], *args[3];

	bb_backend_prog(l->backend, "list", prog, sizeof(prog));
	args[0] = prog;
	args[1] = "-z";
	args[2] = NULL;
	l->run.capture = 1;
	l->code = bb_run(args, &l->run);
	return NULL;
}

static void start_listing(struct listing *l, const char *backend)
{
	memset(l, 0, sizeof(*l));
	snprintf(l->backend, sizeof(l->backend), "%s", backend);
	l->started = pthread_create(&l->thread, NULL, run_listing, l) == 0;
	if (!l->started)
		run_listing(l);
}

/* Mark the backend's bottles from its "name<TAB>state" list. */
static void apply_listing(struct listing *l, struct bb_bottle *b, size_t n)
{
	size_t i, prefix = strlen(BB_OBJECT_PREFIX);
	char *p, *end;

	if (l->started)
		pthread_join(l->thread, NULL);
	if (l->code != 0) {
		free(l->run.output);
		return; /* left "unknown"; the backend said why on stderr */
	}
	for (i = 0; i < n; i++)
		if (b[i].backend && !strcmp(b[i].backend, l->backend))
			b[i].state = BB_ABSENT;
	end = l->run.output + l->run.output_len;
	for (p = l->run.output; p && p < end; p += strlen(p) + 1) {
		char *tab = strchr(p, '\t');
		struct bb_bottle key = {0}, *hit;
		if (!tab || strncmp(p, BB_OBJECT_PREFIX, prefix) != 0)
			continue;
		*tab = 0;
		key.slug = p + prefix;
		hit = bsearch(&key, b, n, sizeof(*b), by_slug);
		if (hit && hit->backend && !strcmp(hit->backend, l->backend))
			hit->state = strcmp(tab + 1, "running") != 0 ? BB_STOPPED :
								 BB_RUNNING;
	}
	free(l->run.output);
}

static void states_one_by_one(const char *backend, struct bb_bottle *b,
			      size_t n)
{
	char prog[128], name[80], *args[3];
	size_t i;

	bb_backend_prog(backend, "running", prog, sizeof(prog));
	for (i = 0; i < n; i++) {
		struct bb_run run = {.quiet_stderr = 1};
		int code;
		if (!b[i].backend || strcmp(b[i].backend, backend) != 0)
			continue;
		bb_object_name(b[i].slug, name, sizeof(name));
		args[0] = prog;
		args[1] = name;
		args[2] = NULL;
		code = bb_run(args, &run);
		b[i].state = code == 0 ? BB_RUNNING :
			     code == 1 ? BB_STOPPED :
					 BB_UNKNOWN;
	}
}

size_t bb_bottles_scan(struct bb_bottle **out, int states, int details)
{
	int state = bb_open_sub("state", 0);
	struct bb_bottle *b = NULL;
	struct listing early;
	size_t n = 0, cap = 0, i, j;
	const struct dirent *e;
	int have_early = 0;
	DIR *d;

	*out = NULL;
	if (state < 0)
		return 0;
	d = fdopendir(dup(state));
	if (!d)
		bb_die_errno(BB_FAIL, "unable to list '%s/state'", bb_home());
	while ((e = readdir(d))) {
		if (!bb_slug_ok(e->d_name))
			continue; /* dot-files, temp files, strays */
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			b = xrealloc(b, cap * sizeof(*b));
		}
		memset(&b[n], 0, sizeof(b[n]));
		b[n].slug = xstrdup(e->d_name);
		b[n++].state = BB_UNKNOWN;
	}
	closedir(d);
	/* Most homes use one backend: ask it while the rest is read. */
	if (states && n) {
		read_bottle(state, &b[0], details);
		if (b[0].backend && bb_backend_has(b[0].backend, "list")) {
			start_listing(&early, b[0].backend);
			have_early = 1;
		}
	}
	if (n)
		read_all(state, b + !!states, n - !!states, details);
	close(state);
	if (n)
		qsort(b, n, sizeof(*b), by_slug);
	if (have_early)
		apply_listing(&early, b, n);
	for (i = 0; states && i < n; i++) {
		const char *be = b[i].backend;
		struct listing l;
		/* Each backend once: skip it when an earlier bottle had it. */
		for (j = 0; be && j < i; j++)
			if (b[j].backend && !strcmp(b[j].backend, be))
				break;
		if (!be || j < i || (have_early && !strcmp(be, early.backend)) ||
		    !bb_backend_has(be, "running"))
			continue;
		if (bb_backend_has(be, "list")) {
			start_listing(&l, be);
			apply_listing(&l, b, n);
		} else {
			states_one_by_one(be, b, n);
		}
	}
	*out = b;
	return n;
}

void bb_bottles_free(struct bb_bottle *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(b[i].slug);
		free(b[i].backend);
		free(b[i].committed);
	}
	free(b);
}
