# Shared setup and helpers for the kota bats suites: the programs under test
# are found on PATH (make check puts the build's tools/ first).

bats_require_minimum_version 1.5.0

_bats_lib=${BATS_LIB_DIR:-/usr/lib/bats}
load "$_bats_lib/bats-support/load.bash"
load "$_bats_lib/bats-assert/load.bash"

FIXTURES=$BATS_TEST_DIRNAME/fixtures
TAB=$'\t'
NL=$'\n'

common_setup() {
	# Every test works in its own empty directory, outside any git
	# repository, with no inherited index location.
	TEST_TMP=$(mktemp -d "$BATS_TEST_TMPDIR/kota.XXXXXX")
	cd "$TEST_TMP" || return 1
	# Whatever the programs put in TMPDIR goes with the test's directory.
	export TMPDIR=$TEST_TMP/tmp
	mkdir -p "$TMPDIR"
	unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_COMMON_DIR KOTA_INDEX
	export HOME=$TEST_TMP/home
	mkdir -p "$HOME"
	export GIT_CONFIG_NOSYSTEM=1
	export GIT_AUTHOR_NAME=kota-tests GIT_AUTHOR_EMAIL=tests@kota.invalid
	export GIT_COMMITTER_NAME=kota-tests GIT_COMMITTER_EMAIL=tests@kota.invalid
	export LC_ALL=C
}

setup() {
	common_setup
}

# commit_all [MESSAGE]: commit everything in the work tree.
commit_all() {
	git add -A && git commit -q -m "${1:-commit}"
}

# mkstream FILE FORMAT [ARG...]: write FILE with printf FORMAT ARG...
# (so '\t' in FORMAT is a TAB and '\\t' is the stream escape for one).
mkstream() {
	local file=$1
	shift
	printf -- "$@" >"$file"
}

# The header line every stream starts with, as a printf format.
HDR='kota-stream\t2\n'

# pack_fixture NAME [OUT]: pack fixtures/NAME.stream into OUT
# (default $TEST_TMP/NAME.kota) and fail the test if that fails.
pack_fixture() {
	local name=$1 out=${2:-$TEST_TMP/$1.kota}
	kota-pack -o "$out" "$FIXTURES/$name.stream" ||
		fail "kota-pack of fixture $name.stream failed"
}

# assert_same_file EXPECTED ACTUAL: byte-identical, with a diff on failure.
assert_same_file() {
	if ! cmp -s -- "$1" "$2"; then
		{
			echo "files differ: $1 $2"
			diff -a -u -- "$1" "$2" | head -n 60 | cat -A
		} | fail
	fi
}

# assert_stderr_line EXPECTED: after `run --separate-stderr`, stderr is
# exactly one line equal to EXPECTED.
assert_stderr_line() {
	if [ "${#stderr_lines[@]}" -ne 1 ] || [ "$stderr" != "$1" ]; then
		printf 'expected one stderr line: %s\ngot (%d lines):\n%s\n' \
			"$1" "${#stderr_lines[@]}" "$stderr" | fail
	fi
}

# assert_stderr_line_matches REGEX: stderr is exactly one line matching
# the extended regular expression REGEX.
assert_stderr_line_matches() {
	if [ "${#stderr_lines[@]}" -ne 1 ] || ! [[ $stderr =~ $1 ]]; then
		printf 'expected one stderr line matching: %s\ngot (%d lines):\n%s\n' \
			"$1" "${#stderr_lines[@]}" "$stderr" | fail
	fi
}

# assert_not_crashed: the last `run` ended with one of the documented
# exit statuses (0, 1, 2), not a signal or an abort.
assert_not_crashed() {
	if [ "$status" -gt 2 ]; then
		fail "program crashed or misbehaved: exit status $status"
	fi
}

# assert_json_lines FILE: every line of FILE is one JSON value.
assert_json_lines() {
	python3 -c 'import json,sys; [json.loads(l) for l in sys.stdin]' <"$1" ||
		fail "$1 is not one JSON object per line"
}

