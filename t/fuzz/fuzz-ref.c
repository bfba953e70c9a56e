/*
 * Fuzz bb_ref_split: a ref it takes must be one the engine takes too
 * (distribution/reference's grammar, as a POSIX regex), must split the
 * same way when joined again, and must make a plain file name. Also: every
 * valid slug makes a valid snapshot ref and container name.
 */
#include <regex.h>

#include "fuzz.h"
#include "ref.h"
#include "slug.h"

/* distribution/distribution v2.8.2 reference/regexp.go, anchored. */
#define ALNUM "[a-z0-9]+"
#define SEP "([._]|__|-*)"
#define COMP ALNUM "(" SEP ALNUM ")*"
#define DCOMP "([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
#define DOMAIN DCOMP "(\\." DCOMP ")*(:[0-9]+)?"
#define NAME "(" DOMAIN "/)?" COMP "(/" COMP ")*"
#define TAG "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}"

static regex_t name_re, tag_re;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (regcomp(&name_re, "^" NAME "$", REG_EXTENDED | REG_NOSUB) ||
	    regcomp(&tag_re, "^" TAG "$", REG_EXTENDED | REG_NOSUB))
		abort();
	return 0;
}

static void check_ref(const char *ref)
{
	char *repo = NULL, *tag = NULL, *repo2, *tag2, *joined, file[512];
	const char *why = "unset", *p;
	size_t n;

	if (bb_ref_split(ref, &repo, &tag, &why) < 0) {
		must(why && *why);
		return;
	}
	must(!why && repo && tag);
	must(*repo && strlen(repo) <= 255);
	must(*tag && strlen(tag) <= 128);
	must(!strchr(ref, '@'));
	/* The engine's grammar takes it: no image is made before a 500. */
	must(regexec(&name_re, repo, 0, NULL, 0) == 0);
	must(regexec(&tag_re, tag, 0, NULL, 0) == 0);
	/* Joined with its tag it splits the same way. */
	n = strlen(repo) + strlen(tag) + 2;
	joined = malloc(n);
	must(joined);
	snprintf(joined, n, "%s:%s", repo, tag);
	must(bb_ref_split(joined, &repo2, &tag2, &why) == 0);
	must(!strcmp(repo, repo2) && !strcmp(tag, tag2));
	/* Either it was given with this tag, or with none ("latest"). */
	must(!strcmp(ref, joined) ||
	     (!strcmp(tag, "latest") && !strcmp(ref, repo)));
	bb_ref_filename(joined, file, sizeof(file));
	must(strlen(file) > 4 && !strcmp(file + strlen(file) - 4, ".tar"));
	for (p = file; *p; p++)
		must(*p != '/' && *p != ':' && *p != '@');
	free(joined);
	free(repo);
	free(tag);
	free(repo2);
	free(tag2);
}

/* bot-bottle/<slug>:<stamp> and bot-bottle-<slug>, for every valid slug. */
static void check_slug(const char *slug)
{
	char ref[128], name[96], *repo, *tag;
	const char *why;
	size_t n;

	if (!bb_slug_ok(slug))
		return;
	must(strlen(slug) <= BB_SLUG_MAX);
	snprintf(ref, sizeof(ref), BB_SNAPSHOT_REPO "%s:20261128T150000Z-2",
		 slug);
	must(bb_ref_split(ref, &repo, &tag, &why) == 0);
	free(repo);
	free(tag);
	/* Docker's container name rule: [a-zA-Z0-9][a-zA-Z0-9_.-]+, at most
	 * 128. */
	n = (size_t)snprintf(name, sizeof(name), BB_OBJECT_PREFIX "%s", slug);
	must(n <= 63 &&
	     strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_.-") == n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;

	if (size > 1024)
		return 0; /* the regex is the slow part; refs are short */
	text = fuzz_text(data, size);
	check_ref(text);
	check_slug(text);
	free(text);
	return 0;
}
