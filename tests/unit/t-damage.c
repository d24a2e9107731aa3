/* Unit tests of the index reader (index.c) on damaged and hostile files. */
#include "lib-test.h"

/* A prefix for open_fails' descriptions (to mark known library bugs). */
static const char *note_open = "";

/* Opening LEN bytes at B fails with KEY in a one-line message. */
static void open_fails(const unsigned char *b, size_t len, const char *key, const char *what)
{
	const char *path = tpath("damaged.kota");
	kota_index *ix = NULL;

	spit(path, b, len);
	kota_error_set("stale");
	int rc = kota_index_open(&ix, path);
	ok(rc == -1 && msg_ok(path, key), "%sdamaged: %s -> open fails: \"%s\" (got \"%s\")", note_open, what, key,
	    shown(kota_error_last()));
	if (rc == 0)
		kota_index_free(ix);
}

/* Open LEN bytes at B (must succeed); NULL on failure. */
static kota_index *open_bytes(const unsigned char *b, size_t len)
{
	kota_index *ix;

	spit(tpath("damaged.kota"), b, len);
	return kota_index_open(&ix, tpath("damaged.kota")) == 0 ? ix : NULL;
}

/* Verify of the damaged index fails with KEY. */
static void verify_fails(kota_index *ix, const char *key, const char *what)
{
	kota_error_set("stale");
	int rc = ix != NULL ? kota_index_verify(ix) : 0;
	ok(ix != NULL && rc == -1 && msg_ok(tpath("damaged.kota"), key), "damaged: %s -> open ok, verify fails: \"%s\" (got \"%s\")",
	    what, key, ix != NULL ? shown(kota_error_last()) : "open failed");
}

