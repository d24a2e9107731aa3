#!/bin/sh
# make installcheck: the installed programs, in BINDIR, index a new
# repository through the installed hooks and keep it current after a commit.
set -eu
bindir=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kota-installcheck.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp" GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=kota GIT_AUTHOR_EMAIL=kota@localhost
export GIT_COMMITTER_NAME=kota GIT_COMMITTER_EMAIL=kota@localhost
unset GIT_DIR GIT_WORK_TREE KOTA_INDEX

fail() { echo "installcheck: $*" >&2; exit 1; }

"$bindir/kota-hook" --version | grep -q '^kota-hook (kota) ' || fail "kota-hook --version"
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
"$bindir/kota-hook" uninstall || fail "kota-hook uninstall"
[ ! -e .git/hooks/post-commit ] || fail "uninstall left post-commit"
echo "installcheck: ok ($bindir)"
