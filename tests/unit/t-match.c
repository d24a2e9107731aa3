/* Unit tests of the glob and regex matcher and the fuzzy ranking of names (match.c). */
#include "lib-test.h"

static kota_str str_(const char *s)
{
	return (kota_str){ s, strlen(s) };
}

static kota_matcher *M(const char *pattern, int flags)
{
	kota_matcher *m = NULL;

	if (kota_matcher_new(&m, pattern, flags) < 0)
		abort();
	return m;
}

static void test_prefix(void)
{
	static const struct {
		const char *pattern;
		int flags;
		const char *prefix;
		int qualified;
	} t[] = {
		{ "Decode*", 0, "Decode", 0 },
		{ "*Decode", 0, "", 0 },
		{ "ab?c", 0, "ab", 0 },
		{ "ab[cd]", 0, "ab", 0 },
		{ "ab\\*", 0, "ab", 0 },
		{ "Builder.Write*", 0, "", 1 },
		{ "Foo::bar", 0, "", 1 },
		{ "^Decode", KOTA_MATCH_REGEX, "Decode", 0 },
		{ "^Decodex?", KOTA_MATCH_REGEX, "Decode", 0 },
		{ "^Dec{2}", KOTA_MATCH_REGEX, "De", 0 },
		{ "^De.x", KOTA_MATCH_REGEX, "De", 0 },
		{ "^ab|cd", KOTA_MATCH_REGEX, "", 0 },
		{ "Decode", KOTA_MATCH_REGEX, "", 0 },
		{ "a.b", KOTA_MATCH_REGEX, "", 0 },
	};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		kota_matcher *m = M(t[i].pattern, t[i].flags);
		ok(strcmp(kota_matcher_prefix(m), t[i].prefix) == 0 &&
		    kota_matcher_qualified(m) == t[i].qualified,
		    "'%s': literal start '%s' (want '%s'), qualified %d", t[i].pattern,
		    kota_matcher_prefix(m), t[i].prefix, kota_matcher_qualified(m));
		kota_matcher_free(m);
	}
}

static void test_literal(void)
{
	static const struct {
		const char *pattern;
		int flags;
		const char *literal;
	} t[] = {
		{ "*alloc*", 0, "alloc" },
		{ "k?alloc_node*", 0, "alloc_node" },
		{ "ab[cdefgh]xyz", 0, "xyz" },
		{ "a[]bcd]x", 0, "a" },
		{ "*", 0, "" },
		{ "_lock$", KOTA_MATCH_REGEX, "_lock" },
		{ "^kmalloc", KOTA_MATCH_REGEX, "kmalloc" },
		{ "abcx?yz", KOTA_MATCH_REGEX, "abc" },
		{ "abcx+yz", KOTA_MATCH_REGEX, "abcx" },
		{ "ab[xyzuvw]cd", KOTA_MATCH_REGEX, "ab" },
		{ "a{2}bcdef", KOTA_MATCH_REGEX, "bcdef" },
		{ "alloc|free", KOTA_MATCH_REGEX, "" },
		{ "(al)+loc", KOTA_MATCH_REGEX, "" },
		{ "x\\.yz", KOTA_MATCH_REGEX, "yz" },
	};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		kota_matcher *m = M(t[i].pattern, t[i].flags);
		ok(strcmp(kota_matcher_literal(m), t[i].literal) == 0, "'%s': literal '%s' (want '%s')",
		    t[i].pattern, kota_matcher_literal(m), t[i].literal);
		kota_matcher_free(m);
	}
}

static void test_match(void)
{
	kota_matcher *g = M("*ecode*", 0), *gi = M("*ECODE*", KOTA_MATCH_FOLD);
	kota_matcher *r = M("ode$", KOTA_MATCH_REGEX), *ri = M("^RAW", KOTA_MATCH_REGEX | KOTA_MATCH_FOLD);
	char big[2000];
	kota_str nul = { "dec\0ode", 7 };

	ok(kota_match(g, str_("JSONDecoder")) && kota_match(g, str_("decode")), "glob matches anywhere");
	ok(!kota_match(g, str_("DECODER")), "glob is case-sensitive without FOLD");
	ok(kota_match(gi, str_("DECODER")) && kota_match(gi, str_("decoder")), "FOLD ignores case in a glob");
	ok(kota_match(r, str_("raw_decode")) && !kota_match(r, str_("decoder")), "regex anchors at the end");
	ok(kota_match(ri, str_("raw_x")) && !kota_match(ri, str_("draw")), "FOLD ignores case in a regex");
	ok(!kota_match(g, nul), "a name with a NUL matches no pattern whole");
	/* A name longer than the matcher's stack buffer. */
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	memcpy(big + 1000, "ecode", 5);
	ok(kota_match(g, str_(big)), "a 2000-byte name is matched");
	ok(kota_match(g, (kota_str){ big, 1003 }) == 0, "only LEN bytes of a name count");
	kota_matcher_free(g);
	kota_matcher_free(gi);
	kota_matcher_free(r);
	kota_matcher_free(ri);
}

static void test_qualified(void)
{
	kota_matcher *m = M("Builder.Write*", 0), *c = M("Foo::ba?", 0);

	ok(kota_match_qualified(m, str_("Builder"), str_("WriteString")), "scope and name");
	ok(kota_match_qualified(m, str_("strings.Builder"), str_("Write")), "from a later component");
	ok(!kota_match_qualified(m, str_("MyBuilder"), str_("Write")), "only at a component boundary");
	ok(!kota_match_qualified(m, str_(""), str_("Write")), "no scope: the name alone");
	ok(kota_match_qualified(c, str_("ns::Foo"), str_("bar")), ":: in scope and pattern alike");
	ok(kota_match_qualified(c, str_("ns.Foo"), str_("baz")), ":: in the pattern matches .");
	kota_matcher_free(m);
	kota_matcher_free(c);
}

static void test_errors(void)
{
	kota_matcher *m = NULL;

	ok(kota_matcher_new(&m, "(", KOTA_MATCH_REGEX) < 0 && m == NULL, "a bad regex is refused");
	ok(strncmp(kota_error_last(), "bad regex '(': ", 15) == 0, "and named: %s", kota_error_last());
	ok(kota_matcher_new(&m, "(", 0) == 0, "'(' is a plain glob");
	kota_matcher_free(m);
}

static void test_fuzzy(void)
{
	static const struct {
		const char *query, *name;
		int rank;
	} t[] = {
		{ "decode", "Decode", KOTA_FUZZY_EXACT },
		{ "dec", "decode_all", KOTA_FUZZY_PREFIX },
		{ "dec", "raw_decode", KOTA_FUZZY_WORD },
		{ "dec", "rawDecode", KOTA_FUZZY_WORD },
		{ "dec", "JSONDecoder", KOTA_FUZZY_SUBSTRING },
		{ "ode", "decode", KOTA_FUZZY_SUBSTRING },
		{ "wrstr", "WriteString", KOTA_FUZZY_SUBSEQUENCE },
		{ "xyz", "WriteString", -1 },
		{ "longer than the name", "name", -1 },
	};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		int r = kota_fuzzy_rank(t[i].query, strlen(t[i].query), str_(t[i].name));
		ok(r == t[i].rank, "'%s' names '%s' with rank %d (want %d)", t[i].query, t[i].name, r, t[i].rank);
	}
}

int main(void)
{
	test_begin();
	run_group("prefix", test_prefix);
	run_group("literal", test_literal);
	run_group("match", test_match);
	run_group("qualified", test_qualified);
	run_group("errors", test_errors);
	run_group("fuzzy", test_fuzzy);
	return test_end();
}
