/*
 * Remembering that an index file was checked whole (kota(5) FILES,
 * PATH.verified), so that an incremental run over a large base checks it
 * once, not on every commit: reading every section of a 500 MiB index to
 * check its checksums costs far more than the rest of a one-file run.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kota.h"
#include "internal.h"
#include "le.h"

#define RECORD_MAX 256

/* The line PATH.verified holds for IX: its identity and its header's checksum. */
static int record(const kota_index *ix, char buf[RECORD_MAX])
{
	const struct stat *st = kota_index_stat(ix);
	size_t len;
	const unsigned char *head = kota_index_head(ix, &len);

	if (st == NULL)
		return -1;
	return snprintf(buf, RECORD_MAX, "kota-verified\t1\t%llu\t%llu\t%llu\t%lld.%09ld\t%lld.%09ld\t%08x\n",
	    (unsigned long long)st->st_dev, (unsigned long long)st->st_ino, (unsigned long long)st->st_size,
	    (long long)st->st_mtim.tv_sec, st->st_mtim.tv_nsec, (long long)st->st_ctim.tv_sec, st->st_ctim.tv_nsec,
	    kota_get32(head + 28));
}

static int later(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec > b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec > b->tv_nsec);
}

/*
 * Whether the target of R has a record of IX.  The record must also be
 * younger than IX's last change: timestamps go by clock ticks of some
 * milliseconds, and a change in the tick of the record, after it, would
 * leave the same times behind.
 */
static int recorded(const kota_index *ix, kota_replace *r)
{
	char want[RECORD_MAX], got[RECORD_MAX], *path;
	struct stat st;
	int fd, n, len = record(ix, want), ok = 0;

	if (len < 0 || (path = kota_path_suffix(kota_replace_target(r), ".verified")) == NULL)
		return 0;
	/* Not waiting on a FIFO or a device put there. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	free(path);
	if (fd < 0)
		return 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && later(&st.st_mtim, &kota_index_stat(ix)->st_ctim) &&
	    (n = (int)read(fd, got, sizeof got)) == len && memcmp(got, want, (size_t)len) == 0)
		ok = 1;
	close(fd);
	return ok;
}

int kota_index_mark_checked(const kota_index *ix, kota_replace *r)
{
	char line[RECORD_MAX];
	int len = record(ix, line);

	if (len < 0 || len >= RECORD_MAX)
		return kota_error_set("not a regular file: nothing to record");
	return kota_replace_write_beside(r, ".verified", line, (size_t)len);
}

int kota_index_check_once(const kota_index *ix, kota_replace *r)
{
	if (r != NULL && recorded(ix, r))
		return 0;
	if (kota_index_checksums(ix, NULL) < 0)
		return -1;
	/* Unrecorded, the next run checks again: no error. */
	if (r != NULL)
		(void)kota_index_mark_checked(ix, r);
	return 0;
}
