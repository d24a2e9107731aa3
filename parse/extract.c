/*
 * Symbols from one file: parse it with tree-sitter, run our query for its
 * language, and turn the matches into kota(5) records: kinds from the
 * @definition.KIND captures, names from @name, parents from range nesting,
 * ids from path, kind, qualified name (with the text of @scope, the type or
 * class an out-of-line method is defined for) and ordinal.
 */
#include <inttypes.h>
#include <malloc.h>
#include <pthread.h>
#include <regex.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kota.h"
#include "parse.h"

/* A text predicate of a pattern: #eq? #not-eq? #match? #not-match?. */
struct predicate {
	uint32_t pattern;
	int negate, regex;
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
	int *capture_kind;		/* per capture: kota kind, 0 for others */
	uint32_t name_capture;		/* UINT32_MAX if the query has none */
	uint32_t scope_capture;		/* UINT32_MAX if the query has none */
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

struct sym {
	uint32_t start_byte, end_byte, pattern;
	TSPoint start, end;
	int kind;
	uint32_t name_start, name_end;
	uint32_t scope_start, scope_end;	/* @scope's text; empty if none */
	int parent;			/* index, or -1 */
	uint64_t qhash;			/* hash of the qualified name */
	uint64_t id;
};

/*
 * The query runs on parts of the tree, not on the whole of it at once.
 * tree-sitter's query cursor keeps a state for every pattern started at a
 * node that still waits for some child, and looks at all of them at every
 * node it visits: a definition's state lives while its whole subtree is
 * walked, so 20000 nested namespaces cost 20000^2 steps (13 s), and past a
 * depth of 65535 (a 16-bit field) its matches are lost without a word.
 *
 * So the tree is walked here first and cut into regions: a node
 * REGION_DEPTH levels or more below the root of its region starts one of its
 * own (if it has children and starts after its parent: a byte range cannot
 * leave out a node that starts where its parent does).  Each region is
 * queried apart, over the gaps its subregions leave in its byte range: the
 * query cursor starts matches only at nodes that overlap its byte range,
 * and goes down into other nodes only as far as a match under way needs.
 * Every node overlaps the gap its first byte is in, so every match is found
 * (some twice, at a node that spans a subregion; resolve() drops the
 * copies), and the states that live at once are those of one region.  A
 * gap's query starts at each node that starts in it, not at the region's
 * root, so that a wide node is not walked again for each gap in it.
 *
 * Files that are not nested that deeply are one region, queried as a whole
 * as before.  Only a chain of nodes that start at the same byte (a sum of
 * 70000 terms) cannot be cut; its cost is what the work budget counts, and
 * a node that could start a match deeper than tree-sitter can count is a
 * note, not a loss.  (Built with -DREGION_DEPTH=2 -DSMALL_WIDTH=0, nearly
 * every node is a part: the way to check that the output stays the same.)
 */
#ifndef REGION_DEPTH
#define REGION_DEPTH 64
#endif
#define SYM_ERROR ((TSSymbol)-1)	/* tree-sitter's ts_builtin_sym_error */
#define MAX_QUERY_DEPTH 65000		/* tree-sitter's cursor counts depth in 16 bits */
#ifndef SMALL_WIDTH
#define SMALL_WIDTH 512		/* bytes: a node this small is not walked into */
#endif

struct level {				/* a node on the path of the walk */
	TSNode node;
	uint32_t start;
	uint32_t rdepth;		/* depth below its region's root */
	uint32_t udepth;		/* depth below its part's root (the query's) */
	uint32_t holders;		/* nodes from its part's root to it that can start a match */
	int cut;			/* it is a region's root */
};

struct region {
	uint32_t gap_from;		/* the byte its open gap starts at */
	size_t first_part;		/* the parts of the open gap: first_part on */
};

struct part {				/* one run of the query */
	TSNode root;
	uint32_t from, to;		/* the byte range */
};

struct kota_extractor {
	TSParser *parser;
	TSQueryCursor *cursor;
	struct level *levels;
	size_t levels_cap;
	struct region *regions;
	size_t nregions, regions_cap;
	struct part *parts;
	size_t nparts, parts_cap;
	struct sym *syms;
	size_t nsyms, cap;
	int *stack;
	uint64_t *ordinals;		/* open addressing: key hash, then count */
	size_t ord_cap;
	uint64_t work_per_byte, memory_per_byte;
	uint64_t work, work_budget;	/* this file's */
	size_t cancel;			/* the parser's cancellation flag: memory ran out */
};

/*
 * What tree-sitter holds, counted per thread through ts_set_allocator: a
 * file's tree takes some 75 bytes a byte of minified JavaScript (740 MiB
 * for 10 MB), and a 50 MB one took 10 GB.  Past the file's limit the
 * parser's cancellation flag stops the parse, and the extraction stops at
 * its next step.  Each thread frees what it allocated, but for the
 * queries: their memory only makes another thread's count look smaller.
 */
static _Thread_local struct {
	int64_t live;			/* bytes this thread allocated and holds */
	int64_t limit;			/* INT64_MAX when no file is under way */
	size_t *cancel;
} ts_mem = { 0, INT64_MAX, NULL };

static void *counted(void *p, size_t n, int64_t old)
{
	if (p == NULL && n > 0) {
		/* As tree-sitter's own allocator does, which cannot fail. */
		fprintf(stderr, "tree-sitter: cannot allocate %zu bytes\n", n);
		exit(2);
	}
	ts_mem.live += (int64_t)(p != NULL ? malloc_usable_size(p) : 0) - old;
	if (ts_mem.live > ts_mem.limit && ts_mem.cancel != NULL)
		*ts_mem.cancel = 1;
	return p;
}

static void *ts_mem_malloc(size_t n)
{
	return counted(malloc(n), n, 0);
}

static void *ts_mem_calloc(size_t n, size_t size)
{
	return counted(calloc(n, size), n * size, 0);
}

static void *ts_mem_realloc(void *p, size_t n)
{
	int64_t old = p != NULL ? (int64_t)malloc_usable_size(p) : 0;

	return counted(realloc(p, n), n, old);
}

static void ts_mem_free(void *p)
{
	if (p != NULL)
		ts_mem.live -= (int64_t)malloc_usable_size(p);
	free(p);
}

static void count_ts_memory(void)
{
	ts_set_allocator(ts_mem_malloc, ts_mem_calloc, ts_mem_realloc, ts_mem_free);
}

/* Count tree-sitter's memory from before it allocates any. */
static void start_counting(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, count_ts_memory);
}

