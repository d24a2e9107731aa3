#!/usr/bin/env bats
# kota-hook under faults: a reindex killed at any moment, commits in quick
# succession, a read-only index directory, a full disk.  The index is
# always the old one or the new one, and git is never the worse for it.

load test_helper
load hook_helper

setup() {
	common_setup
	REPO=$TEST_TMP/repo
	new_repo "$REPO"
	KDIR=$REPO/.git/kota
	SHIM=$(dirname "$(command -v kota-pack)")/../tests/faults/failwrite.so
}

teardown() {
	# let bats clean up after a test that made the directory read-only
	[ ! -d "${KDIR:-/nonexistent}" ] || chmod -R u+w "$KDIR"
}

# gen_files N TAG: write N C files with three functions each, named after
# TAG, and add them.
gen_files() {
	local i
	for ((i = 0; i < $1; i++)); do
		printf 'int %s_%d_a(int x) { return x; }\nstatic int %s_%d_b(void) { return %d; }\nstruct %s_%d { int f; };\n' \
			"$2" "$i" "$2" "$i" "$i" "$2" "$i" >"f$i.c"
	done
	git add .
}

# preload_fault KIND AFTER: make writing the new index fail in every
# program from now on (see tests/faults/failwrite.c).
preload_fault() {
	[ -f "$SHIM" ] || fail "no $SHIM: make check builds it"
	export LD_PRELOAD=$SHIM KOTA_FAULT=$1 KOTA_FAULT_AFTER=${2:-0}
	export KOTA_FAULT_PATH='/index.kota.tmp.*:/index.kota.delta.tmp.*'
	# an ASan build wants its runtime first; the shim needs no checks
	export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
}

no_fault() {
	unset LD_PRELOAD KOTA_FAULT KOTA_FAULT_AFTER KOTA_FAULT_PATH
}

# save_index DIR: copy the index files (base and delta, if any) to DIR.
save_index() {
	mkdir -p "$1"
	cp -p "$KDIR"/index.kota "$1"/
	[ ! -e "$KDIR/index.kota.delta" ] || cp -p "$KDIR/index.kota.delta" "$1"/
}

# assert_index_is DIR: the index files are byte for byte those saved in DIR.
assert_index_is() {
	assert_same_file "$1/index.kota" "$KDIR/index.kota"
	if [ -e "$1/index.kota.delta" ]; then
		assert_same_file "$1/index.kota.delta" "$KDIR/index.kota.delta"
	else
		[ ! -e "$KDIR/index.kota.delta" ] || fail "an index.kota.delta appeared"
	fi
}

# commit_big: commit a file with many symbols, so the new index is larger.
commit_big() {
	local i
	for ((i = 0; i < 2000; i++)); do
		printf 'int big_%d(void) { return %d; }\n' "$i" "$i"
	done >big.c
	git add big.c
	git commit -q -m big
}

# assert_failed_cleanly MESSAGE: after a commit whose reindex failed with
# MESSAGE: the commit is there, the log says so, the old index is
# untouched and sound.
assert_failed_cleanly() {
	[ "$(git log -1 --format=%s)" = big ] || fail "the commit is not there"
	grep -q " post-commit: error: cannot index $(git rev-parse HEAD): kota-pack: .*$1" "$KDIR/log" ||
		fail "no clear message in the log: $(tail -n 3 "$KDIR/log")"
	assert_index_is "$TEST_TMP/old"
	kota-dump --verify >/dev/null || fail "kota-dump --verify failed"
	[ "$(index_commit)" = "$(git rev-parse HEAD~1)" ]
}

# kill_in_group PGID NAME: kill -9 the processes called NAME in process
# group PGID, if there are any by now.
kill_in_group() {
	local victims
	victims=$(ps -e -o pid=,pgid=,comm= | awk -v g="$1" -v n="$2" '$2 == g && $3 == n { print $1 }')
	[ -z "$victims" ] || kill -9 $victims 2>/dev/null || true
}

