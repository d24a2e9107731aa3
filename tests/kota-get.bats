#!/usr/bin/env bats
# kota-get: look symbols up in an index by name, position, id or parent.

load test_helper

setup() {
	common_setup
	pack_fixture basic
	IDX=$TEST_TMP/basic.kota
}

# Expected `line` output for symbols of fixtures/basic.stream.
L_add="src/main.c:14:1${TAB}function${TAB}add"
L_main="src/main.c:19:1${TAB}function${TAB}main"
L_area3="src/lib.rs:3:9${TAB}method${TAB}area"
L_area11="src/lib.rs:11:9${TAB}method${TAB}area"
L_Area="src/lib.rs:2:5${TAB}trait${TAB}Area"
L_AreaFor="src/lib.rs:10:5${TAB}impl${TAB}Area for Circle"
L_Circle="src/lib.rs:6:5${TAB}struct${TAB}Circle"
L_shapes="src/lib.rs:1:1${TAB}module${TAB}shapes"
L_radius="src/lib.rs:7:9${TAB}field${TAB}radius"
L_x="src/main.c:6:2${TAB}field${TAB}x"
L_y="src/main.c:7:2${TAB}field${TAB}y"
L_RED="src/main.c:10:14${TAB}constant${TAB}RED"
L_GREEN="src/main.c:10:19${TAB}constant${TAB}GREEN"
L_counter="src/main.c:12:1${TAB}variable${TAB}counter"
L_parse="src/lib.rs:19:1${TAB}function${TAB}parse_args"

# assert_found_nothing: the last `run --separate-stderr` printed nothing
# and exited 1.
assert_found_nothing() {
	assert_failure 1
	assert_output ''
	[ -z "$stderr" ] || fail "unexpected stderr: $stderr"
}

# lines...: the arguments joined by newlines (an expected output).
lines() {
	local IFS=$NL
	echo "$*"
}

# sorted_output: $output's lines, sorted bytewise.
sorted_output() {
	printf '%s\n' "$output" | LC_ALL=C sort
}

# --- names ---------------------------------------------------------------

@test "kota-get NAME prints the symbol as path:line:col, kind and name" {
	run --separate-stderr kota-get -f "$IDX" add
	assert_success
	assert_output "$L_add"
	[ -z "$stderr" ]
}

@test "kota-get NAME prints every symbol with that name, in index order" {
	run kota-get -f "$IDX" area
	assert_success
	assert_output "$(lines "$L_area3" "$L_area11")"
}

@test "kota-get matches names exactly and bytewise" {
	run kota-get -f "$IDX" Area
	assert_success
	assert_output "$L_Area"
	run --separate-stderr kota-get -f "$IDX" are
	assert_found_nothing
	run --separate-stderr kota-get -f "$IDX" AREA
	assert_found_nothing
	run --separate-stderr kota-get -f "$IDX" 'area '
	assert_found_nothing
}

@test "kota-get --prefix prints all names starting with NAME, in name order" {
	run kota-get -f "$IDX" --prefix Area
	assert_success
	assert_output "$(lines "$L_Area" "$L_AreaFor")"
	run kota-get -f "$IDX" --prefix a
	assert_success
	assert_output "$(lines "$L_add" "$L_area3" "$L_area11")"
	run kota-get -f "$IDX" --prefix parse_args
	assert_success
	assert_output "$L_parse"
	run --separate-stderr kota-get -f "$IDX" --prefix parse_argsx
	assert_found_nothing
}

@test "kota-get -i matches names ignoring ASCII case" {
	run kota-get -f "$IDX" -i AREA
	assert_success
	assert_output "$(lines "$L_Area" "$L_area3" "$L_area11")"
	run kota-get -f "$IDX" -i circle
	assert_success
	assert_output "$L_Circle"
	run --separate-stderr kota-get -f "$IDX" -i circl
	assert_found_nothing
}

@test "kota-get --prefix -i matches prefixes ignoring ASCII case" {
	run kota-get -f "$IDX" --prefix -i A
	assert_success
	run sorted_output
	assert_output "$(lines "$L_AreaFor" "$L_area11" "$L_area3" "$L_Area" "$L_add" | LC_ALL=C sort)"
	run kota-get -f "$IDX" -i --prefix AREA_F
	assert_failure 1
	run kota-get -f "$IDX" -i --prefix 'AREA FOR c'
	assert_success
	assert_output "$L_AreaFor"
}

