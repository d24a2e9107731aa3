/* kota-pack: read record streams and write them as one index, atomically. */
#include <err.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kota.h"

static void usage(FILE *fp, int status)
{
	fprintf(fp, "usage: kota-pack [-o FILE] [FILE ...]\n");
	exit(status);
}

static void add_input(kota_writer *w, const char *name)
{
	int fd = 0;

	if (strcmp(name, "-") != 0 && (fd = open(name, O_RDONLY | O_CLOEXEC)) < 0)
		err(2, "%s", name);
	if (kota_writer_add_stream(w, fd, fd == 0 ? "stdin" : name) < 0)
		errx(2, "%s", kota_error_last());
	if (fd != 0)
		close(fd);
}

/* Write to FD, which is not an index file to replace (stdout, a device, a pipe). */
static void write_through(kota_writer *w, int fd, const char *name)
{
	if (kota_writer_write(w, fd) < 0)
		errx(2, "%s: %s", name, kota_error_last());
	if (fd != 1 && close(fd) < 0)
		err(2, "%s", name);
}

static void write_index(kota_writer *w, const char *output)
{
	kota_replace *r;
	struct stat st;
	char *path;
	int fd;

	if (output != NULL && strcmp(output, "-") == 0) {
		write_through(w, 1, "stdout");
		return;
	}
	if (kota_locate_index(&path, output, "-o", output == NULL) < 0)
		errx(2, "%s", kota_error_last());
	/* A device or FIFO is written to, not replaced. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if ((fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)) < 0)
			err(2, "%s", path);
		write_through(w, fd, path);
		free(path);
		return;
	}
	if (kota_replace_begin(&r, path, &fd) < 0)
		errx(2, "%s", kota_error_last());
	if (kota_writer_write(w, fd) < 0) {
		kota_error_set("%s: %s", path, kota_error_last());
		kota_replace_abort(r);
		errx(2, "%s", kota_error_last());
	}
	if (kota_replace_commit(r) < 0)
		errx(2, "%s", kota_error_last());
	free(path);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *output = NULL;
	kota_writer *w;
	int c;

	while ((c = getopt_long(argc, argv, "o:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': output = optarg; break;
		case 'h': usage(stdout, 0); break;
		case 'V': printf("kota-pack (kota) %s\n", PACKAGE_VERSION); return 0;
		default: usage(stderr, 2);
		}
	}
	if (kota_writer_new(&w) < 0)
		errx(2, "%s", kota_error_last());
	if (optind == argc)
		add_input(w, "-");
	for (int i = optind; i < argc; i++)
		add_input(w, argv[i]);
	write_index(w, output);
	kota_writer_free(w);
	return 0;
}
