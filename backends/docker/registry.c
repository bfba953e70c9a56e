/* Push and pull through the engine: registry credentials, the JSON stream. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docker.h"
#include "msg.h"
#include "ref.h"
#include "slug.h"
#include "state.h"
#include "xalloc.h"

#define HUB "docker.io"
#define HUB_SERVER "https://index.docker.io/v1/"
#define ERROR_MAX 1000
#define LAYERS_MAX 4096
/* 1 PB a layer: LAYERS_MAX of them still fit in a long long. */
#define BYTES_MAX 1e15

struct layer {
	char *id;
	long long current, total;
};

int docker_has_registry(const char *repo)
{
	const char *slash = strchr(repo, '/');
	size_t n = slash ? (size_t)(slash - repo) : 0;

	/* As docker decides: a first part with '.' or ':', or localhost. */
	return slash && (memchr(repo, '.', n) || memchr(repo, ':', n) ||
			 (n == 9 && !strncmp(repo, "localhost", 9)));
}

void docker_registry_of(const char *repo, char *buf, size_t n)
{
	if (docker_has_registry(repo))
		snprintf(buf, n, "%.*s", (int)(strchr(repo, '/') - repo), repo);
	else
		snprintf(buf, n, "%s", HUB);
}

static int is_hub(const char *host)
{
	return !strcmp(host, HUB) || !strcmp(host, "index.docker.io") ||
	       !strcmp(host, "registry-1.docker.io");
}

/* An auths key may be a URL: "https://host:port/v1/" names host:port. */
static int key_names(const char *key, const char *registry)
{
	char host[256];

	if (!strncmp(key, "https://", 8))
		key += 8;
	else if (!strncmp(key, "http://", 7))
		key += 7;
	snprintf(host, sizeof(host), "%.*s", (int)strcspn(key, "/"), key);
	return !strcmp(host, registry) || (is_hub(host) && is_hub(registry));
}

static int b64_value(char c)
{
	static const char set[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrst"
	    "uvwxyz0123456789+/";
	const char *p = c ? strchr(set, c) : NULL;

	return p ? (int)(p - set) : -1;
}

/* Standard base64, padding optional; NULL when it is not base64. */
static char *b64_decode(const char *s)
{
	size_t n = strlen(s), o = 0, i;
	char *out = xcalloc(n / 4 * 3 + 4);
	unsigned acc = 0;
	int bits = 0, v;

	for (i = 0; i < n && s[i] != '='; i++) {
		v = b64_value(s[i]);
		if (v < 0) {
			free(out);
			return NULL;
		}
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (char)((acc >> bits) & 0xff);
		}
	}
	out[o] = '\0';
	return out;
}

/* base64url with padding, as the docker CLI encodes X-Registry-Auth. */
static char *b64url_encode(const char *s)
{
	static const char set[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrst"
	    "uvwxyz0123456789-_";
	size_t n = strlen(s), o = 0, i;
	char *out = xcalloc((n + 2) / 3 * 4 + 1);
	const unsigned char *u = (const unsigned char *)s;

	for (i = 0; i < n; i += 3) {
		unsigned v = (unsigned)u[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)u[i + 1] << 8;
		if (i + 2 < n)
			v |= u[i + 2];
		out[o++] = set[(v >> 18) & 63];
		out[o++] = set[(v >> 12) & 63];
		out[o++] = (char)(i + 1 < n ? set[(v >> 6) & 63] : '=');
		out[o++] = (char)(i + 2 < n ? set[v & 63] : '=');
	}
	out[o] = '\0';
	return out;
}

/* {"username","password","serveraddress"} from an auths entry's "auth". */
static char *credentials(const cJSON *entry, const char *registry)
{
	const char *auth = cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(entry, "auth"));
	char *plain, *colon, *text;
	cJSON *c;

	if (!auth || !*auth)
		return NULL;
	plain = b64_decode(auth);
	colon = plain ? strchr(plain, ':') : NULL;
	if (!colon) {
		bb_warn("the credentials for '%s' in the docker config are "
			"not base64 of user:password; going anonymously",
			registry);
		free(plain);
		return NULL;
	}
	*colon = '\0';
	c = cJSON_CreateObject();
	cJSON_AddStringToObject(c, "username", plain);
	cJSON_AddStringToObject(c, "password", colon + 1);
	cJSON_AddStringToObject(c, "serveraddress",
				is_hub(registry) ? HUB_SERVER : registry);
	text = cJSON_PrintUnformatted(c);
	cJSON_Delete(c);
	free(plain);
	if (!text)
		bb_die(BB_FAIL, "out of memory");
	return text;
}

