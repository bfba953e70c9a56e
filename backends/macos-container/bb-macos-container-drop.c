/* bb-macos-container-drop: `container image delete` a snapshot; a missing one is success. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "container.h"
#include "msg.h"
#include "opt.h"
#include "slug.h"
#include "state.h"

static const char usage[] = "usage: bb-macos-container-drop <ref>\n";

/* Only bot-bottle/<slug>:<tag> is a snapshot: anything else is not ours. */
static void check_snapshot_ref(const char *ref)
{
	size_t prefix = strlen(BB_SNAPSHOT_REPO);
	const char *colon = strrchr(ref, ':');
	char slug[BB_SLUG_MAX + 1];
	size_t n;

	if (!bb_value_ok(ref, strlen(ref)) || strchr(ref, ' '))
		bb_die(BB_USAGE, "invalid snapshot reference '%.300s'", ref);
	n = colon ? (size_t)(colon - ref) : 0;
	if (strncmp(ref, BB_SNAPSHOT_REPO, prefix) != 0 || n <= prefix ||
	    n - prefix > BB_SLUG_MAX || !colon[1] || strchr(colon + 1, '/'))
		goto bad;
	memcpy(slug, ref + prefix, n - prefix);
	slug[n - prefix] = 0;
	if (bb_slug_ok(slug))
		return;
bad:
	bb_die(BB_USAGE,
	       "'%.300s' is not a bb snapshot (bot-bottle/<slug>:<tag>)", ref);
}

static const cJSON *at(const cJSON *o, const char *a, const char *b)
{
	return cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(o, a), b);
}

/*
 * `container image inspect REF`: 0 when the image is absent, 1 when it is
 * there. Dies 100 when its labels name another home; an image that shows
 * no home label is taken as ours, as the CLI may not show labels.
 */
static int present(const char *ref)
{
	char *args[] = {"container", "image", "inspect", (char *)ref, NULL};
	const cJSON *v, *label, *variants;
	char *out, *err;
	int code = bb_tool_try(args, &out, &err);
	cJSON *arr;

	if (code != 0 && strstr(err, "not found")) {
		free(out);
		free(err);
		return 0;
	}
	if (code != 0)
		bb_tool_die("look for the snapshot", args, err, code);
	arr = cJSON_Parse(out);
	variants = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(arr, 0),
						    "variants");
	cJSON_ArrayForEach(v, variants)
	{
		const cJSON *conf = at(v, "config", "config");

		label = at(conf, "Labels", BB_LABEL_HOME);
		if (cJSON_IsString(label) &&
		    strcmp(label->valuestring, bb_home_id()) != 0)
			bb_die(BB_USAGE,
			       "snapshot '%s' belongs to another bb home", ref);
	}
	cJSON_Delete(arr);
	free(out);
	free(err);
	return 1;
}

int main(int argc, char **argv)
{
	char *args[] = {"container", "image", "delete", NULL, NULL};
	char *out, *err, what[400];
	const char *ref;
	int code;

	bb_opt_init(argc, argv, usage);
	while (bb_getopt(argc, argv, "", NULL) != -1)
		;
	bb_operands(argc, argv, 1, 1);
	ref = argv[optind];
	check_snapshot_ref(ref);
	if (!present(ref))
		bb_exit_ok();
	args[3] = (char *)ref;
	code = bb_tool_try(args, &out, &err);
	/* "failed to delete one or more images" also means a missing one. */
	if (code != 0 && present(ref)) {
		snprintf(what, sizeof(what), "delete the snapshot '%s'", ref);
		bb_tool_die(what, args, err, code);
	}
	free(out);
	free(err);
	bb_exit_ok();
}
