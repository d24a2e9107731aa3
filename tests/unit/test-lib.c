/*
 * Unit tests for libkota: encoding helpers, checksums, escaping, the stream
 * reader, the index writer, the index reader and its resistance to damaged
 * and hostile files.
 *
 * Each group of tests runs in a child process (run_group), and so does
 * every kota_stream_each call and the fuzz loops (run_isolated): a crash or
 * sanitizer abort in the library becomes a failing "BUG (library crash)"
 * test point and the other tests still run.  Known library bugs are kept
 * as failing tests with "BUG" in their description.  Files go to a
 * temporary directory, removed at the end unless KOTA_TEST_KEEP is set.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define KOTA_TEST_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KOTA_TEST_LSAN 1
#endif
#endif
#ifdef KOTA_TEST_LSAN
#include <sanitizer/lsan_interface.h>
#endif

#include "kota.h"
#include "internal.h"
#include "le.h"
#include "tap.h"

/*
 * Evaluate the condition before the description's arguments (which may
 * show its outcome), and mirror the counts into shared memory so that a
 * group of tests run in a child process (see run_group) hands them back.
 */
static struct tap_mirror {
	int count, failed;
} *tap_mirror;

#undef ok
#define ok(cond, ...) do { \
		int ok_pass_ = !!(cond); \
		tap_ok(ok_pass_, __FILE__, __LINE__, __VA_ARGS__); \
		if (tap_mirror != NULL) { \
			tap_mirror->count = tap_count; \
			tap_mirror->failed = tap_failed; \
		} \
	} while (0)

/* ---- small helpers ---- */

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

/* S (LEN bytes) made printable for a test description: other bytes as \xHH. */
static const char *shown_n(const char *s, size_t len)
{
	static char buf[4][1200];
	static int k;
	char *o = buf[k = (k + 1) % 4];
	size_t n = 0;

	for (size_t i = 0; i < len && n + 5 < sizeof buf[0]; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f && c != '\\')
			o[n++] = (char)c;
		else
			n += (size_t)sprintf(o + n, "\\x%02x", c);
	}
	o[n] = '\0';
	return o;
}

static const char *shown(const char *s)
{
	return shown_n(s, strlen(s));
}

/* Does the last error message equal / contain / start with the string? */
static int err_is(const char *want)
{
	return strcmp(kota_error_last(), want) == 0;
}

static int err_has(const char *want)
{
	return strstr(kota_error_last(), want) != NULL;
}

/* A message is one non-empty line. */
static int err_one_line(void)
{
	const char *m = kota_error_last();
	return m[0] != '\0' && strchr(m, '\n') == NULL;
}

/*
 * Run FN(ARG) in a child process so that a crash (or a sanitizer abort) in
 * the library fails a test instead of ending the run.  Results come back
 * through memory from shared_alloc or files.  0 if the child finished
 * normally, else -1 and WHY says how it died.
 */
static void *shared_alloc(size_t n)
{
	void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		abort();
	memset(p, 0, n);
	return p;
}

static int run_isolated(void (*fn)(void *), void *arg, char *why, size_t whylen)
{
	pid_t pid;
	int st;

	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) < 0)
		abort();
	if (pid == 0) {
		fn(arg);
		fflush(stdout);
		_exit(0);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			abort();
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	if (WIFSIGNALED(st))
		snprintf(why, whylen, "killed by signal %d", WTERMSIG(st));
	else
		snprintf(why, whylen, "exited with status %d", WEXITSTATUS(st));
	return -1;
}

/* ---- 1. little-endian helpers ---- */

static void test_le(void)
{
	unsigned char b[8];

	kota_put32(b, 0x11223344u);
	ok(b[0] == 0x44 && b[1] == 0x33 && b[2] == 0x22 && b[3] == 0x11, "put32 writes little-endian bytes");
	ok(kota_get32(b) == 0x11223344u, "get32 reads them back");
	kota_put64(b, 0x0102030405060708ull);
	ok(b[0] == 8 && b[7] == 1 && kota_get64(b) == 0x0102030405060708ull, "put64/get64 round trip");
	kota_put16(b, 0xbeef);
	ok(b[0] == 0xef && b[1] == 0xbe && kota_get16(b) == 0xbeef, "put16/get16 round trip");
}

static void test_le_bounds(void)
{
	static const uint16_t v16[] = { 0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xfffe, 0xffff };
	static const uint32_t v32[] = { 0, 1, 0xff, 0x100, 0x7fffffffu, 0x80000000u, 0xfffffffeu,
		0xffffffffu, 0x01020304u, 0xff00ff00u };
	static const uint64_t v64[] = { 0, 1, 0xffffffffull, 0x100000000ull, 0x7fffffffffffffffull,
		0x8000000000000000ull, 0xfffffffffffffffeull, UINT64_MAX, 0x0102030405060708ull,
		0x00ff00ff00ff00ffull };
	unsigned char buf[17];
	int good;

	/* Round trips at every alignment, and the exact bytes written. */
	good = 1;
	for (size_t i = 0; i < sizeof v16 / sizeof *v16; i++)
		for (int a = 0; a < 8; a++) {
			memset(buf, 0xaa, sizeof buf);
			kota_put16(buf + a, v16[i]);
			good &= kota_get16(buf + a) == v16[i];
			good &= buf[a] == (v16[i] & 0xff) && buf[a + 1] == v16[i] >> 8;
			good &= (a == 0 || buf[a - 1] == 0xaa) && buf[a + 2] == 0xaa;
		}
	ok(good, "put16/get16: boundary values at every alignment, exact bytes, no spill");
	good = 1;
	for (size_t i = 0; i < sizeof v32 / sizeof *v32; i++)
		for (int a = 0; a < 8; a++) {
			memset(buf, 0xaa, sizeof buf);
			kota_put32(buf + a, v32[i]);
			good &= kota_get32(buf + a) == v32[i];
			for (int k = 0; k < 4; k++)
				good &= buf[a + k] == (unsigned char)(v32[i] >> (8 * k));
			good &= (a == 0 || buf[a - 1] == 0xaa) && buf[a + 4] == 0xaa;
		}
	ok(good, "put32/get32: boundary values at every alignment, exact bytes, no spill");
	good = 1;
	for (size_t i = 0; i < sizeof v64 / sizeof *v64; i++)
		for (int a = 0; a < 8; a++) {
			memset(buf, 0xaa, sizeof buf);
			kota_put64(buf + a, v64[i]);
			good &= kota_get64(buf + a) == v64[i];
			for (int k = 0; k < 8; k++)
				good &= buf[a + k] == (unsigned char)(v64[i] >> (8 * k));
			good &= (a == 0 || buf[a - 1] == 0xaa) && buf[a + 8] == 0xaa;
		}
	ok(good, "put64/get64: boundary values at every alignment, exact bytes, no spill");

	memcpy(buf, "\xff\xff\xff\xff\xff\xff\xff\xff", 8);
	ok(kota_get16(buf) == 0xffff && kota_get32(buf) == 0xffffffffu && kota_get64(buf) == UINT64_MAX,
	    "get16/32/64 of all-ones bytes (no sign extension)");
	memcpy(buf, "\x80\x00\x00\x80\x00\x00\x00\x80", 8);
	ok(kota_get16(buf) == 0x0080 && kota_get32(buf) == 0x80000080u &&
	    kota_get64(buf) == 0x8000000080000080ull, "get16/32/64 with high bits set in each byte");
	kota_put64(buf, 0xa1);
	ok(memcmp(buf, "\xa1\0\0\0\0\0\0\0", 8) == 0, "put64 of id 0xa1 is a1 00 00 00 00 00 00 00 (kota(5))");
}

static void test_crc(void)
{
	ok(kota_crc32c(0, "123456789", 9) == 0xe3069283u, "crc32c check value");
	ok(kota_crc32c(kota_crc32c(0, "1234", 4), "56789", 5) == 0xe3069283u, "crc32c continues");
	ok(kota_crc32c(0, "", 0) == 0, "crc32c of nothing is 0");
	ok(kota_crc32c(0, "\0\0\0\0\0", 5) == 0x45727635u, "crc32c of the empty string entry (kota(5))");

	/* Continuing at every split point agrees with one pass. */
	unsigned char data[300];
	int good = 1;
	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (unsigned char)(i * 37 + 11);
	uint32_t whole = kota_crc32c(0, data, sizeof data);
	for (size_t k = 0; k <= sizeof data; k++)
		good &= kota_crc32c(kota_crc32c(0, data, k), data + k, sizeof data - k) == whole;
	ok(good, "crc32c split at every point equals one pass");
	/* Unaligned starts (a byte-wise reference vs. whatever the library does). */
	good = 1;
	for (size_t a = 0; a < 16; a++) {
		uint32_t c = 0xffffffffu;
		for (size_t i = a; i < sizeof data; i++) {
			c ^= data[i];
			for (int b = 0; b < 8; b++)
				c = c & 1 ? (c >> 1) ^ 0x82f63b78u : c >> 1;
		}
		good &= kota_crc32c(0, data + a, sizeof data - a) == (c ^ 0xffffffffu);
	}
	ok(good, "crc32c matches a bitwise reference at unaligned starts");
}

/* ---- 1b. escaping ---- */

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

