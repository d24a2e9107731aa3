/*
 * bench/tsfloor.c - the floor of bench/parse.sh: parse files with tree-sitter
 * alone, on one thread, without a query, and print how long the parsing took.
 *
 *   usage: tsfloor [-C DIR] [-r ROUNDS] [-Q QUERYDIR] LIST
 *
 * LIST ("-" for stdin) has one file a line: LANG, a TAB and the path, the
 * path escaped as in the kota(5) record stream (\\ \t \n \r \xHH), so the
 * F records of a stream give it:  awk -F'\t' '$1 == "F" { print $3 "\t" $2 }'.
 * Paths are relative to DIR (default: the current directory).
 *
 * Each file is read into memory (not timed), then parsed with
 * ts_parser_parse_string and its tree deleted (timed, monotonic clock and
 * thread CPU time), with one parser reused for every file as kota-parse's
 * workers do.  With -r ROUNDS every file is parsed that many times in a row
 * and the best round of each file counts.
 *
 * With -Q QUERYDIR, each tree is also run through kota's query for its
 * language (QUERYDIR/LANG.scm; tsx uses typescript.scm), every match drawn
 * from the cursor as kota-parse does but nothing done with it (no
 * predicates, no records): what tree-sitter's query engine alone costs, timed
 * apart from the parse (QUERY_S, QUERY_CPU_S; 0 without -Q).
 *
 * Output, tab-separated:
 *   lang  LANG  FILES  BYTES  PARSE_S          per language, in LIST's order
 *   total FILES BYTES  PARSE_S  CPU_S  READ_S  ERROR_FILES  QUERY_S  QUERY_CPU_S  MATCHES
 * ERROR_FILES counts the trees with an ERROR or MISSING node.
 *
 * Grammars are linked in by the build (bench/parse.sh compiles the ones the
 * list needs from grammars/LANG/src); one that is not linked is an error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <tree_sitter/api.h>

#define GRAMMARS(X) X(bash) X(c) X(cpp) X(go) X(java) X(javascript) X(python) \
	X(ruby) X(rust) X(typescript) X(tsx)
#define DECLARE(n) const TSLanguage *tree_sitter_##n(void) __attribute__((weak));
GRAMMARS(DECLARE)

static const struct grammar {
	const char *name;
	const TSLanguage *(*fn)(void);
} grammars[] = {
#define ENTRY(n) { #n, tree_sitter_##n },
	GRAMMARS(ENTRY)
};
#define NGRAMMARS (sizeof grammars / sizeof grammars[0])

static struct {
	size_t files, bytes;
	double parse_s;
	int seen;
	TSQuery *query;
} per[NGRAMMARS];

static const char *prog = "tsfloor";

static void die(const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", prog);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(2);
}

static double now(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Undo the stream escapes of S in place; -1 on a bad escape. */
static int unescape(char *s)
{
	char *out = s;

	for (; *s != '\0'; s++) {
		if (*s != '\\') {
			*out++ = *s;
			continue;
		}
		switch (*++s) {
		case '\\': *out++ = '\\'; break;
		case 't': *out++ = '\t'; break;
		case 'n': *out++ = '\n'; break;
		case 'r': *out++ = '\r'; break;
		case 'x': {
			int hi = hexval(s[1]), lo = hi < 0 ? -1 : hexval(s[2]);
			if (lo < 0)
				return -1;
			*out++ = (char)(hi * 16 + lo);
			s += 2;
			break;
		}
		default:
			return -1;
		}
	}
	*out = '\0';
	return 0;
}

static char *slurp(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	char *buf;

	if (fd < 0 || fstat(fd, &st) < 0)
		die("%s: cannot open", path);
	if ((buf = malloc((size_t)st.st_size + 1)) == NULL)
		die("%s: out of memory", path);
	*len = 0;
	while (*len < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + *len, (size_t)st.st_size - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		*len += (size_t)n;
	}
	close(fd);
	return buf;
}

/* The query of grammar G from DIR, compiled once. */
static TSQuery *query_for(size_t g, const char *dir)
{
	char *path, *src;
	size_t len;
	uint32_t off;
	TSQueryError qe;
	const char *name = strcmp(grammars[g].name, "tsx") == 0 ? "typescript" : grammars[g].name;

	if (per[g].query != NULL)
		return per[g].query;
	if (asprintf(&path, "%s/%s.scm", dir, name) < 0)
		die("%s", "out of memory");
	src = slurp(path, &len);
	per[g].query = ts_query_new(grammars[g].fn(), src, (uint32_t)len, &off, &qe);
	if (per[g].query == NULL) {
		fprintf(stderr, "%s: %s: error %d at byte %u\n", prog, path, (int)qe, off);
		exit(2);
	}
	free(src);
	free(path);
	return per[g].query;
}

