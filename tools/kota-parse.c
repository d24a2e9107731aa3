/*
 * kota-parse: read the files of a git tree (any revision, or the work tree),
 * parse each with tree-sitter on N threads, and write the kota(5) record
 * stream of their symbols to stdout, in path order whatever N.
 */
#include <err.h>
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>
#include <git2/sys/repository.h>

#include "kota.h"
#include "parse.h"

struct file {
	char *path;			/* relative to the repository root */
	git_oid oid;			/* tree mode: the blob */
	/* Filled by a worker, printed in path order by whichever worker comes to it. */
	char *out, *note;
	size_t out_len;
	int done;
};

static struct {
	git_repository *repo;		/* main thread's handle; workers open their own */
	const char *repo_path;
	int worktree, in_repo, quiet;
	const char *root;		/* the work tree (worktree mode) */
	int root_fd;			/* worktree mode: the work tree, or "." outside a repository */
	struct kota_settings set;	/* what decides what is made of a file */
	struct file *files;
	size_t nfiles, files_cap;
	kota_query *queries[32];	/* by index in kota_langs, compiled when first needed */
	pthread_mutex_t query_mu[32];
	/* --reuse: the index, and (when its commit is known) its files kept */
	kota_view *reuse;
	struct keep { kota_str path, blob; } *keeps;
	size_t nkeeps;
	const git_oid *commit;		/* tree mode: the commit, for attributes */
	int attrs_used;			/* tree mode: an attributes file names kota */
	/* Work sharing. */
	pthread_mutex_t mu;
	pthread_cond_t cv;		/* workers wait here for the window to move */
	size_t next_job, printed, window;
	int printing, waiting;		/* a worker is printing; workers waiting on cv */
	int failed;
} g = { .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER };

static void put_keep(FILE *fp, kota_str path, kota_str blob)
{
	kota_record k = { .type = KOTA_REC_KEEP, .path = path, .blob = blob };

	kota_put_record(fp, &k);
}

/* With --reuse, whether the index has PATH with blob HEX (and so its symbols). */
static int reusable(const char *path, const char *hex)
{
	const kota_index *ix;
	uint32_t pos;
	kota_file f;

	return g.reuse != NULL && hex[0] != '-' &&
	    kota_view_find_file(g.reuse, path, strlen(path), &ix, &pos) == 0 &&
	    kota_index_file(ix, pos, &f) == 0 && f.blob.len == strlen(hex) &&
	    memcmp(f.blob.ptr, hex, f.blob.len) == 0;
}

static void usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: kota-parse [-qz] [-j N] [--rev REV | --worktree] [--lang LANG] [--max-size SIZE]\n"
	    "                  [--reuse INDEX] [--files-from FILE] [PATH ...]\n"
	    "       kota-parse --languages\n");
	exit(status);
}

static void git_fail(const char *what)
{
	const git_error *e = git_error_last();

	errx(2, "%s%s%s", what, e != NULL ? ": " : "", e != NULL ? e->message : "");
}

/* A one-line message about PATH on stderr, the path escaped as in the
 * stream: a file name cannot forge a line of its own. */
__attribute__((format(printf, 2, 3)))
static void warn_path(const char *path, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	flockfile(stderr);
	fprintf(stderr, "%s: ", program_invocation_short_name);
	kota_put_field(stderr, path, strlen(path));
	fputs(": ", stderr);
	vfprintf(stderr, fmt, ap);
	putc('\n', stderr);
	funlockfile(stderr);
	va_end(ap);
}

static void note(const char *path, const char *why)
{
	if (!g.quiet)
		warn_path(path, "skipped (%s)", why);
}

static void add_file(const char *path, const git_oid *oid)
{
	if (g.nfiles == g.files_cap) {
		g.files_cap = g.files_cap ? g.files_cap * 2 : 1024;
		if ((g.files = realloc(g.files, g.files_cap * sizeof *g.files)) == NULL)
			err(2, NULL);
	}
	struct file *f = &g.files[g.nfiles++];
	memset(f, 0, sizeof *f);
	if ((f->path = strdup(path)) == NULL)
		err(2, NULL);
	if (oid != NULL)
		git_oid_cpy(&f->oid, oid);
}

/* ---- choosing the files ---- */

static char **pathspecs;
static size_t npathspecs;

/* Resolve "." and ".." and doubled slashes in the relative path S, in place. */
static int normalize(char *s)
{
	char *out = s, *p = s;

	while (*p != '\0') {
		size_t n = strcspn(p, "/");
		int last = p[n] == '\0';	/* read it before the slash below lands there */
		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* nothing */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (out == s)
				return -1;	/* above the top of the repository */
			for (out--; out > s && out[-1] != '/'; out--)
				;
		} else {
			memmove(out, p, n);
			out += n;
			*out++ = '/';
		}
		if (last)
			break;
		p += n + 1;
	}
	if (out > s)
		out--;	/* the last slash */
	*out = '\0';
	return 0;
}

static void add_pathspec(const char *prefix, const char *p)
{
	char *s;

	if (asprintf(&s, "%s%s", prefix, p) < 0)
		err(2, NULL);
	if (normalize(s) < 0)
		errx(2, "%s: outside the repository", p);
	if ((pathspecs = realloc(pathspecs, (npathspecs + 1) * sizeof *pathspecs)) == NULL)
		err(2, NULL);
	pathspecs[npathspecs++] = s;
}

