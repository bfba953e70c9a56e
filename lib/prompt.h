/* Asking people, only when there is a terminal to ask on. */
#ifndef BB_PROMPT_H
#define BB_PROMPT_H

/* 1 when stdin and stderr are both terminals: the only time bb asks. */
int bb_can_ask(void);

/*
 * Ask "<question> [y/N] " on stderr and read one line from stdin. Returns 1
 * for y/yes (any case); 0 for anything else, an empty line, end of input,
 * or a SIGINT/SIGTERM/SIGHUP while waiting.
 */
int bb_confirm(const char *question);

#endif