char *docker_registry_auth(const char *registry)
{
	cJSON *cfg = bb_docker_config();
	const cJSON *auths = cJSON_GetObjectItemCaseSensitive(cfg, "auths");
	const cJSON *helpers =
	    cJSON_GetObjectItemCaseSensitive(cfg, "credHelpers");
	const cJSON *a, *store;
	char *json = NULL, *value, *header;

	if (!cJSON_IsObject(auths))
		auths = NULL;
	cJSON_ArrayForEach(a, auths)
	{
		if (a->string && key_names(a->string, registry)) {
			json = credentials(a, registry);
			break;
		}
	}
	store = cJSON_GetObjectItemCaseSensitive(cfg, "credsStore");
	if (!json && (cJSON_GetStringValue(store) ||
		      cJSON_GetObjectItemCaseSensitive(helpers, registry)))
		bb_note("note: docker credential helpers are not consulted; "
			"going to '%s' anonymously",
			registry);
	cJSON_Delete(cfg);
	/* e30= is {}: anonymous, what the CLI sends with no credentials. */
	value = json ? b64url_encode(json) : xstrdup("e30=");
	header = xasprintf("X-Registry-Auth: %s", value);
	cJSON_free(json);
	free(value);
	return header;
}

void docker_stream_init(struct docker_stream *s, const char *counted,
			const char *what)
{
	memset(s, 0, sizeof(*s));
	s->counted = counted;
	bb_progress_start(&s->bar, what);
}

static struct layer *layer_of(struct docker_stream *s, const char *id)
{
	size_t i;

	for (i = 0; i < s->nlayers; i++)
		if (!strcmp(s->layers[i].id, id))
			return &s->layers[i];
	if (s->nlayers == LAYERS_MAX)
		return NULL;
	if (s->nlayers == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->layers = xrealloc(s->layers, s->cap * sizeof(*s->layers));
	}
	s->layers[s->nlayers].id = xstrdup(id);
	s->layers[s->nlayers].current = 0;
	s->layers[s->nlayers].total = 0;
	return &s->layers[s->nlayers++];
}

static long long number(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	/* Capped: a huge number must not overflow, nor the sum of them all. */
	return cJSON_IsNumber(v) && v->valuedouble > 0
		   ? (long long)(v->valuedouble < BYTES_MAX ? v->valuedouble
							    : BYTES_MAX)
		   : 0;
}

/* A layer that is through: all its bytes count as done. */
static int finished(const char *status)
{
	return !strcmp(status, "Pushed") ||
	       !strcmp(status, "Layer already exists") ||
	       !strncmp(status, "Mounted from", 12) ||
	       !strcmp(status, "Download complete") ||
	       !strcmp(status, "Pull complete") ||
	       !strcmp(status, "Already exists");
}

static void count(struct docker_stream *s, const cJSON *obj)
{
	const char *status = cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(obj, "status"));
	const char *id =
	    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(obj, "id"));
	const cJSON *detail =
	    cJSON_GetObjectItemCaseSensitive(obj, "progressDetail");
	long long done = 0, total = 0;
	struct layer *l;
	size_t i;

	if (!status || !id || !*id || !(l = layer_of(s, id)))
		return;
	if (!strcmp(status, s->counted) && number(detail, "total") > 0) {
		l->total = number(detail, "total");
		l->current = number(detail, "current");
	} else if (finished(status)) {
		l->current = l->total;
	} else {
		return;
	}
	for (i = 0; i < s->nlayers; i++) {
		done += s->layers[i].current;
		total += s->layers[i].total;
	}
	bb_progress_show(&s->bar, done, total);
}

