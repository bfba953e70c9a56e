/* Messages and exit codes shared by every bb program (DESIGN.md §4). */
#ifndef BB_MSG_H
#define BB_MSG_H

#include <stdarg.h>

enum {
	BB_OK = 0,
	BB_NO = 1,       /* a predicate's "no", a CAS mismatch, busy */
	BB_USAGE = 100,  /* wrong usage or bad input */
	BB_FAIL = 111,   /* a system call, the engine or a backend CLI failed */
	BB_NOEXEC = 126, /* a program to exec could not run */
	BB_NOTFOUND = 127,
};

extern const char *bb_prog;

/* Called before any message is written: a progress line clears itself. */
extern void (*bb_msg_before)(void);

void bb_set_prog(const char *argv0);

/* "bb-foo: fatal: <fmt>" then exit(code). */
__attribute__((noreturn, format(printf, 2, 3))) void bb_die(int code,
							    const char *fmt,
							    ...);
/* As bb_die, with ": <strerror(errno)>" appended. */
__attribute__((noreturn, format(printf, 2, 3))) void
bb_die_errno(int code, const char *fmt, ...);
/* The "bb-foo: fatal: <fmt>" line alone, for callers that exit themselves. */
__attribute__((format(printf, 1, 2))) void bb_fatal_line(const char *fmt,
							  ...);
__attribute__((format(printf, 1, 2))) void bb_warn(const char *fmt, ...);
__attribute__((format(printf, 1, 2))) void bb_error(const char *fmt, ...);
/* "bb-foo: <fmt>" with no level word: for notes that porcelain prints. */
__attribute__((format(printf, 1, 2))) void bb_note(const char *fmt, ...);

/* Flush stdout and exit 0, or die 111 when stdout could not be written. */
__attribute__((noreturn)) void bb_exit_ok(void);
/* Same check for a non-zero code chosen by the caller. */
__attribute__((noreturn)) void bb_exit(int code);

#endif