static const char *query_error_name(TSQueryError e)
{
	switch (e) {
	case TSQueryErrorSyntax: return "syntax error";
	case TSQueryErrorNodeType: return "unknown node type";
	case TSQueryErrorField: return "unknown field";
	case TSQueryErrorCapture: return "unknown capture";
	case TSQueryErrorStructure: return "impossible pattern";
	case TSQueryErrorLanguage: return "language mismatch";
	default: return "error";
	}
}

/* Line and column of byte OFF of S, for messages. */
static void where_in(const char *s, uint32_t off, unsigned *line, unsigned *col)
{
	*line = 1;
	*col = 1;
	for (uint32_t i = 0; i < off && s[i] != '\0'; i++) {
		if (s[i] == '\n') {
			++*line;
			*col = 1;
		} else {
			++*col;
		}
	}
}

static int load_captures(kota_query *q)
{
	uint32_t n = ts_query_capture_count(q->query);

	q->name_capture = q->scope_capture = UINT32_MAX;
	if ((q->capture_kind = calloc(n + 1, sizeof *q->capture_kind)) == NULL)
		return kota_error_set("out of memory");
	for (uint32_t i = 0; i < n; i++) {
		uint32_t len;
		const char *c = ts_query_capture_name_for_id(q->query, i, &len);
		if (len == 4 && memcmp(c, "name", 4) == 0) {
			q->name_capture = i;
		} else if (len == 5 && memcmp(c, "scope", 5) == 0) {
			q->scope_capture = i;
		} else if (len > 11 && memcmp(c, "definition.", 11) == 0) {
			if ((q->capture_kind[i] = kota_kind_from_name(c + 11, len - 11)) == 0)
				return kota_error_set("queries/%s.scm: @%.*s: not a kota kind",
				    q->lang->name, (int)len, c);
		} else if (len == 0 || c[0] != '_') {
			return kota_error_set("queries/%s.scm: @%.*s: captures are @name, "
			    "@definition.KIND, @scope or @_anything", q->lang->name, (int)len, c);
		}
	}
	return 0;
}

