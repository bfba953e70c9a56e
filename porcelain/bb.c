/* bb: the dispatcher; finds bb-<command> in the exec path and execs it. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "command-list.h"
#include "msg.h"
#include "run.h"

static const char usage[] =
	"usage: bb [--exec-path[=DIR]] [--version] [-h|--help] <command> [<args>]\n";

#define NCOMMANDS (sizeof(command_list) / sizeof(command_list[0]))

static int is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* A folder holds bb's programs when our own plumbing is there. */
static int holds_programs(const char *dir)
{
	char p[PATH_MAX];

	snprintf(p, sizeof(p), "%s/bb-state-read", dir);
	return access(p, X_OK) == 0;
}

static const char *find_exec_path(const char *given)
{
	static char buf[PATH_MAX + 16];
	const char *env = getenv("BB_EXEC_PATH");
	char self[PATH_MAX], *slash;
	ssize_t n;

	if (given)
		return given;
	if (env && *env)
		return env;
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = 0;
		slash = strrchr(self, '/');
		if (slash)
			*slash = 0;
		if (holds_programs(self)) { /* a build tree */
			snprintf(buf, sizeof(buf), "%s", self);
			return buf;
		}
		/* An installed tree, wherever it was installed. */
		snprintf(buf, sizeof(buf), "%s/../libexec/bb", self);
		if (holds_programs(buf) && realpath(buf, self)) {
			snprintf(buf, sizeof(buf), "%s", self);
			return buf;
		}
	}
	return BB_LIBEXECDIR;
}

static void list_commands(void)
{
	static const char *const groups[] = {"porcelain", "plumbing",
					     "backend"};
	static const char *const titles[] = {
		"Commands for people (porcelain):",
		"Commands for scripts (plumbing):",
		"Backend helpers (see bb-backends(7)):"};
	size_t g, i;

	fputs(usage, stdout);
	for (g = 0; g < 3; g++) {
		printf("\n%s\n", titles[g]);
		for (i = 0; i < NCOMMANDS; i++) {
			const char *name = command_list[i].name;
			if (strcmp(command_list[i].group, groups[g]) != 0 ||
			    !strcmp(name, "bb"))
				continue;
			/* Porcelain is typed as "bb <cmd>"; plumbing by its name. */
			if (g == 0)
				printf("   %-22s %s\n", name + 3,
				       command_list[i].summary);
			else
				printf("   %-22s %s\n", name,
				       command_list[i].summary);
		}
	}
	puts("\n'bb help <command>' opens a command's manual page.");
}

/* 1 when word is an item of the comma-separated list. */
static int in_list(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (;;) {
		size_t len = strcspn(list, ",");
		if (len == n && !strncmp(list, word, n))
			return 1;
		if (!list[len])
			return 0;
		list += len + 1;
	}
}

/*
 * --list-cmds=porcelain,plumbing,backend: one command a line, as typed
 * (porcelain without its "bb-"), for completion and scripts.
 */
static void list_cmds(const char *groups)
{
	static const char *const known[] = {"porcelain", "plumbing", "backend"};
	const char *p = groups;
	size_t i;

	do {
		size_t n = strcspn(p, ",");
		for (i = 0; i < 3 && !(strlen(known[i]) == n &&
				       !strncmp(p, known[i], n));
		     i++)
			;
		if (i == 3)
			bb_die(BB_USAGE,
			       "--list-cmds: unknown group '%.*s' (porcelain, "
			       "plumbing or backend)",
			       (int)n, p);
		p += n;
	} while (*p++);
	for (i = 0; i < NCOMMANDS; i++) {
		const char *name = command_list[i].name;
		const char *g = command_list[i].group;
		if (in_list(groups, g) && strcmp(name, "bb") != 0)
			puts(strcmp(g, "porcelain") ? name : name + 3);
	}
}

static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[64], prev, tmp;

	if (lb >= 64)
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t best = prev + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			tmp = row[j];
			row[j] = best;
			prev = tmp;
		}
	}
	return row[lb];
}

