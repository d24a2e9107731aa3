/*
 * Where the index lives: -f, then $KOTA_INDEX, then $GIT_DIR/kota/index.kota
 * with the git directory found the way git finds it (GIT_DIR, else the first
 * ".git" directory or "gitdir:" file, or bare repository, from the current
 * directory upwards, stopping at GIT_CEILING_DIRECTORIES).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kota.h"
#include "internal.h"

static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* A git directory has HEAD, objects/ and refs/. */
static int is_git_dir(const char *dir)
{
	char *head = kota_path_join(dir, "HEAD"), *objects = kota_path_join(dir, "objects");
	char *refs = kota_path_join(dir, "refs");
	struct stat st;
	int yes = head && objects && refs && stat(head, &st) == 0 && is_dir(objects) && is_dir(refs);

	/* A linked worktree's git directory has HEAD and a commondir file instead. */
	if (!yes && head && stat(head, &st) == 0) {
		char *common = kota_path_join(dir, "commondir");
		yes = common != NULL && stat(common, &st) == 0;
		free(common);
	}
	free(head);
	free(objects);
	free(refs);
	return yes;
}

/* The directory named by a ".git" file ("gitdir: PATH"), relative to DIR. */
static char *read_gitfile(const char *dir, const char *file)
{
	char buf[PATH_MAX + 16];
	FILE *fp = fopen(file, "r");
	size_t n;

	if (fp == NULL)
		return NULL;
	n = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	if (strncmp(buf, "gitdir: ", 8) != 0)
		return NULL;
	return buf[8] == '/' ? strdup(buf + 8) : kota_path_join(dir, buf + 8);
}

static int is_ceiling(const char *dir)
{
	const char *list = getenv("GIT_CEILING_DIRECTORIES");
	size_t ld = strlen(dir);

	while (list != NULL && *list != '\0') {
		size_t n = strcspn(list, ":");
		while (n > 1 && list[n - 1] == '/')
			n--;
		if (n == ld && strncmp(list, dir, n) == 0)
			return 1;
		list += strcspn(list, ":");
		if (*list == ':')
			list++;
	}
	return 0;
}

static char *find_git_dir(void)
{
	char *dir = getcwd(NULL, 0);

	while (dir != NULL) {
		char *dotgit = kota_path_join(dir, ".git"), *found = NULL;
		struct stat st;
		if (dotgit == NULL)
			break;
		if (stat(dotgit, &st) == 0) {
			if (S_ISDIR(st.st_mode) && is_git_dir(dotgit))
				found = dotgit, dotgit = NULL;
			else if (S_ISREG(st.st_mode))
				found = read_gitfile(dir, dotgit);
		}
		free(dotgit);
		if (found == NULL && is_git_dir(dir))
			found = strdup(dir);
		if (found != NULL) {
			free(dir);
			return found;
		}
		char *slash = strrchr(dir, '/');
		if (slash == NULL || strcmp(dir, "/") == 0)
			break;
		if (slash == dir)
			slash[1] = '\0';
		else
			*slash = '\0';
		if (is_ceiling(dir))
			break;
	}
	free(dir);
	return NULL;
}

int kota_locate_index(char **out, const char *explicit_path, const char *option, int create)
{
	const char *env = getenv("KOTA_INDEX");
	char *gitdir, *kdir;

	if (explicit_path != NULL || (env != NULL && *env != '\0')) {
		*out = strdup(explicit_path != NULL ? explicit_path : env);
		return *out != NULL ? 0 : kota_error_set("out of memory");
	}
	env = getenv("GIT_DIR");
	gitdir = env != NULL && *env != '\0' ? strdup(env) : find_git_dir();
	if (gitdir == NULL)
		return kota_error_set("not in a git repository (use %s FILE or KOTA_INDEX)", option);
	kdir = kota_path_join(gitdir, "kota");
	free(gitdir);
	if (kdir == NULL)
		return kota_error_set("out of memory");
	if (create && mkdir(kdir, 0777) < 0 && errno != EEXIST) {
		kota_error_set("%s: %s", kdir, strerror(errno));
		free(kdir);
		return -1;
	}
	*out = kota_path_join(kdir, "index.kota");
	free(kdir);
	return *out != NULL ? 0 : kota_error_set("out of memory");
}
