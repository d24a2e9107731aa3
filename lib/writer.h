/*
 * Private to the index writer, which is three files: writer.c collects
 * records and checks them, sort.c puts strings and symbols in the orders of
 * kota(5), layout.c lays the sections out and writes them.
 */
#ifndef KOTA_WRITER_H
#define KOTA_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include "kota.h"
#include "internal.h"

/*
 * A symbol as the orders need it, in memory: 12 bytes where the whole of it
 * is 48.  The rest, its body, waits in the BODIES spill (input order) for
 * the pass that writes SYMS.
 */
struct wsym {
	uint32_t id_lo, id_hi;
	uint32_t name;		/* pool id */
};

static inline uint64_t wsym_id(const struct wsym *y)
{
	return (uint64_t)y->id_hi << 32 | y->id_lo;
}

struct wbody {
	uint32_t scope;		/* pool id, 0 ("") if none */
	uint32_t sig, siglen;	/* offset in the SIGS spill, 0 if empty; its length */
	uint32_t parent;	/* index within its file, or KOTA_NONE */
	uint32_t start_line, start_col, end_line, end_col;
	uint32_t kind;
};

struct wfile {
	uint32_t path, lang, blob;
	uint64_t size;
	uint32_t first, count;	/* FIRST: in SYMS order once laid out */
	uint32_t body;		/* the first symbol's body in BODIES */
	uint32_t sigs, sigs_end;	/* its symbols' signatures, one run of the SIGS spill */
	uint32_t first_ref, nrefs;	/* in the writer's refs, in input order */
};

/* A reference as REFS stores it (kota(5)): TEXT is the qualifier and the name. */
struct wref {
	uint32_t text;		/* pool id of qualifier + name */
	uint32_t name;		/* pool id of the name alone (sorting only) */
	uint32_t line;
	uint16_t col;		/* saturated */
	uint8_t qlen, kind;
};

struct wmeta {
	uint32_t key, value;
	uint32_t stream;	/* the number of the stream it came in */
};

/* Per-string flags, indexed by pool id. */
#define F_PATH 1
#define F_KEY 2
#define F_NAME 4
#define F_SORT 8	/* interned only to sort references by name: not in STRS */

struct kota_writer {
	kota_pool *pool;
	uint8_t *flags;
	size_t flags_cap;
	struct wsym *syms;
	size_t nsyms, syms_cap;
	struct wfile *files;
	size_t nfiles, files_cap;
	struct wref *refs;
	size_t nrefs, refs_cap;
	char *scratch;		/* a reference's text while it is interned */
	size_t scratch_cap;
	struct wmeta *meta;
	size_t nmeta, meta_cap;
	kota_spill sigs;	/* signatures as in SIGS, in input order; offset 0 is "" */
	kota_spill bodies;	/* struct wbody of each symbol, in input order */
	struct idslot *ids;	/* the current file's ids (writer.c) */
	uint32_t ids_mask;
	size_t stream_files;	/* files before the current stream's first */
	int kept_in_stream;	/* the current stream has had a KEEP record */
	uint32_t stream;	/* streams read so far (kota_writer_add_stream) */
	uint32_t shard_n;	/* shards of one parse (meta "shard" K/N): N, 0 if none */
	unsigned char *shards;	/* a bit per shard given */
	/* kota_writer_set_base */
	const kota_view *base;
	int delta;
	unsigned char *kept;	/* delta: a bit per file of the base index kept as it is */
	uint32_t *dels;		/* delta: pool ids of the base's paths deleted */
	size_t ndels;
	uint64_t copied;	/* files copied for KEEP records */
	int base_failed;	/* the last error was the base's (kota_writer_base_failed) */
};

/* sort.c: N string ids sorted bytewise, or by kota_fold_cmp with FOLD. */
int kota_sort_strings(const kota_pool *pool, uint32_t *ids, uint32_t n, int fold);
/* ORDER (N file numbers) sorted by the paths of FILES. */
void kota_sort_files(const kota_pool *pool, const struct wfile *files, uint32_t *order, size_t n);
/* META (N entries) sorted by key. */
void kota_sort_meta(const kota_pool *pool, struct wmeta *meta, size_t n);
/* Every position of the N symbols SYMS into OUT, stably sorted by
 * KEY[name] (KEY has NKEYS ranks), or by id. */
int kota_sort_by_rank(const struct wsym *syms, size_t n, const uint32_t *key, uint32_t nkeys,
    uint32_t *out);
int kota_sort_by_id(const struct wsym *syms, size_t n, uint32_t *out);
/* Each run of V, [END[r-1], END[r]) (the first from 0) for r < NRUNS,
 * stably sorted by KEY[v]; V's values are distinct. */
int kota_sort_runs(uint32_t *v, const uint32_t *end, uint32_t nruns, const uint32_t *key);
/* Move the N symbols SYMS in place so that position p holds the one that
 * was at ORIG[p]. */
int kota_permute_symbols(struct wsym *syms, size_t n, const uint32_t *orig);
/* IDS (N string ids) sorted by OFFSETS[id]. */
void kota_sort_by_offset(uint32_t *ids, size_t n, const uint32_t *offsets);

/* layout.c: lay out the sections of W in canonical order and write them to FD. */
int kota_layout_write(kota_writer *w, int fd);

#endif
