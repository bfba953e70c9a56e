/* Yes/no questions on the terminal: a decline, EOF or a signal all mean no. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "prompt.h"

int bb_can_ask(void)
{
	return isatty(0) && isatty(2);
}

static void on_signal(int sig)
{
	(void)sig; /* only here so ppoll(2) returns EINTR */
}

/*
 * One byte of the answer, or -1 on end of input or a signal. The signals
 * are blocked except inside ppoll, so one that comes at any moment ends
 * the wait instead of slipping in before it.
 */
static int read_byte(const sigset_t *waiting)
{
	struct pollfd p = {.fd = 0, .events = POLLIN};
	char c;

	for (;;) {
		int r = ppoll(&p, 1, NULL, waiting);
		if (r < 0)
			return -1; /* EINTR: a signal, which means no */
		if (r > 0)
			break;
	}
	return read(0, &c, 1) == 1 ? (unsigned char)c : -1;
}

int bb_confirm(const char *question)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	struct sigaction sa = {.sa_handler = on_signal}, old[3];
	sigset_t block, waiting;
	char answer[64];
	size_t n = 0, i;
	int c = 0;

	sigemptyset(&block);
	for (i = 0; i < 3; i++)
		sigaddset(&block, sigs[i]);
	sigprocmask(SIG_BLOCK, &block, &waiting);
	for (i = 0; i < 3; i++)
		sigdelset(&waiting, sigs[i]);
	for (i = 0; i < 3; i++)
		sigaction(sigs[i], &sa, &old[i]);
	fprintf(stderr, "%s [y/N] ", question);
	fflush(stderr);
	while (n < sizeof(answer) - 1 && (c = read_byte(&waiting)) >= 0 &&
	       c != '\n')
		answer[n++] = (char)c;
	for (i = 0; i < 3; i++)
		sigaction(sigs[i], &old[i], NULL);
	sigprocmask(SIG_UNBLOCK, &block, NULL);
	if (c < 0)
		fputc('\n', stderr);
	answer[n] = 0;
	while (n && (answer[n - 1] == '\r' || answer[n - 1] == ' '))
		answer[--n] = 0;
	return c >= 0 &&
	       (!strcasecmp(answer, "y") || !strcasecmp(answer, "yes"));
}
