/*
 * Writing an index: collect records in memory, check them, then lay out the
 * sections of kota(5) in canonical order and write them in one batch.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kota.h"
#include "internal.h"
#include "le.h"

struct wsym {
	uint64_t id;
	uint32_t name;		/* pool id */
	uint32_t sig;		/* offset in the signature arena, 0 if empty */
	uint32_t file, parent;	/* parent: index within its file, or KOTA_NONE */
	uint32_t start_line, start_col, end_line, end_col;
	uint8_t kind;
};

struct wfile {
	uint32_t path, lang, blob;
	uint64_t size;
	uint32_t first, count;
};

struct wmeta {
	uint32_t key, value;
};

struct idslot {
	uint64_t id;
	uint32_t index;		/* within the file */
	uint32_t gen;		/* file number + 1 that owns the slot */
};

/* Per-string flags, indexed by pool id. */
#define F_PATH 1
#define F_KEY 2
#define F_NAME 4

struct kota_writer {
	kota_pool *pool;
	uint8_t *flags;
	size_t flags_cap;
	struct wsym *syms;
	size_t nsyms, syms_cap;
	struct wfile *files;
	size_t nfiles, files_cap;
	struct wmeta *meta;
	size_t nmeta, meta_cap;
	char *sigs;		/* signatures as in SIGS, in input order; offset 0 is "" */
	size_t sigs_len, sigs_cap;
	struct idslot *ids;
	uint32_t ids_mask;
	size_t stream_files;	/* files before the current stream's first */
	int kept_in_stream;	/* the current stream has had a KEEP record */
	/* kota_writer_set_base */
	const kota_view *base;
	int delta;
	unsigned char *kept;	/* delta: a bit per file of the base index kept as it is */
	uint32_t *dels;		/* delta: pool ids of the base's paths deleted */
	size_t ndels;
	uint64_t copied;	/* files copied for KEEP records */
};

int kota_writer_new(kota_writer **out)
{
	kota_writer *w = calloc(1, sizeof *w);

	/* The pool starts with "": its flags must exist from the start. */
	if (w == NULL || (w->pool = kota_pool_new()) == NULL ||
	    (w->flags = calloc(w->flags_cap = 4096, 1)) == NULL) {
		if (w != NULL)
			kota_pool_free(w->pool);
		free(w);
		return kota_error_set("out of memory");
	}
	*out = w;
	return 0;
}

void kota_writer_free(kota_writer *w)
{
	if (w == NULL)
		return;
	kota_pool_free(w->pool);
	free(w->flags);
	free(w->syms);
	free(w->files);
	free(w->meta);
	free(w->sigs);
	free(w->ids);
	free(w->kept);
	free(w->dels);
	free(w);
}

/* Grow *ARR (of SIZE-byte elements) to hold at least N+1 elements. */
static int reserve(void *arr, size_t *cap, size_t n, size_t size)
{
	void **p = arr;
	size_t ncap;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 256;
	void *np = kota_grow(*p, ncap * size);
	if (np == NULL)
		return kota_error_set("out of memory");
	*p = np;
	*cap = ncap;
	return 0;
}

/* Intern S and return its id with room for its flags; UINT32_MAX on error. */
static uint32_t intern(kota_writer *w, kota_str s)
{
	uint32_t id = kota_pool_intern(w->pool, s.ptr, s.len);

	if (id == UINT32_MAX) {
		kota_error_set("out of memory");
		return id;
	}
	if (id >= w->flags_cap) {
		size_t ncap = w->flags_cap ? w->flags_cap * 2 : 4096;
		uint8_t *nf = realloc(w->flags, ncap);
		if (nf == NULL) {
			kota_error_set("out of memory");
			return UINT32_MAX;
		}
		memset(nf + w->flags_cap, 0, ncap - w->flags_cap);
		w->flags = nf;
		w->flags_cap = ncap;
	}
	return id;
}

static uint32_t id_hash(uint64_t id)
{
	return (uint32_t)((id * 0x9e3779b97f4a7c15ull) >> 32);
}

/* The slot for ID in the current file's table (free or holding ID). */
static struct idslot *id_slot(kota_writer *w, uint64_t id, uint32_t gen)
{
	uint32_t i = id_hash(id) & w->ids_mask;

	while (w->ids[i].gen == gen && w->ids[i].id != id)
		i = (i + 1) & w->ids_mask;
	return &w->ids[i];
}

/* Keep the id table under half full for the current file. */
static int id_table_fit(kota_writer *w, const struct wfile *f, uint32_t gen)
{
	uint32_t size = w->ids_mask + 1;

	if (w->ids != NULL && (uint64_t)(f->count + 1) * 2 <= size)
		return 0;
	size = w->ids == NULL ? 1024 : size * 2;
	struct idslot *n = calloc(size, sizeof *n);
	if (n == NULL)
		return kota_error_set("out of memory");
	free(w->ids);
	w->ids = n;
	w->ids_mask = size - 1;
	for (uint32_t k = 0; k < f->count; k++) {
		struct idslot *s = id_slot(w, w->syms[f->first + k].id, gen);
		*s = (struct idslot){ w->syms[f->first + k].id, k, gen };
	}
	return 0;
}

