/* kota-get: answer lookups from the memory-mapped index: names, prefixes, ids, files, lines. */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kota.h"

static void usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: kota-get [-iz] [-f FILE] [--kind KIND] [--lang LANG] [--path PATH] [--prefix]\n"
	    "                [--format=line|records|json|ctags] NAME ...\n"
	    "       kota-get [-z] [-f FILE] [--format=F] --at PATH:LINE | --id ID | --children ID\n"
	    "       kota-get [-z] [-f FILE] [--format=F] [--kind KIND] [--lang LANG] --path PATH\n"
	    "       kota-get [-f FILE] --meta [KEY]\n");
	exit(status);
}

__attribute__((noreturn)) static void fail(void)
{
	errx(2, "%s", kota_error_last());
}

struct query {
	const kota_view *v;
	kota_printer *out;
	int kind;			/* 0: any */
	const char *lang;		/* NULL: any */
	const kota_index *file_ix;	/* --path: the index holding the file ... */
	uint32_t file;			/* ... and its position; KOTA_NONE: any */
	unsigned char *printed[2];	/* with several NAMEs: a bit per position of base, delta */
	int found;
};

/* Print the symbol at POS of IX if it passes the filters. */
static int consider(void *ctx, const kota_index *ix, uint32_t pos)
{
	struct query *q = ctx;
	unsigned char *printed = q->printed[ix != kota_view_base(q->v)];
	kota_symbol s;

	if (printed != NULL && (printed[pos / 8] >> (pos % 8) & 1))
		return 0;
	if (kota_index_symbol(ix, pos, &s) < 0)
		fail();
	if ((q->kind && s.kind != q->kind) ||
	    (q->file != KOTA_NONE && (s.file != q->file || ix != q->file_ix)))
		return 0;
	if (q->lang != NULL) {
		kota_file f;
		if (kota_index_file(ix, s.file, &f) < 0)
			fail();
		if (f.lang.len != strlen(q->lang) || memcmp(f.lang.ptr, q->lang, f.lang.len) != 0)
			return 0;
	}
	kota_printer_set_index(q->out, ix);
	if (kota_print_symbol(q->out, pos) < 0)
		fail();
	if (printed != NULL)
		printed[pos / 8] |= (unsigned char)(1 << (pos % 8));
	q->found = 1;
	return 0;
}

static void by_name(struct query *q, const char *name, int flags)
{
	int order = flags & KOTA_MATCH_FOLD ? KOTA_BY_FOLDED_NAME : KOTA_BY_NAME;

	if (kota_view_each_name(q->v, order, name, strlen(name), flags, consider, q) != 0)
		fail();
}

static uint64_t parse_id(const char *s)
{
	uint64_t v;

	if (kota_parse_id(s, strlen(s), &v) < 0)
		errx(2, "bad symbol id '%s' (want 16 hex digits, not all zero)", s);
	return v;
}

/* Each symbol of the file of the symbol at POS whose parent that symbol is. */
static int children_of(void *ctx, const kota_index *ix, uint32_t pos)
{
	kota_symbol s, c;
	kota_file f;

	if (kota_index_symbol(ix, pos, &s) < 0 || kota_index_file(ix, s.file, &f) < 0)
		fail();
	for (uint32_t p = pos + 1; p < f.first + f.count; p++) {
		if (kota_index_symbol(ix, p, &c) < 0)
			fail();
		if (c.parent == pos)
			consider(ctx, ix, p);
	}
	return 0;
}

/* Each symbol with id ID, or (CHILDREN) each symbol whose parent has it. */
static void by_id(struct query *q, uint64_t id, int children)
{
	if (kota_view_each_id(q->v, id, children ? children_of : consider, q) != 0)
		fail();
}

/* The index and position of file PATH: 0 found, or KOTA_NOTFOUND. */
static int find_file(const kota_view *v, const char *path, const kota_index **ix, uint32_t *pos)
{
	int rc = kota_view_find_file(v, path, strlen(path), ix, pos);

	if (rc < 0)
		fail();
	return rc;
}

static void at_line(struct query *q, const char *arg)
{
	const char *colon = strrchr(arg, ':');
	const kota_index *ix;
	char *end, *path;
	unsigned long line;
	uint32_t file, pos;
	int rc;

	if (colon == NULL || colon == arg)
		errx(2, "bad --at '%s' (want PATH:LINE)", arg);
	line = strtoul(colon + 1, &end, 10);
	if (*end != '\0' || colon[1] < '0' || colon[1] > '9' || line == 0 || line > UINT32_MAX)
		errx(2, "bad line number in --at '%s'", arg);
	if ((path = strndup(arg, (size_t)(colon - arg))) == NULL)
		err(2, NULL);
	rc = find_file(q->v, path, &ix, &file);
	free(path);
	if (rc == KOTA_NOTFOUND)
		return;
	if ((rc = kota_index_enclosing(ix, file, (uint32_t)line, &pos)) < 0)
		fail();
	if (rc == 0)
		consider(q, ix, pos);
}

/* Every symbol of a file, in order. */
static int scan_file(void *ctx, const kota_index *ix, uint32_t pos)
{
	kota_file f;

	if (kota_index_file(ix, pos, &f) < 0)
		fail();
	for (uint32_t p = f.first; p < f.first + f.count; p++)
		consider(ctx, ix, p);
	return 0;
}

