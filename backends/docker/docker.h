/* What the docker backend's executables share: finding our own containers. */
#ifndef BB_DOCKER_H
#define BB_DOCKER_H

#include <stddef.h>
#include <cJSON.h>

#include "engine.h"
#include "progress.h"

/*
 * Inspect the container called exactly name (inspect also takes id
 * prefixes, so the Name is compared). Returns the parsed object, or NULL
 * when there is none. Dies 100 when it carries another home's label.
 */
cJSON *docker_inspect_own(struct bb_engine *e, const char *name);

/* Id and State.Status of an inspected container ("" when missing). */
const char *docker_id(const cJSON *c);
const char *docker_status(const cJSON *c);

/* "Running" for bb: running, paused or restarting. */
int docker_is_running(const cJSON *c);

/* 1 when an inspected container is called exactly name (no id prefix). */
int docker_named(const cJSON *c, const char *name);

/* The bot-bottle.home label of an inspected container ("" when missing). */
const char *docker_home(const cJSON *c);

/*
 * One item of GET /containers/json: 0 with its name (without the leading
 * '/') and whether bb counts it running, -1 when it has no state or no
 * name that fits one line (bb_value_ok).
 */
int docker_list_entry(const cJSON *c, const char **name, int *running);

/* The image id in the answer of POST /commit; NULL when none fits one line. */
const char *docker_commit_id(const cJSON *answer);

/* head + escaped name + tail, malloc'd: "/containers/<name>/json". */
char *docker_path(const char *head, const char *name, const char *tail);

/* 1 when the engine has the image ref (a name or an id), 0 when not; else dies 111. */
int docker_image_exists(struct bb_engine *e, const char *ref);

/*
 * POST /images/<image>/tag?repo=&tag=: 0 when tagged; else -1 with the
 * engine's answer in r, for the caller to report and free.
 */
int docker_tag(struct bb_engine *e, const char *image, const char *repo,
	       const char *tag, struct bb_resp *r);

/* Check a runtime object name given on the command line; dies 100. */
void docker_check_name(const char *name);

/* Registries (registry.c): what push and pull share. */

/* 1 when repo starts with a registry host (a part with . or :, localhost). */
int docker_has_registry(const char *repo);

/* The registry host of repo into buf; docker.io when it names none. */
void docker_registry_of(const char *repo, char *buf, size_t n);

/*
 * The header line "X-Registry-Auth: <base64url JSON>" for registry: the
 * user and password of auths.<registry>.auth in the docker config, else
 * anonymous (e30=). Credential helpers are not consulted. malloc'd.
 */
char *docker_registry_auth(const char *registry);

/* What a push or pull stream said: the first error, the digest, progress. */
struct docker_stream {
	const char *counted; /* the status whose bytes count: "Pushing" */
	struct layer *layers;
	size_t nlayers, cap;
	char *error;  /* errorDetail.message or error, when one came */
	char *digest; /* aux.Digest, when one came */
	struct bb_progress bar;
};

/* Start reading a stream; what names it on the progress line. */
void docker_stream_init(struct docker_stream *s, const char *counted,
			const char *what);

/*
 * The bb_line_fn of bb_engine_stream: keeps aux.Digest, adds up the bytes
 * of each layer (progressDetail) on the progress line, and stops at the
 * first error line (returns 1).
 */
int docker_stream_line(const cJSON *obj, void *arg);

/* Clear the progress line and free what the stream kept. */
void docker_stream_free(struct docker_stream *s);

/*
 * What to pull for ref: repo and tag (a digest for name@sha256:...),
 * malloc'd. -1 for bb's own snapshots (bot-bottle/...), which exist on
 * one machine only, and for what is no valid reference.
 */
int docker_pull_split(const char *ref, char **repo, char **tag);

/*
 * POST /images/create?fromImage=<repo>&tag=<tag>, showing progress on a
 * terminal. NULL when it was pulled, else why not (malloc'd).
 */
char *docker_pull(struct bb_engine *e, const char *repo, const char *tag);

#endif