static void test_parse_id(void)
{
	uint64_t v = 0;

	ok(kota_parse_id("00000000000000a1", 16, &v) == 0 && v == 0xa1, "parse_id: 00000000000000a1");
	ok(kota_parse_id("0123456789abcdef", 16, &v) == 0 && v == 0x0123456789abcdefull, "parse_id: all lower digits");
	ok(kota_parse_id("0123456789ABCDEF", 16, &v) == 0 && v == 0x0123456789abcdefull, "parse_id: upper case");
	ok(kota_parse_id("FfFfFfFfFfFfFfFf", 16, &v) == 0 && v == UINT64_MAX, "parse_id: mixed case, max");
	ok(kota_parse_id("0000000000000001", 16, &v) == 0 && v == 1, "parse_id: 1");
	ok(kota_parse_id("8000000000000000", 16, &v) == 0 && v == 0x8000000000000000ull, "parse_id: top bit");
	ok(kota_parse_id("00000000000000a1x", 16, &v) == 0 && v == 0xa1, "parse_id: reads only LEN bytes");
	v = 42;
	ok(kota_parse_id("000000000000001", 15, &v) == -1, "parse_id: 15 digits rejected");
	ok(kota_parse_id("00000000000000001", 17, &v) == -1, "parse_id: 17 digits rejected");
	ok(kota_parse_id("", 0, &v) == -1, "parse_id: empty rejected");
	ok(kota_parse_id("0000000000000000", 16, &v) == -1, "parse_id: all zero rejected");
	ok(kota_parse_id("000000000000000g", 16, &v) == -1, "parse_id: 'g' rejected");
	ok(kota_parse_id("g000000000000001", 16, &v) == -1, "parse_id: leading 'g' rejected");
	ok(kota_parse_id("0x00000000000001", 16, &v) == -1, "parse_id: 0x prefix rejected");
	ok(kota_parse_id(" 000000000000001", 16, &v) == -1, "parse_id: space rejected");
	ok(kota_parse_id("-000000000000001", 16, &v) == -1, "parse_id: sign rejected");
	ok(kota_parse_id("00000000\0000000a1", 16, &v) == -1, "parse_id: embedded NUL rejected");
	ok(kota_parse_id("00000000000000\xff" "1", 16, &v) == -1, "parse_id: byte 0xff rejected");
	ok(kota_parse_id("0000000000000:01", 16, &v) == -1 && kota_parse_id("0000000000000@01", 16, &v) == -1 &&
	    kota_parse_id("0000000000000G01", 16, &v) == -1 && kota_parse_id("0000000000000`01", 16, &v) == -1,
	    "parse_id: bytes next to the hex ranges rejected");
	int good = 1;
	for (unsigned c = 0; c < 256; c++) {
		char s[16];
		memset(s, '1', 16);
		s[7] = (char)c;
		int hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
		good &= (kota_parse_id(s, 16, &v) == 0) == hex;
	}
	ok(good, "parse_id: exactly the 22 hex bytes accepted at a digit position");
}

static void test_kinds(void)
{
	int good = 1;

	for (int k = 1; k <= KOTA_KIND_MAX; k++) {
		const char *n = kota_kind_name(k);
		good &= n != NULL && kota_kind_from_name(n, strlen(n)) == k;
	}
	ok(good, "kind names round trip for 1..%d", KOTA_KIND_MAX);
	ok(kota_kind_name(0) == NULL && kota_kind_name(KOTA_KIND_MAX + 1) == NULL && kota_kind_name(200) == NULL &&
	    kota_kind_name(-1) == NULL, "kind_name of non-kinds is NULL");
	ok(kota_kind_from_name("foo", 3) == 0 && kota_kind_from_name("functio", 7) == 0 &&
	    kota_kind_from_name("functions", 9) == 0 && kota_kind_from_name("Function", 8) == 0 &&
	    kota_kind_from_name("", 0) == 0, "kind_from_name rejects non-kinds");
	ok(kota_kind_from_name("struct", 6) == KOTA_KIND_STRUCT && kota_kind_from_name("impl", 4) == 17 &&
	    kota_kind_from_name("function", 8) == 1, "kind numbers as in kota(5)");
}


/* ---- 2. the stream reader ---- */

/* A temporary file holding LEN bytes at DATA, unlinked, at offset 0. */
static int tmp_fd(const void *data, size_t len)
{
	char path[] = "/tmp/kota-test-XXXXXX";
	int fd = mkstemp(path);
	const char *p = data;

	if (fd < 0)
		abort();
	unlink(path);
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n <= 0)
			abort();
		p += n;
		len -= (size_t)n;
	}
	lseek(fd, 0, SEEK_SET);
	return fd;
}

/* A pipe fed by a thread: read end returned, join with pipe_join. */
struct feeder {
	pthread_t thread;
	int fd;
	const char *data;
	size_t len;
};

static void *feed(void *arg)
{
	struct feeder *f = arg;
	const char *p = f->data;
	size_t len = f->len;

	while (len > 0) {
		ssize_t n = write(f->fd, p, len > 4093 ? 4093 : len);	/* odd-sized writes */
		if (n <= 0)
			break;
		p += n;
		len -= (size_t)n;
	}
	close(f->fd);
	return NULL;
}

static int pipe_fd(struct feeder *f, const void *data, size_t len)
{
	int p[2];

	if (pipe(p) < 0)
		abort();
	f->fd = p[1];
	f->data = data;
	f->len = len;
	if (pthread_create(&f->thread, NULL, feed, f) != 0)
		abort();
	return p[0];
}

static void pipe_join(struct feeder *f, int fd)
{
	char sink[4096];

	/* Drain what the reader left so the feeder can finish. */
	while (read(fd, sink, sizeof sink) > 0)
		;
	close(fd);
	pthread_join(f->thread, NULL);
}

struct run {
	int rc;
	uint64_t nrec, lines;
	char msg[1024];
	char *out;		/* the records again, as kota_put_record writes them */
	size_t outlen;
};

static void run_free(struct run *r)
{
	free(r->out);
	r->out = NULL;
}

static void put_canonical(FILE *fp, const kota_record *rec)
{
	kota_put_record(fp, rec);
}

/* Read DATA with kota_reader_next (from a pipe with USE_PIPE). */
static void run_reader(const char *data, size_t len, int use_pipe, struct run *r)
{
	struct feeder f;
	int fd = use_pipe ? pipe_fd(&f, data, len) : tmp_fd(data, len);
	FILE *fp = open_memstream(&r->out, &r->outlen);
	kota_reader *rd;
	kota_record rec;

	r->nrec = 0;
	kota_error_set("stale");
	if (kota_reader_new(&rd, fd, "t") < 0)
		abort();
	while ((r->rc = kota_reader_next(rd, &rec)) > 0) {
		r->nrec++;
		put_canonical(fp, &rec);
	}
	r->lines = kota_reader_line(rd);
	snprintf(r->msg, sizeof r->msg, "%s", r->rc < 0 ? kota_error_last() : "");
	kota_reader_free(rd);
	fclose(fp);
	if (use_pipe)
		pipe_join(&f, fd);
	else
		close(fd);
}

struct each_ctx {
	FILE *fp;
	uint64_t n, fail_at;	/* fail on record FAIL_AT (1-based), 0 never */
};

static int each_cb(void *arg, const kota_record *rec)
{
	struct each_ctx *c = arg;

	if (++c->n == c->fail_at)
		return kota_error_set("callback says no");
	put_canonical(c->fp, rec);
	return 0;
}

struct each_job {
	const char *data;
	size_t len;
	int use_pipe;
	uint64_t fail_at;
	int outfd;
	struct {
		int rc;
		uint64_t nrec, lines;
		char msg[1024];
	} *res;			/* shared with the parent */
};

static void each_child(void *arg)
{
	struct each_job *j = arg;
	struct feeder f;
	int fd = j->use_pipe ? pipe_fd(&f, j->data, j->len) : tmp_fd(j->data, j->len);
	struct each_ctx c = { fdopen(j->outfd, "w"), 0, j->fail_at };
	uint64_t lines = 12345;
	int rc;

	kota_error_set("stale");
	rc = kota_stream_each(fd, "t", each_cb, &c, &lines);
	j->res->rc = rc;
	j->res->lines = lines;
	j->res->nrec = c.n - (rc < 0 && j->fail_at != 0 && c.n == j->fail_at);
	snprintf(j->res->msg, sizeof j->res->msg, "%s", rc < 0 ? kota_error_last() : "");
	fclose(c.fp);
	if (j->use_pipe)
		pipe_join(&f, fd);
	else
		close(fd);
}

/* kota_stream_each on DATA, in a child; a crash gives rc -2 and a message saying so. */
static void run_each(const char *data, size_t len, int use_pipe, uint64_t fail_at, struct run *r)
{
	struct each_job j = { data, len, use_pipe, fail_at, tmp_fd("", 0), shared_alloc(sizeof *j.res) };
	char why[100];
	struct stat st;

	j.res->rc = -3;
	if (run_isolated(each_child, &j, why, sizeof why) < 0) {
		r->rc = -2;
		r->nrec = r->lines = 0;
		snprintf(r->msg, sizeof r->msg, "BUG: kota_stream_each crashed (%s)", why);
	} else {
		r->rc = j.res->rc;
		r->nrec = j.res->nrec;
		r->lines = j.res->lines;
		snprintf(r->msg, sizeof r->msg, "%s", j.res->msg);
	}
	fstat(j.outfd, &st);
	r->outlen = (size_t)st.st_size;
	r->out = malloc(r->outlen + 1);
	if (pread(j.outfd, r->out, r->outlen, 0) != (ssize_t)r->outlen)
		abort();
	close(j.outfd);
	munmap(j.res, sizeof *j.res);
}

#define HDR "kota-stream\t1\n"
#define FREC "F\ta.c\tc\t-\t10\n"
#define SREC(rest) "S\t00000000000000a1\tfunction\tmain\t" rest "\n"

/*
 * A stream error message: exactly PREFIX ("NAME:LINE: "), then the message,
 * which holds KEY (its wording may be refined; kota(5) lists the messages),
 * on one line.
 */
static int stream_msg_is(const char *msg, const char *prefix, const char *key)
{
	size_t n = strlen(prefix);

	return strncmp(msg, prefix, n) == 0 && strstr(msg + n, key) != NULL && strchr(msg, '\n') == NULL &&
	    strncmp(msg + n, "t:", 2) != 0;
}

/* Prefixes of the descriptions of stream_err (to mark known library bugs). */
static const char *note_reader = "", *note_each = "";

/* DATA must fail at LINE with MSG, the same way through both readers. */
static void stream_err(const char *data, unsigned line, const char *msg)
{
	char want[1100];
	struct run r = { 0 }, e = { 0 };

	snprintf(want, sizeof want, "t:%u: ", line);
	run_reader(data, strlen(data), 0, &r);
	ok(r.rc == -1 && stream_msg_is(r.msg, want, msg), "%sreader: \"%s%s\" (got %d \"%s\")",
	    note_reader, want, msg, r.rc, shown(r.msg));
	run_each(data, strlen(data), 1, 0, &e);
	ok(e.rc == -1 && stream_msg_is(e.msg, want, msg), "%s%sstream_each: \"%s%s\" (got %d \"%s\")",
	    e.rc == -2 ? "BUG (library crash): " : "", note_each, want, msg, e.rc, shown(e.msg));
	run_free(&r);
	run_free(&e);
}

