/*
 * Matching a qualified name as a user types it (Builder.String,
 * 'Foo::bar', ns::Foo::bar) against the scopes of kota(5): separator-
 * agnostic, on the tail of the scope, so that Builder.String also finds
 * strings.Builder's String.  Template arguments do not count (A::B matches
 * A<T>::B), and a Rust scope <Type as Trait> matches either side.
 */
#include <string.h>

#include "kota.h"

#define MAX_PARTS 64

/* Split S at "::" and "." into at most MAX_PARTS parts, each without
 * template arguments ("<...>" at its end); the count, or -1 if too many. */
static int split(kota_str s, kota_str *part)
{
	int n = 0, depth = 0;
	size_t start = 0;

	for (size_t i = 0; i <= s.len; i++) {
		int end = i == s.len;
		size_t seplen = 0;
		if (!end && depth == 0) {
			if (s.ptr[i] == '.')
				seplen = 1;
			else if (s.ptr[i] == ':' && i + 1 < s.len && s.ptr[i + 1] == ':')
				seplen = 2;
		}
		if (!end && s.ptr[i] == '<')
			depth++;
		else if (!end && s.ptr[i] == '>' && depth > 0)
			depth--;
		if (!end && seplen == 0)
			continue;
		if (n == MAX_PARTS)
			return -1;
		kota_str p = { s.ptr + start, i - start };
		const char *lt = memchr(p.ptr, '<', p.len);
		if (lt != NULL && lt > p.ptr)
			p.len = (size_t)(lt - p.ptr);
		part[n++] = p;
		start = i + seplen;
		i += seplen > 0 ? seplen - 1 : 0;
	}
	return n;
}

static int tail_matches(kota_str scope, kota_str qual)
{
	kota_str sp[MAX_PARTS], qp[MAX_PARTS];
	int ns = split(scope, sp), nq = split(qual, qp);

	if (ns < 0 || nq < 0 || nq > ns)
		return 0;
	for (int i = 0; i < nq; i++) {
		kota_str a = sp[ns - nq + i], b = qp[i];
		if (a.len != b.len || memcmp(a.ptr, b.ptr, a.len) != 0)
			return 0;
	}
	return 1;
}

int kota_scope_matches(kota_str scope, kota_str qual)
{
	const char *as;

	if (qual.len == 0)
		return 1;
	if (scope.len == qual.len && memcmp(scope.ptr, qual.ptr, qual.len) == 0)
		return 1;
	/* <Type as Trait>: either side. */
	if (scope.len > 2 && scope.ptr[0] == '<' && scope.ptr[scope.len - 1] == '>' &&
	    (as = memmem(scope.ptr, scope.len, " as ", 4)) != NULL) {
		kota_str type = { scope.ptr + 1, (size_t)(as - scope.ptr - 1) };
		kota_str trait = { as + 4, (size_t)(scope.ptr + scope.len - 1 - (as + 4)) };
		return tail_matches(type, qual) || tail_matches(trait, qual);
	}
	return tail_matches(scope, qual);
}

int kota_split_qualified(const char *s, size_t len, kota_str *qual, kota_str *name)
{
	for (size_t i = len; i > 1; i--) {
		size_t seplen = s[i - 1] == '.' ? 1 : s[i - 1] == ':' && s[i - 2] == ':' ? 2 : 0;
		if (seplen == 0)
			continue;
		if (i == len || i - seplen == 0)
			return 0;
		*qual = (kota_str){ s, i - seplen };
		*name = (kota_str){ s + i, len - i };
		return 1;
	}
	return 0;
}
