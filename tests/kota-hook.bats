#!/usr/bin/env bats
# kota-hook: install the git hooks, chain foreign ones, and keep the index
# current after commits, merges, checkouts and rewrites.

load test_helper
load hook_helper

HOOK_NAMES=(post-commit post-merge post-checkout post-rewrite)

setup() {
	common_setup
	REPO=$TEST_TMP/repo
	new_repo "$REPO"
}

# hooks_digest DIR: names, modes and contents of DIR's files.
hooks_digest() {
	(cd "$1" && for f in *; do stat -c '%n %a' -- "$f"; cat -- "$f"; done)
}

# foreign_hook NAME [STATUS]: a hook that says it ran, on stdout, and saves
# its arguments and standard input, then exits STATUS (default 0).
foreign_hook() {
	local f
	f=$(git rev-parse --git-path hooks)/$1
	mkdir -p "${f%/*}"
	cat >"$f" <<EOF
#!/bin/sh
echo "foreign $1 ran"
printf '%s\n' "\$@" >"$TEST_TMP/$1.args"
cat >"$TEST_TMP/$1.stdin"
exit ${2:-0}
EOF
	chmod +x "$f"
}

# --- usage ---------------------------------------------------------------

@test "kota-hook --version and --help" {
	run --separate-stderr kota-hook --version
	assert_success
	assert_output --regexp '^kota-hook \(kota\) [0-9]+\.[0-9]+'
	run --separate-stderr kota-hook --help
	assert_success
	assert_line --index 0 "usage: kota-hook install [--background | --foreground] [--force]"
	assert_output --partial 'kota-hook status'
	# After the usage, what each command does.
	assert_line --regexp '^  worktree +index the work tree as it is'
	assert_line 'Exit status: 0 done, 2 an error.  See kota-hook(1).'
	[ -z "$stderr" ]
}

@test "kota-hook with no command, an unknown command or option exits 2 with the usage" {
	run --separate-stderr kota-hook
	assert_failure 2
	[[ $stderr == usage:* ]]
	run --separate-stderr kota-hook frobnicate
	assert_failure 2
	[ "${stderr_lines[0]}" = "kota-hook: unknown command 'frobnicate'" ]
	run --separate-stderr kota-hook install --sideways
	assert_failure 2
	[ "${stderr_lines[0]}" = "kota-hook: install: unknown argument '--sideways'" ]
	[ ! -e .git/hooks/post-commit ]
}

@test "kota-hook outside a git repository exits 2 with one line" {
	mkdir "$TEST_TMP/plain" && cd "$TEST_TMP/plain"
	export GIT_CEILING_DIRECTORIES=$TEST_TMP
	for cmd in install uninstall run status; do
		run --separate-stderr kota-hook "$cmd"
		assert_failure 2
		assert_stderr_line "kota-hook: not in a git repository"
	done
}

# --- install, uninstall ---------------------------------------------------

@test "kota-hook install puts the four hooks in place, builds the index, silently" {
	self=$(cd "$(dirname "$(command -v kota-hook)")" && pwd -P)/kota-hook
	run --separate-stderr kota-hook install
	assert_success
	assert_output ''
	[ -z "$stderr" ]
	for h in "${HOOK_NAMES[@]}"; do
		[ -x ".git/hooks/$h" ] || fail "$h not installed"
		grep -qxF "kota_hook='$self'" ".git/hooks/$h" || fail "$h does not run this kota-hook"
	done
	[ "$(git config kota.hooks.background)" = false ]
	assert_index_current
	[ "$(index_commit)" = "$(git rev-parse HEAD)" ]
	run kota-get alpha
	assert_output "a.c:1:1${TAB}function${TAB}alpha"
}

@test "kota-hook install on a terminal says what it did; on a pipe nothing" {
	command -v script >/dev/null || skip "no script(1) (Debian package bsdutils)"
	run script -qec 'kota-hook install' /dev/null
	assert_success
	assert_line --partial "kota-hook: hooks post-commit, post-merge, post-checkout, post-rewrite in $REPO/.git/hooks (foreground mode)"
	assert_line --partial "kota-hook: indexing $(git rev-parse --short HEAD) into $REPO/.git/kota/index.kota"
	run --separate-stderr kota-hook install
	assert_success
	[ -z "$output$stderr" ] || fail "output: $output, stderr: $stderr"
}

@test "kota-hook install twice changes nothing: same hooks, config and index" {
	kota-hook install
	before=$(hooks_digest .git/hooks)
	config=$(cat .git/config)
	inode=$(stat -c %i .git/kota/index.kota)
	run --separate-stderr kota-hook install
	assert_success
	assert_output ''
	[ -z "$stderr" ]
	[ "$(hooks_digest .git/hooks)" = "$before" ]
	[ "$(cat .git/config)" = "$config" ]
	[ "$(stat -c %i .git/kota/index.kota)" = "$inode" ] || fail "the index was rewritten"
	[ -z "$(find .git/hooks -name '*.kota-*')" ]
}

@test "kota-hook install in a repository without commits installs the hooks, and the first commit indexes" {
	git init -q "$TEST_TMP/empty" && cd "$TEST_TMP/empty"
	run --separate-stderr kota-hook install
	assert_success
	[ -z "$stderr" ]
	[ -x .git/hooks/post-commit ]
	[ ! -e .git/kota/index.kota ]
	commit_fn x.c xfun
	run kota-get xfun
	assert_output "x.c:1:1${TAB}function${TAB}xfun"
}