/* A note for descriptions when the library crashed in a child. */
#define CRASHED(r) ((r).rc == -2 ? "BUG (library crash): " : "")

/* DATA must be accepted by both readers, giving NREC records. */
static void stream_good(const char *data, uint64_t nrec, const char *what)
{
	struct run r = { 0 }, e = { 0 };

	run_reader(data, strlen(data), 1, &r);
	run_each(data, strlen(data), 0, 0, &e);
	ok(r.rc == 0 && r.nrec == nrec && e.rc == 0 && e.nrec == nrec &&
	    r.outlen == e.outlen && memcmp(r.out, e.out, r.outlen) == 0,
	    "%saccepted by both readers: %s (got %d/%llu \"%s\", %d/%llu \"%s\")", CRASHED(e), what,
	    r.rc, (unsigned long long)r.nrec, r.msg, e.rc, (unsigned long long)e.nrec, e.msg);
	run_free(&r);
	run_free(&e);
}

static void test_stream_errors(void)
{
	/* The header. */
	stream_err("foo\n", 1, "missing stream header");
	stream_err("kota-stream\t2\n", 1, "unsupported stream version 2");
	stream_err("kota-stream\t10\n", 1, "unsupported stream version 10");
	stream_err("kota-stream\t1 \n", 1, "unsupported stream version 1 ");
	stream_err("kota-stream 1\n", 1, "missing stream header");
	stream_err("kota-stream\n", 1, "missing stream header");
	stream_err("# comment\n" HDR, 1, "missing stream header");
	stream_err("\n", 1, "missing stream header");
	stream_err("kota-stream\t1", 1, "line not terminated by newline");
	stream_err("kota-stream\\t1\n", 1, "missing stream header");
	/* Lines and records. */
	stream_err(HDR "\n", 2, "empty line");
	stream_err(HDR "X\ta\n", 2, "unknown record type");
	stream_err(HDR "MM\ta\tb\n", 2, "unknown record type");
	stream_err(HDR "m\ta\tb\n", 2, "unknown record type");
	stream_err(HDR "M\tk\tv", 2, "line not terminated by newline");
	stream_err(HDR FREC FREC "F\tb.c\tc\t-\t1", 4, "line not terminated by newline");
	/* Field counts. */
	stream_err(HDR "M\tk\n", 2, "expected 3 fields in M record, got 2");
	stream_err(HDR "M\tk\tv\tw\n", 2, "expected 3 fields in M record, got 4");
	stream_err(HDR "M\n", 2, "expected 3 fields in M record, got 1");
	stream_err(HDR "F\ta.c\tc\t-\n", 2, "expected 5 fields in F record, got 4");
	stream_err(HDR "F\ta.c\tc\t-\t1\t\n", 2, "expected 5 fields in F record, got 6");
	stream_err(HDR FREC "S\t00000000000000a1\tfunction\tmain\t1\t1\t2\n", 3,
	    "expected 10 fields in S record, got 7");
	stream_err(HDR FREC SREC("1\t1\t2\t1\t-\tsig\textra"), 3, "expected 10 fields in S record, got 11");
	stream_err(HDR FREC SREC("1\t1\t2\t1\t-\t\t\t\t\t\t\t\t\t\t\t\t"), 3, "expected 10 fields in S record, got 21");
	/* Meta and file fields. */
	stream_err(HDR "M\t\tv\n", 2, "empty meta key");
	stream_err(HDR "F\t\tc\t-\t1\n", 2, "empty path");
	stream_err(HDR "F\t/a.c\tc\t-\t1\n", 2, "path is absolute");
	stream_err(HDR "F\ta\\x00b\tc\t-\t1\n", 2, "path contains a NUL byte");
	stream_err(HDR "F\ta.c\t\t-\t1\n", 2, "empty language");
	stream_err(HDR "F\ta.c\tc\tabc\t1\n", 2, "bad blob id (want '-' or 40 or 64 lowercase hex digits)");
	stream_err(HDR "F\ta.c\tc\tC2F276E156FA652F1A5263476C8B968C70911285\t1\n", 2,
	    "bad blob id (want '-' or 40 or 64 lowercase hex digits)");
	stream_err(HDR "F\ta.c\tc\tc2f276e156fa652f1a5263476c8b968c7091128\t1\n", 2,
	    "bad blob id (want '-' or 40 or 64 lowercase hex digits)");
	stream_err(HDR "F\ta.c\tc\t-\t\n", 2, "bad size");
	stream_err(HDR "F\ta.c\tc\t-\t-1\n", 2, "bad size");
	stream_err(HDR "F\ta.c\tc\t-\t+1\n", 2, "bad size");
	stream_err(HDR "F\ta.c\tc\t-\t0x10\n", 2, "bad size");
	stream_err(HDR "F\ta.c\tc\t-\t 1\n", 2, "bad size");
	stream_err(HDR "F\ta.c\tc\t-\t18446744073709551616\n", 2, "bad size");
	stream_err(HDR "F\ta.c\tc\t-\t99999999999999999999\n", 2, "bad size");
	stream_err(HDR "F\ta.c\tc\t-\t000000000000000000001\n", 2, "bad size");
	/* Symbol fields. */
	stream_err(HDR FREC "S\t00000000000000a\tfunction\tmain\t1\t1\t2\t1\t-\t\n", 3,
	    "bad symbol id (want 16 hex digits, not all zero)");
	stream_err(HDR FREC "S\t000000000000000a1\tfunction\tmain\t1\t1\t2\t1\t-\t\n", 3,
	    "bad symbol id (want 16 hex digits, not all zero)");
	stream_err(HDR FREC "S\t0000000000000000\tfunction\tmain\t1\t1\t2\t1\t-\t\n", 3,
	    "bad symbol id (want 16 hex digits, not all zero)");
	stream_err(HDR FREC "S\t00000000000000z1\tfunction\tmain\t1\t1\t2\t1\t-\t\n", 3,
	    "bad symbol id (want 16 hex digits, not all zero)");
	stream_err(HDR FREC "S\t00000000000000a1\tfoo\tmain\t1\t1\t2\t1\t-\t\n", 3, "unknown kind 'foo'");
	stream_err(HDR FREC "S\t00000000000000a1\tFunction\tmain\t1\t1\t2\t1\t-\t\n", 3, "unknown kind 'Function'");
	stream_err(HDR FREC "S\t00000000000000a1\t\tmain\t1\t1\t2\t1\t-\t\n", 3, "unknown kind ''");
	stream_err(HDR FREC "S\t00000000000000a1\tfunction\t\t1\t1\t2\t1\t-\t\n", 3, "empty name");
	stream_err(HDR FREC SREC("0\t1\t2\t1\t-\t"), 3, "bad line or column (want a number from 1 to 4294967295)");
	stream_err(HDR FREC SREC("1\t0\t2\t1\t-\t"), 3, "bad line or column (want a number from 1 to 4294967295)");
	stream_err(HDR FREC SREC("1\t1\t0\t1\t-\t"), 3, "bad line or column (want a number from 1 to 4294967295)");
	stream_err(HDR FREC SREC("1\t1\t2\t0\t-\t"), 3, "bad line or column (want a number from 1 to 4294967295)");
	stream_err(HDR FREC SREC("4294967296\t1\t4294967296\t1\t-\t"), 3,
	    "bad line or column (want a number from 1 to 4294967295)");
	stream_err(HDR FREC SREC("1\t1\t99999999999999999999\t1\t-\t"), 3,
	    "bad line or column (want a number from 1 to 4294967295)");
	stream_err(HDR FREC SREC("1\t1\t2\t-1\t-\t"), 3, "bad line or column (want a number from 1 to 4294967295)");
	stream_err(HDR FREC SREC("1\t1\t2\t\t-\t"), 3, "bad line or column (want a number from 1 to 4294967295)");
	stream_err(HDR FREC SREC("1\t1\t2\t1x\t-\t"), 3, "bad line or column (want a number from 1 to 4294967295)");
	stream_err(HDR FREC SREC("5\t1\t4\t9\t-\t"), 3, "symbol ends before it starts");
	stream_err(HDR FREC SREC("5\t3\t5\t2\t-\t"), 3, "symbol ends before it starts");
	stream_err(HDR FREC SREC("4294967295\t1\t1\t1\t-\t"), 3, "symbol ends before it starts");
	stream_err(HDR FREC SREC("1\t1\t2\t1\t\t"), 3, "bad parent id (want '-' or 16 hex digits)");
	stream_err(HDR FREC SREC("1\t1\t2\t1\t--\t"), 3, "bad parent id (want '-' or 16 hex digits)");
	stream_err(HDR FREC SREC("1\t1\t2\t1\t0000000000000000\t"), 3, "bad parent id (want '-' or 16 hex digits)");
	/* Escapes, with the line prefix, before any other error of the line. */
	stream_err(HDR "M\ta\\qb\tv\n", 2, "bad escape '\\q'");
	stream_err(HDR "M\tk\tv\\\n", 2, "backslash at end of field");
	stream_err(HDR "M\tk\tv\\x4\n", 2, "bad escape '\\x' (need two hex digits)");
	stream_err(HDR "M\tk\t\\\x01\n", 2, "bad escape '\\\\x01'");
	stream_err(HDR "M\t\t\\q\n", 2, "bad escape '\\q'");
	stream_err(HDR "Q\t\\q\n", 2, "bad escape '\\q'");
	stream_err(HDR "M\tk\tv\t\\q\n", 2, "bad escape '\\q'");
	stream_err(HDR FREC "S\t0000000000000000\tfoo\t\t0\t0\t0\t0\t0\t\\q\n", 3, "bad escape '\\q'");
	/* Line numbers count the header and comments. */
	stream_err(HDR "# one\n#\n# three\nM\t\tv\n", 5, "empty meta key");
	stream_err(HDR "M\tk\tv\n# c\n" FREC "# c\n" SREC("1\t1\t2\t1\t-\t") "# c\n" "S\tzz\n", 8,
	    "expected 10 fields in S record, got 2");
	/*
	 * The first error wins, also when the last line lacks its newline
	 * (kota(5): a reader stops at the first error), in kota_stream_each too.
	 */
	stream_err(HDR "M\t\tv\nM\tk\tv\nM\tk2\tv", 2, "empty meta key");
	stream_err(HDR "M\t\tv\nM\tk\tv", 2, "empty meta key");
	stream_err(HDR "M\tk\tv\nM\tk2\tv", 3, "line not terminated by newline");
	/*
	 * kota(5): "a bad escape anywhere in a line is reported before any
	 * other error in it", also in an 11th field.
	 */
	stream_err(HDR FREC SREC("1\t1\t2\t1\t-\tsig\t\\q"), 3, "bad escape '\\q'");
	stream_err(HDR "M\tk\tv\t\t\t\t\t\t\t\t\tx\\"  "\n", 2, "backslash at end of field");
	stream_err(HDR "M\tk\tv\t\t\t\t\t\t\t\\" "\n", 2, "backslash at end of field");
}

