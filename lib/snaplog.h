/* The append-only snapshots log: one tab-separated line per commit (bb(5)). */
#ifndef BB_SNAPLOG_H
#define BB_SNAPLOG_H

#include <stddef.h>

struct bb_snapline {
	char *time;    /* UTC, 2026-11-28T15:00:00Z */
	char *ref;     /* the snapshot */
	char *parent;  /* the committed image before it, or "-" */
	char *message; /* folded to one line; may be empty */
};

/* Two 4 KiB refs, a 4000-byte message, the time and the tabs fit. */
#define BB_SNAPLINE_MAX 16384

/* Split one line (no newline) in place; -1 when it is not a valid line. */
int bb_snapline_parse(char *line, struct bb_snapline *s);

/*
 * As bb_snapline_parse for the len bytes at line (line[len] is a NUL),
 * which must be shorter than BB_SNAPLINE_MAX and hold no newline and no
 * NUL. The writer and the readers go by this one rule.
 */
int bb_snapline_take(char *line, size_t len, struct bb_snapline *s);

/* bb_snaplog_each over the text of a log, split in place. */
int bb_snaplog_scan(char *buf, size_t len,
		    int (*fn)(const struct bb_snapline *, void *), void *arg);

/*
 * Call fn for each valid line of the bottle's log, oldest first; a torn
 * last line and malformed lines are skipped. Stops when fn returns
 * non-zero, and returns that. Returns 0 for an absent log; dies 111 when
 * the log cannot be read.
 */
int bb_snaplog_each(const char *slug,
		    int (*fn)(const struct bb_snapline *, void *), void *arg);

/* A bottle's snapshots, newest first: snapshot N is s[N - 1] (bb log). */
struct bb_snaplist {
	struct bb_snapline *s; /* fields malloc'd */
	size_t n, cap;
};

/* Read the bottle's log into l (empty when absent); dies as bb_snaplog_each. */
void bb_snaplist_load(const char *slug, struct bb_snaplist *l);
void bb_snaplist_free(struct bb_snaplist *l);

/* Tabs, newlines and other control characters become spaces, in place. */
void bb_fold(char *s);

/* 1 when s is a UTC time as the log writes it. */
int bb_iso_time_ok(const char *s);

#endif