static int wanted(const char *path)
{
	if (npathspecs == 0)
		return 1;
	for (size_t i = 0; i < npathspecs; i++) {
		size_t n = strlen(pathspecs[i]);
		if (n == 0 || (strncmp(path, pathspecs[i], n) == 0 && (path[n] == '\0' || path[n] == '/')))
			return 1;
	}
	return 0;
}

static void read_files_from(const char *prefix, const char *name, int zero)
{
	FILE *fp = strcmp(name, "-") == 0 ? stdin : fopen(name, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (fp == NULL)
		err(2, "%s", name);
	while ((n = getdelim(&line, &cap, zero ? '\0' : '\n', fp)) > 0) {
		if (line[n - 1] == (zero ? '\0' : '\n'))
			line[--n] = '\0';
		if (n > 0)
			add_pathspec(prefix, line);
	}
	free(line);
	if (fp != stdin)
		fclose(fp);
	if (npathspecs == 0)
		add_pathspec("", "\001nothing");	/* an empty list selects no file */
}

/* ---- attributes ---- */

/* Whether TEXT could set the attribute kota: does it name it at all? */
static int text_mentions_kota(const char *text, size_t len)
{
	return memmem(text, len, "kota", 4) != NULL;
}

static int blob_mentions_kota(const git_oid *oid)
{
	git_blob *blob;
	int yes;

	if (git_blob_lookup(&blob, g.repo, oid) < 0)
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

/* Whether the attributes file NAME (in DIR, if not NULL) names kota; an absent one does not. */
static int file_mentions_kota(const char *dir, const char *name)
{
	char *path = NULL, buf[65536];
	size_t have = 0;
	ssize_t n;
	int fd, yes = 0;

	if (dir != NULL ? asprintf(&path, "%s%s%s", dir, dir[0] != '\0' && dir[strlen(dir) - 1] != '/' ? "/" : "",
	    name) < 0 : (path = strdup(name)) == NULL)
		err(2, NULL);
	if ((fd = open_git_file(path)) < 0) {
		yes = errno != ENOENT && errno != ENOTDIR;	/* cannot tell: look it up */
	} else {
		/* In blocks, keeping the last 3 bytes of each: "kota" may straddle two. */
		while (!yes && (n = read(fd, buf + have, sizeof buf - have)) > 0) {
			have += (size_t)n;
			yes = text_mentions_kota(buf, have);
			memmove(buf, buf + have - (have < 3 ? have : 3), have < 3 ? have : 3);
			have = have < 3 ? have : 3;
		}
		yes |= n < 0;
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
 * tree, before it does.  Called with paths in order, so that a directory
 * is looked at once for the files in it.
 */
static void check_worktree_dirs(const char *path)
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
		if (asprintf(&dir, "%s%.*s%s", g.root != NULL ? g.root : "", (int)i, path, i > 0 ? "/" : "") < 0)
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
static int user_git_file(char **out, const char *key, const char *name)
{
	git_buf buf = { 0 };
	git_config *cfg;
	const char *v, *home = getenv("HOME"), *xdg = getenv("XDG_CONFIG_HOME");
	int rc = 1;

	*out = NULL;
	if (git_repository_config_snapshot(&cfg, g.repo) < 0)
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
static void check_exclude_files(void)
{
	git_buf buf = { 0 };
	char *path;

	if (git_repository_item_path(&buf, g.repo, GIT_REPOSITORY_ITEM_INFO) == 0)
		check_git_file(buf.ptr, "exclude");
	git_buf_dispose(&buf);
	if (user_git_file(&path, "core.excludesFile", "ignore") > 0)
		check_git_file(NULL, path);
	free(path);
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
static int other_attrs_mention_kota(void)
{
	git_buf buf = { 0 };
	char *path;
	int yes = 0, rc;

	if (git_repository_item_path(&buf, g.repo, GIT_REPOSITORY_ITEM_INFO) < 0)
		return 1;
	yes |= file_mentions_kota(buf.ptr, "attributes");
	git_buf_dispose(&buf);
	if (git_repository_workdir(g.repo) != NULL)
		yes |= file_mentions_kota(git_repository_workdir(g.repo), ".gitattributes");
	if ((rc = user_git_file(&path, "core.attributesFile", "attributes")) < 0)
		yes = 1;
	else if (rc > 0)
		yes |= file_mentions_kota(NULL, path);
	free(path);
	if (git_libgit2_opts(GIT_OPT_GET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, &buf) < 0)
		return 1;
	/* A search path may list several directories. */
	for (char *dir = buf.ptr, *next; dir != NULL && *dir != '\0'; dir = next) {
		if ((next = strchr(dir, GIT_PATH_LIST_SEPARATOR)) != NULL)
			*next++ = '\0';
		yes |= file_mentions_kota(dir, "gitattributes");
	}
	git_buf_dispose(&buf);
	return yes;
}

/* ---- listing the files ---- */

static int tree_entry(const char *root, const git_tree_entry *e, void *payload)
{
	char path[4096];
	git_filemode_t mode = git_tree_entry_filemode(e);

	(void)payload;
	if (git_tree_entry_type(e) == GIT_OBJECT_TREE)
		return 0;
	snprintf(path, sizeof path, "%s%s", root, git_tree_entry_name(e));
	/* Any .gitattributes may say something of the files wanted. */
	if (strcmp(git_tree_entry_name(e), ".gitattributes") == 0 && git_tree_entry_type(e) == GIT_OBJECT_BLOB &&
	    !g.attrs_used && blob_mentions_kota(git_tree_entry_id(e)))
		g.attrs_used = 1;
	if (!wanted(path))
		return 0;
	if (mode == GIT_FILEMODE_COMMIT)
		note(path, "submodule");
	else if (mode == GIT_FILEMODE_LINK)
		note(path, "symbolic link");
	else if (git_tree_entry_type(e) == GIT_OBJECT_BLOB)
		add_file(path, git_tree_entry_id(e));
	return 0;
}

/* ---- --reuse ---- */

/* What, beside a file's path and blob, decides what kota-parse makes of it
 * (the settings, and this build's queries, grammars and extraction code), and
 * whether it was given the whole tree (SOME: paths chosen): an index is
 * reused only if it was made with the same, as its meta "parse-settings" says. */
static char *settings(int some)
{
	char *set = kota_settings_string(&g.set), *s;

	if (set == NULL || asprintf(&s, "%s%s", set, some ? " paths=some" : "") < 0)
		err(2, NULL);
	free(set);
	return s;
}

/* The value of the reused index's meta KEY, or 0 if it has none. */
static int reuse_meta(const char *key, kota_str *value)
{
	const kota_index *m = kota_view_meta(g.reuse);
	kota_str k;

	for (uint32_t i = 0; i < kota_index_nmeta(m); i++)
		if (kota_index_meta(m, i, &k, value) == 0 && k.len == strlen(key) && memcmp(k.ptr, key, k.len) == 0)
			return 1;
	return 0;
}

static int same(kota_str a, const char *b)
{
	return a.len == strlen(b) && memcmp(a.ptr, b, a.len) == 0;
}

static int cmp_strs(const void *a, const void *b)
{
	const kota_str *x = a, *y = b;

	return kota_bytes_cmp(x->ptr, x->len, y->ptr, y->len);
}

static kota_str *changed;
static size_t nchanged;

static int keep_unchanged(void *ctx, const kota_index *ix, uint32_t pos)
{
	kota_file f;

	(void)ctx;
	if (kota_index_file(ix, pos, &f) < 0)
		errx(2, "%s", kota_error_last());
	if (nchanged > 0 && bsearch(&f.path, changed, nchanged, sizeof *changed, cmp_strs) != NULL)
		return 0;
	if (g.nkeeps % 1024 == 0 &&
	    (g.keeps = realloc(g.keeps, (g.nkeeps + 1024) * sizeof *g.keeps)) == NULL)
		err(2, NULL);
	g.keeps[g.nkeeps++] = (struct keep){ f.path, f.blob };
	return 0;
}

static void add_changed(const char *path)
{
	if (nchanged % 1024 == 0 && (changed = realloc(changed, (nchanged + 1024) * sizeof *changed)) == NULL)
		err(2, NULL);
	changed[nchanged++] = (kota_str){ path, strlen(path) };
}

/*
 * The quick way to reuse an index made from a commit of this repository,
 * with these settings, from its whole tree: list only the files that differ
 * between that commit's tree and TREE, and keep all the others.  0 if it
 * cannot be taken (the files are then listed and compared one by one).
 */
static int list_changes(git_tree *tree)
{
	kota_str commit, set;
	git_oid old;
	git_commit *c = NULL;
	git_tree *t0 = NULL;
	git_diff *diff = NULL;
	char *want = settings(0);
	int ok = 0;

	if (npathspecs > 0 || !reuse_meta("commit", &commit) || !reuse_meta("parse-settings", &set) ||
	    !same(set, want) || git_oid_fromstrn(&old, commit.ptr, commit.len) < 0 ||
	    commit.len != GIT_OID_HEXSZ || git_commit_lookup(&c, g.repo, &old) < 0 ||
	    git_commit_tree(&t0, c) < 0 || git_diff_tree_to_tree(&diff, g.repo, t0, tree, NULL) < 0)
		goto out;
	/* Attributes may have changed for files that did not: go the long way. */
	for (size_t i = 0; i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		const char *base = strrchr(d->new_file.path, '/');
		if (strcmp(base != NULL ? base + 1 : d->new_file.path, ".gitattributes") == 0)
			goto out;
	}
	for (size_t i = 0; i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		add_changed(d->old_file.path);
		add_changed(d->new_file.path);
		if (d->status == GIT_DELTA_DELETED)
			continue;
		if (d->new_file.mode == GIT_FILEMODE_COMMIT)
			note(d->new_file.path, "submodule");
		else if (d->new_file.mode == GIT_FILEMODE_LINK)
			note(d->new_file.path, "symbolic link");
		else if (d->new_file.mode == GIT_FILEMODE_BLOB || d->new_file.mode == GIT_FILEMODE_BLOB_EXECUTABLE)
			add_file(d->new_file.path, &d->new_file.id);
	}
	if (nchanged > 0)
		qsort(changed, nchanged, sizeof *changed, cmp_strs);
	if (kota_view_each_file(g.reuse, keep_unchanged, NULL) != 0)
		errx(2, "%s", kota_error_last());
	ok = 1;
out:
	if (!ok) {
		/* Undo what was listed: the caller starts again. */
		for (size_t i = 0; i < g.nfiles; i++)
			free(g.files[i].path);
		g.nfiles = 0;
		nchanged = 0;
	}
	free(want);
	free(changed);
	changed = NULL;
	git_diff_free(diff);
	git_tree_free(t0);
	git_commit_free(c);
	return ok;
}

/* List the tree of REV; *COMMIT_ID gets its commit, and 1 is returned, if it has one. */
static int list_tree(const char *rev, git_oid *commit_id)
{
	int have_commit = 0;
	git_object *obj, *tree;

	if (git_repository_is_empty(g.repo) == 1 && rev == NULL)
		errx(2, "the repository has no commits yet (use --worktree to parse the files on disk)");
	if (git_revparse_single(&obj, g.repo, rev != NULL ? rev : "HEAD") < 0)
		git_fail(rev != NULL ? rev : "HEAD");
	if (git_object_type(obj) == GIT_OBJECT_COMMIT || git_object_type(obj) == GIT_OBJECT_TAG) {
		git_object *c;
		if (git_object_peel(&c, obj, GIT_OBJECT_COMMIT) == 0) {
			git_oid_cpy(commit_id, git_object_id(c));
			git_object_free(c);
			have_commit = 1;
		}
	}
	if (git_object_peel(&tree, obj, GIT_OBJECT_TREE) < 0)
		git_fail(rev != NULL ? rev : "HEAD");
	if (g.reuse != NULL && list_changes((git_tree *)tree))
		g.attrs_used = 1;	/* its .gitattributes were not seen: look every file's attribute up */
	else if (git_tree_walk((git_tree *)tree, GIT_TREEWALK_PRE, tree_entry, NULL) < 0)
		git_fail("reading the tree");
	/* Without a commit, attributes come from the work tree and the index.
	 * The files outside the tree are read in any case: the run stops on
	 * one that libgit2 could not read (see open_git_file). */
	int others = other_attrs_mention_kota();
	if (!have_commit || !g.attrs_used)
		g.attrs_used = !have_commit || others;
	git_object_free(tree);
	git_object_free(obj);
	return have_commit;
}

static void list_worktree_repo(void)
{
	git_status_options opts;
	git_status_list *st;
	git_index *index;

	/* Stop before libgit2 reads a file that it could not: the attributes
	 * and exclude files, the directories' .gitignore (as far as the index
	 * tells which directories there are). */
	(void)other_attrs_mention_kota();
	check_exclude_files();
	if (git_repository_index(&index, g.repo) < 0)
		git_fail("reading the index");
	for (size_t i = 0; i < git_index_entrycount(index); i++) {
		const git_index_entry *e = git_index_get_byindex(index, i);
		check_worktree_dirs(e->path);
		if (git_index_entry_stage(e) > 0 && (i > 0 && strcmp(git_index_get_byindex(index, i - 1)->path, e->path) == 0))
			continue;	/* a conflict's other stages */
		if (!wanted(e->path))
			continue;
		if (e->mode == GIT_FILEMODE_COMMIT)
			note(e->path, "submodule");
		else if (e->mode == GIT_FILEMODE_LINK)
			note(e->path, "symbolic link");
		else
			add_file(e->path, NULL);
	}
	git_index_free(index);
	git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
	opts.show = GIT_STATUS_SHOW_WORKDIR_ONLY;
	opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS;
	if (git_status_list_new(&st, g.repo, &opts) < 0)
		git_fail("reading the status");
	for (size_t i = 0; i < git_status_list_entrycount(st); i++) {
		const git_status_entry *e = git_status_byindex(st, i);
		if ((e->status & GIT_STATUS_WT_NEW) && e->index_to_workdir != NULL)
			add_file(e->index_to_workdir->new_file.path, NULL);
	}
	git_status_list_free(st);
}

static int cmp_files(const void *a, const void *b)
{
	return strcmp(((const struct file *)a)->path, ((const struct file *)b)->path);
}

/*
 * Open the repository the way git would from here: $GIT_DIR and friends,
 * else upwards from the current directory.  libgit2 1.5 will not take
 * GIT_WORK_TREE from the environment, so that pair is handled here.
 */
static int open_repo(git_repository **out)
{
	const char *dir = getenv("GIT_DIR"), *tree = getenv("GIT_WORK_TREE");

	if (dir != NULL && *dir != '\0' && tree != NULL && *tree != '\0') {
		char *real = realpath(tree, NULL);
		const char *wd;
		int rc = 0;
		if (git_repository_open(out, dir) < 0) {
			free(real);
			return -1;
		}
		/* libgit2 1.5 leaks when told the work tree it already has: only tell it a new one. */
		wd = git_repository_workdir(*out);
		if (real == NULL || wd == NULL || strncmp(wd, real, strlen(real)) != 0 || wd[strlen(real)] != '/' ||
		    wd[strlen(real) + 1] != '\0')
			rc = git_repository_set_workdir(*out, tree, 0);
		free(real);
		return rc;
	}
	return git_repository_open_ext(out, NULL, GIT_REPOSITORY_OPEN_FROM_ENV, NULL);
}

/* ---- parsing, on worker threads ---- */

struct worker {
	pthread_t thread;
	git_repository *repo;
	kota_extractor *x;
};

static int attr_unset(git_repository *repo, const char *path, const git_oid *commit)
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

/*
 * Open PATH, relative to the directory TOP, following no symbolic link
 * anywhere in it: git neither reads nor writes a path beyond a link (a
 * tracked d/s.c, d now a link to a directory outside the work tree, is not
 * its file).  Its last component is opened with O_RDONLY | O_CLOEXEC |
 * O_NOFOLLOW | FLAGS.  -1 with errno, and *BEYOND if a directory in PATH
 * is a link.
 */
static int open_below(int top, const char *path, int flags, int *beyond)
{
	const char *p = path, *slash;
	int dir = top, fd;

	*beyond = 0;
	while ((slash = strchr(p, '/')) != NULL) {
		char *name = strndup(p, (size_t)(slash - p));
		if (name == NULL)
			err(2, NULL);
		struct stat st;
		fd = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		/* A link is ELOOP, or with O_DIRECTORY ENOTDIR: ask. */
		int e = errno;
		*beyond = fd < 0 && fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode);
		free(name);
		if (dir != top)
			close(dir);
		if (fd < 0) {
			errno = e;
			return -1;
		}
		dir = fd;
		p = slash + 1;
	}
	fd = openat(dir, p, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | flags);
	if (dir != top) {
		int e = errno;
		close(dir);
		errno = e;
	}
	return fd;
}

/* The contents of PATH, a file of the work tree; NULL with *WHY saying why
 * not (NULL: it is gone). */
static char *read_disk(const char *path, size_t *len, const char **why)
{
	/* Not to wait on a FIFO: it is refused once open. */
	int beyond, fd = open_below(g.root_fd, path, O_NONBLOCK, &beyond);
	struct stat st;
	char *buf;

	*why = NULL;
	if (fd < 0 && (beyond || errno == ELOOP)) {
		*why = beyond ? "beyond a symbolic link" : "symbolic link";
		return NULL;
	}
	if (fd < 0 || fstat(fd, &st) < 0) {
		if (errno != ENOENT)
			*why = "cannot read it";
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		*why = "not a regular file";
		close(fd);
		return NULL;
	}
	if ((*why = kota_file_too_large(&g.set, st.st_size)) != NULL) {
		close(fd);
		return NULL;
	}
	buf = malloc((size_t)st.st_size + 1);
	*len = 0;
	while (buf != NULL && *len < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + *len, (size_t)st.st_size - *len);
		if (n <= 0)
			break;
		*len += (size_t)n;
	}
	close(fd);
	return buf;
}

/*
 * Outside a repository: the files under the current directory, but those
 * of .git directories, listed as nftw(3) with FTW_PHYS would list them, in
 * the same order: a directory's entries as readdir gives them, each
 * directory's before those of the next entry.  Anything that is neither a
 * directory nor a link is listed (a FIFO is noted once it is opened).  A
 * directory's entries are read whole and it is closed before the
 * directories in it are opened, each from the top again with no link
 * followed: a tree of any depth takes two descriptors at a time.
 */
struct entry {
	char *name;
	char type;			/* 'd' directory, 'l' symbolic link, 'f' anything else */
};

/* The entries of the directory open at FD (closed), but "." and ".." and
 * those that cannot be looked at (EACCES, ENOENT: gone), in *N. */
static struct entry *read_entries(int fd, size_t *n)
{
	DIR *d = fdopendir(fd);
	struct entry *v = NULL;
	struct dirent *e;
	struct stat st;

	*n = 0;
	if (d == NULL)
		err(2, ".");
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			if (errno != EACCES && errno != ENOENT)
				err(2, ".");
			continue;
		}
		if (*n % 64 == 0 && (v = realloc(v, (*n + 64) * sizeof *v)) == NULL)
			err(2, NULL);
		if ((v[*n].name = strdup(e->d_name)) == NULL)
			err(2, NULL);
		v[(*n)++].type = S_ISDIR(st.st_mode) ? 'd' : S_ISLNK(st.st_mode) ? 'l' : 'f';
	}
	closedir(d);
	return v;
}

/* List the directory open at FD, whose path is PATH ("" for the top). */
static void walk(int fd, const char *path)
{
	size_t n;
	struct entry *v = read_entries(fd, &n);

	for (size_t i = 0; i < n; i++) {
		char *sub;
		int beyond;
		if (asprintf(&sub, "%s%s%s", path, path[0] != '\0' ? "/" : "", v[i].name) < 0)
			err(2, NULL);
		if (v[i].type == 'l')
			note(sub, "symbolic link");
		else if (v[i].type == 'f')
			add_file(sub, NULL);
		else if (strcmp(v[i].name, ".git") != 0) {
			if ((fd = open_below(AT_FDCWD, sub, O_DIRECTORY, &beyond)) >= 0)
				walk(fd, sub);
			else if (errno != EACCES)
				err(2, ".");
		}
		free(sub);
		free(v[i].name);
	}
	free(v);
}

static void list_directory(void)
{
	int fd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	/* An unreadable top lists nothing: opening it as the root says why. */
	if (fd >= 0)
		walk(fd, "");
	else if (errno != EACCES)
		err(2, ".");
}

/*
 * The compiled query of LANG.  Compiling one takes 2 to 190 ms (C++, Ruby
 * and TypeScript are the slow ones), so each is compiled by the first
 * worker to need it, while the others go on, and only if a file needs it:
 * an extensionless script's language is known only from its #! line.
 */
static kota_query *query_for(const struct kota_lang *lang)
{
	size_t l = (size_t)(lang - kota_langs);
	kota_query *q;

	pthread_mutex_lock(&g.query_mu[l]);
	if (g.queries[l] == NULL && kota_query_new(&g.queries[l], lang) < 0)
		errx(2, "%s", kota_error_last());
	q = g.queries[l];
	pthread_mutex_unlock(&g.query_mu[l]);
	return q;
}

/* Parse file I: fill its out (records) or note (why it was skipped). */
static void parse_one(struct worker *w, struct file *f)
{
	git_blob *blob = NULL;
	const struct kota_lang *lang;
	const char *src;
	const char *why;
	char *disk = NULL, hex[GIT_OID_HEXSZ + 1] = "-";
	size_t len;
	FILE *fp;

	if (!g.worktree) {
		if (g.in_repo && g.attrs_used && attr_unset(w->repo, f->path, g.commit)) {
			f->note = strdup("attribute kota is unset");
			return;
		}
		git_oid_tostr(hex, sizeof hex, &f->oid);
		if (reusable(f->path, hex))
			goto keep;
		if (git_blob_lookup(&blob, w->repo, &f->oid) < 0) {
			f->note = strdup("cannot read the blob");
			return;
		}
		len = (size_t)git_blob_rawsize(blob);
		src = git_blob_rawcontent(blob);
		git_oid_tostr(hex, sizeof hex, &f->oid);
	} else {
		disk = read_disk(f->path, &len, &why);
		if (disk == NULL) {
			f->note = why != NULL ? strdup(why) : NULL;	/* gone since listed: nothing to say */
			return;
		}
		src = disk;
		if (g.in_repo) {
			git_oid oid;
			if (git_odb_hash(&oid, src, len, GIT_OBJECT_BLOB) == 0)
				git_oid_tostr(hex, sizeof hex, &oid);
			if (reusable(f->path, hex)) {
				free(disk);
				goto keep;
			}
		}
	}
	if ((why = kota_file_classify(&g.set, f->path, src, len, &lang)) != NULL) {
		f->note = strdup(why);
		goto done;
	}
	if (lang == NULL)
		goto done;	/* not a language we know: silently not ours */
	if ((fp = open_memstream(&f->out, &f->out_len)) == NULL)
		err(2, NULL);
	if (kota_extract(w->x, query_for(lang), f->path, hex, src, len, fp) < 0) {
		fclose(fp);
		free(f->out);
		f->out = NULL;
		if (asprintf(&f->note, "%s", kota_error_last()) < 0)
			f->note = NULL;
	} else {
		fclose(fp);
	}
done:
	git_blob_free(blob);
	free(disk);
	return;
keep:
	/* Unchanged since the index: a keep record stands for its symbols. */
	if ((fp = open_memstream(&f->out, &f->out_len)) == NULL)
		err(2, NULL);
	put_keep(fp, (kota_str){ f->path, strlen(f->path) }, (kota_str){ hex, strlen(hex) });
	fclose(fp);
}

/* The keep records of the unchanged files that come before PATH (NULL: all left). */
static void print_keeps(const char *path)
{
	static size_t next;

	for (; next < g.nkeeps; next++) {
		const struct keep *k = &g.keeps[next];
		if (path != NULL && kota_bytes_cmp(k->path.ptr, k->path.len, path, strlen(path)) > 0)
			break;
		put_keep(stdout, k->path, k->blob);
	}
}

/*
 * Print, in path order, the finished files from the next one not printed on,
 * with g.mu held (it is let go while writing).  Whichever worker finishes the
 * file next in order prints it and any finished ones after it: the others
 * go on parsing, and nobody sleeps waiting for a printer or wakes one up.
 */
static void print_ready(void)
{
	if (g.printing)
		return;		/* another worker is at it, and will see this file too */
	g.printing = 1;
	while (g.printed < g.nfiles && g.files[g.printed].done) {
		struct file *f = &g.files[g.printed];
		pthread_mutex_unlock(&g.mu);
		print_keeps(f->path);
		if (f->out != NULL && fwrite(f->out, 1, f->out_len, stdout) != f->out_len)
			err(2, "stdout");
		if (f->note != NULL)
			note(f->path, f->note);
		free(f->out);
		free(f->note);
		f->out = f->note = NULL;
		pthread_mutex_lock(&g.mu);
		g.printed++;
		if (g.waiting > 0)
			pthread_cond_broadcast(&g.cv);
	}
	g.printing = 0;
}

static void *work(void *arg)
{
	struct worker *w = arg;

	pthread_mutex_lock(&g.mu);
	for (;;) {
		/* Stay within a window of the printed files so finished output stays bounded. */
		while (g.next_job < g.nfiles && g.next_job >= g.printed + g.window) {
			g.waiting++;
			pthread_cond_wait(&g.cv, &g.mu);
			g.waiting--;
		}
		size_t i = g.next_job++;
		if (i >= g.nfiles)
			break;
		pthread_mutex_unlock(&g.mu);
		parse_one(w, &g.files[i]);
		pthread_mutex_lock(&g.mu);
		g.files[i].done = 1;
		if (i == g.printed)
			print_ready();
	}
	pthread_mutex_unlock(&g.mu);
	return NULL;
}

/* Pick the files to parse and their languages (by name; the queries are compiled as needed). */
static void select_files(const git_oid *commit)
{
	size_t n = 0;

	if (g.nfiles > 0)
		qsort(g.files, g.nfiles, sizeof *g.files, cmp_files);
	for (size_t i = 0; i < g.nfiles; i++) {
		struct file *f = &g.files[i];
		int keep = wanted(f->path);
		/* In tree mode each worker looks the attribute up, in parallel. */
		if (keep && g.in_repo && g.worktree)
			check_worktree_dirs(f->path);
		if (keep && g.in_repo && g.worktree && attr_unset(g.repo, f->path, commit)) {
			note(f->path, "attribute kota is unset");
			keep = 0;
		}
		if (!keep || !kota_file_may_parse(&g.set, f->path)) {
			free(f->path);
			continue;
		}
		g.files[n++] = *f;
	}
	g.nfiles = n;
	for (size_t p = 0; p < npathspecs; p++) {
		size_t len = strlen(pathspecs[p]), i;
		for (i = 0; i < g.nfiles; i++)
			if (len == 0 || (strncmp(g.files[i].path, pathspecs[p], len) == 0 &&
			    (g.files[i].path[len] == '\0' || g.files[i].path[len] == '/')))
				break;
		if (i == g.nfiles && !g.quiet && pathspecs[p][0] != '\001')
			warn_path(pathspecs[p], "no file to parse there");
	}
}

static void run(int threads)
{
	struct worker *w = calloc((size_t)threads, sizeof *w);

	if (w == NULL)
		err(2, NULL);
	g.window = (size_t)threads * 64;
	for (size_t l = 0; l < sizeof g.query_mu / sizeof g.query_mu[0]; l++)
		pthread_mutex_init(&g.query_mu[l], NULL);
	for (int t = 0; t < threads; t++) {
		if (kota_extractor_new(&w[t].x) < 0)
			errx(2, "%s", kota_error_last());
		kota_extractor_set_budget(w[t].x, g.set.work_budget, g.set.memory_budget);
		/* libgit2 handles are not shared between threads: each opens its own, as main did. */
		if (!g.worktree && open_repo(&w[t].repo) < 0)
			git_fail(g.repo_path);
		/* Attributes from the commit alone, as for the main handle. */
		git_index *empty;
		if (!g.worktree && g.commit != NULL && git_index_new(&empty) == 0) {
			git_repository_set_index(w[t].repo, empty);
			git_index_free(empty);
		}
		/* The main thread is worker 0. */
		if (t > 0 && pthread_create(&w[t].thread, NULL, work, &w[t]) != 0)
			errx(2, "cannot start a thread");
	}
	work(&w[0]);
	for (int t = 0; t < threads; t++) {
		if (t > 0)
			pthread_join(w[t].thread, NULL);
		kota_extractor_free(w[t].x);
		git_repository_free(w[t].repo);
	}
	/* Every file is printed by now: the keep records after the last. */
	print_keeps(NULL);
	free(w);
}

static int64_t parse_size(const char *s)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || v < 0)
		return -1;
	switch (*end) {
	case 'k': case 'K': v *= 1024; end++; break;
	case 'm': case 'M': v *= 1024 * 1024; end++; break;
	case 'g': case 'G': v *= 1024.0 * 1024 * 1024; end++; break;
	}
	return *end == '\0' ? (int64_t)v : -1;
}

