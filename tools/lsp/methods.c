/*
 * kota-lsp: the requests and notifications, answered from the index.
 *
 * Every answer comes from the mapped index, as kota-get's do: a lookup by
 * name is a binary search, references come from the reference name order,
 * callers from the definitions around the calls (kota_index_enclosing),
 * callees from the references inside a definition's lines.  The index is
 * reopened before a request when a hook has replaced it or its delta
 * (server_refresh), so answers follow every commit without a restart.
 *
 * Columns: the index counts bytes; LSP counts UTF-16 units.  In a
 * document the editor has open they are converted (to_utf16); elsewhere
 * they agree on ASCII lines, and a line's earlier non-ASCII characters
 * shift the column, not the line.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "kota-lsp.h"

#define MAX_DEFINITIONS 200
#define MAX_WORKSPACE_SYMBOLS 200

/* ---- the index ---- */

static int same_file(const struct stat *st, dev_t dev, ino_t ino, off_t size, struct timespec m)
{
	return st->st_dev == dev && st->st_ino == ino && st->st_size == size &&
	    st->st_mtim.tv_sec == m.tv_sec && st->st_mtim.tv_nsec == m.tv_nsec;
}

int server_refresh(struct server *s)
{
	struct stat st, dst;
	char *dpath;
	int hasd;
	kota_view *v;

	char *want;

	if (s->ixpath == NULL && kota_locate_index(&s->ixpath, s->explicit_index, "-f", 0) < 0)
		return -1;
	/* The index of the work tree (kota-hook worktree, run on each save)
	 * while there is one: the next reindex after a commit removes it. */
	if (asprintf(&want, "%s.worktree", s->ixpath) < 0)
		return kota_error_set("out of memory");
	if (s->no_worktree || s->explicit_index != NULL || stat(want, &st) < 0) {
		free(want);
		if ((want = strdup(s->ixpath)) == NULL)
			return kota_error_set("out of memory");
		if (stat(want, &st) < 0) {
			free(want);
			kota_error_set("%s: no index yet: make it with kota-hook install", s->ixpath);
			return -1;
		}
	}
	if (s->opened == NULL || strcmp(s->opened, want) != 0) {
		kota_view_free(s->v);
		s->v = NULL;
		free(s->opened);
		s->opened = want;
	} else {
		free(want);
	}
	if ((dpath = kota_delta_path(s->opened)) == NULL)
		return kota_error_set("out of memory");
	hasd = stat(dpath, &dst) == 0;
	free(dpath);
	if (s->v != NULL && same_file(&st, s->dev, s->ino, s->size, s->mtime) && hasd == s->have_delta &&
	    (!hasd || same_file(&dst, s->ddev, s->dino, s->dsize, s->dmtime)))
		return 0;
	if (kota_view_open(&v, s->opened) < 0)
		return -1;
	rpc_log(s, "%s: opened", s->opened);
	kota_view_free(s->v);
	s->v = v;
	s->dev = st.st_dev, s->ino = st.st_ino, s->size = st.st_size, s->mtime = st.st_mtim;
	s->have_delta = hasd;
	if (hasd)
		s->ddev = dst.st_dev, s->dino = dst.st_ino, s->dsize = dst.st_size, s->dmtime = dst.st_mtim;
	return 0;
}

void server_free(struct server *s)
{
	while (s->docs != NULL)
		doc_close(s, s->docs->uri);
	kota_view_free(s->v);
	free(s->ixpath);
	free(s->opened);
	free(s->top);
	s->v = NULL;
	s->ixpath = s->opened = s->top = NULL;
}

/* ---- JSON ---- */

static json_object *get(json_object *o, const char *key)
{
	json_object *v;

	return o != NULL && json_object_is_type(o, json_type_object) &&
	    json_object_object_get_ex(o, key, &v) ? v : NULL;
}

