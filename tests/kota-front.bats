#!/usr/bin/env bats
# The front end: `kota VERB` and `git kota VERB` run the programs beside
# them (issue 12); the bash completion offers verbs, options and names.

load test_helper

setup() {
	common_setup
	indexed_decoder_repo
}

@test "kota def, at, refs, callers, callees, impact answer as kota-get does" {
	run --separate-stderr kota def helper
	assert_success
	assert_output "json/decoder.py:5:1${TAB}function${TAB}helper"
	run --separate-stderr kota at json/decoder.py:3 b.go:5
	assert_success
	assert_output "$(kota-get --at json/decoder.py:3 --at b.go:5)"
	# Options and their values pass through untouched.
	run --separate-stderr kota at --lang python json/decoder.py:3
	assert_output "json/decoder.py:2:5${TAB}method${TAB}JSONDecoder.decode"
	for verb in refs callers callees impact; do
		run --separate-stderr kota "$verb" helper
		[ "$output" = "$(kota-get "--$verb" helper)" ] || fail "kota $verb: $output"
	done
	run --separate-stderr kota callers helper
	assert_line --index 0 --partial "JSONDecoder.decode"
	run --separate-stderr kota def nosuchname
	assert_failure 1
}

@test "kota find: a glob, or -E a regex, with options before it" {
	run --separate-stderr kota find '*ecode*'
	assert_success
	assert_output "$(kota-get --match '*ecode*')"
	assert_line --partial "raw_decode"
	run --separate-stderr kota find --kind method -i '*DECODE*'
	assert_output "json/decoder.py:2:5${TAB}method${TAB}JSONDecoder.decode"
	run --separate-stderr kota find -E '^raw'
	assert_output "json/decoder.py:8:1${TAB}function${TAB}raw_decode"
	run --separate-stderr kota find
	assert_failure 2
	[[ $stderr == "kota: find: give a PATTERN" ]] || fail "stderr: $stderr"
}

@test "kota children: the members of a type from every file" {
	printf 'package b\n\nfunc (b *Builder) String() string { return "" }\n' >s.go
	commit_all
	kota-parse -q | kota-pack -o .git/kota/index.kota
	run --separate-stderr kota children Builder
	assert_success
	assert_line --partial "Builder.WriteString"
	assert_line --partial "Builder.String"
	run --separate-stderr kota children nosuchname
	assert_failure 1
}

@test "git kota runs the front end; an unknown verb is an error naming the verbs" {
	run --separate-stderr git kota def helper
	assert_success
	assert_output "json/decoder.py:5:1${TAB}function${TAB}helper"
	run --separate-stderr kota frob
	assert_failure 2
	[[ $stderr == "kota: unknown verb 'frob' (verbs: "*"find index status help)" ]] || fail "stderr: $stderr"
	run --separate-stderr kota
	assert_failure 2
	[[ $stderr == "usage: kota VERB"* ]] || fail "stderr: $stderr"
	run kota --help
	assert_success
	assert_line --partial "callers NAME"
	run kota --version
	assert_output --regexp '^kota \(kota\) [0-9]'
	run --separate-stderr kota get --version
	assert_output --regexp '^kota-get \(kota\) '
}

@test "kota index and status run kota-hook" {
	run --separate-stderr kota status
	assert_output --partial "post-commit"
	rm .git/kota/index.kota
	run --separate-stderr kota index
	assert_success
	run --separate-stderr kota def helper
	assert_success
}

# complete WORD...: what the completion offers for the command line WORD...
# (the last word is the one being completed).
complete_words() {
	source "$BATS_TEST_DIRNAME/../completion/kota"
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMPREPLY=()
	local f
	f=$(complete -p "$1" | sed 's/.*-F \([^ ]*\) .*/\1/')
	"$f"
	printf '%s\n' "${COMPREPLY[@]}"
}

@test "completion: verbs, options, kinds and languages as the programs list them, names from the index" {
	run complete_words kota ca
	assert_output "$(printf '%s\n' callers callees)"
	run complete_words kota-get --reg
	assert_output "--regex"
	run complete_words kota-get --kind ''
	for k in $(kota-get --kinds); do
		assert_line "$k"
	done
	run complete_words kota-get --lang ''
	for l in $(kota-get --languages | tr -d ,); do
		[[ $l == *'('* || $l == *')'* ]] || assert_line "$l"
	done
	run complete_words kota callers hel
	assert_output "helper"
	run complete_words kota-get Writ
	assert_output "$(printf '%s\n' Write WriteString)"
	run complete_words kota-dump --format=js
	assert_output "--format=json"
	# git's completion calls _git_kota with "git" as the first word.
	source "$BATS_TEST_DIRNAME/../completion/kota"
	COMP_WORDS=(git kota ref)
	COMP_CWORD=2
	_git_kota
	[ "${COMPREPLY[*]}" = refs ] || fail "git kota ref: ${COMPREPLY[*]}"
}

@test "kota index --worktree indexes the edits; kota def --worktree finds them" {
	printf 'def fresh():\n    pass\n' >fresh.py
	run --separate-stderr kota index --worktree
	assert_success
	run --separate-stderr kota def --worktree fresh
	assert_output "fresh.py:1:1${TAB}function${TAB}fresh"
	run --separate-stderr kota def fresh
	assert_failure 1
}
