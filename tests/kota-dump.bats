#!/usr/bin/env bats
# kota-dump: an index file out as records, JSON, ctags or lines; --stats,
# --verify; and a damaged index is an error, never a crash.

load test_helper

# assert_stat WORD NUMBER: some line of $output names WORD (whole word,
# any case) and holds NUMBER as a number of its own.
assert_stat() {
	if ! grep -iw -- "$1" <<<"$output" | grep -Eq "(^|[^0-9.])$2([^0-9]|$)"; then
		fail "no --stats line with '$1' and $2 in:$NL$output"
	fi
}

# craft IN OUT PYTHON: copy index IN to OUT after running the PYTHON
# statements on `d` (a bytearray of the file; helpers: sec(tag) -> (entry
# offset, section offset, length), u32(off), put32(off, v), put64(off, v)),
# then recompute every section CRC and the header CRC, so the damage can
# only be found by bounds and ordering checks.
craft() {
	python3 - "$1" "$2" "$3" <<'EOF'
import struct, sys
def crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF
d = bytearray(open(sys.argv[1], 'rb').read())
n = struct.unpack_from('<I', d, 12)[0]
def sec(tag):
    for i in range(n):
        e = 32 + 32 * i
        if d[e:e + 4] == tag.encode():
            return e, struct.unpack_from('<Q', d, e + 8)[0], struct.unpack_from('<Q', d, e + 16)[0]
    raise SystemExit('no section ' + tag)
def u32(off): return struct.unpack_from('<I', d, off)[0]
def put32(off, v): struct.pack_into('<I', d, off, v)
def put64(off, v): struct.pack_into('<Q', d, off, v)
exec(sys.argv[3])
n2 = min(struct.unpack_from('<I', d, 12)[0], n)
for i in range(n2):
    e = 32 + 32 * i
    off, length = struct.unpack_from('<QQ', d, e + 8)
    if off + length <= len(d):
        struct.pack_into('<I', d, e + 4, crc32c(bytes(d[off:off + length])))
struct.pack_into('<I', d, 28, crc32c(bytes(d[0:28] + d[32:32 + 32 * n2])))
open(sys.argv[2], 'wb').write(d)
EOF
}

# damaged_is_error FILE: kota-dump and kota-dump --verify reject FILE with
# exit 2 and one `kota-dump: ` line on stderr; kota-get does not crash.
damaged_is_error() {
	run --separate-stderr kota-dump --verify "$1"
	assert_failure 2
	assert_output ''
	assert_stderr_line_matches '^kota-dump: .'
	run --separate-stderr kota-dump "$1"
	assert_failure 2
	assert_stderr_line_matches '^kota-dump: .'
	local args
	for args in "area" "--prefix a" "-i AREA" "--at src/lib.rs:11" "--id 44f0a1b2c3d4e5f6" \
		"--children 5d41402abc4b2a76" "--path src/main.c" "--kind function" "--format=json x"; do
		# shellcheck disable=SC2086
		run kota-get -f "$1" $args
		assert_not_crashed
	done
}

# verify_rejects FILE: kota-dump --verify rejects FILE (exit 2, one
# `kota-dump: ` line on stderr); kota-dump and kota-get do not crash on it.
verify_rejects() {
	run --separate-stderr kota-dump --verify "$1"
	assert_failure 2
	assert_output ''
	assert_stderr_line_matches '^kota-dump: .'
	run kota-dump "$1"
	assert_not_crashed
	local args
	for args in "area" "--prefix a" "-i AREA" "--at src/lib.rs:11" "--id 44f0a1b2c3d4e5f6" \
		"--children 5d41402abc4b2a76" "--path src/main.c" "--kind function"; do
		# shellcheck disable=SC2086
		run kota-get -f "$1" $args
		assert_not_crashed
	done
}

# --- formats -------------------------------------------------------------

@test "kota-dump prints the record stream by default" {
	pack_fixture basic
	kota-dump basic.kota >out.stream
	assert_same_file "$FIXTURES/basic.stream" out.stream
}

@test "kota-dump --format=records, -f FILE and a FILE argument give the same stream" {
	pack_fixture basic
	kota-dump --format=records basic.kota >a.stream
	kota-dump -f basic.kota >b.stream
	kota-dump -f basic.kota --format=records >c.stream
	assert_same_file "$FIXTURES/basic.stream" a.stream
	assert_same_file "$FIXTURES/basic.stream" b.stream
	assert_same_file "$FIXTURES/basic.stream" c.stream
}

