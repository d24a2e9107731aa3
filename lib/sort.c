/*
 * The orders of an index (kota(5) Determinism): strings bytewise and
 * folded, files by path, meta entries by key, symbol positions by name and
 * by id, and the permutation that moves the symbols into file order.
 */
#include <stdlib.h>
#include <string.h>

#include "kota.h"
#include "internal.h"
#include "writer.h"

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

/* The scratch of a radix sort of N keys: the keys, a copy, the counts. */
struct radix {
	struct skey *a, *b;
	uint32_t *count;
};

static void radix_free(struct radix *r)
{
	free(r->a);
	free(r->b);
	free(r->count);
}

static int radix_new(struct radix *r, size_t n)
{
	r->a = malloc((n + 1) * sizeof *r->a);
	r->b = malloc((n + 1) * sizeof *r->b);
	r->count = malloc(65536 * sizeof *r->count);
	if (r->a == NULL || r->b == NULL || r->count == NULL) {
		radix_free(r);
		return kota_error_set("out of memory");
	}
	return 0;
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
int kota_sort_strings(const kota_pool *pool, uint32_t *ids, uint32_t n, int fold)
{
	struct radix r;
	int rc;

	if (radix_new(&r, n) < 0)
		return -1;
	for (uint32_t i = 0; i < n; i++) {
		uint64_t key = kota_pool_prefix(pool, ids[i]);
		r.a[i].key = fold ? kota_fold_prefix8(key) : key;
		r.a[i].id = ids[i];
	}
	radix_sort(r.a, r.b, n, r.count);
	rc = sort_ties(pool, r.a, n, 0, fold);
	for (uint32_t i = 0; i < n; i++)
		ids[i] = r.a[i].id;
	radix_free(&r);
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

void kota_sort_files(const kota_pool *pool, const struct wfile *files, uint32_t *order, size_t n)
{
	sort_pool = pool;
	sort_files = files;
	qsort(order, n, sizeof *order, cmp_files);
}

void kota_sort_meta(const kota_pool *pool, struct wmeta *meta, size_t n)
{
	/* qsort's pointers must not be NULL, even for no entries. */
	if (n == 0)
		return;
	sort_pool = pool;
	qsort(meta, n, sizeof *meta, cmp_meta);
}

/* Stable counting sort of all positions by KEY[name of the symbol]. */
int kota_sort_by_rank(const struct wsym *syms, size_t n, const uint32_t *key, uint32_t nkeys,
    uint32_t *out)
{
	uint32_t *count = calloc((size_t)nkeys + 1, sizeof *count), sum = 0;

	if (count == NULL)
		return kota_error_set("out of memory");
	for (size_t p = 0; p < n; p++)
		count[key[syms[p].name]]++;
	for (uint32_t k = 0; k < nkeys; k++) {
		uint32_t c = count[k];
		count[k] = sum;
		sum += c;
	}
	for (size_t p = 0; p < n; p++)
		out[count[key[syms[p].name]]++] = (uint32_t)p;
	free(count);
	return 0;
}

/* Stable LSD radix sort of all positions by id, 16 bits a pass, on (id, position) pairs. */
int kota_sort_by_id(const struct wsym *syms, size_t n, uint32_t *out)
{
	struct radix r;

	if (radix_new(&r, n) < 0)
		return -1;
	for (size_t p = 0; p < n; p++) {
		r.a[p].key = wsym_id(&syms[p]);
		r.a[p].id = (uint32_t)p;
	}
	radix_sort(r.a, r.b, n, r.count);
	for (size_t p = 0; p < n; p++)
		out[p] = r.a[p].id;
	radix_free(&r);
	return 0;
}

static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return (a > b) - (a < b);
}

/*
 * Each run of V, [END[r-1], END[r]) for r < NRUNS, stably sorted by
 * KEY[v]: the runs are mostly in order already, and are left alone then.
 */
int kota_sort_runs(uint32_t *v, const uint32_t *end, uint32_t nruns, const uint32_t *key)
{
	uint64_t *run = NULL;
	size_t cap = 0;

	for (uint32_t r = 0, lo = 0; r < nruns; lo = end[r++]) {
		uint32_t hi = end[r], sorted = 1;
		for (uint32_t x = lo + 1; x < hi && sorted; x++)
			sorted = key[v[x - 1]] <= key[v[x]];
		if (sorted)
			continue;
		if (hi - lo > cap) {
			uint64_t *n = realloc(run, (cap = hi - lo) * sizeof *run);
			if (n == NULL) {
				free(run);
				return kota_error_set("out of memory");
			}
			run = n;
		}
		/* The values are distinct: sorting (key, value) is stable. */
		for (uint32_t x = lo; x < hi; x++)
			run[x - lo] = (uint64_t)key[v[x]] << 32 | v[x];
		qsort(run, hi - lo, sizeof *run, cmp_u64);
		for (uint32_t x = lo; x < hi; x++)
			v[x] = (uint32_t)run[x - lo];
	}
	free(run);
	return 0;
}

/*
 * Move the symbols into their final order (files sorted by path) in place,
 * so every later pass reads them sequentially.  ORIG[p] is the index of the
 * symbol that belongs at position p.
 */
int kota_permute_symbols(struct wsym *syms, size_t n, const uint32_t *orig)
{
	uint8_t *done = calloc(n / 8 + 1, 1);

	if (done == NULL)
		return kota_error_set("out of memory");
	for (size_t i = 0; i < n; i++) {
		if (kota_bit(done, i) || orig[i] == i)
			continue;
		struct wsym tmp = syms[i];
		size_t j = i;
		for (;;) {
			size_t k = orig[j];
			kota_bit_set(done, j);
			if (k == i) {
				syms[j] = tmp;
				break;
			}
			syms[j] = syms[k];
			j = k;
		}
	}
	free(done);
	return 0;
}

static _Thread_local const uint32_t *sort_offsets;

/* Pool ids by where their strings are in STRS, that is by their bytes. */
static int cmp_by_offset(const void *x, const void *y)
{
	uint32_t a = sort_offsets[*(const uint32_t *)x], b = sort_offsets[*(const uint32_t *)y];

	return (a > b) - (a < b);
}

void kota_sort_by_offset(uint32_t *ids, size_t n, const uint32_t *offsets)
{
	if (n < 2)
		return;
	sort_offsets = offsets;
	qsort(ids, n, sizeof *ids, cmp_by_offset);
}
