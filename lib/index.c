/*
 * Reading an index: map the file, check the header and section table once
 * (O(1) in the number of symbols), then decode entries on demand, bounding
 * every offset and count before it is used.  Written against kota(5).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kota.h"
#include "internal.h"
#include "le.h"

struct kota_index {
	char *path;
	const unsigned char *map;
	size_t size;
	int in_memory;		/* map was read into memory, not mapped */
	struct stat st;		/* the file as it was opened */
	uint32_t nsect;
	struct {
		const unsigned char *p;
		uint64_t len;
	} sec[SEC_COUNT];
	uint32_t nsyms, nfiles, nmeta, nfence, ndeleted, nrefs;
};

/*
 * Report damage as "PATH: damaged index: MESSAGE (check: CHECK)", one line
 * that says where, as SQLite's corruption reports do: CHECK is the check
 * that found it, the function that calls DAMAGED less its "kota_index_"
 * (kota(5) lists them), so that a report names the rule the file broke.
 */
#define DAMAGED(ix, ...) damaged(ix, __func__, __VA_ARGS__)

__attribute__((format(printf, 3, 4)))
static int damaged(const kota_index *ix, const char *check, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (strncmp(check, "kota_index_", 11) == 0)
		check += 11;
	return kota_error_set("%s: damaged index: %s (check: %s)", ix->path, msg, check);
}

void kota_index_free(kota_index *ix)
{
	if (ix == NULL)
		return;
	if (ix->in_memory)
		free((void *)ix->map);
	else if (ix->map != NULL && ix->size > 0)
		munmap((void *)ix->map, ix->size);
	free(ix->path);
	free(ix);
}

static int check_table(kota_index *ix)
{
	const unsigned char *h = ix->map;
	uint64_t table_end;
	char q[24];

	if (ix->size < IX_HEADER_SIZE || memcmp(h, IX_MAGIC, 8) != 0)
		return kota_error_set("%s: not a kota index", ix->path);
	if (kota_get32(h + 8) == 1)
		return kota_error_set("%s: index version 1 is too old (this kota reads version %d): "
		    "rebuild it (kota-hook run, or kota-parse | kota-pack)", ix->path, KOTA_INDEX_VERSION);
	if (kota_get32(h + 8) != KOTA_INDEX_VERSION)
		return kota_error_set("%s: unsupported index version %u", ix->path, kota_get32(h + 8));
	ix->nsect = kota_get32(h + 12);
	if (kota_get64(h + 16) != ix->size)
		return DAMAGED(ix, "file is %zu bytes, header says %llu (truncated?)", ix->size,
		    (unsigned long long)kota_get64(h + 16));
	if (ix->nsect > IX_MAX_SECTIONS)
		return DAMAGED(ix, "%u sections (at most %d)", ix->nsect, IX_MAX_SECTIONS);
	table_end = IX_HEADER_SIZE + (uint64_t)ix->nsect * IX_SECTION_SIZE;
	if (table_end > ix->size)
		return DAMAGED(ix, "section table past the end of the file");
	if (kota_crc32c(kota_crc32c(0, h, 28), h + IX_HEADER_SIZE, table_end - IX_HEADER_SIZE) !=
	    kota_get32(h + 28))
		return DAMAGED(ix, "header checksum mismatch");
	for (uint32_t i = 0; i < ix->nsect; i++) {
		const unsigned char *e = h + IX_HEADER_SIZE + i * IX_SECTION_SIZE;
		uint64_t off = kota_get64(e + 8), len = kota_get64(e + 16);
		int s;
		for (s = 0; s < SEC_COUNT; s++)
			if (memcmp(e, ix_section_tags[s], 4) == 0)
				break;
		if (off < table_end || off > ix->size || len > ix->size - off)
			return DAMAGED(ix, "section '%s' out of range", kota_quote(q, sizeof q, (const char *)e, 4));
		if (s == SEC_COUNT)
			continue;	/* a later version's section: skip it */
		if (ix->sec[s].p != NULL)
			return DAMAGED(ix, "section '%s' twice", kota_quote(q, sizeof q, (const char *)e, 4));
		if (kota_get32(e + 24) != ix_section_entsize[s] ||
		    (ix_section_entsize[s] != 0 && len % ix_section_entsize[s] != 0))
			return DAMAGED(ix, "section '%s' has a bad entry size", kota_quote(q, sizeof q, (const char *)e, 4));
		ix->sec[s].p = h + off;
		ix->sec[s].len = len;
	}
	for (int s = 0; s < SEC_REQUIRED; s++)
		if (ix->sec[s].p == NULL)
			return DAMAGED(ix, "missing section %s", ix_section_tags[s]);
	/* A delta has both BASE and DELE, anything else neither. */
	if ((ix->sec[SEC_BASE].p == NULL) != (ix->sec[SEC_DELE].p == NULL))
		return DAMAGED(ix, "missing section %s", ix_section_tags[ix->sec[SEC_BASE].p ? SEC_DELE : SEC_BASE]);
	if (ix->sec[SEC_BASE].p != NULL && (ix->sec[SEC_BASE].len < IX_HEADER_SIZE ||
	    ix->sec[SEC_BASE].len % IX_SECTION_SIZE != 0 || ix->sec[SEC_DELE].len / 4 > UINT32_MAX))
		return DAMAGED(ix, "section BASE has a bad length");
	ix->ndeleted = (uint32_t)(ix->sec[SEC_DELE].len / 4);
	if (ix->sec[SEC_SYMS].len / IX_SYM_SIZE > IX_MAX_SYMBOLS ||
	    ix->sec[SEC_FILE].len / IX_FILE_SIZE > UINT32_MAX ||
	    ix->sec[SEC_META].len / IX_META_SIZE > UINT32_MAX ||
	    ix->sec[SEC_REFS].len / IX_REF_SIZE > IX_MAX_SYMBOLS)
		return DAMAGED(ix, "too many entries");
	ix->nrefs = (uint32_t)(ix->sec[SEC_REFS].len / IX_REF_SIZE);
	if (ix->sec[SEC_RNAM].len != (uint64_t)ix->nrefs * 4)
		return DAMAGED(ix, "section RNAM does not match the reference count");
	ix->nsyms = (uint32_t)(ix->sec[SEC_SYMS].len / IX_SYM_SIZE);
	ix->nfiles = (uint32_t)(ix->sec[SEC_FILE].len / IX_FILE_SIZE);
	ix->nmeta = (uint32_t)(ix->sec[SEC_META].len / IX_META_SIZE);
	ix->nfence = (uint32_t)(((uint64_t)ix->nsyms + IX_FENCE_STRIDE - 1) / IX_FENCE_STRIDE);
	for (int s = SEC_NAME; s <= SEC_FFNC; s++)
		if (ix->sec[s].len != (uint64_t)(s <= SEC_IDIX ? ix->nsyms : ix->nfence) *
		    ix_section_entsize[s])
			return DAMAGED(ix, "section %s does not match the symbol count", ix_section_tags[s]);
	return 0;
}

