/*
 * Atomic replacement of a file: under an flock on PATH.lock, write a
 * temporary file of this writer's own (PATH.tmp.XXXXXX), fsync, rename over
 * PATH, fsync the directory.  Readers see the old file or the new one, never
 * a mix; a crash leaves the old one, and a temporary file that the next
 * writer removes once it holds the lock.  Small files beside PATH (its
 * PATH.verified) are written under the same lock, by a rename too.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kota.h"
#include "internal.h"

struct kota_replace {
	char *name;			/* PATH as given, for messages */
	char *path, *tmp, *lock;
	int fd, lockfd;
	int committed;			/* renamed into place */
	struct stat lockst;		/* the lock file we hold */
};

static int lock_is_ours(const kota_replace *r);

static void release(kota_replace *r)
{
	if (r->fd >= 0)
		close(r->fd);
	/* Leave no PATH.lock behind: remove it while the flock is still ours.
	 * A writer waiting on it then finds it gone once it has the flock and
	 * takes a new one (lock()); removing it after the close instead could
	 * pull it from under a writer that had just locked it. */
	if (r->lockfd >= 0 && lock_is_ours(r))
		unlink(r->lock);
	if (r->lockfd >= 0)
		close(r->lockfd);	/* drops the flock */
	free(r->name);
	free(r->path);
	free(r->tmp);
	free(r->lock);
	free(r);
}

/* An error that a file beside PATH could not be made: no write access there. */
static int cannot_write(const kota_replace *r, int err)
{
	return kota_error_set("%s: cannot write the index: %s", r->name, strerror(err));
}

/* Whether the lock file we hold is still the one at its path. */
static int lock_is_ours(const kota_replace *r)
{
	struct stat st;

	return stat(r->lock, &st) == 0 && st.st_dev == r->lockst.st_dev && st.st_ino == r->lockst.st_ino;
}

/*
 * Take the lock.  An existing lock file is opened for reading (flock needs
 * no more, and a read-only file system allows it).  Someone may remove or
 * replace the lock file while we wait for it: then the file we locked
 * excludes no one, so try again with the one at the path.
 */
static int lock(kota_replace *r)
{
	for (;;) {
		r->lockfd = open(r->lock, O_RDONLY | O_CLOEXEC);
		if (r->lockfd < 0 && errno == ENOENT)
			r->lockfd = open(r->lock, O_RDONLY | O_CREAT | O_CLOEXEC, 0666);
		if (r->lockfd < 0)
			return errno == EROFS || errno == EACCES || errno == EPERM ? cannot_write(r, errno) :
			    kota_error_set("%s: %s", r->lock, strerror(errno));
		while (flock(r->lockfd, LOCK_EX) < 0)
			if (errno != EINTR)
				return kota_error_set("%s: lock: %s", r->lock, strerror(errno));
		if (fstat(r->lockfd, &r->lockst) < 0)
			return kota_error_set("%s: %s", r->lock, strerror(errno));
		if (lock_is_ours(r))
			return 0;
		close(r->lockfd);
		r->lockfd = -1;
	}
}

/*
 * Remove the temporary files of PATH (PATH.tmp.XXXXXX, and PATH.tmp of an
 * older kota) that writers which crashed left.  Only under the lock: the
 * writer holding it is the only one that can still rename its file into
 * place; one that lost it (its lock file removed) fails before its rename,
 * whether its file is still there or not.
 */
static void remove_stale(const kota_replace *r)
{
	const char *slash = strrchr(r->tmp, '/'), *mine = slash ? slash + 1 : r->tmp;
	char *dir = slash ? strndup(r->tmp, (size_t)(slash - r->tmp)) : strdup(".");
	size_t stem = strlen(mine) - 7;	/* "NAME.tmp" of "NAME.tmp.XXXXXX" */
	struct dirent *e;
	DIR *d;

	if (dir == NULL || (d = opendir(*dir != '\0' ? dir : "/")) == NULL) {
		free(dir);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		struct stat st;
		if (strncmp(e->d_name, mine, stem) != 0 || !(len == stem || (len == stem + 7 &&
		    e->d_name[stem] == '.')) || strcmp(e->d_name, mine) == 0)
			continue;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode))
			unlinkat(dirfd(d), e->d_name, 0);
	}
	closedir(d);
	free(dir);
}