@test "kota-dump | kota-pack gives a byte-identical index" {
	local f
	for f in basic escapes dup empty one at noncanonical; do
		pack_fixture "$f"
		kota-dump "$f.kota" | kota-pack -o "$f.copy.kota"
		assert_same_file "$f.kota" "$f.copy.kota"
	done
}

@test "kota-dump --format=json prints one object per symbol with every key" {
	pack_fixture basic
	kota-dump --format=json basic.kota >out.json
	assert_json_lines out.json
	[ "$(wc -l <out.json)" -eq 19 ]
	python3 - out.json <<'EOF' || fail "keys differ"
import json, sys
keys = {"id", "name", "kind", "lang", "path", "start_line", "start_col", "scope",
        "end_line", "end_col", "parent", "signature"}
for line in open(sys.argv[1]):
    o = json.loads(line)
    if set(o) != keys:
        sys.exit("keys %r" % sorted(o))
EOF
	assert_json_equal "$FIXTURES/basic.json" out.json
}

@test "kota-dump --format=json escapes control characters and replaces invalid UTF-8" {
	pack_fixture escapes
	kota-dump --format=json escapes.kota >out.json
	assert_json_lines out.json
	# one physical line per symbol: no raw newline survives
	[ "$(wc -l <out.json)" -eq 18 ]
	run python3 - out.json <<'EOF'
import json, sys
raw = open(sys.argv[1], 'rb').read()
bad = [c for c in raw if c < 0x20 and c != 0x0a]
if bad:
    sys.exit('raw control bytes in output: %r' % bad)
objs = [json.loads(l) for l in raw.decode('utf-8').split('\n') if l]
by = {(o['path'], o['name']): o for o in objs}
want = {
    ('back\\slash.c', 'a\\b'): 'int a_b(void) /* a\\b */',
    ('back\\slash.c', 'trailing\\'): '#define S "\\n"',
    ('ctl\x01.c', 'bell\x07'): 'ring\x07',
    ('ctl\x01.c', 'cr\rname'): 'crlf\r\n',
    ('ctl\x01.c', 'del\x7f'): '',
    ('ctl\x01.c', 'esc\x1b[0m'): '',
    ('dir with space/tab\there.c', 'tab\tname'): 'struct\ttab',
    ('new\nline.rs', 'line\nbreak'): 'fn a()\nfn b()',
    ('raw\ufffd.c', 'bad\ufffdname'): 'void bad\ufffd(void)',
    ('raw\ufffd.c', 'half\ufffd'): '',
    ('ütf8/naïve.c', 'größe'): 'int größe',
    ('ütf8/naïve.c', '日本語'): 'void 日本語(void)',
    ('ütf8/naïve.c', 'emoji😀'): '"😀"',
    ('ütf8/naïve.c', '-'): '-',
}
for k, sig in want.items():
    if k not in by:
        sys.exit('missing symbol %r; have %r' % (k, sorted(by)))
    if by[k]['signature'] != sig:
        sys.exit('signature of %r: %r, want %r' % (k, by[k]['signature'], sig))
plain = by[('dir with space/tab\there.c', 'plain')]
if plain['parent'] != '3333000000000001' or plain['kind'] != 'field' or plain['lang'] != 'c':
    sys.exit('plain: %r' % plain)
EOF
	assert_success
}

@test "kota-dump --format=line prints path:line:col, kind and name" {
	pack_fixture basic
	kota-dump --format=line basic.kota >out.line
	assert_same_file "$FIXTURES/basic.line" out.line
}

@test "kota-dump --format=ctags prints the tags with the extended-format fields" {
	pack_fixture basic
	kota-dump --format=ctags --excmd=number --kind-names basic.kota >tags
	assert_tags_match "$FIXTURES/basic.tags" tags
	# the parent's field is named after the parent's kind, as in ctags
	grep -q "^area${TAB}src/lib.rs${TAB}3;\"${TAB}kind:method${TAB}line:3${TAB}trait:Area\$" tags ||
		fail "no trait:Area scope for area:$NL$(cat tags)"
	grep -q "^x${TAB}src/main.c${TAB}6;\"${TAB}kind:field${TAB}line:6${TAB}struct:point\$" tags ||
		fail "no struct:point scope for x:$NL$(cat tags)"
	! grep -q 'class:' tags || fail "a class: field in tags"
}

