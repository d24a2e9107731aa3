#!/bin/sh
# make installcheck: the installed programs, in BINDIR, index a new
# repository through the installed hooks and keep it current after a commit;
# the front end answers, as kota and as git kota; the completion loads.
set -eu
bindir=$1
compdir=${2-}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kota-installcheck.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp" GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=kota GIT_AUTHOR_EMAIL=kota@localhost
export GIT_COMMITTER_NAME=kota GIT_COMMITTER_EMAIL=kota@localhost
unset GIT_DIR GIT_WORK_TREE KOTA_INDEX

fail() { echo "installcheck: $*" >&2; exit 1; }

"$bindir/kota-hook" --version | grep -q '^kota-hook (kota) ' || fail "kota-hook --version"
"$bindir/kota-lsp" --version | grep -q "^kota-lsp (kota) " || fail "kota-lsp --version"
cd "$tmp" && git init -q repo && cd repo
printf 'int first(void) { return 1; }\n' >a.c
git add a.c && git commit -q -m first
"$bindir/kota-hook" install --foreground || fail "kota-hook install"
"$bindir/kota-get" first >/dev/null || fail "the first install built no index"
printf 'int second(void) { return 2; }\n' >>a.c
git commit -q -a -m second
"$bindir/kota-get" second >/dev/null || fail "the post-commit hook did not reindex"
[ "$("$bindir/kota-get" --meta commit)" = "$(git rev-parse HEAD)" ] || fail "the index is behind HEAD"
"$bindir/kota-hook" status | grep -q 'current' || fail "kota-hook status"
"$bindir/kota" def second | grep -q '^a.c:2:1' || fail "kota def"
st=0
PATH="$bindir:$PATH" git kota def first >/dev/null || st=$?
[ $st = 0 ] || fail "git kota def"
if [ -n "$compdir" ]; then
	[ -f "$compdir/kota" ] && [ -e "$compdir/kota-get" ] || fail "no completion in $compdir"
	bash -c ". '$compdir/kota' && complete -p git-kota kota-get" >/dev/null || fail "the completion does not load"
fi
"$bindir/kota-hook" uninstall || fail "kota-hook uninstall"
[ ! -e .git/hooks/post-commit ] || fail "uninstall left post-commit"
echo "installcheck: ok ($bindir)"
