/* The orders of names in the index: bytewise, folded, and their 8-byte prefixes. */
#include <string.h>

#include "kota.h"
#include "internal.h"

int kota_bytes_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0)
		return c;
	return alen < blen ? -1 : alen > blen;
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

int kota_fold_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t n = alen < blen ? alen : blen;

	for (size_t i = 0; i < n; i++) {
		int x = lower((unsigned char)a[i]), y = lower((unsigned char)b[i]);
		if (x != y)
			return x - y;
	}
	if (alen != blen)
		return alen < blen ? -1 : 1;
	return kota_bytes_cmp(a, alen, b, blen);
}

uint64_t kota_prefix8(const char *s, size_t len)
{
	uint64_t key = 0;

	for (size_t k = 0; k < 8; k++)
		key = key << 8 | (k < len ? (unsigned char)s[k] : 0);
	return key;
}

uint64_t kota_fold_prefix8(uint64_t prefix)
{
	uint64_t folded = 0;

	for (int k = 56; k >= 0; k -= 8)
		folded = folded << 8 | (uint64_t)lower((int)(prefix >> k) & 0xff);
	return folded;
}