/* Append a signature to the SIGS arena; *OFF is 0 for the empty one. */
static int add_signature(kota_writer *w, kota_str sig, uint32_t *off)
{
	size_t need = 4 + sig.len + 1;
	uint32_t l = (uint32_t)sig.len;

	*off = 0;
	if (w->sigs == NULL) {
		if ((w->sigs = calloc(1, w->sigs_cap = 1 << 16)) == NULL)
			return kota_error_set("out of memory");
		w->sigs_len = 5;
	}
	if (sig.len == 0)
		return 0;
	if (w->sigs_len + need > UINT32_MAX)
		return kota_error_set("signatures over 4 GiB");
	if (w->sigs_len + need > w->sigs_cap) {
		size_t ncap = w->sigs_cap * 2;
		while (w->sigs_len + need > ncap)
			ncap *= 2;
		char *n = kota_grow(w->sigs, ncap);
		if (n == NULL)
			return kota_error_set("out of memory");
		w->sigs = n;
		w->sigs_cap = ncap;
	}
	memcpy(w->sigs + w->sigs_len, &l, 4);
	memcpy(w->sigs + w->sigs_len + 4, sig.ptr, sig.len);
	w->sigs[w->sigs_len + 4 + sig.len] = '\0';
	*off = (uint32_t)w->sigs_len;
	w->sigs_len += need;
	return 0;
}

static int add_meta(kota_writer *w, const kota_record *rec)
{
	uint32_t key, value;
	char q[256];

	if (w->nfiles > w->stream_files || w->kept_in_stream)
		return kota_error_set("meta record after a file record");
	if ((key = intern(w, rec->key)) == UINT32_MAX)
		return -1;
	if (w->flags[key] & F_KEY)
		return kota_error_set("duplicate meta key '%s'", kota_quote(q, sizeof q, rec->key.ptr, rec->key.len));
	if ((value = intern(w, rec->value)) == UINT32_MAX)
		return -1;
	w->flags[key] |= F_KEY;
	if (reserve(&w->meta, &w->meta_cap, w->nmeta, sizeof *w->meta) < 0)
		return -1;
	w->meta[w->nmeta++] = (struct wmeta){ key, value };
	return 0;
}

/* Whether PATH is a file of the base index that a delta keeps as it is. */
static int kept(const kota_writer *w, kota_str path)
{
	uint32_t pos;

	return w->kept != NULL &&
	    kota_index_find_file(kota_view_base(w->base), path.ptr, path.len, &pos) == 0 &&
	    (w->kept[pos / 8] >> (pos % 8) & 1);
}

static int duplicate_file(kota_str path)
{
	char q[256];

	return kota_error_set("duplicate file '%s'", kota_quote(q, sizeof q, path.ptr, path.len));
}

static int add_file(kota_writer *w, const kota_record *rec)
{
	uint32_t path, lang, blob;

	if ((path = intern(w, rec->path)) == UINT32_MAX)
		return -1;
	if ((w->flags[path] & F_PATH) || kept(w, rec->path))
		return duplicate_file(rec->path);
	if ((lang = intern(w, rec->lang)) == UINT32_MAX || (blob = intern(w, rec->blob)) == UINT32_MAX)
		return -1;
	w->flags[path] |= F_PATH;
	if (reserve(&w->files, &w->files_cap, w->nfiles, sizeof *w->files) < 0)
		return -1;
	w->files[w->nfiles++] = (struct wfile){ path, lang, blob, rec->size, (uint32_t)w->nsyms, 0 };
	return 0;
}

static int add_symbol(kota_writer *w, const kota_record *rec)
{
	struct wfile *f;
	struct idslot *slot;
	uint32_t gen = (uint32_t)w->nfiles, parent = KOTA_NONE, name, sig;

	if (w->nfiles == 0)
		return kota_error_set("symbol record before any file record");
	if (kota_check_symbol(rec) < 0)
		return -1;
	if (w->nsyms >= IX_MAX_SYMBOLS)
		return kota_error_set("too many symbols");
	f = &w->files[w->nfiles - 1];
	if (id_table_fit(w, f, gen) < 0)
		return -1;
	slot = id_slot(w, rec->id, gen);
	if (slot->gen == gen)
		return kota_error_set("duplicate symbol id %016llx", (unsigned long long)rec->id);
	if (rec->parent != 0) {
		const struct idslot *ps = id_slot(w, rec->parent, gen);
		if (ps->gen != gen)
			return kota_error_set("parent %016llx is not an earlier symbol of this file",
			    (unsigned long long)rec->parent);
		parent = ps->index;
	}
	if ((name = intern(w, rec->name)) == UINT32_MAX || add_signature(w, rec->signature, &sig) < 0)
		return -1;
	w->flags[name] |= F_NAME;
	if (reserve(&w->syms, &w->syms_cap, w->nsyms, sizeof *w->syms) < 0)
		return -1;
	*slot = (struct idslot){ rec->id, f->count, gen };
	w->syms[w->nsyms++] = (struct wsym){ rec->id, name, sig, gen - 1, parent,
		rec->start_line, rec->start_col, rec->end_line, rec->end_col, (uint8_t)rec->kind };
	f->count++;
	return 0;
}

