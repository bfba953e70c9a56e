/* What the macos-container backend's executables share: running `container`. */
#ifndef BB_CONTAINER_H
#define BB_CONTAINER_H

#include <cJSON.h>

#include "tool.h"

/* `container --version` as {major, minor, patch}; dies 111 when unreadable. */
void ctr_version(int v[3]);

/* Parse "container CLI version X.Y.Z (...)"; -1 when it is not that. */
int ctr_parse_version(const char *text, int v[3]);

/*
 * `container inspect NAME`: the object, or NULL when there is no such
 * container (1.x: "container not found"; before 1.0: an empty array).
 * Dies 100 when it carries another home's label.
 */
cJSON *ctr_inspect_own(const char *name);

/* The state of a listed or inspected container, in either JSON shape. */
const char *ctr_state(const cJSON *c);

/* The id of a listed container, in either JSON shape. */
const char *ctr_id(const cJSON *c);

/* configuration.labels[key], or NULL. */
const char *ctr_label(const cJSON *c, const char *key);

#endif
