/* Unit tests of the atomic replacement of a file (replace.c). */
#include "lib-test.h"

/* The number of entries of the test directory whose names start with PREFIX. */
static int count_files(const char *prefix)
{
	char cmd[512];
	int n = 0;
	FILE *fp;

	snprintf(cmd, sizeof cmd, "ls -A '%s'", tmpdir);
	if ((fp = popen(cmd, "r")) == NULL)
		abort();
	while (fgets(cmd, sizeof cmd, fp) != NULL)
		n += strncmp(cmd, prefix, strlen(prefix)) == 0;
	pclose(fp);
	return n;
}

static void test_replace(void)
{
	kota_replace *r, *r2;
	int fd, fd2;
	struct stat st;
	char *path = strdup(tpath("r.kota")), *lock = strdup(tpath("r.kota.lock"));

	spit(path, "old", 3);
	ok(kota_replace_begin(&r, path, &fd) == 0 && write(fd, "new", 3) == 3 && kota_replace_commit(r) == 0,
	    "replace: write and commit (%s)", shown(kota_error_last()));
	kota_replace_free(r);
	size_t len;
	unsigned char *b = slurp(path, &len);
	ok(len == 3 && memcmp(b, "new", 3) == 0 && count_files("r.kota.tmp") == 0, "replace: the new file is in place, "
	    "no temporary file left");
	free(b);
	/* The lock file removed under a writer: a second writer locks a new
	 * file of that name (flocks of two opens exclude each other even in
	 * one process, so it could not before), and the first must not
	 * rename over what the second puts in place. */
	ok(kota_replace_begin(&r, path, &fd) == 0, "replace: begin");
	ok(stat(lock, &st) == 0 && unlink(lock) == 0, "replace: the lock file removed under the writer");
	ok(kota_replace_begin(&r2, path, &fd2) == 0 && fd2 != fd, "replace: a second writer takes a new lock file");
	struct stat st1, st2;
	ok(count_files("r.kota.tmp.") == 1 && fstat(fd, &st1) == 0 && st1.st_nlink == 0 && fstat(fd2, &st2) == 0 &&
	    st2.st_nlink == 1, "replace: each writer has a temporary file of its own, and the one holding the lock "
	    "removed the one of the writer that lost it");
	ok(write(fd2, "two", 3) == 3 && kota_replace_commit(r2) == 0, "replace: the second writer commits (%s)",
	    shown(kota_error_last()));
	kota_replace_free(r2);
	kota_error_set("stale");
	ok(write(fd, "one", 3) == 3 && kota_replace_commit(r) == -1 &&
	    err_has(": lost the lock (") && err_has("r.kota.lock was removed or replaced): the index is left as it was"),
	    "replace: the first writer lost the lock and does not rename (%s)", shown(kota_error_last()));
	kota_replace_free(r);
	b = slurp(path, &len);
	ok(len == 3 && memcmp(b, "two", 3) == 0 && count_files("r.kota.tmp") == 0,
	    "replace: the second writer's file stays, no temporary file left");
	free(b);
	/* abort leaves the target as it was */
	ok(kota_replace_begin(&r, path, &fd) == 0 && write(fd, "xyz", 3) == 3, "replace: begin again");
	kota_replace_free(r);
	b = slurp(path, &len);
	ok(len == 3 && memcmp(b, "two", 3) == 0 && count_files("r.kota.tmp") == 0, "replace: abort changes nothing");
	free(b);
	free(path);
	free(lock);
}

int main(void)
{
	test_begin();
	run_group("replace", test_replace);
	return test_end();
}
