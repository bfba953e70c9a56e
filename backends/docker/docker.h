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

/* head + escaped name + tail, malloc'd: "/containers/<name>/json". */
char *docker_path(const char *head, const char *name, const char *tail);

/* Check a runtime object name given on the command line; dies 100. */
void docker_check_name(const char *name);

#endif