int kota_writer_copy_file(kota_writer *w, const kota_index *ix, uint32_t pos)
{
	kota_file f;
	kota_symbol s, parent;
	kota_record rec = { .type = KOTA_REC_FILE };

	if (kota_index_file(ix, pos, &f) < 0)
		return -1;
	rec.path = f.path;
	rec.lang = f.lang;
	rec.blob = f.blob;
	rec.size = f.size;
	if (add_file(w, &rec) < 0)
		return -1;
	rec.type = KOTA_REC_SYMBOL;
	for (uint32_t p = f.first; p < f.first + f.count; p++) {
		if (kota_index_symbol(ix, p, &s) < 0 ||
		    (s.parent != KOTA_NONE && kota_index_symbol(ix, s.parent, &parent) < 0))
			return -1;
		rec.id = s.id;
		rec.kind = s.kind;
		rec.name = s.name;
		rec.signature = s.signature;
		rec.start_line = s.start_line;
		rec.start_col = s.start_col;
		rec.end_line = s.end_line;
		rec.end_col = s.end_col;
		rec.parent = s.parent == KOTA_NONE ? 0 : parent.id;
		if (add_symbol(w, &rec) < 0)
			return -1;
	}
	return 0;
}

int kota_writer_set_base(kota_writer *w, const kota_view *base, int delta)
{
	w->base = base;
	w->delta = delta;
	if (delta && (w->kept = calloc(kota_index_nfiles(kota_view_base(base)) / 8 + 1, 1)) == NULL)
		return kota_error_set("out of memory");
	return 0;
}

uint32_t kota_writer_nfiles(const kota_writer *w) { return (uint32_t)w->nfiles; }
uint32_t kota_writer_nsymbols(const kota_writer *w) { return (uint32_t)w->nsyms; }

/* A KEEP record: the file as the base has it, which must be the same blob. */
static int add_keep(kota_writer *w, const kota_record *rec)
{
	const kota_index *ix;
	uint32_t pos, id;
	kota_file f;
	char q[256];
	int rc;

	if (w->base == NULL)
		return kota_error_set("keep record, but no base index to keep from");
	w->kept_in_stream = 1;
	if ((rc = kota_view_find_file(w->base, rec->path.ptr, rec->path.len, &ix, &pos)) < 0)
		return -1;
	if (rc == 1)
		return kota_error_set("keep record for '%s', which the base index does not have",
		    kota_quote(q, sizeof q, rec->path.ptr, rec->path.len));
	if (kota_index_file(ix, pos, &f) < 0)
		return -1;
	if (f.blob.len != rec->blob.len || memcmp(f.blob.ptr, rec->blob.ptr, f.blob.len) != 0)
		return kota_error_set("keep record for '%s' names blob %.*s, the base index has %.*s",
		    kota_quote(q, sizeof q, rec->path.ptr, rec->path.len),
		    (int)rec->blob.len, rec->blob.ptr, (int)f.blob.len, f.blob.ptr);
	if (!w->delta || ix != kota_view_base(w->base)) {
		/* Copying a whole base reads it all: keep its pages from adding up. */
		if (++w->copied % 4096 == 0)
			kota_index_release(ix);
		return kota_writer_copy_file(w, ix, pos);
	}
	/* A delta leaves the base's own files where they are. */
	if ((w->kept[pos / 8] >> (pos % 8) & 1) ||
	    ((id = kota_pool_find(w->pool, rec->path.ptr, rec->path.len)) != UINT32_MAX &&
	    (w->flags[id] & F_PATH)))
		return duplicate_file(rec->path);
	w->kept[pos / 8] |= (unsigned char)(1 << (pos % 8));
	return 0;
}

int kota_writer_fold(kota_writer *w)
{
	const kota_index *base = kota_view_base(w->base);
	unsigned char *keep = w->kept;

	if (!w->delta)
		return 0;
	w->delta = 0;
	w->kept = NULL;
	for (uint32_t i = 0; i < kota_index_nfiles(base); i++) {
		if ((keep[i / 8] >> (i % 8) & 1) && kota_writer_copy_file(w, base, i) < 0) {
			free(keep);
			return -1;
		}
		/* Copying reads the whole base: keep its pages from adding up. */
		if (i % 4096 == 4095)
			kota_index_release(base);
	}
	kota_index_release(base);
	free(keep);
	return 0;
}

