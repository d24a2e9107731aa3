#!/usr/bin/env bats
# kota-parse: the files of a git revision (or of the work tree) in, the
# kota(5) record stream of their symbols out.  Every test builds its own
# small repository.

load test_helper

# --- helpers --------------------------------------------------------------

# new_repo [DIR]: a fresh repository without commits; cd into it.
new_repo() {
	git init -q "${1:-repo}" && cd "${1:-repo}"
}


# pyfile FILE NAME...: a Python file with one function per NAME.
pyfile() {
	local file=$1 n
	shift
	mkdir -p "$(dirname -- "$file")"
	: >"$file"
	for n in "$@"; do
		printf 'def %s():\n    return 1\n\n' "$n" >>"$file"
	done
}

# kp ARG...: kota-parse with stdout in $TEST_TMP/out and stderr in
# $TEST_TMP/err (bytes kept exactly), its exit status in $status.
kp() {
	status=0
	kota-parse "$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err" || status=$?
	if [ "$status" -gt 2 ]; then
		fail "kota-parse $* crashed or misbehaved: exit status $status$NL$(cat "$TEST_TMP/err")"
	fi
}

# kp_ok ARG...: kp, and it must exit 0 with a stream on stdout.
kp_ok() {
	kp "$@"
	[ "$status" -eq 0 ] || fail "kota-parse $* exited $status:$NL$(cat "$TEST_TMP/err")"
	head -n 1 "$TEST_TMP/out" | grep -qx "kota-stream${TAB}2" ||
		fail "kota-parse $*: no stream header on stdout"
}

# paths [STREAM]: the (escaped) paths of the F records, one a line.
paths() {
	grep -a "^F${TAB}" "${1:-$TEST_TMP/out}" | cut -f2
}

