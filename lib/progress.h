/* A progress line for people: on a terminal only, one line redrawn in place. */
#ifndef BB_PROGRESS_H
#define BB_PROGRESS_H

#include <time.h>

struct bb_progress {
	int on;		       /* stderr is a terminal */
	int drawn;	       /* the line is on the screen */
	char what[256];	       /* "pushing 127.0.0.1:5000/snaps/web:v1" */
	long long done, total; /* what the line shows */
	struct timespec last;
};

/* Start a progress line about what; it shows nothing unless isatty(2). */
void bb_progress_start(struct bb_progress *p, const char *what);

/*
 * "bb-foo: <what>: 1.2 MB of 4.5 MB (26%)", redrawn at most ten times a
 * second (and always when done reaches total).
 */
void bb_progress_show(struct bb_progress *p, long long done, long long total);

/* Clear the line, so that what follows starts on a clean one. */
void bb_progress_end(struct bb_progress *p);

#endif
