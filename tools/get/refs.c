/*
 * kota-get: lookups of references (kota(5) REFS, RNAM): every reference to
 * a name, the definitions that call it, what a definition calls, and the
 * transitive callers of a name (its impact).
 *
 * A qualified NAME (Builder.String, 'Money::new') narrows the references
 * to its last part by what their syntax tells: a reference matches when
 * its qualifier, separators aside, ends with NAME's qualifier
 * (strings.NewReader, Money::new, A.twice), or when it has none, or
 * "self."/"this."/"@"/"Self::", and the definition it is in belongs to the
 * qualifier's scope.  x.String() cannot say which String: it is left out.
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "kota-get.h"

struct hit {
	const kota_index *ix;
	uint32_t ref;			/* reference position */
	uint32_t in;			/* enclosing symbol, or KOTA_NONE */
	kota_str path;
	uint32_t line, col;
};

struct hits {
	struct query *q;
	uint32_t kinds;			/* a bit per reference kind; 0: any */
	kota_str qual;
	struct hit *v;
	size_t n, cap;
};

/* Whether a reference with qualifier QUALIFIER, in the symbol IN (or none),
 * can be to a member of the scope QUAL. */
static int qual_ok(const kota_index *ix, kota_str qualifier, uint32_t in, kota_str qual)
{
	static const char *const own[] = { "self.", "this.", "@", "Self::", "self::", "this->" };
	kota_symbol s;
	int bare = qualifier.len == 0;

	if (qual.len == 0)
		return 1;
	for (size_t i = 0; !bare && i < sizeof own / sizeof *own; i++)
		bare = qualifier.len == strlen(own[i]) && memcmp(qualifier.ptr, own[i], qualifier.len) == 0;
	if (bare) {
		if (in == KOTA_NONE || kota_index_symbol(ix, in, &s) < 0)
			return 0;
		return s.scope.len > 0 && kota_scope_matches(s.scope, qual);
	}
	/* The qualifier less its separator: "strings." is "strings". */
	while (qualifier.len > 0 && (qualifier.ptr[qualifier.len - 1] == '.' ||
	    qualifier.ptr[qualifier.len - 1] == '/' ||
	    qualifier.ptr[qualifier.len - 1] == ':' || qualifier.ptr[qualifier.len - 1] == '>' ||
	    qualifier.ptr[qualifier.len - 1] == '-'))
		qualifier.len--;
	return qualifier.len > 0 && kota_scope_matches(qualifier, qual);
}

static int collect(void *ctx, const kota_index *ix, uint32_t pos)
{
	struct hits *h = ctx;
	struct query *q = h->q;
	kota_ref r;
	struct hit x = { .ix = ix, .ref = pos, .in = KOTA_NONE };
	int rc;

	if (kota_index_ref(ix, pos, &r) < 0)
		fail();
	if ((h->kinds != 0 && !(h->kinds >> r.kind & 1)) || !file_ok(q, ix, r.file))
		return 0;
	if ((rc = kota_index_enclosing(ix, r.file, r.line, &x.in)) < 0)
		fail();
	if (rc != 0)
		x.in = KOTA_NONE;
	if (!qual_ok(ix, r.qualifier, x.in, h->qual))
		return 0;
	if (kota_index_path(ix, r.file, &x.path) < 0)
		fail();
	x.line = r.line;
	x.col = r.col;
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 64;
		if ((h->v = realloc(h->v, h->cap * sizeof *h->v)) == NULL)
			err(2, NULL);
	}
	h->v[h->n++] = x;
	return 0;
}

static int cmp_hits(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;
	int c = kota_bytes_cmp(x->path.ptr, x->path.len, y->path.ptr, y->path.len);

	if (c != 0)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return (x->col > y->col) - (x->col < y->col);
}