# assert_json_equal EXPECTED ACTUAL: both files hold the same sequence of
# JSON objects (one per line), compared as parsed values.
assert_json_equal() {
	python3 - "$1" "$2" <<'EOF' || fail "JSON output differs from $1"
import json, sys
def load(p):
    with open(p, 'rb') as f:
        return [json.loads(l) for l in f.read().decode('utf-8').split('\n') if l]
exp, got = load(sys.argv[1]), load(sys.argv[2])
if exp != got:
    for i in range(max(len(exp), len(got))):
        e = exp[i] if i < len(exp) else None
        g = got[i] if i < len(got) else None
        if e != g:
            print('line %d: expected %r\n        got %r' % (i + 1, e, g))
            break
    print('expected %d objects, got %d' % (len(exp), len(got)))
    sys.exit(1)
EOF
}

# tag_lines FILE: the tag lines of a tags file (no pseudo-tags).
tag_lines() {
	grep -av '^!' -- "$1"
}

# assert_tags_match EXPECTED ACTUAL: ACTUAL's tag lines (pseudo-tags left
# out) are EXPECTED's, byte for byte, as a multiset: a symbol with a parent
# has the field KIND:NAME named after the parent's kind (`module:shapes`),
# as ctags writes it. Order is compared separately (assert_tags_sorted):
# entries with equal names may come in either order here.
assert_tags_match() {
	python3 - "$1" "$2" <<'EOF' || fail "ctags output differs from $1"
import sys
def load(p):
    with open(p, 'rb') as f:
        return sorted(l for l in f.read().split(b'\n') if l and not l.startswith(b'!'))
exp, got = load(sys.argv[1]), load(sys.argv[2])
if exp != got:
    for l in exp:
        if l not in got: print('missing: %r' % l)
    for l in got:
        if l not in exp: print('unexpected: %r' % l)
    print('expected %d tag lines, got %d' % (len(exp), len(got)))
    sys.exit(1)
EOF
}

# assert_tags_sorted FILE: tag lines are sorted bytewise by tag name, as a
# `!_TAG_FILE_SORTED 1` file must be for readtags' binary search.
assert_tags_sorted() {
	tag_lines "$1" | LC_ALL=C sort -c -s -t "$TAB" -k1,1 ||
		fail "tag lines of $1 are not sorted by name"
}

# le_u32 FILE OFFSET / le_u64 FILE OFFSET: little-endian integer at OFFSET.
le_u32() {
	od -An -v -t u4 --endian=little -j "$2" -N 4 -- "$1" | tr -d ' '
}
le_u64() {
	od -An -v -t u8 --endian=little -j "$2" -N 8 -- "$1" | tr -d ' '
}

# section FILE TAG: print "OFFSET LENGTH" of section TAG, read from the
# index header's section table (kota(5) INDEX FILE).
section() {
	local file=$1 tag=$2 n i ent
	n=$(le_u32 "$file" 12)
	for ((i = 0; i < n; i++)); do
		ent=$((32 + 32 * i))
		if [ "$(dd if="$file" bs=1 skip="$ent" count=4 2>/dev/null)" = "$tag" ]; then
			echo "$(le_u64 "$file" $((ent + 8))) $(le_u64 "$file" $((ent + 16)))"
			return 0
		fi
	done
	return 1
}

# flip_byte FILE OFFSET: invert every bit of the byte at OFFSET in place.
flip_byte() {
	local file=$1 off=$2 byte
	byte=$(od -An -v -t u1 -j "$off" -N 1 -- "$file" | tr -d ' ')
	printf "\\$(printf '%03o' $((byte ^ 0xff)))" |
		dd of="$file" bs=1 seek="$off" count=1 conv=notrunc 2>/dev/null
}

# rename_symbol FILE NAME: change the last byte of the string NAME in the
# string table of the index FILE in place, leaving the checksums as they
# were: damage that only a checksum can show.
rename_symbol() {
	python3 - "$1" "$2" <<'PY' || fail "no string $2 in $1"
import struct, sys
path, name = sys.argv[1], sys.argv[2].encode()
with open(path, 'r+b') as f:
    at = f.read().find(struct.pack('<I', len(name)) + name + b'\0')
    if at < 0: sys.exit(1)
    f.seek(at + 4 + len(name) - 1)
    f.write(bytes([name[-1] ^ 0x01]))
PY
}

# file_size FILE
file_size() {
	wc -c <"$1" | tr -d ' '
}

# git_repo DIR: a fresh repository with one commit.
git_repo() {
	git init -q "$1" &&
		git -C "$1" commit -q --allow-empty -m init
}

