/* Where the Docker daemon is: DOCKER_HOST, contexts and TLS, as the CLI finds it. */
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

#include <cJSON.h>

#include "engine.h"
#include "engine-int.h"
#include "msg.h"
#include "xalloc.h"

static int nonempty(const char *s)
{
	return s && *s;
}

const char *bb_env(const char *name)
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
	const char *home = bb_env("DOCKER_CONFIG");
	const struct passwd *pw;

	if (home)
		return xstrdup(home);
	home = bb_env("HOME");
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

/* cfg/config.json; NULL when absent, or unreadable (with a warning). */
static cJSON *load_config(const char *cfg)
{
	char *path = xasprintf("%s/config.json", cfg);
	cJSON *json = load_json(path);

	if (!json && errno != ENOENT) {
		/* The CLI, too, carries on without a config it cannot read. */
		if (errno)
			bb_warn("unable to read '%s': %s; ignoring it", path,
				strerror(errno));
		else
			bb_warn("unable to parse '%s'; ignoring it", path);
	}
	free(path);
	return json;
}

cJSON *bb_docker_config(void)
{
	char *cfg = config_dir();
	cJSON *json = cfg ? load_config(cfg) : NULL;

	free(cfg);
	return json;
}

/* DOCKER_CONTEXT, else currentContext; NULL means the default context. */
static char *context_name(const char *cfg)
{
	const char *name = bb_env("DOCKER_CONTEXT");
	char *found = NULL;
	cJSON *json;

	if (name)
		return xstrdup(name);
	if (!cfg)
		return NULL;
	json = load_config(cfg);
	if (json) {
		name = json_str(json, "currentContext");
		if (nonempty(name))
			found = xstrdup(name);
		cJSON_Delete(json);
	}
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
	const char *dir = bb_env("DOCKER_CERT_PATH");

	if (bb_env("DOCKER_TLS_VERIFY"))
		e->tls = TLS_VERIFY;
	else if (bb_env("DOCKER_TLS"))
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
	const char *host = bb_env("DOCKER_HOST");
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

/* A CR from a CRLF file, an escape: no path has them on purpose. */
static int has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
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

/* host[:port][/path] after tcp:// into e->base, the port defaulting as in
 * the CLI; NULL, or why not. */
static const char *tcp_base(struct bb_engine *e, const char *rest)
{
	const char *scheme = e->tls == TLS_NONE ? "http" : "https";
	const char *port = e->tls == TLS_NONE ? ":2375" : ":2376";
	size_t hostlen = strcspn(rest, "/");
	const char *colon = NULL, *path = rest + hostlen;
	const char *p, *rb;
	size_t pathlen = strlen(path);

	for (p = rest; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f || *p == '?' ||
		    *p == '#' || *p == '@')
			return "malformed tcp:// address";
	if (rest[0] == '[') {
		rb = memchr(rest, ']', hostlen);
		if (!rb || rb == rest + 1)
			return "malformed tcp:// address";
		if (rb + 1 < path) {
			if (rb[1] != ':')
				return "malformed tcp:// address";
			colon = rb + 1;
		}
	} else {
		colon = memchr(rest, ':', hostlen);
		if (colon && memchr(colon + 1, ':', (size_t)(path - colon - 1)))
			return "malformed tcp:// address";
	}
	if (!hostlen || colon == rest)
		return "tcp:// needs a host";
	if (colon) {
		if (!all_digits(colon + 1, (size_t)(path - colon - 1)) ||
		    path - colon - 1 > 5 || atoi(colon + 1) < 1 ||
		    atoi(colon + 1) > 65535)
			return "malformed port";
		port = "";
	}
	while (pathlen && path[pathlen - 1] == '/')
		pathlen--;
	e->base = xasprintf("%s://%.*s%s%.*s", scheme, (int)hostlen, rest, port,
			    (int)pathlen, path);
	return NULL;
}

int bb_host_parse(struct bb_engine *e, const char *host, const char **why)
{
	*why = NULL;
	if (!strncmp(host, "unix://", 7)) {
		if (!host[7]) {
			*why = "no socket path";
		} else if (strlen(host + 7) > UNIX_PATH_MAX) {
			*why = "the socket path is longer than 107 bytes";
		} else if (has_control(host + 7)) {
			*why = "the socket path has a control character";
		} else {
			e->sock = xstrdup(host + 7);
			e->base = xstrdup("http://localhost");
		}
	} else if (!strncmp(host, "tcp://", 6)) {
		*why = tcp_base(e, host + 6);
	} else if (!strncmp(host, "ssh://", 6)) {
		*why = "ssh:// is not supported; forward the remote socket "
		       "(ssh -L) and point DOCKER_HOST at it";
	} else if (!strstr(host, "://")) {
		/* The CLI reads a bare host:port as tcp://. */
		*why = tcp_base(e, host);
	} else {
		*why = "only unix:// and tcp:// are supported";
	}
	return *why ? -1 : 0;
}

void bb_engine_locate(struct bb_engine *e)
{
	const char *why;

	locate(e);
	if (bb_host_parse(e, e->where, &why) < 0)
		bad_host(e, why);
}
