/*
 * kota-lsp's message reader and handlers: arbitrary bytes as its standard
 * input, against a small index.  The replies go to /dev/null.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "fuzz.h"
#include "kota-lsp.h"

static const char stream[] =
	"kota-stream\t2\n"
	"F\ta.c\tc\t-\t40\n"
	"S\t0000000000000001\tfunction\tf\t1\t1\t3\t2\t-\t\tint f(void)\n"
	"S\t0000000000000002\tfunction\tg\t4\t1\t6\t2\t-\t\tint g(void)\n"
	"R\tcall\tf\t5\t9\t\n";

static const char *make_index(void)
{
	static char path[80];
	kota_writer *w;
	int fd;

	if (*path != '\0')
		return path;
	snprintf(path, sizeof path, "%s/kota-fuzz-lsp.%ld.kota", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
	    (long)getpid());
	if (kota_writer_new(&w) < 0 || (fd = open(fuzz_file("", stream, sizeof stream - 1), O_RDONLY)) < 0 ||
	    kota_writer_add_stream(w, fd, "seed") < 0)
		abort();
	close(fd);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0 || kota_writer_write(w, fd) < 0)
		abort();
	close(fd);
	kota_writer_free(w);
	return path;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct server s = { 0 };
	const char *why;

	s.explicit_index = make_index();
	if ((s.in = fmemopen((void *)data, size, "rb")) == NULL && size > 0)
		abort();
	if (s.in == NULL)
		return 0;
	if ((s.out = fopen("/dev/null", "w")) == NULL || (s.top = strdup("/tmp")) == NULL)
		abort();
	(void)serve(&s, &why);
	fclose(s.in);
	fclose(s.out);
	server_free(&s);
	return 0;
}