@test "kota-get -i folds ASCII letters only" {
	mkstream s.stream "$HDR"'F\tu.c\tc\t-\t1\nS\t0000000000000001\tvariable\t\xc3\x84b\t1\t1\t1\t9\t-\t\t\n'
	kota-pack -o u.kota s.stream
	run kota-get -f u.kota -i 'ÄB'
	assert_success
	assert_output "u.c:1:1${TAB}variable${TAB}Äb"
	run --separate-stderr kota-get -f u.kota -i 'äb'
	assert_found_nothing
}

@test "kota-get with several NAMEs prints each NAME's matches in argument order" {
	run kota-get -f "$IDX" main add
	assert_success
	assert_output "$(lines "$L_main" "$L_add")"
	run kota-get -f "$IDX" add nosuch area
	assert_success
	assert_output "$(lines "$L_add" "$L_area3" "$L_area11")"
}

@test "kota-get with several NAMEs prints a symbol matched twice only once" {
	run kota-get -f "$IDX" add add
	assert_success
	assert_output "$L_add"
	run kota-get -f "$IDX" --prefix ar area
	assert_success
	assert_output "$(lines "$L_area3" "$L_area11")"
}

@test "kota-get with several NAMEs prints the union in the order of first match" {
	# `ar` matches both area methods first; `a` then adds add only
	run kota-get -f "$IDX" --prefix ar a
	assert_success
	assert_output "$(lines "$L_area3" "$L_area11" "$L_add")"
	run kota-get -f "$IDX" area add area main add
	assert_success
	assert_output "$(lines "$L_area3" "$L_area11" "$L_add" "$L_main")"
	# -i: `area` matches Area and both methods in fold order; `Area` adds nothing
	run kota-get -f "$IDX" -i area Area
	assert_success
	assert_output "$(lines "$L_Area" "$L_area3" "$L_area11")"
	run kota-get -f "$IDX" -i --prefix 'area ' area
	assert_success
	assert_output "$(lines "$L_AreaFor" "$L_Area" "$L_area3" "$L_area11")"
	# once in every format
	kota-get -f "$IDX" --format=json add add area >out.json
	[ "$(wc -l <out.json)" -eq 3 ]
	kota-get -f "$IDX" --format=ctags add add >tags
	[ "$(wc -l <tags)" -eq 1 ]
}

# --- filters -------------------------------------------------------------

@test "kota-get --kind restricts the matches to one kind" {
	run kota-get -f "$IDX" --kind method area
	assert_success
	assert_output "$(lines "$L_area3" "$L_area11")"
	run kota-get -f "$IDX" --kind trait --prefix -i area
	assert_success
	assert_output "$L_Area"
	run --separate-stderr kota-get -f "$IDX" --kind function area
	assert_found_nothing
}

@test "kota-get --kind alone lists every symbol of that kind" {
	run kota-get -f "$IDX" --kind field
	assert_success
	run sorted_output
	assert_output "$(lines "$L_x" "$L_y" "$L_radius" | LC_ALL=C sort)"
	run --separate-stderr kota-get -f "$IDX" --kind union
	assert_found_nothing
}

@test "kota-get --lang restricts the matches to one language" {
	run kota-get -f "$IDX" --lang rust --prefix a
	assert_success
	assert_output "$(lines "$L_area3" "$L_area11")"
	run --separate-stderr kota-get -f "$IDX" --lang c area
	assert_found_nothing
}

@test "kota-get --lang alone lists every symbol of that language" {
	run kota-get -f "$IDX" --lang c
	assert_success
	run sorted_output
	assert_output "$(grep '^src/main\.c:' "$FIXTURES/basic.line" | LC_ALL=C sort)"
	run --separate-stderr kota-get -f "$IDX" --lang go
	assert_found_nothing
}

@test "kota-get --kind and --lang together list symbols matching both" {
	run kota-get -f "$IDX" --kind function --lang c
	assert_success
	run sorted_output
	assert_output "$(lines "$L_add" "$L_main" | LC_ALL=C sort)"
}