@test "kota-hook uninstall removes the hooks and keeps the index; --purge removes the index too" {
	kota-hook install
	run --separate-stderr kota-hook uninstall
	assert_success
	assert_output ''
	[ -z "$stderr" ]
	for h in "${HOOK_NAMES[@]}"; do
		[ ! -e ".git/hooks/$h" ] || fail "$h left behind"
	done
	assert_index_current
	commit_fn c.c gamma
	run kota-get gamma
	assert_failure 1
	kota-hook install
	kota-hook uninstall --purge
	[ ! -e .git/kota ]
	run git config kota.hooks.background
	assert_failure 1
}

@test "kota-hook uninstall leaves a foreign hook alone" {
	foreign_hook post-merge
	cp .git/hooks/post-merge "$TEST_TMP/orig"
	rm .git/hooks/post-merge
	kota-hook install
	# a hook written over ours after install is someone else's
	cp "$TEST_TMP/orig" .git/hooks/post-merge
	kota-hook uninstall
	assert_same_file "$TEST_TMP/orig" .git/hooks/post-merge
	[ ! -e .git/hooks/post-commit ]
}

# --- chaining ---------------------------------------------------------------

@test "a foreign hook is chained: it runs first, its output shows, and uninstall restores it" {
	foreign_hook post-commit
	cp .git/hooks/post-commit "$TEST_TMP/orig"
	kota-hook install
	assert_same_file "$TEST_TMP/orig" .git/hooks/post-commit.kota-chained
	grep -q 'kota-hook' .git/hooks/post-commit
	run --separate-stderr git commit -q --allow-empty -m two
	assert_success
	# git sends a hook's standard output to its standard error
	[ "$stderr" = "foreign post-commit ran" ] || fail "stderr: $stderr"
	run kota-hook status
	assert_line "post-commit    kota, chaining post-commit.kota-chained"
	commit_fn c.c gamma 2>/dev/null
	run kota-get gamma
	assert_success
	kota-hook uninstall
	assert_same_file "$TEST_TMP/orig" .git/hooks/post-commit
	[ ! -e .git/hooks/post-commit.kota-chained ]
}

@test "a chained hook's exit status is the hook's, with the same arguments" {
	foreign_hook post-checkout 3
	run git checkout -q -b before
	assert_failure
	before=$status
	git checkout -q main 2>/dev/null || true
	kota-hook install
	run .git/hooks/post-checkout "$(git rev-parse HEAD)" "$(git rev-parse HEAD)" 1
	assert_failure 3
	assert_output "foreign post-checkout ran"
	[ "$(cat "$TEST_TMP/post-checkout.args")" = "$(git rev-parse HEAD)${NL}$(git rev-parse HEAD)${NL}1" ]
	# git checkout exits with the status of post-checkout, as it did
	# before kota-hook came, and the index still follows
	run git checkout -q -b side
	assert_failure "$before"
	[ "$(git branch --show-current)" = side ]
	commit_fn s.c sfun 2>/dev/null
	git checkout -q main 2>/dev/null || true
	run kota-get sfun
	assert_failure 1
	assert_index_current
}

@test "a chained post-rewrite hook gets git's standard input; the index follows the amend" {
	foreign_hook post-rewrite
	kota-hook install
	old=$(git rev-parse HEAD)
	printf 'int alpha2(void) { return 1; }\n' >a.c
	git commit -q -a --amend -m amended 2>/dev/null
	new=$(git rev-parse HEAD)
	[ "$(cat "$TEST_TMP/post-rewrite.args")" = amend ]
	[ "$(cat "$TEST_TMP/post-rewrite.stdin")" = "$old $new" ]
	run kota-get alpha2
	assert_success
	assert_index_current
}

@test "kota-hook install will not move a foreign hook over an earlier chained one" {
	foreign_hook post-merge
	cp .git/hooks/post-merge "$TEST_TMP/first"
	kota-hook install
	foreign_hook post-merge 1 # written over ours
	cp .git/hooks/post-merge "$TEST_TMP/second"
	run --separate-stderr kota-hook install
	assert_failure 2
	assert_stderr_line "kota-hook: post-merge: both $REPO/.git/hooks/post-merge and $REPO/.git/hooks/post-merge.kota-chained exist; left as they are"
	assert_same_file "$TEST_TMP/first" .git/hooks/post-merge.kota-chained
	assert_same_file "$TEST_TMP/second" .git/hooks/post-merge
	grep -q 'kota-hook' .git/hooks/post-commit
}

@test "a hook that is a symbolic link to another hook is chained as a link, in either order, and put back as it was" {
	foreign_hook post-commit
	foreign_hook post-rewrite
	# one link to a hook installed before it, one to a hook installed after it
	ln -s post-commit .git/hooks/post-merge
	ln -s ./post-rewrite .git/hooks/post-checkout
	before=$(hooks_snapshot .git/hooks)
	run --separate-stderr kota-hook install
	assert_success
	[ -z "$stderr" ] || fail "stderr: $stderr"
	for h in "${HOOK_NAMES[@]}"; do
		is_kota_hook ".git/hooks/$h"
	done
	[ -L .git/hooks/post-merge.kota-chained ] || fail "post-merge.kota-chained is not a link"
	[ -L .git/hooks/post-checkout.kota-chained ] || fail "post-checkout.kota-chained is not a link"
	# each link still leads to the hook it led to
	run .git/hooks/post-merge 0 </dev/null
	assert_output "foreign post-commit ran"
	run .git/hooks/post-checkout "$(git rev-parse HEAD)" "$(git rev-parse HEAD)" 1 </dev/null
	assert_output "foreign post-rewrite ran"
	installed=$(hooks_snapshot .git/hooks)
	kota-hook install
	assert_snapshot .git/hooks "$installed"
	run --separate-stderr kota-hook uninstall
	assert_success
	[ -z "$stderr" ] || fail "stderr: $stderr"
	assert_snapshot .git/hooks "$before"
}