/* A delta deletes each file of the base that it neither keeps nor replaces. */
static int list_deleted(kota_writer *w)
{
	const kota_index *base = kota_view_base(w->base);
	uint32_t n = kota_index_nfiles(base), id;
	kota_str path;

	if ((w->dels = malloc(((size_t)n + 1) * sizeof *w->dels)) == NULL)
		return kota_error_set("out of memory");
	for (uint32_t i = 0; i < n; i++) {
		if (w->kept[i / 8] >> (i % 8) & 1)
			continue;
		if (kota_index_path(base, i, &path) < 0)
			return -1;
		id = kota_pool_find(w->pool, path.ptr, path.len);
		if (id != UINT32_MAX && (w->flags[id] & F_PATH))
			continue;
		if ((id = intern(w, path)) == UINT32_MAX)
			return -1;
		w->dels[w->ndels++] = id;
	}
	return 0;
}

int kota_writer_add(kota_writer *w, const kota_record *rec)
{
	switch (rec->type) {
	case KOTA_REC_META: return add_meta(w, rec);
	case KOTA_REC_FILE: return add_file(w, rec);
	case KOTA_REC_SYMBOL: return add_symbol(w, rec);
	case KOTA_REC_KEEP: return add_keep(w, rec);
	}
	return kota_error_set("unknown record type");
}

static int add_one(void *w, const kota_record *rec)
{
	return kota_writer_add(w, rec);
}

int kota_writer_add_stream(kota_writer *w, int fd, const char *name)
{
	uint64_t nlines;

	w->stream_files = w->nfiles;
	w->kept_in_stream = 0;
	if (kota_stream_each(fd, name, add_one, w, &nlines) < 0)
		return -1;
	if (nlines == 0)
		return kota_error_set("%s:1: missing stream header", name);
	return 0;
}

/* ---- layout ---- */

struct layout {
	uint32_t *file_order;	/* sorted position -> file number */
	uint32_t *file_pos;	/* file number -> sorted position */
	uint32_t *file_first;	/* sorted position -> first symbol */
	uint32_t *str_order;	/* sorted position -> string id */
	uint32_t *str_off;	/* string id -> offset in STRS */
	uint32_t *by_name, *by_fold, *by_id;
	uint64_t strs_len;
};

static void layout_free(struct layout *l)
{
	free(l->file_order);
	free(l->file_pos);
	free(l->file_first);
	free(l->str_order);
	free(l->str_off);
	free(l->by_name);
	free(l->by_fold);
	free(l->by_id);
}

/* qsort has no context argument in C99: the pool being sorted. */
static _Thread_local const kota_pool *sort_pool;
static _Thread_local int sort_fold;

static int cmp_str_ids(const void *x, const void *y)
{
	size_t la, lb;
	const char *a = kota_pool_get(sort_pool, *(const uint32_t *)x, &la);
	const char *b = kota_pool_get(sort_pool, *(const uint32_t *)y, &lb);

	return sort_fold ? kota_fold_cmp(a, la, b, lb) : kota_bytes_cmp(a, la, b, lb);
}

struct skey {
	uint64_t key;		/* first 8 bytes, big-endian, zero-padded (folded for FOLD) */
	uint32_t id;
} __attribute__((packed));