/* An S record with id ID and the rest as given. */
static void test_stream_good(void)
{
	stream_good("", 0, "empty input (no lines)");
	stream_good(HDR, 0, "header only");
	stream_good(HDR "#\n# x\t\\q\n#\n", 0, "comments anywhere after the header, not unescaped");
	stream_good(HDR "M\tk\t\n", 1, "empty meta value");
	stream_good(HDR "F\ta.c\tc\t-\t18446744073709551615\n", 1, "size 2^64-1");
	stream_good(HDR "F\ta.c\tc\t-\t00000000000000000007\n", 1, "20 digits with leading zeros");
	stream_good(HDR "F\ta.c\tc\tc2f276e156fa652f1a5263476c8b968c70911285\t0\n", 1, "40-digit blob");
	stream_good(HDR "F\ta.c\tc\tc2f276e156fa652f1a5263476c8b968c70911285c2f276e156fa652f1a526347\t0\n", 1,
	    "64-digit blob");
	stream_good(HDR "F\ta\\tb\\nc\\x01\tc\t-\t0\n", 1, "escaped path");
	stream_good(HDR FREC SREC("4294967295\t4294967295\t4294967295\t4294967295\t-\t"), 2, "positions 2^32-1");
	stream_good(HDR FREC SREC("3\t5\t3\t5\t-\t"), 2, "empty range");
	stream_good(HDR FREC SREC("1\t1\t2\t1\tFFFFFFFFFFFFFFFF\tint main(void)"), 2, "upper-case parent");
	stream_good(HDR FREC "S\tABCDEF0123456789\tfunction\ta\\x00b\t1\t1\t2\t1\t-\t\n", 2, "upper-case id, NUL in name");

	/* The fields of a record. */
	const char *data = HDR "M\tor\\tigin\tex\\\\ample\n"
	    "F\tsrc/calc.c\tc\tc2f276e156fa652f1a5263476c8b968c70911285\t200\n"
	    "S\t9c3e1f0a5b7d2e64\tstruct\tacc\t3\t1\t5\t3\t-\tstruct acc\n"
	    "# comment\n"
	    "S\t41D8A2C6E0F3B975\tfield\tto\\x74al\t4\t2\t4\t12\t9c3e1f0a5b7d2e64\tint\\ttotal\n";
	int fd = tmp_fd(data, strlen(data));
	kota_reader *r;
	kota_record rec;
	int rc;

	ok(kota_reader_new(&r, fd, "t") == 0, "reader_new");
	rc = kota_reader_next(r, &rec);
	ok(rc == 1 && rec.type == KOTA_REC_META && rec.key.len == 7 && memcmp(rec.key.ptr, "or\tigin", 7) == 0 &&
	    rec.value.len == 8 && memcmp(rec.value.ptr, "ex\\ample", 8) == 0 && kota_reader_line(r) == 2,
	    "reader: M record unescaped, line 2");
	rc = kota_reader_next(r, &rec);
	ok(rc == 1 && rec.type == KOTA_REC_FILE && rec.path.len == 10 && memcmp(rec.path.ptr, "src/calc.c", 10) == 0 &&
	    rec.lang.len == 1 && rec.lang.ptr[0] == 'c' && rec.blob.len == 40 && rec.size == 200 &&
	    kota_reader_line(r) == 3, "reader: F record fields");
	rc = kota_reader_next(r, &rec);
	ok(rc == 1 && rec.type == KOTA_REC_SYMBOL && rec.id == 0x9c3e1f0a5b7d2e64ull && rec.kind == KOTA_KIND_STRUCT &&
	    rec.name.len == 3 && memcmp(rec.name.ptr, "acc", 3) == 0 && rec.start_line == 3 && rec.start_col == 1 &&
	    rec.end_line == 5 && rec.end_col == 3 && rec.parent == 0 && rec.signature.len == 10 &&
	    memcmp(rec.signature.ptr, "struct acc", 10) == 0, "reader: S record fields, no parent");
	rc = kota_reader_next(r, &rec);
	ok(rc == 1 && rec.id == 0x41d8a2c6e0f3b975ull && rec.kind == KOTA_KIND_FIELD && rec.name.len == 5 &&
	    memcmp(rec.name.ptr, "total", 5) == 0 && rec.parent == 0x9c3e1f0a5b7d2e64ull &&
	    rec.signature.len == 9 && memcmp(rec.signature.ptr, "int\ttotal", 9) == 0 && kota_reader_line(r) == 6,
	    "reader: S record after a comment: parent, escapes, line 6");
	ok(kota_reader_next(r, &rec) == 0 && kota_reader_next(r, &rec) == 0, "reader: 0 at the end, and again");
	kota_reader_free(r);
	close(fd);

	/* Records written by put_record read back the same. */
	struct run a = { 0 };
	run_reader(data, strlen(data), 0, &a);
	struct run b = { 0 };
	char *again = malloc(a.outlen + 15);
	memcpy(again, HDR, 14);
	memcpy(again + 14, a.out, a.outlen);
	run_reader(again, a.outlen + 14, 1, &b);
	free(again);
	ok(a.rc == 0 && b.rc == 0 && a.nrec == 4 && b.nrec == 4 && a.outlen == b.outlen &&
	    memcmp(a.out, b.out, a.outlen) == 0, "put_record output reads back to the same records");
	run_free(&a);
	run_free(&b);
}

/* A canonical stream of about BYTES bytes (kota_put_record's form). */
static char *big_stream(size_t bytes, size_t *len, uint64_t *nlines)
{
	char *buf = NULL, sig[200];
	size_t n = 0;
	FILE *fp = open_memstream(&buf, &n);
	uint64_t lines = 1, sym = 0;
	char path[64], name[64];
	kota_record rec;

	kota_put_header(fp);
	memset(&rec, 0, sizeof rec);
	rec.type = KOTA_REC_META;
	rec.key = (kota_str){ "origin", 6 };
	rec.value = (kota_str){ "big\ttest", 8 };
	kota_put_record(fp, &rec);
	lines++;
	for (int f = 0; ftell(fp) < (long)bytes; f++) {
		memset(&rec, 0, sizeof rec);
		rec.type = KOTA_REC_FILE;
		snprintf(path, sizeof path, "dir%d/file%05d.c", f % 7, f);
		rec.path = (kota_str){ path, strlen(path) };
		rec.lang = (kota_str){ "c", 1 };
		rec.blob = (kota_str){ "-", 1 };
		rec.size = (uint64_t)f * 1000;
		kota_put_record(fp, &rec);
		lines++;
		for (int s = 0; s < 100; s++) {
			memset(&rec, 0, sizeof rec);
			rec.type = KOTA_REC_SYMBOL;
			rec.id = ++sym * 0x9e3779b97f4a7c15ull | 1;
			rec.kind = 1 + s % KOTA_KIND_MAX;
			snprintf(name, sizeof name, "name_%d\\%d", f, s);
			rec.name = (kota_str){ name, strlen(name) };
			rec.start_line = (uint32_t)s + 1;
			rec.start_col = 1;
			rec.end_line = (uint32_t)s + 2;
			rec.end_col = 1;
			snprintf(sig, sizeof sig, "int name_%d(int a,\tint b) /* %d */", f, s);
			rec.signature = (kota_str){ sig, (s % 5) ? strlen(sig) : 0 };
			kota_put_record(fp, &rec);
			lines++;
		}
		if (f == 3) {
			/* One line longer than a reader's buffers. */
			char *longsig = malloc(3 << 20);
			memset(&rec, 0, sizeof rec);
			rec.type = KOTA_REC_SYMBOL;
			rec.id = 0xfeedfacecafebeefull;
			rec.kind = KOTA_KIND_MACRO;
			rec.name = (kota_str){ "LONG", 4 };
			rec.start_line = rec.start_col = rec.end_line = rec.end_col = 1;
			for (int k = 0; k < 3 << 20; k++)
				longsig[k] = (char)('a' + k % 26);
			rec.signature = (kota_str){ longsig, 3 << 20 };
			kota_put_record(fp, &rec);
			lines++;
			free(longsig);
		}
	}
	fclose(fp);
	*len = n;
	*nlines = lines;
	return buf;
}

