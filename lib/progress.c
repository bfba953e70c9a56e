/* Progress on the terminal: what runs, for how long, bytes where known. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "msg.h"
#include "progress.h"

#define TICK_MS 200   /* the elapsed time moves on */
#define REDRAW_MS 100 /* bytes move on: at most this often */
#define QUIET_MS 1000 /* work that ends sooner shows nothing */

/* The line on the screen, which a message must clear first. */
static struct bb_progress *active;

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

static long since_ms(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(now.tv_sec - start->tv_sec) * 1000 +
	       (now.tv_nsec - start->tv_nsec) / 1000000;
}

/* write(2), not stdio: the thread must hold no FILE lock when others fork. */
static void put(const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(2, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

/* Clear the line; the caller holds p->mu. */
static void clear(struct bb_progress *p)
{
	char blank[512];
	size_t n;

	if (!p->drawn)
		return;
	if (p->erase) {
		put("\r\033[K", 4);
	} else {
		/* A dumb terminal has no erase: overwrite with blanks. */
		n = p->width < sizeof(blank) - 2 ? p->width : sizeof(blank) - 2;
		blank[0] = '\r';
		memset(blank + 1, ' ', n);
		blank[n + 1] = '\r';
		put(blank, n + 2);
	}
	p->drawn = 0;
}

/* Draw the line; the caller holds p->mu. */
static void draw(struct bb_progress *p)
{
	long ms = since_ms(&p->start), s = ms / 1000;
	char line[512], took[32], d[32], t[32], *end;
	const char *bold = p->color ? "\033[1m" : "";
	const char *plain = p->color ? "\033[m" : "";
	size_t n;

	if (ms < p->after_ms)
		return;
	clock_gettime(CLOCK_MONOTONIC, &p->last);
	if (s < 60)
		snprintf(took, sizeof(took), "%ld s", s);
	else
		snprintf(took, sizeof(took), "%ld min %02ld s", s / 60, s % 60);
	if (p->total > 0) {
		human(p->done, d, sizeof(d));
		human(p->total, t, sizeof(t));
		snprintf(line, sizeof(line), "\r%s: %s%s%s: %s of %s (%d%%), %s",
			 bb_prog, bold, p->what, plain, d, t,
			 (int)((double)p->done * 100 / (double)p->total), took);
	} else {
		snprintf(line, sizeof(line), "\r%s: %s%s%s... %s", bb_prog, bold,
			 p->what, plain, took);
	}
	n = strlen(line);
	end = line + n;
	if (p->erase && n + 3 < sizeof(line)) {
		memcpy(end, "\033[K", 4); /* what a longer line left */
		n += 3;
	} else if (!p->erase && n - 1 < p->width) {
		size_t pad = p->width - (n - 1);
		if (n + pad < sizeof(line)) {
			memset(end, ' ', pad);
			n += pad;
			line[n] = 0;
		}
	}
	put(line, n);
	p->shown = p->total;
	p->width = n - 1;
	p->drawn = 1;
}

static void *run(void *arg)
{
	struct bb_progress *p = arg;
	struct timespec at;

	pthread_mutex_lock(&p->mu);
	while (!p->stop) {
		draw(p);
		clock_gettime(CLOCK_MONOTONIC, &at);
		at.tv_nsec += TICK_MS * 1000000L;
		if (at.tv_nsec >= 1000000000L) {
			at.tv_sec++;
			at.tv_nsec -= 1000000000L;
		}
		while (!p->stop &&
		       pthread_cond_timedwait(&p->cv, &p->mu, &at) != ETIMEDOUT)
			;
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* Before any message: no half line under it, and no redraw after it. */
static void before_message(void)
{
	struct bb_progress *p = active;

	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	clear(p);
	p->stop = 1;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

void bb_progress_start(struct bb_progress *p, const char *what)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
	const char *after = getenv("BB_PROGRESS_AFTER_MS");
	pthread_condattr_t ca;
	char *c, *end;

	memset(p, 0, sizeof(*p));
	snprintf(p->what, sizeof(p->what), "%s", what);
	/* A name from elsewhere must not move the cursor. */
	for (c = p->what; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
	p->on = isatty(2) && !active;
	if (!p->on)
		return;
	p->erase = !(term && !strcmp(term, "dumb"));
	p->color = p->erase && !(nc && *nc);
	p->after_ms = after && *after ? strtol(after, &end, 10) : QUIET_MS;
	if (after && *after && (*end || p->after_ms < 0))
		p->after_ms = QUIET_MS;
	clock_gettime(CLOCK_MONOTONIC, &p->start);
	pthread_mutex_init(&p->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&p->cv, &ca);
	pthread_condattr_destroy(&ca);
	active = p;
	bb_msg_before = before_message;
	p->thread = pthread_create(&p->tid, NULL, run, p) == 0;
}

void bb_progress_show(struct bb_progress *p, long long done, long long total)
{
	if (!p->on)
		return;
	if (done > total)
		done = total;
	if (done < 0)
		done = 0;
	pthread_mutex_lock(&p->mu);
	if (done != p->done || total != p->total) {
		p->done = done;
		p->total = total;
		/* The first and last bytes always show; others at most every 100 ms. */
		if (!p->stop && (p->shown <= 0 || done == total ||
				 since_ms(&p->last) >= REDRAW_MS))
			draw(p);
	}
	pthread_mutex_unlock(&p->mu);
}

void bb_progress_end(struct bb_progress *p)
{
	if (!p->on)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
	if (p->thread)
		pthread_join(p->tid, NULL);
	pthread_mutex_lock(&p->mu);
	clear(p);
	pthread_mutex_unlock(&p->mu);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	active = NULL;
	bb_msg_before = NULL;
	p->on = 0;
}
