/* The test library of the unit tests: see lib-test.h. */
#include <stdarg.h>

#if defined(__SANITIZE_ADDRESS__)
#define KOTA_TEST_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KOTA_TEST_LSAN 1
#endif
#endif

#include "lib-test.h"

#ifdef KOTA_TEST_LSAN
#include <sanitizer/lsan_interface.h>
#endif

int tap_count, tap_failed;
struct tap_mirror *tap_mirror;

void tap_ok(int pass, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", pass ? "" : "not ", ++tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!pass) {
		printf("#   failed at %s:%d\n", file, line);
		tap_failed++;
	}
	fflush(stdout);
}

/* ---- messages ---- */

/* S (LEN bytes) made printable for a test description: other bytes as \xHH. */
const char *shown_n(const char *s, size_t len)
{
	static char buf[4][1200];
	static int k;
	char *o = buf[k = (k + 1) % 4];
	size_t n = 0;

	for (size_t i = 0; i < len && n + 5 < sizeof buf[0]; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f && c != '\\')
			o[n++] = (char)c;
		else
			n += (size_t)sprintf(o + n, "\\x%02x", c);
	}
	o[n] = '\0';
	return o;
}

const char *shown(const char *s)
{
	return shown_n(s, strlen(s));
}

/* Does the last error message equal / contain / start with the string? */
int err_is(const char *want)
{
	return strcmp(kota_error_last(), want) == 0;
}

int err_has(const char *want)
{
	return strstr(kota_error_last(), want) != NULL;
}

/* A message is one non-empty line. */
int err_one_line(void)
{
	const char *m = kota_error_last();
	return m[0] != '\0' && strchr(m, '\n') == NULL;
}

/* ---- child processes ---- */

/*
 * Run FN(ARG) in a child process so that a crash (or a sanitizer abort) in
 * the library fails a test instead of ending the run.  Results come back
 * through memory from shared_alloc or files.  0 if the child finished
 * normally, else -1 and WHY says how it died.
 */
void *shared_alloc(size_t n)
{
	void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		abort();
	memset(p, 0, n);
	return p;
}

int run_isolated(void (*fn)(void *), void *arg, char *why, size_t whylen)
{
	pid_t pid;
	int st;

	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) < 0)
		abort();
	if (pid == 0) {
		fn(arg);
		fflush(stdout);
		_exit(0);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			abort();
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	if (WIFSIGNALED(st))
		snprintf(why, whylen, "killed by signal %d", WTERMSIG(st));
	else
		snprintf(why, whylen, "exited with status %d", WEXITSTATUS(st));
	return -1;
}

/* ---- files ---- */

/* A temporary file holding LEN bytes at DATA, unlinked, at offset 0. */
int tmp_fd(const void *data, size_t len)
{
	char path[] = "/tmp/kota-test-XXXXXX";
	int fd = mkstemp(path);
	const char *p = data;

	if (fd < 0)
		abort();
	unlink(path);
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n <= 0)
			abort();
		p += n;
		len -= (size_t)n;
	}
	lseek(fd, 0, SEEK_SET);
	return fd;
}

static void *feed(void *arg)
{
	struct feeder *f = arg;
	const char *p = f->data;
	size_t len = f->len;

	while (len > 0) {
		ssize_t n = write(f->fd, p, len > 4093 ? 4093 : len);	/* odd-sized writes */
		if (n <= 0)
			break;
		p += n;
		len -= (size_t)n;
	}
	close(f->fd);
	return NULL;
}

int pipe_fd(struct feeder *f, const void *data, size_t len)
{
	int p[2];

	if (pipe(p) < 0)
		abort();
	f->fd = p[1];
	f->data = data;
	f->len = len;
	if (pthread_create(&f->thread, NULL, feed, f) != 0)
		abort();
	return p[0];
}

void pipe_join(struct feeder *f, int fd)
{
	char sink[4096];

	/* Drain what the reader left so the feeder can finish. */
	while (read(fd, sink, sizeof sink) > 0)
		;
	close(fd);
	pthread_join(f->thread, NULL);
}

char tmpdir[64];

/* A path in the test's temporary directory. */
const char *tpath(const char *name)
{
	static char buf[4][256];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
	return buf[k];
}

unsigned char *slurp(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY);
	struct stat st;
	unsigned char *b;

	if (fd < 0 || fstat(fd, &st) < 0)
		return NULL;
	b = malloc((size_t)st.st_size + 1);
	if (pread(fd, b, (size_t)st.st_size, 0) != st.st_size)
		abort();
	close(fd);
	*len = (size_t)st.st_size;
	return b;
}

void spit(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || write(fd, data, len) != (ssize_t)len)
		abort();
	close(fd);
}

/* ---- records ---- */

kota_str S(const char *s)
{
	return (kota_str){ s, strlen(s) };
}

kota_record meta_rec(const char *k, const char *v)
{
	kota_record r;

	memset(&r, 0, sizeof r);
	r.type = KOTA_REC_META;
	r.key = S(k);
	r.value = S(v);
	return r;
}

