/*
 * Our queries, compiled: which captures are kinds, names and scopes, the
 * text predicates that tree-sitter leaves to us, and the node types a
 * match can start at, for the estimate of the work a file takes.
 */
#include <regex.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

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

	q->name_capture = q->scope_capture = q->qualifier_capture = UINT32_MAX;
	if ((q->capture_kind = calloc(n + 1, sizeof *q->capture_kind)) == NULL)
		return kota_error_set("out of memory");
	for (uint32_t i = 0; i < n; i++) {
		uint32_t len;
		const char *c = ts_query_capture_name_for_id(q->query, i, &len);
		if (len == 4 && memcmp(c, "name", 4) == 0) {
			q->name_capture = i;
		} else if (len == 5 && memcmp(c, "scope", 5) == 0) {
			q->scope_capture = i;
		} else if (len == 9 && memcmp(c, "qualifier", 9) == 0) {
			q->qualifier_capture = i;
		} else if (len > 10 && memcmp(c, "reference.", 10) == 0) {
			int k = kota_ref_kind_from_name(c + 10, len - 10);
			if (k == 0)
				return kota_error_set("queries/%s.scm: @%.*s: not a kota reference kind",
				    q->lang->name, (int)len, c);
			q->capture_kind[i] = -k;
		} else if (len > 11 && memcmp(c, "definition.", 11) == 0) {
			if ((q->capture_kind[i] = kota_kind_from_name(c + 11, len - 11)) == 0)
				return kota_error_set("queries/%s.scm: @%.*s: not a kota kind",
				    q->lang->name, (int)len, c);
		} else if (len == 0 || c[0] != '_') {
			return kota_error_set("queries/%s.scm: @%.*s: captures are @name, "
			    "@definition.KIND, @reference.KIND, @scope, @qualifier or @_anything", q->lang->name, (int)len, c);
		}
	}
	return 0;
}

/* The predicate of pattern P whose steps are at ST (#OP, a capture, then a
 * capture or a string) into *PR. */
static int read_predicate(const kota_query *q, uint32_t p, const TSQueryPredicateStep *st,
    struct predicate *pr)
{
	uint32_t len;
	const char *op = ts_query_string_value_for_id(q->query, st[0].value_id, &len);

	*pr = (struct predicate){ .pattern = p };
	if (strcmp(op, "eq?") == 0 || strcmp(op, "not-eq?") == 0) {
		pr->negate = op[0] == 'n';
	} else if (strcmp(op, "match?") == 0 || strcmp(op, "not-match?") == 0) {
		pr->negate = op[0] == 'n';
		pr->regex = 1;
	} else {
		return kota_error_set("queries/%s.scm: pattern %u: unsupported predicate #%s",
		    q->lang->name, p, op);
	}
	pr->capture = st[1].value_id;
	if (st[2].type == TSQueryPredicateStepTypeCapture) {
		if (pr->regex)
			return kota_error_set("queries/%s.scm: #%s needs a string", q->lang->name, op);
		pr->other_is_capture = 1;
		pr->other = st[2].value_id;
	} else {
		pr->text = ts_query_string_value_for_id(q->query, st[2].value_id, &pr->text_len);
		if (pr->regex && regcomp(&pr->re, pr->text, REG_EXTENDED | REG_NOSUB) != 0)
			return kota_error_set("queries/%s.scm: bad regular expression '%s'",
			    q->lang->name, pr->text);
	}
	return 0;
}

static int add_predicate(kota_query *q, struct predicate *pr)
{
	struct predicate *np = realloc(q->preds, (q->npreds + 1) * sizeof *np);

	if (np == NULL) {
		if (pr->regex)
			regfree(&pr->re);
		return kota_error_set("out of memory");
	}
	q->preds = np;
	q->preds[q->npreds++] = *pr;
	return 0;
}