@test "kota-get --path alone lists the symbols of that file in file order" {
	run kota-get -f "$IDX" --path src/main.c
	assert_success
	assert_output "$(grep '^src/main\.c:' "$FIXTURES/basic.line")"
	run kota-get -f "$IDX" --path src/lib.rs
	assert_success
	assert_output "$(grep '^src/lib\.rs:' "$FIXTURES/basic.line")"
}

@test "kota-get --path with a NAME restricts the matches to that file" {
	run kota-get -f "$IDX" --path src/lib.rs area
	assert_success
	assert_output "$(lines "$L_area3" "$L_area11")"
	run --separate-stderr kota-get -f "$IDX" --path src/main.c area
	assert_found_nothing
}

@test "kota-get --path matches a whole path, or a whole directory, not a prefix" {
	run --separate-stderr kota-get -f "$IDX" --path src/main
	assert_found_nothing
	run --separate-stderr kota-get -f "$IDX" --path sr
	assert_found_nothing
	run --separate-stderr kota-get -f "$IDX" --path main.c
	assert_found_nothing
	# a directory: every file under it
	run --separate-stderr kota-get -f "$IDX" --path src --kind function
	assert_success
	assert_line "$L_add"
	assert_line "$L_parse"
}

# --- positions -----------------------------------------------------------

@test "kota-get --at PATH:LINE prints the innermost symbol containing the line" {
	run kota-get -f "$IDX" --at src/main.c:6
	assert_success
	assert_output "$L_x"
	run kota-get -f "$IDX" --at src/main.c:8
	assert_success
	assert_output "src/main.c:5:1${TAB}struct${TAB}point"
	run kota-get -f "$IDX" --at src/main.c:12
	assert_success
	assert_output "$L_counter"
	run kota-get -f "$IDX" --at src/main.c:16
	assert_success
	assert_output "$L_add"
}

@test "kota-get --at picks the latest start among nested symbols" {
	run kota-get -f "$IDX" --at src/lib.rs:12
	assert_success
	assert_output "$L_area11"
	run kota-get -f "$IDX" --at src/lib.rs:13
	assert_success
	assert_output "$L_area11"
	run kota-get -f "$IDX" --at src/lib.rs:14
	assert_success
	assert_output "$L_AreaFor"
	run kota-get -f "$IDX" --at src/lib.rs:15
	assert_success
	assert_output "$L_shapes"
	run kota-get -f "$IDX" --at src/lib.rs:3
	assert_success
	assert_output "$L_area3"
}

@test "kota-get --at compares start columns on the same line" {
	# enum color (10:1), RED (10:14), GREEN (10:19): GREEN starts last
	run kota-get -f "$IDX" --at src/main.c:10
	assert_success
	assert_output "$L_GREEN"
}

@test "kota-get --at breaks a tie of equal starts by the smallest range" {
	pack_fixture at
	run kota-get -f at.kota --at t.c:5
	assert_success
	assert_output "t.c:5:1${TAB}macro${TAB}small_first"
	run kota-get -f at.kota --at t.c:12
	assert_success
	assert_output "t.c:12:1${TAB}macro${TAB}small_second"
	run kota-get -f at.kota --at t.c:7
	assert_success
	assert_output "t.c:5:1${TAB}function${TAB}big_second"
	run kota-get -f at.kota --at t.c:9
	assert_success
	assert_output "t.c:5:1${TAB}function${TAB}big_second"
	run kota-get -f at.kota --at t.c:14
	assert_success
	assert_output "t.c:12:1${TAB}function${TAB}big_first"
	run kota-get -f at.kota --at t.c:18
	assert_success
	assert_output "t.c:18:20${TAB}variable${TAB}narrow"
	run kota-get -f at.kota --at t.c:19
	assert_success
	assert_output "t.c:1:1${TAB}function${TAB}outer"
}

@test "kota-get --at splits PATH:LINE at the last colon" {
	pack_fixture at
	run kota-get -f at.kota --at dir/a:b.c:2
	assert_success
	assert_output "dir/a:b.c:1:1${TAB}function${TAB}colon_path"
}