/* Read up to LEN bytes of FD into BUF, short only at the end; the count, or -1. */
static ssize_t read_full(int fd, unsigned char *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = read(fd, buf + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			/* The standard input may come non-blocking: wait for it. */
			struct pollfd p = { .fd = fd, .events = POLLIN };
			if (poll(&p, 1, -1) >= 0 || errno == EINTR)
				continue;
		}
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		done += (size_t)n;
	}
	return (ssize_t)done;
}

/*
 * A pipe cannot be mapped: read it into memory, bounded by its header: the
 * 32 bytes of the header first (so that anything but an index, /dev/zero
 * say, is refused at once), then the size the header gives, growing the
 * buffer as bytes come (a damaged size allocates no more than arrives),
 * then one byte more, which must not be there.
 */
static int read_stream(kota_index *ix, int fd)
{
	size_t cap = IX_HEADER_SIZE, len;
	unsigned char *buf = malloc(cap), extra;
	uint64_t want;
	ssize_t n;

	if (buf == NULL)
		return kota_error_set("%s: out of memory", ix->path);
	if ((n = read_full(fd, buf, IX_HEADER_SIZE)) < 0)
		goto fail_errno;
	if ((size_t)n < IX_HEADER_SIZE || memcmp(buf, IX_MAGIC, 8) != 0) {
		free(buf);
		return kota_error_set("%s: not a kota index", ix->path);
	}
	want = kota_get64(buf + 16);
	len = IX_HEADER_SIZE;
	while (len < want) {
		if (len == cap) {
			size_t ncap = cap > SIZE_MAX / 2 ? SIZE_MAX : cap * 2;
			unsigned char *nb;
			if (ncap > want)
				ncap = (size_t)want;
			if (ncap <= cap || (nb = realloc(buf, ncap)) == NULL) {
				free(buf);
				return kota_error_set("%s: out of memory", ix->path);
			}
			buf = nb;
			cap = ncap;
		}
		size_t ask = cap - len;
		if ((n = read_full(fd, buf + len, ask)) < 0)
			goto fail_errno;
		len += (size_t)n;
		if ((size_t)n < ask)
			break;	/* the end: check_table says it is short */
	}
	ix->map = buf;
	ix->size = len;
	ix->in_memory = 1;
	if (len < want || want < IX_HEADER_SIZE)
		return 0;	/* check_table names the mismatch */
	if ((n = read_full(fd, &extra, 1)) < 0)
		return kota_error_set("%s: %s", ix->path, strerror(errno));
	if (n > 0)
		return DAMAGED(ix, "more bytes than the %llu the header says", (unsigned long long)want);
	return 0;
fail_errno:
	free(buf);
	return kota_error_set("%s: %s", ix->path, strerror(errno));
}

/* Whether ST is the file of the standard input (such as /dev/stdin names). */
static int is_stdin(const struct stat *st)
{
	struct stat in;

	return fstat(0, &in) == 0 && in.st_dev == st->st_dev && in.st_ino == st->st_ino;
}

/*
 * Open PATH: a regular file is mapped; the standard input ("-", or a path
 * to it, such as /dev/stdin) is read whole if STREAM allows.  Anything else
 * is refused: reading a device or a FIFO could block or never end, so the
 * open does not wait (O_NONBLOCK) and the type is checked before any read.
 */
static int index_open(kota_index **out, const char *path, int stream)
{
	kota_index *ix = calloc(1, sizeof *ix);
	int dash = strcmp(path, "-") == 0;
	struct stat st;
	int fd, rc = 0;

	if (ix == NULL || (ix->path = strdup(path)) == NULL) {
		free(ix);
		return kota_error_set("out of memory");
	}
	fd = dash ? 0 : open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		kota_error_set("%s: %s", path, strerror(errno));
		if (fd > 0)
			close(fd);
		kota_index_free(ix);
		return -1;
	}
	ix->st = st;
	if (!S_ISREG(st.st_mode) && !(stream && !S_ISDIR(st.st_mode) && (dash || is_stdin(&st)))) {
		rc = kota_error_set("%s: not a regular file", path);
	} else if (!S_ISREG(st.st_mode)) {
		if (!dash)
			fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
		rc = read_stream(ix, fd);
	} else if ((ix->size = (size_t)st.st_size) > 0) {
		void *m = mmap(NULL, ix->size, PROT_READ, MAP_SHARED, fd, 0);
		if (m == MAP_FAILED) {
			rc = kota_error_set("%s: mmap: %s", path, strerror(errno));
		} else {
			ix->map = m;
			/* Lookups jump about: read no pages around the ones they touch. */
			madvise(m, ix->size, MADV_RANDOM);
		}
	}
	if (!dash)
		close(fd);
	if (rc < 0 || check_table(ix) < 0) {
		kota_index_free(ix);
		return -1;
	}
	*out = ix;
	return 0;
}

