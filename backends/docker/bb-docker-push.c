/* bb-docker-push: tag an image as <registry>/<repo>:<tag>, push it, print
 * ref@digest. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docker.h"
#include "msg.h"
#include "opt.h"
#include "ref.h"
#include "xalloc.h"

static const char usage[] = "usage: bb-docker-push <ref> <dest>\n";

/* The tag was only a means to push: the engine keeps no name bb made up. */
static void untag(struct bb_engine *e, const char *name)
{
	char *path = docker_path("/images/", name, "?noprune=1");
	struct bb_resp r;

	bb_engine_call(e, "DELETE", path, NULL, 60, &r);
	if (r.status != 200 && r.status != 404)
		bb_warn("unable to remove the tag '%s' again: %s", name,
			bb_resp_message(&r));
	bb_resp_free(&r);
	free(path);
}

int main(int argc, char **argv)
{
	const char *ref, *dest, *why, *headers[2];
	char *repo, *tag, *srepo, *stag, *name, *head, *path, *auth, *what;
	struct bb_query q = {0};
	char registry[256];
	struct docker_stream s;
	struct bb_engine *e;
	struct bb_resp r;
	int existed;

	bb_opt_init(argc, argv, usage);
	while (bb_getopt(argc, argv, "", NULL) != -1)
		;
	bb_operands(argc, argv, 2, 2);
	ref = argv[optind];
	dest = argv[optind + 1];
	if (bb_ref_split(ref, &srepo, &stag, &why) < 0)
		bb_die(BB_USAGE, "invalid image reference '%.300s': %s", ref,
		       why);
	if (bb_ref_split(dest, &repo, &tag, &why) < 0)
		bb_die(BB_USAGE, "invalid destination '%.300s': %s", dest, why);
	if (!docker_has_registry(repo))
		bb_die(BB_USAGE,
		       "invalid destination '%.300s': name a registry host "
		       "first, as in 127.0.0.1:5000/snaps/web:v1",
		       dest);
	docker_registry_of(repo, registry, sizeof(registry));
	name = xasprintf("%s:%s", repo, tag);

	e = bb_engine_open();
	existed = docker_image_exists(e, name);
	if (docker_tag(e, ref, repo, tag, &r) < 0) {
		if (r.status == 404)
			bb_die(BB_FAIL, "unable to push '%s': no such image '%s'",
			       dest, ref);
		bb_engine_die(&r, "tag '%s' as '%s:%s'", ref, repo, tag);
	}

	auth = docker_registry_auth(registry);
	headers[0] = auth;
	headers[1] = NULL;
	/* Always a tag: without one the engine pushes every tag of repo. */
	head = docker_path("/images/", repo, "/push");
	bb_query_add(&q, "tag", tag);
	path = bb_query_path(head, &q);
	what = xasprintf("pushing %s", name);
	docker_stream_init(&s, "Pushing", what);
	bb_engine_stream(e, "POST", path, headers, docker_stream_line, &s, &r);
	bb_progress_end(&s.bar);
	if (!existed)
		untag(e, name);
	if (r.status != 200)
		bb_engine_die(&r, "push '%s'", dest);
	if (s.error)
		bb_die(BB_FAIL, "unable to push '%s': %s", dest, s.error);
	if (!s.digest)
		bb_die(BB_FAIL,
		       "unable to push '%s': the engine gave no digest", dest);
	printf("%s@%s\n", name, s.digest);

	docker_stream_free(&s);
	bb_resp_free(&r);
	free(what);
	free(head);
	free(path);
	free(auth);
	free(name);
	free(repo);
	free(tag);
	free(srepo);
	free(stag);
	bb_engine_close(e);
	bb_exit_ok();
}