/* Read the predicates of every pattern (tree-sitter leaves them to us). */
static int load_predicates(kota_query *q)
{
	uint32_t npat = ts_query_pattern_count(q->query);

	if ((q->first_pred = calloc(npat + 1, sizeof *q->first_pred)) == NULL)
		return kota_error_set("out of memory");
	for (uint32_t p = 0; p < npat; p++) {
		uint32_t nsteps;
		const TSQueryPredicateStep *st = ts_query_predicates_for_pattern(q->query, p, &nsteps);
		q->first_pred[p] = q->npreds;
		for (uint32_t i = 0; i < nsteps;) {
			uint32_t len, k = i;
			while (k < nsteps && st[k].type != TSQueryPredicateStepTypeDone)
				k++;
			const char *op = ts_query_string_value_for_id(q->query, st[i].value_id, &len);
			struct predicate pr = { .pattern = p };
			if (k - i != 3 || st[i].type != TSQueryPredicateStepTypeString ||
			    st[i + 1].type != TSQueryPredicateStepTypeCapture)
				return kota_error_set("queries/%s.scm: pattern %u: predicates take a capture "
				    "and one more argument", q->lang->name, p);
			if (strcmp(op, "eq?") == 0 || strcmp(op, "not-eq?") == 0) {
				pr.negate = op[0] == 'n';
			} else if (strcmp(op, "match?") == 0 || strcmp(op, "not-match?") == 0) {
				pr.negate = op[0] == 'n';
				pr.regex = 1;
			} else {
				return kota_error_set("queries/%s.scm: pattern %u: unsupported predicate #%s",
				    q->lang->name, p, op);
			}
			pr.capture = st[i + 1].value_id;
			if (st[i + 2].type == TSQueryPredicateStepTypeCapture) {
				if (pr.regex)
					return kota_error_set("queries/%s.scm: #%s needs a string", q->lang->name, op);
				pr.other_is_capture = 1;
				pr.other = st[i + 2].value_id;
			} else {
				pr.text = ts_query_string_value_for_id(q->query, st[i + 2].value_id, &pr.text_len);
				if (pr.regex && regcomp(&pr.re, pr.text, REG_EXTENDED | REG_NOSUB) != 0)
					return kota_error_set("queries/%s.scm: bad regular expression '%s'",
					    q->lang->name, pr.text);
			}
			struct predicate *np = realloc(q->preds, (q->npreds + 1) * sizeof *np);
			if (np == NULL) {
				if (pr.regex)
					regfree(&pr.re);
				return kota_error_set("out of memory");
			}
			q->preds = np;
			q->preds[q->npreds++] = pr;
			i = k + 1;
		}
	}
	q->first_pred[npat] = q->npreds;
	return 0;
}

static const char *skip_space(const char *p)
{
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (*p != ';')
			return p;
		while (*p != '\0' && *p != '\n')
			p++;
	}
}

/* Past the form at P: a parenthesized or bracketed form, a string, or a token. */
static const char *skip_form(const char *p)
{
	int depth = 0;

	do {
		if (*p == '"') {
			for (p++; *p != '\0' && *p != '"'; p++)
				if (*p == '\\' && p[1] != '\0')
					p++;
		} else if (*p == ';') {
			while (*p != '\0' && *p != '\n')
				p++;
			continue;
		} else if (*p == '(' || *p == '[') {
			depth++;
		} else if (*p == ')' || *p == ']') {
			depth--;
		} else if (depth == 0 && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) {
			break;
		}
		if (*p != '\0')
			p++;
	} while (*p != '\0' && depth > 0);
	return p;
}

static void mark_start(kota_query *q, const char *name, size_t len, int named)
{
	TSSymbol sym;

	if (named && len == 1 && name[0] == '_') {
		q->any_starts = 1;
	} else if (named && len == 5 && memcmp(name, "ERROR", 5) == 0) {
		q->starts[q->nsymbols] = 1;	/* the last slot stands for ERROR */
	} else if ((sym = ts_language_symbol_for_name(q->lang->grammar(), name, (uint32_t)len, named)) != 0 &&
	    sym < q->nsymbols) {
		q->starts[sym] = 1;
	} else {
		q->any_starts = 1;	/* cannot tell: count every node */
	}
}

/*
 * Mark the node types that the pattern at P can start at: its first node,
 * every element of a top-level group or alternation (conservatively: a
 * group may start at a later element when the first is optional).
 */
static void mark_starts(kota_query *q, const char *p)
{
	p = skip_space(p);
	if (*p == '"') {
		const char *e = p + 1;
		while (*e != '\0' && *e != '"')
			e += *e == '\\' && e[1] != '\0' ? 2 : 1;
		mark_start(q, p + 1, (size_t)(e - p - 1), 0);
		return;
	}
	if (*p != '(' && *p != '[')
		return;
	int group = *p == '[';
	p = skip_space(p + 1);
	if (!group && (*p == '(' || *p == '[' || *p == '"'))
		group = 1;
	if (!group) {
		size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-");
		if (n > 0 && p[0] != '#')
			mark_start(q, p, n, 1);
		else
			q->any_starts = 1;
		return;
	}
	while (*p != '\0' && *p != ')' && *p != ']') {
		if ((*p == '(' && p[1] != '#') || *p == '[' || *p == '"')
			mark_starts(q, p);
		p = skip_space(skip_form(p));
	}
}