@test "a link out of the hooks directory, a dangling link and hard links are chained and put back as they were" {
	mkdir "$TEST_TMP/elsewhere"
	printf '#!/bin/sh\necho "outside ran"\n' >"$TEST_TMP/elsewhere/hook"
	chmod +x "$TEST_TMP/elsewhere/hook"
	ln -s "$TEST_TMP/elsewhere/hook" .git/hooks/post-commit
	ln -s ../no/such/hook .git/hooks/post-merge
	foreign_hook post-rewrite
	ln .git/hooks/post-rewrite .git/hooks/post-checkout
	inode=$(stat -c %i .git/hooks/post-rewrite)
	before=$(hooks_snapshot .git/hooks)
	run --separate-stderr kota-hook install
	assert_success
	[ -z "$stderr" ] || fail "stderr: $stderr"
	[ "$(readlink .git/hooks/post-commit.kota-chained)" = "$TEST_TMP/elsewhere/hook" ]
	[ "$(readlink .git/hooks/post-merge.kota-chained)" = ../no/such/hook ]
	[ "$(stat -c %i .git/hooks/post-rewrite.kota-chained)" = "$inode" ]
	[ "$(stat -c %i .git/hooks/post-checkout.kota-chained)" = "$inode" ]
	run --separate-stderr git commit -q --allow-empty -m two
	assert_success
	[ "$stderr" = "outside ran" ] || fail "stderr: $stderr"
	kota-hook uninstall
	assert_snapshot .git/hooks "$before"
	[ "$(stat -c %i .git/hooks/post-checkout)" = "$inode" ]
}

@test "a dangling link to a hook that kota installs stays dangling, and does not come to run kota's hook" {
	ln -s post-commit .git/hooks/post-merge
	before=$(hooks_snapshot .git/hooks)
	run --separate-stderr kota-hook install
	assert_success
	[ -z "$stderr" ] || fail "stderr: $stderr"
	is_kota_hook .git/hooks/post-commit
	is_kota_hook .git/hooks/post-merge
	[ -L .git/hooks/post-merge.kota-chained ] && [ ! -e .git/hooks/post-merge.kota-chained ] ||
		fail "post-merge.kota-chained is not a dangling link"
	kota-hook uninstall
	assert_snapshot .git/hooks "$before"
}

@test "a hook that another hook links to (or, after install, to its chained hook) is left alone, and it says so" {
	foreign_hook post-commit
	ln -s post-commit .git/hooks/pre-push
	before=$(hooks_snapshot .git/hooks)
	run --separate-stderr kota-hook install
	assert_failure 2
	assert_stderr_line "kota-hook: post-commit: pre-push is a symbolic link to it; left as it is"
	[ ! -e .git/hooks/post-commit.kota-chained ]
	grep -q 'foreign post-commit' .git/hooks/post-commit
	is_kota_hook .git/hooks/post-merge
	kota-hook uninstall
	assert_snapshot .git/hooks "$before"
	# a link made to a chained hook after install: uninstall keeps that
	# hook's name for it
	rm .git/hooks/pre-push
	foreign_hook post-merge
	kota-hook install 2>/dev/null || true
	ln -s post-merge.kota-chained .git/hooks/pre-rebase
	run --separate-stderr kota-hook uninstall
	assert_failure 2
	assert_stderr_line "kota-hook: post-merge: pre-rebase is a symbolic link to post-merge.kota-chained; left in place"
	is_kota_hook .git/hooks/post-merge
	grep -q 'foreign post-merge' .git/hooks/post-merge.kota-chained
	[ ! -e .git/hooks/post-checkout ]
}

@test "a kota hook changed by its user is left in place by install and uninstall, which say so; status shows it modified" {
	foreign_hook post-merge
	kota-hook install
	echo '# my note' >>.git/hooks/post-commit
	sed -i '3i echo mine' .git/hooks/post-merge
	cp .git/hooks/post-commit "$TEST_TMP/commit"
	cp .git/hooks/post-merge "$TEST_TMP/merge"
	run kota-hook status
	assert_line "post-commit    modified (changed since kota installed it)"
	assert_line "post-merge     modified (changed since kota installed it), chaining post-merge.kota-chained"
	assert_line "post-checkout  kota"
	msgs="kota-hook: post-commit: changed since kota installed it; left in place${NL}kota-hook: post-merge: changed since kota installed it; left in place"
	for cmd in install uninstall; do
		run --separate-stderr kota-hook "$cmd"
		assert_failure 2
		[ "$stderr" = "$msgs" ] || fail "$cmd: stderr: $stderr"
		assert_same_file "$TEST_TMP/commit" .git/hooks/post-commit
		assert_same_file "$TEST_TMP/merge" .git/hooks/post-merge
		grep -q 'foreign post-merge' .git/hooks/post-merge.kota-chained
	done
	[ ! -e .git/hooks/post-checkout ]
	[ ! -e .git/hooks/post-rewrite ]
}

