/* kota-dump: print a whole index as records, JSON lines, a tags file or lines; check it; count it. */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kota.h"

static void usage(FILE *fp, int status)
{
	fprintf(fp, "usage: kota-dump [--format=records|json|ctags|line] [--stats] [--verify]\n"
	    "                 [-f FILE | FILE]\n");
	exit(status);
}

static void fail(void)
{
	errx(2, "%s", kota_error_last());
}

static void dump(const kota_index *ix, int format)
{
	kota_printer p;
	uint32_t n = kota_index_nsymbols(ix);

	if (kota_print_begin(&p, stdout, ix, format) < 0)
		fail();
	if (format == KOTA_FMT_CTAGS)
		kota_print_tags_header(stdout);
	if (format == KOTA_FMT_RECORDS) {
		if (kota_print_meta(&p) < 0)
			fail();
		/* File by file, so files without symbols are kept too. */
		for (uint32_t f = 0; f < kota_index_nfiles(ix); f++) {
			kota_file file;
			if (kota_index_file(ix, f, &file) < 0 || kota_print_file(&p, f) < 0)
				fail();
			for (uint32_t s = file.first; s < file.first + file.count; s++)
				if (kota_print_symbol(&p, s) < 0)
					fail();
		}
		return;
	}
	for (uint32_t i = 0; i < n; i++) {
		uint32_t pos = i;
		if ((format == KOTA_FMT_CTAGS && kota_index_order_at(ix, KOTA_BY_NAME, i, &pos) < 0) ||
		    kota_print_symbol(&p, pos) < 0)
			fail();
	}
}

struct tally {
	kota_str name;
	uint64_t files, symbols;
};

static void stats(const kota_index *ix, const char *path)
{
	uint64_t kinds[KOTA_KIND_MAX + 1] = { 0 }, total = 0, off, len;
	struct tally *langs = NULL;
	size_t nlangs = 0;
	uint32_t nsyms = kota_index_nsymbols(ix);
	char tag[5];
	kota_str key, value;

	for (uint32_t f = 0; f < kota_index_nfiles(ix); f++) {
		kota_file file;
		size_t l;
		if (kota_index_file(ix, f, &file) < 0)
			fail();
		for (l = 0; l < nlangs; l++)
			if (langs[l].name.len == file.lang.len && memcmp(langs[l].name.ptr, file.lang.ptr, file.lang.len) == 0)
				break;
		if (l == nlangs) {
			if ((langs = realloc(langs, (nlangs + 1) * sizeof *langs)) == NULL)
				err(2, NULL);
			langs[nlangs++] = (struct tally){ file.lang, 0, 0 };
		}
		langs[l].files++;
		langs[l].symbols += file.count;
		for (uint32_t s = file.first; s < file.first + file.count; s++) {
			kota_symbol sym;
			if (kota_index_symbol(ix, s, &sym) < 0)
				fail();
			kinds[sym.kind]++;
		}
	}
	for (uint32_t i = 0; kota_index_section(ix, i, tag, &off, &len) == 0; i++)
		total = off + len;
	fputs("index\t", stdout);
	kota_put_field(stdout, path, strlen(path));
	printf("\nsymbols\t%u\nfiles\t%u\nbytes\t%llu\n", nsyms,
	    kota_index_nfiles(ix), (unsigned long long)total);
	printf("bytes/symbol\t%.1f\n", nsyms ? (double)total / nsyms : 0.0);
	for (uint32_t i = 0; i < kota_index_nmeta(ix); i++) {
		if (kota_index_meta(ix, i, &key, &value) < 0)
			fail();
		fputs("meta\t", stdout);
		kota_put_field(stdout, key.ptr, key.len);
		putchar('\t');
		kota_put_field(stdout, value.ptr, value.len);
		putchar('\n');
	}
	for (uint32_t i = 0; kota_index_section(ix, i, tag, &off, &len) == 0; i++)
		printf("section\t%s\t%llu bytes at %llu\n", tag, (unsigned long long)len, (unsigned long long)off);
	for (int k = 1; k <= KOTA_KIND_MAX; k++)
		if (kinds[k])
			printf("kind\t%s\t%llu\n", kota_kind_name(k), (unsigned long long)kinds[k]);
	for (size_t l = 0; l < nlangs; l++) {
		fputs("lang\t", stdout);
		kota_put_field(stdout, langs[l].name.ptr, langs[l].name.len);
		printf("\t%llu files\t%llu symbols\n", (unsigned long long)langs[l].files,
		    (unsigned long long)langs[l].symbols);
	}
	free(langs);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'F' },
		{ "stats", no_argument, NULL, 's' },
		{ "verify", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *file = NULL;
	int c, format = KOTA_FMT_RECORDS, want_stats = 0, want_verify = 0;
	kota_index *ix;
	char *path;

	while ((c = getopt_long(argc, argv, "f:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': file = optarg; break;
		case 'F':
			if ((format = kota_format_from_name(optarg)) < 0) {
				warnx("unknown format '%s'", optarg);
				usage(stderr, 2);
			}
			break;
		case 's': want_stats = 1; break;
		case 'v': want_verify = 1; break;
		case 'h': usage(stdout, 0); break;
		case 'V': printf("kota-dump (kota) %s\n", PACKAGE_VERSION); return 0;
		default: usage(stderr, 2);
		}
	}
	if (argc - optind > 1 || (file != NULL && argc - optind == 1))
		usage(stderr, 2);
	if (optind < argc)
		file = argv[optind];
	if (file != NULL && strcmp(file, "-") == 0)
		file = "/dev/stdin";
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	if (kota_locate_index(&path, file, "-f", 0) < 0 || kota_index_open(&ix, path) < 0)
		fail();
	/* Reading everything anyway: check everything first. */
	if (kota_index_verify(ix) < 0)
		fail();
	if (want_verify)
		printf("%s: ok (%u symbols, %u files)\n", path, kota_index_nsymbols(ix), kota_index_nfiles(ix));
	if (want_stats)
		stats(ix, path);
	if (!want_verify && !want_stats)
		dump(ix, format);
	if (fflush(stdout) != 0 || ferror(stdout))
		err(2, "stdout");
	kota_index_free(ix);
	free(path);
	return 0;
}
