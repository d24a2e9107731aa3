/*
 * Symbols from one file: parse it with tree-sitter, run our query for its
 * language (query.c), and turn the matches into kota(5) records: kinds from
 * the @definition.KIND captures, names from @name, parents from range
 * nesting, ids from path, kind, qualified name (with the text of @scope, the
 * type or class an out-of-line method is defined for) and ordinal (ids.c).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

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
 * (some twice, at a node that spans a subregion; kota_symtab_resolve
 * drops the copies), and the states that live at once are those of one region.  A
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
	struct symtab syms;		/* this file's */
	struct ref *refs;		/* this file's */
	const char *src;		/* this file's text, while it is queried */
	size_t nrefs, refs_cap;
	uint64_t work_per_byte, memory_per_byte;
	uint64_t work, work_budget;	/* this file's */
	size_t cancel;			/* the parser's cancellation flag: memory ran out */
};

int kota_extractor_new(kota_extractor **out)
{
	kota_extractor *x = calloc(1, sizeof *x);

	kota_ts_memory_count();
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
	free(x->refs);
	kota_symtab_free(&x->syms);
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

/* The parser's cancellation flag is set: too much memory held, or too
 * many allocations made (parse/alloc.c). */
static int out_of_memory(void)
{
	if (kota_ts_memory_over() == 2)
		return kota_error_set("more work than its size allows: tree-sitter's allocations");
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

static void *grow(void *a, size_t *cap, size_t n, size_t size);

/* A match of a @reference.KIND pattern: its @name, and its @qualifier if
 * that comes before the name. */
static int add_ref(kota_extractor *x, const kota_query *q, const TSQueryMatch *m, int kind)
{
	struct ref r = { .kind = kind, .name_start = UINT32_MAX };
	uint32_t qual = UINT32_MAX;

	for (uint16_t i = 0; i < m->capture_count; i++) {
		uint32_t id = m->captures[i].index;
		TSNode node = m->captures[i].node;
		if (id == q->name_capture && r.name_start == UINT32_MAX) {
			r.name_start = ts_node_start_byte(node);
			r.name_end = ts_node_end_byte(node);
			r.at = ts_node_start_point(node);
		} else if (id == q->qualifier_capture && qual == UINT32_MAX) {
			qual = ts_node_start_byte(node);
		}
	}
	if (r.name_start == UINT32_MAX || r.name_end <= r.name_start)
		return 0;
	/* An import names a path or module as a string: without its quotes
	 * or angle brackets ("x.h", <x.h>, 'mod'). */
	if (kind == KOTA_REF_IMPORT && r.name_end - r.name_start >= 2 &&
	    strchr("\"'<`", x->src[r.name_start]) != NULL &&
	    strchr("\"'>`", x->src[r.name_end - 1]) != NULL) {
		r.name_start++;
		r.name_end--;
		r.at.column++;
		if (r.name_end <= r.name_start)
			return 0;
	}
	r.qual_start = qual < r.name_start ? qual : r.name_start;
	/* A path is named by its last part, qualified by the rest: net/http
	 * is http with qualifier net/, <linux/slab.h> slab.h with linux/. */
	if (kind == KOTA_REF_IMPORT) {
		const char *slash = memrchr(x->src + r.name_start, '/', r.name_end - r.name_start);
		if (slash != NULL && slash + 1 < x->src + r.name_end) {
			uint32_t at = (uint32_t)(slash + 1 - x->src);
			r.qual_start = r.name_start;
			r.at.column += at - r.name_start;
			r.name_start = at;
		}
	}
	struct ref *a = grow(x->refs, &x->refs_cap, x->nrefs, sizeof *a);
	if (a == NULL)
		return -1;
	x->refs = a;
	x->refs[x->nrefs++] = r;
	return 0;
}

static int add_match(kota_extractor *x, const kota_query *q, const TSQueryMatch *m)
{
	struct sym s = { .kind = 0, .parent = -1 };
	int have_name = 0, have_scope = 0;

	for (uint16_t i = 0; i < m->capture_count; i++)
		if (q->capture_kind[m->captures[i].index] < 0)
			return add_ref(x, q, m, -q->capture_kind[m->captures[i].index]);
	for (uint16_t i = 0; i < m->capture_count; i++) {
		uint32_t id = m->captures[i].index;
		TSNode node = m->captures[i].node;
		if (q->capture_kind[id] > 0 && s.kind == 0) {
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
	return kota_symtab_add(&x->syms, &s);
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
			if (kota_query_predicates_hold(q, &m, src) && add_match(x, q, &m) < 0)
				return -1;
			if (x->cancel)
				return out_of_memory();
		}
		if (ts_query_cursor_did_exceed_match_limit(x->cursor))
			return kota_error_set("too many matches under way at once");
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

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* Source order; the same name twice (a match found in two parts) next to itself. */
static int cmp_refs(const void *a, const void *b)
{
	const struct ref *x = a, *y = b;

	/* At one name the most telling kind first: a type reference is what
	 * any type name is, the others say more (a literal's class, an impl's
	 * trait). */
	static const int rank[KOTA_REF_MAX + 1] = {
		[KOTA_REF_CALL] = 0, [KOTA_REF_CLASS] = 1, [KOTA_REF_IMPLEMENTATION] = 2,
		[KOTA_REF_IMPORT] = 3, [KOTA_REF_MACRO] = 4, [KOTA_REF_TYPE] = 5,
	};

	if (x->name_start != y->name_start)
		return x->name_start < y->name_start ? -1 : 1;
	if (x->kind != y->kind)
		return rank[x->kind] - rank[y->kind];
	return (x->qual_start > y->qual_start) - (x->qual_start < y->qual_start);
}

/*
 * The qualifier of R as its text shows it: from the @qualifier to the name,
 * separators included ("strings." of strings.NewReader), at most
 * KOTA_MAX_QUALIFIER bytes (the end of a longer one) and none that spans
 * lines (a chain of calls broken over lines qualifies by its last line).
 */
static kota_str qualifier(const char *src, const struct ref *r)
{
	uint32_t a = r->qual_start;

	if (r->name_start - a > KOTA_MAX_QUALIFIER)
		a = r->name_start - KOTA_MAX_QUALIFIER;
	for (uint32_t i = r->name_start; i > a; i--)
		if (src[i - 1] == '\n' || src[i - 1] == '\r') {
			a = i;
			break;
		}
	/* Not from inside a UTF-8 sequence. */
	while (a < r->name_start && ((unsigned char)src[a] & 0xc0) == 0x80)
		a++;
	while (a < r->name_start && (src[a] == ' ' || src[a] == '\t'))
		a++;
	return (kota_str){ src + a, r->name_start - a };
}

/*
 * Where a definition ends, for its record: after its last byte that is not
 * a line end.  A node that takes its newline with it (a #define, a Bash
 * function's last line) would end at column 1 of the next line.  The
 * scan back to the line's start costs the length of that last line, once
 * per such definition: short lines, as only a newline ends them.
 */
static TSPoint text_end(const char *src, const struct sym *s)
{
	uint32_t b = s->end_byte, a;
	TSPoint end = s->end;

	if (b <= s->start_byte || (src[b - 1] != '\n' && src[b - 1] != '\r'))
		return end;
	while (b > s->start_byte && (src[b - 1] == '\n' || src[b - 1] == '\r')) {
		if (src[b - 1] == '\n')
			end.row--;
		b--;
	}
	for (a = b; a > 0 && src[a - 1] != '\n'; a--)
		;
	end.column = b - a;
	return end;
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
	x->syms.n = 0;
	x->nrefs = 0;
	x->src = src;
	x->work = 0;
	x->work_budget = budget_for(x->work_per_byte, len);
	if (plan(x, q, ts_tree_root_node(tree)) < 0 || run_query(x, q, src) < 0) {
		ts_tree_delete(tree);
		return -1;
	}
	ts_tree_delete(tree);
	rec.lang = (kota_str){ q->lang->name, strlen(q->lang->name) };
	if (kota_symtab_resolve(&x->syms, path, src) < 0 ||
	    kota_symtab_scope(&x->syms, src, kota_scope_separator(rec.lang)) < 0)
		return -1;

	rec.path = (kota_str){ path, strlen(path) };
	rec.blob = (kota_str){ blob, strlen(blob) };
	rec.size = len;
	kota_put_record(fp, &rec);
	for (size_t i = 0; i < x->syms.n; i++) {
		const struct sym *s = &x->syms.v[i];
		char sig[200];
		uint64_t scanned = 0;
		kota_record r = { .type = KOTA_REC_SYMBOL, .id = s->id, .kind = s->kind,
			.name = { src + s->name_start, s->name_end - s->name_start },
			.signature = signature(src, s, sig, sizeof sig, &scanned),
			.start_line = s->start.row + 1, .start_col = s->start.column + 1,
			.end_line = text_end(src, s).row + 1, .end_col = text_end(src, s).column + 1,
			.parent = s->parent >= 0 ? x->syms.v[s->parent].id : 0,
			.scope = { s->qs_len ? x->syms.arena + s->qs_off : "", s->qs_len } };
		if (spend(x, scanned) < 0)
			return -1;
		kota_put_record(fp, &r);
	}
	if (x->nrefs > 0)
		qsort(x->refs, x->nrefs, sizeof *x->refs, cmp_refs);
	/* The definitions' names, in order: a definition's own name is not a
	 * call of it (a function that error recovery also takes for a
	 * command, say).  It may be a type reference: Go's embedded field and
	 * Rust's impl are named by the type they use. */
	uint64_t *names = malloc((x->syms.n + 1) * sizeof *names);
	if (names == NULL)
		return kota_error_set("out of memory");
	for (size_t i = 0; i < x->syms.n; i++)
		names[i] = (uint64_t)x->syms.v[i].name_start << 32 | x->syms.v[i].name_end;
	if (x->syms.n > 1)
		qsort(names, x->syms.n, sizeof *names, cmp_u64);
	for (size_t i = 0; i < x->nrefs; i++) {
		const struct ref *f = &x->refs[i];
		uint64_t key = (uint64_t)f->name_start << 32 | f->name_end;
		if (f->kind == KOTA_REF_CALL && x->syms.n > 0 &&
		    bsearch(&key, names, x->syms.n, sizeof *names, cmp_u64) != NULL)
			continue;
		/* One reference per name: a composite literal's type is a class
		 * reference, not also a type one (cmp_refs puts the one kept first). */
		if (i > 0 && f->name_start == f[-1].name_start)
			continue;
		kota_record r = { .type = KOTA_REC_REF, .kind = f->kind,
			.name = { src + f->name_start, f->name_end - f->name_start },
			.qualifier = qualifier(src, f),
			.start_line = f->at.row + 1, .start_col = f->at.column + 1 };
		kota_put_record(fp, &r);
	}
	free(names);
	return 0;
}

int kota_extract(kota_extractor *x, const kota_query *q, const char *path, const char *blob,
    const char *src, size_t len, FILE *fp)
{
	uint64_t limit = budget_for(x->memory_per_byte, len);
	/* Allocations while parsing: 8 a byte (parse/alloc.c says why; real
	 * code makes at most 3.6), and none counted when work is unlimited. */
	uint64_t allocs = x->work_per_byte == 0 ? UINT64_MAX : budget_for(8, len);
	int rc;

	x->cancel = 0;
	kota_ts_memory_limit(&x->cancel, limit, allocs);
	rc = extract(x, q, path, blob, src, len, fp);
	kota_ts_memory_unlimit();
	return rc;
}