static const char *get_string(json_object *o, const char *key)
{
	json_object *v = get(o, key);

	return v != NULL && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

/* A non-negative integer member: 0, or -1 if missing or of another type. */
static int get_uint(json_object *o, const char *key, uint32_t *out)
{
	json_object *v = get(o, key);
	int64_t n;

	if (v == NULL || !json_object_is_type(v, json_type_int))
		return -1;
	n = json_object_get_int64(v);
	if (n < 0 || n > UINT32_MAX)
		return -1;
	*out = (uint32_t)n;
	return 0;
}

static json_object *str(kota_str s)
{
	return json_object_new_string_len(s.ptr, (int)s.len);
}

/* A position from the index's 1-based line and byte column. */
static json_object *position(uint32_t line, uint32_t col)
{
	json_object *p = json_object_new_object();

	json_object_object_add(p, "line", json_object_new_int64(line > 0 ? line - 1 : 0));
	json_object_object_add(p, "character", json_object_new_int64(col > 0 ? col - 1 : 0));
	return p;
}

static json_object *range(uint32_t l1, uint32_t c1, uint32_t l2, uint32_t c2)
{
	json_object *r = json_object_new_object();

	json_object_object_add(r, "start", position(l1, c1));
	json_object_object_add(r, "end", position(l2, c2));
	return r;
}

/* In a document the editor has open, RNG's byte columns as UTF-16 units. */
static void to_utf16(struct server *s, const char *uri, json_object *rng)
{
	size_t len;
	const char *text = doc_open_text(s, uri, &len);

	if (text == NULL)
		return;
	for (int i = 0; i < 2; i++) {
		json_object *pos = get(rng, i == 0 ? "start" : "end");
		uint32_t line, ch;
		if (get_uint(pos, "line", &line) == 0 && get_uint(pos, "character", &ch) == 0)
			json_object_object_add(pos, "character",
			    json_object_new_int64(doc_utf16_column(text, len, line, ch)));
	}
}

static json_object *location(struct server *s, kota_str path, json_object *rng)
{
	json_object *l = json_object_new_object();
	char *uri = path_to_uri(s, path);

	to_utf16(s, uri, rng);

	json_object_object_add(l, "uri", json_object_new_string(uri));
	json_object_object_add(l, "range", rng);
	free(uri);
	return l;
}

/* LSP's SymbolKind of a kota kind. */
static int symbol_kind(int k)
{
	switch (k) {
	case KOTA_KIND_FUNCTION: return 12;
	case KOTA_KIND_METHOD: return 6;
	case KOTA_KIND_CLASS: case KOTA_KIND_TYPE: case KOTA_KIND_IMPL: return 5;
	case KOTA_KIND_STRUCT: case KOTA_KIND_UNION: return 23;
	case KOTA_KIND_ENUM: return 10;
	case KOTA_KIND_INTERFACE: case KOTA_KIND_TRAIT: return 11;
	case KOTA_KIND_MODULE: return 2;
	case KOTA_KIND_NAMESPACE: return 3;
	case KOTA_KIND_MACRO: return 12;
	case KOTA_KIND_CONSTANT: return 14;
	case KOTA_KIND_VARIABLE: return 13;
	case KOTA_KIND_FIELD: return 8;
	case KOTA_KIND_VARIANT: return 22;
	}
	return 13;
}

struct sym {
	kota_symbol s;
	kota_file f;
};

static int load_symbol(const kota_index *ix, uint32_t pos, struct sym *out)
{
	return kota_index_symbol(ix, pos, &out->s) < 0 || kota_index_file(ix, out->s.file, &out->f) < 0 ? -1 : 0;
}

static json_object *symbol_location(struct server *s, const struct sym *y)
{
	return location(s, y->f.path, range(y->s.start_line, y->s.start_col, y->s.end_line, y->s.end_col));
}

/* SymbolInformation: name, kind, location, containerName (the scope). */
static json_object *symbol_information(struct server *s, const struct sym *y)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "name", str(y->s.name));
	json_object_object_add(o, "kind", json_object_new_int(symbol_kind(y->s.kind)));
	json_object_object_add(o, "location", symbol_location(s, y));
	if (y->s.scope.len > 0)
		json_object_object_add(o, "containerName", str(y->s.scope));
	return o;
}

/* CallHierarchyItem, with the symbol's id as its data. */
static json_object *call_item(struct server *s, const struct sym *y)
{
	json_object *o = json_object_new_object(), *data = json_object_new_object();
	char id[17];

	json_object_object_add(o, "name", str(y->s.name));
	json_object_object_add(o, "kind", json_object_new_int(symbol_kind(y->s.kind)));
	if (y->s.scope.len > 0)
		json_object_object_add(o, "detail", str(y->s.scope));
	{
		char *uri = path_to_uri(s, y->f.path);
		json_object_object_add(o, "uri", json_object_new_string(uri));
		free(uri);
	}
	json_object_object_add(o, "range", range(y->s.start_line, y->s.start_col, y->s.end_line, y->s.end_col));
	json_object_object_add(o, "selectionRange",
	    range(y->s.start_line, y->s.start_col, y->s.start_line, y->s.start_col));
	snprintf(id, sizeof id, "%016" PRIx64, y->s.id);
	json_object_object_add(data, "id", json_object_new_string(id));
	json_object_object_add(o, "data", data);
	return o;
}

