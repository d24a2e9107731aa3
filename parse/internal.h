/*
 * What the files of libkotaparse share: query.c compiles our queries and
 * tests their predicates, alloc.c counts the memory tree-sitter holds,
 * extract.c runs a query over a file's tree, and ids.c nests the symbols
 * found and gives them their ids.
 */
#ifndef KOTA_PARSE_INTERNAL_H
#define KOTA_PARSE_INTERNAL_H

#include <regex.h>
#include <stddef.h>
#include <stdint.h>

#include <tree_sitter/api.h>

#include "kota.h"
#include "parse.h"

/* A text predicate of a pattern: #eq? #not-eq? #match? #not-match?. */
struct predicate {
	uint32_t pattern;
	int negate, regex;
	int overloaded;			/* #kota-overloaded? @def: one capture, see query.c */
	uint32_t capture;		/* the first argument */
	int other_is_capture;
	uint32_t other;			/* second capture, when other_is_capture */
	const char *text;		/* second argument as a string */
	uint32_t text_len;
	regex_t re;
};

struct kota_query {
	const struct kota_lang *lang;
	TSQuery *query;
	int *capture_kind;		/* per capture: kota kind, minus a reference kind, 0 for others */
	uint32_t name_capture;		/* UINT32_MAX if the query has none */
	uint32_t scope_capture;		/* UINT32_MAX if the query has none */
	uint32_t qualifier_capture;	/* UINT32_MAX if the query has none */
	struct predicate *preds;
	uint32_t npreds;
	uint32_t *first_pred;		/* per pattern: index of its first predicate */
	/* The node types a match can start at (any, with a wildcard root):
	 * what the query engine keeps state for while it walks a node's
	 * subtree, for the estimate of its work. */
	unsigned char *starts;		/* per symbol */
	uint32_t nsymbols;
	int any_starts;
};

/* Whether the text predicates of match M's pattern hold, in the file SRC. */
int kota_query_predicates_hold(const kota_query *q, const TSQueryMatch *m, const char *src);

/* Count what tree-sitter allocates (alloc.c), from before it allocates any. */
void kota_ts_memory_count(void);
/* Set *CANCEL, the parser's cancellation flag, once this thread holds LIMIT
 * bytes more than it does now; unlimit: no more. */
void kota_ts_memory_limit(size_t *cancel, uint64_t limit, uint64_t alloc_limit);
/* Why the last parse was cancelled: 1 memory, 2 allocations, 0 neither. */
int kota_ts_memory_over(void);
void kota_ts_memory_unlimit(void);

/* A symbol found by the query. */
struct sym {
	uint32_t start_byte, end_byte, pattern;
	TSPoint start, end;
	int kind;
	uint32_t name_start, name_end;
	uint32_t scope_start, scope_end;	/* @scope's text; empty if none */
	uint32_t qs_off, qs_len;	/* its scope: the qualified name it belongs to, in symtab's arena */
	int parent;			/* index, or -1 */
	uint64_t qhash;			/* hash of the qualified name */
	uint64_t id;
};

/* The symbols of one file, as the query finds them, then nested and with
 * their ids (ids.c). */
struct symtab {
	struct sym *v;
	size_t n, cap;
	int *stack;			/* the symbols enclosing the one at hand */
	uint64_t *ordinals;		/* open addressing: key hash, then count */
	size_t ord_cap;
	char *arena;			/* the symbols' scopes and full names */
	size_t arena_len, arena_cap;
	uint32_t *full_off, *full_len;	/* per symbol: its own qualified name, in the arena */
	size_t full_cap;
	const char *sep;		/* how the language joins a scope and a name */
};

/* A reference found by the query. */
struct ref {
	uint32_t name_start, name_end, qual_start;	/* qual_start == name_start: none */
	TSPoint at;
	int kind;
};

int kota_symtab_add(struct symtab *t, const struct sym *s);
/* Nest the symbols of PATH (parents by range), drop duplicate
 * definitions, give ids; SRC is the file's text. */
int kota_symtab_resolve(struct symtab *t, const char *path, const char *src);
/* After resolve: give each symbol its scope, from its parent, else from its
 * @scope text; link an out-of-line member to an earlier symbol of the file
 * that its scope names.  SEP joins a scope and a name. */
int kota_symtab_scope(struct symtab *t, const char *src, const char *sep);
void kota_symtab_free(struct symtab *t);

#endif
