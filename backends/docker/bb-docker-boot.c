/* bb-docker-boot: start bot-bottle-<slug> from a snapshot or its image. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docker.h"
#include "meta.h"
#include "msg.h"
#include "opt.h"
#include "slug.h"
#include "state.h"

static const char usage[] = "usage: bb-docker-boot <slug> [<ref>]\n";

/* A missing image is pulled, unless it is one of bb's own snapshots. */
static void check_image(struct bb_engine *e, const char *slug,
			const char *image, int snapshot)
{
	const char *kind = snapshot ? "snapshot" : "image";
	char *repo, *tag, *why;

	if (docker_image_exists(e, image))
		return;
	if (docker_pull_split(image, &repo, &tag) < 0)
		bb_die(BB_FAIL,
		       snapshot ? "unable to boot bottle %s: snapshot '%s' no "
				  "longer exists" :
				  "unable to boot bottle %s: image '%s' does not "
				  "exist",
		       slug, image);
	why = docker_pull(e, repo, tag);
	if (why)
		bb_die(BB_FAIL,
		       "unable to boot bottle %s: %s '%s' does not exist here, "
		       "and pulling it failed: %s",
		       slug, kind, image, why);
	if (!docker_image_exists(e, image))
		bb_die(BB_FAIL,
		       "unable to boot bottle %s: %s '%s' was pulled but the "
		       "engine does not find it",
		       slug, kind, image);
	free(repo);
	free(tag);
}

/* Remove a stopped leftover; a running one means the bottle is up already. */
static void clear_leftover(struct bb_engine *e, const char *slug,
			   const char *name)
{
	cJSON *c = docker_inspect_own(e, name);
	struct bb_resp r;
	char *path;

	if (!c)
		return;
	if (docker_is_running(c))
		bb_die(BB_USAGE, "bottle %s is already running", slug);
	path = docker_path("/containers/", docker_id(c), "?force=1&v=1");
	bb_engine_call(e, "DELETE", path, NULL, 120, &r);
	if (r.status != 204 && r.status != 404)
		bb_engine_die(&r, "remove the stopped container '%s'", name);
	bb_resp_free(&r);
	free(path);
	cJSON_Delete(c);
}

static char *create_body(const cJSON *meta, const char *slug,
			 const char *image)
{
	cJSON *b = cJSON_CreateObject(), *labels;
	const cJSON *cmd = cJSON_GetObjectItemCaseSensitive(meta, "command");
	const cJSON *env = cJSON_GetObjectItemCaseSensitive(meta, "env");
	const char *wd = bb_meta_str(meta, "workdir");
	char *text;

	cJSON_AddStringToObject(b, "Image", image);
	if (cJSON_GetArraySize(cmd) > 0)
		cJSON_AddItemToObject(b, "Cmd", cJSON_Duplicate(cmd, 1));
	if (cJSON_GetArraySize(env) > 0)
		cJSON_AddItemToObject(b, "Env", cJSON_Duplicate(env, 1));
	if (wd && *wd)
		cJSON_AddStringToObject(b, "WorkingDir", wd);
	labels = cJSON_AddObjectToObject(b, "Labels");
	cJSON_AddStringToObject(labels, BB_LABEL_SLUG, slug);
	cJSON_AddStringToObject(labels, BB_LABEL_HOME, bb_home_id());
	text = cJSON_PrintUnformatted(b);
	cJSON_Delete(b);
	if (!text)
		bb_die(BB_FAIL, "out of memory");
	return text;
}

int main(int argc, char **argv)
{
	const char *slug, *ref, *image;
	char name[80], *body, *path, *id;
	struct bb_engine *e;
	struct bb_resp r;
	cJSON *meta;

	bb_opt_init(argc, argv, usage);
	while (bb_getopt(argc, argv, "", NULL) != -1)
		;
	bb_operands(argc, argv, 1, 2);
	slug = argv[optind];
	ref = argv[optind + 1];
	bb_slug_check(slug);
	if (ref && !bb_value_ok(ref, strlen(ref)))
		bb_die(BB_USAGE, "invalid snapshot reference");
	meta = bb_meta_load(slug);
	image = ref ? ref : bb_meta_str(meta, "image");
	if (!image || !*image)
		bb_die(BB_FAIL, "unable to boot bottle %s: its metadata names "
				"no image",
		       slug);
	snprintf(name, sizeof(name), BB_OBJECT_PREFIX "%s", slug);

	e = bb_engine_open();
	/* The snapshot first: a missing one must change nothing. */
	check_image(e, slug, image, ref != NULL);
	clear_leftover(e, slug, name);

	body = create_body(meta, slug, image);
	path = docker_path("/containers/create?name=", name, "");
	bb_engine_call(e, "POST", path, body, 120, &r);
	if (r.status != 201)
		bb_engine_die(&r, "create container '%s'", name);
	id = strdup(cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(r.json, "Id")) ?: "");
	bb_resp_free(&r);
	free(path);
	free(body);
	if (!id || !*id)
		bb_die(BB_FAIL, "unable to create container '%s': no id", name);

	path = docker_path("/containers/", id, "/start");
	bb_engine_call(e, "POST", path, NULL, 120, &r);
	if (r.status != 204 && r.status != 304) {
		struct bb_resp gone;
		char *del = docker_path("/containers/", id, "?force=1&v=1");
		char saved[1024];
		long status = r.status;

		/* Leave no half-made container behind a failed start. */
		snprintf(saved, sizeof(saved), "%s", bb_resp_message(&r));
		bb_engine_call(e, "DELETE", del, NULL, 120, &gone);
		bb_die(BB_FAIL, "unable to start container '%s': %s (HTTP %ld)",
		       name, saved, status);
	}
	bb_resp_free(&r);
	free(path);
	free(id);
	cJSON_Delete(meta);
	bb_engine_close(e);
	bb_exit_ok();
}
