/*
 * What a file is to kota-parse, from its path and bytes: one to skip (too
 * large, binary), one in a language of ours, or none of ours; and the
 * settings that decide it, as an index records them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

/* Per byte of a file (kota_extractor_set_budget): some 170 and 3 times
 * what the files of real source trees take (kota-parse(1), ENVIRONMENT). */
#define DEFAULT_WORK_BUDGET 1000
#define DEFAULT_MEMORY_BUDGET 250

/* git's test for binary content: a NUL in the first 8000 bytes. */
#define BINARY_TEST_BYTES 8000

void kota_settings_init(struct kota_settings *s)
{
	memset(s, 0, sizeof *s);
	s->max_size = 1 << 20;
	s->work_budget = DEFAULT_WORK_BUDGET;
	s->memory_budget = DEFAULT_MEMORY_BUDGET;
}

char *kota_settings_string(const struct kota_settings *s)
{
	char *str, budget[64] = "";

	/* Budgets other than the defaults (KOTA_PARSE_*_BUDGET) skip other files. */
	if (s->work_budget != DEFAULT_WORK_BUDGET || s->memory_budget != DEFAULT_MEMORY_BUDGET)
		snprintf(budget, sizeof budget, " budget=%llu,%llu", (unsigned long long)s->work_budget,
		    (unsigned long long)s->memory_budget);
	char ignore[32] = "";
	/* A list of macros other than the built-in one (which the extractor's
	 * fingerprint covers) changes what C and C++ files give. */
	if (s->macros != NULL && !kota_macros_is_builtin(s->macros))
		snprintf(ignore, sizeof ignore, " ignore=%08x", (unsigned)kota_macros_crc(s->macros));
	if (asprintf(&str, "max-size=%lld cpp-headers=%d lang=%s extractor=%s%s%s%s", (long long)s->max_size,
	    s->cpp_headers != 0, s->lang != NULL ? s->lang->name : "-", kota_extractor_fingerprint,
	    budget, s->no_refs ? " refs=no" : "", ignore) < 0)
		return NULL;
	return str;
}

int kota_file_may_parse(const struct kota_settings *s, const char *path)
{
	const char *base = strrchr(path, '/');

	if (s->lang != NULL || kota_lang_detect(path, "", 0, s->cpp_headers) != NULL)
		return 1;
	/* One with an extension (a dot after its first character) it does not know is not ours. */
	base = base != NULL ? base + 1 : path;
	return strchr(base + 1, '.') == NULL;
}

const char *kota_file_too_large(const struct kota_settings *s, int64_t size)
{
	return size > s->max_size ? "larger than the maximum size" : NULL;
}

const char *kota_file_classify(const struct kota_settings *s, const char *path, const char *src,
    size_t len, const struct kota_lang **lang)
{
	const char *why;

	*lang = NULL;
	if ((why = kota_file_too_large(s, (int64_t)len)) != NULL)
		return why;
	if (memchr(src, '\0', len < BINARY_TEST_BYTES ? len : BINARY_TEST_BYTES) != NULL)
		return "binary";
	*lang = s->lang != NULL ? s->lang : kota_lang_detect(path, src, len, s->cpp_headers);
	return NULL;
}
