#!/usr/bin/env bats
# kota-parse sees through C and C++ attribute macros (issue 10, part 2):
# the built-in list, git config kota.ignore, a committed .kota/ignore.

load test_helper

setup() {
	common_setup
	git init -q repo
	cd repo
	cat >s.h <<'SRC'
#define __always_inline inline __attribute__((always_inline))
static __always_inline __alloc_size(1) void *kmalloc(size_t size, gfp_t flags)
{
	return __kmalloc(size, flags);
}
__must_check int do_thing(void)
{
	return 0;
}
MY_ATTR int after(void) { return 0; }
SRC
	commit
}

commit() {
	git add -A
	git -c user.name=t -c user.email=t@t commit -q -m c
}

# symbols: the NAME LINE COL of each S record of kota-parse's output.
symbols() {
	run --separate-stderr kota-parse "$@"
	assert_success
	printf '%s\n' "$output" | awk -F'\t' '$1 == "S" { print $4, $5, $6 }'
}

@test "kota-parse: built-in attribute macros are blanked, positions kept" {
	run symbols
	assert_line "__always_inline 1 1"
	assert_line "kmalloc 2 1"
	assert_line "do_thing 6 14"
	# MY_ATTR is no attribute kota knows: it stays part of the definition.
	assert_line "after 10 1"
}

@test "kota-parse: git config kota.ignore adds names, !NAME takes one out" {
	git config kota.ignore MY_ATTR
	run symbols
	assert_line "after 10 9"
	run --separate-stderr kota-parse
	printf '%s\n' "$output" | grep -q "^M${TAB}parse-settings${TAB}.* ignore=[0-9a-f]\{8\}\$" ||
		fail "no ignore= in the settings:$NL$output"
	git config --add kota.ignore '!__must_check __alloc_size+'
	run symbols
	assert_line "do_thing 6 1"
	assert_line "kmalloc 2 1"
}

@test "kota-parse: a committed .kota/ignore adds names, in ctags' -I syntax" {
	mkdir .kota
	printf '# project macros\nMY_ATTR\n' >.kota/ignore
	commit
	run symbols
	assert_line "after 10 9"
	# and from the work tree with --worktree
	printf '' >.kota/ignore
	run symbols --worktree
	assert_line "after 10 1"
}

@test "kota-parse --reuse: an index made with another macro list is parsed again" {
	kota-parse -q | kota-pack -o ../old.kota
	git config kota.ignore MY_ATTR
	run --separate-stderr kota-parse --reuse ../old.kota
	assert_success
	if printf '%s\n' "$output" | grep -q '^K'; then
		fail "kept a file parsed with another list:$NL$output"
	fi
	printf '%s\n' "$output" | grep -q "${TAB}after${TAB}" || fail "after not found"
}
