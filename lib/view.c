/*
 * An index and its delta read as one index (kota(5) "DELTA"): the files of
 * the base that the delta neither replaces nor deletes, and the delta's
 * files.  Walks merge the two in the order one index of the same files
 * would have, so that readers print the same thing either way.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kota.h"
#include "internal.h"

struct kota_view {
	kota_index *base, *delta;
	/* Per base file, found out when first asked: 0 not yet, else one of */
	enum { SHOWN = 1, HIDDEN } *state;
	uint32_t nsyms, nfiles;
	int counted;			/* nsyms and nfiles are the view's */
};

void kota_view_free(kota_view *v)
{
	if (v == NULL)
		return;
	kota_index_free(v->base);
	kota_index_free(v->delta);
	free(v->state);
	free(v);
}

/* The view's counts: the base's, less what the delta hides, plus the delta's. */
static void count(kota_view *v)
{
	const kota_index *d = v->delta;
	kota_str path;
	kota_file f;
	uint32_t pos;

	v->counted = 1;
	for (uint32_t i = 0; i < kota_index_nfiles(d) + kota_index_ndeleted(d); i++) {
		int rc = i < kota_index_nfiles(d) ? kota_index_path(d, i, &path) :
		    kota_index_deleted(d, i - kota_index_nfiles(d), &path);
		if (rc < 0 || kota_index_find_file(v->base, path.ptr, path.len, &pos) != 0 ||
		    kota_index_file(v->base, pos, &f) < 0)
			continue;	/* not in the base; a damaged delta says so in its check */
		v->nfiles--;
		v->nsyms -= f.count;
	}
	v->nfiles += kota_index_nfiles(d);
	v->nsyms += kota_index_nsymbols(d);
}

char *kota_delta_path(const char *path)
{
	return kota_path_suffix(path, ".delta");
}

int kota_view_open(kota_view **out, const char *path)
{
	kota_view *v = calloc(1, sizeof *v);
	char *dpath = kota_delta_path(path);

	if (v == NULL || dpath == NULL) {
		free(v);
		free(dpath);
		return kota_error_set("out of memory");
	}
	/* The delta first: see kota.h.  One removed by a fold between the
	 * look and the open is as good as none: the base is the new one. */
	if (strcmp(path, "-") != 0 && access(dpath, F_OK) == 0 &&
	    kota_index_open_file(&v->delta, dpath) < 0 && !(access(dpath, F_OK) < 0 && errno == ENOENT))
		goto fail;
	if (kota_index_open(&v->base, path) < 0)
		goto fail;
	if (v->delta != NULL && !kota_index_is_base_of(v->base, v->delta)) {
		/* Left over from a fold: the base has it already. */
		kota_index_free(v->delta);
		v->delta = NULL;
	}
	if (kota_index_is_delta(v->base)) {
		kota_error_set("%s: is a delta, not an index (open the index beside it)", path);
		goto fail;
	}
	v->nsyms = kota_index_nsymbols(v->base);
	v->nfiles = kota_index_nfiles(v->base);
	/* What the delta hides is found out file by file, as lookups need it:
	 * a lookup touches a few files, not all that the delta holds. */
	if (v->delta != NULL &&
	    (v->state = calloc(kota_index_nfiles(v->base) + 1, sizeof *v->state)) == NULL) {
		kota_error_set("out of memory");
		goto fail;
	}
	free(dpath);
	*out = v;
	return 0;
fail:
	free(dpath);
	kota_view_free(v);
	return -1;
}

const kota_index *kota_view_base(const kota_view *v) { return v->base; }
const kota_index *kota_view_delta(const kota_view *v) { return v->delta; }
const kota_index *kota_view_meta(const kota_view *v) { return v->delta ? v->delta : v->base; }
uint32_t kota_view_nsymbols(const kota_view *v)
{
	if (v->delta != NULL && !v->counted)
		count((kota_view *)v);
	return v->nsyms;
}

uint32_t kota_view_nfiles(const kota_view *v)
{
	if (v->delta != NULL && !v->counted)
		count((kota_view *)v);
	return v->nfiles;
}

int kota_view_hidden(const kota_view *v, uint32_t pos)
{
	kota_str path;
	uint32_t dpos;

	if (v->delta == NULL || pos >= kota_index_nfiles(v->base))
		return 0;
	if (v->state[pos] == 0) {
		/* Replaced by a file of the delta, or deleted by it. */
		int hidden = kota_index_path(v->base, pos, &path) == 0 &&
		    (kota_index_find_file(v->delta, path.ptr, path.len, &dpos) == 0 ||
		    kota_index_find_deleted(v->delta, path.ptr, path.len) == 1);
		v->state[pos] = hidden ? HIDDEN : SHOWN;
	}
	return v->state[pos] == HIDDEN;
}

int kota_view_find_file(const kota_view *v, const char *path, size_t len,
    const kota_index **ix, uint32_t *pos)
{
	int rc;

	if (v->delta != NULL) {
		if ((rc = kota_index_find_file(v->delta, path, len, pos)) <= 0) {
			*ix = v->delta;
			return rc;
		}
	}
	if ((rc = kota_index_find_file(v->base, path, len, pos)) != 0)
		return rc;
	/* Not the delta's file: the base's, unless deleted.  (Asking that
	 * here, and not through kota_view_hidden, keeps this thread-safe.) */
	if (v->delta != NULL && (rc = kota_index_find_deleted(v->delta, path, len)) != 0)
		return rc < 0 ? -1 : KOTA_NOTFOUND;
	*ix = v->base;
	return 0;
}