/* The references to NAME (qualified or not) that pass the filters, sorted by place. */
static void gather(struct hits *h, const char *name, size_t len)
{
	kota_str qual = { NULL, 0 }, base = { name, len };
	const char *slash = memrchr(name, '/', len);

	/* A path (an import) is qualified by its directories: net/http. */
	if (slash != NULL && slash > name && slash + 1 < name + len) {
		qual = (kota_str){ name, (size_t)(slash - name) };
		base = (kota_str){ slash + 1, (size_t)(name + len - slash - 1) };
	} else if (kota_split_qualified(name, len, &qual, &base)) {
		/* A name with a separator in it is a name first. */
		h->qual = (kota_str){ NULL, 0 };
		if (kota_view_each_ref(h->q->v, name, len, collect, h) != 0)
			fail();
		if (h->n > 0)
			goto sort;
	}
	h->qual = qual;
	if (kota_view_each_ref(h->q->v, base.ptr, base.len, collect, h) != 0)
		fail();
sort:
	if (h->n > 1)
		qsort(h->v, h->n, sizeof *h->v, cmp_hits);
}

/* ---- output ---- */

static void put_symbol_json(FILE *fp, const kota_index *ix, uint32_t pos)
{
	kota_symbol s;
	kota_str path;

	if (kota_index_symbol(ix, pos, &s) < 0 || kota_index_path(ix, s.file, &path) < 0)
		fail();
	fputs("{\"id\":\"", fp);
	fprintf(fp, "%016llx\"", (unsigned long long)s.id);
	fputs(",\"kind\":\"", fp);
	fputs(kota_kind_name(s.kind), fp);
	fputs("\",\"name\":", fp);
	kota_put_json(fp, s.name);
	fputs(",\"scope\":", fp);
	if (s.scope.len > 0)
		kota_put_json(fp, s.scope);
	else
		fputs("null", fp);
	fputs(",\"path\":", fp);
	kota_put_json(fp, path);
	fprintf(fp, ",\"line\":%u,\"col\":%u}", s.start_line, s.start_col);
}

/* "PATH:LINE:COL<TAB>KIND<TAB>SCOPE.NAME" of symbol POS, without an end. */
static const char *prefix;	/* the query's, for put_symbol_line */
static int zero;		/* -z: paths raw */

static void put_symbol_line(FILE *fp, const kota_index *ix, uint32_t pos)
{
	kota_symbol s;
	kota_file f;

	if (kota_index_symbol(ix, pos, &s) < 0 || kota_index_file(ix, s.file, &f) < 0)
		fail();
	kota_put_relpath(fp, prefix, f.path, zero);
	fprintf(fp, ":%u:%u\t%s\t", s.start_line, s.start_col, kota_kind_name(s.kind));
	if (s.scope.len > 0)
		fprintf(fp, "%.*s%s", (int)s.scope.len, s.scope.ptr, kota_scope_separator(f.lang));
	fwrite(s.name.ptr, 1, s.name.len, fp);
}

/* "KIND SCOPE.NAME" of the symbol at POS of IX. */
static void put_symbol_text(FILE *fp, const kota_index *ix, uint32_t pos)
{
	kota_symbol s;
	kota_file f;

	if (kota_index_symbol(ix, pos, &s) < 0 || kota_index_file(ix, s.file, &f) < 0)
		fail();
	fprintf(fp, "%s ", kota_kind_name(s.kind));
	if (s.scope.len > 0)
		fprintf(fp, "%.*s%s", (int)s.scope.len, s.scope.ptr, kota_scope_separator(f.lang));
	fwrite(s.name.ptr, 1, s.name.len, fp);
}

/* ---- --refs ---- */

static void print_refs(struct query *q, struct hits *h)
{
	for (size_t i = 0; i < h->n; i++) {
		kota_printer_set_index(q->out, h->v[i].ix);
		if (kota_print_ref(q->out, h->v[i].ref) < 0)
			fail();
	}
	q->found += h->n > 0;
}

/* ---- --callers, --impact ---- */

/* What counts as a call: a call, or a C/C++ macro invoked (FOO(x) may be
 * either; the grammar cannot tell, and cscope counts both). */
#define CALLS (1u << KOTA_REF_CALL | 1u << KOTA_REF_MACRO)

struct caller {
	const kota_index *ix;
	uint32_t pos;			/* KOTA_NONE: code outside any definition */
	kota_str path;			/* ... of this file */
	size_t calls;
	uint32_t line, col;		/* the first call */
	unsigned depth;
};

