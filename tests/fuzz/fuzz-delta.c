/*
 * An index and its delta read as one (kota_view): the input is a base
 * and a delta, each resealed, split at the length its first 4 bytes give;
 * every walk of the view, then its verification.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lookups.h"

static int touch(void *ctx, const kota_index *ix, uint32_t pos)
{
	kota_symbol s;

	(void)ctx;
	(void)kota_index_symbol(ix, pos, &s);
	return 0;
}

static int touch_file(void *ctx, const kota_index *ix, uint32_t pos)
{
	kota_file f;

	(void)ctx;
	(void)kota_index_file(ix, pos, &f);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t k;
	unsigned char *b;
	const char *path;
	kota_view *v;
	const kota_index *ix;
	uint32_t pos;

	if (size < 4)
		return 0;
	k = (data[0] | data[1] << 8 | (size_t)data[2] << 16 | (size_t)data[3] << 24) % (size - 3);
	if ((b = malloc(size)) == NULL)
		abort();
	memcpy(b, data + 4, size - 4);
	fuzz_reseal(b, k);
	fuzz_reseal(b + k, size - 4 - k);
	path = fuzz_file("", b, k);
	fuzz_file(".delta", b + k, size - 4 - k);
	if (kota_view_open(&v, path) == 0) {
		if (kota_view_delta(v) != NULL)
			lookups(kota_view_delta(v), 0);
		(void)kota_view_each_file(v, touch_file, NULL);
		(void)kota_view_each_name(v, KOTA_BY_NAME, NULL, 0, 0, touch, NULL);
		(void)kota_view_each_name(v, KOTA_BY_FOLDED_NAME, "a", 1, KOTA_MATCH_PREFIX | KOTA_MATCH_FOLD,
		    touch, NULL);
		(void)kota_view_each_ref(v, "f", 1, touch, NULL);
		(void)kota_view_find_file(v, "a.c", 3, &ix, &pos);
		for (uint32_t i = 0; i < kota_index_nfiles(kota_view_base(v)) && i < CAP; i++)
			(void)kota_view_hidden(v, i);
		(void)kota_view_verify(v);
		kota_view_free(v);
	}
	free(b);
	return 0;
}
