/* Reference checking, so a bad tag fails before the engine commits anything. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ref.h"

static int lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static int word_char(char c)
{
	return lower_alnum(c) || (c >= 'A' && c <= 'Z') || c == '_';
}

/* [a-z0-9]+ joined by '.', '_', '__' or any run of '-'. */
static int path_component_ok(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t run = 0;
		while (i < n && lower_alnum(s[i]))
			i++, run++;
		if (!run)
			return 0;
		if (i == n)
			return 1;
		if (s[i] == '.' || (s[i] == '_' && (i + 1 >= n || s[i + 1] != '_')))
			i++;
		else if (s[i] == '_')
			i += 2;
		else if (s[i] == '-')
			while (i < n && s[i] == '-')
				i++;
		else
			return 0;
		if (i == n)
			return 0;
	}
	return n > 0;
}

/* host[:port]: labels of [A-Za-z0-9-] not starting or ending with '-'. */
static int domain_ok(const char *s, size_t n)
{
	const char *colon = memchr(s, ':', n);
	size_t host = colon ? (size_t)(colon - s) : n, i, label = 0;

	if (!host)
		return 0;
	for (i = 0; i < host; i++) {
		char c = s[i];
		if (c == '.') {
			if (!label || s[i - 1] == '-')
				return 0;
			label = 0;
		} else if (lower_alnum(c) || (c >= 'A' && c <= 'Z') ||
			   (c == '-' && label)) {
			label++;
		} else {
			return 0;
		}
	}
	if (!label || s[host - 1] == '-')
		return 0;
	if (colon) {
		if (host + 1 == n)
			return 0;
		for (i = host + 1; i < n; i++)
			if (s[i] < '0' || s[i] > '9')
				return 0;
	}
	return 1;
}

static int tag_ok(const char *t)
{
	size_t n = strlen(t), i;

	if (!n || n > 128 || !word_char(t[0]))
		return 0;
	for (i = 1; i < n; i++)
		if (!word_char(t[i]) && t[i] != '.' && t[i] != '-')
			return 0;
	return 1;
}

static int repo_ok(const char *r, const char **why)
{
	const char *p = r, *slash = strchr(r, '/');

	if (strlen(r) > 255) {
		*why = "the name is longer than 255 characters";
		return 0;
	}
	/* The first part is a registry when it looks like one, as docker decides. */
	if (slash && (memchr(r, '.', (size_t)(slash - r)) ||
		      memchr(r, ':', (size_t)(slash - r)) ||
		      (slash - r == 9 && !strncmp(r, "localhost", 9)))) {
		if (!domain_ok(r, (size_t)(slash - r))) {
			*why = "the registry host is not valid";
			return 0;
		}
		p = slash + 1;
	}
	for (;;) {
		const char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (!path_component_ok(p, n)) {
			*why = "use lower-case letters, digits and single "
			       "separators ('.', '_', '__', '-') in the name";
			return 0;
		}
		if (!end)
			return 1;
		p = end + 1;
	}
}

int bb_ref_split(const char *ref, char **repo, char **tag, const char **why)
{
	const char *slash = strrchr(ref, '/');
	const char *colon = strrchr(slash ? slash : ref, ':');
	char *r;

	*why = NULL;
	if (strchr(ref, '@')) {
		*why = "a digest reference cannot be a tag";
		return -1;
	}
	r = colon ? strndup(ref, (size_t)(colon - ref)) : strdup(ref);
	if (!r) {
		*why = "out of memory";
		return -1;
	}
	if (!repo_ok(r, why)) {
		free(r);
		return -1;
	}
	if (colon && !tag_ok(colon + 1)) {
		*why = "the tag must be 1-128 of A-Z a-z 0-9 _ . - and not "
		       "start with '.' or '-'";
		free(r);
		return -1;
	}
	*tag = strdup(colon ? colon + 1 : "latest");
	if (!*tag) {
		free(r);
		*why = "out of memory";
		return -1;
	}
	*repo = r;
	return 0;
}

void bb_ref_filename(const char *ref, char *buf, size_t n)
{
	size_t i;

	snprintf(buf, n, "%s.tar", ref);
	for (i = 0; buf[i]; i++)
		if (buf[i] == '/' || buf[i] == ':' || buf[i] == '@')
			buf[i] = '-';
}