/* sha256: and 64 lower-case hex digits. */
static int digest_ok(const char *d)
{
	return !strncmp(d, "sha256:", 7) && strlen(d + 7) == 64 &&
	       strspn(d + 7, "0123456789abcdef") == 64;
}

int docker_stream_line(const cJSON *obj, void *arg)
{
	struct docker_stream *s = arg;
	const cJSON *detail =
	    cJSON_GetObjectItemCaseSensitive(obj, "errorDetail");
	const char *msg = cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(detail, "message"));
	const cJSON *aux = cJSON_GetObjectItemCaseSensitive(obj, "aux");
	const char *digest = cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(aux, "Digest"));

	if (!msg || !*msg)
		msg = cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(obj, "error"));
	/* An error with HTTP 200: the engine had flushed its answer already. */
	if (detail || (msg && *msg)) {
		s->error =
		    xasprintf("%.*s", ERROR_MAX,
			      msg && *msg ? msg : "an error with no text");
		return 1;
	}
	/* Only a digest a pull could take back: sha256 and 64 hex digits. */
	if (digest && digest_ok(digest)) {
		free(s->digest);
		s->digest = xstrdup(digest);
	}
	count(s, obj);
	return 0;
}

void docker_stream_free(struct docker_stream *s)
{
	size_t i;

	bb_progress_end(&s->bar);
	for (i = 0; i < s->nlayers; i++)
		free(s->layers[i].id);
	free(s->layers);
	free(s->error);
	free(s->digest);
	memset(s, 0, sizeof(*s));
}

int docker_pull_split(const char *ref, char **repo, char **tag)
{
	const char *at = strchr(ref, '@');
	const char *why;
	char *name;
	int rc;

	/* bb's own snapshots are made here and were never in a registry. */
	if (!strncmp(ref, BB_SNAPSHOT_REPO, strlen(BB_SNAPSHOT_REPO)))
		return -1;
	if (!at)
		return bb_ref_split(ref, repo, tag, &why);
	if (!digest_ok(at + 1))
		return -1;
	/* name[:tag]@digest: the digest wins, as docker pull does. */
	name = xasprintf("%.*s", (int)(at - ref), ref);
	rc = bb_ref_split(name, repo, tag, &why);
	free(name);
	if (rc == 0) {
		free(*tag);
		*tag = xstrdup(at + 1);
	}
	return rc;
}

char *docker_pull(struct bb_engine *e, const char *repo, const char *tag)
{
	char registry[256], *auth, *what, *path, *why = NULL;
	const char *headers[2];
	struct docker_stream s;
	struct bb_query q = {0};
	struct bb_resp r;

	docker_registry_of(repo, registry, sizeof(registry));
	auth = docker_registry_auth(registry);
	headers[0] = auth;
	headers[1] = NULL;
	bb_query_add(&q, "fromImage", repo);
	bb_query_add(&q, "tag", tag);
	path = bb_query_path("/images/create", &q);
	what = xasprintf("pulling %s%s%s", repo, strchr(tag, ':') ? "@" : ":",
			 tag);
	docker_stream_init(&s, "Downloading", what);
	bb_engine_stream(e, "POST", path, headers, docker_stream_line, &s, &r);
	bb_progress_end(&s.bar);
	if (r.status != 200 && r.len)
		why = xasprintf("%s (HTTP %ld)", bb_resp_message(&r), r.status);
	else if (r.status != 200)
		why = xasprintf("HTTP %ld", r.status);
	else if (s.error)
		why = xstrdup(s.error);
	docker_stream_free(&s);
	bb_resp_free(&r);
	free(what);
	free(path);
	free(auth);
	return why;
}
