/* Unit tests of deltas (writer.c, view.c): an index beside an index, read as one, damaged too. */
#include "lib-test.h"

static kota_record keep_rec(const char *path, const char *blob)
{
	kota_record r = { .type = KOTA_REC_KEEP };

	r.path = S(path);
	r.blob = S(blob);
	return r;
}

#define BLOB_A "1111111111111111111111111111111111111111"
#define BLOB_B "2222222222222222222222222222222222222222"
#define BLOB_C "3333333333333333333333333333333333333333"

static int delta_file(kota_writer *w, const char *path, const char *blob, const char *name)
{
	kota_record f = file_rec(path, "c", 10);

	f.blob = S(blob);
	return add(w, f) || add(w, sym_rec(0x10, name, 1, 2, 0));
}

/* Visit callback: append "path:name" (or "path") to a buffer. */
struct seen {
	char buf[512];
};

static int see_symbol(void *ctx, const kota_index *ix, uint32_t pos)
{
	struct seen *s = ctx;
	kota_symbol sym;
	kota_str path;

	if (kota_index_symbol(ix, pos, &sym) < 0 || kota_index_path(ix, sym.file, &path) < 0)
		return -1;
	snprintf(s->buf + strlen(s->buf), sizeof s->buf - strlen(s->buf), "%.*s:%.*s ",
	    (int)path.len, path.ptr, (int)sym.name.len, sym.name.ptr);
	return 0;
}

static int see_stop(void *ctx, const kota_index *ix, uint32_t pos)
{
	(void)ctx;
	(void)ix;
	(void)pos;
	return 7;
}

static int see_file(void *ctx, const kota_index *ix, uint32_t pos)
{
	struct seen *s = ctx;
	kota_str path;

	if (kota_index_path(ix, pos, &path) < 0)
		return -1;
	snprintf(s->buf + strlen(s->buf), sizeof s->buf - strlen(s->buf), "%.*s ", (int)path.len, path.ptr);
	return 0;
}

