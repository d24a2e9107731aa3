/* Unit tests of the index writer (writer.c, sort.c, layout.c): its rules, determinism, streams. */
#include "lib-test.h"

/* Write W through a pipe (the non-seekable path) into the file NAME. */
struct pipe_reader {
	pthread_t thread;
	int fd;
	const char *path;
};

static void *drain(void *arg)
{
	struct pipe_reader *p = arg;
	int out = open(p->path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	char buf[8192];
	ssize_t n;

	while ((n = read(p->fd, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)n) != n)
			abort();
	close(out);
	close(p->fd);
	return NULL;
}

static int write_pipe_to(kota_writer *w, const char *name)
{
	int fds[2], rc;
	struct pipe_reader p;

	if (pipe(fds) < 0)
		abort();
	p.fd = fds[0];
	p.path = tpath(name);
	pthread_create(&p.thread, NULL, drain, &p);
	rc = kota_writer_write(w, fds[1]);
	close(fds[1]);
	pthread_join(p.thread, NULL);
	return rc;
}

static int same_files(const char *a, const char *b)
{
	size_t la, lb;
	unsigned char *x = slurp(tpath(a), &la), *y = slurp(tpath(b), &lb);
	int same = x != NULL && y != NULL && la == lb && memcmp(x, y, la) == 0;

	free(x);
	free(y);
	return same;
}

/* Open the index NAME and run kota_index_verify: 0, or -1 with the message in kota_error_last(). */
static int open_verify(const char *name)
{
	kota_index *ix;
	int rc;

	if (kota_index_open(&ix, tpath(name)) < 0)
		return -1;
	rc = kota_index_verify(ix);
	kota_index_free(ix);
	return rc;
}

static void test_writer_rules(void)
{
	kota_writer *w;

	ok(kota_writer_new(&w) == 0, "writer_new");
	kota_error_set("stale");
	ok(add(w, sym_rec(0xa1, "f", 1, 2, 0)) == -1 && err_has("symbol record before any file record"),
	    "writer: symbol before any file -> -1 (%s)", shown(kota_error_last()));
	ok(add(w, meta_rec("origin", "x")) == 0 && add(w, meta_rec("commit", "abc")) == 0, "writer: two meta records");
	kota_error_set("stale");
	ok(add(w, meta_rec("origin", "y")) == -1 && err_has("duplicate meta key 'origin'"),
	    "writer: duplicate meta key -> -1 (%s)", shown(kota_error_last()));
	ok(add(w, file_rec("a.c", "c", 1)) == 0, "writer: file a.c");
	kota_error_set("stale");
	ok(add(w, meta_rec("late", "v")) == -1 && err_has("meta record after a file record"),
	    "writer: meta after a file -> -1 (%s)", shown(kota_error_last()));
	ok(add(w, sym_rec(0xa1, "f", 1, 2, 0)) == 0, "writer: symbol a1 in a.c");
	kota_error_set("stale");
	ok(add(w, sym_rec(0xa1, "g", 3, 4, 0)) == -1 && err_has("duplicate symbol id 00000000000000a1"),
	    "writer: duplicate id in a file -> -1 (%s)", shown(kota_error_last()));
	kota_error_set("stale");
	ok(add(w, sym_rec(0xa2, "g", 3, 4, 0xff)) == -1 &&
	    err_has("parent 00000000000000ff is not an earlier symbol of this file"),
	    "writer: unknown parent -> -1 (%s)", shown(kota_error_last()));
	kota_error_set("stale");
	ok(add(w, sym_rec(0xa2, "g", 3, 4, 0xa2)) == -1 && err_has("is not an earlier symbol"),
	    "writer: own id as parent -> -1 (%s)", shown(kota_error_last()));
	ok(add(w, sym_rec(0xa2, "g", 3, 4, 0xa1)) == 0, "writer: earlier symbol as parent");
	ok(add(w, file_rec("b.c", "c", 1)) == 0, "writer: file b.c");
	ok(add(w, sym_rec(0xa1, "f", 1, 2, 0)) == 0, "writer: id a1 again, in another file");
	kota_error_set("stale");
	ok(add(w, sym_rec(0xb1, "h", 1, 2, 0xa2)) == -1 && err_has("is not an earlier symbol"),
	    "writer: parent from another file -> -1 (%s)", shown(kota_error_last()));
	kota_error_set("stale");
	ok(add(w, file_rec("a.c", "c", 1)) == -1 && err_has("duplicate file 'a.c'"),
	    "writer: duplicate file -> -1 (%s)", shown(kota_error_last()));
	kota_record bad = meta_rec("k", "v");
	bad.type = 'X';
	kota_error_set("stale");
	ok(kota_writer_add(w, &bad) == -1 && err_one_line(), "writer: unknown record type -> -1 (%s)", shown(kota_error_last()));
	/* Ids repeat across many files, and a file's id table grows. */
	int good = 1;
	char name[32];
	for (int f = 0; f < 5; f++) {
		snprintf(name, sizeof name, "many%d.c", f);
		good &= add(w, file_rec(name, "c", 0)) == 0;
		for (uint64_t id = 1; id <= 3000; id++)
			good &= add(w, sym_rec(id, "x", 1, 1, id > 1 ? id - 1 : 0)) == 0;
		good &= add(w, sym_rec(2999, "x", 1, 1, 0)) == -1;
	}
	ok(good, "writer: 5 files of 3000 symbols, same ids in each, chained parents; duplicate caught late in a file");
	ok(write_to(w, "rules.kota") == 0, "writer: write after rejected records");
	ok(open_verify("rules.kota") == 0, "writer: the result verifies (%s)", shown(kota_error_last()));
	kota_index *ix;
	if (kota_index_open(&ix, tpath("rules.kota")) == 0) {
		ok(kota_index_nsymbols(ix) == 3 + 5 * 3000 && kota_index_nfiles(ix) == 7 && kota_index_nmeta(ix) == 2,
		    "writer: rejected records left out (%u symbols, %u files, %u meta)", kota_index_nsymbols(ix),
		    kota_index_nfiles(ix), kota_index_nmeta(ix));
		kota_index_free(ix);
	} else
		ok(0, "writer: open rules.kota (%s)", shown(kota_error_last()));
	kota_writer_free(w);
	kota_writer_free(NULL);
}

/* Add files FILES (indexes into the table below) in the given order. */
static const char *det_paths[] = { "src/main.c", "src/a.c", "lib/x.c", "README", "src/main.h", "a b\tc" };

static void det_build(kota_writer *w, const int *order, int meta_reverse)
{
	if (meta_reverse) {
		add(w, meta_rec("zeta", "1"));
		add(w, meta_rec("commit", "0123456789abcdef0123456789abcdef01234567"));
		add(w, meta_rec("alpha", ""));
	} else {
		add(w, meta_rec("alpha", ""));
		add(w, meta_rec("commit", "0123456789abcdef0123456789abcdef01234567"));
		add(w, meta_rec("zeta", "1"));
	}
	for (int i = 0; i < 6; i++) {
		int f = order[i];
		char name[32], sig[64];
		add(w, file_rec(det_paths[f], f == 3 ? "text" : "c", (uint64_t)f * 100));
		for (int k = 0; k < 20 + f * 7; k++) {
			snprintf(name, sizeof name, k % 3 ? "fn_%d" : "Fn_%d", (k * 7 + f) % 11);
			if (k % 4)
				snprintf(sig, sizeof sig, "int fn_%d_%d(void)", f, k);
			else
				sig[0] = '\0';
			kota_record r = sym_recn((uint64_t)(k + 1) * 0x1000 + (uint64_t)(5 - f), 1 + k % KOTA_KIND_MAX,
			    name, strlen(name), (uint32_t)k + 1, 1, (uint32_t)k + 3, 2,
			    k > 0 && k % 5 ? (uint64_t)k * 0x1000 + (uint64_t)(5 - f) : 0, sig);
			add(w, r);
		}
	}
}

struct write_job {
	int with_file, rc;
	char msg[512];
};

static void write_child(void *arg)
{
	struct write_job *j = arg;
	kota_writer *w;

	kota_writer_new(&w);
	if (j->with_file) {
		add(w, file_rec("a.c", "c", 1));
		add(w, sym_rec(1, "f", 1, 2, 0));
	}
	j->rc = write_to(w, j->with_file ? "nometa1.kota" : "nometa0.kota");
	if (j->rc == 0)
		j->rc = open_verify(j->with_file ? "nometa1.kota" : "nometa0.kota");
	snprintf(j->msg, sizeof j->msg, "%s", j->rc < 0 ? kota_error_last() : "");
	kota_writer_free(w);
}

static void test_writer_determinism(void)
{
	static const int o1[] = { 0, 1, 2, 3, 4, 5 }, o2[] = { 5, 3, 1, 4, 0, 2 }, o3[] = { 2, 0, 4, 1, 3, 5 };
	kota_writer *a, *b, *c;

	kota_writer_new(&a);
	kota_writer_new(&b);
	kota_writer_new(&c);
	det_build(a, o1, 0);
	det_build(b, o2, 1);
	det_build(c, o3, 1);
	ok(write_to(a, "det-a.kota") == 0 && write_to(b, "det-b.kota") == 0 && write_pipe_to(c, "det-c.kota") == 0,
	    "determinism: three writers written (two files, one pipe)");
	ok(same_files("det-a.kota", "det-b.kota"), "determinism: files and meta in another order give the same bytes");
	ok(same_files("det-a.kota", "det-c.kota"), "determinism: a pipe gets the same bytes as a file");
	ok(write_to(a, "det-a2.kota") == 0 && same_files("det-a.kota", "det-a2.kota"),
	    "determinism: writing the same writer twice gives the same bytes");
	ok(write_pipe_to(b, "det-b2.kota") == 0 && same_files("det-a.kota", "det-b2.kota"),
	    "determinism: second write of a reordered writer, through a pipe");
	ok(open_verify("det-a.kota") == 0, "determinism: the index verifies (%s)", shown(kota_error_last()));

	/* Files sorted by path, their symbols moved with them, parents kept. */
	kota_index *ix;
	int good = 1;
	if (kota_index_open(&ix, tpath("det-b.kota")) == 0) {
		kota_file f, prev;
		kota_symbol s, par;
		good &= kota_index_nfiles(ix) == 6;
		for (uint32_t i = 0; i < kota_index_nfiles(ix); i++) {
			good &= kota_index_file(ix, i, &f) == 0;
			if (i > 0)
				good &= kota_bytes_cmp(prev.path.ptr, prev.path.len, f.path.ptr, f.path.len) < 0;
			int which = -1;
			for (int k = 0; k < 6; k++)
				if (f.path.len == strlen(det_paths[k]) && memcmp(f.path.ptr, det_paths[k], f.path.len) == 0)
					which = k;
			good &= which >= 0 && f.count == (uint32_t)(20 + which * 7) && f.size == (uint64_t)which * 100;
			for (uint32_t p = f.first; p < f.first + f.count && which >= 0; p++) {
				uint32_t k = p - f.first;
				good &= kota_index_symbol(ix, p, &s) == 0 && s.file == i &&
				    s.id == (uint64_t)(k + 1) * 0x1000 + (uint64_t)(5 - which) && s.start_line == k + 1;
				if (k > 0 && k % 5)
					good &= s.parent == p - 1 && kota_index_symbol(ix, s.parent, &par) == 0 &&
					    par.id == (uint64_t)k * 0x1000 + (uint64_t)(5 - which);
				else
					good &= s.parent == KOTA_NONE;
			}
			prev = f;
		}
		kota_index_free(ix);
	} else
		good = 0;
	ok(good, "determinism: files sorted by path, each with its symbols in stream order and parents");

	/* A rejected record must not change what is written (kota(5): STRS holds exactly the referenced strings). */
	kota_writer *d, *e, *g;
	kota_writer_new(&d);
	kota_writer_new(&e);
	kota_writer_new(&g);
	det_build(d, o1, 0);
	det_build(e, o1, 0);
	det_build(g, o1, 0);
	kota_record r = meta_rec("alpha", "unused value");
	ok(kota_writer_add(e, &r) == -1, "rejected duplicate meta key");
	r = file_rec("src/a.c", "unused-language", 1);
	r.blob = S("0123456789012345678901234567890123456789");
	ok(kota_writer_add(g, &r) == -1, "rejected duplicate file");
	ok(write_to(d, "det-d.kota") == 0 && write_to(e, "det-e.kota") == 0 && same_files("det-d.kota", "det-e.kota"),
	    "a rejected duplicate meta record changes nothing written");
	ok(write_to(g, "det-g.kota") == 0 && same_files("det-d.kota", "det-g.kota"),
	    "a rejected duplicate file record changes nothing written");
	kota_writer_free(g);
	kota_writer_free(a);
	kota_writer_free(b);
	kota_writer_free(c);
	kota_writer_free(d);
	kota_writer_free(e);

	/* Writers with no meta entries, and with nothing at all (in a child: see the BUG below). */
	struct write_job *wj = shared_alloc(sizeof *wj);
	char why[100];
	for (int k = 0; k < 2; k++) {
		wj->with_file = k;
		wj->rc = -3;
		if (run_isolated(write_child, wj, why, sizeof why) < 0)
			ok(0, "BUG (library crash: qsort(NULL, 0) on the meta array in layout_files): "
			    "writing an index with no meta entries%s: %s", k ? ", one file" : ", nothing else", why);
		else
			ok(wj->rc == 0, "an index with no meta entries%s is written and verifies (%s)",
			    k ? ", one file" : ", nothing else", wj->msg);
	}
	munmap(wj, sizeof *wj);
	/* An index with no files or symbols. */
	kota_writer_new(&a);
	add(a, meta_rec("only", "meta"));
	ok(write_to(a, "empty.kota") == 0 && open_verify("empty.kota") == 0, "index with no files: valid (%s)",
	    shown(kota_error_last()));
	if (kota_index_open(&ix, tpath("empty.kota")) == 0) {
		uint32_t lo = 9, hi = 9, pos;
		ok(kota_index_nsymbols(ix) == 0 && kota_index_nfiles(ix) == 0 && kota_index_nmeta(ix) == 1,
		    "empty index: no symbols, files or meta");
		ok(kota_index_find_name(ix, "x", 1, 0, &lo, &hi) == 0 && lo == hi, "empty index: find_name finds nothing");
		ok(kota_index_find_name(ix, "", 0, KOTA_MATCH_PREFIX | KOTA_MATCH_FOLD, &lo, &hi) == 0 && lo == 0 && hi == 0,
		    "empty index: empty prefix finds nothing");
		ok(kota_index_find_id(ix, 1, &lo, &hi) == 0 && lo == hi, "empty index: find_id finds nothing");
		ok(kota_index_find_file(ix, "a", 1, &pos) == 1, "empty index: find_file -> 1");
		ok(kota_index_symbol(ix, 0, &(kota_symbol){ 0 }) == -1 && kota_index_file(ix, 0, &(kota_file){ 0 }) == -1 &&
		    kota_index_order_at(ix, KOTA_BY_NAME, 0, &pos) == -1 && kota_index_enclosing(ix, 0, 1, &pos) == -1,
		    "empty index: accessors past the end -> -1");
		kota_index_free(ix);
	}
	kota_writer_free(a);
}

/* kota_writer_add_stream: the same index as the records added one by one. */
struct stream_job {
	const char *data;
	int rc;
	char msg[512];
};

static void writer_stream_child(void *arg)
{
	struct stream_job *j = arg;
	kota_writer *w;
	int fd = tmp_fd(j->data, strlen(j->data));

	kota_writer_new(&w);
	j->rc = kota_writer_add_stream(w, fd, "in");
	snprintf(j->msg, sizeof j->msg, "%s", j->rc < 0 ? kota_error_last() : "");
	if (j->rc == 0)
		j->rc = write_to(w, "stream.kota");
	kota_writer_free(w);
	close(fd);
}

static void test_writer_stream(void)
{
	struct stream_job *j = shared_alloc(sizeof *j);
	char why[100];
	kota_writer *w;

	j->data = "";
	j->rc = -3;
	if (run_isolated(writer_stream_child, j, why, sizeof why) < 0)
		ok(0, "BUG (library crash): writer_add_stream on empty input: %s", why);
	else
		ok(j->rc == -1 && strncmp(j->msg, "in", 2) == 0 && strstr(j->msg, "empty input, no stream") != NULL,
		    "writer_add_stream: empty input -> \"in: empty input, no stream ...\" (got \"%s\")", j->msg);
	j->data = HDR "M\tk\tv\n" FREC "M\tk2\tv\n";
	j->rc = -3;
	if (run_isolated(writer_stream_child, j, why, sizeof why) < 0)
		ok(0, "BUG (library crash): writer_add_stream: %s", why);
	else
		ok(j->rc == -1 && strcmp(j->msg, "in:4: meta record after a file record") == 0,
		    "writer_add_stream: writer errors get NAME:LINE (got \"%s\")", j->msg);
	j->data = HDR "M\tk\tv\n" "F\tb.c\tc\t-\t5\n" SREC("1\t1\t2\t1\t-\t\tint main(void)")
	    "F\ta.c\tpython\t-\t7\n" "S\t00000000000000b2\tclass\tK\t3\t1\t9\t1\t-\t\t\n"
	    "S\t00000000000000b3\tmethod\tm\t4\t5\t6\t1\t00000000000000b2\t\tdef m(self)\n";
	j->rc = -3;
	if (run_isolated(writer_stream_child, j, why, sizeof why) < 0)
		ok(0, "BUG (library crash): writer_add_stream: %s", why);
	else
		ok(j->rc == 0, "writer_add_stream: a good stream (%s)", j->msg);
	kota_writer_new(&w);
	add(w, meta_rec("k", "v"));
	add(w, file_rec("b.c", "c", 5));
	add(w, sym_recn(0xa1, KOTA_KIND_FUNCTION, "main", 4, 1, 1, 2, 1, 0, "int main(void)"));
	add(w, file_rec("a.c", "python", 7));
	add(w, sym_recn(0xb2, KOTA_KIND_CLASS, "K", 1, 3, 1, 9, 1, 0, ""));
	add(w, sym_recn(0xb3, KOTA_KIND_METHOD, "m", 1, 4, 5, 6, 1, 0xb2, "def m(self)"));
	ok(write_to(w, "records.kota") == 0 && (j->rc != 0 || same_files("stream.kota", "records.kota")),
	    "writer_add_stream and writer_add give the same bytes");
	ok(j->rc == 0, "%swriter_add_stream result available", j->rc == -3 ? "BUG (library crash): " : "");
	kota_writer_free(w);
	munmap(j, sizeof *j);
}

/*
 * kota_writer_add is public: what it accepts must make an index that
 * kota_index_verify accepts (or it must refuse the record).
 */
static void test_writer_invalid_symbols(void)
{
	struct { kota_record r; const char *what; } cases[] = {
		{ sym_recn(1, 0, "f", 1, 1, 1, 2, 1, 0, ""), "kind 0" },
		{ sym_recn(1, 200, "f", 1, 1, 1, 2, 1, 0, ""), "kind 200" },
		{ sym_recn(0, KOTA_KIND_FUNCTION, "f", 1, 1, 1, 2, 1, 0, ""), "id 0" },
		{ sym_recn(1, KOTA_KIND_FUNCTION, "", 0, 1, 1, 2, 1, 0, ""), "empty name" },
		{ sym_recn(1, KOTA_KIND_FUNCTION, "f", 1, 0, 1, 2, 1, 0, ""), "start line 0" },
		{ sym_recn(1, KOTA_KIND_FUNCTION, "f", 1, 5, 1, 4, 1, 0, ""), "end before start" },
	};
	char bad[512] = "";
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		kota_writer *w;
		kota_writer_new(&w);
		add(w, meta_rec("m", "v"));
		add(w, file_rec("a.c", "c", 1));
		int rc = kota_writer_add(w, &cases[i].r);
		int vrc = rc == 0 ? (write_to(w, "invalid.kota") == 0 ? open_verify("invalid.kota") : -2) : 0;
		if (rc == 0 && vrc != 0)
			snprintf(bad + strlen(bad), sizeof bad - strlen(bad), "%s%s", bad[0] ? ", " : "", cases[i].what);
		kota_writer_free(w);
	}
	ok(bad[0] == '\0', "%swriter: symbols with kind 0/200, id 0, empty name, line 0 or a reversed range are "
	    "refused or give an index that verifies (accepted and failing verify: %s)",
	    bad[0] ? "BUG (kota_writer_add does not check symbol fields; kota_index_verify rejects the result): " : "",
	    bad[0] ? bad : "none");
}

