/*
 * The files to parse: the paths asked for (PATH arguments, --files-from),
 * the listing of a revision's tree or of the index and the work tree, and
 * the selection of those that kota-parse can parse, in path order.
 */
#include <err.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "kota-parse.h"

/* The paths asked for, relative to the top of the repository; none: all. */
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

/* Ask for P, relative to PREFIX (the current directory in the work tree). */
void add_pathspec(const char *prefix, const char *p)
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

/* Ask for the paths of the file NAME ("-": stdin), one a line or, with ZERO, NUL-terminated. */
void read_files_from(const char *prefix, const char *name, int zero)
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

int some_paths(void)
{
	return npathspecs > 0;
}

/* Whether PATH is SPEC or in the directory SPEC ("": the top). */
static int under(const char *path, const char *spec)
{
	size_t n = strlen(spec);

	return n == 0 || (strncmp(path, spec, n) == 0 && (path[n] == '\0' || path[n] == '/'));
}

static int wanted(const char *path)
{
	if (npathspecs == 0)
		return 1;
	for (size_t i = 0; i < npathspecs; i++)
		if (under(path, pathspecs[i]))
			return 1;
	return 0;
}

void add_file(struct filelist *files, const char *path, const git_oid *oid)
{
	struct file *f;

	if (files->n == files->cap) {
		files->cap = files->cap ? files->cap * 2 : 1024;
		if ((files->v = realloc(files->v, files->cap * sizeof *files->v)) == NULL)
			err(2, NULL);
	}
	f = &files->v[files->n++];
	memset(f, 0, sizeof *f);
	if ((f->path = strdup(path)) == NULL)
		err(2, NULL);
	if (oid != NULL)
		git_oid_cpy(&f->oid, oid);
}

void free_files(struct filelist *files)
{
	for (size_t i = 0; i < files->n; i++)
		free(files->v[i].path);
	free(files->v);
}

/* What tree_entry works on. */
struct tree_walk {
	struct source *src;
	struct filelist *files;
};

static int tree_entry(const char *root, const git_tree_entry *e, void *payload)
{
	struct tree_walk *tw = payload;
	char path[4096];
	git_filemode_t mode = git_tree_entry_filemode(e);

	if (git_tree_entry_type(e) == GIT_OBJECT_TREE)
		return 0;
	snprintf(path, sizeof path, "%s%s", root, git_tree_entry_name(e));
	/* Any .gitattributes may say something of the files wanted. */
	if (strcmp(git_tree_entry_name(e), ".gitattributes") == 0 && git_tree_entry_type(e) == GIT_OBJECT_BLOB &&
	    !tw->src->attrs_used && blob_mentions_kota(tw->src->repo, git_tree_entry_id(e)))
		tw->src->attrs_used = 1;
	if (!wanted(path))
		return 0;
	if (mode == GIT_FILEMODE_COMMIT)
		skipped(path, "submodule");
	else if (mode == GIT_FILEMODE_LINK)
		skipped(path, "symbolic link");
	else if (git_tree_entry_type(e) == GIT_OBJECT_BLOB)
		add_file(tw->files, path, git_tree_entry_id(e));
	return 0;
}

/* The commit of OBJ, if it has one, into SRC. */
static void find_commit(struct source *src, git_object *obj)
{
	git_object *c;

	if (git_object_type(obj) != GIT_OBJECT_COMMIT && git_object_type(obj) != GIT_OBJECT_TAG)
		return;
	if (git_object_peel(&c, obj, GIT_OBJECT_COMMIT) == 0) {
		git_oid_cpy(&src->commit_id, git_object_id(c));
		git_object_free(c);
		src->commit = &src->commit_id;
	}
}

/* Tree mode: list the tree of REV (NULL: HEAD) and find its commit. */
static void list_tree(struct source *src, struct filelist *files, const char *rev)
{
	struct tree_walk tw = { src, files };
	git_object *obj, *tree;

	if (git_repository_is_empty(src->repo) == 1 && rev == NULL)
		errx(2, "the repository has no commits yet (use --worktree to parse the files on disk)");
	if (git_revparse_single(&obj, src->repo, rev != NULL ? rev : "HEAD") < 0)
		git_fail(rev != NULL ? rev : "HEAD");
	find_commit(src, obj);
	if (git_object_peel(&tree, obj, GIT_OBJECT_TREE) < 0)
		git_fail(rev != NULL ? rev : "HEAD");
	if (!some_paths() && reuse_tree(src->repo, files, (git_tree *)tree))
		src->attrs_used = 1;	/* its .gitattributes were not seen: look every file's attribute up */
	else if (git_tree_walk((git_tree *)tree, GIT_TREEWALK_PRE, tree_entry, &tw) < 0)
		git_fail("reading the tree");
	/* Without a commit, attributes come from the work tree and the index.
	 * The files outside the tree are read in any case: the run stops on
	 * one that libgit2 could not read (see open_git_file). */
	int others = other_attrs_mention_kota(src->repo);
	if (src->commit == NULL || !src->attrs_used)
		src->attrs_used = src->commit == NULL || others;
	git_object_free(tree);
	git_object_free(obj);
}