/* ---- the word under the cursor ---- */

struct at {
	char *name, *qual;
	char *path;			/* the document's path in the index, or NULL */
	uint32_t line;			/* 1-based */
};

static void at_free(struct at *a)
{
	free(a->name);
	free(a->qual);
	free(a->path);
}

/* The document's path relative to the work tree, as the index has it. */
static char *index_path(struct server *s, const char *uri)
{
	char *abs = uri_to_path(s, uri), *rel = NULL;
	size_t tl = strlen(s->top);

	if (abs != NULL && strncmp(abs, s->top, tl) == 0 && abs[tl] == '/')
		rel = strdup(abs + tl + 1);
	free(abs);
	return rel;
}

/* TextDocumentPositionParams: 0, KOTA_NOTFOUND (no word there), or -1 (bad params, answered). */
static int word_at(struct server *s, json_object *id, json_object *params, struct at *a)
{
	const char *uri = get_string(get(params, "textDocument"), "uri");
	json_object *pos = get(params, "position");
	uint32_t line, ch;
	char *text;
	size_t len;
	int owned, rc;

	memset(a, 0, sizeof *a);
	if (uri == NULL || get_uint(pos, "line", &line) < 0 || get_uint(pos, "character", &ch) < 0) {
		rpc_error(s, id, RPC_INVALID_PARAMS, "want textDocument.uri and position.line, .character");
		return -1;
	}
	a->path = index_path(s, uri);
	a->line = line + 1;
	if ((text = doc_text(s, uri, &len, &owned)) == NULL)
		return KOTA_NOTFOUND;
	rc = doc_word_at(text, len, line, ch, &a->name, &a->qual);
	if (owned)
		free(text);
	return rc;
}

/* ---- collecting symbols ---- */

struct syms {
	struct sym *v;
	size_t n, cap, max;
	kota_str qual;			/* keep only symbols whose scope ends so, if any does */
};

static int add_symbol(void *ctx, const kota_index *ix, uint32_t pos)
{
	struct syms *c = ctx;

	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 16;
		if ((c->v = realloc(c->v, c->cap * sizeof *c->v)) == NULL)
			abort();
	}
	if (load_symbol(ix, pos, &c->v[c->n]) < 0)
		return -1;
	c->n++;
	return c->n >= c->max;
}

/* The definitions named NAME; with a qualifier that some scopes end with
 * ("Builder." of b.String(), "ns::"), only those. */
static int definitions(struct server *s, const char *name, const char *qual, struct syms *c)
{
	size_t ql = strlen(qual), k = 0;

	c->max = MAX_DEFINITIONS;
	if (kota_view_each_name(s->v, KOTA_BY_NAME, name, strlen(name), 0, add_symbol, c) < 0)
		return -1;
	/* The qualifier without its separator. */
	while (ql > 0 && (qual[ql - 1] == '.' || qual[ql - 1] == ':' || qual[ql - 1] == '>' || qual[ql - 1] == '-'))
		ql--;
	if (ql == 0)
		return 0;
	for (size_t i = 0; i < c->n; i++)
		if (kota_scope_matches(c->v[i].s.scope, (kota_str){ qual, ql }))
			c->v[k++] = c->v[i];
	if (k > 0)
		c->n = k;
	return 0;
}

/* ---- requests ---- */

