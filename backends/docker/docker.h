/* What the docker backend's executables share: finding our own containers. */
#ifndef BB_DOCKER_H
#define BB_DOCKER_H

#include <cJSON.h>

#include "engine.h"

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

/* Check a runtime object name given on the command line; dies 100. */
void docker_check_name(const char *name);

#endif
