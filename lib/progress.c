/* Progress on the terminal: bytes done of total, nothing when not a tty. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "msg.h"
#include "progress.h"

#define REDRAW_NS 100000000L

void bb_progress_start(struct bb_progress *p, const char *what)
{
	char *c;

	memset(p, 0, sizeof(*p));
	p->on = isatty(2);
	snprintf(p->what, sizeof(p->what), "%s", what);
	/* A name from elsewhere must not move the cursor. */
	for (c = p->what; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
}

/* As docker shows sizes: decimal units. */
static void human(long long n, char *buf, size_t len)
{
	if (n < 1000)
		snprintf(buf, len, "%lld B", n);
	else if (n < 1000000)
		snprintf(buf, len, "%.1f kB", (double)n / 1e3);
	else if (n < 1000000000)
		snprintf(buf, len, "%.1f MB", (double)n / 1e6);
	else
		snprintf(buf, len, "%.2f GB", (double)n / 1e9);
}

static long elapsed_ns(const struct timespec *a, const struct timespec *b)
{
	return (long)(b->tv_sec - a->tv_sec) * 1000000000L +
	       (b->tv_nsec - a->tv_nsec);
}

void bb_progress_show(struct bb_progress *p, long long done, long long total)
{
	char line[512], d[32], t[32];
	struct timespec now;

	if (!p->on || total <= 0)
		return;
	if (done > total)
		done = total;
	if (done < 0)
		done = 0;
	if (p->drawn && done == p->done && total == p->total)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (p->drawn && done < total && elapsed_ns(&p->last, &now) < REDRAW_NS)
		return;
	p->last = now;
	p->done = done;
	p->total = total;
	human(done, d, sizeof(d));
	human(total, t, sizeof(t));
	/* \r to the start, \e[K clears what a longer line left. */
	snprintf(line, sizeof(line), "\r%s: %s: %s of %s (%d%%)\033[K", bb_prog,
		 p->what, d, t, (int)((double)done * 100 / (double)total));
	fputs(line, stderr);
	fflush(stderr);
	p->drawn = 1;
}

void bb_progress_end(struct bb_progress *p)
{
	if (!p->drawn)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	p->drawn = 0;
}
