#!/usr/bin/env bats
# Incremental reindexing: kota-parse --reuse writes keep records for the
# files an index already has, kota-pack --base resolves them (a whole index)
# or --delta writes only the difference beside the index.  Whatever the way,
# the result must read exactly as a full `kota-parse | kota-pack` would.

load test_helper

new_repo() {
	git init -q "${1:-repo}" && cd "${1:-repo}" && git checkout -q -b main
}


# cfile FILE NAME...: a C file with one function per NAME, nested in no struct.
cfile() {
	local file=$1 n
	shift
	mkdir -p "$(dirname -- "$file")"
	: >"$file"
	for n in "$@"; do
		printf 'int %s(void)\n{\n\treturn 1;\n}\n\n' "$n" >>"$file"
	done
}

IX() { printf '%s/ix.kota' "$TEST_TMP"; }

full_index() {
	kota-parse -q | kota-pack -o "$TEST_TMP/full.kota" || fail "full reindex failed"
}

# update [PACK-ARG...]: the incremental pipeline over $(IX), delta by default.
update() {
	local s=0
	kota-parse -q --reuse "$(IX)" >"$TEST_TMP/stream" || fail "kota-parse --reuse failed"
	kota-pack --base "$(IX)" "${@:---delta}" <"$TEST_TMP/stream" || s=$?
	[ "$s" = 0 ] || fail "kota-pack --base $* failed ($s)"
}

# same_as_full: the index (with its delta) reads as a full reindex of HEAD.
same_as_full() {
	full_index
	kota-dump "$TEST_TMP/full.kota" >"$TEST_TMP/want" || fail "dump of the full index"
	kota-dump "$(IX)" >"$TEST_TMP/got" || fail "dump of the incremental index"
	assert_same_file "$TEST_TMP/want" "$TEST_TMP/got"
	for f in json line ctags; do
		kota-dump --format=$f "$TEST_TMP/full.kota" >"$TEST_TMP/want"
		kota-dump --format=$f "$(IX)" >"$TEST_TMP/got"
		assert_same_file "$TEST_TMP/want" "$TEST_TMP/got"
	done
	kota-dump --verify "$(IX)" >/dev/null || fail "verify failed"
}

# same_lookups ARG...: kota-get answers the same from both.
same_lookups() {
	local a b sa=0 sb=0
	a=$(kota-get -f "$TEST_TMP/full.kota" "$@") || sa=$?
	b=$(kota-get -f "$(IX)" "$@") || sb=$?
	[ "$sa" = "$sb" ] || fail "kota-get $*: exit $sa from the full index, $sb incremental"
	[ "$a" = "$b" ] || fail "kota-get $*:${NL}full:$NL$a${NL}incremental:$NL$b"
}

setup() {
	common_setup
	new_repo
	cfile a.c alpha common
	cfile b.c beta common
	cfile 'dir with space/c.c' gamma
	printf 'def delta():\n    return 1\n' >d.py
	commit_all first
	kota-parse -q | kota-pack -o "$(IX)" || fail "first index"
}

@test "kota-parse --reuse keeps unchanged files and parses changed ones only" {
	cfile a.c alpha common alpha2
	commit_all
	kota-parse -q --reuse "$(IX)" >"$TEST_TMP/stream"
	run grep -c '^K' "$TEST_TMP/stream"
	assert_output 3
	run grep '^F' "$TEST_TMP/stream"
	assert_output --regexp "^F${TAB}a\.c${TAB}c${TAB}[0-9a-f]{40}${TAB}[0-9]+\$"
	grep -qx "K${TAB}b.c${TAB}$(git rev-parse HEAD:b.c)" "$TEST_TMP/stream"
	grep -qx "K${TAB}dir with space/c.c${TAB}$(git rev-parse 'HEAD:dir with space/c.c')" "$TEST_TMP/stream"
	# in path order, header and meta first
	run sed -n '1p;2p' "$TEST_TMP/stream"
	assert_line --index 1 "M${TAB}commit${TAB}$(git rev-parse HEAD)"
	grep -E '^(K|F)' "$TEST_TMP/stream" | cut -f2 >"$TEST_TMP/paths"
	LC_ALL=C sort -c "$TEST_TMP/paths"
}

