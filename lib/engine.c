/* Docker Engine API client: find the daemon, agree a version, make calls. */
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
#include "msg.h"

#define CLIENT_MAX_API "1.47"
/* What the CLI assumes when /_ping has no Api-Version header. */
#define FALLBACK_API "1.24"
#define DEFAULT_HOST "unix:///var/run/docker.sock"
/* sizeof(sun_path) on Linux, less the NUL. */
#define UNIX_PATH_MAX 107
#define CONNECT_TIMEOUT_MS 1000L
#define PING_TIMEOUT_S 30L
#define VERSION_SIZE 24
#define MESSAGE_MAX 200

enum tls_mode { TLS_NONE, TLS_VERIFY, TLS_NOVERIFY };

struct bb_engine {
	CURL *h;
	char *where;  /* the host string as given */
	char *source; /* where it came from, for messages */
	char *sock;   /* unix socket path, or NULL */
	char *base;   /* "http://localhost", "https://host:2376", ... */
	enum tls_mode tls;
	char *ca, *cert, *key;
	char version[VERSION_SIZE];
	char err[CURL_ERROR_SIZE];
};

static int curl_users;

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		bb_die(BB_FAIL, "out of memory");
	return q;
}

static void *xcalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);

	if (!p)
		bb_die(BB_FAIL, "out of memory");
	return p;
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		bb_die(BB_FAIL, "out of memory");
	return p;
}

__attribute__((format(printf, 1, 2))) static char *xasprintf(const char *fmt,
							     ...)
{
	char small[256];
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		bb_die(BB_FAIL, "out of memory");
	p = xrealloc(NULL, (size_t)n + 1);
	if ((size_t)n < sizeof(small)) {
		memcpy(p, small, (size_t)n + 1);
		return p;
	}
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

static int nonempty(const char *s)
{
	return s && *s;
}

static const char *env(const char *name)
{
	const char *v = getenv(name);

	return nonempty(v) ? v : NULL;
}

static int exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* The config folder, as the CLI finds it; NULL when there is no home. */
static char *config_dir(void)
{
	const char *home = env("DOCKER_CONFIG");
	const struct passwd *pw;

	if (home)
		return xstrdup(home);
	home = env("HOME");
	if (!home) {
		pw = getpwuid(getuid());
		home = pw && nonempty(pw->pw_dir) ? pw->pw_dir : NULL;
	}
	return home ? xasprintf("%s/.docker", home) : NULL;
}

/* A small JSON file; NULL with errno set (0 when not JSON). */
static cJSON *load_json(const char *path)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	cJSON *json;
	ssize_t n;
	int fd, saved;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	for (;;) {
		if (cap - len < 4096) {
			cap = cap ? 2 * cap : 8192;
			buf = xrealloc(buf, cap);
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	saved = errno;
	close(fd);
	if (n < 0) {
		free(buf);
		errno = saved;
		return NULL;
	}
	json = cJSON_ParseWithLength(buf, len);
	free(buf);
	if (!json)
		errno = 0;
	return json;
}

static const char *json_str(const cJSON *obj, const char *key)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(item) ? item->valuestring : NULL;
}

/* DOCKER_CONTEXT, else currentContext; NULL means the default context. */
static char *context_name(const char *cfg)
{
	const char *name = env("DOCKER_CONTEXT");
	char *path, *found = NULL;
	cJSON *json;

	if (name)
		return xstrdup(name);
	if (!cfg)
		return NULL;
	path = xasprintf("%s/config.json", cfg);
	json = load_json(path);
	if (json) {
		name = json_str(json, "currentContext");
		if (nonempty(name))
			found = xstrdup(name);
		cJSON_Delete(json);
	} else if (errno != ENOENT) {
		/* The CLI, too, carries on without a config it cannot read. */
		if (errno)
			bb_warn("unable to read '%s': %s; ignoring it", path,
				strerror(errno));
		else
			bb_warn("unable to parse '%s'; ignoring it", path);
	}
	free(path);
	return found;
}

static void tls_files(struct bb_engine *e, const char *dir)
{
	char *path;

	path = xasprintf("%s/ca.pem", dir);
	if (exists(path))
		e->ca = path;
	else
		free(path);
	path = xasprintf("%s/cert.pem", dir);
	if (exists(path))
		e->cert = path;
	else
		free(path);
	path = xasprintf("%s/key.pem", dir);
	if (exists(path))
		e->key = path;
	else
		free(path);
}

/* DOCKER_TLS_VERIFY / DOCKER_TLS / DOCKER_CERT_PATH, as the CLI reads them. */
static void env_tls(struct bb_engine *e, const char *cfg)
{
	const char *dir = env("DOCKER_CERT_PATH");

	if (env("DOCKER_TLS_VERIFY"))
		e->tls = TLS_VERIFY;
	else if (env("DOCKER_TLS"))
		e->tls = TLS_NOVERIFY;
	else
		return;
	if (!dir)
		dir = cfg;
	if (dir)
		tls_files(e, dir);
}

/* Store layout: contexts/meta/<sha256 of name>/meta.json; we match Name. */
static cJSON *find_context(const char *cfg, const char *name, char **dirname)
{
	const struct dirent *d;
	char *metadir, *path;
	cJSON *json = NULL;
	const char *n;
	DIR *dir;

	metadir = xasprintf("%s/contexts/meta", cfg);
	dir = opendir(metadir);
	free(metadir);
	if (!dir)
		return NULL;
	while ((d = readdir(dir))) {
		if (d->d_name[0] == '.')
			continue;
		path =
		    xasprintf("%s/contexts/meta/%s/meta.json", cfg, d->d_name);
		json = load_json(path);
		free(path);
		n = json ? json_str(json, "Name") : NULL;
		if (n && !strcmp(n, name)) {
			*dirname = xstrdup(d->d_name);
			break;
		}
		cJSON_Delete(json);
		json = NULL;
	}
	closedir(dir);
	return json;
}

static void use_context(struct bb_engine *e, const char *cfg, const char *name)
{
	const cJSON *ep, *skip;
	char *dirname = NULL, *tlsdir;
	const char *host;
	cJSON *meta;

	meta = cfg ? find_context(cfg, name, &dirname) : NULL;
	if (!meta)
		bb_die(BB_USAGE,
		       "unable to use Docker context '%s': not found in "
		       "'%s/contexts/meta'",
		       name, cfg ? cfg : "~/.docker");
	ep = cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(meta, "Endpoints"), "docker");
	host = json_str(ep, "Host");
	if (!nonempty(host))
		bb_die(
		    BB_USAGE,
		    "unable to use Docker context '%s': it has no Docker host",
		    name);
	e->where = xstrdup(host);
	e->source = xasprintf("Docker context '%s' host", name);

	/* A context's TLS comes from its store, never from the environment. */
	tlsdir = xasprintf("%s/contexts/tls/%s/docker", cfg, dirname);
	tls_files(e, tlsdir);
	skip = cJSON_GetObjectItemCaseSensitive(ep, "SkipTLSVerify");
	if (cJSON_IsTrue(skip))
		e->tls = TLS_NOVERIFY;
	else if (e->ca || e->cert || e->key)
		e->tls = TLS_VERIFY;
	free(tlsdir);
	free(dirname);
	cJSON_Delete(meta);
}