static void test_stream_big(void)
{
	size_t len;
	uint64_t nlines;
	char *data = big_stream(9u << 20, &len, &nlines);
	struct run r = { 0 }, e = { 0 }, ep = { 0 };

	ok(len > 3u << 20, "big stream is %zu bytes (over 3 MiB)", len);
	run_reader(data, len, 0, &r);
	ok(r.rc == 0 && r.nrec == nlines - 1 && r.lines == nlines, "reader_next: %llu records, %llu lines",
	    (unsigned long long)r.nrec, (unsigned long long)r.lines);
	ok(r.outlen == len - 14 && memcmp(r.out, data + 14, len - 14) == 0, "reader_next: records written back give the input");
	run_each(data, len, 0, 0, &e);
	ok(e.rc == 0 && e.nrec == r.nrec && e.lines == nlines, "%sstream_each (file): same count, nlines %llu",
	    CRASHED(e), (unsigned long long)e.lines);
	ok(e.outlen == r.outlen && memcmp(e.out, r.out, r.outlen) == 0, "stream_each (file): same records in order");
	run_each(data, len, 1, 0, &ep);
	ok(ep.rc == 0 && ep.nrec == r.nrec && ep.lines == nlines && ep.outlen == r.outlen &&
	    memcmp(ep.out, r.out, r.outlen) == 0, "%sstream_each (pipe): same records in order", CRASHED(ep));
	run_free(&r);
	run_free(&e);
	run_free(&ep);

	/* A callback error late in the stream names the record's line. */
	uint64_t fail_at = nlines - 10;		/* record k is on line k + 1 */
	run_each(data, len, 1, fail_at, &e);
	char want[128];
	snprintf(want, sizeof want, "t:%llu: callback says no", (unsigned long long)fail_at + 1);
	ok(e.rc == -1 && strcmp(e.msg, want) == 0 && e.nrec == fail_at - 1,
	    "%sstream_each: callback error -> \"%s\" (got \"%s\")", CRASHED(e), want, e.msg);
	run_free(&e);
	run_each(data, len, 0, 2, &e);
	ok(e.rc == -1 && strcmp(e.msg, "t:3: callback says no") == 0, "%sstream_each: callback error on record 2 (got \"%s\")",
	    CRASHED(e), e.msg);
	run_free(&e);

	/* An error deep in the stream, in a late batch. */
	uint64_t bad_line = nlines - 5;
	char *p = data;
	for (uint64_t l = 1; l < bad_line; l++)
		p = (char *)memchr(p, '\n', (size_t)(data + len - p)) + 1;
	ok(p[0] == 'S', "line %llu is a symbol", (unsigned long long)bad_line);
	memcpy(p + 2, "00000000000000z0", 16);
	snprintf(want, sizeof want, "t:%llu: bad symbol id (want 16 hex digits, not all zero)",
	    (unsigned long long)bad_line);
	run_reader(data, len, 1, &r);
	ok(r.rc == -1 && strcmp(r.msg, want) == 0, "reader: error at line %llu (got \"%s\")",
	    (unsigned long long)bad_line, r.msg);
	run_each(data, len, 1, 0, &e);
	ok(e.rc == -1 && strcmp(e.msg, want) == 0 && e.nrec == r.nrec,
	    "%sstream_each: same error, same records before it (got \"%s\", %llu/%llu)", CRASHED(e), e.msg,
	    (unsigned long long)e.nrec, (unsigned long long)r.nrec);
	run_free(&r);
	run_free(&e);
	memcpy(p + 2, "00000000000000a1", 16);

	/* The last line of a big stream without its newline. */
	snprintf(want, sizeof want, "t:%llu: line not terminated by newline", (unsigned long long)nlines);
	run_reader(data, len - 1, 0, &r);
	ok(r.rc == -1 && strcmp(r.msg, want) == 0, "reader: unterminated last line %llu (got \"%s\")",
	    (unsigned long long)nlines, r.msg);
	run_each(data, len - 1, 1, 0, &e);
	ok(e.rc == -1 && strcmp(e.msg, want) == 0, "%sstream_each: unterminated last line (got \"%s\")", CRASHED(e), e.msg);
	run_free(&r);
	run_free(&e);
	free(data);
}

/* ---- 3. the writer ---- */

static char tmpdir[64];

/* A path in the test's temporary directory. */
static const char *tpath(const char *name)
{
	static char buf[4][256];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
	return buf[k];
}

static unsigned char *slurp(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY);
	struct stat st;
	unsigned char *b;

	if (fd < 0 || fstat(fd, &st) < 0)
		return NULL;
	b = malloc((size_t)st.st_size + 1);
	if (pread(fd, b, (size_t)st.st_size, 0) != st.st_size)
		abort();
	close(fd);
	*len = (size_t)st.st_size;
	return b;
}

static void spit(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || write(fd, data, len) != (ssize_t)len)
		abort();
	close(fd);
}

static kota_str S(const char *s)
{
	return (kota_str){ s, strlen(s) };
}

static kota_record meta_rec(const char *k, const char *v)
{
	kota_record r;

	memset(&r, 0, sizeof r);
	r.type = KOTA_REC_META;
	r.key = S(k);
	r.value = S(v);
	return r;
}

static kota_record file_rec(const char *path, const char *lang, uint64_t size)
{
	kota_record r;

	memset(&r, 0, sizeof r);
	r.type = KOTA_REC_FILE;
	r.path = S(path);
	r.lang = S(lang);
	r.blob = S("-");
	r.size = size;
	return r;
}

static kota_record sym_recn(uint64_t id, int kind, const char *name, size_t nlen, uint32_t sl, uint32_t sc,
    uint32_t el, uint32_t ec, uint64_t parent, const char *sig)
{
	kota_record r;

	memset(&r, 0, sizeof r);
	r.type = KOTA_REC_SYMBOL;
	r.id = id;
	r.kind = kind;
	r.name = (kota_str){ name, nlen };
	r.start_line = sl;
	r.start_col = sc;
	r.end_line = el;
	r.end_col = ec;
	r.parent = parent;
	r.signature = S(sig);
	return r;
}

static kota_record sym_rec(uint64_t id, const char *name, uint32_t sl, uint32_t el, uint64_t parent)
{
	return sym_recn(id, KOTA_KIND_FUNCTION, name, strlen(name), sl, 1, el, 1, parent, "");
}

static int add(kota_writer *w, kota_record r)
{
	return kota_writer_add(w, &r);
}

