/*
 * Fuzz docker_stream_line, what bb-docker-push and a pull make of the
 * engine's JSON stream: each line of the input is one line of the answer,
 * read as bb_engine_stream reads it, once as a push and once as a pull.
 * An error line stops the stream and its text is kept; a digest kept is
 * the last valid one sent; byte counts stay positive and add up.
 */
#include <cJSON.h>
#include <ctype.h>

#include "docker.h"
#include "fuzz.h"
#include "state.h"

#define ERROR_MAX 1000 /* registry.c's cut of an error's text */

/* As registry.c has it: the handler's counts are what is checked. */
struct layer {
	char *id;
	long long current, total;
};

/* What the handler must have made of the line, worked out apart. */
static const char *error_of(const cJSON *obj, int *is_error)
{
	const cJSON *detail =
	    cJSON_GetObjectItemCaseSensitive(obj, "errorDetail");
	const char *msg = cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(detail, "message"));

	if (!msg || !*msg)
		msg = cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(obj, "error"));
	*is_error = detail || (msg && *msg);
	return msg && *msg ? msg : "an error with no text";
}

static const char *digest_of(const cJSON *obj)
{
	const char *d = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(obj, "aux"), "Digest"));

	return d && !strncmp(d, "sha256:", 7) && strlen(d + 7) == 64 &&
			       strspn(d + 7, "0123456789abcdef") == 64 ?
		       d :
		       NULL;
}

static int is_finished(const char *status)
{
	return !strcmp(status, "Pushed") ||
	       !strcmp(status, "Layer already exists") ||
	       !strncmp(status, "Mounted from", 12) ||
	       !strcmp(status, "Download complete") ||
	       !strcmp(status, "Pull complete") ||
	       !strcmp(status, "Already exists");
}

/* The counts of every layer: never negative, and their sums fit. */
static void check_counts(const struct docker_stream *s)
{
	long long done = 0, total = 0;
	size_t i, j;

	must(s->nlayers <= 4096 && s->nlayers <= s->cap);
	for (i = 0; i < s->nlayers; i++) {
		const struct layer *l = &s->layers[i];
		must(l->id && *l->id);
		must(l->current >= 0 && l->total >= 0);
		must(!__builtin_add_overflow(done, l->current, &done));
		must(!__builtin_add_overflow(total, l->total, &total));
		for (j = 0; j < i; j++)
			must(strcmp(s->layers[j].id, l->id));
	}
}

static const struct layer *find(const struct docker_stream *s, const char *id)
{
	size_t i;

	for (i = 0; i < s->nlayers; i++)
		if (!strcmp(s->layers[i].id, id))
			return &s->layers[i];
	return NULL;
}

/* A layer's bytes after its line: as sent, or all of them when through. */
static void check_layer(const struct docker_stream *s, const cJSON *obj)
{
	const char *status = cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(obj, "status"));
	const char *id =
	    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(obj, "id"));
	const cJSON *detail =
	    cJSON_GetObjectItemCaseSensitive(obj, "progressDetail");
	const cJSON *total = cJSON_GetObjectItemCaseSensitive(detail, "total");
	const cJSON *current =
	    cJSON_GetObjectItemCaseSensitive(detail, "current");
	const struct layer *l;

	if (!status || !id || !*id || !(l = find(s, id)))
		return;
	if (!strcmp(status, s->counted) && cJSON_IsNumber(total) &&
	    total->valuedouble >= 1) {
		must(l->total > 0);
		if (total->valuedouble < 1e15)
			must(l->total == (long long)total->valuedouble);
		if (cJSON_IsNumber(current) && current->valuedouble >= 0 &&
		    current->valuedouble < 1e15)
			must(l->current == (long long)current->valuedouble);
		else if (!cJSON_IsNumber(current) || current->valuedouble < 0)
			must(l->current == 0);
	} else if (is_finished(status)) {
		must(l->current == l->total);
	}
}

static void run(const uint8_t *data, size_t size, const char *counted)
{
	const uint8_t *p = data, *end = data + size;
	const char *want_digest = NULL;
	struct docker_stream s;
	char *kept = NULL;
	int stopped = 0;

	docker_stream_init(&s, counted, "fuzzing");
	while (p < end && !stopped) {
		const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
		const char *text = (const char *)p;
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *want_error, *d;
		char *line;
		cJSON *obj;
		int is_error, rc;

		p += n + (nl != NULL);
		/* As stream_line: trimmed, blank lines skipped. */
		while (n && isspace((unsigned char)text[n - 1]))
			n--;
		while (n && isspace((unsigned char)*text))
			text++, n--;
		if (!n)
			continue;
		line = malloc(n); /* exactly n: no NUL after it */
		must(line);
		memcpy(line, text, n);
		obj = cJSON_ParseWithLength(line, n);
		if (!obj) {
			/* bb_engine_stream dies here: the stream ends. */
			free(line);
			break;
		}
		want_error = error_of(obj, &is_error);
		d = digest_of(obj);
		if (d && !is_error) {
			free(kept);
			kept = strdup(d);
			must(kept);
			want_digest = kept;
		}
		rc = docker_stream_line(obj, &s);
		if (is_error) {
			/* Stops, keeping the text (cut) it was given. */
			must(rc != 0);
			must(s.error && *s.error);
			must(strlen(s.error) <= ERROR_MAX);
			must(!strncmp(s.error, want_error, strlen(s.error)));
			must(strlen(s.error) == strlen(want_error) ||
			     strlen(s.error) == ERROR_MAX);
			stopped = 1;
		} else {
			must(rc == 0 && !s.error);
			check_layer(&s, obj);
		}
		/* The digest is the last valid one: sha256 and 64 hex digits. */
		if (want_digest) {
			must(s.digest && !strcmp(s.digest, want_digest));
			must(bb_value_ok(s.digest, strlen(s.digest)));
		} else {
			must(!s.digest);
		}
		check_counts(&s);
		cJSON_Delete(obj);
		free(line);
	}
	docker_stream_free(&s);
	free(kept);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	run(data, size, "Pushing");
	run(data, size, "Downloading");
	return 0;
}