static void test_delta(void)
{
	kota_writer *w;
	kota_view *v;
	struct seen seen;
	const kota_index *ix;
	uint32_t pos;

	/* base: a.c b.c c.c, each with one function "f" and its own name */
	if (kota_writer_new(&w) < 0 || delta_file(w, "a.c", BLOB_A, "fa") || delta_file(w, "b.c", BLOB_B, "fb") ||
	    delta_file(w, "c.c", BLOB_C, "fc") || write_to(w, "view.kota") < 0)
		abort();
	kota_writer_free(w);
	if (kota_view_open(&v, tpath("view.kota")) < 0)
		abort();
	ok(kota_view_delta(v) == NULL && kota_view_nfiles(v) == 3, "view without a delta: the base alone");
	/* the delta: a.c kept, b.c changed (now defines fa too), c.c deleted, d.c new */
	kota_writer_new(&w);
	ok(kota_writer_set_base(w, v, 1) == 0, "delta writer over the view");
	ok(add(w, keep_rec("a.c", BLOB_A)) == 0, "keep a.c");
	ok(add(w, keep_rec("a.c", BLOB_A)) == -1 && err_is("duplicate file 'a.c'"), "keeping a.c twice: %s",
	    shown(kota_error_last()));
	ok(add(w, keep_rec("b.c", BLOB_A)) == -1 && err_has("names blob 1111"), "keeping b.c with a.c's blob: %s",
	    shown(kota_error_last()));
	ok(add(w, keep_rec("x.c", BLOB_A)) == -1 && err_is("keep record for 'x.c', which the base index does not have"),
	    "keeping a file the base lacks: %s", shown(kota_error_last()));
	ok(kota_writer_base_failed(w) == 1, "a keep record the base lacks: the base cannot be used");
	ok(add(w, keep_rec("b.c", BLOB_A)) == -1 && kota_writer_base_failed(w) == 1,
	    "a keep record naming another blob: the base cannot be used");
	ok(add(w, keep_rec("a.c", BLOB_A)) == -1 && kota_writer_base_failed(w) == 0,
	    "a keep record twice: the stream's error, not the base's");
	ok(add(w, file_rec("a.c", "c", 1)) == -1 && err_is("duplicate file 'a.c'"), "F after K for a.c: %s",
	    shown(kota_error_last()));
	ok(add(w, meta_rec("k", "v")) == -1 && err_is("meta record after a file record"), "meta after a keep: %s",
	    shown(kota_error_last()));
	kota_record fb = file_rec("b.c", "c", 10);
	fb.blob = S(BLOB_C);
	ok(add(w, fb) == 0 && add(w, sym_rec(0x20, "fa", 1, 2, 0)) == 0 && delta_file(w, "d.c", BLOB_A, "fd") == 0,
	    "changed b.c and new d.c");
	ok(kota_writer_nfiles(w) == 2 && kota_writer_nsymbols(w) == 2, "the delta holds 2 files, 2 symbols");
	ok(write_to(w, "view.kota.delta") == 0, "delta written");
	kota_writer_free(w);
	kota_view_free(v);

	ok(kota_view_open(&v, tpath("view.kota")) == 0 && kota_view_delta(v) != NULL, "view with its delta");
	ok(kota_index_is_delta(kota_view_delta(v)) && kota_index_ndeleted(kota_view_delta(v)) == 1,
	    "the delta deletes one path");
	ok(kota_index_find_deleted(kota_view_delta(v), "c.c", 3) == 1 &&
	    kota_index_find_deleted(kota_view_delta(v), "b.c", 3) == 0 &&
	    kota_index_find_deleted(kota_view_delta(v), "z.c", 3) == 0 &&
	    kota_index_find_deleted(kota_view_base(v), "c.c", 3) == 0,
	    "find_deleted: 1 for the path the delta deletes, 0 for others and in an index that is no delta");
	ok(kota_view_nfiles(v) == 3 && kota_view_nsymbols(v) == 3, "view: 3 files, 3 symbols (got %u, %u)",
	    kota_view_nfiles(v), kota_view_nsymbols(v));
	ok(kota_view_verify(v) == 0, "view verifies (%s)", shown(kota_error_last()));
	seen.buf[0] = '\0';
	ok(kota_view_each_file(v, see_file, &seen) == 0 && strcmp(seen.buf, "a.c b.c d.c ") == 0,
	    "files in path order: %s", seen.buf);
	seen.buf[0] = '\0';
	ok(kota_view_each_name(v, KOTA_BY_NAME, "fa", 2, 0, see_symbol, &seen) == 0 &&
	    strcmp(seen.buf, "a.c:fa b.c:fa ") == 0, "fa from the base and the delta, in path order: %s", seen.buf);
	seen.buf[0] = '\0';
	ok(kota_view_each_name(v, KOTA_BY_FOLDED_NAME, NULL, 0, 0, see_symbol, &seen) == 0 &&
	    strcmp(seen.buf, "a.c:fa b.c:fa d.c:fd ") == 0, "every name, folded order: %s", seen.buf);
	seen.buf[0] = '\0';
	ok(kota_view_each_id(v, 0x10, see_symbol, &seen) == 0 && strcmp(seen.buf, "a.c:fa d.c:fd ") == 0,
	    "by id, hidden base files left out: %s", seen.buf);
	ok(kota_view_find_file(v, "c.c", 3, &ix, &pos) == 1, "c.c is deleted");
	ok(kota_view_find_file(v, "b.c", 3, &ix, &pos) == 0 && ix == kota_view_delta(v), "b.c is the delta's");
	ok(kota_view_find_file(v, "a.c", 3, &ix, &pos) == 0 && ix == kota_view_base(v), "a.c is the base's");
	/* A callback's non-zero return stops the walk and comes back. */
	ok(kota_view_each_file(v, see_stop, NULL) == 7, "a callback stops the walk");
	kota_view_free(v);

	/* Damaged deltas. */
	size_t len;
	unsigned char *d = slurp(tpath("view.kota.delta"), &len), *b = malloc(len);
	uint32_t dlen;
	kota_index *dx;
#define DELTA_FAILS(what, key) do { \
		fix_all(b, len); \
		spit(tpath("damaged.kota"), b, len); \
		dx = NULL; \
		kota_error_set("stale"); \
		ok(kota_index_open(&dx, tpath("damaged.kota")) == 0 && kota_index_verify(dx) == -1 && \
		    msg_ok(tpath("damaged.kota"), key), "delta: %s -> verify fails: %s (got %s)", what, key, \
		    shown(kota_error_last())); \
		kota_index_free(dx); \
	} while (0)
	memcpy(b, d, len);
	unsigned char *dele = sec_data(b, "DELE", &dlen);
	ok(dlen == 4, "DELE holds one entry");
	kota_put32(dele, kota_get32(dele) + 1);
	DELTA_FAILS("a deleted path inside a string", "deleted path 0 points inside a string");
	memcpy(b, d, len);
	dele = sec_data(b, "DELE", NULL);
	kota_put32(dele, 0x40000000);
	DELTA_FAILS("a deleted path far outside STRS", "STRS offset 1073741824 out of range");
	memcpy(b, d, len);
	dele = sec_data(b, "DELE", NULL);
	kota_put32(dele, strs_off(b, "b.c"));
	DELTA_FAILS("a deleted path that is a file of the delta", "deleted path 0 is a file of the delta");
	memcpy(b, d, len);
	dele = sec_data(b, "DELE", NULL);
	kota_put32(dele, 0);
	DELTA_FAILS("an empty deleted path", "deleted paths not in order at 0");
	/* BASE without DELE */
	memcpy(b, d, len);
	memcpy(sec_entry(b, "DELE"), "XXXX", 4);
	fix_all(b, len);
	spit(tpath("damaged.kota"), b, len);
	kota_error_set("stale");
	ok(kota_index_open(&dx, tpath("damaged.kota")) == -1 && err_has("missing section DELE"),
	    "delta: BASE without DELE -> open fails (%s)", shown(kota_error_last()));
	/* A delta over another base is ignored. */
	spit(tpath("view.kota.delta"), d, len);
	memcpy(b, d, len);
	unsigned char *base = sec_data(b, "BASE", NULL);
	base[20] ^= 1;
	fix_all(b, len);
	spit(tpath("view.kota.delta"), b, len);
	ok(kota_view_open(&v, tpath("view.kota")) == 0 && kota_view_delta(v) == NULL && kota_view_nfiles(v) == 3,
	    "a delta over another base is ignored");
	kota_view_free(v);
	spit(tpath("view.kota.delta"), d, len);
	free(b);
	free(d);
}

