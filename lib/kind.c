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
