/*
 * Fuzz the committed-image rule: one non-empty line of at most 4 KiB, one
 * trailing newline allowed. The pure check (bb_value_line), the writer's
 * round trip, and the two readers of the file (bb_state_value for resume,
 * the scan of bb ls) must all agree on every input.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bottles.h"
#include "fuzz.h"
#include "state.h"

static char home[4096], file[4096 + 64];

static void cleanup(void)
{
	char path[sizeof(file)];

	unlink(file);
	snprintf(path, sizeof(path), "%s/state/demo", home);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/state", home);
	rmdir(path);
	rmdir(home);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char path[sizeof(file)];

	(void)argc;
	(void)argv;
	/* tmpfs if there is one: ext4 flushes a truncated file on close. */
	snprintf(home, sizeof(home), "%s/bb-fuzz-value.XXXXXX",
		 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (!mkdtemp(home))
		abort();
	atexit(cleanup);
	setenv("BB_HOME", home, 1);
	snprintf(path, sizeof(path), "%s/state", home);
	if (mkdir(path, 0700) < 0)
		abort();
	snprintf(path, sizeof(path), "%s/state/demo", home);
	if (mkdir(path, 0700) < 0)
		abort();
	snprintf(file, sizeof(file), "%s/state/demo/committed-image", home);
	return 0;
}

/* What the rule says, written out plainly. */
static int expected(const uint8_t *d, size_t n)
{
	size_t i;

	if (n && d[n - 1] == '\n')
		n--;
	if (n < 1 || n > BB_VALUE_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (d[i] < 0x20 || d[i] == 0x7f)
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fuzz_text(data, size), *line, *got;
	struct bb_bottle *b;
	size_t len = size, n;
	int ok = bb_value_line(buf, &len), fd;

	must(ok == expected(data, size));
	if (ok) {
		must(len && len <= BB_VALUE_MAX && strlen(buf) == len);
		must(!memcmp(buf, data, len));
		must(fuzz_one_line(buf));
		/* The writer stores value + newline: that reads back as value.
		 */
		line = malloc(len + 2);
		must(line);
		memcpy(line, buf, len);
		line[len] = '\n';
		line[len + 1] = 0;
		n = len + 1;
		must(bb_value_line(line, &n) && n == len && !strcmp(line, buf));
		free(line);
	}

	/* Both readers of the file agree with the rule. */
	fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	must(fd >= 0 && write(fd, data, size) == (ssize_t)size);
	close(fd);
	n = bb_bottles_scan(&b, 0, 0);
	must(n == 1 && !strcmp(b[0].slug, "demo"));
	if (ok)
		must(b[0].committed && !strcmp(b[0].committed, buf));
	else
		must(!b[0].committed);
	bb_bottles_free(b, n);
	if (ok) {
		/* It dies on a malformed file, so only a valid one is asked. */
		got = bb_state_value("demo", "committed-image");
		must(got && !strcmp(got, buf));
		free(got);
	}
	free(buf);
	return 0;
}
