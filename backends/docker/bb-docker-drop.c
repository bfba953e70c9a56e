/* bb-docker-drop: delete a snapshot image of this home; a missing one is success. */
#include <stdlib.h>
#include <string.h>

#include "docker.h"
#include "msg.h"
#include "opt.h"
#include "ref.h"
#include "slug.h"
#include "state.h"

static const char usage[] = "usage: bb-docker-drop <ref>\n";

/* Only bot-bottle/<slug>:<tag> is a snapshot: anything else is not ours. */
static void check_snapshot_ref(const char *ref)
{
	size_t prefix = strlen(BB_SNAPSHOT_REPO);
	char *repo, *tag;
	const char *why;

	if (!bb_value_ok(ref, strlen(ref)) || !strchr(ref, ':') ||
	    bb_ref_split(ref, &repo, &tag, &why) < 0)
		bb_die(BB_USAGE, "invalid snapshot reference '%.300s'", ref);
	if (strncmp(repo, BB_SNAPSHOT_REPO, prefix) != 0 ||
	    !bb_slug_ok(repo + prefix))
		bb_die(BB_USAGE,
		       "'%.300s' is not a bb snapshot "
		       "(bot-bottle/<slug>:<tag>)",
		       ref);
	free(repo);
	free(tag);
}

int main(int argc, char **argv)
{
	struct bb_engine *e;
	struct bb_resp r;
	const char *ref;
	char *path;

	bb_opt_init(argc, argv, usage);
	while (bb_getopt(argc, argv, "", NULL) != -1)
		;
	bb_operands(argc, argv, 1, 1);
	ref = argv[optind];
	check_snapshot_ref(ref);
	e = bb_engine_open();

	path = docker_path("/images/", ref, "/json");
	bb_engine_call(e, "GET", path, NULL, 60, &r);
	free(path);
	if (r.status == 404)
		bb_exit_ok(); /* already gone */
	if (r.status != 200 || !cJSON_IsObject(r.json))
		bb_engine_die(&r, "inspect image '%s'", ref);
	/* Unlabelled counts as foreign, as for containers. */
	if (strcmp(docker_home(r.json), bb_home_id()) != 0)
		bb_die(BB_USAGE, "snapshot '%s' belongs to another bb home",
		       ref);
	bb_resp_free(&r);

	/*
	 * force=1 with a tag removes the tag even when a container uses the
	 * image; the image itself goes only when nothing else needs it.
	 */
	path = docker_path("/images/", ref, "?force=1");
	bb_engine_call(e, "DELETE", path, NULL, 120, &r);
	free(path);
	if (r.status != 200 && r.status != 404)
		bb_engine_die(&r, "delete image '%s'", ref);
	bb_resp_free(&r);
	bb_engine_close(e);
	bb_exit_ok();
}
