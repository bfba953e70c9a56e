/* Test-build fault injection: fail the n-th write, fsync or rename on demand. */
#include "fault.h"

#ifdef BB_FAULTS
#include <errno.h>
#include <stdlib.h>
#include <string.h>

int bb_fault(const char *step)
{
	static int counts[8] = {0};
	static const char *const steps[] = {"write", "fsync", "rename",
					    "dirsync", "lock", "open"};
	const char *spec = getenv("BB_FAULT"), *p;
	size_t i, n = strlen(step);

	if (!spec)
		return 0;
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if (!strcmp(steps[i], step))
			break;
	if (i == sizeof(steps) / sizeof(steps[0]))
		return 0;
	counts[i]++;
	for (p = spec; (p = strstr(p, step)); p += n) {
		if ((p == spec || p[-1] == ',') && p[n] == ':' &&
		    atoi(p + n + 1) == counts[i]) {
			errno = strcmp(step, "write") ? EIO : ENOSPC;
			return 1;
		}
	}
	return 0;
}
#else
/* Keep the translation unit non-empty in production builds. */
typedef int bb_fault_unused;
#endif