static void test_damaged_header(void)
{
	unsigned char *b;
	char what[100];
	size_t len = small_len;

	ok(small_len > 400, "small index is %zu bytes (over 400)", small_len);
	open_fails((const unsigned char *)"", 0, "not a kota index", "empty file");
	/* Every truncation up to 400 bytes, and some further in. */
	int good = 1;
	size_t first_bad = 0;
	for (size_t l = 0; l < small_len; l++) {
		if (l > 400 && l != small_len / 2 && l != small_len - 1 && l != small_len - 8 && l % 97 != 0)
			continue;
		kota_index *ix = NULL;
		spit(tpath("trunc.kota"), small_img, l);
		kota_error_set("stale");
		int rc = kota_index_open(&ix, tpath("trunc.kota"));
		int this = rc == -1 && err_one_line() && strncmp(kota_error_last(), tpath("trunc.kota"), 10) == 0 &&
		    !err_has("stale");
		if (!this && good)
			first_bad = l;
		good &= this;
		if (rc == 0)
			kota_index_free(ix);
	}
	ok(good, "damaged: every truncation (0..400, mid-file, last bytes) fails to open with a one-line message "
	    "(first bad length %zu)", first_bad);
	/* Fixed-up truncations: the header says the truncated size, the CRC matches. */
	good = 1;
	for (size_t l = IX_HEADER_SIZE; l < small_len; l += 7) {
		b = img_copy();
		kota_put64(b + 16, l);
		fix_header(b, l);
		kota_index *ix = NULL;
		spit(tpath("trunc.kota"), b, l);
		int rc = kota_index_open(&ix, tpath("trunc.kota"));
		good &= rc == -1 && err_one_line();
		if (rc == 0) {
			poke_all(ix);
			kota_index_free(ix);
		}
		free(b);
	}
	ok(good, "damaged: truncations with the size field and header CRC fixed up still fail to open");
	/* The appended byte: the size field no longer matches. */
	b = img_copy();
	b[len] = 0;
	open_fails(b, len + 1, "header says", "a byte appended");
	free(b);

	b = img_copy();
	memcpy(b, "KOTAIDY", 8);
	open_fails(b, len, "not a kota index", "wrong magic");
	memcpy(b, "kotaidx", 8);
	open_fails(b, len, "not a kota index", "lower-case magic");
	memcpy(b, "KOTAIDX", 8);
	b[7] = ' ';
	open_fails(b, len, "not a kota index", "magic without its NUL");
	free(b);
	for (uint32_t v = 0; v < 5; v += (v == 0 ? 3 : 1)) {
		b = img_copy();
		kota_put32(b + 8, v);
		fix_header(b, len);
		snprintf(what, sizeof what, "unsupported index version %u", v);
		open_fails(b, len, what, what);
		free(b);
	}
	{
		/* Version 1, the one before: a one-line message that says what to do. */
		b = img_copy();
		kota_put32(b + 8, 1);
		fix_header(b, len);
		open_fails(b, len, "index version 1 is too old (this kota reads version 2): rebuild it "
		    "(kota-hook run, or kota-parse | kota-pack)", "version 1");
		free(b);
	}
	b = img_copy();
	kota_put32(b + 8, 0x00000100);
	open_fails(b, len, "unsupported index version 256", "version in the wrong byte order");
	free(b);

	b = img_copy();
	kota_put64(b + 16, len + 1);
	fix_header(b, len);
	open_fails(b, len, "header says", "size field one too big");
	kota_put64(b + 16, len - 1);
	fix_header(b, len);
	open_fails(b, len, "header says", "size field one too small");
	kota_put64(b + 16, UINT64_MAX);
	fix_header(b, len);
	open_fails(b, len, "header says", "size field 2^64-1");
	kota_put64(b + 16, len | 1ull << 32);
	fix_header(b, len);
	open_fails(b, len, "header says", "size field off by 2^32");
	free(b);

	b = img_copy();
	kota_put32(b + 24, 1);
	open_fails(b, len, "header checksum mismatch", "flags changed, CRC not");
	free(b);
	b = img_copy();
	b[28] ^= 1;
	open_fails(b, len, "header checksum mismatch", "CRC bit flipped");
	free(b);
	b = img_copy();
	sec_entry(b, "SIGS")[28] = 1;
	open_fails(b, len, "header checksum mismatch", "section table reserved byte changed, CRC not");
	free(b);
	b = img_copy();
	sec_entry(b, "SYMS")[4] ^= 0x80;
	open_fails(b, len, "header checksum mismatch", "section CRC changed, header CRC not");
	free(b);

	b = img_copy();
	kota_put32(b + 12, 65);
	fix_header(b, len);
	open_fails(b, len, "65 sections", "65 sections");
	kota_put32(b + 12, UINT32_MAX);
	open_fails(b, len, "sections", "2^32-1 sections");
	kota_put32(b + 12, 64);
	open_fails(b, len, "section table past the end", "64 sections, table past the end");
	free(b);

	/* Sections out of range (CRC fixed so the check is reached). */
	struct { const char *tag; uint64_t off, len; const char *what; } range[] = {
		{ "SYMS", 0, 0, "offset 0 (inside the header)" },
		{ "SYMS", 40, 0, "offset inside the section table" },
		{ "SYMS", 0, 48, "offset 0, one entry" },
		{ "STRS", UINT64_MAX - 4, 5, "offset 2^64-5" },
		{ "STRS", 0, UINT64_MAX, "length 2^64-1" },
		{ "NAME", 0, 0, "offset past the end" },
		{ "SIGS", 0, 0, "offset and length past the end" },
		{ "FFNC", 0, 0, "last section one entry longer" },
	};
	for (size_t i = 0; i < sizeof range / sizeof *range; i++) {
		b = img_copy();
		unsigned char *e = sec_entry(b, range[i].tag);
		uint64_t off = range[i].off, l = range[i].len;
		if (i == 3 || i == 4)
			off = i == 3 ? off : kota_get64(e + 8);
		if (i == 5) {
			off = len + 8;
			l = kota_get64(e + 16);
		}
		if (i == 6) {
			off = len - 8;
			l = 16;
		}
		if (i == 7) {
			off = kota_get64(e + 8);
			l = kota_get64(e + 16) + 8;
		}
		kota_put64(e + 8, off);
		kota_put64(e + 16, l);
		fix_header(b, len);
		snprintf(what, sizeof what, "section %s out of range: %s", range[i].tag, range[i].what);
		open_fails(b, len, "out of range", what);
		free(b);
	}

	/* Entry sizes. */
	b = img_copy();
	kota_put32(sec_entry(b, "SYMS") + 24, 47);
	fix_header(b, len);
	open_fails(b, len, "bad entry size", "SYMS entry size 47");
	free(b);
	b = img_copy();
	kota_put32(sec_entry(b, "SYMS") + 24, 0);
	fix_header(b, len);
	open_fails(b, len, "bad entry size", "SYMS entry size 0");
	free(b);
	b = img_copy();
	kota_put32(sec_entry(b, "STRS") + 24, 1);
	fix_header(b, len);
	open_fails(b, len, "bad entry size", "STRS entry size 1");
	free(b);
	b = img_copy();
	kota_put64(sec_entry(b, "SYMS") + 16, 47);
	fix_header(b, len);
	open_fails(b, len, "bad entry size", "SYMS length not a multiple of 48");
	free(b);
	b = img_copy();
	kota_put64(sec_entry(b, "META") + 16, 4);
	fix_header(b, len);
	open_fails(b, len, "bad entry size", "META length not a multiple of 8");
	free(b);

	/* Missing and doubled sections. */
	static const char *tags[] = { "META", "FILE", "SYMS", "STRS", "SIGS", "NAME", "FOLD", "IDIX", "NFNC", "FFNC", "REFS", "RNAM" };
	for (int t = 0; t < SEC_REQUIRED; t++) {
		b = img_copy();
		memcpy(sec_entry(b, tags[t]), "XXXX", 4);
		fix_header(b, len);
		snprintf(what, sizeof what, "missing section %s", tags[t]);
		open_fails(b, len, what, what);
		free(b);
	}
	b = img_copy();
	kota_put32(b + 12, SEC_REQUIRED - 1);
	fix_header(b, len);
	open_fails(b, len, "missing section RNAM", "table one entry short");
	free(b);
	b = img_copy();
	memcpy(sec_entry(b, "FOLD"), "NAME", 4);
	fix_header(b, len);
	open_fails(b, len, "twice", "NAME twice");
	free(b);

	/* Lookup sections that do not match the symbol count. */
	struct { const char *tag; int64_t delta; } cnt[] = {
		{ "NAME", -4 }, { "FOLD", -4 }, { "IDIX", 4 }, { "NFNC", 8 }, { "FFNC", -8 },
	};
	for (size_t i = 0; i < sizeof cnt / sizeof *cnt; i++) {
		b = img_copy();
		unsigned char *e = sec_entry(b, cnt[i].tag);
		kota_put64(e + 16, kota_get64(e + 16) + (uint64_t)cnt[i].delta);
		fix_header(b, len);
		snprintf(what, sizeof what, "%s length %+lld bytes", cnt[i].tag, (long long)cnt[i].delta);
		open_fails(b, len, "does not match the symbol count", what);
		free(b);
	}
	/* SYMS one entry shorter: NAME and the others no longer match it. */
	b = img_copy();
	kota_put64(sec_entry(b, "SYMS") + 16, kota_get64(sec_entry(b, "SYMS") + 16) - 48);
	fix_header(b, len);
	open_fails(b, len, "does not match the symbol count", "SYMS one entry short");
	free(b);
}

