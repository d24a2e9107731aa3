/* The tables of symbol and reference kinds: the codes stored in the index and their names. */
#include <string.h>

#include "kota.h"

static const char *const kind_names[KOTA_KIND_MAX + 1] = {
	NULL, "function", "method", "class", "struct", "enum", "union",
	"interface", "trait", "type", "module", "namespace", "macro",
	"constant", "variable", "field", "variant", "impl",
};

const char *kota_kind_name(int k)
{
	return k >= 1 && k <= KOTA_KIND_MAX ? kind_names[k] : NULL;
}

int kota_kind_from_name(const char *s, size_t len)
{
	for (int k = 1; k <= KOTA_KIND_MAX; k++)
		if (strlen(kind_names[k]) == len && memcmp(kind_names[k], s, len) == 0)
			return k;
	return 0;
}

static const char *const ref_kind_names[KOTA_REF_MAX + 1] = {
	NULL, "call", "class", "type", "implementation", "import", "macro",
};

const char *kota_ref_kind_name(int k)
{
	return k >= 1 && k <= KOTA_REF_MAX ? ref_kind_names[k] : NULL;
}

int kota_ref_kind_from_name(const char *s, size_t len)
{
	for (int k = 1; k <= KOTA_REF_MAX; k++)
		if (strlen(ref_kind_names[k]) == len && memcmp(ref_kind_names[k], s, len) == 0)
			return k;
	return 0;
}

/*
 * The languages an index can name, and the names users type for them
 * (kota-get --lang): case does not matter; "ts" is TypeScript without
 * TSX, which is its own language as its grammar is.
 */
static const char *const lang_names[][2] = {
	{ "bash", "bash" }, { "sh", "bash" }, { "shell", "bash" },
	{ "c", "c" },
	{ "cpp", "cpp" }, { "c++", "cpp" }, { "cxx", "cpp" }, { "cc", "cpp" },
	{ "go", "go" }, { "golang", "go" },
	{ "java", "java" },
	{ "javascript", "javascript" }, { "js", "javascript" }, { "jsx", "javascript" },
	{ "python", "python" }, { "py", "python" },
	{ "ruby", "ruby" }, { "rb", "ruby" },
	{ "rust", "rust" }, { "rs", "rust" },
	{ "typescript", "typescript" }, { "ts", "typescript" },
	{ "tsx", "tsx" },
};

const char *kota_lang_canonical(const char *s, size_t len)
{
	for (size_t i = 0; i < sizeof lang_names / sizeof *lang_names; i++) {
		const char *n = lang_names[i][0];
		size_t k;
		if (strlen(n) != len)
			continue;
		for (k = 0; k < len; k++) {
			int c = (unsigned char)s[k];
			if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != n[k])
				break;
		}
		if (k == len)
			return lang_names[i][1];
	}
	return NULL;
}

const char *kota_lang_list(void)
{
	return "bash c cpp go java javascript python ruby rust typescript tsx";
}

const char *kota_kind_list(void)
{
	return "function method class struct enum union interface trait type module namespace "
	    "macro constant variable field variant impl";
}

const char *kota_ref_kind_list(void)
{
	return "call class type implementation import macro";
}
