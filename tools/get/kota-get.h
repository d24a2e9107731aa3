/* kota-get, private: the query every lookup shares (main.c parses options into it). */
#ifndef KOTA_GET_H
#define KOTA_GET_H

#include <stdint.h>

#include "kota.h"

struct query {
	const kota_view *v;
	kota_printer *out;
	int format;
	int zero;			/* -z: lines end with NUL */
	uint32_t kinds;			/* a bit per kind (reference kinds with the reference lookups); 0: any */
	const char **langs;		/* --lang: canonical names; NULL: any */
	size_t nlangs;
	char **paths;			/* --path: files, and directories ending in "/" */
	size_t npaths;
	const kota_index *file_ix;	/* one --path naming a file: the index holding it ... */
	uint32_t file;			/* ... and its position; KOTA_NONE: any */
	const char *prefix;		/* where we stand in the work tree: output paths relative to it */
	unsigned char *printed[2];	/* with several NAMEs: a bit per position of base, delta */
	kota_str qual;			/* a qualified NAME's qualifier, or empty */
	unsigned depth, max;		/* --impact */
	int found;
};

__attribute__((noreturn)) void fail(void);

/* defs.c */
int consider(void *ctx, const kota_index *ix, uint32_t pos);
/* Whether file FILE of IX passes --lang and --path; kind K --kind. */
int file_ok(const struct query *q, const kota_index *ix, uint32_t file);
static inline int kind_ok(const struct query *q, int k)
{
	return q->kinds == 0 || (q->kinds >> k & 1);
}
void by_name(struct query *q, const char *name, int flags);
void by_id(struct query *q, uint64_t id, int children);
void at_line(struct query *q, const char *arg);
void at_user_path(struct query *q, const char *top, const char *prefix, const char *arg);
void scan(struct query *q);
int find_file(const kota_view *v, const char *path, const kota_index **ix, uint32_t *pos);

/* match.c: --match GLOB, --regex RE (FLAGS: KOTA_MATCH_REGEX, _FOLD); with
 * --refs or --callers (MODE), of every name references use that matches */
void by_match(struct query *q, const char *pattern, int flags);
void refs_match(struct query *q, int mode, const char *pattern, int flags);

/* refs.c */
enum ref_mode { REFS = 1, CALLERS, CALLEES, IMPACT };
void by_refs(struct query *q, int mode, const char *name);
/* --refs or --callers of each of the N names at NAMES. */
void by_ref_names(struct query *q, int mode, const kota_str *names, size_t n);
void callees_of_id(struct query *q, uint64_t id);

#endif
