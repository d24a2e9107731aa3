/*
 * Scopes (kota(5) SCOPE): the qualified name of what each symbol belongs
 * to, as the language writes it.  A nested member takes it from its parent
 * (Go's struct fields, a class's methods: "ns::Foo", "Outer.Inner"); an
 * out-of-line one from the text of its @scope capture (Go's receiver type,
 * C++'s Foo:: of Foo::bar, JavaScript's X of X.prototype.m).  Items of a
 * Rust impl of a trait are scoped "<Type as Trait>", as Rust's own
 * qualified paths write it.  Then an out-of-line member whose scope names
 * an earlier type of the same file gets that type as its parent.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Room for LEN more bytes in the arena; -1 when out of memory. */
static int reserve(struct symtab *t, size_t len)
{
	if (t->arena_len + len > t->arena_cap) {
		size_t ncap = t->arena_cap ? t->arena_cap : 4096;
		while (ncap < t->arena_len + len)
			ncap *= 2;
		char *n = realloc(t->arena, ncap);
		if (n == NULL)
			return kota_error_set("out of memory");
		t->arena = n;
		t->arena_cap = ncap;
	}
	return 0;
}

/* Append LEN bytes at S (not in the arena) to the arena. */
static int put(struct symtab *t, const char *s, size_t len)
{
	if (len == 0)
		return 0;
	if (reserve(t, len) < 0)
		return -1;
	memcpy(t->arena + t->arena_len, s, len);
	t->arena_len += len;
	return 0;
}

/*
 * A scope keeps at most its last MAX_SCOPE bytes, from a separator on: in
 * 40,000 nested namespaces the whole scopes would be 40,000^2 bytes (8.7
 * GiB of memory and 11 s measured with bench/scaling.sh), where the
 * innermost components are what a user qualifies a name with.
 */
#define MAX_SCOPE 1024

/* The start of the last MAX_SCOPE bytes of the LEN bytes at S, moved to
 * just after a separator SEP in them (if there is one). */
static uint32_t tail_start(const char *s, uint32_t len, const char *sep)
{
	size_t seplen = strlen(sep);
	uint32_t a;

	if (len <= MAX_SCOPE)
		return 0;
	for (a = len - MAX_SCOPE; a + seplen <= len; a++)
		if (memcmp(s + a, sep, seplen) == 0)
			return a + (uint32_t)seplen;
	return len - MAX_SCOPE;
}

