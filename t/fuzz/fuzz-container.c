/*
 * Fuzz what bb reads from Apple's `container` CLI: `--version`, `list
 * --format json` and `inspect`, in the 1.x shape and the one before 1.0.
 * Each input is tried as all of them.
 */
#include <cJSON.h>

#include "container.h"
#include "fuzz.h"

#define NAME "bot-bottle-demo"

static void check_version(const char *text)
{
	char again[96];
	int v[3] = {-1, -1, -1}, w[3];

	if (ctr_parse_version(text, v) < 0)
		return;
	must(v[0] >= 0 && v[0] <= 100000 && v[1] >= 0 && v[1] <= 100000 &&
	     v[2] >= 0 && v[2] <= 100000);
	snprintf(again, sizeof(again), "container CLI version %d.%d.%d", v[0],
		 v[1], v[2]);
	must(ctr_parse_version(again, w) == 0);
	must(v[0] == w[0] && v[1] == w[1] && v[2] == w[2]);
}

static void check_list(const char *text)
{
	cJSON *all = cJSON_Parse(text);
	const cJSON *c, *arr = cJSON_IsArray(all) ? all : NULL;
	const char *id, *home;
	int running;

	cJSON_ArrayForEach(c, arr)
	{
		must(ctr_state(c));
		if (ctr_list_entry(c, &id, &home, &running) < 0)
			continue;
		/* Printed as "id<TAB>state": one clean word. */
		must(*id && fuzz_one_line(id));
		must(home && ctr_label(c, "bot-bottle.home") == home);
		must(running == !strcmp(ctr_state(c), "running"));
	}
	cJSON_Delete(all);
}

static void check_inspect(const char *text, const char *name)
{
	const char *why = NULL;
	cJSON *c = (cJSON *)1;
	int r = ctr_inspect_parse(text, name, &c, &why);

	if (r < 0) {
		must(!c && why && *why);
		return;
	}
	must(r == 0);
	/* What it hands back is the container asked for, nothing else. */
	if (c)
		must(ctr_id(c) && !strcmp(ctr_id(c), name));
	cJSON_Delete(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size), *first = NULL;
	cJSON *all;

	check_version(text);
	check_list(text);
	check_inspect(text, NAME);
	/* Also as the name the document answers for, to reach acceptance. */
	all = cJSON_Parse(text);
	if (cJSON_IsArray(all) && ctr_id(cJSON_GetArrayItem(all, 0)))
		first = strdup(ctr_id(cJSON_GetArrayItem(all, 0)));
	cJSON_Delete(all);
	if (first)
		check_inspect(text, first);
	free(first);
	free(text);
	return 0;
}