@test "a hook written by a kota-hook elsewhere is kota's: status names that kota-hook, install updates it, uninstall removes it" {
	p="$TEST_TMP/other 'kota'"
	tools=$(dirname "$(command -v kota-pack)")
	mkdir -p "$p/bin" "$p/share/kota"
	ln -s "$KOTA_SRCDIR/hooks" "$p/share/kota/hooks"
	cp "$tools/kota-hook" "$p/bin/kota-hook"
	for t in kota-parse kota-pack kota-dump kota-get; do
		ln -s "$tools/$t" "$p/bin/$t"
	done
	"$p/bin/kota-hook" install
	run kota-hook status
	assert_line "post-commit    kota (written for $p/bin/kota-hook; kota-hook install updates it)"
	kota-hook uninstall
	for h in "${HOOK_NAMES[@]}"; do
		[ ! -e ".git/hooks/$h" ] || fail "$h left behind"
	done
	"$p/bin/kota-hook" install
	kota-hook install
	run kota-hook status
	assert_line "post-commit    kota"
}

# --- where the hooks go -------------------------------------------------------

@test "kota-hook install honours core.hooksPath, relative to the top of the work tree" {
	git config core.hooksPath .githooks
	mkdir sub && cd sub
	kota-hook install
	cd ..
	for h in "${HOOK_NAMES[@]}"; do
		[ -x ".githooks/$h" ] || fail "$h not in .githooks"
		[ ! -e ".git/hooks/$h" ] || fail "$h in .git/hooks"
	done
	commit_fn c.c gamma
	run kota-get gamma
	assert_success
	run kota-hook status
	assert_line "hooks          $REPO/.githooks"
}

@test "kota-hook install honours an absolute core.hooksPath that does not exist yet" {
	git config core.hooksPath "$TEST_TMP/shared hooks"
	kota-hook install
	[ -x "$TEST_TMP/shared hooks/post-commit" ]
	commit_fn c.c gamma
	run kota-get gamma
	assert_success
}

@test "core.hooksPath in a directory git tracks: install refuses unless --force, which warns" {
	mkdir .githooks
	printf '#!/bin/sh\nexit 0\n' >.githooks/pre-commit
	chmod +x .githooks/pre-commit
	git add .githooks && git commit -q -m hooks
	git config core.hooksPath .githooks
	run --separate-stderr kota-hook install
	assert_failure 2
	assert_stderr_line "kota-hook: $REPO/.githooks holds files that git tracks: installing would change them, and the path of this kota-hook in them could be committed; kota-hook install --force installs there all the same"
	[ ! -e .githooks/post-commit ]
	[ ! -e .git/kota/index.kota ]
	run --separate-stderr kota-hook install --force
	assert_success
	assert_stderr_line "kota-hook: warning: $REPO/.githooks holds files that git tracks: do not commit the hooks kota-hook installs there"
	is_kota_hook .githooks/post-commit
	assert_index_current
	# nothing left to change: no need to force
	run --separate-stderr kota-hook install
	assert_success
	[ -z "$stderr" ] || fail "stderr: $stderr"
	kota-hook uninstall
	[ -z "$(git status --porcelain)" ] || fail "the work tree changed: $(git status --porcelain)"
	# a tracked hook of one of kota's names
	git mv .githooks/pre-commit .githooks/post-merge
	git commit -q -m moved
	run --separate-stderr kota-hook install
	assert_failure 2
	[ -z "$(git status --porcelain)" ] || fail "the work tree changed: $(git status --porcelain)"
}

@test "install refuses a core.hooksPath that git runs as an option to /bin/sh, as git itself shows" {
	refused=() unrun=()
	for hp in -dash ./-dash ././-dash sub/-dash "$TEST_TMP/-abs"; do
		git config core.hooksPath "$hp"
		# where git looks, and whether it can run a hook there
		dir=$(git rev-parse --git-path hooks)
		mkdir -p -- "$dir"
		printf '#!/bin/sh\ntouch "%s/ran"\n' "$TEST_TMP" >"$dir/post-commit"
		chmod +x -- "$dir/post-commit"
		rm -f "$TEST_TMP/ran"
		git commit -q --allow-empty -m probe 2>/dev/null
		[ -e "$TEST_TMP/ran" ] || unrun+=("$hp")
		rm -- "$dir/post-commit"
		run --separate-stderr kota-hook install
		if [ "$status" = 0 ]; then
			is_kota_hook "$dir/post-commit"
			kota-hook uninstall
		else
			assert_failure 2
			refused+=("$hp")
			[ ! -e "$dir/post-commit" ] || fail "$hp: install refused but wrote hooks"
			[ "${#stderr_lines[@]}" = 1 ] &&
				[[ $stderr == "kota-hook: core.hooksPath "*': git runs its hooks as "-dash/post-commit", which /bin/sh takes for an option; '* ]] ||
				fail "$hp: stderr: $stderr"
		fi
	done
	[ "${refused[*]}" = "${unrun[*]}" ] || fail "refused: ${refused[*]}; git could not run: ${unrun[*]}"
	[ "${refused[0]}" = -dash ]
	# hooks put there another way: status says git cannot run them
	git config core.hooksPath "$REPO/-dash"
	kota-hook install
	git config core.hooksPath -dash
	run kota-hook status
	assert_line "hooks          $REPO/-dash (git runs its hooks as \"-dash/post-commit\", which /bin/sh takes for an option: none of them runs)"
}

