/* Docker Engine API client: connect, agree a version, make calls. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <curl/curl.h>

#include "engine.h"
#include "engine-int.h"
#include "msg.h"
#include "xalloc.h"

static int curl_users;

/* \d+\.\d+, each part short enough for strtoul. */
int bb_api_version_ok(const char *v)
{
	size_t major = strspn(v, "0123456789");
	size_t minor;

	if (!major || major > 9 || v[major] != '.')
		return 0;
	minor = strspn(v + major + 1, "0123456789");
	return minor && minor <= 9 && !v[major + 1 + minor];
}

/* Numerically per part: 1.9 < 1.41. */
int bb_api_version_cmp(const char *a, const char *b)
{
	char *end;
	unsigned long amaj = strtoul(a, &end, 10);
	unsigned long amin = strtoul(end + 1, NULL, 10);
	unsigned long bmaj = strtoul(b, &end, 10);
	unsigned long bmin = strtoul(end + 1, NULL, 10);

	if (amaj != bmaj)
		return amaj < bmaj ? -1 : 1;
	if (amin != bmin)
		return amin < bmin ? -1 : 1;
	return 0;
}

static void set_str(CURL *h, CURLoption opt, const char *s)
{
	CURLcode rc = curl_easy_setopt(h, opt, s);

	if (rc != CURLE_OK)
		bb_die(BB_FAIL, "unable to set up libcurl: %s",
		       curl_easy_strerror(rc));
}

/* The options every request needs; the handle keeps its connections. */
static void setup(struct bb_engine *e, const char *url, long timeout_s)
{
	CURL *h = e->h;

	curl_easy_reset(h);
	e->err[0] = '\0';
	set_str(h, CURLOPT_URL, url);
	if (e->sock)
		set_str(h, CURLOPT_UNIX_SOCKET_PATH, e->sock);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, e->err);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, CONNECT_TIMEOUT_MS);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, timeout_s > 0 ? timeout_s : 0L);
	if (e->tls == TLS_NONE || e->sock)
		return;
	if (e->ca)
		set_str(h, CURLOPT_CAINFO, e->ca);
	if (e->cert)
		set_str(h, CURLOPT_SSLCERT, e->cert);
	if (e->key)
		set_str(h, CURLOPT_SSLKEY, e->key);
	if (e->tls == TLS_NOVERIFY) {
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
	}
}

__attribute__((noreturn)) static void unreachable(struct bb_engine *e,
						  CURLcode rc)
{
	size_t n = strlen(e->err);
	long oserr = 0;

	/*
	 * Over a socket file curl's text names "localhost port 80", which
	 * misleads; its code and the system's reason say what went wrong.
	 */
	if (e->sock && rc == CURLE_COULDNT_CONNECT &&
	    curl_easy_getinfo(e->h, CURLINFO_OS_ERRNO, &oserr) == CURLE_OK &&
	    oserr)
		bb_die(BB_FAIL,
		       "unable to reach the Docker daemon at '%s': %s (%s)",
		       e->where, curl_easy_strerror(rc), strerror((int)oserr));
	while (n && isspace((unsigned char)e->err[n - 1]))
		e->err[--n] = '\0';
	bb_die(BB_FAIL, "unable to reach the Docker daemon at '%s': %s",
	       e->where, n ? e->err : curl_easy_strerror(rc));
}

static void perform(struct bb_engine *e)
{
	CURLcode rc = curl_easy_perform(e->h);

	if (rc != CURLE_OK)
		unreachable(e, rc);
}

static long status_of(struct bb_engine *e)
{
	long status = 0;

	curl_easy_getinfo(e->h, CURLINFO_RESPONSE_CODE, &status);
	return status;
}

static size_t discard(const char *buf, size_t size, size_t n, void *data)
{
	(void)buf;
	(void)data;
	return size * n;
}

size_t bb_ping_header(const char *buf, size_t size, size_t n, void *data)
{
	static const char key[] = "Api-Version:";
	const size_t klen = sizeof(key) - 1;
	char *version = data;
	const char *s = buf + klen, *end = buf + size * n;

	/* Each response (after a redirect or 100) starts afresh. */
	if (size * n >= 5 && !strncmp(buf, "HTTP/", 5))
		version[0] = '\0';
	if (size * n < klen || strncasecmp(buf, key, klen) != 0)
		return size * n;
	while (s < end && isspace((unsigned char)*s))
		s++;
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	if ((size_t)(end - s) >= VERSION_SIZE)
		snprintf(version, VERSION_SIZE, "(too long)");
	else
		snprintf(version, VERSION_SIZE, "%.*s", (int)(end - s), s);
	return size * n;
}