/* ---- a damaged delta, or a damaged base under a delta, read as a view ---- */

struct delta_fuzz {
	unsigned char *base, *delta;	/* the good files */
	size_t blen, dlen;
	long next, total, cases, verified, crashes, first_crash, bad_msg, first_bad_msg;
	char detail[300];
};

static int count_visit(void *ctx, const kota_index *ix, uint32_t pos)
{
	kota_symbol s;
	kota_file f;

	(void)ctx;
	/* Files and symbols alike: the decoders bound what they are given. */
	(void)kota_index_symbol(ix, pos, &s);
	(void)kota_index_file(ix, pos, &f);
	return 0;
}

/*
 * Case K into B (base) and D (delta): first each byte of the delta flipped
 * by each pattern, CRCs kept or fixed; then each byte of the base, CRCs
 * kept, or fixed in the base and its new header copied into the delta's
 * BASE, so that the delta still applies to the damaged base.
 */
static void delta_fuzz_make(const struct delta_fuzz *st, long k, unsigned char *b, unsigned char *d)
{
	long ndelta = (long)st->dlen * FLIP_PATTERNS * 2;
	unsigned char *at = k < ndelta ? d : b;

	memcpy(b, st->base, st->blen);
	memcpy(d, st->delta, st->dlen);
	if (k >= ndelta)
		k -= ndelta;
	at[k / (FLIP_PATTERNS * 2)] ^= flip_pattern[(k / 2) % FLIP_PATTERNS];
	if (k % 2 == 0)
		return;
	fix_all(at, at == d ? st->dlen : st->blen);
	if (at == b) {
		uint32_t n = kota_get32(b + 12), blen;
		unsigned char *sec = sec_data(d, "BASE", &blen);
		if ((uint64_t)IX_HEADER_SIZE + (uint64_t)n * IX_SECTION_SIZE == blen) {
			memcpy(sec, b, blen);
			fix_all(d, st->dlen);
		}
	}
}

