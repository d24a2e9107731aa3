#!/usr/bin/env bats
# Record stream edge cases: what survives kota-pack | kota-dump byte for
# byte, limits of the format, and an index of a million symbols.

load test_helper

# round_trip NAME_OR_PATH: pack the stream, dump it, and require the dump
# to be the stream itself (the stream must be canonical).
round_trip() {
	local in=$1
	[ -f "$in" ] || in=$FIXTURES/$1.stream
	kota-pack -o rt.kota "$in" || fail "kota-pack failed on $in"
	kota-dump rt.kota >rt.stream || fail "kota-dump failed"
	assert_same_file "$in" rt.stream
}

@test "an empty stream (header only) packs into an index of 0 files" {
	round_trip empty
	run kota-dump --verify rt.kota
	assert_success
	assert_output 'rt.kota: ok (0 symbols, 0 files)'
	run --separate-stderr kota-get -f rt.kota main
	assert_failure 1
	assert_output ''
	run --separate-stderr kota-get -f rt.kota --at x.c:1
	assert_failure 1
}

@test "a stream of one symbol round-trips and is found" {
	round_trip one
	run kota-dump --verify rt.kota
	assert_success
	assert_output 'rt.kota: ok (1 symbol, 1 file)'
	run kota-get -f rt.kota solo
	assert_success
	assert_output "only.c:1:1${TAB}function${TAB}solo"
	run kota-get -f rt.kota --at only.c:1
	assert_success
	assert_output "only.c:1:1${TAB}function${TAB}solo"
}

@test "a file group without symbols round-trips" {
	mkstream s.stream "$HDR"'F\tREADME.md\tmarkdown\t-\t0\nF\tsrc/a.c\tc\t-\t9\nS\t0000000000000001\tfunction\ta\t1\t1\t1\t9\t-\t\tvoid a()\n'
	round_trip s.stream
	run kota-dump --verify rt.kota
	assert_output 'rt.kota: ok (1 symbol, 2 files)'
	run --separate-stderr kota-get -f rt.kota --path README.md
	assert_failure 1
	assert_output ''
}

@test "names, paths, signatures and meta with TAB, LF, CR, backslash, controls, UTF-8 and invalid UTF-8 round-trip exactly" {
	round_trip escapes
}

@test "a non-canonical stream dumps back in canonical form" {
	kota-pack -o nc.kota "$FIXTURES/noncanonical.stream"
	kota-dump nc.kota >out.stream
	assert_same_file "$FIXTURES/noncanonical-canon.stream" out.stream
}

@test "kota-get prints names with TAB and LF as raw bytes, and quotes such paths as git does" {
	kota-pack -o e.kota "$FIXTURES/escapes.stream"
	kota-get -f e.kota "$(printf 'tab\tname')" >out
	printf '"dir with space/tab\\there.c":1:1\tstruct\ttab\tname\n' >want
	assert_same_file want out
	kota-get -f e.kota -z "$(printf 'line\nbreak')" >out
	printf 'new\nline.rs:1:1\tfunction\tline\nbreak\0' >want
	assert_same_file want out
	kota-get -f e.kota 'a\b' 'trailing\' '\' >out
	printf '"back\\\\slash.c":1:1\tfunction\ta\\b\n"back\\\\slash.c":5:1\tmacro\ttrailing\\\n"back\\\\slash.c":6:1\tvariable\t\\\n' >want
	assert_same_file want out
}

@test "kota-get finds names with control characters, UTF-8 and invalid UTF-8" {
	kota-pack -o e.kota "$FIXTURES/escapes.stream"
	kota-get -f e.kota "$(printf 'bell\a')" "$(printf 'cr\rname')" "$(printf 'del\177')" >out
	printf '"ctl\\001.c":1:1\tfunction\tbell\a\n"ctl\\001.c":4:1\tfunction\tcr\rname\n"ctl\\001.c":2:1\tfunction\tdel\177\n' >want
	assert_same_file want out
	kota-get -f e.kota "$(printf 'bad\377name')" "$(printf 'half\303')" größe 日本語 emoji😀 >out
	printf 'raw\377.c:1:1\tfunction\tbad\377name\nraw\377.c:3:1\tfunction\thalf\303\n' >want
	printf 'ütf8/naïve.c:1:1\tvariable\tgröße\nütf8/naïve.c:2:1\tfunction\t日本語\nütf8/naïve.c:3:1\tconstant\temoji😀\n' >>want
	assert_same_file want out
}

@test "kota-get finds a symbol named - after --" {
	kota-pack -o e.kota "$FIXTURES/escapes.stream"
	run kota-get -f e.kota -- -
	assert_success
	assert_output "ütf8/naïve.c:4:1${TAB}variable${TAB}-"
}