# assert_paths PATH...: the F records name exactly these paths, in this order.
assert_paths() {
	local want
	if [ $# -gt 0 ]; then want=$(printf '%s\n' "$@"); else want=; fi
	local got
	got=$(paths)
	if [ "$got" != "$want" ]; then
		printf 'F record paths differ\nexpected:\n%s\ngot:\n%s\nstderr:\n%s\n' \
			"$want" "$got" "$(cat "$TEST_TMP/err")" | fail
	fi
}

# lang_of PATH: the language field of PATH's F record.
lang_of() {
	awk -F '\t' -v p="$1" '$1 == "F" && $2 == p { print $3 }' "$TEST_TMP/out"
}

# symbols [STREAM]: the stream as tests/symbols.awk shows it.
symbols() {
	awk -f "$BATS_TEST_DIRNAME/symbols.awk" "${1:-$TEST_TMP/out}"
}

# has_symbol PATH KIND NAME: the last stream has that symbol.
has_symbol() {
	symbols | cut -f1-3 | grep -qxF "$1$TAB$2$TAB$3"
}

# assert_symbol PATH KIND NAME / refute_symbol PATH KIND NAME
assert_symbol() {
	has_symbol "$@" || fail "no $2 $3 in $1; symbols:$NL$(symbols)"
}
refute_symbol() {
	! has_symbol "$@" || fail "unexpected $2 $3 in $1; symbols:$NL$(symbols)"
}

# assert_err_empty: kota-parse wrote nothing on stderr.
assert_err_empty() {
	[ ! -s "$TEST_TMP/err" ] || fail "unexpected stderr:$NL$(cat "$TEST_TMP/err")"
}

# assert_err_lines N: stderr has exactly N lines.
assert_err_lines() {
	local n
	n=$(wc -l <"$TEST_TMP/err")
	[ "$n" -eq "$1" ] || fail "expected $1 stderr lines, got $n:$NL$(cat "$TEST_TMP/err")"
}

# assert_note PATH REGEX: one stderr line names PATH and matches REGEX
# (case-insensitive extended regular expression).
assert_note() {
	grep -aF -- "$1" "$TEST_TMP/err" | grep -Eiq -- "$2" ||
		fail "no note for $1 matching /$2/ on stderr:$NL$(cat "$TEST_TMP/err")"
}

# ids STREAM: "KIND NAME ID" for every symbol of STREAM, sorted.
ids() {
	awk -F '\t' '$1 == "S" { print $3, $4, $2 }' "$1" | LC_ALL=C sort
}

# --- where the files come from ---------------------------------------------

@test "kota-parse reads HEAD's tree from the object database, not the work tree" {
	new_repo
	pyfile a.py committed_fn
	commit_all
	kp_ok
	cp "$TEST_TMP/out" "$TEST_TMP/head.stream"
	assert_paths a.py
	assert_symbol a.py function committed_fn
	# the F record carries the committed blob and its size
	grep -q "^F${TAB}a.py${TAB}python${TAB}$(git rev-parse HEAD:a.py)${TAB}$(git cat-file -s HEAD:a.py)\$" \
		"$TEST_TMP/out" || fail "F record: $(grep '^F' "$TEST_TMP/out")"

	# uncommitted edits, staged changes and untracked files change nothing
	pyfile a.py edited_fn
	pyfile new.py untracked_fn
	pyfile staged.py staged_fn
	git add staged.py
	kp_ok
	assert_same_file "$TEST_TMP/head.stream" "$TEST_TMP/out"

	# nor does a work tree with no files at all
	rm -f a.py new.py staged.py
	kp_ok
	assert_same_file "$TEST_TMP/head.stream" "$TEST_TMP/out"
}

@test "kota-parse writes M commit with HEAD's commit id after the header" {
	new_repo
	pyfile a.py f
	commit_all
	pyfile a.py f g
	commit_all
	kp_ok
	[ "$(sed -n 2p "$TEST_TMP/out")" = "M${TAB}commit${TAB}$(git rev-parse HEAD)" ] ||
		fail "line 2: $(sed -n 2p "$TEST_TMP/out")"
	# and the settings that decide what it parses, which --reuse compares
	[[ "$(sed -n 3p "$TEST_TMP/out")" =~ ^M${TAB}parse-settings${TAB}max-size=1048576\ cpp-headers=0\ lang=-\ extractor=[0-9a-f]{8}-[0-9]+$ ]] ||
		fail "line 3: $(sed -n 3p "$TEST_TMP/out")"
	[ "$(grep -c '^M' "$TEST_TMP/out")" = 2 ]
}

@test "kota-parse --rev shows a branch, a tag, a sha, HEAD~1, with that commit's id" {
	new_repo
	pyfile a.py one
	commit_all first
	git tag -a -m v1 v1
	git tag light
	git branch old
	local first
	first=$(git rev-parse HEAD)
	pyfile a.py two
	pyfile b.py bee
	commit_all second

	local rev
	for rev in old v1 light "$first" "${first:0:10}" HEAD~1 HEAD^ 'HEAD@{1}'; do
		kp_ok --rev "$rev"
		assert_paths a.py
		assert_symbol a.py function one
		refute_symbol a.py function two
		grep -qx "M${TAB}commit${TAB}$first" "$TEST_TMP/out" ||
			fail "--rev $rev: no M commit $first:$NL$(cat "$TEST_TMP/out")"
	done
	kp_ok --rev=HEAD
	assert_paths a.py b.py
	assert_symbol a.py function two
	grep -qx "M${TAB}commit${TAB}$(git rev-parse HEAD)" "$TEST_TMP/out" ||
		fail "--rev=HEAD: M commit"
	# --rev HEAD is the default
	cp "$TEST_TMP/out" "$TEST_TMP/rev-head"
	kp_ok
	assert_same_file "$TEST_TMP/rev-head" "$TEST_TMP/out"
	# a tree is no commit: the same files, no M commit
	kp_ok --rev 'HEAD~1^{tree}'
	assert_paths a.py
	assert_symbol a.py function one
	! grep -q "^M${TAB}commit" "$TEST_TMP/out" || fail "M commit for a tree: $(grep '^M' "$TEST_TMP/out")"
}

@test "kota-parse --rev of an unknown revision exits 2 with a message" {
	new_repo
	pyfile a.py f
	commit_all
	kp --rev no-such-branch
	[ "$status" -eq 2 ]
	grep -q 'no-such-branch' "$TEST_TMP/err" || fail "message: $(cat "$TEST_TMP/err")"
	[ "$(grep -c . "$TEST_TMP/out")" -eq 0 ] || fail "wrote to stdout: $(cat "$TEST_TMP/out")"
}

@test "kota-parse --worktree sees uncommitted edits and untracked files but not ignored ones" {
	new_repo
	printf 'ignored.py\nbuild/\n*.gen.py\n' >.gitignore
	pyfile a.py committed_fn
	pyfile gone.py gone_fn
	commit_all
	pyfile a.py edited_fn
	pyfile new.py untracked_fn
	pyfile deep/er/nested.py nested_fn
	pyfile ignored.py ignored_fn
	pyfile build/out.py build_fn
	pyfile x.gen.py gen_fn
	rm gone.py
	kp_ok --worktree
	assert_paths a.py deep/er/nested.py new.py
	assert_symbol a.py function edited_fn
	refute_symbol a.py function committed_fn
	assert_symbol new.py function untracked_fn
	assert_symbol deep/er/nested.py function nested_fn
	# the blob ids are those of the files on disk
	grep -q "^F${TAB}a.py${TAB}python${TAB}$(git hash-object a.py)${TAB}$(file_size a.py)\$" \
		"$TEST_TMP/out" || fail "F record: $(grep '^F' "$TEST_TMP/out")"
	# the work tree is not a commit
	! grep -q "^M${TAB}commit" "$TEST_TMP/out" || fail "M commit record in --worktree mode"
	# ignored files and a deleted file are no news
	assert_err_empty
}

@test "kota-parse --worktree outside a git repository parses the directory" {
	mkdir -p dir/src
	pyfile dir/a.py top_fn
	printf 'fn main() {}\n' >dir/src/main.rs
	printf 'not source\n' >dir/README
	cd dir
	kp_ok --worktree
	assert_paths a.py src/main.rs
	assert_symbol a.py function top_fn
	assert_symbol src/main.rs function main
	local blob
	blob=$(awk -F '\t' '$1 == "F" && $2 == "a.py" { print $4 }' "$TEST_TMP/out")
	[ "$blob" = - ] || [ "$blob" = "$(git hash-object a.py)" ] || fail "blob field '$blob'"
	# and the stream packs
	kota-pack -o "$TEST_TMP/idx" "$TEST_TMP/out"
	kota-dump --verify "$TEST_TMP/idx"
}

@test "kota-parse --worktree outside a git repository goes into every directory but .git ones, and follows no link" {
	mkdir -p outside dir/src/deep/er dir/vendor/.git/objects dir/.hidden
	pyfile outside/o.py outside_fn
	pyfile dir/a.py top_fn
	pyfile dir/src/deep/er/d.py deep_fn
	pyfile dir/.hidden/h.py hidden_fn
	pyfile dir/vendor/lib.py lib_fn
	pyfile dir/vendor/.git/objects/x.py in_git_fn
	ln -s ../outside dir/linkdir
	ln -s a.py dir/src/link.py
	cd dir
	kp_ok --worktree
	assert_paths .hidden/h.py a.py src/deep/er/d.py vendor/lib.py
	assert_note linkdir 'skipped \(symbolic link\)'
	assert_note src/link.py 'skipped \(symbolic link\)'
	assert_err_lines 2
}

@test "kota-parse outside a git repository without --worktree exits 2 with a message" {
	mkdir dir
	pyfile dir/a.py f
	cd dir
	kp
	[ "$status" -eq 2 ]
	grep -qi 'git' "$TEST_TMP/err" || fail "message: $(cat "$TEST_TMP/err")"
	assert_err_lines 1
	[ ! -s "$TEST_TMP/out" ] || fail "wrote to stdout: $(cat "$TEST_TMP/out")"
}

@test "kota-parse in a repository with no commits exits 2 with a clear message" {
	new_repo
	pyfile a.py f
	git add a.py
	kp
	[ "$status" -eq 2 ]
	grep -qi 'no commits' "$TEST_TMP/err" || fail "message: $(cat "$TEST_TMP/err")"
	assert_err_lines 1
	[ ! -s "$TEST_TMP/out" ] || fail "wrote to stdout: $(cat "$TEST_TMP/out")"
	kp --rev HEAD
	[ "$status" -eq 2 ]
	[ -s "$TEST_TMP/err" ]
	[ ! -s "$TEST_TMP/out" ] || fail "wrote to stdout: $(cat "$TEST_TMP/out")"
}

@test "kota-parse --worktree in a repository with no commits parses the files" {
	new_repo
	pyfile a.py staged_fn
	git add a.py
	pyfile b.py untracked_fn
	kp_ok --worktree
	assert_paths a.py b.py
	assert_symbol a.py function staged_fn
	assert_symbol b.py function untracked_fn
	assert_err_empty
}

@test "kota-parse in a bare repository reads HEAD; --worktree there exits 2" {
	new_repo src
	pyfile lib/a.py bare_fn
	commit_all
	cd ..
	git clone -q --bare src bare.git
	cd bare.git
	kp_ok
	assert_paths lib/a.py
	assert_symbol lib/a.py function bare_fn
	grep -qx "M${TAB}commit${TAB}$(git rev-parse HEAD)" "$TEST_TMP/out"
	kp --worktree
	[ "$status" -eq 2 ]
	[ -s "$TEST_TMP/err" ]
}

@test "kota-parse finds the repository from GIT_DIR" {
	new_repo
	pyfile a.py env_fn
	commit_all
	cd "$TEST_TMP"
	GIT_DIR=$TEST_TMP/repo/.git kp_ok
	assert_paths a.py
	assert_symbol a.py function env_fn
}

@test "kota-parse takes GIT_DIR with GIT_WORK_TREE, as git hooks may set them" {
	new_repo
	pyfile a.py tree_fn
	commit_all
	pyfile b.py untracked_fn
	cd "$TEST_TMP"
	GIT_DIR=$TEST_TMP/repo/.git GIT_WORK_TREE=$TEST_TMP/repo kp_ok
	assert_paths a.py
	GIT_DIR=$TEST_TMP/repo/.git GIT_WORK_TREE=$TEST_TMP/repo kp_ok --worktree
	assert_paths a.py b.py
	assert_symbol b.py function untracked_fn
}

# --- choosing files --------------------------------------------------------

@test "kota-parse PATH arguments restrict the files to those paths and directories" {
	new_repo
	pyfile a.py a_fn
	pyfile ab.py ab_fn
	pyfile src/b.py b_fn
	printf 'fn d() {}\n' >d.rs
	mkdir -p src/c
	printf 'fn d() {}\n' >src/c/d.rs
	pyfile srcx/e.py e_fn
	commit_all
	kp_ok a.py src
	assert_paths a.py src/b.py src/c/d.rs
	kp_ok ./a.py src/
	assert_paths a.py src/b.py src/c/d.rs
	kp_ok src/c/d.rs
	assert_paths src/c/d.rs
	kp_ok --worktree a.py src
	assert_paths a.py src/b.py src/c/d.rs
	# a path that names nothing is an error (a typo must not index nothing)
	run --separate-stderr kota-parse no-such.py
	assert_failure 2
	[ "$stderr" = "kota-parse: no-such.py: no such file or directory in the tree (the path matches nothing)" ] ||
		fail "stderr: $stderr"
	# . is everything
	kp_ok .
	assert_paths a.py ab.py d.rs src/b.py src/c/d.rs srcx/e.py
}

@test "kota-parse --files-from FILE and - read newline-separated paths" {
	new_repo
	pyfile a.py a_fn
	pyfile b.py b_fn
	pyfile src/c.py c_fn
	pyfile other/d.py d_fn
	commit_all
	printf 'a.py\nsrc\n' >"$TEST_TMP/list"
	kp_ok --files-from "$TEST_TMP/list"
	assert_paths a.py src/c.py
	kp_ok --files-from - <"$TEST_TMP/list"
	assert_paths a.py src/c.py
	printf 'b.py\n' | kp_ok --files-from=-
	assert_paths b.py
	# PATH arguments add to the list
	kp_ok --files-from "$TEST_TMP/list" b.py
	assert_paths a.py b.py src/c.py
	# an empty list selects no file
	: >"$TEST_TMP/empty"
	kp_ok --files-from "$TEST_TMP/empty"
	assert_paths
	# a missing list is an error
	kp --files-from "$TEST_TMP/no-such-list"
	[ "$status" -eq 2 ]
}

@test "kota-parse -z --files-from reads NUL-separated paths, newlines included" {
	new_repo
	pyfile a.py a_fn
	pyfile $'new\nline.py' nl_fn
	pyfile 'b c.py' space_fn
	pyfile other.py other_fn
	commit_all
	printf 'a.py\0new\nline.py\0b c.py\0' >"$TEST_TMP/list0"
	kp_ok -z --files-from "$TEST_TMP/list0"
	assert_paths a.py 'b c.py' 'new\nline.py'
	kp_ok --null --files-from - <"$TEST_TMP/list0"
	assert_paths a.py 'b c.py' 'new\nline.py'
	kp_ok --worktree -z --files-from "$TEST_TMP/list0"
	assert_paths a.py 'b c.py' 'new\nline.py'
}

@test "kota-parse from a subdirectory emits paths relative to the repository root" {
	new_repo
	pyfile top.py top_fn
	pyfile sub/inner.py inner_fn
	commit_all
	cd sub
	kp_ok
	assert_paths sub/inner.py top.py
	kp_ok --worktree
	assert_paths sub/inner.py top.py
}

@test "kota-parse --worktree from a subdirectory: PATH and --files-from are relative to it" {
	new_repo
	pyfile x.py root_x
	pyfile sub/x.py sub_x
	pyfile sub/y.py sub_y
	commit_all
	cd sub
	kp_ok --worktree x.py
	assert_paths sub/x.py
	kp_ok --worktree .
	assert_paths sub/x.py sub/y.py
	printf 'y.py\n' | kp_ok --worktree --files-from -
	assert_paths sub/y.py
}

@test "kota-parse (HEAD, --rev) from a subdirectory: PATH and --files-from are relative to it" {
	new_repo
	pyfile x.py root_x
	pyfile sub/x.py sub_x
	pyfile sub/y.py sub_y
	commit_all
	cd sub
	kp_ok x.py
	assert_paths sub/x.py
	kp_ok --rev HEAD .
	assert_paths sub/x.py sub/y.py
	printf 'y.py\n' | kp_ok --files-from -
	assert_paths sub/y.py
}

@test "kota-parse from a subdirectory: ../PATH names a file above it (--worktree and HEAD)" {
	new_repo
	pyfile x.py root_x
	pyfile sub/x.py sub_x
	pyfile other/y.py other_y
	commit_all
	cd sub
	kp_ok --worktree ../x.py
	assert_paths x.py
	kp_ok --worktree ../other
	assert_paths other/y.py
	kp_ok ../x.py
	assert_paths x.py
	printf '../other/y.py\n' | kp_ok --files-from -
	assert_paths other/y.py
}

# --- skipped files ---------------------------------------------------------

@test "kota-parse skips a binary file with a one-line note; -q silences it" {
	new_repo
	pyfile a.py a_fn
	printf 'int f(void) { return 0; }\n\0\1\2binary\n' >blob.c
	printf '\0\1\2\3' >noext
	commit_all
	kp_ok
	assert_paths a.py
	assert_note blob.c 'binary'
	assert_note noext 'binary'
	assert_err_lines 2
	kp_ok -q
	assert_paths a.py
	assert_err_empty
	kp_ok --worktree
	assert_paths a.py
	assert_note blob.c 'binary'
	assert_err_lines 2
}

@test "kota-parse skips a small file whose parse churns, with a note (found by fuzzing)" {
	# 710 bytes of broken TSX on which tree-sitter's error recovery made 6.5
	# million allocations (2 s; 22 s under ASan).  Its allocations are
	# budgeted like the rest of the work: the file is skipped, the others kept.
	new_repo
	pyfile a.py a_fn
	cp "$FIXTURES/churn.tsx" churn.tsx
	commit_all
	kp_ok
	assert_paths a.py
	assert_note churn.tsx "more work than its size allows: tree-sitter's allocations"
	assert_err_lines 1
}

@test "kota-parse skips files over --max-size with a note" {
	new_repo
	pyfile small.py small_fn
	pyfile big.py $(printf 'f%d ' $(seq 1 100))	# about 2 KB
	commit_all
	{ [ "$(file_size big.py)" -gt 1100 ] && [ "$(file_size big.py)" -lt 4000 ]; } || fail "big.py is $(file_size big.py) bytes"
	kp_ok --max-size 1000
	assert_paths small.py
	assert_note big.py 'size|large|big'
	assert_err_lines 1
	kp_ok --max-size 1k
	assert_paths small.py
	kp_ok --max-size 4K
	assert_paths big.py small.py
	assert_err_empty
	kp_ok --worktree --max-size 1000
	assert_paths small.py
	assert_note big.py 'size|large|big'
	kp_ok -q --max-size 1000
	assert_paths small.py
	assert_err_empty
	# the limit is inclusive: a file of exactly --max-size bytes is parsed
	kp_ok --max-size "$(file_size big.py)"
	assert_paths big.py small.py
	kp_ok --max-size "$(($(file_size big.py) - 1))"
	assert_paths small.py
}

@test "kota-parse takes the maximum size from git config kota.maxSize" {
	new_repo
	printf 'def s():\n    pass\n' >small.py	# under 100 bytes
	pyfile big.py f1 f2 f3 f4 f5 f6 f7 f8	# over 100 bytes
	commit_all
	git config kota.maxSize 100
	kp_ok
	assert_paths small.py
	assert_note big.py 'size|large|big'
	kp_ok --worktree
	assert_paths small.py
	# the command line wins over the configuration
	kp_ok --max-size 1M
	assert_paths big.py small.py
	git config kota.maxSize 1k
	kp_ok
	assert_paths big.py small.py
}

@test "kota-parse default maximum size is 1 MiB" {
	new_repo
	python3 -c '
import sys
line = "# " + "x" * 61 + "\n"             # 64 bytes
body = "def f():\n    pass\n"              # 18 bytes
n = 1048576 - len(body)
open("exact.py", "w").write(body + line * (n // 64) + "#" * (n % 64 - 1) + "\n")
open("over.py", "w").write(body + line * (n // 64) + "#" * (n % 64) + "\n")
'
	[ "$(file_size exact.py)" -eq 1048576 ]
	[ "$(file_size over.py)" -eq 1048577 ]
	commit_all
	kp_ok
	assert_paths exact.py
	assert_note over.py 'size|large|big'
	assert_err_lines 1
}

@test "kota-parse --max-size with a bad size exits 2" {
	new_repo
	pyfile a.py f
	commit_all
	local s
	for s in '' abc 10x -5 1kb; do
		kp --max-size "$s"
		[ "$status" -eq 2 ] || fail "--max-size '$s' exited $status"
		[ -s "$TEST_TMP/err" ]
	done
}

@test "kota-parse skips a symbolic link in HEAD's tree with a note" {
	new_repo
	pyfile a.py a_fn
	ln -s a.py link.py
	ln -s no-such-target.py dangling.py
	commit_all
	[ "$(git ls-files -s link.py | cut -c1-6)" = 120000 ]
	kp_ok
	assert_paths a.py
	assert_note link.py 'link'
	assert_note dangling.py 'link'
	assert_err_lines 2
	kp_ok -q
	assert_err_empty
}

@test "kota-parse --worktree skips symbolic links with a note" {
	new_repo
	pyfile a.py a_fn
	ln -s a.py link.py
	commit_all
	ln -s a.py untracked-link.py
	mkdir realdir
	pyfile realdir/r.py r_fn
	git add realdir
	git commit -q -m realdir
	ln -s realdir linkdir
	kp_ok --worktree
	assert_paths a.py realdir/r.py
	assert_note link.py 'link'
	assert_note untracked-link.py 'link'
}

@test "kota-parse --worktree does not read a tracked file through a symbolic link in its path, as git does not" {
	mkdir outside outside/deeper
	pyfile outside/s.py outside_fn
	pyfile outside/deeper/t.py deeper_fn
	new_repo
	pyfile a.py a_fn
	pyfile d/s.py d_fn
	pyfile e/f/t.py t_fn
	commit_all
	# d and e/f are replaced by links to directories outside the work tree
	rm -r d e/f
	ln -s ../outside d
	ln -s ../../outside/deeper e/f
	kp_ok --worktree
	assert_paths a.py
	refute_symbol d/s.py function outside_fn
	assert_note d/s.py 'skipped \(beyond a symbolic link\)'
	assert_note e/f/t.py 'skipped \(beyond a symbolic link\)'
	# and when the work tree is reached through GIT_DIR and GIT_WORK_TREE
	cd ..
	GIT_DIR=repo/.git GIT_WORK_TREE=repo kp_ok --worktree
	assert_paths a.py
	assert_note d/s.py 'beyond a symbolic link'
}

@test "kota-parse skips a submodule (gitlink) with a note" {
	new_repo
	pyfile a.py a_fn
	commit_all
	git update-index --add --cacheinfo "160000,$(git rev-parse HEAD),sub"
	git commit -q -m submodule
	[ "$(git ls-tree HEAD sub | cut -d' ' -f2)" = commit ]
	kp_ok
	assert_paths a.py
	assert_note sub 'submodule'
	assert_err_lines 1
	kp_ok -q
	assert_err_empty
	kp_ok --worktree
	assert_paths a.py
	assert_note sub 'submodule'
	assert_err_lines 1
}

@test "kota-parse skips files whose kota attribute is unset (.gitattributes)" {
	new_repo
	printf 'vendor/** -kota\nthird_party/skip.py -kota\nkeep/** kota\n' >.gitattributes
	pyfile a.py a_fn
	pyfile vendor/v.py v_fn
	pyfile vendor/deep/w.py w_fn
	pyfile third_party/skip.py skip_fn
	pyfile third_party/ok.py ok_fn
	pyfile keep/k.py k_fn
	commit_all
	kp_ok
	assert_paths a.py keep/k.py third_party/ok.py
	assert_note vendor/v.py 'attribute|kota'
	assert_note vendor/deep/w.py 'attribute|kota'
	assert_note third_party/skip.py 'attribute|kota'
	assert_err_lines 3
	kp_ok -q
	assert_err_empty
	kp_ok --worktree
	assert_paths a.py keep/k.py third_party/ok.py
	assert_err_lines 3
	# HEAD mode reads HEAD's attributes even with no work tree
	rm -rf .gitattributes vendor third_party keep a.py
	kp_ok -q
	assert_paths a.py keep/k.py third_party/ok.py
}

@test "kota-parse reads the kota attribute from every attributes file git reads, not only the tree's" {
	new_repo
	pyfile a.py a_fn
	pyfile vendor/v.py v_fn
	pyfile gen/g.py g_fn
	commit_all
	kp_ok -q
	assert_paths a.py gen/g.py vendor/v.py
	# $GIT_DIR/info/attributes
	mkdir -p .git/info
	printf 'vendor/** -kota\n' >.git/info/attributes
	kp_ok -q
	assert_paths a.py gen/g.py
	rm .git/info/attributes
	# core.attributesFile
	printf 'gen/** -kota\n' >"$TEST_TMP/attrs"
	git config core.attributesFile "$TEST_TMP/attrs"
	kp_ok -q
	assert_paths a.py vendor/v.py
	git config --unset core.attributesFile
	# git's default global file, under $HOME/.config
	mkdir -p "$HOME/.config/git"
	printf 'a.py -kota\n' >"$HOME/.config/git/attributes"
	kp_ok -q
	assert_paths gen/g.py vendor/v.py
	rm "$HOME/.config/git/attributes"
	# a macro from info/attributes, used by the tree's .gitattributes, which does not name kota
	printf '[attr]notours -kota\n' >.git/info/attributes
	printf 'vendor/** notours\n' >.gitattributes
	commit_all
	kp_ok -q
	assert_paths a.py gen/g.py
	rm .git/info/attributes
	kp_ok -q
	assert_paths a.py gen/g.py vendor/v.py
}

# kp_guarded ARG...: kp, but a kota-parse that hangs is stopped after 60 s
# (a guard against a hang, not a measure of speed: it should take well under
# a second), and so is one that takes more than 1 GiB (unless it cannot
# start under that limit at all, as an ASan build cannot).
kp_guarded() {
	local limit=1048576
	(ulimit -v "$limit" && exec kota-parse --version) >/dev/null 2>&1 || limit=unlimited
	status=0
	(ulimit -v "$limit" && exec timeout 60 kota-parse "$@") >"$TEST_TMP/out" 2>"$TEST_TMP/err" || status=$?
	[ "$status" -le 2 ] || fail "kota-parse $* hung or crashed: exit status $status$NL$(cat "$TEST_TMP/err")"
}

# assert_refused REGEX ARG...: kota-parse ARG... (guarded) exits 2 with one
# line on stderr that matches REGEX.
assert_refused() {
	local re=$1
	shift
	kp_guarded "$@"
	[ "$status" -eq 2 ] || fail "kota-parse $*: exit $status, not 2: $(cat "$TEST_TMP/err")"
	assert_err_lines 1
	grep -q -- "$re" "$TEST_TMP/err" || fail "kota-parse $*: no /$re/ on stderr: $(cat "$TEST_TMP/err")"
}

@test "kota-parse refuses an attributes or ignore file that is not a regular file (a FIFO, /dev/zero) with one line, and takes /dev/null" {
	new_repo
	pyfile a.py a_fn
	commit_all
	git config core.attributesFile /dev/zero
	assert_refused '^kota-parse: /dev/zero: not a regular file'
	assert_refused '^kota-parse: /dev/zero: not a regular file' --worktree
	# /dev/null is the usual way to have no global attributes
	git config core.attributesFile /dev/null
	kp_ok
	assert_paths a.py
	assert_err_empty
	git config --unset core.attributesFile
	# a FIFO nobody writes to: libgit2 would wait on it for ever
	mkdir -p .git/info
	mkfifo .git/info/attributes
	assert_refused '^kota-parse: .*\.git/info/attributes: not a regular file'
	assert_refused '^kota-parse: .*\.git/info/attributes: not a regular file' --worktree
	rm .git/info/attributes
	# even when the tree's own .gitattributes names kota
	printf 'x.py -kota\n' >.gitattributes
	commit_all
	mkfifo .git/info/attributes
	assert_refused '^kota-parse: .*\.git/info/attributes: '
	rm .git/info/attributes
	# a .gitattributes in a directory of the work tree, which --worktree reads
	pyfile sub/b.py b_fn
	mkfifo sub/.gitattributes
	assert_refused '^kota-parse: .*/sub/\.gitattributes: ' --worktree
	rm sub/.gitattributes
	# and the ignore files that --worktree has libgit2 read
	git add sub/b.py
	mkfifo sub/.gitignore
	assert_refused '^kota-parse: .*/sub/\.gitignore: ' --worktree
	rm sub/.gitignore
	rm -f .git/info/exclude
	mkfifo .git/info/exclude
	assert_refused '^kota-parse: .*\.git/info/exclude: ' --worktree
	rm .git/info/exclude
	git config core.excludesFile /dev/zero
	assert_refused '^kota-parse: /dev/zero: ' --worktree
	git config --unset core.excludesFile
	kp_guarded --worktree
	[ "$status" -eq 0 ] || fail "exit $status: $(cat "$TEST_TMP/err")"
}

@test "kota-parse --worktree skips a FIFO in the work tree with a note instead of waiting on it" {
	new_repo
	pyfile a.py a_fn
	mkfifo fifo.py
	kp_guarded --worktree
	[ "$status" -eq 0 ] || fail "exit $status: $(cat "$TEST_TMP/err")"
	assert_paths a.py
	rm -rf .git
	kp_guarded --worktree
	[ "$status" -eq 0 ] || fail "exit $status: $(cat "$TEST_TMP/err")"
	assert_paths a.py
	assert_note fifo.py 'not a regular file'
}

@test "kota-parse --rev REV uses the .gitattributes of REV" {
	new_repo
	pyfile a.py a_fn
	pyfile vendor/v.py v_fn
	commit_all before
	printf 'vendor/** -kota\n' >.gitattributes
	commit_all after
	kp_ok
	assert_paths a.py
	# HEAD~1 has no .gitattributes: vendor/ is indexed there
	kp_ok --rev HEAD~1
	assert_paths a.py vendor/v.py
	assert_err_empty
}

@test "kota-parse notes skipped files only among the requested paths" {
	new_repo
	pyfile a.py a_fn
	ln -s a.py link.py
	printf '\0binary' >blob.c
	printf 'vendor/** -kota\n' >.gitattributes
	pyfile vendor/v.py v_fn
	commit_all
	git update-index --add --cacheinfo "160000,$(git rev-parse HEAD),sub"
	git commit -q -m submodule
	kp_ok a.py
	assert_paths a.py
	assert_err_empty
	kp_ok --worktree a.py
	assert_paths a.py
	assert_err_empty
}

@test "kota-parse notes every kind of skipped file, one line each; -q and --quiet silence all" {
	new_repo
	pyfile a.py a_fn
	ln -s a.py link.py
	printf '\0binary' >blob.c
	pyfile big.py $(printf 'f%d ' $(seq 1 100))
	printf 'vendor/** -kota\n' >.gitattributes
	pyfile vendor/v.py v_fn
	commit_all
	git update-index --add --cacheinfo "160000,$(git rev-parse HEAD),sub"
	git commit -q -m submodule
	kp_ok --max-size 1000
	assert_paths a.py
	assert_err_lines 5
	local p
	for p in link.py blob.c big.py vendor/v.py sub; do
		assert_note "$p" 'skip'
	done
	kp_ok -q --max-size 1000
	assert_paths a.py
	assert_err_empty
	kp_ok --quiet --max-size 1000
	assert_err_empty
}

@test "kota-parse escapes the paths in its notes as the stream does: a newline in a name forges no line" {
	new_repo
	printf '\0binary' >$'evil\nkota-parse: forged.c: skipped (binary).c'
	printf '\0binary' >$'tab\there\\.c'
	printf '\0binary' >$'ctl\001.c'
	commit_all
	kp_ok
	assert_err_lines 3
	grep -qxF 'kota-parse: evil\nkota-parse: forged.c: skipped (binary).c: skipped (binary)' "$TEST_TMP/err" ||
		fail "no escaped note:$NL$(cat "$TEST_TMP/err")"
	grep -qxF 'kota-parse: tab\there\\.c: skipped (binary)' "$TEST_TMP/err" || fail "$(cat "$TEST_TMP/err")"
	grep -qxF 'kota-parse: ctl\x01.c: skipped (binary)' "$TEST_TMP/err" || fail "$(cat "$TEST_TMP/err")"
	kp_ok --worktree
	assert_err_lines 3
	# a path given on the command line that names nothing is escaped too
	run --separate-stderr kota-parse $'no\nsuch'
	assert_failure 2
	[ "$stderr" = 'kota-parse: no\nsuch: no such file or directory in the tree (the path matches nothing)' ] ||
		fail "stderr: $stderr"
}

# --- languages -------------------------------------------------------------

@test "kota-parse detects the language by file extension" {
	new_repo
	printf 'f() { :; }\n' >a.sh
	printf 'f() { :; }\n' >a.bash
	printf 'int f(void) { return 0; }\n' >a.c
	printf 'int f(void);\n' >a.h
	printf 'int f() { return 0; }\n' >a.cc
	printf 'int f() { return 0; }\n' >a.cpp
	printf 'int f();\n' >a.hpp
	printf 'package a\nfunc F() {}\n' >a.go
	printf 'class A { void f() {} }\n' >A.java
	printf 'function f() {}\n' >a.js
	printf 'export function f() {}\n' >a.mjs
	printf 'function F() { return <div/>; }\n' >a.jsx
	printf 'def f():\n    pass\n' >a.py
	printf 'def f(): ...\n' >a.pyi
	printf 'def f\nend\n' >a.rb
	printf 'fn f() {}\n' >a.rs
	printf 'function f(): void {}\n' >a.ts
	printf 'function F() { return <div/>; }\n' >a.tsx
	printf 'not source\n' >README.md
	printf 'not source\n' >notes.txt
	printf 'def f():\n    pass\n' >Makefile
	commit_all
	kp_ok
	assert_err_empty
	local f want
	while read -r f want; do
		[ "$(lang_of "$f")" = "$want" ] || fail "$f: language '$(lang_of "$f")', want $want"
	done <<EOF
a.sh bash
a.bash bash
a.c c
a.h c
a.cc cpp
a.cpp cpp
a.hpp cpp
a.go go
A.java java
a.js javascript
a.mjs javascript
a.jsx javascript
a.py python
a.pyi python
a.rb ruby
a.rs rust
a.ts typescript
a.tsx tsx
EOF
	[ "$(paths | wc -l)" -eq 18 ] || fail "files: $(paths)"
	# and each parsed with its grammar
	assert_symbol a.py function f
	assert_symbol a.rs function f
	assert_symbol a.ts function f
	assert_symbol a.tsx function F
	assert_symbol a.jsx function F
	assert_symbol A.java method f
	assert_symbol a.go function F
	symbols | cut -f1,3 | grep -qx "a.rb${TAB}f" || fail "no f in a.rb:$NL$(symbols)"
	assert_symbol a.sh function f
}

@test "kota-parse detects extensionless scripts by their #! line" {
	new_repo
	mkdir bin
	printf '#!/usr/bin/env python3\ndef py_env():\n    pass\n' >bin/py-env
	printf '#!/usr/bin/python3.11\ndef py_abs():\n    pass\n' >bin/py-abs
	printf '#!/bin/sh\nsh_fn() { :; }\n' >bin/sh-script
	printf '#!/usr/bin/env bash\nbash_fn() { :; }\n' >bin/bash-script
	printf '#!/usr/bin/env ruby\ndef rb_fn\nend\n' >bin/rb-script
	printf '#!/usr/bin/env node\nfunction js_fn() {}\n' >bin/js-script
	printf '#!/usr/bin/perl\nsub perl_fn {}\n' >bin/perl-script
	printf 'def no_shebang():\n    pass\n' >bin/plain
	printf '#!/usr/bin/env python3\ndef dotted():\n    pass\n' >bin/.hidden
	commit_all
	kp_ok
	assert_paths bin/.hidden bin/bash-script bin/js-script bin/py-abs bin/py-env bin/rb-script bin/sh-script
	[ "$(lang_of bin/py-env)" = python ]
	[ "$(lang_of bin/py-abs)" = python ]
	[ "$(lang_of bin/sh-script)" = bash ]
	[ "$(lang_of bin/bash-script)" = bash ]
	[ "$(lang_of bin/rb-script)" = ruby ]
	[ "$(lang_of bin/js-script)" = javascript ]
	assert_symbol bin/py-env function py_env
	assert_symbol bin/sh-script function sh_fn
	assert_symbol bin/js-script function js_fn
	assert_err_empty
	kp_ok --worktree
	assert_paths bin/.hidden bin/bash-script bin/js-script bin/py-abs bin/py-env bin/rb-script bin/sh-script
}

@test "kota-parse parses *.h as C, or as C++ with git config kota.cppHeaders true" {
	new_repo
	printf 'struct point { int x; };\nint area(int w);\n' >shape.h
	printf 'namespace geo { class Shape { public: int area(); }; }\n' >geo.h
	commit_all
	kp_ok
	[ "$(lang_of shape.h)" = c ]
	[ "$(lang_of geo.h)" = c ]
	git config kota.cppHeaders true
	kp_ok
	[ "$(lang_of shape.h)" = cpp ]
	[ "$(lang_of geo.h)" = cpp ]
	kp_ok --worktree
	[ "$(lang_of geo.h)" = cpp ]
	git config kota.cppHeaders false
	kp_ok
	[ "$(lang_of geo.h)" = c ]
}

@test "kota-parse --lang overrides the detected language" {
	new_repo
	printf 'namespace geo { class Shape {}; }\n' >geo.h
	printf 'def from_txt():\n    pass\n' >notes.txt
	commit_all
	kp_ok --lang cpp geo.h
	assert_paths geo.h
	[ "$(lang_of geo.h)" = cpp ]
	kp_ok --lang=python notes.txt
	assert_paths notes.txt
	[ "$(lang_of notes.txt)" = python ]
	assert_symbol notes.txt function from_txt
}

@test "kota-parse --lang with an unknown language exits 2" {
	new_repo
	pyfile a.py f
	commit_all
	kp --lang cobol
	[ "$status" -eq 2 ]
	grep -q cobol "$TEST_TMP/err" || fail "message: $(cat "$TEST_TMP/err")"
	[ ! -s "$TEST_TMP/out" ]
}

@test "kota-parse --languages lists at least the 11 languages" {
	run --separate-stderr kota-parse --languages
	assert_success
	[ -z "$stderr" ]
	local l
	for l in bash c cpp go java javascript python ruby rust typescript tsx; do
		cut -f1 <<<"$output" | cut -d' ' -f1 | grep -qx "$l" || fail "$l not listed:$NL$output"
	done
	[ "${#lines[@]}" -ge 11 ]
	# works outside a repository, and every listed name is accepted by --lang
	for l in $(cut -f1 <<<"$output" | cut -d' ' -f1); do
		mkdir -p "d-$l"
		(cd "d-$l" && kota-parse --worktree --lang "$l" >/dev/null) || fail "--lang $l"
	done
}

# --- threads ---------------------------------------------------------------

@test "kota-parse output is byte-identical for -j1, -j2 and -j4 on 200 files" {
	new_repo
	local i
	for i in $(seq 1 40); do
		mkdir -p "pkg$((i % 7))/sub$((i % 3))"
		pyfile "pkg$((i % 7))/sub$((i % 3))/m$i.py" "f$i" "g$i" "h"
		printf 'int c%d(void) { return %d; }\nstruct s%d { int a; };\n' "$i" "$i" "$i" >"pkg$((i % 7))/c$i.c"
		printf 'struct R%d { x: u32 }\nimpl R%d { fn get(&self) -> u32 { self.x } }\n' "$i" "$i" >"r$i.rs"
		mkdir -p "sh$((i % 5))"
		printf 'b%d() { echo %d; }\n' "$i" "$i" >"sh$((i % 5))/s$i.sh"
		mkdir -p "go$((i % 4))"
		printf 'package p\nfunc G%d() int { return %d }\n' "$i" "$i" >"go$((i % 4))/g$i.go"
	done
	printf 'not a source file\n' >README
	commit_all
	[ "$(git ls-files | wc -l)" -ge 200 ]
	kp_ok -j1
	mv "$TEST_TMP/out" "$TEST_TMP/j1"
	[ "$(paths "$TEST_TMP/j1" | wc -l)" -eq 200 ] || fail "$(paths "$TEST_TMP/j1" | wc -l) files"
	# in path order, bytewise
	paths "$TEST_TMP/j1" | LC_ALL=C sort -c || fail "F records not in path order"
	local j
	for j in 2 4 8; do
		kp_ok -j "$j"
		assert_same_file "$TEST_TMP/j1" "$TEST_TMP/out"
		kp_ok --jobs="$j"
		assert_same_file "$TEST_TMP/j1" "$TEST_TMP/out"
	done
	kp_ok
	assert_same_file "$TEST_TMP/j1" "$TEST_TMP/out"
	kp_ok --worktree -j1
	mv "$TEST_TMP/out" "$TEST_TMP/w1"
	kp_ok --worktree -j4
	assert_same_file "$TEST_TMP/w1" "$TEST_TMP/out"
	# the work tree equals HEAD here: the same stream but for M commit
	grep -v "^M${TAB}commit" "$TEST_TMP/j1" >"$TEST_TMP/j1-nometa"
	assert_same_file "$TEST_TMP/j1-nometa" "$TEST_TMP/w1"
}

# --- history ---------------------------------------------------------------

@test "kota-parse follows renamed, deleted and binary files across two commits" {
	new_repo
	pyfile a.py a_fn
	pyfile b.py b_fn
	printf 'def c_fn():\n    pass\n' >c.py
	printf 'fn keep() {}\n' >keep.rs
	commit_all first
	git mv a.py renamed.py
	git rm -q b.py
	printf 'def c_fn():\n    pass\n\0\0binary now\n' >c.py
	commit_all second
	kp_ok --rev HEAD~1
	assert_paths a.py b.py c.py keep.rs
	assert_symbol a.py function a_fn
	assert_symbol c.py function c_fn
	assert_err_empty
	kp_ok
	assert_paths keep.rs renamed.py
	assert_symbol renamed.py function a_fn
	assert_note c.py binary
	assert_err_lines 1
	# the renamed file keeps its blob
	[ "$(awk -F '\t' '$2 == "renamed.py" { print $4 }' "$TEST_TMP/out")" = "$(git rev-parse HEAD~1:a.py)" ]
}

@test "kota-parse ids: editing one function leaves every other id unchanged" {
	new_repo
	cat >m.py <<'EOF'
import os

LIMIT = 3

def first():
    return 1

class Box:
    size = 0

    def open(self):
        return 1

    def close(self):
        return 2

def helper():
    return 3

def helper():
    return 4

def last():
    def inner():
        pass
    return inner
EOF
	printf 'fn untouched() {}\nstruct S { a: u8 }\n' >other.rs
	commit_all first
	kp_ok
	cp "$TEST_TMP/out" "$TEST_TMP/before"
	# a longer body for Box.open: every later symbol moves down
	python3 - <<'EOF'
s = open('m.py').read()
s = s.replace('    def open(self):\n        return 1\n',
              '    def open(self):\n        x = 1\n        y = 2\n\n        return x + y\n')
open('m.py', 'w').write(s)
EOF
	commit_all second
	kp_ok
	cp "$TEST_TMP/out" "$TEST_TMP/after"
	# positions moved ...
	! cmp -s <(grep '^S' "$TEST_TMP/before" | cut -f5) <(grep '^S' "$TEST_TMP/after" | cut -f5) ||
		fail "the edit moved nothing"
	# ... but not one id changed, nor a parent
	[ "$(grep -c '^S' "$TEST_TMP/before")" -ge 10 ] || fail "too few symbols:$NL$(symbols "$TEST_TMP/before")"
	ids "$TEST_TMP/before" >"$TEST_TMP/ids-before"
	ids "$TEST_TMP/after" >"$TEST_TMP/ids-after"
	assert_same_file "$TEST_TMP/ids-before" "$TEST_TMP/ids-after"
	grep '^S' "$TEST_TMP/before" | cut -f2,3,4,9 >"$TEST_TMP/parents-before"
	grep '^S' "$TEST_TMP/after" | cut -f2,3,4,9 >"$TEST_TMP/parents-after"
	assert_same_file "$TEST_TMP/parents-before" "$TEST_TMP/parents-after"
	# the two helper() definitions have distinct ids
	[ "$(awk -F '\t' '$1 == "S" && $4 == "helper"' "$TEST_TMP/after" | cut -f2 | sort -u | wc -l)" -eq 2 ]
	# the same file under another path has other ids (the path is part of an id)
	git mv m.py moved.py
	commit_all third
	kp_ok
	local old new
	old=$(awk -F '\t' '$1 == "S" && $4 == "first" { print $2 }' "$TEST_TMP/after")
	new=$(awk -F '\t' '$1 == "S" && $4 == "first" { print $2 }' "$TEST_TMP/out")
	{ [ -n "$old" ] && [ -n "$new" ] && [ "$old" != "$new" ]; } || fail "id of first() after the rename: '$old' -> '$new'"
	# other.rs kept its ids through all of it
	awk -F '\t' '$1 == "F" { f = $2 } $1 == "S" && f == "other.rs"' "$TEST_TMP/before" >"$TEST_TMP/rs-before"
	awk -F '\t' '$1 == "F" { f = $2 } $1 == "S" && f == "other.rs"' "$TEST_TMP/out" >"$TEST_TMP/rs-after"
	[ -s "$TEST_TMP/rs-before" ] || fail "no symbols in other.rs"
	assert_same_file "$TEST_TMP/rs-before" "$TEST_TMP/rs-after"
}

@test "kota-parse ids: out-of-line methods are qualified by their type (Go receivers, C++ Foo::bar, JS X.prototype.m), Rust impls by their trait" {
	new_repo
	cat >m.go <<'EOF'
package m

type A struct{}
type B struct{}
type L[T any] struct{}

func (a A) String() string { return "a" }
func (b *B) String() string { return "b" }
func (l *L[T]) String() string { return "l" }
EOF
	cat >m.cc <<'EOF'
struct A { void run(); };
struct B { void run(); };
void A::run() {}
void B::run() {}
EOF
	cat >m.js <<'EOF'
function A() {}
function B() {}
A.prototype.run = function () { return 1; };
B.prototype.run = function () { return 2; };
EOF
	cat >m.rs <<'EOF'
struct Foo;
impl std::fmt::Display for Foo { fn fmt(&self) {} }
impl std::fmt::Debug for Foo { fn fmt(&self) {} }
EOF
	commit_all first
	kp_ok
	cp "$TEST_TMP/out" "$TEST_TMP/before"
	# remove the first of each pair of namesakes: the second keeps its id,
	# as it would not if namesakes were told apart by their order alone
	sed -i '/^func (a A) String/d' m.go
	sed -i '/^void A::run/d' m.cc
	sed -i '/^A.prototype.run/d' m.js
	sed -i '/Display/d' m.rs
	commit_all second
	kp_ok
	local t f name line old new
	for t in 'm.go String 8' 'm.go String 9' 'm.cc run 4' 'm.js run 4' 'm.rs Foo 3' 'm.rs fmt 3'; do
		read -r f name line <<<"$t"
		old=$(awk -F '\t' -v f="$f" -v n="$name" -v l="$line" \
			'$1 == "F" { p = $2 } $1 == "S" && p == f && $4 == n && $5 == l { print $2 }' "$TEST_TMP/before")
		new=$(awk -F '\t' -v f="$f" -v n="$name" -v l="$((line - 1))" \
			'$1 == "F" { p = $2 } $1 == "S" && p == f && $4 == n && $5 == l { print $2 }' "$TEST_TMP/out")
		{ [ -n "$old" ] && [ "$old" = "$new" ]; } || fail "$f: id of $name at line $line: '$old' -> '$new'"
	done
	# the three String methods of the first commit had three ids
	[ "$(awk -F '\t' '$1 == "S" && $4 == "String"' "$TEST_TMP/before" | cut -f2 | sort -u | wc -l)" -eq 3 ]
}

# --- odd paths -------------------------------------------------------------

# make_odd_files: files whose names hold a space, TAB, LF, backslash, a
# control byte and invalid UTF-8, each with one function.
make_odd_files() {
	pyfile 'with space.py' space_fn
	pyfile $'tab\there.py' tab_fn
	pyfile $'new\nline.py' newline_fn
	pyfile 'back\slash.py' backslash_fn
	pyfile $'ctl\001.py' control_fn
	pyfile $'bad\xff\xfe.py' latin_fn
	pyfile $'caf\xc3\xa9.py' utf8_fn
	pyfile $'dir\twith\ttabs/x.py' deep_fn
}

# check_odd_paths: the F records of the last stream are the escaped names.
check_odd_paths() {
	printf '%s\n' 'back\\slash.py' $'bad\xff\xfe.py' $'caf\xc3\xa9.py' 'ctl\x01.py' \
		'dir\twith\ttabs/x.py' 'new\nline.py' 'tab\there.py' 'with space.py' |
		LC_ALL=C sort >"$TEST_TMP/want-paths"
	paths | LC_ALL=C sort >"$TEST_TMP/got-paths"
	assert_same_file "$TEST_TMP/want-paths" "$TEST_TMP/got-paths"
	[ "$(grep -c '^S' "$TEST_TMP/out")" -eq 8 ] || fail "symbols:$NL$(symbols)"
	# the stream round-trips through an index
	kota-pack -o "$TEST_TMP/idx" "$TEST_TMP/out" || fail "kota-pack rejected the stream"
	kota-dump --verify "$TEST_TMP/idx" >/dev/null || fail "kota-dump --verify failed"
	kota-dump "$TEST_TMP/idx" >"$TEST_TMP/dumped"
	assert_same_file "$TEST_TMP/out" "$TEST_TMP/dumped"
	# and kota-get finds a symbol by its real path
	run kota-get -f "$TEST_TMP/idx" --format=records --path $'new\nline.py'
	assert_success
	assert_line --partial "${TAB}newline_fn${TAB}"
}

@test "kota-parse escapes paths with spaces, tabs, newlines and non-UTF-8 bytes" {
	new_repo
	make_odd_files
	commit_all
	[ "$(git ls-files | wc -l)" -eq 8 ]
	kp_ok
	assert_err_empty
	check_odd_paths
}

@test "kota-parse --worktree escapes paths with spaces, tabs, newlines and non-UTF-8 bytes" {
	new_repo
	make_odd_files
	kp_ok --worktree
	assert_err_empty
	check_odd_paths
	# outside a repository too
	rm -rf .git
	kp_ok --worktree
	check_odd_paths
}

# --- broken sources --------------------------------------------------------

# --- what a file may cost ----------------------------------------------------

# one_line FILE FORMAT N: FILE holds FORMAT (with %d) for 0..N-1, all on one line.
one_line() {
	awk -v f="$2" -v n="$3" 'BEGIN { for (i = 0; i < n; i++) printf f, i; print "" }' >"$1"
}

@test "kota-parse: definitions on one long line cost work in proportion to the file, not its square" {
	new_repo
	one_line long.c 'int f%d(void){return 0;} ' 4000
	one_line long.js 'function f%d(){return 0}' 4000
	commit_all
	# 20 units of work a byte: scanning the rest of the line for each
	# symbol would take some 2000 a byte here
	KOTA_PARSE_WORK_BUDGET=20 kp_ok
	assert_err_empty
	[ "$(grep -c "^S" "$TEST_TMP/out")" -eq 8000 ] || fail "$(grep -c "^S" "$TEST_TMP/out") symbols"
	# the signature still ends with the definition
	grep -q "^S.*${TAB}f3999${TAB}.*${TAB}int f3999(void){return 0;}\$" "$TEST_TMP/out" || fail "$(tail -n 2 "$TEST_TMP/out")"
}

# nested FILE OPEN INNER CLOSE N: FILE holds OPEN N times, INNER, CLOSE N times.
nested() {
	awk -v o="$2" -v i="$3" -v c="$4" -v n="$5" \
		'BEGIN { for (k = 0; k < n; k++) printf "%s", o; printf "%s", i; for (k = 0; k < n; k++) printf "%s", c; print "" }' >"$1"
}

@test "kota-parse: namespaces and modules nested 33000 deep give every symbol, the innermost function too" {
	new_repo
	# 2 tree levels a namespace: past 65536 levels tree-sitter's query
	# cursor (a 16-bit depth) lost every match below
	nested deep.cc 'namespace a {' 'void inner(){}' '}' 33000
	nested deep.rs 'mod a {' 'fn inner(){}' '}' 33000
	commit_all
	kp_ok
	assert_err_empty
	[ "$(grep -c "^S.*${TAB}namespace${TAB}a${TAB}" "$TEST_TMP/out")" -eq 33000 ] || fail "namespaces: $(grep -c "${TAB}namespace${TAB}" "$TEST_TMP/out")"
	[ "$(grep -c "^S.*${TAB}module${TAB}a${TAB}" "$TEST_TMP/out")" -eq 33000 ] || fail "modules: $(grep -c "${TAB}module${TAB}" "$TEST_TMP/out")"
	assert_symbol deep.cc function inner
	assert_symbol deep.rs function inner
}

@test "kota-parse skips a file nested too deeply to cut into parts with a note, never drops its symbols silently" {
	new_repo
	# a left-recursive sum 70000 terms long: one node in the next at the
	# same byte, past the 16-bit depth of tree-sitter's query cursor; in
	# C++ a match can start at any node (a pattern has a wildcard root)
	{ printf 'void f(){}\nint x = 1'; awk 'BEGIN { for (k = 0; k < 70000; k++) printf "+1"; print ";" }'; } >sum.cc
	# in JavaScript no match starts at a sum or a number: nothing is lost
	{ printf 'function f(){}\nvar x = 1'; awk 'BEGIN { for (k = 0; k < 70000; k++) printf "+1"; print ";" }'; } >sum.js
	pyfile ok.py ok_fn
	commit_all
	kp_ok
	assert_paths ok.py sum.js
	assert_note sum.cc 'skipped \(more work than its size allows'
	assert_err_lines 1
	assert_symbol sum.js variable x
	KOTA_PARSE_WORK_BUDGET=0 kp_ok
	assert_paths ok.py sum.js
	assert_note sum.cc 'skipped \(nested too deeply'
	assert_err_lines 1
}

@test "kota-parse skips a file past its work budget with a note and goes on" {
	new_repo
	nested deep.cc 'namespace a {' 'void inner(){}' '}' 2000
	pyfile ok.py ok_fn
	commit_all
	KOTA_PARSE_WORK_BUDGET=1 kp_ok
	assert_paths ok.py
	assert_note deep.cc 'skipped \(more work than its size allows'
	assert_err_lines 1
	# another budget skips other files: --reuse must tell the indexes apart
	grep -q "^M${TAB}parse-settings${TAB}.* budget=1,250\$" "$TEST_TMP/out" || fail "$(sed -n 3p "$TEST_TMP/out")"
	KOTA_PARSE_WORK_BUDGET=1000 kp_ok
	grep -q "^M${TAB}parse-settings${TAB}.*extractor=[^ ]*\$" "$TEST_TMP/out" || fail "$(sed -n 3p "$TEST_TMP/out")"
	KOTA_PARSE_WORK_BUDGET=x kp
	[ "$status" -eq 2 ] || fail "a bad budget: exit $status"
	grep -q 'KOTA_PARSE_WORK_BUDGET' "$TEST_TMP/err" || fail "$(cat "$TEST_TMP/err")"
}

@test "kota-parse skips a file whose tree would take more memory than its size allows, with a note, and goes on" {
	new_repo
	one_line long.js 'function f%d(){return [1,2,3]}' 3000
	pyfile ok.py ok_fn
	commit_all
	# 1 byte of tree-sitter's memory a byte of the file (64 KiB at least)
	KOTA_PARSE_MEMORY_BUDGET=1 kp_ok
	assert_paths ok.py
	assert_note long.js 'skipped \(more memory than its size allows'
	assert_err_lines 1
	# the worker goes on with the next file, parser and all
	KOTA_PARSE_MEMORY_BUDGET=1 kp_ok -j1
	assert_paths ok.py
	KOTA_PARSE_MEMORY_BUDGET=1000 kp_ok
	assert_paths long.js ok.py
	assert_err_empty
	KOTA_PARSE_MEMORY_BUDGET=-1 kp
	[ "$status" -eq 2 ] || fail "a bad budget: exit $status"
}

@test "kota-parse still emits the symbols of a file with syntax errors" {
	new_repo
	cat >broken.py <<'EOF'
def good_before():
    return 1

def broken(:
    return 1

class StillHere:
    def method(self):
        return 2

def good_after():
    return 3
EOF
	cat >broken.rs <<'EOF'
fn good_rs() -> u32 { 1 }

fn broken_rs(x: u32 -> u32 { x + }

struct AfterRs { a: u8 }
EOF
	cat >broken.js <<'EOF'
function goodBefore() { return 1; }

function broken( { return ; }

class After { m() {} }
EOF
	commit_all
	kp_ok
	assert_paths broken.js broken.py broken.rs
	assert_symbol broken.py function good_before
	assert_symbol broken.py class StillHere
	assert_symbol broken.py method method
	assert_symbol broken.py function good_after
	assert_symbol broken.rs function good_rs
	assert_symbol broken.rs struct AfterRs
	assert_symbol broken.js function goodBefore
	assert_symbol broken.js class After
	kota-pack -o "$TEST_TMP/idx" "$TEST_TMP/out"
	kota-dump --verify "$TEST_TMP/idx"
}

@test "kota-parse emits an F record for a source file with no symbols, and for an empty one" {
	new_repo
	printf '# just a comment\n' >comment.py
	: >empty.rs
	commit_all
	kp_ok
	assert_paths comment.py empty.rs
	grep -q "^F${TAB}empty.rs${TAB}rust${TAB}$(git rev-parse HEAD:empty.rs)${TAB}0\$" "$TEST_TMP/out"
	[ "$(grep -c '^S' "$TEST_TMP/out")" -eq 0 ]
}

# --- the stream and the index ----------------------------------------------

@test "kota-parse | kota-pack makes a valid index that kota-get answers from" {
	new_repo
	pyfile app/main.py run_app
	printf 'struct Point { x: i32 }\nimpl Point { fn norm(&self) -> i32 { self.x } }\n' >geom.rs
	printf 'static int helper(void) { return 0; }\n' >util.c
	printf 'deploy() { echo go; }\n' >deploy.sh
	commit_all
	kota-parse | kota-pack -o "$TEST_TMP/idx"
	run kota-dump --verify "$TEST_TMP/idx"
	assert_success
	run kota-get -f "$TEST_TMP/idx" run_app
	assert_success
	assert_output "app/main.py:1:1${TAB}function${TAB}run_app"
	run kota-get -f "$TEST_TMP/idx" norm
	assert_success
	assert_output --partial "geom.rs:2:"
	# the index holds the stream exactly
	kp_ok
	kota-dump "$TEST_TMP/idx" >"$TEST_TMP/dumped"
	assert_same_file "$TEST_TMP/out" "$TEST_TMP/dumped"
	decode_index "$TEST_TMP/idx" >"$TEST_TMP/decoded" || fail "decode_index rejected the index"
}

@test "kota-parse | kota-pack with no -o in a repository writes \$GIT_DIR/kota/index.kota" {
	new_repo
	pyfile lib/util.py util_fn
	commit_all
	cd lib
	kota-parse | kota-pack
	cd ..
	[ -f .git/kota/index.kota ] || fail "no .git/kota/index.kota"
	run kota-dump --verify .git/kota/index.kota
	assert_success
	cd lib
	run kota-get util_fn
	assert_success
	assert_output "util.py:1:1${TAB}function${TAB}util_fn"
	run kota-get --full-name util_fn
	assert_output "lib/util.py:1:1${TAB}function${TAB}util_fn"
}

@test "kota-parse writes nothing but the header for a commit with no source files" {
	new_repo
	printf 'text\n' >README
	commit_all
	kp_ok
	[ "$(grep -cv '^M' "$TEST_TMP/out")" -eq 1 ] || fail "stream:$NL$(cat "$TEST_TMP/out")"
	kota-pack -o "$TEST_TMP/idx" "$TEST_TMP/out"
	kota-dump --verify "$TEST_TMP/idx"
}

@test "kota-parse exits 2 when stdout cannot be written" {
	new_repo
	pyfile a.py f
	commit_all
	[ -w /dev/full ] || skip "no /dev/full"
	run --separate-stderr bash -c 'kota-parse >/dev/full'
	[ "$status" -eq 2 ] || fail "exit status $status"
	[ -n "$stderr" ]
}

# --- command line ----------------------------------------------------------

@test "kota-parse --help prints the usage on stdout and exits 0" {
	local opt
	for opt in --help -h; do
		run --separate-stderr kota-parse "$opt"
		assert_success
		assert_line --index 0 --regexp '^usage: kota-parse'
		assert_output --partial '--rev'
		assert_output --partial '--worktree'
		assert_line --regexp '^  --no-refs +definitions only$'
		assert_line --regexp '^  --shard K/N +the K-th of N parts'
		[ -z "$stderr" ] || fail "stderr: $stderr"
	done
}

@test "kota-parse --version prints the version and exits 0" {
	run --separate-stderr kota-parse --version
	assert_success
	[ "${#lines[@]}" -eq 1 ]
	assert_output --regexp '^kota-parse .*[0-9]+\.[0-9]+'
	[ -z "$stderr" ]
}

@test "kota-parse with a bad option exits 2 with the usage on stderr" {
	new_repo
	pyfile a.py f
	commit_all
	local opt
	for opt in --no-such-option -x --rev --jobs; do
		run --separate-stderr kota-parse $opt
		[ "$status" -eq 2 ] || fail "$opt: exit status $status"
		[ -z "$output" ] || fail "$opt: stdout: $output"
		[[ $stderr == *usage:* ]] || fail "$opt: stderr: $stderr"
	done
}

@test "kota-parse --rev with --worktree exits 2" {
	new_repo
	pyfile a.py f
	commit_all
	run --separate-stderr kota-parse --rev HEAD --worktree
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ -n "$stderr" ]
	run --separate-stderr kota-parse --worktree --rev=HEAD
	[ "$status" -eq 2 ]
}

@test "kota-parse with a bad -j exits 2" {
	new_repo
	pyfile a.py f
	commit_all
	local j
	for j in 0 -1 abc '' 1000000; do
		run --separate-stderr kota-parse -j "$j"
		[ "$status" -eq 2 ] || fail "-j '$j': exit status $status"
		[ -z "$output" ] || fail "-j '$j': stdout: $output"
		[ -n "$stderr" ]
	done
}

@test "kota-parse -j with trailing garbage (2x, 4.5) exits 2" {
	new_repo
	pyfile a.py f
	commit_all
	local j
	for j in 2x 4.5 '3 '; do
		run --separate-stderr kota-parse -j "$j"
		[ "$status" -eq 2 ] || fail "-j '$j': exit status $status (output ${#output} bytes)"
	done
}
