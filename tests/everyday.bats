#!/usr/bin/env bats
# What a daily user types: paths from a subdirectory, relative output,
# language aliases, lists of kinds, several --at and --at -, and the
# partial or empty parse that must not replace the index (issue 12).

load test_helper

setup() {
	common_setup
	git init -q repo
	mkdir -p repo/json repo/lib
	printf 'def decode(s):\n    return s\n\nclass Decoder:\n    pass\n' >repo/json/decoder.py
	printf 'def top():\n    pass\n' >repo/lib/x.py
	printf 'int main(void)\n{\n\treturn 0;\n}\n' >repo/m.c
	cd repo
	git add -A
	git -c user.name=t -c user.email=t@t commit -q -m c
	mkdir -p .git/kota
	kota-parse -q | kota-pack -o .git/kota/index.kota
	cd json
}

get() {
	run --separate-stderr kota-get "$@"
}

@test "kota-get --at: a path relative to the current directory, ./, or absolute" {
	for p in decoder.py ./decoder.py "$TEST_TMP/repo/json/decoder.py" ../json/decoder.py; do
		get --at "$p:2"
		assert_success
		assert_output "decoder.py:1:1${TAB}function${TAB}decode"
	done
	get --at /elsewhere/decoder.py:2
	assert_failure 2
	[[ $stderr == *"outside the work tree"* ]] || fail "stderr: $stderr"
}

@test "kota-get: paths in a subdirectory print relative to it, --full-name from the top" {
	get top
	assert_output "../lib/x.py:1:1${TAB}function${TAB}top"
	get --full-name top
	assert_output "lib/x.py:1:1${TAB}function${TAB}top"
	cd ..
	get top
	assert_output "lib/x.py:1:1${TAB}function${TAB}top"
}

@test "kota-get --path: a file as typed, or a directory" {
	get --path decoder.py --kind function
	assert_output "decoder.py:1:1${TAB}function${TAB}decode"
	get --path ../lib --kind function
	assert_output "../lib/x.py:1:1${TAB}function${TAB}top"
	get --path ../lib/ --kind function
	assert_output "../lib/x.py:1:1${TAB}function${TAB}top"
	# Several --path are a union.
	get --path ../lib --path . --kind function
	assert_output "$(printf '%s\n' "decoder.py:1:1${TAB}function${TAB}decode" "../lib/x.py:1:1${TAB}function${TAB}top")"
}

@test "kota-get --lang: aliases, any case, lists; an unknown one is an error that lists them" {
	for l in python py PY Python c,py; do
		get --lang "$l" decode
		assert_success
	done
	get --lang c decode
	assert_failure 1
	get --lang perl decode
	assert_failure 2
	[[ $stderr == *"unknown language 'perl' (languages: bash c cpp go"* ]] || fail "stderr: $stderr"
}

@test "kota-get --kind: lists and repetition; an unknown kind lists the kinds" {
	get --kind function --kind class --path .
	assert_output "$(printf '%s\n' "decoder.py:1:1${TAB}function${TAB}decode" "decoder.py:4:1${TAB}class${TAB}Decoder")"
	get --kind function,class --path .
	assert_output "$(printf '%s\n' "decoder.py:1:1${TAB}function${TAB}decode" "decoder.py:4:1${TAB}class${TAB}Decoder")"
	get --kind func x
	assert_failure 2
	[[ $stderr == *"unknown kind 'func' (kinds: function method class"* ]] || fail "stderr: $stderr"
}

@test "kota-get --at: several, and PATH:LINE lines on the standard input" {
	get --at decoder.py:1 --at ../lib/x.py:1
	assert_output "$(printf '%s\n' "decoder.py:1:1${TAB}function${TAB}decode" "../lib/x.py:1:1${TAB}function${TAB}top")"
	run --separate-stderr sh -c "printf 'decoder.py:5:    pass\n../lib/x.py:2:x\n' | kota-get --at -"
	assert_success
	assert_output "$(printf '%s\n' "decoder.py:4:1${TAB}class${TAB}Decoder" "../lib/x.py:1:1${TAB}function${TAB}top")"
}

