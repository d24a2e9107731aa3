/*
 * The parsing side of kota: the table of languages compiled in, what a
 * file is (binary, too large, which language), and the extraction of
 * symbols from one file with tree-sitter and our queries.
 */
#ifndef KOTA_PARSE_H
#define KOTA_PARSE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <tree_sitter/api.h>

struct kota_lang {
	const char *name;		/* as in queries/NAME.scm and the F record */
	const TSLanguage *(*grammar)(void);
	const char *extensions;		/* space-separated, with the dot */
	const char *interpreters;	/* #! names, space-separated */
	const char *query_source;	/* queries/NAME.scm, compiled in */
};

extern const struct kota_lang kota_langs[];
/* CRC and size of the queries and the code that decides what is made of a
 * file (parse/embed-queries.sh): two builds with the same fingerprint make
 * the same records of the same file. */
extern const char kota_extractor_fingerprint[];
extern const size_t kota_nlangs;

/* The language named NAME, or NULL. */
const struct kota_lang *kota_lang_by_name(const char *name);
/* The language of PATH by its extension, else by the #! line at the start
 * of HEAD (LEN bytes); *.h is C, or C++ with CPP_HEADERS.  NULL if none. */
const struct kota_lang *kota_lang_detect(const char *path, const char *head, size_t len,
    int cpp_headers);

/*
 * What decides what is made of a file beside its path and bytes: an index
 * records it as its meta parse-settings (kota_settings_string), so that
 * kota-parse --reuse keeps a file's symbols only from an index made alike.
 */
struct kota_settings {
	int64_t max_size;		/* bytes: a larger file is skipped */
	int cpp_headers;		/* *.h is C++, not C */
	const struct kota_lang *lang;	/* every file is in this one (--lang), or NULL */
	uint64_t work_budget, memory_budget;	/* per byte (kota_extractor_set_budget) */
	int no_refs;			/* definitions only: no reference patterns run */
	struct kota_macros *macros;	/* blanked in C and C++; NULL: none */
};

/* The defaults: 1 MiB, *.h is C, languages detected, the default budgets. */
void kota_settings_init(struct kota_settings *s);
/* S as the meta parse-settings says it, malloc'd ("max-size=N cpp-headers=B
 * lang=NAME extractor=FINGERPRINT", " budget=WORK,MEMORY" added if either
 * is not the default), or NULL if memory ran out. */
char *kota_settings_string(const struct kota_settings *s);

/* Whether PATH may be a file to parse, by its name alone: not if it has an
 * extension of no language of ours (unless S names the language); a file
 * without one waits for its #! line. */
int kota_file_may_parse(const struct kota_settings *s, const char *path);
/* Why a file of SIZE bytes is skipped ("larger than the maximum size"), or NULL. */
const char *kota_file_too_large(const struct kota_settings *s, int64_t size);
/* Why PATH, with the LEN bytes at SRC, is skipped (too large, binary), or
 * NULL and in *LANG the language to parse it as, NULL if it is none of
 * ours (a file that is, silently, not for kota). */
const char *kota_file_classify(const struct kota_settings *s, const char *path, const char *src,
    size_t len, const struct kota_lang **lang);

/* The attribute-like macros blanked before C and C++ are parsed
 * (macros.c): the built-in list, then items in ctags' -I syntax (NAME,
 * NAME+ for function-like, !NAME to take one out), then finish before use. */
typedef struct kota_macros kota_macros;
int kota_macros_new(kota_macros **out);
void kota_macros_free(kota_macros *m);
int kota_macros_add(kota_macros *m, const char *list, size_t len);
void kota_macros_finish(kota_macros *m);
int kota_macros_is_builtin(const kota_macros *m);
uint32_t kota_macros_crc(const kota_macros *m);
/* Blank S's names of M (and a function-like one's arguments) with spaces,
 * newlines kept, comments, strings and preprocessor lines left alone. */
void kota_macros_blank(const kota_macros *m, char *s, size_t len);

/* A language's query, compiled once and shared read-only by all threads. */
typedef struct kota_query kota_query;
int kota_query_new(kota_query **out, const struct kota_lang *lang);
void kota_query_free(kota_query *q);
/* Turn off the patterns that capture references (before Q is shared). */
void kota_query_disable_refs(kota_query *q);

/* Per-thread state: a parser and a query cursor, reused file after file. */
typedef struct kota_extractor kota_extractor;
int kota_extractor_new(kota_extractor **out);
void kota_extractor_free(kota_extractor *x);

/*
 * The budget of one file, per byte of it (and as if it had at least 64 KiB,
 * so that small files are never short): WORK in steps of the query engine
 * and bytes scanned, MEMORY in bytes that tree-sitter holds.  A file past
 * either makes kota_extract fail with a message that says which, so that a
 * hostile or degenerate file costs a bounded time and memory instead of
 * stalling the run.  0 is no limit.
 */
void kota_extractor_set_budget(kota_extractor *x, uint64_t work, uint64_t memory);

/* Parse SRC (LEN bytes) as Q's language and write the F record of PATH
 * (with BLOB, hex or "-") and one S record per symbol to FP. */
int kota_extract(kota_extractor *x, const kota_query *q, const char *path, const char *blob,
    const char *src, size_t len, FILE *fp);

#endif
