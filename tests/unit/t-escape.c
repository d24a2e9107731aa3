/* Unit tests of the escaping of the record stream's fields (stream.c, kota(5) Escaping). */
#include "lib-test.h"

/* The bytes kota_put_field writes for LEN bytes at S (malloc'd, NUL-terminated). */
static char *escape(const char *s, size_t len, size_t *outlen)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&buf, &n);

	if (fp == NULL)
		abort();
	kota_put_field(fp, s, len);
	fclose(fp);
	if (outlen != NULL)
		*outlen = n;
	return buf;
}

/* What kota(5) says a writer writes for byte C. */
static void expected_escape(unsigned c, char *out)
{
	switch (c) {
	case '\\': strcpy(out, "\\\\"); break;
	case '\t': strcpy(out, "\\t"); break;
	case '\n': strcpy(out, "\\n"); break;
	case '\r': strcpy(out, "\\r"); break;
	default:
		if (c < 0x20 || c == 0x7f)
			sprintf(out, "\\x%02x", c);
		else {
			out[0] = (char)c;
			out[1] = '\0';
		}
	}
}

static void test_escape(void)
{
	struct { const char *in; size_t len; const char *out; const char *what; } cases[] = {
		{ "a\tb", 3, "a\\tb", "TAB" },
		{ "a\nb", 3, "a\\nb", "LF" },
		{ "a\rb", 3, "a\\rb", "CR" },
		{ "a\\b", 3, "a\\\\b", "backslash" },
		{ "\\\\", 2, "\\\\\\\\", "two backslashes" },
		{ "\x01", 1, "\\x01", "0x01" },
		{ "\x1f", 1, "\\x1f", "0x1f" },
		{ "a\0b", 3, "a\\x00b", "NUL" },
		{ "\x1b[0m", 4, "\\x1b[0m", "ESC" },
		{ "\x7f", 1, "\\x7f", "0x7f (lower-case hex)" },
		{ "\x0b\x0c", 2, "\\x0b\\x0c", "VT and FF" },
		{ " ~", 2, " ~", "0x20 and 0x7e as is" },
		{ "\xc3\x28", 2, "\xc3\x28", "invalid UTF-8 as is" },
		{ "\xff\xfe\x80", 3, "\xff\xfe\x80", "high bytes as is" },
		{ "\xe2\x82\xac", 3, "\xe2\x82\xac", "valid UTF-8 as is" },
		{ "", 0, "", "empty field" },
		{ "plain_name", 10, "plain_name", "plain field" },
		{ "\t\n\r\\", 4, "\\t\\n\\r\\\\", "all short forms in a row" },
	};
	size_t n;
	char *got;

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		got = escape(cases[i].in, cases[i].len, &n);
		ok(n == strlen(cases[i].out) && memcmp(got, cases[i].out, n) == 0,
		    "put_field: %s -> '%s'", cases[i].what, cases[i].out);
		free(got);
	}

	/* Every single byte, exactly as kota(5) says. */
	int good = 1, notabs = 1;
	for (unsigned c = 0; c < 256; c++) {
		char want[8], in = (char)c;
		expected_escape(c, want);
		got = escape(&in, 1, &n);
		good &= n == strlen(want) && memcmp(got, want, n) == 0;
		notabs &= memchr(got, '\t', n) == NULL && memchr(got, '\n', n) == NULL &&
		    memchr(got, '\r', n) == NULL;
		free(got);
	}
	ok(good, "put_field: each of the 256 bytes is written as kota(5) says");
	ok(notabs, "put_field: no output holds TAB, LF or CR");

	/* All 256 bytes in one field, and a long field. */
	char all[256];
	for (int c = 0; c < 256; c++)
		all[c] = (char)c;
	got = escape(all, sizeof all, &n);
	char want[1024];
	size_t wn = 0;
	for (unsigned c = 0; c < 256; c++) {
		expected_escape(c, want + wn);
		wn += strlen(want + wn);
	}
	ok(n == wn && memcmp(got, want, n) == 0, "put_field: all 256 bytes in one field");
	long l = kota_unescape(got, n);
	ok(l == 256 && memcmp(got, all, 256) == 0, "unescape: all 256 bytes come back");
	free(got);
}

