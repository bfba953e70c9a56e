/* Spawning and chain-loading bb programs with argv only: no shell, ever. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lock.h"
#include "msg.h"
#include "run.h"
#include "xalloc.h"

extern char **environ;

const char *bb_exec_path(void)
{
	static char self[PATH_MAX];
	const char *env = getenv("BB_EXEC_PATH");
	ssize_t n;
	char *slash;

	if (env && *env)
		return env;
	if (*self)
		return self;
	/* Run directly from a build or libexec folder: siblings are beside us. */
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0) {
		strcpy(self, ".");
		return self;
	}
	self[n] = 0;
	slash = strrchr(self, '/');
	if (slash && slash != self)
		*slash = 0;
	return self;
}

const char *bb_sibling(const char *name)
{
	static char path[PATH_MAX];
	int n = snprintf(path, sizeof(path), "%s/%s", bb_exec_path(), name);
	struct stat st;

	if (n < 0 || (size_t)n >= sizeof(path) || stat(path, &st) != 0 ||
	    !S_ISREG(st.st_mode) || access(path, X_OK) != 0)
		return NULL;
	return path;
}

int bb_status_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return BB_FAIL;
}

static int needs_quotes(const char *s)
{
	if (!*s)
		return 1;
	for (; *s; s++)
		if (*s <= ' ' || *s == '\'' || *s == '"' || *s == '\\' ||
		    *s == 0x7f)
			return 1;
	return 0;
}

/* ' x'\''y' : shell quoting, so a trace line can be pasted back. */
static size_t quote(char *out, size_t cap, const char *s)
{
	size_t o = 0;

	if (cap < 4)
		return 0;
	out[o++] = ' ';
	out[o++] = '\'';
	for (; *s && o + 6 < cap; s++) {
		if (*s == '\'') {
			memcpy(out + o, "'\\''", 4);
			o += 4;
		} else {
			out[o++] = *s;
		}
	}
	out[o++] = '\'';
	out[o] = 0;
	return o;
}

void bb_trace_argv(const char *what, char *const argv[])
{
	const char *t = getenv("BB_TRACE");
	char line[4096];
	size_t o;
	int i;

	if (!t || strcmp(t, "1") != 0)
		return;
	o = (size_t)snprintf(line, sizeof(line), "%s: trace: %s:", bb_prog,
			     what);
	for (i = 0; argv[i] && o < sizeof(line); i++) {
		if (needs_quotes(argv[i]))
			o += quote(line + o, sizeof(line) - o, argv[i]);
		else
			o += (size_t)snprintf(line + o, sizeof(line) - o,
					      " %s", argv[i]);
	}
	fprintf(stderr, "%s\n", line);
}

/* The path to exec: a bare name is a sibling in the exec path, else as is. */
static const char *resolve(const char *name, int *inside)
{
	const char *p;

	*inside = 0;
	if (strchr(name, '/'))
		return name;
	p = bb_sibling(name);
	if (p) {
		*inside = 1;
		return p;
	}
	return name; /* left to PATH: a third-party or foreign program */
}

/* Programs outside the exec path (container, smolvm) must not keep our lock. */
static void hide_lock_from(int inside)
{
	int fd = bb_lock_fd();

	if (!inside && fd >= 0)
		(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
}

static __attribute__((noreturn)) void exec_as(char *const argv[], int keep_lock)
{
	int inside;
	const char *path = resolve(argv[0], &inside);

	bb_trace_argv("exec", argv);
	if (!keep_lock)
		hide_lock_from(inside);
	fflush(stdout);
	if (strchr(path, '/'))
		execv(path, argv);
	else
		execvp(path, argv);
	bb_die_errno(errno == ENOENT ? BB_NOTFOUND : BB_NOEXEC,
		     "unable to run '%s'", argv[0]);
}

void bb_exec(char *const argv[])
{
	exec_as(argv, 0);
}

void bb_exec_locked(char *const argv[])
{
	exec_as(argv, 1);
}

/* Read what is there into a growing, NUL-terminated buffer. */
static int grow_read(int fd, char **buf, size_t *len, size_t *cap)
{
	ssize_t n;

	if (*len + 4096 + 1 > *cap) {
		*cap = *cap ? *cap * 2 : 8192;
		*buf = xrealloc(*buf, *cap);
	}
	n = read(fd, *buf + *len, *cap - *len - 1);
	if (n > 0)
		*len += (size_t)n;
	(*buf)[*len] = 0;
	return (int)n;
}

/* Feed input and drain both outputs together so no pipe can fill up. */
static void pump(int in_fd, int out_fd, int err_fd, struct bb_run *opt)
{
	size_t sent = 0, ocap = 0, ecap = 0;

	while (in_fd >= 0 || out_fd >= 0 || err_fd >= 0) {
		struct pollfd p[3];
		int n = 0, i;

		if (in_fd >= 0)
			p[n++] = (struct pollfd){.fd = in_fd, .events = POLLOUT};
		if (out_fd >= 0)
			p[n++] = (struct pollfd){.fd = out_fd, .events = POLLIN};
		if (err_fd >= 0)
			p[n++] = (struct pollfd){.fd = err_fd, .events = POLLIN};
		if (poll(p, (nfds_t)n, -1) < 0) {
			if (errno == EINTR)
				continue;
			bb_die_errno(BB_FAIL, "unable to wait for a child");
		}
		for (i = 0; i < n; i++) {
			int r;
			if (!p[i].revents)
				continue;
			if (p[i].fd == in_fd) {
				ssize_t w = opt->input_len > sent ?
					write(in_fd, opt->input + sent,
					      opt->input_len - sent) : 0;
				if (w > 0)
					sent += (size_t)w;
				if (w < 0 && errno == EINTR)
					continue;
				if (w <= 0 || sent == opt->input_len) {
					close(in_fd);
					in_fd = -1;
				}
				continue;
			}
			if (p[i].fd == out_fd)
				r = grow_read(out_fd, &opt->output,
					      &opt->output_len, &ocap);
			else
				r = grow_read(err_fd, &opt->errors,
					      &opt->errors_len, &ecap);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0) {
				close(p[i].fd);
				if (p[i].fd == out_fd)
					out_fd = -1;
				else
					err_fd = -1;
			}
		}
	}
}