@test "kota-pack --base resolves keep records into an index byte-identical to a full reindex" {
	cfile a.c alpha common alpha2
	git rm -q b.c
	cfile e.c epsilon
	commit_all
	update -o "$TEST_TMP/inc.kota"
	full_index
	assert_same_file "$TEST_TMP/full.kota" "$TEST_TMP/inc.kota"
}

@test "kota-pack --delta writes only the difference, beside the index, and reads as the full one" {
	cfile a.c alpha common alpha2
	git rm -q b.c
	commit_all
	cp "$(IX)" "$TEST_TMP/before"
	update
	assert_same_file "$TEST_TMP/before" "$(IX)"
	[ -f "$(IX).delta" ] || fail "no delta"
	run kota-dump --stats "$(IX)"
	assert_line --partial "delta${TAB}1 files${TAB}1 deleted${TAB}3 symbols"
	assert_line "meta${TAB}commit${TAB}$(git rev-parse HEAD)"
	same_as_full
	same_lookups alpha2
	same_lookups common
	same_lookups beta
	same_lookups --prefix al
	same_lookups -i ALPHA
	same_lookups common alpha2 gamma
	same_lookups --kind function --lang c
	same_lookups --path a.c
	same_lookups --path b.c
	same_lookups --at a.c:7
	same_lookups --at b.c:2
	id=$(kota-get -f "$(IX)" --format=json alpha2 | sed 's/.*"id":"\([0-9a-f]*\)".*/\1/')
	same_lookups --id "$id"
}

@test "kota-pack --delta --fold-at 0 folds into a whole index byte-identical to a full reindex" {
	cfile a.c alpha common alpha2
	commit_all
	update
	[ -f "$(IX).delta" ] || fail "no delta"
	cfile b.c beta
	commit_all
	update --delta --fold-at 0
	[ ! -e "$(IX).delta" ] || fail "the delta is still there"
	full_index
	assert_same_file "$TEST_TMP/full.kota" "$(IX)"
}

@test "a delta over another base is ignored: a fold interrupted before removing it loses nothing" {
	cfile a.c alpha common alpha2
	commit_all
	update
	cp "$(IX).delta" "$TEST_TMP/old-delta"
	cfile b.c beta beta2
	commit_all
	update --delta --fold-at 0
	cp "$TEST_TMP/old-delta" "$(IX).delta"
	same_as_full
}

@test "incremental updates follow edits, adds, deletes, renames, mode changes, branches, merges and rebases" {
	step() {
		update
		same_as_full
		same_lookups common
	}
	cfile a.c alpha common alpha3
	commit_all edit; step
	cfile new/n.c nu
	commit_all add; step
	git rm -q 'dir with space/c.c'
	commit_all delete; step
	git mv b.c renamed.c
	commit_all rename; step
	chmod +x a.c
	commit_all mode; step
	printf '#!/bin/sh\nshfn() { :; }\n' >script
	commit_all script; step
	git checkout -q -b side HEAD~3
	cfile side.c sidefn
	commit_all side; step
	git checkout -q main; step
	git merge -q --no-edit side; step
	git checkout -q side
	cfile side2.c side2fn
	commit_all side2
	git rebase -q main; step
	git commit -q --amend -m amended; step
	git reset -q --hard HEAD~2; step
}

@test "many updates in a row fold when the delta grows, and stay correct" {
	for i in 1 2 3 4 5 6; do
		cfile "f$i.c" "fn$i" common
		commit_all "c$i"
		update --delta --fold-at 5
		same_as_full
	done
}

@test "kota-parse --reuse compares file by file when .gitattributes changed" {
	cfile vendor/v.c vendored
	commit_all
	update
	printf 'vendor/** -kota\n' >.gitattributes
	commit_all
	update
	same_as_full
	run kota-get -f "$(IX)" vendored
	assert_failure 1
}

@test "kota-parse --reuse reuses nothing when the settings changed" {
	git config kota.maxSize 10
	kota-parse -q --reuse "$(IX)" >"$TEST_TMP/stream"
	! grep -q '^K' "$TEST_TMP/stream" || fail "kept files made with other settings"
	git config --unset kota.maxSize
	kota-parse -q --reuse "$(IX)" --lang python >"$TEST_TMP/stream"
	! grep -q '^K' "$TEST_TMP/stream" || fail "kept files made without --lang"
}

