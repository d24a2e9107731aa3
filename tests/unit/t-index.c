/* Unit tests of the index reader (index.c) on a good index, checked against a model of it. */
#include "lib-test.h"

static const char *nest_name(int k);

/*
 * A model of the big test index: symbols with names that share long
 * prefixes, differ only in case, hold NULs and high bytes, and repeat
 * across the 128-entry fences; the index is checked against it by brute
 * force.
 */
#define M_FILES 9
#define M_MAXSYM 2400

struct msym {
	uint64_t id;
	int kind;
	char name[48];
	size_t nlen;
	uint32_t sl, sc, el, ec;
	int parent;		/* local index in the file, or -1 */
	char sig[48];
	uint32_t pos;		/* expected position in the index */
	int file;		/* model file */
};

static struct {
	const char *path;
	int first, count;	/* model symbols */
	uint32_t pos;		/* expected position in the file table */
} mfiles[M_FILES] = {
	{ "src/zeta.c", 0, 0, 0 }, { "src/alpha.c", 0, 0, 0 }, { "lib/nest.c", 0, 0, 0 }, { "Lib/upper.c", 0, 0, 0 },
	{ "empty.c", 0, 0, 0 }, { "src/alpha.c.orig", 0, 0, 0 }, { "src/\xc3\xa9t\xc3\xa9.c", 0, 0, 0 },
	{ "src/a", 0, 0, 0 }, { "a b.c", 0, 0, 0 },
};
static struct msym msyms[M_MAXSYM];
static int nmsyms;
static uint32_t pos2model[M_MAXSYM];

static void mname(struct msym *m, const char *name, size_t len)
{
	memcpy(m->name, name, len);
	m->nlen = len;
}

static struct msym *mnew(int file, const char *name, size_t len)
{
	struct msym *m = &msyms[nmsyms++];

	if (nmsyms > M_MAXSYM)
		abort();
	memset(m, 0, sizeof *m);
	m->file = file;
	mname(m, name, len);
	m->id = (uint64_t)nmsyms * 0x9e3779b97f4a7c15ull | 1;
	m->kind = 1 + nmsyms % KOTA_KIND_MAX;
	m->sl = (uint32_t)nmsyms;
	m->sc = 1 + (uint32_t)(nmsyms % 3);
	m->el = (uint32_t)nmsyms + (uint32_t)(nmsyms % 4);
	m->ec = m->el == m->sl ? m->sc + 1 : 1 + (uint32_t)(nmsyms % 5);
	m->parent = -1;
	if (nmsyms % 3)
		snprintf(m->sig, sizeof m->sig, "sig of %d\t(%d)", nmsyms, m->kind);
	return m;
}

