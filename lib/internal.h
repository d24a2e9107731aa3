/* Declarations shared inside libkota: the index layout of kota(5) and helpers. */
#ifndef KOTA_INTERNAL_H
#define KOTA_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "kota.h"

/* Index layout, kota(5) "INDEX FILE". */
#define IX_MAGIC "KOTAIDX"		/* 8 bytes with its NUL */
#define IX_HEADER_SIZE 32
#define IX_SECTION_SIZE 32
#define IX_MAX_SECTIONS 64
#define IX_META_SIZE 8
#define IX_FILE_SIZE 32
#define IX_SYM_SIZE 48
#define IX_POS_SIZE 4
#define IX_REF_SIZE 12
#define IX_MAX_SYMBOLS 0xfffffffeu	/* positions fit in u32 beside KOTA_NONE */

enum ix_section {
	SEC_META, SEC_FILE, SEC_SYMS, SEC_STRS, SEC_SIGS, SEC_NAME, SEC_FOLD, SEC_IDIX,
	SEC_NFNC, SEC_FFNC, SEC_REFS, SEC_RNAM,
	SEC_REQUIRED,			/* every index has the sections above */
	SEC_BASE = SEC_REQUIRED,	/* a delta: the header and table of its base */
	SEC_DELE,			/* a delta: paths of the base it deletes */
	SEC_COUNT
};
/* NFNC/FFNC hold the name prefix of every IX_FENCE_STRIDE-th entry of NAME/FOLD. */
#define IX_FENCE_STRIDE 128
/* format.c: the tag and entry size of each section. */
extern const char ix_section_tags[SEC_COUNT][5];
extern const uint32_t ix_section_entsize[SEC_COUNT];

/* index.c: kota_index_open for a file that must be regular (a delta):
 * the standard input is refused too. */
int kota_index_open_file(kota_index **out, const char *path);
/* What fstat said of IX's file when it was opened; NULL if it was not a
 * regular file (read into memory). */
struct stat;
const struct stat *kota_index_stat(const kota_index *ix);
/* The header and section table of IX (for a delta's BASE), and
 * whether DELTA was written over BASE. */
const unsigned char *kota_index_head(const kota_index *ix, size_t *len);
int kota_index_is_base_of(const kota_index *base, const kota_index *delta);
/* Let go of the pages of IX's map read so far (they count as our memory). */
void kota_index_release(const kota_index *ix);

/* order.c: the orders of names, bytewise and folded (kota_bytes_cmp,
 * kota_fold_cmp, in kota.h). */
/* The first 8 bytes as a big-endian number, zero-padded; both orders agree with it. */
uint64_t kota_prefix8(const char *s, size_t len);
/* The same with each ASCII capital byte lower-cased. */
uint64_t kota_fold_prefix8(uint64_t prefix);

/* The rules of kota(5) for a symbol record's own fields (not its parent). */
int kota_check_symbol(const kota_record *rec);
/* The same for a reference record. */
int kota_check_ref(const kota_record *rec);

/* Bit I of the bit set SET (8 bits a byte, the least significant first). */
static inline int kota_bit(const unsigned char *set, size_t i)
{
	return set[i / 8] >> (i % 8) & 1;
}

static inline void kota_bit_set(unsigned char *set, size_t i)
{
	set[i / 8] |= (unsigned char)(1u << (i % 8));
}

/* path.c: PATH with SUFFIX appended, and DIR/NAME with one slash between
 * them, newly allocated; NULL when out of memory. */
char *kota_path_suffix(const char *path, const char *suffix);
char *kota_path_join(const char *dir, const char *name);

/* realloc, asking for huge pages on large blocks (memory.c). */
void *kota_grow(void *p, size_t size);

void kota_put_u64(FILE *fp, uint64_t v);
void kota_put_id(FILE *fp, uint64_t id);

/* intern.c: a pool of unique byte strings with dense ids; id 0 is "". */
typedef struct kota_pool kota_pool;
kota_pool *kota_pool_new(void);
void kota_pool_free(kota_pool *p);
/* The id of the LEN bytes at S, added if new; UINT32_MAX when out of memory. */
uint32_t kota_pool_intern(kota_pool *p, const char *s, size_t len);
/* The id of the LEN bytes at S, or UINT32_MAX if the pool lacks them. */
uint32_t kota_pool_find(const kota_pool *p, const char *s, size_t len);
/* Free the hash table: finding becomes a scan, interning rebuilds it. */
void kota_pool_seal(kota_pool *p);
uint32_t kota_pool_count(const kota_pool *p);
const char *kota_pool_get(const kota_pool *p, uint32_t id, size_t *len);
size_t kota_pool_len(const kota_pool *p, uint32_t id);
/* The first 8 bytes of string ID as a big-endian number, zero-padded. */
uint64_t kota_pool_prefix(const kota_pool *p, uint32_t id);

/*
 * spill.c: bytes appended, then read back, in memory up to LIMIT bytes and
 * past it in an unlinked file in $TMPDIR (else /tmp).  A pointer from
 * kota_spill_get holds N bytes and stays good until the next call.
 */
typedef struct kota_spill {
	unsigned char *mem;	/* everything, or the file's write buffer */
	size_t len, cap, limit;
	int fd;			/* -1 while in memory */
	uint64_t flushed;	/* bytes in the file */
	unsigned char *win;	/* the read window: WIN_LEN bytes from WIN_OFF */
	uint64_t win_off;
	size_t win_len, win_cap;
	size_t ahead;		/* bytes the last read asked for */
} kota_spill;
void kota_spill_init(kota_spill *s, size_t limit);
void kota_spill_free(kota_spill *s);
uint64_t kota_spill_size(const kota_spill *s);
int kota_spill_add(kota_spill *s, const void *p, size_t n);
const void *kota_spill_get(kota_spill *s, uint64_t off, size_t n);

/* GNU's unlocked stdio and memrchr where the C library has them (configure
 * checks), the portable calls elsewhere. */
#ifndef HAVE_FWRITE_UNLOCKED
#undef fwrite_unlocked
#define fwrite_unlocked fwrite
#endif
#ifndef HAVE_FPUTS_UNLOCKED
#undef fputs_unlocked
#define fputs_unlocked fputs
#endif
#ifndef HAVE_MEMRCHR
#include <stddef.h>
static inline void *kota_memrchr(const void *s, int c, size_t n)
{
	const unsigned char *p = (const unsigned char *)s + n;

	while (p > (const unsigned char *)s)
		if (*--p == (unsigned char)c)
			return (void *)(uintptr_t)p;
	return NULL;
}
#define memrchr kota_memrchr
#endif

#endif
