/* Backends are folders of executables; porcelain finds them by name only. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "msg.h"
#include "run.h"
#include "slug.h"
#include "xalloc.h"

void bb_backend_prog(const char *backend, const char *verb, char *buf, size_t n)
{
	snprintf(buf, n, "bb-%s-%s", backend, verb);
}

int bb_backend_has(const char *backend, const char *verb)
{
	char prog[128];

	bb_backend_prog(backend, verb, prog, sizeof(prog));
	return bb_sibling(prog) != NULL;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "docker, macos-container": the backends the exec path holds, sorted. */
static void known(char *buf, size_t n)
{
	DIR *d = opendir(bb_exec_path());
	const struct dirent *e;
	char *names[32];
	size_t count = 0, i, o = 0;

	buf[0] = 0;
	if (!d)
		return;
	while ((e = readdir(d)) && count < 32) {
		size_t len = strlen(e->d_name);
		if (strncmp(e->d_name, "bb-", 3) != 0 || len < 9 ||
		    strcmp(e->d_name + len - 5, "-boot") != 0)
			continue;
		names[count++] = xasprintf("%.*s", (int)(len - 8),
					   e->d_name + 3);
	}
	closedir(d);
	qsort(names, count, sizeof(*names), by_name);
	for (i = 0; i < count; i++) {
		o += (size_t)snprintf(buf + o, n > o ? n - o : 0, "%s%s",
				      i ? ", " : "", names[i]);
		free(names[i]);
	}
}

static int is_known(const char *backend)
{
	return strlen(backend) <= 32 &&
	       strspn(backend, "abcdefghijklmnopqrstuvwxyz0123456789-") ==
		       strlen(backend) &&
	       *backend && bb_backend_has(backend, "boot");
}

void bb_backend_check(const char *backend)
{
	char list[512];

	if (is_known(backend))
		return;
	known(list, sizeof(list));
	bb_die(BB_USAGE, "unknown backend '%.32s' (known: %s)", backend,
	       *list ? list : "none");
}

void bb_backend_check_bottle(const char *slug, const char *backend)
{
	char list[512];

	if (is_known(backend))
		return;
	known(list, sizeof(list));
	bb_die(BB_FAIL,
	       "unable to use bottle %s: its metadata.json names an unknown "
	       "backend '%.32s' (known: %s)",
	       slug, backend, *list ? list : "none");
}

void bb_object_name(const char *slug, char *buf, size_t n)
{
	snprintf(buf, n, BB_OBJECT_PREFIX "%s", slug);
}
