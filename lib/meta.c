/* metadata.json: parsed and checked with cJSON, unknown fields kept. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "meta.h"
#include "msg.h"
#include "slug.h"
#include "state.h"

static int strings_only(const cJSON *arr)
{
	const cJSON *it;

	if (!arr)
		return 1;
	if (!cJSON_IsArray(arr))
		return 0;
	cJSON_ArrayForEach(it, arr)
		if (!cJSON_IsString(it))
			return 0;
	return 1;
}

static int plain_name(const char *s)
{
	return s && *s && strlen(s) <= 32 &&
	       strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == strlen(s);
}

cJSON *bb_meta_parse(const char *text, const char **why)
{
	/* Nothing may follow the object: a truncated rewrite must not pass. */
	cJSON *m = cJSON_ParseWithOpts(text, NULL, 1);
	const cJSON *v;

	*why = NULL;
	if (!m || !cJSON_IsObject(m)) {
		*why = "not a JSON object";
		goto bad;
	}
	v = cJSON_GetObjectItemCaseSensitive(m, "version");
	if (!cJSON_IsNumber(v) || v->valuedouble != BB_META_VERSION) {
		*why = "version is not 1";
		goto bad;
	}
	if (!bb_slug_ok(bb_meta_str(m, "slug")) ||
	    !plain_name(bb_meta_str(m, "backend"))) {
		*why = "slug or backend missing or not a plain name";
		goto bad;
	}
	v = cJSON_GetObjectItemCaseSensitive(m, "image");
	if (v && !cJSON_IsString(v)) {
		*why = "image is not a string";
		goto bad;
	}
	v = cJSON_GetObjectItemCaseSensitive(m, "workdir");
	if (v && !cJSON_IsString(v)) {
		*why = "workdir is not a string";
		goto bad;
	}
	if (!strings_only(cJSON_GetObjectItemCaseSensitive(m, "command")) ||
	    !strings_only(cJSON_GetObjectItemCaseSensitive(m, "env"))) {
		*why = "command or env is not a list of strings";
		goto bad;
	}
	return m;
bad:
	cJSON_Delete(m);
	return NULL;
}

cJSON *bb_meta_load(const char *slug)
{
	const char *why;
	size_t len;
	char *text;
	cJSON *m;

	if (bb_state_read(slug, "metadata.json", BB_FILE_MAX, &text, &len) < 0) {
		if (errno == ENOENT)
			bb_die(BB_USAGE, "no such bottle: '%s'", slug);
		bb_die(BB_FAIL, "unable to read '%s/state/%s/metadata.json': %s",
		       bb_home(), slug, bb_read_why(errno));
	}
	/* The parser stops at a NUL: what follows one would pass unseen. */
	if (strlen(text) != len) {
		m = NULL;
		why = "it holds a NUL byte";
	} else {
		m = bb_meta_parse(text, &why);
	}
	free(text);
	if (!m)
		bb_die(BB_FAIL, "unable to read '%s/state/%s/metadata.json': %s",
		       bb_home(), slug, why);
	if (strcmp(bb_meta_str(m, "slug"), slug) != 0)
		bb_die(BB_FAIL,
		       "unable to read '%s/state/%s/metadata.json': it names "
		       "another slug",
		       bb_home(), slug);
	return m;
}

const char *bb_meta_str(const cJSON *meta, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(meta, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

const char *bb_meta_backend(const cJSON *meta)
{
	return bb_meta_str(meta, "backend");
}

static int looks_secret(const char *kv)
{
	static const char *const words[] = {"TOKEN", "KEY", "SECRET",
					    "PASSWORD"};
	char name[128];
	size_t i, n = strcspn(kv, "=");

	if (n >= sizeof(name))
		n = sizeof(name) - 1;
	for (i = 0; i < n; i++)
		name[i] = (char)(kv[i] >= 'a' && kv[i] <= 'z' ? kv[i] - 32 :
								kv[i]);
	name[n] = 0;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strstr(name, words[i]))
			return (int)n;
	return 0;
}

void bb_warn_secrets(char *const *env, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int len = looks_secret(env[i]);
		if (len)
			bb_warn("'%.*s' looks secret: its value is stored in "
				"every snapshot of this bottle and in anything "
				"pushed",
				len, env[i]);
	}
}

void bb_warn_secrets_meta(const cJSON *meta)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(meta, "env"))
	{
		char *one[1];
		if (!cJSON_IsString(it))
			continue;
		one[0] = it->valuestring;
		bb_warn_secrets(one, 1);
	}
}

void bb_json_add_str_or_null(cJSON *o, const char *key, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, key, v);
	else
		cJSON_AddNullToObject(o, key);
}
