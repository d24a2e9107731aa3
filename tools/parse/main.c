/*
 * kota-parse: read the files of a git tree (any revision, or the work tree),
 * parse each with tree-sitter on N threads, and write the kota(5) record
 * stream of their symbols to stdout, in path order whatever N.  This file
 * reads the options and the configuration and opens the repository.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kota-parse.h"

struct options {
	const char *rev, *files_from, *max_size, *reuse;
	int worktree, zero, threads, no_refs;
};

static int quiet;
static void parse_shard(const char *arg);

static void usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: kota-parse [-qz] [-j N] [--rev REV | --worktree] [--lang LANG] [--max-size SIZE]\n"
	    "                  [--reuse INDEX] [--no-refs] [--progress] [--shard K/N]\n"
	    "                  [--files-from FILE] [PATH ...]\n"
	    "       kota-parse --languages\n");
	if (status == 0)
		fputs("\nParse a git tree with tree-sitter and print one record per symbol and\n"
		    "reference (kota(5)), for kota-pack.\n\n"
		    "  PATH ...          only these files or directories (git pathspecs)\n"
		    "  --rev REV         the tree of REV (default HEAD)\n"
		    "  --worktree        the work tree's files as they are now\n"
		    "  --files-from FILE the paths to parse, one per line (-z: NUL)\n"
		    "  --lang LANG       only these languages (--languages lists them)\n"
		    "  --max-size SIZE   skip larger files (default 1M; k, M, G)\n"
		    "  --reuse INDEX     copy unchanged files' records from INDEX\n"
		    "  --no-refs         definitions only\n"
		    "  --shard K/N       the K-th of N parts of the files\n"
		    "  -j N              N workers (default: the CPUs)\n"
		    "  --progress, -q    a progress line; no notes on stderr\n"
		    "  -z                NUL-separated paths in and out\n"
		    "  -h, --help        this help;  -V, --version  the version\n\n"
		    "Exit status: 0 done, 2 an error.  See kota-parse(1).\n", fp);
	exit(status);
}

void git_fail(const char *what)
{
	const git_error *e = git_error_last();

	errx(2, "%s%s%s", what, e != NULL ? ": " : "", e != NULL ? e->message : "");
}

void warn_path(const char *path, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	flockfile(stderr);
	fprintf(stderr, "%s: ", program_invocation_short_name);
	kota_put_field(stderr, path, strlen(path));
	fputs(": ", stderr);
	vfprintf(stderr, fmt, ap);
	putc('\n', stderr);
	funlockfile(stderr);
	va_end(ap);
}

void note_path(const char *path, const char *what)
{
	if (!quiet)
		warn_path(path, "%s", what);
}

void skipped(const char *path, const char *why)
{
	if (!quiet)
		warn_path(path, "skipped (%s)", why);
}

int open_repo(git_repository **out)
{
	const char *dir = getenv("GIT_DIR"), *tree = getenv("GIT_WORK_TREE");

	if (dir != NULL && *dir != '\0' && tree != NULL && *tree != '\0') {
		char *real = realpath(tree, NULL);
		const char *wd;
		int rc = 0;
		if (git_repository_open(out, dir) < 0) {
			free(real);
			return -1;
		}
		/* libgit2 1.5 leaks when told the work tree it already has: only tell it a new one. */
		wd = git_repository_workdir(*out);
		if (real == NULL || wd == NULL || strncmp(wd, real, strlen(real)) != 0 || wd[strlen(real)] != '/' ||
		    wd[strlen(real) + 1] != '\0')
			rc = git_repository_set_workdir(*out, tree, 0);
		free(real);
		return rc;
	}
	return git_repository_open_ext(out, NULL, GIT_REPOSITORY_OPEN_FROM_ENV, NULL);
}

static int64_t parse_size(const char *s)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || v < 0)
		return -1;
	switch (*end) {
	case 'k': case 'K': v *= 1024; end++; break;
	case 'm': case 'M': v *= 1024 * 1024; end++; break;
	case 'g': case 'G': v *= 1024.0 * 1024 * 1024; end++; break;
	}
	return *end == '\0' ? (int64_t)v : -1;
}