int kota_index_open(kota_index **out, const char *path)
{
	return index_open(out, path, 1);
}

int kota_index_open_file(kota_index **out, const char *path)
{
	return index_open(out, path, 0);
}

uint32_t kota_index_nsymbols(const kota_index *ix) { return ix->nsyms; }
uint32_t kota_index_nfiles(const kota_index *ix) { return ix->nfiles; }
uint32_t kota_index_nmeta(const kota_index *ix) { return ix->nmeta; }
uint32_t kota_index_nrefs(const kota_index *ix) { return ix->nrefs; }
int kota_index_is_delta(const kota_index *ix) { return ix->sec[SEC_BASE].p != NULL; }
uint32_t kota_index_ndeleted(const kota_index *ix) { return ix->ndeleted; }

const struct stat *kota_index_stat(const kota_index *ix)
{
	return ix->in_memory ? NULL : &ix->st;
}

const unsigned char *kota_index_head(const kota_index *ix, size_t *len)
{
	*len = IX_HEADER_SIZE + (size_t)ix->nsect * IX_SECTION_SIZE;
	return ix->map;
}

void kota_index_release(const kota_index *ix)
{
	/* Pages of a shared file map come back from the page cache when touched. */
	if (!ix->in_memory && ix->map != NULL && ix->size > 0)
		madvise((void *)ix->map, ix->size, MADV_DONTNEED);
}

int kota_index_is_base_of(const kota_index *base, const kota_index *delta)
{
	size_t len;
	const unsigned char *head = kota_index_head(base, &len);

	return delta->sec[SEC_BASE].p != NULL && delta->sec[SEC_BASE].len == len &&
	    memcmp(delta->sec[SEC_BASE].p, head, len) == 0;
}

int kota_index_section(const kota_index *ix, uint32_t i, char tag[5], uint64_t *offset, uint64_t *length)
{
	const unsigned char *e = ix->map + IX_HEADER_SIZE + (size_t)i * IX_SECTION_SIZE;

	if (i >= ix->nsect)
		return KOTA_NOTFOUND;
	memcpy(tag, e, 4);
	tag[4] = '\0';
	for (int k = 0; k < 4; k++)
		if ((unsigned char)tag[k] < 0x20 || (unsigned char)tag[k] >= 0x7f)
			tag[k] = '?';
	*offset = kota_get64(e + 8);
	*length = kota_get64(e + 16);
	return 0;
}

/* The string at offset OFF of section SEC (STRS or SIGS). */
static int get_entry(const kota_index *ix, int sec, uint32_t off, kota_str *out)
{
	uint64_t len = ix->sec[sec].len, l;
	const unsigned char *p = ix->sec[sec].p;

	if (off > len || len - off < 5)
		return DAMAGED(ix, "%s offset %u out of range", ix_section_tags[sec], off);
	l = kota_get32(p + off);
	if (l > len - off - 5)
		return DAMAGED(ix, "%s string at %u runs past the section", ix_section_tags[sec], off);
	if (p[off + 4 + l] != 0)
		return DAMAGED(ix, "%s string at %u is not terminated", ix_section_tags[sec], off);
	out->ptr = (const char *)p + off + 4;
	out->len = (size_t)l;
	return 0;
}

static int get_str(const kota_index *ix, uint32_t off, kota_str *out)
{
	return get_entry(ix, SEC_STRS, off, out);
}

int kota_index_symbol(const kota_index *ix, uint32_t pos, kota_symbol *out)
{
	const unsigned char *p;

	if (pos >= ix->nsyms)
		return kota_error_set("%s: no symbol at position %u", ix->path, pos);
	p = ix->sec[SEC_SYMS].p + (size_t)pos * IX_SYM_SIZE;
	out->pos = pos;
	out->id = kota_get64(p);
	out->file = kota_get32(p + 16);
	out->parent = kota_get32(p + 20);
	out->start_line = kota_get32(p + 24);
	out->start_col = kota_get32(p + 28);
	out->end_line = kota_get32(p + 32);
	out->end_col = kota_get32(p + 36);
	out->kind = p[40];
	if (kota_kind_name(out->kind) == NULL)
		return DAMAGED(ix, "symbol %u has unknown kind %d", pos, out->kind);
	if (out->file >= ix->nfiles)
		return DAMAGED(ix, "symbol %u names file %u of %u", pos, out->file, ix->nfiles);
	if (out->parent != KOTA_NONE && out->parent >= pos)
		return DAMAGED(ix, "symbol %u has parent %u (not earlier)", pos, out->parent);
	return get_str(ix, kota_get32(p + 8), &out->name) < 0 ||
	    get_str(ix, kota_get32(p + 44), &out->scope) < 0 ||
	    get_entry(ix, SEC_SIGS, kota_get32(p + 12), &out->signature) < 0 ? -1 : 0;
}

