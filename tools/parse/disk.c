/*
 * The files on disk (--worktree): each opened below the top of the work
 * tree with no symbolic link followed, and read whole; and outside a
 * repository, the current directory walked.
 */
#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kota-parse.h"

/*
 * Open PATH, relative to the directory TOP, following no symbolic link
 * anywhere in it: git neither reads nor writes a path beyond a link (a
 * tracked d/s.c, d now a link to a directory outside the work tree, is not
 * its file).  Its last component is opened with O_RDONLY | O_CLOEXEC |
 * O_NOFOLLOW | FLAGS.  -1 with errno, and *BEYOND if a directory in PATH
 * is a link.
 */
static int open_below(int top, const char *path, int flags, int *beyond)
{
	const char *p = path, *slash;
	int dir = top, fd;

	*beyond = 0;
	while ((slash = strchr(p, '/')) != NULL) {
		char *name = strndup(p, (size_t)(slash - p));
		if (name == NULL)
			err(2, NULL);
		struct stat st;
		fd = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		/* A link is ELOOP, or with O_DIRECTORY ENOTDIR: ask. */
		int e = errno;
		*beyond = fd < 0 && fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode);
		free(name);
		if (dir != top)
			close(dir);
		if (fd < 0) {
			errno = e;
			return -1;
		}
		dir = fd;
		p = slash + 1;
	}
	fd = openat(dir, p, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | flags);
	if (dir != top) {
		int e = errno;
		close(dir);
		errno = e;
	}
	return fd;
}

/* The LEN bytes of the open file FD, at most SIZE (fewer if it shrank), or NULL. */
static char *read_all(int fd, size_t size, size_t *len)
{
	char *buf = malloc(size + 1);

	*len = 0;
	while (buf != NULL && *len < size) {
		ssize_t n = read(fd, buf + *len, size - *len);
		if (n <= 0)
			break;
		*len += (size_t)n;
	}
	return buf;
}

/* The contents of PATH, a file under the directory TOP, in *LEN bytes; NULL
 * with *WHY saying why not (NULL: it is gone, nothing to say). */
char *read_disk(int top, const char *path, const struct kota_settings *set, size_t *len,
    const char **why)
{
	/* Not to wait on a FIFO: it is refused once open. */
	int beyond, fd = open_below(top, path, O_NONBLOCK, &beyond);
	struct stat st;
	char *buf = NULL;

	*why = NULL;
	if (fd < 0 && (beyond || errno == ELOOP)) {
		*why = beyond ? "beyond a symbolic link" : "symbolic link";
		return NULL;
	}
	if (fd < 0 || fstat(fd, &st) < 0) {
		if (errno != ENOENT)
			*why = "cannot read it";
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode))
		*why = "not a regular file";
	else if ((*why = kota_file_too_large(set, st.st_size)) == NULL)
		buf = read_all(fd, (size_t)st.st_size, len);
	close(fd);
	return buf;
}

/*
 * Outside a repository: the files under the current directory, but those
 * of .git directories, listed as nftw(3) with FTW_PHYS would list them, in
 * the same order: a directory's entries as readdir gives them, each
 * directory's before those of the next entry.  Anything that is neither a
 * directory nor a link is listed (a FIFO is noted once it is opened).  A
 * directory's entries are read whole and it is closed before the
 * directories in it are opened, each from the top again with no link
 * followed: a tree of any depth takes two descriptors at a time.
 */
struct entry {
	char *name;
	char type;			/* 'd' directory, 'l' symbolic link, 'f' anything else */
};

/* The entries of the directory open at FD (closed), but "." and ".." and
 * those that cannot be looked at (EACCES, ENOENT: gone), in *N. */
static struct entry *read_entries(int fd, size_t *n)
{
	DIR *d = fdopendir(fd);
	struct entry *v = NULL;
	struct dirent *e;
	struct stat st;

	*n = 0;
	if (d == NULL)
		err(2, ".");
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			if (errno != EACCES && errno != ENOENT)
				err(2, ".");
			continue;
		}
		if (*n % 64 == 0 && (v = realloc(v, (*n + 64) * sizeof *v)) == NULL)
			err(2, NULL);
		if ((v[*n].name = strdup(e->d_name)) == NULL)
			err(2, NULL);
		v[(*n)++].type = S_ISDIR(st.st_mode) ? 'd' : S_ISLNK(st.st_mode) ? 'l' : 'f';
	}
	closedir(d);
	return v;
}

/* List into FILES the directory open at FD, whose path is PATH ("" for the top). */
static void walk(struct filelist *files, int fd, const char *path)
{
	size_t n;
	struct entry *v = read_entries(fd, &n);

	for (size_t i = 0; i < n; i++) {
		char *sub;
		int beyond;
		if (asprintf(&sub, "%s%s%s", path, path[0] != '\0' ? "/" : "", v[i].name) < 0)
			err(2, NULL);
		if (v[i].type == 'l')
			skipped(sub, "symbolic link");
		else if (v[i].type == 'f')
			add_file(files, sub, NULL);
		else if (strcmp(v[i].name, ".git") != 0) {
			if ((fd = open_below(AT_FDCWD, sub, O_DIRECTORY, &beyond)) >= 0)
				walk(files, fd, sub);
			else if (errno != EACCES)
				err(2, ".");
		}
		free(sub);
		free(v[i].name);
	}
	free(v);
}

void list_directory(struct filelist *files)
{
	int fd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	/* An unreadable top lists nothing: opening it as the root says why. */
	if (fd >= 0)
		walk(files, fd, "");
	else if (errno != EACCES)
		err(2, ".");
}
