#!/usr/bin/env bats
# kota-pack: record stream(s) in, one index file out (kota-spec "Programs").

load test_helper

teardown() {
	# Release a lock holder a test may have left behind.
	if [ -n "${HOLDER_PID:-}" ]; then
		kill "$HOLDER_PID" 2>/dev/null || true
	fi
}

# --- output destinations -------------------------------------------------

@test "kota-pack -o FILE writes an index whose dump is the input stream" {
	run kota-pack -o basic.kota "$FIXTURES/basic.stream"
	assert_success
	assert_output ''
	[ -f basic.kota ]
	kota-dump basic.kota >dumped.stream
	assert_same_file "$FIXTURES/basic.stream" dumped.stream
}

@test "kota-pack writes the index header magic, version 2 and the real file size" {
	pack_fixture basic
	[ "$(head -c 8 basic.kota | od -An -c | tr -s ' ')" = " K O T A I D X \\0" ]
	[ "$(le_u32 basic.kota 8)" = 2 ]
	[ "$(le_u64 basic.kota 16)" = "$(file_size basic.kota)" ]
	[ "$(le_u32 basic.kota 24)" = 0 ]
	[ "$(le_u32 basic.kota 12)" = 12 ]
	local i=0 tag
	for tag in META FILE SYMS STRS SIGS NAME FOLD IDIX NFNC FFNC; do
		[ "$(dd if=basic.kota bs=1 skip=$((32 + 32 * i)) count=4 2>/dev/null)" = "$tag" ] ||
			fail "section $i is not $tag"
		i=$((i + 1))
	done
	# 19 symbols of 48 bytes, 2 files of 32 bytes, 2 meta entries of 8
	# bytes, 19 positions of 4 bytes, one fence of 8 bytes per 128 symbols
	[ "$(section basic.kota SYMS | cut -d' ' -f2)" = $((19 * 48)) ]
	[ "$(section basic.kota FILE | cut -d' ' -f2)" = $((2 * 32)) ]
	[ "$(section basic.kota META | cut -d' ' -f2)" = $((2 * 8)) ]
	for tag in NAME FOLD IDIX; do
		[ "$(section basic.kota "$tag" | cut -d' ' -f2)" = $((19 * 4)) ]
	done
	[ "$(section basic.kota NFNC | cut -d' ' -f2)" = 8 ]
	[ "$(section basic.kota FFNC | cut -d' ' -f2)" = 8 ]
}

