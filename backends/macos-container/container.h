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

/*
 * The output of `container inspect name`: 0 with *c the object, or NULL
 * when the array is empty (before 1.0 a missing id was dropped); -1 with
 * *why when it is no JSON array or answers for another id.
 */
int ctr_inspect_parse(const char *out, const char *name, cJSON **c,
		      const char **why);

/*
 * One item of `container list --format json`, in either shape: 0 with its
 * id, its bot-bottle.home label and whether it runs; -1 when it lacks the
 * label or an id that fits one line (bb_value_ok).
 */
int ctr_list_entry(const cJSON *c, const char **id, const char **home,
		   int *running);

#endif