static long ping(struct bb_engine *e, int head, char *version)
{
	char *url = xasprintf("%s/_ping", e->base);

	setup(e, url, PING_TIMEOUT_S);
	version[0] = '\0';
	curl_easy_setopt(e->h, CURLOPT_HEADERFUNCTION, bb_ping_header);
	curl_easy_setopt(e->h, CURLOPT_HEADERDATA, version);
	curl_easy_setopt(e->h, CURLOPT_WRITEFUNCTION, discard);
	/* CUSTOMREQUEST "HEAD" would wait for a body that never comes. */
	if (head)
		curl_easy_setopt(e->h, CURLOPT_NOBODY, 1L);
	else
		curl_easy_setopt(e->h, CURLOPT_HTTPGET, 1L);
	perform(e);
	free(url);
	return status_of(e);
}

static void set_version(struct bb_engine *e, const char *v, const char *var)
{
	if (!bb_api_version_ok(v))
		bb_die(BB_USAGE,
		       "unable to use %s '%s': not an API version like 1.41",
		       var, v);
	snprintf(e->version, sizeof(e->version), "%s", v);
}

/* As the CLI: HEAD /_ping, GET unless that said 200 or 500, then cap. */
static void negotiate(struct bb_engine *e)
{
	char v[VERSION_SIZE];
	long status = ping(e, 1, v);

	if (status != 200 && status != 500)
		status = ping(e, 0, v);
	/* Anything else answering HTTP there must not pass for "no container". */
	if (status != 200 && !v[0])
		bb_die(BB_FAIL,
		       "unable to reach the Docker daemon at '%s': /_ping "
		       "answered HTTP %ld, not a Docker Engine",
		       e->where, status);
	if (!v[0])
		snprintf(v, sizeof(v), "%s", FALLBACK_API);
	if (!bb_api_version_ok(v))
		bb_die(BB_FAIL,
		       "unable to use the API version '%s' of the Docker "
		       "daemon at '%s'",
		       v, e->where);
	if (bb_api_version_cmp(v, CLIENT_MAX_API) > 0)
		snprintf(v, sizeof(v), "%s", CLIENT_MAX_API);
	set_version(e, v, "Api-Version");
	/* Later programs of the chain inherit it and skip the ping. */
	if (setenv("BB_DOCKER_API_VERSION", e->version, 1))
		bb_die_errno(BB_FAIL, "unable to set BB_DOCKER_API_VERSION");
}

struct bb_engine *bb_engine_open(void)
{
	struct bb_engine *e = xcalloc(sizeof(*e));
	const char *v;

	if (!curl_users && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		bb_die(BB_FAIL, "unable to initialise libcurl");
	curl_users++;
	bb_engine_locate(e);
	e->h = curl_easy_init();
	if (!e->h)
		bb_die(BB_FAIL, "unable to initialise libcurl");
	if ((v = bb_env("DOCKER_API_VERSION")))
		set_version(e, v, "DOCKER_API_VERSION");
	else if ((v = bb_env("BB_DOCKER_API_VERSION")))
		set_version(e, v, "BB_DOCKER_API_VERSION");
	else
		negotiate(e);
	return e;
}

void bb_engine_close(struct bb_engine *e)
{
	if (!e)
		return;
	curl_easy_cleanup(e->h);
	free(e->where);
	free(e->source);
	free(e->sock);
	free(e->base);
	free(e->ca);
	free(e->cert);
	free(e->key);
	free(e);
	if (curl_users && !--curl_users)
		curl_global_cleanup();
}

const char *bb_engine_where(const struct bb_engine *e)
{
	return e->where;
}

struct sink {
	struct bb_resp *r;
	size_t cap;
	const char *where;
};

static size_t on_body(const char *buf, size_t size, size_t n, void *data)
{
	struct sink *s = data;
	struct bb_resp *r = s->r;
	size_t len = size * n;

	if (len > (size_t)RESPONSE_MAX - r->len)
		bb_die(BB_FAIL,
		       "unable to read the answer of the Docker daemon at '%s': "
		       "larger than %ld MiB",
		       s->where, RESPONSE_MAX >> 20);
	if (len >= s->cap - r->len) {
		while (len >= s->cap - r->len) {
			if (s->cap > SIZE_MAX / 2)
				bb_die(BB_FAIL, "out of memory");
			s->cap *= 2;
		}
		r->body = xrealloc(r->body, s->cap);
	}
	memcpy(r->body + r->len, buf, len);
	r->len += len;
	r->body[r->len] = '\0';
	return len;
}

static struct curl_slist *add_header(struct curl_slist *list, const char *h)
{
	struct curl_slist *l = curl_slist_append(list, h);

