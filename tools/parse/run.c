/*
 * The parse itself: worker threads take the files in path order, each
 * parses its file into memory, and whichever finishes the next file to
 * print prints it and the finished ones after it, so that the output is
 * the same for any number of threads.
 */
#include <err.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kota-parse.h"

/* What a worker made of a file: printed in path order. */
struct result {
	char *out, *note;		/* records; why it was skipped */
	size_t out_len;
	int done;
};

/* The files and their results, shared by the workers under mu. */
struct jobs {
	const struct source *src;
	const struct kota_settings *set;
	const struct file *files;
	struct result *results;
	size_t nfiles;
	pthread_mutex_t mu;
	pthread_cond_t cv;		/* workers wait here for the window to move */
	size_t next_job, printed, window;
	int printing, waiting;		/* a worker is printing; workers waiting on cv */
};

struct worker {
	pthread_t thread;
	git_repository *repo;		/* tree mode: its own handle */
	kota_extractor *x;
	struct jobs *jobs;
};

/* A file's bytes: a blob's or, with --worktree, read from disk. */
struct bytes {
	const char *src;
	size_t len;
	git_blob *blob;
	char *disk;
};

/* By index in kota_langs, compiled when first needed. */
static kota_query *queries[32];
static pthread_mutex_t query_mu[32];

/*
 * The compiled query of LANG.  Compiling one takes 2 to 190 ms (C++, Ruby
 * and TypeScript are the slow ones), so each is compiled by the first
 * worker to need it, while the others go on, and only if a file needs it:
 * an extensionless script's language is known only from its #! line.
 */
static int no_refs;		/* the settings' no_refs, for query_for */
int show_progress;

/* What the progress line and the summary count, as files are printed. */
static struct {
	double start, last;
	uint64_t symbols, refs;
	int shown;
} progress;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Count the S and R records of a file's output; every fifth of a second,
 * the line "files done/all, rate" in place on stderr. */
static void tick(const struct result *r, size_t done, size_t all)
{
	for (size_t i = 0; r->out != NULL && i + 1 < r->out_len; i++) {
		if (i > 0 && r->out[i - 1] != '\n')
			continue;
		progress.symbols += r->out[i] == 'S' && r->out[i + 1] == '\t';
		progress.refs += r->out[i] == 'R' && r->out[i + 1] == '\t';
	}
	double t = now();
	if (t - progress.last < 0.2 && done < all)
		return;
	progress.last = t;
	fprintf(stderr, "\rkota-parse: %zu/%zu files (%.0f%%), %.0f files/s ", done, all,
	    all ? 100.0 * (double)done / (double)all : 100.0, (double)done / (t - progress.start + 1e-9));
	progress.shown = 1;
}

static kota_query *query_for(const struct kota_lang *lang)
{
	size_t l = (size_t)(lang - kota_langs);
	kota_query *q;

	pthread_mutex_lock(&query_mu[l]);
	if (queries[l] == NULL) {
		if (kota_query_new(&queries[l], lang) < 0)
			errx(2, "%s", kota_error_last());
		if (no_refs)
			kota_query_disable_refs(queries[l]);
	}
	q = queries[l];
	pthread_mutex_unlock(&query_mu[l]);
	return q;
}

/* Unchanged since the reused index: a keep record stands for its symbols. */
static void keep(struct result *r, const char *path, const char *hex)
{
	FILE *fp = open_memstream(&r->out, &r->out_len);

	if (fp == NULL)
		err(2, NULL);
	put_keep(fp, path, hex);
	fclose(fp);
}

/* Tree mode: F's blob (its id in HEX) into B: 0, or 1 with R filled (skipped or kept). */
static int read_blob(struct worker *w, const struct file *f, char *hex, struct bytes *b,
    struct result *r)
{
	const struct source *src = w->jobs->src;