/* Stable LSD radix sort of A by key, 16 bits a pass; B is scratch; the result is in A. */
static void radix_sort(struct skey *a, struct skey *b, size_t n, uint32_t count[65536])
{
	for (int shift = 0; shift < 64; shift += 16) {
		uint32_t sum = 0;
		memset(count, 0, 65536 * sizeof *count);
		for (size_t i = 0; i < n; i++)
			count[(a[i].key >> shift) & 0xffff]++;
		for (uint32_t k = 0; k < 65536; k++) {
			uint32_t c = count[k];
			count[k] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			b[count[(a[i].key >> shift) & 0xffff]++] = a[i];
		struct skey *t = a;
		a = b;
		b = t;
	}
	/* An even number of passes: the sorted keys are back in the caller's A. */
}

static int cmp_skeys(const void *x, const void *y)
{
	uint64_t a = ((const struct skey *)x)->key, b = ((const struct skey *)y)->key;

	return (a > b) - (a < b);
}

/* Bytes DEPTH.. DEPTH+7 of string ID as a big-endian number, zero-padded. */
static uint64_t key_at(const kota_pool *pool, uint32_t id, size_t depth, int fold)
{
	size_t len;
	const unsigned char *str = (const unsigned char *)kota_pool_get(pool, id, &len);
	uint64_t key = depth < len ? kota_prefix8((const char *)str + depth, len - depth) : 0;

	return fold ? kota_fold_prefix8(key) : key;
}

/*
 * A is ordered by the 8 bytes at DEPTH; order each run of equal keys by the
 * next 8 bytes, and so on, until the strings end (then by whole strings,
 * which only matters for embedded NULs and for fold ties).
 */
static int sort_ties(const kota_pool *pool, struct skey *a, size_t n, size_t depth, int fold)
{
	for (size_t i = 0, j; i < n; i = j) {
		int longer = 0;
		for (j = i + 1; j < n && a[j].key == a[i].key; j++)
			;
		if (j - i < 2)
			continue;
		for (size_t k = i; k < j; k++)
			longer |= kota_pool_len(pool, a[k].id) > depth + 8;
		if (!longer) {
			sort_pool = pool;
			sort_fold = fold;
			/* skey is packed: sort the ids through a copy. */
			uint32_t ids[64], *v = j - i <= 64 ? ids : malloc((j - i) * sizeof *v);
			if (v == NULL)
				return kota_error_set("out of memory");
			for (size_t k = i; k < j; k++)
				v[k - i] = a[k].id;
			qsort(v, j - i, sizeof *v, cmp_str_ids);
			for (size_t k = i; k < j; k++)
				a[k].id = v[k - i];
			if (v != ids)
				free(v);
			continue;
		}
		for (size_t k = i; k < j; k++)
			a[k].key = key_at(pool, a[k].id, depth + 8, fold);
		qsort(a + i, j - i, sizeof *a, cmp_skeys);
		if (sort_ties(pool, a + i, j - i, depth + 8, fold) < 0)
			return -1;
	}
	return 0;
}

/*
 * Sort N string ids bytewise (or by kota_fold_cmp with FOLD).  Comparing
 * strings in the pool misses the cache on every probe, so sort on an 8-byte
 * prefix kept beside each id (radix, 16 bits a pass), then order the runs
 * with equal prefixes by the whole strings.
 */
static int sort_strings(const kota_pool *pool, uint32_t *ids, uint32_t n, int fold)
{
	struct skey *a = malloc(((size_t)n + 1) * sizeof *a), *b = malloc(((size_t)n + 1) * sizeof *b);
	uint32_t *count = malloc(65536 * sizeof *count);

	if (a == NULL || b == NULL || count == NULL) {
		free(a);
		free(b);
		free(count);
		return kota_error_set("out of memory");
	}
	for (uint32_t i = 0; i < n; i++) {
		uint64_t key = kota_pool_prefix(pool, ids[i]);
		a[i].key = fold ? kota_fold_prefix8(key) : key;
		a[i].id = ids[i];
	}
	radix_sort(a, b, n, count);
	int rc = sort_ties(pool, a, n, 0, fold);
	for (uint32_t i = 0; i < n; i++)
		ids[i] = a[i].id;
	free(a);
	free(b);
	free(count);
	return rc;
}

static _Thread_local const struct wfile *sort_files;

static int cmp_files(const void *x, const void *y)
{
	size_t la, lb;
	const char *a = kota_pool_get(sort_pool, sort_files[*(const uint32_t *)x].path, &la);
	const char *b = kota_pool_get(sort_pool, sort_files[*(const uint32_t *)y].path, &lb);

	return kota_bytes_cmp(a, la, b, lb);
}

static int cmp_meta(const void *x, const void *y)
{
	size_t la, lb;
	const char *a = kota_pool_get(sort_pool, ((const struct wmeta *)x)->key, &la);
	const char *b = kota_pool_get(sort_pool, ((const struct wmeta *)y)->key, &lb);

	return kota_bytes_cmp(a, la, b, lb);
}

/* Stable counting sort of all positions by KEY[name of the symbol]. */
static int sort_by_rank(const kota_writer *w, const uint32_t *key,
    uint32_t nkeys, uint32_t *out)
{
	uint32_t *count = calloc((size_t)nkeys + 1, sizeof *count), sum = 0;

	if (count == NULL)
		return kota_error_set("out of memory");
	for (size_t p = 0; p < w->nsyms; p++)
		count[key[w->syms[p].name]]++;
	for (uint32_t k = 0; k < nkeys; k++) {
		uint32_t c = count[k];
		count[k] = sum;
		sum += c;
	}
	for (size_t p = 0; p < w->nsyms; p++)
		out[count[key[w->syms[p].name]]++] = (uint32_t)p;
	free(count);
	return 0;
}

/* Stable LSD radix sort of all positions by id, 16 bits a pass, on (id, position) pairs. */
static int sort_by_id(const kota_writer *w, uint32_t *out)
{
	struct skey *a = malloc((w->nsyms + 1) * sizeof *a), *b = malloc((w->nsyms + 1) * sizeof *b);
	uint32_t *count = malloc(65536 * sizeof *count);

	if (a == NULL || b == NULL || count == NULL) {
		free(a);
		free(b);
		free(count);
		return kota_error_set("out of memory");
	}
	for (size_t p = 0; p < w->nsyms; p++) {
		a[p].key = w->syms[p].id;
		a[p].id = (uint32_t)p;
	}
	radix_sort(a, b, w->nsyms, count);
	for (size_t p = 0; p < w->nsyms; p++)
		out[p] = a[p].id;
	free(a);
	free(b);
	free(count);
	return 0;
}

/*
 * Move the symbols into their final order (files sorted by path) in place,
 * so every later pass reads them sequentially.  ORIG[p] is the index of the
 * symbol that belongs at position p.
 */
static int permute_symbols(kota_writer *w, const uint32_t *orig)
{
	uint8_t *done = calloc(w->nsyms / 8 + 1, 1);

	if (done == NULL)
		return kota_error_set("out of memory");
	for (size_t i = 0; i < w->nsyms; i++) {
		if (done[i / 8] >> (i % 8) & 1 || orig[i] == i)
			continue;
		struct wsym tmp = w->syms[i];
		size_t j = i;
		for (;;) {
			size_t k = orig[j];
			done[j / 8] |= (uint8_t)(1 << (j % 8));
			if (k == i) {
				w->syms[j] = tmp;
				break;
			}
			w->syms[j] = w->syms[k];
			j = k;
		}
	}
	free(done);
	return 0;
}

static int layout_files(kota_writer *w, struct layout *l)
{
	size_t n = w->nfiles + 1;
	uint32_t next = 0, *orig;
	int sorted = 1;

	l->file_order = malloc(n * sizeof *l->file_order);
	l->file_pos = malloc(n * sizeof *l->file_pos);
	l->file_first = malloc(n * sizeof *l->file_first);
	if (!l->file_order || !l->file_pos || !l->file_first)
		return kota_error_set("out of memory");
	for (uint32_t f = 0; f < w->nfiles; f++)
		l->file_order[f] = f;
	sort_pool = w->pool;
	sort_files = w->files;
	qsort(l->file_order, w->nfiles, sizeof *l->file_order, cmp_files);
	if (w->nmeta > 0)
		qsort(w->meta, w->nmeta, sizeof *w->meta, cmp_meta);
	for (uint32_t i = 0; i < w->nfiles; i++) {
		l->file_pos[l->file_order[i]] = i;
		l->file_first[i] = next;
		sorted &= w->files[l->file_order[i]].first == next;
		next += w->files[l->file_order[i]].count;
	}
	if (sorted)
		return 0;
	if ((orig = malloc((w->nsyms + 1) * sizeof *orig)) == NULL)
		return kota_error_set("out of memory");
	for (uint32_t i = 0; i < w->nfiles; i++) {
		struct wfile *f = &w->files[l->file_order[i]];
		for (uint32_t k = 0; k < f->count; k++)
			orig[l->file_first[i] + k] = f->first + k;
	}
	int rc = permute_symbols(w, orig);
	free(orig);
	/* The symbols moved: each file's first symbol is where they went. */
	for (uint32_t i = 0; i < w->nfiles; i++)
		w->files[l->file_order[i]].first = l->file_first[i];
	return rc;
}

static int layout_strings(kota_writer *w, struct layout *l)
{
	uint32_t n = kota_pool_count(w->pool);
	uint64_t off = 0;

	l->str_order = malloc(((size_t)n + 1) * sizeof *l->str_order);
	l->str_off = malloc(((size_t)n + 1) * sizeof *l->str_off);
	if (!l->str_order || !l->str_off)
		return kota_error_set("out of memory");
	for (uint32_t i = 0; i < n; i++)
		l->str_order[i] = i;
	if (sort_strings(w->pool, l->str_order, n, 0) < 0)
		return -1;
	for (uint32_t i = 0; i < n; i++) {
		size_t len = kota_pool_len(w->pool, l->str_order[i]);
		if (off > UINT32_MAX)
			return kota_error_set("string table over 4 GiB");
		l->str_off[l->str_order[i]] = (uint32_t)off;
		off += 4 + len + 1;
	}
	l->strs_len = off;
	return 0;
}

static int layout_orders(kota_writer *w, struct layout *l)
{
	uint32_t n = kota_pool_count(w->pool), nnames = 0;
	uint32_t *rank = malloc(((size_t)n + 1) * sizeof *rank), *names = NULL;

	l->by_name = malloc((w->nsyms + 1) * sizeof *l->by_name);
	l->by_fold = malloc((w->nsyms + 1) * sizeof *l->by_fold);
	l->by_id = malloc((w->nsyms + 1) * sizeof *l->by_id);
	if (!rank || !l->by_name || !l->by_fold || !l->by_id) {
		free(rank);
		return kota_error_set("out of memory");
	}
	for (uint32_t i = 0; i < n; i++)
		rank[l->str_order[i]] = i;
	if (sort_by_rank(w, rank, n, l->by_name) < 0)
		goto fail;
	/* The fold order ranks only the strings used as names. */
	if ((names = malloc(((size_t)n + 1) * sizeof *names)) == NULL) {
		kota_error_set("out of memory");
		goto fail;
	}
	for (uint32_t i = 0; i < n; i++)
		if (w->flags[i] & F_NAME)
			names[nnames++] = i;
	if (sort_strings(w->pool, names, nnames, 1) < 0)
		goto fail;
	for (uint32_t i = 0; i < nnames; i++)
		rank[names[i]] = i;
	if (sort_by_rank(w, rank, nnames, l->by_fold) < 0 || sort_by_id(w, l->by_id) < 0)
		goto fail;
	free(names);
	free(rank);
	return 0;
fail:
	free(names);
	free(rank);
	return -1;
}

/* ---- output ---- */

/* Section bytes go through a buffer either into a checksum or out to a descriptor. */
struct sink {
	int fd;			/* -1: only checksum */
	unsigned char buf[1 << 16];
	size_t used;
	uint32_t crc;
	uint64_t len;
	int failed;
};

static void sink_flush(struct sink *s)
{
	size_t done = 0;

	s->crc = kota_crc32c(s->crc, s->buf, s->used);
	while (s->fd >= 0 && done < s->used && !s->failed) {
		ssize_t n = write(s->fd, s->buf + done, s->used - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			s->failed = errno ? errno : EIO;
			break;
		}
		done += (size_t)n;
	}
	s->used = 0;
}

static unsigned char *sink_room(struct sink *s, size_t n)
{
	if (s->used + n > sizeof s->buf)
		sink_flush(s);
	s->used += n;
	s->len += n;
	return s->buf + s->used - n;
}

static void sink_bytes(struct sink *s, const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n > 0) {
		size_t k = sizeof s->buf - s->used;
		if (k == 0) {
			sink_flush(s);
			continue;
		}
		if (k > n)
			k = n;
		memcpy(s->buf + s->used, b, k);
		s->used += k;
		s->len += k;
		b += k;
		n -= k;
	}
}

