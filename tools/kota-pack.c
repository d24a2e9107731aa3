/* kota-pack: read record streams and write them as one index, atomically. */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kota.h"

/* Exit statuses (kota-pack(1)): an error, and an error that a whole index
 * written without the base would not have, for kota-hook to rebuild on. */
#define EXIT_ERROR 2
#define EXIT_BASE 3

static void usage(FILE *fp, int status)
{
	fprintf(fp, "usage: kota-pack [-o FILE] [--force] [--base INDEX [--delta] [--fold-at N]] [FILE ...]\n");
	if (status == 0)
		fputs("\nWrite the record streams FILE... (default: the standard input) as one\n"
		    "index, replacing the old one atomically; a failed run leaves it as it was.\n\n"
		    "  -o FILE        the index to write (- for stdout; default: $KOTA_INDEX,\n"
		    "                 else the repository's .git/kota/index.kota)\n"
		    "  --force        replace the repository's index even with a stream of some\n"
		    "                 paths only, or one without files\n"
		    "  --base INDEX   resolve the stream's keep records (K) from INDEX\n"
		    "  --delta        write only what differs from --base, beside it (INDEX.delta)\n"
		    "  --fold-at N    with --delta: fold into a whole index past N symbols\n"
		    "  -h, --help     this help;  -V, --version  the version\n\n"
		    "Exit status: 0 written, 2 an error, 3 the base index cannot be used\n"
		    "(damaged, of another version, or not the one the stream was made from).\n"
		    "See kota-pack(1) and kota(5).\n", fp);
	exit(status);
}

/* The exit status for an error of W: EXIT_BASE if the base was the cause. */
static int status_of(const kota_writer *w)
{
	return kota_writer_base_failed(w) ? EXIT_BASE : EXIT_ERROR;
}

/* Read stream NAME into W; on error give up, first abandoning R if begun. */
static void add_input(kota_writer *w, const char *name, kota_replace *r)
{
	int fd = 0;

	if (strcmp(name, "-") != 0 && (fd = open(name, O_RDONLY | O_CLOEXEC)) < 0) {
		kota_error_set("%s: %s", name, strerror(errno));
		kota_replace_free(r);
		errx(EXIT_ERROR, "%s", kota_error_last());
	}
	if (kota_writer_add_stream(w, fd, fd == 0 ? "stdin" : name) < 0) {
		kota_replace_free(r);
		errx(status_of(w), "%s", kota_error_last());
	}
	if (fd != 0)
		close(fd);
}

/* Write to FD, which is not an index file to replace (stdout, a device, a pipe). */
static void write_through(kota_writer *w, int fd, const char *name)
{
	if (kota_writer_write(w, fd) < 0)
		errx(EXIT_ERROR, "%s: %s", name, kota_error_last());
	if (fd != 1 && close(fd) < 0)
		err(EXIT_ERROR, "%s", name);
}

/* After a whole index is written to PATH, a delta beside it is stale: remove it. */
static void drop_delta(const char *path)
{
	char *dpath = kota_delta_path(path);

	if (dpath == NULL)
		err(EXIT_ERROR, NULL);
	if (unlink(dpath) < 0 && errno != ENOENT)
		warn("%s", dpath);
	free(dpath);
}

static void fail_write(kota_replace *r, const char *path, int status)
{
	kota_error_set("%s: %s", path, kota_error_last());
	kota_replace_free(r);
	errx(status, "%s", kota_error_last());
}

/* Write W into the replacement R of PATH begun before, and let go of R.
 * Still under its lock, drop the delta the new index makes stale (another
 * writer's delta over the new index must not be), and record that the new
 * index needs no check (kota(5) PATH.verified): we wrote it whole. */
static void commit(kota_writer *w, kota_replace *r, int fd, const char *path)
{
	kota_index *ix;

	if (kota_writer_write(w, fd) < 0)
		fail_write(r, path, status_of(w));
	if (kota_replace_commit(r) < 0) {
		kota_replace_free(r);
		errx(EXIT_ERROR, "%s", kota_error_last());
	}
	drop_delta(path);
	/* Unrecorded, the next delta run checks it whole: no error. */
	if (kota_index_open(&ix, path) == 0) {
		(void)kota_index_mark_checked(ix, r);
		kota_index_free(ix);
	}
	kota_replace_free(r);
}

