/* Printing symbols of an index in the output formats shared by kota-dump and kota-get. */
#include <stdlib.h>
#include <string.h>

#include "kota.h"
#include "internal.h"

struct kota_printer {
	FILE *fp;
	const kota_index *ix;
	int format;
	int zero;			/* line format: end lines with NUL */
	const char *prefix;		/* line format: paths relative to this directory */
	uint32_t last_file;		/* records format: file of the last F line */
	const kota_index *last_ix;	/* ... and its index */
	int excmd;			/* ctags format: enum kota_excmd */
	int kind_names;			/* ctags format: kind:NAME, not ctags' letter */
	/* etags format: a file's section, which starts with its size, waits
	 * here until the next file or the end. */
	FILE *efp;
	char *ebuf, *epath;
	size_t elen;
	uint32_t efile;
	const kota_index *eix;
};

static const char *const format_names[] = { "records", "json", "ctags", "line", "grep", "etags" };

int kota_format_from_name(const char *s)
{
	for (int i = 0; i < (int)(sizeof format_names / sizeof *format_names); i++)
		if (strcmp(s, format_names[i]) == 0)
			return i;
	if (strcmp(s, "quickfix") == 0 || strcmp(s, "vimgrep") == 0)
		return KOTA_FMT_GREP;
	return -1;
}