@test "kota-dump --format=ctags starts with the four pseudo-tags, then tag lines only" {
	pack_fixture basic
	kota-dump --format=ctags --excmd=number --kind-names basic.kota >tags
	local version
	version=$(kota-dump --version | cut -d' ' -f3)
	[ -n "$version" ]
	run head -n 4 tags
	assert_line --index 0 --regexp "^!_TAG_FILE_FORMAT${TAB}2${TAB}/[^${TAB}]*/\$"
	assert_line --index 1 --regexp "^!_TAG_FILE_SORTED${TAB}1${TAB}/[^${TAB}]*/\$"
	assert_line --index 2 --regexp "^!_TAG_PROGRAM_NAME${TAB}kota${TAB}/[^${TAB}]*/\$"
	assert_line --index 3 "$(printf '!_TAG_PROGRAM_VERSION\t%s\t//' "$version")"
	[ "$(grep -c '^!' tags)" -eq 4 ]
	[ "$(wc -l <tags)" -eq $((4 + 19)) ]
	tail -n +5 tags >taglines
	assert_tags_match "$FIXTURES/basic.tags" taglines
}

@test "kota-dump --format=ctags output is sorted by name" {
	pack_fixture basic
	kota-dump --format=ctags basic.kota >tags
	assert_tags_sorted tags
	tag_lines tags | cut -f1 | LC_ALL=C sort -c
}

@test "kota-dump --format=ctags output has the format and sorted pseudo-tags readtags sees" {
	pack_fixture basic
	kota-dump --format=ctags basic.kota >tags
	run readtags -t tags -D
	assert_success
	assert_line --regexp "^!_TAG_FILE_FORMAT${TAB}2(${TAB}|\$)"
	assert_line --regexp "^!_TAG_FILE_SORTED${TAB}1(${TAB}|\$)"
}

@test "readtags finds every symbol in kota-dump's ctags output" {
	pack_fixture basic
	kota-dump --format=ctags --excmd=number --kind-names basic.kota >tags
	run readtags -t tags area
	assert_success
	assert_output "area${TAB}src/lib.rs${TAB}3${NL}area${TAB}src/lib.rs${TAB}11"
	run readtags -t tags -e -n 'Area for Circle'
	assert_output --regexp "^Area for Circle${TAB}src/lib.rs${TAB}10;\"${TAB}kind:impl${TAB}line:10(${TAB}|\$)"
	local name want got
	while IFS= read -r name; do
		want=$(grep -c "^$name$TAB" "$FIXTURES/basic.tags")
		got=$(readtags -t tags - "$name" | grep -c "^$name$TAB")
		[ "$want" = "$got" ] || fail "readtags finds $got of $want tags named '$name'"
	done < <(cut -f1 "$FIXTURES/basic.tags" | sort -u)
}

@test "kota-dump --format=ctags omits names and paths with TAB, LF or CR and names starting with !" {
	pack_fixture escapes
	kota-dump --format=ctags escapes.kota >tags
	assert_tags_sorted tags
	tag_lines tags | cut -f1,2 >got
	printf '%s\n' \
		$'-\tütf8/naïve.c' \
		$'\\\tback\\slash.c' \
		$'a\\b\tback\\slash.c' \
		$'bad\xffname\traw\xff.c' \
		$'bell\x07\tctl\x01.c' \
		$'del\x7f\tctl\x01.c' \
		$'emoji😀\tütf8/naïve.c' \
		$'esc\x1b[0m\tctl\x01.c' \
		$'größe\tütf8/naïve.c' \
		$'half\xc3\traw\xff.c' \
		$'trailing\\\tback\\slash.c' \
		$'日本語\tütf8/naïve.c' >want
	assert_same_file want got
}

@test "kota-dump --format=ctags sorts names bytewise, UTF-8 after ASCII" {
	mkstream s.stream "$HDR"'F\tf.c\tc\t-\t1\n'
	local i=1 n
	for n in zebra 'Ärger' ärger Zebra '\xff' a_b aB; do
		printf 'S\t%016x\tfunction\t%s\t%d\t1\t%d\t9\t-\t\t\n' "$i" "$n" "$i" "$i" >>s.stream
		i=$((i + 1))
	done
	kota-pack -o s.kota s.stream
	kota-dump --format=ctags s.kota >tags
	tag_lines tags | cut -f1 >got
	printf '%s\n' Zebra aB a_b zebra 'Ärger' ärger $'\xff' >want
	assert_same_file want got
}

