/* Unit tests of the record stream reader (stream.c), its symbol ids and kinds (kind.c). */
#include "lib-test.h"

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
	stream_err("kota-stream\t3\n", 1, "unsupported stream version 3");
	stream_err("kota-stream\t1\n", 1, "stream version 1 is too old (this kota reads version 2): "
	    "make the stream again with this kota-parse or kota-dump");
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
	    "expected 11 fields in S record, got 7");
	stream_err(HDR FREC SREC("1\t1\t2\t1\t-\t\tsig\textra"), 3, "expected 11 fields in S record, got 12");
	stream_err(HDR FREC SREC("1\t1\t2\t1\t-\t\t\t\t\t\t\t\t\t\t\t\t\t"), 3, "expected 11 fields in S record, got 22");
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
	stream_err(HDR FREC "S\t00000000000000a\tfunction\tmain\t1\t1\t2\t1\t-\t\t\n", 3,
	    "bad symbol id (want 16 hex digits, not all zero)");
	stream_err(HDR FREC "S\t000000000000000a1\tfunction\tmain\t1\t1\t2\t1\t-\t\t\n", 3,
	    "bad symbol id (want 16 hex digits, not all zero)");
	stream_err(HDR FREC "S\t0000000000000000\tfunction\tmain\t1\t1\t2\t1\t-\t\t\n", 3,
	    "bad symbol id (want 16 hex digits, not all zero)");
	stream_err(HDR FREC "S\t00000000000000z1\tfunction\tmain\t1\t1\t2\t1\t-\t\t\n", 3,
	    "bad symbol id (want 16 hex digits, not all zero)");
	stream_err(HDR FREC "S\t00000000000000a1\tfoo\tmain\t1\t1\t2\t1\t-\t\t\n", 3, "unknown kind 'foo'");
	stream_err(HDR FREC "S\t00000000000000a1\tFunction\tmain\t1\t1\t2\t1\t-\t\t\n", 3, "unknown kind 'Function'");
	stream_err(HDR FREC "S\t00000000000000a1\t\tmain\t1\t1\t2\t1\t-\t\t\n", 3, "unknown kind ''");
	stream_err(HDR FREC "S\t00000000000000a1\tfunction\t\t1\t1\t2\t1\t-\t\t\n", 3, "empty name");
	stream_err(HDR FREC SREC("0\t1\t2\t1\t-\t\t"), 3, "bad line or column (want a number from 1 to 4294967295)");
	stream_err(HDR FREC SREC("1\t0\t2\t1\t-\t\t"), 3, "bad line or column (want a number from 1 to 4294967295)");
	stream_err(HDR FREC SREC("1\t1\t0\t1\t-\t\t"), 3, "bad line or column (want a number from 1 to 4294967295)");
	stream_err(HDR FREC SREC("1\t1\t2\t0\t-\t\t"), 3, "bad line or column (want a number from 1 to 4294967295)");
	stream_err(HDR FREC SREC("4294967296\t1\t4294967296\t1\t-\t\t"), 3,
	    "bad line or column (want a number from 1 to 4294967295)");
	stream_err(HDR FREC SREC("1\t1\t99999999999999999999\t1\t-\t\t"), 3,
	    "bad line or column (want a number from 1 to 4294967295)");
	stream_err(HDR FREC SREC("1\t1\t2\t-1\t-\t\t"), 3, "bad line or column (want a number from 1 to 4294967295)");
	stream_err(HDR FREC SREC("1\t1\t2\t\t-\t\t"), 3, "bad line or column (want a number from 1 to 4294967295)");
	stream_err(HDR FREC SREC("1\t1\t2\t1x\t-\t\t"), 3, "bad line or column (want a number from 1 to 4294967295)");
	stream_err(HDR FREC SREC("5\t1\t4\t9\t-\t\t"), 3, "symbol ends before it starts");
	stream_err(HDR FREC SREC("5\t3\t5\t2\t-\t\t"), 3, "symbol ends before it starts");
	stream_err(HDR FREC SREC("4294967295\t1\t1\t1\t-\t\t"), 3, "symbol ends before it starts");
	stream_err(HDR FREC SREC("1\t1\t2\t1\t\t\t"), 3, "bad parent id (want '-' or 16 hex digits)");
	stream_err(HDR FREC SREC("1\t1\t2\t1\t--\t\t"), 3, "bad parent id (want '-' or 16 hex digits)");
	stream_err(HDR FREC SREC("1\t1\t2\t1\t0000000000000000\t\t"), 3, "bad parent id (want '-' or 16 hex digits)");
	/* Escapes, with the line prefix, before any other error of the line. */
	stream_err(HDR "M\ta\\qb\tv\n", 2, "bad escape '\\q'");
	stream_err(HDR "M\tk\tv\\\n", 2, "backslash at end of field");
	stream_err(HDR "M\tk\tv\\x4\n", 2, "bad escape '\\x' (need two hex digits)");
	stream_err(HDR "M\tk\t\\\x01\n", 2, "bad escape '\\\\x01'");
	stream_err(HDR "M\t\t\\q\n", 2, "bad escape '\\q'");
	stream_err(HDR "Q\t\\q\n", 2, "bad escape '\\q'");
	stream_err(HDR "M\tk\tv\t\\q\n", 2, "bad escape '\\q'");
	stream_err(HDR FREC "S\t0000000000000000\tfoo\t\t0\t0\t0\t0\t0\t\t\\q\n", 3, "bad escape '\\q'");
	/* Line numbers count the header and comments. */
	stream_err(HDR "# one\n#\n# three\nM\t\tv\n", 5, "empty meta key");
	stream_err(HDR "M\tk\tv\n# c\n" FREC "# c\n" SREC("1\t1\t2\t1\t-\t\t") "# c\n" "S\tzz\n", 8,
	    "expected 11 fields in S record, got 2");
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
	stream_good(HDR FREC SREC("4294967295\t4294967295\t4294967295\t4294967295\t-\t\t"), 2, "positions 2^32-1");
	stream_good(HDR FREC SREC("3\t5\t3\t5\t-\t\t"), 2, "empty range");
	stream_good(HDR FREC SREC("1\t1\t2\t1\tFFFFFFFFFFFFFFFF\t\tint main(void)"), 2, "upper-case parent");
	stream_good(HDR FREC "S\tABCDEF0123456789\tfunction\ta\\x00b\t1\t1\t2\t1\t-\t\t\n", 2, "upper-case id, NUL in name");

	/* The fields of a record. */
	const char *data = HDR "M\tor\\tigin\tex\\\\ample\n"
	    "F\tsrc/calc.c\tc\tc2f276e156fa652f1a5263476c8b968c70911285\t200\n"
	    "S\t9c3e1f0a5b7d2e64\tstruct\tacc\t3\t1\t5\t3\t-\t\tstruct acc\n"
	    "# comment\n"
	    "S\t41D8A2C6E0F3B975\tfield\tto\\x74al\t4\t2\t4\t12\t9c3e1f0a5b7d2e64\tacc\tint\\ttotal\n";
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

int main(void)
{
	test_begin();
	run_group("parse_id", test_parse_id);
	run_group("kind", test_kinds);
	run_group("stream error", test_stream_errors);
	run_group("good stream", test_stream_good);
	run_group("big stream", test_stream_big);
	return test_end();
}