@test "kill -9 at random moments of a reindex (or of one of its programs) leaves the old or the new index (50 trials)" {
	gen_files 40 one
	git commit -q -m A
	a=$(git rev-parse HEAD)
	gen_files 40 two
	git commit -q -m B
	b=$(git rev-parse HEAD)
	kota-hook run || fail "first reindex failed"
	dump_b=$(kota-dump)
	git update-ref refs/heads/main "$a"
	# a reindex from B to A, timed, to spread the kills over it
	t0=$(date +%s%N)
	kota-hook run || fail "second reindex failed"
	t1=$(date +%s%N)
	dump_a=$(kota-dump)
	[ "$dump_a" != "$dump_b" ]
	span=$(((t1 - t0) * 12 / 10000000 + 2))
	old=0 new=0 cur=a
	for ((trial = 0; trial < 50; trial++)); do
		if [ $cur = a ]; then to=b; else to=a; fi
		git update-ref refs/heads/main "${!to}"
		setsid kota-hook run 2>/dev/null &
		pid=$!
		ms=$((RANDOM % span))
		sleep "$((ms / 1000)).$(printf %03d $((ms % 1000)))"
		# the whole run, or only kota-parse or kota-pack of it
		case $((trial % 3)) in
		0) kill -9 -- "-$pid" 2>/dev/null || kill -9 "$pid" 2>/dev/null || true ;;
		1) kill_in_group "$pid" kota-parse ;;
		2) kill_in_group "$pid" kota-pack ;;
		esac
		wait "$pid" || true
		got=$(kota-dump) || fail "trial $trial: kota-dump failed after kill -9 at ${ms} ms"
		kota-dump --verify >/dev/null || fail "trial $trial: --verify failed after kill -9 at ${ms} ms"
		want_old=dump_$cur want_new=dump_$to
		if [ "$got" = "${!want_old}" ]; then
			old=$((old + 1))
		elif [ "$got" = "${!want_new}" ]; then
			new=$((new + 1))
			cur=$to
		else
			fail "trial $trial: after kill -9 at ${ms} ms the index is neither the old nor the new one"
		fi
	done
	echo "# kill -9 (of the run, kota-parse or kota-pack) over ${span} ms: old index $old times, new $new times" >&3
	# no stale lock: the next run goes through and makes the index current
	run --separate-stderr kota-hook run
	assert_success
	[ -z "$stderr" ]
	assert_index_current
}

@test "ten commits in quick succession with background hooks: the final index is a full reindex of HEAD" {
	kota-hook install --background
	wait_quiet
	for ((i = 1; i <= 10; i++)); do
		printf 'int quick%d(void) { return %d; }\n' "$i" "$i" >"q$i.c"
		[ $((i % 3)) != 0 ] || git rm -q "q$((i - 1)).c"
		git add . && git commit -q -m "quick $i"
	done
	wait_quiet
	assert_index_current
	[ "$(index_commit)" = "$(git rev-parse HEAD)" ]
	run kota-get quick10
	assert_success
	! grep ' error: ' "$KDIR/log" || fail "errors in the log"
}

@test "read-only \$GIT_DIR/kota: the commit succeeds, the log says why, the old index is untouched" {
	commit_fn c.c gamma
	kota-hook install
	save_index "$TEST_TMP/old"
	chmod a-w "$KDIR"
	if touch "$KDIR/probe" 2>/dev/null; then
		# root: chmod stops nothing; a read-only bind mount does, in a
		# mount namespace of its own
		rm -f "$KDIR/probe"
		chmod u+w "$KDIR"
		unshare -m true 2>/dev/null || skip "running as root without mount namespaces (the LD_PRELOAD test covers EROFS)"
		# (where nothing, not even the log, can be written: the
		# message is on stderr only)
		unshare -m --propagation private bash -c '
			mount --bind "$1" "$1" 2>/dev/null && mount -o remount,bind,ro "$1" 2>/dev/null || exit 3
			touch "$1/probe" 2>/dev/null && exit 4
			. "$2"
			commit_big 2>"$3"
		' sh "$KDIR" <(declare -f commit_big) "$TEST_TMP/stderr"
		status=$?
		[ "$status" != 3 ] || skip "cannot make a read-only bind mount here (the LD_PRELOAD test covers EROFS)"
		[ "$status" != 4 ] || fail "the read-only bind mount is writable"
		[ "$status" = 0 ] || fail "git commit failed under a read-only index directory"
		[ "$(cat "$TEST_TMP/stderr")" = "kota-hook: cannot index $(git rev-parse HEAD): kota-pack: $KDIR/index.kota: cannot write the index: Read-only file system" ] ||
			fail "stderr: $(cat "$TEST_TMP/stderr")"
		[ "$(git log -1 --format=%s)" = big ]
		assert_index_is "$TEST_TMP/old"
		kota-dump --verify >/dev/null
	else
		run --separate-stderr commit_big
		assert_success
		assert_stderr_line_matches "^kota-hook: cannot index $(git rev-parse HEAD): kota-pack: .*Permission denied$"
		assert_failed_cleanly 'Permission denied'
	fi
}

