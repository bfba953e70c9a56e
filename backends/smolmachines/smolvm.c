/* Shared code of the smolmachines backend: machine records and artifacts. */
#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "msg.h"
#include "slug.h"
#include "smolvm.h"
#include "state.h"

void smol_check_name(const char *name)
{
	size_t n = strlen(name);

	/* smolvm's rule: 1-128 of [A-Za-z0-9_-], alphanumeric first, no
	 * trailing '-', no "--". */
	if (!n || n > 128 ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			 "0123456789_-") != n ||
	    !isalnum((unsigned char)name[0]) || name[n - 1] == '-' ||
	    strstr(name, "--"))
		bb_die(BB_USAGE, "invalid machine name '%.128s'", name);
}

cJSON *smol_status_own(const char *name)
{
	char *args[] = {"smolvm", "machine", "status", "--name", (char *)name,
			"--json", NULL};
	char *out, *err;
	const char *home;
	cJSON *m;
	int code;

	smol_check_name(name);
	code = bb_tool_try(args, &out, &err);
	/* Only smolvm's own words for "no such machine", not any "not found". */
	if (code == 1 && (strstr(err, "vm not found: ") ||
			  (strstr(err, "machine '") && strstr(err, "' not found")))) {
		free(out);
		free(err);
		return NULL;
	}
	if (code != 0) {
		char what[200];
		snprintf(what, sizeof(what), "read the status of '%s'", name);
		bb_tool_die(what, args, err, code);
	}
	m = smol_record_parse(out);
	if (!m)
		bb_die(BB_FAIL, "unable to read the status of '%s': smolvm "
				"printed no JSON object",
		       name);
	free(out);
	free(err);
	home = smol_home(m);
	/* Unlabelled counts as foreign: bb ls, which filters on the label, agrees. */
	if (!home || strcmp(home, bb_home_id()) != 0)
		bb_die(BB_USAGE, "%s belongs to another bb home", name);
	return m;
}

const char *smol_state(const cJSON *m)
{
	const char *s = cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(m, "state"));

	return s ? s : "unknown";
}

cJSON *smol_record_parse(const char *out)
{
	cJSON *m = cJSON_Parse(out);

	if (cJSON_IsObject(m))
		return m;
	cJSON_Delete(m);
	return NULL;
}

const char *smol_home(const cJSON *m)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(m, "labels"), BB_LABEL_HOME));
}

int smol_list_entry(const cJSON *m, const char **name, const char **home,
		    int *running)
{
	*name = cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(m, "name"));
	*home = smol_home(m);
	/* One "name<TAB>state" line each: a tab or newline would forge another. */
	if (!*name || !*home || !bb_value_ok(*name, strlen(*name)))
		return -1;
	*running = !strcmp(smol_state(m), "running");
	return 0;
}

int smol_is_artifact(const char *path)
{
	char footer[8];
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK), ok;

	if (fd < 0)
		return 0;
	/* The last 64 bytes are the footer; it starts with the magic. */
	ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 64 &&
	     pread(fd, footer, 8, st.st_size - 64) == 8 &&
	     !memcmp(footer, "SMOLPACK", 8);
	close(fd);
	return ok;
}
