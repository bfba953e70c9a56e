/* bb-docker-commit: POST /commit a container as repo:tag; print the image id. */
/*
 * The image is committed untagged, then tagged: a commit killed while the
 * engine works on it then leaves a dangling image, never a tag that lands
 * later on top of a newer commit's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docker.h"
#include "msg.h"
#include "opt.h"
#include "progress.h"
#include "ref.h"
#include "xalloc.h"

static const char usage[] =
	"usage: bb-docker-commit [--no-pause] [--new] [-m MSG] [--label K=V]... <container> <repo:tag>\n";

/* LABEL "k"="v" for the changes parameter: Dockerfile quoting. */
static char *label_change(const char *kv)
{
	const char *eq = strchr(kv, '=');
	size_t n = strlen(kv), o = 0;
	char *out = xcalloc(2 * n + 16);
	const char *p;

	o += (size_t)sprintf(out, "LABEL \"");
	for (p = kv; *p; p++) {
		if (p == eq) {
			o += (size_t)sprintf(out + o, "\"=\"");
			continue;
		}
		if (*p == '"' || *p == '\\')
			out[o++] = '\\';
		out[o++] = *p;
	}
	out[o++] = '"';
	out[o] = 0;
	return out;
}

static void check_label(const char *kv)
{
	const char *eq = strchr(kv, '=');
	const char *p;

	if (!eq || eq == kv)
		bb_usage_die("--label takes K=V: '%s'", kv);
	for (p = kv; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			bb_usage_die("--label must not hold control characters");
}

static void note_mounts(const cJSON *c)
{
	const cJSON *m;

	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(c, "Mounts"))
	{
		const cJSON *type = cJSON_GetObjectItemCaseSensitive(m, "Type");
		const cJSON *dst =
			cJSON_GetObjectItemCaseSensitive(m, "Destination");
		if (cJSON_IsString(dst))
			bb_note("note: %s mount '%s' is not in the snapshot",
				cJSON_IsString(type) ? type->valuestring : "a",
				dst->valuestring);
	}
}

/* Best effort: a commit that cannot be tagged leaves no dangling image. */
static void drop_untagged(struct bb_engine *e, const char *id)
{
	char *path = docker_path("/images/", id, "");
	struct bb_resp r;

	bb_engine_call(e, "DELETE", path, NULL, 60, &r);
	bb_resp_free(&r);
	free(path);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {{"no-pause", 0, 0, 'P'},
						 {"new", 0, 0, 'N'},
						 {"message", 1, 0, 'm'},
						 {"label", 1, 0, 'l'},
						 {0, 0, 0, 0}};
	const char *msg = NULL, *container, *why, *id;
	char **labels = NULL, *repo, *tag, *path, what[300];
	struct bb_query q = {0};
	struct bb_engine *e;
	struct bb_progress bar;
	struct bb_resp r, t;
	size_t nlabels = 0, i;
	int nopause = 0, fresh = 0, c;
	cJSON *ctr;

	bb_opt_init(argc, argv, usage);
	labels = xcalloc((size_t)argc * sizeof(*labels));
	while ((c = bb_getopt(argc, argv, "m:", longopts)) != -1) {
		if (c == 'P') {
			nopause = 1;
		} else if (c == 'N') {
			fresh = 1;
		} else if (c == 'm') {
			msg = optarg;
		} else if (optarg) { /* getopt gives 'l' with its value */
			check_label(optarg);
			labels[nlabels++] = optarg;
		}
	}
	bb_operands(argc, argv, 2, 2);
	container = argv[optind];
	docker_check_name(container);
	/* A bad tag on a 20.10 engine fails only after the image is made. */
	if (bb_ref_split(argv[optind + 1], &repo, &tag, &why) < 0)
		bb_die(BB_USAGE, "invalid image reference '%.300s': %s",
		       argv[optind + 1], why);

	e = bb_engine_open();
	ctr = docker_inspect_own(e, container);
	if (!ctr)
		bb_die(BB_FAIL, "unable to commit '%s': no such container",
		       container);
	if (fresh && docker_image_exists(e, argv[optind + 1]))
		bb_die(BB_NO, "unable to commit '%s': '%s' already exists",
		       container, argv[optind + 1]);
	note_mounts(ctr);

	bb_query_add(&q, "container", docker_id(ctr));
	if (msg)
		bb_query_add(&q, "comment", msg);
	for (i = 0; i < nlabels; i++) {
		char *change = label_change(labels[i]);
		bb_query_add(&q, "changes", change);
		free(change);
	}
	/* Absent means pause on every daemon; "0" is the only portable off. */
	if (nopause)
		bb_query_add(&q, "pause", "0");
	path = bb_query_path("/commit", &q);
	/* No timeout: nothing flows until the image exists, maybe minutes. */
	snprintf(what, sizeof(what), "committing %s", container);
	bb_progress_start(&bar, what);
	bb_engine_call(e, "POST", path, NULL, 0, &r);
	bb_progress_end(&bar);
	if (r.status != 201)
		bb_engine_die(&r, "commit '%s'", container);
	id = docker_commit_id(r.json);
	if (!id)
		bb_die(BB_FAIL, "unable to commit '%s': the engine gave no id",
		       container);
	if (fresh && docker_image_exists(e, argv[optind + 1])) {
		drop_untagged(e, id);
		bb_die(BB_NO, "unable to commit '%s': '%s' already exists",
		       container, argv[optind + 1]);
	}
	/* id lives in r: the tag's answer goes elsewhere. */
	if (docker_tag(e, id, repo, tag, &t) < 0) {
		drop_untagged(e, id);
		bb_engine_die(&t, "tag the commit of '%s' as '%s:%s'",
			      container, repo, tag);
	}
	printf("%s\n", id);
	bb_resp_free(&r);
	free(path);
	free(repo);
	free(tag);
	free(labels);
	cJSON_Delete(ctr);
	bb_engine_close(e);
	bb_exit_ok();
}
