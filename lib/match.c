/*
 * Finding names you only half remember: glob (fnmatch) and POSIX extended
 * regex patterns over the names of an index.  The walk follows the name
 * order, so each distinct name is tested once and its symbols follow it;
 * a literal prefix of the pattern narrows the walk to that prefix's range
 * of the order by binary search.  A glob with a separator ("json.*Decoder",
 * "Builder.Write*") is matched against the qualified name, scope and
 * name, at any component boundary of the scope, separators "::" and "."
 * alike.
 */
#include <fnmatch.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "kota.h"

struct kota_matcher {
	int regex, fold, qualified;
	regex_t re;
	char *glob;			/* with "::" written "." */
	char *prefix;			/* the literal start; "" if none */
	char *literal;			/* the longest literal every match holds; "" if none */
};

/* Keep [START, END) in [*BS, *BE) if it is longer than what is there. */
static void longer(size_t start, size_t end, size_t *bs, size_t *be)
{
	if (end > start && end - start > *be - *bs)
		*bs = start, *be = end;
}

/* The longest literal run of a glob: text between *, ? and [...]; a
 * backslash ends a run (what it escapes is literal, but rare in names). */
static char *glob_literal(const char *g)
{
	size_t bs = 0, be = 0, start = 0, i;

	for (i = 0; g[i] != '\0'; i++) {
		if (strchr("*?[\\", g[i]) == NULL)
			continue;
		longer(start, i, &bs, &be);
		if (g[i] == '[') {
			size_t j = i + 1;
			if (g[j] == '!' || g[j] == '^')
				j++;
			if (g[j] == ']')
				j++;
			while (g[j] != '\0' && g[j] != ']')
				j++;
			i = g[j] == '\0' ? j - 1 : j;
		} else if (g[i] == '\\' && g[i + 1] != '\0') {
			i++;
		}
		start = i + 1;
	}
	longer(start, i, &bs, &be);
	return strndup(g + bs, be - bs);
}

/* The longest literal run of an ERE that every match holds: none if the
 * pattern has alternatives or groups; a run's last character is dropped
 * when a quantifier that allows zero follows it. */
static char *regex_literal(const char *r)
{
	size_t bs = 0, be = 0, start = 0, i;

	if (strpbrk(r, "|(") != NULL)
		return strdup("");
	for (i = 0; r[i] != '\0'; i++) {
		if (strchr(".[]*+?{}^$\\)", r[i]) == NULL)
			continue;
		size_t end = i;
		if (strchr("*?{", r[i]) != NULL && end > start)
			end--;
		longer(start, end, &bs, &be);
		if (r[i] == '[') {
			size_t j = i + 1;
			if (r[j] == '^')
				j++;
			if (r[j] == ']')
				j++;
			while (r[j] != '\0' && r[j] != ']')
				j++;
			i = r[j] == '\0' ? j - 1 : j;
		} else if (r[i] == '{') {
			while (r[i + 1] != '\0' && r[i] != '}')
				i++;
		} else if (r[i] == '\\' && r[i + 1] != '\0') {
			i++;
		}
		start = i + 1;
	}
	longer(start, i, &bs, &be);
	return strndup(r + bs, be - bs);
}

/* S with every "::" written ".", newly allocated. */
static char *dots(const char *s, size_t len)
{
	char *out = malloc(len + 1), *o = out;

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == ':' && i + 1 < len && s[i + 1] == ':')
			i++, *o++ = '.';
		else
			*o++ = s[i];
	}
	*o = '\0';
	return out;
}

int kota_matcher_new(kota_matcher **out, const char *pattern, int flags)
{
	kota_matcher *m = calloc(1, sizeof *m);
	size_t n = 0;

	if (m == NULL)
		return kota_error_set("out of memory");
	m->regex = (flags & KOTA_MATCH_REGEX) != 0;
	m->fold = (flags & KOTA_MATCH_FOLD) != 0;
	if (m->regex) {
		int rc = regcomp(&m->re, pattern, REG_EXTENDED | REG_NOSUB | (m->fold ? REG_ICASE : 0));
		if (rc != 0) {
			char msg[256];
			regerror(rc, &m->re, msg, sizeof msg);
			free(m);
			return kota_error_set("bad regex '%s': %s", pattern, msg);
		}
		/* A literal after ^, up to the first character that is not one;
		 * none if an alternative could start elsewhere ("^ab|cd"). */
		if (pattern[0] == '^' && strchr(pattern, '|') == NULL)
			while (pattern[1 + n] != '\0' && strchr(".[]()*+?{}|^$\\", pattern[1 + n]) == NULL)
				n++;
		/* A quantifier after it may make its last character optional. */
		if (n > 0 && strchr("*?{", pattern[1 + n]) != NULL && pattern[1 + n] != '\0')
			n--;
		m->prefix = strndup(pattern + (pattern[0] == '^'), n);
		m->literal = regex_literal(pattern);
	} else {
		if ((m->glob = dots(pattern, strlen(pattern))) == NULL) {
			free(m);
			return kota_error_set("out of memory");
		}
		m->qualified = strchr(m->glob, '.') != NULL;
		while (!m->qualified && m->glob[n] != '\0' && strchr("*?[\\", m->glob[n]) == NULL)
			n++;
		m->prefix = strndup(m->glob, n);
		m->literal = glob_literal(m->glob);
	}
	if (m->prefix == NULL || m->literal == NULL) {
		kota_matcher_free(m);
		return kota_error_set("out of memory");
	}
	*out = m;
	return 0;
}