@test "kota-pack writes every non-empty signature to SIGS, in symbol order, not deduplicated" {
	pack_fixture basic
	read -r off len < <(section basic.kota SIGS)
	# the empty string, then the 17 non-empty signatures of basic.stream
	# (`fn area(&self) -> f64` twice)
	local want=5 sig
	while IFS= read -r sig; do
		if [ -n "$sig" ]; then want=$((want + 4 + ${#sig} + 1)); fi
	done < <(grep '^S' "$FIXTURES/basic.stream" | cut -f11)
	[ "$len" = "$want" ]
	[ "$(grep '^S' "$FIXTURES/basic.stream" | cut -f11 | grep -c .)" = 17 ]
	# SYMS byte 12: RED and GREEN (empty signatures) point at offset 0,
	# the two `area` methods at two different entries
	read -r soff slen < <(section basic.kota SYMS)
	[ "$(le_u32 basic.kota $((soff + 48 * 2 + 12)))" != "$(le_u32 basic.kota $((soff + 48 * 6 + 12)))" ]
	[ "$(le_u32 basic.kota $((soff + 48 * 14 + 12)))" = 0 ]
	[ "$(le_u32 basic.kota $((soff + 48 * 15 + 12)))" = 0 ]
	[ "$(le_u32 basic.kota $((soff + 48 * 0 + 12)))" = 5 ]
	# signatures are not in STRS
	read -r toff tlen < <(section basic.kota STRS)
	! dd if=basic.kota bs=1 skip="$toff" count="$tlen" 2>/dev/null | grep -aq 'fn area' ||
		fail "a signature in STRS"
}

@test "kota-pack writes 8-byte name prefixes of every 128th NAME and FOLD entry" {
	# 300 symbols: 3 fence entries; names short and long, mixed case
	python3 - >big.stream <<'EOF'
import sys
out = sys.stdout
out.write('kota-stream\t2\nF\tf.c\tc\t-\t1\n')
names = []
for i in range(300):
    base = ['Ab', 'aB', 'ZETA_long_name_', 'zeta', 'x', 'Mixed_Case_Name'][i % 6]
    names.append('%s%03d' % (base, i))
for i, n in enumerate(names):
    out.write('S\t%016x\tfunction\t%s\t%d\t1\t%d\t2\t-\t\t\n' % (i + 1, n, i + 1, i + 1))
EOF
	kota-pack -o big.kota big.stream
	decode_index big.kota >decoded.stream || fail "big.kota violates kota(5)"
	assert_same_file big.stream decoded.stream
	[ "$(section big.kota NFNC | cut -d' ' -f2)" = 24 ]
	[ "$(section big.kota FFNC | cut -d' ' -f2)" = 24 ]
	# each entry is the u64 (stored little-endian) whose big-endian bytes
	# are the name's first 8, zero-padded: NAME[0] is Ab000, NAME[128]
	# ZETA_long_name_...
	read -r off len < <(section big.kota NFNC)
	[ "$(od -An -t x8 --endian=little -j "$off" -N 8 big.kota | tr -d ' ')" = 4162303030000000 ]
	[ "$(od -An -t x8 --endian=little -j $((off + 8)) -N 8 big.kota | tr -d ' ')" = 5a4554415f6c6f6e ]
	# FFNC holds the lower-cased prefix: FOLD[0] is Ab000 as well
	read -r off len < <(section big.kota FFNC)
	[ "$(od -An -t x8 --endian=little -j "$off" -N 8 big.kota | tr -d ' ')" = 6162303030000000 ]
}

@test "kota-pack output follows kota(5) and decodes back to the input stream" {
	local f
	for f in basic escapes dup empty one at; do
		pack_fixture "$f"
		decode_index "$f.kota" >"$f.decoded" || fail "$f.kota violates kota(5)"
		assert_same_file "$FIXTURES/$f.stream" "$f.decoded"
	done
}

@test "kota-pack canonicalises a stream: escapes, hex case, file and meta order, comments" {
	pack_fixture noncanonical
	pack_fixture noncanonical-canon
	assert_same_file noncanonical-canon.kota noncanonical.kota
	decode_index noncanonical.kota >decoded.stream || fail "noncanonical.kota violates kota(5)"
	assert_same_file "$FIXTURES/noncanonical-canon.stream" decoded.stream
}

@test "kota-pack -o - writes the index to stdout, same bytes as -o FILE" {
	pack_fixture basic
	kota-pack -o - "$FIXTURES/basic.stream" >stdout.kota
	assert_same_file basic.kota stdout.kota
	[ ! -e ./- ]
}

@test "kota-pack -o /dev/stdout into a pipe writes through, without a lock or rename" {
	pack_fixture basic
	# First through a link of our own to the same place, so that a
	# kota-pack that would lock and rename replaces only that link.
	ln -s /proc/self/fd/1 out.link
	kota-pack -o out.link "$FIXTURES/basic.stream" | cat >link.kota
	[ -L out.link ] || fail "kota-pack replaced the link to its stdout"
	[ ! -e out.link.lock ] || fail "kota-pack created out.link.lock"
	[ ! -e out.link.tmp ] || fail "kota-pack created out.link.tmp"
	assert_same_file basic.kota link.kota
	kota-pack -o /dev/stdout "$FIXTURES/basic.stream" | cat >piped.kota
	assert_same_file basic.kota piped.kota
	[ -L /dev/stdout ] || [ -c /dev/stdout ] || fail "/dev/stdout was replaced"
	[ ! -e /dev/stdout.lock ] || fail "kota-pack created /dev/stdout.lock"
	[ ! -e /dev/stdout.tmp ] || fail "kota-pack created /dev/stdout.tmp"
}

# read_fifo FIFO OUT: in the background (pid in $reader), open FIFO for
# reading, then copy what comes through it to OUT; returns once the FIFO is
# open, so that a writer started next finds its reader there.  (Under
# `timeout 60`, so that a writer that never comes fails the test instead of
# hanging it.)
read_fifo() {
	rm -f "$TEST_TMP/fifo.ready"
	timeout 60 python3 - "$1" "$2" "$TEST_TMP/fifo.ready" 3>&- <<'PY' &
import os, select, sys
fd = os.open(sys.argv[1], os.O_RDONLY | os.O_NONBLOCK)
open(sys.argv[3], 'w').close()
# wait for a writer (read() says end of file before one comes)
p = select.poll()
p.register(fd, select.POLLIN)
p.poll()
os.set_blocking(fd, True)
with open(sys.argv[2], 'wb') as out:
    while True:
        b = os.read(fd, 65536)
        if not b:
            break
        out.write(b)
PY
	reader=$!
	while [ ! -e "$TEST_TMP/fifo.ready" ]; do
		kill -0 "$reader" 2>/dev/null || return 1
		sleep 0.01
	done
}

@test "kota-pack -o a FIFO writes through it, without a lock or rename" {
	pack_fixture basic
	mkfifo out.fifo
	read_fifo out.fifo fifo.kota || fail "the reader of out.fifo did not start"
	run --separate-stderr timeout 60 kota-pack -o out.fifo "$FIXTURES/basic.stream"
	wait "$reader" || fail "the reader of out.fifo failed or timed out"
	assert_success
	assert_output ''
	[ -z "$stderr" ]
	assert_same_file basic.kota fifo.kota
	[ -p out.fifo ] || fail "out.fifo was replaced"
	[ ! -e out.fifo.lock ] || fail "kota-pack created out.fifo.lock"
	[ -z "$(find . -name 'out.fifo.tmp*')" ] || fail "kota-pack created a temporary file"
}

@test "kota-pack -o a FIFO that no process reads fails at once, naming it, and writes nothing" {
	mkfifo out.fifo
	run --separate-stderr timeout 60 kota-pack -o out.fifo "$FIXTURES/basic.stream"
	assert_failure 2
	assert_output ''
	assert_stderr_line 'kota-pack: out.fifo: a FIFO that no process reads'
	[ -p out.fifo ] || fail "out.fifo was replaced"
	# the same when the target is opened first, to lock it before the base is read
	pack_fixture basic
	run --separate-stderr timeout 60 kota-pack -o out.fifo --base basic.kota "$FIXTURES/basic.stream"
	assert_failure 2
	assert_stderr_line 'kota-pack: out.fifo: a FIFO that no process reads'
}

@test "kota-pack replaces a FIFO named by KOTA_INDEX, as kota-pack(1) says, instead of waiting for a reader" {
	pack_fixture basic
	mkfifo env.fifo
	KOTA_INDEX=$TEST_TMP/env.fifo run --separate-stderr timeout 60 kota-pack "$FIXTURES/basic.stream"
	assert_success
	[ -f env.fifo ] && [ ! -p env.fifo ] || fail "env.fifo was not replaced by a regular file"
	assert_same_file basic.kota env.fifo
}

@test "kota-pack --base a FIFO or a device: not a regular file, an error at once" {
	mkfifo base.fifo
	sleep 120 >base.fifo 3>&- &
	local writer=$!
	run --separate-stderr timeout 60 kota-pack -o out.kota --base base.fifo "$FIXTURES/basic.stream"
	kill "$writer"
	assert_failure 3
	assert_stderr_line 'kota-pack: base.fifo: not a regular file'
	[ ! -e out.kota ] || fail "out.kota was written"
	run --separate-stderr timeout 60 kota-pack -o out.kota --base /dev/zero "$FIXTURES/basic.stream"
	assert_failure 3
	assert_stderr_line 'kota-pack: /dev/zero: not a regular file'
	[ ! -e out.kota ] || fail "out.kota was written"
}

@test "kota-pack reads the stream from stdin when no FILE is given" {
	pack_fixture basic
	kota-pack -o fromstdin.kota <"$FIXTURES/basic.stream"
	assert_same_file basic.kota fromstdin.kota
}

@test "kota-pack reads stdin for a FILE argument of -" {
	pack_fixture basic
	kota-pack -o dash.kota - <"$FIXTURES/basic.stream"
	assert_same_file basic.kota dash.kota
}

@test "kota-pack packs several input streams into one index" {
	pack_fixture basic
	run kota-pack -o two.kota "$FIXTURES/basic-c.stream" "$FIXTURES/basic-rust.stream"
	assert_success
	assert_same_file basic.kota two.kota
	kota-dump two.kota >dumped.stream
	assert_same_file "$FIXTURES/basic.stream" dumped.stream
}

@test "kota-pack mixes stdin (-) and FILE arguments" {
	pack_fixture basic
	kota-pack -o mixed1.kota "$FIXTURES/basic-c.stream" - <"$FIXTURES/basic-rust.stream"
	kota-pack -o mixed2.kota - "$FIXTURES/basic-rust.stream" <"$FIXTURES/basic-c.stream"
	assert_same_file basic.kota mixed1.kota
	assert_same_file basic.kota mixed2.kota
}

@test "kota-pack rejects a file group repeated in a second input stream" {
	cp "$FIXTURES/basic-rust.stream" first.stream
	cp "$FIXTURES/basic-rust.stream" second.stream
	run --separate-stderr kota-pack -o out.kota first.stream second.stream
	assert_failure 2
	assert_stderr_line "kota-pack: second.stream:2: duplicate file 'src/lib.rs'"
	[ ! -e out.kota ]
}

@test "kota-pack replaces an existing index" {
	pack_fixture basic idx.kota
	run kota-pack -o idx.kota "$FIXTURES/one.stream"
	assert_success
	kota-dump idx.kota >dumped.stream
	assert_same_file "$FIXTURES/one.stream" dumped.stream
}

@test "kota-pack -o a symbolic link replaces the file it names, and keeps the link" {
	mkdir real
	pack_fixture one real/ix.kota
	ln -s real/ix.kota link.kota
	kota-pack -o link.kota "$FIXTURES/basic.stream"
	[ -L link.kota ] || fail "the link was replaced"
	kota-dump real/ix.kota >dumped.stream
	assert_same_file "$FIXTURES/basic.stream" dumped.stream
	# The lock was taken beside the file and removed after: none is left.
	[ ! -e real/ix.kota.lock ] && [ ! -e link.kota.lock ] || fail "a lock file is left: $(ls -R)"
}

@test "kota-pack leaves no FILE.lock beside what it wrote, and waits for a writer that holds it" {
	kota-pack -o ix.kota "$FIXTURES/one.stream"
	[ ! -e ix.kota.lock ] || fail "ix.kota.lock is left"
	# A writer holding the lock (flock(1) here) makes kota-pack wait, then
	# kota-pack takes it and removes it when done.
	command -v flock >/dev/null || skip "no flock(1)"
	: >ix.kota.lock
	flock ix.kota.lock sleep 1 &
	sleep 0.2
	kota-pack -o ix.kota "$FIXTURES/basic.stream"
	wait
	kota-dump ix.kota >dumped.stream
	assert_same_file "$FIXTURES/basic.stream" dumped.stream
	[ ! -e ix.kota.lock ] || fail "ix.kota.lock is left"
}

@test "kota-pack leaves no FILE.tmp beside the target" {
	pack_fixture basic idx.kota
	pack_fixture one idx.kota
	run ls -A
	refute_line --partial '.tmp'
}

@test "kota-pack prints nothing on success" {
	run --separate-stderr kota-pack -o idx.kota "$FIXTURES/basic.stream"
	assert_success
	assert_output ''
	[ -z "$stderr" ]
	[ -s idx.kota ]
	git init -q repo
	cd repo
	run --separate-stderr kota-pack "$FIXTURES/basic-c.stream" - <"$FIXTURES/basic-rust.stream"
	assert_success
	assert_output ''
	[ -z "$stderr" ]
	assert_same_file ../idx.kota .git/kota/index.kota
}

@test "kota-pack -o into a missing directory fails with one error line" {
	run --separate-stderr kota-pack -o nodir/idx.kota "$FIXTURES/basic.stream"
	assert_failure 2
	assert_stderr_line_matches '^kota-pack: .*nodir'
	[ ! -e nodir ]
}

@test "kota-pack fails on a missing input file, naming it, target untouched" {
	pack_fixture basic idx.kota
	cp idx.kota before.kota
	run --separate-stderr kota-pack -o idx.kota "$FIXTURES/basic.stream" no-such.stream
	assert_failure 2
	assert_stderr_line_matches '^kota-pack: .*no-such\.stream'
	assert_same_file before.kota idx.kota
}

# --- default output: the discovered index -------------------------------

@test "kota-pack without -o writes \$GIT_DIR/kota/index.kota in a git repository" {
	pack_fixture basic
	git init -q repo
	cd repo
	run kota-pack <"$FIXTURES/basic.stream"
	assert_success
	[ -d .git/kota ]
	assert_same_file ../basic.kota .git/kota/index.kota
}

@test "kota-pack without -o finds the repository from a subdirectory" {
	pack_fixture basic
	git init -q repo
	mkdir -p repo/src/deep/er
	cd repo/src/deep/er
	run kota-pack "$FIXTURES/basic.stream"
	assert_success
	assert_same_file "$TEST_TMP/basic.kota" "$TEST_TMP/repo/.git/kota/index.kota"
	[ ! -e kota ]
	[ ! -e index.kota ]
}

@test "kota-pack without -o uses the GIT_DIR environment variable" {
	pack_fixture basic
	git init -q repo
	git init -q --bare elsewhere.git
	cd repo
	GIT_DIR=$TEST_TMP/elsewhere.git run kota-pack "$FIXTURES/basic.stream"
	assert_success
	assert_same_file "$TEST_TMP/basic.kota" "$TEST_TMP/elsewhere.git/kota/index.kota"
	[ ! -e "$TEST_TMP/repo/.git/kota/index.kota" ]
}

@test "kota-pack without -o in a git worktree writes the worktree's git dir" {
	pack_fixture basic
	git_repo repo
	git -C repo worktree add -q "$TEST_TMP/wt"
	[ -f wt/.git ]
	mkdir -p wt/sub
	cd wt/sub
	run kota-pack "$FIXTURES/basic.stream"
	assert_success
	assert_same_file "$TEST_TMP/basic.kota" "$TEST_TMP/repo/.git/worktrees/wt/kota/index.kota"
	[ ! -e "$TEST_TMP/repo/.git/kota/index.kota" ]
}

@test "kota-pack without -o follows a .git file with a relative gitdir" {
	pack_fixture basic
	git init -q --bare modules/proj.git
	mkdir -p proj/sub
	printf 'gitdir: ../modules/proj.git\n' >proj/.git
	cd proj/sub
	run kota-pack "$FIXTURES/basic.stream"
	assert_success
	assert_same_file "$TEST_TMP/basic.kota" "$TEST_TMP/modules/proj.git/kota/index.kota"
}

@test "kota-pack without -o writes to KOTA_INDEX when it is set" {
	pack_fixture basic
	git init -q repo
	cd repo
	KOTA_INDEX=$TEST_TMP/chosen.kota run kota-pack "$FIXTURES/basic.stream"
	assert_success
	assert_same_file "$TEST_TMP/basic.kota" "$TEST_TMP/chosen.kota"
	[ ! -e .git/kota/index.kota ]
}

@test "kota-pack without -o outside a repository fails and writes nothing" {
	mkdir plain
	cd plain
	run --separate-stderr kota-pack "$FIXTURES/basic.stream"
	assert_failure 2
	assert_output ''
	assert_stderr_line 'kota-pack: not in a git repository (use -o FILE or KOTA_INDEX)'
	run ls -A
	assert_output ''
}

@test "kota-pack error leaves the default index in a repository untouched" {
	git init -q repo
	cd repo
	kota-pack "$FIXTURES/basic.stream"
	cp .git/kota/index.kota "$TEST_TMP/before.kota"
	mkstream bad.stream "$HDR"'F\tx.c\tc\t-\t1\nS\t0000000000000001\tfoo\tx\t1\t1\t1\t2\t-\t\t\n'
	run --separate-stderr kota-pack bad.stream
	assert_failure 2
	assert_stderr_line "kota-pack: bad.stream:3: unknown kind 'foo'"
	assert_same_file "$TEST_TMP/before.kota" .git/kota/index.kota
}

# --- malformed input: exact message, exit 2, target untouched -----------

# pack_rejects LINE MESSAGE: kota-pack reading bad.stream on stdin into the
# existing idx.kota fails with `kota-pack: stdin:LINE: MESSAGE` and exit 2,
# leaving idx.kota byte-identical.
pack_rejects() {
	pack_fixture basic idx.kota
	cp idx.kota before.kota
	run --separate-stderr kota-pack -o idx.kota <bad.stream
	assert_failure 2
	assert_output ''
	assert_stderr_line "kota-pack: stdin:$1: $2"
	assert_same_file before.kota idx.kota
}

# pack_rejects_at LINE: as pack_rejects, for errors whose message text the
# spec leaves open: only the `kota-pack: stdin:LINE: ` prefix is checked.
pack_rejects_at() {
	pack_fixture basic idx.kota
	cp idx.kota before.kota
	run --separate-stderr kota-pack -o idx.kota <bad.stream
	assert_failure 2
	assert_output ''
	assert_stderr_line_matches "^kota-pack: stdin:$1: ."
	assert_same_file before.kota idx.kota
}

F_OK='F\tsrc/a.c\tc\t-\t100\n'

@test "kota-pack rejects an S record with too few fields" {
	mkstream bad.stream "$HDR$F_OK"'S\t0000000000000001\tfunction\tf\t1\t1\t2\n'
	pack_rejects 3 'expected 11 fields in S record, got 7'
}

@test "kota-pack rejects an S record with too many fields" {
	mkstream bad.stream "$HDR$F_OK"'S\t0000000000000001\tfunction\tf\t1\t1\t2\t1\t-\t\tsig\textra\n'
	pack_rejects 3 'expected 11 fields in S record, got 12'
}

@test "kota-pack rejects an unknown kind" {
	mkstream bad.stream "$HDR$F_OK"'S\t0000000000000001\tfoo\tf\t1\t1\t2\t1\t-\t\t\n'
	pack_rejects 3 "unknown kind 'foo'"
}

@test "kota-pack rejects a kind in the wrong case" {
	mkstream bad.stream "$HDR$F_OK"'S\t0000000000000001\tFunction\tf\t1\t1\t2\t1\t-\t\t\n'
	pack_rejects 3 "unknown kind 'Function'"
}

@test "kota-pack rejects an unknown escape" {
	mkstream bad.stream "$HDR$F_OK"'S\t0000000000000001\tfunction\tbad\\qname\t1\t1\t2\t1\t-\t\t\n'
	pack_rejects 3 "bad escape '\\q'"
}

@test "kota-pack rejects a symbol record before any file record" {
	mkstream bad.stream "$HDR"'S\t0000000000000001\tfunction\tf\t1\t1\t2\t1\t-\t\t\n'
	pack_rejects 2 'symbol record before any file record'
}

@test "kota-pack rejects a duplicate file path" {
	mkstream bad.stream "$HDR"'F\tx\tc\t-\t1\nF\ty\tc\t-\t1\nF\tx\tc\t-\t1\n'
	pack_rejects 4 "duplicate file 'x'"
}

@test "kota-pack rejects a duplicate symbol id within a file" {
	mkstream bad.stream "$HDR$F_OK"'S\t00000000000000a1\tfunction\tf\t1\t1\t2\t1\t-\t\t\nS\t00000000000000a1\tfunction\tg\t3\t1\t4\t1\t-\t\t\n'
	pack_rejects 4 'duplicate symbol id 00000000000000a1'
}

@test "kota-pack accepts the same symbol id in two different files" {
	mkstream ok.stream "$HDR"'F\ta.c\tc\t-\t1\nS\t00000000000000a1\tfunction\tf\t1\t1\t2\t1\t-\t\t\nF\tb.c\tc\t-\t1\nS\t00000000000000a1\tfunction\tf\t1\t1\t2\t1\t-\t\t\n'
	run kota-pack -o ok.kota ok.stream
	assert_success
	kota-dump ok.kota >dumped.stream
	assert_same_file ok.stream dumped.stream
}

@test "kota-pack rejects a parent that comes later in the file" {
	mkstream bad.stream "$HDR$F_OK"'S\t00000000000000a1\tmethod\tm\t2\t1\t3\t1\t00000000000000b2\t\t\nS\t00000000000000b2\tclass\tC\t1\t1\t9\t1\t-\t\t\n'
	pack_rejects 3 'parent 00000000000000b2 is not an earlier symbol of this file'
}

@test "kota-pack rejects a parent that belongs to another file" {
	mkstream bad.stream "$HDR"'F\ta.c\tc\t-\t1\nS\t00000000000000a1\tstruct\ts\t1\t1\t9\t1\t-\t\t\nF\tb.c\tc\t-\t1\nS\t00000000000000b1\tfield\tf\t2\t1\t2\t9\t00000000000000a1\t\t\n'
	pack_rejects 5 'parent 00000000000000a1 is not an earlier symbol of this file'
}

@test "kota-pack rejects a symbol that is its own parent" {
	mkstream bad.stream "$HDR$F_OK"'S\t00000000000000a1\tstruct\ts\t1\t1\t9\t1\t00000000000000a1\t\t\n'
	pack_rejects 3 'parent 00000000000000a1 is not an earlier symbol of this file'
}

@test "kota-pack rejects a stream without the header line" {
	mkstream bad.stream "$F_OK"'S\t0000000000000001\tfunction\tf\t1\t1\t2\t1\t-\t\t\n'
	pack_rejects 1 'missing stream header'
}

@test "kota-pack rejects a comment in place of the header" {
	mkstream bad.stream '# kota-stream\t2\n'"$HDR"
	pack_rejects 1 'missing stream header'
}

@test "kota-pack rejects an empty input, saying only that it is empty" {
	: >bad.stream
	run --separate-stderr kota-pack -o idx.kota <bad.stream
	assert_failure 2
	[ "$stderr" = "kota-pack: stdin: empty input, no stream (did the program writing it fail?)" ] ||
		fail "stderr: $stderr"
	[ ! -e idx.kota ]
	# What a user sees when kota-parse fails outside a repository: its error alone, then this.
	run --separate-stderr bash -c 'kota-parse -q | kota-pack -o idx.kota'
	assert_failure 2
	[[ ${stderr_lines[1]} == "kota-pack: stdin: empty input, no stream (did the program writing it fail?)" ]] ||
		fail "stderr: $stderr"
}

@test "kota-pack rejects an empty input file, naming it" {
	: >empty-input.stream
	run --separate-stderr kota-pack -o idx.kota "$FIXTURES/one.stream" empty-input.stream
	assert_failure 2
	assert_output ''
	assert_stderr_line 'kota-pack: empty-input.stream: empty input, no stream (did the program writing it fail?)'
	[ ! -e idx.kota ]
}

@test "kota-pack rejects stream version 3" {
	mkstream bad.stream 'kota-stream\t3\n'"$F_OK"
	pack_rejects 1 'unsupported stream version 3'
}

@test "kota-pack refuses a stream of version 1 with what to do" {
	mkstream bad.stream 'kota-stream\t1\n'"$F_OK"
	pack_rejects 1 'stream version 1 is too old (this kota reads version 2): make the stream again with this kota-parse or kota-dump'
}

@test "kota-pack rejects an unknown record type" {
	mkstream bad.stream "$HDR$F_OK"'X\tsomething\n'
	pack_rejects 3 "unknown record type 'X'"
}

@test "kota-pack rejects a last line without a newline" {
	mkstream bad.stream "$HDR$F_OK"'S\t0000000000000001\tfunction\tf\t1\t1\t2\t1\t-\tint f(void)'
	pack_rejects 3 'line not terminated by newline'
}

@test "kota-pack counts comment lines in error line numbers" {
	mkstream bad.stream "$HDR"'# one\n# two\n'"$F_OK"'# three\nS\t0000000000000001\tnope\tf\t1\t1\t2\t1\t-\t\t\n'
	pack_rejects 6 "unknown kind 'nope'"
}

@test "kota-pack names the input file and line in an error" {
	pack_fixture basic idx.kota
	cp idx.kota before.kota
	mkstream bad.stream "$HDR$F_OK"'S\t0000000000000001\tfoo\tf\t1\t1\t2\t1\t-\t\t\n'
	run --separate-stderr kota-pack -o idx.kota "$FIXTURES/one.stream" bad.stream
	assert_failure 2
	assert_stderr_line "kota-pack: bad.stream:3: unknown kind 'foo'"
	assert_same_file before.kota idx.kota
}

@test "kota-pack error in a second input stream leaves the target untouched" {
	pack_fixture basic idx.kota
	cp idx.kota before.kota
	mkstream bad.stream "$HDR$F_OK"'S\t0000000000000001\tfunction\tf\t1\t1\t1\t1\t-\t\t\nS\t0000000000000002\tfunction\tg\t9\t1\t2\t1\t-\t\t\n'
	run --separate-stderr kota-pack -o idx.kota "$FIXTURES/one.stream" bad.stream
	assert_failure 2
	assert_stderr_line_matches '^kota-pack: bad\.stream:4: .'
	assert_same_file before.kota idx.kota
}

@test "kota-pack rejects a symbol id of 15 hex digits" {
	mkstream bad.stream "$HDR$F_OK"'S\t000000000000001\tfunction\tf\t1\t1\t2\t1\t-\t\n'
	pack_rejects_at 3
}

@test "kota-pack rejects a symbol id with a non-hex digit" {
	mkstream bad.stream "$HDR$F_OK"'S\t000000000000000g\tfunction\tf\t1\t1\t2\t1\t-\t\n'
	pack_rejects_at 3
}

@test "kota-pack rejects an all-zero symbol id" {
	mkstream bad.stream "$HDR$F_OK"'S\t0000000000000000\tfunction\tf\t1\t1\t2\t1\t-\t\t\n'
	pack_rejects_at 3
}

@test "kota-pack rejects a parent that is not - or 16 hex digits" {
	mkstream bad.stream "$HDR$F_OK"'S\t0000000000000001\tfunction\tf\t1\t1\t2\t1\tnone\t\t\n'
	pack_rejects_at 3
}

@test "kota-pack rejects an empty symbol name" {
	mkstream bad.stream "$HDR$F_OK"'S\t0000000000000001\tfunction\t\t1\t1\t2\t1\t-\t\t\n'
	pack_rejects_at 3
}

@test "kota-pack rejects line 0" {
	mkstream bad.stream "$HDR$F_OK"'S\t0000000000000001\tfunction\tf\t0\t1\t2\t1\t-\t\t\n'
	pack_rejects_at 3
}

@test "kota-pack rejects column 0" {
	mkstream bad.stream "$HDR$F_OK"'S\t0000000000000001\tfunction\tf\t1\t0\t2\t1\t-\t\t\n'
	pack_rejects_at 3
}

@test "kota-pack rejects a line number above 4294967295" {
	mkstream bad.stream "$HDR$F_OK"'S\t0000000000000001\tfunction\tf\t1\t1\t4294967296\t1\t-\t\t\n'
	pack_rejects_at 3
}

@test "kota-pack rejects a non-decimal line number" {
	mkstream bad.stream "$HDR$F_OK"'S\t0000000000000001\tfunction\tf\t1x\t1\t2\t1\t-\t\t\n'
	pack_rejects_at 3
}

@test "kota-pack rejects a negative column" {
	mkstream bad.stream "$HDR$F_OK"'S\t0000000000000001\tfunction\tf\t1\t-1\t2\t1\t-\t\t\n'
	pack_rejects_at 3
}

@test "kota-pack rejects a start line after the end line" {
	mkstream bad.stream "$HDR$F_OK"'S\t0000000000000001\tfunction\tf\t5\t1\t4\t9\t-\t\t\n'
	pack_rejects_at 3
}

@test "kota-pack rejects a start column after the end column on one line" {
	mkstream bad.stream "$HDR$F_OK"'S\t0000000000000001\tfunction\tf\t5\t9\t5\t3\t-\t\t\n'
	pack_rejects_at 3
}

@test "kota-pack accepts an empty range (start equals end)" {
	mkstream ok.stream "$HDR$F_OK"'S\t0000000000000001\tmacro\tm\t5\t9\t5\t9\t-\t\t\n'
	run kota-pack -o ok.kota ok.stream
	assert_success
	kota-dump ok.kota >dumped.stream
	assert_same_file ok.stream dumped.stream
}

@test "kota-pack rejects an F record with too few fields" {
	mkstream bad.stream "$HDR"'F\tsrc/a.c\tc\t-\n'
	pack_rejects_at 2
}

@test "kota-pack rejects an empty path" {
	mkstream bad.stream "$HDR"'F\t\tc\t-\t1\n'
	pack_rejects_at 2
}

@test "kota-pack rejects an absolute path" {
	mkstream bad.stream "$HDR"'F\t/etc/passwd\tc\t-\t1\n'
	pack_rejects_at 2
}

@test "kota-pack rejects a path with an escaped NUL byte" {
	mkstream bad.stream "$HDR"'F\ta\\x00b.c\tc\t-\t1\n'
	pack_rejects_at 2
}

@test "kota-pack rejects an empty language" {
	mkstream bad.stream "$HDR"'F\ta.c\t\t-\t1\n'
	pack_rejects_at 2
}

@test "kota-pack rejects a blob id in upper case" {
	mkstream bad.stream "$HDR"'F\ta.c\tc\tC2B91E1BA472636B11600EA778EDD072543819F9\t1\n'
	pack_rejects_at 2
}

@test "kota-pack rejects a blob id of 39 hex digits" {
	mkstream bad.stream "$HDR"'F\ta.c\tc\tc2b91e1ba472636b11600ea778edd072543819f\t1\n'
	pack_rejects_at 2
}

@test "kota-pack rejects a blob id that is neither - nor hex" {
	mkstream bad.stream "$HDR"'F\ta.c\tc\tunknown\t1\n'
	pack_rejects_at 2
}

@test "kota-pack rejects a size above 2^64-1" {
	mkstream bad.stream "$HDR"'F\ta.c\tc\t-\t18446744073709551616\n'
	pack_rejects_at 2
}

@test "kota-pack rejects a non-decimal size" {
	mkstream bad.stream "$HDR"'F\ta.c\tc\t-\t12k\n'
	pack_rejects_at 2
}

@test "kota-pack rejects a meta entry after a file record" {
	mkstream bad.stream "$HDR"'M\tok\t1\n'"$F_OK"'M\tlate\t2\n'
	pack_rejects_at 4
}

@test "kota-pack rejects a duplicate meta key" {
	mkstream bad.stream "$HDR"'M\tk\t1\nM\tk\t2\n'
	pack_rejects 3 "duplicate meta key 'k'"
}

@test "kota-pack takes meta entries from each input stream, before that stream's first file" {
	mkstream a.stream "$HDR"'M\tzeta\tz\nF\ta.c\tc\t-\t1\nS\t0000000000000001\tfunction\tfa\t1\t1\t1\t9\t-\t\t\n'
	mkstream b.stream "$HDR"'# meta of the second stream\nM\talpha\ta\nM\tmid\tm\nF\tb.c\tc\t-\t2\n'
	run --separate-stderr kota-pack -o ab.kota a.stream b.stream
	assert_success
	assert_output ''
	kota-dump ab.kota >dumped.stream
	mkstream want.stream "$HDR"'M\talpha\ta\nM\tmid\tm\nM\tzeta\tz\nF\ta.c\tc\t-\t1\nS\t0000000000000001\tfunction\tfa\t1\t1\t1\t9\t-\t\t\nF\tb.c\tc\t-\t2\n'
	assert_same_file want.stream dumped.stream
	# the same bytes whichever stream comes first, and from one stream
	kota-pack -o ba.kota b.stream - <a.stream
	assert_same_file ab.kota ba.kota
	kota-pack -o one.kota want.stream
	assert_same_file ab.kota one.kota
	# a stream of meta entries only
	mkstream m.stream "$HDR"'M\tonly\tmeta\n'
	kota-pack -o abm.kota a.stream m.stream b.stream
	kota-dump abm.kota | grep '^M' | cut -f2 | tr '\n' ' ' >keys
	[ "$(cat keys)" = 'alpha mid only zeta ' ]
}

@test "kota-pack rejects a meta key repeated with another value in a second input stream" {
	# With the same value, the entry is one (shards of one parse all have it).
	mkstream a.stream "$HDR"'M\tk\t1\nM\tother\tx\nF\ta.c\tc\t-\t1\n'
	mkstream b.stream "$HDR"'M\tnew\t2\nM\tk\t1\nF\tb.c\tc\t-\t1\n'
	kota-pack -o same.kota a.stream b.stream
	[ "$(kota-dump same.kota | grep -c "^M${TAB}k${TAB}1\$")" = 1 ] || fail "not one entry"
	mkstream b.stream "$HDR"'M\tnew\t2\nM\tk\t2\nF\tb.c\tc\t-\t1\n'
	run --separate-stderr kota-pack -o out.kota a.stream b.stream
	assert_failure 2
	assert_output ''
	assert_stderr_line "kota-pack: b.stream:3: duplicate meta key 'k'"
	[ ! -e out.kota ]
	run --separate-stderr kota-pack -o out.kota b.stream a.stream
	assert_failure 2
	assert_stderr_line "kota-pack: a.stream:2: duplicate meta key 'k'"
	[ ! -e out.kota ]
}

@test "kota-pack rejects a meta entry after a file record of the same input stream only" {
	mkstream a.stream "$HDR"'F\ta.c\tc\t-\t1\n'
	mkstream b.stream "$HDR"'M\tk\tv\nF\tb.c\tc\t-\t1\nM\tlate\tv\n'
	run --separate-stderr kota-pack -o out.kota a.stream b.stream
	assert_failure 2
	assert_output ''
	assert_stderr_line_matches '^kota-pack: b\.stream:4: .'
	[ ! -e out.kota ]
}

@test "kota-pack rejects an empty meta key" {
	mkstream bad.stream "$HDR"'M\t\tv\n'
	pack_rejects_at 2
}

@test "kota-pack rejects an M record with too few fields" {
	mkstream bad.stream "$HDR"'M\tkeyonly\n'
	pack_rejects_at 2
}

@test "kota-pack rejects a truncated \\x escape" {
	mkstream bad.stream "$HDR"'F\tab\\x4\tc\t-\t1\n'
	pack_rejects_at 2
}

@test "kota-pack rejects a \\x escape with non-hex digits" {
	mkstream bad.stream "$HDR"'F\tab\\xzz\tc\t-\t1\n'
	pack_rejects_at 2
}

@test "kota-pack rejects a backslash at the end of a field" {
	mkstream bad.stream "$HDR$F_OK"'S\t0000000000000001\tfunction\tf\\\t1\t1\t2\t1\t-\t\n'
	pack_rejects_at 3
}

# --- determinism ---------------------------------------------------------

@test "kota-pack gives the same bytes for the same input twice" {
	kota-pack -o a.kota "$FIXTURES/basic.stream"
	kota-pack -o b.kota <"$FIXTURES/basic.stream"
	assert_same_file a.kota b.kota
	kota-pack -o c.kota "$FIXTURES/escapes.stream"
	kota-pack -o d.kota "$FIXTURES/escapes.stream"
	assert_same_file c.kota d.kota
}

@test "kota-pack gives the same bytes whatever the order of file groups and meta entries" {
	pack_fixture basic
	kota-pack -o reordered.kota "$FIXTURES/basic-reordered.stream"
	assert_same_file basic.kota reordered.kota
	# Streams in either order (the meta entries are in basic-c.stream,
	# before its file record, which may come second).
	kota-pack -o split1.kota "$FIXTURES/basic-rust.stream" "$FIXTURES/basic-c.stream"
	kota-pack -o split2.kota "$FIXTURES/basic-c.stream" "$FIXTURES/basic-rust.stream"
	assert_same_file basic.kota split1.kota
	assert_same_file basic.kota split2.kota
	# and with the meta entries in a stream of their own
	grep '^M' "$FIXTURES/basic.stream" | cat <(printf "$HDR") - >meta.stream
	grep -v '^M' "$FIXTURES/basic-c.stream" >c.stream
	kota-pack -o split3.kota c.stream "$FIXTURES/basic-rust.stream" meta.stream
	assert_same_file basic.kota split3.kota
}

# --- concurrency and locking ---------------------------------------------

@test "concurrent kota-pack runs to the same target all succeed and leave a valid index" {
	pack_fixture basic
	pack_fixture dup
	local round pids pid fixture
	for round in 1 2 3 4 5; do
		pids=()
		for fixture in basic dup basic dup; do
			kota-pack -o shared.kota "$FIXTURES/$fixture.stream" 3>&- &
			pids+=($!)
		done
		for pid in "${pids[@]}"; do
			wait "$pid" || fail "a concurrent kota-pack failed in round $round"
		done
		run kota-dump --verify shared.kota
		assert_success
		cmp -s shared.kota basic.kota || cmp -s shared.kota dup.kota ||
			fail "round $round: result is neither input's index"
		[ -z "$(find . -name 'shared.kota.tmp*')" ] || fail "a temporary file was left"
	done
}

@test "concurrent kota-pack runs to the default index in a repository all succeed" {
	pack_fixture basic
	pack_fixture dup
	git init -q repo
	cd repo
	local pids=() pid
	for fixture in dup basic dup basic; do
		kota-pack "$FIXTURES/$fixture.stream" 3>&- &
		pids+=($!)
	done
	for pid in "${pids[@]}"; do
		wait "$pid" || fail "a concurrent kota-pack failed"
	done
	run kota-dump --verify .git/kota/index.kota
	assert_success
	cmp -s .git/kota/index.kota ../basic.kota || cmp -s .git/kota/index.kota ../dup.kota ||
		fail "result is neither input's index"
}

@test "kota-pack waits while another process holds FILE.lock" {
	pack_fixture one idx.kota
	cp idx.kota before.kota
	# A holder that takes the lock and then becomes a sleep (same pid).
	(exec 9>idx.kota.lock && flock 9 && exec sleep 600) </dev/null >/dev/null 2>&1 3>&- &
	HOLDER_PID=$!
	local tries=0
	while flock -n idx.kota.lock true; do
		((++tries < 600)) || fail "the lock holder never took the lock"
		sleep 0.1
	done
	kota-pack -o idx.kota "$FIXTURES/basic.stream" 3>&- &
	local pack_pid=$!
	sleep 1
	# The lock is still held, so the target must still be the old index.
	assert_same_file before.kota idx.kota
	kill "$HOLDER_PID"
	wait "$HOLDER_PID" || true
	HOLDER_PID=
	wait "$pack_pid" || fail "kota-pack failed after the lock was released"
	kota-dump idx.kota >dumped.stream
	assert_same_file "$FIXTURES/basic.stream" dumped.stream
}

@test "kota-pack whose lock file is removed under it fails (lost the lock) and leaves the index another writer put in place" {
	pack_fixture one ix.kota
	mkfifo slow.stream
	# A locks ix.kota (with --base it does so before reading anything),
	# then waits for its input, which comes through the FIFO only later.
	timeout 60 kota-pack --base ix.kota -o ix.kota slow.stream 2>a.err 3>&- &
	local a=$! status=0
	exec 4>slow.stream	# returns once A opened the FIFO: it holds the lock
	flock -n ix.kota.lock true && fail "A does not hold ix.kota.lock"
	rm ix.kota.lock
	# B takes a new lock file of the same name and puts its index in place.
	run --separate-stderr timeout 60 kota-pack -o ix.kota "$FIXTURES/basic.stream"
	assert_success
	cp ix.kota b.kota
	# A's input comes now; A must not write into B's index, nor rename over it.
	cat "$FIXTURES/one.stream" >&4
	exec 4>&-
	wait "$a" || status=$?
	kota-dump --verify ix.kota >/dev/null || fail "ix.kota does not verify"
	assert_same_file b.kota ix.kota
	[ "$status" = 2 ] || fail "A exited $status; stderr: $(cat a.err)"
	[ "$(cat a.err)" = "kota-pack: ix.kota: lost the lock (ix.kota.lock was removed or replaced): the index is left as it was" ] ||
		fail "A's stderr: $(cat a.err)"
	[ -z "$(find . -name 'ix.kota.tmp*')" ] || fail "a temporary file was left: $(ls)"
}

@test "kota-pack writes each run's temporary file under a name of its own, with the mode of a new file" {
	# a stale temporary file of an older kota-pack, a directory of that name: no matter
	mkdir ix.kota.tmp
	umask 027
	kota-pack -o ix.kota "$FIXTURES/basic.stream"
	[ "$(stat -c %a ix.kota)" = 640 ] || fail "mode $(stat -c %a ix.kota) under umask 027"
	umask 022
	kota-pack -o ix.kota "$FIXTURES/one.stream"
	[ "$(stat -c %a ix.kota)" = 644 ] || fail "mode $(stat -c %a ix.kota) under umask 022"
	[ -d ix.kota.tmp ] || fail "the directory ix.kota.tmp was removed"
}

@test "kota-pack removes the temporary files that crashed writers left, once it holds the lock" {
	printf 'partial' >ix.kota.tmp.Xy12Zw
	printf 'partial' >ix.kota.tmp
	printf 'not ours' >ix.kota.tmp-notes
	printf 'not ours' >other.kota.tmp.Xy12Zw
	kota-pack -o ix.kota "$FIXTURES/basic.stream"
	[ ! -e ix.kota.tmp.Xy12Zw ] && [ ! -e ix.kota.tmp ] || fail "stale temporary files are left: $(ls)"
	[ -e ix.kota.tmp-notes ] && [ -e other.kota.tmp.Xy12Zw ] || fail "a file that is not a temporary file of ix.kota was removed"
}

# ro_dir DIR COMMAND...: run COMMAND with DIR mounted read-only (a bind
# mount in a mount namespace of its own); exit status 3 if that cannot be.
ro_dir() {
	local dir=$1
	shift
	unshare -m --propagation private bash -c '
		mount --bind "$1" "$1" 2>/dev/null && mount -o remount,ro,bind "$1" 2>/dev/null || exit 3
		shift
		exec "$@"
	' sh "$dir" "$@"
}

@test "kota-pack on a read-only file system: one line naming the index and what failed, with or without a lock file" {
	mkdir ro
	kota-pack -o ro/ix.kota "$FIXTURES/one.stream"
	unshare -m true 2>/dev/null || skip "no mount namespaces here"
	# the lock file exists (a writer's, say): it is opened for reading
	# (flock needs no more)
	: >ro/ix.kota.lock
	run --separate-stderr ro_dir ro kota-pack -o ro/ix.kota "$FIXTURES/basic.stream"
	[ "$status" != 3 ] || skip "cannot mount read-only here"
	assert_failure 2
	assert_stderr_line 'kota-pack: ro/ix.kota: cannot write the index: Read-only file system'
	# no lock file yet
	rm ro/ix.kota.lock
	run --separate-stderr ro_dir ro kota-pack -o ro/ix.kota "$FIXTURES/basic.stream"
	assert_failure 2
	assert_stderr_line 'kota-pack: ro/ix.kota: cannot write the index: Read-only file system'
	run kota-dump ro/ix.kota
	assert_output "$(cat "$FIXTURES/one.stream")"
}

# --- options -------------------------------------------------------------

@test "kota-pack --help prints usage on stdout and exits 0" {
	run --separate-stderr kota-pack --help
	assert_success
	assert_output --partial 'kota-pack'
	assert_output --regexp '[Uu][Ss][Aa][Gg][Ee]'
	assert_output --partial '-o'
	[ -z "$stderr" ]
}

@test "kota-pack --version prints 'kota-pack (kota) VERSION'" {
	run --separate-stderr kota-pack --version
	assert_success
	assert_output --regexp '^kota-pack \(kota\) [^ ]+$'
	[ "${#lines[@]}" -eq 1 ]
}

@test "kota-pack rejects an unknown option with a message and usage on stderr" {
	run --separate-stderr kota-pack --bogus-option
	assert_failure 2
	assert_output ''
	[[ ${stderr_lines[0]} == kota-pack:* ]] || fail "first stderr line: ${stderr_lines[0]}"
	[[ $stderr =~ [Uu][Ss][Aa][Gg][Ee] ]] || fail "no usage on stderr: $stderr"
	[ "${#stderr_lines[@]}" -ge 2 ]
}

@test "kota-pack rejects -o without an argument" {
	run --separate-stderr kota-pack -o
	assert_failure 2
	assert_output ''
	[[ ${stderr_lines[0]} == kota-pack:* ]] || fail "first stderr line: ${stderr_lines[0]}"
	[[ $stderr =~ [Uu][Ss][Aa][Gg][Ee] ]] || fail "no usage on stderr: $stderr"
}

# A stream of 300,000 symbols has 10 MB of symbol bodies, past the 8 MiB a
# writer holds in memory: they and the signatures go to an unlinked file in
# $TMPDIR, and come back in the order of the index.
big_stream() {
	awk -v n=300000 -f "$BATS_TEST_DIRNAME/../bench/gen-stream.awk" >big.stream
}

@test "kota-pack spills a large stream to a temporary file and leaves none" {
	big_stream
	kota-pack -o big.kota big.stream
	run kota-dump --verify big.kota
	assert_success
	run ls -A "$TMPDIR"
	assert_output ''
	# The files in reverse order: the same index.
	awk '/^F\t/ { n++ } { b[n + 0] = b[n + 0] $0 "\n" }
	    END { printf "%s", b[0]; for (i = n; i >= 1; i--) printf "%s", b[i] }' big.stream >rev.stream
	kota-pack -o rev.kota rev.stream
	cmp big.kota rev.kota
	kota-dump big.kota | kota-pack -o again.kota
	cmp big.kota again.kota
	# Every symbol record comes back as it went in.
	grep '^S' big.stream | sort >in.syms
	kota-dump big.kota | grep '^S' | sort >out.syms
	assert_same_file in.syms out.syms
}

@test "kota-pack without a temporary directory fails in one line and keeps the index" {
	big_stream
	kota-pack -o big.kota big.stream
	cp big.kota before.kota
	TMPDIR=$TEST_TMP/no-such-dir run kota-pack -o big.kota big.stream
	assert_failure 2
	assert_output --regexp '^kota-pack: .*temporary file in .*/no-such-dir: No such file or directory$'
	assert_equal "${#lines[@]}" 1
	cmp before.kota big.kota
}
