/* Fuzzing the index reader (index.c): every byte of a small index flipped, and random damage. */
#include "lib-test.h"

/* After a successful verify, everything must work: a description of the first thing that did not, or NULL. */
static const char *consistent(const kota_index *ix)
{
	static char why[200];
	uint32_t ns = kota_index_nsymbols(ix), nf = kota_index_nfiles(ix), lo, hi, pos;
	kota_symbol s;
	kota_file f;
	kota_str a, b;

	for (uint32_t i = 0; i < kota_index_nmeta(ix); i++)
		if (kota_index_meta(ix, i, &a, &b) < 0)
			return "meta entry fails";
	for (uint32_t i = 0; i < nf; i++) {
		if (kota_index_file(ix, i, &f) < 0 || kota_index_path(ix, i, &a) < 0)
			return "file entry fails";
		if (kota_index_find_file(ix, f.path.ptr, f.path.len, &pos) != 0 || pos != i) {
			snprintf(why, sizeof why, "find_file does not find file %u", i);
			return why;
		}
		for (uint32_t line = 0; line < 12; line++)
			if (kota_index_enclosing(ix, i, line, &pos) < 0)
				return "enclosing fails";
	}
	for (uint32_t i = 0; i < ns; i++) {
		for (int o = KOTA_BY_NAME; o <= KOTA_BY_ID; o++)
			if (kota_index_order_at(ix, o, i, &pos) < 0)
				return "order_at fails";
		if (kota_index_symbol(ix, i, &s) < 0)
			return "symbol fails";
		for (int fl = 0; fl < 4; fl++) {
			int found = 0;
			if (kota_index_find_name(ix, s.name.ptr, s.name.len, fl, &lo, &hi) < 0)
				return "find_name fails";
			for (uint32_t k = lo; k < hi; k++)
				found |= kota_index_order_at(ix, fl & KOTA_MATCH_FOLD ? KOTA_BY_FOLDED_NAME : KOTA_BY_NAME, k,
				    &pos) == 0 && pos == i;
			if (!found) {
				snprintf(why, sizeof why, "find_name flags %d does not find symbol %u", fl, i);
				return why;
			}
		}
		int found = 0;
		if (kota_index_find_id(ix, s.id, &lo, &hi) < 0)
			return "find_id fails";
		for (uint32_t k = lo; k < hi; k++)
			found |= kota_index_order_at(ix, KOTA_BY_ID, k, &pos) == 0 && pos == i;
		if (!found) {
			snprintf(why, sizeof why, "find_id does not find symbol %u", i);
			return why;
		}
	}
	return NULL;
}

/* Is byte OFF of the small index padding (covered by no checksum)? */
static int is_padding(size_t off)
{
	uint32_t n = kota_get32(small_img + 12);

	if (off < IX_HEADER_SIZE + n * IX_SECTION_SIZE)
		return 0;
	for (uint32_t i = 0; i < n; i++) {
		const unsigned char *e = small_img + IX_HEADER_SIZE + i * IX_SECTION_SIZE;
		if (off >= kota_get64(e + 8) && off < kota_get64(e + 8) + kota_get64(e + 16))
			return 0;
	}
	return 1;
}

static uint64_t rng;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Build case K into B: the flips first, then random damage.  Returns its length; *FIXED, *FLIPPED set. */
static size_t fuzz_make(long k, unsigned char *b, int *fixed, long *flipped)
{
	long nflip = (long)small_len * FLIP_PATTERNS * 2;
	size_t len = small_len;

	memcpy(b, small_img, small_len);
	*flipped = -1;
	if (k < nflip) {
		*flipped = k / (FLIP_PATTERNS * 2);
		b[*flipped] ^= flip_pattern[(k / 2) % FLIP_PATTERNS];
		*fixed = k % 2;
	} else {
		static const uint32_t u32s[] = { 0, 1, 2, 3, 4, 5, 47, 48, 127, 128, 0x7fffffff, 0x80000000u, 0xfffffffeu,
			0xffffffffu };
		rng = 0x9e3779b97f4a7c15ull * (uint64_t)(k + 1) ^ 0x5eed;
		for (int w = 0; w < 4; w++)
			rnd();
		int n = 1 + (int)(rnd() % 6);
		for (int i = 0; i < n; i++) {
			size_t at = (size_t)(rnd() % len);
			switch (rnd() % 5) {
			case 0:
			case 1:
				b[at] = (unsigned char)rnd();
				break;
			case 2:
				at &= ~(size_t)3;
				if (at + 4 <= len)
					kota_put32(b + at, rnd() % 2 ? u32s[rnd() % (sizeof u32s / sizeof *u32s)] :
					    (uint32_t)(rnd() % (len + 16)));
				break;
			case 3:
				at &= ~(size_t)7;
				if (at + 8 <= len)
					kota_put64(b + at, rnd() % 2 ? UINT64_MAX - rnd() % 4 : rnd() % (len + 16));
				break;
			case 4:
				/* A field of the header or the table. */
				at = (size_t)(rnd() % (IX_HEADER_SIZE + SEC_REQUIRED * IX_SECTION_SIZE)) & ~(size_t)3;
				kota_put32(b + at, (uint32_t)(rnd() % 2 ? rnd() % (len + 64) : u32s[rnd() % 14]));
				break;
			}
		}
		if (rnd() % 8 == 0) {
			len = (size_t)(rnd() % (small_len + 40));
			if (len > small_len)
				memset(b + small_len, (int)(rnd() & 1), len - small_len);
			if (len >= 24)
				kota_put64(b + 16, len);
		}
		*fixed = rnd() % 4 != 0;
	}
	if (*fixed)
		fix_all(b, len);
	return len;
}