/* The small index with a section the reader does not know (a later version's), inserted in the table. */
static unsigned char *with_extra_section(size_t *outlen, const void *data, size_t dlen)
{
	size_t len = small_len, pad = (8 - len % 8) % 8, nlen = len + IX_SECTION_SIZE + pad + dlen;
	unsigned char *b = calloc(1, nlen), *e;
	uint32_t n = kota_get32(small_img + 12);

	memcpy(b, small_img, IX_HEADER_SIZE + n * IX_SECTION_SIZE);
	memcpy(b + IX_HEADER_SIZE + (n + 1) * IX_SECTION_SIZE, small_img + IX_HEADER_SIZE + n * IX_SECTION_SIZE,
	    len - IX_HEADER_SIZE - n * IX_SECTION_SIZE);
	for (uint32_t i = 0; i < n; i++) {
		e = b + IX_HEADER_SIZE + i * IX_SECTION_SIZE;
		kota_put64(e + 8, kota_get64(e + 8) + IX_SECTION_SIZE);
	}
	memcpy(b + len + IX_SECTION_SIZE + pad, data, dlen);
	e = b + IX_HEADER_SIZE + n * IX_SECTION_SIZE;
	memcpy(e, "XTRA", 4);
	kota_put64(e + 8, len + IX_SECTION_SIZE + pad);
	kota_put64(e + 16, dlen);
	kota_put32(e + 24, 12);
	kota_put32(b + 12, n + 1);
	kota_put64(b + 16, nlen);
	fix_all(b, nlen);
	*outlen = nlen;
	return b;
}