@test "in a linked worktree the hooks keep that worktree's own index current" {
	kota-hook install
	git worktree add -q -b side "$TEST_TMP/wt" 2>/dev/null
	cd "$TEST_TMP/wt"
	# post-checkout of `git worktree add` built this worktree's index
	[ -f "$(gitdir)/kota/index.kota" ]
	assert_index_current
	commit_fn w.c wfun
	run kota-get wfun
	assert_output "w.c:1:1${TAB}function${TAB}wfun"
	assert_index_current
	cd "$REPO"
	run kota-get wfun
	assert_failure 1
	assert_index_current
	# the worktrees share the hooks
	run kota-hook status
	assert_line "hooks          $REPO/.git/hooks"
}

# --- keeping the index current --------------------------------------------------

@test "after a commit, kota-get answers from the new commit" {
	kota-hook install
	commit_fn c.c gamma
	run kota-get gamma
	assert_output "c.c:1:1${TAB}function${TAB}gamma"
	git rm -q a.c && git commit -q -m 'no alpha'
	run kota-get alpha
	assert_failure 1
	assert_index_current
}

@test "after a merge (fast-forward and not), the index follows" {
	kota-hook install
	git checkout -q -b side
	commit_fn s.c sfun
	git checkout -q main
	git merge -q side
	run kota-get sfun
	assert_success
	assert_index_current
	git checkout -q -b side2 HEAD~1
	commit_fn t.c tfun
	git checkout -q main
	commit_fn m.c mfun
	git merge -q --no-edit side2
	[ "$(git rev-list --count --merges HEAD)" = 1 ]
	run kota-get tfun
	assert_success
	assert_index_current
}

@test "after a branch checkout the index follows; after a file checkout it does not" {
	kota-hook install
	git checkout -q -b side
	commit_fn s.c sfun
	git checkout -q main
	run kota-get sfun
	assert_failure 1
	assert_index_current
	nlog=$(wc -l <.git/kota/log)
	git checkout -q side -- s.c
	[ "$(wc -l <.git/kota/log)" = "$nlog" ] || fail "a file checkout reindexed"
	[ "$(index_commit)" = "$(git rev-parse HEAD)" ]
	git switch -q side
	run kota-get sfun
	assert_success
	git checkout -q --detach HEAD~1
	assert_index_current
}

@test "after a rebase, the index is the rebased HEAD's" {
	kota-hook install
	git checkout -q -b side
	commit_fn s.c sfun
	commit_fn s2.c sfun2
	git checkout -q main
	commit_fn m.c mfun
	git checkout -q side
	git rebase -q main 2>/dev/null
	[ "$(git rev-list --count HEAD)" = 4 ]
	run kota-get mfun sfun2
	assert_success
	assert_index_current
	grep -q ' post-rewrite: ok ' .git/kota/log
}

@test "hooks print nothing when all is well" {
	kota-hook install
	printf 'int gamma(void) { return 3; }\n' >c.c
	git add c.c
	run --separate-stderr git commit -q -m three
	assert_success
	assert_output ''
	[ -z "$stderr" ] || fail "stderr: $stderr"
	run --separate-stderr git checkout -q -b side
	[ -z "$stderr$output" ] || fail "output: $output$stderr"
	run --separate-stderr git commit -q --amend -m 'three again'
	[ -z "$stderr$output" ] || fail "output: $output$stderr"
}

@test "a reindex that fails: one line on stderr, in the log and status, and the commit stands" {
	kota-hook install
	idx=.git/kota/index.kota
	cp "$idx" "$TEST_TMP/old.kota"
	# the new index cannot be written: creating its temporary files fails
	# (tests/faults/failwrite.c)
	export LD_PRELOAD=$(dirname "$(command -v kota-pack)")/../tests/faults/failwrite.so KOTA_FAULT=erofs
	export KOTA_FAULT_PATH='/index.kota.tmp.*:/index.kota.delta.tmp.*'
	export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
	printf 'int gamma(void) { return 3; }\n' >c.c
	git add c.c
	run --separate-stderr git commit -q -m three
	assert_success
	assert_stderr_line_matches "^kota-hook: cannot index $(git rev-parse HEAD): kota-pack: .*Read-only file system$"
	[ "$(git log -1 --format=%s)" = three ]
	assert_same_file "$TEST_TMP/old.kota" "$idx"
	grep -q " post-commit: error: cannot index $(git rev-parse HEAD): kota-pack: .*Read-only file system" .git/kota/log
	run kota-hook status
	assert_line --regexp "^last error     .* post-commit: error: cannot index .*Read-only file system$"
	assert_line --regexp "^commit         $(git rev-parse HEAD~1) \\(behind HEAD $(git rev-parse HEAD)\\)$"
	unset LD_PRELOAD KOTA_FAULT KOTA_FAULT_PATH
	kota-hook run
	assert_index_current
}

@test "runs, failed and killed ones included, leave no file in TMPDIR: the programs' messages go to run.err" {
	export TMPDIR=$TEST_TMP/clean
	mkdir "$TMPDIR"
	kota-hook install
	commit_fn c.c gamma
	# a failing run (kota-pack cannot write the index)
	export LD_PRELOAD=$(dirname "$(command -v kota-pack)")/../tests/faults/failwrite.so KOTA_FAULT=erofs
	export KOTA_FAULT_PATH='/index.kota.tmp.*:/index.kota.delta.tmp.*'
	export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
	run kota-hook run
	[ "$status" -eq 2 ] || fail "a failing run exited $status"
	unset LD_PRELOAD KOTA_FAULT KOTA_FAULT_PATH
	# a run killed -9 while its kota-pack waits for the index's lock, held here
	exec 7>>.git/kota/index.kota.lock
	flock 7
	setsid kota-hook run </dev/null >/dev/null 2>&1 &
	local pid=$! n=0
	while ! pgrep -s "$pid" -x kota-pack >/dev/null; do
		[ $((n += 1)) -lt 500 ] || fail "kota-pack never started"
		sleep 0.01
	done
	kill -9 -- "-$pid"
	wait "$pid" 2>/dev/null || true
	exec 7>&-
	kota-hook run
	assert_index_current
	run ls -A "$TMPDIR"
	assert_output ''
	[ -f .git/kota/run.err ] && [ ! -s .git/kota/run.err ] || fail "run.err is not an empty file after a good run"
}