@test "kota-get --at a line outside every symbol finds nothing" {
	run --separate-stderr kota-get -f "$IDX" --at src/main.c:2
	assert_found_nothing
	run --separate-stderr kota-get -f "$IDX" --at src/main.c:24
	assert_found_nothing
	run --separate-stderr kota-get -f "$IDX" --at src/lib.rs:16
	assert_found_nothing
	run --separate-stderr kota-get -f "$IDX" --at src/none.c:5
	assert_found_nothing
	pack_fixture at
	run --separate-stderr kota-get -f at.kota --at t.c:21
	assert_found_nothing
}

@test "kota-get --at without a line number is a usage error" {
	run --separate-stderr kota-get -f "$IDX" --at src/main.c
	assert_failure 2
	assert_output ''
	[[ ${stderr_lines[0]} == kota-get:* ]] || fail "stderr: $stderr"
	run --separate-stderr kota-get -f "$IDX" --at src/main.c:ten
	assert_failure 2
	assert_output ''
	run --separate-stderr kota-get -f "$IDX" --at src/main.c:
	assert_failure 2
	assert_output ''
}

@test "kota-get --at rejects a line number with a sign or blanks" {
	local at
	for at in src/main.c:+4 'src/main.c: 4' src/main.c:-4 'src/main.c:4 ' 'src/main.c:	4'; do
		run --separate-stderr kota-get -f "$IDX" --at "$at"
		[ "$status" -eq 2 ] || fail "--at '$at': exit $status, want 2"
		assert_output ''
		[[ ${stderr_lines[0]} == kota-get:* ]] || fail "--at '$at': stderr: $stderr"
	done
	# the plain number is a lookup, not an error
	run kota-get -f "$IDX" --at src/main.c:6
	assert_success
	assert_output "$L_x"
}

# --- ids and parents -----------------------------------------------------

@test "kota-get --id prints the symbol with that id" {
	run kota-get -f "$IDX" --id fedcba9876543210
	assert_success
	assert_output "$L_add"
	run kota-get -f "$IDX" --id 0123456789abcdef
	assert_success
	assert_output "$L_counter"
	run --separate-stderr kota-get -f "$IDX" --id 0000000000000bad
	assert_found_nothing
}

@test "kota-get --id prints the symbols of every file that use the id" {
	pack_fixture dup
	run kota-get -f dup.kota --id 0000000000000001
	assert_success
	assert_output "$(lines "a.c:1:1${TAB}function${TAB}helper" "b/util.c:1:1${TAB}function${TAB}helper")"
}

@test "kota-get --id with a malformed id is a usage error" {
	run --separate-stderr kota-get -f "$IDX" --id xyz
	assert_failure 2
	assert_output ''
	[[ ${stderr_lines[0]} == kota-get:* ]] || fail "stderr: $stderr"
}

@test "kota-get --id takes exactly 16 hex digits: 0x prefixes and 15 or 17 digits are usage errors" {
	local id
	# fedcba9876543210 is add's id: near misses of it must not find add
	for id in 0x00000000000000a1 0xfedcba9876543210 fedcba987654321 0fedcba9876543210 \
		fedcba98765432100 00000000000000a 00000000000000a10 '' ' fedcba9876543210' \
		'fedcba9876543210 ' +fedcba987654321; do
		run --separate-stderr kota-get -f "$IDX" --id "$id"
		[ "$status" -eq 2 ] || fail "--id '$id': exit $status, want 2 (output: $output)"
		assert_output ''
		[[ ${stderr_lines[0]} == kota-get:* ]] || fail "--id '$id': stderr: $stderr"
	done
	run --separate-stderr kota-get -f "$IDX" --children 0x5d41402abc4b2a76
	assert_failure 2
	assert_output ''
}

@test "kota-get --children prints the direct children of a symbol" {
	run kota-get -f "$IDX" --children 5d41402abc4b2a76
	assert_success
	assert_output "$(lines "$L_Area" "$L_Circle" "$L_AreaFor")"
	run kota-get -f "$IDX" --children c0ffee0123456789
	assert_success
	assert_output "$(lines "$L_RED" "$L_GREEN")"
	run kota-get -f "$IDX" --children e1d2c3b4a5968778
	assert_success
	assert_output "$L_area11"
	run --separate-stderr kota-get -f "$IDX" --children fedcba9876543210
	assert_found_nothing
}

# --- output formats ------------------------------------------------------