static void test_damaged_table(void)
{
	unsigned char *b;
	size_t len;
	kota_index *ix;

	/* Unknown sections are skipped, but their checksums are verified. */
	b = with_extra_section(&len, "twelve bytes", 12);
	ix = open_bytes(b, len);
	ok(ix != NULL && kota_index_verify(ix) == 0 && kota_index_nsymbols(ix) == 4,
	    "table: an unknown section is skipped; the index opens and verifies (%s)", shown(kota_error_last()));
	char tag[5];
	uint64_t off, l;
	ok(ix != NULL && kota_index_section(ix, SEC_REQUIRED, tag, &off, &l) == 0 && strcmp(tag, "XTRA") == 0 && l == 12,
	    "table: kota_index_section lists it");
	kota_index_free(ix);
	sec_entry(b, "XTRA")[4] ^= 1;
	fix_header(b, len);
	verify_fails(ix = open_bytes(b, len), "section 'XTRA' checksum mismatch", "unknown section with a bad CRC");
	kota_index_free(ix);
	kota_put64(sec_entry(b, "XTRA") + 16, 13);
	fix_header(b, len);
	open_fails(b, len, "out of range", "unknown section past the end");
	/* A tag of raw bytes (LF included) is quoted: the message stays one line. */
	memcpy(sec_entry(b, "XTRA"), "\x01\xff\n\t", 4);
	fix_header(b, len);
	open_fails(b, len, "out of range", "unknown section with a binary tag past the end");
	free(b);
	b = with_extra_section(&len, "twelve bytes", 12);
	sec_entry(b, "XTRA")[4] ^= 1;
	memcpy(sec_entry(b, "XTRA"), "X\nRA", 4);
	fix_header(b, len);
	ix = open_bytes(b, len);
	kota_error_set("stale");
	ok(ix != NULL && kota_index_verify(ix) == -1 && err_one_line() && err_has("checksum mismatch"),
	    "%sunknown section with LF in its tag and a bad CRC -> verify fails with a one-line message (got \"%s\")",
	    ix != NULL && !err_one_line() ? "BUG (the message quotes the raw tag, LF included): " : "",
	    shown(kota_error_last()));
	kota_index_free(ix);
	free(b);

	/* The table in another order: sections are found by tag. */
	b = img_copy();
	unsigned char tmp[IX_SECTION_SIZE];
	memcpy(tmp, sec_entry(b, "META"), IX_SECTION_SIZE);
	memcpy(sec_entry(b, "META"), sec_entry(b, "IDIX"), IX_SECTION_SIZE);
	memcpy(b + IX_HEADER_SIZE + 7 * IX_SECTION_SIZE, tmp, IX_SECTION_SIZE);
	fix_header(b, small_len);
	ix = open_bytes(b, small_len);
	ok(ix != NULL && kota_index_verify(ix) == 0 && kota_index_nmeta(ix) == 1,
	    "table: entries in another order still open and verify (%s)", shown(kota_error_last()));
	kota_index_free(ix);
	free(b);

	/* A flipped byte in SYMS: open succeeds (no per-section work), verify catches it. */
	uint32_t slen;
	b = img_copy();
	sec_data(b, "SYMS", &slen)[44] ^= 0x10;	/* a reserved byte of symbol 0 */
	ix = open_bytes(b, small_len);
	ok(ix != NULL, "flipped SYMS byte: open succeeds");
	verify_fails(ix, "section 'SYMS' checksum mismatch", "flipped SYMS byte");
	kota_index_free(ix);
	free(b);
	static const char *tags[] = { "META", "FILE", "SYMS", "STRS", "SIGS", "NAME", "FOLD", "IDIX", "NFNC", "FFNC", "REFS", "RNAM" };
	int good = 1;
	for (int t = 0; t < SEC_REQUIRED; t++) {
		b = img_copy();
		unsigned char *d = sec_data(b, tags[t], &slen);
		if (slen > 0) {
			d[slen - 1] ^= 0x01;
			ix = open_bytes(b, small_len);
			kota_error_set("stale");
			char want[64];
			snprintf(want, sizeof want, "section '%s' checksum mismatch", tags[t]);
			good &= ix != NULL && kota_index_verify(ix) == -1 && err_has(want);
			kota_index_free(ix);
		}
		free(b);
	}
	ok(good, "a flipped last byte of each non-empty section: open ok, verify names the section");
}

