/* bb launch: write a bottle's metadata, then boot it through its backend. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "backend.h"
#include "lock.h"
#include "meta.h"
#include "msg.h"
#include "opt.h"
#include "run.h"
#include "slug.h"
#include "stamp.h"
#include "state.h"
#include "xalloc.h"

static const char usage[] =
	"usage: bb launch <slug> --backend <b> --image <ref> [-e K=V]... [-w DIR] [-- CMD...]\n";

static void check_env(const char *kv)
{
	const char *eq = strchr(kv, '=');
	size_t klen = eq ? (size_t)(eq - kv) : 0;

	if (!eq || !klen || strspn(kv, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklm"
					"nopqrstuvwxyz0123456789_") != klen ||
	    (kv[0] >= '0' && kv[0] <= '9'))
		bb_usage_die("-e takes NAME=VALUE, NAME of letters, digits "
			     "and '_': '%s'",
			     kv);
	if (strchr(kv, '\n'))
		bb_usage_die("-e values must be one line");
}

static char *metadata(const char *slug, const char *backend,
		      const char *image, char **env, size_t nenv,
		      const char *workdir, char **cmd)
{
	cJSON *m = cJSON_CreateObject(), *arr;
	char created[32], *text, *json;
	size_t i;

	bb_iso_time(time(NULL), created, sizeof(created));
	cJSON_AddNumberToObject(m, "version", BB_META_VERSION);
	cJSON_AddStringToObject(m, "slug", slug);
	cJSON_AddStringToObject(m, "backend", backend);
	cJSON_AddStringToObject(m, "image", image);
	arr = cJSON_AddArrayToObject(m, "command");
	for (i = 0; cmd[i]; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(cmd[i]));
	arr = cJSON_AddArrayToObject(m, "env");
	for (i = 0; i < nenv; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(env[i]));
	if (workdir)
		cJSON_AddStringToObject(m, "workdir", workdir);
	cJSON_AddStringToObject(m, "created", created);
	json = cJSON_Print(m);
	cJSON_Delete(m);
	if (!json)
		bb_die(BB_FAIL, "out of memory");
	text = xasprintf("%s\n", json);
	cJSON_free(json);
	return text;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {{"backend", 1, 0, 'b'},
						 {"image", 1, 0, 'i'},
						 {"env", 1, 0, 'e'},
						 {"workdir", 1, 0, 'w'},
						 {0, 0, 0, 0}};
	const char *slug, *backend = NULL, *image = NULL, *workdir = NULL;
	char **env, prog[128], *text, *write_meta[5], *boot[3];
	size_t nenv = 0;
	int c, code;

	bb_opt_init(argc, argv, usage);
	env = calloc((size_t)argc + 1, sizeof(*env));
	if (!env)
		bb_die(BB_FAIL, "out of memory");
	/* Options may follow the slug; "--" ends them and starts the command. */
	bb_opt_permute(1);
	while ((c = bb_getopt(argc, argv, "b:i:e:w:", longopts)) != -1) {
		if (c == 'b')
			backend = optarg;
		else if (c == 'i')
			image = optarg;
		else if (c == 'w')
			workdir = optarg;
		else {
			check_env(optarg);
			env[nenv++] = optarg;
		}
	}
	bb_operands(argc, argv, 1, -1);
	slug = argv[optind];
	bb_slug_check(slug);
	if (!backend)
		bb_usage_die("--backend is required");
	if (!image || !bb_value_ok(image, strlen(image)) || strchr(image, ' '))
		bb_usage_die("--image takes an image reference");
	if (workdir && (workdir[0] != '/' || strchr(workdir, '\n')))
		bb_usage_die("-w takes an absolute path");
	bb_backend_check(backend);
	bb_warn_secrets(env, nenv);

	bb_lock(slug, BB_LOCK_WAIT);
	if (bb_open_bottle(slug, 0) >= 0)
		bb_die(BB_USAGE,
		       "bottle %s already exists (bb resume %s starts it; "
		       "bb stop %s removes it)",
		       slug, slug, slug);
	text = metadata(slug, backend, image, env, nenv, workdir,
			argv + optind + 1);
	write_meta[0] = "bb-state-write";
	write_meta[1] = "--old=";
	write_meta[2] = (char *)slug;
	write_meta[3] = "metadata.json";
	write_meta[4] = NULL;
	bb_step(write_meta, text);

	bb_backend_prog(backend, "boot", prog, sizeof(prog));
	boot[0] = prog;
	boot[1] = (char *)slug;
	boot[2] = NULL;
	code = bb_run(boot, NULL);
	if (code) {
		/* A bottle that never started leaves no state behind. */
		bb_state_remove(slug);
		bb_exit(code);
	}
	printf("Launched bottle %s (%s, from %s).\n", slug, backend, image);
	free(text);
	free(env);
	bb_exit_ok();
}