int main(int argc, char **argv)
{
	const char *dir = NULL, *qdir = NULL;
	int c, rounds = 1;
	FILE *list;
	char *line = NULL;
	size_t cap = 0, files = 0, bytes = 0, error_files = 0;
	ssize_t n;
	double parse_s = 0, cpu_s = 0, read_s = 0, query_s = 0, query_cpu = 0;
	size_t matches = 0;
	TSParser *parser;
	TSQueryCursor *cursor;

	while ((c = getopt(argc, argv, "C:r:Q:h")) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'Q': qdir = optarg; break;
		case 'r':
			if ((rounds = atoi(optarg)) < 1)
				die("bad -r '%s'", optarg);
			break;
		case 'h':
			printf("usage: %s [-C DIR] [-r ROUNDS] [-Q QUERYDIR] LIST\n", prog);
			return 0;
		default:
			fprintf(stderr, "usage: %s [-C DIR] [-r ROUNDS] [-Q QUERYDIR] LIST\n", prog);
			return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "usage: %s [-C DIR] [-r ROUNDS] [-Q QUERYDIR] LIST\n", prog);
		return 2;
	}
	if (strcmp(argv[optind], "-") == 0)
		list = stdin;
	else if ((list = fopen(argv[optind], "r")) == NULL)
		die("%s: cannot open", argv[optind]);
	/* QUERYDIR is taken before going to DIR. */
	char *qreal = qdir != NULL ? realpath(qdir, NULL) : NULL;
	if (qdir != NULL && qreal == NULL)
		die("%s: no such directory", qdir);
	if (dir != NULL && chdir(dir) < 0)
		die("%s: cannot change to it", dir);
	if ((parser = ts_parser_new()) == NULL || (cursor = ts_query_cursor_new()) == NULL)
		die("%s", "ts_parser_new failed");

	while ((n = getline(&line, &cap, list)) > 0) {
		char *tab, *path, *src;
		size_t g, len;
		double t0, t1, c0, c1, best = -1, best_cpu = 0;

		if (line[n - 1] == '\n')
			line[--n] = '\0';
		if (n == 0)
			continue;
		if ((tab = strchr(line, '\t')) == NULL)
			die("bad list line '%s' (want LANG TAB PATH)", line);
		*tab = '\0';
		path = tab + 1;
		for (g = 0; g < NGRAMMARS && strcmp(grammars[g].name, line) != 0; g++)
			;
		if (g == NGRAMMARS)
			die("unknown language '%s'", line);
		if (grammars[g].fn == NULL)
			die("grammar '%s' is not linked in", line);
		if (unescape(path) < 0)
			die("bad escape in path '%s'", path);

		t0 = now(CLOCK_MONOTONIC);
		src = slurp(path, &len);
		read_s += now(CLOCK_MONOTONIC) - t0;

		if (!ts_parser_set_language(parser, grammars[g].fn()))
			die("grammar '%s': ABI version not supported by this libtree-sitter", line);
		for (int r = 0; r < rounds; r++) {
			TSTree *tree;

			t0 = now(CLOCK_MONOTONIC);
			c0 = now(CLOCK_THREAD_CPUTIME_ID);
			tree = ts_parser_parse_string(parser, NULL, src, (uint32_t)len);
			if (tree == NULL)
				die("%s: the parser gave no tree", path);
			t1 = now(CLOCK_MONOTONIC);
			c1 = now(CLOCK_THREAD_CPUTIME_ID);
			if (r == 0 && ts_node_has_error(ts_tree_root_node(tree)))	/* a flag: O(1) */
				error_files++;
			if (r == rounds - 1 && qreal != NULL) {
				TSQuery *q = query_for(g, qreal);
				TSQueryMatch m;
				double q0 = now(CLOCK_MONOTONIC), qc0 = now(CLOCK_THREAD_CPUTIME_ID);
				ts_query_cursor_exec(cursor, q, ts_tree_root_node(tree));
				while (ts_query_cursor_next_match(cursor, &m))
					matches++;
				query_s += now(CLOCK_MONOTONIC) - q0;
				query_cpu += now(CLOCK_THREAD_CPUTIME_ID) - qc0;
			}
			/* Deleting the tree is part of the parse's cost, as in kota-parse. */
			double d0 = now(CLOCK_MONOTONIC), dc0 = now(CLOCK_THREAD_CPUTIME_ID);
			ts_tree_delete(tree);
			t1 += now(CLOCK_MONOTONIC) - d0;
			c1 += now(CLOCK_THREAD_CPUTIME_ID) - dc0;
			if (best < 0 || t1 - t0 < best) {
				best = t1 - t0;
				best_cpu = c1 - c0;
			}
		}
		free(src);
		files++;
		bytes += len;
		parse_s += best;
		cpu_s += best_cpu;
		per[g].files++;
		per[g].bytes += len;
		per[g].parse_s += best;
		per[g].seen = 1;
	}
	if (ferror(list))
		die("%s: read error", argv[optind]);
	free(line);
	free(qreal);
	ts_query_cursor_delete(cursor);
	for (size_t g = 0; g < NGRAMMARS; g++)
		if (per[g].query != NULL)
			ts_query_delete(per[g].query);
	ts_parser_delete(parser);

	for (size_t g = 0; g < NGRAMMARS; g++)
		if (per[g].seen)
			printf("lang\t%s\t%zu\t%zu\t%.3f\n", grammars[g].name, per[g].files,
			    per[g].bytes, per[g].parse_s);
	printf("total\t%zu\t%zu\t%.3f\t%.3f\t%.3f\t%zu\t%.3f\t%.3f\t%zu\n", files, bytes, parse_s, cpu_s, read_s,
	    error_files, query_s, query_cpu, matches);
	return 0;
}
