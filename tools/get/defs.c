/* kota-get: lookups of definitions: by name (plain, prefix, folded or
 * qualified), by id, their children, at a line, by file. */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "kota-get.h"

int file_ok(const struct query *q, const kota_index *ix, uint32_t file)
{
	kota_file f;
	size_t i;

	/* One --path naming a file: found once, compared by position. */
	if (q->file != KOTA_NONE && (file != q->file || ix != q->file_ix))
		return 0;
	if (q->nlangs == 0 && (q->npaths == 0 || q->file != KOTA_NONE))
		return 1;
	if (kota_index_file(ix, file, &f) < 0)
		fail();
	for (i = 0; i < q->nlangs; i++)
		if (f.lang.len == strlen(q->langs[i]) && memcmp(f.lang.ptr, q->langs[i], f.lang.len) == 0)
			break;
	if (q->nlangs > 0 && i == q->nlangs)
		return 0;
	if (q->npaths == 0 || q->file != KOTA_NONE)
		return 1;
	for (i = 0; i < q->npaths; i++) {
		size_t n = strlen(q->paths[i]);
		/* A file, or everything under a directory ("" is the top). */
		if (n == 0 || ((q->paths[i][n - 1] == '/' ? f.path.len > n : f.path.len == n) &&
		    memcmp(f.path.ptr, q->paths[i], n) == 0))
			return 1;
	}
	return 0;
}

/* Print the symbol at POS of IX if it passes the filters. */
int consider(void *ctx, const kota_index *ix, uint32_t pos)
{
	struct query *q = ctx;
	unsigned char *printed = q->printed[ix != kota_view_base(q->v)];
	kota_symbol s;

	if (printed != NULL && (printed[pos / 8] >> (pos % 8) & 1))
		return 0;
	if (kota_index_symbol(ix, pos, &s) < 0)
		fail();
	if (!kind_ok(q, s.kind) || (q->qual.len > 0 && !kota_scope_matches(s.scope, q->qual)) ||
	    !file_ok(q, ix, s.file))
		return 0;
	kota_printer_set_index(q->out, ix);
	if (kota_print_symbol(q->out, pos) < 0)
		fail();
	if (printed != NULL)
		printed[pos / 8] |= (unsigned char)(1 << (pos % 8));
	q->found++;
	return 0;
}

/*
 * NAME as a name; if nothing has it and it is qualified (Builder.String,
 * ns::Foo::bar), its last part among the symbols whose scope ends with the
 * rest: the name order narrows it to one name's symbols in O(log n), whose
 * scopes are then compared.
 */
void by_name(struct query *q, const char *name, int flags)
{
	int order = flags & KOTA_MATCH_FOLD ? KOTA_BY_FOLDED_NAME : KOTA_BY_NAME;
	int before = q->found;
	kota_str qual, base;

	if (kota_view_each_name(q->v, order, name, strlen(name), flags, consider, q) != 0)
		fail();
	if (q->found != before || (flags & KOTA_MATCH_PREFIX) ||
	    !kota_split_qualified(name, strlen(name), &qual, &base))
		return;
	q->qual = qual;
	if (kota_view_each_name(q->v, order, base.ptr, base.len, flags, consider, q) != 0)
		fail();
	q->qual = (kota_str){ NULL, 0 };
}

/* The children of one symbol: its file's symbols whose parent it is, and
 * in the files of its directory those whose scope is its qualified name
 * (a Go type's methods in the other files of its package, a C++ class's
 * members defined out of line beside it). */
struct family {
	struct query *q;
	const kota_index *ix;		/* the parent's */
	uint32_t pos, file;
	char *full;			/* its qualified name */
	size_t full_len;
	kota_str dir;			/* its file's directory, with the slash */
};

static int is_child(const struct family *fam, const kota_index *ix, const kota_symbol *c)
{
	if (ix == fam->ix && c->parent == fam->pos)
		return 1;
	return fam->full != NULL && c->scope.len == fam->full_len &&
	    memcmp(c->scope.ptr, fam->full, fam->full_len) == 0;
}

static int family_file(void *ctx, const kota_index *ix, uint32_t pos)
{
	struct family *fam = ctx;
	kota_file f;
	kota_symbol c;

	if (kota_index_file(ix, pos, &f) < 0)
		fail();
	if (!(ix == fam->ix && pos == fam->file) &&
	    (fam->full == NULL || f.path.len <= fam->dir.len ||
	    memcmp(f.path.ptr, fam->dir.ptr, fam->dir.len) != 0 ||
	    memchr(f.path.ptr + fam->dir.len, '/', f.path.len - fam->dir.len) != NULL))
		return 0;
	for (uint32_t p = f.first; p < f.first + f.count; p++) {
		if (kota_index_symbol(ix, p, &c) < 0)
			fail();
		if (!(ix == fam->ix && p == fam->pos) && is_child(fam, ix, &c))
			consider(fam->q, ix, p);
	}
	return 0;
}