static void test_unescape(void)
{
	char buf[64];
	long l;
	int good;

	/* The inverse of put_field for every byte, alone and between others. */
	good = 1;
	for (unsigned c = 0; c < 256; c++) {
		char s[3] = { 'a', (char)c, 'z' };
		size_t n;
		char *e = escape(s, 3, &n);
		l = kota_unescape(e, n);
		good &= l == 3 && memcmp(e, s, 3) == 0;
		free(e);
	}
	ok(good, "unescape(put_field(x)) == x for every byte between others");

	/* \xHH for every byte, both cases of hex digits. */
	good = 1;
	for (unsigned c = 0; c < 256; c++) {
		snprintf(buf, sizeof buf, "\\x%02x", c);
		good &= kota_unescape(buf, 4) == 1 && (unsigned char)buf[0] == c;
		snprintf(buf, sizeof buf, "\\x%02X", c);
		good &= kota_unescape(buf, 4) == 1 && (unsigned char)buf[0] == c;
	}
	ok(good, "unescape: \\xHH for all 256 values, lower and upper case");

	strcpy(buf, "\\x41\\x62c");
	ok(kota_unescape(buf, 9) == 3 && memcmp(buf, "Abc", 3) == 0, "unescape: \\x for bytes that need no escape");
	strcpy(buf, "no escapes");
	ok(kota_unescape(buf, 10) == 10 && strcmp(buf, "no escapes") == 0, "unescape: no backslash, unchanged");
	ok(kota_unescape(buf, 0) == 0, "unescape: empty field");
	strcpy(buf, "a\\\\b\\tc");
	ok(kota_unescape(buf, 7) == 5 && memcmp(buf, "a\\b\tc", 5) == 0, "unescape: \\\\ and \\t in place");
	strcpy(buf, "\\\\x41");
	ok(kota_unescape(buf, 5) == 4 && memcmp(buf, "\\x41", 4) == 0, "unescape: \\\\x41 is a backslash then x41");
	strcpy(buf, "\\x41XYZ");
	ok(kota_unescape(buf, 4) == 1 && buf[0] == 'A', "unescape: respects LEN, not the NUL");

	struct { const char *in; const char *msg; } bad[] = {
		{ "\\q", "bad escape '\\q'" },
		{ "ab\\q", "bad escape '\\q'" },
		{ "\\x4", "bad escape '\\x' (need two hex digits)" },
		{ "\\x", "bad escape '\\x' (need two hex digits)" },
		{ "\\x4g", "bad escape '\\x' (need two hex digits)" },
		{ "\\xg4", "bad escape '\\x' (need two hex digits)" },
		{ "\\x 4", "bad escape '\\x' (need two hex digits)" },
		{ "\\", "backslash at end of field" },
		{ "abc\\", "backslash at end of field" },
		{ "\\\\\\", "backslash at end of field" },
		{ "\\\x01", "bad escape '\\\\x01'" },
		{ "\\\x7f", "bad escape '\\\\x7f'" },
		{ "\\T", "bad escape '\\T'" },
		{ "\\0", "bad escape '\\0'" },
		{ "\\N", "bad escape '\\N'" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		kota_error_set("stale");
		strcpy(buf, bad[i].in);
		l = kota_unescape(buf, strlen(bad[i].in));
		ok(l == -1 && err_is(bad[i].msg), "unescape: bad escape #%zu -> -1, \"%s\" (got \"%s\")",
		    i, bad[i].msg, shown(kota_error_last()));
	}
	/* \x4 at the very end, with more bytes after LEN. */
	strcpy(buf, "a\\x41");
	ok(kota_unescape(buf, 4) == -1, "unescape: \\x4 cut short by LEN");
}

int main(void)
{
	test_begin();
	run_group("escape", test_escape);
	run_group("unescape", test_unescape);
	return test_end();
}
