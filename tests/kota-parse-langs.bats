#!/usr/bin/env bats
# kota-parse, one language at a time: the fixtures under
# tests/fixtures/lang/LANG/ (every file but `expected`) committed to a
# scratch repository, parsed, and compared symbol by symbol (tests/symbols.awk)
# with the hand-checked `expected`, and reference by reference with the
# hand-checked `expected-refs`; the stream must also pack into an index that
# kota-dump --verify accepts.

load test_helper

# check_lang LANG: the whole check for one language.
check_lang() {
	local lang=$1 dir=$FIXTURES/lang/$1
	[ -f "$dir/expected" ] || skip "no tests/fixtures/lang/$lang/expected yet"

	# The fixture's source files, subdirectories included, in a fresh repository.
	mkdir repo
	(cd "$dir" && tar -cf - --exclude=./expected --exclude=./expected-refs .) | (cd repo && tar -xf -) ||
		fail "cannot copy the $lang fixtures"
	[ ! -e repo/expected ] || fail "expected was copied"
	git -C repo init -q . &&
		git -C repo add -A &&
		git -C repo commit -q -m "$lang fixtures" ||
		fail "cannot commit the $lang fixtures"
	[ -n "$(git -C repo ls-files)" ] || fail "no source files in $dir"

	cd repo
	run --separate-stderr kota-parse -j2
	assert_not_crashed
	[ "$status" -eq 0 ] || fail "kota-parse exited $status: $stderr"
	printf '%s\n' "$output" >../stream
	cd ..
	head -n 1 stream | grep -qx "kota-stream${TAB}2" || fail "no stream header"

	# Every fixture file has its F record, in the right language.
	local f
	while IFS= read -r f; do
		grep -q "^F${TAB}${f}${TAB}" stream ||
			fail "no F record for $f"
	done < <(git -C repo ls-files)
	if grep '^F' stream | cut -f3 | grep -vqx "$lang"; then
		fail "a file of $lang/ detected as another language:$NL$(grep '^F' stream)"
	fi

	awk -f "$BATS_TEST_DIRNAME/symbols.awk" stream >got
	if ! cmp -s "$dir/expected" got; then
		{
			echo "symbols differ from tests/fixtures/lang/$lang/expected (- expected, + got):"
			diff -u "$dir/expected" got | tail -n +3
		} | fail
	fi

	[ -f "$dir/expected-refs" ] || fail "no tests/fixtures/lang/$lang/expected-refs"
	awk -v refs=1 -f "$BATS_TEST_DIRNAME/symbols.awk" stream >got-refs
	if ! cmp -s "$dir/expected-refs" got-refs; then
		{
			echo "references differ from tests/fixtures/lang/$lang/expected-refs (- expected, + got):"
			diff -u "$dir/expected-refs" got-refs | tail -n +3
		} | fail
	fi

	# The stream makes a valid index.
	run kota-pack -o x stream
	assert_success
	run kota-dump --verify x
	assert_success
	# and the index holds every symbol of the stream
	kota-dump x | grep -c '^S' >n.index
	grep -c '^S' stream >n.stream
	assert_same_file n.stream n.index
	# and every reference
	kota-dump x | grep -c '^R' >n.index || true
	grep -c '^R' stream >n.stream || true
	assert_same_file n.stream n.index
}

@test "kota-parse lang: bash fixtures give the expected symbols" {
	check_lang bash
}

@test "kota-parse lang: c fixtures give the expected symbols" {
	check_lang c
}

@test "kota-parse lang: cpp fixtures give the expected symbols" {
	check_lang cpp
}

@test "kota-parse lang: go fixtures give the expected symbols" {
	check_lang go
}

@test "kota-parse lang: java fixtures give the expected symbols" {
	check_lang java
}

@test "kota-parse lang: javascript fixtures give the expected symbols" {
	check_lang javascript
}

@test "kota-parse lang: python fixtures give the expected symbols" {
	check_lang python
}

@test "kota-parse lang: ruby fixtures give the expected symbols" {
	check_lang ruby
}

@test "kota-parse lang: rust fixtures give the expected symbols" {
	check_lang rust
}

@test "kota-parse lang: typescript fixtures give the expected symbols" {
	check_lang typescript
}

@test "kota-parse lang: tsx fixtures give the expected symbols" {
	check_lang tsx
}