@test "a damaged index (truncated, or a delta that is not one) is rebuilt in full, once" {
	kota-hook install
	commit_fn c.c gamma
	truncate -s 100 .git/kota/index.kota
	run --separate-stderr git commit -q --allow-empty -m two
	assert_success
	[ -z "$stderr" ] || fail "stderr: $stderr"
	assert_index_current
	grep -q ' post-commit: incremental reindex failed (kota-pack: .*truncated.*); rebuilding the index$' .git/kota/log
	tail -n 1 .git/kota/log | grep -q ' post-commit: ok .* (full)$'
	commit_fn d.c delta
	echo garbage >.git/kota/index.kota.delta
	commit_fn e.c epsilon
	assert_index_current
	tail -n 1 .git/kota/log | grep -q ' post-commit: ok .* (full)$'
}

@test "a kota-parse that fails after writing part of a stream leaves the index as it was" {
	p=$TEST_TMP/prefix
	gated_prefix "$p"
	touch "$p/gate"
	"$p/bin/kota-hook" install
	cp .git/kota/index.kota "$TEST_TMP/old.kota"
	# a valid stream of one file, then a failure
	mv "$p/bin/kota-parse" "$p/bin/kota-parse.good"
	cat >"$p/bin/kota-parse" <<EOF
#!/bin/sh
printf 'kota-stream\t2\nF\tonly.c\tc\t-\t1\n'
echo 'kota-parse: simulated failure' >&2
exit 2
EOF
	chmod +x "$p/bin/kota-parse"
	run --separate-stderr git commit -q --allow-empty -m two
	assert_success
	assert_stderr_line "kota-hook: cannot index $(git rev-parse HEAD): kota-parse: simulated failure"
	assert_same_file "$TEST_TMP/old.kota" .git/kota/index.kota
	[ ! -e .git/kota/index.kota.delta ]
	# and with no index yet, none is made
	rm .git/kota/index.kota
	run --separate-stderr git commit -q --allow-empty -m three
	assert_success
	assert_stderr_line "kota-hook: cannot index $(git rev-parse HEAD): kota-parse: simulated failure"
	[ ! -e .git/kota/index.kota ]
	mv "$p/bin/kota-parse.good" "$p/bin/kota-parse"
	"$p/bin/kota-hook" run
	assert_index_current
}

@test "a hook whose kota-hook is gone says so in one line and does not fail git" {
	p=$TEST_TMP/prefix
	gated_prefix "$p"
	touch "$p/gate"
	"$p/bin/kota-hook" install
	rm "$p/bin/kota-hook"
	run --separate-stderr git commit -q --allow-empty -m two
	assert_success
	assert_stderr_line "kota-hook: $p/bin/kota-hook not found (kota-hook uninstall removes this hook)"
	# The log says so too, and status (from anywhere) shows it as the last error.
	run kota-hook status
	assert_line --regexp "^last error     [0-9TZ:-]+ post-commit: error: $p/bin/kota-hook not found\$"
}

# --- status -----------------------------------------------------------------------

@test "kota-hook status shows hooks, mode, the index's commit against HEAD, the last run" {
	run --separate-stderr kota-hook status
	assert_success
	[ -z "$stderr" ]
	assert_line "post-commit    none"
	assert_line "mode           foreground"
	assert_line "commit         none (no index)"
	assert_line "last run       none"
	foreign_hook post-merge
	kota-hook install --foreground
	rm .git/hooks/post-rewrite
	run kota-hook status
	assert_success
	assert_line "hooks          $REPO/.git/hooks"
	assert_line "post-commit    kota"
	assert_line "post-merge     kota, chaining post-merge.kota-chained"
	assert_line "post-rewrite   none"
	assert_line "index          $REPO/.git/kota/index.kota"
	assert_line "commit         $(git rev-parse HEAD) (current)"
	assert_line "running        no"
	assert_line --regexp "^last run       [0-9T:Z-]+ install: ok $(git rev-parse HEAD) \\(full\\)$"
	assert_line "last error     none"
	kota-hook uninstall
	foreign_hook post-commit
	git commit -q --allow-empty -m two >/dev/null 2>&1
	run kota-hook status
	assert_line "post-commit    foreign (not kota's)"
	assert_line "post-merge     foreign (not kota's)"
	assert_line "commit         $(git rev-parse HEAD~1) (behind HEAD $(git rev-parse HEAD))"
}

# --- names and paths --------------------------------------------------------------

@test "file names with spaces, quotes, \$(), newlines and dashes are indexed, and run nothing" {
	kota-hook install
	names=("sp ace.c" "quo'te\".c" "\$(touch PWNED).c" "new${NL}line.c" "-dash.c" "back\`touch PWNED2\`.c")
	i=0
	for n in "${names[@]}"; do
		i=$((i + 1))
		printf 'int weird%d(void) { return 0; }\n' "$i" >"./$n"
		git add -- "./$n"
	done
	run --separate-stderr git commit -q -m weird
	assert_success
	[ -z "$stderr" ]
	for ((j = 1; j <= i; j++)); do
		run kota-get "weird$j"
		assert_success
	done
	run kota-get weird4
	[ "$output" = "\"new\\nline.c\":1:1${TAB}function${TAB}weird4" ]
	[ -z "$(find "$TEST_TMP" -name 'PWNED*')" ]
	assert_index_current
}

