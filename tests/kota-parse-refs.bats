#!/usr/bin/env bats
# kota-parse: references in the stream (R records), and turning them off.

load test_helper

setup() {
	common_setup
	git init -q repo
	cd repo
	cat >m.c <<'SRC'
#include "util.h"

static int helper(int x)
{
	return x + 1;
}

int main(void)
{
	return helper(2);
}
SRC
	git add -A
	git -c user.name=t -c user.email=t@t commit -q -m c
}

@test "kota-parse: a call is an R record after its file's symbols" {
	run --separate-stderr kota-parse
	assert_success
	printf '%s\n' "$output" >../s
	grep -qx "R${TAB}call${TAB}helper${TAB}10${TAB}9${TAB}" ../s ||
		fail "no call to helper:$NL$output"
	# The R records come after the file's S records.
	[ "$(grep -n '^[SR]' ../s | tail -n 1 | cut -f1 | cut -d: -f2)" = R ] || fail "order: $output"
	kota-pack -o ../x ../s
	run kota-dump --verify ../x
	assert_success
}

@test "kota-parse --no-refs: no R records, and the settings say so" {
	run --separate-stderr kota-parse --no-refs
	assert_success
	if printf '%s\n' "$output" | grep -q '^R'; then
		fail "R records with --no-refs:$NL$output"
	fi
	printf '%s\n' "$output" | grep -q "^M${TAB}parse-settings${TAB}.* refs=no\$" ||
		fail "no refs=no in the settings:$NL$output"
	printf '%s\n' "$output" | grep -q "^S.*${TAB}main${TAB}" || fail "definitions lost:$NL$output"
}

@test "kota-parse: git config kota.references false turns them off" {
	git config kota.references false
	run --separate-stderr kota-parse
	assert_success
	if printf '%s\n' "$output" | grep -q '^R'; then
		fail "R records with kota.references=false"
	fi
	git config kota.references true
	run --separate-stderr kota-parse
	printf '%s\n' "$output" | grep -q '^R' || fail "no R records with kota.references=true"
}

@test "kota-parse --reuse: an index made without references is not reused with them" {
	kota-parse --no-refs | kota-pack -o ../old
	run --separate-stderr kota-parse --reuse ../old
	assert_success
	if printf '%s\n' "$output" | grep -q '^K'; then
		fail "kept files from an index made with other settings:$NL$output"
	fi
	printf '%s\n' "$output" | grep -q '^R' || fail "no references"
}

@test "kota-parse: in deep nesting a scope keeps its last 1024 bytes, from a separator on" {
	awk 'BEGIN { for (i = 0; i < 600; i++) printf "namespace n%d {\n", i; print "void inner() {}";
		for (i = 0; i < 600; i++) print "}" }' >deep.cpp
	git add deep.cpp
	git -c user.name=t -c user.email=t@t commit -q -m deep
	run --separate-stderr kota-parse deep.cpp
	assert_success
	local scope
	scope=$(printf '%s\n' "$output" | awk -F'\t' '$1 == "S" && $4 == "inner" { print $10 }')
	[ "${#scope}" -le 1024 ] || fail "scope of ${#scope} bytes"
	[ "${#scope}" -gt 900 ] || fail "scope of only ${#scope} bytes: $scope"
	[[ $scope == n*"::n598::n599" ]] || fail "scope: $scope"
	# The outer ones, short enough, are whole.
	printf '%s\n' "$output" | awk -F'\t' '$1 == "S" && $4 == "n3" { print $10 }' | grep -qx 'n0::n1::n2' ||
		fail "scope of n3"
}

@test "kota-parse: a one-line #define ends on its own line, after its last byte" {
	printf '#define LIMIT 10\n#define TWICE(x) \\\n\t((x) * 2)\nint x;\n' >def.c
	git add def.c
	git -c user.name=t -c user.email=t@t commit -q -m def
	run --separate-stderr kota-parse def.c
	assert_success
	printf '%s\n' "$output" | grep -q "^S${TAB}[0-9a-f]*${TAB}macro${TAB}LIMIT${TAB}1${TAB}1${TAB}1${TAB}17${TAB}" ||
		fail "LIMIT:$NL$output"
	printf '%s\n' "$output" | grep -q "^S${TAB}[0-9a-f]*${TAB}macro${TAB}TWICE${TAB}2${TAB}1${TAB}3${TAB}11${TAB}" ||
		fail "TWICE:$NL$output"
}
