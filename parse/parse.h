/*
 * The parsing side of kota: the table of languages compiled in, and the
 * extraction of symbols from one file with tree-sitter and our queries.
 */
#ifndef KOTA_PARSE_H
#define KOTA_PARSE_H

#include <stddef.h>
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

/* A language's query, compiled once and shared read-only by all threads. */
typedef struct kota_query kota_query;
int kota_query_new(kota_query **out, const struct kota_lang *lang);
void kota_query_free(kota_query *q);

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
