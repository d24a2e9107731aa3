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

int kota_locate_prefix(char **top, char **prefix)
{
	const char *wt = getenv("GIT_WORK_TREE");
	char *cwd = getcwd(NULL, 0), *dir = NULL;

	*top = *prefix = NULL;
	if (cwd == NULL)
		return 0;
	if (wt != NULL && *wt != '\0') {
		dir = realpath(wt, NULL);
	} else if (getenv("GIT_DIR") == NULL || *getenv("GIT_DIR") == '\0') {
		/* Upwards from here to the first directory with a ".git". */
		dir = strdup(cwd);
		while (dir != NULL) {
			char *dotgit = kota_path_join(dir, ".git");
			struct stat st;
			int found = dotgit != NULL && stat(dotgit, &st) == 0;
			free(dotgit);
			if (found)
				break;
			char *slash = strrchr(dir, '/');
			if (slash == NULL || strcmp(dir, "/") == 0 || is_ceiling(dir)) {
				free(dir);
				dir = NULL;
				break;
			}
			if (slash == dir)
				slash[1] = '\0';
			else
				*slash = '\0';
		}
	}
	size_t n = dir != NULL ? strlen(dir) : 0;
	if (dir == NULL || strncmp(cwd, dir, n) != 0 || (cwd[n] != '\0' && cwd[n] != '/' && n > 1)) {
		free(dir);
		free(cwd);
		return 0;
	}
	const char *rest = cwd + n + (cwd[n] == '/');
	if (strcmp(dir, "/") == 0)
		rest = cwd + 1;
	*prefix = *rest ? kota_path_suffix(rest, "/") : strdup("");
	free(cwd);
	if (*prefix == NULL) {
		free(dir);
		return kota_error_set("out of memory");
	}
	*top = dir;
	return 0;
}

char *kota_path_from_user(const char *top, const char *prefix, const char *arg)
{
	size_t tl = top != NULL ? strlen(top) : 0;
	char *joined, *out;
	size_t n = 0;

	if (arg[0] == '/') {
		if (top == NULL || strncmp(arg, top, tl) != 0 || (arg[tl] != '/' && arg[tl] != '\0' && tl > 1)) {
			kota_error_set("%s: outside the work tree", arg);
			return NULL;
		}
		joined = strdup(arg + tl + (arg[tl] == '/'));
	} else {
		joined = kota_path_suffix(prefix != NULL ? prefix : "", arg);
	}
	if (joined == NULL || (out = malloc(strlen(joined) + 1)) == NULL) {
		free(joined);
		kota_error_set("out of memory");
		return NULL;
	}
	/* Resolve "." and ".." component by component. */
	for (const char *p = joined; *p != '\0';) {
		size_t len = strcspn(p, "/");
		if (len == 0 || (len == 1 && p[0] == '.')) {
			;
		} else if (len == 2 && p[0] == '.' && p[1] == '.') {
			if (n == 0) {
				kota_error_set("%s: outside the work tree", arg);
				free(joined);
				free(out);
				return NULL;
			}
			while (n > 0 && out[n - 1] != '/')
				n--;
			if (n > 0)
				n--;
		} else {
			if (n > 0)
				out[n++] = '/';
			memcpy(out + n, p, len);
			n += len;
		}
		p += len;
		if (*p == '/')
			p++;
	}
	/* A trailing slash says "directory": keep it. */
	if (n > 0 && joined[strlen(joined) - 1] == '/')
		out[n++] = '/';
	out[n] = '\0';
	free(joined);
	return out;
}

/* Whether PATH needs quoting as git quotes paths (core.quotePath aside):
 * a control byte, a double quote or a backslash in it. */
static int needs_quotes(kota_str path)
{
	for (size_t i = 0; i < path.len; i++) {
		unsigned char c = (unsigned char)path.ptr[i];
		if (c < 0x20 || c == 0x7f || c == '"' || c == '\\')
			return 1;
	}
	return 0;
}