static int children_of(void *ctx, const kota_index *ix, uint32_t pos)
{
	struct family fam = { .q = ctx, .ix = ix, .pos = pos };
	kota_symbol s;
	kota_file f;
	const char *slash;

	if (kota_index_symbol(ix, pos, &s) < 0 || kota_index_file(ix, s.file, &f) < 0)
		fail();
	fam.file = s.file;
	/* An impl's items are in its block: only its own file has them. */
	if (s.kind != KOTA_KIND_IMPL) {
		const char *sep = kota_scope_separator(f.lang);
		fam.full_len = s.scope.len + (s.scope.len ? strlen(sep) : 0) + s.name.len;
		if ((fam.full = malloc(fam.full_len + 1)) == NULL)
			err(2, NULL);
		snprintf(fam.full, fam.full_len + 1, "%.*s%s%.*s", (int)s.scope.len, s.scope.ptr,
		    s.scope.len ? sep : "", (int)s.name.len, s.name.ptr);
		slash = memrchr(f.path.ptr, '/', f.path.len);
		fam.dir = (kota_str){ f.path.ptr, slash ? (size_t)(slash - f.path.ptr) + 1 : 0 };
	}
	if (fam.full == NULL)
		family_file(&fam, ix, s.file);
	else if (kota_view_each_file(fam.q->v, family_file, &fam) != 0)
		fail();
	free(fam.full);
	return 0;
}

/* Each symbol with id ID, or (CHILDREN) each symbol whose parent has it. */
void by_id(struct query *q, uint64_t id, int children)
{
	if (kota_view_each_id(q->v, id, children ? children_of : consider, q) != 0)
		fail();
}

/* The index and position of file PATH: 0 found, or KOTA_NOTFOUND. */
int find_file(const kota_view *v, const char *path, const kota_index **ix, uint32_t *pos)
{
	int rc = kota_view_find_file(v, path, strlen(path), ix, pos);

	if (rc < 0)
		fail();
	return rc;
}

/* --at ARG, its path as the user typed it (kota_path_from_user). */
void at_user_path(struct query *q, const char *top, const char *prefix, const char *arg)
{
	const char *colon = strrchr(arg, ':');
	char *path, *full;

	if (colon == NULL || colon == arg)
		errx(2, "bad --at '%s' (want PATH:LINE)", arg);
	if ((path = strndup(arg, (size_t)(colon - arg))) == NULL)
		err(2, NULL);
	if ((full = kota_path_from_user(top, prefix, path)) == NULL)
		fail();
	free(path);
	if (asprintf(&path, "%s%s", full, colon) < 0)
		err(2, NULL);
	at_line(q, path);
	free(full);
	free(path);
}

void at_line(struct query *q, const char *arg)
{
	const char *colon = strrchr(arg, ':');
	const kota_index *ix;
	char *end, *path;
	unsigned long line;
	uint32_t file, pos;
	int rc;

	if (colon == NULL || colon == arg)
		errx(2, "bad --at '%s' (want PATH:LINE)", arg);
	line = strtoul(colon + 1, &end, 10);
	if (*end != '\0' || colon[1] < '0' || colon[1] > '9' || line == 0 || line > UINT32_MAX)
		errx(2, "bad line number in --at '%s'", arg);
	if ((path = strndup(arg, (size_t)(colon - arg))) == NULL)
		err(2, NULL);
	rc = find_file(q->v, path, &ix, &file);
	free(path);
	if (rc == KOTA_NOTFOUND)
		return;
	if ((rc = kota_index_enclosing(ix, file, (uint32_t)line, &pos)) < 0)
		fail();
	if (rc == 0)
		consider(q, ix, pos);
}

/* Every symbol of a file, in order. */
static int scan_file(void *ctx, const kota_index *ix, uint32_t pos)
{
	kota_file f;

	if (kota_index_file(ix, pos, &f) < 0)
		fail();
	for (uint32_t p = f.first; p < f.first + f.count; p++)
		consider(ctx, ix, p);
	return 0;
}

void scan(struct query *q)
{
	if (q->file != KOTA_NONE)
		scan_file(q, q->file_ix, q->file);
	else if (kota_view_each_file(q->v, scan_file, q) != 0)
		fail();
}
