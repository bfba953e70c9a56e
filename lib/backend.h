/* Naming and calling a backend's executables (bb-backends(7)). */
#ifndef BB_BACKEND_H
#define BB_BACKEND_H

#include <stddef.h>

/* "bb-<backend>-<verb>" into buf. */
void bb_backend_prog(const char *backend, const char *verb, char *buf,
		     size_t n);

/* 1 when the exec path holds bb-<backend>-<verb>. */
int bb_backend_has(const char *backend, const char *verb);

/* Die 100 "unknown backend" unless bb-<backend>-boot exists. */
void bb_backend_check(const char *backend);

/* The same for the backend a bottle's metadata.json names: a broken state, 111. */
void bb_backend_check_bottle(const char *slug, const char *backend);

/* bot-bottle-<slug> into buf. */
void bb_object_name(const char *slug, char *buf, size_t n);

#endif
