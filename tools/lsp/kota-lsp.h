/*
 * kota-lsp: a language server over a kota index (the LSP, JSON-RPC over
 * stdio).  main.c: options; rpc.c: the loop, framing and replies;
 * docs.c: the documents the editor has open, and words at positions;
 * methods.c: what each request answers, from the index.
 */
#ifndef KOTA_LSP_H
#define KOTA_LSP_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <json-c/json.h>

#include "kota.h"

/* JSON-RPC error codes. */
enum {
	RPC_PARSE_ERROR = -32700, RPC_INVALID_REQUEST = -32600, RPC_METHOD_NOT_FOUND = -32601,
	RPC_INVALID_PARAMS = -32602, RPC_INTERNAL_ERROR = -32603,
	LSP_SERVER_NOT_INITIALIZED = -32002, LSP_REQUEST_FAILED = -32803,
};

/* A message is at most this long: a bigger Content-Length is refused. */
#define LSP_MAX_MESSAGE (64u << 20)

struct doc {
	char *uri;
	char *text;
	size_t len;
	struct doc *next;
};

struct server {
	const char *explicit_index;	/* -f */
	char *ixpath;			/* the index, once located */
	char *opened;			/* the file the view is of: ixpath, or its .worktree */
	int no_worktree;		/* --no-worktree: HEAD's index only, no reindex on save */
	kota_view *v;			/* NULL until an index could be opened */
	/* what the index and its delta were when opened: reopened when changed */
	dev_t dev, ddev;
	ino_t ino, dino;
	off_t size, dsize;
	struct timespec mtime, dmtime;
	int have_delta;
	char *top;			/* the work tree; index paths are relative to it */
	struct doc *docs;
	int initialized, shutdown;
	int exit_status;		/* after "exit": 0 or 1; -1 before */
	FILE *in, *out, *log;
};

/* rpc.c */
/* Read one message body (NUL-terminated, malloc'd) into *BODY: 1, 0 at the
 * end of input, -1 when the framing is broken (what is wrong goes to *WHY). */
int rpc_read(FILE *in, char **body, size_t *len, const char **why);
void rpc_send(struct server *s, json_object *msg);
/* A result for request ID (taken), or an error. */
void rpc_result(struct server *s, json_object *id, json_object *result);
void rpc_error(struct server *s, json_object *id, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void rpc_log(struct server *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* docs.c */
void doc_open(struct server *s, const char *uri, const char *text, size_t len);
void doc_close(struct server *s, const char *uri);
/* The text of URI: the editor's copy, else the file's (*OWNED then set: free it). */
char *doc_text(struct server *s, const char *uri, size_t *len, int *owned);
/* The identifier at LINE (0-based) and CHARACTER (UTF-16 units) of TEXT:
 * its bytes into *NAME (malloc'd), the text just before it into *QUAL
 * ("obj." or "ns::", malloc'd, maybe empty); 0, or KOTA_NOTFOUND. */
int doc_word_at(const char *text, size_t len, uint32_t line, uint32_t character,
    char **name, char **qual);
/* The editor's text of URI if it has it open, else NULL. */
const char *doc_open_text(struct server *s, const char *uri, size_t *len);
/* The UTF-16 column of byte column BYTES (0-based) of LINE (0-based) of TEXT. */
uint32_t doc_utf16_column(const char *text, size_t len, uint32_t line, uint32_t bytes);
/* file:// URIs and paths of the work tree, malloc'd; NULL if not ours. */
char *uri_to_path(struct server *s, const char *uri);
char *path_to_uri(struct server *s, kota_str path);

/* rpc.c: read and answer messages until "exit" or the end of input: the
 * exit status (0 after shutdown and exit, 1 otherwise), or 2 with *WHY
 * when the framing is broken. */
int serve(struct server *s, const char **why);

/* methods.c */
void handle(struct server *s, json_object *msg);
/* Open the index, or reopen it if a writer replaced it or its delta. */
int server_refresh(struct server *s);
/* Free what S holds: documents, the index, paths. */
void server_free(struct server *s);

#endif