@test "a repository path with spaces, quotes, \$() and a newline works" {
	dir="$TEST_TMP/re po 'q\" \$(touch PWNED) \`touch PWNED2\`${NL}line"
	new_repo "$dir"
	kota-hook install
	commit_fn c.c gamma
	run kota-get gamma
	assert_success
	[ -z "$(find "$TEST_TMP" -name 'PWNED*')" ]
	run kota-hook status
	assert_line --partial "(current)"
	kota-hook install --background
	commit_fn d.c delta
	wait_quiet
	assert_index_current
	kota-hook uninstall
	[ ! -e .git/hooks/post-commit ]
}

@test "status quotes a path with a newline, a TAB or another control character, as git does" {
	dir="$TEST_TMP/re${NL}po${TAB}x$(printf '\033')y"
	new_repo "$dir"
	kota-hook install
	q="\"$TEST_TMP/re\\npo\\tx\\033y"
	run --separate-stderr kota-hook status
	assert_success
	assert_line "hooks          $q/.git/hooks\""
	assert_line "index          $q/.git/kota/index.kota\""
	assert_line "log            $q/.git/kota/log\""
	[ "${#lines[@]}" = 12 ] || fail "status is not 12 lines: $output"
}

@test "a path in a message cannot forge a line: control characters are escaped on stderr and in the log" {
	forged="2026-01-01T00:00:00Z post-commit: ok 0000000000000000000000000000000000000000 (full)"
	dir="$TEST_TMP/x${NL}$forged${NL}y"
	new_repo "$dir"
	foreign_hook post-merge
	kota-hook install
	foreign_hook post-merge # written over ours: both exist now
	run --separate-stderr kota-hook install
	assert_failure 2
	q="\"$TEST_TMP/x\\n$forged\\ny/.git/hooks/post-merge"
	assert_stderr_line "kota-hook: post-merge: both $q\" and $q.kota-chained\" exist; left as they are"
	# a lock file that cannot be made: the message names it
	ln -sf "$TEST_TMP/no/such/dir/lock" .git/kota/index.lock
	run --separate-stderr git commit -q --allow-empty -m two
	assert_success
	[ "${#stderr_lines[@]}" = 1 ] || fail "stderr: $stderr"
	! grep -q "^$forged" .git/kota/log || fail "a forged line in the log: $(cat .git/kota/log)"
	[ "$(grep -c '' .git/kota/log)" = "$(grep -c '^[0-9T:Z-]* [a-z-]*: ' .git/kota/log)" ] ||
		fail "a line of the log is not one of kota-hook's: $(cat .git/kota/log)"
	run kota-hook status
	assert_line --regexp '^last error     .* post-commit: error: cannot create the lock file "'
	assert_line --regexp '^last run       .* post-commit: error: '
}

@test "hooks run only our tools, not programs of the same name in the repository" {
	kota-hook install
	for t in kota-parse kota-pack kota-dump kota-hook; do
		printf '#!/bin/sh\ntouch "%s/PWNED-%s"\n' "$TEST_TMP" "$t" >"$t"
		chmod +x "$t"
	done
	git add kota-*
	PATH=".:$PATH" git commit -q -m tools
	commit_fn c.c gamma
	PATH=".:$PATH" git commit -q --allow-empty -m again
	[ -z "$(find "$TEST_TMP" -name 'PWNED*')" ]
	assert_index_current
}

# --- settings ---------------------------------------------------------------------

@test "install --background and --foreground set kota.hooks.background; install alone keeps it" {
	kota-hook install --background
	wait_quiet
	[ "$(git config kota.hooks.background)" = true ]
	kota-hook install
	[ "$(git config kota.hooks.background)" = true ]
	run kota-hook status
	assert_line "mode           background"
	kota-hook install --foreground
	[ "$(git config kota.hooks.background)" = false ]
	git config kota.hooks.background yes
	run kota-hook status
	assert_line "mode           background"
}

@test "the hooks honour kota.maxSize, as kota-parse does" {
	kota-hook install
	git config kota.maxSize 40
	{
		printf 'int big(void) {\n'
		printf '  return 0; /* padding padding */\n'
		printf '}\n'
	} >big.c
	git add big.c
	commit_fn small.c s
	run kota-get big
	assert_failure 1
	run kota-get s
	assert_success
	assert_index_current
}

# --- background, locking --------------------------------------------------------

@test "in background mode git returns before the reindex, which then makes the index current" {
	p=$TEST_TMP/prefix
	gated_prefix "$p"
	touch "$p/gate"
	"$p/bin/kota-hook" install --background
	wait_quiet
	rm "$p/gate"
	printf 'int gamma(void) { return 3; }\n' >c.c
	git add c.c
	# git is back while kota-parse waits at the gate, and the detached
	# run holds none of git's output: a reader of it sees the end
	run timeout 60 sh -c 'git commit -q -m three 2>&1 | cat'
	assert_success
	assert_output ''
	run kota-get gamma
	assert_failure 1
	run kota-hook status
	assert_line --regexp '^running        (yes|no \(a reindex is pending\))$'
	touch "$p/gate"
	wait_quiet
	run kota-get gamma
	assert_success
	assert_index_current
}