@test "kota-dump of an empty index prints the header only, in every format" {
	pack_fixture empty
	kota-dump empty.kota >out.stream
	assert_same_file "$FIXTURES/empty.stream" out.stream
	run kota-dump --format=json empty.kota
	assert_success
	assert_output ''
	run kota-dump --format=line empty.kota
	assert_success
	assert_output ''
	kota-dump --format=ctags empty.kota >tags
	run tag_lines tags
	assert_output ''
	[ "$(wc -l <tags)" -eq 4 ]
	[ "$(grep -c '^!_TAG_' tags)" -eq 4 ]
}

# --- --stats and --verify ------------------------------------------------

@test "kota-dump --stats reports symbols, files, kinds, languages, sections and meta" {
	pack_fixture basic
	run --separate-stderr kota-dump --stats basic.kota
	assert_success
	assert_stat symbols 19
	assert_stat files 2
	assert_stat function 3
	assert_stat method 2
	assert_stat struct 2
	assert_stat constant 3
	assert_stat field 3
	assert_stat enum 1
	assert_stat variable 1
	assert_stat trait 1
	assert_stat module 1
	assert_stat macro 1
	assert_stat impl 1
	assert_stat c 10
	assert_stat rust 9
	local tag
	for tag in META FILE SYMS STRS SIGS NAME FOLD IDIX NFNC FFNC; do
		assert_stat "$tag" "$(section basic.kota "$tag" | cut -d' ' -f2)"
	done
	assert_line --regexp '[Bb]ytes.*[Ss]ymbol|[Ss]ymbol.*[Bb]ytes'
	assert_line --regexp 'generator.*hand-written'
	assert_line --regexp 'repo.*basic'
	refute_output --partial 'area'
}

@test "kota-dump --stats escapes a TAB, LF and backslash in a meta entry" {
	{
		printf 'kota-stream\t2\n'
		printf 'M\t%s\t%s\n' note 'before\tafter' path 'c:\\dir' 'with\tkey' 'line\none'
	} >s.stream
	kota-pack -o s.kota s.stream
	run --separate-stderr kota-dump --stats s.kota
	assert_success
	assert_line "meta${TAB}note${TAB}"'before\tafter'
	assert_line "meta${TAB}path${TAB}"'c:\\dir'
	assert_line 'meta'"${TAB}"'with\tkey'"${TAB}"'line\none'
	refute_output --partial "before${TAB}after"
	[ "$(grep -c '^meta' <<<"$output")" -eq 3 ]
}

@test "kota-dump --stats on an empty index reports 0 symbols and 0 files" {
	pack_fixture empty
	run kota-dump --stats empty.kota
	assert_success
	assert_stat symbols 0
	assert_stat files 0
}

@test "kota-dump --verify reports ok with the symbol and file counts" {
	pack_fixture basic
	run --separate-stderr kota-dump --verify basic.kota
	assert_success
	assert_output 'basic.kota: ok (19 symbols, 2 files)'
	[ -z "$stderr" ]
	pack_fixture escapes
	run kota-dump --verify escapes.kota
	assert_success
	assert_output 'escapes.kota: ok (18 symbols, 6 files)'
	pack_fixture empty
	run kota-dump --verify "$TEST_TMP/empty.kota"
	assert_success
	assert_output "$TEST_TMP/empty.kota: ok (0 symbols, 0 files)"
}

# --- damaged files -------------------------------------------------------

@test "kota-dump --verify fails on a byte flipped in the middle of the symbols" {
	pack_fixture basic
	cp basic.kota bad.kota
	read -r off len < <(section bad.kota SYMS)
	flip_byte bad.kota $((off + len / 2))
	! cmp -s basic.kota bad.kota || fail "bad.kota is unchanged"
	damaged_is_error bad.kota
}

@test "kota-dump fails on a byte flipped in the middle of the file" {
	pack_fixture basic
	cp basic.kota bad.kota
	local mid=$(($(file_size bad.kota) / 2)) i off len inside=
	for ((i = 0; i < $(le_u32 bad.kota 12); i++)); do
		off=$(le_u64 bad.kota $((32 + 32 * i + 8)))
		len=$(le_u64 bad.kota $((32 + 32 * i + 16)))
		if [ "$mid" -ge "$off" ] && [ "$mid" -lt $((off + len)) ]; then inside=$i; fi
	done
	[ -n "$inside" ] || skip "middle byte $mid is section padding"
	flip_byte bad.kota "$mid"
	damaged_is_error bad.kota
}

