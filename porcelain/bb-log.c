/* bb log: a bottle's snapshots, newest first, marking the committed one. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>

#include "meta.h"
#include "msg.h"
#include "opt.h"
#include "slug.h"
#include "snaplog.h"
#include "state.h"

static const char usage[] = "usage: bb log [--json] <slug>\n";

#define LOG_JSON_VERSION 1

/* Index of the newest line naming the committed image, or n when none. */
static size_t committed_at(const struct bb_snaplist *l, const char *committed)
{
	size_t i;

	for (i = 0; committed && i < l->n; i++)
		if (!strcmp(l->s[i].ref, committed))
			return i;
	return l->n;
}

static void print_json(const char *slug, const struct bb_snaplist *l,
		       const char *committed)
{
	cJSON *root = cJSON_CreateObject(), *arr;
	size_t i, mark = committed_at(l, committed);
	char *text;

	cJSON_AddNumberToObject(root, "version", LOG_JSON_VERSION);
	cJSON_AddStringToObject(root, "slug", slug);
	bb_json_add_str_or_null(root, "committed_image", committed);
	arr = cJSON_AddArrayToObject(root, "snapshots");
	for (i = 0; i < l->n; i++) {
		const struct bb_snapline *s = &l->s[i];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "n", (double)(i + 1));
		cJSON_AddStringToObject(o, "time", s->time);
		cJSON_AddStringToObject(o, "ref", s->ref);
		bb_json_add_str_or_null(o, "parent",
				strcmp(s->parent, "-") ? s->parent : NULL);
		cJSON_AddStringToObject(o, "message", s->message);
		cJSON_AddBoolToObject(o, "committed", i == mark);
		cJSON_AddItemToArray(arr, o);
	}
	text = cJSON_PrintUnformatted(root);
	if (!text)
		bb_die(BB_FAIL, "out of memory");
	puts(text);
	cJSON_free(text);
	cJSON_Delete(root);
}

static void print_table(const struct bb_snaplist *l, const char *committed)
{
	size_t i, mark = committed_at(l, committed);
	int wn = 1, wr = 8, wp = 6;

	for (i = 0; i < l->n; i++) {
		int n = snprintf(NULL, 0, "%zu", i + 1);
		int r = (int)strlen(l->s[i].ref),
		    p = (int)strlen(l->s[i].parent);
		wn = n > wn ? n : wn;
		wr = r > wr ? r : wr;
		wp = p > wp ? p : wp;
	}
	printf("  %*s  %-20s  %-*s  %-*s  %s\n", wn, "N", "TIME", wr,
	       "SNAPSHOT", wp, "PARENT", "MESSAGE");
	for (i = 0; i < l->n; i++) {
		const struct bb_snapline *s = &l->s[i];
		/* Trailing blanks of an empty message would be noise. */
		printf("%c %*zu  %-20s  %-*s  %-*s%s%s\n",
		       i == mark ? '*' : ' ', wn, i + 1, s->time, wr, s->ref,
		       *s->message ? wp : 0, s->parent, *s->message ? "  " : "",
		       s->message);
	}
	if (committed && mark == l->n)
		printf("* committed: %s (not in the log)\n", committed);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {{"json", 0, 0, 'j'},
						 {0, 0, 0, 0}};
	struct bb_snaplist l;
	const char *slug;
	char *committed;
	int json = 0, fd;

	bb_opt_init(argc, argv, usage);
	while (bb_getopt(argc, argv, "", longopts) != -1)
		json = 1;
	bb_operands(argc, argv, 1, 1);
	slug = argv[optind];
	bb_slug_check(slug);

	/* No lock: readers skip a torn last line, and a value is swapped whole.
	 */
	fd = bb_open_bottle(slug, 0);
	if (fd < 0 && errno == ENOENT)
		bb_die(BB_USAGE, "no such bottle: '%s'", slug);
	close(fd);
	committed = bb_state_value(slug, "committed-image");
	bb_snaplist_load(slug, &l);
	if (json)
		print_json(slug, &l, committed);
	else if (l.n || committed)
		print_table(&l, committed);
	bb_snaplist_free(&l);
	free(committed);
	bb_exit_ok();
}
