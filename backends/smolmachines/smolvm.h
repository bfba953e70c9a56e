/* What the smolmachines backend's executables share: smolvm machine records. */
#ifndef BB_SMOLVM_H
#define BB_SMOLVM_H

#include <cJSON.h>

#include "tool.h"

/*
 * `smolvm machine status --name NAME --json`: the record, or NULL when
 * there is no such machine. Dies 100 when it carries another home's label
 * (or none), 111 when smolvm fails otherwise.
 */
cJSON *smol_status_own(const char *name);

/* Die 100 unless name follows smolvm's machine name rules. */
void smol_check_name(const char *name);

/* The record's "state" ("created", "running", "stopped", ...). */
const char *smol_state(const cJSON *m);

/* The output of `machine status --json` as a record; NULL when no object. */
cJSON *smol_record_parse(const char *out);

/* The record's bot-bottle.home label, or NULL. */
const char *smol_home(const cJSON *m);

/*
 * One record of `machine ls --json`: 0 with its name, its bot-bottle.home
 * label and whether it runs; -1 when it lacks the label or a name that
 * fits one line (bb_value_ok).
 */
int smol_list_entry(const cJSON *m, const char **name, const char **home,
		    int *running);

/* 1 when path is a .smolmachine sidecar: it ends in the SMOLPACK footer. */
int smol_is_artifact(const char *path);

#endif
