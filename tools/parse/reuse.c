/*
 * --reuse INDEX: what kota-parse keeps of an index made the same way, a
 * keep record for each file whose path and blob it has, in place of the
 * file's symbols.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kota-parse.h"

static kota_view *reused;		/* the index; NULL: nothing is reused */
static char *whole;			/* the parse-settings of a run on the whole tree */

/* The unchanged files kept by reuse_tree, in path order, and the next to print. */
static struct keep { kota_str path, blob; } *keeps;
static size_t nkeeps, next_keep;

/* The files that changed since the index's commit, sorted. */
struct changed {
	kota_str *v;
	size_t n;
};

/* What, beside a file's path and blob, decides what kota-parse makes of it
 * (SET, and this build's queries, grammars and parsing code), and whether it
 * was given the whole tree (SOME: paths chosen): an index is reused only if
 * it was made with the same, as its meta "parse-settings" says. */
char *parse_settings(const struct kota_settings *set, int some)
{
	char *s = kota_settings_string(set), *out;

	if (s == NULL || asprintf(&out, "%s%s", s, some ? " paths=some" : "") < 0)
		err(2, NULL);
	free(s);
	return out;
}

static int same(kota_str a, const char *b)
{
	return a.len == strlen(b) && memcmp(a.ptr, b, a.len) == 0;
}

/* The value of the index's meta KEY, or 0 if it has none. */
static int index_meta(const char *key, kota_str *value)
{
	const kota_index *m = kota_view_meta(reused);
	kota_str k;

	for (uint32_t i = 0; i < kota_index_nmeta(m); i++)
		if (kota_index_meta(m, i, &k, value) == 0 && same(k, key))
			return 1;
	return 0;
}

/* Reuse the index PATH, unless it was made otherwise than with SET: then it
 * may hold other symbols for the same blob. */
void reuse_open(const char *path, const struct kota_settings *set)
{
	kota_str old;
	char *part = parse_settings(set, 1);

	whole = parse_settings(set, 0);
	if (kota_view_open(&reused, path) < 0)
		errx(2, "%s", kota_error_last());
	if (!index_meta("parse-settings", &old) || !(same(old, whole) || same(old, part))) {
		kota_view_free(reused);
		reused = NULL;
	}
	free(part);
}

void reuse_close(void)
{
	kota_view_free(reused);
	free(keeps);
	free(whole);
}

/* Whether the index has PATH with blob HEX (and so its symbols). */
int reusable(const char *path, const char *hex)
{
	const kota_index *ix;
	uint32_t pos;
	kota_file f;

	return reused != NULL && hex[0] != '-' &&
	    kota_view_find_file(reused, path, strlen(path), &ix, &pos) == 0 &&
	    kota_index_file(ix, pos, &f) == 0 && f.blob.len == strlen(hex) &&
	    memcmp(f.blob.ptr, hex, f.blob.len) == 0;
}

static void put_keep_str(FILE *fp, kota_str path, kota_str blob)
{
	kota_record k = { .type = KOTA_REC_KEEP, .path = path, .blob = blob };

	kota_put_record(fp, &k);
}

/* A keep record: PATH's symbols are those of the index, for blob HEX. */
void put_keep(FILE *fp, const char *path, const char *hex)
{
	put_keep_str(fp, (kota_str){ path, strlen(path) }, (kota_str){ hex, strlen(hex) });
}

/* Print the keep records of the unchanged files that come before PATH (NULL: all left). */
void print_keeps(const char *path)
{
	for (; next_keep < nkeeps; next_keep++) {
		const struct keep *k = &keeps[next_keep];
		if (path != NULL && kota_bytes_cmp(k->path.ptr, k->path.len, path, strlen(path)) > 0)
			break;
		put_keep_str(stdout, k->path, k->blob);
	}
}

static int cmp_strs(const void *a, const void *b)
{
	const kota_str *x = a, *y = b;

	return kota_bytes_cmp(x->ptr, x->len, y->ptr, y->len);
}

static void add_changed(struct changed *c, const char *path)
{
	if (c->n % 1024 == 0 && (c->v = realloc(c->v, (c->n + 1024) * sizeof *c->v)) == NULL)
		err(2, NULL);
	c->v[c->n++] = (kota_str){ path, strlen(path) };
}