/* The CLI's order: DOCKER_HOST, DOCKER_CONTEXT, currentContext, default. */
static void locate(struct bb_engine *e)
{
	const char *host = env("DOCKER_HOST");
	char *cfg = config_dir();
	char *name = NULL;

	if (!host) {
		name = context_name(cfg);
		if (name && strcmp(name, "default") != 0) {
			use_context(e, cfg, name);
			goto out;
		}
	}
	e->where = xstrdup(host ? host : DEFAULT_HOST);
	e->source = xstrdup(host ? "DOCKER_HOST" : "the Docker host");
	env_tls(e, cfg);
out:
	free(name);
	free(cfg);
}

__attribute__((noreturn)) static void bad_host(const struct bb_engine *e,
					       const char *why)
{
	bb_die(BB_USAGE, "unable to use %s '%s': %s", e->source, e->where, why);
}

static int all_digits(const char *s, size_t n)
{
	size_t i;

	if (!n)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* host[:port][/path] after tcp://; the port defaults as in the CLI. */
static void tcp_base(struct bb_engine *e, const char *rest)
{
	const char *scheme = e->tls == TLS_NONE ? "http" : "https";
	const char *port = e->tls == TLS_NONE ? ":2375" : ":2376";
	size_t hostlen = strcspn(rest, "/");
	const char *colon = NULL, *path = rest + hostlen;
	const char *p, *rb;
	size_t pathlen = strlen(path);

	for (p = rest; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '?' || *p == '#' ||
		    *p == '@')
			bad_host(e, "malformed tcp:// address");
	if (rest[0] == '[') {
		rb = memchr(rest, ']', hostlen);
		if (!rb || rb == rest + 1)
			bad_host(e, "malformed tcp:// address");
		if (rb + 1 < path) {
			if (rb[1] != ':')
				bad_host(e, "malformed tcp:// address");
			colon = rb + 1;
		}
	} else {
		colon = memchr(rest, ':', hostlen);
		if (colon && memchr(colon + 1, ':', (size_t)(path - colon - 1)))
			bad_host(e, "malformed tcp:// address");
	}
	if (!hostlen || colon == rest)
		bad_host(e, "tcp:// needs a host");
	if (colon) {
		if (!all_digits(colon + 1, (size_t)(path - colon - 1)))
			bad_host(e, "malformed port");
		port = "";
	}
	while (pathlen && path[pathlen - 1] == '/')
		pathlen--;
	e->base = xasprintf("%s://%.*s%s%.*s", scheme, (int)hostlen, rest, port,
			    (int)pathlen, path);
}

static void parse_host(struct bb_engine *e)
{
	const char *h = e->where;

	if (!strncmp(h, "unix://", 7)) {
		if (!h[7])
			bad_host(e, "no socket path");
		if (strlen(h + 7) > UNIX_PATH_MAX)
			bad_host(e, "the socket path is longer than 107 bytes");
		e->sock = xstrdup(h + 7);
		e->base = xstrdup("http://localhost");
	} else if (!strncmp(h, "tcp://", 6)) {
		tcp_base(e, h + 6);
	} else if (!strncmp(h, "ssh://", 6)) {
		bad_host(e, "ssh:// is not supported; forward the remote "
			    "socket (ssh -L) and point DOCKER_HOST at it");
	} else if (!strstr(h, "://")) {
		/* The CLI reads a bare host:port as tcp://. */
		tcp_base(e, h);
	} else {
		bad_host(e, "only unix:// and tcp:// are supported");
	}
}

/* \d+\.\d+, each part short enough for strtoul. */
static int version_ok(const char *v)
{
	size_t major = strspn(v, "0123456789");
	size_t minor;

	if (!major || major > 9 || v[major] != '.')
		return 0;
	minor = strspn(v + major + 1, "0123456789");
	return minor && minor <= 9 && !v[major + 1 + minor];
}

/* Numerically per part: 1.9 < 1.41. */
static int version_cmp(const char *a, const char *b)
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

static size_t on_ping_header(const char *buf, size_t size, size_t n, void *data)
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
	curl_easy_setopt(e->h, CURLOPT_HEADERFUNCTION, on_ping_header);
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
	if (!version_ok(v))
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
		ping(e, 0, v);
	if (!v[0])
		snprintf(v, sizeof(v), "%s", FALLBACK_API);
	if (!version_ok(v))
		bb_die(BB_FAIL,
		       "unable to use the API version '%s' of the Docker "
		       "daemon at '%s'",
		       v, e->where);
	if (version_cmp(v, CLIENT_MAX_API) > 0)
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
	locate(e);
	parse_host(e);
	e->h = curl_easy_init();
	if (!e->h)
		bb_die(BB_FAIL, "unable to initialise libcurl");
	if ((v = env("DOCKER_API_VERSION")))
		set_version(e, v, "DOCKER_API_VERSION");
	else if ((v = env("BB_DOCKER_API_VERSION")))
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
};

