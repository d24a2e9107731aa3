#!/usr/bin/env bats
# kota-get: scopes (qualified names, children across files) and references
# (--refs, --callers, --callees, --impact) over fixtures/calls.stream.

load test_helper

setup() {
	common_setup
	pack_fixture calls
	IDX=$TEST_TMP/calls.kota
}

get() {
	run --separate-stderr kota-get -f "$IDX" "$@"
}

lines() {
	local IFS=$NL
	echo "$*"
}

@test "kota-get: the line format shows the scope, joined as the language joins it" {
	get String
	assert_success
	assert_output "$(lines "src/a.go:7:1${TAB}method${TAB}Builder.String" \
		"src/c/d.go:6:1${TAB}method${TAB}Other.String")"
	get bar
	assert_output "src/m.cpp:6:1${TAB}method${TAB}ns::Foo::bar"
}

@test "kota-get: a qualified name finds the member of that scope only" {
	get Builder.String
	assert_success
	assert_output "src/a.go:7:1${TAB}method${TAB}Builder.String"
	get Other.String
	assert_output "src/c/d.go:6:1${TAB}method${TAB}Other.String"
	get Nope.String
	assert_failure 1
	assert_output ''
}

@test "kota-get: qualified lookup is separator-agnostic and matches the scope's tail" {
	for q in ns::Foo::bar Foo::bar Foo.bar ns.Foo.bar; do
		get "$q"
		assert_success
		assert_output "src/m.cpp:6:1${TAB}method${TAB}ns::Foo::bar"
	done
	get Bar::bar
	assert_failure 1
}

@test "kota-get: a Rust trait method is found by its type and by its trait" {
	get Box3::volume
	assert_output "src/r.rs:3:5${TAB}method${TAB}<Box3 as Shape>::volume"
	get Shape::volume
	assert_output "src/r.rs:3:5${TAB}method${TAB}<Box3 as Shape>::volume"
}

@test "kota-get: JSON carries the scope, null without one" {
	get --format=json Builder.String
	assert_output --partial '"scope":"Builder"'
	get --format=json main
	assert_output --partial '"scope":null'
}

@test "kota-get --children: a Go type's methods from every file of its directory" {
	get --children 0000000000000001
	assert_success
	assert_output "$(lines "src/a.go:7:1${TAB}method${TAB}Builder.String" \
		"src/b.go:1:1${TAB}method${TAB}Builder.Len")"
}

@test "kota-get --children: a C++ class's out-of-line member" {
	get --children 0000000000000008
	assert_output "src/m.cpp:6:1${TAB}method${TAB}ns::Foo::bar"
}

@test "kota-get --refs: every reference, with the definition it is in" {
	get --refs String
	assert_success
	assert_output "$(lines "src/a.go:13:4${TAB}call${TAB}b.String${TAB}function main" \
		"src/a.go:14:4${TAB}call${TAB}b.String${TAB}function main" \
		"src/b.go:2:3${TAB}call${TAB}self.String${TAB}method Builder.Len")"
}

@test "kota-get --refs: a qualifier narrows as far as the syntax tells" {
	# b.String cannot say whose String it is; self.String in a method of
	# Builder can.
	get --refs Builder.String
	assert_output "src/b.go:2:3${TAB}call${TAB}self.String${TAB}method Builder.Len"
	get --refs strings.NewReader
	assert_output "$(lines "src/a.go:9:2${TAB}call${TAB}strings.NewReader${TAB}method Builder.String" \
		"src/c/d.go:3:3${TAB}call${TAB}strings.NewReader${TAB}function use")"
	get --refs bytes.NewReader
	assert_failure 1
}

@test "kota-get --refs: --kind takes a reference kind, --path a file" {
	get --refs --kind class Builder
	assert_output "src/a.go:15:7${TAB}class${TAB}Builder${TAB}function main"
	get --refs --kind call Builder
	assert_failure 1
	get --refs --path src/c/d.go NewReader
	assert_output "src/c/d.go:3:3${TAB}call${TAB}strings.NewReader${TAB}function use"
	get --refs --kind nosuch Builder
	assert_failure 2
	[[ $stderr == *"unknown reference kind 'nosuch'"* ]] || fail "stderr: $stderr"
}