int kota_index_symbol_name(const kota_index *ix, uint32_t pos, kota_str *name)
{
	if (pos >= ix->nsyms)
		return kota_error_set("%s: no symbol at position %u", ix->path, pos);
	return get_str(ix, kota_get32(ix->sec[SEC_SYMS].p + (size_t)pos * IX_SYM_SIZE + 8), name);
}

int kota_index_each_string(const kota_index *ix, const char *needle, size_t nlen,
    int (*fn)(void *ctx, kota_str s), void *ctx)
{
	const unsigned char *p = ix->sec[SEC_STRS].p;
	uint64_t len = ix->sec[SEC_STRS].len, off = 0, from = 0;
	kota_str cur;
	int rc;

	while (off < len) {
		if (nlen > 0) {
			/* Jump to the next place the needle is, anywhere in the
			 * section: memmem over it all is far faster than string by
			 * string; then walk the strings up to the one holding it. */
			const unsigned char *hit = memmem(p + from, (size_t)(len - from), needle, nlen);
			if (hit == NULL)
				return 0;
			uint64_t h = (uint64_t)(hit - p);
			for (;;) {
				if (get_str(ix, (uint32_t)off, &cur) < 0)
					return -1;
				if (off + 4 + cur.len + 1 > h)
					break;
				off += 4 + cur.len + 1;
			}
			if (h < off + 4 || h + nlen > off + 4 + cur.len) {
				from = h + 1;	/* in the length, or across two strings */
				continue;
			}
		} else if (get_str(ix, (uint32_t)off, &cur) < 0) {
			return -1;
		}
		if ((rc = fn(ctx, cur)) != 0)
			return rc;
		off += 4 + cur.len + 1;
		from = off;
	}
	return 0;
}

int kota_index_file(const kota_index *ix, uint32_t pos, kota_file *out)
{
	const unsigned char *p;

	if (pos >= ix->nfiles)
		return kota_error_set("%s: no file at position %u", ix->path, pos);
	p = ix->sec[SEC_FILE].p + (size_t)pos * IX_FILE_SIZE;
	out->pos = pos;
	out->size = kota_get64(p + 16);
	out->first = kota_get32(p + 24);
	out->count = kota_get32(p + 28);
	if (out->first > ix->nsyms || out->count > ix->nsyms - out->first)
		return DAMAGED(ix, "file %u has symbols out of range", pos);
	/* A file's references end where the next file's start. */
	out->first_ref = kota_get32(p + 12);
	uint32_t end = pos + 1 < ix->nfiles ? kota_get32(p + IX_FILE_SIZE + 12) : ix->nrefs;
	if (out->first_ref > end || end > ix->nrefs)
		return DAMAGED(ix, "file %u has references out of range", pos);
	out->nrefs = end - out->first_ref;
	return get_str(ix, kota_get32(p), &out->path) < 0 ||
	    get_str(ix, kota_get32(p + 4), &out->lang) < 0 ||
	    get_str(ix, kota_get32(p + 8), &out->blob) < 0 ? -1 : 0;
}

int kota_index_path(const kota_index *ix, uint32_t pos, kota_str *path)
{
	if (pos >= ix->nfiles)
		return kota_error_set("%s: no file at position %u", ix->path, pos);
	return get_str(ix, kota_get32(ix->sec[SEC_FILE].p + (size_t)pos * IX_FILE_SIZE), path);
}

int kota_index_deleted(const kota_index *ix, uint32_t i, kota_str *path)
{
	if (i >= ix->ndeleted)
		return DAMAGED(ix, "deleted path %u out of range", i);
	return get_str(ix, kota_get32(ix->sec[SEC_DELE].p + (size_t)i * 4), path);
}

int kota_index_meta(const kota_index *ix, uint32_t i, kota_str *key, kota_str *value)
{
	const unsigned char *p;

	if (i >= ix->nmeta)
		return kota_error_set("%s: no meta entry %u", ix->path, i);
	p = ix->sec[SEC_META].p + (size_t)i * IX_META_SIZE;
	return get_str(ix, kota_get32(p), key) < 0 || get_str(ix, kota_get32(p + 4), value) < 0 ? -1 : 0;
}

int kota_index_order_at(const kota_index *ix, int order, uint32_t i, uint32_t *pos)
{
	int s = order == KOTA_BY_NAME ? SEC_NAME : order == KOTA_BY_FOLDED_NAME ? SEC_FOLD : SEC_IDIX;

	if (i >= ix->nsyms)
		return kota_error_set("%s: order position %u out of range", ix->path, i);
	*pos = kota_get32(ix->sec[s].p + (size_t)i * IX_POS_SIZE);
	if (*pos >= ix->nsyms)
		return DAMAGED(ix, "%s entry %u names symbol %u of %u", ix_section_tags[s], i, *pos, ix->nsyms);
	return 0;
}

/* The name of the symbol at order position I. */
static int name_at(const kota_index *ix, int order, uint32_t i, kota_str *name)
{
	uint32_t pos;

	if (kota_index_order_at(ix, order, i, &pos) < 0)
		return -1;
	return get_str(ix, kota_get32(ix->sec[SEC_SYMS].p + (size_t)pos * IX_SYM_SIZE + 8), name);
}

/* Compare a symbol name with the key: 0 when it matches. */
static int match_cmp(kota_str name, const char *key, size_t len, int flags)
{
	if ((flags & KOTA_MATCH_PREFIX) && name.len > len)
		name.len = len;
	if (flags & KOTA_MATCH_FOLD) {
		size_t n = name.len < len ? name.len : len;
		for (size_t i = 0; i < n; i++) {
			int x = (unsigned char)name.ptr[i], y = (unsigned char)key[i];
			x += (x >= 'A' && x <= 'Z') * 32;
			y += (y >= 'A' && y <= 'Z') * 32;
			if (x != y)
				return x - y;
		}
		return name.len < len ? -1 : name.len > len;
	}
	return kota_bytes_cmp(name.ptr, name.len, key, len);
}

