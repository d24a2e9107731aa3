/* Building file names: a path with a suffix (PATH.delta, PATH.lock), a directory and a name. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* A, B and C one after the other, newly allocated; NULL when out of memory. */
static char *cat(const char *a, const char *b, const char *c)
{
	size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
	char *s = malloc(la + lb + lc + 1);

	if (s != NULL) {
		memcpy(s, a, la);
		memcpy(s + la, b, lb);
		memcpy(s + la + lb, c, lc + 1);
	}
	return s;
}

char *kota_path_suffix(const char *path, const char *suffix)
{
	return cat(path, suffix, "");
}

char *kota_path_join(const char *dir, const char *name)
{
	size_t ld = strlen(dir);

	return cat(dir, ld > 0 && dir[ld - 1] == '/' ? "" : "/", name);
}
