/* bb-macos-container-boot: `container run -d` bot-bottle-<slug> from a snapshot or the base image. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "container.h"
#include "meta.h"
#include "msg.h"
#include "opt.h"
#include "slug.h"
#include "state.h"
#include "xalloc.h"

static const char usage[] = "usage: bb-macos-container-boot <slug> [<ref>]\n";

int main(int argc, char **argv)
{
	const char *slug, *ref, *image, *wd;
	char name[80], what[200], lslug[96], lhome[96];
	const cJSON *it;
	char **args;
	size_t n = 0;
	cJSON *meta, *old;

	bb_opt_init(argc, argv, usage);
	while (bb_getopt(argc, argv, "", NULL) != -1)
		;
	bb_operands(argc, argv, 1, 2);
	slug = argv[optind];
	ref = argv[optind + 1];
	bb_slug_check(slug);
	if (ref && (!bb_value_ok(ref, strlen(ref)) || strchr(ref, ' ')))
		bb_die(BB_USAGE, "invalid snapshot reference");
	meta = bb_meta_load(slug);
	image = ref ? ref : bb_meta_str(meta, "image");
	if (!image || !*image)
		bb_die(BB_FAIL, "unable to boot bottle %s: its metadata names "
				"no image",
		       slug);
	snprintf(name, sizeof(name), BB_OBJECT_PREFIX "%s", slug);

	/* The snapshot first: a missing one must change nothing. */
	if (ref) {
		char *check[] = {"container", "image", "inspect", (char *)ref,
				 NULL};
		char *out, *err;
		int code = bb_tool_try(check, &out, &err);
		if (code != 0 && strstr(err, "not found"))
			bb_die(BB_FAIL,
			       "unable to boot bottle %s: snapshot '%s' no "
			       "longer exists",
			       slug, ref);
		if (code != 0)
			bb_tool_die("find the snapshot", check, err, code);
		free(out);
		free(err);
	}
	old = ctr_inspect_own(name);
	if (old) {
		char *del[] = {"container", "delete", name, NULL};
		if (!strcmp(ctr_state(old), "running"))
			bb_die(BB_USAGE, "bottle %s is already running", slug);
		snprintf(what, sizeof(what), "delete the stopped '%s'", name);
		free(bb_tool_run(what, del));
		cJSON_Delete(old);
	}

	args = xcalloc(sizeof(*args) *
		       (16 + 2 * (size_t)cJSON_GetArraySize(
					 cJSON_GetObjectItem(meta, "env")) +
			(size_t)cJSON_GetArraySize(
				cJSON_GetObjectItem(meta, "command"))));
	snprintf(lslug, sizeof(lslug), BB_LABEL_SLUG "=%s", slug);
	snprintf(lhome, sizeof(lhome), BB_LABEL_HOME "=%s", bb_home_id());
	args[n++] = "container";
	args[n++] = "run";
	args[n++] = "-d";
	args[n++] = "--name";
	args[n++] = name;
	args[n++] = "-l";
	args[n++] = lslug;
	args[n++] = "-l";
	args[n++] = lhome;
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(meta, "env"))
	{
		args[n++] = "-e";
		args[n++] = it->valuestring;
	}
	wd = bb_meta_str(meta, "workdir");
	if (wd && *wd) {
		args[n++] = "-w";
		args[n++] = (char *)wd;
	}
	/* Options end at the image: the rest is the container's command. */
	args[n++] = (char *)image;
	/* A snapshot's CMD is the whole process line (entrypoint included). */
	if (!ref)
		cJSON_ArrayForEach(it, cJSON_GetObjectItem(meta, "command"))
			args[n++] = it->valuestring;
	args[n] = NULL;
	snprintf(what, sizeof(what), "run '%s' from '%s'", name, image);
	free(bb_tool_run(what, args));
	free(args);
	cJSON_Delete(meta);
	bb_exit_ok();
}
