/* Scanning the state tree: one read per bottle, one backend call per backend. */
#include <dirent.h>
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

/* Only the backend name is needed: read it without keeping the tree. */
static char *backend_of(int dir)
{
	const char *why, *b;
	char *text, *out = NULL;
	cJSON *m;

	if (bb_read_at(dir, "metadata.json", BB_FILE_MAX, &text, NULL) < 0)
		return NULL;
	m = bb_meta_parse(text, &why);
	free(text);
	b = m ? bb_meta_backend(m) : NULL;
	if (b)
		out = xstrdup(b);
	cJSON_Delete(m);
	return out;
}

static char *committed_of(int dir)
{
	char *buf;
	size_t len;

	if (bb_read_at(dir, "committed-image", BB_VALUE_MAX + 1, &buf, &len) < 0)
		return NULL;
	if (len && buf[len - 1] == '\n')
		buf[--len] = 0;
	if (!bb_value_ok(buf, len)) {
		free(buf);
		return NULL;
	}
	return buf;
}

static void read_bottle(int state, const char *slug, struct bb_bottle *b)
{
	int dir = openat(state, slug,
			 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;

	memset(b, 0, sizeof(*b));
	b->slug = xstrdup(slug);
	b->state = BB_UNKNOWN;
	if (dir < 0)
		return;
	b->backend = backend_of(dir);
	b->committed = committed_of(dir);
	b->preserved = fstatat(dir, "preserved", &st, AT_SYMLINK_NOFOLLOW) == 0;
	close(dir);
}

static int by_slug(const void *a, const void *b)
{
	return strcmp(((const struct bb_bottle *)a)->slug,
		      ((const struct bb_bottle *)b)->slug);
}

/* Ask one backend once for all its objects, and mark its bottles. */
static void states_by_list(const char *backend, struct bb_bottle *b, size_t n)
{
	char prog[128], *args[3], *p, *end;
	struct bb_run run = {.capture = 1};
	size_t i, prefix = strlen(BB_OBJECT_PREFIX);

	bb_backend_prog(backend, "list", prog, sizeof(prog));
	args[0] = prog;
	args[1] = "-z";
	args[2] = NULL;
	if (bb_run(args, &run) != 0) {
		free(run.output);
		return; /* left "unknown"; the backend said why on stderr */
	}
	for (i = 0; i < n; i++)
		if (b[i].backend && !strcmp(b[i].backend, backend))
			b[i].state = BB_ABSENT;
	end = run.output + run.output_len;
	for (p = run.output; p && p < end; p += strlen(p) + 1) {
		char *tab = strchr(p, '\t');
		struct bb_bottle key = {0}, *hit;
		if (!tab || strncmp(p, BB_OBJECT_PREFIX, prefix) != 0)
			continue;
		*tab = 0;
		key.slug = p + prefix;
		hit = bsearch(&key, b, n, sizeof(*b), by_slug);
		if (hit && hit->backend && !strcmp(hit->backend, backend))
			hit->state = strcmp(tab + 1, "running") != 0 ? BB_STOPPED :
								 BB_RUNNING;
	}
	free(run.output);
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

size_t bb_bottles_scan(struct bb_bottle **out, int states)
{
	int state = bb_open_sub("state", 0);
	struct bb_bottle *b = NULL;
	size_t n = 0, cap = 0, i, j;
	const struct dirent *e;
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
		read_bottle(state, e->d_name, &b[n++]);
	}
	closedir(d);
	close(state);
	if (n)
		qsort(b, n, sizeof(*b), by_slug);
	for (i = 0; states && i < n; i++) {
		const char *be = b[i].backend;
		/* Each backend once: skip it when an earlier bottle had it. */
		for (j = 0; be && j < i; j++)
			if (b[j].backend && !strcmp(b[j].backend, be))
				break;
		if (!be || j < i || !bb_backend_has(be, "running"))
			continue;
		if (bb_backend_has(be, "list"))
			states_by_list(be, b, n);
		else
			states_one_by_one(be, b, n);
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
