/*
 * The record stream of kota(5): reading records from a descriptor, writing
 * them to a FILE, and the one escape/unescape pair for fields.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kota.h"
#include "internal.h"

#define MAX_FIELDS 11
static const char header[] = "kota-stream\t2";

/* Where a record came from, for messages. */
struct where {
	const char *name;
	uint64_t line;
};

struct kota_reader {
	int fd;
	char *name;
	char *buf;
	size_t cap, start, end;
	uint64_t line;
	int eof;
};

static int parse_line(const struct where *at, char *line, size_t len, kota_record *rec);

int kota_reader_new(kota_reader **out, int fd, const char *name)
{
	kota_reader *r = calloc(1, sizeof *r);

	if (r == NULL || (r->name = strdup(name)) == NULL ||
	    (r->buf = malloc(r->cap = 1 << 20)) == NULL) {
		if (r != NULL)
			free(r->name);
		free(r);
		return kota_error_set("out of memory");
	}
	r->fd = fd;
	*out = r;
	return 0;
}

void kota_reader_free(kota_reader *r)
{
	if (r == NULL)
		return;
	free(r->name);
	free(r->buf);
	free(r);
}

uint64_t kota_reader_line(const kota_reader *r)
{
	return r->line;
}

static int fail(const struct where *at, const char *msg)
{
	return kota_error_set("%s:%llu: %s", at->name, (unsigned long long)at->line, msg);
}

/* Make room and read more input; 0 ok, -1 error. */
static int fill(kota_reader *r)
{
	ssize_t n;

	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	if (r->end == r->cap) {
		char *nb = realloc(r->buf, r->cap * 2);
		if (nb == NULL)
			return kota_error_set("%s: out of memory", r->name);
		r->buf = nb;
		r->cap *= 2;
	}
	do
		n = read(r->fd, r->buf + r->end, r->cap - r->end);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return kota_error_set("%s: %s", r->name, strerror(errno));
	if (n == 0)
		r->eof = 1;
	r->end += (size_t)n;
	return 0;
}

/* The next line without its newline: 1, 0 at end, -1 error. */
static int next_line(kota_reader *r, char **line, size_t *len)
{
	size_t scanned = 0;

	for (;;) {
		char *p = r->buf + r->start + scanned;
		char *nl = memchr(p, '\n', r->end - r->start - scanned);
		if (nl != NULL) {
			*line = r->buf + r->start;
			*len = (size_t)(nl - *line);
			r->start += *len + 1;
			r->line++;
			return 1;
		}
		scanned = r->end - r->start;
		if (r->eof) {
			struct where at = { r->name, r->line + 1 };
			if (scanned == 0)
				return 0;
			r->line++;
			return fail(&at, "line not terminated by newline");
		}
		if (fill(r) < 0)
			return -1;
	}
}