/* Damage B (a copy of the small index) with CRCs recomputed: open must succeed. */
static kota_index *open_fixed(unsigned char *b)
{
	fix_all(b, small_len);
	return open_bytes(b, small_len);
}

/* The position of the symbol named NAME in the small index. */
static uint32_t small_pos(const char *name)
{
	kota_index *ix;
	uint32_t lo = 0, hi = 0, pos = 0;

	if (kota_index_open(&ix, tpath("small.kota")) < 0)
		abort();
	if (kota_index_find_name(ix, name, strlen(name), 0, &lo, &hi) < 0 || hi != lo + 1 ||
	    kota_index_order_at(ix, KOTA_BY_NAME, lo, &pos) < 0)
		abort();
	kota_index_free(ix);
	return pos;
}

#define SYM(b, pos) (sec_data(b, "SYMS", NULL) + (size_t)(pos) * IX_SYM_SIZE)
#define FILEENT(b, i) (sec_data(b, "FILE", NULL) + (size_t)(i) * IX_FILE_SIZE)

static void sym_fails(unsigned char *b, uint32_t pos, const char *key, const char *what)
{
	kota_index *ix = open_fixed(b);
	kota_symbol s;

	kota_error_set("stale");
	int rc = ix != NULL ? kota_index_symbol(ix, pos, &s) : 0;
	ok(ix != NULL && rc == -1 && msg_ok(tpath("damaged.kota"), key),
	    "content: %s -> kota_index_symbol fails: \"%s\" (got \"%s\")", what, key, shown(kota_error_last()));
	verify_fails(ix, key, what);
	ok(ix != NULL && poke_all(ix), "content: %s -> every call fails cleanly or works", what);
	kota_index_free(ix);
	free(b);
}

static void file_fails(unsigned char *b, uint32_t i, const char *key, const char *what)
{
	kota_index *ix = open_fixed(b);
	kota_file f;

	kota_error_set("stale");
	int rc = ix != NULL ? kota_index_file(ix, i, &f) : 0;
	ok(ix != NULL && rc == -1 && msg_ok(tpath("damaged.kota"), key),
	    "content: %s -> kota_index_file fails: \"%s\" (got \"%s\")", what, key, shown(kota_error_last()));
	verify_fails(ix, key, what);
	ok(ix != NULL && poke_all(ix), "content: %s -> every call fails cleanly or works", what);
	kota_index_free(ix);
	free(b);
}

/* Only the full check can see it. */
static void only_verify_fails(unsigned char *b, const char *key, const char *what)
{
	kota_index *ix = open_fixed(b);

	verify_fails(ix, key, what);
	ok(ix != NULL && poke_all(ix), "content: %s -> every call fails cleanly or works", what);
	kota_index_free(ix);
	free(b);
}

