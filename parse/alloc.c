/*
 * The memory tree-sitter holds, counted per thread, so that a file whose
 * tree would take more than its budget stops its parse and extraction;
 * and its allocations, so that a parse that churns stops too.
 */
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>

#include "internal.h"

/*
 * What tree-sitter holds, counted per thread through ts_set_allocator: a
 * file's tree takes some 75 bytes a byte of minified JavaScript (740 MiB
 * for 10 MB), and a 50 MB one took 10 GB.  Past the file's limit the
 * parser's cancellation flag stops the parse, and the extraction stops at
 * its next step.  Each thread frees what it allocated, but for the
 * queries: their memory only makes another thread's count look smaller.
 *
 * The allocations are counted too: tree-sitter's error recovery can churn
 * without holding much.  A 711-byte broken TSX file that fuzzing found
 * made 6.5 million allocations and took 2 s (22 s under ASan).  Real code
 * makes at most 3.6 a byte, counting a file as at least 64 KiB (Linux's
 * kernel/bpf/core.c; under 1 on 40,000 Go, Rust, Ruby and JavaScript
 * files, 0.5 on CPython), so the budget is 8: at 16, a 2 KiB churning
 * file still took 0.44 s, 1.1 s under ASan, past the fuzzers' timeout.
 * The count is the same on every machine, unlike a timeout, so the index
 * stays the same whoever builds it.
 */
static _Thread_local struct {
	int64_t live;			/* bytes this thread allocated and holds */
	int64_t limit;			/* INT64_MAX when no file is under way */
	size_t *cancel;
	uint64_t allocs;		/* allocations for this file so far */
	uint64_t alloc_limit;		/* past this, the parse is cancelled */
	int over;			/* 1 memory, 2 allocations: why it was cancelled */
} ts_mem = { 0, INT64_MAX, NULL, 0, UINT64_MAX, 0 };

static void *counted(void *p, size_t n, int64_t old)
{
	if (p == NULL && n > 0) {
		/* As tree-sitter's own allocator does, which cannot fail. */
		fprintf(stderr, "tree-sitter: cannot allocate %zu bytes\n", n);
		exit(2);
	}
	ts_mem.live += (int64_t)(p != NULL ? malloc_usable_size(p) : 0) - old;
	ts_mem.allocs++;
	if (ts_mem.cancel != NULL && !*ts_mem.cancel) {
		if (ts_mem.live > ts_mem.limit)
			*ts_mem.cancel = 1, ts_mem.over = 1;
		else if (ts_mem.allocs > ts_mem.alloc_limit)
			*ts_mem.cancel = 1, ts_mem.over = 2;
	}
	return p;
}

static void *ts_mem_malloc(size_t n)
{
	return counted(malloc(n), n, 0);
}

static void *ts_mem_calloc(size_t n, size_t size)
{
	return counted(calloc(n, size), n * size, 0);
}

static void *ts_mem_realloc(void *p, size_t n)
{
	int64_t old = p != NULL ? (int64_t)malloc_usable_size(p) : 0;

	return counted(realloc(p, n), n, old);
}

static void ts_mem_free(void *p)
{
	if (p != NULL)
		ts_mem.live -= (int64_t)malloc_usable_size(p);
	free(p);
}

static void count_ts_memory(void)
{
	ts_set_allocator(ts_mem_malloc, ts_mem_calloc, ts_mem_realloc, ts_mem_free);
}

void kota_ts_memory_count(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, count_ts_memory);
}

void kota_ts_memory_limit(size_t *cancel, uint64_t limit, uint64_t alloc_limit)
{
	ts_mem.allocs = 0;
	ts_mem.over = 0;
	ts_mem.alloc_limit = alloc_limit;
	ts_mem.cancel = cancel;
	ts_mem.limit = limit > (uint64_t)(INT64_MAX - ts_mem.live) ? INT64_MAX : ts_mem.live + (int64_t)limit;
}

void kota_ts_memory_unlimit(void)
{
	ts_mem.limit = INT64_MAX;
	ts_mem.alloc_limit = UINT64_MAX;
	ts_mem.cancel = NULL;
}

int kota_ts_memory_over(void)
{
	return ts_mem.over;
}
