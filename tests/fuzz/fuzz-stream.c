/*
 * The record stream (kota(5)): arbitrary bytes through kota-pack's reader
 * and writer.  Whatever the writer accepts it must write as an index that
 * opens and verifies whole.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz.h"
#include "kota.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = fuzz_file("", data, size), *out;
	kota_writer *w;
	kota_index *ix;
	int fd, ofd;

	if (kota_writer_new(&w) < 0)
		abort();
	if ((fd = open(in, O_RDONLY)) < 0)
		abort();
	if (kota_writer_add_stream(w, fd, "fuzz") == 0) {
		out = fuzz_file(".kota", "", 0);
		if ((ofd = open(out, O_WRONLY | O_TRUNC)) < 0)
			abort();
		if (kota_writer_write(w, ofd) == 0) {
			/* What the writer wrote must read back whole. */
			if (kota_index_open(&ix, out) < 0 || kota_index_verify(ix) < 0)
				abort();
			kota_index_free(ix);
		}
		close(ofd);
	}
	close(fd);
	kota_writer_free(w);
	return 0;
}