kota_record file_rec(const char *path, const char *lang, uint64_t size)
{
	kota_record r;

	memset(&r, 0, sizeof r);
	r.type = KOTA_REC_FILE;
	r.path = S(path);
	r.lang = S(lang);
	r.blob = S("-");
	r.size = size;
	return r;
}

kota_record sym_recn(uint64_t id, int kind, const char *name, size_t nlen, uint32_t sl, uint32_t sc,
    uint32_t el, uint32_t ec, uint64_t parent, const char *sig)
{
	kota_record r;

	memset(&r, 0, sizeof r);
	r.type = KOTA_REC_SYMBOL;
	r.id = id;
	r.kind = kind;
	r.name = (kota_str){ name, nlen };
	r.start_line = sl;
	r.start_col = sc;
	r.end_line = el;
	r.end_col = ec;
	r.parent = parent;
	r.signature = S(sig);
	return r;
}

kota_record sym_rec(uint64_t id, const char *name, uint32_t sl, uint32_t el, uint64_t parent)
{
	return sym_recn(id, KOTA_KIND_FUNCTION, name, strlen(name), sl, 1, el, 1, parent, "");
}

int add(kota_writer *w, kota_record r)
{
	return kota_writer_add(w, &r);
}

/* Write W to the file NAME in the temporary directory; 0 or -1. */
int write_to(kota_writer *w, const char *name)
{
	int fd = open(tpath(name), O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int rc;

	if (fd < 0)
		abort();
	rc = kota_writer_write(w, fd);
	close(fd);
	return rc;
}

static void cleanup(void)
{
	char cmd[128];

	if (getenv("KOTA_TEST_KEEP") != NULL) {
		fprintf(stderr, "# kept %s\n", tmpdir);
		return;
	}
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (tmpdir[0] != '\0' && system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
}

/* ---- index images to damage ---- */

unsigned char *small_img;
size_t small_len;

/* A small index: meta, three files (one empty), four symbols, signatures, a parent. */
int small_build(void)
{
	kota_writer *w;
	int rc = 0;

	kota_writer_new(&w);
	rc |= add(w, meta_rec("origin", "small"));
	rc |= add(w, file_rec("b.c", "c", 20));
	rc |= add(w, sym_recn(0xc3, KOTA_KIND_FUNCTION, "Gamma", 5, 1, 1, 3, 2, 0, "void Gamma(int)"));
	rc |= add(w, sym_recn(0xd4, KOTA_KIND_VARIABLE, "delta", 5, 5, 1, 5, 9, 0, ""));
	rc |= add(w, file_rec("a.c", "c", 10));
	rc |= add(w, sym_recn(0xa1, KOTA_KIND_STRUCT, "alpha", 5, 1, 1, 9, 2, 0, "struct alpha"));
	rc |= add(w, sym_recn(0xb2, KOTA_KIND_FIELD, "beta", 4, 2, 5, 2, 12, 0xa1, "int beta"));
	rc |= add(w, file_rec("c.c", "c", 0));
	if (rc == 0)
		rc = write_to(w, "small.kota");
	kota_writer_free(w);
	free(small_img);
	small_img = rc == 0 ? slurp(tpath("small.kota"), &small_len) : NULL;
	return small_img != NULL ? 0 : -1;
}

unsigned char *img_copy(void)
{
	unsigned char *b = malloc(small_len + 64);

	memcpy(b, small_img, small_len);
	return b;
}

unsigned char *sec_entry(unsigned char *b, const char *tag)
{
	uint32_t n = kota_get32(b + 12);

	for (uint32_t i = 0; i < n && i < IX_MAX_SECTIONS; i++)
		if (memcmp(b + IX_HEADER_SIZE + i * IX_SECTION_SIZE, tag, 4) == 0)
			return b + IX_HEADER_SIZE + i * IX_SECTION_SIZE;
	abort();
}

unsigned char *sec_data(unsigned char *b, const char *tag, uint32_t *len)
{
	unsigned char *e = sec_entry(b, tag);

	if (len != NULL)
		*len = (uint32_t)kota_get64(e + 16);
	return b + kota_get64(e + 8);
}

/* Recompute the header CRC (of bytes 0..27 and the table) if the table fits in SIZE. */
void fix_header(unsigned char *b, size_t size)
{
	uint64_t n = kota_get32(b + 12);

	if (size >= IX_HEADER_SIZE && IX_HEADER_SIZE + n * IX_SECTION_SIZE <= size)
		kota_put32(b + 28, kota_crc32c(kota_crc32c(0, b, 28), b + IX_HEADER_SIZE, (size_t)n * IX_SECTION_SIZE));
}

/* Recompute every section CRC that can be, then the header's: only the deeper checks can fail. */
void fix_all(unsigned char *b, size_t size)
{
	uint64_t n = kota_get32(b + 12);

	for (uint64_t i = 0; i < n && IX_HEADER_SIZE + (i + 1) * IX_SECTION_SIZE <= size; i++) {
		unsigned char *e = b + IX_HEADER_SIZE + i * IX_SECTION_SIZE;
		uint64_t off = kota_get64(e + 8), len = kota_get64(e + 16);
		if (off <= size && len <= size - off)
			kota_put32(e + 4, kota_crc32c(0, b + off, (size_t)len));
	}
	fix_header(b, size);
}

/* The last message is one line about PATH holding KEY. */
int msg_ok(const char *path, const char *key)
{
	const char *m = kota_error_last();

	return err_one_line() && strncmp(m, path, strlen(path)) == 0 && strstr(m, key) != NULL;
}

/* Everything a reader can call, over every position: nothing may crash; failures need a message. */
int poke_all(const kota_index *ix)
{
	uint32_t ns = kota_index_nsymbols(ix), nf = kota_index_nfiles(ix), nm = kota_index_nmeta(ix), lo, hi, pos;
	int good = 1;
	kota_symbol s;
	kota_file f;
	kota_str a, b;
	char tag[5];
	uint64_t off, len;

#define POKE(call) do { kota_error_set("%s", ""); if ((call) < 0) good &= err_one_line(); } while (0)
	for (uint32_t i = 0; i <= ns + 1; i++) {
		POKE(kota_index_symbol(ix, i, &s));
		for (int o = KOTA_BY_NAME; o <= KOTA_BY_ID; o++)
			POKE(kota_index_order_at(ix, o, i, &pos));
	}
	for (uint32_t i = 0; i <= nf + 1; i++) {
		POKE(kota_index_file(ix, i, &f));
		POKE(kota_index_path(ix, i, &a));
		for (uint32_t line = 0; line < 12; line += 3)
			POKE(kota_index_enclosing(ix, i, line, &pos));
	}
	for (uint32_t i = 0; i <= nm + 1; i++)
		POKE(kota_index_meta(ix, i, &a, &b));
	static const char *keys[] = { "", "a", "alpha", "Gamma", "gamma", "delta", "beta", "b", "zzz", "ALPHA",
		"namespace_prefix", "\xff" };
	for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
		for (int fl = 0; fl < 4; fl++)
			POKE(kota_index_find_name(ix, keys[k], strlen(keys[k]), fl, &lo, &hi));
	static const uint64_t ids[] = { 0, 1, 0xa1, 0xb2, 0xc3, 0xd4, 0xff, UINT64_MAX };
	for (size_t k = 0; k < sizeof ids / sizeof *ids; k++)
		POKE(kota_index_find_id(ix, ids[k], &lo, &hi));
	static const char *paths[] = { "", "a.c", "b.c", "c.c", "d.c", "a" };
	for (size_t k = 0; k < sizeof paths / sizeof *paths; k++)
		POKE(kota_index_find_file(ix, paths[k], strlen(paths[k]), &pos));
	for (uint32_t i = 0; i < 70; i++)
		kota_index_section(ix, i, tag, &off, &len);
	POKE(kota_index_verify(ix));
#undef POKE
	return good;
}

/* The offset in STRS of string STR. */
uint32_t strs_off(unsigned char *b, const char *str)
{
	uint32_t len, off = 0;
	unsigned char *p = sec_data(b, "STRS", &len);

	while (off < len) {
		uint32_t l = kota_get32(p + off);
		if (l == strlen(str) && memcmp(p + off + 4, str, l) == 0)
			return off;
		off += 5 + l;
	}
	abort();
}

const unsigned char flip_pattern[FLIP_PATTERNS] = { 0x01, 0x80, 0xff };

/* ---- groups and the program ---- */

struct group {
	const char *name;
	void (*fn)(void);
};

static void group_child(void *arg)
{
	const struct group *g = arg;

	g->fn();
#ifdef KOTA_TEST_LSAN
	/* The child ends with _exit: ask LeakSanitizer here (it prints what leaked). */
	ok(__lsan_do_recoverable_leak_check() == 0, "no memory leaks in the %s tests", g->name);
#endif
}

/*
 * Run one group of tests in a child process: a crash in the library ends
 * the group with a failing test point, and the other groups still run.
 */
void run_group(const char *name, void (*fn)(void))
{
	char why[100];

	fflush(stdout);
	tap_mirror->count = tap_count;
	tap_mirror->failed = tap_failed;
	struct group g = { name, fn };
	int rc = run_isolated(group_child, &g, why, sizeof why);
	tap_count = tap_mirror->count;
	tap_failed = tap_mirror->failed;
	if (rc < 0)
		ok(0, "BUG (library crash): the %s tests stopped: %s", name, why);
}

void test_begin(void)
{
	strcpy(tmpdir, "/tmp/kota-unit-XXXXXX");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		exit(99);
	}
	tap_mirror = shared_alloc(sizeof *tap_mirror);
}

int test_end(void)
{
	free(small_img);
	cleanup();
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}