static int load_starts(kota_query *q)
{
	q->nsymbols = ts_language_symbol_count(q->lang->grammar());
	if ((q->starts = calloc(q->nsymbols + 1, 1)) == NULL)
		return kota_error_set("out of memory");
	for (uint32_t i = 0; i < ts_query_pattern_count(q->query); i++)
		mark_starts(q, q->lang->query_source + ts_query_start_byte_for_pattern(q->query, i));
	return 0;
}

int kota_query_new(kota_query **out, const struct kota_lang *lang)
{
	kota_query *q = calloc(1, sizeof *q);
	uint32_t off;
	TSQueryError e;

	start_counting();
	if (q == NULL)
		return kota_error_set("out of memory");
	q->lang = lang;
	q->query = ts_query_new(lang->grammar(), lang->query_source, (uint32_t)strlen(lang->query_source),
	    &off, &e);
	if (q->query == NULL) {
		unsigned line, col;
		where_in(lang->query_source, off, &line, &col);
		kota_error_set("queries/%s.scm:%u:%u: %s", lang->name, line, col, query_error_name(e));
		free(q);
		return -1;
	}
	if (load_captures(q) < 0 || load_predicates(q) < 0 || load_starts(q) < 0) {
		kota_query_free(q);
		return -1;
	}
	*out = q;
	return 0;
}

void kota_query_free(kota_query *q)
{
	if (q == NULL)
		return;
	for (uint32_t i = 0; i < q->npreds; i++)
		if (q->preds[i].regex && !q->preds[i].other_is_capture)
			regfree(&q->preds[i].re);
	free(q->preds);
	free(q->first_pred);
	free(q->capture_kind);
	free(q->starts);
	if (q->query != NULL)
		ts_query_delete(q->query);
	free(q);
}

int kota_extractor_new(kota_extractor **out)
{
	kota_extractor *x = calloc(1, sizeof *x);

	start_counting();
	if (x == NULL || (x->parser = ts_parser_new()) == NULL || (x->cursor = ts_query_cursor_new()) == NULL) {
		kota_extractor_free(x);
		return kota_error_set("out of memory");
	}
	/* The cursor's capture lists have 16-bit ids: past 65535 of them in
	 * use it would hand one out twice.  At this limit it drops a match
	 * instead and says so, and the file is skipped. */
	ts_query_cursor_set_match_limit(x->cursor, UINT16_MAX);
	ts_parser_set_cancellation_flag(x->parser, &x->cancel);
	*out = x;
	return 0;
}

void kota_extractor_free(kota_extractor *x)
{
	if (x == NULL)
		return;
	if (x->parser != NULL)
		ts_parser_delete(x->parser);
	if (x->cursor != NULL)
		ts_query_cursor_delete(x->cursor);
	free(x->levels);
	free(x->regions);
	free(x->parts);
	free(x->syms);
	free(x->stack);
	free(x->ordinals);
	free(x);
}

void kota_extractor_set_budget(kota_extractor *x, uint64_t work, uint64_t memory)
{
	x->work_per_byte = work;
	x->memory_per_byte = memory;
}

/* What the budget of a LEN-byte file allows at PER_BYTE; UINT64_MAX for none. */
static uint64_t budget_for(uint64_t per_byte, size_t len)
{
	uint64_t base = len < 65536 ? 65536 : len;

	if (per_byte == 0 || per_byte > UINT64_MAX / base)
		return UINT64_MAX;
	return per_byte * base;
}

static int out_of_memory(void)
{
	return kota_error_set("more memory than its size allows");
}

/* Count N units of work; -1 with a message once past the budget, or the memory's. */
static int spend(kota_extractor *x, uint64_t n)
{
	if (x->cancel)
		return out_of_memory();
	x->work += n;
	if (x->work > x->work_budget)
		return kota_error_set("more work than its size allows (%" PRIu64 " units)", x->work);
	return 0;
}

/* The source text of capture ID in match M (the first node it captured). */
static int capture_text(const TSQueryMatch *m, uint32_t id, const char *src, const char **text, uint32_t *len)
{
	for (uint16_t i = 0; i < m->capture_count; i++) {
		if (m->captures[i].index == id) {
			uint32_t a = ts_node_start_byte(m->captures[i].node);
			*text = src + a;
			*len = ts_node_end_byte(m->captures[i].node) - a;
			return 1;
		}
	}
	return 0;
}

