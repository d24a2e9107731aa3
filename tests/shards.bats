#!/usr/bin/env bats
# Shards: kota-parse --shard K/N parses a deterministic part of the files;
# kota-pack merges the N streams into the index one parse gives, byte for
# byte; contrib/kota-shards runs them with xargs -P or GNU parallel.

load test_helper

setup() {
	common_setup
	mkdir repo
	(cd "$FIXTURES/lang" && tar -cf - --exclude=expected --exclude=expected-refs .) | (cd repo && tar -xf -)
	cd repo
	git init -q .
	git add -A
	git -c user.name=t -c user.email=t@t commit -q -m fixtures
	kota-parse -q | kota-pack -o ../whole.kota
}

@test "kota-parse --shard: the shards are disjoint and cover every file" {
	for k in 1 2 3 4; do
		kota-parse -q --shard "$k/4" | grep '^F' | cut -f2 >>../shard-files
		kota-parse -q --shard "$k/4" | grep -qx "M${TAB}shard${TAB}$k/4" || fail "no shard meta in $k/4"
	done
	kota-parse -q | grep '^F' | cut -f2 | sort >../all-files
	sort ../shard-files >../sorted
	assert_same_file ../all-files ../sorted
}

@test "kota-pack: the N shard streams, in any order, give the whole index byte for byte" {
	for k in 1 2 3; do kota-parse -q --shard "$k/3" >"../s$k"; done
	kota-pack -o ../merged.kota ../s3 ../s1 ../s2
	assert_same_file ../whole.kota ../merged.kota
	run kota-dump --verify ../merged.kota
	assert_success
}

@test "kota-pack: a missing, doubled or foreign shard is an error" {
	for k in 1 2 3; do kota-parse -q --shard "$k/3" >"../s$k"; done
	kota-parse -q --shard 1/2 >../t1
	run --separate-stderr kota-pack -o ../m ../s1 ../s2
	assert_failure 2
	[[ $stderr == *"shard 3/3 is missing"* ]] || fail "stderr: $stderr"
	run --separate-stderr kota-pack -o ../m ../s1 ../s1 ../s2 ../s3
	assert_failure 2
	[[ $stderr == *"shard 1/3 given twice"* ]] || fail "stderr: $stderr"
	run --separate-stderr kota-pack -o ../m ../s1 ../s2 ../s3 ../t1
	assert_failure 2
	[[ $stderr == *"of a split in 2, not 3"* ]] || fail "stderr: $stderr"
	[ ! -e ../m ] || fail "an index was written"
}

@test "kota-parse --shard: bad arguments, and no --reuse with it" {
	for a in 0/2 3/2 x 1/ /2 -1/2 1/0; do
		run --separate-stderr kota-parse -q --shard "$a"
		assert_failure 2
	done
	run --separate-stderr kota-parse -q --shard 1/2 --reuse ../whole.kota
	assert_failure 2
	[[ $stderr == *"--shard and --reuse do not go together"* ]] || fail "stderr: $stderr"
}

@test "contrib/kota-shards with xargs -P and with GNU parallel on the local login" {
	"$KOTA_SRCDIR/contrib/kota-shards" -n 3 -o ../x.kota
	assert_same_file ../whole.kota ../x.kota
	command -v parallel >/dev/null || skip "GNU parallel is not installed"
	"$KOTA_SRCDIR/contrib/kota-shards" -n 4 -S : -o ../p.kota
	assert_same_file ../whole.kota ../p.kota
}