static void initialize(struct server *s, json_object *id, json_object *params)
{
	json_object *r = json_object_new_object(), *caps = json_object_new_object(),
	    *info = json_object_new_object(), *sync = json_object_new_object();
	const char *root = get_string(params, "rootUri");

	if (root != NULL && s->explicit_index == NULL) {
		char *dir = uri_to_path(s, root);
		/* The index and the work tree of the root the editor opened. */
		if (dir != NULL && chdir(dir) == 0) {
			char *top, *prefix;
			if (kota_locate_prefix(&top, &prefix) == 0 && top != NULL) {
				free(s->top);
				s->top = top;
				free(prefix);
			}
		}
		free(dir);
	}
	json_object_object_add(sync, "openClose", json_object_new_boolean(1));
	json_object_object_add(sync, "change", json_object_new_int(1));	/* full text */
	json_object_object_add(sync, "save", json_object_new_boolean(1));
	json_object_object_add(caps, "textDocumentSync", sync);
	json_object_object_add(caps, "definitionProvider", json_object_new_boolean(1));
	json_object_object_add(caps, "referencesProvider", json_object_new_boolean(1));
	json_object_object_add(caps, "workspaceSymbolProvider", json_object_new_boolean(1));
	json_object_object_add(caps, "documentSymbolProvider", json_object_new_boolean(1));
	json_object_object_add(caps, "callHierarchyProvider", json_object_new_boolean(1));
	json_object_object_add(info, "name", json_object_new_string("kota-lsp"));
	json_object_object_add(info, "version", json_object_new_string(PACKAGE_VERSION));
	json_object_object_add(r, "capabilities", caps);
	json_object_object_add(r, "serverInfo", info);
	s->initialized = 1;
	rpc_result(s, id, r);
}

static void definition(struct server *s, json_object *id, json_object *params)
{
	struct at a;
	struct syms c = { 0 };
	json_object *out = json_object_new_array();
	int rc = word_at(s, id, params, &a);

	if (rc < 0) {
		json_object_put(out);
		return;
	}
	if (rc == 0 && definitions(s, a.name, a.qual, &c) < 0) {
		rpc_error(s, id, LSP_REQUEST_FAILED, "%s", kota_error_last());
		json_object_put(out);
	} else {
		for (size_t i = 0; i < c.n; i++)
			json_object_array_add(out, symbol_location(s, &c.v[i]));
		rpc_result(s, id, out);
	}
	free(c.v);
	at_free(&a);
}

struct refs {
	struct server *s;
	json_object *out;
	size_t namelen;
};

static int add_ref(void *ctx, const kota_index *ix, uint32_t pos)
{
	struct refs *c = ctx;
	kota_ref r;
	kota_str path;

	if (kota_index_ref(ix, pos, &r) < 0 || kota_index_path(ix, r.file, &path) < 0)
		return -1;
	json_object_array_add(c->out, location(c->s, path,
	    range(r.line, r.col, r.line, r.col + (uint32_t)c->namelen)));
	return 0;
}

static void references(struct server *s, json_object *id, json_object *params)
{
	struct at a;
	struct refs c = { .s = s };
	struct syms d = { 0 };
	json_object *incl = get(get(params, "context"), "includeDeclaration");
	int rc = word_at(s, id, params, &a);

	if (rc < 0)
		return;
	c.out = json_object_new_array();
	if (rc == 0) {
		c.namelen = strlen(a.name);
		if (incl != NULL && json_object_get_boolean(incl) && definitions(s, a.name, "", &d) == 0)
			for (size_t i = 0; i < d.n; i++)
				json_object_array_add(c.out, symbol_location(s, &d.v[i]));
		if (kota_view_each_ref(s->v, a.name, c.namelen, add_ref, &c) < 0) {
			rpc_error(s, id, LSP_REQUEST_FAILED, "%s", kota_error_last());
			json_object_put(c.out);
			c.out = NULL;
		}
	}
	if (c.out != NULL)
		rpc_result(s, id, c.out);
	free(d.v);
	at_free(&a);
}

struct cand {
	kota_str name;
	int rank;
};

static int cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank - y->rank;
	if (x->name.len != y->name.len)
		return x->name.len < y->name.len ? -1 : 1;
	return kota_bytes_cmp(x->name.ptr, x->name.len, y->name.ptr, y->name.len);
}

struct ranking {
	const char *query;
	size_t qlen;
	struct cand *v;
	size_t n, cap;
};

static int rank_string(void *ctx, kota_str str)
{
	struct ranking *r = ctx;
	int rank = kota_fuzzy_rank(r->query, r->qlen, str);

	if (rank < 0)
		return 0;
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 256;
		if ((r->v = realloc(r->v, r->cap * sizeof *r->v)) == NULL)
			abort();
	}
	r->v[r->n++] = (struct cand){ str, rank };
	return 0;
}

