/*
 * Without libFuzzer: run the target once on each seed of its corpus (the
 * files of the directories or the files given, else FUZZ_CORPUS), and say
 * so as TAP, a test point per seed.  A crash is a crash of this program,
 * which the test driver reports.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int n;

static void run(const char *path)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0, r;

	if (fp == NULL) {
		printf("not ok %d - %s: cannot read\n", ++n, path);
		return;
	}
	do {
		if (len + 65536 > cap && (buf = realloc(buf, cap = 2 * cap + 65536)) == NULL)
			abort();
		r = fread(buf + len, 1, cap - len, fp);
		len += r;
	} while (r > 0);
	fclose(fp);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	printf("ok %d - %s\n", ++n, path);
	fflush(stdout);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_path(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t k = 0;

	if (stat(path, &st) == 0 && !S_ISDIR(st.st_mode)) {
		run(path);
		return;
	}
	if ((d = opendir(path)) == NULL) {
		printf("not ok %d - %s: no such corpus\n", ++n, path);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if ((names = realloc(names, (k + 1) * sizeof *names)) == NULL ||
		    asprintf(&names[k], "%s/%s", path, e->d_name) < 0)
			abort();
		k++;
	}
	closedir(d);
	qsort(names, k, sizeof *names, by_name);
	for (size_t i = 0; i < k; i++) {
		run(names[i]);
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	if (argc < 2)
		run_path(FUZZ_CORPUS);
	for (int i = 1; i < argc; i++)
		run_path(argv[i]);
	printf("1..%d\n", n);
	return 0;
}