@test "kota-get -z ends each line with NUL instead of newline" {
	kota-get -f "$IDX" -z area >out
	printf '%s\0%s\0' "$L_area3" "$L_area11" >want
	assert_same_file want out
	kota-get -f "$IDX" -z --at src/main.c:10 >out2
	printf '%s\0' "$L_GREEN" >want2
	assert_same_file want2 out2
}

@test "kota-get --format=line is the default format" {
	kota-get -f "$IDX" --format=line --path src/lib.rs >a
	kota-get -f "$IDX" --path src/lib.rs >b
	assert_same_file a b
	grep '^src/lib\.rs:' "$FIXTURES/basic.line" >want
	assert_same_file want a
}

@test "kota-get --format=records prints the header, the F line and the matching S lines" {
	run kota-get -f "$IDX" --format=records area
	assert_success
	assert_output "$(lines "kota-stream${TAB}2" \
		"F${TAB}src/lib.rs${TAB}rust${TAB}aa779c2e7c94b2d84181af18f3bf9a3c0954f944${TAB}368" \
		"$(grep "${TAB}area${TAB}" "$FIXTURES/basic.stream")")"
}

@test "kota-get --format=records prints no M lines, kota-dump --format=records does" {
	grep -q '^M' "$FIXTURES/basic.stream"
	run kota-get -f "$IDX" --format=records --kind function
	assert_success
	refute_line --regexp '^M'
	assert_line --index 0 "kota-stream${TAB}2"
	assert_line --index 1 --regexp "^F${TAB}src/lib.rs${TAB}"
	run kota-dump --format=records "$IDX"
	assert_success
	assert_line --index 1 "M${TAB}generator${TAB}hand-written"
	assert_line --index 2 "M${TAB}repo${TAB}basic"
}

@test "kota-get --format=records prints the header alone when nothing is found" {
	run --separate-stderr kota-get -f "$IDX" --format=records nosuch
	assert_failure 1
	assert_output "kota-stream${TAB}2"
	[ -z "$stderr" ]
}

@test "kota-get --format=records repeats an F line when the matches of several NAMEs return to a file" {
	run kota-get -f "$IDX" --format=records add area main
	assert_success
	assert_output "$(lines "kota-stream${TAB}2" \
		"$(grep "^F${TAB}src/main.c${TAB}" "$FIXTURES/basic.stream")" \
		"$(grep "${TAB}add${TAB}" "$FIXTURES/basic.stream")" \
		"$(grep "^F${TAB}src/lib.rs${TAB}" "$FIXTURES/basic.stream")" \
		"$(grep "${TAB}area${TAB}" "$FIXTURES/basic.stream")" \
		"$(grep "^F${TAB}src/main.c${TAB}" "$FIXTURES/basic.stream")" \
		"$(grep "${TAB}main${TAB}" "$FIXTURES/basic.stream")")"
}

@test "kota-get --format=records output packs back into the same symbols" {
	kota-get -f "$IDX" --format=records --lang rust >rust.stream
	assert_same_file "$FIXTURES/basic-rust.stream" rust.stream
	kota-get -f "$IDX" --format=records --path src/main.c >c.stream
	grep -v '^M' "$FIXTURES/basic-c.stream" >want.stream
	assert_same_file want.stream c.stream
	run kota-pack -o c.kota c.stream
	assert_success
}

@test "kota-get --format=records groups matches under their files" {
	pack_fixture dup
	kota-get -f dup.kota --format=records helper >out.stream
	grep -v "${TAB}init${TAB}\|${TAB}Helper${TAB}" "$FIXTURES/dup.stream" >want.stream
	assert_same_file want.stream out.stream
}

@test "kota-get --format=json prints the matching objects" {
	kota-get -f "$IDX" --format=json area >out.json
	assert_json_lines out.json
	grep '"name":"area"' "$FIXTURES/basic.json" >want.json
	[ "$(wc -l <want.json)" -eq 2 ]
	assert_json_equal want.json out.json
}