@test "kota-dump --verify fails on a byte flipped in the header" {
	pack_fixture basic
	cp basic.kota bad.kota
	flip_byte bad.kota 13 # section count
	damaged_is_error bad.kota
	cp basic.kota bad2.kota
	flip_byte bad2.kota 30 # header CRC
	damaged_is_error bad2.kota
}

@test "every flipped byte outside padding makes --verify and kota-dump fail, nothing crashes" {
	pack_fixture basic
	local size off i n o l covered=()
	size=$(file_size basic.kota)
	n=$(le_u32 basic.kota 12)
	for ((off = 0; off < 32 + 32 * n; off++)); do covered[off]=1; done
	# every section listed in the table, known tag or not, is checksummed
	for ((i = 0; i < n; i++)); do
		o=$(le_u64 basic.kota $((32 + 32 * i + 8)))
		l=$(le_u64 basic.kota $((32 + 32 * i + 16)))
		for ((off = o; off < o + l; off++)); do covered[off]=1; done
	done
	local st
	for ((off = 0; off < size; off++)); do
		[ -n "${covered[off]:-}" ] || continue
		cp basic.kota bad.kota
		flip_byte bad.kota "$off"
		st=0
		kota-dump --verify bad.kota >/dev/null 2>&1 || st=$?
		[ "$st" -eq 2 ] || fail "byte $off flipped: kota-dump --verify exit $st"
		st=0
		kota-dump bad.kota >/dev/null 2>&1 || st=$?
		[ "$st" -eq 2 ] || fail "byte $off flipped: kota-dump exit $st"
		st=0
		kota-get -f bad.kota --prefix a >/dev/null 2>&1 || st=$?
		[ "$st" -le 2 ] || fail "byte $off flipped: kota-get crashed, exit $st"
	done
}

@test "kota-dump rejects a truncated index" {
	pack_fixture basic
	local size
	size=$(file_size basic.kota)
	head -c $((size / 2)) basic.kota >half.kota
	damaged_is_error half.kota
	head -c $((size - 1)) basic.kota >short.kota
	damaged_is_error short.kota
	head -c 32 basic.kota >header.kota
	damaged_is_error header.kota
	head -c 20 basic.kota >partial.kota
	damaged_is_error partial.kota
}

@test "kota-dump rejects a file with the wrong magic" {
	pack_fixture basic
	cp basic.kota bad.kota
	printf 'KOTAIDY' | dd of=bad.kota bs=1 seek=0 conv=notrunc 2>/dev/null
	damaged_is_error bad.kota
	printf 'kota-stream\t2\n' >stream.kota
	damaged_is_error stream.kota
}

@test "kota-dump rejects an index of another version" {
	pack_fixture basic
	craft basic.kota v3.kota 'put32(8, 3)'
	damaged_is_error v3.kota
	# the version before: one line that says to rebuild
	craft basic.kota v1.kota 'put32(8, 1)'
	run --separate-stderr kota-dump --verify v1.kota
	assert_failure 2
	assert_stderr_line "kota-dump: v1.kota: index version 1 is too old (this kota reads version 2): rebuild it (kota-hook run, or kota-parse | kota-pack)"
}

@test "kota-dump rejects an empty file" {
	: >empty.kota
	damaged_is_error empty.kota
}

@test "kota-dump rejects a non-existent file, naming it" {
	run --separate-stderr kota-dump no-such.kota
	assert_failure 2
	assert_output ''
	assert_stderr_line_matches '^kota-dump: .*no-such\.kota'
	run --separate-stderr kota-dump --verify no-such.kota
	assert_failure 2
	assert_stderr_line_matches '^kota-dump: .*no-such\.kota'
}

@test "kota-dump rejects a section that ends beyond the file (CRCs consistent)" {
	pack_fixture basic
	craft basic.kota bad.kota 'e,o,l = sec("SYMS"); put64(e + 16, l + 4096)'
	damaged_is_error bad.kota
	craft basic.kota bad2.kota 'e,o,l = sec("IDIX"); put64(e + 8, 1 << 40)'
	damaged_is_error bad2.kota
	craft basic.kota bad3.kota 'e,o,l = sec("STRS"); put64(e + 16, (1 << 64) - 8)'
	damaged_is_error bad3.kota
}