/*
 * The strings of IX's string table that the query names: every name is
 * one, and so are scopes and paths, which the lookup of the best ranked
 * (workspace_symbol) finds no symbols for.  A sequential walk of the
 * table: on Linux's index a query took 0.5 s walking the name order, 0.29 s
 * this way, and 0.09-0.24 s once kota_fuzzy_rank rejects a string without
 * the query's first letter by memchr (under load).
 */
static int rank_names(const kota_index *ix, struct ranking *r)
{
	return kota_index_each_string(ix, NULL, 0, rank_string, r);
}

static void workspace_symbol(struct server *s, json_object *id, json_object *params)
{
	const char *query = get_string(params, "query");
	struct ranking r = { 0 };
	struct cand *v;
	size_t n;
	struct syms c = { 0 };
	json_object *out;

	if (query == NULL) {
		rpc_error(s, id, RPC_INVALID_PARAMS, "want a query");
		return;
	}
	out = json_object_new_array();
	/* An empty query would list the whole index: answer nothing. */
	r.query = query;
	r.qlen = strlen(query);
	if (*query != '\0') {
		if (rank_names(kota_view_base(s->v), &r) < 0 ||
		    (kota_view_delta(s->v) != NULL && rank_names(kota_view_delta(s->v), &r) < 0)) {
			rpc_error(s, id, LSP_REQUEST_FAILED, "%s", kota_error_last());
			json_object_put(out);
			free(r.v);
			return;
		}
		v = r.v;
		n = r.n;
		if (n > 0)
			qsort(v, n, sizeof *v, cand_cmp);
		c.max = MAX_WORKSPACE_SYMBOLS;
		for (size_t i = 0; i < n && c.n < c.max; i++) {
			if (i > 0 && v[i].name.len == v[i - 1].name.len &&
			    memcmp(v[i].name.ptr, v[i - 1].name.ptr, v[i].name.len) == 0)
				continue;	/* in base and delta both */
			if (kota_view_each_name(s->v, KOTA_BY_NAME, v[i].name.ptr, v[i].name.len, 0,
			    add_symbol, &c) < 0)
				break;
		}
		for (size_t i = 0; i < c.n; i++)
			json_object_array_add(out, symbol_information(s, &c.v[i]));
	}
	rpc_result(s, id, out);
	free(r.v);
	free(c.v);
}

static void document_symbol(struct server *s, json_object *id, json_object *params)
{
	const char *uri = get_string(get(params, "textDocument"), "uri");
	char *path;
	const kota_index *ix;
	uint32_t pos;
	kota_file f;
	struct sym y;
	json_object *out;

	if (uri == NULL) {
		rpc_error(s, id, RPC_INVALID_PARAMS, "want textDocument.uri");
		return;
	}
	out = json_object_new_array();
	if ((path = index_path(s, uri)) != NULL &&
	    kota_view_find_file(s->v, path, strlen(path), &ix, &pos) == 0 && kota_index_file(ix, pos, &f) == 0)
		for (uint32_t i = f.first; i < f.first + f.count; i++)
			if (load_symbol(ix, i, &y) == 0)
				json_object_array_add(out, symbol_information(s, &y));
	free(path);
	rpc_result(s, id, out);
}

static void prepare_call_hierarchy(struct server *s, json_object *id, json_object *params)
{
	struct at a;
	struct syms c = { 0 };
	json_object *out;
	int rc = word_at(s, id, params, &a);

	if (rc < 0)
		return;
	if (rc == 0 && definitions(s, a.name, a.qual, &c) < 0) {
		rpc_error(s, id, LSP_REQUEST_FAILED, "%s", kota_error_last());
		at_free(&a);
		return;
	}
	/* Not a name the index defines: the definition around the cursor. */
	if (c.n == 0 && a.path != NULL) {
		const kota_index *ix;
		uint32_t fpos, pos;
		if (kota_view_find_file(s->v, a.path, strlen(a.path), &ix, &fpos) == 0 &&
		    kota_index_enclosing(ix, fpos, a.line, &pos) == 0)
			add_symbol(&c, ix, pos);
	}
	out = json_object_new_array();
	for (size_t i = 0; i < c.n; i++)
		json_object_array_add(out, call_item(s, &c.v[i]));
	rpc_result(s, id, c.n > 0 ? out : NULL);
	if (c.n == 0)
		json_object_put(out);
	free(c.v);
	at_free(&a);
}