/* Read the predicates of every pattern (tree-sitter leaves them to us). */
static int load_predicates(kota_query *q)
{
	uint32_t npat = ts_query_pattern_count(q->query);
	struct predicate pr;

	if ((q->first_pred = calloc(npat + 1, sizeof *q->first_pred)) == NULL)
		return kota_error_set("out of memory");
	for (uint32_t p = 0; p < npat; p++) {
		uint32_t nsteps, k;
		const TSQueryPredicateStep *st = ts_query_predicates_for_pattern(q->query, p, &nsteps);
		q->first_pred[p] = q->npreds;
		for (uint32_t i = 0; i < nsteps; i = k + 1) {
			for (k = i; k < nsteps && st[k].type != TSQueryPredicateStepTypeDone; k++)
				;
			if (k - i == 2 && st[i].type == TSQueryPredicateStepTypeString &&
			    st[i + 1].type == TSQueryPredicateStepTypeCapture) {
				/* #kota-overloaded? @def, or #not-kota-overloaded? */
				uint32_t len;
				const char *op = ts_query_string_value_for_id(q->query, st[i].value_id, &len);
				if (strcmp(op, "kota-overloaded?") != 0 && strcmp(op, "not-kota-overloaded?") != 0)
					return kota_error_set("queries/%s.scm: pattern %u: #%s takes two arguments",
					    q->lang->name, p, op);
				pr = (struct predicate){ .pattern = p, .overloaded = 1, .negate = op[0] == 'n',
					.capture = st[i + 1].value_id };
				if (add_predicate(q, &pr) < 0)
					return -1;
				continue;
			}
			if (k - i != 3 || st[i].type != TSQueryPredicateStepTypeString ||
			    st[i + 1].type != TSQueryPredicateStepTypeCapture)
				return kota_error_set("queries/%s.scm: pattern %u: predicates take a capture "
				    "and one more argument", q->lang->name, p);
			if (read_predicate(q, p, st + i, &pr) < 0 || add_predicate(q, &pr) < 0)
				return -1;
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

	kota_ts_memory_count();
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

/* The node N stands for among its siblings: its export statement or
 * ambient declaration when it is the declaration of one. */
static int is_wrapper(TSNode n)
{
	return strcmp(ts_node_type(n), "export_statement") == 0 ||
	    strcmp(ts_node_type(n), "ambient_declaration") == 0;
}

static TSNode statement_of(TSNode n)
{
	TSNode p;

	/* export declare function f(): ... is two wrappers deep. */
	while (!ts_node_is_null(p = ts_node_parent(n)) && is_wrapper(p))
		n = p;
	return n;
}

/* The declaration a statement holds (an export's, a declare's), or the node itself. */
static TSNode declaration_in(TSNode n)
{
	for (int depth = 0; depth < 4 && is_wrapper(n); depth++) {
		TSNode d = ts_node_child_by_field_name(n, "declaration", 11);
		if (ts_node_is_null(d) && ts_node_named_child_count(n) > 0)
			d = ts_node_named_child(n, 0);
		if (ts_node_is_null(d))
			break;
		n = d;
	}
	return n;
}

/*
 * #kota-overloaded? @def: the definition at @def is one signature of an
 * overloaded function or method, followed (comments aside) by another
 * declaration of the same name: a further signature or the
 * implementation.  TypeScript lists a function's overloads one after
 * another, then its body; `#not-kota-overloaded?` keeps only the last of
 * them, so that each overloaded function is one symbol, its
 * implementation where it has one (11 signatures of `pipe` were 11).
 */
static int overloaded(TSNode def, const char *src)
{
	TSNode name = ts_node_child_by_field_name(def, "name", 4), next, other;
	uint32_t a, b;

	if (ts_node_is_null(name))
		return 0;
	next = ts_node_next_named_sibling(statement_of(def));
	while (!ts_node_is_null(next) && strcmp(ts_node_type(next), "comment") == 0)
		next = ts_node_next_named_sibling(next);
	if (ts_node_is_null(next))
		return 0;
	other = ts_node_child_by_field_name(declaration_in(next), "name", 4);
	if (ts_node_is_null(other))
		return 0;
	a = ts_node_end_byte(name) - ts_node_start_byte(name);
	b = ts_node_end_byte(other) - ts_node_start_byte(other);
	return a == b && memcmp(src + ts_node_start_byte(name), src + ts_node_start_byte(other), a) == 0;
}

int kota_query_predicates_hold(const kota_query *q, const TSQueryMatch *m, const char *src)
{
	for (uint32_t i = q->first_pred[m->pattern_index]; i < q->first_pred[m->pattern_index + 1]; i++) {
		const struct predicate *p = &q->preds[i];
		const char *a, *b;
		uint32_t alen, blen;
		int holds;
		if (p->overloaded) {
			holds = 0;
			for (uint16_t c = 0; c < m->capture_count && !holds; c++)
				holds = m->captures[c].index == p->capture &&
				    overloaded(m->captures[c].node, src) != p->negate;
			if (!holds)
				return 0;
			continue;
		}
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

void kota_query_disable_refs(kota_query *q)
{
	uint32_t ncap = ts_query_capture_count(q->query), npat = ts_query_pattern_count(q->query);

	/* A pattern that has a @reference.KIND capture is a reference pattern. */
	for (uint32_t p = 0; p < npat; p++)
		for (uint32_t c = 0; c < ncap; c++)
			if (q->capture_kind[c] < 0 &&
			    ts_query_capture_quantifier_for_id(q->query, p, c) != TSQuantifierZero) {
				ts_query_disable_pattern(q->query, p);
				break;
			}
}
