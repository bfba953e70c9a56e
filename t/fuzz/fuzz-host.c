/*
 * Fuzz bb_host_parse, what bb makes of DOCKER_HOST (or a context's Host):
 * a unix socket path curl can use, or an http(s) base whose host and port
 * are the ones named, never a control character; else one line on why.
 * Each input is tried under each TLS mode.
 */
#include <ctype.h>

#include "engine-int.h"
#include "fuzz.h"

/* The port of "host:port" or "[v6]:port": 1..65535 in at most 5 digits. */
static void check_port(const char *auth, size_t n)
{
	const char *end = auth + n, *colon, *p;
	long port;

	if (auth[0] == '[') {
		colon = memchr(auth, ']', n);
		must(colon && colon > auth + 1);
		colon++;
	} else {
		colon = memchr(auth, ':', n);
		must(colon && colon > auth);
	}
	must(colon < end && *colon == ':');
	must(end - colon - 1 >= 1 && end - colon - 1 <= 5);
	for (p = colon + 1; p < end; p++)
		must(isdigit((unsigned char)*p));
	port = strtol(colon + 1, NULL, 10);
	must(port >= 1 && port <= 65535);
}

static void check_tcp(const struct bb_engine *e, const char *host)
{
	const char *scheme = e->tls == TLS_NONE ? "http://" : "https://";
	const char *rest = strncmp(host, "tcp://", 6) ? host : host + 6;
	const char *auth, *p;
	size_t n, hostlen = strcspn(rest, "/");

	must(!strncmp(e->base, scheme, strlen(scheme)));
	must(fuzz_one_line(e->base));
	auth = e->base + strlen(scheme);
	n = strcspn(auth, "/");
	must(n > 0);
	/* Nothing that would make curl go elsewhere than the host named. */
	for (p = auth; *p; p++)
		must(*p != ' ' && *p != '?' && *p != '#' && *p != '@');
	/* The host named, as named; a port when it gave none. */
	must(n >= hostlen && !strncmp(auth, rest, hostlen));
	check_port(auth, n);
	/* The path as given, less trailing slashes. */
	must(auth[n] == 0 || auth[n] == '/');
	must(!*auth || auth[strlen(auth) - 1] != '/');
}

/* The base read again as tcp:// names the same place. */
static void check_again(const struct bb_engine *e)
{
	struct bb_engine again = {.tls = e->tls};
	const char *why = NULL, *auth = strstr(e->base, "://") + 3;
	char *host = malloc(strlen(auth) + 7);

	must(host);
	memcpy(host, "tcp://", 6);
	memcpy(host + 6, auth, strlen(auth) + 1);
	must(bb_host_parse(&again, host, &why) == 0);
	must(!again.sock && !strcmp(again.base, e->base));
	free(again.base);
	free(host);
}

static int parse_as(const char *host, enum tls_mode tls)
{
	struct bb_engine e = {.tls = tls};
	const char *why = "unset";
	int rc = bb_host_parse(&e, host, &why);

	must(rc == 0 || rc == -1);
	if (rc < 0) {
		must(why && *why && fuzz_one_line(why));
		must(!e.sock && !e.base);
		return rc;
	}
	must(why == NULL);
	must(e.base);
	if (e.sock) {
		/* A unix socket: the path as given, one that fits sun_path. */
		must(!strncmp(host, "unix://", 7));
		must(!strcmp(e.sock, host + 7));
		must(strlen(e.sock) >= 1 && strlen(e.sock) <= UNIX_PATH_MAX);
		must(fuzz_one_line(e.sock));
		must(!strcmp(e.base, "http://localhost"));
	} else {
		check_tcp(&e, host);
		check_again(&e);
	}
	free(e.sock);
	free(e.base);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *host = fuzz_text(data, size);
	int rc = parse_as(host, TLS_NONE);

	/* TLS changes the scheme and the default port, never what is valid. */
	must(parse_as(host, TLS_VERIFY) == rc);
	must(parse_as(host, TLS_NOVERIFY) == rc);
	free(host);
	return 0;
}