@test "EROFS on the new index (LD_PRELOAD): the commit succeeds, the log says why, the old index is untouched" {
	commit_fn c.c gamma
	kota-hook install
	save_index "$TEST_TMP/old"
	preload_fault erofs
	run --separate-stderr commit_big
	assert_success
	assert_stderr_line_matches "^kota-hook: cannot index $(git rev-parse HEAD): kota-pack: .*Read-only file system$"
	no_fault
	assert_failed_cleanly 'Read-only file system'
	# and once the file system is writable again, the next run catches up
	kota-hook run
	assert_index_current
}

@test "an incremental reindex that fails for another reason than its base is not rebuilt, whatever its message says" {
	# the path holds "base index", as kota-pack's messages about its base do
	new_repo "$TEST_TMP/base index/repo"
	KDIR=$PWD/.git/kota
	kota-hook install
	save_index "$TEST_TMP/old"
	preload_fault erofs
	run --separate-stderr commit_fn c.c gamma
	assert_success
	assert_stderr_line_matches "^kota-hook: cannot index $(git rev-parse HEAD): kota-pack: .*/base index/.*Read-only file system$"
	no_fault
	! grep -q 'rebuilding the index' "$KDIR/log" || fail "rebuilt in full: $(cat "$KDIR/log")"
	grep -q ' post-commit: error: cannot index ' "$KDIR/log" || fail "no error in the log: $(cat "$KDIR/log")"
	assert_index_is "$TEST_TMP/old"
}

@test "full disk (LD_PRELOAD ENOSPC, at once and part-way): the commit succeeds, the old index is untouched" {
	commit_fn c.c gamma
	kota-hook install
	save_index "$TEST_TMP/old"
	for after in 0 1000 20000; do
		preload_fault enospc "$after"
		run --separate-stderr commit_big
		assert_success
		assert_stderr_line_matches "^kota-hook: cannot index $(git rev-parse HEAD): kota-pack: .*No space left on device$"
		no_fault
		assert_failed_cleanly 'No space left on device'
		[ -z "$(find "$KDIR" -name '*.tmp*')" ] || fail "a temporary file was left behind"
		git reset -q --hard HEAD~1
	done
	commit_big
	assert_index_current
}

@test "full disk (a small tmpfs, where it can be mounted): the commit succeeds, the old index is untouched" {
	commit_fn c.c gamma
	kota-hook install
	save_index "$TEST_TMP/old"
	unshare -m true 2>/dev/null || skip "no mount namespaces here (the LD_PRELOAD test covers ENOSPC)"
	# the index directory on a tmpfs with room for what is there and a
	# little more, but not for the new index
	kb=$(du -sk "$KDIR" | cut -f1)
	unshare -m --propagation private bash -c '
		cp -a "$1/." "$3/saved" &&
		mount -t tmpfs -o size=$(($2 + 8))k tmpfs "$1" 2>/dev/null || exit 3
		cp -a "$3/saved/." "$1/" && . "$4" && commit_big
		rc=$?
		cp -a "$1/." "$3/after"
		exit $rc
	' sh "$KDIR" "$kb" "$TEST_TMP" <(declare -f commit_big)
	status=$?
	[ "$status" != 3 ] || skip "cannot mount a tmpfs here (the LD_PRELOAD test covers ENOSPC)"
	[ "$status" = 0 ] || fail "git commit failed on a full disk"
	KDIR=$TEST_TMP/after
	assert_failed_cleanly 'No space left on device'
}

