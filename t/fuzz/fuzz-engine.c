/*
 * Fuzz what bb reads from the Docker Engine API: a response body (error
 * message, container inspect, container list, commit id), the /_ping
 * headers and the API version in them. Each input is tried as all of them.
 */
#include <cJSON.h>
#include <ctype.h>
#include <strings.h>

#include "docker.h"
#include "engine-int.h"
#include "engine.h"
#include "fuzz.h"

#define NAME "bot-bottle-demo"

static void check_body(const uint8_t *data, size_t size)
{
	struct bb_resp r = {0};
	const char *m, *json_msg, *name, *id;
	const cJSON *c, *arr;
	int running;

	/* As bb_engine_call leaves it. */
	r.status = size ? 400 + data[0] % 200 : 500;
	r.body = fuzz_text(data, size);
	r.len = size;
	if (r.len)
		r.json = cJSON_ParseWithLength(r.body, r.len);

	m = bb_resp_message(&r);
	json_msg = cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(r.json, "message"));
	must(m && *m);
	if (json_msg && *json_msg) {
		must(m == json_msg);
	} else {
		/* From the raw body: one trimmed line, short, no controls. */
		must(strlen(m) <= MESSAGE_MAX);
		must(fuzz_one_line(m));
		must(!isspace((unsigned char)m[0]) &&
		     !isspace((unsigned char)m[strlen(m) - 1]));
	}

	/* Inspect: the name check and the fields bb reads. */
	must(docker_id(r.json) && docker_status(r.json) && docker_home(r.json));
	if (docker_named(r.json, NAME)) {
		const char *n = cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(r.json, "Name"));
		must(n && (!strcmp(n, NAME) || !strcmp(n, "/" NAME)));
	}
	if (docker_is_running(r.json))
		must(!strcmp(docker_status(r.json), "running") ||
		     !strcmp(docker_status(r.json), "paused") ||
		     !strcmp(docker_status(r.json), "restarting"));

	/* List: each line printed is "name<TAB>state", so one clean word. */
	arr = cJSON_IsArray(r.json) ? r.json : NULL;
	cJSON_ArrayForEach(c, arr)
	{
		if (docker_list_entry(c, &name, &running) < 0)
			continue;
		must(*name && fuzz_one_line(name));
		must(running == 0 || running == 1);
	}

	/* Commit: the id is printed as the program's one line of output. */
	id = docker_commit_id(r.json);
	if (id)
		must(*id && fuzz_one_line(id));
	bb_resp_free(&r);
}

static int header_is(const char *line, size_t n, const char *key)
{
	return n >= strlen(key) && !strncasecmp(line, key, strlen(key));
}

/* Each line of the input is a header line, as curl hands them over. */
static void check_ping(const uint8_t *data, size_t size)
{
	char version[VERSION_SIZE] = "", before[VERSION_SIZE];
	const uint8_t *p = data, *end = data + size;

	while (p < end) {
		const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
		char *line = malloc(n ? n : 1); /* exactly n: no NUL after it */

		must(line);
		memcpy(line, p, n);
		memcpy(before, version, sizeof(version));
		must(bb_ping_header(line, 1, n, version) == n);
		must(memchr(version, 0, sizeof(version)));
		if (header_is(line, n, "Api-Version:")) {
			const char *s = line + 12, *e = line + n;
			while (s < e && isspace((unsigned char)*s))
				s++;
			while (e > s && isspace((unsigned char)e[-1]))
				e--;
			if ((size_t)(e - s) < VERSION_SIZE)
				must(strlen(version) <= (size_t)(e - s) &&
				     !strncmp(version, s, strlen(version)));
			else
				must(!strcmp(version, "(too long)"));
		} else if (n >= 5 && !strncmp(line, "HTTP/", 5)) {
			/* A status line (case matters) starts a response
			 * afresh. */
			must(!version[0]);
		} else {
			must(!memcmp(before, version, sizeof(version)));
		}
		free(line);
		p += n;
	}
	if (version[0] && bb_api_version_ok(version)) {
		must(bb_api_version_cmp(version, version) == 0);
		must(bb_api_version_cmp(version, CLIENT_MAX_API) ==
		     -bb_api_version_cmp(CLIENT_MAX_API, version));
	}
}

/* An API version (DOCKER_API_VERSION, Api-Version) and its order. */
static void check_version(const uint8_t *data, size_t size)
{
	char *a = fuzz_text(data, size), *b = a + strlen(a), again[48];
	unsigned long major, minor;
	int ab, ba;

	if (b < a + size)
		b++; /* a NUL, then a second version */
	if (!bb_api_version_ok(a))
		goto out;
	must(strlen(a) < VERSION_SIZE);
	major = strtoul(a, NULL, 10);
	minor = strtoul(strchr(a, '.') + 1, NULL, 10);
	snprintf(again, sizeof(again), "%lu.%lu", major, minor);
	must(bb_api_version_ok(again) && bb_api_version_cmp(a, again) == 0);
	must(bb_api_version_cmp(a, a) == 0);
	if (bb_api_version_ok(b)) {
		ab = bb_api_version_cmp(a, b);
		ba = bb_api_version_cmp(b, a);
		must(ab == -ba && ab >= -1 && ab <= 1);
		/* Against the cap, as negotiation does: never above it. */
		if (ab < 0 && bb_api_version_cmp(b, CLIENT_MAX_API) <= 0)
			must(bb_api_version_cmp(a, CLIENT_MAX_API) < 0);
	}
out:
	free(a);
}

/* Query values and path segments go out escaped, and come back the same. */
static void check_escape(const uint8_t *data, size_t size)
{
	char *s = fuzz_text(data, size), *esc = bb_url_escape(s), *back, *o;
	const char *p;

	must(esc);
	back = malloc(strlen(esc) + 1);
	must(back);
	for (p = esc, o = back; *p; p++) {
		if (*p == '%') {
			must(isxdigit((unsigned char)p[1]) &&
			     isxdigit((unsigned char)p[2]));
			*o++ = (char)strtol((char[]){p[1], p[2], 0}, NULL, 16);
			p += 2;
		} else {
			must(isalnum((unsigned char)*p) || strchr("-._~", *p));
			*o++ = *p;
		}
	}
	*o = 0;
	must(!strcmp(back, s));
	free(back);
	free(esc);
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_body(data, size);
	check_ping(data, size);
	check_version(data, size);
	check_escape(data, size);
	return 0;
}
