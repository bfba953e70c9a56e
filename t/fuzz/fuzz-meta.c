/* Fuzz bb_meta_parse: what it takes is what bb needs, and reads back alike. */
#include <cJSON.h>

#include "fuzz.h"
#include "meta.h"
#include "slug.h"

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static void check_strings(const cJSON *m, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(m, key), *it;

	if (!v)
		return;
	must(cJSON_IsArray(v));
	cJSON_ArrayForEach(it, v)
	{
		must(cJSON_IsString(it) && it->valuestring);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size), *once, *twice;
	const char *why = "unset", *why2, *backend;
	cJSON *m = bb_meta_parse(text, &why), *again;
	const cJSON *v;

	must(!m == !!why);
	if (!m) {
		must(*why);
		free(text);
		return 0;
	}
	must(cJSON_IsObject(m));
	v = cJSON_GetObjectItemCaseSensitive(m, "version");
	must(cJSON_IsNumber(v) && v->valuedouble == BB_META_VERSION);
	/* The slug names a folder and the backend a program: both plain. */
	must(bb_slug_ok(bb_meta_str(m, "slug")));
	backend = bb_meta_backend(m);
	must(backend && *backend && strlen(backend) <= 32 &&
	     strspn(backend, "abcdefghijklmnopqrstuvwxyz0123456789-") ==
		 strlen(backend));
	v = cJSON_GetObjectItemCaseSensitive(m, "image");
	must(!v || bb_meta_str(m, "image"));
	v = cJSON_GetObjectItemCaseSensitive(m, "workdir");
	must(!v || bb_meta_str(m, "workdir"));
	check_strings(m, "command");
	check_strings(m, "env");

	/* A rewrite (bb keeps unknown fields) must read back as the same
	 * bottle. */
	once = cJSON_PrintUnformatted(m);
	must(once);
	again = bb_meta_parse(once, &why2);
	must(again);
	must(!strcmp(bb_meta_str(m, "slug"), bb_meta_str(again, "slug")));
	must(!strcmp(backend, bb_meta_backend(again)));
	must(same(bb_meta_str(m, "image"), bb_meta_str(again, "image")));
	must(same(bb_meta_str(m, "workdir"), bb_meta_str(again, "workdir")));
	must(
	    cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(m, "env")) ==
	    cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(again, "env")));
	must(cJSON_GetArraySize(
		 cJSON_GetObjectItemCaseSensitive(m, "command")) ==
	     cJSON_GetArraySize(
		 cJSON_GetObjectItemCaseSensitive(again, "command")));
	twice = cJSON_PrintUnformatted(again);
	must(twice && !strcmp(once, twice));

	cJSON_free(once);
	cJSON_free(twice);
	cJSON_Delete(again);
	cJSON_Delete(m);
	free(text);
	return 0;
}