/* The callers in H, each once, in the order of their first call. */
static size_t group_callers(const struct hits *h, struct caller **out)
{
	struct caller *c = calloc(h->n + 1, sizeof *c);
	size_t n = 0;

	if (c == NULL)
		err(2, NULL);
	for (size_t i = 0; i < h->n; i++) {
		const struct hit *x = &h->v[i];
		size_t k;
		for (k = 0; k < n; k++)
			if (c[k].ix == x->ix && c[k].pos == x->in &&
			    (x->in != KOTA_NONE || (c[k].path.len == x->path.len &&
			    memcmp(c[k].path.ptr, x->path.ptr, x->path.len) == 0)))
				break;
		if (k == n)
			c[n++] = (struct caller){ x->ix, x->in, x->path, 0, x->line, x->col, 0 };
		c[k].calls++;
	}
	*out = c;
	return n;
}

static void print_caller(struct query *q, const struct caller *c)
{
	FILE *fp = stdout;

	if (q->format == KOTA_FMT_RECORDS || q->format == KOTA_FMT_CTAGS || q->format == KOTA_FMT_ETAGS) {
		if (c->pos == KOTA_NONE)
			return;
		kota_printer_set_index(q->out, c->ix);
		if (kota_print_symbol(q->out, c->pos) < 0)
			fail();
		return;
	}
	if (q->format == KOTA_FMT_JSON) {
		fputs("{", fp);
		if (c->depth > 0)
			fprintf(fp, "\"depth\":%u,", c->depth);
		fputs("\"caller\":", fp);
		if (c->pos == KOTA_NONE)
			fputs("null", fp);
		else
			put_symbol_json(fp, c->ix, c->pos);
		fprintf(fp, ",\"calls\":%zu,\"first\":{\"path\":", c->calls);
		kota_put_json(fp, c->path);
		fprintf(fp, ",\"line\":%u,\"col\":%u}}\n", c->line, c->col);
		return;
	}
	if (q->format == KOTA_FMT_GREP) {
		/* At the first call, for a quickfix list: "PATH:LINE:COL: caller
		 * KIND NAME  N calls[  depth D]". */
		kota_put_relpath(fp, q->prefix, c->path, q->zero);
		fprintf(fp, ":%u:%u: ", c->line, c->col);
		if (c->pos == KOTA_NONE)
			fputs("(top level)", fp);
		else
			put_symbol_text(fp, c->ix, c->pos);
		fprintf(fp, "  %zu call%s", c->calls, c->calls == 1 ? "" : "s");
		if (c->depth > 0)
			fprintf(fp, "  depth %u", c->depth);
		putchar(q->zero ? '\0' : '\n');
		return;
	}
	if (c->depth > 0)
		fprintf(fp, "%u\t", c->depth);
	if (c->pos == KOTA_NONE) {
		kota_put_relpath(fp, q->prefix, c->path, q->zero);
		fprintf(fp, ":%u:%u\t-\t(top level)", c->line, c->col);
	} else {
		put_symbol_line(fp, c->ix, c->pos);
	}
	fprintf(fp, "\t%zu\t", c->calls);
	kota_put_relpath(fp, q->prefix, c->path, q->zero);
	fprintf(fp, ":%u:%u", c->line, c->col);
	putchar(q->zero ? '\0' : '\n');
}

static void callers(struct query *q, const char *name)
{
	struct hits h = { .q = q, .kinds = q->kinds ? q->kinds : CALLS };
	struct caller *c;
	size_t n;

	gather(&h, name, strlen(name));
	n = group_callers(&h, &c);
	for (size_t i = 0; i < n; i++)
		print_caller(q, &c[i]);
	q->found += n > 0;
	free(c);
	free(h.v);
}

/* Breadth first over callers by name, as cscope's callers are: each
 * definition once, at the depth it is first reached. */