int kota_excmd_from_name(const char *s)
{
	static const char *const names[] = { "pattern", "number", "combine" };

	for (int i = 0; i < 3; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

void kota_printer_set_excmd(kota_printer *p, int excmd)
{
	p->excmd = excmd;
}

void kota_printer_set_kind_names(kota_printer *p, int names)
{
	p->kind_names = names != 0;
}

int kota_printer_new(kota_printer **out, FILE *fp, const kota_index *ix, int format)
{
	kota_printer *p = calloc(1, sizeof *p);

	if (p == NULL)
		return kota_error_set("out of memory");
	p->fp = fp;
	p->ix = ix;
	p->format = format;
	p->last_file = KOTA_NONE;
	*out = p;
	return 0;
}

void kota_printer_free(kota_printer *p)
{
	if (p == NULL)
		return;
	if (p->efp != NULL)
		fclose(p->efp);
	free(p->ebuf);
	free(p->epath);
	free(p);
}

void kota_printer_set_index(kota_printer *p, const kota_index *ix)
{
	p->ix = ix;
}

void kota_printer_set_zero(kota_printer *p, int zero)
{
	p->zero = zero != 0;
}

void kota_printer_set_prefix(kota_printer *p, const char *prefix)
{
	p->prefix = prefix;
}

int kota_print_begin(kota_printer *p)
{
	if (p->format == KOTA_FMT_RECORDS)
		kota_put_header(p->fp);
	return 0;
}

/* etags: write the waiting section, "\f\nPATH,SIZE\n" and its lines. */
static int etags_flush(kota_printer *p)
{
	if (p->efp == NULL)
		return 0;
	if (fclose(p->efp) != 0) {
		p->efp = NULL;
		return kota_error_set("out of memory");
	}
	p->efp = NULL;
	fprintf(p->fp, "\f\n%s,%zu\n", p->epath, p->elen);
	fwrite_unlocked(p->ebuf, 1, p->elen, p->fp);
	free(p->ebuf);
	free(p->epath);
	p->ebuf = p->epath = NULL;
	return 0;
}

int kota_print_end(kota_printer *p)
{
	return p->format == KOTA_FMT_ETAGS ? etags_flush(p) : 0;
}

long kota_print_meta_lines(FILE *fp, const kota_index *ix, const char *prefix, const char *key)
{
	size_t klen = key != NULL ? strlen(key) : 0;
	kota_str k, v;
	long n = 0;

	for (uint32_t i = 0; i < kota_index_nmeta(ix); i++) {
		if (kota_index_meta(ix, i, &k, &v) < 0)
			return -1;
		if (key != NULL && (k.len != klen || memcmp(k.ptr, key, klen) != 0))
			continue;
		fputs_unlocked(prefix, fp);
		if (key == NULL) {
			kota_put_field(fp, k.ptr, k.len);
			putc_unlocked('\t', fp);
		}
		kota_put_field(fp, v.ptr, v.len);
		putc_unlocked('\n', fp);
		n++;
	}
	return n;
}

int kota_print_meta(kota_printer *p)
{
	/* An M record is such a line. */
	return kota_print_meta_lines(p->fp, p->ix, "M\t", NULL) < 0 ? -1 : 0;
}

void kota_print_tags_header(FILE *fp)
{
	fputs("!_TAG_FILE_FORMAT\t2\t/extended format; --format=1 will not append ;\" to lines/\n"
	    "!_TAG_FILE_SORTED\t1\t/0=unsorted, 1=sorted, 2=foldcase/\n"
	    "!_TAG_PROGRAM_NAME\tkota\t//\n"
	    "!_TAG_PROGRAM_VERSION\t" PACKAGE_VERSION "\t//\n", fp);
}

int kota_print_file(kota_printer *p, uint32_t pos)
{
	kota_file f;
	kota_record rec = { .type = KOTA_REC_FILE };

	if (kota_index_file(p->ix, pos, &f) < 0)
		return -1;
	rec.path = f.path;
	rec.lang = f.lang;
	rec.blob = f.blob;
	rec.size = f.size;
	kota_put_record(p->fp, &rec);
	p->last_file = pos;
	p->last_ix = p->ix;
	return 0;
}

/* A JSON string: invalid UTF-8 becomes U+FFFD, control characters \u-escaped. */
void kota_put_json(FILE *fp, kota_str s)
{
	const unsigned char *b = (const unsigned char *)s.ptr, *end = b + s.len;

	putc_unlocked('"', fp);
	while (b < end) {
		unsigned c = *b;
		size_t n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
		int ok = n > 0 && (size_t)(end - b) >= n;
		uint32_t cp = n == 1 ? c : n == 2 ? c & 0x1f : n == 3 ? c & 0x0f : c & 0x07;
		for (size_t i = 1; ok && i < n; i++) {
			ok = (b[i] & 0xc0) == 0x80;
			cp = cp << 6 | (b[i] & 0x3f);
		}
		/* Reject overlong forms, surrogates and code points past U+10FFFF. */
		if (ok && ((n == 2 && cp < 0x80) || (n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
		    (n == 4 && (cp < 0x10000 || cp > 0x10ffff))))
			ok = 0;
		if (!ok) {
			fputs_unlocked("\xef\xbf\xbd", fp);
			b++;
			continue;
		}
		if (c == '"' || c == '\\') {
			putc_unlocked('\\', fp);
			putc_unlocked((int)c, fp);
		} else if (c < 0x20) {
			fprintf(fp, "\\u%04x", c);
		} else {
			fwrite_unlocked(b, 1, n, fp);
		}
		b += n;
	}
	putc_unlocked('"', fp);
}

static void put_json_key(FILE *fp, const char *key, kota_str value)
{
	fputs_unlocked(key, fp);
	kota_put_json(fp, value);
}

static void put_json_num(FILE *fp, const char *key, uint64_t v)
{
	fputs_unlocked(key, fp);
	kota_put_u64(fp, v);
}

static kota_str cstr(const char *s)
{
	return (kota_str){ s, strlen(s) };
}

static int unsafe_for_tags(kota_str s)
{
	return memchr(s.ptr, '\t', s.len) || memchr(s.ptr, '\n', s.len) || memchr(s.ptr, '\r', s.len);
}

/* How LANG joins a scope and a name: "::" in C++, Rust and Ruby, "." elsewhere. */
const char *kota_scope_separator(kota_str lang)
{
	static const char *const colons[] = { "cpp", "rust", "ruby" };

	for (size_t i = 0; i < sizeof colons / sizeof *colons; i++)
		if (lang.len == strlen(colons[i]) && memcmp(lang.ptr, colons[i], lang.len) == 0)
			return "::";
	return ".";
}

/* The kind universal-ctags names a scope by when no parent symbol says it. */
static const char *scope_kind(kota_str lang)
{
	static const char *const kinds[][2] = {
		{ "go", "struct" }, { "rust", "implementation" }, { "c", "struct" },
		{ "ruby", "module" },
	};

	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
		if (lang.len == strlen(kinds[i][0]) && memcmp(lang.ptr, kinds[i][0], lang.len) == 0)
			return kinds[i][1];
	return "class";
}

/* SCOPE, the separator of LANG and NAME; just NAME without a scope. */
static void put_qualified(FILE *fp, kota_str lang, kota_str scope, kota_str name)
{
	if (scope.len > 0) {
		fwrite_unlocked(scope.ptr, 1, scope.len, fp);
		fputs_unlocked(kota_scope_separator(lang), fp);
	}
	fwrite_unlocked(name.ptr, 1, name.len, fp);
}

/* The first line of the definition, as its signature has it, up to a tab
 * (a tags file's separator) or a control character. */
static size_t tag_text_len(kota_str sig)
{
	size_t n = 0;

	while (n < sig.len && ((unsigned char)sig.ptr[n] >= 0x20 || sig.ptr[n] < 0) && sig.ptr[n] != 0x7f)
		n++;
	return n;
}

/*
 * A ctags line's address.  The pattern is the definition's first line from
 * where the definition starts, as vim searches it ('nomagic': only ^, $
 * and backslashes are special): anchored with ^ when the definition starts
 * its line, never with $ (the signature may be cut short).  A definition
 * that starts after other text on its line gets an unanchored pattern, as
 * we do not keep the text before it.  Without a signature, the line number;
 * with one its file shares, the line and the pattern (see tag_text_shared).
 */
/*
 * Whether another symbol of S's file in IX has S's name and tag text (two
 * "fn area(&self) -> f64" of two impls): a pattern alone would find the
 * first for both, so these get the line too.  Same-named symbols are
 * neighbours in the name order; past 4096 of them, say yes unseen.
 */
static int tag_text_shared(const kota_index *ix, uint32_t pos, const kota_symbol *s, size_t n)
{
	uint32_t lo, hi, q;
	kota_symbol o;

	if (kota_index_find_name(ix, s->name.ptr, s->name.len, 0, &lo, &hi) < 0)
		return 1;
	if (hi - lo > 4096)
		return 1;
	for (uint32_t i = lo; i < hi; i++) {
		if (kota_index_order_at(ix, KOTA_BY_NAME, i, &q) < 0 || kota_index_symbol(ix, q, &o) < 0)
			return 1;
		if (q != pos && o.file == s->file && (o.start_col == 1) == (s->start_col == 1) &&
		    tag_text_len(o.signature) == n && memcmp(o.signature.ptr, s->signature.ptr, n) == 0)
			return 1;
	}
	return 0;
}

static void put_tag_address(FILE *fp, const kota_index *ix, uint32_t pos, const kota_symbol *s, int excmd)
{
	size_t n = tag_text_len(s->signature);

	if (excmd == KOTA_EXCMD_NUMBER || n == 0) {
		kota_put_u64(fp, s->start_line);
		return;
	}
	if (excmd == KOTA_EXCMD_COMBINE || tag_text_shared(ix, pos, s, n)) {
		kota_put_u64(fp, s->start_line);
		putc_unlocked(';', fp);
	}
	putc_unlocked('/', fp);
	if (s->start_col == 1)
		putc_unlocked('^', fp);
	for (size_t i = 0; i < n; i++) {
		char c = s->signature.ptr[i];
		if (c == '\\' || c == '/' || (c == '$' && i + 1 == n))
			putc_unlocked('\\', fp);
		putc_unlocked(c, fp);
	}
	putc_unlocked('/', fp);
}

/*
 * etags (Emacs' TAGS): "TEXT\x7fNAME\x01LINE,\n" in its file's section.
 * Emacs looks for TEXT at the start of a line near LINE, so TEXT is the
 * signature only when the definition starts its line; otherwise it is
 * empty and Emacs goes to LINE.  No byte offset: we do not keep one.
 */
static int print_etags(kota_printer *p, const kota_symbol *s, const kota_file *f)
{
	size_t n;

	if (memchr(s->name.ptr, 0x7f, s->name.len) || memchr(s->name.ptr, 0x01, s->name.len) ||
	    memchr(s->name.ptr, '\n', s->name.len) || memchr(f->path.ptr, '\n', f->path.len) ||
	    memchr(f->path.ptr, ',', f->path.len))
		return 0;
	if (p->efp != NULL && (s->file != p->efile || p->ix != p->eix) && etags_flush(p) < 0)
		return -1;
	if (p->efp == NULL) {
		if ((p->epath = strndup(f->path.ptr, f->path.len)) == NULL ||
		    (p->efp = open_memstream(&p->ebuf, &p->elen)) == NULL)
			return kota_error_set("out of memory");
		p->efile = s->file;
		p->eix = p->ix;
	}
	n = s->start_col == 1 ? tag_text_len(s->signature) : 0;
	fwrite_unlocked(s->signature.ptr, 1, n, p->efp);
	putc_unlocked(0x7f, p->efp);
	fwrite_unlocked(s->name.ptr, 1, s->name.len, p->efp);
	putc_unlocked(0x01, p->efp);
	kota_put_u64(p->efp, s->start_line);
	fputs_unlocked(",\n", p->efp);
	return 0;
}

/* grep format: TEXT with control characters as spaces, after two spaces. */
static void put_grep_text(FILE *fp, kota_str text)
{
	if (text.len == 0)
		return;
	fputs_unlocked("  ", fp);
	for (size_t i = 0; i < text.len; i++) {
		unsigned char c = (unsigned char)text.ptr[i];
		putc_unlocked(c < 0x20 || c == 0x7f ? ' ' : c, fp);
	}
}

/* grep format: "PATH:LINE:COL: " (relative to the printer's prefix). */
static void put_grep_place(kota_printer *p, kota_str path, uint32_t line, uint32_t col)
{
	kota_put_relpath(p->fp, p->prefix, path, p->zero);
	putc_unlocked(':', p->fp);
	kota_put_u64(p->fp, line);
	putc_unlocked(':', p->fp);
	kota_put_u64(p->fp, col);
	fputs_unlocked(": ", p->fp);
}

/*
 * The letter universal-ctags writes for kind K in language LANG (ctags
 * --list-kinds-full, 5.9), so that vim's :tselect lines up as it does
 * with ctags' tags: Go's and C's methods are functions there, Ruby's are
 * "f", Python's "m", Rust's "P"; Rust's impls are "c", TypeScript's type
 * aliases "a".  A kind the language's table lacks: its name's first letter.
 */
static char ctags_letter(kota_str lang, int k)
{
	/* kinds: function method class struct enum union interface trait type
	 * module namespace macro constant variable field variant impl */
	static const struct {
		const char *lang;
		const char letters[KOTA_KIND_MAX + 1];
	} table[] = {
		{ "c",          "-ffcsguiitnndevmec" },
		{ "cpp",        "-ffcsguiitnndevmec" },
		{ "go",         "-ffssgsiitppfcvmes" },
		{ "rust",       "-fPssgsiitnnMvvmec" },
		{ "python",     "-fmccccccciifvvvvc" },
		{ "ruby",       "-ffccccmmcmmfCCfCc" },
		{ "java",       "-mmccgciicppmfffec" },
		{ "javascript", "-fmcccccccccfCvpCc" },
		{ "typescript", "-fmccgciiannfCvpec" },
		{ "tsx",        "-fmccgciiannfCvpec" },
		{ "bash",       "-fffffffffffffffff" },
	};

	for (size_t i = 0; i < sizeof table / sizeof *table; i++)
		if (lang.len == strlen(table[i].lang) && memcmp(lang.ptr, table[i].lang, lang.len) == 0 &&
		    k > 0 && k <= KOTA_KIND_MAX)
			return table[i].letters[k];
	return kota_kind_name(k)[0];
}

static int print_ctags(kota_printer *p, uint32_t pos, const kota_symbol *s, const kota_file *f,
    const kota_symbol *parent)
{
	FILE *fp = p->fp;

	if (unsafe_for_tags(s->name) || unsafe_for_tags(f->path) || s->name.ptr[0] == '!')
		return 0;
	fwrite_unlocked(s->name.ptr, 1, s->name.len, fp);
	putc_unlocked('\t', fp);
	fwrite_unlocked(f->path.ptr, 1, f->path.len, fp);
	putc_unlocked('\t', fp);
	put_tag_address(fp, p->ix, pos, s, p->excmd);
	fputs_unlocked(";\"\t", fp);
	if (p->kind_names) {
		fputs_unlocked("kind:", fp);
		fputs_unlocked(kota_kind_name(s->kind), fp);
	} else {
		putc_unlocked(ctags_letter(f->lang, s->kind), fp);
	}
	fputs_unlocked("\tline:", fp);
	kota_put_u64(fp, s->start_line);
	/* The scope as universal-ctags writes it, KIND:SCOPE, the kind the
	 * parent's when the parent is what the scope names. */
	kota_str scope = s->scope;
	/* A stream made by hand may give a parent and no scope: the parent
	 * is the scope then, as it was before scopes. */
	if (scope.len == 0 && parent != NULL)
		scope = parent->name;
	if (scope.len > 0 && !unsafe_for_tags(scope)) {
		const char *kind = scope_kind(f->lang);
		if (parent != NULL && scope.len >= parent->name.len &&
		    memcmp(scope.ptr + scope.len - parent->name.len, parent->name.ptr,
		    parent->name.len) == 0)
			kind = kota_kind_name(parent->kind);
		putc_unlocked('\t', fp);
		fputs_unlocked(kind, fp);
		putc_unlocked(':', fp);
		fwrite_unlocked(scope.ptr, 1, scope.len, fp);
	}
	putc_unlocked('\n', fp);
	return 0;
}

int kota_print_symbol(kota_printer *p, uint32_t pos)
{
	kota_symbol s, parent;
	kota_file f;
	FILE *fp = p->fp;

	if (kota_index_symbol(p->ix, pos, &s) < 0)
		return -1;
	/* The line format needs only the path (and the language for a
	 * scope's separator): touch no more of the index. */
	if (p->format == KOTA_FMT_LINE && s.scope.len == 0) {
		if (kota_index_path(p->ix, s.file, &f.path) < 0)
			return -1;
	} else if (kota_index_file(p->ix, s.file, &f) < 0 ||
	    (s.parent != KOTA_NONE && kota_index_symbol(p->ix, s.parent, &parent) < 0)) {
		return -1;
	}
	switch (p->format) {
	case KOTA_FMT_RECORDS: {
		kota_record rec = { .type = KOTA_REC_SYMBOL, .id = s.id, .kind = s.kind,
			.name = s.name, .signature = s.signature, .scope = s.scope,
			.start_line = s.start_line, .start_col = s.start_col,
			.end_line = s.end_line, .end_col = s.end_col,
			.parent = s.parent == KOTA_NONE ? 0 : parent.id };
		if ((s.file != p->last_file || p->ix != p->last_ix) && kota_print_file(p, s.file) < 0)
			return -1;
		kota_put_record(fp, &rec);
		break;
	}
	case KOTA_FMT_JSON:
		fputs_unlocked("{\"id\":\"", fp);
		kota_put_id(fp, s.id);
		putc_unlocked('"', fp);
		put_json_key(fp, ",\"name\":", s.name);
		put_json_key(fp, ",\"kind\":", cstr(kota_kind_name(s.kind)));
		put_json_key(fp, ",\"lang\":", f.lang);
		put_json_key(fp, ",\"path\":", f.path);
		put_json_num(fp, ",\"start_line\":", s.start_line);
		put_json_num(fp, ",\"start_col\":", s.start_col);
		put_json_num(fp, ",\"end_line\":", s.end_line);
		put_json_num(fp, ",\"end_col\":", s.end_col);
		if (s.parent == KOTA_NONE) {
			fputs_unlocked(",\"parent\":null", fp);
		} else {
			fputs_unlocked(",\"parent\":\"", fp);
			kota_put_id(fp, parent.id);
			putc_unlocked('"', fp);
		}
		if (s.scope.len > 0)
			put_json_key(fp, ",\"scope\":", s.scope);
		else
			fputs_unlocked(",\"scope\":null", fp);
		put_json_key(fp, ",\"signature\":", s.signature);
		fputs_unlocked("}\n", fp);
		break;
	case KOTA_FMT_CTAGS:
		return print_ctags(p, pos, &s, &f, s.parent == KOTA_NONE ? NULL : &parent);
	case KOTA_FMT_ETAGS:
		return print_etags(p, &s, &f);
	case KOTA_FMT_GREP:
		put_grep_place(p, f.path, s.start_line, s.start_col);
		fputs_unlocked(kota_kind_name(s.kind), fp);
		putc_unlocked(' ', fp);
		put_qualified(fp, f.lang, s.scope, s.name);
		put_grep_text(fp, s.signature);
		putc_unlocked(p->zero ? '\0' : '\n', fp);
		break;
	case KOTA_FMT_LINE:
		kota_put_relpath(fp, p->prefix, f.path, p->zero);
		putc_unlocked(':', fp);
		kota_put_u64(fp, s.start_line);
		putc_unlocked(':', fp);
		kota_put_u64(fp, s.start_col);
		putc_unlocked('\t', fp);
		fputs_unlocked(kota_kind_name(s.kind), fp);
		putc_unlocked('\t', fp);
		put_qualified(fp, f.lang, s.scope, s.name);
		putc_unlocked(p->zero ? '\0' : '\n', fp);
		break;
	}
	return 0;
}

/*
 * A reference, with the innermost definition around it (by line) in the
 * line and JSON formats: "PATH:LINE:COL<TAB>KIND<TAB>TEXT<TAB>IN" where IN
 * is "KIND QUALIFIED-NAME" of that definition, or "-".
 */
int kota_print_ref(kota_printer *p, uint32_t pos)
{
	FILE *fp = p->fp;
	kota_ref r;
	kota_file f;
	kota_symbol in;
	uint32_t inpos;
	int rc;

	if (kota_index_ref(p->ix, pos, &r) < 0 || kota_index_file(p->ix, r.file, &f) < 0)
		return -1;
	if (p->format == KOTA_FMT_CTAGS || p->format == KOTA_FMT_ETAGS)
		return 0;
	if (p->format == KOTA_FMT_RECORDS) {
		kota_record rec = { .type = KOTA_REC_REF, .kind = r.kind, .name = r.name,
			.qualifier = r.qualifier, .start_line = r.line, .start_col = r.col };
		if ((r.file != p->last_file || p->ix != p->last_ix) && kota_print_file(p, r.file) < 0)
			return -1;
		kota_put_record(fp, &rec);
		return 0;
	}
	if ((rc = kota_index_enclosing(p->ix, r.file, r.line, &inpos)) < 0 ||
	    (rc == 0 && kota_index_symbol(p->ix, inpos, &in) < 0))
		return -1;
	if (p->format == KOTA_FMT_JSON) {
		put_json_key(fp, "{\"ref\":", cstr(kota_ref_kind_name(r.kind)));
		put_json_key(fp, ",\"name\":", r.name);
		put_json_key(fp, ",\"qualifier\":", r.qualifier);
		put_json_key(fp, ",\"lang\":", f.lang);
		put_json_key(fp, ",\"path\":", f.path);
		put_json_num(fp, ",\"line\":", r.line);
		put_json_num(fp, ",\"col\":", r.col);
		if (rc == 0) {
			fputs_unlocked(",\"in\":{\"id\":\"", fp);
			kota_put_id(fp, in.id);
			putc_unlocked('"', fp);
			put_json_key(fp, ",\"kind\":", cstr(kota_kind_name(in.kind)));
			put_json_key(fp, ",\"name\":", in.name);
			if (in.scope.len > 0)
				put_json_key(fp, ",\"scope\":", in.scope);
			else
				fputs_unlocked(",\"scope\":null", fp);
			fputs_unlocked("}}\n", fp);
		} else {
			fputs_unlocked(",\"in\":null}\n", fp);
		}
		return 0;
	}
	if (p->format == KOTA_FMT_GREP) {
		put_grep_place(p, f.path, r.line, r.col);
		fputs_unlocked(kota_ref_kind_name(r.kind), fp);
		putc_unlocked(' ', fp);
		fwrite_unlocked(r.qualifier.ptr, 1, r.qualifier.len, fp);
		fwrite_unlocked(r.name.ptr, 1, r.name.len, fp);
		if (rc == 0) {
			fputs_unlocked("  in ", fp);
			fputs_unlocked(kota_kind_name(in.kind), fp);
			putc_unlocked(' ', fp);
			put_qualified(fp, f.lang, in.scope, in.name);
		}
		putc_unlocked(p->zero ? '\0' : '\n', fp);
		return 0;
	}
	kota_put_relpath(fp, p->prefix, f.path, p->zero);
	putc_unlocked(':', fp);
	kota_put_u64(fp, r.line);
	putc_unlocked(':', fp);
	kota_put_u64(fp, r.col);
	putc_unlocked('\t', fp);
	fputs_unlocked(kota_ref_kind_name(r.kind), fp);
	putc_unlocked('\t', fp);
	fwrite_unlocked(r.qualifier.ptr, 1, r.qualifier.len, fp);
	fwrite_unlocked(r.name.ptr, 1, r.name.len, fp);
	putc_unlocked('\t', fp);
	if (rc == 0) {
		fputs_unlocked(kota_kind_name(in.kind), fp);
		putc_unlocked(' ', fp);
		put_qualified(fp, f.lang, in.scope, in.name);
	} else {
		putc_unlocked('-', fp);
	}
	putc_unlocked(p->zero ? '\0' : '\n', fp);
	return 0;
}
