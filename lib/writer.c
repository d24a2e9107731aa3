/*
 * Writing an index: collect records in memory and check them (this file),
 * then sort (sort.c) and lay out the sections of kota(5) in canonical order
 * and write them in one batch (layout.c).
 */
#include <stdlib.h>
#include <string.h>

#include "kota.h"
#include "internal.h"
#include "le.h"
#include "writer.h"

/* Bytes of signatures, or of bodies, a writer holds in memory. */
#define SPILL_LIMIT ((size_t)8 << 20)

struct idslot {
	uint64_t id;
	uint32_t index;		/* within the file */
	uint32_t gen;		/* file number + 1 that owns the slot */
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
	/* A hook's delta stays in memory; Linux's whole tree would hold
	 * 190 MB of signatures and 150 MB of bodies there. */
	kota_spill_init(&w->sigs, SPILL_LIMIT);
	kota_spill_init(&w->bodies, SPILL_LIMIT);
	if (kota_spill_add(&w->sigs, "\0\0\0\0", 5) < 0) {
		kota_writer_free(w);
		return -1;
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
	free(w->refs);
	free(w->scratch);
	free(w->meta);
	kota_spill_free(&w->sigs);
	kota_spill_free(&w->bodies);
	free(w->ids);
	free(w->kept);
	free(w->dels);
	free(w->shards);
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
static uint32_t intern_any(kota_writer *w, kota_str s)
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

/* A string the index holds in STRS. */
static uint32_t intern(kota_writer *w, kota_str s)
{
	uint32_t id = intern_any(w, s);

	if (id != UINT32_MAX)
		w->flags[id] &= (uint8_t)~F_SORT;
	return id;
}

/* A string only sorted by (a reference's name without its qualifier):
 * STRS holds it only if something else uses it. */
static uint32_t intern_sort(kota_writer *w, kota_str s)
{
	uint32_t id = kota_pool_find(w->pool, s.ptr, s.len);

	if (id != UINT32_MAX)
		return id;	/* already held, or already sort-only */
	if ((id = intern_any(w, s)) != UINT32_MAX)
		w->flags[id] |= F_SORT;
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
		uint64_t id = wsym_id(&w->syms[f->first + k]);
		*id_slot(w, id, gen) = (struct idslot){ id, k, gen };
	}
	return 0;
}

/* Append a signature to the SIGS spill; *OFF is 0 for the empty one. */
static int add_signature(kota_writer *w, kota_str sig, uint32_t *off)
{
	unsigned char len[4];
	uint64_t at = kota_spill_size(&w->sigs);

	*off = 0;
	if (sig.len == 0)
		return 0;
	if (at + 4 + sig.len + 1 > UINT32_MAX)
		return kota_error_set("signatures over 4 GiB");
	kota_put32(len, (uint32_t)sig.len);
	if (kota_spill_add(&w->sigs, len, 4) < 0 || kota_spill_add(&w->sigs, sig.ptr, sig.len) < 0 ||
	    kota_spill_add(&w->sigs, "", 1) < 0)
		return -1;
	*off = (uint32_t)at;
	return 0;
}

/*
 * Meta "shard" K/N: this stream is shard K of a parse split N ways
 * (kota-parse --shard).  It is not kept: an index of all N shards is the
 * index of the whole parse, byte for byte, and kota_writer_write fails
 * unless every shard came.
 */
static int add_shard(kota_writer *w, kota_str v)
{
	char buf[32], *end;
	unsigned long k, n;

	if (v.len == 0 || v.len >= sizeof buf)
		return kota_error_set("bad meta shard (want K/N)");
	memcpy(buf, v.ptr, v.len);
	buf[v.len] = '\0';
	k = strtoul(buf, &end, 10);
	if (*end != '/' || (n = strtoul(end + 1, &end, 10)) == 0 || *end != '\0' || k < 1 || k > n ||
	    n > 65536 || buf[0] == '-')
		return kota_error_set("bad meta shard '%s' (want K/N)", buf);
	if (w->shard_n == 0) {
		if ((w->shards = calloc(n / 8 + 1, 1)) == NULL)
			return kota_error_set("out of memory");
		w->shard_n = (uint32_t)n;
	}
	if (n != w->shard_n)
		return kota_error_set("shard %s is of a split in %lu, not %u", buf, n, w->shard_n);
	if (kota_bit(w->shards, k - 1))
		return kota_error_set("shard %s given twice", buf);
	kota_bit_set(w->shards, k - 1);
	return 0;
}

static int add_meta(kota_writer *w, const kota_record *rec)
{
	uint32_t key, value;
	char q[256];

	if (w->nfiles > w->stream_files || w->kept_in_stream)
		return kota_error_set("meta record after a file record");
	if (rec->key.len == 5 && memcmp(rec->key.ptr, "shard", 5) == 0)
		return add_shard(w, rec->value);
	if ((key = intern(w, rec->key)) == UINT32_MAX)
		return -1;
	if ((value = intern(w, rec->value)) == UINT32_MAX)
		return -1;
	if (w->flags[key] & F_KEY) {
		/* The same entry in each of several streams (shards of one parse)
		 * is one entry; within a stream, or with another value, an error. */
		for (size_t i = 0; i < w->nmeta; i++)
			if (w->meta[i].key == key && w->meta[i].stream != w->stream && w->meta[i].value == value)
				return 0;
		return kota_error_set("duplicate meta key '%s'", kota_quote(q, sizeof q, rec->key.ptr, rec->key.len));
	}
	w->flags[key] |= F_KEY;
	if (reserve(&w->meta, &w->meta_cap, w->nmeta, sizeof *w->meta) < 0)
		return -1;
	w->meta[w->nmeta++] = (struct wmeta){ key, value, w->stream };
	return 0;
}

/* Whether PATH is a file of the base index that a delta keeps as it is. */
static int kept(const kota_writer *w, kota_str path)
{
	uint32_t pos;

	return w->kept != NULL &&
	    kota_index_find_file(kota_view_base(w->base), path.ptr, path.len, &pos) == 0 &&
	    kota_bit(w->kept, pos);
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
	uint32_t sigs = (uint32_t)kota_spill_size(&w->sigs);
	w->files[w->nfiles++] = (struct wfile){ path, lang, blob, rec->size, (uint32_t)w->nsyms, 0,
		(uint32_t)w->nsyms, sigs, sigs, (uint32_t)w->nrefs, 0 };
	return 0;
}

static int add_symbol(kota_writer *w, const kota_record *rec)
{
	struct wfile *f;
	struct idslot *slot;
	uint32_t gen = (uint32_t)w->nfiles, parent = KOTA_NONE, name, scope, sig;

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
	if ((name = intern(w, rec->name)) == UINT32_MAX || (scope = intern(w, rec->scope)) == UINT32_MAX ||
	    add_signature(w, rec->signature, &sig) < 0)
		return -1;
	w->flags[name] |= F_NAME;
	struct wbody b = { scope, sig, (uint32_t)rec->signature.len, parent,
		rec->start_line, rec->start_col, rec->end_line, rec->end_col, (uint32_t)rec->kind };
	if (reserve(&w->syms, &w->syms_cap, w->nsyms, sizeof *w->syms) < 0 ||
	    kota_spill_add(&w->bodies, &b, sizeof b) < 0)
		return -1;
	*slot = (struct idslot){ rec->id, f->count, gen };
	w->syms[w->nsyms++] = (struct wsym){ (uint32_t)rec->id, (uint32_t)(rec->id >> 32), name };
	f->count++;
	f->sigs_end = (uint32_t)kota_spill_size(&w->sigs);
	return 0;
}

/*
 * A reference: its qualifier and name are interned as one string, the text
 * REFS points at, and the name alone for the name order.
 */
static int add_ref(kota_writer *w, const kota_record *rec)
{
	size_t len = rec->qualifier.len + rec->name.len;
	uint32_t text, name;

	if (w->nfiles == 0)
		return kota_error_set("reference record before any file record");
	if (kota_check_ref(rec) < 0)
		return -1;
	if (w->nrefs >= IX_MAX_SYMBOLS)
		return kota_error_set("too many references");
	if (len > w->scratch_cap) {
		char *n = realloc(w->scratch, len);
		if (n == NULL)
			return kota_error_set("out of memory");
		w->scratch = n;
		w->scratch_cap = len;
	}
	if (rec->qualifier.len > 0)
		memcpy(w->scratch, rec->qualifier.ptr, rec->qualifier.len);
	memcpy(w->scratch + rec->qualifier.len, rec->name.ptr, rec->name.len);
	if ((text = intern(w, (kota_str){ w->scratch, len })) == UINT32_MAX ||
	    (name = rec->qualifier.len == 0 ? text : intern_sort(w, rec->name)) == UINT32_MAX)
		return -1;
	if (reserve(&w->refs, &w->refs_cap, w->nrefs, sizeof *w->refs) < 0)
		return -1;
	w->refs[w->nrefs++] = (struct wref){ text, name, rec->start_line,
		(uint16_t)(rec->start_col > UINT16_MAX ? UINT16_MAX : rec->start_col),
		(uint8_t)rec->qualifier.len, (uint8_t)rec->kind };
	w->files[w->nfiles - 1].nrefs++;
	return 0;
}

/* Fail for a cause in the index W copies from: see kota_writer_base_failed. */
static int fail_base(kota_writer *w)
{
	w->base_failed = 1;
	return -1;
}

int kota_writer_copy_file(kota_writer *w, const kota_index *ix, uint32_t pos)
{
	kota_file f;
	kota_symbol s, parent;
	kota_record rec = { .type = KOTA_REC_FILE };

	w->base_failed = 0;
	if (kota_index_file(ix, pos, &f) < 0)
		return fail_base(w);
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
			return fail_base(w);
		rec.id = s.id;
		rec.kind = s.kind;
		rec.name = s.name;
		rec.signature = s.signature;
		rec.scope = s.scope;
		rec.start_line = s.start_line;
		rec.start_col = s.start_col;
		rec.end_line = s.end_line;
		rec.end_col = s.end_col;
		rec.parent = s.parent == KOTA_NONE ? 0 : parent.id;
		if (add_symbol(w, &rec) < 0)
			return -1;
	}
	rec.type = KOTA_REC_REF;
	for (uint32_t p = f.first_ref; p < f.first_ref + f.nrefs; p++) {
		kota_ref r;
		if (kota_index_ref(ix, p, &r) < 0)
			return fail_base(w);
		rec.kind = r.kind;
		rec.name = r.name;
		rec.qualifier = r.qualifier;
		rec.start_line = r.line;
		rec.start_col = r.col;
		if (add_ref(w, &rec) < 0)
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

int kota_writer_meta(const kota_writer *w, const char *key, kota_str *value)
{
	uint32_t id = kota_pool_find(w->pool, key, strlen(key));

	for (size_t i = 0; id != UINT32_MAX && i < w->nmeta; i++)
		if (w->meta[i].key == id) {
			value->ptr = kota_pool_get(w->pool, w->meta[i].value, &value->len);
			return 0;
		}
	return KOTA_NOTFOUND;
}

uint32_t kota_writer_nfiles(const kota_writer *w) { return (uint32_t)w->nfiles; }
uint32_t kota_writer_nsymbols(const kota_writer *w) { return (uint32_t)w->nsyms; }
int kota_writer_base_failed(const kota_writer *w) { return w->base_failed; }

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
	/* A keep record that the base cannot resolve was written from another
	 * index (or this one before it changed): the base cannot be used. */
	if ((rc = kota_view_find_file(w->base, rec->path.ptr, rec->path.len, &ix, &pos)) < 0)
		return fail_base(w);
	if (rc == KOTA_NOTFOUND) {
		kota_error_set("keep record for '%s', which the base index does not have",
		    kota_quote(q, sizeof q, rec->path.ptr, rec->path.len));
		return fail_base(w);
	}
	if (kota_index_file(ix, pos, &f) < 0)
		return fail_base(w);
	if (f.blob.len != rec->blob.len || memcmp(f.blob.ptr, rec->blob.ptr, f.blob.len) != 0) {
		kota_error_set("keep record for '%s' names blob %.*s, the base index has %.*s",
		    kota_quote(q, sizeof q, rec->path.ptr, rec->path.len),
		    (int)rec->blob.len, rec->blob.ptr, (int)f.blob.len, f.blob.ptr);
		return fail_base(w);
	}
	if (!w->delta || ix != kota_view_base(w->base)) {
		/* Copying a whole base reads it all: keep its pages from adding up. */
		if (++w->copied % 4096 == 0)
			kota_index_release(ix);
		return kota_writer_copy_file(w, ix, pos);
	}
	/* A delta leaves the base's own files where they are. */
	if (kota_bit(w->kept, pos) ||
	    ((id = kota_pool_find(w->pool, rec->path.ptr, rec->path.len)) != UINT32_MAX &&
	    (w->flags[id] & F_PATH)))
		return duplicate_file(rec->path);
	kota_bit_set(w->kept, pos);
	return 0;
}

int kota_writer_fold(kota_writer *w)
{
	const kota_index *base = kota_view_base(w->base);
	unsigned char *keep = w->kept;

	w->base_failed = 0;
	if (!w->delta)
		return 0;
	w->delta = 0;
	w->kept = NULL;
	for (uint32_t i = 0; i < kota_index_nfiles(base); i++) {
		if (kota_bit(keep, i) && kota_writer_copy_file(w, base, i) < 0) {
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
		if (kota_bit(w->kept, i))
			continue;
		if (kota_index_path(base, i, &path) < 0)
			return fail_base(w);
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
	w->base_failed = 0;
	switch (rec->type) {
	case KOTA_REC_META: return add_meta(w, rec);
	case KOTA_REC_FILE: return add_file(w, rec);
	case KOTA_REC_SYMBOL: return add_symbol(w, rec);
	case KOTA_REC_KEEP: return add_keep(w, rec);
	case KOTA_REC_REF: return add_ref(w, rec);
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
	w->stream++;
	if (kota_stream_each(fd, name, add_one, w, &nlines) < 0)
		return -1;
	/* Nothing at all: most often the producer of a pipe failed and said
	 * why; a "missing header" here would only mislead. */
	if (nlines == 0)
		return kota_error_set("%s: empty input, no stream (did the program writing it fail?)", name);
	return 0;
}

int kota_writer_write(kota_writer *w, int fd)
{
	w->base_failed = 0;
	for (uint32_t k = 0; k < w->shard_n; k++)
		if (!kota_bit(w->shards, k))
			return kota_error_set("shard %u/%u is missing: an index needs all the shards of a parse",
			    k + 1, w->shard_n);
	if (w->delta && w->dels == NULL && list_deleted(w) < 0)
		return -1;
	return kota_layout_write(w, fd);
}
