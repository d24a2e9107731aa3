/* The languages compiled into kota-parse: grammar, file names, query. */
#include <string.h>

#include "parse.h"

#define GRAMMAR(name) const TSLanguage *tree_sitter_##name(void);
GRAMMAR(bash) GRAMMAR(c) GRAMMAR(cpp) GRAMMAR(go) GRAMMAR(java) GRAMMAR(javascript)
GRAMMAR(python) GRAMMAR(ruby) GRAMMAR(rust) GRAMMAR(typescript) GRAMMAR(tsx)

/* queries.c, generated from queries/NAME.scm.  TSX is TypeScript with JSX
 * nodes added, so the TypeScript query serves it too. */
extern const char kota_query_bash[], kota_query_c[], kota_query_cpp[], kota_query_go[],
    kota_query_java[], kota_query_javascript[], kota_query_python[], kota_query_ruby[],
    kota_query_rust[], kota_query_typescript[];

const struct kota_lang kota_langs[] = {
	{ "bash", tree_sitter_bash, ".sh .bash", "sh bash dash ksh", kota_query_bash },
	{ "c", tree_sitter_c, ".c .h", "", kota_query_c },
	{ "cpp", tree_sitter_cpp, ".cc .cpp .cxx .c++ .hh .hpp .hxx .h++ .ipp .tcc .inl", "", kota_query_cpp },
	{ "go", tree_sitter_go, ".go", "", kota_query_go },
	{ "java", tree_sitter_java, ".java", "", kota_query_java },
	{ "javascript", tree_sitter_javascript, ".js .mjs .cjs .jsx", "node nodejs", kota_query_javascript },
	{ "python", tree_sitter_python, ".py .pyi .pyw", "python", kota_query_python },
	{ "ruby", tree_sitter_ruby, ".rb .rake .gemspec .ru", "ruby", kota_query_ruby },
	{ "rust", tree_sitter_rust, ".rs", "", kota_query_rust },
	{ "typescript", tree_sitter_typescript, ".ts .mts .cts", "", kota_query_typescript },
	{ "tsx", tree_sitter_tsx, ".tsx", "", kota_query_typescript },
};
const size_t kota_nlangs = sizeof kota_langs / sizeof kota_langs[0];

const struct kota_lang *kota_lang_by_name(const char *name)
{
	for (size_t i = 0; i < kota_nlangs; i++)
		if (strcmp(kota_langs[i].name, name) == 0)
			return &kota_langs[i];
	return NULL;
}

/* Is the LEN bytes at WORD one of the space-separated words of LIST? */
static int in_list(const char *list, const char *word, size_t len)
{
	while (*list != '\0') {
		size_t n = strcspn(list, " ");
		if (n == len && strncmp(list, word, len) == 0)
			return 1;
		list += n;
		list += *list == ' ';
	}
	return 0;
}

/* The interpreter named by a #! line: "python" for "#!/usr/bin/env python3.11". */
static const struct kota_lang *by_interpreter(const char *head, size_t len)
{
	const char *p = head + 2, *end = memchr(head, '\n', len);
	const char *word;
	size_t n;

	if (end == NULL)
		end = head + len;
	for (int arg = 0; arg < 3; arg++) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		word = p;
		while (p < end && *p != ' ' && *p != '\t' && *p != '\r')
			p++;
		n = (size_t)(p - word);
		for (const char *s = word; s < word + n; s++)
			if (*s == '/') {
				n -= (size_t)(s + 1 - word);
				word = s + 1;
			}
		if (n == 3 && strncmp(word, "env", 3) == 0)
			continue;
		if (n > 0 && word[0] == '-')
			continue;	/* env -S and the like */
		/* python3.11 -> python */
		while (n > 0 && ((word[n - 1] >= '0' && word[n - 1] <= '9') || word[n - 1] == '.'))
			n--;
		for (size_t i = 0; i < kota_nlangs; i++)
			if (in_list(kota_langs[i].interpreters, word, n))
				return &kota_langs[i];
		return NULL;
	}
	return NULL;
}

const struct kota_lang *kota_lang_detect(const char *path, const char *head, size_t len,
    int cpp_headers)
{
	const char *base = strrchr(path, '/'), *dot;

	base = base != NULL ? base + 1 : path;
	dot = strrchr(base, '.');
	if (dot != NULL && dot != base) {
		size_t n = strlen(dot);
		if (strcmp(dot, ".h") == 0)
			return kota_lang_by_name(cpp_headers ? "cpp" : "c");
		for (size_t i = 0; i < kota_nlangs; i++)
			if (in_list(kota_langs[i].extensions, dot, n))
				return &kota_langs[i];
		return NULL;
	}
	if (len > 2 && head[0] == '#' && head[1] == '!')
		return by_interpreter(head, len);
	return NULL;
}