static void emit_section(const kota_writer *w, const struct layout *l, int sec, struct sink *s)
{
	switch (sec) {
	case SEC_META:
		for (size_t i = 0; i < w->nmeta; i++) {
			unsigned char *p = sink_room(s, IX_META_SIZE);
			kota_put32(p, l->str_off[w->meta[i].key]);
			kota_put32(p + 4, l->str_off[w->meta[i].value]);
		}
		break;
	case SEC_FILE:
		for (uint32_t i = 0; i < w->nfiles; i++) {
			const struct wfile *f = &w->files[l->file_order[i]];
			unsigned char *p = sink_room(s, IX_FILE_SIZE);
			kota_put32(p, l->str_off[f->path]);
			kota_put32(p + 4, l->str_off[f->lang]);
			kota_put32(p + 8, l->str_off[f->blob]);
			kota_put32(p + 12, 0);
			kota_put64(p + 16, f->size);
			kota_put32(p + 24, l->file_first[i]);
			kota_put32(p + 28, f->count);
		}
		break;
	case SEC_SYMS: {
		uint64_t sigoff = 5;	/* SIGS as laid out below */
		for (size_t pos = 0; pos < w->nsyms; pos++) {
			const struct wsym *y = &w->syms[pos];
			uint32_t fpos = l->file_pos[y->file], first = l->file_first[fpos];
			unsigned char *p = sink_room(s, IX_SYM_SIZE);
			kota_put64(p, y->id);
			kota_put32(p + 8, l->str_off[y->name]);
			kota_put32(p + 12, y->sig == 0 ? 0 : (uint32_t)sigoff);
			if (y->sig != 0)
				sigoff += 4 + kota_get32((const unsigned char *)w->sigs + y->sig) + 1;
			kota_put32(p + 16, fpos);
			kota_put32(p + 20, y->parent == KOTA_NONE ? KOTA_NONE : first + y->parent);
			kota_put32(p + 24, y->start_line);
			kota_put32(p + 28, y->start_col);
			kota_put32(p + 32, y->end_line);
			kota_put32(p + 36, y->end_col);
			memset(p + 40, 0, 8);
			p[40] = y->kind;
		}
		break;
	}
	case SEC_SIGS:
		sink_bytes(s, "\0\0\0\0", 5);
		for (size_t pos = 0; pos < w->nsyms; pos++) {
			const struct wsym *y = &w->syms[pos];
			if (y->sig != 0)
				sink_bytes(s, w->sigs + y->sig,
				    4 + kota_get32((const unsigned char *)w->sigs + y->sig) + 1);
		}
		break;
	case SEC_STRS:
		for (uint32_t i = 0, n = kota_pool_count(w->pool); i < n; i++) {
			size_t len;
			const char *str = kota_pool_get(w->pool, l->str_order[i], &len);
			kota_put32(sink_room(s, 4), (uint32_t)len);
			sink_bytes(s, str, len + 1);
		}
		break;
	case SEC_NAME: case SEC_FOLD: case SEC_IDIX: {
		const uint32_t *v = sec == SEC_NAME ? l->by_name : sec == SEC_FOLD ? l->by_fold : l->by_id;
		for (size_t i = 0; i < w->nsyms; i++)
			kota_put32(sink_room(s, 4), v[i]);
		break;
	}
	case SEC_NFNC: case SEC_FFNC: {
		const uint32_t *v = sec == SEC_NFNC ? l->by_name : l->by_fold;
		for (size_t i = 0; i < w->nsyms; i += IX_FENCE_STRIDE) {
			uint64_t key = kota_pool_prefix(w->pool, w->syms[v[i]].name);
			kota_put64(sink_room(s, 8), sec == SEC_NFNC ? key : kota_fold_prefix8(key));
		}
		break;
	}
	case SEC_BASE: {
		size_t len;
		const unsigned char *head = kota_index_head(kota_view_base(w->base), &len);
		sink_bytes(s, head, len);
		break;
	}
	case SEC_DELE:
		for (size_t i = 0; i < w->ndels; i++)
			kota_put32(sink_room(s, 4), l->str_off[w->dels[i]]);
		break;
	}
}

