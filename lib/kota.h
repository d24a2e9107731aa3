/*
 * libkota: the record stream and the binary index file of kota(5).
 *
 * Conventions: functions return 0 on success and -1 on error (lookups may
 * also return KOTA_NOTFOUND); after an error kota_error_last() says what
 * went wrong.  Handles are opaque and have a matching _free.
 */
#ifndef KOTA_H
#define KOTA_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define KOTA_STREAM_VERSION 2
#define KOTA_INDEX_VERSION 2
#define KOTA_NONE 0xffffffffu	/* "no symbol" as a position */
/* What a lookup returns when there is nothing to find (0: found, -1: an error). */
#define KOTA_NOTFOUND 1

/* ---- errors ---- */

/* The message of the last error of this thread ("" if none). */
const char *kota_error_last(void);
/* Set the message of the last error (printf-style); returns -1. */
int kota_error_set(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* ---- symbol kinds ---- */

enum kota_kind {
	KOTA_KIND_FUNCTION = 1, KOTA_KIND_METHOD, KOTA_KIND_CLASS,
	KOTA_KIND_STRUCT, KOTA_KIND_ENUM, KOTA_KIND_UNION,
	KOTA_KIND_INTERFACE, KOTA_KIND_TRAIT, KOTA_KIND_TYPE,
	KOTA_KIND_MODULE, KOTA_KIND_NAMESPACE, KOTA_KIND_MACRO,
	KOTA_KIND_CONSTANT, KOTA_KIND_VARIABLE, KOTA_KIND_FIELD,
	KOTA_KIND_VARIANT, KOTA_KIND_IMPL,
	KOTA_KIND_MAX = KOTA_KIND_IMPL
};

/* The name of kind K, or NULL if K is not a kind. */
const char *kota_kind_name(int k);
/* The kind named by the LEN bytes at S, or 0 if none. */
int kota_kind_from_name(const char *s, size_t len);

/* ---- reference kinds: how a name is used ---- */

enum kota_ref_kind {
	KOTA_REF_CALL = 1,		/* f(), obj.m(), Type::f() */
	KOTA_REF_CLASS,			/* new X, X(...) as a constructor, a superclass */
	KOTA_REF_TYPE,			/* a type named in a declaration, cast, annotation */
	KOTA_REF_IMPLEMENTATION,	/* impl Trait for T, implements I */
	KOTA_REF_IMPORT,		/* import, use, #include, require */
	KOTA_REF_MACRO,			/* a C/C++ macro invoked */
	KOTA_REF_MAX = KOTA_REF_MACRO
};
/* A reference's qualifier (the text before its name: "strings.") is at most this long. */
#define KOTA_MAX_QUALIFIER 255

const char *kota_ref_kind_name(int k);
int kota_ref_kind_from_name(const char *s, size_t len);

/* The valid names, space-separated, for messages. */
const char *kota_kind_list(void);
const char *kota_ref_kind_list(void);
const char *kota_lang_list(void);
/* The language the LEN bytes at S name, in any case or by a common alias
 * (py, js, ts, rb, sh, c++), as indexes name it; NULL if none. */
const char *kota_lang_canonical(const char *s, size_t len);

/* ---- byte strings (not NUL-terminated in general) ---- */

typedef struct kota_str {
	const char *ptr;
	size_t len;
} kota_str;

/* The order of paths and names in an index: bytewise, shorter first on a tie. */
int kota_bytes_cmp(const char *a, size_t alen, const char *b, size_t blen);
/* The folded order: ASCII capitals as lower case, ties broken bytewise. */
int kota_fold_cmp(const char *a, size_t alen, const char *b, size_t blen);

/* ---- glob and regex patterns over names (match.c) ---- */

typedef struct kota_matcher kota_matcher;
/* A glob (fnmatch(3)), or with KOTA_MATCH_REGEX a POSIX extended regex;
 * KOTA_MATCH_FOLD ignores case.  A bad regex: "bad regex 'RE': WHY". */
int kota_matcher_new(kota_matcher **out, const char *pattern, int flags);
void kota_matcher_free(kota_matcher *m);
/* The literal text every match starts with ("" if none), to narrow a walk
 * of the name order; whether a glob names a scope too ("json.*Decoder"). */
const char *kota_matcher_prefix(const kota_matcher *m);
/* The longest run of literal text every match holds ("alloc" of
 * "*alloc*", "_lock" of "_lock$"; "" if it cannot be told): a needle to
 * find candidates with before testing them (kota_index_each_string). */
const char *kota_matcher_literal(const kota_matcher *m);
int kota_matcher_qualified(const kota_matcher *m);
/* Whether NAME matches; for a qualified glob, whether SCOPE and NAME do,
 * from any component of the scope on, "::" and "." alike. */
int kota_match(const kota_matcher *m, kota_str name);
int kota_match_qualified(const kota_matcher *m, kota_str scope, kota_str name);
/* How well QUERY (QLEN bytes) names NAME, ignoring ASCII case, best first:
 * the whole name, its start, the start of a word in it (after _ or a
 * lower-case letter before a capital), anywhere, or its letters in order
 * with others between; -1 if none (workspace/symbol of kota-lsp). */
enum { KOTA_FUZZY_EXACT, KOTA_FUZZY_PREFIX, KOTA_FUZZY_WORD, KOTA_FUZZY_SUBSTRING,
	KOTA_FUZZY_SUBSEQUENCE };
int kota_fuzzy_rank(const char *query, size_t qlen, kota_str name);

/* ---- scopes and qualified names ---- */

/* Whether SCOPE (as kota(5) stores it) ends with the qualifier QUAL as a
 * user types it: separators "::" and "." alike, template arguments left
 * out, either side of a Rust <Type as Trait>; an empty QUAL matches all. */
int kota_scope_matches(kota_str scope, kota_str qual);
/* Split a qualified name at its last "::" or ".": 1 and QUAL, NAME set;
 * 0 if S is not qualified. */
int kota_split_qualified(const char *s, size_t len, kota_str *qual, kota_str *name);

/* ---- the record stream ---- */

enum kota_rec_type {
	KOTA_REC_META = 'M', KOTA_REC_FILE = 'F', KOTA_REC_SYMBOL = 'S',
	KOTA_REC_KEEP = 'K',		/* a file of the base index, unchanged */
	KOTA_REC_REF = 'R'		/* a reference of the current file */
};

typedef struct kota_record {
	int type;			/* enum kota_rec_type */
	kota_str key, value;		/* META */
	kota_str path, lang, blob;	/* FILE (blob "-" if unknown), KEEP (path, blob) */
	uint64_t size;			/* FILE */
	uint64_t id, parent;		/* SYMBOL; parent 0 = none */
	int kind;			/* SYMBOL: enum kota_kind; REF: enum kota_ref_kind */
	kota_str name, signature;	/* SYMBOL; REF: name */
	kota_str scope;			/* SYMBOL: qualified name of what it belongs to, or "" */
	kota_str qualifier;		/* REF: the text before the name ("strings."), or "" */
	uint32_t start_line, start_col, end_line, end_col;	/* REF: start only */
} kota_record;

typedef struct kota_reader kota_reader;

/* Read a stream from FD; NAME is used in messages ("stdin", a path). */
int kota_reader_new(kota_reader **out, int fd, const char *name);
/* Next record: 1 and *REC filled (valid until the next call), 0 at the end,
 * -1 on error with the message prefixed "NAME:LINE: ". */
int kota_reader_next(kota_reader *r, kota_record *rec);
/* The line number of the record last returned. */
uint64_t kota_reader_line(const kota_reader *r);
void kota_reader_free(kota_reader *r);

/* Call FN for each record of the stream on FD, reading and parsing on a
 * second thread; errors (FN's included) are "NAME:LINE: ...".  *NLINES
 * receives the number of lines read. */
int kota_stream_each(int fd, const char *name, int (*fn)(void *ctx, const kota_record *rec),
    void *ctx, uint64_t *nlines);

/* Write one escaped field. */
void kota_put_field(FILE *fp, const char *s, size_t len);
/* LEN bytes at S escaped as a field, cut to fit SIZE bytes of BUF with
 * "..." if need be: for quoting in one-line messages.  Returns BUF. */
const char *kota_quote(char *buf, size_t size, const char *s, size_t len);
/* Write the header line, and one record line. */
void kota_put_header(FILE *fp);
void kota_put_record(FILE *fp, const kota_record *rec);

/* Parse a symbol id: exactly 16 hex digits, not all zero; 0 or -1. */
int kota_parse_id(const char *s, size_t len, uint64_t *out);

/* Undo kota_put_field on LEN bytes at S in place; returns the new length,
 * or -1 with a message on a bad escape. */
long kota_unescape(char *s, size_t len);

/* ---- writing an index ---- */

typedef struct kota_writer kota_writer;
typedef struct kota_index kota_index;
typedef struct kota_view kota_view;

int kota_writer_new(kota_writer **out);
/* Add records in stream order (META first, then FILE then its SYMBOLs). */
int kota_writer_add(kota_writer *w, const kota_record *rec);
/* Read a whole stream from FD into W; errors are "NAME:LINE: ...". */
int kota_writer_add_stream(kota_writer *w, int fd, const char *name);
/* Lay out and write the index to FD (need not be seekable). */
int kota_writer_write(kota_writer *w, int fd);
void kota_writer_free(kota_writer *w);

/* Resolve KEEP records against BASE, which must stay open while W is used:
 * each copies its file, with its symbols, from BASE.  With DELTA, write a
 * delta over BASE's base index instead (kota(5) "DELTA"): only the files
 * that differ from it, and the paths it no longer has. */
int kota_writer_set_base(kota_writer *w, const kota_view *base, int delta);
/* The value of meta entry KEY added so far: 0 and *VALUE, or KOTA_NOTFOUND. */
int kota_writer_meta(const kota_writer *w, const char *key, kota_str *value);
/* The number of files and symbols added so far (a delta's, with DELTA). */
uint32_t kota_writer_nfiles(const kota_writer *w);
uint32_t kota_writer_nsymbols(const kota_writer *w);
/* Make a delta writer write a whole index: copy in the files kept from the base. */
int kota_writer_fold(kota_writer *w);
/* Add file POS of IX with all its symbols, read from the index. */
int kota_writer_copy_file(kota_writer *w, const kota_index *ix, uint32_t pos);
/* After a call on W that failed: 1 if the cause was the index W copies
 * from (its base, or kota_writer_copy_file's IX), which cannot be used:
 * damage found reading it, or a keep record that it cannot resolve (a
 * stream made from another index); 0 for any other cause. */
int kota_writer_base_failed(const kota_writer *w);

/* ---- atomic replacement of a file ---- */

typedef struct kota_replace kota_replace;

/* Lock PATH (flock on PATH.lock, waiting for other holders, and taking
 * the lock file anew if it is removed or replaced meanwhile), create a
 * temporary file of our own, PATH.tmp.XXXXXX, and remove those that
 * crashed writers left; *FD receives its descriptor.  If the directory
 * cannot be written: "PATH: cannot write the index: ERROR". */
int kota_replace_begin(kota_replace **out, const char *path, int *fd);
/* fsync the new file and rename it over PATH, then fsync the directory;
 * unless the lock file is no longer ours ("PATH: lost the lock ..."), when
 * the temporary file is removed and PATH left as it was.  The lock stays
 * held until kota_replace_free. */
int kota_replace_commit(kota_replace *r);
/* The file replaced: PATH, or the file it links to. */
const char *kota_replace_target(const kota_replace *r);
/* Under R's lock, replace the file named by the target and SUFFIX with the
 * LEN bytes at DATA, through a temporary file and a rename but without
 * fsync: for small files that a crash may lose (PATH.verified). */
int kota_replace_write_beside(kota_replace *r, const char *suffix, const void *data, size_t len);
/* Unlock, and unless committed remove the temporary file: PATH is left as
 * it was. */
void kota_replace_free(kota_replace *r);

/* ---- remembering that an index file was checked (kota(5) PATH.verified) ---- */

/* Check the checksum of every section of IX, the index at the target of R
 * (whose lock the caller holds), unless TARGET.verified records that this
 * very file was checked before: the same device, inode, size, mtime, ctime
 * and header checksum, recorded after its last change.  After a check that
 * passes, record it. */
int kota_index_check_once(const kota_index *ix, kota_replace *r);
/* Record in TARGET.verified that IX, the index at the target of R, needs
 * no check: whoever calls this wrote it whole. */
int kota_index_mark_checked(const kota_index *ix, kota_replace *r);

/* ---- reading an index ---- */

typedef struct kota_symbol {
	uint32_t pos;			/* position in the symbol table */
	uint64_t id;
	int kind;
	kota_str name, signature, scope;
	uint32_t file;			/* position in the file table */
	uint32_t parent;		/* position, or KOTA_NONE */
	uint32_t start_line, start_col, end_line, end_col;
} kota_symbol;

typedef struct kota_file {
	uint32_t pos;
	kota_str path, lang, blob;
	uint64_t size;
	uint32_t first, count;		/* its symbols */
	uint32_t first_ref, nrefs;	/* its references */
} kota_file;

typedef struct kota_ref {
	uint32_t pos;			/* position in the reference table */
	int kind;			/* enum kota_ref_kind */
	kota_str name, qualifier;	/* qualifier: the bytes just before name in the text */
	uint32_t file;			/* position in the file table */
	uint32_t line, col;		/* where the name starts; col saturates at 65535 */
} kota_ref;

/* Orders the index keeps symbol positions in. */
enum kota_order { KOTA_BY_NAME, KOTA_BY_FOLDED_NAME, KOTA_BY_ID };

/* Map PATH and check its header and section table: O(1), no per-symbol work.
 * PATH must be a regular file ("PATH: not a regular file"), or "-" or a
 * path to the standard input, which is read whole: exactly the size its
 * header gives. */
int kota_index_open(kota_index **out, const char *path);
void kota_index_free(kota_index *ix);
uint32_t kota_index_nsymbols(const kota_index *ix);
uint32_t kota_index_nfiles(const kota_index *ix);
uint32_t kota_index_nmeta(const kota_index *ix);

/* Decode one entry, checking every field against the file's bounds. */
int kota_index_symbol(const kota_index *ix, uint32_t pos, kota_symbol *out);
/* Only the name of the symbol at POS: what a walk of the name order that
 * tests names needs, without touching the rest of the symbol. */
int kota_index_symbol_name(const kota_index *ix, uint32_t pos, kota_str *name);
/* FN for each string of the string table (names, scopes, paths) that holds
 * the NLEN bytes of NEEDLE (every string if NLEN is 0), in the table's
 * order, bytewise; a non-zero return stops the walk and is returned.  A
 * needle makes it a memmem(3) over the table, which on Linux's index
 * (83 MB of strings) takes tens of milliseconds. */
int kota_index_each_string(const kota_index *ix, const char *needle, size_t nlen,
    int (*fn)(void *ctx, kota_str s), void *ctx);
int kota_index_file(const kota_index *ix, uint32_t pos, kota_file *out);
int kota_index_meta(const kota_index *ix, uint32_t i, kota_str *key, kota_str *value);
/* Just the path of file POS: touches less of the file than kota_index_file. */
int kota_index_path(const kota_index *ix, uint32_t pos, kota_str *path);
/* A delta (kota(5) "DELTA"): 1 if IX is one; its I-th deleted path. */
int kota_index_is_delta(const kota_index *ix);
uint32_t kota_index_ndeleted(const kota_index *ix);
int kota_index_deleted(const kota_index *ix, uint32_t i, kota_str *path);
/* Whether the delta IX deletes PATH: 1 it does, 0 not, -1 error. */
int kota_index_find_deleted(const kota_index *ix, const char *path, size_t len);

uint32_t kota_index_nrefs(const kota_index *ix);
/* Decode reference POS; its file is found by a binary search of the file table. */
int kota_index_ref(const kota_index *ix, uint32_t pos, kota_ref *out);
/* The range [*LO, *HI) of the reference name order whose names are NAME,
 * and the reference position at place I of that order. */
int kota_index_find_refs(const kota_index *ix, const char *name, size_t len,
    uint32_t *lo, uint32_t *hi);
int kota_index_ref_order_at(const kota_index *ix, uint32_t i, uint32_t *pos);

/* The I-th symbol position in ORDER. */
int kota_index_order_at(const kota_index *ix, int order, uint32_t i, uint32_t *pos);

#define KOTA_MATCH_PREFIX 1
#define KOTA_MATCH_FOLD 2
#define KOTA_MATCH_REGEX 4		/* kota_matcher_new: an ERE, not a glob */
/* The range [*LO, *HI) of the name order (KOTA_BY_FOLDED_NAME with
 * KOTA_MATCH_FOLD) whose names match NAME. */
int kota_index_find_name(const kota_index *ix, const char *name, size_t len,
    int flags, uint32_t *lo, uint32_t *hi);
/* The range of the id order holding ID. */
int kota_index_find_id(const kota_index *ix, uint64_t id, uint32_t *lo, uint32_t *hi);
/* The file table position of PATH: 0 found, KOTA_NOTFOUND, or -1 error. */
int kota_index_find_file(const kota_index *ix, const char *path, size_t len, uint32_t *pos);
/* The innermost symbol of file FILE enclosing LINE: 0, KOTA_NOTFOUND if none, -1 error. */
int kota_index_enclosing(const kota_index *ix, uint32_t file, uint32_t line, uint32_t *pos);
/* Check the checksum of the sections tagged TAG, or of every section if TAG
 * is NULL (which reads the whole file); nothing else. */
int kota_index_checksums(const kota_index *ix, const char *tag);
/* Check every checksum, bound and ordering of the whole file. */
int kota_index_verify(const kota_index *ix);
/* Section I of the table (for statistics): 0, or KOTA_NOTFOUND past the end. */
int kota_index_section(const kota_index *ix, uint32_t i, char tag[5], uint64_t *offset, uint64_t *length);

/* ---- an index and its delta, read as one ---- */

/* Open the index at PATH and, beside it, PATH.delta if that exists and was
 * written over this very index; a delta over another base is ignored.  The
 * delta is opened first, so that a writer folding it into PATH meanwhile
 * leaves the reader the old view or the new one. */
int kota_view_open(kota_view **out, const char *path);
void kota_view_free(kota_view *v);
/* PATH.delta, the delta of the index PATH, newly allocated (NULL: out of memory). */
char *kota_delta_path(const char *path);
const kota_index *kota_view_base(const kota_view *v);
const kota_index *kota_view_delta(const kota_view *v);		/* NULL if none */
/* The index whose meta entries the view has: the delta's if there is one. */
const kota_index *kota_view_meta(const kota_view *v);
uint32_t kota_view_nsymbols(const kota_view *v);
uint32_t kota_view_nfiles(const kota_view *v);
/* 1 if file POS of the base is replaced or deleted by the delta. */
int kota_view_hidden(const kota_view *v, uint32_t pos);
/* The index holding PATH and its position there: 0 found, KOTA_NOTFOUND, -1 error.
 * Safe to call from several threads at once; the walks below are not. */
int kota_view_find_file(const kota_view *v, const char *path, size_t len,
    const kota_index **ix, uint32_t *pos);

/* Callbacks get the index and the position of a file or symbol; a non-zero
 * return stops the walk and is returned. */
typedef int (*kota_view_fn)(void *ctx, const kota_index *ix, uint32_t pos);
/* Each file of the view in path order. */
int kota_view_each_file(const kota_view *v, kota_view_fn fn, void *ctx);
/* Each symbol whose name matches NAME (see kota_index_find_name), or every
 * symbol if NAME is NULL, in ORDER (KOTA_BY_NAME or KOTA_BY_FOLDED_NAME),
 * ties in path order: the order one index of the same symbols gives. */
int kota_view_each_name(const kota_view *v, int order, const char *name, size_t len,
    int flags, kota_view_fn fn, void *ctx);
/* Each symbol with id ID, in path order. */
int kota_view_each_id(const kota_view *v, uint64_t id, kota_view_fn fn, void *ctx);
/* Each reference named NAME, in the base (files the delta hides skipped)
 * then the delta; FN gets the index and the reference position. */
int kota_view_each_ref(const kota_view *v, const char *name, size_t len, kota_view_fn fn, void *ctx);
/* kota_index_verify on both files. */
int kota_view_verify(const kota_view *v);

/* ---- printing symbols ---- */

enum kota_format { KOTA_FMT_RECORDS, KOTA_FMT_JSON, KOTA_FMT_CTAGS, KOTA_FMT_LINE,
	KOTA_FMT_GREP, KOTA_FMT_ETAGS };

/* The format named S ("quickfix" and "vimgrep" name grep), or -1. */
int kota_format_from_name(const char *s);

/* How a ctags line addresses its symbol: a search pattern made of the
 * signature (default), the line number, or both, as universal-ctags'
 * --excmd=pattern, number, combine. */
enum kota_excmd { KOTA_EXCMD_PATTERN, KOTA_EXCMD_NUMBER, KOTA_EXCMD_COMBINE };
int kota_excmd_from_name(const char *s);

typedef struct kota_printer kota_printer;

/* A printer to FP in FORMAT (enum kota_format) of the symbols and files of
 * IX, which must stay open while the printer prints from it. */
int kota_printer_new(kota_printer **out, FILE *fp, const kota_index *ix, int format);
void kota_printer_free(kota_printer *p);
/* The index that the positions given from now on are of: the base or the
 * delta of a view, say. */
void kota_printer_set_index(kota_printer *p, const kota_index *ix);
/* Line format: end each line with a NUL instead of a newline if ZERO. */
void kota_printer_set_zero(kota_printer *p, int zero);
/* Line format: write paths relative to PREFIX (kota_put_relpath), which
 * must outlive the printer; NULL or "": as the index has them. */
void kota_printer_set_prefix(kota_printer *p, const char *prefix);

/* ctags format: how lines address their symbols (enum kota_excmd). */
void kota_printer_set_excmd(kota_printer *p, int excmd);
/* ctags format: write "kind:NAME" rather than universal-ctags' letter for
 * the kind in the symbol's language (the default). */
void kota_printer_set_kind_names(kota_printer *p, int names);

/* Start output (records: the stream header). */
int kota_print_begin(kota_printer *p);
/* End output (etags: the last file's section, which waits for its size). */
int kota_print_end(kota_printer *p);
/* Print the symbol at POS (records: after its file's F line if needed). */
int kota_print_symbol(kota_printer *p, uint32_t pos);
/* Print reference POS of the current index (records: an R line after its
 * file's F line; line: PATH:LINE:COL KIND QUALIFIER+NAME; JSON; grep:
 * PATH:LINE:COL: KIND QUALIFIER+NAME  in KIND NAME; ctags, etags: nothing). */
int kota_print_ref(kota_printer *p, uint32_t pos);
/* Records format: print the meta records. */
int kota_print_meta(kota_printer *p);
/* Print the meta entries of IX to FP as lines "PREFIX KEY TAB VALUE", KEY
 * and VALUE escaped as fields of a stream; with KEY, only that entry's
 * value, "PREFIX VALUE".  Returns the number of lines printed, or -1. */
long kota_print_meta_lines(FILE *fp, const kota_index *ix, const char *prefix, const char *key);
/* S as a JSON string: invalid UTF-8 as U+FFFD, control characters \u-escaped. */
void kota_put_json(FILE *fp, kota_str s);
/* How the language LANG joins a scope and a name: "::" or ".". */
const char *kota_scope_separator(kota_str lang);
/* The pseudo-tags that open a sorted tags file. */
void kota_print_tags_header(FILE *fp);
/* Records format: print the F line of file POS. */
int kota_print_file(kota_printer *p, uint32_t pos);

/* ---- where the index lives ---- */

/* EXPLICIT if not NULL, else $KOTA_INDEX, else $GIT_DIR/kota/index.kota with
 * GIT_DIR found as git finds it; with CREATE the kota directory is made.
 * OPTION names the option that gives EXPLICIT, for the message. */
int kota_locate_index(char **out, const char *explicit_path, const char *option, int create);
/* Where the current directory is in its git work tree: *TOP the work tree
 * (GIT_WORK_TREE, else the directory holding the ".git" found as git finds
 * it) and *PREFIX the current directory relative to it, "" or ending in
 * "/"; both NULL outside a work tree.  0, or -1 out of memory. */
int kota_locate_prefix(char **top, char **prefix);
/* The commit HEAD names, read from the git directory found as
 * kota_locate_index finds it (loose or packed refs, linked worktrees), into
 * OUT as 40 hex digits: 1, or 0 if it cannot be told (no repository, an
 * unborn branch, a ref format of another kind). */
int kota_git_head(char out[41]);
/* PATH, relative to the top of the work tree, written relative to PREFIX
 * (a directory under the top, "" or ending in "/"), as git grep writes
 * paths in a subdirectory: "../x.c" from "sub/".  Unless RAW (for -z
 * output), a path with a control byte, '"' or '\\' is quoted as git
 * quotes it: "a\tb.c", so that one answer stays one line. */
void kota_put_relpath(FILE *fp, const char *prefix, kota_str path, int raw);
/* ARG, a path as the user typed it (relative to the current directory,
 * PREFIX of the work tree TOP, or absolute inside TOP), as a path relative
 * to TOP with "." and ".." resolved, newly allocated; NULL with a message
 * if it is outside the work tree. TOP and PREFIX may be NULL (outside a
 * work tree: ARG as it is, less a leading "./"). */
char *kota_path_from_user(const char *top, const char *prefix, const char *arg);

/* ---- checksums ---- */

uint32_t kota_crc32c(uint32_t crc, const void *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif
