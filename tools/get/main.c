/* kota-get: answer lookups from the memory-mapped index: names, prefixes,
 * ids, files, lines (defs.c), references, callers, callees, impact (refs.c). */
#include <err.h>
#include <errno.h>
#include <sys/stat.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kota-get.h"

static void usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: kota-get [-iz] [-f FILE] [--kind KIND] [--lang LANG] [--path PATH] [--prefix]\n"
	    "                [--format=line|grep|records|json|ctags|etags] NAME ...\n"
	    "       kota-get [-z] [-f FILE] [--format=F] --at PATH:LINE | --id ID | --children ID\n"
	    "       kota-get [-z] [-f FILE] [--format=F] [--kind KIND] [--lang LANG] --path PATH\n"
	    "       kota-get [-z] [-f FILE] [--format=F] [--kind REFKIND] [--lang LANG] [--path PATH]\n"
	    "                --refs | --callers | --callees | --impact [--depth N] [--max N] NAME\n"
	    "       kota-get [-z] [-f FILE] [--format=F] --callees --id ID\n"
	    "       kota-get [-iz] [-f FILE] [--format=F] [--kind KIND] [--lang LANG] [--path PATH]\n"
	    "                --match GLOB | --regex RE\n"
	    "       kota-get [-iz] [-f FILE] [--format=F] [--kind REFKIND] [--lang LANG] [--path PATH]\n"
	    "                --refs | --callers  --match GLOB | --regex RE\n"
	    "       kota-get [-f FILE] --meta [KEY]\n"
	    "       kota-get --kinds | --languages\n");
	if (status == 0)
		fputs("\nAnswer lookups from the index: where NAME is defined, what is at a line,\n"
		    "who references or calls NAME, what it calls, what a change to it reaches.\n\n"
		    "  NAME           a name, or qualified: Builder.String, ns::Foo::bar\n"
		    "  --prefix, -i   NAME is a prefix; case does not matter\n"
		    "  --match GLOB   names matching a glob (*Decoder*, json.*Decoder)\n"
		    "  --regex RE     names matching a POSIX extended regex, as grep -E\n"
		    "  --at PATH:LINE the definitions around a line; - reads them from stdin\n"
		    "  --id ID, --children ID   one symbol; its members\n"
		    "  --refs, --callers, --callees, --impact NAME   references and calls\n"
		    "  --depth N, --max N       how deep --impact goes; at most N lines\n"
		    "  --kind K[,K]   only these kinds (--kinds lists them)\n"
		    "  --lang L[,L]   only these languages, aliases too (--languages)\n"
		    "  --path PATH    only this file or directory, as typed from here\n"
		    "  --format=F     line (default), grep (path:line:col: text, for vim -q),\n"
		    "                 records, json, ctags, etags (--excmd=pattern|number|combine;\n"
		    "                 --kind-names: kind:NAME, not ctags' letters)\n"
		    "  --full-name    paths from the top, not from the current directory\n"
		    "  -f FILE        the index (default: $KOTA_INDEX, else the repository's)\n"
		    "  --worktree     the index of the work tree (kota-hook worktree), not HEAD's\n"
		    "  -z             end each line with NUL\n"
		    "  --meta [KEY]   what the index says about itself\n"
		    "  -h, --help     this help;  -V, --version  the version\n\n"
		    "Exit status: 0 found, 1 nothing found, 2 an error.\n"
		    "See kota-get(1) and kota(1).\n", fp);
	exit(status);
}

void fail(void)
{
	errx(2, "%s", kota_error_last());
}

/* Whether IX has meta KEY: 1 and *VALUE, or 0. */
static int meta_value(const kota_index *ix, const char *key, kota_str *value)
{
	kota_str k;

	for (uint32_t i = 0; i < kota_index_nmeta(ix); i++)
		if (kota_index_meta(ix, i, &k, value) == 0 && k.len == strlen(key) &&
		    memcmp(k.ptr, key, k.len) == 0)
			return 1;
	return 0;
}

/* Append ARG to the list *V of *N strings. */
static void push(const char ***v, size_t *n, const char *arg)
{
	if ((*v = realloc(*v, (*n + 1) * sizeof **v)) == NULL)
		err(2, NULL);
	(*v)[(*n)++] = arg;
}

/* Each comma-separated item of the --kind or --lang options LIST into
 * Q: kinds (reference kinds with REFS) as bits, languages by their names. */
static void parse_lists(struct query *q, const char **kinds, size_t nkinds, const char **langs,
    size_t nlangs, int refs)
{
	for (size_t i = 0; i < nkinds + nlangs; i++) {
		const char *s = i < nkinds ? kinds[i] : langs[i - nkinds];
		for (;;) {
			size_t len = strcspn(s, ",");
			if (i < nkinds) {
				int k = refs ? kota_ref_kind_from_name(s, len) : kota_kind_from_name(s, len);
				if (k == 0)
					errx(2, "unknown %skind '%.*s' (kinds: %s)", refs ? "reference " : "",
					    (int)len, s, refs ? kota_ref_kind_list() : kota_kind_list());
				q->kinds |= 1u << k;
			} else {
				const char *l = kota_lang_canonical(s, len);
				if (l == NULL)
					errx(2, "unknown language '%.*s' (languages: %s; also py, js, ts, rb, sh, c++)",
					    (int)len, s, kota_lang_list());
				push(&q->langs, &q->nlangs, l);
			}
			if (s[len] == '\0')
				break;
			s += len + 1;
		}
	}
}

/* --at -: PATH:LINE lines from the standard input (as git grep -n writes
 * them: anything after a second colon is left out). */
static void at_stdin(struct query *q, const char *top, const char *prefix)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	while ((n = getline(&line, &cap, stdin)) > 0) {
		line[strcspn(line, "\n")] = '\0';
		char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		if (c2 != NULL)
			*c2 = '\0';
		if (*line == '\0')
			continue;
		at_user_path(q, top, prefix, line);
	}
	free(line);
}

/*
 * Open the index: -f FILE, $KOTA_INDEX, or the repository's.  For the
 * repository's, say how to make it when there is none, and warn (once, on
 * stderr) when it describes another commit than HEAD.
 */
static int worktree;	/* --worktree: the index of the work tree, not of HEAD */

static kota_view *open_index(const char *file, char **ixpath)
{
	const char *env = getenv("KOTA_INDEX");
	int own = file == NULL && (env == NULL || *env == '\0');
	kota_view *v;
	kota_str commit;
	char head[41];
	struct stat st;

	if (kota_locate_index(ixpath, file, "-f", 0) < 0)
		fail();
	if (worktree) {
		/* Beside the index of HEAD: kota-hook worktree makes it. */
		char *wt;
		if (asprintf(&wt, "%s.worktree", *ixpath) < 0)
			err(2, NULL);
		free(*ixpath);
		*ixpath = wt;
		if (stat(wt, &st) < 0 && errno == ENOENT)
			errx(2, "%s: no index of the work tree: make it with kota-hook worktree", wt);
		own = 0;	/* of no commit: no warning about HEAD */
	}
	if (own && stat(*ixpath, &st) < 0 && errno == ENOENT)
		errx(2, "%s: no index yet: make it with kota-hook install (or kota-parse | kota-pack)",
		    *ixpath);
	if (kota_view_open(&v, *ixpath) < 0)
		fail();
	if (own && meta_value(kota_view_meta(v), "commit", &commit) && commit.len == 40 &&
	    kota_git_head(head) && memcmp(head, commit.ptr, 40) != 0)
		warnx("the index is of commit %.7s, HEAD is %.7s: bring it up to date with kota-hook run",
		    commit.ptr, head);
	return v;
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
		O_REFS, O_CALLERS, O_CALLEES, O_IMPACT, O_DEPTH, O_MAX, O_FULL_NAME, O_MATCH, O_REGEX,
		O_KINDS, O_LANGUAGES, O_EXCMD, O_KIND_NAMES, O_WORKTREE };
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
		{ "full-name", no_argument, NULL, O_FULL_NAME },
		{ "match", required_argument, NULL, O_MATCH },
		{ "regex", required_argument, NULL, O_REGEX },
		{ "kinds", no_argument, NULL, O_KINDS },
		{ "excmd", required_argument, NULL, O_EXCMD },
		{ "kind-names", no_argument, NULL, O_KIND_NAMES },
		{ "worktree", no_argument, NULL, O_WORKTREE },
		{ "languages", no_argument, NULL, O_LANGUAGES },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct query q = { .file = KOTA_NONE, .depth = 3, .max = 1000 };
	const char *file = NULL, *id = NULL;
	int c, flags = 0, format = KOTA_FMT_LINE, zero = 0, children = 0, meta = 0, mode = 0;
	int depth_given = 0, full_name = 0;
	const char **kinds = NULL, **langs = NULL, **paths = NULL, **ats = NULL;
	size_t nkinds = 0, nlangs = 0, npaths = 0, nats = 0;
	char *top = NULL, *prefix = NULL;
	const char *pattern = NULL;
	int pattern_flags = 0, excmd = KOTA_EXCMD_PATTERN, kind_names = 0;
	kota_view *v;
	char *ixpath;

	while ((c = getopt_long(argc, argv, "f:izhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': file = optarg; break;
		case 'i': flags |= KOTA_MATCH_FOLD; break;
		case 'z': zero = 1; break;
		case O_KIND: push(&kinds, &nkinds, optarg); break;
		case O_LANG: push(&langs, &nlangs, optarg); break;
		case O_PATH: push(&paths, &npaths, optarg); break;
		case O_FULL_NAME: full_name = 1; break;
		case O_MATCH: case O_REGEX:
			if (pattern != NULL) {
				warnx("--match and --regex go one at a time");
				usage(stderr, 2);
			}
			pattern = optarg;
			pattern_flags = c == O_REGEX ? KOTA_MATCH_REGEX : 0;
			break;
		case O_KIND_NAMES: kind_names = 1; break;
		case O_WORKTREE: worktree = 1; break;
		case O_EXCMD:
			if ((excmd = kota_excmd_from_name(optarg)) < 0) {
				warnx("unknown --excmd '%s' (pattern, number or combine)", optarg);
				usage(stderr, 2);
			}
			break;
		case O_KINDS:
			printf("%s\n", kota_kind_list());
			return 0;
		case O_LANGUAGES:
			printf("%s\n", kota_lang_list());
			return 0;
		case O_PREFIX: flags |= KOTA_MATCH_PREFIX; break;
		case O_FORMAT:
			if ((format = kota_format_from_name(optarg)) < 0) {
				warnx("unknown format '%s'", optarg);
				usage(stderr, 2);
			}
			break;
		case O_AT: push(&ats, &nats, optarg); break;
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
	parse_lists(&q, kinds, nkinds, langs, nlangs, mode != 0);
	const char *at = nats > 0 ? ats[0] : NULL;
	if (depth_given && mode != IMPACT) {
		warnx("--depth and --max go with --impact");
		usage(stderr, 2);
	}
	if (pattern != NULL && mode != 0 && mode != REFS && mode != CALLERS) {
		warnx("--match and --regex go with --refs and --callers, not --callees or --impact");
		usage(stderr, 2);
	}
	if (pattern != NULL && mode != 0) {
		/* --refs or --callers of every name a pattern matches. */
		if (at != NULL || children || id != NULL || argc != 0 || (flags & KOTA_MATCH_PREFIX)) {
			warnx("--refs and --callers with --match or --regex take no NAME, --at, --id, "
			    "--children or --prefix");
			usage(stderr, 2);
		}
	} else if (mode != 0 && (at != NULL || children || (flags & (KOTA_MATCH_PREFIX | KOTA_MATCH_FOLD)) ||
	    (id != NULL && mode != CALLEES) || (id == NULL && argc != 1) || (id != NULL && argc != 0))) {
		warnx("--refs, --callers and --impact take one NAME; --callees one NAME or --id ID; "
		    "no --at, --children, --prefix or -i");
		usage(stderr, 2);
	}
	if (meta) {
		if (argc > 1 || at != NULL || id != NULL || npaths != 0 || q.kinds != 0 || q.nlangs != 0 ||
		    flags != 0) {
			warnx("--meta takes one KEY at most, and no other lookup");
			usage(stderr, 2);
		}
		v = open_index(file, &ixpath);
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
	if ((at != NULL) + (id != NULL) + (argc > 0) + (pattern != NULL) + (mode != 0) > 1 + (mode != 0)) {
		warnx("NAME, --at, --id, --children, --match and --regex do not go together");
		usage(stderr, 2);
	}
	if (at == NULL && id == NULL && argc == 0 && pattern == NULL && npaths == 0 && q.kinds == 0 &&
	    q.nlangs == 0) {
		warnx("nothing to look up: give a NAME or a query option");
		usage(stderr, 2);
	}
	if (id != NULL && *id == '\0')
		errx(2, "no symbol id given (an empty --%s)", children ? "children" : "id");
	uint64_t idv = id != NULL ? parse_id(id) : 0;
	/* Paths as the user types them, relative to where we stand in the
	 * work tree; output paths relative to it too, unless --full-name. */
	if (kota_locate_prefix(&top, &prefix) < 0)
		fail();
	q.prefix = full_name ? NULL : prefix;
	v = open_index(file, &ixpath);
	q.v = v;
	if (kota_printer_new(&q.out, stdout, kota_view_base(v), format) < 0)
		fail();
	kota_printer_set_zero(q.out, zero);
	kota_printer_set_excmd(q.out, excmd);
	kota_printer_set_kind_names(q.out, kind_names);
	kota_printer_set_prefix(q.out, q.prefix);
	q.format = format;
	q.zero = zero;
	if (kota_print_begin(q.out) < 0)
		fail();
	for (size_t i = 0; i < npaths; i++) {
		char *p = kota_path_from_user(top, prefix, paths[i]);
		if (p == NULL)
			fail();
		/* A path that is no file of the index is a directory. */
		size_t n = strlen(p);
		const kota_index *fix;
		uint32_t fpos;
		if (n > 0 && p[n - 1] != '/' && find_file(v, p, &fix, &fpos) == KOTA_NOTFOUND) {
			char *d;
			if (asprintf(&d, "%s/", p) < 0)
				err(2, NULL);
			free(p);
			p = d;
		} else if (npaths == 1 && n > 0 && p[n - 1] != '/') {
			q.file_ix = fix;
			q.file = fpos;
		}
		push((const char ***)&q.paths, &q.npaths, p);
	}
	if (mode != 0 && id != NULL)
		callees_of_id(&q, idv);
	else if (mode != 0 && pattern != NULL)
		refs_match(&q, mode, pattern, pattern_flags | (flags & KOTA_MATCH_FOLD));
	else if (mode != 0)
		by_refs(&q, mode, argv[0]);
	else if (pattern != NULL)
		by_match(&q, pattern, pattern_flags | (flags & KOTA_MATCH_FOLD));
	else if (at != NULL)
		for (size_t i = 0; i < nats; i++) {
			if (strcmp(ats[i], "-") == 0)
				at_stdin(&q, top, prefix);
			else
				at_user_path(&q, top, prefix, ats[i]);
		}
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
	if (kota_print_end(q.out) < 0)
		fail();
	if (fflush(stdout) != 0 || ferror(stdout))
		err(2, "stdout");
	kota_printer_free(q.out);
	kota_view_free(v);
	free(ixpath);
	for (size_t i = 0; i < q.npaths; i++)
		free(q.paths[i]);
	free(q.paths);
	free(q.langs);
	free(kinds);
	free(langs);
	free(paths);
	free(ats);
	free(top);
	free(prefix);
	return q.found ? 0 : 1;
}