/*
 * The part [*LO, *HI) of the name order that can hold names matching the
 * key, from the fence of 8-byte prefixes: entries before the last fence
 * below the key's prefix are smaller; entries from the first fence above
 * the largest prefix a match can have are larger.
 */
static void fence_range(const kota_index *ix, int order, const char *key, size_t len, int flags,
    uint32_t *lo, uint32_t *hi)
{
	const unsigned char *fence = ix->sec[order == KOTA_BY_NAME ? SEC_NFNC : SEC_FFNC].p;
	uint64_t low = kota_prefix8(key, len), high;
	uint32_t a = 0, b = ix->nfence;

	if (flags & KOTA_MATCH_FOLD)
		low = kota_fold_prefix8(low);
	high = low;
	if ((flags & KOTA_MATCH_PREFIX) && len < 8)
		high |= UINT64_MAX >> (8 * len);
	/* The first fence >= low; the block before it starts the range. */
	while (a < b) {
		uint32_t mid = a + (b - a) / 2;
		if (kota_get64(fence + (size_t)mid * 8) < low)
			a = mid + 1;
		else
			b = mid;
	}
	*lo = a > 0 ? (a - 1) * IX_FENCE_STRIDE : 0;
	/* The first fence > high ends it. */
	b = ix->nfence;
	while (a < b) {
		uint32_t mid = a + (b - a) / 2;
		if (kota_get64(fence + (size_t)mid * 8) <= high)
			a = mid + 1;
		else
			b = mid;
	}
	*hi = a < ix->nfence ? a * IX_FENCE_STRIDE : ix->nsyms;
}

/* First position in [LO, HI) of the order whose name compares >= (or > with AFTER) the key. */
static int bound(const kota_index *ix, int order, const char *key, size_t len, int flags,
    int after, uint32_t lo, uint32_t hi, uint32_t *out)
{
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		kota_str name;
		if (name_at(ix, order, mid, &name) < 0)
			return -1;
		int c = match_cmp(name, key, len, flags);
		if (c < 0 || (after && c == 0))
			lo = mid + 1;
		else
			hi = mid;
	}
	*out = lo;
	return 0;
}

int kota_index_find_name(const kota_index *ix, const char *name, size_t len, int flags,
    uint32_t *lo, uint32_t *hi)
{
	int order = flags & KOTA_MATCH_FOLD ? KOTA_BY_FOLDED_NAME : KOTA_BY_NAME;
	uint32_t a, b;

	fence_range(ix, order, name, len, flags, &a, &b);
	if (bound(ix, order, name, len, flags, 0, a, b, lo) < 0 ||
	    bound(ix, order, name, len, flags, 1, *lo, b, hi) < 0)
		return -1;
	return 0;
}

int kota_index_find_id(const kota_index *ix, uint64_t id, uint32_t *lo, uint32_t *hi)
{
	for (int after = 0; after < 2; after++) {
		uint32_t a = 0, b = ix->nsyms, pos;
		while (a < b) {
			uint32_t mid = a + (b - a) / 2;
			if (kota_index_order_at(ix, KOTA_BY_ID, mid, &pos) < 0)
				return -1;
			uint64_t v = kota_get64(ix->sec[SEC_SYMS].p + (size_t)pos * IX_SYM_SIZE);
			if (v < id || (after && v == id))
				a = mid + 1;
			else
				b = mid;
		}
		*(after ? hi : lo) = a;
	}
	return 0;
}

