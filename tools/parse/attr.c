/*
 * The attribute kota (a path with -kota is skipped), and the files libgit2
 * reads to answer for it and to list the work tree: whether any of them
 * could set it at all, and that none of them is a file that libgit2 could
 * not read without waiting for ever or running out of memory.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2/sys/repository.h>

#include "kota-parse.h"

/* Whether PATH's attribute kota is unset, from the commit COMMIT if not NULL. */
int attr_unset(git_repository *repo, const char *path, const git_oid *commit)
{
	git_attr_options opts;
	const char *value;

	memset(&opts, 0, sizeof opts);
	opts.version = GIT_ATTR_OPTIONS_VERSION;
	opts.flags = GIT_ATTR_CHECK_NO_SYSTEM;
	if (commit != NULL) {
		opts.flags |= GIT_ATTR_CHECK_INCLUDE_COMMIT | GIT_ATTR_CHECK_INDEX_ONLY;
		git_oid_cpy(&opts.attr_commit_id, commit);
	}
	if (git_attr_get_ext(&value, repo, &opts, path, "kota") < 0)
		return 0;
	return GIT_ATTR_IS_FALSE(value);
}

/* Attributes from the commit alone: an empty index leaves the commit's
 * alone, as for any old revision. */
void attrs_from_commit(git_repository *repo)
{
	git_index *empty;

	if (git_index_new(&empty) == 0) {
		git_repository_set_index(repo, empty);
		git_index_free(empty);
	}
}

/* Whether TEXT could set the attribute kota: does it name it at all? */
static int text_mentions_kota(const char *text, size_t len)
{
	return memmem(text, len, "kota", 4) != NULL;
}