static void impact(struct query *q, const char *name)
{
	struct caller *seen = NULL, *c;
	size_t nseen = 0, capseen = 0, printed = 0, next = 0, n;
	int cut = 0;

	for (unsigned d = 1; d <= q->depth && !cut; d++) {
		size_t end = nseen;
		/* Level 1: NAME's callers; level d + 1: the callers of level d's. */
		for (size_t f = d == 1 ? 0 : next; (d == 1 ? f < 1 : f < end) && !cut; f++) {
			struct hits h = { .q = q, .kinds = CALLS };
			if (d == 1) {
				gather(&h, name, strlen(name));
			} else {
				kota_symbol s;
				if (seen[f].pos == KOTA_NONE)
					continue;
				if (kota_index_symbol(seen[f].ix, seen[f].pos, &s) < 0)
					fail();
				char *nm = strndup(s.name.ptr, s.name.len);
				if (nm == NULL)
					err(2, NULL);
				gather(&h, nm, strlen(nm));
				free(nm);
			}
			n = group_callers(&h, &c);
			for (size_t i = 0; i < n && !cut; i++) {
				size_t k;
				for (k = 0; k < nseen; k++)
					if (seen[k].ix == c[i].ix && seen[k].pos == c[i].pos &&
					    (c[i].pos != KOTA_NONE || (seen[k].path.len == c[i].path.len &&
					    memcmp(seen[k].path.ptr, c[i].path.ptr, c[i].path.len) == 0)))
						break;
				if (k < nseen)
					continue;
				if (printed == q->max) {
					cut = 1;
					break;
				}
				if (nseen == capseen) {
					capseen = capseen ? capseen * 2 : 64;
					if ((seen = realloc(seen, capseen * sizeof *seen)) == NULL)
						err(2, NULL);
				}
				c[i].depth = d;
				seen[nseen++] = c[i];
				print_caller(q, &c[i]);
				printed++;
			}
			free(c);
			free(h.v);
		}
		next = end;
		if (nseen == end)
			break;
	}
	if (cut)
		warnx("--impact: stopped at %zu definitions (--max %u)", printed, q->max);
	q->found += printed > 0;
	free(seen);
}

/* ---- --callees ---- */

struct callee {
	int kind;
	kota_str qualifier, name;
	size_t count;
	uint32_t line, col;		/* the first */
};

/* Where NAME is defined: the one definition, or how many there are. */
struct defs {
	const kota_index *ix;
	uint32_t pos;
	size_t n;
};

static int count_def(void *ctx, const kota_index *ix, uint32_t pos)
{
	struct defs *d = ctx;

	if (d->n++ == 0) {
		d->ix = ix;
		d->pos = pos;
	}
	return 0;
}

static void callees_of(struct query *q, const kota_index *ix, uint32_t pos)
{
	kota_symbol s;
	kota_file f;
	struct callee *v = NULL;
	size_t n = 0, cap = 0;

	if (kota_index_symbol(ix, pos, &s) < 0 || kota_index_file(ix, s.file, &f) < 0)
		fail();
	for (uint32_t r = f.first_ref; r < f.first_ref + f.nrefs; r++) {
		kota_ref ref;
		uint32_t in;
		int rc;
		if (kota_index_ref(ix, r, &ref) < 0)
			fail();
		if (ref.line < s.start_line || ref.line > s.end_line || !kind_ok(q, ref.kind))
			continue;
		if ((rc = kota_index_enclosing(ix, s.file, ref.line, &in)) < 0)
			fail();
		if (rc != 0 || in != pos)
			continue;
		size_t k;
		for (k = 0; k < n; k++)
			if (v[k].kind == ref.kind && v[k].qualifier.len == ref.qualifier.len &&
			    v[k].name.len == ref.name.len &&
			    memcmp(v[k].name.ptr, ref.name.ptr, ref.name.len) == 0 &&
			    memcmp(v[k].qualifier.ptr, ref.qualifier.ptr, ref.qualifier.len) == 0)
				break;
		if (k == n) {
			if (n == cap && (v = realloc(v, (cap = cap ? cap * 2 : 32) * sizeof *v)) == NULL)
				err(2, NULL);
			v[n++] = (struct callee){ ref.kind, ref.qualifier, ref.name, 0, ref.line, ref.col };
		}
		v[k].count++;
	}
	for (size_t k = 0; k < n; k++) {
		struct defs d = { 0 };
		if (kota_view_each_name(q->v, KOTA_BY_NAME, v[k].name.ptr, v[k].name.len, 0, count_def, &d) != 0)
			fail();
		if (q->format == KOTA_FMT_JSON) {
			fprintf(stdout, "{\"ref\":\"%s\",\"name\":", kota_ref_kind_name(v[k].kind));
			kota_put_json(stdout, v[k].name);
			fputs(",\"qualifier\":", stdout);
			kota_put_json(stdout, v[k].qualifier);
			fprintf(stdout, ",\"count\":%zu,\"first\":{\"path\":", v[k].count);
			kota_put_json(stdout, f.path);
			fprintf(stdout, ",\"line\":%u,\"col\":%u},\"candidates\":%zu,\"definition\":",
			    v[k].line, v[k].col, d.n);
			if (d.n == 1)
				put_symbol_json(stdout, d.ix, d.pos);
			else
				fputs("null", stdout);
			fputs("}\n", stdout);
			continue;
		}
		if (q->format == KOTA_FMT_GREP) {
			kota_put_relpath(stdout, q->prefix, f.path, q->zero);
			printf(":%u:%u: %s %.*s%.*s  %zu use%s", v[k].line, v[k].col,
			    kota_ref_kind_name(v[k].kind), (int)v[k].qualifier.len, v[k].qualifier.ptr,
			    (int)v[k].name.len, v[k].name.ptr, v[k].count, v[k].count == 1 ? "" : "s");
			if (d.n == 1) {
				fputs("  defined: ", stdout);
				put_symbol_text(stdout, d.ix, d.pos);
			} else if (d.n > 1) {
				printf("  %zu candidates", d.n);
			}
			putchar(q->zero ? '\0' : '\n');
			continue;
		}
		kota_put_relpath(stdout, q->prefix, f.path, q->zero);
		printf(":%u:%u\t%s\t%.*s%.*s\t%zu\t", v[k].line, v[k].col, kota_ref_kind_name(v[k].kind), (int)v[k].qualifier.len, v[k].qualifier.ptr,
		    (int)v[k].name.len, v[k].name.ptr, v[k].count);
		if (d.n == 1)
			put_symbol_line(stdout, d.ix, d.pos);
		else if (d.n == 0)
			fputs("-", stdout);
		else
			printf("%zu candidates", d.n);
		putchar(q->zero ? '\0' : '\n');
	}
	q->found += n > 0;
	free(v);
}