/* The file holding reference POS: the last file whose references start at or before it. */
static int ref_file(const kota_index *ix, uint32_t pos, uint32_t *file)
{
	uint32_t lo = 0, hi = ix->nfiles;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (kota_get32(ix->sec[SEC_FILE].p + (size_t)mid * IX_FILE_SIZE + 12) <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return DAMAGED(ix, "reference %u belongs to no file", pos);
	*file = lo - 1;
	return 0;
}

/* The text of reference POS and the length of its qualifier. */
static int ref_text(const kota_index *ix, uint32_t pos, kota_str *text, uint32_t *qlen)
{
	const unsigned char *p = ix->sec[SEC_REFS].p + (size_t)pos * IX_REF_SIZE;

	if (get_str(ix, kota_get32(p), text) < 0)
		return -1;
	*qlen = p[10];
	if (*qlen >= text->len)
		return DAMAGED(ix, "reference %u has a qualifier as long as its text", pos);
	return 0;
}

int kota_index_ref(const kota_index *ix, uint32_t pos, kota_ref *out)
{
	const unsigned char *p;
	kota_str text;
	uint32_t qlen;

	if (pos >= ix->nrefs)
		return kota_error_set("%s: no reference at position %u", ix->path, pos);
	p = ix->sec[SEC_REFS].p + (size_t)pos * IX_REF_SIZE;
	if (ref_text(ix, pos, &text, &qlen) < 0 || ref_file(ix, pos, &out->file) < 0)
		return -1;
	out->pos = pos;
	out->qualifier = (kota_str){ text.ptr, qlen };
	out->name = (kota_str){ text.ptr + qlen, text.len - qlen };
	out->line = kota_get32(p + 4);
	out->col = kota_get16(p + 8);
	out->kind = p[11];
	if (kota_ref_kind_name(out->kind) == NULL)
		return DAMAGED(ix, "reference %u has unknown kind %d", pos, out->kind);
	if (out->line == 0 || out->col == 0)
		return DAMAGED(ix, "reference %u has line or column 0", pos);
	return 0;
}

int kota_index_ref_order_at(const kota_index *ix, uint32_t i, uint32_t *pos)
{
	if (i >= ix->nrefs)
		return kota_error_set("%s: reference order position %u out of range", ix->path, i);
	*pos = kota_get32(ix->sec[SEC_RNAM].p + (size_t)i * 4);
	if (*pos >= ix->nrefs)
		return DAMAGED(ix, "RNAM entry %u names reference %u of %u", i, *pos, ix->nrefs);
	return 0;
}

/* The name of the reference at place I of RNAM. */
static int ref_name_at(const kota_index *ix, uint32_t i, kota_str *name)
{
	uint32_t pos, qlen;

	if (kota_index_ref_order_at(ix, i, &pos) < 0 || ref_text(ix, pos, name, &qlen) < 0)
		return -1;
	name->ptr += qlen;
	name->len -= qlen;
	return 0;
}

int kota_index_find_refs(const kota_index *ix, const char *name, size_t len,
    uint32_t *lo, uint32_t *hi)
{
	for (int after = 0; after < 2; after++) {
		uint32_t a = after ? *lo : 0, b = ix->nrefs;
		while (a < b) {
			uint32_t mid = a + (b - a) / 2;
			kota_str n;
			if (ref_name_at(ix, mid, &n) < 0)
				return -1;
			int c = kota_bytes_cmp(n.ptr, n.len, name, len);
			if (c < 0 || (after && c == 0))
				a = mid + 1;
			else
				b = mid;
		}
		*(after ? hi : lo) = a;
	}
	return 0;
}

/* Binary search of PATH among the N string references at TABLE, STRIDE bytes apart. */
static int find_path(const kota_index *ix, const unsigned char *table, uint32_t n, size_t stride,
    const char *path, size_t len, uint32_t *pos)
{
	uint32_t lo = 0, hi = n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		kota_str p;
		if (get_str(ix, kota_get32(table + (size_t)mid * stride), &p) < 0)
			return -1;
		int c = kota_bytes_cmp(p.ptr, p.len, path, len);
		if (c == 0) {
			*pos = mid;
			return 0;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return KOTA_NOTFOUND;
}

int kota_index_find_file(const kota_index *ix, const char *path, size_t len, uint32_t *pos)
{
	return find_path(ix, ix->sec[SEC_FILE].p, ix->nfiles, IX_FILE_SIZE, path, len, pos);
}

int kota_index_find_deleted(const kota_index *ix, const char *path, size_t len)
{
	uint32_t pos;
	int rc;

	if (ix->ndeleted == 0)
		return 0;
	rc = find_path(ix, ix->sec[SEC_DELE].p, ix->ndeleted, 4, path, len, &pos);
	return rc < 0 ? -1 : rc == 0;
}

/* Does the symbol's range cover LINE?  An end at column 1 ends before that line. */
static int covers(const kota_symbol *s, uint32_t line)
{
	if (line < s->start_line || line > s->end_line)
		return 0;
	return !(line == s->end_line && s->end_col == 1 && s->end_line > s->start_line);
}

int kota_index_enclosing(const kota_index *ix, uint32_t file, uint32_t line, uint32_t *pos)
{
	kota_file f;
	kota_symbol s, best = { 0 };
	int found = 0;

	if (kota_index_file(ix, file, &f) < 0)
		return -1;
	for (uint32_t p = f.first; p < f.first + f.count; p++) {
		if (kota_index_symbol(ix, p, &s) < 0)
			return -1;
		if (!covers(&s, line))
			continue;
		if (found && (s.start_line < best.start_line ||
		    (s.start_line == best.start_line && s.start_col < best.start_col)))
			continue;
		if (found && s.start_line == best.start_line && s.start_col == best.start_col &&
		    (s.end_line > best.end_line ||
		    (s.end_line == best.end_line && s.end_col >= best.end_col)))
			continue;
		best = s;
		found = 1;
	}
	if (!found)
		return KOTA_NOTFOUND;
	*pos = best.pos;
	return 0;
}

/* ---- full verification ---- */

static int verify_strings(const kota_index *ix, unsigned char *starts)
{
	const unsigned char *p = ix->sec[SEC_STRS].p;
	uint64_t len = ix->sec[SEC_STRS].len, off = 0;
	kota_str prev = { NULL, 0 }, cur;

	if (len > UINT32_MAX)
		return DAMAGED(ix, "string table over 4 GiB");
	if (len == 0)
		return DAMAGED(ix, "string table lacks the empty string");
	while (off < len) {
		if (get_str(ix, (uint32_t)off, &cur) < 0)
			return -1;
		if (off == 0 ? cur.len != 0 : kota_bytes_cmp(prev.ptr, prev.len, cur.ptr, cur.len) >= 0)
			return DAMAGED(ix, "string table not in order at %llu", (unsigned long long)off);
		kota_bit_set(starts, off);
		prev = cur;
		off += 4 + cur.len + 1;
	}
	(void)p;
	return 0;
}

/* Whether OFF starts a string of STRS; an offset past STRS starts none, so
 * that a reference read from the file can be asked about before it is bounded. */
static int is_start(const kota_index *ix, const unsigned char *starts, uint32_t off)
{
	return off < ix->sec[SEC_STRS].len && kota_bit(starts, off);
}

static int verify_refs(const kota_index *ix, const unsigned char *starts)
{
	kota_str a, b, prev = { NULL, 0 };

	for (uint32_t i = 0; i < ix->nmeta; i++) {
		const unsigned char *p = ix->sec[SEC_META].p + (size_t)i * IX_META_SIZE;
		if (kota_index_meta(ix, i, &a, &b) < 0)
			return -1;
		if (!is_start(ix, starts, kota_get32(p)) || !is_start(ix, starts, kota_get32(p + 4)))
			return DAMAGED(ix, "meta entry %u points inside a string", i);
		if (i > 0 && kota_bytes_cmp(prev.ptr, prev.len, a.ptr, a.len) >= 0)
			return DAMAGED(ix, "meta entries not in order at %u", i);
		prev = a;
	}
	uint32_t next = 0;
	for (uint32_t i = 0; i < ix->nfiles; i++) {
		const unsigned char *p = ix->sec[SEC_FILE].p + (size_t)i * IX_FILE_SIZE;
		kota_file f;
		if (kota_index_file(ix, i, &f) < 0)
			return -1;
		if (!is_start(ix, starts, kota_get32(p)) || !is_start(ix, starts, kota_get32(p + 4)) ||
		    !is_start(ix, starts, kota_get32(p + 8)) || (i == 0 && f.first_ref != 0))
			return DAMAGED(ix, "file entry %u is malformed", i);
		if (i > 0 && kota_bytes_cmp(prev.ptr, prev.len, f.path.ptr, f.path.len) >= 0)
			return DAMAGED(ix, "file table not in order at %u", i);
		if (f.first != next)
			return DAMAGED(ix, "file %u does not start where file %u ends", i, i - 1);
		next += f.count;
		prev = f.path;
	}
	if (next != ix->nsyms)
		return DAMAGED(ix, "files hold %u symbols, the table %u", next, ix->nsyms);
	return 0;
}

static int verify_symbols(const kota_index *ix, const unsigned char *starts)
{
	uint32_t file = 0, end = 0;
	uint64_t sigoff = 5;	/* signatures follow one another in symbol order */
	kota_file f = { 0 };
	kota_symbol s;
	kota_str empty;

	if (get_entry(ix, SEC_SIGS, 0, &empty) < 0 || empty.len != 0)
		return DAMAGED(ix, "SIGS does not start with the empty string");

	for (uint32_t pos = 0; pos < ix->nsyms; pos++) {
		const unsigned char *p = ix->sec[SEC_SYMS].p + (size_t)pos * IX_SYM_SIZE;
		while (pos >= end) {
			if (kota_index_file(ix, file++, &f) < 0)
				return -1;
			end = f.first + f.count;
		}
		if (kota_index_symbol(ix, pos, &s) < 0)
			return -1;
		if (s.file != f.pos)
			return DAMAGED(ix, "symbol %u names the wrong file", pos);
		if (s.parent != KOTA_NONE && s.parent < f.first)
			return DAMAGED(ix, "symbol %u has a parent in another file", pos);
		if (s.id == 0 || !is_start(ix, starts, kota_get32(p + 8)) || s.name.len == 0 ||
		    !is_start(ix, starts, kota_get32(p + 44)))
			return DAMAGED(ix, "symbol %u is malformed", pos);
		if (s.signature.len > 0) {
			if (kota_get32(p + 12) != sigoff)
				return DAMAGED(ix, "symbol %u has its signature out of place", pos);
			sigoff += 4 + s.signature.len + 1;
		} else if (kota_get32(p + 12) != 0) {
			return DAMAGED(ix, "symbol %u has an empty signature out of place", pos);
		}
		if (s.start_line == 0 || s.start_col == 0 || s.end_line < s.start_line ||
		    (s.end_line == s.start_line && s.end_col < s.start_col))
			return DAMAGED(ix, "symbol %u has a bad range", pos);
		for (int k = 41; k < 44; k++)
			if (p[k] != 0)
				return DAMAGED(ix, "symbol %u has reserved bytes set", pos);
	}
	if (sigoff != ix->sec[SEC_SIGS].len)
		return DAMAGED(ix, "SIGS holds bytes no symbol uses");
	return 0;
}

/* References: well formed, and RNAM a permutation of them sorted by name, text, position. */
static int verify_references(const kota_index *ix, const unsigned char *starts)
{
	unsigned char *seen = calloc(ix->nrefs / 8 + 1, 1);
	kota_ref a = { 0 }, b;
	kota_str ta = { NULL, 0 }, tb;
	uint32_t qlen;
	int rc = -1;

	if (seen == NULL)
		return kota_error_set("out of memory");
	for (uint32_t pos = 0; pos < ix->nrefs; pos++) {
		const unsigned char *p = ix->sec[SEC_REFS].p + (size_t)pos * IX_REF_SIZE;
		if (!is_start(ix, starts, kota_get32(p))) {
			DAMAGED(ix, "reference %u points inside a string", pos);
			goto out;
		}
		if (kota_index_ref(ix, pos, &b) < 0)
			goto out;
	}
	for (uint32_t i = 0; i < ix->nrefs; i++) {
		uint32_t pos;
		if (kota_index_ref_order_at(ix, i, &pos) < 0 || kota_index_ref(ix, pos, &b) < 0 ||
		    ref_text(ix, pos, &tb, &qlen) < 0)
			goto out;
		if (kota_bit(seen, pos)) {
			DAMAGED(ix, "RNAM lists reference %u twice", pos);
			goto out;
		}
		kota_bit_set(seen, pos);
		if (i > 0) {
			int c = kota_bytes_cmp(a.name.ptr, a.name.len, b.name.ptr, b.name.len);
			if (c == 0)
				c = kota_bytes_cmp(ta.ptr, ta.len, tb.ptr, tb.len);
			if (c > 0 || (c == 0 && a.pos >= b.pos)) {
				DAMAGED(ix, "RNAM not in order at %u", i);
				goto out;
			}
		}
		a = b;
		ta = tb;
	}
	rc = 0;
out:
	free(seen);
	return rc;
}

/* A delta's deletions: paths, sorted, none of them a file of the delta. */
static int verify_deleted(const kota_index *ix, const unsigned char *starts)
{
	kota_str prev = { NULL, 0 }, cur;
	uint32_t pos;

	for (uint32_t i = 0; i < ix->ndeleted; i++) {
		uint32_t off = kota_get32(ix->sec[SEC_DELE].p + (size_t)i * 4);
		/* One past STRS is out of range, which kota_index_deleted says. */
		if (off < ix->sec[SEC_STRS].len && !is_start(ix, starts, off))
			return DAMAGED(ix, "deleted path %u points inside a string", i);
		if (kota_index_deleted(ix, i, &cur) < 0)
			return -1;
		if (cur.len == 0 || (i > 0 && kota_bytes_cmp(prev.ptr, prev.len, cur.ptr, cur.len) >= 0))
			return DAMAGED(ix, "deleted paths not in order at %u", i);
		int rc = kota_index_find_file(ix, cur.ptr, cur.len, &pos);
		if (rc < 0)
			return -1;
		if (rc == 0)
			return DAMAGED(ix, "deleted path %u is a file of the delta", i);
		prev = cur;
	}
	return 0;
}

/* Order ORDER is a permutation of the positions, sorted as kota(5) says. */
static int verify_order(const kota_index *ix, int order, unsigned char *seen)
{
	const char *tag = ix_section_tags[order == KOTA_BY_NAME ? SEC_NAME :
	    order == KOTA_BY_FOLDED_NAME ? SEC_FOLD : SEC_IDIX];
	kota_symbol a, b;

	memset(seen, 0, ix->nsyms / 8 + 1);
	for (uint32_t i = 0; i < ix->nsyms; i++) {
		uint32_t pos;
		if (kota_index_order_at(ix, order, i, &pos) < 0 || kota_index_symbol(ix, pos, &b) < 0)
			return -1;
		if (kota_bit(seen, pos))
			return DAMAGED(ix, "%s lists symbol %u twice", tag, pos);
		kota_bit_set(seen, pos);
		if (i > 0) {
			int c = order == KOTA_BY_NAME ? kota_bytes_cmp(a.name.ptr, a.name.len, b.name.ptr, b.name.len) :
			    order == KOTA_BY_FOLDED_NAME ? kota_fold_cmp(a.name.ptr, a.name.len, b.name.ptr, b.name.len) :
			    (a.id > b.id) - (a.id < b.id);
			if (c > 0 || (c == 0 && a.pos >= b.pos))
				return DAMAGED(ix, "%s not in order at %u", tag, i);
		}
		a = b;
	}
	return 0;
}

/* Each fence holds the prefix of the name it stands for. */
static int verify_fence(const kota_index *ix, int order)
{
	int sec = order == KOTA_BY_NAME ? SEC_NFNC : SEC_FFNC;
	kota_str name;

	for (uint32_t k = 0; k < ix->nfence; k++) {
		uint64_t want;
		if (name_at(ix, order, k * IX_FENCE_STRIDE, &name) < 0)
			return -1;
		want = kota_prefix8(name.ptr, name.len);
		if (sec == SEC_FFNC)
			want = kota_fold_prefix8(want);
		if (kota_get64(ix->sec[sec].p + (size_t)k * 8) != want)
			return DAMAGED(ix, "%s entry %u does not match its name", ix_section_tags[sec], k);
	}
	return 0;
}

int kota_index_checksums(const kota_index *ix, const char *tag)
{
	char q[24];

	for (uint32_t i = 0; i < ix->nsect; i++) {
		const unsigned char *e = ix->map + IX_HEADER_SIZE + (size_t)i * IX_SECTION_SIZE;
		if (tag != NULL && memcmp(e, tag, 4) != 0)
			continue;
		if (kota_crc32c(0, ix->map + kota_get64(e + 8), kota_get64(e + 16)) != kota_get32(e + 4))
			return DAMAGED(ix, "section '%s' checksum mismatch", kota_quote(q, sizeof q, (const char *)e, 4));
	}
	return 0;
}

int kota_index_verify(const kota_index *ix)
{
	unsigned char *starts, *seen;
	int rc = -1;

	if (kota_index_checksums(ix, NULL) < 0)
		return -1;
	starts = calloc(ix->sec[SEC_STRS].len / 8 + 1, 1);
	seen = malloc(ix->nsyms / 8 + 1);
	if (starts == NULL || seen == NULL)
		rc = kota_error_set("out of memory");
	else if (verify_strings(ix, starts) == 0 && verify_refs(ix, starts) == 0 &&
	    verify_deleted(ix, starts) == 0 &&
	    verify_symbols(ix, starts) == 0 && verify_order(ix, KOTA_BY_NAME, seen) == 0 &&
	    verify_order(ix, KOTA_BY_FOLDED_NAME, seen) == 0 && verify_order(ix, KOTA_BY_ID, seen) == 0 &&
	    verify_fence(ix, KOTA_BY_NAME) == 0 && verify_fence(ix, KOTA_BY_FOLDED_NAME) == 0 &&
	    verify_references(ix, starts) == 0)
		rc = 0;
	free(starts);
	free(seen);
	return rc;
}
