/*
 * The test library of libkota's unit tests (tests/unit/t-*.c, one program
 * per unit of the library, as git's t/unit-tests/): TAP output, running
 * groups of tests in child processes, files in a temporary directory,
 * records to add to a writer, and a small index to damage.
 *
 * Each group of tests runs in a child process (run_group), and so does
 * every kota_stream_each call and the fuzz loops (run_isolated): a crash or
 * sanitizer abort in the library becomes a failing "BUG (library crash)"
 * test point and the other tests still run.  Known library bugs are kept
 * as failing tests with "BUG" in their description.  Files go to a
 * temporary directory, removed at the end unless KOTA_TEST_KEEP is set.
 */
#ifndef KOTA_LIB_TEST_H
#define KOTA_LIB_TEST_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kota.h"
#include "internal.h"
#include "le.h"

/* ---- TAP ---- */

extern int tap_count, tap_failed;
/* The counts, in memory shared with the child process of a group (see run_group). */
extern struct tap_mirror {
	int count, failed;
} *tap_mirror;

__attribute__((format(printf, 4, 5)))
void tap_ok(int pass, const char *file, int line, const char *fmt, ...);

/*
 * A test point: evaluate the condition before the description's arguments
 * (which may show its outcome), and mirror the counts into shared memory so
 * that a group of tests run in a child process hands them back.
 */
#define ok(cond, ...) do { \
		int ok_pass_ = !!(cond); \
		tap_ok(ok_pass_, __FILE__, __LINE__, __VA_ARGS__); \
		if (tap_mirror != NULL) { \
			tap_mirror->count = tap_count; \
			tap_mirror->failed = tap_failed; \
		} \
	} while (0)

/* Make the temporary directory; at the end remove it and print the plan,
 * returning the exit status of the program. */
void test_begin(void);
int test_end(void);
/* Run the group of tests FN, named NAME, in a child process: a crash in
 * the library ends the group with a failing test point, and the other
 * groups still run. */
void run_group(const char *name, void (*fn)(void));

/* ---- messages ---- */

/* S (LEN bytes) made printable for a test description: other bytes as \xHH. */
const char *shown_n(const char *s, size_t len);
const char *shown(const char *s);
/* Does the last error message equal / contain the string? */
int err_is(const char *want);
int err_has(const char *want);
/* A message is one non-empty line. */
int err_one_line(void);
/* The last message is one line about PATH holding KEY. */
int msg_ok(const char *path, const char *key);

/* ---- child processes ---- */

/* N bytes of zeroed memory shared with child processes. */
void *shared_alloc(size_t n);
/* Run FN(ARG) in a child process: 0 if it finished normally, else -1 and
 * WHY says how it died. */
int run_isolated(void (*fn)(void *), void *arg, char *why, size_t whylen);

/* ---- files ---- */

/* A temporary file holding LEN bytes at DATA, unlinked, at offset 0. */
int tmp_fd(const void *data, size_t len);
/* A pipe fed by a thread: read end returned, join with pipe_join. */
struct feeder {
	pthread_t thread;
	int fd;
	const char *data;
	size_t len;
};
int pipe_fd(struct feeder *f, const void *data, size_t len);
void pipe_join(struct feeder *f, int fd);

/* The test's temporary directory, and a path in it. */
extern char tmpdir[64];
const char *tpath(const char *name);
/* The bytes of the file PATH (malloc'd), or NULL; write a file. */
unsigned char *slurp(const char *path, size_t *len);
void spit(const char *path, const void *data, size_t len);

/* ---- streams and records ---- */

#define HDR "kota-stream\t2\n"
#define FREC "F\ta.c\tc\t-\t10\n"
#define SREC(rest) "S\t00000000000000a1\tfunction\tmain\t" rest "\n"

kota_str S(const char *s);
kota_record meta_rec(const char *k, const char *v);
kota_record file_rec(const char *path, const char *lang, uint64_t size);
kota_record sym_recn(uint64_t id, int kind, const char *name, size_t nlen, uint32_t sl, uint32_t sc,
    uint32_t el, uint32_t ec, uint64_t parent, const char *sig);
kota_record sym_rec(uint64_t id, const char *name, uint32_t sl, uint32_t el, uint64_t parent);
int add(kota_writer *w, kota_record r);
/* Write W to the file NAME in the temporary directory; 0 or -1. */
int write_to(kota_writer *w, const char *name);

/* ---- index images to damage ---- */

/* The small index (small.kota): meta, three files (one empty), four
 * symbols, signatures, a parent; small_build writes it and reads it into
 * small_img, a copy of which img_copy returns. */
extern unsigned char *small_img;
extern size_t small_len;
int small_build(void);
unsigned char *img_copy(void);
/* The table entry, and the data, of the section TAG of the image B. */
unsigned char *sec_entry(unsigned char *b, const char *tag);
unsigned char *sec_data(unsigned char *b, const char *tag, uint32_t *len);
/* The offset in STRS of string STR. */
uint32_t strs_off(unsigned char *b, const char *str);
/* Recompute the header CRC; every CRC: only the deeper checks can fail. */
void fix_header(unsigned char *b, size_t size);
void fix_all(unsigned char *b, size_t size);
/* Everything a reader can call, over every position: nothing may crash;
 * failures need a message.  1 if so. */
int poke_all(const kota_index *ix);
/* The patterns a fuzz case flips a byte with. */
#define FLIP_PATTERNS 3
extern const unsigned char flip_pattern[FLIP_PATTERNS];

#endif