void kota_matcher_free(kota_matcher *m)
{
	if (m == NULL)
		return;
	if (m->regex)
		regfree(&m->re);
	free(m->glob);
	free(m->prefix);
	free(m->literal);
	free(m);
}

const char *kota_matcher_prefix(const kota_matcher *m)
{
	return m->prefix;
}

const char *kota_matcher_literal(const kota_matcher *m)
{
	return m->literal;
}

int kota_matcher_qualified(const kota_matcher *m)
{
	return m->qualified;
}

int kota_match(const kota_matcher *m, kota_str s)
{
	char buf[512], *str = buf;
	int yes;

	if (s.len >= sizeof buf && (str = malloc(s.len + 1)) == NULL)
		return 0;
	memcpy(str, s.ptr, s.len);
	str[s.len] = '\0';
	if (memchr(s.ptr, '\0', s.len) != NULL)
		yes = 0;	/* a name with a NUL: no C string matches it whole */
	else if (m->regex)
		yes = regexec(&m->re, str, 0, NULL, 0) == 0;
	else
		yes = fnmatch(m->glob, str, m->fold ? FNM_CASEFOLD : 0) == 0;
	if (str != buf)
		free(str);
	return yes;
}

int kota_match_qualified(const kota_matcher *m, kota_str scope, kota_str name)
{
	char *q, *d;
	size_t len;
	int yes = 0;

	if (scope.len == 0)
		return kota_match(m, name);
	if ((q = malloc(scope.len + name.len + 2)) == NULL)
		return 0;
	memcpy(q, scope.ptr, scope.len);
	q[scope.len] = '.';
	memcpy(q + scope.len + 1, name.ptr, name.len);
	d = dots(q, scope.len + 1 + name.len);
	free(q);
	if (d == NULL)
		return 0;
	/* The whole qualified name, or its tail from any component on. */
	len = strlen(d);
	for (size_t i = 0; i < len && !yes; i++)
		if (i == 0 || d[i - 1] == '.')
			yes = fnmatch(m->glob, d + i, m->fold ? FNM_CASEFOLD : 0) == 0;
	free(d);
	return yes;
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c;
}

/* Whether QUERY matches NAME at byte I, ignoring ASCII case. */
static int match_at(const char *q, size_t qlen, kota_str name, size_t i)
{
	for (size_t k = 0; k < qlen; k++)
		if (lower((unsigned char)q[k]) != lower((unsigned char)name.ptr[i + k]))
			return 0;
	return 1;
}

/* A word of NAME starts at I: its start, after _ . : or $, or a capital after a small letter. */
static int word_start(kota_str name, size_t i)
{
	unsigned char c, p;

	if (i == 0)
		return 1;
	c = (unsigned char)name.ptr[i];
	p = (unsigned char)name.ptr[i - 1];
	return strchr("_.:$-", p) != NULL || (c >= 'A' && c <= 'Z' && p >= 'a' && p <= 'z');
}

int kota_fuzzy_rank(const char *query, size_t qlen, kota_str name)
{
	size_t k = 0;
	int sub = 0;

	if (qlen == 0 || qlen > name.len)
		return qlen == 0 ? KOTA_FUZZY_SUBSEQUENCE : -1;
	/* Every rank needs the query's first letter, in either case: most
	 * names lack it, and two memchr(3) are far cheaper than the tests
	 * below (workspace/symbol ranks millions of strings). */
	{
		int c = lower((unsigned char)query[0]), u = c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
		if (memchr(name.ptr, c, name.len) == NULL && (u == c || memchr(name.ptr, u, name.len) == NULL))
			return -1;
	}
	if (match_at(query, qlen, name, 0))
		return qlen == name.len ? KOTA_FUZZY_EXACT : KOTA_FUZZY_PREFIX;
	for (size_t i = 1; i + qlen <= name.len; i++) {
		if (!match_at(query, qlen, name, i))
			continue;
		if (word_start(name, i))
			return KOTA_FUZZY_WORD;
		sub = 1;
	}
	if (sub)
		return KOTA_FUZZY_SUBSTRING;
	for (size_t i = 0; i < name.len && k < qlen; i++)
		if (lower((unsigned char)name.ptr[i]) == lower((unsigned char)query[k]))
			k++;
	return k == qlen ? KOTA_FUZZY_SUBSEQUENCE : -1;
}
