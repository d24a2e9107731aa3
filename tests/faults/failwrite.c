/*
 * An LD_PRELOAD shim for the fault tests: makes writing one file fail as a
 * read-only or a full file system would, where the tests cannot arrange
 * that for real (as root, chmod does not stop writes).
 *
 *   KOTA_FAULT_PATH   the files: any path that ends with one of these
 *                     colon-separated strings, which may hold fnmatch(3)
 *                     wildcards (/index.kota.tmp.*)
 *   KOTA_FAULT        erofs: opening it for writing fails with EROFS;
 *                     enospc: it opens, but writing to it fails with
 *                     ENOSPC once KOTA_FAULT_AFTER bytes (default 0) are in
 *
 * Without both variables every call goes straight through.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#define MAXFD 4096

static long long written[MAXFD];	/* bytes in, +1; 0: not the file */

static int fault(const char *name)
{
	const char *f = getenv("KOTA_FAULT");

	return f != NULL && strcmp(f, name) == 0;
}

static int matches(const char *path)
{
	const char *want = getenv("KOTA_FAULT_PATH");
	char pattern[4096];
	size_t lw;

	if (path == NULL || want == NULL)
		return 0;
	while (*want != '\0') {
		lw = strcspn(want, ":");
		/* "*" and the entry: a path that ends with it */
		if (lw > 0 && lw + 2 <= sizeof pattern) {
			pattern[0] = '*';
			memcpy(pattern + 1, want, lw);
			pattern[lw + 1] = '\0';
			if (fnmatch(pattern, path, 0) == 0)
				return 1;
		}
		want += lw;
		if (*want == ':')
			want++;
	}
	return 0;
}

static int for_writing(int flags)
{
	return (flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC)) != 0;
}

/* Before an open: fail it (EROFS), or say whether to track the fd. */
static int check_open(const char *path, int flags, int *track)
{
	*track = 0;
	if (!matches(path) || !for_writing(flags))
		return 0;
	if (fault("erofs")) {
		errno = EROFS;
		return -1;
	}
	*track = fault("enospc");
	return 0;
}

static int opened(int fd, int track)
{
	if (fd >= 0 && fd < MAXFD)
		written[fd] = track ? 1 : 0;
	return fd;
}

/* Before writing N bytes to FD: how many may go through (-1: fail). */
static ssize_t allowance(int fd, size_t n)
{
	const char *a;
	long long after, done;

	if (fd < 0 || fd >= MAXFD || written[fd] == 0)
		return (ssize_t)n;
	a = getenv("KOTA_FAULT_AFTER");
	after = a != NULL ? atoll(a) : 0;
	done = written[fd] - 1;
	if (done >= after) {
		errno = ENOSPC;
		return -1;
	}
	if ((long long)n > after - done)
		n = (size_t)(after - done);
	return (ssize_t)n;
}

static void wrote(int fd, ssize_t n)
{
	if (n > 0 && fd >= 0 && fd < MAXFD && written[fd] != 0)
		written[fd] += n;
}

#define NEXT(name) ((__typeof__(&name))dlsym(RTLD_NEXT, #name))

#define OPEN_MODE(flags, mode)                                                   \
	do {                                                                     \
		if ((flags) & O_CREAT || ((flags) & O_TMPFILE) == O_TMPFILE) { \
			va_list ap;                                              \
			va_start(ap, flags);                                     \
			mode = va_arg(ap, int);                                  \
			va_end(ap);                                              \
		}                                                                \
	} while (0)

int open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	int track;

	OPEN_MODE(flags, mode);
	if (check_open(path, flags, &track) < 0)
		return -1;
	return opened(NEXT(open)(path, flags, mode), track);
}

int open64(const char *path, int flags, ...)
{
	mode_t mode = 0;
	int track;

	OPEN_MODE(flags, mode);
	if (check_open(path, flags, &track) < 0)
		return -1;
	return opened(NEXT(open64)(path, flags, mode), track);
}

int openat(int dir, const char *path, int flags, ...)
{
	mode_t mode = 0;
	int track;

	OPEN_MODE(flags, mode);
	if (check_open(path, flags, &track) < 0)
		return -1;
	return opened(NEXT(openat)(dir, path, flags, mode), track);
}

int openat64(int dir, const char *path, int flags, ...)
{
	mode_t mode = 0;
	int track;

	OPEN_MODE(flags, mode);
	if (check_open(path, flags, &track) < 0)
		return -1;
	return opened(NEXT(openat64)(dir, path, flags, mode), track);
}

int creat(const char *path, mode_t mode)
{
	return open(path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

int creat64(const char *path, mode_t mode)
{
	return open64(path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

/* What _FORTIFY_SOURCE turns open() into. */
int __open_2(const char *path, int flags)
{
	return open(path, flags);
}

int __open64_2(const char *path, int flags)
{
	return open64(path, flags);
}

int __openat_2(int dir, const char *path, int flags)
{
	return openat(dir, path, flags);
}

int __openat64_2(int dir, const char *path, int flags)
{
	return openat64(dir, path, flags);
}

int close(int fd)
{
	if (fd >= 0 && fd < MAXFD)
		written[fd] = 0;
	return NEXT(close)(fd);
}

ssize_t write(int fd, const void *buf, size_t n)
{
	ssize_t m = allowance(fd, n), r;

	if (m < 0)
		return -1;
	r = NEXT(write)(fd, buf, (size_t)m);
	wrote(fd, r);
	return r;
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
	ssize_t m = allowance(fd, n), r;

	if (m < 0)
		return -1;
	r = NEXT(pwrite)(fd, buf, (size_t)m, off);
	wrote(fd, r);
	return r;
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off64_t off)
{
	ssize_t m = allowance(fd, n), r;

	if (m < 0)
		return -1;
	r = NEXT(pwrite64)(fd, buf, (size_t)m, off);
	wrote(fd, r);
	return r;
}

ssize_t writev(int fd, const struct iovec *iov, int cnt)
{
	size_t n = 0;
	int i;

	for (i = 0; i < cnt; i++)
		n += iov[i].iov_len;
	if (allowance(fd, n) < (ssize_t)n) {
		errno = ENOSPC;
		return -1;
	}
	n = (size_t)NEXT(writev)(fd, iov, cnt);
	wrote(fd, (ssize_t)n);
	return (ssize_t)n;
}

int fallocate(int fd, int mode, off_t off, off_t len)
{
	if (fd >= 0 && fd < MAXFD && written[fd] != 0) {
		errno = ENOSPC;
		return -1;
	}
	return NEXT(fallocate)(fd, mode, off, len);
}

int posix_fallocate(int fd, off_t off, off_t len)
{
	if (fd >= 0 && fd < MAXFD && written[fd] != 0)
		return ENOSPC;
	return NEXT(posix_fallocate)(fd, off, len);
}