/*
 * Create a temporary file of R's target: TMP is PATH.tmp.XXXXXX, whose six
 * X become characters no other file there has; *FD its descriptor.
 */
static int create_tmp(const kota_replace *r, char *tmp, int *fd)
{
	static const char chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	struct timespec ts;
	size_t len = strlen(tmp);
	uint64_t x;

	clock_gettime(CLOCK_REALTIME, &ts);
	x = (uint64_t)ts.tv_nsec * 0x9e3779b97f4a7c15ull ^ (uint64_t)ts.tv_sec ^ (uint64_t)getpid() << 32 ^
	    (uint64_t)(uintptr_t)tmp;
	for (int tries = 0; tries < 1000; tries++) {
		for (int i = 0; i < 6; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			tmp[len - 6 + i] = chars[x % (sizeof chars - 1)];
		}
		/* Mode 0666 less the umask: what a new index would get. */
		*fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (*fd >= 0)
			return 0;
		if (errno != EEXIST)
			return errno == EROFS || errno == EACCES || errno == EPERM || errno == ENOSPC ||
			    errno == EDQUOT ? cannot_write(r, errno) : kota_error_set("%s: %s", tmp, strerror(errno));
	}
	return kota_error_set("%s: cannot make a temporary file beside it", r->name);
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
	if ((r->path == NULL && (r->path = strdup(path)) == NULL) || (r->name = strdup(path)) == NULL ||
	    (r->tmp = kota_path_suffix(r->path, ".tmp.XXXXXX")) == NULL ||
	    (r->lock = kota_path_suffix(r->path, ".lock")) == NULL) {
		release(r);
		return kota_error_set("out of memory");
	}
	if (lock(r) < 0 || create_tmp(r, r->tmp, &r->fd) < 0) {
		release(r);
		return -1;
	}
	remove_stale(r);
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
	/* A writer that took a new lock file of the same name meanwhile may
	 * have put its index in place: ours must not replace it. */
	if (rc == 0 && !lock_is_ours(r))
		rc = kota_error_set("%s: lost the lock (%s.lock was removed or replaced): the index is left as it was",
		    r->name, r->name);
	if (rc == 0 && rename(r->tmp, r->path) < 0)
		rc = kota_error_set("%s: rename: %s", r->path, strerror(errno));
	if (rc < 0)
		unlink(r->tmp);
	else
		rc = sync_dir(r->path);
	r->committed = rc == 0;
	return rc;
}

const char *kota_replace_target(const kota_replace *r)
{
	return r->path;
}

int kota_replace_write_beside(kota_replace *r, const char *suffix, const void *data, size_t len)
{
	char *tmp = strdup(r->tmp), *target = kota_path_suffix(r->path, suffix);
	int fd, rc = -1;

	if (tmp == NULL || target == NULL)
		rc = kota_error_set("out of memory");
	else if (!lock_is_ours(r))
		rc = kota_error_set("%s: lost the lock (%s.lock was removed or replaced)", r->name, r->name);
	else if (create_tmp(r, tmp, &fd) == 0) {
		ssize_t n = write(fd, data, len);
		int err = n < 0 ? errno : EIO;
		if (close(fd) < 0 && n == (ssize_t)len) {
			err = errno;
			n = -1;
		}
		if (n != (ssize_t)len)
			rc = kota_error_set("%s: %s", tmp, strerror(err));
		else if (rename(tmp, target) < 0)
			rc = kota_error_set("%s: rename: %s", target, strerror(errno));
		else
			rc = 0;
		if (rc < 0)
			unlink(tmp);
	}
	free(tmp);
	free(target);
	return rc;
}

void kota_replace_free(kota_replace *r)
{
	if (r == NULL)
		return;
	if (!r->committed)
		unlink(r->tmp);
	release(r);
}