static int parse_jobs(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*end != '\0' || end == s || v < 1 || v > 256)
		errx(2, "bad -j '%s' (want 1 to 256)", s);
	return (int)v;
}

/* A budget per byte from the environment variable NAME, if it is set. */
static void budget_from_env(const char *name, uint64_t *v)
{
	const char *s = getenv(name);
	char *end;

	if (s == NULL || *s == '\0')
		return;
	errno = 0;
	*v = strtoull(s, &end, 10);
	if (*end != '\0' || errno != 0 || *s == '-')
		errx(2, "bad %s '%s' (want a number)", name, s);
}

static void read_config(git_repository *repo, struct kota_settings *set)
{
	git_config *cfg;
	int64_t size;
	int b;

	if (git_repository_config_snapshot(&cfg, repo) < 0)
		return;
	if (git_config_get_int64(&size, cfg, "kota.maxSize") == 0)
		set->max_size = size;
	if (git_config_get_bool(&b, cfg, "kota.cppHeaders") == 0)
		set->cpp_headers = b;
	if (git_config_get_bool(&b, cfg, "kota.references") == 0)
		set->no_refs = !b;
	git_config_free(cfg);
}

static int add_ignore(const git_config_entry *e, void *payload)
{
	if (kota_macros_add(payload, e->value, strlen(e->value)) < 0)
		errx(2, "%s", kota_error_last());
	return 0;
}

/*
 * The attribute-like macros to blank in C and C++ (parse/macros.c): the
 * built-in list, then a committed .kota/ignore of the tree parsed (of the
 * work tree with --worktree), then each git config kota.ignore, all in
 * ctags' -I syntax (NAME, NAME+, !NAME).
 */
static void load_macros(const struct source *src, const char *rev, struct kota_settings *set)
{
	git_object *obj = NULL, *tree = NULL;
	git_tree_entry *e = NULL;
	git_blob *blob = NULL;
	git_config *cfg;

	if (kota_macros_new(&set->macros) < 0)
		errx(2, "%s", kota_error_last());
	if (src->repo != NULL && !src->worktree &&
	    git_revparse_single(&obj, src->repo, rev != NULL ? rev : "HEAD") == 0 &&
	    git_object_peel(&tree, obj, GIT_OBJECT_TREE) == 0 &&
	    git_tree_entry_bypath(&e, (git_tree *)tree, ".kota/ignore") == 0 &&
	    git_tree_entry_type(e) == GIT_OBJECT_BLOB &&
	    git_blob_lookup(&blob, src->repo, git_tree_entry_id(e)) == 0) {
		if (kota_macros_add(set->macros, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob)) < 0)
			errx(2, "%s", kota_error_last());
	} else if (src->worktree) {
		size_t len;
		const char *why;
		char *text = read_disk(src->root_fd, ".kota/ignore", set, &len, &why);
		if (text != NULL && kota_macros_add(set->macros, text, len) < 0)
			errx(2, "%s", kota_error_last());
		free(text);
	}
	git_blob_free(blob);
	git_tree_entry_free(e);
	git_object_free(tree);
	git_object_free(obj);
	if (src->repo != NULL && git_repository_config_snapshot(&cfg, src->repo) == 0) {
		git_config_get_multivar_foreach(cfg, "kota.ignore", NULL, add_ignore, set->macros);
		git_config_free(cfg);
	}
	kota_macros_finish(set->macros);
}

static void list_languages(void)
{
	for (size_t l = 0; l < kota_nlangs; l++)
		printf("%s\t%s\n", kota_langs[l].name, kota_langs[l].extensions);
	exit(0);
}