@test "kota-parse --reuse reuses nothing from an index made by another kota-parse (queries, grammars, extraction)" {
	# what this kota-parse makes of a file is named in its parse-settings
	run sed -n "s/^M${TAB}parse-settings${TAB}//p" <(kota-dump "$(IX)")
	assert_output --regexp '^max-size=[0-9]+ cpp-headers=0 lang=- extractor=[0-9a-f]{8}-[0-9]+$'
	# an index from a kota-parse whose queries or grammars were other
	# (here: one from before the extractor was recorded) keeps no file
	kota-dump "$(IX)" | sed "/^M${TAB}parse-settings${TAB}/s/ extractor=[^ ]*//" | kota-pack -o "$(IX)"
	kota-parse -q --reuse "$(IX)" >"$TEST_TMP/stream"
	! grep -q '^K' "$TEST_TMP/stream" || fail "kept files another kota-parse made"
	kota-dump "$(IX)" | sed "/^M${TAB}parse-settings${TAB}/s/extractor=[^ ]*/extractor=00000000-1/" |
		kota-pack -o "$(IX)"
	kota-parse -q --reuse "$(IX)" >"$TEST_TMP/stream"
	! grep -q '^K' "$TEST_TMP/stream" || fail "kept files another kota-parse made"
	# and the hook's pipeline then rebuilds it whole, as a full reindex would
	update
	same_as_full
}

@test "kota-parse --reuse works without the index's commit, by blob ids" {
	# a commit the repository does not have: the quick path is closed
	kota-dump "$(IX)" | sed "s/^M${TAB}commit${TAB}.*/M${TAB}commit${TAB}$(printf '%040d' 1)/" |
		kota-pack -o "$(IX)"
	cfile a.c alpha common alpha2
	commit_all
	kota-parse -q --reuse "$(IX)" >"$TEST_TMP/stream"
	run grep -c '^K' "$TEST_TMP/stream"
	assert_output 3
	update
	same_as_full
}

@test "kota-parse --worktree --reuse keeps files whose contents hash to the indexed blob" {
	kota-parse -q --worktree | kota-pack -o "$(IX)"
	cfile b.c beta changed
	kota-parse -q --worktree --reuse "$(IX)" >"$TEST_TMP/stream"
	run grep -c '^K' "$TEST_TMP/stream"
	assert_output 3
	run grep -c '^F' "$TEST_TMP/stream"
	assert_output 1
	kota-pack --base "$(IX)" -o "$TEST_TMP/inc.kota" <"$TEST_TMP/stream"
	kota-parse -q --worktree | kota-pack -o "$TEST_TMP/full.kota"
	assert_same_file "$TEST_TMP/full.kota" "$TEST_TMP/inc.kota"
}

@test "kota-parse --reuse with PATHs keeps and parses only those" {
	cfile a.c alpha common alpha2
	commit_all
	kota-parse -q --reuse "$(IX)" a.c b.c >"$TEST_TMP/stream"
	run cut -f1,2 "$TEST_TMP/stream"
	assert_line "F${TAB}a.c"
	assert_line "K${TAB}b.c"
	refute_line --partial "d.py"
}

@test "kota-parse --reuse of a missing or damaged index exits 2" {
	run --separate-stderr kota-parse --reuse "$TEST_TMP/nope.kota"
	assert_failure 2
	assert_stderr_line_matches "^kota-parse: .*nope\.kota: No such file or directory$"
	printf 'junk' >"$TEST_TMP/junk.kota"
	run --separate-stderr kota-parse --reuse "$TEST_TMP/junk.kota"
	assert_failure 2
	assert_stderr_line_matches "junk\.kota: not a kota index$"
}