static int parse_u64(const kota_str *f, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (f->len == 0 || f->len > 20)
		return -1;
	for (size_t i = 0; i < f->len; i++) {
		unsigned d = (unsigned char)f->ptr[i] - '0';
		if (d > 9 || v > (max - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

static int parse_u32(const kota_str *f, uint32_t *out)
{
	uint64_t v;

	if (parse_u64(f, UINT32_MAX, &v) < 0 || v == 0)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

/* Hex digit values plus one; 0 for other bytes. */
static const unsigned char hex1[256] = {
	['0'] = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
	['A'] = 11, 12, 13, 14, 15, 16,
	['a'] = 11, 12, 13, 14, 15, 16,
};

static int hexval(int c)
{
	return hex1[c & 0xff] - 1;
}

int kota_parse_id(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	unsigned bad = 0;

	if (len != 16)
		return -1;
	for (size_t i = 0; i < 16; i++) {
		unsigned d = hex1[(unsigned char)s[i]];
		bad |= d == 0;
		v = v << 4 | (d - 1);
	}
	if (bad)
		return -1;
	if (v == 0)
		return -1;
	*out = v;
	return 0;
}

static int valid_blob(const kota_str *f)
{
	if (f->len == 1 && f->ptr[0] == '-')
		return 1;
	if (f->len != 40 && f->len != 64)
		return 0;
	for (size_t i = 0; i < f->len; i++)
		if (!((f->ptr[i] >= '0' && f->ptr[i] <= '9') || (f->ptr[i] >= 'a' && f->ptr[i] <= 'f')))
			return 0;
	return 1;
}

long kota_unescape(char *s, size_t len)
{
	char *in = memchr(s, '\\', len), *end = s + len, *out;

	if (in == NULL)
		return (long)len;
	out = in;
	while (in < end) {
		if (*in != '\\') {
			*out++ = *in++;
			continue;
		}
		if (in + 1 == end)
			return kota_error_set("backslash at end of field");
		switch (in[1]) {
		case '\\': *out++ = '\\'; in += 2; break;
		case 't': *out++ = '\t'; in += 2; break;
		case 'n': *out++ = '\n'; in += 2; break;
		case 'r': *out++ = '\r'; in += 2; break;
		case 'x':
			if (in + 3 >= end || hexval((unsigned char)in[2]) < 0 ||
			    hexval((unsigned char)in[3]) < 0)
				return kota_error_set("bad escape '\\x' (need two hex digits)");
			*out++ = (char)(hexval((unsigned char)in[2]) << 4 | hexval((unsigned char)in[3]));
			in += 4;
			break;
		default: {
			char q[16];
			return kota_error_set("bad escape '\\%s'", kota_quote(q, sizeof q, in + 1, 1));
		}
		}
	}
	return (long)(out - s);
}

static int check_header(const struct where *r, const char *line, size_t len)
{
	static const char prefix[] = "kota-stream\t";

	if (len == sizeof header - 1 && memcmp(line, header, len) == 0)
		return 0;
	if (len > sizeof prefix - 1 && memcmp(line, prefix, sizeof prefix - 1) == 0) {
		char v[32];
		size_t n = len - (sizeof prefix - 1);
		if (n >= sizeof v)
			n = sizeof v - 1;
		memcpy(v, line + sizeof prefix - 1, n);
		v[n] = '\0';
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)v[i] < 0x20 || (unsigned char)v[i] >= 0x7f)
				v[i] = '?';
		if (strcmp(v, "1") == 0)
			return kota_error_set("%s:%llu: stream version 1 is too old (this kota reads "
			    "version %d): make the stream again with this kota-parse or kota-dump",
			    r->name, (unsigned long long)r->line, KOTA_STREAM_VERSION);
		kota_error_set("%s:%llu: unsupported stream version %s", r->name,
		    (unsigned long long)r->line, v);
		return -1;
	}
	return fail(r, "missing stream header");
}

static int expect_fields(const struct where *r, int type, int got, int want)
{
	if (got == want)
		return 0;
	return kota_error_set("%s:%llu: expected %d fields in %c record, got %d",
	    r->name, (unsigned long long)r->line, want, type, got);
}

static int check_path(const struct where *r, const kota_str *path)
{
	if (path->len == 0)
		return fail(r, "empty path");
	if (memchr(path->ptr, '\0', path->len) != NULL)
		return fail(r, "path contains a NUL byte");
	if (path->ptr[0] == '/')
		return fail(r, "path is absolute");
	return 0;
}

static int parse_file(const struct where *r, kota_str *f, kota_record *rec)
{
	rec->path = f[1];
	rec->lang = f[2];
	rec->blob = f[3];
	if (check_path(r, &f[1]) < 0)
		return -1;
	if (f[2].len == 0)
		return fail(r, "empty language");
	if (!valid_blob(&f[3]))
		return fail(r, "bad blob id (want '-' or 40 or 64 lowercase hex digits)");
	if (parse_u64(&f[4], UINT64_MAX, &rec->size) < 0)
		return fail(r, "bad size");
	return 0;
}

int kota_check_symbol(const kota_record *rec)
{
	if (rec->id == 0)
		return kota_error_set("symbol id 0");
	if (kota_kind_name(rec->kind) == NULL)
		return kota_error_set("unknown kind %d", rec->kind);
	if (rec->name.len == 0)
		return kota_error_set("empty name");
	if (rec->start_line == 0 || rec->start_col == 0 || rec->end_line == 0 || rec->end_col == 0)
		return kota_error_set("line or column 0");
	if (rec->end_line < rec->start_line ||
	    (rec->end_line == rec->start_line && rec->end_col < rec->start_col))
		return kota_error_set("symbol ends before it starts");
	return 0;
}

static int parse_symbol(const struct where *r, kota_str *f, kota_record *rec)
{
	if (kota_parse_id(f[1].ptr, f[1].len, &rec->id) < 0)
		return fail(r, "bad symbol id (want 16 hex digits, not all zero)");
	rec->kind = kota_kind_from_name(f[2].ptr, f[2].len);
	if (rec->kind == 0) {
		char q[64];
		return kota_error_set("%s:%llu: unknown kind '%s'", r->name,
		    (unsigned long long)r->line, kota_quote(q, sizeof q, f[2].ptr, f[2].len));
	}
	rec->name = f[3];
	if (parse_u32(&f[4], &rec->start_line) < 0 || parse_u32(&f[5], &rec->start_col) < 0 ||
	    parse_u32(&f[6], &rec->end_line) < 0 || parse_u32(&f[7], &rec->end_col) < 0)
		return fail(r, "bad line or column (want a number from 1 to 4294967295)");
	if (kota_check_symbol(rec) < 0)
		return fail(r, kota_error_last());
	rec->parent = 0;
	if (!(f[8].len == 1 && f[8].ptr[0] == '-') &&
	    kota_parse_id(f[8].ptr, f[8].len, &rec->parent) < 0)
		return fail(r, "bad parent id (want '-' or 16 hex digits)");
	rec->scope = f[9];
	rec->signature = f[10];
	return 0;
}

int kota_check_ref(const kota_record *rec)
{
	if (kota_ref_kind_name(rec->kind) == NULL)
		return kota_error_set("unknown reference kind %d", rec->kind);
	if (rec->name.len == 0)
		return kota_error_set("empty name");
	if (rec->start_line == 0 || rec->start_col == 0)
		return kota_error_set("line or column 0");
	if (rec->qualifier.len > KOTA_MAX_QUALIFIER)
		return kota_error_set("qualifier longer than %d bytes", KOTA_MAX_QUALIFIER);
	return 0;
}

static int parse_ref(const struct where *r, kota_str *f, kota_record *rec)
{
	rec->kind = kota_ref_kind_from_name(f[1].ptr, f[1].len);
	if (rec->kind == 0) {
		char q[64];
		return kota_error_set("%s:%llu: unknown reference kind '%s'", r->name,
		    (unsigned long long)r->line, kota_quote(q, sizeof q, f[1].ptr, f[1].len));
	}
	rec->name = f[2];
	if (parse_u32(&f[3], &rec->start_line) < 0 || parse_u32(&f[4], &rec->start_col) < 0)
		return fail(r, "bad line or column (want a number from 1 to 4294967295)");
	rec->qualifier = f[5];
	if (kota_check_ref(rec) < 0)
		return fail(r, kota_error_last());
	return 0;
}

/* Parse one line (without its newline): 1 a record, 0 nothing (header, comment), -1 error. */
static int parse_line(const struct where *r, char *line, size_t len, kota_record *rec)
{
	kota_str f[MAX_FIELDS];
	int n;

	if (r->line == 1)
		return check_header(r, line, len) < 0 ? -1 : 0;
	if (len > 0 && line[0] == '#')
		return 0;
	if (len == 0)
		return fail(r, "empty line");
	/* Split at tabs, counting fields past the maximum for the message. */
	n = 0;
	for (char *p = line, *end = line + len;;) {
		char *tab = memchr(p, '\t', (size_t)(end - p));
		char *fe = tab != NULL ? tab : end;
		/* Unescape every field, so a bad escape is reported wherever it is. */
		long ul = kota_unescape(p, (size_t)(fe - p));
		if (ul < 0)
			return kota_error_set("%s:%llu: %s", r->name,
			    (unsigned long long)r->line, kota_error_last());
		if (n < MAX_FIELDS) {
			f[n].ptr = p;
			f[n].len = (size_t)ul;
		}
		n++;
		if (tab == NULL)
			break;
		p = tab + 1;
	}
	rec->type = f[0].len == 1 ? f[0].ptr[0] : 0;
	switch (rec->type) {
	case KOTA_REC_META:
		if (expect_fields(r, 'M', n, 3) < 0)
			return -1;
		if (f[1].len == 0)
			return fail(r, "empty meta key");
		rec->key = f[1];
		rec->value = f[2];
		return 1;
	case KOTA_REC_FILE:
		if (expect_fields(r, 'F', n, 5) < 0 || parse_file(r, f, rec) < 0)
			return -1;
		return 1;
	case KOTA_REC_SYMBOL:
		if (expect_fields(r, 'S', n, 11) < 0 || parse_symbol(r, f, rec) < 0)
			return -1;
		return 1;
	case KOTA_REC_REF:
		if (expect_fields(r, 'R', n, 6) < 0 || parse_ref(r, f, rec) < 0)
			return -1;
		return 1;
	case KOTA_REC_KEEP:
		if (expect_fields(r, 'K', n, 3) < 0 || check_path(r, &f[1]) < 0)
			return -1;
		rec->path = f[1];
		rec->blob = f[2];
		if (f[2].len == 1 || !valid_blob(&f[2]))
			return fail(r, "bad blob id (want 40 or 64 lowercase hex digits)");
		return 1;
	}
	char q[64];
	return kota_error_set("%s:%llu: unknown record type '%s'", r->name, (unsigned long long)r->line,
	    kota_quote(q, sizeof q, f[0].ptr, f[0].len));
}

int kota_reader_next(kota_reader *r, kota_record *rec)
{
	char *line = NULL;
	size_t len = 0;
	int rc;

	do {
		if ((rc = next_line(r, &line, &len)) <= 0)
			return rc;
		struct where at = { r->name, r->line };
		rc = parse_line(&at, line, len, rec);
	} while (rc == 0);
	return rc;
}

/*
 * Reading a stream on two threads: one reads and parses lines into batches
 * while the caller's thread consumes the records of the previous batch.
 * Each batch owns its bytes, so its records stay valid until it is handed
 * back; a line cut by the end of a read is carried over to the next batch.
 */
#define NSLOTS 3
#define SLOT_BYTES (1 << 20)

struct slot {
	char *buf;
	size_t cap;
	kota_record *recs;
	uint64_t *lines;
	size_t n, rcap;
	int full;		/* parsed and waiting for the consumer */
	int last;		/* no batch follows */
	int failed;		/* parsing stopped at an error: message in err */
	char err[1024];
};

struct each {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct slot slot[NSLOTS];
	int stop;
	int fd;
	const char *name;
	uint64_t nlines;
};

static int slot_push(struct slot *s, const kota_record *rec, uint64_t line)
{
	if (s->n == s->rcap) {
		size_t ncap = s->rcap ? s->rcap * 2 : 4096;
		kota_record *nr = realloc(s->recs, ncap * sizeof *nr);
		uint64_t *nl = nr ? realloc(s->lines, ncap * sizeof *nl) : NULL;
		if (nr != NULL)
			s->recs = nr;
		if (nl == NULL)
			return kota_error_set("out of memory");
		s->lines = nl;
		s->rcap = ncap;
	}
	s->recs[s->n] = *rec;
	s->lines[s->n++] = line;
	return 0;
}

/* Fill S with whole lines (after CARRY's bytes) and parse them; -1 on error. */
static int fill_slot(struct each *e, struct slot *s, char **carry, size_t *ncarry, size_t *carry_cap)
{
	size_t len = *ncarry, end;
	int eof = 0;
	char *nl = NULL;

	if (s->cap < len + SLOT_BYTES) {
		char *nb = realloc(s->buf, len + SLOT_BYTES);
		if (nb == NULL)
			return kota_error_set("%s: out of memory", e->name);
		s->buf = nb;
		s->cap = len + SLOT_BYTES;
	}
	if (len > 0)
		memcpy(s->buf, *carry, len);
	for (;;) {
		ssize_t r;
		while (len < s->cap && !eof) {
			r = read(e->fd, s->buf + len, s->cap - len);
			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0)
				return kota_error_set("%s: %s", e->name, strerror(errno));
			eof = r == 0;
			len += (size_t)r;
		}
		nl = memrchr(s->buf, '\n', len);
		if (nl != NULL || eof)
			break;
		/* A line longer than the buffer: grow it. */
		char *nb = realloc(s->buf, s->cap * 2);
		if (nb == NULL)
			return kota_error_set("%s: out of memory", e->name);
		s->buf = nb;
		s->cap *= 2;
	}
	end = nl != NULL ? (size_t)(nl - s->buf) + 1 : 0;
	s->last = eof;
	s->n = 0;
	for (char *p = s->buf; p < s->buf + end;) {
		char *q = memchr(p, '\n', (size_t)(s->buf + end - p));
		struct where at = { e->name, ++e->nlines };
		kota_record rec;
		int rc = parse_line(&at, p, (size_t)(q - p), &rec);
		if (rc < 0 || (rc > 0 && slot_push(s, &rec, at.line) < 0))
			return -1;
		p = q + 1;
	}
	/* Carry the cut line over to the next batch; at the end it is an error. */
	if (eof && end < len) {
		struct where at = { e->name, ++e->nlines };
		return fail(&at, "line not terminated by newline");
	}
	if (len - end > *carry_cap) {
		char *nc = realloc(*carry, len - end);
		if (nc == NULL)
			return kota_error_set("%s: out of memory", e->name);
		*carry = nc;
		*carry_cap = len - end;
	}
	if (len > end)
		memcpy(*carry, s->buf + end, len - end);
	*ncarry = len - end;
	return 0;
}

static void *producer(void *arg)
{
	struct each *e = arg;
	char *carry = NULL;
	size_t ncarry = 0, carry_cap = 0;

	for (int k = 0;; k = (k + 1) % NSLOTS) {
		struct slot *s = &e->slot[k];
		pthread_mutex_lock(&e->mu);
		while (s->full && !e->stop)
			pthread_cond_wait(&e->cv, &e->mu);
		int stop = e->stop;
		pthread_mutex_unlock(&e->mu);
		if (stop)
			break;
		s->failed = fill_slot(e, s, &carry, &ncarry, &carry_cap) < 0;
		if (s->failed)
			snprintf(s->err, sizeof s->err, "%s", kota_error_last());
		pthread_mutex_lock(&e->mu);
		s->full = 1;
		pthread_cond_broadcast(&e->cv);
		pthread_mutex_unlock(&e->mu);
		if (s->failed || s->last)
			break;
	}
	free(carry);
	return NULL;
}

/* The sequential way, when no thread can be had. */
static int each_here(int fd, const char *name, int (*fn)(void *, const kota_record *),
    void *ctx, uint64_t *nlines)
{
	kota_reader *r;
	kota_record rec;
	int rc;

	if (kota_reader_new(&r, fd, name) < 0)
		return -1;
	while ((rc = kota_reader_next(r, &rec)) > 0) {
		if (fn(ctx, &rec) < 0) {
			rc = kota_error_set("%s:%llu: %s", name,
			    (unsigned long long)kota_reader_line(r), kota_error_last());
			break;
		}
	}
	*nlines = kota_reader_line(r);
	kota_reader_free(r);
	return rc;
}

int kota_stream_each(int fd, const char *name, int (*fn)(void *, const kota_record *),
    void *ctx, uint64_t *nlines)
{
	struct each e = { .fd = fd, .name = name };
	pthread_t thread;
	int rc = 0, done = 0;

	pthread_mutex_init(&e.mu, NULL);
	pthread_cond_init(&e.cv, NULL);
	if (pthread_create(&thread, NULL, producer, &e) != 0) {
		pthread_mutex_destroy(&e.mu);
		pthread_cond_destroy(&e.cv);
		return each_here(fd, name, fn, ctx, nlines);
	}
	for (int k = 0; !done; k = (k + 1) % NSLOTS) {
		struct slot *s = &e.slot[k];
		pthread_mutex_lock(&e.mu);
		while (!s->full)
			pthread_cond_wait(&e.cv, &e.mu);
		pthread_mutex_unlock(&e.mu);
		for (size_t i = 0; i < s->n && rc == 0; i++)
			if (fn(ctx, &s->recs[i]) < 0)
				rc = kota_error_set("%s:%llu: %s", name,
				    (unsigned long long)s->lines[i], kota_error_last());
		if (rc == 0 && s->failed)
			rc = kota_error_set("%s", s->err);
		done = rc < 0 || s->last;
		pthread_mutex_lock(&e.mu);
		s->full = 0;
		e.stop = done;
		pthread_cond_broadcast(&e.cv);
		pthread_mutex_unlock(&e.mu);
	}
	pthread_join(thread, NULL);
	for (int k = 0; k < NSLOTS; k++) {
		free(e.slot[k].buf);
		free(e.slot[k].recs);
		free(e.slot[k].lines);
	}
	pthread_mutex_destroy(&e.mu);
	pthread_cond_destroy(&e.cv);
	*nlines = e.nlines;
	return rc;
}

/* ---- writing ---- */

/* 1 for the bytes a field must escape. */
static const unsigned char needs_escape[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	['\\'] = 1, [0x7f] = 1,
};

/* The escape sequence for byte C (which needs one) into B; its length. */
static size_t escape_byte(unsigned char c, char b[4])
{
	static const char hex[] = "0123456789abcdef";

	b[0] = '\\';
	switch (c) {
	case '\\': b[1] = '\\'; return 2;
	case '\t': b[1] = 't'; return 2;
	case '\n': b[1] = 'n'; return 2;
	case '\r': b[1] = 'r'; return 2;
	}
	b[1] = 'x';
	b[2] = hex[c >> 4];
	b[3] = hex[c & 15];
	return 4;
}

void kota_put_field(FILE *fp, const char *s, size_t len)
{
	size_t run = 0;
	char b[4];

	if (len == 0)
		return;		/* S may be NULL then: an empty scope */
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!needs_escape[c])
			continue;
		fwrite_unlocked(s + run, 1, i - run, fp);
		fwrite_unlocked(b, 1, escape_byte(c, b), fp);
		run = i + 1;
	}
	fwrite_unlocked(s + run, 1, len - run, fp);
}