int bb_run(char *const argv[], struct bb_run *opt)
{
	struct bb_run none = {0};
	posix_spawn_file_actions_t fa;
	int in[2] = {-1, -1}, out[2] = {-1, -1}, errp[2] = {-1, -1};
	int inside, status, err, lockfd = bb_lock_fd();
	const char *path = resolve(argv[0], &inside);
	pid_t pid;

	if (!opt)
		opt = &none;
	bb_trace_argv("run", argv);
	if ((opt->input && pipe2(in, O_CLOEXEC) < 0) ||
	    (opt->capture && pipe2(out, O_CLOEXEC) < 0) ||
	    (opt->capture_errors && pipe2(errp, O_CLOEXEC) < 0))
		bb_die_errno(BB_FAIL, "unable to create a pipe");
	posix_spawn_file_actions_init(&fa);
	if (opt->input)
		posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	if (opt->capture)
		posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	if (opt->capture_errors)
		posix_spawn_file_actions_adddup2(&fa, errp[1], 2);
	else if (opt->quiet_stderr)
		posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY,
						 0);
	if (!inside && lockfd >= 0)
		posix_spawn_file_actions_addclose(&fa, lockfd);
	fflush(stdout);
	if (strchr(path, '/'))
		err = posix_spawn(&pid, path, &fa, NULL, argv, environ);
	else
		err = posix_spawnp(&pid, path, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (in[0] >= 0)
		close(in[0]);
	if (out[1] >= 0)
		close(out[1]);
	if (errp[1] >= 0)
		close(errp[1]);
	if (err) {
		if (in[1] >= 0)
			close(in[1]);
		if (out[0] >= 0)
			close(out[0]);
		if (errp[0] >= 0)
			close(errp[0]);
		errno = err;
		/* A caller that captures stderr says it its own way. */
		if (!opt->capture_errors)
			bb_error("unable to run '%s': %s", argv[0],
				 strerror(err));
		return err == ENOENT ? BB_NOTFOUND : BB_NOEXEC;
	}
	{
		/* A child that exits early must not kill us with SIGPIPE. */
		void (*old)(int) = signal(SIGPIPE, SIG_IGN);
		pump(in[1], out[0], errp[0], opt);
		signal(SIGPIPE, old);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			bb_die_errno(BB_FAIL, "unable to wait for '%s'",
				     argv[0]);
	return bb_status_code(status);
}

void bb_step(char *const argv[], const char *input)
{
	struct bb_run run = {.input = input,
			     .input_len = input ? strlen(input) : 0};
	int code = bb_run(argv, &run);

	if (code)
		exit(code);
}

char *bb_step_out(char *const argv[])
{
	struct bb_run run = {.capture = 1};
	int code = bb_run(argv, &run);

	if (code)
		exit(code);
	if (!run.output) {
		run.output = strdup("");
		if (!run.output)
			bb_die(BB_FAIL, "out of memory");
	}
	if (run.output_len && run.output[run.output_len - 1] == '\n')
		run.output[--run.output_len] = 0;
	return run.output;
}