static void delta_fuzz_child(void *arg)
{
	struct delta_fuzz *st = arg;
	unsigned char *b = malloc(st->blen), *d = malloc(st->dlen);
	const kota_index *ix;
	uint32_t pos;
	kota_view *v;

	for (; st->next < st->total; st->next++) {
		delta_fuzz_make(st, st->next, b, d);
		spit(tpath("view.kota"), b, st->blen);
		spit(tpath("view.kota.delta"), d, st->dlen);
		st->cases++;
		kota_error_set("stale");
		if (kota_view_open(&v, tpath("view.kota")) < 0) {
			if ((!err_one_line() || err_has("stale")) && st->bad_msg++ == 0) {
				st->first_bad_msg = st->next;
				snprintf(st->detail, sizeof st->detail, "open: %s", shown(kota_error_last()));
			}
			continue;
		}
		/* What a reader does without verifying first (kota-get), then the check. */
		(void)kota_view_nfiles(v);
		(void)kota_view_each_file(v, count_visit, NULL);
		(void)kota_view_each_name(v, KOTA_BY_NAME, NULL, 0, 0, count_visit, NULL);
		(void)kota_view_each_name(v, KOTA_BY_FOLDED_NAME, "F", 1, KOTA_MATCH_FOLD | KOTA_MATCH_PREFIX,
		    count_visit, NULL);
		(void)kota_view_each_id(v, 0x10, count_visit, NULL);
		(void)kota_view_find_file(v, "c.c", 3, &ix, &pos);
		for (uint32_t i = 0; kota_view_delta(v) != NULL && i < kota_index_ndeleted(kota_view_delta(v)); i++) {
			kota_str path;
			(void)kota_index_deleted(kota_view_delta(v), i, &path);
		}
		kota_error_set("stale");
		if (kota_view_verify(v) == 0)
			st->verified++;
		else if ((!err_one_line() || err_has("stale")) && st->bad_msg++ == 0) {
			st->first_bad_msg = st->next;
			snprintf(st->detail, sizeof st->detail, "verify: %s", shown(kota_error_last()));
		}
		kota_view_free(v);
	}
	free(b);
	free(d);
}

/*
 * Every byte of a delta, and of its base, flipped: whatever it breaks
 * (DELE and BASE included), reading the view and verifying it must give an
 * error, never a crash.
 */
static void test_delta_fuzz(void)
{
	struct delta_fuzz *st = shared_alloc(sizeof *st);
	char why[100] = "";
	size_t blen, dlen;
	unsigned char *b = slurp(tpath("view.kota"), &blen), *d = slurp(tpath("view.kota.delta"), &dlen);

	st->base = shared_alloc(blen);
	st->delta = shared_alloc(dlen);
	memcpy(st->base, b, blen);
	memcpy(st->delta, d, dlen);
	st->blen = blen;
	st->dlen = dlen;
	st->total = (long)(blen + dlen) * FLIP_PATTERNS * 2;
	st->first_crash = -1;
	while (st->next < st->total && st->crashes <= 20) {
		if (run_isolated(delta_fuzz_child, st, why, sizeof why) == 0)
			break;
		if (st->crashes++ == 0) {
			/* Keep the input for whoever fixes it. */
			delta_fuzz_make(st, st->next, b, d);
			spit(tpath("fuzz-crash.kota"), b, blen);
			spit(tpath("fuzz-crash.kota.delta"), d, dlen);
			st->first_crash = st->next;
		}
		st->next++;
	}
	ok(st->crashes == 0, "%sdelta fuzz: %ld single-byte flips of a delta or its base, read as a view and "
	    "verified: no crash (%ld crashes, first case %ld: %s)", st->crashes ? "BUG (library crash): " : "",
	    st->cases, st->crashes, st->first_crash, why);
	ok(st->bad_msg == 0, "delta fuzz: every failure leaves a one-line message (%ld bad, first case %ld: %s)",
	    st->bad_msg, st->first_bad_msg, st->detail);
	ok(st->verified > 0 && st->verified < st->cases,
	    "delta fuzz: the cases reach verify, and not all pass it (%ld of %ld pass)", st->verified, st->cases);
	memcpy(b, st->base, blen);
	memcpy(d, st->delta, dlen);
	spit(tpath("view.kota"), b, blen);
	spit(tpath("view.kota.delta"), d, dlen);
	free(b);
	free(d);
	munmap(st->base, blen);
	munmap(st->delta, dlen);
	munmap(st, sizeof *st);
}

int main(void)
{
	test_begin();
	run_group("delta", test_delta);
	run_group("delta fuzz", test_delta_fuzz);
	return test_end();
}
