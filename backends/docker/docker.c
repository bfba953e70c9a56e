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

int docker_is_running(const cJSON *c)
{
	const char *s = docker_status(c);

	return !strcmp(s, "running") || !strcmp(s, "paused") ||
	       !strcmp(s, "restarting");
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
	const char *home;
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
	if (strcmp(str_at(c, "Name", NULL) + (str_at(c, "Name", NULL)[0] == '/'),
		   name) != 0) {
		cJSON_Delete(c);
		return NULL;
	}
	home = str_at(cJSON_GetObjectItemCaseSensitive(c, "Config"), "Labels",
		      BB_LABEL_HOME);
	/* Unlabelled counts as foreign: bb ls, which filters on the label, agrees. */
	if (strcmp(home, bb_home_id()) != 0)
		bb_die(BB_USAGE, "%s belongs to another bb home", name);
	return c;
}