	if (src->attrs_used && attr_unset(w->repo, f->path, src->commit)) {
		r->note = strdup("attribute kota is unset");
		return 1;
	}
	git_oid_tostr(hex, GIT_OID_HEXSZ + 1, &f->oid);
	if (reusable(f->path, hex)) {
		keep(r, f->path, hex);
		return 1;
	}
	if (git_blob_lookup(&b->blob, w->repo, &f->oid) < 0) {
		r->note = strdup("cannot read the blob");
		return 1;
	}
	b->len = (size_t)git_blob_rawsize(b->blob);
	b->src = git_blob_rawcontent(b->blob);
	return 0;
}

/* --worktree: F's bytes on disk into B, and in a repository their blob id
 * into HEX: 0, or 1 with R filled (skipped, kept, or gone: nothing). */
static int read_worktree(struct worker *w, const struct file *f, char *hex, struct bytes *b,
    struct result *r)
{
	const struct source *src = w->jobs->src;
	const char *why;
	git_oid oid;

	if ((b->disk = read_disk(src->root_fd, f->path, w->jobs->set, &b->len, &why)) == NULL) {
		r->note = why != NULL ? strdup(why) : NULL;	/* gone since listed: nothing to say */
		return 1;
	}
	b->src = b->disk;
	if (src->repo == NULL)
		return 0;
	if (git_odb_hash(&oid, b->src, b->len, GIT_OBJECT_BLOB) == 0)
		git_oid_tostr(hex, GIT_OID_HEXSZ + 1, &oid);
	if (reusable(f->path, hex)) {
		keep(r, f->path, hex);
		return 1;
	}
	return 0;
}

/* Parse the file PATH, blob HEX, bytes B, into R's records, or its note. */
static void parse_bytes(struct worker *w, const char *path, const char *hex, const struct bytes *b,
    struct result *r)
{
	const struct kota_lang *lang;
	const char *why;
	FILE *fp;

	if ((why = kota_file_classify(w->jobs->set, path, b->src, b->len, &lang)) != NULL) {
		r->note = strdup(why);
		return;
	}
	if (lang == NULL)
		return;	/* not a language we know: silently not ours */
	/* C and C++ see through attribute macros: they are parsed from a
	 * copy with those blanked (parse/macros.c). */
	const char *src = b->src;
	char *copy = NULL;
	const struct kota_settings *set = w->jobs->set;
	if (set->macros != NULL && b->len > 0 &&
	    (strcmp(lang->name, "c") == 0 || strcmp(lang->name, "cpp") == 0)) {
		if ((copy = malloc(b->len + 1)) == NULL)
			err(2, NULL);
		memcpy(copy, b->src, b->len);
		kota_macros_blank(set->macros, copy, b->len);
		src = copy;
	}
	if ((fp = open_memstream(&r->out, &r->out_len)) == NULL)
		err(2, NULL);
	if (kota_extract(w->x, query_for(lang), path, hex, src, b->len, fp) < 0) {
		fclose(fp);
		free(r->out);
		r->out = NULL;
		if (asprintf(&r->note, "%s", kota_error_last()) < 0)
			r->note = NULL;
	} else {
		fclose(fp);
	}
	free(copy);
}

/* Parse F: fill R's out (records) or note (why it was skipped). */
static void parse_one(struct worker *w, const struct file *f, struct result *r)
{
	struct bytes b = { NULL, 0, NULL, NULL };
	char hex[GIT_OID_HEXSZ + 1] = "-";

	if (w->jobs->src->worktree ? read_worktree(w, f, hex, &b, r) == 0 : read_blob(w, f, hex, &b, r) == 0)
		parse_bytes(w, f->path, hex, &b, r);
	git_blob_free(b.blob);
	free(b.disk);
}

/*
 * Print, in path order, the finished files from the next one not printed on,
 * with J's mu held (it is let go while writing).  Whichever worker finishes
 * the file next in order prints it and any finished ones after it: the
 * others go on parsing, and nobody sleeps waiting for a printer or wakes
 * one up.
 */