int blob_mentions_kota(git_repository *repo, const git_oid *oid)
{
	git_blob *blob;
	int yes;

	if (git_blob_lookup(&blob, repo, oid) < 0)
		return 1;	/* cannot tell: look the attribute up */
	yes = text_mentions_kota(git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
	return yes;
}

/*
 * Open PATH, a file that libgit2 reads too (attributes, ignore rules):
 * -1 with errno if it cannot be, ENOENT if it is absent, a directory or
 * /dev/null (read as empty, by libgit2 too).  Anything else that is not a
 * regular file ends the run: libgit2 would wait on a FIFO for ever (and a
 * foreground git hook with it), and read /dev/zero until memory runs out.
 */
static int open_git_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st, null;

	if (fd < 0 || fstat(fd, &st) < 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (S_ISREG(st.st_mode))
		return fd;
	close(fd);
	if (S_ISDIR(st.st_mode) || (S_ISCHR(st.st_mode) && stat("/dev/null", &null) == 0 &&
	    st.st_rdev == null.st_rdev)) {
		errno = ENOENT;
		return -1;
	}
	warn_path(path, "not a regular file, and git reads it");
	exit(2);
}

/* Whether the open file FD names kota, read in blocks that keep the last
 * 3 bytes of the one before: "kota" may straddle two. */
static int fd_mentions_kota(int fd)
{
	char buf[65536];
	size_t have = 0;
	ssize_t n;
	int yes = 0;

	while (!yes && (n = read(fd, buf + have, sizeof buf - have)) > 0) {
		have += (size_t)n;
		yes = text_mentions_kota(buf, have);
		memmove(buf, buf + have - (have < 3 ? have : 3), have < 3 ? have : 3);
		have = have < 3 ? have : 3;
	}
	return yes || n < 0;
}

/* Whether the attributes file NAME (in DIR, if not NULL) names kota; an absent one does not. */
static int file_mentions_kota(const char *dir, const char *name)
{
	char *path = NULL;
	int fd, yes;

	if (dir != NULL ? asprintf(&path, "%s%s%s", dir, dir[0] != '\0' && dir[strlen(dir) - 1] != '/' ? "/" : "",
	    name) < 0 : (path = strdup(name)) == NULL)
		err(2, NULL);
	if ((fd = open_git_file(path)) < 0) {
		yes = errno != ENOENT && errno != ENOTDIR;	/* cannot tell: look it up */
	} else {
		yes = fd_mentions_kota(fd);
		close(fd);
	}
	free(path);
	return yes;
}

/* Stop on NAME in DIR (if not NULL) if libgit2 could not read it (see open_git_file). */
static void check_git_file(const char *dir, const char *name)
{
	char *path;
	int fd;

	if (asprintf(&path, "%s%s", dir != NULL ? dir : "", name) < 0)
		err(2, NULL);
	if ((fd = open_git_file(path)) >= 0)
		close(fd);
	free(path);
}

/*
 * --worktree: libgit2 reads the .gitignore of every directory it lists and
 * the .gitattributes of every directory from the top down to a file's
 * when it looks the attribute up: check them for PATH, a file of the work
 * tree ROOT, before it does.  Called with paths in order, so that a
 * directory is looked at once for the files in it.
 */
void check_worktree_dirs(const char *root, const char *path)
{
	static char *last;
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash != NULL ? (size_t)(slash - path) : 0;
	char *dir;

	if (last != NULL && strlen(last) == dirlen && strncmp(last, path, dirlen) == 0)
		return;
	free(last);
	if ((last = strndup(path, dirlen)) == NULL)
		err(2, NULL);
	for (size_t i = 0; i <= dirlen; i++) {
		if (i < dirlen && path[i] != '/')
			continue;
		if (asprintf(&dir, "%s%.*s%s", root, (int)i, path, i > 0 ? "/" : "") < 0)
			err(2, NULL);
		check_git_file(dir, ".gitattributes");
		check_git_file(dir, ".gitignore");
		free(dir);
	}
}

/*
 * The path of the user's git file that config KEY names (core.attributesFile,
 * core.excludesFile), or else of its default, git/NAME under
 * $XDG_CONFIG_HOME or ~/.config, into *OUT: 1, or 0 if there is none, or
 * -1 if the setting cannot be read.
 */
static int user_git_file(git_repository *repo, char **out, const char *key, const char *name)
{
	git_buf buf = { 0 };
	git_config *cfg;
	const char *v, *home = getenv("HOME"), *xdg = getenv("XDG_CONFIG_HOME");
	int rc = 1;

	*out = NULL;
	if (git_repository_config_snapshot(&cfg, repo) < 0)
		return -1;
	if (git_config_get_string(&v, cfg, key) == 0) {
		if (git_config_parse_path(&buf, v) < 0)
			rc = -1;
		else if ((*out = strdup(buf.ptr)) == NULL)
			err(2, NULL);
		git_buf_dispose(&buf);
	} else if (xdg != NULL && *xdg != '\0') {
		if (asprintf(out, "%s/git/%s", xdg, name) < 0)
			err(2, NULL);
	} else if (home != NULL) {
		if (asprintf(out, "%s/.config/git/%s", home, name) < 0)
			err(2, NULL);
	} else {
		rc = 0;
	}
	git_config_free(cfg);
	return rc;
}

/* --worktree: stop on an exclude file that libgit2 could not read. */
void check_exclude_files(git_repository *repo)
{
	git_buf buf = { 0 };
	char *path;

	if (git_repository_item_path(&buf, repo, GIT_REPOSITORY_ITEM_INFO) == 0)
		check_git_file(buf.ptr, "exclude");
	git_buf_dispose(&buf);
	if (user_git_file(repo, &path, "core.excludesFile", "ignore") > 0)
		check_git_file(NULL, path);
	free(path);
}

/* Whether the system attributes file, in any directory of libgit2's
 * search path for it, names kota. */
static int system_attrs_mention_kota(void)
{
	git_buf buf = { 0 };
	int yes = 0;

	if (git_libgit2_opts(GIT_OPT_GET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, &buf) < 0)
		return 1;
	for (char *dir = buf.ptr, *next; dir != NULL && *dir != '\0'; dir = next) {
		if ((next = strchr(dir, GIT_PATH_LIST_SEPARATOR)) != NULL)
			*next++ = '\0';
		yes |= file_mentions_kota(dir, "gitattributes");
	}
	git_buf_dispose(&buf);
	return yes;
}

/*
 * Tree mode: whether an attributes file outside the tree could set kota
 * (the tree's own .gitattributes are looked at as it is walked).  libgit2
 * reads $GIT_DIR/info/attributes, core.attributesFile (by default git's
 * XDG one), and, for macros, the work tree's top .gitattributes and the
 * system file: if none of them names kota and no .gitattributes of the
 * tree does, no path can have the attribute, and the costly lookup of it
 * (a dozen system calls a file) is skipped.
 */
int other_attrs_mention_kota(git_repository *repo)
{
	git_buf buf = { 0 };
	char *path;
	int yes = 0, rc;

	if (git_repository_item_path(&buf, repo, GIT_REPOSITORY_ITEM_INFO) < 0)
		return 1;
	yes |= file_mentions_kota(buf.ptr, "attributes");
	git_buf_dispose(&buf);
	if (git_repository_workdir(repo) != NULL)
		yes |= file_mentions_kota(git_repository_workdir(repo), ".gitattributes");
	if ((rc = user_git_file(repo, &path, "core.attributesFile", "attributes")) < 0)
		yes = 1;
	else if (rc > 0)
		yes |= file_mentions_kota(NULL, path);
	free(path);
	return system_attrs_mention_kota() || yes;
}
