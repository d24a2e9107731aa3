# Helpers for the kota-hook suites (kota-hook.bats, hook-faults.bats):
# repositories, what a full reindex gives, and waiting for background runs.

# new_repo DIR: a repository with two C files in one commit; cd into it.
new_repo() {
	git init -q -b main "$1" && cd "$1" || return 1
	printf 'int alpha(void) { return 1; }\n' >a.c
	printf 'int beta(void) { return 2; }\n' >b.c
	git add a.c b.c && git commit -q -m one
}

# commit_fn FILE NAME: commit FILE holding one C function NAME.
commit_fn() {
	printf 'int %s(void) { return 0; }\n' "$2" >"$1" &&
		git add -- "$1" && git commit -q -m "$2"
}

gitdir() {
	git rev-parse --absolute-git-dir
}

# full_dump: what a full reindex of HEAD holds, as kota-dump prints it.
full_dump() {
	local out
	out=$(mktemp "$TEST_TMP/full.XXXXXX")
	kota-parse -q >"$out.stream" || fail "kota-parse failed"
	kota-pack -o "$out" "$out.stream" || fail "kota-pack failed"
	kota-dump -f "$out"
}

# assert_index_current: the repository's index (as kota-dump sees it) is a
# full reindex of HEAD, and passes --verify.
assert_index_current() {
	local want got
	want=$(full_dump) || return 1
	got=$(kota-dump) || fail "kota-dump of the index failed"
	[ "$got" = "$want" ] || {
		echo "index is not current"
		diff <(echo "$want") <(echo "$got") | head -n 20
	} | fail || return 1
	kota-dump --verify >/dev/null || fail "kota-dump --verify failed"
}

# index_commit: the commit the index records.
index_commit() {
	kota-dump --stats | sed -n 's/^meta\tcommit\t//p'
}

# wait_quiet: wait until no reindex is running or pending (kota-hook
# status says `running no`), for at most a minute.
wait_quiet() {
	local i
	for ((i = 0; i < 600; i++)); do
		kota-hook status | grep -qx 'running        no' && return 0
		sleep 0.1
	done
	kota-hook status
	fail "kota-hook did not settle within a minute"
}

# gated_prefix DIR: an installed-like prefix DIR (bin/, share/kota/hooks)
# whose kota-parse waits until the file DIR/gate exists, so a test can
# hold a reindex in progress for as long as it needs, with no timing.
gated_prefix() {
	local p=$1 tools
	tools=$(dirname "$(command -v kota-pack)")
	mkdir -p "$p/bin" "$p/share/kota"
	ln -s "$KOTA_SRCDIR/hooks" "$p/share/kota/hooks"
	cp "$tools/kota-hook" "$p/bin/kota-hook"
	ln -s "$tools/kota-pack" "$p/bin/kota-pack"
	ln -s "$tools/kota-dump" "$p/bin/kota-dump"
	ln -s "$tools/kota-get" "$p/bin/kota-get"
	cat >"$p/bin/kota-parse" <<EOS
#!/bin/sh
while [ ! -e '$p/gate' ]; do sleep 0.05; done
exec '$tools/kota-parse' "\$@"
EOS
	chmod +x "$p/bin/kota-parse"
}

# hooks_snapshot DIR: every entry of DIR, by name: a symbolic link's text,
# or a file's type, mode, link count and contents.
hooks_snapshot() {
	(
		cd "$1" || exit 1
		for f in .* *; do
			case $f in . | ..) continue ;; esac
			[ -e "$f" ] || [ -L "$f" ] || continue
			if [ -L "$f" ]; then
				printf 'link %s -> %s\n' "$f" "$(readlink -- "$f")"
			else
				stat -c 'entry %n %F %a %h' -- "$f"
				[ ! -f "$f" ] || cat -- "$f"
			fi
		done
	)
}

# assert_snapshot DIR BEFORE: DIR is as hooks_snapshot saw it in BEFORE.
assert_snapshot() {
	local now
	now=$(hooks_snapshot "$1")
	[ "$now" = "$2" ] || {
		echo "$1 is not as it was"
		diff <(echo "$2") <(echo "$now")
	} | fail
}

# is_kota_hook FILE: FILE is a hook that kota-hook install wrote.
is_kota_hook() {
	[ -f "$1" ] && [ ! -L "$1" ] && grep -q '^kota_hook=' -- "$1" ||
		fail "$1 is not a kota hook"
}
