/* All bottles of this home, with what their backends say of them. */
#ifndef BB_BOTTLES_H
#define BB_BOTTLES_H

#include <stddef.h>

enum bb_run_state { BB_ABSENT, BB_STOPPED, BB_RUNNING, BB_UNKNOWN };

struct bb_bottle {
	char *slug;
	char *backend;   /* NULL when metadata.json is missing or broken */
	char *committed; /* NULL when nothing is committed */
	int preserved;   /* read only with details */
	enum bb_run_state state;
};

/*
 * Read every state/<slug>/ folder, sorted by slug. With states set, ask
 * each backend once (bb-<b>-list), or each bottle (bb-<b>-running) when
 * the backend has no list verb. With details set, also read preserved.
 * Returns the count; *out is malloc'd.
 */
size_t bb_bottles_scan(struct bb_bottle **out, int states, int details);
void bb_bottles_free(struct bb_bottle *b, size_t n);

const char *bb_run_state_name(enum bb_run_state s);

#endif
