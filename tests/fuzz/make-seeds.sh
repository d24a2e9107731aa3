#!/bin/sh
# Make the seed corpora of tests/fuzz/corpus from the test fixtures, with
# the kota programs on PATH (a build's tools/).  Run from anywhere:
#   PATH=BUILD/tools:$PATH sh tests/fuzz/make-seeds.sh
# The seeds are committed; run this again when a format changes.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
c=$top/tests/fuzz/corpus
fx=$top/tests/fuzz/../fixtures
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rm -rf "$c" && mkdir -p "$c/stream" "$c/index" "$c/delta" "$c/extract" "$c/lsp"

# stream: the fixture streams as they are.
for s in "$fx"/*.stream; do
	cp "$s" "$c/stream/"
done
# index: those that kota-pack accepts, packed.
for s in "$fx"/*.stream; do
	n=$(basename "$s" .stream)
	kota-pack --force -o "$c/index/$n.kota" "$s" 2>/dev/null || rm -f "$c/index/$n.kota"
done
rm -f "$c/index/"*.lock "$c/index/"*.verified
# delta: a base and a delta over it, from two commits of a repository,
# behind the base's length as 4 little-endian bytes.
(
	cd "$tmp" && git init -q r && cd r
	printf 'int f(void) { return g(); }\nint g(void) { return 1; }\n' >a.c
	printf 'def h():\n    return f()\n' >b.py
	git add . && git -c user.name=k -c user.email=k@k commit -q -m one
	kota-parse -q | kota-pack -o ix.kota
	printf 'int f2(void) { return 2; }\n' >>a.c
	git rm -q b.py
	printf 'package c\n\nfunc K() {}\n' >c.go
	git add . && git -c user.name=k -c user.email=k@k commit -q -m two
	kota-parse -q --reuse ix.kota | kota-pack --base ix.kota --delta
	size=$(wc -c <ix.kota)
	printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $((size & 255)) $((size >> 8 & 255)) \
	    $((size >> 16 & 255)) $((size >> 24 & 255)))" >"$c/delta/two-commits"
	cat ix.kota ix.kota.delta >>"$c/delta/two-commits"
)
# extract: a language's number (kota-parse --languages order) as the first
# byte, then its sample and broken fixtures.
i=0
for lang in $(kota-parse --languages | cut -f1); do
	for f in "$fx/lang/$lang"/*; do
		case $f in */expected*) continue ;; esac
		{ printf "$(printf '\\%03o' $i)"; cat "$f"; } >"$c/extract/$lang-$(basename "$f")"
	done
	i=$((i + 1))
done
# lsp: sessions, framed.
frame() {
	for m; do
		printf 'Content-Length: %d\r\n\r\n%s' "$(printf '%s' "$m" | wc -c)" "$m"
	done
}
init='{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}'
pos='"textDocument":{"uri":"file:///tmp/a.c"},"position":{"line":4,"character":9}'
frame "$init" \
	'{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/a.c","text":"int f(void)\n{\n}\nint g(void)\n{ return f(); }\n"}}}' \
	"{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"textDocument/definition\",\"params\":{$pos}}" \
	"{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"textDocument/references\",\"params\":{$pos,\"context\":{\"includeDeclaration\":true}}}" \
	'{"jsonrpc":"2.0","id":4,"method":"workspace/symbol","params":{"query":"f"}}' \
	'{"jsonrpc":"2.0","id":5,"method":"textDocument/documentSymbol","params":{"textDocument":{"uri":"file:///tmp/a.c"}}}' \
	"{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"textDocument/prepareCallHierarchy\",\"params\":{$pos}}" \
	'{"jsonrpc":"2.0","id":7,"method":"callHierarchy/incomingCalls","params":{"item":{"name":"f","data":{"id":"0000000000000001"}}}}' \
	'{"jsonrpc":"2.0","id":8,"method":"callHierarchy/outgoingCalls","params":{"item":{"name":"g","data":{"id":"0000000000000002"}}}}' \
	'{"jsonrpc":"2.0","id":9,"method":"shutdown"}' '{"jsonrpc":"2.0","method":"exit"}' >"$c/lsp/session"
frame "$init" '{bad' '[]' '{"jsonrpc":"2.0","id":{"x":1},"method":"shutdown"}' >"$c/lsp/malformed"
printf 'Content-Length: 99999999999\r\n\r\n' >"$c/lsp/huge-length"
echo "make-seeds.sh: $(find "$c" -type f | wc -l) seeds in $c"
