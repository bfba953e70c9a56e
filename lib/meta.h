/* metadata.json over cJSON (DESIGN.md §2); unknown fields are kept. */
#ifndef BB_META_H
#define BB_META_H

#include <stddef.h>
#include <cJSON.h>

#define BB_META_VERSION 1

/* Parse and check a metadata document; NULL with *why set when invalid. */
cJSON *bb_meta_parse(const char *text, const char **why);

/* Load state/<slug>/metadata.json; dies 100 when the bottle is unknown, 111 when malformed. */
cJSON *bb_meta_load(const char *slug);

/* A string field, or NULL. */
const char *bb_meta_str(const cJSON *meta, const char *key);

/* Add key to a JSON object: the string v, or null when v is NULL. */
void bb_json_add_str_or_null(cJSON *o, const char *key, const char *v);

/* The backend named in metadata, checked to be a plain name. */
const char *bb_meta_backend(const cJSON *meta);

/*
 * Warn about K=V entries whose name looks secret (TOKEN, KEY, SECRET,
 * PASSWORD): their values end up in every snapshot and every push.
 */
void bb_warn_secrets(char *const *env, size_t n);
void bb_warn_secrets_meta(const cJSON *meta);

#endif