int kota_view_verify(const kota_view *v)
{
	if (kota_index_verify(v->base) < 0)
		return -1;
	return v->delta != NULL ? kota_index_verify(v->delta) : 0;
}

/* ---- merged walks ---- */

/* One side of a merge: positions LO..HI of ORDER in IX (or of its files). */
struct side {
	const kota_index *ix;
	int order;		/* -1: the file table */
	uint32_t at, end;
	int filter;		/* skip what the delta hides */
	/* the head's key */
	kota_str name, path;
	uint64_t id;
	uint32_t pos;
};

/* Load the head of S past hidden entries: 1 loaded, 0 at the end, -1 error. */
static int load(const kota_view *v, struct side *s)
{
	for (; s->at < s->end; s->at++) {
		uint32_t file;
		if (s->order < 0) {
			s->pos = file = s->at;
		} else {
			kota_symbol sym;
			if (kota_index_order_at(s->ix, s->order, s->at, &s->pos) < 0 ||
			    kota_index_symbol(s->ix, s->pos, &sym) < 0)
				return -1;
			s->name = sym.name;
			s->id = sym.id;
			file = sym.file;
		}
		if (s->filter && kota_view_hidden(v, file))
			continue;
		if (kota_index_path(s->ix, file, &s->path) < 0)
			return -1;
		return 1;
	}
	return 0;
}

static int key_cmp(int order, const struct side *a, const struct side *b)
{
	int c = 0;

	if (order == KOTA_BY_NAME)
		c = kota_bytes_cmp(a->name.ptr, a->name.len, b->name.ptr, b->name.len);
	else if (order == KOTA_BY_FOLDED_NAME)
		c = kota_fold_cmp(a->name.ptr, a->name.len, b->name.ptr, b->name.len);
	else if (order == KOTA_BY_ID)
		c = (a->id > b->id) - (a->id < b->id);
	return c != 0 ? c : kota_bytes_cmp(a->path.ptr, a->path.len, b->path.ptr, b->path.len);
}

/* Merge base side A and delta side B (either may be empty) into FN. */
static int merge(const kota_view *v, struct side *a, struct side *b, kota_view_fn fn, void *ctx)
{
	int ha = load(v, a), hb = load(v, b);

	while (ha > 0 || hb > 0) {
		struct side *s = hb <= 0 || (ha > 0 && key_cmp(a->order, a, b) < 0) ? a : b;
		int rc = fn(ctx, s->ix, s->pos);
		if (rc != 0)
			return rc;
		s->at++;
		if ((s == a ? (ha = load(v, a)) : (hb = load(v, b))) < 0)
			return -1;
	}
	return ha < 0 || hb < 0 ? -1 : 0;
}

int kota_view_each_file(const kota_view *v, kota_view_fn fn, void *ctx)
{
	struct side a = { .ix = v->base, .order = -1, .end = kota_index_nfiles(v->base),
		.filter = v->delta != NULL },
		b = { .ix = v->delta, .order = -1, .end = v->delta ? kota_index_nfiles(v->delta) : 0 };

	return merge(v, &a, &b, fn, ctx);
}

int kota_view_each_name(const kota_view *v, int order, const char *name, size_t len,
    int flags, kota_view_fn fn, void *ctx)
{
	struct side a = { .ix = v->base, .order = order, .end = kota_index_nsymbols(v->base),
		.filter = v->delta != NULL },
		b = { .ix = v->delta, .order = order };

	if (name != NULL && kota_index_find_name(v->base, name, len, flags, &a.at, &a.end) < 0)
		return -1;
	if (v->delta != NULL) {
		b.end = kota_index_nsymbols(v->delta);
		if (name != NULL && kota_index_find_name(v->delta, name, len, flags, &b.at, &b.end) < 0)
			return -1;
	}
	return merge(v, &a, &b, fn, ctx);
}

int kota_view_each_id(const kota_view *v, uint64_t id, kota_view_fn fn, void *ctx)
{
	struct side a = { .ix = v->base, .order = KOTA_BY_ID, .filter = v->delta != NULL },
		b = { .ix = v->delta, .order = KOTA_BY_ID };

	if (kota_index_find_id(v->base, id, &a.at, &a.end) < 0 ||
	    (v->delta != NULL && kota_index_find_id(v->delta, id, &b.at, &b.end) < 0))
		return -1;
	return merge(v, &a, &b, fn, ctx);
}

/* The references named NAME of one side, files hidden by the delta skipped. */
static int each_ref(const kota_view *v, const kota_index *ix, int filter, const char *name, size_t len,
    kota_view_fn fn, void *ctx)
{
	uint32_t lo, hi, pos;
	kota_ref r;

	if (ix == NULL)
		return 0;
	if (kota_index_find_refs(ix, name, len, &lo, &hi) < 0)
		return -1;
	for (uint32_t i = lo; i < hi; i++) {
		if (kota_index_ref_order_at(ix, i, &pos) < 0 || kota_index_ref(ix, pos, &r) < 0)
			return -1;
		if (filter && kota_view_hidden(v, r.file))
			continue;
		int rc = fn(ctx, ix, pos);
		if (rc != 0)
			return rc;
	}
	return 0;
}

int kota_view_each_ref(const kota_view *v, const char *name, size_t len, kota_view_fn fn, void *ctx)
{
	int rc = each_ref(v, v->base, v->delta != NULL, name, len, fn, ctx);

	return rc != 0 ? rc : each_ref(v, v->delta, 0, name, len, fn, ctx);
}
