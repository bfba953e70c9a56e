/* The state tree under $BB_HOME: opened relative to its folder, never through links. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "msg.h"
#include "state.h"

static const char *const key_names[] = {
	[BB_KEY_METADATA] = "metadata.json",
	[BB_KEY_COMMITTED] = "committed-image",
	[BB_KEY_PRESERVED] = "preserved",
	[BB_KEY_SNAPSHOTS] = "snapshots",
	[BB_KEY_PUSHED] = "pushed",
};

enum bb_key bb_key_parse(const char *name)
{
	int k;

	for (k = 0; k < BB_KEY_NONE; k++)
		if (!strcmp(name, key_names[k]))
			return (enum bb_key)k;
	return BB_KEY_NONE;
}

const char *bb_key_name(enum bb_key k)
{
	return k < BB_KEY_NONE ? key_names[k] : "?";
}

enum bb_key bb_key_check(const char *name)
{
	enum bb_key k = bb_key_parse(name);

	if (k == BB_KEY_NONE)
		bb_die(BB_USAGE,
		       "unknown key '%.64s': use metadata.json, committed-image, "
		       "preserved, snapshots or pushed",
		       name);
	return k;
}

const char *bb_home(void)
{
	static char path[PATH_MAX];
	const char *env = getenv("BB_HOME"), *home;

	if (*path)
		return path;
	if (env && *env) {
		if (strlen(env) >= sizeof(path))
			bb_die(BB_USAGE, "BB_HOME is too long");
		memcpy(path, env, strlen(env) + 1);
		return path;
	}
	home = getenv("HOME");
	if (!home || !*home) {
		const struct passwd *pw = getpwuid(geteuid());
		if (!pw)
			bb_die(BB_FAIL, "unable to find the home folder: "
					"set HOME or BB_HOME");
		home = pw->pw_dir;
	}
	if ((size_t)snprintf(path, sizeof(path), "%s/.bot-bottle", home) >=
	    sizeof(path))
		bb_die(BB_USAGE, "HOME is too long");
	return path;
}

/* A home another user owns, or that others may write to, could be tampered with. */
static void check_owner(int fd, const char *what)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		bb_die_errno(BB_FAIL, "unable to stat '%s'", what);
	if (!S_ISDIR(st.st_mode))
		bb_die(BB_FAIL, "unable to use '%s': not a folder", what);
	if (st.st_uid != geteuid())
		bb_die(BB_FAIL, "unable to use '%s': owned by another user",
		       what);
	if (st.st_mode & 022)
		bb_die(BB_FAIL,
		       "unable to use '%s': writable by group or others "
		       "(chmod 700 it)",
		       what);
}

static int open_dir_at(int at, const char *name, const char *shown, int create)
{
	int fd, made = 0;

	for (;;) {
		fd = openat(at, name,
			    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd >= 0 || errno != ENOENT || !create || made)
			break;
		if (mkdirat(at, name, 0700) < 0 && errno != EEXIST)
			bb_die_errno(BB_FAIL, "unable to create '%s'", shown);
		made = 1;
	}
	if (fd < 0) {
		if (errno == ENOENT)
			return -1;
		if (errno == ELOOP || errno == ENOTDIR)
			bb_die(BB_FAIL,
			       "unable to open '%s': not a folder (links are "
			       "not followed)",
			       shown);
		bb_die_errno(BB_FAIL, "unable to open '%s'", shown);
	}
	/* mkdir's mode went through the umask; state folders are 0700 exactly. */
	if (made && fchmod(fd, 0700) < 0)
		bb_die_errno(BB_FAIL, "unable to chmod '%s'", shown);
	return fd;
}

int bb_open_home(int create)
{
	static int fd = -1;
	const char *home = bb_home();

	if (fd >= 0)
		return fd;
	/* The home itself may be a link the user made; nothing below it may. */
	fd = open(home, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT && create) {
		if (mkdir(home, 0700) < 0 && errno != EEXIST)
			bb_die_errno(BB_FAIL, "unable to create '%s'", home);
		fd = open(home, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd >= 0 && fchmod(fd, 0700) < 0)
			bb_die_errno(BB_FAIL, "unable to chmod '%s'", home);
	}
	if (fd < 0) {
		if (errno == ENOENT)
			return -1;
		bb_die_errno(BB_FAIL, "unable to open '%s'", home);
	}
	check_owner(fd, home);
	return fd;
}

int bb_open_sub(const char *sub, int create)
{
	int home = bb_open_home(create);
	char shown[PATH_MAX];

	if (home < 0)
		return -1;
	snprintf(shown, sizeof(shown), "%s/%s", bb_home(), sub);
	return open_dir_at(home, sub, shown, create);
}

int bb_open_bottle(const char *slug, int create)
{
	int state = bb_open_sub("state", create), fd;
	char shown[PATH_MAX];

	if (state < 0) {
		errno = ENOENT;
		return -1;
	}
	snprintf(shown, sizeof(shown), "%s/state/%s", bb_home(), slug);
	fd = open_dir_at(state, slug, shown, create);
	close(state);
	if (fd < 0)
		errno = ENOENT;
	return fd;
}

