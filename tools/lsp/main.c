/* kota-lsp: options, and the loop that reads messages and answers them. */
#include <err.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kota-lsp.h"

static void usage(FILE *fp, int status)
{
	fputs("usage: kota-lsp [-f FILE] [--log FILE]\n", fp);
	if (status == 0)
		fputs("\nA language server (LSP over stdio) answering from the kota index:\n"
		    "definition, references, workspace and document symbols, call hierarchy.\n\n"
		    "  -f FILE        the index (default: $KOTA_INDEX, else the repository's\n"
		    "                 of the editor's root)\n"
		    "  --log FILE     write what it does to FILE (- for stderr)\n"
		    "  -h, --help     this help;  -V, --version  the version\n\n"
		    "Exit status: 0 after shutdown and exit, 1 on exit without shutdown or\n"
		    "at the end of input, 2 on an error (broken framing).  See kota-lsp(1).\n", fp);
	exit(status);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "log", required_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct server s = { .in = stdin, .out = stdout };
	char *body, *prefix;
	size_t len;
	const char *why;
	int c, rc;

	while ((c = getopt_long(argc, argv, "f:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': s.explicit_index = optarg; break;
		case 'L':
			if (strcmp(optarg, "-") == 0)
				s.log = stderr;
			else if ((s.log = fopen(optarg, "a")) == NULL)
				err(2, "%s", optarg);
			break;
		case 'h': usage(stdout, 0); break;
		case 'V': printf("kota-lsp (kota) %s\n", PACKAGE_VERSION); return 0;
		default: usage(stderr, 2);
		}
	}
	if (optind != argc) {
		warnx("unexpected argument '%s'", argv[optind]);
		usage(stderr, 2);
	}
	/* A client that goes away must not kill us mid-write with SIGPIPE. */
	signal(SIGPIPE, SIG_IGN);
	if (kota_locate_prefix(&s.top, &prefix) < 0)
		errx(2, "%s", kota_error_last());
	free(prefix);
	if (s.top == NULL && (s.top = getcwd(NULL, 0)) == NULL)
		err(2, "getcwd");
	while ((rc = rpc_read(s.in, &body, &len, &why)) > 0) {
		struct json_tokener *tok = json_tokener_new();
		json_object *msg = json_tokener_parse_ex(tok, body, (int)len);
		enum json_tokener_error e = json_tokener_get_error(tok);
		if (e == json_tokener_success && (int)json_tokener_get_parse_end(tok) < (int)len) {
			/* Bytes after the value (only white space is allowed). */
			size_t i = json_tokener_get_parse_end(tok);
			while (i < len && strchr(" \t\r\n", body[i]) != NULL)
				i++;
			if (i < len)
				e = json_tokener_error_parse_unexpected;
		}
		if (msg == NULL || e != json_tokener_success)
			rpc_error(&s, NULL, RPC_PARSE_ERROR, "not JSON: %s",
			    e == json_tokener_continue ? "it ends too soon" : json_tokener_error_desc(e));
		else if (json_object_is_type(msg, json_type_array))
			rpc_error(&s, NULL, RPC_INVALID_REQUEST, "batches are not supported");
		else
			handle(&s, msg);
		json_object_put(msg);
		json_tokener_free(tok);
		free(body);
	}
	if (rc < 0)
		errx(2, "%s", why);
	/* The end of input without exit: the client went away. */
	return 1;
}
