/* The string pool behind the index's string table: unique strings, dense ids. */
#include <stdlib.h>
#include <string.h>

#include "kota.h"
#include "internal.h"

struct kota_pool {
	char *arena;		/* u32 length, bytes, NUL; one after another */
	size_t arena_len, arena_cap;
	uint64_t *offsets;	/* arena offset of each id */
	uint64_t *prefixes;	/* first 8 bytes of each id, big-endian, zero-padded */
	uint32_t count, cap;
	uint64_t *slots;	/* open addressing: hash << 32 | (id + 1), or 0 if free */
	uint32_t mask;
};

static uint32_t hash_bytes(const char *s, size_t len)
{
	uint64_t h = 0x9e3779b97f4a7c15ull ^ len;

	while (len >= 8) {
		uint64_t v;
		memcpy(&v, s, 8);
		h = (h ^ v) * 0xff51afd7ed558ccdull;
		h ^= h >> 32;
		s += 8;
		len -= 8;
	}
	if (len > 0) {
		uint64_t v = 0;
		memcpy(&v, s, len);
		h = (h ^ v) * 0xc4ceb9fe1a85ec53ull;
	}
	h ^= h >> 29;
	h *= 0x9e3779b97f4a7c15ull;
	return (uint32_t)(h >> 32);
}

kota_pool *kota_pool_new(void)
{
	kota_pool *p = calloc(1, sizeof *p);

	if (p == NULL)
		return NULL;
	p->mask = (1u << 12) - 1;
	p->slots = calloc(p->mask + 1, sizeof *p->slots);
	if (p->slots == NULL || kota_pool_intern(p, "", 0) != 0) {
		kota_pool_free(p);
		return NULL;
	}
	return p;
}

void kota_pool_free(kota_pool *p)
{
	if (p == NULL)
		return;
	free(p->arena);
	free(p->offsets);
	free(p->prefixes);
	free(p->slots);
	free(p);
}

uint32_t kota_pool_count(const kota_pool *p)
{
	return p->count;
}

const char *kota_pool_get(const kota_pool *p, uint32_t id, size_t *len)
{
	const char *e = p->arena + p->offsets[id];
	uint32_t l;

	memcpy(&l, e, 4);
	*len = l;
	return e + 4;
}

size_t kota_pool_len(const kota_pool *p, uint32_t id)
{
	uint64_t end = id + 1 < p->count ? p->offsets[id + 1] : p->arena_len;

	return (size_t)(end - p->offsets[id] - 5);
}

uint64_t kota_pool_prefix(const kota_pool *p, uint32_t id)
{
	return p->prefixes[id];
}

/* Put the slot value V (hash << 32 | id + 1) in the first free slot from its hash. */
static void put_slot(uint64_t *slots, uint32_t mask, uint64_t v)
{
	uint32_t i = (uint32_t)(v >> 32) & mask;

	while (slots[i] != 0)
		i = (i + 1) & mask;
	slots[i] = v;
}

static int grow_table(kota_pool *p)
{
	uint32_t nmask = p->mask * 2 + 1;
	uint64_t *ns = calloc((size_t)nmask + 1, sizeof *ns);

	if (ns == NULL)
		return -1;
	for (uint32_t k = 0; k <= p->mask; k++)
		if (p->slots[k] != 0)
			put_slot(ns, nmask, p->slots[k]);
	free(p->slots);
	p->slots = ns;
	p->mask = nmask;
	return 0;
}

static uint32_t add(kota_pool *p, const char *s, size_t len)
{
	size_t need = 4 + len + 1;
	uint32_t l = (uint32_t)len;

	if (len > UINT32_MAX - 8 || p->count == UINT32_MAX - 1)
		return UINT32_MAX;
	if (p->count == p->cap) {
		uint32_t ncap = p->cap ? p->cap * 2 : 1024;
		uint64_t *no = kota_grow(p->offsets, ncap * sizeof *no);
		if (no == NULL)
			return UINT32_MAX;
		p->offsets = no;
		uint64_t *np = kota_grow(p->prefixes, ncap * sizeof *np);
		if (np == NULL)
			return UINT32_MAX;
		p->prefixes = np;
		p->cap = ncap;
	}
	if (p->arena_len + need > p->arena_cap) {
		size_t ncap = p->arena_cap ? p->arena_cap : 1 << 16;
		while (p->arena_len + need > ncap)
			ncap *= 2;
		char *na = kota_grow(p->arena, ncap);
		if (na == NULL)
			return UINT32_MAX;
		p->arena = na;
		p->arena_cap = ncap;
	}
	memcpy(p->arena + p->arena_len, &l, 4);
	memcpy(p->arena + p->arena_len + 4, s, len);
	p->arena[p->arena_len + 4 + len] = '\0';
	p->offsets[p->count] = p->arena_len;
	p->prefixes[p->count] = kota_prefix8(s, len);
	p->arena_len += need;
	return p->count++;
}

/* The id of S, or UINT32_MAX with *SLOT the free slot where it would go. */
static uint32_t lookup(const kota_pool *p, const char *s, size_t len, uint32_t h, uint32_t *slot)
{
	uint32_t i = h & p->mask, id;

	for (; p->slots[i] != 0; i = (i + 1) & p->mask) {
		if ((uint32_t)(p->slots[i] >> 32) == h) {
			size_t l;
			id = (uint32_t)p->slots[i] - 1;
			const char *e = kota_pool_get(p, id, &l);
			if (l == len && (len == 0 || memcmp(e, s, len) == 0))
				return id;
		}
	}
	*slot = i;
	return UINT32_MAX;
}

uint32_t kota_pool_find(const kota_pool *p, const char *s, size_t len)
{
	uint32_t slot;

	if (p->slots == NULL) {
		/* Sealed: rare, and a scan is cheaper than a table kept for it. */
		for (uint32_t id = 0; id < p->count; id++) {
			size_t l;
			const char *e = kota_pool_get(p, id, &l);
			if (l == len && (len == 0 || memcmp(e, s, len) == 0))
				return id;
		}
		return UINT32_MAX;
	}
	return lookup(p, s, len, hash_bytes(s, len), &slot);
}

/*
 * The hash table is only for interning; once the strings are all in, it is
 * an eighth of kota-pack's peak memory (67 MB of 8-byte slots on Linux's
 * tree).  Sealing frees it; interning again builds it anew.
 */
void kota_pool_seal(kota_pool *p)
{
	free(p->slots);
	p->slots = NULL;
}

static int unseal(kota_pool *p)
{
	uint32_t size = 1u << 12;

	while (size / 2 < p->count + 1)
		size *= 2;
	if ((p->slots = calloc(size, sizeof *p->slots)) == NULL)
		return -1;
	p->mask = size - 1;
	for (uint32_t id = 0; id < p->count; id++) {
		size_t l;
		const char *e = kota_pool_get(p, id, &l);
		put_slot(p->slots, p->mask, (uint64_t)hash_bytes(e, l) << 32 | (id + 1));
	}
	return 0;
}

uint32_t kota_pool_intern(kota_pool *p, const char *s, size_t len)
{
	uint32_t h = hash_bytes(s, len), i, id;

	if (p->slots == NULL && unseal(p) < 0)
		return UINT32_MAX;
	if ((id = lookup(p, s, len, h, &i)) != UINT32_MAX)
		return id;
	id = add(p, s, len);
	if (id == UINT32_MAX)
		return id;
	p->slots[i] = (uint64_t)h << 32 | (id + 1);
	if ((uint64_t)p->count * 2 > p->mask && grow_table(p) < 0)
		return UINT32_MAX;
	return id;
}