@test "what is left where the index delta belongs and is not a file (empty directory, FIFO, link) is cleared, and the run reindexes" {
	kota-hook install
	delta=$KDIR/index.kota.delta
	n=0
	for kind in dir fifo link dangling; do
		n=$((n + 1))
		rm -f "$delta" # the delta of the run before
		case $kind in
		dir) mkdir "$delta" ;;
		fifo) mkfifo "$delta" ;;
		link) ln -s index.kota "$delta" ;;
		dangling) ln -s no-such-file "$delta" ;;
		esac
		printf 'int f%d(void) { return %d; }\n' "$n" "$n" >"f$n.c"
		git add "f$n.c"
		# (a reader that opens a FIFO waits for a writer)
		run --separate-stderr timeout 60 git commit -q -m "$kind"
		[ "$status" = 0 ] || fail "$kind: status $status: $stderr"
		[ -z "$stderr" ] || fail "$kind: stderr: $stderr"
		[ ! -e "$delta" ] || [ -f "$delta" ] && [ ! -L "$delta" ] || fail "$kind: still there"
		kota-get "f$n" >/dev/null || fail "$kind: kota-get f$n failed: $(tail -n 3 "$KDIR/log")"
		assert_index_current
		tail -n 1 "$KDIR/log" | grep -q " post-commit: ok $(git rev-parse HEAD) " ||
			fail "$kind: $(tail -n 3 "$KDIR/log")"
	done
}

@test "a directory with files in it where the index delta belongs: the run fails and says so, and leaves the directory" {
	kota-hook install
	delta=$KDIR/index.kota.delta
	mkdir "$delta"
	echo mine >"$delta/file"
	commit_fn c.c gamma 2>"$TEST_TMP/stderr"
	[ "$(cat "$TEST_TMP/stderr")" = "kota-hook: cannot index $(git rev-parse HEAD): $delta is a directory, not an index delta, and not empty: remove it" ] ||
		fail "stderr: $(cat "$TEST_TMP/stderr")"
	[ "$(cat "$delta/file")" = mine ]
	tail -n 1 "$KDIR/log" | grep -qF " post-commit: error: cannot index $(git rev-parse HEAD): $delta is a directory" ||
		fail "log: $(tail -n 3 "$KDIR/log")"
	run --separate-stderr kota-hook run
	assert_failure 2
	rm -r "$delta"
	kota-hook run
	assert_index_current
}

@test "a reindex is checked as readers open the index: one they cannot open, or that names another commit, is an error" {
	p=$TEST_TMP/prefix
	gated_prefix "$p"
	touch "$p/gate"
	"$p/bin/kota-hook" install
	# a kota-get that sees another commit, then one that cannot open the index
	rm "$p/bin/kota-get"
	printf '#!/bin/sh\necho 1111111111111111111111111111111111111111\n' >"$p/bin/kota-get"
	chmod +x "$p/bin/kota-get"
	run --separate-stderr git commit -q --allow-empty -m two
	assert_success
	assert_stderr_line "kota-hook: cannot index $(git rev-parse HEAD): the index written names commit 1111111111111111111111111111111111111111"
	tail -n 1 "$KDIR/log" | grep -q " post-commit: error: cannot index $(git rev-parse HEAD): " ||
		fail "log: $(tail -n 3 "$KDIR/log")"
	printf '#!/bin/sh\necho "kota-get: cannot open it" >&2\nexit 2\n' >"$p/bin/kota-get"
	run --separate-stderr git commit -q --allow-empty -m three
	assert_success
	assert_stderr_line "kota-hook: cannot index $(git rev-parse HEAD): the index written cannot be read: kota-get: cannot open it"
}
