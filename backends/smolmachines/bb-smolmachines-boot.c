/* bb-smolmachines-boot: create and start bot-bottle-<slug> from a .smolmachine or the base image. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meta.h"
#include "msg.h"
#include "opt.h"
#include "slug.h"
#include "smolvm.h"
#include "state.h"
#include "xalloc.h"

static const char usage[] = "usage: bb-smolmachines-boot <slug> [<ref>]\n";

int main(int argc, char **argv)
{
	char name[80], lslug[96], lhome[96], **args;
	char *start[] = {"smolvm", "machine", "start", "--name", name, NULL};
	const char *slug, *ref, *image, *wd;
	const cJSON *it;
	size_t n = 0;
	cJSON *meta, *old;

	bb_opt_init(argc, argv, usage);
	while (bb_getopt(argc, argv, "", NULL) != -1)
		;
	bb_operands(argc, argv, 1, 2);
	slug = argv[optind];
	ref = argv[optind + 1];
	bb_slug_check(slug);
	if (ref && !bb_value_ok(ref, strlen(ref)))
		bb_die(BB_USAGE, "invalid snapshot reference");
	meta = bb_meta_load(slug);
	image = bb_meta_str(meta, "image");
	snprintf(name, sizeof(name), BB_OBJECT_PREFIX "%s", slug);
	/* The snapshot first: a missing one must change nothing. */
	if (ref && !smol_is_artifact(ref))
		bb_die(BB_FAIL,
		       "unable to boot bottle %s: snapshot '%s' no longer exists "
		       "(or is not a .smolmachine)",
		       slug, ref);
	if (!ref && (!image || !*image))
		bb_die(BB_FAIL, "unable to boot bottle %s: its metadata names "
				"no image",
		       slug);
	old = smol_status_own(name);
	if (old) {
		char *del[] = {"smolvm", "machine", "delete", "--force",
			       "--name", name, NULL};
		if (!strcmp(smol_state(old), "running"))
			bb_die(BB_USAGE, "bottle %s is already running", slug);
		free(bb_tool_run("delete the old machine", del));
		cJSON_Delete(old);
	}

	args = xcalloc(sizeof(*args) *
		       (24 + 2 * (size_t)cJSON_GetArraySize(
					 cJSON_GetObjectItem(meta, "env")) +
			(size_t)cJSON_GetArraySize(
				cJSON_GetObjectItem(meta, "command"))));
	snprintf(lslug, sizeof(lslug), BB_LABEL_SLUG "=%s", slug);
	snprintf(lhome, sizeof(lhome), BB_LABEL_HOME "=%s", bb_home_id());
	args[n++] = "smolvm";
	args[n++] = "machine";
	args[n++] = "create";
	args[n++] = "--name";
	args[n++] = name;
	args[n++] = "--label";
	args[n++] = lslug;
	args[n++] = "--label";
	args[n++] = lhome;
	if (ref) {
		args[n++] = "--from";
		args[n++] = (char *)ref;
	} else {
		/* A registry image is pulled inside the VM: it needs the network. */
		args[n++] = "--image";
		args[n++] = (char *)image;
		args[n++] = "--net";
	}
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
	if (cJSON_GetArraySize(cJSON_GetObjectItem(meta, "command")) > 0) {
		args[n++] = "--";
		cJSON_ArrayForEach(it, cJSON_GetObjectItem(meta, "command"))
			args[n++] = it->valuestring;
	}
	args[n] = NULL;
	free(bb_tool_run("create the machine", args));
	free(bb_tool_run("start the machine", start));
	/* what: the tool's messages name the machine already */
	free(args);
	cJSON_Delete(meta);
	bb_exit_ok();
}
