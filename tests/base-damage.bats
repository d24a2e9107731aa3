#!/usr/bin/env bats
# A base index damaged on disk, kept current by the git hooks: an
# incremental run must not build on it (kota-pack --delta checks the whole
# base once per file it has not checked before), and the hook rebuilds it.

load test_helper
load hook_helper

setup() {
	common_setup
	new_repo "$TEST_TMP/repo"
}

@test "a name damaged in the string table of a hook-kept index: the next commit reports it and rebuilds, and the name is found again" {
	kota-hook install
	local idx
	idx=$(gitdir)/kota/index.kota
	run kota-get alpha
	assert_success
	rename_symbol "$idx" alpha
	# what the damage does until it is found: a silent wrong answer
	run kota-get alpha
	assert_failure 1
	commit_fn c.c gamma
	grep -q "post-commit: incremental reindex failed (kota-pack: .*/index\.kota: damaged index: section 'STRS' checksum mismatch (check: checksums)); rebuilding the index" \
		"$(gitdir)/kota/log" || fail "the log does not report the damage:$NL$(cat "$(gitdir)/kota/log")"
	grep -q " post-commit: ok $(git rev-parse HEAD) (full)\$" "$(gitdir)/kota/log" ||
		fail "the log does not report a full reindex:$NL$(cat "$(gitdir)/kota/log")"
	run kota-get alpha
	assert_success
	assert_output "a.c:1:1${TAB}function${TAB}alpha"
	run kota-get gamma
	assert_success
	assert_index_current
}