struct fuzz_state {
	long next, total;
	long cases, opened, verified, bad_msg, inconsistent, undetected;
	long first_bad_msg, first_inconsistent, first_undetected;
	char detail[300];
};

static void fuzz_child(void *arg)
{
	struct fuzz_state *st = arg;
	unsigned char *b = malloc(small_len + 64);
	const char *path = tpath("fuzz.kota");

	for (; st->next < st->total; st->next++) {
		long k = st->next, flipped;
		int fixed;
		size_t len = fuzz_make(k, b, &fixed, &flipped);
		kota_index *ix;

		spit(path, b, len);
		st->cases++;
		kota_error_set("stale");
		if (kota_index_open(&ix, path) < 0) {
			if (!err_one_line() || err_has("stale")) {
				if (st->bad_msg++ == 0) {
					st->first_bad_msg = k;
					snprintf(st->detail, sizeof st->detail, "open: %s", shown(kota_error_last()));
				}
			}
			continue;
		}
		st->opened++;
		if (!poke_all(ix) && st->bad_msg++ == 0) {
			st->first_bad_msg = k;
			snprintf(st->detail, sizeof st->detail, "a call failed without a one-line message");
		}
		kota_error_set("stale");
		if (kota_index_verify(ix) == 0) {
			const char *why = consistent(ix);
			st->verified++;
			if (why != NULL && st->inconsistent++ == 0) {
				st->first_inconsistent = k;
				snprintf(st->detail, sizeof st->detail, "%s", why);
			}
			if (!fixed && flipped >= 0 && !is_padding((size_t)flipped) && st->undetected++ == 0)
				st->first_undetected = k;
		} else if ((!err_one_line() || err_has("stale")) && st->bad_msg++ == 0) {
			st->first_bad_msg = k;
			snprintf(st->detail, sizeof st->detail, "verify: %s", shown(kota_error_last()));
		}
		kota_index_free(ix);
	}
	free(b);
}

/* Run cases FROM..TO in children, past any crash; returns the number of crashes. */
static long fuzz_run(struct fuzz_state *st, long from, long to, long *first_crash, char *why, size_t whylen)
{
	long crashes = 0;

	memset(st, 0, sizeof *st);
	st->next = from;
	st->total = to;
	*first_crash = -1;
	while (st->next < st->total) {
		if (run_isolated(fuzz_child, st, why, whylen) == 0)
			break;
		if (crashes++ == 0) {
			/* Keep the input for whoever fixes it. */
			unsigned char *b = malloc(small_len + 64);
			long flipped;
			int fixed;
			size_t len = fuzz_make(st->next, b, &fixed, &flipped);
			spit(tpath("fuzz-crash.kota"), b, len);
			*first_crash = st->next;
			free(b);
		}
		st->next++;
		if (crashes > 20)
			break;
	}
	return crashes;
}

static void test_fuzz(void)
{
	struct fuzz_state *st = shared_alloc(sizeof *st);
	long nflip = (long)small_len * FLIP_PATTERNS * 2, crash;
	char why[100] = "";
	long crashes;

	/* Every byte in turn, three patterns, with and without the checksums fixed up. */
	crashes = fuzz_run(st, 0, nflip, &crash, why, sizeof why);
	ok(crashes == 0, "%sfuzz: %ld single-byte flips (each byte x %d patterns, CRCs kept or fixed): no crash "
	    "(%ld crashes, first case %ld: %s)", crashes ? "BUG (library crash): " : "", st->cases, FLIP_PATTERNS,
	    crashes, crash, why);
	ok(st->bad_msg == 0, "fuzz flips: every failing call leaves a one-line message (%ld bad, first case %ld: %s)",
	    st->bad_msg, st->first_bad_msg, st->detail);
	ok(st->inconsistent == 0, "fuzz flips: when verify passes, every accessor and lookup works (%ld of %ld verified "
	    "were not; first case %ld: %s)", st->inconsistent, st->verified, st->first_inconsistent, st->detail);
	ok(st->undetected == 0, "fuzz flips: a flip outside the padding, CRCs kept, fails open or verify "
	    "(%ld undetected, first case %ld)", st->undetected, st->first_undetected);
	ok(st->opened > 0 && st->verified > 0 && st->opened < st->cases,
	    "fuzz flips: the cases reach past open and into verify (%ld opened, %ld verified of %ld)",
	    st->opened, st->verified, st->cases);

	/* Random damage, fixed seed. */
	crashes = fuzz_run(st, nflip, nflip + 4000, &crash, why, sizeof why);
	ok(crashes == 0, "%sfuzz: %ld random multi-byte corruptions: no crash (%ld crashes, first case %ld: %s)",
	    crashes ? "BUG (library crash): " : "", st->cases, crashes, crash, why);
	ok(st->bad_msg == 0, "fuzz random: every failing call leaves a one-line message (%ld bad, first case %ld: %s)",
	    st->bad_msg, st->first_bad_msg, st->detail);
	ok(st->inconsistent == 0, "fuzz random: when verify passes, every accessor and lookup works (%ld of %ld "
	    "verified were not; first case %ld: %s)", st->inconsistent, st->verified, st->first_inconsistent, st->detail);
	ok(st->opened > 100 && st->opened < st->cases,
	    "fuzz random: the cases reach past open (%ld opened, %ld verified of %ld)", st->opened, st->verified,
	    st->cases);
	munmap(st, sizeof *st);
}

int main(void)
{
	test_begin();
	if (small_build() == 0) {
		run_group("fuzz", test_fuzz);
	} else
		ok(0, "small index written (%s)", shown(kota_error_last()));
	return test_end();
}