/* --worktree in a repository: the files of the index, and the untracked ones. */
static void list_worktree(struct source *src, struct filelist *files)
{
	git_index *index;

	/* Stop before libgit2 reads a file that it could not: the attributes
	 * and exclude files, the directories' .gitignore (as far as the index
	 * tells which directories there are). */
	(void)other_attrs_mention_kota(src->repo);
	check_exclude_files(src->repo);
	if (git_repository_index(&index, src->repo) < 0)
		git_fail("reading the index");
	for (size_t i = 0; i < git_index_entrycount(index); i++) {
		const git_index_entry *e = git_index_get_byindex(index, i);
		check_worktree_dirs(src->root, e->path);
		if (git_index_entry_stage(e) > 0 && (i > 0 && strcmp(git_index_get_byindex(index, i - 1)->path, e->path) == 0))
			continue;	/* a conflict's other stages */
		if (!wanted(e->path))
			continue;
		if (e->mode == GIT_FILEMODE_COMMIT)
			skipped(e->path, "submodule");
		else if (e->mode == GIT_FILEMODE_LINK)
			skipped(e->path, "symbolic link");
		else
			add_file(files, e->path, NULL);
	}
	git_index_free(index);
}

static void list_untracked(struct source *src, struct filelist *files)
{
	git_status_options opts;
	git_status_list *st;

	git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
	opts.show = GIT_STATUS_SHOW_WORKDIR_ONLY;
	opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS;
	if (git_status_list_new(&st, src->repo, &opts) < 0)
		git_fail("reading the status");
	for (size_t i = 0; i < git_status_list_entrycount(st); i++) {
		const git_status_entry *e = git_status_byindex(st, i);
		if ((e->status & GIT_STATUS_WT_NEW) && e->index_to_workdir != NULL)
			add_file(files, e->index_to_workdir->new_file.path, NULL);
	}
	git_status_list_free(st);
}

/*
 * List the files of REV's tree, or with --worktree those of the work tree
 * or (outside a repository) of the current directory, into FILES, and make
 * SRC ready for reading them.
 */
void list_files(struct source *src, struct filelist *files, const char *rev)
{
	const char *top = src->root != NULL ? src->root : ".";

	if (!src->worktree) {
		list_tree(src, files, rev);
		/* Attributes come from the commit and the index: an empty
		 * index leaves the commit's alone, as for any old revision. */
		if (src->commit != NULL)
			attrs_from_commit(src->repo);
		return;
	}
	if (src->repo != NULL) {
		list_worktree(src, files);
		list_untracked(src, files);
	} else {
		list_directory(files);
	}
	if ((src->root_fd = open(top, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		err(2, "%s", top);
}

static int cmp_files(const void *a, const void *b)
{
	return strcmp(((const struct file *)a)->path, ((const struct file *)b)->path);
}

/* Whether F is to be parsed: asked for, not unset by the attribute kota
 * (looked up here with --worktree, by the workers in tree mode, in
 * parallel), and not of a language kota-parse cannot parse by its name. */
static int selected(const struct source *src, const struct kota_settings *set, const struct file *f)
{
	if (!wanted(f->path))
		return 0;
	if (src->repo != NULL && src->worktree) {
		check_worktree_dirs(src->root, f->path);
		if (attr_unset(src->repo, f->path, NULL)) {
			skipped(f->path, "attribute kota is unset");
			return 0;
		}
	}
	return kota_file_may_parse(set, f->path);
}

/* Say which paths asked for have no file to parse; with ANY, fail for
 * a path that names no file at all (a typo: "scr/" for "src/"). */
static void check_pathspecs(const struct filelist *files, int any)
{
	for (size_t p = 0; p < npathspecs; p++) {
		size_t i;
		for (i = 0; i < files->n; i++)
			if (under(files->v[i].path, pathspecs[p]))
				break;
		if (i < files->n || pathspecs[p][0] == '\001')
			continue;
		if (any) {
			/* Escaped as every note is: a newline in it forges no line. */
			warn_path(pathspecs[p][0] != '\0' ? pathspecs[p] : ".",
			    "no such file or directory in the tree (the path matches nothing)");
			exit(2);
		}
		note_path(pathspecs[p], "no file to parse there");
	}
}

/* Keep, in path order, the files listed that are to be parsed. */
void select_files(const struct source *src, const struct kota_settings *set, struct filelist *files)
{
	size_t n = 0;

	if (files->n > 0)
		qsort(files->v, files->n, sizeof *files->v, cmp_files);
	check_pathspecs(files, 1);
	for (size_t i = 0; i < files->n; i++) {
		if (selected(src, set, &files->v[i]))
			files->v[n++] = files->v[i];
		else
			free(files->v[i].path);
	}
	files->n = n;
	check_pathspecs(files, 0);
}
