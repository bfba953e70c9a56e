/* Bottle names (DESIGN.md §1) and the runtime object names built from them. */
#ifndef BB_SLUG_H
#define BB_SLUG_H

#define BB_SLUG_MAX 52
#define BB_OBJECT_PREFIX "bot-bottle-"
#define BB_SNAPSHOT_REPO "bot-bottle/" /* + slug: where snapshots are tagged */

/* Labels every backend puts on its runtime objects and snapshots. */
#define BB_LABEL_SLUG "bot-bottle.slug"
#define BB_LABEL_HOME "bot-bottle.home"
#define BB_LABEL_PARENT "bot-bottle.parent"
#define BB_LABEL_CREATED "bot-bottle.created"

/* 1 when s matches ^[a-z0-9]+([_-][a-z0-9]+)*$ and is 1..52 bytes. */
int bb_slug_ok(const char *s);

/* Die with exit 100 unless s is a valid slug. */
void bb_slug_check(const char *s);

#endif
