/*
 * The symbols of a file, once the query has found them: in source order,
 * nested by their ranges, a definition found twice kept once, and each
 * given an id from its path, kind, qualified name and ordinal, so that an
 * unchanged symbol keeps its id from one commit to the next.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int kota_symtab_add(struct symtab *tab, const struct sym *s)
{
	if (tab->n == tab->cap) {
		size_t ncap = tab->cap ? tab->cap * 2 : 256;
		struct sym *n = realloc(tab->v, ncap * sizeof *n);
		int *st = n ? realloc(tab->stack, ncap * sizeof *st) : NULL;
		if (n != NULL)
			tab->v = n;
		if (st == NULL)
			return kota_error_set("out of memory");
		tab->stack = st;
		tab->cap = ncap;
	}
	tab->v[tab->n++] = *s;
	return 0;
}

void kota_symtab_free(struct symtab *tab)
{
	free(tab->v);
	free(tab->stack);
	free(tab->ordinals);
	free(tab->arena);
	free(tab->full_off);
	free(tab->full_len);
}

/* Source order; an enclosing definition before what it encloses; first pattern first. */
static int cmp_syms(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;

	if (x->start_byte != y->start_byte)
		return x->start_byte < y->start_byte ? -1 : 1;
	if (x->end_byte != y->end_byte)
		return x->end_byte > y->end_byte ? -1 : 1;
	if (x->pattern != y->pattern)
		return x->pattern < y->pattern ? -1 : 1;
	return (x->name_start > y->name_start) - (x->name_start < y->name_start);
}

static uint64_t hash_bytes(uint64_t h, const void *p, size_t len)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < len; i++)
		h = (h ^ b[i]) * 0x100000001b3ull;
	return h;
}

static uint64_t mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 33;
	return h;
}

/* How many symbols before this one in the file had the same kind and qualified name. */
static uint32_t next_ordinal(struct symtab *tab, uint64_t key)
{
	size_t mask = tab->ord_cap - 1, i;

	key |= 1;	/* 0 marks a free slot */
	for (i = key & mask; tab->ordinals[2 * i] != 0 && tab->ordinals[2 * i] != key; i = (i + 1) & mask)
		;
	if (tab->ordinals[2 * i] == 0) {
		tab->ordinals[2 * i] = key;
		tab->ordinals[2 * i + 1] = 0;
	}
	return (uint32_t)tab->ordinals[2 * i + 1]++;
}

/* Sort the symbols, drop the duplicate definitions, find each one's parent
 * (by range) and the hash of its qualified name. */
static void nest(struct symtab *tab, const char *src)
{
	size_t n = 0, depth = 0;

	if (tab->n > 0)
		qsort(tab->v, tab->n, sizeof *tab->v, cmp_syms);
	for (size_t i = 0; i < tab->n; i++) {
		struct sym *s = &tab->v[i];
		const struct sym *prev = n > 0 ? &tab->v[n - 1] : NULL;
		/* The same node again: the first pattern wins, but one pattern
		 * may name several symbols with one node (Go's "X, Y int"). */
		if (prev != NULL && s->start_byte == prev->start_byte && s->end_byte == prev->end_byte &&
		    (s->pattern != prev->pattern || s->name_start == prev->name_start))
			continue;
		tab->v[n] = *s;
		s = &tab->v[n];
		/* Pop what does not enclose S; one range naming two symbols (Go's
		 * "X, Y int") makes siblings, not parent and child. */
		while (depth > 0) {
			const struct sym *t = &tab->v[tab->stack[depth - 1]];
			if (t->end_byte >= s->end_byte && !(t->start_byte == s->start_byte && t->end_byte == s->end_byte))
				break;
			depth--;
		}
		s->parent = depth > 0 ? tab->stack[depth - 1] : -1;
		uint64_t q = s->parent >= 0 ? tab->v[s->parent].qhash : 0x84222325cbf29ce4ull;
		/* An out-of-line method is qualified by what it is defined for:
		 * Go's String of *T and of U are told apart without an ordinal. */
		if (s->scope_end > s->scope_start)
			q = hash_bytes(q ^ 0x3a, src + s->scope_start, s->scope_end - s->scope_start);
		s->qhash = hash_bytes(q ^ 0x2e, src + s->name_start, s->name_end - s->name_start);
		tab->stack[depth++] = (int)n;
		n++;
	}
	tab->n = n;
}

/* Give each symbol of PATH its id: from the path, its kind, its qualified
 * name and how many before it had the same. */
static int give_ids(struct symtab *tab, const char *path)
{
	size_t n = tab->n;
	uint64_t path_hash = hash_bytes(0xcbf29ce484222325ull, path, strlen(path) + 1);

	/* The ordinal table: a key and a count a slot, at most a quarter full. */
	if (tab->ord_cap < n * 4 + 16) {
		free(tab->ordinals);
		for (tab->ord_cap = 64; tab->ord_cap < n * 4 + 16; tab->ord_cap *= 2)
			;
		if ((tab->ordinals = malloc(tab->ord_cap * 2 * sizeof *tab->ordinals)) == NULL) {
			tab->ord_cap = 0;
			return kota_error_set("out of memory");
		}
	}
	memset(tab->ordinals, 0, tab->ord_cap * 2 * sizeof *tab->ordinals);
	for (size_t i = 0; i < n; i++) {
		struct sym *s = &tab->v[i];
		uint64_t key = mix(s->qhash ^ (uint64_t)s->kind * 0x9e3779b97f4a7c15ull);
		uint32_t ord = next_ordinal(tab, key);
		uint64_t h = hash_bytes(path_hash, &s->kind, sizeof s->kind);
		h = hash_bytes(h, &s->qhash, sizeof s->qhash);
		h = hash_bytes(h, &ord, sizeof ord);
		s->id = mix(h);
		if (s->id == 0)
			s->id = 1;
	}
	return 0;
}

int kota_symtab_resolve(struct symtab *tab, const char *path, const char *src)
{
	nest(tab, src);
	return give_ids(tab, path);
}