@test "keep records: errors name the line, and the index is left as it was" {
	cp "$(IX)" "$TEST_TMP/before"
	printf 'kota-stream\t2\nK\ta.c\t%s\n' "$(git rev-parse HEAD:a.c)" >"$TEST_TMP/s"
	run --separate-stderr kota-pack -o "$(IX)" "$TEST_TMP/s"
	assert_failure 2
	assert_stderr_line "kota-pack: $TEST_TMP/s:2: keep record, but no base index to keep from"
	printf 'kota-stream\t2\nK\tnope.c\t%s\n' "$(git rev-parse HEAD:a.c)" >"$TEST_TMP/s"
	run --separate-stderr kota-pack --base "$(IX)" --delta "$TEST_TMP/s"
	assert_failure 3
	assert_stderr_line "kota-pack: $TEST_TMP/s:2: keep record for 'nope.c', which the base index does not have"
	printf 'kota-stream\t2\nK\ta.c\t%s\n' "$(git rev-parse HEAD:b.c)" >"$TEST_TMP/s"
	run --separate-stderr kota-pack --base "$(IX)" --delta "$TEST_TMP/s"
	assert_failure 3
	assert_stderr_line_matches "^kota-pack: $TEST_TMP/s:2: keep record for 'a\.c' names blob [0-9a-f]{40}, the base index has [0-9a-f]{40}\$"
	printf 'kota-stream\t2\nK\ta.c\t%s\nF\ta.c\tc\t-\t1\n' "$(git rev-parse HEAD:a.c)" >"$TEST_TMP/s"
	run --separate-stderr kota-pack --base "$(IX)" --delta "$TEST_TMP/s"
	assert_failure 2
	assert_stderr_line "kota-pack: $TEST_TMP/s:3: duplicate file 'a.c'"
	printf 'kota-stream\t2\nK\ta.c\n' >"$TEST_TMP/s"
	run --separate-stderr kota-pack --base "$(IX)" "$TEST_TMP/s"
	assert_failure 2
	assert_stderr_line "kota-pack: $TEST_TMP/s:2: expected 3 fields in K record, got 2"
	printf 'kota-stream\t2\nK\ta.c\t-\n' >"$TEST_TMP/s"
	run --separate-stderr kota-pack --base "$(IX)" "$TEST_TMP/s"
	assert_failure 2
	assert_stderr_line "kota-pack: $TEST_TMP/s:2: bad blob id (want 40 or 64 lowercase hex digits)"
	printf 'kota-stream\t2\nK\ta.c\t%s\nM\tk\tv\n' "$(git rev-parse HEAD:a.c)" >"$TEST_TMP/s"
	run --separate-stderr kota-pack --base "$(IX)" --delta "$TEST_TMP/s"
	assert_failure 2
	assert_stderr_line "kota-pack: $TEST_TMP/s:3: meta record after a file record"
	assert_same_file "$TEST_TMP/before" "$(IX)"
	[ ! -e "$(IX).delta" ] || fail "a delta was written"
	[ -z "$(find "$TEST_TMP" -name 'ix.kota*.tmp*')" ] || fail "a temporary file was left"
}

@test "kota-pack exits 3 when its base cannot be used, and 2 for any other error" {
	cfile a.c alpha common alpha2
	commit_all
	kota-parse -q --reuse "$(IX)" >"$TEST_TMP/stream"
	run --separate-stderr kota-pack --base "$TEST_TMP/nope.kota" -o "$TEST_TMP/out.kota" "$TEST_TMP/stream"
	assert_failure 3
	assert_stderr_line_matches "^kota-pack: .*nope\.kota: No such file or directory\$"
	printf 'junk' >"$TEST_TMP/junk.kota"
	run --separate-stderr kota-pack --base "$TEST_TMP/junk.kota" -o "$TEST_TMP/out.kota" "$TEST_TMP/stream"
	assert_failure 3
	assert_stderr_line "kota-pack: $TEST_TMP/junk.kota: not a kota index"
	cp "$(IX)" "$TEST_TMP/v3.kota"
	printf '\003' | dd of="$TEST_TMP/v3.kota" bs=1 seek=8 conv=notrunc 2>/dev/null
	run --separate-stderr kota-pack --base "$TEST_TMP/v3.kota" -o "$TEST_TMP/out.kota" "$TEST_TMP/stream"
	assert_failure 3
	assert_stderr_line "kota-pack: $TEST_TMP/v3.kota: unsupported index version 3"
	# an index of the version before says to rebuild
	cp "$(IX)" "$TEST_TMP/v1.kota"
	printf '\001' | dd of="$TEST_TMP/v1.kota" bs=1 seek=8 conv=notrunc 2>/dev/null
	run --separate-stderr kota-pack --base "$TEST_TMP/v1.kota" -o "$TEST_TMP/out.kota" "$TEST_TMP/stream"
	assert_failure 3
	assert_stderr_line "kota-pack: $TEST_TMP/v1.kota: index version 1 is too old (this kota reads version 2): rebuild it (kota-hook run, or kota-parse | kota-pack)"
	update
	run --separate-stderr kota-pack --base "$(IX).delta" -o "$TEST_TMP/out.kota" "$TEST_TMP/stream"
	assert_failure 3
	assert_stderr_line_matches "^kota-pack: .*ix\.kota\.delta: is a delta, not an index"
	[ ! -e "$TEST_TMP/out.kota" ] || fail "out.kota was written"
	# a bad stream, or a target that cannot be written, over a good base
	printf 'junk\n' >"$TEST_TMP/bad.stream"
	run --separate-stderr kota-pack --base "$(IX)" -o "$TEST_TMP/out.kota" "$TEST_TMP/bad.stream"
	assert_failure 2
	assert_stderr_line "kota-pack: $TEST_TMP/bad.stream:1: missing stream header"
	run --separate-stderr kota-pack --base "$(IX)" -o "$TEST_TMP/no/such/dir/out.kota" "$TEST_TMP/stream"
	assert_failure 2
}

