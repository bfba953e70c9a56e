/* Snapshot tags: the commit time, made unique among the bottle's snapshots. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "snaplog.h"
#include "stamp.h"
#include "state.h"

void bb_iso_time(time_t t, char *buf, size_t n)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The tag part of a ref: after the last ':' that follows the last '/'. */
static const char *tag_of(const char *ref)
{
	const char *slash = strrchr(ref, '/');
	const char *colon = strrchr(slash ? slash : ref, ':');

	return colon ? colon + 1 : "";
}

static int uses_tag(const struct bb_snapline *s, void *arg)
{
	return !strcmp(tag_of(s->ref), (const char *)arg);
}

void bb_stamp_unique(const char *slug, char *buf, size_t n)
{
	char base[32];
	char *committed = bb_state_value(slug, "committed-image");
	struct tm tm;
	time_t now = time(NULL);
	int k = 1;

	gmtime_r(&now, &tm);
	strftime(base, sizeof(base), "%Y%m%dT%H%M%SZ", &tm);
	snprintf(buf, n, "%s", base);
	while ((committed && !strcmp(tag_of(committed), buf)) ||
	       bb_snaplog_each(slug, uses_tag, buf))
		snprintf(buf, n, "%s-%d", base, ++k);
	free(committed);
}