static void put_header(unsigned char *head, int nsec, const uint64_t *off, const uint64_t *len,
    const uint32_t *crc, uint64_t end)
{
	memset(head, 0, IX_HEADER_SIZE + nsec * IX_SECTION_SIZE);
	memcpy(head, IX_MAGIC, 8);
	kota_put32(head + 8, KOTA_INDEX_VERSION);
	kota_put32(head + 12, (uint32_t)nsec);
	kota_put64(head + 16, end);
	kota_put32(head + 24, 0);
	for (int sec = 0; sec < nsec; sec++) {
		unsigned char *e = head + IX_HEADER_SIZE + sec * IX_SECTION_SIZE;
		memcpy(e, ix_section_tags[sec], 4);
		kota_put32(e + 4, crc[sec]);
		kota_put64(e + 8, off[sec]);
		kota_put64(e + 16, len[sec]);
		kota_put32(e + 24, ix_section_entsize[sec]);
		kota_put32(e + 28, 0);
	}
	kota_put32(head + 28, kota_crc32c(kota_crc32c(0, head, 28), head + IX_HEADER_SIZE,
	    (size_t)nsec * IX_SECTION_SIZE));
}

/*
 * Write the sections, each at the next 8-byte boundary, taking their
 * lengths and checksums as they go by.  The header comes first in the file
 * but needs those: into a seekable file it is written last, in place; into
 * a pipe a first pass computes them without writing.
 */