static void test_damaged_content(void)
{
	uint32_t alpha = small_pos("alpha"), beta = small_pos("beta"), gamma = small_pos("Gamma"), len;
	unsigned char *b;

	ok(alpha == 0 && beta == 1 && gamma == 2, "small index: a.c's symbols first (alpha %u, beta %u, Gamma %u)",
	    alpha, beta, gamma);
	/* String references. */
	b = img_copy();
	sec_data(b, "STRS", &len);
	kota_put32(SYM(b, alpha) + 8, len);
	sym_fails(b, alpha, "out of range", "name offset = STRS length");
	b = img_copy();
	sec_data(b, "STRS", &len);
	kota_put32(SYM(b, alpha) + 8, len - 4);
	sym_fails(b, alpha, "out of range", "name offset 4 bytes before the end of STRS");
	b = img_copy();
	kota_put32(SYM(b, alpha) + 8, UINT32_MAX);
	sym_fails(b, alpha, "out of range", "name offset 2^32-1");
	b = img_copy();
	{
		uint32_t off = strs_off(b, "alpha");
		sec_data(b, "STRS", NULL)[off + 4 + 5] = 'x';
		sym_fails(b, alpha, "not terminated", "name string without its NUL");
	}
	b = img_copy();
	{
		uint32_t off = strs_off(b, "origin");	/* sorts last: the final string */
		kota_put32(sec_data(b, "STRS", NULL) + off, 200);
		kota_index *ix = open_fixed(b);
		kota_str k, v;
		kota_error_set("stale");
		ok(ix != NULL && kota_index_meta(ix, 0, &k, &v) == -1 && msg_ok(tpath("damaged.kota"), "runs past"),
		    "content: string length running past STRS -> kota_index_meta fails (%s)", shown(kota_error_last()));
		verify_fails(ix, "runs past", "string length running past STRS");
		kota_index_free(ix);
		free(b);
	}
	b = img_copy();
	{
		uint32_t off = strs_off(b, "beta");
		kota_put32(sec_data(b, "STRS", NULL) + off, UINT32_MAX);
		sym_fails(b, beta, "runs past", "string length 2^32-1");
	}
	b = img_copy();
	kota_put32(SYM(b, alpha) + 8, strs_off(b, "alpha") + 1);
	only_verify_fails(b, "", "name reference inside a string");
	b = img_copy();
	kota_put32(SYM(b, alpha) + 8, 0);
	only_verify_fails(b, "malformed", "empty name");
	/* Signatures. */
	b = img_copy();
	sec_data(b, "SIGS", &len);
	kota_put32(SYM(b, alpha) + 12, len);
	sym_fails(b, alpha, "SIGS offset", "signature offset = SIGS length");
	b = img_copy();
	kota_put32(SYM(b, beta) + 12, kota_get32(SYM(b, alpha) + 12));
	only_verify_fails(b, "signature out of place", "signature shared with an earlier symbol");
	b = img_copy();
	kota_put32(SYM(b, gamma) + 12, 0);
	only_verify_fails(b, "SIGS holds bytes no symbol uses", "last signature dropped");
	b = img_copy();
	kota_put32(SYM(b, alpha) + 12, 0);
	only_verify_fails(b, "signature out of place", "first signature dropped");
	/* Files, parents, kinds. */
	b = img_copy();
	kota_put32(SYM(b, alpha) + 16, 3);
	sym_fails(b, alpha, "names file 3", "file index = number of files");
	b = img_copy();
	kota_put32(SYM(b, alpha) + 16, UINT32_MAX);
	sym_fails(b, alpha, "names file", "file index 2^32-1");
	b = img_copy();
	kota_put32(SYM(b, alpha) + 16, 1);
	only_verify_fails(b, "wrong file", "symbol names another file");
	b = img_copy();
	kota_put32(SYM(b, beta) + 20, beta);
	sym_fails(b, beta, "not earlier", "parent is itself");
	b = img_copy();
	kota_put32(SYM(b, alpha) + 20, 3);
	sym_fails(b, alpha, "not earlier", "parent is later");
	b = img_copy();
	kota_put32(SYM(b, gamma) + 20, alpha);
	only_verify_fails(b, "parent in another file", "parent earlier but in another file");
	b = img_copy();
	SYM(b, alpha)[40] = 0;
	sym_fails(b, alpha, "unknown kind 0", "kind 0");
	b = img_copy();
	SYM(b, alpha)[40] = 200;
	sym_fails(b, alpha, "unknown kind 200", "kind 200");
	b = img_copy();
	SYM(b, alpha)[40] = KOTA_KIND_MAX + 1;
	sym_fails(b, alpha, "unknown kind", "kind one past the last");
	b = img_copy();
	kota_put64(SYM(b, alpha), 0);
	only_verify_fails(b, "malformed", "id 0");
	b = img_copy();
	SYM(b, beta)[43] = 1;
	only_verify_fails(b, "reserved", "reserved byte of a symbol set");
	b = img_copy();
	kota_put32(SYM(b, alpha) + 24, 0);
	only_verify_fails(b, "bad range", "start line 0");
	b = img_copy();
	kota_put32(SYM(b, alpha) + 32, 0);
	only_verify_fails(b, "bad range", "end line before start line");
	/* The lookup orders. */
	b = img_copy();
	kota_put32(sec_data(b, "NAME", NULL), 4);
	{
		kota_index *ix = open_fixed(b);
		uint32_t pos;
		kota_error_set("stale");
		ok(ix != NULL && kota_index_order_at(ix, KOTA_BY_NAME, 0, &pos) == -1 &&
		    msg_ok(tpath("damaged.kota"), "names symbol 4"),
		    "content: NAME entry = number of symbols -> order_at fails (%s)", shown(kota_error_last()));
		verify_fails(ix, "names symbol", "NAME entry past the symbols");
		ok(ix != NULL && poke_all(ix), "content: NAME entry past the symbols -> every call fails cleanly or works");
		kota_index_free(ix);
		free(b);
	}
	b = img_copy();
	kota_put32(sec_data(b, "IDIX", NULL) + 12, UINT32_MAX);
	only_verify_fails(b, "names symbol", "IDIX entry 2^32-1");
	static const char *orders[] = { "NAME", "FOLD", "IDIX" };
	for (int o = 0; o < 3; o++) {
		char what[64], key[64];
		b = img_copy();
		unsigned char *d = sec_data(b, orders[o], NULL), t[4];
		memcpy(t, d, 4);
		memcpy(d, d + 4, 4);
		memcpy(d + 4, t, 4);
		snprintf(what, sizeof what, "%s entries 0 and 1 swapped", orders[o]);
		snprintf(key, sizeof key, "%s not in order", orders[o]);
		only_verify_fails(b, key, what);
		b = img_copy();
		d = sec_data(b, orders[o], NULL);
		memcpy(d + 8, d + 12, 4);
		snprintf(what, sizeof what, "%s lists a symbol twice", orders[o]);
		only_verify_fails(b, orders[o], what);
	}
	b = img_copy();
	sec_data(b, "NFNC", NULL)[0] ^= 0x20;
	only_verify_fails(b, "NFNC entry 0 does not match", "NFNC fence changed");
	b = img_copy();
	sec_data(b, "FFNC", NULL)[7] ^= 0x20;
	only_verify_fails(b, "FFNC entry 0 does not match", "FFNC fence changed");
	/* The file table. */
	b = img_copy();
	kota_put32(FILEENT(b, 0) + 24, 5);
	file_fails(b, 0, "symbols out of range", "file first = symbols + 1");
	b = img_copy();
	kota_put32(FILEENT(b, 1) + 28, 5);
	file_fails(b, 1, "symbols out of range", "file count past the symbols");
	b = img_copy();
	kota_put32(FILEENT(b, 1) + 24, 1);
	kota_put32(FILEENT(b, 1) + 28, UINT32_MAX);
	file_fails(b, 1, "symbols out of range", "first 1, count 2^32-1 (wraps)");
	b = img_copy();
	kota_put32(FILEENT(b, 0), UINT32_MAX - 2);
	file_fails(b, 0, "out of range", "path offset near 2^32");
	b = img_copy();
	kota_put32(FILEENT(b, 1) + 24, 1);
	only_verify_fails(b, "does not start where", "files overlap");
	b = img_copy();
	kota_put32(FILEENT(b, 2) + 28, 1);
	kota_put32(FILEENT(b, 2) + 24, 4);
	only_verify_fails(b, "", "files hold more symbols than the table");
	b = img_copy();
	kota_put32(FILEENT(b, 0) + 12, 1);
	only_verify_fails(b, "references out of range", "first file's references start past the table");
	b = img_copy();
	{
		unsigned char t[IX_FILE_SIZE];
		memcpy(t, FILEENT(b, 0), IX_FILE_SIZE);
		memcpy(FILEENT(b, 0), FILEENT(b, 1), IX_FILE_SIZE);
		memcpy(FILEENT(b, 1), t, IX_FILE_SIZE);
		only_verify_fails(b, "", "file entries swapped");
	}
	b = img_copy();
	kota_put32(sec_data(b, "META", NULL), UINT32_MAX);
	{
		kota_index *ix = open_fixed(b);
		kota_str k, v;
		kota_error_set("stale");
		ok(ix != NULL && kota_index_meta(ix, 0, &k, &v) == -1 && msg_ok(tpath("damaged.kota"), "out of range"),
		    "content: meta key offset 2^32-1 -> kota_index_meta fails (%s)", shown(kota_error_last()));
		verify_fails(ix, "out of range", "meta key offset 2^32-1");
		kota_index_free(ix);
		free(b);
	}
	/* The string table itself. */
	b = img_copy();
	{
		unsigned char *p = sec_data(b, "STRS", NULL);
		uint32_t off = strs_off(b, "alpha");
		p[off + 4] = 'z';	/* "zlpha" now sorts after later strings */
		only_verify_fails(b, "string table not in order", "STRS out of order");
	}
	b = img_copy();
	{
		unsigned char *p = sec_data(b, "STRS", NULL);
		p[4] = 0;
		kota_put32(p, 0);
		p[4] = 'x';	/* the empty string loses its NUL */
		only_verify_fails(b, "not terminated", "the first string not terminated");
	}
}

