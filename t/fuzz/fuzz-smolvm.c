/*
 * Fuzz what bb reads from smolvm: `machine status --json` (one record) and
 * `machine ls --json` (an array of them). Each input is tried as both.
 */
#include <cJSON.h>

#include "fuzz.h"
#include "smolvm.h"

static void check_record(const cJSON *m)
{
	const char *s = smol_state(m), *home = smol_home(m);

	must(s);
	if (home)
		must(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(m, "labels"),
		    "bot-bottle.home")));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	cJSON *m = smol_record_parse(text), *all;
	const cJSON *it, *arr;
	const char *name, *home;
	int running;

	if (m) {
		must(cJSON_IsObject(m));
		check_record(m);
		cJSON_Delete(m);
	}
	all = cJSON_Parse(text);
	arr = cJSON_IsArray(all) ? all : NULL;
	cJSON_ArrayForEach(it, arr)
	{
		check_record(it);
		if (smol_list_entry(it, &name, &home, &running) < 0)
			continue;
		/* Printed as "name<TAB>state": one clean word. */
		must(*name && fuzz_one_line(name));
		must(home == smol_home(it));
		must(running == !strcmp(smol_state(it), "running"));
	}
	cJSON_Delete(all);
	free(text);
	return 0;
}