@test "kota-dump rejects a missing required section (CRCs consistent)" {
	pack_fixture basic
	local tag
	for tag in META FILE SYMS STRS SIGS NAME FOLD IDIX NFNC FFNC; do
		craft basic.kota "no$tag.kota" 'e,o,l = sec("'"$tag"'"); d[e:e+4] = b"XXXX"'
		damaged_is_error "no$tag.kota"
	done
}

@test "kota-dump rejects out-of-range signature references (CRCs consistent)" {
	pack_fixture basic
	craft basic.kota a.kota 'e,o,l = sec("SYMS"); put32(o + 12, 0xfffffff0)'
	damaged_is_error a.kota
	# the length of the first signature entry runs past SIGS
	craft basic.kota b.kota 'e,o,l = sec("SIGS"); put32(o + 5, 0x7ffffff0)'
	damaged_is_error b.kota
	# SIGS shortened by one byte: the last entry loses its NUL
	craft basic.kota c.kota 'e,o,l = sec("SIGS"); put64(e + 16, l - 1)'
	damaged_is_error c.kota
}

@test "kota-dump --verify rejects signatures out of place in SIGS (CRCs consistent)" {
	pack_fixture basic
	# two symbols' signature offsets swapped: every entry still valid
	craft basic.kota a.kota 'e,o,l = sec("SYMS"); a = u32(o + 12); put32(o + 12, u32(o + 48 + 12)); put32(o + 48 + 12, a)'
	! cmp -s basic.kota a.kota || fail "a.kota is unchanged"
	verify_rejects a.kota
	# the second `area` method pointing at the first one's equal entry
	craft basic.kota b.kota 'e,o,l = sec("SYMS"); put32(o + 48 * 6 + 12, u32(o + 48 * 2 + 12))'
	verify_rejects b.kota
	# an empty signature given a non-zero offset (of the empty string at 0
	# it is not; RED at position 14 points at the first entry instead)
	craft basic.kota c.kota 'e,o,l = sec("SYMS"); put32(o + 48 * 14 + 12, 5)'
	verify_rejects c.kota
}

@test "kota-dump --verify rejects a name prefix fence that does not match its name (CRCs consistent)" {
	pack_fixture basic
	local tag
	for tag in NFNC FFNC; do
		craft basic.kota "$tag.kota" 'e,o,l = sec("'"$tag"'"); d[o + 7] ^= 0x01'
		! cmp -s basic.kota "$tag.kota" || fail "$tag.kota is unchanged"
		verify_rejects "$tag.kota"
	done
	# a fence section of the wrong length for the symbol count
	craft basic.kota long.kota 'e,o,l = sec("NFNC"); put64(e + 16, 16)'
	damaged_is_error long.kota
}

@test "kota-dump rejects a section count larger than the table (CRCs consistent)" {
	pack_fixture basic
	craft basic.kota bad.kota 'put32(12, 0x7fffffff)'
	damaged_is_error bad.kota
}

@test "kota-dump rejects out-of-range string references (CRCs consistent)" {
	pack_fixture basic
	craft basic.kota bad.kota 'e,o,l = sec("SYMS"); put32(o + 8, 0xfffffff0)'
	damaged_is_error bad.kota
	craft basic.kota bad2.kota 'e,o,l = sec("SYMS"); e2,so,sl = sec("STRS"); put32(so + u32(o + 8), 0xfffffff0)'
	damaged_is_error bad2.kota
	craft basic.kota bad3.kota 'e,o,l = sec("FILE"); put32(o + 0, 0x7fffffff)'
	damaged_is_error bad3.kota
}