# decode_index FILE: an independent reader of kota(5) INDEX FILE: checks the
# header, section table (exactly META FILE SYMS STRS SIGS NAME FOLD IDIX
# NFNC FFNC, in that order), CRC-32C checksums, alignment, padding, the
# string table (every entry used, unique, sorted), the signature table
# (every non-empty signature in symbol order), the orderings, the 8-byte
# prefix fences and the cross-references, then prints the index as a
# canonical record stream. Exits 1 with a message on the first violation.
decode_index() {
	python3 - "$1" <<'EOF'
import struct, sys

def die(msg):
    sys.stderr.write('decode_index: %s\n' % msg)
    sys.exit(1)

CRC_TABLE = []
for n in range(256):
    c = n
    for _ in range(8):
        c = (c >> 1) ^ (0x82F63B78 if c & 1 else 0)
    CRC_TABLE.append(c)

def crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc = CRC_TABLE[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF

assert crc32c(b'123456789') == 0xE3069283

data = open(sys.argv[1], 'rb').read()
if len(data) < 32: die('shorter than the header')
magic, version, nsec, total, flags, hcrc = struct.unpack_from('<8sIIQII', data, 0)
if magic != b'KOTAIDX\0': die('bad magic %r' % magic)
if version != 2: die('version %d' % version)
if total != len(data): die('total size %d, file is %d' % (total, len(data)))
if flags != 0: die('flags %d' % flags)
if 32 + 32 * nsec > len(data): die('section table beyond the end')
table = data[32:32 + 32 * nsec]
if crc32c(data[0:28] + table) != hcrc: die('header CRC mismatch')

KINDS = ['function', 'method', 'class', 'struct', 'enum', 'union', 'interface',
         'trait', 'type', 'module', 'namespace', 'macro', 'constant',
         'variable', 'field', 'variant', 'impl']
REFKINDS = ['call', 'class', 'type', 'implementation', 'import', 'macro']
SECTIONS = ['META', 'FILE', 'SYMS', 'STRS', 'SIGS', 'NAME', 'FOLD', 'IDIX', 'NFNC', 'FFNC', 'REFS', 'RNAM']
ENTRY = {'META': 8, 'FILE': 32, 'SYMS': 48, 'STRS': 0, 'SIGS': 0, 'NAME': 4,
         'FOLD': 4, 'IDIX': 4, 'NFNC': 8, 'FFNC': 8, 'REFS': 12, 'RNAM': 4}

secs = {}
order = []
prev_end = 32 + 32 * nsec
for i in range(nsec):
    tag, crc, off, length, esize, res = struct.unpack_from('<4sIQQII', table, 32 * i)
    tag = tag.decode('latin-1')
    if res != 0: die('%s: reserved field %d' % (tag, res))
    if off % 8: die('%s: offset %d not 8-aligned' % (tag, off))
    if off < prev_end: die('%s: overlaps or out of order' % tag)
    if off + length > len(data): die('%s: beyond the end' % tag)
    if any(data[prev_end:off]): die('%s: non-zero padding before it' % tag)
    if off - prev_end >= 8: die('%s: %d bytes of padding before it' % (tag, off - prev_end))
    prev_end = off + length
    body = data[off:off + length]
    if crc32c(body) != crc: die('%s: CRC mismatch' % tag)
    if tag not in ENTRY: die('unknown section %r' % tag)
    if tag in secs: die('%s twice' % tag)
    if esize != ENTRY[tag]: die('%s: entry size %d' % (tag, esize))
    if esize and length % esize: die('%s: length %d' % (tag, length))
    secs[tag] = body
    order.append(tag)
if order != SECTIONS: die('sections %r, want %r' % (order, SECTIONS))
if prev_end != len(data): die('bytes after the last section')

def entries(tag):
    """Parse a STRS-like section: {offset: bytes}, in offset order."""
    body, out, off = secs[tag], {}, 0
    while off < len(body):
        if off + 5 > len(body): die('%s: entry at %d truncated' % (tag, off))
        (n,) = struct.unpack_from('<I', body, off)
        if off + 4 + n + 1 > len(body): die('%s: entry at %d: length %d beyond the section' % (tag, off, n))
        if body[off + 4 + n] != 0: die('%s: entry at %d not NUL-terminated' % (tag, off))
        out[off] = body[off + 4:off + 4 + n]
        off += 4 + n + 1
    return out

strs = entries('STRS')
if strs.get(0) != b'': die('STRS offset 0 is not the empty string')
vals = list(strs.values())
for a, b in zip(vals, vals[1:]):
    if not a < b: die('STRS entries not unique and sorted: %r then %r' % (a, b))
used = {0}
def s(ref, what):
    if ref not in strs: die('%s: STRS offset %d is not the start of an entry' % (what, ref))
    used.add(ref)
    return strs[ref]

sigs = entries('SIGS')
if sigs.get(0) != b'' or len(secs['SIGS']) < 5: die('SIGS offset 0 is not the empty string')

meta = [struct.unpack_from('<II', secs['META'], 8 * i) for i in range(len(secs['META']) // 8)]
meta = [(s(k, 'META key'), s(v, 'META value')) for k, v in meta]
if [k for k, _ in meta] != sorted(set(k for k, _ in meta)): die('META not sorted/unique')

files = []
for i in range(len(secs['FILE']) // 32):
    p, l, b, fref, size, first, count = struct.unpack_from('<IIIIQII', secs['FILE'], 32 * i)
    files.append((s(p, 'FILE %d path' % i), s(l, 'FILE %d lang' % i), s(b, 'FILE %d blob' % i), size, first, count, fref))
nref = len(secs['REFS']) // 12
for i, f in enumerate(files):
    end = files[i + 1][6] if i + 1 < len(files) else nref
    if not (f[6] <= end <= nref) or (i == 0 and f[6] != 0): die('FILE %d references %d..%d' % (i, f[6], end))
    files[i] = f + (end - f[6],)
if [f[0] for f in files] != sorted(set(f[0] for f in files)): die('FILE not sorted/unique by path')
nsym = len(secs['SYMS']) // 48
pos = 0
for i, f in enumerate(files):
    if f[4] != pos: die('file %d first symbol %d, want %d' % (i, f[4], pos))
    pos += f[5]
if pos != nsym: die('file ranges cover %d of %d symbols' % (pos, nsym))

syms = []
sigoff = 5
for i in range(nsym):
    (sid, name, sig, fidx, parent, sl, sc, el, ec, kind) = struct.unpack_from('<QIIIIIIIIB', secs['SYMS'], 48 * i)
    (scope,) = struct.unpack_from('<I', secs['SYMS'], 48 * i + 44)
    if any(secs['SYMS'][48 * i + 41:48 * i + 44]): die('SYMS %d reserved bytes' % i)
    if not (files[fidx][4] <= i < files[fidx][4] + files[fidx][5]): die('SYMS %d file index %d' % (i, fidx))
    if parent != 0xFFFFFFFF and (parent >= i or syms[parent][3] != fidx): die('SYMS %d parent %d' % (i, parent))
    if not 1 <= kind <= 17: die('SYMS %d kind %d' % (i, kind))
    if sid == 0: die('SYMS %d id 0' % i)
    if (sl, sc) > (el, ec) or 0 in (sl, sc, el, ec): die('SYMS %d range' % i)
    if sig not in sigs: die('SYMS %d: SIGS offset %d is not the start of an entry' % (i, sig))
    if sig != 0:
        # every non-empty signature has its own entry, in symbol order
        if sig != sigoff: die('SYMS %d: signature at SIGS %d, want %d' % (i, sig, sigoff))
        if sigs[sig] == b'': die('SYMS %d: empty signature not at SIGS 0' % i)
        sigoff += 4 + len(sigs[sig]) + 1
    syms.append((sid, s(name, 'SYMS %d name' % i), sigs[sig], fidx, parent, sl, sc, el, ec, kind,
                 s(scope, 'SYMS %d scope' % i)))
    if syms[-1][1] == b'': die('SYMS %d: empty name' % i)
if sigoff != len(secs['SIGS']): die('SIGS is %d bytes, the signatures take %d' % (len(secs['SIGS']), sigoff))
refs = []
for i in range(nref):
    text, line, col, qlen, kind = struct.unpack_from('<IIHBB', secs['REFS'], 12 * i)
    t = s(text, 'REFS %d text' % i)
    if qlen >= len(t): die('REFS %d qualifier of %d bytes in %r' % (i, qlen, t))
    if not 1 <= kind <= 6: die('REFS %d kind %d' % (i, kind))
    if line == 0 or col == 0: die('REFS %d line or column 0' % i)
    refs.append((t[qlen:], t[:qlen], line, col, kind, t))
raw = secs['RNAM']
got = list(struct.unpack_from('<%dI' % (len(raw) // 4), raw, 0))
if got != sorted(range(nref), key=lambda p: (refs[p][0], refs[p][5], p)): die('RNAM order wrong')
if used != set(strs): die('STRS entries no one refers to: %r' % [strs[r] for r in sorted(set(strs) - used)])

def perm(tag, key):
    raw = secs[tag]
    got = list(struct.unpack_from('<%dI' % (len(raw) // 4), raw, 0))
    want = sorted(range(nsym), key=key)
    if got != want: die('%s order wrong' % tag)
    return got
by_name = perm('NAME', lambda p: (syms[p][1], p))
by_fold = perm('FOLD', lambda p: (syms[p][1].lower(), syms[p][1], p))
perm('IDIX', lambda p: (syms[p][0], p))

def fence(tag, order, fold):
    raw = secs[tag]
    # each entry is a u64 (little-endian, as every integer) whose value
    # is the name's first 8 bytes read big-endian, zero-padded
    got = list(struct.unpack_from('<%dQ' % (len(raw) // 8), raw, 0))
    want = []
    for k in range(0, nsym, 128):
        name = syms[order[k]][1]
        if fold: name = name.lower()
        want.append(struct.unpack('>Q', (name[:8] + b'\0' * 8)[:8])[0])
    if got != want:
        die('%s: %s, want %s' % (tag, ['%016x' % x for x in got], ['%016x' % x for x in want]))
fence('NFNC', by_name, False)
fence('FFNC', by_fold, True)

def esc(b):
    out = bytearray()
    for c in b:
        if c == 0x5c: out += b'\\\\'
        elif c == 9: out += b'\\t'
        elif c == 10: out += b'\\n'
        elif c == 13: out += b'\\r'
        elif c < 0x20 or c == 0x7f: out += b'\\x%02x' % c
        else: out.append(c)
    return bytes(out)

o = sys.stdout.buffer
o.write(b'kota-stream\t2\n')
for k, v in meta:
    o.write(b'M\t%s\t%s\n' % (esc(k), esc(v)))
for fidx, f in enumerate(files):
    o.write(b'F\t%s\t%s\t%s\t%d\n' % (esc(f[0]), esc(f[1]), esc(f[2]), f[3]))
    for sy in syms[f[4]:f[4] + f[5]]:
        par = b'-' if sy[4] == 0xFFFFFFFF else b'%016x' % syms[sy[4]][0]
        o.write(b'S\t%016x\t%s\t%s\t%d\t%d\t%d\t%d\t%s\t%s\t%s\n' % (
            sy[0], KINDS[sy[9] - 1].encode(), esc(sy[1]), sy[5], sy[6], sy[7], sy[8], par, esc(sy[10]), esc(sy[2])))
    for r in refs[f[6]:f[6] + f[7]]:
        o.write(b'R\t%s\t%s\t%d\t%d\t%s\n' % (REFKINDS[r[4] - 1].encode(), esc(r[0]), r[2], r[3], esc(r[1])))
EOF
}

# decoder_repo: a new repository "repo" holding json/decoder.py, a class
# with a method and two functions that call helper(); the caller adds its
# own files, then commits.
decoder_repo() {
	git init -q repo
	mkdir -p repo/json
	printf 'class JSONDecoder:\n    def decode(self, s):\n        return helper(s)\n\ndef helper(s):\n    return s\n\ndef raw_decode(s):\n    return helper(s)\n' >repo/json/decoder.py
}

# indexed_decoder_repo: decoder_repo with b.go (a Go type and two methods)
# besides, committed and indexed in .git/kota; the current directory is it.
indexed_decoder_repo() {
	decoder_repo
	printf 'package b\n\ntype Builder struct{}\n\nfunc (b *Builder) WriteString(s string) {}\nfunc (b *Builder) Write(p []byte) {}\n' >repo/b.go
	cd repo || return 1
	commit_all
	mkdir -p .git/kota
	kota-parse -q | kota-pack -o .git/kota/index.kota
}