static void model_build(void)
{
	static const char *shorts[] = { "a", "A", "ab", "aB", "Ab", "AB", "b", "_", "z", "Z", "[", "_x", "`x", "~",
		"abcdefg", "abcdefgh", "ABCDEFGH", "abcdefgH", "abcdefghi", "ABCDEFGHI", "abcdefgh_and_more",
		"ABCDEFGH_AND_MORE", "abcdefghABCDEFGH", "abcdefghabcdefgh", "\xc3\xa9t\xc3\xa9", "\xc3\x89T\xc3\x89",
		"\xff", ("\x80" "abc"), "main", "Main", "MAIN", "mAiN" };
	char buf[48];
	int f;

	nmsyms = 0;
	/* File 0 (src/zeta.c): long shared prefixes, case variants. */
	f = 0;
	mfiles[f].first = nmsyms;
	for (int i = 0; i < 300; i++) {
		snprintf(buf, sizeof buf, "namespace_prefix_long_%03d", i);
		mnew(f, buf, strlen(buf));
		if (i % 3 == 0) {
			snprintf(buf, sizeof buf, "Namespace_Prefix_Long_%03d", i);
			mnew(f, buf, strlen(buf));
		}
		if (i % 7 == 0) {
			snprintf(buf, sizeof buf, "NAMESPACE_PREFIX_LONG_%03d", i);
			mnew(f, buf, strlen(buf));
		}
	}
	mfiles[f].count = nmsyms - mfiles[f].first;
	/* File 1 (src/alpha.c): runs of one name across several fences. */
	f = 1;
	mfiles[f].first = nmsyms;
	for (int i = 0; i < 300; i++)
		mnew(f, "dup", 3);
	for (int i = 0; i < 60; i++) {
		mnew(f, "DUP", 3);
		mnew(f, "Dup", 3);
		mnew(f, "dupe", 4);
	}
	mfiles[f].count = nmsyms - mfiles[f].first;
	/* File 2 (lib/nest.c): nested symbols for kota_index_enclosing. */
	f = 2;
	mfiles[f].first = nmsyms;
	struct { const char *n; uint32_t sl, sc, el, ec; int parent; } nest[] = {
		{ "S", 10, 1, 40, 2, -1 },	/* 0 */
		{ "f", 12, 1, 20, 2, 0 },	/* 1 */
		{ "g", 13, 5, 15, 6, 1 },	/* 2 */
		{ "h", 22, 1, 30, 2, 0 },	/* 3 */
		{ "k", 25, 5, 25, 9, 3 },	/* 4 */
		{ "m", 50, 1, 52, 1, -1 },	/* 5: ends before line 52 */
		{ "p", 60, 1, 70, 1, -1 },	/* 6 */
		{ "q", 60, 1, 65, 3, 6 },	/* 7: same start as p, ends sooner */
		{ "r", 80, 1, 80, 1, -1 },	/* 8: an empty range on one line */
	};
	for (size_t i = 0; i < sizeof nest / sizeof *nest; i++) {
		struct msym *m = mnew(f, nest[i].n, strlen(nest[i].n));
		m->sl = nest[i].sl;
		m->sc = nest[i].sc;
		m->el = nest[i].el;
		m->ec = nest[i].ec;
		m->parent = nest[i].parent;
	}
	mfiles[f].count = nmsyms - mfiles[f].first;
	/* File 3 (Lib/upper.c): short names, 8-byte edges, case, high bytes. */
	f = 3;
	mfiles[f].first = nmsyms;
	for (int rep = 0; rep < 3; rep++)
		for (size_t i = 0; i < sizeof shorts / sizeof *shorts; i++)
			mnew(f, shorts[i], strlen(shorts[i]));
	mnew(f, "a\0b", 3);
	mnew(f, "a\0", 2);
	mnew(f, "\0", 1);
	mnew(f, "abcdefgh\0", 9);
	mnew(f, "abcdefgh\0\0", 10);
	mnew(f, "ABCDEFGH\0", 9);
	mfiles[f].count = nmsyms - mfiles[f].first;
	/* File 4 (empty.c): no symbols. */
	mfiles[4].first = nmsyms;
	mfiles[4].count = 0;
	/* Files 5..8: many distinct names; ids repeated from file 0 in file 5. */
	for (f = 5; f < M_FILES; f++) {
		mfiles[f].first = nmsyms;
		for (int i = 0; i < 150; i++) {
			snprintf(buf, sizeof buf, (i + f) % 4 ? "x%04d" : "X%04d", i * 7 + f);
			struct msym *m = mnew(f, buf, strlen(buf));
			if (f == 5 && i % 10 == 0)
				m->id = msyms[mfiles[0].first + i].id;
			if (i > 0 && i % 4)
				m->parent = i - 1 - (i % 3 == 0);
		}
		mfiles[f].count = nmsyms - mfiles[f].first;
	}
	/* Expected positions: files sorted by path bytes. */
	int order[M_FILES];
	for (int i = 0; i < M_FILES; i++)
		order[i] = i;
	for (int i = 1; i < M_FILES; i++)
		for (int j = i; j > 0 && strcmp(mfiles[order[j - 1]].path, mfiles[order[j]].path) > 0; j--) {
			int t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	uint32_t next = 0;
	for (int i = 0; i < M_FILES; i++) {
		int mf = order[i];
		mfiles[mf].pos = (uint32_t)i;
		for (int k = 0; k < mfiles[mf].count; k++) {
			msyms[mfiles[mf].first + k].pos = next;
			pos2model[next++] = (uint32_t)(mfiles[mf].first + k);
		}
	}
}

/* Write the model (files added in the order 8, 7, ..., 0) to NAME. */
static int model_write(const char *name)
{
	kota_writer *w;
	int rc = 0;

	kota_writer_new(&w);
	rc |= add(w, meta_rec("origin", "unit test"));
	rc |= add(w, meta_rec("commit", "0123456789abcdef0123456789abcdef01234567"));
	rc |= add(w, meta_rec("Zed", ""));
	for (int f = M_FILES - 1; f >= 0; f--) {
		kota_record r = file_rec(mfiles[f].path, f == 3 ? "C++" : "c", (uint64_t)f * 1000 + 1);
		if (f == 1)
			r.blob = S("c2f276e156fa652f1a5263476c8b968c70911285");
		rc |= kota_writer_add(w, &r);
		for (int k = 0; k < mfiles[f].count; k++) {
			struct msym *m = &msyms[mfiles[f].first + k];
			r = sym_recn(m->id, m->kind, m->name, m->nlen, m->sl, m->sc, m->el, m->ec,
			    m->parent >= 0 ? msyms[mfiles[f].first + m->parent].id : 0, m->sig);
			rc |= kota_writer_add(w, &r);
		}
	}
	if (rc == 0)
		rc = write_to(w, name);
	kota_writer_free(w);
	return rc;
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Does model symbol M match KEY under FLAGS?  (The meaning of kota_index_find_name.) */
static int model_match(const struct msym *m, const char *key, size_t len, int flags)
{
	if (flags & KOTA_MATCH_PREFIX ? m->nlen < len : m->nlen != len)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (flags & KOTA_MATCH_FOLD ? lower((unsigned char)m->name[i]) != lower((unsigned char)key[i]) :
		    m->name[i] != key[i])
			return 0;
	return 1;
}

/* Check find_name for KEY under FLAGS against the model; appends to ERR on failure. */
static int check_find(const kota_index *ix, const char *key, size_t len, int flags, char *err, size_t errlen)
{
	uint32_t lo = 7, hi = 7, want = 0, n = kota_index_nsymbols(ix);
	int order = flags & KOTA_MATCH_FOLD ? KOTA_BY_FOLDED_NAME : KOTA_BY_NAME;

	for (int i = 0; i < nmsyms; i++)
		want += (uint32_t)model_match(&msyms[i], key, len, flags);
	if (kota_index_find_name(ix, key, len, flags, &lo, &hi) < 0 || lo > hi || hi > n || hi - lo != want) {
		if (err[0] == '\0')
			snprintf(err, errlen, "key '%s' (len %zu) flags %d: got [%u, %u), want %u matches", shown_n(key, len),
			    len, flags, lo, hi, want);
		return 0;
	}
	for (uint32_t i = lo; i < hi; i++) {
		uint32_t pos;
		if (kota_index_order_at(ix, order, i, &pos) < 0 || !model_match(&msyms[pos2model[pos]], key, len, flags)) {
			if (err[0] == '\0')
				snprintf(err, errlen, "key '%s' flags %d: entry %u does not match", shown_n(key, len), flags, i);
			return 0;
		}
	}
	return 1;
}

static int byte_cmp(const char *a, size_t al, const char *b, size_t bl)
{
	int c = memcmp(a, b, al < bl ? al : bl);
	return c ? c : (al > bl) - (al < bl);
}

static int fold_cmp(const char *a, size_t al, const char *b, size_t bl)
{
	for (size_t i = 0; i < al && i < bl; i++) {
		int x = lower((unsigned char)a[i]), y = lower((unsigned char)b[i]);
		if (x != y)
			return x - y;
	}
	if (al != bl)
		return (al > bl) - (al < bl);
	return byte_cmp(a, al, b, bl);
}

static void test_index_contents(const kota_index *ix)
{
	int good;
	kota_symbol s;
	kota_file f;
	kota_str k, v, path;

	ok(kota_index_nsymbols(ix) == (uint32_t)nmsyms && kota_index_nfiles(ix) == M_FILES && kota_index_nmeta(ix) == 3,
	    "index: %u symbols (want %d), %u files, %u meta", kota_index_nsymbols(ix), nmsyms, kota_index_nfiles(ix),
	    kota_index_nmeta(ix));
	ok(kota_index_verify(ix) == 0, "index: verify ok (%s)", shown(kota_error_last()));

	/* Meta sorted by key. */
	ok(kota_index_meta(ix, 0, &k, &v) == 0 && k.len == 3 && memcmp(k.ptr, "Zed", 3) == 0 && v.len == 0 &&
	    kota_index_meta(ix, 1, &k, &v) == 0 && k.len == 6 && memcmp(k.ptr, "commit", 6) == 0 && v.len == 40 &&
	    kota_index_meta(ix, 2, &k, &v) == 0 && k.len == 6 && memcmp(k.ptr, "origin", 6) == 0 &&
	    v.len == 9 && memcmp(v.ptr, "unit test", 10) == 0, "index: meta sorted by key, values NUL-terminated");
	ok(kota_index_meta(ix, 3, &k, &v) == -1 && err_one_line(), "index: meta 3 -> -1");

	/* Files. */
	good = 1;
	for (int mf = 0; mf < M_FILES; mf++) {
		uint32_t p = mfiles[mf].pos;
		good &= kota_index_file(ix, p, &f) == 0 && f.pos == p && f.path.len == strlen(mfiles[mf].path) &&
		    memcmp(f.path.ptr, mfiles[mf].path, f.path.len + 1) == 0 && f.count == (uint32_t)mfiles[mf].count &&
		    f.size == (uint64_t)mf * 1000 + 1 &&
		    (mfiles[mf].count == 0 || f.first == msyms[mfiles[mf].first].pos) &&
		    f.lang.len == (mf == 3 ? 3u : 1u) &&
		    (mf == 1 ? f.blob.len == 40 : f.blob.len == 1 && f.blob.ptr[0] == '-');
		good &= kota_index_path(ix, p, &path) == 0 && path.len == f.path.len && path.ptr == f.path.ptr;
	}
	ok(good, "index: every file's path, lang, blob, size, first and count");
	ok(kota_index_file(ix, M_FILES, &f) == -1 && kota_index_file(ix, UINT32_MAX, &f) == -1 &&
	    kota_index_path(ix, M_FILES, &path) == -1, "index: file past the end -> -1");

	/* Symbols. */
	good = 1;
	int bad_at = -1;
	for (int i = 0; i < nmsyms && good; i++) {
		const struct msym *m = &msyms[i];
		good &= kota_index_symbol(ix, m->pos, &s) == 0 && s.pos == m->pos && s.id == m->id && s.kind == m->kind &&
		    s.name.len == m->nlen && memcmp(s.name.ptr, m->name, m->nlen) == 0 && s.name.ptr[m->nlen] == '\0' &&
		    s.signature.len == strlen(m->sig) && memcmp(s.signature.ptr, m->sig, s.signature.len + 1) == 0 &&
		    s.file == mfiles[m->file].pos && s.start_line == m->sl && s.start_col == m->sc &&
		    s.end_line == m->el && s.end_col == m->ec &&
		    s.parent == (m->parent < 0 ? KOTA_NONE : msyms[mfiles[m->file].first + m->parent].pos);
		if (!good)
			bad_at = i;
	}
	ok(good, "index: every symbol's fields and parent position (first bad model symbol %d)", bad_at);
	ok(kota_index_symbol(ix, (uint32_t)nmsyms, &s) == -1 && kota_index_symbol(ix, UINT32_MAX, &s) == -1 &&
	    kota_index_symbol(ix, KOTA_NONE, &s) == -1, "index: symbol past the end -> -1");

	/* The three orders: permutations, sorted as kota(5) says. */
	for (int order = KOTA_BY_NAME; order <= KOTA_BY_ID; order++) {
		unsigned char *seen = calloc((size_t)nmsyms, 1);
		uint32_t prev = 0, pos;
		good = 1;
		for (uint32_t i = 0; i < (uint32_t)nmsyms && good; i++) {
			good &= kota_index_order_at(ix, order, i, &pos) == 0 && pos < (uint32_t)nmsyms && !seen[pos];
			if (!good)
				break;
			seen[pos] = 1;
			if (i > 0) {
				const struct msym *a = &msyms[pos2model[prev]], *b = &msyms[pos2model[pos]];
				int c = order == KOTA_BY_NAME ? byte_cmp(a->name, a->nlen, b->name, b->nlen) :
				    order == KOTA_BY_FOLDED_NAME ? fold_cmp(a->name, a->nlen, b->name, b->nlen) :
				    (a->id > b->id) - (a->id < b->id);
				good &= c < 0 || (c == 0 && prev < pos);
			}
			prev = pos;
		}
		ok(good, "index: order %d is a permutation sorted by (key, position)", order);
		ok(kota_index_order_at(ix, order, (uint32_t)nmsyms, &pos) == -1, "index: order %d past the end -> -1", order);
		free(seen);
	}

	/* find_name against brute force: every name, case-swapped, and prefixes. */
	static const int flagsets[] = { 0, KOTA_MATCH_PREFIX, KOTA_MATCH_FOLD, KOTA_MATCH_PREFIX | KOTA_MATCH_FOLD };
	for (int fi = 0; fi < 4; fi++) {
		int flags = flagsets[fi];
		char err[300] = "";
		good = 1;
		for (int i = 0; i < nmsyms; i++) {
			const struct msym *m = &msyms[i];
			char swapped[48];
			for (size_t c = 0; c < m->nlen; c++) {
				int ch = (unsigned char)m->name[c];
				swapped[c] = (char)(ch >= 'a' && ch <= 'z' ? ch - 32 : ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
			}
			good &= check_find(ix, m->name, m->nlen, flags, err, sizeof err);
			good &= check_find(ix, swapped, m->nlen, flags, err, sizeof err);
			if (i % 5 == 0)
				for (size_t l = 0; l < m->nlen; l++) {
					good &= check_find(ix, m->name, l, flags, err, sizeof err);
					good &= check_find(ix, swapped, l, flags, err, sizeof err);
				}
		}
		static const char *absent[] = { "", "zzzz", "\xff\xff", "namespace_prefix_long_1000", "namespace_prefix_long_",
			"NAMESPACE_PREFIX_LONG_05", "namespace_prefix_lonG", "du", "dupes", "Dupe", "abcdefgh\0\0\0", "a\0b\0",
			"@", "{", "\x7f", "x", "X01", "x9999", "\0\0", "ABCDEFGH_", "abcdefghA" };
		for (size_t i = 0; i < sizeof absent / sizeof *absent; i++)
			good &= check_find(ix, absent[i], strlen(absent[i]), flags, err, sizeof err);
		good &= check_find(ix, "abcdefgh\0\0\0", 11, flags, err, sizeof err);
		good &= check_find(ix, "a\0b\0", 4, flags, err, sizeof err);
		ok(good, "find_name flags %d (%s%s) agrees with brute force: %s", flags, flags & 1 ? "prefix" : "exact",
		    flags & 2 ? ", fold" : "", err[0] ? err : "all keys");
	}
	/* A few by hand, so a model mistake cannot hide everything. */
	struct { const char *key; size_t len; int flags; uint32_t want; } hand[] = {
		{ "dup", 3, 0, 300 },
		{ "dup", 3, KOTA_MATCH_FOLD, 420 },
		{ "DuP", 3, KOTA_MATCH_FOLD | KOTA_MATCH_PREFIX, 480 },
		{ "dup", 3, KOTA_MATCH_PREFIX, 360 },
		{ "namespace_prefix_long_0", 23, KOTA_MATCH_PREFIX, 100 },
		{ "NAMESPACE_PREFIX_LONG_0", 23, KOTA_MATCH_PREFIX | KOTA_MATCH_FOLD, 100 + 34 + 15 },
		{ "NAMESPACE_PREFIX_LONG_0", 23, KOTA_MATCH_PREFIX, 15 },
		{ "namespace_prefix_long_042", 25, KOTA_MATCH_FOLD, 3 },
		{ "abcdefgh", 8, 0, 3 },
		{ "abcdefgh", 8, KOTA_MATCH_FOLD, 9 },
		{ "ABCDEFGH", 8, KOTA_MATCH_PREFIX | KOTA_MATCH_FOLD, 30 },
		{ "abcdefgh", 8, KOTA_MATCH_PREFIX, 3 * 5 + 2 },
		{ "abcdefgh\0", 9, 0, 1 },
		{ "a", 1, KOTA_MATCH_FOLD, 6 },
		{ "a", 1, KOTA_MATCH_PREFIX, 3 * 10 + 4 },
		{ "_", 1, KOTA_MATCH_PREFIX | KOTA_MATCH_FOLD, 6 },
		{ "", 0, KOTA_MATCH_PREFIX, (uint32_t)nmsyms },
		{ "", 0, KOTA_MATCH_PREFIX | KOTA_MATCH_FOLD, (uint32_t)nmsyms },
		{ "", 0, 0, 0 },
		{ "\xc3\xa9T\xc3\xa9", 5, KOTA_MATCH_FOLD, 3 },
	};
	for (size_t i = 0; i < sizeof hand / sizeof *hand; i++) {
		uint32_t lo = 0, hi = 0;
		int rc = kota_index_find_name(ix, hand[i].key, hand[i].len, hand[i].flags, &lo, &hi);
		ok(rc == 0 && hi - lo == hand[i].want, "find_name by hand: '%s' flags %d: %u matches (got %u)",
		    shown_n(hand[i].key, hand[i].len), hand[i].flags, hand[i].want, hi - lo);
	}
	uint32_t lo, hi;

	/* find_id: every symbol, shared ids, absent ids. */
	good = 1;
	for (int i = 0; i < nmsyms; i++) {
		uint32_t n = 0, pos;
		int found = 0;
		for (int j = 0; j < nmsyms; j++)
			n += msyms[j].id == msyms[i].id;
		good &= kota_index_find_id(ix, msyms[i].id, &lo, &hi) == 0 && hi - lo == n;
		for (uint32_t x = lo; x < hi && good; x++) {
			good &= kota_index_order_at(ix, KOTA_BY_ID, x, &pos) == 0 && msyms[pos2model[pos]].id == msyms[i].id;
			found |= pos == msyms[i].pos;
		}
		good &= found;
	}
	ok(good, "find_id: every symbol found, ranges as long as the id repeats");
	lo = hi = 0;
	int rc = kota_index_find_id(ix, msyms[mfiles[0].first].id, &lo, &hi);
	ok(rc == 0 && hi - lo == 2, "find_id: an id in two files: 2 (got %u)", hi - lo);
	good = 1;
	for (uint64_t id = 0; id < 5000; id += 2) {	/* model ids are odd */
		uint64_t probe = id * 0x9e3779b97f4a7c15ull;
		uint32_t pos;
		probe &= ~(uint64_t)1;
		good &= kota_index_find_id(ix, probe, &lo, &hi) == 0 && lo == hi && hi <= (uint32_t)nmsyms;
		if (lo > 0)
			good &= kota_index_order_at(ix, KOTA_BY_ID, lo - 1, &pos) == 0 && msyms[pos2model[pos]].id < probe;
		if (lo < (uint32_t)nmsyms)
			good &= kota_index_order_at(ix, KOTA_BY_ID, lo, &pos) == 0 && msyms[pos2model[pos]].id > probe;
	}
	good &= kota_index_find_id(ix, 0, &lo, &hi) == 0 && lo == 0 && hi == 0;
	good &= kota_index_find_id(ix, UINT64_MAX, &lo, &hi) == 0 && lo == (uint32_t)nmsyms && hi == lo;
	ok(good, "find_id: absent ids give an empty range at their place");

	/* find_file. */
	good = 1;
	for (int mf = 0; mf < M_FILES; mf++) {
		uint32_t pos = 99;
		good &= kota_index_find_file(ix, mfiles[mf].path, strlen(mfiles[mf].path), &pos) == 0 &&
		    pos == mfiles[mf].pos;
	}
	ok(good, "find_file: every path at its position");
	static const char *nofile[] = { "", "src", "src/", "src/alpha", "src/alpha.c.", "src/zeta.cc", "zzz", "A",
		"lib/nest.C", "src/alpha.c\0" };
	good = 1;
	for (size_t i = 0; i < sizeof nofile / sizeof *nofile; i++) {
		uint32_t pos = 99;
		good &= kota_index_find_file(ix, nofile[i], strlen(nofile[i]) + (i == 9), &pos) == 1 && pos == 99;
	}
	ok(good, "find_file: absent paths -> 1, position untouched");

	/* enclosing: innermost wins. */
	uint32_t nf = mfiles[2].pos, base = msyms[mfiles[2].first].pos;
	struct { uint32_t line; int want; } enc[] = {
		{ 9, -1 }, { 10, 0 }, { 11, 0 }, { 12, 1 }, { 13, 2 }, { 15, 2 }, { 16, 1 }, { 20, 1 }, { 21, 0 },
		{ 22, 3 }, { 25, 4 }, { 26, 3 }, { 30, 3 }, { 31, 0 }, { 40, 0 }, { 41, -1 }, { 50, 5 }, { 51, 5 },
		{ 52, -1 }, { 60, 7 }, { 62, 7 }, { 65, 7 }, { 66, 6 }, { 69, 6 }, { 70, -1 }, { 80, 8 },
		{ 0, -1 }, { UINT32_MAX, -1 },
	};
	for (size_t i = 0; i < sizeof enc / sizeof *enc; i++) {
		uint32_t pos = 12345;
		int erc = kota_index_enclosing(ix, nf, enc[i].line, &pos);
		if (enc[i].want < 0)
			ok(erc == 1, "enclosing: line %u of lib/nest.c: none (rc %d, pos %u)", enc[i].line, erc, pos);
		else
			ok(erc == 0 && pos == base + (uint32_t)enc[i].want, "enclosing: line %u of lib/nest.c: %s (rc %d, pos %u)",
			    enc[i].line, nest_name(enc[i].want), erc, pos - base);
	}
	uint32_t pos;
	ok(kota_index_enclosing(ix, mfiles[4].pos, 1, &pos) == 1, "enclosing: a file with no symbols -> 1");
	ok(kota_index_enclosing(ix, M_FILES, 1, &pos) == -1 && err_one_line(), "enclosing: file past the end -> -1");
	ok(kota_index_enclosing(ix, mfiles[0].pos, 150, &pos) == 0 && msyms[pos2model[pos]].file == 0 &&
	    msyms[pos2model[pos]].sl <= 150, "enclosing: in another file, a symbol of that file");

	/* The section table. */
	char tag[5];
	uint64_t off, len, prev_end = 0;
	good = 1;
	for (uint32_t i = 0; i < SEC_REQUIRED; i++) {
		good &= kota_index_section(ix, i, tag, &off, &len) == 0 && strcmp(tag, ix_section_tags[i]) == 0 &&
		    off % 8 == 0 && off >= prev_end && off < prev_end + 8 + (i == 0 ? IX_HEADER_SIZE + SEC_REQUIRED * IX_SECTION_SIZE : 0u);
		prev_end = off + len;
		if (i == 0)
			good &= off == IX_HEADER_SIZE + SEC_REQUIRED * IX_SECTION_SIZE;
	}
	ok(good, "section table: tags in order, offsets 8-aligned with minimal padding");
	ok(kota_index_section(ix, SEC_REQUIRED, tag, &off, &len) == 1, "section past the table -> 1");
}

static const char *nest_name(int k)
{
	static const char *n[] = { "S", "f", "g", "h", "k", "m", "p", "q", "r" };
	return k >= 0 && k < 9 ? n[k] : "?";
}

static void test_index_good(void)
{
	kota_index *ix;
	size_t len;

	model_build();
	ok(model_write("model.kota") == 0, "model index written (%s)", shown(kota_error_last()));
	unsigned char *b = slurp(tpath("model.kota"), &len);
	ok(b != NULL && len == kota_get64(b + 16) && memcmp(b, "KOTAIDX", 8) == 0 && kota_get32(b + 8) == 2 &&
	    kota_get32(b + 12) == SEC_REQUIRED && kota_get32(b + 24) == 0, "model index: header fields");
	ok(kota_get32(b + 28) == kota_crc32c(kota_crc32c(0, b, 28), b + 32, 32 * SEC_REQUIRED), "model index: header CRC");
	free(b);
	if (kota_index_open(&ix, tpath("model.kota")) < 0) {
		ok(0, "open the model index (%s)", shown(kota_error_last()));
		return;
	}
	test_index_contents(ix);
	kota_index_free(ix);
	kota_index_free(NULL);
	/* The same through a pipe on the standard input (read into memory, not
	 * mapped), as "-" and by a path to it; exactly its size, no more or less. */
	b = slurp(tpath("model.kota"), &len);
	unsigned char *longer = malloc(len + 1);
	memcpy(longer, b, len);
	longer[len] = 'x';
	struct {
		const char *path, *what, *key;
		size_t len;
	} pipes[] = {
		{ "-", "the whole index", NULL, len },
		{ "/dev/stdin", "the whole index", NULL, len },
		{ "-", "a byte short", "damaged index: file is", len - 1 },
		{ "-", "a byte more", "damaged index: more bytes than the", len + 1 },
		{ "-", "the header only", "damaged index: file is 32 bytes", 32 },
		{ "-", "31 bytes", "-: not a kota index", 31 },
	};
	int saved = dup(0);
	for (size_t i = 0; i < sizeof pipes / sizeof *pipes; i++) {
		struct feeder f;
		int fd = pipe_fd(&f, longer, pipes[i].len);
		char named[64];
		snprintf(named, sizeof named, "/dev/fd/%d", fd);
		ix = NULL;
		kota_error_set("stale");
		if (i == 0)
			ok(kota_index_open(&ix, named) == -1 && msg_ok(named, "not a regular file"),
			    "a pipe not on the standard input is not a regular file (%s)", shown(kota_error_last()));
		dup2(fd, 0);
		close(fd);
		ix = NULL;
		kota_error_set("stale");
		if (pipes[i].key == NULL)
			ok(kota_index_open(&ix, pipes[i].path) == 0 && kota_index_verify(ix) == 0 &&
			    kota_index_nsymbols(ix) == (uint32_t)nmsyms,
			    "index read from a pipe on stdin as %s: %s opens and verifies (%s)", pipes[i].path,
			    pipes[i].what, shown(kota_error_last()));
		else
			ok(kota_index_open(&ix, pipes[i].path) == -1 && msg_ok(pipes[i].path, pipes[i].key),
			    "index read from a pipe on stdin: %s is refused (%s)", pipes[i].what,
			    shown(kota_error_last()));
		kota_index_free(ix);
		pipe_join(&f, 0);
		dup2(saved, 0);
	}
	close(saved);
	free(longer);
	free(b);
	ix = NULL;
	ok(kota_index_open(&ix, "/dev/zero") == -1 && msg_ok("/dev/zero", "not a regular file"),
	    "open /dev/zero -> not a regular file (%s)", shown(kota_error_last()));
	ok(kota_index_open(&ix, tpath("no such file")) == -1 && err_has("no such file") && err_one_line(),
	    "open a missing file -> -1 (%s)", shown(kota_error_last()));
	ok(kota_index_open(&ix, tmpdir) == -1 && err_one_line(), "open a directory -> -1 (%s)", shown(kota_error_last()));
}

int main(void)
{
	test_begin();
	run_group("good index", test_index_good);
	return test_end();
}
