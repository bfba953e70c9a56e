/* bb ls: every bottle of this home, its backend, state and committed image. */
#include <stdio.h>
#include <string.h>

#include "bottles.h"
#include "meta.h"
#include "msg.h"
#include "opt.h"

static const char usage[] = "usage: bb ls [--json]\n";

#define LS_JSON_VERSION 1

static void print_json(const struct bb_bottle *b, size_t n)
{
	cJSON *root = cJSON_CreateObject(), *arr;
	char *text;
	size_t i;

	cJSON_AddNumberToObject(root, "version", LS_JSON_VERSION);
	arr = cJSON_AddArrayToObject(root, "bottles");
	for (i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "slug", b[i].slug);
		bb_json_add_str_or_null(o, "backend", b[i].backend);
		cJSON_AddStringToObject(o, "state",
					bb_run_state_name(b[i].state));
		bb_json_add_str_or_null(o, "committed_image", b[i].committed);
		cJSON_AddBoolToObject(o, "preserved", b[i].preserved);
		cJSON_AddItemToArray(arr, o);
	}
	text = cJSON_PrintUnformatted(root);
	if (!text)
		bb_die(BB_FAIL, "out of memory");
	puts(text);
	cJSON_free(text);
	cJSON_Delete(root);
}

static void print_table(const struct bb_bottle *b, size_t n)
{
	int ws = 4, wb = 7;
	size_t i;

	for (i = 0; i < n; i++) {
		int ls = (int)strlen(b[i].slug);
		int lb = b[i].backend ? (int)strlen(b[i].backend) : 1;
		ws = ls > ws ? ls : ws;
		wb = lb > wb ? lb : wb;
	}
	printf("%-*s  %-*s  %-8s %s\n", ws, "SLUG", wb, "BACKEND", "STATE",
	       "COMMITTED");
	for (i = 0; i < n; i++)
		printf("%-*s  %-*s  %-8s %s\n", ws, b[i].slug, wb,
		       b[i].backend ? b[i].backend : "?",
		       bb_run_state_name(b[i].state),
		       b[i].committed ? b[i].committed : "-");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {{"json", 0, 0, 'j'},
						 {0, 0, 0, 0}};
	struct bb_bottle *b;
	int json = 0;
	size_t n;

	bb_opt_init(argc, argv, usage);
	while (bb_getopt(argc, argv, "", longopts) != -1)
		json = 1;
	bb_operands(argc, argv, 0, 0);
	n = bb_bottles_scan(&b, 1, json);
	if (json)
		print_json(b, n);
	else if (n)
		print_table(b, n);
	bb_bottles_free(b, n);
	bb_exit_ok();
}