@test "kota-pack --delta and --fold-at need --base; --delta writes beside its base only" {
	run --separate-stderr kota-pack --delta </dev/null
	assert_failure 2
	[ "${stderr_lines[0]}" = "kota-pack: --delta and --fold-at need --base" ]
	run --separate-stderr kota-pack --base "$(IX)" --delta -o "$TEST_TMP/other.kota" </dev/null
	assert_failure 2
	[ "${stderr_lines[0]}" = "kota-pack: --delta writes beside the base index: give no -o, or -o $(IX)" ]
	run --separate-stderr kota-pack --base "$(IX)" --fold-at x </dev/null
	assert_failure 2
}

@test "a damaged delta is reported, not ignored" {
	cfile a.c alpha common alpha2
	commit_all
	update
	printf 'X' | dd of="$(IX).delta" bs=1 seek=200 conv=notrunc 2>/dev/null
	run --separate-stderr kota-dump --verify "$(IX)"
	assert_failure 2
	assert_stderr_line_matches "^kota-dump: .*ix\.kota\.delta: damaged index: "
	head -c 100 "$(IX).delta" >"$TEST_TMP/t" && mv "$TEST_TMP/t" "$(IX).delta"
	run --separate-stderr kota-get -f "$(IX)" alpha
	assert_failure 2
	assert_stderr_line_matches "ix\.kota\.delta: damaged index: file is 100 bytes"
}

@test "a full kota-pack over an index removes its delta" {
	cfile a.c alpha common alpha2
	commit_all
	update
	[ -f "$(IX).delta" ]
	kota-parse -q | kota-pack -o "$(IX)"
	[ ! -e "$(IX).delta" ] || fail "delta left beside a whole new index"
	same_as_full
}

@test "a delta given as the index is refused" {
	cfile a.c alpha common alpha2
	commit_all
	update
	run --separate-stderr kota-get -f "$(IX).delta" alpha
	assert_failure 2
	assert_stderr_line "kota-get: $(IX).delta: is a delta, not an index (open the index beside it)"
}

# flip_in SECTION FILE: change one byte in the middle of SECTION of the
# index FILE, as $TEST_TMP/stats (its kota-dump --stats) places it.
flip_in() {
	local len off
	read -r len off < <(awk -F '\t' -v s="$1" \
		'$1 == "section" && $2 == s { split($3, a, " "); print a[1], a[4] }' "$TEST_TMP/stats")
	[ -n "$off" ] && [ "$len" -gt 0 ] || fail "no section $1 in $2"
	local at=$((off + len / 2)) byte
	byte=$(od -An -tu1 -j "$at" -N1 "$2" | tr -d ' ')
	printf "$(printf '\\%03o' $(((byte + 1) % 256)))" |
		dd of="$2" bs=1 seek="$at" conv=notrunc 2>/dev/null
}