/* Append the LEN bytes at offset OFF of the arena to it. */
static int put_again(struct symtab *t, uint32_t off, uint32_t len)
{
	if (len == 0)
		return 0;
	if (reserve(t, len) < 0)
		return -1;
	memcpy(t->arena + t->arena_len, t->arena + off, len);
	t->arena_len += len;
	return 0;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Append the @scope text of S, tidied: up to its name if the name is in
 * it (C++'s Foo::bar), whitespace runs as one space, without the
 * separators at its end or a JavaScript ".prototype". */
static int put_own(struct symtab *t, const struct sym *s, const char *src, int whole)
{
	uint32_t a = s->scope_start, b = s->scope_end;
	size_t start = t->arena_len;
	int space = 0;

	if (!whole && s->name_start >= a && s->name_start < b)
		b = s->name_start;
	while (a < b && is_space(src[a]))
		a++;
	for (uint32_t i = a; i < b; i++) {
		if (is_space(src[i])) {
			space = 1;
			continue;
		}
		if (space && put(t, " ", 1) < 0)
			return -1;
		space = 0;
		if (put(t, src + i, 1) < 0)
			return -1;
	}
	while (t->arena_len > start && (t->arena[t->arena_len - 1] == ':' ||
	    t->arena[t->arena_len - 1] == '.' || t->arena[t->arena_len - 1] == ' '))
		t->arena_len--;
	if (t->arena_len - start > 10 && memcmp(t->arena + t->arena_len - 10, ".prototype", 10) == 0)
		t->arena_len -= 10;
	return 0;
}

static int container(int kind)
{
	switch (kind) {
	case KOTA_KIND_CLASS: case KOTA_KIND_STRUCT: case KOTA_KIND_ENUM: case KOTA_KIND_UNION:
	case KOTA_KIND_INTERFACE: case KOTA_KIND_TRAIT: case KOTA_KIND_TYPE: case KOTA_KIND_MODULE:
	case KOTA_KIND_NAMESPACE:
		return 1;
	}
	return 0;
}

static uint64_t hash(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
	return h | 1;
}

/* Link each out-of-line member to the latest earlier container of the file
 * whose full name its scope is. */
static int link_out_of_line(struct symtab *t, const unsigned char *own)
{
	size_t cap = 16;
	while (cap < t->n * 2)
		cap *= 2;
	uint64_t *keys = calloc(cap, sizeof *keys);
	uint32_t *vals = malloc(cap * sizeof *vals);

	if (keys == NULL || vals == NULL) {
		free(keys);
		free(vals);
		return kota_error_set("out of memory");
	}
	for (size_t i = 0; i < t->n; i++) {
		struct sym *s = &t->v[i];
		if (s->parent < 0 && own[i] && s->qs_len > 0) {
			uint64_t h = hash(t->arena + s->qs_off, s->qs_len);
			for (size_t k = h & (cap - 1); keys[k] != 0; k = (k + 1) & (cap - 1)) {
				if (keys[k] == h && t->full_len[vals[k]] == s->qs_len &&
				    memcmp(t->arena + t->full_off[vals[k]], t->arena + s->qs_off, s->qs_len) == 0) {
					s->parent = (int)vals[k];
					break;
				}
			}
		}
		if (container(s->kind)) {
			uint64_t h = hash(t->arena + t->full_off[i], t->full_len[i]);
			size_t k = h & (cap - 1);
			while (keys[k] != 0 && !(keys[k] == h && t->full_len[vals[k]] == t->full_len[i] &&
			    memcmp(t->arena + t->full_off[vals[k]], t->arena + t->full_off[i], t->full_len[i]) == 0))
				k = (k + 1) & (cap - 1);
			keys[k] = h;
			vals[k] = (uint32_t)i;
		}
	}
	free(keys);
	free(vals);
	return 0;
}

int kota_symtab_scope(struct symtab *t, const char *src, const char *sep)
{
	size_t seplen = strlen(sep);
	unsigned char *own;
	int rc;

	t->arena_len = 0;
	if (t->full_cap < t->n + 1) {
		free(t->full_off);
		free(t->full_len);
		t->full_cap = t->n + 1;
		t->full_off = malloc(t->full_cap * sizeof *t->full_off);
		t->full_len = malloc(t->full_cap * sizeof *t->full_len);
		if (t->full_off == NULL || t->full_len == NULL) {
			t->full_cap = 0;
			return kota_error_set("out of memory");
		}
	}
	if ((own = calloc(t->n + 1, 1)) == NULL)
		return kota_error_set("out of memory");
	for (size_t i = 0; i < t->n; i++) {
		struct sym *s = &t->v[i];
		/* An impl's @scope is its trait, which is not what it belongs to. */
		int has_own = s->scope_end > s->scope_start && s->kind != KOTA_KIND_IMPL;
		size_t at = t->arena_len;
		if (s->parent >= 0) {
			uint32_t p = (uint32_t)s->parent;
			uint32_t cut = tail_start(t->arena + t->full_off[p], t->full_len[p], sep);
			if (put_again(t, t->full_off[p] + cut, t->full_len[p] - cut) < 0 ||
			    (has_own && put(t, sep, seplen) < 0))
				goto fail;
		}
		if (has_own && put_own(t, s, src, 0) < 0)
			goto fail;
		/* A separator with nothing after it (an empty @scope text). */
		if (t->arena_len - at >= seplen && has_own &&
		    memcmp(t->arena + t->arena_len - seplen, sep, seplen) == 0)
			t->arena_len -= seplen;
		s->qs_off = (uint32_t)at;
		s->qs_len = (uint32_t)(t->arena_len - at);
		own[i] = (unsigned char)has_own;
		/* Its full name, what its members' scope is. */
		at = t->arena_len;
		int trait = s->kind == KOTA_KIND_IMPL && s->scope_end > s->scope_start;
		if ((trait && put(t, "<", 1) < 0) || put_again(t, s->qs_off, s->qs_len) < 0 ||
		    (s->qs_len > 0 && put(t, sep, seplen) < 0) ||
		    put(t, src + s->name_start, s->name_end - s->name_start) < 0)
			goto fail;
		if (trait && (put(t, " as ", 4) < 0 || put_own(t, s, src, 1) < 0 || put(t, ">", 1) < 0))
			goto fail;
		t->full_off[i] = (uint32_t)at;
		t->full_len[i] = (uint32_t)(t->arena_len - at);
	}
	rc = link_out_of_line(t, own);
	free(own);
	return rc;
fail:
	free(own);
	return -1;
}