int bb_read_at(int dirfd, const char *name, size_t max, char **buf,
	       size_t *len)
{
	struct stat st;
	size_t cap, n = 0;
	char *p;
	int fd;

	/* O_NONBLOCK: a FIFO planted here must not hang us. */
	fd = openat(dirfd, name,
		    O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		if (errno == ELOOP)
			errno = EINVAL;
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	if ((size_t)st.st_size > max) {
		close(fd);
		errno = EFBIG;
		return -1;
	}
	cap = (size_t)st.st_size + 1;
	p = malloc(cap + 1);
	if (!p) {
		close(fd);
		errno = ENOMEM;
		return -1;
	}
	for (;;) {
		ssize_t r = read(fd, p + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			free(p);
			close(fd);
			errno = e;
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n == cap) { /* it grew while we read */
			free(p);
			close(fd);
			errno = EFBIG;
			return -1;
		}
	}
	close(fd);
	p[n] = 0;
	*buf = p;
	if (len)
		*len = n;
	return 0;
}

const char *bb_read_why(int err)
{
	if (err == EINVAL)
		return "not a regular file (links are not followed)";
	if (err == EFBIG)
		return "too large";
	return strerror(err);
}

int bb_state_read(const char *slug, const char *key, size_t max, char **buf,
		  size_t *len)
{
	int dir = bb_open_bottle(slug, 0), r, e;

	if (dir < 0)
		return -1;
	r = bb_read_at(dir, key, max, buf, len);
	e = errno;
	close(dir);
	errno = e;
	return r;
}

int bb_value_ok(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > BB_VALUE_MAX)
		return 0;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	return 1;
}

int bb_value_line(char *buf, size_t *len)
{
	if (*len && buf[*len - 1] == '\n')
		buf[--*len] = 0;
	return bb_value_ok(buf, *len);
}

char *bb_state_value(const char *slug, const char *key)
{
	char *buf;
	size_t len;

	if (bb_state_read(slug, key, BB_VALUE_MAX + 1, &buf, &len) < 0) {
		if (errno == ENOENT)
			return NULL;
		bb_die(BB_FAIL, "unable to read '%s/state/%s/%s': %s",
		       bb_home(), slug, key, bb_read_why(errno));
	}
	if (!bb_value_line(buf, &len))
		bb_die(BB_FAIL,
		       "unable to read '%s/state/%s/%s': not one line of text",
		       bb_home(), slug, key);
	return buf;
}

const char *bb_home_id(void)
{
	static char id[65];
	unsigned char raw[16];
	char *buf, line[40];
	size_t len, i;
	int home = bb_open_home(1);

	if (*id)
		return id;
	if (bb_read_at(home, "id", 64, &buf, &len) < 0) {
		const char *what;

		if (errno != ENOENT)
			bb_die(BB_FAIL, "unable to read '%s/id': %s", bb_home(),
			       bb_read_why(errno));
		if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw))
			bb_die_errno(BB_FAIL, "unable to make a home id");
		for (i = 0; i < sizeof(raw); i++)
			snprintf(line + 2 * i, 3, "%02x", raw[i]);
		line[32] = '\n';
		/* First writer wins; a racing second one reads the winner's id. */
		if (bb_atomic_create(home, "id", line, 33, &what) < 0 &&
		    errno != EEXIST)
			bb_die_errno(BB_FAIL, "unable to %s '%s/id'", what,
				     bb_home());
		if (bb_read_at(home, "id", 64, &buf, &len) < 0)
			bb_die_errno(BB_FAIL, "unable to read '%s/id'",
				     bb_home());
	}
	if (len && buf[len - 1] == '\n')
		buf[--len] = 0;
	if (len < 8 || len > 64 || strspn(buf, "0123456789abcdef") != len)
		bb_die(BB_FAIL, "unable to read '%s/id': not a hex id",
		       bb_home());
	memcpy(id, buf, len + 1);
	free(buf);
	return id;
}

int bb_remove_folder(int at, const char *name, const char **failed)
{
	static char entry[256];
	int dir = openat(at, name,
			 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	int fd = dir >= 0 ? dup(dir) : -1, r = 0;
	const struct dirent *e;
	DIR *d;

	*failed = name;
	if (dir < 0)
		return errno == ENOENT ? 0 : -1;
	d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		close(dir);
		return -1;
	}
	while (!r && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (unlinkat(dir, e->d_name, 0) < 0 && errno != ENOENT) {
			snprintf(entry, sizeof(entry), "%s", e->d_name);
			*failed = entry;
			r = -1;
		}
	}
	closedir(d);
	close(dir);
	if (!r && unlinkat(at, name, AT_REMOVEDIR) < 0 && errno != ENOENT)
		r = -1;
	return r;
}

void bb_state_remove(const char *slug)
{
	int state = bb_open_sub("state", 0), dir;
	char shown[PATH_MAX];
	const char *failed;

	if (state < 0)
		return;
	/* Refuses a link planted as the bottle's folder. */
	dir = open_dir_at(state, slug, slug, 0);
	if (dir < 0) {
		close(state);
		return;
	}
	close(dir);
	snprintf(shown, sizeof(shown), "%s/state/%s", bb_home(), slug);
	if (bb_remove_folder(state, slug, &failed) < 0)
		bb_die_errno(BB_FAIL, "unable to remove '%s' (at '%s')", shown,
			     failed);
	if (fsync(state) < 0)
		bb_die_errno(BB_FAIL, "unable to fsync '%s/state'", bb_home());
	close(state);
}