@test "kota-dump rejects out-of-range symbol positions and counts (CRCs consistent)" {
	pack_fixture basic
	craft basic.kota a.kota 'e,o,l = sec("NAME"); put32(o, 0xfffffff0)'
	verify_rejects a.kota
	craft basic.kota b.kota 'e,o,l = sec("IDIX"); put32(o + 4, 19)'
	verify_rejects b.kota
	craft basic.kota c.kota 'e,o,l = sec("FILE"); put32(o + 28, 0x10000000)'
	damaged_is_error c.kota
	craft basic.kota d.kota 'e,o,l = sec("FILE"); put32(o + 32 + 24, 0xffffffff)'
	damaged_is_error d.kota
	craft basic.kota e.kota 'e,o,l = sec("SYMS"); put32(o + 48 * 3 + 16, 7)'
	verify_rejects e.kota
	craft basic.kota f.kota 'e,o,l = sec("SYMS"); put32(o + 48 * 1 + 20, 1)'
	verify_rejects f.kota
	craft basic.kota g.kota 'e,o,l = sec("SYMS"); put32(o + 48 * 1 + 20, 0x7ffffff0)'
	damaged_is_error g.kota
	craft basic.kota h.kota 'e,o,l = sec("SYMS"); d[o + 40] = 0'
	damaged_is_error h.kota
	craft basic.kota i.kota 'e,o,l = sec("SYMS"); d[o + 40] = 18'
	damaged_is_error i.kota
}

@test "kota-dump --verify rejects name, fold and id indexes out of order (CRCs consistent)" {
	pack_fixture basic
	local tag
	for tag in NAME FOLD IDIX; do
		craft basic.kota "$tag.kota" 'e,o,l = sec("'"$tag"'"); a = u32(o); put32(o, u32(o + 4)); put32(o + 4, a)'
		! cmp -s basic.kota "$tag.kota" || fail "$tag.kota is unchanged"
		verify_rejects "$tag.kota"
	done
}

@test "kota-dump --verify rejects a file table out of path order (CRCs consistent)" {
	pack_fixture basic
	craft basic.kota bad.kota 'e,o,l = sec("FILE"); a = bytes(d[o:o+32]); d[o:o+32] = d[o+32:o+64]; d[o+32:o+64] = a'
	verify_rejects bad.kota
}

# --- index discovery -----------------------------------------------------

# two_file_delta: ix.kota of a.c and b.c, and beside it ix.kota.delta over
# it that changes a.c and deletes b.c: one DELE entry.
two_file_delta() {
	mkstream s1 "$HDR"'F\ta.c\tc\t-\t1\nS\t0000000000000001\tfunction\tfa\t1\t1\t1\t2\t-\t\t\n'\
'F\tb.c\tc\t-\t1\nS\t0000000000000002\tfunction\tfb\t1\t1\t1\t2\t-\t\t\n'
	mkstream s2 "$HDR"'F\ta.c\tc\t-\t2\nS\t0000000000000003\tfunction\tfa2\t1\t1\t1\t2\t-\t\t\n'
	kota-pack -o ix.kota s1 && kota-pack --base ix.kota --delta s2 || fail "cannot make the delta"
	[ "$(section ix.kota.delta DELE | cut -d' ' -f2)" = 4 ] || fail "the delta has no single DELE entry"
}

@test "kota-dump --verify: a DELE entry outside STRS is damage, not a crash" {
	two_file_delta
	kota-dump --verify ix.kota >/dev/null || fail "the delta does not verify before the damage"
	craft ix.kota.delta ix.kota.delta 'e, o, l = sec("DELE"); put32(o, 0x40000000)'
	local args
	for args in --verify --stats --format=records --format=json --format=ctags --format=line; do
		run --separate-stderr kota-dump $args ix.kota
		assert_failure 2
		assert_output ''
		assert_stderr_line_matches '^kota-dump: .*ix\.kota\.delta: damaged index: STRS offset 1073741824 out of range \(check: get_entry\)$'
	done
	for args in fa fb "--prefix f" "--path b.c" "--at b.c:1" "--kind function" "--meta"; do
		# shellcheck disable=SC2086
		run kota-get -f ix.kota $args
		assert_not_crashed
	done
}

@test "kota-dump without a FILE dumps the repository's index" {
	git init -q repo
	mkdir -p repo/.git/kota repo/sub
	kota-pack -o repo/.git/kota/index.kota "$FIXTURES/basic.stream"
	cd repo/sub
	kota-dump >out.stream
	assert_same_file "$FIXTURES/basic.stream" out.stream
	# KOTA_INDEX takes precedence over the repository's index
	KOTA_INDEX=$TEST_TMP/none.kota run --separate-stderr kota-dump
	assert_failure 2
	assert_stderr_line_matches '^kota-dump: .*none\.kota'
}

