/* Unit tests of le.h: the little-endian encoding of the index's integers. */
#include "lib-test.h"

static void test_le(void)
{
	unsigned char b[8];

	kota_put32(b, 0x11223344u);
	ok(b[0] == 0x44 && b[1] == 0x33 && b[2] == 0x22 && b[3] == 0x11, "put32 writes little-endian bytes");
	ok(kota_get32(b) == 0x11223344u, "get32 reads them back");
	kota_put64(b, 0x0102030405060708ull);
	ok(b[0] == 8 && b[7] == 1 && kota_get64(b) == 0x0102030405060708ull, "put64/get64 round trip");
	kota_put16(b, 0xbeef);
	ok(b[0] == 0xef && b[1] == 0xbe && kota_get16(b) == 0xbeef, "put16/get16 round trip");
}

static void test_le_bounds(void)
{
	static const uint16_t v16[] = { 0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xfffe, 0xffff };
	static const uint32_t v32[] = { 0, 1, 0xff, 0x100, 0x7fffffffu, 0x80000000u, 0xfffffffeu,
		0xffffffffu, 0x01020304u, 0xff00ff00u };
	static const uint64_t v64[] = { 0, 1, 0xffffffffull, 0x100000000ull, 0x7fffffffffffffffull,
		0x8000000000000000ull, 0xfffffffffffffffeull, UINT64_MAX, 0x0102030405060708ull,
		0x00ff00ff00ff00ffull };
	unsigned char buf[17];
	int good;

	/* Round trips at every alignment, and the exact bytes written. */
	good = 1;
	for (size_t i = 0; i < sizeof v16 / sizeof *v16; i++)
		for (int a = 0; a < 8; a++) {
			memset(buf, 0xaa, sizeof buf);
			kota_put16(buf + a, v16[i]);
			good &= kota_get16(buf + a) == v16[i];
			good &= buf[a] == (v16[i] & 0xff) && buf[a + 1] == v16[i] >> 8;
			good &= (a == 0 || buf[a - 1] == 0xaa) && buf[a + 2] == 0xaa;
		}
	ok(good, "put16/get16: boundary values at every alignment, exact bytes, no spill");
	good = 1;
	for (size_t i = 0; i < sizeof v32 / sizeof *v32; i++)
		for (int a = 0; a < 8; a++) {
			memset(buf, 0xaa, sizeof buf);
			kota_put32(buf + a, v32[i]);
			good &= kota_get32(buf + a) == v32[i];
			for (int k = 0; k < 4; k++)
				good &= buf[a + k] == (unsigned char)(v32[i] >> (8 * k));
			good &= (a == 0 || buf[a - 1] == 0xaa) && buf[a + 4] == 0xaa;
		}
	ok(good, "put32/get32: boundary values at every alignment, exact bytes, no spill");
	good = 1;
	for (size_t i = 0; i < sizeof v64 / sizeof *v64; i++)
		for (int a = 0; a < 8; a++) {
			memset(buf, 0xaa, sizeof buf);
			kota_put64(buf + a, v64[i]);
			good &= kota_get64(buf + a) == v64[i];
			for (int k = 0; k < 8; k++)
				good &= buf[a + k] == (unsigned char)(v64[i] >> (8 * k));
			good &= (a == 0 || buf[a - 1] == 0xaa) && buf[a + 8] == 0xaa;
		}
	ok(good, "put64/get64: boundary values at every alignment, exact bytes, no spill");

	memcpy(buf, "\xff\xff\xff\xff\xff\xff\xff\xff", 8);
	ok(kota_get16(buf) == 0xffff && kota_get32(buf) == 0xffffffffu && kota_get64(buf) == UINT64_MAX,
	    "get16/32/64 of all-ones bytes (no sign extension)");
	memcpy(buf, "\x80\x00\x00\x80\x00\x00\x00\x80", 8);
	ok(kota_get16(buf) == 0x0080 && kota_get32(buf) == 0x80000080u &&
	    kota_get64(buf) == 0x8000000080000080ull, "get16/32/64 with high bits set in each byte");
	kota_put64(buf, 0xa1);
	ok(memcmp(buf, "\xa1\0\0\0\0\0\0\0", 8) == 0, "put64 of id 0xa1 is a1 00 00 00 00 00 00 00 (kota(5))");
}

int main(void)
{
	test_begin();
	run_group("little-endian", test_le);
	run_group("little-endian bounds", test_le_bounds);
	return test_end();
}
