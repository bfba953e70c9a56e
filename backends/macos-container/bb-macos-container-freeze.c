/* bb-macos-container-freeze: export, rebuild as bot-bottle/<slug>:<stamp>; print the ref. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>
#include <time.h>
#include <unistd.h>

#include "atomic.h"
#include "container.h"
#include "msg.h"
#include "opt.h"
#include "progress.h"
#include "slug.h"
#include "stamp.h"
#include "state.h"
#include "xalloc.h"

static const char usage[] =
	"usage: bb-macos-container-freeze [--needs-stop] [--no-pause] [-m MSG] <slug>\n";

/* The scratch folder, removed on any failure. */
static int snapdir = -1;
static char scratch[64], shown[4096];

/* Also an exit handler: it must not die, so a failure is only said. */
static void drop_scratch(void)
{
	const char *failed;

	if (snapdir >= 0 && *scratch &&
	    bb_remove_folder(snapdir, scratch, &failed) < 0)
		bb_warn("unable to remove '%s' (at '%s')", shown, failed);
	*scratch = 0;
}

/* A Dockerfile word: quoted, with \ " and $ escaped (the build expands $). */
static void put_quoted(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\' || *s == '$')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* A Dockerfile line ends at a newline: a value holding one cannot be written. */
static void check_line(const char *what, const char *s)
{
	if (strpbrk(s, "\n\r"))
		bb_die(BB_FAIL,
		       "unable to snapshot: the container's %s holds a newline, "
		       "which a Dockerfile cannot carry",
		       what);
}

static const cJSON *at(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

/* USER from initProcess.user: a raw string, or uid:gid when not root. */
static void put_user(FILE *f, const cJSON *user)
{
	const cJSON *raw = at(at(user, "raw"), "userString");
	const cJSON *uid = at(at(user, "id"), "uid");
	const cJSON *gid = at(at(user, "id"), "gid");

	if (cJSON_IsString(raw) && *raw->valuestring) {
		check_line("user", raw->valuestring);
		fputs("USER ", f);
		put_quoted(f, raw->valuestring);
		fputc('\n', f);
	}
	else if (cJSON_IsNumber(uid) && cJSON_IsNumber(gid) &&
		 (uid->valueint || gid->valueint))
		fprintf(f, "USER %d:%d\n", uid->valueint, gid->valueint);
}

/* FROM scratch, the rootfs, and what FROM scratch loses: ENV, WORKDIR, USER, CMD. */
static void put_label(FILE *f, const char *key, const char *value)
{
	fprintf(f, "LABEL %s=", key);
	put_quoted(f, value);
	fputc('\n', f);
}

static char *dockerfile(const cJSON *c, const char *slug, const char *parent)
{
	char created[32];
	const cJSON *init = at(at(c, "configuration"), "initProcess");
	const cJSON *exe = at(init, "executable"), *it;
	const cJSON *wd = at(init, "workingDirectory");
	cJSON *cmd = cJSON_CreateArray();
	char *text = NULL, *json;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f || !cmd)
		bb_die(BB_FAIL, "out of memory");
	fputs("FROM scratch\nADD rootfs.tar /\n", f);
	bb_iso_time(time(NULL), created, sizeof(created));
	check_line("parent snapshot", parent);
	put_label(f, BB_LABEL_SLUG, slug);
	put_label(f, BB_LABEL_HOME, bb_home_id());
	put_label(f, BB_LABEL_PARENT, parent);
	put_label(f, BB_LABEL_CREATED, created);
	cJSON_ArrayForEach(it, at(init, "environment"))
	{
		const char *eq;
		if (!cJSON_IsString(it) || !(eq = strchr(it->valuestring, '=')) ||
		    eq == it->valuestring)
			continue;
		check_line("environment", it->valuestring);
		fprintf(f, "ENV %.*s=", (int)(eq - it->valuestring),
			it->valuestring);
		put_quoted(f, eq + 1);
		fputc('\n', f);
	}
	if (cJSON_IsString(wd) && *wd->valuestring) {
		check_line("working folder", wd->valuestring);
		fputs("WORKDIR ", f);
		put_quoted(f, wd->valuestring);
		fputc('\n', f);
	}
	put_user(f, at(init, "user"));
	if (cJSON_IsString(exe) && *exe->valuestring) {
		cJSON_AddItemToArray(cmd, cJSON_CreateString(exe->valuestring));
		cJSON_ArrayForEach(it, at(init, "arguments"))
			if (cJSON_IsString(it))
				cJSON_AddItemToArray(
					cmd, cJSON_CreateString(it->valuestring));
		json = cJSON_PrintUnformatted(cmd);
		if (!json)
			bb_die(BB_FAIL, "out of memory");
		fprintf(f, "CMD %s\n", json);
		cJSON_free(json);
	}
	cJSON_Delete(cmd);
	if (fclose(f) != 0)
		bb_die(BB_FAIL, "out of memory");
	return text;
}

static void sweep_builds(void)
{
	int fd = dup(snapdir);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	const struct dirent *e;
	const char *failed;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((e = readdir(d)))
		if (!strncmp(e->d_name, ".build-", 7) &&
		    bb_remove_folder(snapdir, e->d_name, &failed) < 0)
			bb_warn("unable to remove the stale '%s' (at '%s')",
				e->d_name, failed);
	closedir(d);
}

/* Does an image of that name exist already (another home's, say)? */
static int image_exists(const char *ref)
{
	char *args[] = {"container", "image", "inspect", (char *)ref, NULL};
	char *out, *err;
	int code = bb_tool_try(args, &out, &err);

	if (code != 0 && !strstr(err, "not found"))
		bb_tool_die("look for the image", args, err, code);
	free(out);
	free(err);
	return code == 0;
}

static void make_scratch(const char *slug, const char *stamp)
{
	int dir;

	snapdir = bb_open_sub("snapshots", 1);
	if (mkdirat(snapdir, slug, 0700) < 0 && errno != EEXIST)
		bb_die_errno(BB_FAIL, "unable to create '%s/snapshots/%s'",
			     bb_home(), slug);
	dir = openat(snapdir, slug,
		     O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dir < 0)
		bb_die_errno(BB_FAIL, "unable to open '%s/snapshots/%s'",
			     bb_home(), slug);
	close(snapdir);
	snapdir = dir;
	sweep_builds(); /* a killed freeze's leftovers: we hold the lock */
	snprintf(scratch, sizeof(scratch), ".build-%s", stamp);
	snprintf(shown, sizeof(shown), "%s/snapshots/%s/%s", bb_home(), slug,
		 scratch);
	if (mkdirat(snapdir, scratch, 0700) < 0)
		bb_die_errno(BB_FAIL, "unable to create '%s'", shown);
	atexit(drop_scratch);
}

static void write_dockerfile(const char *text)
{
	int dir = openat(snapdir, scratch, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	const char *what;

	if (dir < 0 || bb_atomic_write(dir, "Dockerfile", text, strlen(text),
				       &what) < 0)
		bb_die_errno(BB_FAIL, "unable to write '%s/Dockerfile'", shown);
	close(dir);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {{"needs-stop", 0, 0, 'S'},
						 {"no-pause", 0, 0, 'P'},
						 {"message", 1, 0, 'm'},
						 {0, 0, 0, 0}};
	char name[80], ref[128], stamp[40], tar[4200], what[200], label[200];
	struct bb_progress bar;
	char *text;
	int needs_stop = 0, c, v[3], k;
	char *parent;
	const char *slug;
	cJSON *ctr;

	bb_opt_init(argc, argv, usage);
	/* -m and --no-pause are accepted: an image has no comment, export no pause. */
	while ((c = bb_getopt(argc, argv, "m:", longopts)) != -1)
		if (c == 'S')
			needs_stop = 1;
	if (needs_stop) {
		bb_operands(argc, argv, 0, 1);
		/* Live export came with 1.2.1: earlier CLIs need a stopped container. */
		ctr_version(v);
		bb_exit(v[0] < 1 || (v[0] == 1 && (v[1] < 2 ||
						   (v[1] == 2 && v[2] < 1))) ?
				BB_OK :
				BB_NO);
	}
	bb_operands(argc, argv, 1, 1);
	slug = argv[optind];
	bb_slug_check(slug);
	snprintf(name, sizeof(name), BB_OBJECT_PREFIX "%s", slug);
	ctr = ctr_inspect_own(name);
	if (!ctr)
		bb_die(BB_FAIL, "unable to freeze bottle %s: no container '%s'",
		       slug, name);
	bb_stamp_unique(slug, stamp, sizeof(stamp));
	snprintf(ref, sizeof(ref), BB_SNAPSHOT_REPO "%s:%s", slug, stamp);
	/* A build moves a tag: never take one that exists. */
	for (k = 2; image_exists(ref) && k < 100; k++)
		snprintf(ref, sizeof(ref), BB_SNAPSHOT_REPO "%s:%s-%d", slug,
			 stamp, k);
	parent = bb_state_value(slug, "committed-image");
	make_scratch(slug, stamp);
	snprintf(tar, sizeof(tar), "%s/rootfs.tar", shown);

	{
		char *args[] = {"container", "export", "-o", tar, name, NULL};
		snprintf(what, sizeof(what), "export '%s'", name);
		snprintf(label, sizeof(label), "exporting %s", name);
		bb_progress_start(&bar, label);
		free(bb_tool_run(what, args));
		bb_progress_end(&bar);
	}
	text = dockerfile(ctr, slug, parent ? parent : "-");
	write_dockerfile(text);
	free(text);
	{
		char *args[] = {"container", "build", "-t", ref, "--progress",
				"plain", shown, NULL};
		snprintf(what, sizeof(what), "build '%s'", ref);
		snprintf(label, sizeof(label), "building %s", ref);
		bb_progress_start(&bar, label);
		free(bb_tool_run(what, args));
		bb_progress_end(&bar);
	}
	{
		char *args[] = {"container", "image", "inspect", ref, NULL};
		snprintf(what, sizeof(what), "find the built image '%s'", ref);
		free(bb_tool_run(what, args));
	}
	drop_scratch();
	printf("%s\n", ref);
	free(parent);
	cJSON_Delete(ctr);
	bb_exit_ok();
}