/* The options into O and SET; optind is left at the first PATH. */
static void parse_options(int argc, char **argv, struct options *o, struct kota_settings *set)
{
	enum { O_REV = 256, O_WORKTREE, O_LANG, O_MAXSIZE, O_LANGUAGES, O_FILES_FROM, O_REUSE, O_NO_REFS, O_PROGRESS, O_SHARD };
	static const struct option longopts[] = {
		{ "rev", required_argument, NULL, O_REV },
		{ "worktree", no_argument, NULL, O_WORKTREE },
		{ "lang", required_argument, NULL, O_LANG },
		{ "max-size", required_argument, NULL, O_MAXSIZE },
		{ "languages", no_argument, NULL, O_LANGUAGES },
		{ "files-from", required_argument, NULL, O_FILES_FROM },
		{ "reuse", required_argument, NULL, O_REUSE },
		{ "no-refs", no_argument, NULL, O_NO_REFS },
		{ "progress", no_argument, NULL, O_PROGRESS },
		{ "shard", required_argument, NULL, O_SHARD },
		{ "jobs", required_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "null", no_argument, NULL, 'z' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "j:qzhV", longopts, NULL)) != -1) {
		switch (c) {
		case O_REV: o->rev = optarg; break;
		case O_WORKTREE: o->worktree = 1; break;
		case O_LANG:
			if ((set->lang = kota_lang_by_name(optarg)) == NULL)
				errx(2, "unknown language '%s' (see --languages)", optarg);
			break;
		case O_MAXSIZE: o->max_size = optarg; break;
		case O_LANGUAGES: list_languages(); break;
		case O_FILES_FROM: o->files_from = optarg; break;
		case O_REUSE: o->reuse = optarg; break;
		case O_NO_REFS: o->no_refs = 1; break;
		case O_PROGRESS: show_progress = 2; break;
		case O_SHARD: parse_shard(optarg); break;
		case 'j': o->threads = parse_jobs(optarg); break;
		case 'q': quiet = 1; break;
		case 'z': o->zero = 1; break;
		case 'h': usage(stdout, 0); break;
		case 'V': printf("kota-parse (kota) %s\n", PACKAGE_VERSION); exit(0);
		default: usage(stderr, 2);
		}
	}
	if (o->rev != NULL && o->worktree) {
		warnx("--rev and --worktree do not go together");
		usage(stderr, 2);
	}
}

static void start_libgit2(void)
{
	git_libgit2_init();
	/* Hashing every object read again to verify it cost over 1% of a run. */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	/* Blobs are read once each, in path order: a few small pack windows
	 * serve as well as libgit2's default (1 GiB windows, 8 GiB of them
	 * mapped), whose pages would count as our memory (a third of it on
	 * Linux's tree). */
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)32 << 20);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)64 << 20);
}

/*
 * Open the repository into SRC, with its configuration into SET, and return
 * the current directory's path in its work tree ("" at the top or outside
 * one), which PATH arguments are relative to, as in git.
 */
static char *open_source(struct source *src, struct kota_settings *set)
{
	char *cwd, *prefix = NULL;
	const char *wd;
	size_t wl;

	if (open_repo(&src->repo) < 0) {
		src->repo = NULL;
		if (!src->worktree)
			errx(2, "not in a git repository (use --worktree to parse the files of this directory)");
		return strdup("");
	}
	read_config(src->repo, set);
	wd = git_repository_workdir(src->repo);
	if (src->worktree && wd == NULL)
		errx(2, "--worktree: the repository has no work tree");
	src->root = wd;
	cwd = getcwd(NULL, 0);
	wl = wd != NULL ? strlen(wd) : 0;	/* with its trailing slash */
	if (cwd != NULL && wl > 0 && strncmp(cwd, wd, wl) == 0 && cwd[wl] != '\0') {
		if (asprintf(&prefix, "%s/", cwd + wl) < 0)
			err(2, NULL);
	}
	free(cwd);
	return prefix != NULL ? prefix : strdup("");
}

/* The header and the meta records: the commit, if any, and the settings SET. */
static unsigned shard_k, shard_n;	/* --shard K/N; N 0: none */

