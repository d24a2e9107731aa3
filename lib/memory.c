/*
 * Growing the writer's large arrays.  A million-symbol pack touches some
 * 150 MB of fresh memory; asking for transparent huge pages on the big
 * blocks saves most of the page faults that would otherwise cost a tenth
 * of the run.
 */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "internal.h"

#define HUGE_PAGE ((uintptr_t)2 << 20)

void *kota_grow(void *p, size_t size)
{
	void *n = realloc(p, size);

#ifdef MADV_HUGEPAGE
	if (n != NULL && size >= 4 * HUGE_PAGE) {
		uintptr_t start = ((uintptr_t)n + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
		uintptr_t end = ((uintptr_t)n + size) & ~(HUGE_PAGE - 1);
		if (end > start)
			madvise((void *)start, end - start, MADV_HUGEPAGE);
	}
#endif
	return n;
}
