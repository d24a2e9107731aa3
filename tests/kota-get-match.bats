#!/usr/bin/env bats
# kota-get --match GLOB and --regex RE: names you only half remember
# (issue 15), with -i, the filters and the formats.

load test_helper

setup() {
	common_setup
	git init -q repo
	mkdir -p repo/json repo/lib
	printf 'class JSONDecoder:\n    def decode(self, s):\n        return s\n\ndef raw_decode(s):\n    return s\n\ndef rawx(s):\n    pass\n\ndef helper(s):\n    pass\n' >repo/json/decoder.py
	printf 'def decode_all():\n    pass\n\ndef a_b():\n    pass\n\ndef a1b():\n    pass\n' >repo/lib/util.py
	printf 'package b\n\ntype Builder struct{}\n\nfunc (b *Builder) WriteString(s string) {}\nfunc (b *Builder) Write(p []byte) {}\nfunc (b *Builder) String() string { return "" }\n' >repo/b.go
	printf 'namespace ns {\nstruct Foo {\n  void bar();\n  void baz();\n};\n}\nvoid ns::Foo::bar() {}\nvoid ns::Foo::baz() {}\n' >repo/f.cpp
	cd repo
	commit_all
	kota-parse -q | kota-pack -o idx
	export KOTA_INDEX=$PWD/idx
}

get() {
	run --separate-stderr kota-get "$@"
}

# names: the third field of each output line, sorted.
names() {
	printf '%s\n' "$output" | cut -f3 | sort
}

@test "--match: a glob anywhere in the name; each symbol once, in name order" {
	get --match '*ecode*'
	assert_success
	assert_output "$(printf '%s\n' "json/decoder.py:1:1${TAB}class${TAB}JSONDecoder" \
	    "json/decoder.py:2:5${TAB}method${TAB}JSONDecoder.decode" \
	    "lib/util.py:1:1${TAB}function${TAB}decode_all" \
	    "json/decoder.py:5:1${TAB}function${TAB}raw_decode")"
	get --match 'decode'
	assert_output "json/decoder.py:2:5${TAB}method${TAB}JSONDecoder.decode"
	get --match 'decode*'
	[ "$(names)" = "$(printf '%s\n' JSONDecoder.decode decode_all)" ] || fail "$output"
	get --match 'nothing*'
	assert_failure 1
	assert_output ""
	get --match ''
	assert_failure 1
}

@test "--match, --regex: strings of the index that are no names (paths, scopes) match nothing" {
	# "json/decoder.py" holds "oder.p", the scope "ns::Foo" holds "s::F".
	get --match '*oder.p*'
	assert_failure 1
	get --regex 'on/dec'
	assert_failure 1
	get --regex 's::F'
	assert_failure 1
	# A name that is also a scope is found once per symbol.
	get --match '*SOND*'
	assert_output "json/decoder.py:1:1${TAB}class${TAB}JSONDecoder"
}

@test "--match: ?, [...] and escapes are the glob's, not literal text" {
	get --match 'a?b'
	[ "$(names)" = "$(printf '%s\n' a1b a_b)" ] || fail "$output"
	get --match 'a[0-9]b'
	assert_output "lib/util.py:7:1${TAB}function${TAB}a1b"
	get --match 'a\_b'
	assert_output "lib/util.py:4:1${TAB}function${TAB}a_b"
	get --match 'raw?*'
	[ "$(names)" = "$(printf '%s\n' raw_decode rawx)" ] || fail "$output"
}

@test "--match: a glob with a separator matches the qualified name" {
	get --match 'Builder.Write*'
	[ "$(names)" = "$(printf '%s\n' Builder.Write Builder.WriteString)" ] || fail "$output"
	get --match 'Builder::Write'
	assert_output "b.go:6:1${TAB}method${TAB}Builder.Write"
	# From any component of the scope on, :: and . alike.
	get --match 'Foo::ba*'
	[ "$(names)" = "$(printf '%s\n' ns::Foo::bar ns::Foo::baz)" ] || fail "$output"
	get --match 'ns.Foo.bar'
	assert_line --index 0 --partial "ns::Foo::bar"
	get --match 'o::bar'
	assert_failure 1
}

@test "--regex: POSIX extended, anywhere unless anchored; a bad one is an error" {
	get --regex 'ode$'
	[ "$(names)" = "$(printf '%s\n' JSONDecoder.decode raw_decode)" ] || fail "$output"
	get --regex '^raw'
	[ "$(names)" = "$(printf '%s\n' raw_decode rawx)" ] || fail "$output"
	# A quantifier after the literal start makes its last letter optional.
	get --regex '^rawx?_'
	assert_output "json/decoder.py:5:1${TAB}function${TAB}raw_decode"
	get --regex '^ra(w|z)x'
	assert_output "json/decoder.py:8:1${TAB}function${TAB}rawx"
	# An alternative need not share the first one's start.
	get --regex '^rawx|^help'
	[ "$(names)" = "$(printf '%s\n' helper rawx)" ] || fail "$output"
	get --regex '('
	assert_failure 2
	[[ $stderr == "kota-get: bad regex '(': "* ]] || fail "stderr: $stderr"
}