static int predicates_hold(const kota_query *q, const TSQueryMatch *m, const char *src)
{
	for (uint32_t i = q->first_pred[m->pattern_index]; i < q->first_pred[m->pattern_index + 1]; i++) {
		const struct predicate *p = &q->preds[i];
		const char *a, *b;
		uint32_t alen, blen;
		int holds;
		if (!capture_text(m, p->capture, src, &a, &alen))
			continue;
		if (p->regex) {
			char buf[256];
			if (alen >= sizeof buf)
				alen = sizeof buf - 1;
			memcpy(buf, a, alen);
			buf[alen] = '\0';
			holds = regexec(&p->re, buf, 0, NULL, 0) == 0;
		} else {
			if (p->other_is_capture) {
				if (!capture_text(m, p->other, src, &b, &blen))
					continue;
			} else {
				b = p->text;
				blen = p->text_len;
			}
			holds = alen == blen && memcmp(a, b, alen) == 0;
		}
		if (holds == p->negate)
			return 0;
	}
	return 1;
}

static int add_match(kota_extractor *x, const kota_query *q, const TSQueryMatch *m)
{
	struct sym s = { .kind = 0, .parent = -1 };
	int have_name = 0, have_scope = 0;

	for (uint16_t i = 0; i < m->capture_count; i++) {
		uint32_t id = m->captures[i].index;
		TSNode node = m->captures[i].node;
		if (q->capture_kind[id] != 0 && s.kind == 0) {
			s.kind = q->capture_kind[id];
			s.start_byte = ts_node_start_byte(node);
			s.end_byte = ts_node_end_byte(node);
			s.start = ts_node_start_point(node);
			s.end = ts_node_end_point(node);
		} else if (id == q->name_capture && !have_name) {
			s.name_start = ts_node_start_byte(node);
			s.name_end = ts_node_end_byte(node);
			have_name = 1;
		} else if (id == q->scope_capture && !have_scope) {
			s.scope_start = ts_node_start_byte(node);
			s.scope_end = ts_node_end_byte(node);
			have_scope = 1;
		}
	}
	if (s.kind == 0 || !have_name || s.name_end <= s.name_start)
		return 0;
	s.pattern = m->pattern_index;
	if (x->nsyms == x->cap) {
		size_t ncap = x->cap ? x->cap * 2 : 256;
		struct sym *n = realloc(x->syms, ncap * sizeof *n);
		int *st = n ? realloc(x->stack, ncap * sizeof *st) : NULL;
		if (n != NULL)
			x->syms = n;
		if (st == NULL)
			return kota_error_set("out of memory");
		x->stack = st;
		x->cap = ncap;
	}
	x->syms[x->nsyms++] = s;
	return 0;
}

/* The array A of *CAP elements of SIZE bytes, grown if need be to hold
 * N + 1; NULL with a message if it cannot be. */
static void *grow(void *a, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return a;
	size_t ncap = *cap ? *cap * 2 : 64;
	if ((a = realloc(a, ncap * size)) == NULL) {
		kota_error_set("out of memory");
		return NULL;
	}
	*cap = ncap;
	return a;
}

static int add_part(kota_extractor *x, TSNode root, uint32_t from)
{
	struct part *a = grow(x->parts, &x->parts_cap, x->nparts, sizeof *a);

	if (a == NULL)
		return -1;
	x->parts = a;
	x->parts[x->nparts++] = (struct part){ root, from, UINT32_MAX };
	return 0;
}

/* End the open gap of region R at byte TO. */
static void close_gap(kota_extractor *x, struct region *r, uint32_t to)
{
	for (size_t i = r->first_part; i < x->nparts; i++)
		x->parts[i].to = to;
}

/* Whether the query engine, started at NODE, would see it as it sees it
 * under its parent: not if the parent makes it an alias (TypeScript's
 * interface_body is an object_type), nor if the parent is an ERROR node,
 * under which it starts no match of some patterns. */
static int seen_alone_as_in_tree(TSNode node, TSNode parent)
{
	TSTreeCursor c;
	int same;

	if (ts_node_symbol(parent) == SYM_ERROR)
		return 0;
	c = ts_tree_cursor_new(node);
	same = ts_node_symbol(ts_tree_cursor_current_node(&c)) == ts_node_symbol(node) &&
	    ts_node_is_named(ts_tree_cursor_current_node(&c)) == ts_node_is_named(node);
	ts_tree_cursor_delete(&c);
	return same;
}

