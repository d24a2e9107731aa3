/*
 * A spill: bytes appended once and read back later, held in memory up to a
 * limit and in an unlinked temporary file past it.  The writer keeps what
 * only the last pass reads (signatures, the fields of symbols that no order
 * sorts by) in spills: on Linux's tree they are 390 MB that would otherwise
 * double kota-pack's peak memory for nothing.  Read back through a window,
 * the file costs the page cache, not the process.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kota.h"
#include "internal.h"

#define SPILL_BUF (1u << 20)	/* the write buffer, the most read ahead */
#define SPILL_JUMP (16u << 10)	/* read ahead from a jump */

void kota_spill_init(kota_spill *s, size_t limit)
{
	memset(s, 0, sizeof *s);
	s->limit = limit;
	s->fd = -1;
}

void kota_spill_free(kota_spill *s)
{
	free(s->mem);
	free(s->win);
	if (s->fd >= 0)
		close(s->fd);
	kota_spill_init(s, s->limit);
}

uint64_t kota_spill_size(const kota_spill *s)
{
	return s->flushed + s->len;
}

/* An unlinked file of our own in $TMPDIR (else /tmp). */
static int spill_open(void)
{
	const char *dir = getenv("TMPDIR");
	int fd = -1;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
#ifdef O_TMPFILE
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
#endif
	if (fd < 0) {
		char *tmpl = kota_path_join(dir, "kota-spill.XXXXXX");
		if (tmpl == NULL)
			return kota_error_set("out of memory");
		if ((fd = mkstemp(tmpl)) >= 0) {
			unlink(tmpl);
			(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
		}
		free(tmpl);
	}
	if (fd < 0)
		return kota_error_set("temporary file in %s: %s", dir, strerror(errno));
	return fd;
}

static int spill_flush(kota_spill *s)
{
	size_t done = 0;

	while (done < s->len) {
		ssize_t n = write(s->fd, s->mem + done, s->len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return kota_error_set("temporary file: %s", n < 0 ? strerror(errno) : "short write");
		done += (size_t)n;
	}
	s->flushed += s->len;
	s->len = 0;
	return 0;
}

int kota_spill_add(kota_spill *s, const void *p, size_t n)
{
	if (s->fd < 0 && s->len + n > s->limit) {
		/* Past the limit: everything so far goes to the file, and the
		 * memory becomes its write buffer. */
		if ((s->fd = spill_open()) < 0)
			return -1;
		if (spill_flush(s) < 0)
			return -1;
		free(s->mem);
		s->mem = NULL;
		s->cap = 0;
	}
	if (s->fd >= 0 && s->len + n > SPILL_BUF && s->len > 0 && spill_flush(s) < 0)
		return -1;
	if (s->len + n > s->cap) {
		size_t ncap = s->cap ? s->cap : 4096;
		while (s->len + n > ncap)
			ncap *= 2;
		unsigned char *m = kota_grow(s->mem, ncap);
		if (m == NULL)
			return kota_error_set("out of memory");
		s->mem = m;
		s->cap = ncap;
	}
	memcpy(s->mem + s->len, p, n);
	s->len += n;
	return 0;
}

const void *kota_spill_get(kota_spill *s, uint64_t off, size_t n)
{
	if (off + n > kota_spill_size(s)) {
		kota_error_set("temporary file: read past its end");
		return NULL;
	}
	if (s->fd < 0)
		return s->mem + off;
	/* Reading starts once writing has ended: all of it goes to the file. */
	if (s->len > 0) {
		if (spill_flush(s) < 0)
			return NULL;
		free(s->mem);
		s->mem = NULL;
		s->cap = 0;
	}
	if (off >= s->win_off && off + n <= s->win_off + s->win_len)
		return s->win + (off - s->win_off);
	/* Read ahead as far as reading has gone on in order, up to the
	 * buffer's size; from a jump, only a little.  The writer reads the
	 * files of merged shards in an order that jumps between the shards
	 * at each file: a whole buffer at each jump was 167,000 reads of
	 * 1 MiB for Linux in 4 shards, 4 s of copying. */
	s->ahead = off == s->win_off + s->win_len && s->ahead > 0 ?
	    (s->ahead < SPILL_BUF ? s->ahead * 2 : SPILL_BUF) : SPILL_JUMP;
	size_t want = n > s->ahead ? n : s->ahead;
	if (want > s->flushed - off)
		want = (size_t)(s->flushed - off);
	if (want > s->win_cap) {
		unsigned char *w = realloc(s->win, want);
		if (w == NULL) {
			kota_error_set("out of memory");
			return NULL;
		}
		s->win = w;
		s->win_cap = want;
	}
	s->win_off = off;
	s->win_len = 0;
	while (s->win_len < want) {
		ssize_t r = pread(s->fd, s->win + s->win_len, want - s->win_len, (off_t)(off + s->win_len));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			kota_error_set("temporary file: %s", r < 0 ? strerror(errno) : "short read");
			s->win_len = 0;
			return NULL;
		}
		s->win_len += (size_t)r;
	}
	return s->win;
}
