/* Yes/no questions on the terminal: a decline, EOF or a signal all mean no. */
#include <errno.h>
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
	(void)sig; /* only here so read(2) returns EINTR */
}

int bb_confirm(const char *question)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	struct sigaction sa = {.sa_handler = on_signal}, old[3];
	char answer[64];
	size_t n = 0, i;
	ssize_t r = 1;

	fprintf(stderr, "%s [y/N] ", question);
	fflush(stderr);
	/* No SA_RESTART: a signal must end the wait, as a "no". */
	for (i = 0; i < 3; i++)
		sigaction(sigs[i], &sa, &old[i]);
	while (n < sizeof(answer) - 1 &&
	       (r = read(0, answer + n, 1)) == 1 && answer[n] != '\n')
		n++;
	for (i = 0; i < 3; i++)
		sigaction(sigs[i], &old[i], NULL);
	if (r != 1)
		fputc('\n', stderr);
	answer[n] = 0;
	while (n && (answer[n - 1] == '\r' || answer[n - 1] == ' '))
		answer[--n] = 0;
	return r == 1 && (!strcasecmp(answer, "y") || !strcasecmp(answer, "yes"));
}