static int keep_unchanged(void *ctx, const kota_index *ix, uint32_t pos)
{
	const struct changed *c = ctx;
	kota_file f;

	if (kota_index_file(ix, pos, &f) < 0)
		errx(2, "%s", kota_error_last());
	if (c->n > 0 && bsearch(&f.path, c->v, c->n, sizeof *c->v, cmp_strs) != NULL)
		return 0;
	if (nkeeps % 1024 == 0 && (keeps = realloc(keeps, (nkeeps + 1024) * sizeof *keeps)) == NULL)
		err(2, NULL);
	keeps[nkeeps++] = (struct keep){ f.path, f.blob };
	return 0;
}

/* Whether the diff D changes a .gitattributes, and so maybe the attributes
 * of files that did not change. */
static int changes_attributes(git_diff *d)
{
	for (size_t i = 0; i < git_diff_num_deltas(d); i++) {
		const char *path = git_diff_get_delta(d, i)->new_file.path, *base = strrchr(path, '/');
		if (strcmp(base != NULL ? base + 1 : path, ".gitattributes") == 0)
			return 1;
	}
	return 0;
}

/* List into FILES the files that D adds or changes, and into C all it touches. */
static void list_delta(git_diff *d, struct filelist *files, struct changed *c)
{
	for (size_t i = 0; i < git_diff_num_deltas(d); i++) {
		const git_diff_delta *dd = git_diff_get_delta(d, i);
		add_changed(c, dd->old_file.path);
		add_changed(c, dd->new_file.path);
		if (dd->status == GIT_DELTA_DELETED)
			continue;
		if (dd->new_file.mode == GIT_FILEMODE_COMMIT)
			skipped(dd->new_file.path, "submodule");
		else if (dd->new_file.mode == GIT_FILEMODE_LINK)
			skipped(dd->new_file.path, "symbolic link");
		else if (dd->new_file.mode == GIT_FILEMODE_BLOB || dd->new_file.mode == GIT_FILEMODE_BLOB_EXECUTABLE)
			add_file(files, dd->new_file.path, &dd->new_file.id);
	}
	if (c->n > 0)
		qsort(c->v, c->n, sizeof *c->v, cmp_strs);
}

/* The diff from the index's commit, if it was made from a commit of REPO's
 * with these settings and from its whole tree, to TREE into *D: 0, or -1. */
static int diff_from_index(git_diff **d, git_repository *repo, git_tree *tree)
{
	kota_str commit, set;
	git_oid old;
	git_commit *c = NULL;
	git_tree *t0 = NULL;
	int rc = -1;

	*d = NULL;
	if (index_meta("commit", &commit) && index_meta("parse-settings", &set) && same(set, whole) &&
	    git_oid_fromstrn(&old, commit.ptr, commit.len) == 0 && commit.len == GIT_OID_HEXSZ &&
	    git_commit_lookup(&c, repo, &old) == 0 && git_commit_tree(&t0, c) == 0 &&
	    git_diff_tree_to_tree(d, repo, t0, tree, NULL) == 0)
		rc = 0;
	git_tree_free(t0);
	git_commit_free(c);
	return rc;
}

/*
 * The quick way to reuse an index made from a commit of REPO, with these
 * settings, from its whole tree: list into FILES only the files that
 * differ between that commit's tree and TREE, and keep all the others.  0
 * if it cannot be taken (the files are then listed and compared one by one).
 */
int reuse_tree(git_repository *repo, struct filelist *files, git_tree *tree)
{
	struct changed c = { NULL, 0 };
	git_diff *d;

	if (reused == NULL || diff_from_index(&d, repo, tree) < 0)
		return 0;
	/* Attributes may have changed for files that did not: go the long way. */
	if (changes_attributes(d)) {
		git_diff_free(d);
		return 0;
	}
	list_delta(d, files, &c);
	if (kota_view_each_file(reused, keep_unchanged, &c) != 0)
		errx(2, "%s", kota_error_last());
	free(c.v);
	git_diff_free(d);
	return 1;
}
