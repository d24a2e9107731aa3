/* kota-get: answer lookups from the memory-mapped index: names, prefixes,
 * ids, files, lines (defs.c), references, callers, callees, impact (refs.c). */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kota-get.h"

static void usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: kota-get [-iz] [-f FILE] [--kind KIND] [--lang LANG] [--path PATH] [--prefix]\n"
	    "                [--format=line|records|json|ctags] NAME ...\n"
	    "       kota-get [-z] [-f FILE] [--format=F] --at PATH:LINE | --id ID | --children ID\n"
	    "       kota-get [-z] [-f FILE] [--format=F] [--kind KIND] [--lang LANG] --path PATH\n"
	    "       kota-get [-z] [-f FILE] [--format=F] [--kind REFKIND] [--lang LANG] [--path PATH]\n"
	    "                --refs | --callers | --callees | --impact [--depth N] [--max N] NAME\n"
	    "       kota-get [-z] [-f FILE] [--format=F] --callees --id ID\n"
	    "       kota-get [-f FILE] --meta [KEY]\n");
	exit(status);
}

void fail(void)
{
	errx(2, "%s", kota_error_last());
}

static uint64_t parse_id(const char *s)
{
	uint64_t v;

	if (kota_parse_id(s, strlen(s), &v) < 0)
		errx(2, "bad symbol id '%s' (want 16 hex digits, not all zero)", s);
	return v;
}

int main(int argc, char **argv)
{
	enum { O_KIND = 256, O_LANG, O_PATH, O_PREFIX, O_FORMAT, O_AT, O_ID, O_CHILDREN, O_META,
		O_REFS, O_CALLERS, O_CALLEES, O_IMPACT, O_DEPTH, O_MAX };
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
		{ "refs", no_argument, NULL, O_REFS },
		{ "callers", no_argument, NULL, O_CALLERS },
		{ "callees", no_argument, NULL, O_CALLEES },
		{ "impact", no_argument, NULL, O_IMPACT },
		{ "depth", required_argument, NULL, O_DEPTH },
		{ "max", required_argument, NULL, O_MAX },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct query q = { .file = KOTA_NONE, .depth = 3, .max = 1000 };
	const char *file = NULL, *path = NULL, *at = NULL, *id = NULL;
	int c, flags = 0, format = KOTA_FMT_LINE, zero = 0, children = 0, meta = 0, mode = 0;
	int depth_given = 0;
	const char *kind = NULL;
	kota_view *v;
	char *ixpath;

	while ((c = getopt_long(argc, argv, "f:izhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': file = optarg; break;
		case 'i': flags |= KOTA_MATCH_FOLD; break;
		case 'z': zero = 1; break;
		case O_KIND: kind = optarg; break;
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
		case O_REFS: case O_CALLERS: case O_CALLEES: case O_IMPACT: {
			int m = c == O_REFS ? REFS : c == O_CALLERS ? CALLERS : c == O_CALLEES ? CALLEES : IMPACT;
			if (mode != 0 && mode != m) {
				warnx("--refs, --callers, --callees and --impact go one at a time");
				usage(stderr, 2);
			}
			mode = m;
			break;
		}
		case O_DEPTH: case O_MAX: {
			char *end;
			unsigned long n = strtoul(optarg, &end, 10);
			if (*end != '\0' || optarg[0] < '0' || optarg[0] > '9' || n == 0 || n > 1000000)
				errx(2, "bad --%s '%s' (want a number from 1 to 1000000)",
				    c == O_DEPTH ? "depth" : "max", optarg);
			*(c == O_DEPTH ? &q.depth : &q.max) = (unsigned)n;
			depth_given = 1;
			break;
		}
		case 'h': usage(stdout, 0); break;
		case 'V': printf("kota-get (kota) %s\n", PACKAGE_VERSION); return 0;
		default: usage(stderr, 2);
		}
	}
	argc -= optind;
	argv += optind;
	/* --kind names a reference kind with the reference lookups. */
	if (kind != NULL && (q.kind = mode ? kota_ref_kind_from_name(kind, strlen(kind)) :
	    kota_kind_from_name(kind, strlen(kind))) == 0) {
		warnx("unknown %skind '%s'", mode ? "reference " : "", kind);
		usage(stderr, 2);
	}
	if (depth_given && mode != IMPACT) {
		warnx("--depth and --max go with --impact");
		usage(stderr, 2);
	}
	if (mode != 0 && (at != NULL || children || (flags & (KOTA_MATCH_PREFIX | KOTA_MATCH_FOLD)) ||
	    (id != NULL && mode != CALLEES) || (id == NULL && argc != 1) || (id != NULL && argc != 0))) {
		warnx("--refs, --callers and --impact take one NAME; --callees one NAME or --id ID; "
		    "no --at, --children, --prefix or -i");
		usage(stderr, 2);
	}
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
	q.format = format;
	q.zero = zero;
	if (kota_print_begin(q.out) < 0)
		fail();
	if (path != NULL && find_file(v, path, &q.file_ix, &q.file) == KOTA_NOTFOUND)
		goto done;	/* no such file: nothing can match */
	if (mode != 0 && id != NULL)
		callees_of_id(&q, idv);
	else if (mode != 0)
		by_refs(&q, mode, argv[0]);
	else if (at != NULL)
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