static __attribute__((noreturn)) void unknown(const char *cmd)
{
	const char *best = NULL;
	size_t bestd = (size_t)-1, i;

	for (i = 0; i < NCOMMANDS; i++) {
		const char *name = command_list[i].name;
		const char *typed = name + 3;
		size_t d;
		if (strncmp(name, "bb-", 3) != 0)
			continue; /* "bb bb" is no suggestion */
		d = distance(cmd, typed);
		if (d < bestd) {
			bestd = d;
			best = typed;
		}
	}
	/* A suggestion must be near: at most a third of the word changed. */
	if (best && bestd <= 2 + strlen(cmd) / 3)
		bb_die(BB_USAGE,
		       "'%s' is not a bb command; the nearest is '%s'", cmd,
		       best);
	bb_die(BB_USAGE, "'%s' is not a bb command", cmd);
}

/* 1 when page is a command of the list, or the backends' page. */
static int has_page(const char *page)
{
	size_t i;

	if (!strcmp(page, "bb-backends"))
		return 1;
	for (i = 0; i < NCOMMANDS; i++)
		if (!strcmp(command_list[i].name, page))
			return 1;
	return 0;
}

static __attribute__((noreturn)) void help(const char *exec_path,
					   const char *topic)
{
	char page[PATH_MAX], manpath[2 * PATH_MAX + 8];
	const char *old = getenv("MANPATH");
	char *argv[] = {"man", page, NULL};

	if (!topic) {
		list_commands();
		bb_exit_ok();
	}
	if (!strcmp(topic, "bb") || !strncmp(topic, "bb-", 3))
		snprintf(page, sizeof(page), "%s", topic);
	else
		snprintf(page, sizeof(page), "bb-%s", topic);
	/* A page of ours, or bb's word for it: not man's exit 16. */
	if (!has_page(page))
		unknown(topic);
	/* Our pages first: the build tree's, or the installed tree's. */
	snprintf(manpath, sizeof(manpath), "%s/man:%s/../../share/man:%s",
		 exec_path, exec_path, old ? old : "");
	setenv("MANPATH", manpath, 1);
	bb_exec(argv);
}

int main(int argc, char **argv)
{
	const char *given = NULL, *exec_path;
	char prog[PATH_MAX];
	int i = 1;

	bb_set_prog(argv[0]);
	bb_prog = "bb";
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage, stdout);
			bb_exit_ok();
		} else if (!strcmp(a, "--version")) {
			printf("bb version %s\n", BB_VERSION);
			bb_exit_ok();
		} else if (!strncmp(a, "--list-cmds=", 12)) {
			list_cmds(a + 12);
			bb_exit_ok();
		} else if (!strcmp(a, "--exec-path")) {
			printf("%s\n", find_exec_path(given));
			bb_exit_ok();
		} else if (!strncmp(a, "--exec-path=", 12)) {
			given = a + 12;
			if (!is_dir(given))
				bb_die(BB_USAGE,
				       "--exec-path: '%s' is not a folder",
				       given);
		} else {
			bb_fatal_line("unknown option '%s'", a);
			fputs(usage, stderr);
			return BB_USAGE;
		}
	}
	exec_path = find_exec_path(given);
	setenv("BB_EXEC_PATH", exec_path, 1);
	if (i == argc) {
		list_commands();
		bb_exit_ok();
	}
	if (!strcmp(argv[i], "help")) {
		if (argc - i > 2) {
			fputs("usage: bb help [<command>]\n", stderr);
			return BB_USAGE;
		}
		help(exec_path, argv[i + 1]);
	}
	if (!*argv[i] || strchr(argv[i], '/'))
		unknown(argv[i]);
	snprintf(prog, sizeof(prog), "bb-%s", argv[i]);
	if (bb_sibling(prog)) {
		argv[i] = prog;
		bb_exec(argv + i);
	}
	/* Third-party bb-foo commands come from PATH, after the exec path. */
	{
		const char *path = getenv("PATH");
		char buf[2 * PATH_MAX];
		while (path && *path) {
			size_t n = strcspn(path, ":");
			snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, path,
				 prog);
			if (n && access(buf, X_OK) == 0) {
				argv[i] = buf;
				bb_exec(argv + i);
			}
			path += n + (path[n] == ':');
		}
	}
	unknown(argv[i]);
}