@test "kota-get --path and --at take paths with TAB, LF and invalid UTF-8" {
	kota-pack -o e.kota "$FIXTURES/escapes.stream"
	run kota-get -f e.kota --path "$(printf 'dir with space/tab\there.c')"
	assert_success
	assert_output "$(printf '"dir with space/tab\\there.c":1:1\tstruct\ttab\tname\n"dir with space/tab\\there.c":2:2\tfield\tplain')"
	kota-get -f e.kota --at "$(printf 'new\nline.rs:4')" >out
	printf '"new\\nline.rs":4:1\tfunction\tok_name\n' >want
	assert_same_file want out
	kota-get -f e.kota --path "$(printf 'raw\377.c')" --kind function '!bang' >out
	printf 'raw\377.c:2:1\tfunction\t!bang\n' >want
	assert_same_file want out
}

@test "a 255-byte name round-trips and is found" {
	local name
	name=$(printf 'n%.0s' {1..254})Z
	[ "${#name}" -eq 255 ]
	mkstream s.stream "$HDR"'F\tlong.c\tc\t-\t300\nS\t0000000000000001\tfunction\t%s\t1\t1\t1\t256\t-\t\tvoid %s(void)\nS\t0000000000000002\tfunction\tshort\t2\t1\t2\t9\t-\t\t\n' "$name" "$name"
	round_trip s.stream
	kota-get -f rt.kota "$name" >out
	printf 'long.c:1:1\tfunction\t%s\n' "$name" >want
	assert_same_file want out
	run kota-get -f rt.kota --prefix nnn
	assert_success
	assert_output "long.c:1:1${TAB}function${TAB}$name"
	run --separate-stderr kota-get -f rt.kota "${name%Z}"
	assert_failure 1
}

@test "a 65536-byte name and a 100000-byte signature round-trip and are found" {
	local name sig
	name=$(head -c 65535 /dev/zero | tr '\0' 'x')y
	sig=$(head -c 100000 /dev/zero | tr '\0' 's')
	[ "${#name}" -eq 65536 ]
	mkstream s.stream "$HDR"'F\tbig/name.rs\trust\t-\t70000\nS\t00000000000000aa\tconstant\t%s\t1\t1\t1\t65537\t-\t\t%s\nS\t00000000000000ab\tconstant\tx\t2\t1\t2\t9\t-\t\t\n' "$name" "$sig"
	round_trip s.stream
	run kota-dump --verify rt.kota
	assert_output 'rt.kota: ok (2 symbols, 1 file)'
	kota-get -f rt.kota "$name" >out
	printf 'big/name.rs:1:1\tconstant\t%s\n' "$name" >want
	assert_same_file want out
	kota-get -f rt.kota --format=json --id 00000000000000aa >out.json
	run python3 -c 'import json,sys; o=json.loads(sys.stdin.read()); print(len(o["name"]), len(o["signature"]))' <out.json
	assert_output '65536 100000'
}

@test "the largest line, column and size values round-trip" {
	mkstream s.stream "$HDR"'F\tmax.c\tc\t-\t18446744073709551615\nS\tffffffffffffffff\tfunction\tbig\t4294967295\t4294967295\t4294967295\t4294967295\t-\t\t\nS\t0000000000000001\tfunction\tfirst\t1\t1\t4294967295\t1\t-\t\t\n'
	round_trip s.stream
	run kota-get -f rt.kota --at max.c:4294967295
	assert_success
	assert_output "max.c:4294967295:4294967295${TAB}function${TAB}big"
	run kota-get -f rt.kota --id ffffffffffffffff
	assert_success
	assert_output "max.c:4294967295:4294967295${TAB}function${TAB}big"
	kota-dump --format=json rt.kota >out.json
	run python3 -c 'import json,sys; print([json.loads(l)["end_line"] for l in sys.stdin])' <out.json
	assert_output '[4294967295, 4294967295]'
}

@test "file records are ordered by path bytes, shorter first" {
	mkstream s.stream "$HDR"'F\tab\tc\t-\t1\nF\ta/b\tc\t-\t1\nF\ta.b\tc\t-\t1\nF\ta\tc\t-\t1\nF\tB\tc\t-\t1\nF\t\xc3\xa9\tc\t-\t1\n'
	kota-pack -o s.kota s.stream
	kota-dump s.kota | grep '^F' | cut -f2 >got
	printf '%s\n' B a a.b a/b ab é >want
	assert_same_file want got
}

