/* What the fuzz targets share: resealing an index, temporary files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "kota.h"
#include "le.h"

void fuzz_reseal(unsigned char *b, size_t n)
{
	uint32_t nsect;

	/* kota(5): a 32-byte header, then N section entries of 32 bytes. */
	if (n < 32)
		return;
	nsect = kota_get32(b + 12);
	if (nsect > 64 || 32 + (size_t)nsect * 32 > n)
		return;
	for (uint32_t i = 0; i < nsect; i++) {
		unsigned char *e = b + 32 + (size_t)i * 32;
		uint64_t off = kota_get64(e + 8), len = kota_get64(e + 16);
		if (off <= n && len <= n - off)
			kota_put32(e + 4, kota_crc32c(0, b + off, (size_t)len));
	}
	kota_put32(b + 28, kota_crc32c(kota_crc32c(0, b, 28), b + 32, (size_t)nsect * 32));
}

const char *fuzz_file(const char *suffix, const void *data, size_t n)
{
	static char base[64];
	static char path[2][80];
	int k = *suffix != '\0';
	FILE *fp;

	if (*base == '\0')
		snprintf(base, sizeof base, "%s/kota-fuzz.%ld", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
		    (long)getpid());
	snprintf(path[k], sizeof path[k], "%s%s", base, suffix);
	if ((fp = fopen(path[k], "wb")) == NULL || fwrite(data, 1, n, fp) != n || fclose(fp) != 0)
		abort();
	return path[k];
}