/* The last message is the damage report "PATH: damaged index: MSG (check: CHECK)" of damaged.kota. */
static int report_is(const char *msg, const char *check)
{
	char want[600];

	snprintf(want, sizeof want, "%s: damaged index: %s (check: %s)", tpath("damaged.kota"), msg, check);
	return err_is(want);
}

/*
 * A damage report says where, as SQLite's corruption reports do: today's
 * message, then which check of libkota found the damage (kota(5)), on one
 * line.
 */
static void test_damage_report(void)
{
	uint32_t alpha = small_pos("alpha");
	unsigned char *b;
	kota_index *ix;
	kota_symbol s;

	b = img_copy();
	b[28] ^= 1;
	kota_error_set("stale");
	ix = open_bytes(b, small_len);
	ok(ix == NULL && report_is("header checksum mismatch", "check_table"),
	    "report: the header checksum, on opening (%s)", shown(kota_error_last()));
	kota_index_free(ix);
	free(b);

	b = img_copy();
	sec_data(b, "SYMS", NULL)[0] ^= 1;
	ix = open_bytes(b, small_len);
	kota_error_set("stale");
	ok(ix != NULL && kota_index_checksums(ix, NULL) == -1 &&
	    report_is("section 'SYMS' checksum mismatch", "checksums"),
	    "report: a section's checksum (%s)", shown(kota_error_last()));
	kota_index_free(ix);
	free(b);

	b = img_copy();
	kota_put32(SYM(b, alpha) + 8, UINT32_MAX);
	fix_all(b, small_len);
	ix = open_bytes(b, small_len);
	kota_error_set("stale");
	ok(ix != NULL && kota_index_symbol(ix, alpha, &s) == -1 &&
	    report_is("STRS offset 4294967295 out of range", "get_entry"),
	    "report: a string reference, as a symbol is read (%s)", shown(kota_error_last()));
	kota_index_free(ix);
	free(b);

	b = img_copy();
	SYM(b, alpha)[40] = 0;
	fix_all(b, small_len);
	ix = open_bytes(b, small_len);
	kota_error_set("stale");
	ok(ix != NULL && kota_index_symbol(ix, alpha, &s) == -1 &&
	    report_is("symbol 0 has unknown kind 0", "symbol"),
	    "report: a symbol's own fields, as it is read (%s)", shown(kota_error_last()));
	kota_index_free(ix);
	free(b);

	b = img_copy();
	unsigned char *d = sec_data(b, "NAME", NULL), t[4];
	memcpy(t, d, 4);
	memcpy(d, d + 4, 4);
	memcpy(d + 4, t, 4);
	fix_all(b, small_len);
	ix = open_bytes(b, small_len);
	kota_error_set("stale");
	ok(ix != NULL && kota_index_verify(ix) == -1 && report_is("NAME not in order at 1", "verify_order"),
	    "report: the order of NAME, in the whole-file check (%s)", shown(kota_error_last()));
	kota_index_free(ix);
	free(b);
}

int main(void)
{
	test_begin();
	if (small_build() == 0) {
		run_group("damaged header", test_damaged_header);
		run_group("damaged table", test_damaged_table);
		run_group("damaged content", test_damaged_content);
		run_group("damage report", test_damage_report);
	} else
		ok(0, "small index written (%s)", shown(kota_error_last()));
	return test_end();
}