@test "kota-get --prefix lists names in byte order, bytes above 0x7f last" {
	mkstream s.stream "$HDR"'F\tn.c\tc\t-\t1\n'
	local i=1 n
	for n in 'a\xff' 'a\xc3\xa9' a_ aZ a ab 'b'; do
		printf 'S\t%016x\tvariable\t%s\t%d\t1\t%d\t5\t-\t\t\n' "$i" "$n" "$i" "$i" >>s.stream
		i=$((i + 1))
	done
	kota-pack -o s.kota s.stream
	kota-get -f s.kota --prefix a | cut -f3 >got
	printf '%s\n' a aZ a_ ab 'aé' $'a\xff' >want
	assert_same_file want got
}

@test "duplicate names across files are all found, in path order" {
	kota-pack -o dup.kota "$FIXTURES/dup.stream"
	run kota-get -f dup.kota helper
	assert_success
	assert_output "a.c:1:1${TAB}function${TAB}helper
b/util.c:1:1${TAB}function${TAB}helper
z.rs:1:1${TAB}struct${TAB}helper
z.rs:3:5${TAB}method${TAB}helper"
	run kota-get -f dup.kota -i HELPER
	assert_success
	assert_output "b/util.c:4:1${TAB}variable${TAB}Helper
a.c:1:1${TAB}function${TAB}helper
b/util.c:1:1${TAB}function${TAB}helper
z.rs:1:1${TAB}struct${TAB}helper
z.rs:3:5${TAB}method${TAB}helper"
	run kota-get -f dup.kota --kind function helper
	assert_success
	assert_output "a.c:1:1${TAB}function${TAB}helper
b/util.c:1:1${TAB}function${TAB}helper"
	kota-get -f dup.kota --format=json helper >out.json
	run python3 -c 'import json,sys; print(" ".join(json.loads(l)["path"] for l in sys.stdin))' <out.json
	assert_output 'a.c b/util.c z.rs z.rs'
}

@test "a stream of 1,000,000 symbols packs, verifies and is searchable" {
	awk 'BEGIN {
		print "kota-stream\t2"
		print "M\tgenerator\tawk"
		n = 0
		for (f = 0; f < 1000; f++) {
			printf "F\tsrc/f%04d.c\tc\t-\t%d\n", f, 30000
			for (s = 0; s < 1000; s++) {
				n++
				printf "S\t%016x\tfunction\tsym_%07d\t%d\t1\t%d\t2\t-\t\tint sym_%07d(void)\n", n, n, s * 3 + 1, s * 3 + 3, n
			}
		}
	}' >big.stream
	[ "$(grep -c '^S' big.stream)" -eq 1000000 ]
	run kota-pack -o big.kota big.stream
	assert_success
	run kota-dump --stats big.kota
	assert_success
	grep -iw symbols <<<"$output" | grep -Eq '(^|[^0-9])1000000([^0-9]|$)' ||
		fail "--stats does not report 1000000 symbols:$NL$output"
	grep -iw files <<<"$output" | grep -Eq '(^|[^0-9])1000([^0-9]|$)' ||
		fail "--stats does not report 1000 files:$NL$output"
	run kota-dump --verify big.kota
	assert_success
	assert_output 'big.kota: ok (1000000 symbols, 1000 files)'
	run kota-get -f big.kota sym_0123456
	assert_success
	assert_output "src/f0123.c:1366:1${TAB}function${TAB}sym_0123456"
	run kota-get -f big.kota --at src/f0999.c:2999
	assert_success
	assert_output "src/f0999.c:2998:1${TAB}function${TAB}sym_1000000"
	run kota-get -f big.kota --id 00000000000f4240
	assert_success
	assert_output "src/f0999.c:2998:1${TAB}function${TAB}sym_1000000"
	run kota-get -f big.kota --prefix sym_099999
	assert_success
	[ "${#lines[@]}" -eq 10 ]
	assert_line --index 0 "src/f0999.c:2968:1${TAB}function${TAB}sym_0999990"
	assert_line --index 9 "src/f0999.c:2995:1${TAB}function${TAB}sym_0999999"
	# the case-folded lookups go through the FOLD order and its fences
	run kota-get -f big.kota -i SYM_0123456
	assert_success
	assert_output "src/f0123.c:1366:1${TAB}function${TAB}sym_0123456"
	run kota-get -f big.kota -i --prefix SYM_099999
	assert_success
	[ "${#lines[@]}" -eq 10 ]
	run kota-get -f big.kota sym_0000001 sym_1000000 sym_0500000
	assert_success
	assert_output "src/f0000.c:1:1${TAB}function${TAB}sym_0000001
src/f0999.c:2998:1${TAB}function${TAB}sym_1000000
src/f0499.c:2998:1${TAB}function${TAB}sym_0500000"
	run --separate-stderr kota-get -f big.kota sym_1000001 sym_ sym_00000000
	assert_failure 1
	kota-dump big.kota >dumped.stream
	cmp -s big.stream dumped.stream || fail "1,000,000-symbol dump differs from the input stream"
}