@test "kota-get --refs: records and JSON formats" {
	get --refs --format=records NewReader
	assert_output "$(lines "kota-stream${TAB}2" \
		"F${TAB}src/a.go${TAB}go${TAB}-${TAB}400" \
		"R${TAB}call${TAB}NewReader${TAB}9${TAB}2${TAB}strings." \
		"F${TAB}src/c/d.go${TAB}go${TAB}-${TAB}100" \
		"R${TAB}call${TAB}NewReader${TAB}3${TAB}3${TAB}strings.")"
	get --refs --format=json --path src/c/d.go NewReader
	assert_output '{"ref":"call","name":"NewReader","qualifier":"strings.","lang":"go","path":"src/c/d.go","line":3,"col":3,"in":{"id":"0000000000000005","kind":"function","name":"use","scope":null}}'
}

@test "kota-get --callers: each caller once, with its count and first call" {
	get --callers String
	assert_success
	assert_output "$(lines "src/a.go:12:1${TAB}function${TAB}main${TAB}2${TAB}src/a.go:13:4" \
		"src/b.go:1:1${TAB}method${TAB}Builder.Len${TAB}1${TAB}src/b.go:2:3")"
}

@test "kota-get --callers: qualified by the call's own qualifier" {
	get --callers Box3::volume
	assert_output "src/r.rs:6:1${TAB}function${TAB}caller${TAB}1${TAB}src/r.rs:7:5"
	get --callers Foo::bar
	assert_output "src/m.cpp:8:1${TAB}function${TAB}baz${TAB}1${TAB}src/m.cpp:8:12"
}

@test "kota-get --callers: a call outside any definition is top level" {
	get --callers main
	assert_output "src/a.go:18:1${TAB}-${TAB}(top level)${TAB}1${TAB}src/a.go:18:1"
}

@test "kota-get --callees: what a definition uses, and where that is defined" {
	get --callees main
	assert_success
	assert_output "$(lines "src/a.go:13:4${TAB}call${TAB}b.String${TAB}2${TAB}2 candidates" \
		"src/a.go:15:7${TAB}class${TAB}Builder${TAB}1${TAB}src/a.go:3:6${TAB}struct${TAB}Builder")"
	get --callees --id 0000000000000002
	assert_output "$(lines "src/a.go:8:9${TAB}call${TAB}itoa${TAB}1${TAB}-" \
		"src/a.go:9:2${TAB}call${TAB}strings.NewReader${TAB}1${TAB}-")"
}

@test "kota-get --impact: transitive callers by depth, each once" {
	get --impact String
	assert_success
	assert_output "$(lines "1${TAB}src/a.go:12:1${TAB}function${TAB}main${TAB}2${TAB}src/a.go:13:4" \
		"1${TAB}src/b.go:1:1${TAB}method${TAB}Builder.Len${TAB}1${TAB}src/b.go:2:3" \
		"2${TAB}src/a.go:18:1${TAB}-${TAB}(top level)${TAB}1${TAB}src/a.go:18:1" \
		"2${TAB}src/c/d.go:1:1${TAB}function${TAB}use${TAB}1${TAB}src/c/d.go:2:3")"
	get --impact --depth 1 String
	assert_output "$(lines "1${TAB}src/a.go:12:1${TAB}function${TAB}main${TAB}2${TAB}src/a.go:13:4" \
		"1${TAB}src/b.go:1:1${TAB}method${TAB}Builder.Len${TAB}1${TAB}src/b.go:2:3")"
}

@test "kota-get --impact: --max cuts the output and says so" {
	get --impact --max 1 String
	assert_success
	assert_output "1${TAB}src/a.go:12:1${TAB}function${TAB}main${TAB}2${TAB}src/a.go:13:4"
	[ "$stderr" = "kota-get: --impact: stopped at 1 definitions (--max 1)" ] || fail "stderr: $stderr"
}

@test "kota-get: reference lookups refuse what does not go with them" {
	get --refs --callers String
	assert_failure 2
	get --refs String main
	assert_failure 2
	get --refs --prefix Str
	assert_failure 2
	get --depth 2 String
	assert_failure 2
	[[ $stderr == *"--depth and --max go with --impact"* ]] || fail "stderr: $stderr"
	get --impact --depth 0 String
	assert_failure 2
}

@test "kota-get --refs: nothing found exits 1 with no output" {
	get --refs nothing
	assert_failure 1
	assert_output ''
}
