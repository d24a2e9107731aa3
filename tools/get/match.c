/*
 * kota-get --match GLOB, --regex RE: the symbols whose names match, in
 * name order (lib/match.c tests a name).
 *
 * Each index of the view is walked in its name order, reading only names
 * (kota_index_symbol_name): a name's symbols follow one another, so each
 * distinct name is tested once.  The names that match are then looked up
 * through the view, as exact names, which prints their symbols with what
 * the delta hides left out.  A literal start of the pattern narrows each
 * walk to its range of the order by binary search.
 *
 * A pattern without a literal start but with a literal inside ("*alloc*",
 * "_lock$") is matched against the string table instead: memmem(3) finds
 * the strings that hold the literal, the pattern tests them, and a binary
 * search of the name order keeps those that are names.  On Linux's index
 * (4.1 M symbols) '*alloc*' took 0.68 s reading every symbol whole through
 * the view, 0.33 s reading names only, 0.06 s through the string table;
 * '_lock$' 0.53 s, then 0.09 s (bench/match.sh).  With -i, memmem cannot
 * be used: every string is tried with strcasestr first (lacks_literal).
 *
 * A glob with a separator is matched against scope and name, which differ
 * between symbols of one name: that walk reads every symbol.
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "kota-get.h"

struct names {
	kota_str *v;
	size_t n, cap;
};

/* The orders names are sorted in: bytewise, or folded with -i. */
static int name_cmp(const void *a, const void *b)
{
	const kota_str *x = a, *y = b;

	return kota_bytes_cmp(x->ptr, x->len, y->ptr, y->len);
}

static int name_fold_cmp(const void *a, const void *b)
{
	const kota_str *x = a, *y = b;

	return kota_fold_cmp(x->ptr, x->len, y->ptr, y->len);
}

/* Whether A and B are one name, or with FOLD one name but for ASCII case. */
static int same_name(kota_str a, kota_str b, int fold)
{
	if (a.len != b.len)
		return 0;
	if (!fold)
		return memcmp(a.ptr, b.ptr, a.len) == 0;
	for (size_t i = 0; i < a.len; i++) {
		unsigned char x = (unsigned char)a.ptr[i], y = (unsigned char)b.ptr[i];
		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y)
			return 0;
	}
	return 1;
}

struct strings {
	const kota_index *ix;
	const kota_matcher *m;
	struct names *out;
	const char *fold_lit;		/* with -i: a literal every match holds, any case */
};

/* With -i, memmem cannot find the literal: each string is tried with
 * strcasestr(3) first, far cheaper than the whole pattern.  The strings
 * of the table end with a NUL (kota(5)); one with a NUL inside matches
 * no pattern anyway. */
static int lacks_literal(const struct strings *w, kota_str str)
{
	return w->fold_lit != NULL && strcasestr(str.ptr, w->fold_lit) == NULL;
}

static void add_name(struct names *out, kota_str name)
{
	if (out->n == out->cap) {
		out->cap = out->cap ? 2 * out->cap : 64;
		if ((out->v = realloc(out->v, out->cap * sizeof *out->v)) == NULL)
			err(2, NULL);
	}
	out->v[out->n++] = name;
}

/* A string of the table that holds the pattern's literal: a name if the
 * name order has it, and then a match if the whole pattern says so. */
static int each_string(void *ctx, kota_str str)
{
	struct strings *w = ctx;
	uint32_t lo, hi;

	if (lacks_literal(w, str) || !kota_match(w->m, str))
		return 0;
	if (kota_index_find_name(w->ix, str.ptr, str.len, 0, &lo, &hi) < 0)
		fail();
	if (lo < hi)
		add_name(w->out, str);
	return 0;
}

/* Add to OUT the names of IX that M matches, each once; FOLD: M has -i. */
static void scan_names(const kota_index *ix, const kota_matcher *m, const char *prefix, int fold,
    struct names *out)
{
	int order = fold ? KOTA_BY_FOLDED_NAME : KOTA_BY_NAME;
	uint32_t lo = 0, hi = kota_index_nsymbols(ix), pos;
	const char *last = NULL;
	kota_str name;

	if (*prefix != '\0' && kota_index_find_name(ix, prefix, strlen(prefix),
	    KOTA_MATCH_PREFIX | (fold ? KOTA_MATCH_FOLD : 0), &lo, &hi) < 0)
		fail();
	for (uint32_t i = lo; i < hi; i++) {
		if (kota_index_order_at(ix, order, i, &pos) < 0 || kota_index_symbol_name(ix, pos, &name) < 0)
			fail();
		if (name.ptr == last)
			continue;	/* interned: one name, one pointer */
		last = name.ptr;
		if (out->n > 0 && same_name(out->v[out->n - 1], name, fold))
			continue;
		if (!kota_match(m, name))
			continue;
		add_name(out, name);
	}
}