@test "kota-dump - and kota-dump /dev/stdin read an index from a pipe" {
	pack_fixture basic
	kota-pack -o - <"$FIXTURES/basic.stream" | kota-dump - >a.stream
	assert_same_file "$FIXTURES/basic.stream" a.stream
	kota-pack -o - <"$FIXTURES/basic.stream" | kota-dump /dev/stdin >b.stream
	assert_same_file "$FIXTURES/basic.stream" b.stream
	kota-dump --format=json - <basic.kota >c.json
	assert_json_equal "$FIXTURES/basic.json" c.json
	cat basic.kota | kota-dump --format=line - >d.line
	assert_same_file "$FIXTURES/basic.line" d.line
	run --separate-stderr kota-dump --verify - <basic.kota
	assert_success
	assert_output --regexp ': ok \(19 symbols, 2 files\)$'
	pack_fixture escapes
	kota-pack -o - "$FIXTURES/escapes.stream" | kota-dump - >e.stream
	assert_same_file "$FIXTURES/escapes.stream" e.stream
}

@test "kota-dump refuses a device or FIFO at once, and reads a pipe on stdin only as far as its header says" {
	pack_fixture basic
	mkfifo ix.fifo
	# (under timeout, so that a kota-dump that blocks fails instead of hanging)
	run --separate-stderr timeout 60 kota-dump --verify ix.fifo
	assert_failure 2
	assert_stderr_line 'kota-dump: ix.fifo: not a regular file'
	run --separate-stderr timeout 60 kota-dump --stats /dev/zero
	assert_failure 2
	assert_stderr_line 'kota-dump: /dev/zero: not a regular file'
	run --separate-stderr timeout 60 kota-dump --verify - </dev/zero
	assert_failure 2
	assert_stderr_line 'kota-dump: /dev/stdin: not a kota index'
	run --separate-stderr timeout 60 bash -c 'cat basic.kota /dev/zero | kota-dump --verify -'
	assert_failure 2
	assert_stderr_line "kota-dump: /dev/stdin: damaged index: more bytes than the $(file_size basic.kota) the header says (check: read_stream)"
}

@test "kota-dump - rejects a damaged index from a pipe" {
	pack_fixture basic
	head -c 100 basic.kota >half.kota
	run --separate-stderr kota-dump - <half.kota
	assert_failure 2
	assert_stderr_line_matches '^kota-dump: .'
	cp basic.kota bad.kota
	read -r off len < <(section bad.kota SYMS)
	flip_byte bad.kota $((off + len / 2))
	run --separate-stderr kota-dump --verify - <bad.kota
	assert_failure 2
	assert_output ''
	assert_stderr_line_matches '^kota-dump: .'
	run --separate-stderr kota-dump - </dev/null
	assert_failure 2
	assert_stderr_line_matches '^kota-dump: .'
}

@test "kota-dump without a FILE outside a repository fails with the documented message" {
	run --separate-stderr kota-dump
	assert_failure 2
	assert_output ''
	assert_stderr_line 'kota-dump: not in a git repository (use -f FILE or KOTA_INDEX)'
}

@test "kota-dump without a FILE uses KOTA_INDEX" {
	pack_fixture one
	KOTA_INDEX=$TEST_TMP/one.kota run kota-dump --format=line
	assert_success
	assert_output "only.c:1:1${TAB}function${TAB}solo"
}

# --- options -------------------------------------------------------------

@test "kota-dump --help prints usage on stdout and exits 0" {
	run --separate-stderr kota-dump --help
	assert_success
	assert_output --partial 'kota-dump'
	assert_output --regexp '[Uu][Ss][Aa][Gg][Ee]'
	assert_output --partial '--verify'
	[ -z "$stderr" ]
}

@test "kota-dump --version prints 'kota-dump (kota) VERSION'" {
	run kota-dump --version
	assert_success
	assert_output --regexp '^kota-dump \(kota\) [^ ]+$'
}

@test "kota-dump rejects an unknown option with a message and usage on stderr" {
	run --separate-stderr kota-dump --bogus-option
	assert_failure 2
	assert_output ''
	[[ ${stderr_lines[0]} == kota-dump:* ]] || fail "first stderr line: ${stderr_lines[0]}"
	[[ $stderr =~ [Uu][Ss][Aa][Gg][Ee] ]] || fail "no usage on stderr: $stderr"
}

@test "kota-dump rejects an unknown --format" {
	pack_fixture basic
	run --separate-stderr kota-dump --format=xml basic.kota
	assert_failure 2
	assert_output ''
	[[ ${stderr_lines[0]} == kota-dump:* ]] || fail "first stderr line: ${stderr_lines[0]}"
}