@test "a run that finds the lock taken leaves a note, and the holder reindexes again" {
	p=$TEST_TMP/prefix
	gated_prefix "$p"
	touch "$p/gate"
	"$p/bin/kota-hook" install
	rm "$p/gate"
	# a foreground reindex, held at the gate: it holds the lock
	"$p/bin/kota-hook" run --hook holder 2>"$TEST_TMP/holder.err" &
	holder=$!
	for ((i = 0; i < 600; i++)); do
		kota-hook status | grep -qx 'running        yes' && break
		sleep 0.1
	done
	kota-hook status | grep -qx 'running        yes' || {
		touch "$p/gate"
		fail "the first run did not start"
	}
	# a foreground hook meanwhile: it returns at once, leaving the note
	run --separate-stderr git commit -q --allow-empty -m two
	assert_success
	[ -z "$stderr" ]
	[ -e .git/kota/rerun ]
	touch "$p/gate"
	wait "$holder"
	[ ! -s "$TEST_TMP/holder.err" ]
	[ ! -e .git/kota/rerun ]
	assert_index_current
	[ "$(grep -c ' holder: ok ' .git/kota/log)" = 2 ]
}

@test "kota-hook run from the command line reindexes HEAD, incrementally when it can" {
	kota-hook install
	kota-hook uninstall
	commit_fn c.c gamma
	run --separate-stderr kota-hook run
	assert_success
	assert_output ''
	[ -z "$stderr" ]
	assert_index_current
	rm -f .git/kota/index.kota*
	kota-hook run --foreground
	assert_index_current
	tail -n 1 .git/kota/log | grep -q ' run: ok .* (full)$'
}

@test "the log stays bounded: past 256 KiB it moves to log.1" {
	kota-hook install
	head -c 300000 /dev/zero | tr '\0' x >.git/kota/log
	git commit -q --allow-empty -m two
	[ -s .git/kota/log.1 ]
	[ "$(wc -c <.git/kota/log)" -lt 1000 ]
	grep -q ' post-commit: ok ' .git/kota/log
}

@test "kota-hook works from an installed prefix elsewhere" {
	p=$TEST_TMP/prefix
	gated_prefix "$p"
	touch "$p/gate"
	"$p/bin/kota-hook" install
	grep -qF "kota_hook='$p/bin/kota-hook'" .git/hooks/post-commit
	commit_fn c.c gamma
	run kota-get gamma
	assert_success
}

@test "an index of the version before is rebuilt by kota-hook run with no user action" {
	kota-hook install
	kota-hook uninstall
	# The index as kota before format 2 would have left it: version 1.
	printf '\001' | dd of=.git/kota/index.kota bs=1 seek=8 conv=notrunc 2>/dev/null
	run --separate-stderr kota-get alpha
	assert_failure 2
	[[ $stderr == *"index version 1 is too old (this kota reads version 2): rebuild it"* ]] ||
		fail "stderr: $stderr"
	commit_fn c.c gamma
	run --separate-stderr kota-hook run
	assert_success
	assert_index_current
	grep -q 'rebuilding the index' .git/kota/log || fail "$(cat .git/kota/log)"
	tail -n 1 .git/kota/log | grep -q ' run: ok .* (full)$' || fail "$(tail -n 3 .git/kota/log)"
}

@test "kota-hook status tells an index ahead of HEAD, or of another line, from one behind" {
	kota-hook install
	commit_fn c.c gamma
	local indexed=$(git rev-parse HEAD)
	# git reset runs no hook: the index stays at the commit left behind.
	git reset -q --hard HEAD~1
	run kota-hook status
	assert_line "commit         $indexed (ahead of HEAD $(git rev-parse HEAD))"
	# On a line of its own: neither ahead nor behind.
	kota-hook uninstall
	commit_fn d.c delta
	run kota-hook status
	assert_line "commit         $indexed (not an ancestor of HEAD $(git rev-parse HEAD))"
	git reset -q --hard "$indexed"
	commit_fn e.c epsilon
	run kota-hook status
	assert_line "commit         $indexed (behind HEAD $(git rev-parse HEAD))"
}

@test "kota-hook worktree indexes edits and new files beside the index of HEAD; kota-get --worktree answers from it" {
	kota-hook install
	printf 'int alpha(void) { return 10; }\nint edited(void) { return alpha(); }\n' >a.c
	printf 'int untracked(void) { return 0; }\n' >u.c
	local before
	before=$(kota-dump)
	run --separate-stderr kota-get --worktree edited
	assert_failure 2
	[[ $stderr == *"index.kota.worktree: no index of the work tree: make it with kota-hook worktree" ]] || fail "$stderr"
	kota-hook worktree
	[ "$(kota-dump)" = "$before" ] || fail "the index of HEAD changed"
	run kota-get --worktree edited untracked
	assert_output "$(printf '%s\n' "a.c:2:1${TAB}function${TAB}edited" "u.c:1:1${TAB}function${TAB}untracked")"
	run kota-get --worktree --callers alpha
	assert_output "a.c:2:1${TAB}function${TAB}edited${TAB}1${TAB}a.c:2:27"
	# HEAD's index, the default, knows none of it.
	run kota-get edited
	assert_failure 1
	# A commit's reindex drops it: it was of the commit before.
	git add -A && git commit -q -m edits
	[ ! -e .git/kota/index.kota.worktree ] || fail "index.kota.worktree left after the commit"
	run kota-get edited
	assert_success
	run kota-hook worktree extra
	assert_failure 2
}