/* LEN bytes at S, escaped as in a C string: \t \n \" \\ and \ooo. */
static void put_quoted(FILE *fp, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '\a': fputs("\\a", fp); break;
		case '\b': fputs("\\b", fp); break;
		case '\t': fputs("\\t", fp); break;
		case '\n': fputs("\\n", fp); break;
		case '\v': fputs("\\v", fp); break;
		case '\f': fputs("\\f", fp); break;
		case '\r': fputs("\\r", fp); break;
		case '"': fputs("\\\"", fp); break;
		case '\\': fputs("\\\\", fp); break;
		default:
			if (c < 0x20 || c == 0x7f)
				fprintf(fp, "\\%03o", c);
			else
				putc(c, fp);
		}
	}
}

void kota_put_relpath(FILE *fp, const char *prefix, kota_str path, int raw)
{
	size_t common = 0;
	int quote = !raw && needs_quotes(path);

	if (quote)
		putc('"', fp);
	if (prefix != NULL && *prefix != '\0') {
		/* The longest run of whole directories PATH and PREFIX share. */
		for (size_t i = 0; prefix[i] != '\0' && i < path.len && prefix[i] == path.ptr[i]; i++)
			if (prefix[i] == '/')
				common = i + 1;
		for (const char *p = prefix + common; *p != '\0'; p++)
			if (*p == '/')
				fputs("../", fp);
	}
	if (quote) {
		put_quoted(fp, path.ptr + common, path.len - common);
		putc('"', fp);
	} else {
		fwrite(path.ptr + common, 1, path.len - common, fp);
	}
}

/* The first line of FILE (at most SIZE - 1 bytes), or NULL. */
static char *first_line(const char *file, char *buf, size_t size)
{
	FILE *fp = fopen(file, "r");

	if (fp == NULL)
		return NULL;
	if (fgets(buf, (int)size, fp) == NULL) {
		fclose(fp);
		return NULL;
	}
	fclose(fp);
	buf[strcspn(buf, "\r\n")] = '\0';
	return buf;
}

static int is_hex40(const char *s)
{
	size_t n = strspn(s, "0123456789abcdef");

	return n == 40 && (s[40] == '\0' || s[40] == ' ');
}

/* REF ("refs/heads/main") in the git directory DIR, loose or packed. */
static int resolve_ref(const char *dir, const char *ref, char out[41])
{
	char buf[512], *file = kota_path_join(dir, ref), *packed;
	int found = 0;

	if (file != NULL && first_line(file, buf, sizeof buf) != NULL && is_hex40(buf)) {
		memcpy(out, buf, 40);
		found = 1;
	}
	free(file);
	if (found || (packed = kota_path_join(dir, "packed-refs")) == NULL)
		return found;
	FILE *fp = fopen(packed, "r");
	free(packed);
	while (fp != NULL && fgets(buf, sizeof buf, fp) != NULL) {
		buf[strcspn(buf, "\r\n")] = '\0';
		if (is_hex40(buf) && strcmp(buf + 41, ref) == 0) {
			memcpy(out, buf, 40);
			found = 1;
			break;
		}
	}
	if (fp != NULL)
		fclose(fp);
	return found;
}

int kota_git_head(char out[41])
{
	const char *env = getenv("GIT_DIR");
	char *gitdir = env != NULL && *env != '\0' ? strdup(env) : find_git_dir();
	char buf[512], *head, *common = NULL;
	int found = 0;

	if (gitdir == NULL)
		return 0;
	if ((head = kota_path_join(gitdir, "HEAD")) != NULL && first_line(head, buf, sizeof buf) != NULL) {
		if (is_hex40(buf)) {
			memcpy(out, buf, 40);
			found = 1;
		} else if (strncmp(buf, "ref: ", 5) == 0) {
			char ref[512], cbuf[512], *cfile;
			snprintf(ref, sizeof ref, "%s", buf + 5);
			found = resolve_ref(gitdir, ref, out);
			/* A linked worktree keeps its branches in the common directory. */
			if (!found && (cfile = kota_path_join(gitdir, "commondir")) != NULL) {
				if (first_line(cfile, cbuf, sizeof cbuf) != NULL)
					common = cbuf[0] == '/' ? strdup(cbuf) : kota_path_join(gitdir, cbuf);
				free(cfile);
				if (common != NULL)
					found = resolve_ref(common, ref, out);
			}
		}
	}
	out[found ? 40 : 0] = '\0';
	free(head);
	free(common);
	free(gitdir);
	return found;
}