/* Calls grouped by a key: the definition they are in (incoming) or the
 * name they call (outgoing), with the ranges of the calls. */
struct group {
	const kota_index *ix;
	uint32_t pos;			/* incoming: the caller */
	kota_str name;			/* outgoing: the callee's name */
	json_object *ranges;
};

struct calls {
	struct server *s;
	struct group *v;
	size_t n, cap;
	size_t namelen;
	uint32_t *slots;		/* hash of the groups: index + 1, 0 empty */
	size_t mask;
};

static size_t group_hash(const kota_index *ix, uint32_t pos, kota_str name)
{
	uint64_t h = 1469598103934665603u ^ (uintptr_t)ix;

	for (size_t i = 0; i < name.len; i++)
		h = (h ^ (unsigned char)name.ptr[i]) * 1099511628211u;
	/* Mixed so that the low bits, which index the table, vary with POS. */
	h = (h ^ pos) * 0x9e3779b97f4a7c15u;
	return (size_t)(h ^ h >> 32);
}

static int group_is(const struct group *g, const kota_index *ix, uint32_t pos, kota_str name)
{
	return g->ix == ix && g->pos == pos && g->name.len == name.len &&
	    (name.len == 0 || memcmp(g->name.ptr, name.ptr, name.len) == 0);
}

/* The group of the key, made if new.  A hash, not a scan: the callers of
 * kfree on Linux are 26,407 groups of 37,676 calls, which a scan of the
 * groups for each call made 0.8 s. */
static struct group *group_for(struct calls *c, const kota_index *ix, uint32_t pos, kota_str name)
{
	size_t h;

	if (2 * (c->n + 1) > c->mask + 1 || c->slots == NULL) {
		size_t size = c->slots == NULL ? 64 : 2 * (c->mask + 1);
		free(c->slots);
		if ((c->slots = calloc(size, sizeof *c->slots)) == NULL)
			abort();
		c->mask = size - 1;
		for (size_t i = 0; i < c->n; i++) {
			for (h = group_hash(c->v[i].ix, c->v[i].pos, c->v[i].name) & c->mask; c->slots[h];
			    h = (h + 1) & c->mask)
				;
			c->slots[h] = (uint32_t)i + 1;
		}
	}
	for (h = group_hash(ix, pos, name) & c->mask; c->slots[h]; h = (h + 1) & c->mask)
		if (group_is(&c->v[c->slots[h] - 1], ix, pos, name))
			return &c->v[c->slots[h] - 1];
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 16;
		if ((c->v = realloc(c->v, c->cap * sizeof *c->v)) == NULL)
			abort();
	}
	c->slots[h] = (uint32_t)c->n + 1;
	c->v[c->n] = (struct group){ ix, pos, name, json_object_new_array() };
	return &c->v[c->n++];
}

static int is_call(int kind)
{
	return kind == KOTA_REF_CALL || kind == KOTA_REF_MACRO;
}

static int add_incoming(void *ctx, const kota_index *ix, uint32_t pos)
{
	struct calls *c = ctx;
	kota_ref r;
	uint32_t in;
	int rc;

	if (kota_index_ref(ix, pos, &r) < 0)
		return -1;
	if (!is_call(r.kind))
		return 0;
	if ((rc = kota_index_enclosing(ix, r.file, r.line, &in)) < 0)
		return -1;
	if (rc == 0)
		json_object_array_add(group_for(c, ix, in, (kota_str){ "", 0 })->ranges,
		    range(r.line, r.col, r.line, r.col + (uint32_t)c->namelen));
	return 0;
}

/* The item's symbol, by the id in its data: 0, KOTA_NOTFOUND, or -1 (answered). */
static int item_symbol(struct server *s, json_object *id, json_object *params, struct syms *c)
{
	const char *hex = get_string(get(get(params, "item"), "data"), "id");
	uint64_t sid;

	if (hex == NULL || kota_parse_id(hex, strlen(hex), &sid) < 0) {
		rpc_error(s, id, RPC_INVALID_PARAMS, "want an item from prepareCallHierarchy");
		return -1;
	}
	c->max = 1;
	if (kota_view_each_id(s->v, sid, add_symbol, c) < 0) {
		rpc_error(s, id, LSP_REQUEST_FAILED, "%s", kota_error_last());
		return -1;
	}
	return c->n > 0 ? 0 : KOTA_NOTFOUND;
}