@test "kota-get --children '': says no id was given" {
	get --children ''
	assert_failure 2
	[ "$stderr" = "kota-get: no symbol id given (an empty --children)" ] || fail "stderr: $stderr"
}

@test "kota-parse: a path that matches nothing is an error" {
	run --separate-stderr kota-parse -q nosuch/
	assert_failure 2
	[[ $stderr == *"nosuch: no such file or directory in the tree"* ]] || fail "stderr: $stderr"
}

@test "kota-pack: a stream of some paths does not replace the repository's index" {
	cd ..
	before=$(kota-get --meta commit)
	run --separate-stderr sh -c 'kota-parse -q json | kota-pack'
	assert_failure 2
	[[ $stderr == *"not replacing the repository's index with a stream of some paths only"* ]] ||
		fail "stderr: $stderr"
	# The index is as it was.
	run kota-get top
	assert_success
	# -o elsewhere, or --force, say it is meant.
	kota-parse -q json | kota-pack -o part.kota
	kota-parse -q json | kota-pack --force
	run kota-get top
	assert_failure 1
}

@test "kota-pack: an empty stream does not replace an index that has files" {
	cd ..
	run --separate-stderr sh -c "printf 'kota-stream\t2\n' | kota-pack"
	assert_failure 2
	[[ $stderr == *"with a stream without files"* ]] || fail "stderr: $stderr"
	run kota-get top
	assert_success
}

@test "kota-get: warns once when the index is of another commit than HEAD" {
	cd ..
	get top
	assert_success
	[ -z "$stderr" ] || fail "stderr: $stderr"
	echo '# more' >>lib/x.py
	git -c user.name=t -c user.email=t@t commit -q -am more
	get top
	assert_success
	assert_output "lib/x.py:1:1${TAB}function${TAB}top"
	[[ $stderr == "kota-get: the index is of commit "*", HEAD is "*": bring it up to date with kota-hook run" ]] ||
		fail "stderr: $stderr"
	# Not with an index named: it need not be this repository's.
	get -f .git/kota/index.kota top
	[ -z "$stderr" ] || fail "stderr: $stderr"
}

@test "kota-get: no index yet says how to make one" {
	rm ../.git/kota/index.kota
	get top
	assert_failure 2
	[[ $stderr == *"no index yet: make it with kota-hook install (or kota-parse | kota-pack)" ]] ||
		fail "stderr: $stderr"
}

@test "kota-parse --progress: files done and a summary on stderr; nothing without it on a pipe" {
	cd ..
	run --separate-stderr kota-parse --progress
	assert_success
	[[ $stderr == *"kota-parse: 3/3 files (100%)"* ]] || fail "stderr: $stderr"
	[[ $stderr == *"kota-parse: 3 files, 4 symbols, "*" references in "*" s" ]] || fail "stderr: $stderr"
	run --separate-stderr kota-parse
	[ -z "$stderr" ] || fail "stderr without --progress: $stderr"
}

@test "kota-get: a path with a TAB, LF, quote or backslash is quoted as git quotes it, raw with -z" {
	cd ..
	printf 'int tabbed(void) { return 0; }\n' >"$(printf 'a\tb.c')"
	printf 'def lined():\n    pass\n' >"$(printf 'new\nline.py')"
	printf 'int quoted(void) { return 0; }\n' >'q"\.c'
	git add -A
	git -c user.name=t -c user.email=t@t commit -q -m odd
	kota-parse -q | kota-pack -o .git/kota/index.kota
	get tabbed
	assert_output "\"a\\tb.c\":1:1${TAB}function${TAB}tabbed"
	get lined
	assert_output "\"new\\nline.py\":1:1${TAB}function${TAB}lined"
	get --format=grep quoted
	assert_output "\"q\\\"\\\\.c\":1:1: function quoted  int quoted(void) { return 0; }"
	get --refs tabbed
	assert_failure 1
	# -z: one record per NUL, the path as it is.
	run --separate-stderr kota-get -z lined
	[ "$output" = "$(printf 'new\nline.py:1:1\tfunction\tlined')" ] || fail "$(printf '%q' "$output")"
}