@test "kota-get --format=ctags prints tags readtags accepts" {
	kota-get -f "$IDX" --format=ctags --excmd=number --kind-names --prefix -i a >tags
	grep -i '^a' "$FIXTURES/basic.tags" >want.tags
	[ "$(wc -l <want.tags)" -eq 5 ]
	assert_tags_match want.tags tags
	[ "$(wc -l <tags)" -eq 5 ]
	run readtags -t tags area
	assert_output "area${TAB}src/lib.rs${TAB}3${NL}area${TAB}src/lib.rs${TAB}11"
}

@test "kota-get --format=ctags prints tag lines only, no pseudo-tags" {
	run --separate-stderr kota-get -f "$IDX" --format=ctags --excmd=number --kind-names --kind field
	assert_success
	refute_line --regexp '^!'
	[ "${#lines[@]}" -eq 3 ]
	printf '%s\n' "$output" >tags
	grep "kind:field${TAB}" "$FIXTURES/basic.tags" >want.tags
	assert_tags_match want.tags tags
	assert_line "x${TAB}src/main.c${TAB}6;\"${TAB}kind:field${TAB}line:6${TAB}struct:point"
	assert_line "radius${TAB}src/lib.rs${TAB}7;\"${TAB}kind:field${TAB}line:7${TAB}struct:Circle"
	run --separate-stderr kota-get -f "$IDX" --format=ctags nosuch
	assert_failure 1
	assert_output ''
	[ -z "$stderr" ]
}

@test "kota-get rejects an unknown --format" {
	run --separate-stderr kota-get -f "$IDX" --format=xml area
	assert_failure 2
	assert_output ''
	[[ ${stderr_lines[0]} == kota-get:* ]] || fail "stderr: $stderr"
}

# --- exit status ---------------------------------------------------------

@test "kota-get exits 0 when something is printed, 1 when nothing is found" {
	run kota-get -f "$IDX" main
	assert_success
	assert_output "$L_main"
	run --separate-stderr kota-get -f "$IDX" nosuch
	assert_found_nothing
	run --separate-stderr kota-get -f "$IDX" nosuch other
	assert_found_nothing
	run kota-get -f "$IDX" nosuch main
	assert_success
	assert_output "$L_main"
}

@test "kota-get exits 1 on an empty index" {
	pack_fixture empty
	run --separate-stderr kota-get -f empty.kota anything
	assert_found_nothing
	run --separate-stderr kota-get -f empty.kota --kind function
	assert_found_nothing
}

@test "kota-get exits 2 with one error line on a missing index file" {
	run --separate-stderr kota-get -f no-such.kota main
	assert_failure 2
	assert_output ''
	assert_stderr_line_matches '^kota-get: .*no-such\.kota'
}

@test "kota-get exits 2 on a file that is not an index" {
	cp "$FIXTURES/basic.stream" notindex.kota
	run --separate-stderr kota-get -f notindex.kota main
	assert_failure 2
	assert_output ''
	assert_stderr_line_matches '^kota-get: .'
}

# (Each run below is under `timeout 60`, so that a kota-get that blocks on
# the file fails the test instead of hanging it.)

@test "kota-get -f /dev/zero is not a regular file: an error at once, not a hang" {
	run --separate-stderr timeout 60 kota-get -f /dev/zero main
	assert_failure 2
	assert_output ''
	assert_stderr_line 'kota-get: /dev/zero: not a regular file'
}

@test "kota-get -f FIFO is not a regular file: an error at once, with or without a writer" {
	mkfifo ix.fifo
	run --separate-stderr timeout 60 kota-get -f ix.fifo main
	assert_failure 2
	assert_output ''
	assert_stderr_line 'kota-get: ix.fifo: not a regular file'
	# a writer that never writes or closes holds nothing up either
	sleep 120 >ix.fifo 3>&- &
	local writer=$!
	run --separate-stderr timeout 60 kota-get -f ix.fifo main
	kill "$writer"
	assert_failure 2
	assert_stderr_line 'kota-get: ix.fifo: not a regular file'
}

@test "kota-get: an index.kota.delta that is a FIFO or a directory is an error naming it" {
	cp "$IDX" ix.kota
	mkfifo ix.kota.delta
	run --separate-stderr timeout 60 kota-get -f ix.kota main
	assert_failure 2
	assert_output ''
	assert_stderr_line 'kota-get: ix.kota.delta: not a regular file'
	rm ix.kota.delta
	mkdir ix.kota.delta
	run --separate-stderr timeout 60 kota-get -f ix.kota main
	assert_failure 2
	assert_output ''
	assert_stderr_line 'kota-get: ix.kota.delta: not a regular file'
	run --separate-stderr timeout 60 kota-dump --verify ix.kota
	assert_failure 2
	assert_stderr_line 'kota-dump: ix.kota.delta: not a regular file'
}

