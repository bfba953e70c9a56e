/* Slug checking: the one grammar every backend accepts (DESIGN.md §1). */
#include <string.h>

#include "msg.h"
#include "slug.h"

static int alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

int bb_slug_ok(const char *s)
{
	size_t n = 0;
	int after_sep = 1; /* a slug starts as if after a separator */

	if (!s)
		return 0;
	for (; s[n]; n++) {
		if (n >= BB_SLUG_MAX)
			return 0;
		if (alnum(s[n]))
			after_sep = 0;
		else if ((s[n] == '-' || s[n] == '_') && !after_sep)
			after_sep = 1;
		else
			return 0;
	}
	return n > 0 && !after_sep;
}

static void quote_printable(const char *s, char *out, size_t cap)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	for (; *s && o + 5 < cap; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c < 0x7f && c != '\\') {
			out[o++] = (char)c;
		} else {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	out[o] = 0;
}

void bb_slug_check(const char *s)
{
	char shown[4 * 64 + 8];

	if (bb_slug_ok(s))
		return;
	/* Never echo control characters back to a terminal. */
	quote_printable(s ? s : "", shown, sizeof(shown));
	bb_die(BB_USAGE,
	       "invalid slug '%s': use 1-%d of a-z 0-9, single '-' or '_' "
	       "between them",
	       shown, BB_SLUG_MAX);
}