@test "--match and --regex honour -i, --kind, --lang, --path and the formats" {
	get -i --match '*DECODE*'
	[ "$(names)" = "$(printf '%s\n' JSONDecoder JSONDecoder.decode decode_all raw_decode)" ] || fail "$output"
	get -i --regex '^RAW_'
	assert_output "json/decoder.py:5:1${TAB}function${TAB}raw_decode"
	get --match '*ecode*' --kind function
	[ "$(names)" = "$(printf '%s\n' decode_all raw_decode)" ] || fail "$output"
	get --match '*ecode*' --path lib
	assert_output "lib/util.py:1:1${TAB}function${TAB}decode_all"
	get --regex 'r' --lang go
	[ "$(names)" = "$(printf '%s\n' Builder Builder.String Builder.WriteString Builder.Write | sort)" ] || fail "$output"
	get --match 'rawx' --format=json
	assert_output --regexp '^\{"id":"[0-9a-f]+".*"name":"rawx"'
	get --match 'rawx' --format=records
	assert_line --regexp "^S${TAB}[0-9a-f]+${TAB}function${TAB}rawx${TAB}8${TAB}"
}

@test "--match and --regex go alone" {
	get --match 'a*' --regex 'b'
	assert_failure 2
	get --match 'a*' helper
	assert_failure 2
	[[ $stderr == *"do not go together"* ]] || fail "stderr: $stderr"
	get --match 'a*' --refs helper
	assert_failure 2
	get --match 'a*' --at json/decoder.py:2
	assert_failure 2
}

@test "--match and --regex over an index with a delta: what the delta replaces is gone" {
	# raw_decode renamed, rawy added, in a commit that the delta holds.
	sed -i 's/raw_decode/raw_parse/' json/decoder.py
	printf 'def rawy():\n    pass\n' >>lib/util.py
	commit_all
	kota-parse -q --reuse idx | kota-pack --base idx --delta
	[ -f idx.delta ] || fail "no delta written"
	get --match 'raw*'
	[ "$(names)" = "$(printf '%s\n' raw_parse rawx rawy)" ] || fail "$output"
	get -i --regex '^RAW'
	[ "$(names)" = "$(printf '%s\n' raw_parse rawx rawy)" ] || fail "$output"
	get --match 'nothing*'
	assert_failure 1
	# Names in both the base and the delta, once each.
	get --match 'decode*'
	[ "$(names)" = "$(printf '%s\n' JSONDecoder.decode decode_all)" ] || fail "$output"
}

@test "--refs and --callers with --match or --regex: of every name the pattern matches" {
	printf 'def use():\n    raw_decode(1)\n    rawx(2)\n    helper(3)\n\ndef again():\n    rawx(4)\n' >lib/calls.py
	commit_all
	kota-parse -q | kota-pack -o idx
	get --refs --match 'raw*'
	assert_success
	assert_output "$(printf '%s\n' "lib/calls.py:2:5${TAB}call${TAB}raw_decode${TAB}function use" \
	    "lib/calls.py:3:5${TAB}call${TAB}rawx${TAB}function use" \
	    "lib/calls.py:7:5${TAB}call${TAB}rawx${TAB}function again")"
	get --callers --regex '^raw'
	assert_output "$(printf '%s\n' "lib/calls.py:1:1${TAB}function${TAB}use${TAB}2${TAB}lib/calls.py:2:5" \
	    "lib/calls.py:6:1${TAB}function${TAB}again${TAB}1${TAB}lib/calls.py:7:5")"
	get --callers -i --match 'HELP*'
	assert_output "lib/calls.py:1:1${TAB}function${TAB}use${TAB}1${TAB}lib/calls.py:4:5"
	get --refs --match 'nothing*'
	assert_failure 1
	get --impact --match 'raw*'
	assert_failure 2
	[[ $stderr == *"--match and --regex go with --refs and --callers, not --callees or --impact"* ]] || fail "$stderr"
	get --refs --match 'raw*' helper
	assert_failure 2
	get --refs --match 'a.b*'
	assert_failure 2
	[[ $stderr == "kota-get: --refs and --callers match names, not qualified names: 'a.b*'" ]] || fail "$stderr"
}
