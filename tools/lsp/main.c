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
	fputs("usage: kota-lsp [-f FILE] [--log FILE] [--no-worktree]\n", fp);
	if (status == 0)
		fputs("\nA language server (LSP over stdio) answering from the kota index:\n"
		    "definition, references, workspace and document symbols, call hierarchy.\n\n"
		    "  -f FILE        the index (default: $KOTA_INDEX, else the repository's\n"
		    "                 of the editor's root)\n"
		    "  --log FILE     write what it does to FILE (- for stderr)\n"
		    "  --no-worktree  answer from the index of HEAD only, and do not index\n"
		    "                 the work tree on each save (kota-hook worktree)\n"
		    "  -h, --help     this help;  -V, --version  the version\n\n"
		    "Exit status: 0 after shutdown and exit, 1 on exit without shutdown or\n"
		    "at the end of input, 2 on an error (broken framing).  See kota-lsp(1).\n", fp);
	exit(status);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "log", required_argument, NULL, 'L' },
		{ "no-worktree", no_argument, NULL, 'W' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct server s = { .in = stdin, .out = stdout };
	char *prefix;
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
		case 'W': s.no_worktree = 1; break;
		case 'h': usage(stdout, 0); break;
		case 'V': printf("kota-lsp (kota) %s\n", PACKAGE_VERSION); return 0;
		default: usage(stderr, 2);
		}
	}
	if (optind != argc) {
		warnx("unexpected argument '%s'", argv[optind]);
		usage(stderr, 2);
	}
	/* A client that goes away must not kill us mid-write with SIGPIPE;
	 * the reindexes started on save are reaped by the system. */
	signal(SIGPIPE, SIG_IGN);
	signal(SIGCHLD, SIG_IGN);
	if (kota_locate_prefix(&s.top, &prefix) < 0)
		errx(2, "%s", kota_error_last());
	free(prefix);
	if (s.top == NULL && (s.top = getcwd(NULL, 0)) == NULL)
		err(2, "getcwd");
	rc = serve(&s, &why);
	server_free(&s);
	if (rc == 2)
		errx(2, "%s", why);
	return rc;
}
