#!/usr/bin/env bats
# parse/embed-queries.sh, which compiles the queries into kota-parse: the
# `; inherits: A,B` first line of a query, resolved at build time into A's
# and B's text before the query's own, and the build errors it can give.

load test_helper

EMBED=$KOTA_SRCDIR/parse/embed-queries.sh

# query NAME TEXT...: write q/NAME.scm, one line per TEXT argument.
query() {
	local name=$1
	shift
	mkdir -p q
	printf '%s\n' "$@" >"q/$name.scm"
}

# embed_fails NAME MESSAGE: embedding q/NAME.scm fails with the one line
# MESSAGE on the standard error.
embed_fails() {
	run --separate-stderr sh "$EMBED" "q/$1.scm"
	assert_failure
	assert_stderr_line "$2"
}

# embedded NAME: the text embedded for q/NAME.scm in the generated out.c.
embedded() {
	sed -n "/^const char kota_query_$1\\[\\] =\$/,/^	\"\";\$/p" out.c |
		sed -e '1d' -e '$d' -e 's/^	"//' -e 's/\\n"$//'
}

@test "embed-queries: a query without inherits: is embedded as it is" {
	query plain '; no parent' '(a) @definition.function'
	run sh "$EMBED" q/plain.scm
	assert_success
	printf '%s\n' "$output" >out.c
	embedded plain >got
	assert_same_file q/plain.scm got
}

@test "embed-queries: inherits: puts each parent's resolved text before the query's own" {
	query base '(base)'
	query mid '; inherits: base' '(mid)'
	query other '(other)'
	query child ';; inherits: mid, other' '(child)'
	run sh "$EMBED" q/child.scm q/mid.scm
	assert_success
	printf '%s\n' "$output" >out.c
	printf '%s\n' '(base)' '; inherits: base' '(mid)' '(other)' \
		';; inherits: mid, other' '(child)' >want
	embedded child >got
	assert_same_file want got
	printf '%s\n' '(base)' '; inherits: base' '(mid)' >want
	embedded mid >got
	assert_same_file want got
	# a base only inherited is not embedded for itself
	run grep -c '^const char kota_query_' out.c
	assert_output 2
}

@test "embed-queries --resolve prints the text kota-parse embeds, for the benchmarks" {
	query base '(base)'
	query child '; inherits: base' '(child)'
	run sh "$EMBED" q/child.scm
	printf '%s\n' "$output" >out.c
	embedded child >want
	sh "$EMBED" --resolve q/child.scm >got
	assert_same_file want got
	run sh "$EMBED" --resolve
	assert_failure 2
}

@test "embed-queries: a query inherited along two paths comes once, where first met" {
	query base '(base)'
	query left '; inherits: base' '(left)'
	query right '; inherits: base' '(right)'
	query child '; inherits: left,right' '(child)'
	run sh "$EMBED" q/child.scm
	assert_success
	printf '%s\n' "$output" >out.c
	printf '%s\n' '(base)' '; inherits: base' '(left)' '; inherits: base' '(right)' \
		'; inherits: left,right' '(child)' >want
	embedded child >got
	assert_same_file want got
}

@test "embed-queries: inheriting an unknown query is a build error that names both" {
	query child '; inherits: nosuch' '(child)'
	embed_fails child 'embed-queries.sh: q/child.scm:1: inherits nosuch, but there is no q/nosuch.scm'
}

@test "embed-queries: an inheritance cycle is a build error that shows the cycle" {
	query a '; inherits: b' '(a)'
	query b '; inherits: c' '(b)'
	query c '; inherits: a' '(c)'
	embed_fails a 'embed-queries.sh: q/c.scm:1: inherits a, a cycle: a -> b -> c -> a'
	query self '; inherits: self' '(self)'
	embed_fails self 'embed-queries.sh: q/self.scm:1: inherits self, a cycle: self -> self'
}

@test "embed-queries: an inherits: line after the first line is a build error" {
	query base '(base)'
	query child '(child)' '; inherits: base'
	embed_fails child 'embed-queries.sh: q/child.scm:2: an inherits: line must be the first line'
}

@test "embed-queries: inherits: with no name, or a path, is a build error" {
	query empty '; inherits:' '(x)'
	embed_fails empty 'embed-queries.sh: q/empty.scm:1: inherits: names no query'
	query path '; inherits: ../x' '(x)'
	embed_fails path 'embed-queries.sh: q/path.scm:1: inherits: "../x" is not a query name'
}

@test "embed-queries: the fingerprint changes with the text of an inherited query" {
	query base '(base)'
	query child '; inherits: base' '(child)'
	run sh "$EMBED" q/child.scm
	assert_success
	grep '^const char kota_extractor_fingerprint' <<<"$output" >before
	query base '(base) @definition.function'
	run sh "$EMBED" q/child.scm
	assert_success
	grep '^const char kota_extractor_fingerprint' <<<"$output" >after
	[ -s before ] || fail "no fingerprint"
	run cmp -s before after
	assert_failure
}