/* Add the part of the node at depth D from byte FROM: from that node, or
 * from the nearest node above that the query engine sees the same alone. */
static int add_part_at(kota_extractor *x, size_t d, uint32_t from)
{
	size_t top = d;

	while (top > 0 && !seen_alone_as_in_tree(x->levels[top].node, x->levels[top - 1].node)) {
		top--;
		if (spend(x, ts_node_child_count(x->levels[top].node)) < 0)
			return -1;
	}
	x->levels[d].udepth = (uint32_t)(d - top);
	return add_part(x, x->levels[top].node, from);
}

/* The node at depth D of the walk, entered: a region, a part, or neither.
 * 1 if its subtree need not be walked. */
static int enter(kota_extractor *x, const kota_query *q, TSTreeCursor *c, size_t d)
{
	struct level *l = &x->levels[d], *p = d > 0 ? &x->levels[d - 1] : NULL;
	TSSymbol sym;

	l->node = ts_tree_cursor_current_node(c);
	l->start = ts_node_start_byte(l->node);
	l->cut = 0;
	sym = ts_node_symbol(l->node);
	int starts = q->any_starts || (sym == SYM_ERROR ? q->starts[q->nsymbols] : sym < q->nsymbols && q->starts[sym]);
	if (p == NULL || (p->rdepth + 1 >= REGION_DEPTH && l->start > p->start &&
	    ts_node_child_count(l->node) > 0)) {
		if (p != NULL)
			close_gap(x, &x->regions[x->nregions - 1], l->start);
		struct region *ra = grow(x->regions, &x->regions_cap, x->nregions, sizeof *ra);
		if (ra == NULL)
			return -1;
		x->regions = ra;
		/* The whole file's range starts at 0, as the cursor's does by default. */
		uint32_t from = p != NULL ? l->start : 0;
		x->regions[x->nregions++] = (struct region){ from, x->nparts };
		l->cut = 1;
		l->rdepth = 0;
		l->holders = (uint32_t)starts;
		return add_part_at(x, d, from);
	}
	struct region *r = &x->regions[x->nregions - 1];
	l->rdepth = p->rdepth + 1;
	l->udepth = p->udepth + 1;
	l->holders = p->holders + (uint32_t)starts;
	if (p->start < r->gap_from) {
		l->holders = (uint32_t)starts;
		if (add_part_at(x, d, r->gap_from) < 0)
			return -1;
	}
	if (l->udepth > MAX_QUERY_DEPTH && starts)
		return kota_error_set("nested too deeply");
	/* A small node is not walked into: its subtree is not deep enough to
	 * matter, and walking every node again cost 8% of a run on Go's tree, 1.5% so. */
	uint32_t width = ts_node_end_byte(l->node) - l->start;
	if (width <= SMALL_WIDTH && l->udepth < MAX_QUERY_DEPTH - 1000)
		return spend(x, (uint64_t)(width + 1) * (1 + l->holders)) < 0 ? -1 : 1;
	return spend(x, 1 + l->holders);
}

/* The node at depth D, left: a region's root ends its region. */
static void leave(kota_extractor *x, size_t d)
{
	if (!x->levels[d].cut)
		return;
	close_gap(x, &x->regions[--x->nregions], UINT32_MAX);
	if (x->nregions > 0) {
		struct region *r = &x->regions[x->nregions - 1];
		r->gap_from = ts_node_end_byte(x->levels[d].node);
		r->first_part = x->nparts;
	}
}

/* Room in the path of the walk for depth D. */
static int deeper(kota_extractor *x, size_t d)
{
	struct level *a = grow(x->levels, &x->levels_cap, d, sizeof *a);

	if (a == NULL)
		return -1;
	x->levels = a;
	return 0;
}

/* Cut the tree into the parts the query runs on, counting the work. */
static int plan(kota_extractor *x, const kota_query *q, TSNode root)
{
	TSTreeCursor c = ts_tree_cursor_new(root);
	size_t d = 0;
	int rc = -1, e;

	x->nparts = x->nregions = 0;
	if (deeper(x, 0) < 0 || (e = enter(x, q, &c, 0)) < 0)
		goto out;
	for (;;) {
		if (e == 0 && ts_tree_cursor_goto_first_child(&c)) {
			if (deeper(x, ++d) < 0 || (e = enter(x, q, &c, d)) < 0)
				goto out;
			continue;
		}
		for (;;) {
			leave(x, d);
			if (ts_tree_cursor_goto_next_sibling(&c)) {
				if ((e = enter(x, q, &c, d)) < 0)
					goto out;
				break;
			}
			if (d == 0 || !ts_tree_cursor_goto_parent(&c)) {
				rc = 0;
				goto out;
			}
			d--;
		}
	}
out:
	ts_tree_cursor_delete(&c);
	return rc;
}

