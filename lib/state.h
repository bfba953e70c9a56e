/* The state tree under $BB_HOME (DESIGN.md §2), opened without following links. */
#ifndef BB_STATE_H
#define BB_STATE_H

#include <stddef.h>

#define BB_VALUE_MAX 4096 /* committed-image and friends: one line */
#define BB_FILE_MAX (1 << 20) /* metadata.json and other state files */
#define BB_LOG_MAX (64 << 20) /* the snapshots log */

/* $BB_HOME, else $HOME/.bot-bottle; static, never NULL. */
const char *bb_home(void);

/*
 * Open (creating when create is set) $BB_HOME and its subfolder sub
 * ("state", "locks", "snapshots"). Folders are 0700. Dies 111 on error.
 */
int bb_open_home(int create);
int bb_open_sub(const char *sub, int create);

/*
 * Open state/<slug>. Returns -1 with errno ENOENT when absent and !create.
 * Dies 111 when something other than a folder stands there.
 */
int bb_open_bottle(const char *slug, int create);

/* Keys that may be named on the command line. */
enum bb_key {
	BB_KEY_METADATA,
	BB_KEY_COMMITTED,
	BB_KEY_PRESERVED,
	BB_KEY_SNAPSHOTS,
	BB_KEY_PUSHED,
	BB_KEY_NONE
};
enum bb_key bb_key_parse(const char *name);
const char *bb_key_name(enum bb_key k);
/* Die 100 unless name is a known key. */
enum bb_key bb_key_check(const char *name);

/*
 * Read a regular file name relative to dirfd into a malloc'd, NUL-terminated
 * buffer, at most max bytes. Returns 0, or -1 with errno: ENOENT absent,
 * EFBIG too large, EINVAL not a regular file (a link, a FIFO, a folder).
 */
int bb_read_at(int dirfd, const char *name, size_t max, char **buf,
	       size_t *len);

/* Read a state file of a bottle; -1/ENOENT when the bottle or file is absent. */
int bb_state_read(const char *slug, const char *key, size_t max, char **buf,
		  size_t *len);

/*
 * Read a one-line value (committed-image): the trailing newline is cut.
 * Returns NULL when absent; dies 111 on a malformed file.
 */
char *bb_state_value(const char *slug, const char *key);

/* Why bb_read_at failed, in words, from its errno. */
const char *bb_read_why(int err);

/*
 * Remove the folder at/name and the files in it (one level). Returns 0
 * (also when it is absent), or -1 with errno and *failed naming the entry
 * that could not go. Never dies: it runs in exit handlers too.
 */
int bb_remove_folder(int at, const char *name, const char **failed);

/*
 * Remove state/<slug> and everything in it (bb stop of a bottle that is
 * not preserved, a launch that failed). The lock file stays. Dies 111.
 */
void bb_state_remove(const char *slug);

/* The random id of this home, created on first use. Static. */
const char *bb_home_id(void);

/* 1 when the line is a valid one-line value: non-empty, no control chars. */
int bb_value_ok(const char *s, size_t len);

/*
 * The text of a one-line file (committed-image, pushed): cut one trailing
 * newline in place (*len shrinks), then 1 when the rest is a valid value.
 * Every reader and the writer go by this one rule.
 */
int bb_value_line(char *buf, size_t *len);

#endif