/* Where the index goes: NULL for stdout or a file that is not replaced (*FD
 * then open on it), else its path, with its replacement begun (*R, *FD). */
static char *target(const char *output, kota_replace **r, int *fd)
{
	struct stat st;
	char *path;

	*r = NULL;
	if (output != NULL && strcmp(output, "-") == 0) {
		*fd = 1;
		return NULL;
	}
	if (kota_locate_index(&path, output, "-o", output == NULL) < 0)
		errx(EXIT_ERROR, "%s", kota_error_last());
	/* A device or FIFO given with -o is written to, not replaced (KOTA_INDEX
	 * and the default index always are).  The open does not wait: for a
	 * FIFO that no process reads it would wait for ever. */
	if (output != NULL && stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if ((*fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)) < 0 && errno == ENXIO)
			errx(EXIT_ERROR, "%s: a FIFO that no process reads", path);
		if (*fd < 0 || fstat(*fd, &st) < 0 ||
		    fcntl(*fd, F_SETFL, fcntl(*fd, F_GETFL) & ~O_NONBLOCK) < 0)
			err(EXIT_ERROR, "%s", path);
		if (!S_ISREG(st.st_mode)) {
			free(path);
			return NULL;
		}
		close(*fd);	/* a regular file after all: replace it */
	}
	if (kota_replace_begin(r, path, fd) < 0)
		errx(EXIT_ERROR, "%s", kota_error_last());
	return path;
}

/* Write W as the delta beside PATH, then let go of PATH's replacement R,
 * whose lock kept other writers out meanwhile. */
static void write_delta(kota_writer *w, const char *path, kota_replace *r)
{
	kota_replace *dr;
	int dfd;
	char *dpath = kota_delta_path(path);

	if (dpath == NULL)
		err(EXIT_ERROR, NULL);
	if (kota_replace_begin(&dr, dpath, &dfd) < 0) {
		kota_replace_free(r);
		errx(EXIT_ERROR, "%s", kota_error_last());
	}
	if (kota_writer_write(w, dfd) < 0) {
		kota_replace_free(r);
		fail_write(dr, dpath, status_of(w));
	}
	if (kota_replace_commit(dr) < 0) {
		kota_replace_free(dr);
		kota_replace_free(r);
		errx(EXIT_ERROR, "%s", kota_error_last());
	}
	kota_replace_free(dr);
	kota_replace_free(r);
	free(dpath);
}

/*
 * The repository's index (no -o) is not replaced by a stream that cannot
 * stand for the whole tree: one that kota-parse made of some paths only,
 * or one without a single file (a typo, a failed producer) when the index
 * has files.  --force, or -o, says that is meant.
 */
static void refuse_partial(const kota_writer *w, const char *path, kota_replace *r)
{
	kota_str settings;
	kota_index *old;
	const char *why = NULL;
	struct stat st;

	if (stat(path, &st) != 0)
		return;		/* nothing to replace */
	if (kota_writer_meta(w, "parse-settings", &settings) == 0 &&
	    memmem(settings.ptr, settings.len, " paths=some", 11) != NULL)
		why = "a stream of some paths only (kota-parse was given paths)";
	else if (kota_writer_nfiles(w) == 0 && kota_index_open(&old, path) == 0) {
		if (kota_index_nfiles(old) > 0)
			why = "a stream without files";
		kota_index_free(old);
	}
	if (why == NULL)
		return;
	kota_replace_free(r);
	errx(EXIT_ERROR, "%s: not replacing the repository's index with %s; "
	    "write it elsewhere with -o FILE, or give --force", path, why);
}

