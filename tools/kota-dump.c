/* kota-dump: print a whole index as records, JSON lines, a tags file or lines; check it; count it. */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kota.h"

/* The usage line; with --help (STATUS 0), what each option does. */
static void usage(FILE *fp, int status)
{
	fprintf(fp, "usage: kota-dump [--format=records|json|ctags|etags|line|grep]\n"
	    "                 [--excmd=pattern|number|combine] [--kind-names] [--stats] [--verify]\n"
	    "                 [-f FILE | FILE]\n");
	if (status == 0)
		fputs("\nPrint an index whole: its symbols and references, as a record stream\n"
		    "(kota-dump | kota-pack gives the same bytes), JSON lines, a tags file or lines.\n\n"
		    "  -f FILE, FILE  the index (default: $KOTA_INDEX, else the repository's)\n"
		    "  --format=F     records (default), json, line, grep (path:line:col: text),\n"
		    "                 ctags or etags (TAGS for Emacs; definitions only)\n"
		    "  --excmd=E      ctags: find by pattern (default), number or combine\n"
		    "  --kind-names   ctags: kind:NAME, not universal-ctags' letter per language\n"
		    "  --verify       check every checksum, bound and order; print one line\n"
		    "  --stats        counts of symbols, references, kinds, languages, sections\n"
		    "  -h, --help     this help;  -V, --version  the version\n\n"
		    "Exit status: 0 done, 2 an error (a damaged index, a bad option).\n"
		    "See kota-dump(1) and kota(5).\n", fp);
	exit(status);
}

__attribute__((noreturn)) static void fail(void)
{
	errx(2, "%s", kota_error_last());
}

struct dump {
	kota_printer *p;
	int format;
};

static int dump_symbol(void *ctx, const kota_index *ix, uint32_t pos)
{
	struct dump *d = ctx;

	kota_printer_set_index(d->p, ix);
	return kota_print_symbol(d->p, pos) < 0 ? -1 : 0;
}

/* A file, its symbols and its references; the records format prints files without symbols too. */
static int dump_file(void *ctx, const kota_index *ix, uint32_t pos)
{
	struct dump *d = ctx;
	kota_file file;

	kota_printer_set_index(d->p, ix);
	if (kota_index_file(ix, pos, &file) < 0 ||
	    (d->format == KOTA_FMT_RECORDS && kota_print_file(d->p, pos) < 0))
		return -1;
	for (uint32_t s = file.first; s < file.first + file.count; s++)
		if (kota_print_symbol(d->p, s) < 0)
			return -1;
	for (uint32_t r = file.first_ref; r < file.first_ref + file.nrefs; r++)
		if (kota_print_ref(d->p, r) < 0)
			return -1;
	return 0;
}

static void dump(const kota_view *v, int format, int excmd, int kind_names)
{
	struct dump d = { .format = format };

	if (kota_printer_new(&d.p, stdout, kota_view_meta(v), format) < 0 || kota_print_begin(d.p) < 0)
		fail();
	kota_printer_set_excmd(d.p, excmd);
	kota_printer_set_kind_names(d.p, kind_names);
	if (format == KOTA_FMT_CTAGS) {
		kota_print_tags_header(stdout);
		if (kota_view_each_name(v, KOTA_BY_NAME, NULL, 0, 0, dump_symbol, &d) != 0)
			fail();
	} else if ((format == KOTA_FMT_RECORDS && kota_print_meta(d.p) < 0) ||
	    kota_view_each_file(v, dump_file, &d) != 0) {
		fail();
	}
	if (kota_print_end(d.p) < 0)
		fail();
	kota_printer_free(d.p);
}

struct tally {
	kota_str name;
	uint64_t files, symbols;
};

struct stats {
	uint64_t kinds[KOTA_KIND_MAX + 1];
	uint64_t ref_kinds[KOTA_REF_MAX + 1], nrefs;
	struct tally *langs;
	size_t nlangs;
};

static int count_file(void *ctx, const kota_index *ix, uint32_t pos)
{
	struct stats *st = ctx;
	kota_file file;
	size_t l;

	if (kota_index_file(ix, pos, &file) < 0)
		return -1;
	for (l = 0; l < st->nlangs; l++)
		if (st->langs[l].name.len == file.lang.len &&
		    memcmp(st->langs[l].name.ptr, file.lang.ptr, file.lang.len) == 0)
			break;
	if (l == st->nlangs) {
		if ((st->langs = realloc(st->langs, (st->nlangs + 1) * sizeof *st->langs)) == NULL)
			err(2, NULL);
		st->langs[st->nlangs++] = (struct tally){ file.lang, 0, 0 };
	}
	st->langs[l].files++;
	st->langs[l].symbols += file.count;
	for (uint32_t s = file.first; s < file.first + file.count; s++) {
		kota_symbol sym;
		if (kota_index_symbol(ix, s, &sym) < 0)
			return -1;
		st->kinds[sym.kind]++;
	}
	for (uint32_t r = file.first_ref; r < file.first_ref + file.nrefs; r++) {
		kota_ref ref;
		if (kota_index_ref(ix, r, &ref) < 0)
			return -1;
		st->ref_kinds[ref.kind]++;
		st->nrefs++;
	}
	return 0;
}

