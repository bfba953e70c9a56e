/* A progress line for people: on a terminal only, one line redrawn in place. */
#ifndef BB_PROGRESS_H
#define BB_PROGRESS_H

#include <pthread.h>
#include <time.h>

struct bb_progress {
	int on;		       /* stderr is a terminal */
	int drawn;	       /* the line is on the screen */
	int color;	       /* bold allowed: no NO_COLOR, TERM not dumb */
	int erase;	       /* the terminal knows \e[K: TERM not dumb */
	long after_ms;	       /* quiet until the work has run this long */
	struct timespec last;  /* when the line was drawn last */
	int stop;	       /* the drawing thread is asked to end */
	int thread;	       /* the drawing thread runs */
	char what[256];	       /* "pushing 127.0.0.1:5000/snaps/web:v1" */
	long long done, total; /* bytes, when known (total > 0) */
	long long shown;       /* the total the line showed last (0: none) */
	size_t width;	       /* what the last line took, for TERM=dumb */
	struct timespec start;
	pthread_t tid;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

/*
 * Start a progress line about what. Nothing shows unless stderr is a
 * terminal, nor before a second has passed ($BB_PROGRESS_AFTER_MS, for
 * tests); then a thread redraws
 * "bb-foo: <what>: 1.2 MB of 4.5 MB (26%), 3 s" (or "bb-foo: <what>...
 * 3 s" while no bytes are known) a few times a second. A bb message
 * (bb_die, bb_warn...) clears the line first and ends the drawing.
 */
void bb_progress_start(struct bb_progress *p, const char *what);

/* Bytes done of total, when the work knows them; drawn at once when due. */
void bb_progress_show(struct bb_progress *p, long long done, long long total);

/* Stop drawing and clear the line, so that what follows starts clean. */
void bb_progress_end(struct bb_progress *p);

#endif