static int write_all(kota_writer *w, const struct layout *l, int fd)
{
	static const unsigned char zeros[IX_HEADER_SIZE + SEC_COUNT * IX_SECTION_SIZE];
	unsigned char head[IX_HEADER_SIZE + SEC_COUNT * IX_SECTION_SIZE];
	/* A delta has two more sections. */
	int nsec = w->delta ? SEC_COUNT : SEC_REQUIRED;
	size_t hlen = IX_HEADER_SIZE + (size_t)nsec * IX_SECTION_SIZE;
	uint64_t off[SEC_COUNT], len[SEC_COUNT];
	uint32_t crc[SEC_COUNT];
	struct sink *s = calloc(1, sizeof *s);
	struct stat st;
	/* pwrite on an O_APPEND descriptor appends: such a file is written like a pipe. */
	int seekable = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && lseek(fd, 0, SEEK_CUR) == 0 &&
	    !(fcntl(fd, F_GETFL) & O_APPEND);

	if (s == NULL)
		return kota_error_set("out of memory");
	for (int pass = seekable; pass < 2; pass++) {
		s->fd = pass == 0 ? -1 : fd;
		s->used = 0;
		s->len = 0;
		if (pass == 1 && !seekable)
			put_header(head, nsec, off, len, crc, off[nsec - 1] + len[nsec - 1]);
		sink_bytes(s, pass == 1 && !seekable ? head : zeros, hlen);
		for (int sec = 0; sec < nsec; sec++) {
			sink_bytes(s, zeros, ((s->len + 7) & ~(uint64_t)7) - s->len);
			sink_flush(s);
			s->crc = 0;
			off[sec] = s->len;
			emit_section(w, l, sec, s);
			sink_flush(s);
			len[sec] = s->len - off[sec];
			crc[sec] = s->crc;
		}
	}
	int failed = s->failed;
	free(s);
	if (!failed && seekable) {
		put_header(head, nsec, off, len, crc, off[nsec - 1] + len[nsec - 1]);
		if (pwrite(fd, head, hlen, 0) != (ssize_t)hlen)
			failed = errno ? errno : EIO;
	}
	if (failed)
		return kota_error_set("write: %s", strerror(failed));
	return 0;
}

static _Thread_local const uint32_t *sort_offsets;

/* Pool ids by where their strings are in STRS, that is by their bytes. */
static int cmp_by_offset(const void *x, const void *y)
{
	uint32_t a = sort_offsets[*(const uint32_t *)x], b = sort_offsets[*(const uint32_t *)y];

	return (a > b) - (a < b);
}

int kota_writer_write(kota_writer *w, int fd)
{
	struct layout l = { 0 };
	int rc = -1;

	if (w->delta && w->dels == NULL && list_deleted(w) < 0)
		return -1;
	if (layout_files(w, &l) == 0 && layout_strings(w, &l) == 0 && layout_orders(w, &l) == 0) {
		if (w->ndels > 1) {
			sort_offsets = l.str_off;
			qsort(w->dels, w->ndels, sizeof *w->dels, cmp_by_offset);
		}
		rc = write_all(w, &l, fd);
	}
	layout_free(&l);
	return rc;
}