/* Write W to the file NAME in the temporary directory; 0 or -1. */
static int write_to(kota_writer *w, const char *name)
{
	int fd = open(tpath(name), O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int rc;

	if (fd < 0)
		abort();
	rc = kota_writer_write(w, fd);
	close(fd);
	return rc;
}

/* Write W through a pipe (the non-seekable path) into the file NAME. */
struct pipe_reader {
	pthread_t thread;
	int fd;
	const char *path;
};

static void *drain(void *arg)
{
	struct pipe_reader *p = arg;
	int out = open(p->path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	char buf[8192];
	ssize_t n;

	while ((n = read(p->fd, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)n) != n)
			abort();
	close(out);
	close(p->fd);
	return NULL;
}

static int write_pipe_to(kota_writer *w, const char *name)
{
	int fds[2], rc;
	struct pipe_reader p;

	if (pipe(fds) < 0)
		abort();
	p.fd = fds[0];
	p.path = tpath(name);
	pthread_create(&p.thread, NULL, drain, &p);
	rc = kota_writer_write(w, fds[1]);
	close(fds[1]);
	pthread_join(p.thread, NULL);
	return rc;
}

static int same_files(const char *a, const char *b)
{
	size_t la, lb;
	unsigned char *x = slurp(tpath(a), &la), *y = slurp(tpath(b), &lb);
	int same = x != NULL && y != NULL && la == lb && memcmp(x, y, la) == 0;

	free(x);
	free(y);
	return same;
}

/* Open the index NAME and run kota_index_verify: 0, or -1 with the message in kota_error_last(). */
static int open_verify(const char *name)
{
	kota_index *ix;
	int rc;

	if (kota_index_open(&ix, tpath(name)) < 0)
		return -1;
	rc = kota_index_verify(ix);
	kota_index_free(ix);
	return rc;
}

static void test_writer_rules(void)
{
	kota_writer *w;

	ok(kota_writer_new(&w) == 0, "writer_new");
	kota_error_set("stale");
	ok(add(w, sym_rec(0xa1, "f", 1, 2, 0)) == -1 && err_has("symbol record before any file record"),
	    "writer: symbol before any file -> -1 (%s)", shown(kota_error_last()));
	ok(add(w, meta_rec("origin", "x")) == 0 && add(w, meta_rec("commit", "abc")) == 0, "writer: two meta records");
	kota_error_set("stale");
	ok(add(w, meta_rec("origin", "y")) == -1 && err_has("duplicate meta key 'origin'"),
	    "writer: duplicate meta key -> -1 (%s)", shown(kota_error_last()));
	ok(add(w, file_rec("a.c", "c", 1)) == 0, "writer: file a.c");
	kota_error_set("stale");
	ok(add(w, meta_rec("late", "v")) == -1 && err_has("meta record after a file record"),
	    "writer: meta after a file -> -1 (%s)", shown(kota_error_last()));
	ok(add(w, sym_rec(0xa1, "f", 1, 2, 0)) == 0, "writer: symbol a1 in a.c");
	kota_error_set("stale");
	ok(add(w, sym_rec(0xa1, "g", 3, 4, 0)) == -1 && err_has("duplicate symbol id 00000000000000a1"),
	    "writer: duplicate id in a file -> -1 (%s)", shown(kota_error_last()));
	kota_error_set("stale");
	ok(add(w, sym_rec(0xa2, "g", 3, 4, 0xff)) == -1 &&
	    err_has("parent 00000000000000ff is not an earlier symbol of this file"),
	    "writer: unknown parent -> -1 (%s)", shown(kota_error_last()));
	kota_error_set("stale");
	ok(add(w, sym_rec(0xa2, "g", 3, 4, 0xa2)) == -1 && err_has("is not an earlier symbol"),
	    "writer: own id as parent -> -1 (%s)", shown(kota_error_last()));
	ok(add(w, sym_rec(0xa2, "g", 3, 4, 0xa1)) == 0, "writer: earlier symbol as parent");
	ok(add(w, file_rec("b.c", "c", 1)) == 0, "writer: file b.c");
	ok(add(w, sym_rec(0xa1, "f", 1, 2, 0)) == 0, "writer: id a1 again, in another file");
	kota_error_set("stale");
	ok(add(w, sym_rec(0xb1, "h", 1, 2, 0xa2)) == -1 && err_has("is not an earlier symbol"),
	    "writer: parent from another file -> -1 (%s)", shown(kota_error_last()));
	kota_error_set("stale");
	ok(add(w, file_rec("a.c", "c", 1)) == -1 && err_has("duplicate file 'a.c'"),
	    "writer: duplicate file -> -1 (%s)", shown(kota_error_last()));
	kota_record bad = meta_rec("k", "v");
	bad.type = 'X';
	kota_error_set("stale");
	ok(kota_writer_add(w, &bad) == -1 && err_one_line(), "writer: unknown record type -> -1 (%s)", shown(kota_error_last()));
	/* Ids repeat across many files, and a file's id table grows. */
	int good = 1;
	char name[32];
	for (int f = 0; f < 5; f++) {
		snprintf(name, sizeof name, "many%d.c", f);
		good &= add(w, file_rec(name, "c", 0)) == 0;
		for (uint64_t id = 1; id <= 3000; id++)
			good &= add(w, sym_rec(id, "x", 1, 1, id > 1 ? id - 1 : 0)) == 0;
		good &= add(w, sym_rec(2999, "x", 1, 1, 0)) == -1;
	}
	ok(good, "writer: 5 files of 3000 symbols, same ids in each, chained parents; duplicate caught late in a file");
	ok(write_to(w, "rules.kota") == 0, "writer: write after rejected records");
	ok(open_verify("rules.kota") == 0, "writer: the result verifies (%s)", shown(kota_error_last()));
	kota_index *ix;
	if (kota_index_open(&ix, tpath("rules.kota")) == 0) {
		ok(kota_index_nsymbols(ix) == 3 + 5 * 3000 && kota_index_nfiles(ix) == 7 && kota_index_nmeta(ix) == 2,
		    "writer: rejected records left out (%u symbols, %u files, %u meta)", kota_index_nsymbols(ix),
		    kota_index_nfiles(ix), kota_index_nmeta(ix));
		kota_index_free(ix);
	} else
		ok(0, "writer: open rules.kota (%s)", shown(kota_error_last()));
	kota_writer_free(w);
	kota_writer_free(NULL);
}

/* Add files FILES (indexes into the table below) in the given order. */
static const char *det_paths[] = { "src/main.c", "src/a.c", "lib/x.c", "README", "src/main.h", "a b\tc" };

static void det_build(kota_writer *w, const int *order, int meta_reverse)
{
	if (meta_reverse) {
		add(w, meta_rec("zeta", "1"));
		add(w, meta_rec("commit", "0123456789abcdef0123456789abcdef01234567"));
		add(w, meta_rec("alpha", ""));
	} else {
		add(w, meta_rec("alpha", ""));
		add(w, meta_rec("commit", "0123456789abcdef0123456789abcdef01234567"));
		add(w, meta_rec("zeta", "1"));
	}
	for (int i = 0; i < 6; i++) {
		int f = order[i];
		char name[32], sig[64];
		add(w, file_rec(det_paths[f], f == 3 ? "text" : "c", (uint64_t)f * 100));
		for (int k = 0; k < 20 + f * 7; k++) {
			snprintf(name, sizeof name, k % 3 ? "fn_%d" : "Fn_%d", (k * 7 + f) % 11);
			if (k % 4)
				snprintf(sig, sizeof sig, "int fn_%d_%d(void)", f, k);
			else
				sig[0] = '\0';
			kota_record r = sym_recn((uint64_t)(k + 1) * 0x1000 + (uint64_t)(5 - f), 1 + k % KOTA_KIND_MAX,
			    name, strlen(name), (uint32_t)k + 1, 1, (uint32_t)k + 3, 2,
			    k > 0 && k % 5 ? (uint64_t)k * 0x1000 + (uint64_t)(5 - f) : 0, sig);
			add(w, r);
		}
	}
}

struct write_job {
	int with_file, rc;
	char msg[512];
};

static void write_child(void *arg)
{
	struct write_job *j = arg;
	kota_writer *w;

	kota_writer_new(&w);
	if (j->with_file) {
		add(w, file_rec("a.c", "c", 1));
		add(w, sym_rec(1, "f", 1, 2, 0));
	}
	j->rc = write_to(w, j->with_file ? "nometa1.kota" : "nometa0.kota");
	if (j->rc == 0)
		j->rc = open_verify(j->with_file ? "nometa1.kota" : "nometa0.kota");
	snprintf(j->msg, sizeof j->msg, "%s", j->rc < 0 ? kota_error_last() : "");
	kota_writer_free(w);
}

static void test_writer_determinism(void)
{
	static const int o1[] = { 0, 1, 2, 3, 4, 5 }, o2[] = { 5, 3, 1, 4, 0, 2 }, o3[] = { 2, 0, 4, 1, 3, 5 };
	kota_writer *a, *b, *c;

	kota_writer_new(&a);
	kota_writer_new(&b);
	kota_writer_new(&c);
	det_build(a, o1, 0);
	det_build(b, o2, 1);
	det_build(c, o3, 1);
	ok(write_to(a, "det-a.kota") == 0 && write_to(b, "det-b.kota") == 0 && write_pipe_to(c, "det-c.kota") == 0,
	    "determinism: three writers written (two files, one pipe)");
	ok(same_files("det-a.kota", "det-b.kota"), "determinism: files and meta in another order give the same bytes");
	ok(same_files("det-a.kota", "det-c.kota"), "determinism: a pipe gets the same bytes as a file");
	ok(write_to(a, "det-a2.kota") == 0 && same_files("det-a.kota", "det-a2.kota"),
	    "determinism: writing the same writer twice gives the same bytes");
	ok(write_pipe_to(b, "det-b2.kota") == 0 && same_files("det-a.kota", "det-b2.kota"),
	    "determinism: second write of a reordered writer, through a pipe");
	ok(open_verify("det-a.kota") == 0, "determinism: the index verifies (%s)", shown(kota_error_last()));

	/* Files sorted by path, their symbols moved with them, parents kept. */
	kota_index *ix;
	int good = 1;
	if (kota_index_open(&ix, tpath("det-b.kota")) == 0) {
		kota_file f, prev;
		kota_symbol s, par;
		good &= kota_index_nfiles(ix) == 6;
		for (uint32_t i = 0; i < kota_index_nfiles(ix); i++) {
			good &= kota_index_file(ix, i, &f) == 0;
			if (i > 0)
				good &= kota_bytes_cmp(prev.path.ptr, prev.path.len, f.path.ptr, f.path.len) < 0;
			int which = -1;
			for (int k = 0; k < 6; k++)
				if (f.path.len == strlen(det_paths[k]) && memcmp(f.path.ptr, det_paths[k], f.path.len) == 0)
					which = k;
			good &= which >= 0 && f.count == (uint32_t)(20 + which * 7) && f.size == (uint64_t)which * 100;
			for (uint32_t p = f.first; p < f.first + f.count && which >= 0; p++) {
				uint32_t k = p - f.first;
				good &= kota_index_symbol(ix, p, &s) == 0 && s.file == i &&
				    s.id == (uint64_t)(k + 1) * 0x1000 + (uint64_t)(5 - which) && s.start_line == k + 1;
				if (k > 0 && k % 5)
					good &= s.parent == p - 1 && kota_index_symbol(ix, s.parent, &par) == 0 &&
					    par.id == (uint64_t)k * 0x1000 + (uint64_t)(5 - which);
				else
					good &= s.parent == KOTA_NONE;
			}
			prev = f;
		}
		kota_index_free(ix);
	} else
		good = 0;
	ok(good, "determinism: files sorted by path, each with its symbols in stream order and parents");

	/* A rejected record must not change what is written (kota(5): STRS holds exactly the referenced strings). */
	kota_writer *d, *e, *g;
	kota_writer_new(&d);
	kota_writer_new(&e);
	kota_writer_new(&g);
	det_build(d, o1, 0);
	det_build(e, o1, 0);
	det_build(g, o1, 0);
	kota_record r = meta_rec("alpha", "unused value");
	ok(kota_writer_add(e, &r) == -1, "rejected duplicate meta key");
	r = file_rec("src/a.c", "unused-language", 1);
	r.blob = S("0123456789012345678901234567890123456789");
	ok(kota_writer_add(g, &r) == -1, "rejected duplicate file");
	ok(write_to(d, "det-d.kota") == 0 && write_to(e, "det-e.kota") == 0 && same_files("det-d.kota", "det-e.kota"),
	    "a rejected duplicate meta record changes nothing written");
	ok(write_to(g, "det-g.kota") == 0 && same_files("det-d.kota", "det-g.kota"),
	    "a rejected duplicate file record changes nothing written");
	kota_writer_free(g);
	kota_writer_free(a);
	kota_writer_free(b);
	kota_writer_free(c);
	kota_writer_free(d);
	kota_writer_free(e);

	/* Writers with no meta entries, and with nothing at all (in a child: see the BUG below). */
	struct write_job *wj = shared_alloc(sizeof *wj);
	char why[100];
	for (int k = 0; k < 2; k++) {
		wj->with_file = k;
		wj->rc = -3;
		if (run_isolated(write_child, wj, why, sizeof why) < 0)
			ok(0, "BUG (library crash: qsort(NULL, 0) on the meta array in layout_files): "
			    "writing an index with no meta entries%s: %s", k ? ", one file" : ", nothing else", why);
		else
			ok(wj->rc == 0, "an index with no meta entries%s is written and verifies (%s)",
			    k ? ", one file" : ", nothing else", wj->msg);
	}
	munmap(wj, sizeof *wj);
	/* An index with no files or symbols. */
	kota_writer_new(&a);
	add(a, meta_rec("only", "meta"));
	ok(write_to(a, "empty.kota") == 0 && open_verify("empty.kota") == 0, "index with no files: valid (%s)",
	    shown(kota_error_last()));
	if (kota_index_open(&ix, tpath("empty.kota")) == 0) {
		uint32_t lo = 9, hi = 9, pos;
		ok(kota_index_nsymbols(ix) == 0 && kota_index_nfiles(ix) == 0 && kota_index_nmeta(ix) == 1,
		    "empty index: no symbols, files or meta");
		ok(kota_index_find_name(ix, "x", 1, 0, &lo, &hi) == 0 && lo == hi, "empty index: find_name finds nothing");
		ok(kota_index_find_name(ix, "", 0, KOTA_MATCH_PREFIX | KOTA_MATCH_FOLD, &lo, &hi) == 0 && lo == 0 && hi == 0,
		    "empty index: empty prefix finds nothing");
		ok(kota_index_find_id(ix, 1, &lo, &hi) == 0 && lo == hi, "empty index: find_id finds nothing");
		ok(kota_index_find_file(ix, "a", 1, &pos) == 1, "empty index: find_file -> 1");
		ok(kota_index_symbol(ix, 0, &(kota_symbol){ 0 }) == -1 && kota_index_file(ix, 0, &(kota_file){ 0 }) == -1 &&
		    kota_index_order_at(ix, KOTA_BY_NAME, 0, &pos) == -1 && kota_index_enclosing(ix, 0, 1, &pos) == -1,
		    "empty index: accessors past the end -> -1");
		kota_index_free(ix);
	}
	kota_writer_free(a);
}

/* kota_writer_add_stream: the same index as the records added one by one. */
struct stream_job {
	const char *data;
	int rc;
	char msg[512];
};

static void writer_stream_child(void *arg)
{
	struct stream_job *j = arg;
	kota_writer *w;
	int fd = tmp_fd(j->data, strlen(j->data));

	kota_writer_new(&w);
	j->rc = kota_writer_add_stream(w, fd, "in");
	snprintf(j->msg, sizeof j->msg, "%s", j->rc < 0 ? kota_error_last() : "");
	if (j->rc == 0)
		j->rc = write_to(w, "stream.kota");
	kota_writer_free(w);
	close(fd);
}

static void test_writer_stream(void)
{
	struct stream_job *j = shared_alloc(sizeof *j);
	char why[100];
	kota_writer *w;

	j->data = "";
	j->rc = -3;
	if (run_isolated(writer_stream_child, j, why, sizeof why) < 0)
		ok(0, "BUG (library crash): writer_add_stream on empty input: %s", why);
	else
		ok(j->rc == -1 && strncmp(j->msg, "in", 2) == 0 && strstr(j->msg, "missing stream header") != NULL,
		    "writer_add_stream: empty input -> \"in: ...missing stream header...\" (got \"%s\")", j->msg);
	j->data = HDR "M\tk\tv\n" FREC "M\tk2\tv\n";
	j->rc = -3;
	if (run_isolated(writer_stream_child, j, why, sizeof why) < 0)
		ok(0, "BUG (library crash): writer_add_stream: %s", why);
	else
		ok(j->rc == -1 && strcmp(j->msg, "in:4: meta record after a file record") == 0,
		    "writer_add_stream: writer errors get NAME:LINE (got \"%s\")", j->msg);
	j->data = HDR "M\tk\tv\n" "F\tb.c\tc\t-\t5\n" SREC("1\t1\t2\t1\t-\tint main(void)")
	    "F\ta.c\tpython\t-\t7\n" "S\t00000000000000b2\tclass\tK\t3\t1\t9\t1\t-\t\n"
	    "S\t00000000000000b3\tmethod\tm\t4\t5\t6\t1\t00000000000000b2\tdef m(self)\n";
	j->rc = -3;
	if (run_isolated(writer_stream_child, j, why, sizeof why) < 0)
		ok(0, "BUG (library crash): writer_add_stream: %s", why);
	else
		ok(j->rc == 0, "writer_add_stream: a good stream (%s)", j->msg);
	kota_writer_new(&w);
	add(w, meta_rec("k", "v"));
	add(w, file_rec("b.c", "c", 5));
	add(w, sym_recn(0xa1, KOTA_KIND_FUNCTION, "main", 4, 1, 1, 2, 1, 0, "int main(void)"));
	add(w, file_rec("a.c", "python", 7));
	add(w, sym_recn(0xb2, KOTA_KIND_CLASS, "K", 1, 3, 1, 9, 1, 0, ""));
	add(w, sym_recn(0xb3, KOTA_KIND_METHOD, "m", 1, 4, 5, 6, 1, 0xb2, "def m(self)"));
	ok(write_to(w, "records.kota") == 0 && (j->rc != 0 || same_files("stream.kota", "records.kota")),
	    "writer_add_stream and writer_add give the same bytes");
	ok(j->rc == 0, "%swriter_add_stream result available", j->rc == -3 ? "BUG (library crash): " : "");
	kota_writer_free(w);
	munmap(j, sizeof *j);
}

static void cleanup(void)
{
	char cmd[128];

	if (getenv("KOTA_TEST_KEEP") != NULL) {
		fprintf(stderr, "# kept %s\n", tmpdir);
		return;
	}
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (tmpdir[0] != '\0' && system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
}

/*
 * kota_writer_add is public: what it accepts must make an index that
 * kota_index_verify accepts (or it must refuse the record).
 */
static void test_writer_invalid_symbols(void)
{
	struct { kota_record r; const char *what; } cases[] = {
		{ sym_recn(1, 0, "f", 1, 1, 1, 2, 1, 0, ""), "kind 0" },
		{ sym_recn(1, 200, "f", 1, 1, 1, 2, 1, 0, ""), "kind 200" },
		{ sym_recn(0, KOTA_KIND_FUNCTION, "f", 1, 1, 1, 2, 1, 0, ""), "id 0" },
		{ sym_recn(1, KOTA_KIND_FUNCTION, "", 0, 1, 1, 2, 1, 0, ""), "empty name" },
		{ sym_recn(1, KOTA_KIND_FUNCTION, "f", 1, 0, 1, 2, 1, 0, ""), "start line 0" },
		{ sym_recn(1, KOTA_KIND_FUNCTION, "f", 1, 5, 1, 4, 1, 0, ""), "end before start" },
	};
	char bad[512] = "";
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		kota_writer *w;
		kota_writer_new(&w);
		add(w, meta_rec("m", "v"));
		add(w, file_rec("a.c", "c", 1));
		int rc = kota_writer_add(w, &cases[i].r);
		int vrc = rc == 0 ? (write_to(w, "invalid.kota") == 0 ? open_verify("invalid.kota") : -2) : 0;
		if (rc == 0 && vrc != 0)
			snprintf(bad + strlen(bad), sizeof bad - strlen(bad), "%s%s", bad[0] ? ", " : "", cases[i].what);
		kota_writer_free(w);
	}
	ok(bad[0] == '\0', "%swriter: symbols with kind 0/200, id 0, empty name, line 0 or a reversed range are "
	    "refused or give an index that verifies (accepted and failing verify: %s)",
	    bad[0] ? "BUG (kota_writer_add does not check symbol fields; kota_index_verify rejects the result): " : "",
	    bad[0] ? bad : "none");
}

/* ---- 4. reading a good index ---- */

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

static int msg_ok(const char *path, const char *key);

static void test_index_good(void)
{
	kota_index *ix;
	size_t len;

	model_build();
	ok(model_write("model.kota") == 0, "model index written (%s)", shown(kota_error_last()));
	unsigned char *b = slurp(tpath("model.kota"), &len);
	ok(b != NULL && len == kota_get64(b + 16) && memcmp(b, "KOTAIDX", 8) == 0 && kota_get32(b + 8) == 1 &&
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

/* ---- 5. damaged and hostile index files ---- */

static unsigned char *small_img;
static size_t small_len;

/* A small index: meta, three files (one empty), four symbols, signatures, a parent. */
static int small_build(void)
{
	kota_writer *w;
	int rc = 0;

	kota_writer_new(&w);
	rc |= add(w, meta_rec("origin", "small"));
	rc |= add(w, file_rec("b.c", "c", 20));
	rc |= add(w, sym_recn(0xc3, KOTA_KIND_FUNCTION, "Gamma", 5, 1, 1, 3, 2, 0, "void Gamma(int)"));
	rc |= add(w, sym_recn(0xd4, KOTA_KIND_VARIABLE, "delta", 5, 5, 1, 5, 9, 0, ""));
	rc |= add(w, file_rec("a.c", "c", 10));
	rc |= add(w, sym_recn(0xa1, KOTA_KIND_STRUCT, "alpha", 5, 1, 1, 9, 2, 0, "struct alpha"));
	rc |= add(w, sym_recn(0xb2, KOTA_KIND_FIELD, "beta", 4, 2, 5, 2, 12, 0xa1, "int beta"));
	rc |= add(w, file_rec("c.c", "c", 0));
	if (rc == 0)
		rc = write_to(w, "small.kota");
	kota_writer_free(w);
	free(small_img);
	small_img = rc == 0 ? slurp(tpath("small.kota"), &small_len) : NULL;
	return small_img != NULL ? 0 : -1;
}

static unsigned char *img_copy(void)
{
	unsigned char *b = malloc(small_len + 64);

	memcpy(b, small_img, small_len);
	return b;
}

static unsigned char *sec_entry(unsigned char *b, const char *tag)
{
	uint32_t n = kota_get32(b + 12);

	for (uint32_t i = 0; i < n && i < IX_MAX_SECTIONS; i++)
		if (memcmp(b + IX_HEADER_SIZE + i * IX_SECTION_SIZE, tag, 4) == 0)
			return b + IX_HEADER_SIZE + i * IX_SECTION_SIZE;
	abort();
}

static unsigned char *sec_data(unsigned char *b, const char *tag, uint32_t *len)
{
	unsigned char *e = sec_entry(b, tag);

	if (len != NULL)
		*len = (uint32_t)kota_get64(e + 16);
	return b + kota_get64(e + 8);
}

/* Recompute the header CRC (of bytes 0..27 and the table) if the table fits in SIZE. */
static void fix_header(unsigned char *b, size_t size)
{
	uint64_t n = kota_get32(b + 12);

	if (size >= IX_HEADER_SIZE && IX_HEADER_SIZE + n * IX_SECTION_SIZE <= size)
		kota_put32(b + 28, kota_crc32c(kota_crc32c(0, b, 28), b + IX_HEADER_SIZE, (size_t)n * IX_SECTION_SIZE));
}

/* Recompute every section CRC that can be, then the header's: only the deeper checks can fail. */
static void fix_all(unsigned char *b, size_t size)
{
	uint64_t n = kota_get32(b + 12);

	for (uint64_t i = 0; i < n && IX_HEADER_SIZE + (i + 1) * IX_SECTION_SIZE <= size; i++) {
		unsigned char *e = b + IX_HEADER_SIZE + i * IX_SECTION_SIZE;
		uint64_t off = kota_get64(e + 8), len = kota_get64(e + 16);
		if (off <= size && len <= size - off)
			kota_put32(e + 4, kota_crc32c(0, b + off, (size_t)len));
	}
	fix_header(b, size);
}

/* The last message is one line about PATH holding KEY. */
static int msg_ok(const char *path, const char *key)
{
	const char *m = kota_error_last();

	return err_one_line() && strncmp(m, path, strlen(path)) == 0 && strstr(m, key) != NULL;
}

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

/* Everything a reader can call, over every position: nothing may crash; failures need a message. */
static int poke_all(const kota_index *ix)
{
	uint32_t ns = kota_index_nsymbols(ix), nf = kota_index_nfiles(ix), nm = kota_index_nmeta(ix), lo, hi, pos;
	int good = 1;
	kota_symbol s;
	kota_file f;
	kota_str a, b;
	char tag[5];
	uint64_t off, len;

#define POKE(call) do { kota_error_set("%s", ""); if ((call) < 0) good &= err_one_line(); } while (0)
	for (uint32_t i = 0; i <= ns + 1; i++) {
		POKE(kota_index_symbol(ix, i, &s));
		for (int o = KOTA_BY_NAME; o <= KOTA_BY_ID; o++)
			POKE(kota_index_order_at(ix, o, i, &pos));
	}
	for (uint32_t i = 0; i <= nf + 1; i++) {
		POKE(kota_index_file(ix, i, &f));
		POKE(kota_index_path(ix, i, &a));
		for (uint32_t line = 0; line < 12; line += 3)
			POKE(kota_index_enclosing(ix, i, line, &pos));
	}
	for (uint32_t i = 0; i <= nm + 1; i++)
		POKE(kota_index_meta(ix, i, &a, &b));
	static const char *keys[] = { "", "a", "alpha", "Gamma", "gamma", "delta", "beta", "b", "zzz", "ALPHA",
		"namespace_prefix", "\xff" };
	for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
		for (int fl = 0; fl < 4; fl++)
			POKE(kota_index_find_name(ix, keys[k], strlen(keys[k]), fl, &lo, &hi));
	static const uint64_t ids[] = { 0, 1, 0xa1, 0xb2, 0xc3, 0xd4, 0xff, UINT64_MAX };
	for (size_t k = 0; k < sizeof ids / sizeof *ids; k++)
		POKE(kota_index_find_id(ix, ids[k], &lo, &hi));
	static const char *paths[] = { "", "a.c", "b.c", "c.c", "d.c", "a" };
	for (size_t k = 0; k < sizeof paths / sizeof *paths; k++)
		POKE(kota_index_find_file(ix, paths[k], strlen(paths[k]), &pos));
	for (uint32_t i = 0; i < 70; i++)
		kota_index_section(ix, i, tag, &off, &len);
	POKE(kota_index_verify(ix));
#undef POKE
	return good;
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
	for (uint32_t v = 0; v < 4; v += (v == 0 ? 2 : 1)) {
		b = img_copy();
		kota_put32(b + 8, v);
		fix_header(b, len);
		snprintf(what, sizeof what, "unsupported index version %u", v);
		open_fails(b, len, what, what);
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
	static const char *tags[] = { "META", "FILE", "SYMS", "STRS", "SIGS", "NAME", "FOLD", "IDIX", "NFNC", "FFNC" };
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
	open_fails(b, len, "missing section FFNC", "table one entry short");
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
	memcpy(e, "REFS", 4);
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
	ok(ix != NULL && kota_index_section(ix, SEC_REQUIRED, tag, &off, &l) == 0 && strcmp(tag, "REFS") == 0 && l == 12,
	    "table: kota_index_section lists it");
	kota_index_free(ix);
	sec_entry(b, "REFS")[4] ^= 1;
	fix_header(b, len);
	verify_fails(ix = open_bytes(b, len), "section 'REFS' checksum mismatch", "unknown section with a bad CRC");
	kota_index_free(ix);
	kota_put64(sec_entry(b, "REFS") + 16, 13);
	fix_header(b, len);
	open_fails(b, len, "out of range", "unknown section past the end");
	/* A tag of raw bytes (LF included) is quoted: the message stays one line. */
	memcpy(sec_entry(b, "REFS"), "\x01\xff\n\t", 4);
	fix_header(b, len);
	open_fails(b, len, "out of range", "unknown section with a binary tag past the end");
	free(b);
	b = with_extra_section(&len, "twelve bytes", 12);
	sec_entry(b, "REFS")[4] ^= 1;
	memcpy(sec_entry(b, "REFS"), "R\nFS", 4);
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
	static const char *tags[] = { "META", "FILE", "SYMS", "STRS", "SIGS", "NAME", "FOLD", "IDIX", "NFNC", "FFNC" };
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

/* The offset in STRS of string STR. */
static uint32_t strs_off(unsigned char *b, const char *str)
{
	uint32_t len, off = 0;
	unsigned char *p = sec_data(b, "STRS", &len);

	while (off < len) {
		uint32_t l = kota_get32(p + off);
		if (l == strlen(str) && memcmp(p + off + 4, str, l) == 0)
			return off;
		off += 5 + l;
	}
	abort();
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
	SYM(b, beta)[47] = 1;
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
	only_verify_fails(b, "malformed", "reserved field of a file set");
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

/* ---- 6. fuzzing the reader ---- */

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

#define FLIP_PATTERNS 3
static const unsigned char flip_pattern[FLIP_PATTERNS] = { 0x01, 0x80, 0xff };

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

struct group {
	const char *name;
	void (*fn)(void);
};


/* ---- deltas: an index beside an index ---- */

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

/* ---- atomic replacement ---- */

/* The number of entries of the test directory whose names start with PREFIX. */
static int count_files(const char *prefix)
{
	char cmd[512];
	int n = 0;
	FILE *fp;

	snprintf(cmd, sizeof cmd, "ls -A '%s'", tmpdir);
	if ((fp = popen(cmd, "r")) == NULL)
		abort();
	while (fgets(cmd, sizeof cmd, fp) != NULL)
		n += strncmp(cmd, prefix, strlen(prefix)) == 0;
	pclose(fp);
	return n;
}

static void test_replace(void)
{
	kota_replace *r, *r2;
	int fd, fd2;
	struct stat st;
	char *path = strdup(tpath("r.kota")), *lock = strdup(tpath("r.kota.lock"));

	spit(path, "old", 3);
	ok(kota_replace_begin(&r, path, &fd) == 0 && write(fd, "new", 3) == 3 && kota_replace_commit(r) == 0,
	    "replace: write and commit (%s)", shown(kota_error_last()));
	kota_replace_free(r);
	size_t len;
	unsigned char *b = slurp(path, &len);
	ok(len == 3 && memcmp(b, "new", 3) == 0 && count_files("r.kota.tmp") == 0, "replace: the new file is in place, "
	    "no temporary file left");
	free(b);
	/* The lock file removed under a writer: a second writer locks a new
	 * file of that name (flocks of two opens exclude each other even in
	 * one process, so it could not before), and the first must not
	 * rename over what the second puts in place. */
	ok(kota_replace_begin(&r, path, &fd) == 0, "replace: begin");
	ok(stat(lock, &st) == 0 && unlink(lock) == 0, "replace: the lock file removed under the writer");
	ok(kota_replace_begin(&r2, path, &fd2) == 0 && fd2 != fd, "replace: a second writer takes a new lock file");
	struct stat st1, st2;
	ok(count_files("r.kota.tmp.") == 1 && fstat(fd, &st1) == 0 && st1.st_nlink == 0 && fstat(fd2, &st2) == 0 &&
	    st2.st_nlink == 1, "replace: each writer has a temporary file of its own, and the one holding the lock "
	    "removed the one of the writer that lost it");
	ok(write(fd2, "two", 3) == 3 && kota_replace_commit(r2) == 0, "replace: the second writer commits (%s)",
	    shown(kota_error_last()));
	kota_replace_free(r2);
	kota_error_set("stale");
	ok(write(fd, "one", 3) == 3 && kota_replace_commit(r) == -1 &&
	    err_has(": lost the lock (") && err_has("r.kota.lock was removed or replaced): the index is left as it was"),
	    "replace: the first writer lost the lock and does not rename (%s)", shown(kota_error_last()));
	kota_replace_free(r);
	b = slurp(path, &len);
	ok(len == 3 && memcmp(b, "two", 3) == 0 && count_files("r.kota.tmp") == 0,
	    "replace: the second writer's file stays, no temporary file left");
	free(b);
	/* abort leaves the target as it was */
	ok(kota_replace_begin(&r, path, &fd) == 0 && write(fd, "xyz", 3) == 3, "replace: begin again");
	kota_replace_free(r);
	b = slurp(path, &len);
	ok(len == 3 && memcmp(b, "two", 3) == 0 && count_files("r.kota.tmp") == 0, "replace: abort changes nothing");
	free(b);
	free(path);
	free(lock);
}

static void group_child(void *arg)
{
	const struct group *g = arg;

	g->fn();
#ifdef KOTA_TEST_LSAN
	/* The child ends with _exit: ask LeakSanitizer here (it prints what leaked). */
	ok(__lsan_do_recoverable_leak_check() == 0, "no memory leaks in the %s tests", g->name);
#endif
}

/*
 * Run one group of tests in a child process: a crash in the library ends
 * the group with a failing test point, and the other groups still run.
 */
static void run_group(const char *name, void (*fn)(void))
{
	char why[100];

	fflush(stdout);
	tap_mirror->count = tap_count;
	tap_mirror->failed = tap_failed;
	struct group g = { name, fn };
	int rc = run_isolated(group_child, &g, why, sizeof why);
	tap_count = tap_mirror->count;
	tap_failed = tap_mirror->failed;
	if (rc < 0)
		ok(0, "BUG (library crash): the %s tests stopped: %s", name, why);
}

int main(void)
{
	strcpy(tmpdir, "/tmp/kota-unit-XXXXXX");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 99;
	}
	tap_mirror = shared_alloc(sizeof *tap_mirror);
	run_group("little-endian", test_le);
	run_group("little-endian bounds", test_le_bounds);
	run_group("crc32c", test_crc);
	run_group("escape", test_escape);
	run_group("unescape", test_unescape);
	run_group("parse_id", test_parse_id);
	run_group("kind", test_kinds);
	run_group("stream error", test_stream_errors);
	run_group("good stream", test_stream_good);
	run_group("big stream", test_stream_big);
	run_group("writer rule", test_writer_rules);
	run_group("writer determinism", test_writer_determinism);
	run_group("writer stream", test_writer_stream);
	run_group("writer invalid symbol", test_writer_invalid_symbols);
	run_group("good index", test_index_good);
	run_group("replace", test_replace);
	if (small_build() == 0) {
		run_group("damaged header", test_damaged_header);
		run_group("damaged table", test_damaged_table);
		run_group("damaged content", test_damaged_content);
		run_group("fuzz", test_fuzz);
		run_group("delta", test_delta);
		run_group("delta fuzz", test_delta_fuzz);
	} else
		ok(0, "small index written (%s)", shown(kota_error_last()));
	free(small_img);
	cleanup();
	return tap_done();
}