/* Run the query on each part, adding its matches. */
static int run_query(kota_extractor *x, const kota_query *q, const char *src)
{
	TSQueryMatch m;

	for (size_t i = 0; i < x->nparts; i++) {
		ts_query_cursor_set_byte_range(x->cursor, x->parts[i].from, x->parts[i].to);
		ts_query_cursor_exec(x->cursor, q->query, x->parts[i].root);
		while (ts_query_cursor_next_match(x->cursor, &m)) {
			if (predicates_hold(q, &m, src) && add_match(x, q, &m) < 0)
				return -1;
			if (x->cancel)
				return out_of_memory();
		}
		if (ts_query_cursor_did_exceed_match_limit(x->cursor))
			return kota_error_set("too many matches under way at once");
	}
	return 0;
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
static uint32_t next_ordinal(kota_extractor *x, uint64_t key)
{
	size_t mask = x->ord_cap - 1, i;

	key |= 1;	/* 0 marks a free slot */
	for (i = key & mask; x->ordinals[2 * i] != 0 && x->ordinals[2 * i] != key; i = (i + 1) & mask)
		;
	if (x->ordinals[2 * i] == 0) {
		x->ordinals[2 * i] = key;
		x->ordinals[2 * i + 1] = 0;
	}
	return (uint32_t)x->ordinals[2 * i + 1]++;
}

/* Nest the symbols (parents by range), drop duplicate definitions, give ids. */
static int resolve(kota_extractor *x, const char *path, const char *src)
{
	size_t n = 0, depth = 0;
	uint64_t path_hash = hash_bytes(0xcbf29ce484222325ull, path, strlen(path) + 1);

	if (x->nsyms > 0)
		qsort(x->syms, x->nsyms, sizeof *x->syms, cmp_syms);
	for (size_t i = 0; i < x->nsyms; i++) {
		struct sym *s = &x->syms[i];
		const struct sym *prev = n > 0 ? &x->syms[n - 1] : NULL;
		/* The same node again: the first pattern wins, but one pattern
		 * may name several symbols with one node (Go's "X, Y int"). */
		if (prev != NULL && s->start_byte == prev->start_byte && s->end_byte == prev->end_byte &&
		    (s->pattern != prev->pattern || s->name_start == prev->name_start))
			continue;
		x->syms[n] = *s;
		s = &x->syms[n];
		/* Pop what does not enclose S; one range naming two symbols (Go's
		 * "X, Y int") makes siblings, not parent and child. */
		while (depth > 0) {
			const struct sym *t = &x->syms[x->stack[depth - 1]];
			if (t->end_byte >= s->end_byte && !(t->start_byte == s->start_byte && t->end_byte == s->end_byte))
				break;
			depth--;
		}
		s->parent = depth > 0 ? x->stack[depth - 1] : -1;
		uint64_t q = s->parent >= 0 ? x->syms[s->parent].qhash : 0x84222325cbf29ce4ull;
		/* An out-of-line method is qualified by what it is defined for:
		 * Go's String of *T and of U are told apart without an ordinal. */
		if (s->scope_end > s->scope_start)
			q = hash_bytes(q ^ 0x3a, src + s->scope_start, s->scope_end - s->scope_start);
		s->qhash = hash_bytes(q ^ 0x2e, src + s->name_start, s->name_end - s->name_start);
		x->stack[depth++] = (int)n;
		n++;
	}
	x->nsyms = n;
	/* The ordinal table: a key and a count a slot, at most a quarter full. */
	if (x->ord_cap < n * 4 + 16) {
		free(x->ordinals);
		for (x->ord_cap = 64; x->ord_cap < n * 4 + 16; x->ord_cap *= 2)
			;
		if ((x->ordinals = malloc(x->ord_cap * 2 * sizeof *x->ordinals)) == NULL) {
			x->ord_cap = 0;
			return kota_error_set("out of memory");
		}
	}
	memset(x->ordinals, 0, x->ord_cap * 2 * sizeof *x->ordinals);
	for (size_t i = 0; i < n; i++) {
		struct sym *s = &x->syms[i];
		uint64_t key = mix(s->qhash ^ (uint64_t)s->kind * 0x9e3779b97f4a7c15ull);
		uint32_t ord = next_ordinal(x, key);
		uint64_t h = hash_bytes(path_hash, &s->kind, sizeof s->kind);
		h = hash_bytes(h, &s->qhash, sizeof s->qhash);
		h = hash_bytes(h, &ord, sizeof ord);
		s->id = mix(h);
		if (s->id == 0)
			s->id = 1;
	}
	return 0;
}

/*
 * The signature: the definition from its start to the end of the line that
 * holds its name, on one line (so "static int\nfoo(void)" and a Java method
 * under its annotations read whole), without an opening brace at the end.
 * The scan stops at the first of the definition's end, the end of the name's
 * line and a full BUF: looking for the end of the line first made a file of
 * n definitions on one line cost n times its size (a 1 MB C file took 5.6 s).
 */
static kota_str signature(const char *src, const struct sym *s, char *buf, size_t size, uint64_t *scanned)
{
	const char *a = src + s->start_byte, *name_end = src + s->name_end, *e = src + s->end_byte, *p;
	size_t n = 0;
	int space = 0;

	for (p = a; p < e && n < size && (p < name_end || *p != '\n'); p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			space = n > 0;
			continue;
		}
		if (space && n < size)
			buf[n++] = ' ';
		space = 0;
		if (n < size)
			buf[n++] = *p;
	}
	*scanned += (uint64_t)(p - a);
	while (n > 0 && (buf[n - 1] == '{' || buf[n - 1] == ' '))
		n--;
	if (n == size) {
		while (n > 0 && ((unsigned char)buf[n - 1] & 0xc0) == 0x80)
			n--;	/* not in the middle of a UTF-8 sequence */
		if (n > 0 && ((unsigned char)buf[n - 1] & 0xc0) == 0xc0)
			n--;
	}
	return (kota_str){ buf, n };
}

