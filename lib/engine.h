/* Docker Engine API client over libcurl (reference/docker-api.md). */
#ifndef BB_ENGINE_H
#define BB_ENGINE_H

#include <stddef.h>
#include <cJSON.h>

struct bb_engine;

struct bb_resp {
	long status;  /* HTTP status */
	char *body;   /* NUL-terminated, malloc'd */
	size_t len;
	cJSON *json;  /* body parsed when it is JSON, else NULL */
};

/*
 * Find the daemon (DOCKER_HOST, DOCKER_CONTEXT / currentContext in
 * $DOCKER_CONFIG/config.json, /var/run/docker.sock), connect and settle the
 * API version (DOCKER_API_VERSION as is, else BB_DOCKER_API_VERSION from an
 * earlier program of the chain, else HEAD /_ping capped at the client's
 * maximum; then exported as BB_DOCKER_API_VERSION). Dies 111 naming the
 * socket or URL when the daemon cannot be reached, 100 on a malformed or
 * unsupported DOCKER_HOST (ssh://).
 */
struct bb_engine *bb_engine_open(void);
void bb_engine_close(struct bb_engine *e);

/* Where the daemon is, as the user would recognise it (unix:///..., tcp://...). */
const char *bb_engine_where(const struct bb_engine *e);

/*
 * The docker CLI's config.json ($DOCKER_CONFIG, else ~/.docker), parsed;
 * NULL when there is none, or (with a warning) when it cannot be read.
 */
cJSON *bb_docker_config(void);

/*
 * One request. path is unversioned and starts with '/', with its query
 * already escaped (see bb_query_*). body is JSON text or NULL (then an empty
 * body with no Content-Type). timeout_s 0 means none. Dies 111 on a
 * transport failure; any HTTP status is returned in r.
 */
void bb_engine_call(struct bb_engine *e, const char *method, const char *path,
		    const char *body, long timeout_s, struct bb_resp *r);

/*
 * A streamed request (push, pull): path and method as for bb_engine_call,
 * with an empty body, and headers, a NULL-terminated list of extra header
 * lines ("X-Registry-Auth: ...") or NULL. When the engine answers 200, its
 * answer is read as it comes, one JSON object per line (lines end in
 * \r\n, each at most BB_STREAM_LINE_MAX bytes), and on_line gets each
 * object; a non-zero return from on_line ends the transfer, which closes
 * the connection (the engine then cancels a push). Any other status is
 * left in r with its body, as bb_engine_call does, for bb_engine_die; on
 * 200, r holds the status only. No total timeout: the call gives up when
 * nothing arrives for BB_STREAM_STALL_S seconds. Returns on_line's
 * non-zero value, else 0. Dies 111 on a transport failure, a line that is
 * too long or is not JSON.
 */
#define BB_STREAM_LINE_MAX (1L << 20)
#define BB_STREAM_STALL_S 600L
typedef int bb_line_fn(const cJSON *obj, void *arg);
int bb_engine_stream(struct bb_engine *e, const char *method, const char *path,
		     const char *const *headers, bb_line_fn *on_line, void *arg,
		     struct bb_resp *r);

void bb_resp_free(struct bb_resp *r);

/* The daemon's error text: the JSON "message", else the body, else "HTTP n". */
const char *bb_resp_message(const struct bb_resp *r);

/* "bb-foo: fatal: unable to <what>: <message> (HTTP n)", exit 111. */
__attribute__((noreturn, format(printf, 2, 3))) void
bb_engine_die(const struct bb_resp *r, const char *what_fmt, ...);

/* A growing, escaped query string: "?a=1&b=x%20y". */
struct bb_query {
	char *buf;
	size_t len, cap;
};
void bb_query_add(struct bb_query *q, const char *key, const char *value);
/* "/path" + query, malloc'd; q is emptied. */
char *bb_query_path(const char *path, struct bb_query *q);
/* Percent-escape one path segment or value; malloc'd. */
char *bb_url_escape(const char *s);

#endif