	if (!l)
		bb_die(BB_FAIL, "out of memory");
	return l;
}

void bb_engine_call(struct bb_engine *e, const char *method, const char *path,
		    const char *body, long timeout_s, struct bb_resp *r)
{
	struct curl_slist *hdrs = NULL;
	/* r is only stored here: it is filled in below, never read first. */
	// cppcheck-suppress ctuuninitvar
	struct sink s = {r, 256, e->where};
	CURL *h = e->h;
	char *url;

	if (!path || path[0] != '/')
		bb_die(BB_FAIL,
		       "internal error: API path '%s' lacks a leading '/'",
		       path ? path : "(null)");
	if (body && strcmp(method, "POST") != 0)
		bb_die(BB_FAIL, "internal error: a body with %s %s", method,
		       path);
	memset(r, 0, sizeof(*r));
	r->body = xcalloc(s.cap);
	url = xasprintf("%s/v%s%s", e->base, e->version, path);
	setup(e, url, timeout_s);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &s);
	if (!strcmp(method, "GET")) {
		curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
	} else if (!strcmp(method, "HEAD")) {
		curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
	} else if (!strcmp(method, "DELETE")) {
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "DELETE");
	} else if (!strcmp(method, "POST")) {
		curl_easy_setopt(h, CURLOPT_POST, 1L);
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body ? body : "");
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
				 (curl_off_t)(body ? strlen(body) : 0));
		if (body) {
			hdrs =
			    add_header(hdrs, "Content-Type: application/json");
			hdrs = add_header(hdrs, "Expect:");
		} else {
			/* Drops libcurl's form type, which /commit refuses. */
			hdrs = add_header(hdrs, "Content-Type:");
		}
		curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	} else {
		bb_die(BB_FAIL, "internal error: unknown HTTP method '%s'",
		       method);
	}
	perform(e);
	curl_slist_free_all(hdrs);
	free(url);
	r->status = status_of(e);
	if (r->len)
		r->json = cJSON_ParseWithLength(r->body, r->len);
}

struct stream {
	struct bb_engine *e;
	struct sink body; /* the answer, when it is not 200 */
	char *line;	  /* the line read so far */
	size_t len, cap;
	bb_line_fn *on_line;
	void *arg;
	long status;
	int stop; /* on_line's non-zero value */
};

static void stream_line(struct stream *s)
{
	const char *text = s->line;
	size_t n = s->len;
	cJSON *obj;

	while (n && isspace((unsigned char)text[n - 1]))
		n--;
	while (n && isspace((unsigned char)*text))
		text++, n--;
	s->len = 0;
	if (!n)
		return;
	obj = cJSON_ParseWithLength(text, n);
	if (!obj)
		bb_die(
		    BB_FAIL,
		    "unable to read the answer of the Docker daemon at '%s': "
		    "a line that is not JSON",
		    s->e->where);
	s->stop = s->on_line(obj, s->arg);
	cJSON_Delete(obj);
}

static void stream_append(struct stream *s, const char *buf, size_t n)
{
	if (n > (size_t)BB_STREAM_LINE_MAX - s->len)
		bb_die(
		    BB_FAIL,
		    "unable to read the answer of the Docker daemon at '%s': "
		    "a line longer than %ld KiB",
		    s->e->where, BB_STREAM_LINE_MAX >> 10);
	if (n > s->cap - s->len) {
		while (n > s->cap - s->len)
			s->cap = s->cap ? 2 * s->cap : 4096;
		s->line = xrealloc(s->line, s->cap);
	}
	memcpy(s->line + s->len, buf, n);
	s->len += n;
}

/* libcurl de-chunks, but a slice may hold part of a line, or several. */
static size_t on_stream(const char *buf, size_t size, size_t n, void *data)
{
	struct stream *s = data;
	size_t len = size * n, start = 0, i;

	if (!s->status)
		curl_easy_getinfo(s->e->h, CURLINFO_RESPONSE_CODE, &s->status);
	if (s->status != 200)
		return on_body(buf, size, n, &s->body);
	for (i = 0; i < len; i++) {
		if (buf[i] != '\n')
			continue;
		stream_append(s, buf + start, i - start);
		start = i + 1;
		stream_line(s);
		/* Any other count than len makes libcurl end the transfer. */
		if (s->stop)
			return 0;
	}
	stream_append(s, buf + start, len - start);
	return len;
}