/* The names of IX that M matches: from the string table, by its literal,
 * when the pattern has one and no literal start (see above). */
static void find_names(const kota_index *ix, const kota_matcher *m, int fold, struct names *out)
{
	const char *lit = kota_matcher_literal(m);
	struct strings w = { ix, m, out, fold ? lit : NULL };

	if (*kota_matcher_prefix(m) != '\0' || strlen(lit) < 2) {
		scan_names(ix, m, kota_matcher_prefix(m), fold, out);
		return;
	}
	/* With -i every string, each tried for the literal in any case. */
	if (kota_index_each_string(ix, fold ? "" : lit, fold ? 0 : strlen(lit), each_string, &w) < 0)
		fail();
}

/* A string of the table that references use as a name, and M matches. */
static int each_ref_string(void *ctx, kota_str str)
{
	struct strings *w = ctx;
	uint32_t lo, hi;

	if (lacks_literal(w, str) || !kota_match(w->m, str))
		return 0;
	if (kota_index_find_refs(w->ix, str.ptr, str.len, &lo, &hi) < 0)
		fail();
	if (lo < hi)
		add_name(w->out, str);
	return 0;
}

void refs_match(struct query *q, int mode, const char *pattern, int flags)
{
	kota_matcher *m;
	struct names names = { 0 };
	const kota_index *ix[2] = { kota_view_base(q->v), kota_view_delta(q->v) };
	size_t k = 0;
	const char *lit;
	int fold = (flags & KOTA_MATCH_FOLD) != 0;

	if (kota_matcher_new(&m, pattern, flags) < 0)
		fail();
	if (kota_matcher_qualified(m))
		errx(2, "--refs and --callers match names, not qualified names: '%s'", pattern);
	/* The names references use are strings of the table: those that hold
	 * the pattern's literal (memmem), or all of them. */
	lit = fold ? "" : kota_matcher_literal(m);
	for (int i = 0; i < 2 && ix[i] != NULL; i++) {
		struct strings w = { ix[i], m, &names,
			fold && strlen(kota_matcher_literal(m)) >= 2 ? kota_matcher_literal(m) : NULL };
		if (kota_index_each_string(ix[i], lit, strlen(lit), each_ref_string, &w) < 0)
			fail();
	}
	/* One name, one entry: the same bytes, whatever the case. */
	if (names.n > 0)
		qsort(names.v, names.n, sizeof *names.v, name_cmp);
	for (size_t i = 0; i < names.n; i++)
		if (k == 0 || !same_name(names.v[k - 1], names.v[i], 0))
			names.v[k++] = names.v[i];
	by_ref_names(q, mode, names.v, k);
	free(names.v);
	kota_matcher_free(m);
}

static int each_qualified(void *ctx, const kota_index *ix, uint32_t pos)
{
	struct { struct query *q; kota_matcher *m; } *w = ctx;
	kota_symbol s;

	if (kota_index_symbol(ix, pos, &s) < 0)
		fail();
	return kota_match_qualified(w->m, s.scope, s.name) ? consider(w->q, ix, pos) : 0;
}

void by_match(struct query *q, const char *pattern, int flags)
{
	kota_matcher *m;
	struct names names = { 0 };
	const kota_index *delta = kota_view_delta(q->v);
	int fold = (flags & KOTA_MATCH_FOLD) != 0;
	int order = fold ? KOTA_BY_FOLDED_NAME : KOTA_BY_NAME;
	size_t k = 0;

	if (kota_matcher_new(&m, pattern, flags) < 0)
		fail();
	if (kota_matcher_qualified(m)) {
		struct { struct query *q; kota_matcher *m; } w = { q, m };
		if (kota_view_each_name(q->v, order, NULL, 0, 0, each_qualified, &w) != 0)
			fail();
		kota_matcher_free(m);
		return;
	}
	find_names(kota_view_base(q->v), m, fold, &names);
	if (delta != NULL)
		find_names(delta, m, fold, &names);
	/* The string table is in bytewise order, like the name order; with a
	 * delta, or -i, the names need sorting into the order printed. */
	if (names.n > 0 && (delta != NULL || fold))
		qsort(names.v, names.n, sizeof *names.v, fold ? name_fold_cmp : name_cmp);
	/* Each name once (base and delta may both have it), through the view. */
	for (size_t i = 0; i < names.n; i++) {
		if (k > 0 && same_name(names.v[k - 1], names.v[i], fold))
			continue;
		names.v[k++] = names.v[i];
		if (kota_view_each_name(q->v, order, names.v[i].ptr, names.v[i].len,
		    fold ? KOTA_MATCH_FOLD : 0, consider, q) != 0)
			fail();
	}
	free(names.v);
	kota_matcher_free(m);
}
