/*
 * Atomic replacement of a file: write PATH.tmp under an flock on PATH.lock,
 * fsync, rename over PATH, fsync the directory.  Readers see the old file or
 * the new one, never a mix; a crash leaves the old one and a stale PATH.tmp
 * that the next writer truncates.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "kota.h"

struct kota_replace {
	char *path, *tmp, *lock;
	int fd, lockfd;
};

static char *concat(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = malloc(la + lb + 1);

	if (s != NULL) {
		memcpy(s, a, la);
		memcpy(s + la, b, lb + 1);
	}
	return s;
}

static void release(kota_replace *r)
{
	if (r->fd >= 0)
		close(r->fd);
	if (r->lockfd >= 0)
		close(r->lockfd);	/* drops the flock */
	free(r->path);
	free(r->tmp);
	free(r->lock);
	free(r);
}

int kota_replace_begin(kota_replace **out, const char *path, int *fd)
{
	kota_replace *r = calloc(1, sizeof *r);

	if (r == NULL)
		return kota_error_set("out of memory");
	r->fd = r->lockfd = -1;
	/* Through a symbolic link, replace the file it names, not the link. */
	r->path = realpath(path, NULL);
	if (r->path == NULL && errno != ENOENT) {
		kota_error_set("%s: %s", path, strerror(errno));
		release(r);
		return -1;
	}
	if ((r->path == NULL && (r->path = strdup(path)) == NULL) || (r->tmp = concat(r->path, ".tmp")) == NULL ||
	    (r->lock = concat(r->path, ".lock")) == NULL) {
		release(r);
		return kota_error_set("out of memory");
	}
	r->lockfd = open(r->lock, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (r->lockfd < 0) {
		kota_error_set("%s: %s", r->lock, strerror(errno));
		release(r);
		return -1;
	}
	while (flock(r->lockfd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			kota_error_set("%s: lock: %s", r->lock, strerror(errno));
			release(r);
			return -1;
		}
	}
	r->fd = open(r->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (r->fd < 0) {
		kota_error_set("%s: %s", r->tmp, strerror(errno));
		release(r);
		return -1;
	}
	*fd = r->fd;
	*out = r;
	return 0;
}

static int sync_dir(const char *path)
{
	char *copy = strdup(path);
	const char *dir;
	int fd, rc = 0;

	if (copy == NULL)
		return kota_error_set("out of memory");
	dir = dirname(copy);
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		if (fsync(fd) < 0 && errno != EINVAL)
			rc = kota_error_set("%s: fsync: %s", dir, strerror(errno));
		close(fd);
	}
	free(copy);
	return rc;
}

int kota_replace_commit(kota_replace *r)
{
	int rc = 0;

	if (fsync(r->fd) < 0)
		rc = kota_error_set("%s: fsync: %s", r->tmp, strerror(errno));
	else if (close(r->fd) < 0)
		rc = kota_error_set("%s: close: %s", r->tmp, strerror(errno));
	r->fd = -1;
	if (rc == 0 && rename(r->tmp, r->path) < 0)
		rc = kota_error_set("%s: rename: %s", r->path, strerror(errno));
	if (rc < 0)
		unlink(r->tmp);
	else
		rc = sync_dir(r->path);
	release(r);
	return rc;
}

void kota_replace_abort(kota_replace *r)
{
	if (r == NULL)
		return;
	unlink(r->tmp);
	release(r);
}