static void scan(struct query *q)
{
	if (q->file != KOTA_NONE)
		scan_file(q, q->file_ix, q->file);
	else if (kota_view_each_file(q->v, scan_file, q) != 0)
		fail();
}

int main(int argc, char **argv)
{
	enum { O_KIND = 256, O_LANG, O_PATH, O_PREFIX, O_FORMAT, O_AT, O_ID, O_CHILDREN, O_META };
	static const struct option longopts[] = {
		{ "kind", required_argument, NULL, O_KIND },
		{ "lang", required_argument, NULL, O_LANG },
		{ "path", required_argument, NULL, O_PATH },
		{ "prefix", no_argument, NULL, O_PREFIX },
		{ "ignore-case", no_argument, NULL, 'i' },
		{ "null", no_argument, NULL, 'z' },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "at", required_argument, NULL, O_AT },
		{ "id", required_argument, NULL, O_ID },
		{ "children", required_argument, NULL, O_CHILDREN },
		{ "meta", no_argument, NULL, O_META },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct query q = { .file = KOTA_NONE };
	const char *file = NULL, *path = NULL, *at = NULL, *id = NULL;
	int c, flags = 0, format = KOTA_FMT_LINE, zero = 0, children = 0, meta = 0;
	kota_view *v;
	char *ixpath;

	while ((c = getopt_long(argc, argv, "f:izhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': file = optarg; break;
		case 'i': flags |= KOTA_MATCH_FOLD; break;
		case 'z': zero = 1; break;
		case O_KIND:
			if ((q.kind = kota_kind_from_name(optarg, strlen(optarg))) == 0) {
				warnx("unknown kind '%s'", optarg);
				usage(stderr, 2);
			}
			break;
		case O_LANG: q.lang = optarg; break;
		case O_PATH: path = optarg; break;
		case O_PREFIX: flags |= KOTA_MATCH_PREFIX; break;
		case O_FORMAT:
			if ((format = kota_format_from_name(optarg)) < 0) {
				warnx("unknown format '%s'", optarg);
				usage(stderr, 2);
			}
			break;
		case O_AT:
			if (at != NULL) {
				warnx("--at given twice");
				usage(stderr, 2);
			}
			at = optarg;
			break;
		case O_CHILDREN: children = 1; /* FALLTHROUGH */
		case O_ID:
			if (id != NULL) {
				warnx("--id and --children go one at a time");
				usage(stderr, 2);
			}
			id = optarg;
			break;
		case O_META: meta = 1; break;
		case 'h': usage(stdout, 0); break;
		case 'V': printf("kota-get (kota) %s\n", PACKAGE_VERSION); return 0;
		default: usage(stderr, 2);
		}
	}
	argc -= optind;
	argv += optind;
	if (meta) {
		if (argc > 1 || at != NULL || id != NULL || path != NULL || q.kind != 0 || q.lang != NULL ||
		    flags != 0) {
			warnx("--meta takes one KEY at most, and no other lookup");
			usage(stderr, 2);
		}
		if (kota_locate_index(&ixpath, file, "-f", 0) < 0 || kota_view_open(&v, ixpath) < 0)
			fail();
		/* The meta entries as "key TAB value" lines, or KEY's bare value. */
		long found = kota_print_meta_lines(stdout, kota_view_meta(v), "",
		    argc > 0 ? argv[0] : NULL);
		if (found < 0)
			fail();
		if (fflush(stdout) != 0 || ferror(stdout))
			err(2, "stdout");
		kota_view_free(v);
		free(ixpath);
		return found ? 0 : 1;
	}
	if ((at != NULL) + (id != NULL) + (argc > 0) > 1) {
		warnx("NAME, --at, --id and --children do not go together");
		usage(stderr, 2);
	}
	if (at == NULL && id == NULL && argc == 0 && path == NULL && q.kind == 0 && q.lang == NULL) {
		warnx("nothing to look up: give a NAME or a query option");
		usage(stderr, 2);
	}
	uint64_t idv = id != NULL ? parse_id(id) : 0;
	if (kota_locate_index(&ixpath, file, "-f", 0) < 0 || kota_view_open(&v, ixpath) < 0)
		fail();
	q.v = v;
	if (kota_printer_new(&q.out, stdout, kota_view_base(v), format) < 0)
		fail();
	kota_printer_set_zero(q.out, zero);
	if (kota_print_begin(q.out) < 0)
		fail();
	if (path != NULL && find_file(v, path, &q.file_ix, &q.file) == KOTA_NOTFOUND)
		goto done;	/* no such file: nothing can match */
	if (at != NULL)
		at_line(&q, at);
	else if (id != NULL)
		by_id(&q, idv, children);
	else if (argc > 0) {
		/* Several NAMEs are a union: print each symbol once. */
		const kota_index *delta = kota_view_delta(v);
		if (argc > 1 && ((q.printed[0] = calloc(kota_index_nsymbols(kota_view_base(v)) / 8 + 1, 1)) == NULL ||
		    (q.printed[1] = calloc((delta ? kota_index_nsymbols(delta) : 0) / 8 + 1, 1)) == NULL))
			err(2, NULL);
		for (int i = 0; i < argc; i++)
			by_name(&q, argv[i], flags);
		free(q.printed[0]);
		free(q.printed[1]);
	}
	else
		scan(&q);
done:
	if (fflush(stdout) != 0 || ferror(stdout))
		err(2, "stdout");
	kota_printer_free(q.out);
	kota_view_free(v);
	free(ixpath);
	return q.found ? 0 : 1;
}