int bb_engine_stream(struct bb_engine *e, const char *method, const char *path,
		     const char *const *headers, bb_line_fn *on_line, void *arg,
		     struct bb_resp *r)
{
	struct curl_slist *hdrs = NULL;
	struct stream s = {.e = e, .on_line = on_line, .arg = arg};
	CURL *h = e->h;
	CURLcode rc;
	char *url;
	size_t i;

	if (!path || path[0] != '/')
		bb_die(BB_FAIL,
		       "internal error: API path '%s' lacks a leading '/'",
		       path ? path : "(null)");
	s.body.r = r;
	s.body.cap = 256;
	s.body.where = e->where;
	memset(r, 0, sizeof(*r));
	r->body = xcalloc(s.body.cap);
	url = xasprintf("%s/v%s%s", e->base, e->version, path);
	setup(e, url, 0);
	/* No total limit: a push takes as long as it takes, while it moves. */
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, BB_STREAM_STALL_S);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_stream);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &s);
	if (!strcmp(method, "GET")) {
		curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
	} else if (!strcmp(method, "POST")) {
		curl_easy_setopt(h, CURLOPT_POST, 1L);
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, "");
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)0);
		hdrs = add_header(hdrs, "Content-Type:");
	} else {
		bb_die(BB_FAIL,
		       "internal error: no stream with HTTP method '%s'",
		       method);
	}
	for (i = 0; headers && headers[i]; i++)
		hdrs = add_header(hdrs, headers[i]);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	rc = curl_easy_perform(h);
	curl_slist_free_all(hdrs);
	free(url);
	if (rc != CURLE_OK && !(rc == CURLE_WRITE_ERROR && s.stop)) {
		if (s.status != 200)
			unreachable(e, rc);
		/* The engine answered, then the stream broke or stalled. */
		i = strlen(e->err);
		while (i && isspace((unsigned char)e->err[i - 1]))
			e->err[--i] = '\0';
		bb_die(
		    BB_FAIL,
		    "unable to read the answer of the Docker daemon at '%s': "
		    "%s",
		    e->where, e->err[0] ? e->err : curl_easy_strerror(rc));
	}
	r->status = status_of(e);
	/* The last line may come without its end of line. */
	if (r->status == 200 && !s.stop && s.len)
		stream_line(&s);
	free(s.line);
	if (r->status != 200 && r->len)
		r->json = cJSON_ParseWithLength(r->body, r->len);
	return s.stop;
}

void bb_resp_free(struct bb_resp *r)
{
	if (!r)
		return;
	free(r->body);
	cJSON_Delete(r->json);
	memset(r, 0, sizeof(*r));
}

const char *bb_resp_message(const struct bb_resp *r)
{
	static char text[MESSAGE_MAX + 1];
	const char *m = cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(r->json, "message"));
	const char *b = r->body;
	size_t n, i;

	if (m && *m)
		return m;
	n = 0;
	if (b) {
		b += strspn(b, " \t\r\n");
		n = strcspn(b, "\r\n");
	}
	if (n > MESSAGE_MAX) {
		n = MESSAGE_MAX;
		/* Do not cut a UTF-8 character in two. */
		while (n && ((unsigned char)b[n] & 0xc0) == 0x80)
			n--;
	}
	while (n && isspace((unsigned char)b[n - 1]))
		n--;
	if (!n) {
		snprintf(text, sizeof(text), "HTTP %ld", r->status);
		return text;
	}
	for (i = 0; i < n; i++) {
		text[i] = b[i];
		if ((unsigned char)text[i] < ' ' || text[i] == 0x7f)
			text[i] = '?';
	}
	text[n] = '\0';
	return text;
}

void bb_engine_die(const struct bb_resp *r, const char *what_fmt, ...)
{
	char what[1024];
	va_list ap;

	va_start(ap, what_fmt);
	vsnprintf(what, sizeof(what), what_fmt, ap);
	va_end(ap);
	if (r->len)
		bb_die(BB_FAIL, "unable to %s: %s (HTTP %ld)", what,
		       bb_resp_message(r), r->status);
	bb_die(BB_FAIL, "unable to %s: HTTP %ld", what, r->status);
}
