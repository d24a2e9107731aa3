/*
 * The index reader: arbitrary bytes, their checksums recomputed so that
 * the bounds checks behind them are what is tested, opened, looked up in
 * every way, and verified; once verified, no lookup may fail.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lookups.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *b = malloc(size + 1);
	kota_index *ix;

	if (b == NULL)
		abort();
	memcpy(b, data, size);
	fuzz_reseal(b, size);
	if (kota_index_open(&ix, fuzz_file("", b, size)) == 0) {
		lookups(ix, 0);
		if (kota_index_verify(ix) == 0)
			lookups(ix, 1);
		kota_index_free(ix);
	}
	free(b);
	return 0;
}