static void incoming_calls(struct server *s, json_object *id, json_object *params)
{
	struct syms item = { 0 };
	struct calls c = { .s = s };
	json_object *out;
	int rc = item_symbol(s, id, params, &item);

	if (rc < 0)
		return;
	out = json_object_new_array();
	if (rc == 0) {
		c.namelen = item.v[0].s.name.len;
		if (kota_view_each_ref(s->v, item.v[0].s.name.ptr, item.v[0].s.name.len, add_incoming, &c) < 0) {
			rpc_error(s, id, LSP_REQUEST_FAILED, "%s", kota_error_last());
			json_object_put(out);
			out = NULL;
		}
		for (size_t i = 0; i < c.n; i++) {
			struct sym y;
			json_object *call = json_object_new_object();
			if (out == NULL || load_symbol(c.v[i].ix, c.v[i].pos, &y) < 0) {
				json_object_put(call);
				json_object_put(c.v[i].ranges);
				continue;
			}
			json_object_object_add(call, "from", call_item(s, &y));
			json_object_object_add(call, "fromRanges", c.v[i].ranges);
			json_object_array_add(out, call);
		}
	}
	if (out != NULL)
		rpc_result(s, id, out);
	free(c.v);
	free(c.slots);
	free(item.v);
}

static void outgoing_calls(struct server *s, json_object *id, json_object *params)
{
	struct syms item = { 0 };
	struct calls c = { .s = s };
	json_object *out;
	const kota_index *ix;
	struct sym *it;
	int rc = item_symbol(s, id, params, &item);

	if (rc < 0)
		return;
	out = json_object_new_array();
	if (rc == 0) {
		it = &item.v[0];
		/* The item's index: the one holding its file. */
		if (kota_view_find_file(s->v, it->f.path.ptr, it->f.path.len, &ix, &(uint32_t){ 0 }) != 0)
			ix = kota_view_base(s->v);
		for (uint32_t p = it->f.first_ref; p < it->f.first_ref + it->f.nrefs; p++) {
			kota_ref r;
			if (kota_index_ref(ix, p, &r) < 0)
				break;
			if (!is_call(r.kind) || r.line < it->s.start_line || r.line > it->s.end_line)
				continue;
			json_object_array_add(group_for(&c, NULL, 0, r.name)->ranges,
			    range(r.line, r.col, r.line, r.col + (uint32_t)r.name.len));
		}
		for (size_t i = 0; i < c.n; i++) {
			struct syms d = { 0 };
			json_object *call;
			/* Where the index defines it: the first definition of that name. */
			d.max = 1;
			if (kota_view_each_name(s->v, KOTA_BY_NAME, c.v[i].name.ptr, c.v[i].name.len, 0,
			    add_symbol, &d) < 0 || d.n == 0) {
				json_object_put(c.v[i].ranges);
				free(d.v);
				continue;
			}
			call = json_object_new_object();
			json_object_object_add(call, "to", call_item(s, &d.v[0]));
			json_object_object_add(call, "fromRanges", c.v[i].ranges);
			json_object_array_add(out, call);
			free(d.v);
		}
	}
	rpc_result(s, id, out);
	free(c.v);
	free(c.slots);
	free(item.v);
}

/* ---- notifications ---- */

static void did_open(struct server *s, json_object *params)
{
	json_object *td = get(params, "textDocument"), *text = get(td, "text");
	const char *uri = get_string(td, "uri");

	if (uri != NULL && text != NULL && json_object_is_type(text, json_type_string))
		doc_open(s, uri, json_object_get_string(text), (size_t)json_object_get_string_len(text));
}

static void did_change(struct server *s, json_object *params)
{
	const char *uri = get_string(get(params, "textDocument"), "uri");
	json_object *changes = get(params, "contentChanges"), *last, *text;
	size_t n;

	/* Full sync: the last change holds the whole text. */
	if (uri == NULL || changes == NULL || !json_object_is_type(changes, json_type_array) ||
	    (n = json_object_array_length(changes)) == 0)
		return;
	last = json_object_array_get_idx(changes, n - 1);
	if ((text = get(last, "text")) != NULL && json_object_is_type(text, json_type_string))
		doc_open(s, uri, json_object_get_string(text), (size_t)json_object_get_string_len(text));
}

/* On save: bring the index of the work tree up to date in the background
 * (kota-hook worktree, beside us), never making the editor wait. */