# damaged_base SECTION: commit a change, write the incremental stream for
# it to $TEST_TMP/stream, then damage SECTION of $(IX) in place (flip_in)
# and keep a copy of the damaged index in $TEST_TMP/before.
damaged_base() {
	cfile a.c alpha common alpha2
	commit_all
	kota-parse -q --reuse "$(IX)" >"$TEST_TMP/stream"
	kota-dump --stats "$(IX)" >"$TEST_TMP/stats"
	flip_in "$1" "$(IX)"
	cp "$(IX)" "$TEST_TMP/before"
}

@test "kota-pack --base checks the base's checksums before copying from it" {
	damaged_base SYMS
	run --separate-stderr kota-pack --base "$(IX)" -o "$TEST_TMP/out.kota" "$TEST_TMP/stream"
	assert_failure 3
	assert_stderr_line "kota-pack: $(IX): damaged index: section 'SYMS' checksum mismatch (check: checksums)"
	# a fold copies the base: refused too, and nothing changes
	run --separate-stderr kota-pack --base "$(IX)" --delta --fold-at 0 "$TEST_TMP/stream"
	assert_failure 3
	assert_stderr_line "kota-pack: $(IX): damaged index: section 'SYMS' checksum mismatch (check: checksums)"
	assert_same_file "$TEST_TMP/before" "$(IX)"
	[ ! -e "$(IX).delta" ] || fail "a delta was written"
	# a delta checks every checksum of a base it has not checked before
	run --separate-stderr kota-pack --base "$(IX)" --delta "$TEST_TMP/stream"
	assert_failure 3
	assert_stderr_line "kota-pack: $(IX): damaged index: section 'SYMS' checksum mismatch (check: checksums)"
	[ ! -e "$(IX).delta" ] || fail "a delta was written"
}

# verified_record FILE: the line FILE.verified holds for FILE as it is now
# (kota(5) FILES).
verified_record() {
	python3 - "$1" <<'PY'
import os, struct, sys
st = os.stat(sys.argv[1])
crc = struct.unpack_from('<I', open(sys.argv[1], 'rb').read(32), 28)[0]
ns = lambda t: '%d.%09d' % divmod(t, 10**9)
print('kota-verified\t1\t%d\t%d\t%d\t%s\t%s\t%08x' % (st.st_dev, st.st_ino, st.st_size,
      ns(st.st_mtime_ns), ns(st.st_ctime_ns), crc))
PY
}

# set_mtime FILE SECONDS: the modification time of FILE, SECONDS after the
# last change of $(IX) (its ctime); may be negative.
set_mtime() {
	python3 -c 'import os, sys; t = os.stat(sys.argv[2]).st_ctime_ns + int(sys.argv[3]) * 10**9; os.utime(sys.argv[1], ns=(t, t))' \
		"$1" "$(IX)" "$2"
}

@test "kota-pack --delta over a base with a name changed in STRS fails, naming the damage, and writes nothing" {
	cfile a.c alpha common alpha2
	commit_all
	rename_symbol "$(IX)" gamma
	cp "$(IX)" "$TEST_TMP/before"
	kota-parse -q --reuse "$(IX)" >"$TEST_TMP/stream"
	run --separate-stderr kota-pack --base "$(IX)" --delta "$TEST_TMP/stream"
	assert_failure 3
	assert_stderr_line "kota-pack: $(IX): damaged index: section 'STRS' checksum mismatch (check: checksums)"
	assert_same_file "$TEST_TMP/before" "$(IX)"
	[ ! -e "$(IX).delta" ] || fail "a delta was written"
	run --separate-stderr kota-dump --verify "$(IX)"
	assert_failure 2
}

@test "kota-pack records in INDEX.verified the whole index it writes, and a delta run the base it checked" {
	[ "$(cat "$(IX).verified")" = "$(verified_record "$(IX)")" ] || fail "record: $(cat "$(IX).verified")"
	cfile a.c alpha common alpha2
	commit_all
	rm "$(IX).verified"
	update
	[ "$(cat "$(IX).verified")" = "$(verified_record "$(IX)")" ] || fail "record after a delta run"
	# a fold writes a new base, and its record
	cfile b.c beta beta2
	commit_all
	update --delta --fold-at 0
	[ "$(cat "$(IX).verified")" = "$(verified_record "$(IX)")" ] || fail "record after a fold"
	same_as_full
}