@test "kota-get -f - reads an index from a pipe, exactly the bytes its header says" {
	cat "$IDX" | kota-get -f - main >out
	[ "$(cat out)" = "$L_main" ] || fail "got: $(cat out)"
	kota-get -f - main <"$IDX" >out
	[ "$(cat out)" = "$L_main" ] || fail "got: $(cat out)"
	# /dev/zero on stdin: refused after the 32 bytes of a header
	run --separate-stderr timeout 60 kota-get -f - main </dev/zero
	assert_failure 2
	assert_stderr_line 'kota-get: -: not a kota index'
	# a byte short, a byte over, and an index followed by endless zeros
	run --separate-stderr bash -c 'head -c -1 "$1" | kota-get -f - main' _ "$IDX"
	assert_failure 2
	assert_stderr_line_matches '^kota-get: -: damaged index: file is [0-9]+ bytes, header says [0-9]+ \(truncated\?\) \(check: check_table\)$'
	run --separate-stderr bash -c '{ cat "$1"; printf x; } | kota-get -f - main' _ "$IDX"
	assert_failure 2
	assert_stderr_line_matches '^kota-get: -: damaged index: more bytes than the [0-9]+ the header says \(check: read_stream\)$'
	run --separate-stderr timeout 60 bash -c 'cat "$1" /dev/zero | kota-get -f - main' _ "$IDX"
	assert_failure 2
	assert_stderr_line_matches '^kota-get: -: damaged index: more bytes than the [0-9]+ the header says \(check: read_stream\)$'
}

@test "kota-get without a NAME or query option is a usage error" {
	# The usage lines, which --help follows with what each option does.
	kota-get --help | sed '/^$/,$d' >usage.txt
	run --separate-stderr kota-get -f "$IDX"
	assert_failure 2
	assert_output ''
	[ "${stderr_lines[0]}" = 'kota-get: nothing to look up: give a NAME or a query option' ] ||
		fail "first stderr line: ${stderr_lines[0]}"
	[[ ${stderr_lines[1]} == usage:* ]] || fail "no usage on stderr: $stderr"
	printf '%s\n' "$stderr" | tail -n +2 >got-usage.txt
	assert_same_file usage.txt got-usage.txt
	# the same with only output options
	run --separate-stderr kota-get -f "$IDX" -z --format=json -i --prefix
	assert_failure 2
	assert_output ''
	[ "${stderr_lines[0]}" = 'kota-get: nothing to look up: give a NAME or a query option' ] ||
		fail "first stderr line: ${stderr_lines[0]}"
}

# --- index discovery -----------------------------------------------------

@test "kota-get finds the repository's index from a subdirectory" {
	git init -q repo
	mkdir -p repo/.git/kota repo/src/deep
	cp "$IDX" repo/.git/kota/index.kota
	cd repo/src/deep
	run kota-get add
	assert_success
	# paths relative to where we stand, as git grep prints them
	assert_output "../main.c:14:1${TAB}function${TAB}add"
	run kota-get --full-name add
	assert_output "$L_add"
}

@test "kota-get uses the GIT_DIR environment variable" {
	git init -q --bare store.git
	mkdir -p store.git/kota plain
	cp "$IDX" store.git/kota/index.kota
	cd plain
	GIT_DIR=$TEST_TMP/store.git run kota-get main
	assert_success
	assert_output "$L_main"
}

@test "kota-get in a git worktree uses the worktree's index" {
	git_repo repo
	git -C repo worktree add -q "$TEST_TMP/wt"
	mkdir -p repo/.git/worktrees/wt/kota
	cp "$IDX" repo/.git/worktrees/wt/kota/index.kota
	pack_fixture one
	mkdir -p repo/.git/kota
	cp one.kota repo/.git/kota/index.kota
	cd wt
	run kota-get add
	assert_success
	assert_output "$L_add"
	cd ../repo
	run kota-get solo
	assert_success
	assert_output "only.c:1:1${TAB}function${TAB}solo"
}

