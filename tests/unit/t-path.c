/* Unit tests of path.c: building file names. */
#include "lib-test.h"

/* Whether the string S, newly allocated, is WANT; frees S. */
static int is(char *s, const char *want)
{
	int same = s != NULL && strcmp(s, want) == 0;

	free(s);
	return same;
}

static void test_path(void)
{
	ok(is(kota_path_suffix("ix.kota", ".delta"), "ix.kota.delta"), "path_suffix: PATH.delta");
	ok(is(kota_path_suffix("", ".lock"), ".lock") && is(kota_path_suffix("a/", ""), "a/"),
	    "path_suffix: an empty path or suffix");
	ok(is(kota_path_join(".git", "kota"), ".git/kota") && is(kota_path_join("/r/.git", "HEAD"), "/r/.git/HEAD"),
	    "path_join: DIR/NAME");
	ok(is(kota_path_join("/", ".git"), "/.git") && is(kota_path_join("a//", "b"), "a//b"),
	    "path_join: a directory ending in a slash gets no other");
	ok(is(kota_path_join("", "x"), "/x"), "path_join: the empty directory is the root");
}

int main(void)
{
	test_begin();
	run_group("path", test_path);
	return test_end();
}