/* A budget per byte from the environment variable NAME, if it is set. */
static void budget_from_env(const char *name, uint64_t *v)
{
	const char *s = getenv(name);
	char *end;

	if (s == NULL || *s == '\0')
		return;
	errno = 0;
	*v = strtoull(s, &end, 10);
	if (*end != '\0' || errno != 0 || *s == '-')
		errx(2, "bad %s '%s' (want a number)", name, s);
}

static void read_config(void)
{
	git_config *cfg;
	int64_t size;
	int b;

	if (git_repository_config_snapshot(&cfg, g.repo) < 0)
		return;
	if (git_config_get_int64(&size, cfg, "kota.maxSize") == 0)
		g.set.max_size = size;
	if (git_config_get_bool(&b, cfg, "kota.cppHeaders") == 0)
		g.set.cpp_headers = b;
	git_config_free(cfg);
}

int main(int argc, char **argv)
{
	enum { O_REV = 256, O_WORKTREE, O_LANG, O_MAXSIZE, O_LANGUAGES, O_FILES_FROM, O_REUSE };
	static const struct option longopts[] = {
		{ "rev", required_argument, NULL, O_REV },
		{ "worktree", no_argument, NULL, O_WORKTREE },
		{ "lang", required_argument, NULL, O_LANG },
		{ "max-size", required_argument, NULL, O_MAXSIZE },
		{ "languages", no_argument, NULL, O_LANGUAGES },
		{ "files-from", required_argument, NULL, O_FILES_FROM },
		{ "reuse", required_argument, NULL, O_REUSE },
		{ "jobs", required_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "null", no_argument, NULL, 'z' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *rev = NULL, *files_from = NULL, *max_size = NULL, *reuse = NULL;
	int c, threads = (int)sysconf(_SC_NPROCESSORS_ONLN), zero = 0;
	git_oid commit_id, *commit = NULL;
	char *prefix = NULL;

	kota_settings_init(&g.set);
	while ((c = getopt_long(argc, argv, "j:qzhV", longopts, NULL)) != -1) {
		switch (c) {
		case O_REV: rev = optarg; break;
		case O_WORKTREE: g.worktree = 1; break;
		case O_LANG:
			if ((g.set.lang = kota_lang_by_name(optarg)) == NULL)
				errx(2, "unknown language '%s' (see --languages)", optarg);
			break;
		case O_MAXSIZE: max_size = optarg; break;
		case O_LANGUAGES:
			for (size_t l = 0; l < kota_nlangs; l++)
				printf("%s\t%s\n", kota_langs[l].name, kota_langs[l].extensions);
			return 0;
		case O_FILES_FROM: files_from = optarg; break;
		case O_REUSE: reuse = optarg; break;
		case 'j': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end != '\0' || end == optarg || v < 1 || v > 256)
				errx(2, "bad -j '%s' (want 1 to 256)", optarg);
			threads = (int)v;
			break;
		}
		case 'q': g.quiet = 1; break;
		case 'z': zero = 1; break;
		case 'h': usage(stdout, 0); break;
		case 'V': printf("kota-parse (kota) %s\n", PACKAGE_VERSION); return 0;
		default: usage(stderr, 2);
		}
	}
	if (rev != NULL && g.worktree) {
		warnx("--rev and --worktree do not go together");
		usage(stderr, 2);
	}
	if (threads < 1)
		threads = 1;
	budget_from_env("KOTA_PARSE_WORK_BUDGET", &g.set.work_budget);
	budget_from_env("KOTA_PARSE_MEMORY_BUDGET", &g.set.memory_budget);
	git_libgit2_init();
	/* Hashing every object read again to verify it cost over 1% of a run. */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	/* Blobs are read once each, in path order: a few small pack windows
	 * serve as well as libgit2's default (1 GiB windows, 8 GiB of them
	 * mapped), whose pages would count as our memory (a third of it on
	 * Linux's tree). */
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)32 << 20);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)64 << 20);
	if (open_repo(&g.repo) == 0) {
		g.in_repo = 1;
		g.repo_path = git_repository_path(g.repo);
		read_config();
		const char *wd = git_repository_workdir(g.repo);
		if (g.worktree && wd == NULL)
			errx(2, "--worktree: the repository has no work tree");
		g.root = wd;
		/* Paths on the command line are relative to the current directory, as in git. */
		char *cwd = getcwd(NULL, 0);
		size_t wl = wd != NULL ? strlen(wd) : 0;	/* with its trailing slash */
		if (cwd != NULL && wl > 0 && strncmp(cwd, wd, wl) == 0 && cwd[wl] != '\0') {
			if (asprintf(&prefix, "%s/", cwd + wl) < 0)
				err(2, NULL);
		}
		free(cwd);
	} else if (!g.worktree) {
		errx(2, "not in a git repository (use --worktree to parse the files of this directory)");
	}
	if (max_size != NULL && (g.set.max_size = parse_size(max_size)) < 0)
		errx(2, "bad --max-size '%s'", max_size);
	for (int i = optind; i < argc; i++)
		add_pathspec(prefix != NULL ? prefix : "", argv[i]);
	if (files_from != NULL)
		read_files_from(prefix != NULL ? prefix : "", files_from, zero);
	free(prefix);
	char *set = settings(npathspecs > 0);
	if (reuse != NULL) {
		kota_str old;
		char *whole = settings(0), *part = settings(1);
		if (kota_view_open(&g.reuse, reuse) < 0)
			errx(2, "%s", kota_error_last());
		/* An index made otherwise may hold other symbols for the same blob. */
		if (!reuse_meta("parse-settings", &old) || !(same(old, whole) || same(old, part))) {
			kota_view_free(g.reuse);
			g.reuse = NULL;
		}
		free(whole);
		free(part);
	}

	if (!g.worktree) {
		if (list_tree(rev, &commit_id)) {
			commit = &commit_id;
			/* Attributes come from the commit and the index: an empty
			 * index leaves the commit's alone, as for any old revision. */
			git_index *empty;
			if (git_index_new(&empty) == 0) {
				git_repository_set_index(g.repo, empty);
				git_index_free(empty);
			}
		}
	} else if (g.in_repo) {
		list_worktree_repo();
	} else {
		list_directory();
	}
	g.commit = commit;
	if (g.worktree && (g.root_fd = open(g.root != NULL ? g.root : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		err(2, "%s", g.root != NULL ? g.root : ".");
	select_files(commit);
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	kota_put_header(stdout);
	if (commit != NULL) {
		char hex[GIT_OID_HEXSZ + 1];
		kota_record m = { .type = KOTA_REC_META, .key = { "commit", 6 } };
		git_oid_tostr(hex, sizeof hex, commit);
		m.value = (kota_str){ hex, strlen(hex) };
		kota_put_record(stdout, &m);
	}
	kota_record m = { .type = KOTA_REC_META, .key = { "parse-settings", 14 },
		.value = { set, strlen(set) } };
	kota_put_record(stdout, &m);
	free(set);
	run(threads);
	if (fflush(stdout) != 0)
		err(2, "stdout");
	for (size_t l = 0; l < kota_nlangs; l++)
		kota_query_free(g.queries[l]);
	free(g.keeps);
	kota_view_free(g.reuse);
	git_repository_free(g.repo);
	git_libgit2_shutdown();
	return 0;
}
