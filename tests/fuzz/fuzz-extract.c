/*
 * The extraction: tree-sitter and our queries and predicates on arbitrary
 * source.  The first byte picks the language; the rest is the file.  The
 * budget is kota-parse's default, so a degenerate file fails cleanly
 * rather than running long.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"
#include "parse.h"

static kota_query **queries;
static kota_extractor *x;
static FILE *null;

/* Compiling the eleven queries takes a second or two: once, untimed. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct kota_settings set;

	(void)argc;
	(void)argv;
	if ((queries = calloc(kota_nlangs, sizeof *queries)) == NULL || kota_extractor_new(&x) < 0 ||
	    (null = fopen("/dev/null", "w")) == NULL)
		abort();
	for (size_t i = 0; i < kota_nlangs; i++)
		if (kota_query_new(&queries[i], &kota_langs[i]) < 0)
			abort();
	kota_settings_init(&set);
	kota_extractor_set_budget(x, set.work_budget, set.memory_budget);
	/* The first parse in a language pages in its grammar's tables: 0.7 s
	 * for TypeScript in this build, which under load passed libFuzzer's
	 * 1 s timeout on an input that takes 30 ms after.  Parse a little of
	 * each first, untimed. */
	for (size_t i = 0; i < kota_nlangs; i++) {
		static const char warm[] = "import x from 'y';\nclass A extends B { f(a: int[]) { return g(a, \"s\"); } }\n"
		    "int main(void) { if (x) { y = *p->q; } }\nfn r() -> T { m!(x) }\ndef p(q):\n    return q\n"
		    "func (b *B) M() {}\n#define X(a) a\nmodule M; end\nfoo() { bar | baz; }\n\xe2\xb2\xb2 <div/>\n";
		(void)kota_extract(x, queries[i], "warm", "-", warm, sizeof warm - 1, null);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t lang;

	if (size < 1)
		return 0;
	lang = data[0] % kota_nlangs;
	(void)kota_extract(x, queries[lang], "fuzz", "-", (const char *)data + 1, size - 1, null);
	return 0;
}
