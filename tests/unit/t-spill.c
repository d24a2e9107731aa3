/* Unit tests of spill.c: bytes held in memory, then in an unlinked temporary file. */
#include <dirent.h>

#include "lib-test.h"

/* Byte I of the test's stream. */
static unsigned char byte_at(uint64_t i)
{
	return (unsigned char)(i * 131 + (i >> 9));
}

static int same_as_stream(const unsigned char *p, uint64_t off, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != byte_at(off + i))
			return 0;
	return 1;
}

static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

/* Add TOTAL bytes of the stream in pieces of 1 to 4096 bytes. */
static int fill(kota_spill *s, uint64_t total)
{
	static unsigned char buf[4096];
	uint64_t at = 0;

	while (at < total) {
		size_t n = (size_t)(at % 4096) + 1;
		if (n > total - at)
			n = (size_t)(total - at);
		for (size_t i = 0; i < n; i++)
			buf[i] = byte_at(at + i);
		if (kota_spill_add(s, buf, n) < 0)
			return -1;
		at += n;
	}
	return 0;
}

static void test_memory(void)
{
	kota_spill s;
	const unsigned char *p;

	kota_spill_init(&s, 1 << 20);
	ok(kota_spill_size(&s) == 0 && kota_spill_get(&s, 0, 1) == NULL && err_has("past its end"),
	    "empty: nothing to read, and reading says so");
	ok(fill(&s, 100000) == 0 && kota_spill_size(&s) == 100000 && s.fd < 0, "under the limit: in memory");
	p = kota_spill_get(&s, 99000, 1000);
	ok(p != NULL && same_as_stream(p, 99000, 1000), "in memory: bytes read back");
	ok(kota_spill_get(&s, 99001, 1000) == NULL && err_has("past its end"), "in memory: no read past the end");
	kota_spill_free(&s);
}

static void test_file(void)
{
	const char *dir = tpath("spill");
	uint64_t total = (5u << 20) + 12345;	/* several windows and write buffers */
	kota_spill s;
	const unsigned char *p;
	int good = 1;

	mkdir(dir, 0700);
	setenv("TMPDIR", dir, 1);
	kota_spill_init(&s, 4096);
	ok(fill(&s, total) == 0 && kota_spill_size(&s) == total && s.fd >= 0, "past the limit: in a file");
	ok(entries(dir) == 0, "the file has no name in $TMPDIR");
	/* Forward, backward, and across window edges. */
	for (uint64_t off = 0; off + 4096 <= total && good; off += 65521) {
		p = kota_spill_get(&s, off, 4096);
		good = p != NULL && same_as_stream(p, off, 4096);
	}
	for (uint64_t back = 100; back < total && good; back += 1048573) {
		p = kota_spill_get(&s, total - back, 100);
		good = p != NULL && same_as_stream(p, total - back, 100);
	}
	ok(good, "from the file: every piece read back, in any order");
	p = kota_spill_get(&s, 1000, 3u << 20);
	ok(p != NULL && same_as_stream(p, 1000, 3u << 20), "a piece larger than the window");
	p = kota_spill_get(&s, total - 1, 1);
	ok(p != NULL && same_as_stream(p, total - 1, 1), "the last byte");
	ok(kota_spill_get(&s, total - 1, 2) == NULL && err_has("past its end"), "no read past the end");
	ok(kota_spill_add(&s, "x", 1) == 0 && (p = kota_spill_get(&s, total, 1)) != NULL && *p == 'x',
	    "adding after reading: the new byte is read back");
	kota_spill_free(&s);

	setenv("TMPDIR", tpath("no-such-dir"), 1);
	kota_spill_init(&s, 10);
	ok(fill(&s, 100) < 0 && err_has("temporary file in ") && err_has("no-such-dir") && err_one_line(),
	    "no temporary directory: a one-line error naming it");
	kota_spill_free(&s);
	unsetenv("TMPDIR");
}

int main(void)
{
	test_begin();
	run_group("spill in memory", test_memory);
	run_group("spill to a file", test_file);
	return test_end();
}