static void print_ready(struct jobs *j)
{
	if (j->printing)
		return;		/* another worker is at it, and will see this file too */
	j->printing = 1;
	while (j->printed < j->nfiles && j->results[j->printed].done) {
		const char *path = j->files[j->printed].path;
		struct result *r = &j->results[j->printed];
		pthread_mutex_unlock(&j->mu);
		print_keeps(path);
		if (r->out != NULL && fwrite(r->out, 1, r->out_len, stdout) != r->out_len)
			err(2, "stdout");
		if (show_progress)
			tick(r, j->printed + 1, j->nfiles);
		if (r->note != NULL) {
			if (progress.shown)
				fputs("\r\033[K", stderr);
			skipped(path, r->note);
		}
		free(r->out);
		free(r->note);
		r->out = r->note = NULL;
		pthread_mutex_lock(&j->mu);
		j->printed++;
		if (j->waiting > 0)
			pthread_cond_broadcast(&j->cv);
	}
	j->printing = 0;
}

static void *work(void *arg)
{
	struct worker *w = arg;
	struct jobs *j = w->jobs;

	pthread_mutex_lock(&j->mu);
	for (;;) {
		/* Stay within a window of the printed files so finished output stays bounded. */
		while (j->next_job < j->nfiles && j->next_job >= j->printed + j->window) {
			j->waiting++;
			pthread_cond_wait(&j->cv, &j->mu);
			j->waiting--;
		}
		size_t i = j->next_job++;
		if (i >= j->nfiles)
			break;
		pthread_mutex_unlock(&j->mu);
		parse_one(w, &j->files[i], &j->results[i]);
		pthread_mutex_lock(&j->mu);
		j->results[i].done = 1;
		if (i == j->printed)
			print_ready(j);
	}
	pthread_mutex_unlock(&j->mu);
	return NULL;
}

/* Worker W's extractor and, in tree mode, its own repository handle:
 * libgit2 handles are not shared between threads. */
static void start_worker(struct worker *w, struct jobs *j)
{
	w->jobs = j;
	if (kota_extractor_new(&w->x) < 0)
		errx(2, "%s", kota_error_last());
	kota_extractor_set_budget(w->x, j->set->work_budget, j->set->memory_budget);
	if (j->src->worktree)
		return;
	if (open_repo(&w->repo) < 0)
		git_fail(git_repository_path(j->src->repo));
	/* Attributes from the commit alone, as for the main handle. */
	if (j->src->commit != NULL)
		attrs_from_commit(w->repo);
}

void run(const struct source *src, const struct kota_settings *set, const struct filelist *files,
    int threads)
{
	struct jobs j = { .src = src, .set = set, .files = files->v, .nfiles = files->n,
		.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER,
		.window = (size_t)threads * 64 };
	struct worker *w = calloc((size_t)threads, sizeof *w);

	if (w == NULL || (j.results = calloc(files->n + 1, sizeof *j.results)) == NULL)
		err(2, NULL);
	no_refs = set->no_refs;
	progress.start = progress.last = now();
	for (size_t l = 0; l < sizeof query_mu / sizeof query_mu[0]; l++)
		pthread_mutex_init(&query_mu[l], NULL);
	for (int t = 0; t < threads; t++) {
		start_worker(&w[t], &j);
		/* The main thread is worker 0. */
		if (t > 0 && pthread_create(&w[t].thread, NULL, work, &w[t]) != 0)
			errx(2, "cannot start a thread");
	}
	work(&w[0]);
	for (int t = 0; t < threads; t++) {
		if (t > 0)
			pthread_join(w[t].thread, NULL);
		kota_extractor_free(w[t].x);
		git_repository_free(w[t].repo);
	}
	/* Every file is printed by now: the keep records after the last. */
	print_keeps(NULL);
	if (show_progress)
		fprintf(stderr, "%skota-parse: %zu files, %llu symbols, %llu references in %.1f s\n",
		    progress.shown ? "\r\033[K" : "", files->n, (unsigned long long)progress.symbols,
		    (unsigned long long)progress.refs, now() - progress.start);
	for (size_t l = 0; l < kota_nlangs; l++)
		kota_query_free(queries[l]);
	free(j.results);
	free(w);
}