int main(int argc, char **argv)
{
	enum { O_BASE = 256, O_DELTA, O_FOLD_AT, O_FORCE };
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "base", required_argument, NULL, O_BASE },
		{ "delta", no_argument, NULL, O_DELTA },
		{ "fold-at", required_argument, NULL, O_FOLD_AT },
		{ "force", no_argument, NULL, O_FORCE },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *output = NULL, *base = NULL;
	long long fold_at = -1;
	kota_writer *w;
	kota_view *view = NULL;
	kota_replace *r = NULL;
	int c, delta = 0, fd = -1, force = 0;
	char *path = NULL, *end;

	while ((c = getopt_long(argc, argv, "o:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': output = optarg; break;
		case O_BASE: base = optarg; break;
		case O_DELTA: delta = 1; break;
		case O_FORCE: force = 1; break;
		case O_FOLD_AT:
			errno = 0;
			fold_at = strtoll(optarg, &end, 10);
			if (*optarg < '0' || *optarg > '9' || *end != '\0' || errno != 0) {
				warnx("bad --fold-at '%s' (want a number of symbols)", optarg);
				usage(stderr, EXIT_ERROR);
			}
			break;
		case 'h': usage(stdout, 0); break;
		case 'V': printf("kota-pack (kota) %s\n", PACKAGE_VERSION); return 0;
		default: usage(stderr, EXIT_ERROR);
		}
	}
	if ((delta || fold_at >= 0) && base == NULL) {
		warnx("--delta and --fold-at need --base");
		usage(stderr, EXIT_ERROR);
	}
	if (delta && output != NULL && strcmp(output, base) != 0) {
		warnx("--delta writes beside the base index: give no -o, or -o %s", base);
		usage(stderr, EXIT_ERROR);
	}
	if (delta)
		output = base;
	/* With a base, lock the target before reading the base, so that no
	 * other writer changes it between the two. */
	if (base != NULL)
		path = target(output, &r, &fd);
	if (kota_writer_new(&w) < 0)
		errx(EXIT_ERROR, "%s", kota_error_last());
	/* Damage must not be copied on, nor built on: check the checksums of
	 * the base (not its whole structure, which costs much more).  A delta
	 * run reads only the base's file table, and its cost must not grow
	 * with the base: it checks a base whole once, and after that trusts
	 * the record of that check while the file stays the same.  A base
	 * that cannot be opened or fails the check cannot be used. */
	if (base != NULL && (kota_view_open(&view, base) < 0 ||
	    (delta ? kota_index_check_once(kota_view_base(view), r) < 0 :
	    kota_index_checksums(kota_view_base(view), NULL) < 0) ||
	    (kota_view_delta(view) != NULL && kota_index_checksums(kota_view_delta(view), NULL) < 0))) {
		kota_replace_free(r);
		errx(EXIT_BASE, "%s", kota_error_last());
	}
	if (base != NULL && kota_writer_set_base(w, view, delta) < 0) {
		kota_replace_free(r);
		errx(EXIT_ERROR, "%s", kota_error_last());
	}
	if (optind == argc)
		add_input(w, "-", r);
	for (int i = optind; i < argc; i++)
		add_input(w, argv[i], r);
	if (delta) {
		uint32_t nbase = kota_index_nsymbols(kota_view_base(view));
		uint64_t limit = fold_at >= 0 ? (uint64_t)fold_at : 16384 + nbase / 32;
		if (kota_writer_nsymbols(w) <= limit) {
			/* The delta only: the base stays as it is. */
			write_delta(w, path, r);
			goto done;
		}
		if (kota_writer_fold(w) < 0) {
			kota_replace_free(r);
			errx(status_of(w), "%s", kota_error_last());
		}
	}
	if (base == NULL) {
		path = target(output, &r, &fd);
		if (r != NULL && output == NULL && !force)
			refuse_partial(w, path, r);
	}
	if (r != NULL)
		commit(w, r, fd, path);
	else
		write_through(w, fd, fd == 1 ? "stdout" : output != NULL ? output : "index");
done:
	kota_view_free(view);
	kota_writer_free(w);
	free(path);
	return 0;
}