static uint64_t file_bytes(const kota_index *ix)
{
	uint64_t total = 0, off, len;
	char tag[5];

	for (uint32_t i = 0; kota_index_section(ix, i, tag, &off, &len) == 0; i++)
		total = off + len;
	return total;
}

static void print_sections(const kota_index *ix, const char *what)
{
	uint64_t off, len;
	char tag[5];

	for (uint32_t i = 0; kota_index_section(ix, i, tag, &off, &len) == 0; i++)
		printf("%s\t%s\t%llu bytes at %llu\n", what, tag, (unsigned long long)len,
		    (unsigned long long)off);
}

static void stats(const kota_view *v, const char *path)
{
	const kota_index *ix = kota_view_base(v), *delta = kota_view_delta(v), *mix = kota_view_meta(v);
	struct stats st = { 0 };
	uint32_t nsyms = kota_view_nsymbols(v);
	uint64_t total = file_bytes(ix) + (delta ? file_bytes(delta) : 0);

	if (kota_view_each_file(v, count_file, &st) != 0)
		fail();
	fputs("index\t", stdout);
	kota_put_field(stdout, path, strlen(path));
	printf("\nsymbols\t%u\nfiles\t%u\nbytes\t%llu\n", nsyms,
	    kota_view_nfiles(v), (unsigned long long)total);
	printf("bytes/symbol\t%.1f\n", nsyms ? (double)total / nsyms : 0.0);
	printf("references\t%llu\n", (unsigned long long)st.nrefs);
	if (delta != NULL)
		printf("delta\t%u files\t%u deleted\t%u symbols\t%llu bytes\n", kota_index_nfiles(delta),
		    kota_index_ndeleted(delta), kota_index_nsymbols(delta),
		    (unsigned long long)file_bytes(delta));
	if (kota_print_meta_lines(stdout, mix, "meta\t", NULL) < 0)
		fail();
	print_sections(ix, "section");
	if (delta != NULL)
		print_sections(delta, "delta-section");
	for (int k = 1; k <= KOTA_KIND_MAX; k++)
		if (st.kinds[k])
			printf("kind\t%s\t%llu\n", kota_kind_name(k), (unsigned long long)st.kinds[k]);
	for (int k = 1; k <= KOTA_REF_MAX; k++)
		if (st.ref_kinds[k])
			printf("reference\t%s\t%llu\n", kota_ref_kind_name(k), (unsigned long long)st.ref_kinds[k]);
	for (size_t l = 0; l < st.nlangs; l++) {
		fputs("lang\t", stdout);
		kota_put_field(stdout, st.langs[l].name.ptr, st.langs[l].name.len);
		printf("\t%llu files\t%llu symbols\n", (unsigned long long)st.langs[l].files,
		    (unsigned long long)st.langs[l].symbols);
	}
	free(st.langs);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'F' },
		{ "excmd", required_argument, NULL, 'E' },
		{ "kind-names", no_argument, NULL, 'K' },
		{ "stats", no_argument, NULL, 's' },
		{ "verify", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *file = NULL;
	int c, format = KOTA_FMT_RECORDS, want_stats = 0, want_verify = 0, excmd = KOTA_EXCMD_PATTERN, kind_names = 0;
	kota_view *v;
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
		case 'E':
			if ((excmd = kota_excmd_from_name(optarg)) < 0) {
				warnx("unknown --excmd '%s' (pattern, number or combine)", optarg);
				usage(stderr, 2);
			}
			break;
		case 'K': kind_names = 1; break;
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
	if (kota_locate_index(&path, file, "-f", 0) < 0 || kota_view_open(&v, path) < 0)
		fail();
	/* Reading everything anyway: check everything first. */
	if (kota_view_verify(v) < 0)
		fail();
	if (want_verify) {
		uint32_t ns = kota_view_nsymbols(v), nf = kota_view_nfiles(v);
		printf("%s: ok (%u symbol%s, %u file%s", path, ns, ns == 1 ? "" : "s", nf, nf == 1 ? "" : "s");
		if (kota_view_delta(v) != NULL) {
			uint32_t df = kota_index_nfiles(kota_view_delta(v));
			printf("; delta of %u file%s, %u deleted", df, df == 1 ? "" : "s",
			    kota_index_ndeleted(kota_view_delta(v)));
		}
		puts(")");
	}
	if (want_stats)
		stats(v, path);
	if (!want_verify && !want_stats)
		dump(v, format, excmd, kind_names);
	if (fflush(stdout) != 0 || ferror(stdout))
		err(2, "stdout");
	kota_view_free(v);
	free(path);
	return 0;
}