static int extract(kota_extractor *x, const kota_query *q, const char *path, const char *blob,
    const char *src, size_t len, FILE *fp)
{
	kota_record rec = { .type = KOTA_REC_FILE };
	TSTree *tree;

	if (len > UINT32_MAX)
		return kota_error_set("too large to parse");
	if (!ts_parser_set_language(x->parser, q->lang->grammar()))
		return kota_error_set("%s: grammar version not supported by this tree-sitter", q->lang->name);
	if ((tree = ts_parser_parse_string(x->parser, NULL, src, (uint32_t)len)) == NULL) {
		/* Not to resume this parse with the next file. */
		ts_parser_reset(x->parser);
		return x->cancel ? out_of_memory() : kota_error_set("tree-sitter could not parse it");
	}
	x->nsyms = 0;
	x->work = 0;
	x->work_budget = budget_for(x->work_per_byte, len);
	if (plan(x, q, ts_tree_root_node(tree)) < 0 || run_query(x, q, src) < 0) {
		ts_tree_delete(tree);
		return -1;
	}
	ts_tree_delete(tree);
	if (resolve(x, path, src) < 0)
		return -1;

	rec.path = (kota_str){ path, strlen(path) };
	rec.lang = (kota_str){ q->lang->name, strlen(q->lang->name) };
	rec.blob = (kota_str){ blob, strlen(blob) };
	rec.size = len;
	kota_put_record(fp, &rec);
	for (size_t i = 0; i < x->nsyms; i++) {
		const struct sym *s = &x->syms[i];
		char sig[200];
		uint64_t scanned = 0;
		kota_record r = { .type = KOTA_REC_SYMBOL, .id = s->id, .kind = s->kind,
			.name = { src + s->name_start, s->name_end - s->name_start },
			.signature = signature(src, s, sig, sizeof sig, &scanned),
			.start_line = s->start.row + 1, .start_col = s->start.column + 1,
			.end_line = s->end.row + 1, .end_col = s->end.column + 1,
			.parent = s->parent >= 0 ? x->syms[s->parent].id : 0 };
		if (spend(x, scanned) < 0)
			return -1;
		kota_put_record(fp, &r);
	}
	return 0;
}

int kota_extract(kota_extractor *x, const kota_query *q, const char *path, const char *blob,
    const char *src, size_t len, FILE *fp)
{
	uint64_t limit = budget_for(x->memory_per_byte, len);
	int rc;

	x->cancel = 0;
	ts_mem.cancel = &x->cancel;
	ts_mem.limit = limit > (uint64_t)(INT64_MAX - ts_mem.live) ? INT64_MAX : ts_mem.live + (int64_t)limit;
	rc = extract(x, q, path, blob, src, len, fp);
	ts_mem.limit = INT64_MAX;
	ts_mem.cancel = NULL;
	return rc;
}
