/*
 * What the files of kota-parse share: main.c reads the options and the
 * configuration and opens the repository; list.c lists the files to parse
 * (a tree, or the index and the work tree) and disk.c reads those on disk
 * (and lists a directory outside a repository); attr.c answers for the
 * attribute kota, reuse.c for --reuse; run.c parses the files on worker
 * threads and prints them in path order.
 */
#ifndef KOTA_PARSE_PROGRAM_H
#define KOTA_PARSE_PROGRAM_H

#include <stddef.h>
#include <stdio.h>

#include <git2.h>

#include "kota.h"
#include "parse.h"

/* Where the files come from: set up by main.c and list_files, then read only. */
struct source {
	git_repository *repo;		/* the main thread's handle; NULL outside a repository */
	int worktree;			/* the files on disk (--worktree), not a tree's blobs */
	const char *root;		/* --worktree in a repository: the work tree, with a slash */
	int root_fd;			/* --worktree: the work tree, or "." outside a repository */
	git_oid commit_id;
	const git_oid *commit;		/* tree mode: &commit_id if the revision has a commit */
	int attrs_used;			/* tree mode: an attributes file may name kota */
};

/* A file to parse, as listed. */
struct file {
	char *path;			/* relative to the top of the repository */
	git_oid oid;			/* tree mode: the blob */
};

struct filelist {
	struct file *v;
	size_t n, cap;
};

/* main.c */
/* A line on stderr about PATH, escaped as in the stream: a file name cannot
 * forge a line of its own. */
__attribute__((format(printf, 2, 3)))
void warn_path(const char *path, const char *fmt, ...);
/* "PATH: skipped (WHY)", "PATH: WHAT", unless -q. */
void skipped(const char *path, const char *why);
void note_path(const char *path, const char *what);
/* Exit 2 with WHAT and libgit2's last error. */
__attribute__((noreturn))
void git_fail(const char *what);
/* Open the repository the way git would from here: $GIT_DIR and friends,
 * else upwards from the current directory. */
int open_repo(git_repository **out);

/* list.c */
/* Ask for the path P, relative to PREFIX; or for those of the file NAME. */
void add_pathspec(const char *prefix, const char *p);
void read_files_from(const char *prefix, const char *name, int zero);
/* Whether paths were asked for (else the whole tree is). */
int some_paths(void);
void add_file(struct filelist *files, const char *path, const git_oid *oid);
void free_files(struct filelist *files);
/* List REV's tree, or with --worktree the files on disk, into FILES. */
void list_files(struct source *src, struct filelist *files, const char *rev);
/* Keep, in path order, the files to parse: asked for, not unset by the
 * attribute kota, not of a language kota-parse cannot parse by its name. */
void select_files(const struct source *src, const struct kota_settings *set,
    struct filelist *files);

/* disk.c */
/* The files under the current directory, but those of .git directories. */
void list_directory(struct filelist *files);
/* The contents of PATH under the directory TOP; NULL with *WHY saying why
 * not (NULL: it is gone). */
char *read_disk(int top, const char *path, const struct kota_settings *set, size_t *len,
    const char **why);

/* attr.c */
/* Whether PATH's attribute kota is unset, as of COMMIT if not NULL. */
int attr_unset(git_repository *repo, const char *path, const git_oid *commit);
/* Take attributes from the commit alone, not from the index. */
void attrs_from_commit(git_repository *repo);
/* Whether a .gitattributes blob, or any attributes file outside the tree,
 * could set kota at all; stop on one that libgit2 could not read. */
int blob_mentions_kota(git_repository *repo, const git_oid *oid);
int other_attrs_mention_kota(git_repository *repo);
/* --worktree: stop on an exclude file, or a .gitattributes or .gitignore
 * of the directories down to PATH, that libgit2 could not read. */
void check_exclude_files(git_repository *repo);
void check_worktree_dirs(const char *root, const char *path);

/* reuse.c */
/* The value of the meta parse-settings for SET, SOME if paths were asked for. */
char *parse_settings(const struct kota_settings *set, int some);
/* Reuse the index INDEX if it was made with SET. */
void reuse_open(const char *index, const struct kota_settings *set);
/* List only the files that changed since the index's commit; 0 if it cannot be done. */
int reuse_tree(git_repository *repo, struct filelist *files, git_tree *tree);
/* Whether the index has PATH with the blob HEX, and so its symbols. */
int reusable(const char *path, const char *hex);
void put_keep(FILE *fp, const char *path, const char *hex);
/* Print the keep records of the unchanged files before PATH (NULL: all left). */
void print_keeps(const char *path);
void reuse_close(void);

/* run.c */
/* Parse FILES on THREADS threads and print their records in path order. */
/* Show progress on stderr while running (files done of all, rate), and a
 * summary line at the end. */
extern int show_progress;
void run(const struct source *src, const struct kota_settings *set, const struct filelist *files,
    int threads);

#endif