const char *kota_quote(char *buf, size_t size, const char *s, size_t len)
{
	size_t n = 0;
	char b[4];

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		size_t k = needs_escape[c] ? escape_byte(c, b) : (b[0] = (char)c, 1);
		if (n + k + 4 > size) {
			memcpy(buf + n, "...", 3);
			n += 3;
			break;
		}
		memcpy(buf + n, b, k);
		n += k;
	}
	buf[n] = '\0';
	return buf;
}

void kota_put_header(FILE *fp)
{
	fputs_unlocked(header, fp);
	putc_unlocked('\n', fp);
}

void kota_put_u64(FILE *fp, uint64_t v)
{
	char b[24], *p = b + sizeof b;

	do
		*--p = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	fwrite_unlocked(p, 1, (size_t)(b + sizeof b - p), fp);
}

void kota_put_id(FILE *fp, uint64_t id)
{
	static const char hex[] = "0123456789abcdef";
	char b[16];

	for (int i = 15; i >= 0; i--, id >>= 4)
		b[i] = hex[id & 15];
	fwrite_unlocked(b, 1, sizeof b, fp);
}

static void tab(FILE *fp)
{
	putc_unlocked('\t', fp);
}

void kota_put_record(FILE *fp, const kota_record *rec)
{
	putc_unlocked(rec->type, fp);
	tab(fp);
	switch (rec->type) {
	case KOTA_REC_META:
		kota_put_field(fp, rec->key.ptr, rec->key.len);
		tab(fp);
		kota_put_field(fp, rec->value.ptr, rec->value.len);
		break;
	case KOTA_REC_FILE:
		kota_put_field(fp, rec->path.ptr, rec->path.len);
		tab(fp);
		kota_put_field(fp, rec->lang.ptr, rec->lang.len);
		tab(fp);
		kota_put_field(fp, rec->blob.ptr, rec->blob.len);
		tab(fp);
		kota_put_u64(fp, rec->size);
		break;
	case KOTA_REC_SYMBOL:
		kota_put_id(fp, rec->id);
		tab(fp);
		fputs_unlocked(kota_kind_name(rec->kind), fp);
		tab(fp);
		kota_put_field(fp, rec->name.ptr, rec->name.len);
		tab(fp);
		kota_put_u64(fp, rec->start_line);
		tab(fp);
		kota_put_u64(fp, rec->start_col);
		tab(fp);
		kota_put_u64(fp, rec->end_line);
		tab(fp);
		kota_put_u64(fp, rec->end_col);
		tab(fp);
		if (rec->parent == 0)
			putc_unlocked('-', fp);
		else
			kota_put_id(fp, rec->parent);
		tab(fp);
		kota_put_field(fp, rec->scope.ptr, rec->scope.len);
		tab(fp);
		kota_put_field(fp, rec->signature.ptr, rec->signature.len);
		break;
	case KOTA_REC_REF:
		fputs_unlocked(kota_ref_kind_name(rec->kind), fp);
		tab(fp);
		kota_put_field(fp, rec->name.ptr, rec->name.len);
		tab(fp);
		kota_put_u64(fp, rec->start_line);
		tab(fp);
		kota_put_u64(fp, rec->start_col);
		tab(fp);
		kota_put_field(fp, rec->qualifier.ptr, rec->qualifier.len);
		break;
	case KOTA_REC_KEEP:
		kota_put_field(fp, rec->path.ptr, rec->path.len);
		tab(fp);
		kota_put_field(fp, rec->blob.ptr, rec->blob.len);
		break;
	}
	putc_unlocked('\n', fp);
}
