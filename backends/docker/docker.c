/* Shared code of the docker backend: exact names and the home label rule. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docker.h"
#include "msg.h"
#include "slug.h"
#include "state.h"
#include "xalloc.h"

static const char *str_at(const cJSON *obj, const char *a, const char *b)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, a);

	if (b)
		v = cJSON_GetObjectItemCaseSensitive(v, b);
	return cJSON_IsString(v) ? v->valuestring : "";
}

const char *docker_id(const cJSON *c)
{
	return str_at(c, "Id", NULL);
}

const char *docker_status(const cJSON *c)
{
	return str_at(c, "State", "Status");
}

static int running_state(const char *s)
{
	return !strcmp(s, "running") || !strcmp(s, "paused") ||
	       !strcmp(s, "restarting");
}

int docker_is_running(const cJSON *c)
{
	return running_state(docker_status(c));
}

int docker_named(const cJSON *c, const char *name)
{
	const char *n = str_at(c, "Name", NULL);

	return !strcmp(n + (n[0] == '/'), name);
}

const char *docker_home(const cJSON *c)
{
	return str_at(cJSON_GetObjectItemCaseSensitive(c, "Config"), "Labels",
		      BB_LABEL_HOME);
}

int docker_list_entry(const cJSON *c, const char **name, int *running)
{
	const cJSON *names = cJSON_GetObjectItemCaseSensitive(c, "Names");
	const char *state = cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(c, "State"));
	const char *n = cJSON_GetStringValue(cJSON_GetArrayItem(names, 0));

	if (!n || !state)
		return -1;
	n += *n == '/';
	/* One "name<TAB>state" line each: a tab or newline would forge another. */
	if (!bb_value_ok(n, strlen(n)))
		return -1;
	*name = n;
	*running = running_state(state);
	return 0;
}

const char *docker_commit_id(const cJSON *answer)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(answer, "Id");
	const char *id = cJSON_IsObject(answer) ? cJSON_GetStringValue(v) : NULL;

	/* Printed as the program's one line of output. */
	return id && bb_value_ok(id, strlen(id)) ? id : NULL;
}

char *docker_path(const char *head, const char *name, const char *tail)
{
	char *esc = bb_url_escape(name);
	char *path = xasprintf("%s%s%s", head, esc, tail);

	free(esc);
	return path;
}

void docker_check_name(const char *name)
{
	size_t n = strlen(name);

	/* Docker's own rule: [a-zA-Z0-9][a-zA-Z0-9_.-]+ */
	if (n < 2 || n > 128 ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			 "0123456789_.-") != n ||
	    strchr("_.-", name[0]))
		bb_die(BB_USAGE, "invalid container name '%.128s'", name);
}

cJSON *docker_inspect_own(struct bb_engine *e, const char *name)
{
	struct bb_resp r;
	char *path = docker_path("/containers/", name, "/json");
	cJSON *c;

	bb_engine_call(e, "GET", path, NULL, 60, &r);
	free(path);
	if (r.status == 404) {
		bb_resp_free(&r);
		return NULL;
	}
	if (r.status != 200 || !cJSON_IsObject(r.json))
		bb_engine_die(&r, "inspect container '%s'", name);
	c = r.json;
	r.json = NULL;
	bb_resp_free(&r);
	/* An id prefix matched instead of the name: not ours to touch. */
	if (!docker_named(c, name)) {
		cJSON_Delete(c);
		return NULL;
	}
	/* Unlabelled counts as foreign: bb ls, which filters on the label, agrees. */
	if (strcmp(docker_home(c), bb_home_id()) != 0)
		bb_die(BB_USAGE, "%s belongs to another bb home", name);
	return c;
}

int docker_image_exists(struct bb_engine *e, const char *ref)
{
	char *path = docker_path("/images/", ref, "/json");
	struct bb_resp r;
	int found;

	bb_engine_call(e, "GET", path, NULL, 60, &r);
	if (r.status != 200 && r.status != 404)
		bb_engine_die(&r, "inspect image '%s'", ref);
	found = r.status == 200;
	bb_resp_free(&r);
	free(path);
	return found;
}

int docker_tag(struct bb_engine *e, const char *image, const char *repo,
	       const char *tag, struct bb_resp *r)
{
	struct bb_query q = {0};
	char *head = docker_path("/images/", image, "/tag"), *path;

	bb_query_add(&q, "repo", repo);
	bb_query_add(&q, "tag", tag);
	path = bb_query_path(head, &q);
	bb_engine_call(e, "POST", path, NULL, 60, r);
	free(path);
	free(head);
	if (r->status != 201)
		return -1;
	bb_resp_free(r);
	return 0;
}