/* The pool the writer interns into, sealed before the layout (intern.c). */
static void test_pool_seal(void)
{
	kota_pool *p = kota_pool_new();
	char buf[16];
	int good = 1;

	for (int i = 0; i < 10000; i++) {
		snprintf(buf, sizeof buf, "s%d", i);
		good &= kota_pool_intern(p, buf, strlen(buf)) == (uint32_t)i + 1;
	}
	kota_pool_seal(p);
	ok(good && kota_pool_find(p, "s0", 2) == 1 && kota_pool_find(p, "s9999", 5) == 10000 &&
	    kota_pool_find(p, "", 0) == 0 && kota_pool_find(p, "nope", 4) == UINT32_MAX,
	    "a sealed pool still finds every string, and not others");
	ok(kota_pool_intern(p, "s42", 3) == 43 && kota_pool_intern(p, "new", 3) == 10001 &&
	    kota_pool_find(p, "new", 3) == 10001 && kota_pool_count(p) == 10002,
	    "interning into a sealed pool rebuilds its table: old ids kept, new ones after");
	kota_pool_free(p);
}

int main(void)
{
	test_begin();
	run_group("writer rule", test_writer_rules);
	run_group("writer determinism", test_writer_determinism);
	run_group("writer stream", test_writer_stream);
	run_group("writer invalid symbol", test_writer_invalid_symbols);
	run_group("string pool sealed", test_pool_seal);
	return test_end();
}
