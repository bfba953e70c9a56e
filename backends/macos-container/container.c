/* Shared code of the macos-container backend: the CLI, its errors, its JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "container.h"
#include "msg.h"
#include "run.h"
#include "slug.h"
#include "state.h"
#include "tool.h"
#include "xalloc.h"

int ctr_parse_version(const char *text, int v[3])
{
	const char *p = strstr(text, "version ");
	char *end;
	int i;

	if (!p)
		return -1;
	p += 8;
	for (i = 0; i < 3; i++) {
		long n;
		if (*p < '0' || *p > '9')
			return -1;
		n = strtol(p, &end, 10);
		if (n < 0 || n > 100000)
			return -1;
		v[i] = (int)n;
		p = end;
		if (i < 2 && *p++ != '.')
			return -1;
	}
	return 0;
}

void ctr_version(int v[3])
{
	char *args[] = {"container", "--version", NULL};
	char *out = bb_tool_run("read the container CLI's version", args);

	if (ctr_parse_version(out, v) < 0)
		bb_die(BB_FAIL,
		       "unable to read the container CLI's version from '%.80s'",
		       out);
	free(out);
}

static const cJSON *item(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

const char *ctr_state(const cJSON *c)
{
	const cJSON *s = item(c, "status");

	/* 1.x: status.state; before 1.0: a flat status string. */
	if (cJSON_IsObject(s))
		s = item(s, "state");
	return cJSON_IsString(s) ? s->valuestring : "unknown";
}

const char *ctr_id(const cJSON *c)
{
	const cJSON *id = item(c, "id");

	if (!cJSON_IsString(id))
		id = item(item(c, "configuration"), "id");
	return cJSON_IsString(id) ? id->valuestring : NULL;
}

const char *ctr_label(const cJSON *c, const char *key)
{
	const cJSON *v = item(item(item(c, "configuration"), "labels"), key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

int ctr_inspect_parse(const char *out, const char *name, cJSON **c,
		      const char **why)
{
	cJSON *arr = cJSON_Parse(out);

	*c = NULL;
	if (!cJSON_IsArray(arr)) {
		cJSON_Delete(arr);
		*why = "container printed no JSON array";
		return -1;
	}
	*c = cJSON_DetachItemFromArray(arr, 0);
	cJSON_Delete(arr);
	if (*c && (!ctr_id(*c) || strcmp(ctr_id(*c), name) != 0)) {
		cJSON_Delete(*c);
		*c = NULL;
		*why = "container answered for another id";
		return -1;
	}
	return 0;
}

int ctr_list_entry(const cJSON *c, const char **id, const char **home,
		   int *running)
{
	*id = ctr_id(c);
	*home = ctr_label(c, BB_LABEL_HOME);
	/* One "id<TAB>state" line each: a tab or newline would forge another. */
	if (!*id || !*home || !bb_value_ok(*id, strlen(*id)))
		return -1;
	*running = !strcmp(ctr_state(c), "running");
	return 0;
}

cJSON *ctr_inspect_own(const char *name)
{
	char *args[] = {"container", "inspect", (char *)name, NULL};
	char *out, *err, what[128];
	const char *home, *why;
	cJSON *c;
	int code = bb_tool_try(args, &out, &err);

	if (code != 0 && strstr(err, "not found")) {
		free(out);
		free(err);
		return NULL;
	}
	snprintf(what, sizeof(what), "inspect '%s'", name);
	if (code != 0)
		bb_tool_die(what, args, err, code);
	if (ctr_inspect_parse(out, name, &c, &why) < 0)
		bb_die(BB_FAIL, "unable to %s: %s", what, why);
	free(out);
	free(err);
	if (!c)
		return NULL; /* before 1.0: missing ids were dropped silently */
	home = ctr_label(c, BB_LABEL_HOME);
	/* Unlabelled counts as foreign: bb ls, which filters on the label, agrees. */
	if (!home || strcmp(home, bb_home_id()) != 0)
		bb_die(BB_USAGE, "%s belongs to another bb home", name);
	return c;
}