static void did_save(struct server *s)
{
	char self[4096], hook[4200];
	ssize_t n;
	pid_t pid;

	if (s->no_worktree || s->explicit_index != NULL)
		return;
	n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n > 0) {
		self[n] = '\0';
		*strrchr(self, '/') = '\0';
		snprintf(hook, sizeof hook, "%s/kota-hook", self);
	}
	if (n <= 0 || access(hook, X_OK) < 0)
		snprintf(hook, sizeof hook, "kota-hook");
	if ((pid = fork()) < 0) {
		rpc_log(s, "didSave: fork: %s", strerror(errno));
		return;
	}
	if (pid == 0) {
		int fd = open("/dev/null", O_RDWR);
		if (fd >= 0) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
		}
		setsid();
		if (s->top != NULL && chdir(s->top) < 0)
			_exit(2);
		execlp(hook, "kota-hook", "worktree", (char *)NULL);
		_exit(127);
	}
	rpc_log(s, "didSave: kota-hook worktree (pid %ld)", (long)pid);
}

/* ---- dispatch ---- */

typedef void request_fn(struct server *, json_object *, json_object *);

static const struct {
	const char *method;
	request_fn *fn;
} requests[] = {
	{ "textDocument/definition", definition },
	{ "textDocument/references", references },
	{ "workspace/symbol", workspace_symbol },
	{ "textDocument/documentSymbol", document_symbol },
	{ "textDocument/prepareCallHierarchy", prepare_call_hierarchy },
	{ "callHierarchy/incomingCalls", incoming_calls },
	{ "callHierarchy/outgoingCalls", outgoing_calls },
};

void handle(struct server *s, json_object *msg)
{
	json_object *id = get(msg, "id"), *params = get(msg, "params");
	const char *method = get_string(msg, "method");

	if (!json_object_is_type(msg, json_type_object) || method == NULL) {
		/* A reply to a request of ours (we send none), or garbage. */
		if (get(msg, "result") == NULL && get(msg, "error") == NULL)
			rpc_error(s, id, RPC_INVALID_REQUEST, "not a request: no method");
		return;
	}
	if (id != NULL && !json_object_is_type(id, json_type_int) && !json_object_is_type(id, json_type_string)) {
		rpc_error(s, NULL, RPC_INVALID_REQUEST, "an id must be a number or a string");
		return;
	}
	rpc_log(s, "%s", method);
	if (strcmp(method, "initialize") == 0) {
		if (id != NULL)
			initialize(s, id, params);
		return;
	}
	if (strcmp(method, "exit") == 0) {
		s->exit_status = s->shutdown ? 0 : 1;
		return;
	}
	if (strcmp(method, "shutdown") == 0) {
		s->shutdown = 1;
		if (id != NULL)
			rpc_result(s, id, NULL);
		return;
	}
	if (id == NULL) {
		/* Notifications: those we use; the rest ($/cancelRequest: every
		 * request is answered before the next is read) are ignored. */
		if (strcmp(method, "textDocument/didOpen") == 0)
			did_open(s, params);
		else if (strcmp(method, "textDocument/didChange") == 0)
			did_change(s, params);
		else if (strcmp(method, "textDocument/didSave") == 0)
			did_save(s);
		else if (strcmp(method, "textDocument/didClose") == 0 &&
		    get_string(get(params, "textDocument"), "uri") != NULL)
			doc_close(s, get_string(get(params, "textDocument"), "uri"));
		return;
	}
	if (!s->initialized) {
		rpc_error(s, id, LSP_SERVER_NOT_INITIALIZED, "initialize first");
		return;
	}
	if (s->shutdown) {
		rpc_error(s, id, RPC_INVALID_REQUEST, "shut down: only exit is left");
		return;
	}
	for (size_t i = 0; i < sizeof requests / sizeof *requests; i++) {
		if (strcmp(method, requests[i].method) != 0)
			continue;
		if (params == NULL || !json_object_is_type(params, json_type_object)) {
			rpc_error(s, id, RPC_INVALID_PARAMS, "%s: want params, an object", method);
			return;
		}
		if (server_refresh(s) < 0) {
			rpc_error(s, id, LSP_REQUEST_FAILED, "%s", kota_error_last());
			return;
		}
		requests[i].fn(s, id, params);
		return;
	}
	rpc_error(s, id, RPC_METHOD_NOT_FOUND, "no method %s", method);
}