static void print_header(const git_oid *commit, const char *settings)
{
	kota_record m = { .type = KOTA_REC_META, .key = { "parse-settings", 14 },
		.value = { settings, strlen(settings) } };

	kota_put_header(stdout);
	if (commit != NULL) {
		char hex[GIT_OID_HEXSZ + 1];
		kota_record c = { .type = KOTA_REC_META, .key = { "commit", 6 } };
		git_oid_tostr(hex, sizeof hex, commit);
		c.value = (kota_str){ hex, strlen(hex) };
		kota_put_record(stdout, &c);
	}
	kota_put_record(stdout, &m);
	if (shard_n > 0) {
		char v[32];
		snprintf(v, sizeof v, "%u/%u", shard_k, shard_n);
		kota_record s = { .type = KOTA_REC_META, .key = { "shard", 5 }, .value = { v, strlen(v) } };
		kota_put_record(stdout, &s);
	}
}

/* --shard K/N: 1 <= K <= N <= 65536. */
static void parse_shard(const char *arg)
{
	char *end;
	unsigned long k = strtoul(arg, &end, 10), n;

	if (end == arg || *end != '/' || arg[0] == '-' || end[1] == '-')
		errx(2, "bad --shard '%s' (want K/N, as 2/4)", arg);
	n = strtoul(end + 1, &end, 10);
	if (*end != '\0' || k < 1 || n < 1 || k > n || n > 65536)
		errx(2, "bad --shard '%s' (want K/N with 1 <= K <= N <= 65536)", arg);
	shard_k = (unsigned)k;
	shard_n = (unsigned)n;
}

/* Keep the files of shard K of N: those whose path hashes to K - 1. */
static void keep_shard(struct filelist *files)
{
	size_t n = 0;

	for (size_t i = 0; i < files->n; i++) {
		uint64_t h = 0xcbf29ce484222325ull;
		for (const char *p = files->v[i].path; *p != '\0'; p++)
			h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
		if (h % shard_n == shard_k - 1)
			files->v[n++] = files->v[i];
		else
			free(files->v[i].path);
	}
	files->n = n;
}

int main(int argc, char **argv)
{
	struct options o = { .threads = (int)sysconf(_SC_NPROCESSORS_ONLN) };
	struct kota_settings set;
	struct source src = { .root_fd = -1 };
	struct filelist files = { 0 };
	char *prefix, *settings;

	kota_settings_init(&set);
	parse_options(argc, argv, &o, &set);
	if (o.threads < 1)
		o.threads = 1;
	budget_from_env("KOTA_PARSE_WORK_BUDGET", &set.work_budget);
	budget_from_env("KOTA_PARSE_MEMORY_BUDGET", &set.memory_budget);
	start_libgit2();
	src.worktree = o.worktree;
	if ((prefix = open_source(&src, &set)) == NULL)
		err(2, NULL);
	if (o.no_refs)
		set.no_refs = 1;
	/* Progress on a terminal unless -q; anywhere with --progress. */
	show_progress = show_progress == 2 || (!quiet && isatty(2));
	if (o.max_size != NULL && (set.max_size = parse_size(o.max_size)) < 0)
		errx(2, "bad --max-size '%s'", o.max_size);
	for (int i = optind; i < argc; i++)
		add_pathspec(prefix, argv[i]);
	if (o.files_from != NULL)
		read_files_from(prefix, o.files_from, o.zero);
	free(prefix);
	load_macros(&src, o.rev, &set);
	settings = parse_settings(&set, some_paths());
	if (o.reuse != NULL && shard_n > 0)
		errx(2, "--shard and --reuse do not go together (a shard would keep other shards' files)");
	if (o.reuse != NULL)
		reuse_open(o.reuse, &set);

	list_files(&src, &files, o.rev);
	select_files(&src, &set, &files);
	if (shard_n > 0)
		keep_shard(&files);
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	print_header(src.commit, settings);
	free(settings);
	run(&src, &set, &files, o.threads);
	if (fflush(stdout) != 0)
		err(2, "stdout");
	free_files(&files);
	kota_macros_free(set.macros);
	reuse_close();
	git_repository_free(src.repo);
	git_libgit2_shutdown();
	return 0;
}
