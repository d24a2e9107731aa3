/* Unit tests of crc32c.c: the checksums of the index (kota(5) CRC-32C). */
#include "lib-test.h"

static void test_crc(void)
{
	ok(kota_crc32c(0, "123456789", 9) == 0xe3069283u, "crc32c check value");
	ok(kota_crc32c(kota_crc32c(0, "1234", 4), "56789", 5) == 0xe3069283u, "crc32c continues");
	ok(kota_crc32c(0, "", 0) == 0, "crc32c of nothing is 0");
	ok(kota_crc32c(0, "\0\0\0\0\0", 5) == 0x45727635u, "crc32c of the empty string entry (kota(5))");

	/* Continuing at every split point agrees with one pass. */
	unsigned char data[300];
	int good = 1;
	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (unsigned char)(i * 37 + 11);
	uint32_t whole = kota_crc32c(0, data, sizeof data);
	for (size_t k = 0; k <= sizeof data; k++)
		good &= kota_crc32c(kota_crc32c(0, data, k), data + k, sizeof data - k) == whole;
	ok(good, "crc32c split at every point equals one pass");
	/* Unaligned starts (a byte-wise reference vs. whatever the library does). */
	good = 1;
	for (size_t a = 0; a < 16; a++) {
		uint32_t c = 0xffffffffu;
		for (size_t i = a; i < sizeof data; i++) {
			c ^= data[i];
			for (int b = 0; b < 8; b++)
				c = c & 1 ? (c >> 1) ^ 0x82f63b78u : c >> 1;
		}
		good &= kota_crc32c(0, data + a, sizeof data - a) == (c ^ 0xffffffffu);
	}
	ok(good, "crc32c matches a bitwise reference at unaligned starts");
}

int main(void)
{
	test_begin();
	run_group("crc32c", test_crc);
	return test_end();
}
