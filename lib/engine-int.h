/* Inside the engine client: what engine.c and engine-host.c share. */
#ifndef BB_ENGINE_INT_H
#define BB_ENGINE_INT_H

#include <curl/curl.h>

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
/* No answer bb reads is near this; an endless one must not eat the memory. */
#define RESPONSE_MAX (64L << 20)

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

/* getenv, with an empty value taken as unset, as the docker CLI does. */
const char *bb_env(const char *name);

/* Fill where, source, sock, base and TLS from the environment and config. */
void bb_engine_locate(struct bb_engine *e);

/*
 * Read a host string (DOCKER_HOST, a context's Host) into e->sock and
 * e->base, by e->tls. 0, or -1 with *why a one-line reason and e unchanged.
 */
int bb_host_parse(struct bb_engine *e, const char *host, const char **why);

/* 1 when v is an API version like 1.41 (Api-Version, DOCKER_API_VERSION). */
int bb_api_version_ok(const char *v);

/* Compare two valid API versions numerically per part: -1, 0 or 1. */
int bb_api_version_cmp(const char *a, const char *b);

/*
 * The CURLOPT_HEADERFUNCTION of /_ping: one header line in, its
 * Api-Version kept in data (VERSION_SIZE bytes, "" when none yet).
 */
size_t bb_ping_header(const char *buf, size_t size, size_t n, void *data);

#endif