@test "a delta run trusts INDEX.verified for that very file, and only when written after its last change" {
	damaged_base SYMS
	# a record of the file as it was before the damage: not this file any more
	run --separate-stderr kota-pack --base "$(IX)" --delta "$TEST_TMP/stream"
	assert_failure 3
	assert_stderr_line "kota-pack: $(IX): damaged index: section 'SYMS' checksum mismatch (check: checksums)"
	# a record of the damaged file as it is, written in the same clock tick
	# as its last change: it might have changed after, unseen; not trusted
	verified_record "$(IX)" >"$(IX).verified"
	set_mtime "$(IX).verified" 0
	run --separate-stderr kota-pack --base "$(IX)" --delta "$TEST_TMP/stream"
	assert_failure 3
	assert_stderr_line "kota-pack: $(IX): damaged index: section 'SYMS' checksum mismatch (check: checksums)"
	# written a second after it: trusted, so the damage goes unseen (which
	# shows that the whole base is not read again)
	set_mtime "$(IX).verified" 1
	run --separate-stderr kota-pack --base "$(IX)" --delta "$TEST_TMP/stream"
	assert_success
	[ -f "$(IX).delta" ] || fail "no delta written"
	# any field off: not trusted
	local field
	for field in 2 3 4 5 6 7 8; do
		verified_record "$(IX)" | awk -F '\t' -v OFS='\t' -v f="$field" '{ $f = $f "1"; print }' >"$(IX).verified"
		set_mtime "$(IX).verified" 1
		run --separate-stderr kota-pack --base "$(IX)" --delta "$TEST_TMP/stream"
		assert_failure 3
		assert_stderr_line "kota-pack: $(IX): damaged index: section 'SYMS' checksum mismatch (check: checksums)"
	done
	# a FIFO in its place holds nothing up (under timeout, so that a
	# kota-pack that blocks on it fails the test instead of hanging it)
	rm "$(IX).verified"
	mkfifo "$(IX).verified"
	run --separate-stderr timeout 60 kota-pack --base "$(IX)" --delta "$TEST_TMP/stream"
	assert_failure 3
	assert_stderr_line "kota-pack: $(IX): damaged index: section 'SYMS' checksum mismatch (check: checksums)"
	assert_same_file "$TEST_TMP/before" "$(IX)"
}

@test "readers see the old or the new index while deltas are written and folded" {
	a=$(git rev-parse HEAD)
	cfile a.c alpha common alpha2
	git rm -q b.c
	cfile e.c epsilon
	commit_all
	b=$(git rev-parse HEAD)
	full_index
	kota-dump "$TEST_TMP/full.kota" >"$TEST_TMP/want_b"
	git update-ref refs/heads/main "$a"
	full_index
	kota-dump "$TEST_TMP/full.kota" >"$TEST_TMP/want_a"
	# the writer: back and forth between the two, by deltas and folds
	(
		for i in $(seq 1 30); do
			if [ $((i % 2)) = 1 ]; then git update-ref refs/heads/main "$b"; else git update-ref refs/heads/main "$a"; fi
			if [ $((i % 4)) = 0 ]; then fold=--fold-at=0; else fold=--fold-at=1000000; fi
			kota-parse -q --reuse "$(IX)" | kota-pack --base "$(IX)" --delta "$fold" || exit 1
		done
	) &
	writer=$!
	reads=0
	while kill -0 "$writer" 2>/dev/null; do
		kota-dump "$(IX)" >"$TEST_TMP/got" 2>"$TEST_TMP/err" || fail "kota-dump failed: $(cat "$TEST_TMP/err")"
		cmp -s "$TEST_TMP/got" "$TEST_TMP/want_a" || cmp -s "$TEST_TMP/got" "$TEST_TMP/want_b" ||
			fail "read $reads: neither the old nor the new index"
		reads=$((reads + 1))
	done
	wait "$writer" || fail "the writer failed"
	echo "# $reads reads while 30 updates ran" >&3
	[ "$reads" -gt 0 ]
}