static int callees_cb(void *ctx, const kota_index *ix, uint32_t pos)
{
	struct query *q = ctx;
	kota_symbol s;

	if (kota_index_symbol(ix, pos, &s) < 0)
		fail();
	if (!file_ok(q, ix, s.file) ||
	    (q->qual.len > 0 && !kota_scope_matches(s.scope, q->qual)))
		return 0;
	callees_of(q, ix, pos);
	return 0;
}

void callees_of_id(struct query *q, uint64_t id)
{
	prefix = q->prefix;
	zero = q->zero;
	if (kota_view_each_id(q->v, id, callees_cb, q) != 0)
		fail();
}

void by_ref_names(struct query *q, int mode, const kota_str *names, size_t n)
{
	struct hits h = { .q = q, .kinds = q->kinds ? q->kinds : mode == CALLERS ? CALLS : 0 };
	struct caller *c;
	size_t nc;

	prefix = q->prefix;
	zero = q->zero;
	for (size_t i = 0; i < n; i++)
		if (kota_view_each_ref(q->v, names[i].ptr, names[i].len, collect, &h) != 0)
			fail();
	if (h.n > 1)
		qsort(h.v, h.n, sizeof *h.v, cmp_hits);
	if (mode == REFS) {
		print_refs(q, &h);
	} else {
		nc = group_callers(&h, &c);
		for (size_t i = 0; i < nc; i++)
			print_caller(q, &c[i]);
		q->found += nc > 0;
		free(c);
	}
	free(h.v);
}

void by_refs(struct query *q, int mode, const char *name)
{
	prefix = q->prefix;
	zero = q->zero;
	struct hits h = { .q = q, .kinds = q->kinds };
	kota_str qual, base;

	switch (mode) {
	case REFS:
		gather(&h, name, strlen(name));
		print_refs(q, &h);
		free(h.v);
		return;
	case CALLERS:
		callers(q, name);
		return;
	case IMPACT:
		impact(q, name);
		return;
	case CALLEES:
		if (kota_view_each_name(q->v, KOTA_BY_NAME, name, strlen(name), 0, callees_cb, q) != 0)
			fail();
		if (q->found == 0 && kota_split_qualified(name, strlen(name), &qual, &base)) {
			q->qual = qual;
			if (kota_view_each_name(q->v, KOTA_BY_NAME, base.ptr, base.len, 0, callees_cb, q) != 0)
				fail();
			q->qual = (kota_str){ NULL, 0 };
		}
		return;
	}
}
