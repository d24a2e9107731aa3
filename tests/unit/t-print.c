/* Unit tests of print.c: the printer of symbols and the meta lines. */
#include "lib-test.h"

/* What FN writes to a stream, malloc'd and NUL-terminated; *LEN its length. */
struct out {
	FILE *fp;
	char *buf;
	size_t len;
};

static void out_open(struct out *o)
{
	o->buf = NULL;
	o->len = 0;
	if ((o->fp = open_memstream(&o->buf, &o->len)) == NULL)
		abort();
}

static void out_close(struct out *o)
{
	fclose(o->fp);
}

/* The position of the symbol named NAME in IX. */
static uint32_t pos_of(const kota_index *ix, const char *name)
{
	uint32_t lo = 0, hi = 0, pos = 0;

	if (kota_index_find_name(ix, name, strlen(name), 0, &lo, &hi) < 0 || hi != lo + 1 ||
	    kota_index_order_at(ix, KOTA_BY_NAME, lo, &pos) < 0)
		abort();
	return pos;
}

static void test_printer(void)
{
	kota_index *ix, *other;
	kota_printer *p;
	kota_writer *w;
	struct out o, hdr;

	if (kota_index_open(&ix, tpath("small.kota")) < 0)
		abort();
	/* Another index, whose positions differ from the small one's. */
	kota_writer_new(&w);
	add(w, file_rec("z.c", "c", 1));
	add(w, sym_rec(0x77, "zed", 4, 5, 0));
	if (write_to(w, "other.kota") < 0 || kota_index_open(&other, tpath("other.kota")) < 0)
		abort();
	kota_writer_free(w);

	/* Line format: a line per symbol, ended by NUL with set_zero. */
	out_open(&o);
	ok(kota_printer_new(&p, o.fp, ix, KOTA_FMT_LINE) == 0, "printer_new (%s)", shown(kota_error_last()));
	ok(kota_print_begin(p) == 0 && kota_print_symbol(p, pos_of(ix, "alpha")) == 0,
	    "line format: begin, then a symbol");
	kota_printer_set_zero(p, 1);
	ok(kota_print_symbol(p, pos_of(ix, "beta")) == 0, "line format: a symbol after set_zero");
	kota_printer_set_index(p, other);
	ok(kota_print_symbol(p, 0) == 0, "line format: a symbol of the index set with set_index");
	kota_printer_free(p);
	out_close(&o);
	char *nl = memchr(o.buf, '\n', o.len), *nul = nl ? memchr(nl + 1, '\0', o.len - (size_t)(nl + 1 - o.buf)) : NULL;
	ok(o.len > 0 && strncmp(o.buf, "a.c:", 4) == 0 && nl != NULL && strstr(o.buf, "\talpha\n") == nl - 6,
	    "line format: the first line is alpha's, ended by a newline (%s)", shown_n(o.buf, o.len));
	ok(nul != NULL && nul - nl > 1 && strncmp(nl + 1, "a.c:", 4) == 0 && memcmp(nul - 5, "\tbeta", 5) == 0,
	    "line format: with set_zero, beta's line ends with NUL (%s)", shown_n(o.buf, o.len));
	ok(nul != NULL && strncmp(nul + 1, "z.c:4:1\t", 8) == 0 && o.buf[o.len - 1] == '\0' &&
	    memcmp(o.buf + o.len - 5, "\tzed", 4) == 0,
	    "line format: after set_index the symbol is the other index's (%s)", shown_n(o.buf, o.len));
	free(o.buf);

	/* Records format: the header from begin, a file's F line before its first symbol. */
	out_open(&hdr);
	kota_put_header(hdr.fp);
	out_close(&hdr);
	out_open(&o);
	ok(kota_printer_new(&p, o.fp, ix, KOTA_FMT_RECORDS) == 0 && kota_print_begin(p) == 0 &&
	    kota_print_meta(p) == 0 && kota_print_symbol(p, pos_of(ix, "alpha")) == 0 &&
	    kota_print_symbol(p, pos_of(ix, "beta")) == 0, "records format: begin, meta and two symbols");
	kota_printer_free(p);
	kota_printer_free(NULL);
	out_close(&o);
	ok(o.len > hdr.len && memcmp(o.buf, hdr.buf, hdr.len) == 0, "records format: begin writes the stream header");
	ok(strstr(o.buf, "\nM\torigin\tsmall\nF\ta.c\t") != NULL && strstr(o.buf, "\nF\t") == strrchr(o.buf, 'F') - 1,
	    "records format: the meta record, then one F line for the two symbols of a.c (%s)", shown_n(o.buf, o.len));
	free(o.buf);
	free(hdr.buf);

	/* Meta lines, all or one. */
	out_open(&o);
	ok(kota_print_meta_lines(o.fp, ix, "meta\t", NULL) == 1 && kota_print_meta_lines(o.fp, ix, "", "origin") == 1 &&
	    kota_print_meta_lines(o.fp, ix, "", "none") == 0, "meta lines: one entry, its value by key, none for another key");
	out_close(&o);
	ok(o.len == strlen("meta\torigin\tsmall\nsmall\n") && memcmp(o.buf, "meta\torigin\tsmall\nsmall\n", o.len) == 0,
	    "meta lines: \"PREFIX KEY TAB VALUE\", and the bare value for a key (%s)", shown_n(o.buf, o.len));
	free(o.buf);
	kota_index_free(ix);
	kota_index_free(other);
}

int main(void)
{
	test_begin();
	if (small_build() == 0)
		run_group("printer", test_printer);
	else
		ok(0, "small index written (%s)", shown(kota_error_last()));
	return test_end();
}