@test "kota-get prefers KOTA_INDEX over the repository's index" {
	git init -q repo
	mkdir -p repo/.git/kota
	cp "$IDX" repo/.git/kota/index.kota
	pack_fixture one
	cd repo
	KOTA_INDEX=$TEST_TMP/one.kota run kota-get solo
	assert_success
	assert_output "only.c:1:1${TAB}function${TAB}solo"
	KOTA_INDEX=$TEST_TMP/one.kota run --separate-stderr kota-get add
	assert_found_nothing
}

@test "kota-get prefers -f over KOTA_INDEX" {
	pack_fixture one
	KOTA_INDEX=$TEST_TMP/one.kota run kota-get -f "$IDX" add
	assert_success
	assert_output "$L_add"
	KOTA_INDEX=$TEST_TMP/one.kota run --separate-stderr kota-get -f "$IDX" solo
	assert_found_nothing
}

@test "kota-get outside a repository without -f or KOTA_INDEX fails with the documented message" {
	mkdir plain
	cd plain
	run --separate-stderr kota-get add
	assert_failure 2
	assert_output ''
	assert_stderr_line 'kota-get: not in a git repository (use -f FILE or KOTA_INDEX)'
}

@test "kota-get in a repository without an index fails with one error line" {
	git init -q repo
	cd repo
	run --separate-stderr kota-get add
	assert_failure 2
	assert_output ''
	assert_stderr_line_matches '^kota-get: .*index\.kota'
}

# --- options -------------------------------------------------------------

@test "kota-get --help prints usage on stdout and exits 0" {
	run --separate-stderr kota-get --help
	assert_success
	assert_output --partial 'kota-get'
	assert_output --regexp '[Uu][Ss][Aa][Gg][Ee]'
	assert_output --partial '--at'
	# After the usage, what each option does, and the exit status.
	assert_line --regexp '^  --match GLOB +names matching a glob'
	assert_line --regexp '^  --regex RE +names matching a POSIX extended regex'
	assert_line 'Exit status: 0 found, 1 nothing found, 2 an error.'
	[ -z "$stderr" ]
}

@test "kota-get --version prints 'kota-get (kota) VERSION'" {
	run kota-get --version
	assert_success
	assert_output --regexp '^kota-get \(kota\) [^ ]+$'
}

@test "kota-get rejects an unknown option with a message and usage on stderr" {
	run --separate-stderr kota-get --bogus-option main
	assert_failure 2
	assert_output ''
	[[ ${stderr_lines[0]} == kota-get:* ]] || fail "first stderr line: ${stderr_lines[0]}"
	[[ $stderr =~ [Uu][Ss][Aa][Gg][Ee] ]] || fail "no usage on stderr: $stderr"
}

# --- meta ----------------------------------------------------------------

@test "kota-get --meta prints the meta entries, --meta KEY one value" {
	run --separate-stderr kota-get -f "$IDX" --meta
	assert_success
	assert_output "$(lines "generator${TAB}hand-written" "repo${TAB}basic")"
	run --separate-stderr kota-get -f "$IDX" --meta repo
	assert_success
	assert_output basic
	run --separate-stderr kota-get -f "$IDX" --meta commit
	assert_found_nothing
}

@test "kota-get --meta escapes keys and values as a stream does" {
	mkstream "$TEST_TMP/s" "${HDR}M\\tk\\\\tey\\tv\\\\nal\n"
	kota-pack -o "$TEST_TMP/m.kota" "$TEST_TMP/s"
	run --separate-stderr kota-get -f "$TEST_TMP/m.kota" --meta
	assert_success
	assert_output "k\\tey${TAB}v\\nal"
	run --separate-stderr kota-get -f "$TEST_TMP/m.kota" --meta "k${TAB}ey"
	assert_output "v\\nal"
}

@test "kota-get --meta takes no other lookup" {
	run --separate-stderr kota-get -f "$IDX" --meta repo generator
	assert_failure 2
	[ "${stderr_lines[0]}" = "kota-get: --meta takes one KEY at most, and no other lookup" ]
	run --separate-stderr kota-get -f "$IDX" --meta --kind function
	assert_failure 2
}