static size_t on_body(const char *buf, size_t size, size_t n, void *data)
{
	struct sink *s = data;
	struct bb_resp *r = s->r;
	size_t len = size * n;

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
	struct sink s = {r, 256};
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
	const char *m = r->json ? json_str(r->json, "message") : NULL;
	const char *b = r->body;
	size_t n, i;

	if (nonempty(m))
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
		if ((unsigned char)text[i] < ' ')
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

static int unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
	       c == '~';
}

static size_t escaped_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += unreserved((unsigned char)*s) ? 1 : 3;
	return n;
}

/* Writes the escaped s at dst (room checked by the caller); returns the end. */
static char *escape_to(char *dst, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (unreserved(c)) {
			*dst++ = (char)c;
		} else {
			*dst++ = '%';
			*dst++ = hex[c >> 4];
			*dst++ = hex[c & 15];
		}
	}
	*dst = '\0';
	return dst;
}

void bb_query_add(struct bb_query *q, const char *key, const char *value)
{
	size_t need;
	char *p;

	if (!value)
		value = "";
	need = q->len + 1 + escaped_len(key) + 1 + escaped_len(value) + 1;
	if (need > q->cap) {
		q->cap = need < 64 ? 64 : need * 2;
		q->buf = xrealloc(q->buf, q->cap);
	}
	p = q->buf + q->len;
	*p++ = q->len ? '&' : '?';
	p = escape_to(p, key);
	*p++ = '=';
	p = escape_to(p, value);
	q->len = (size_t)(p - q->buf);
}

char *bb_query_path(const char *path, struct bb_query *q)
{
	char *full;

	if (!q || !q->len)
		full = xstrdup(path);
	else
		full = xasprintf("%s%.*s", path, (int)q->len, q->buf);
	if (q) {
		free(q->buf);
		q->buf = NULL;
		q->len = q->cap = 0;
	}
	return full;
}

char *bb_url_escape(const char *s)
{
	char *p = xrealloc(NULL, escaped_len(s) + 1);

	escape_to(p, s);
	return p;
}
