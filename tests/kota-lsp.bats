#!/usr/bin/env bats
# kota-lsp: the language server (issue 13), driven over stdio by a
# scripted client (tests/lsp-client.py) and by Neovim's built-in client.

load test_helper

setup() {
	common_setup
	indexed_decoder_repo
	U="file://$PWD"
	INIT='{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"rootUri":"'$U'","capabilities":{}}}'
	BYE='{"jsonrpc":"2.0","id":99,"method":"shutdown"}'$'\n''{"jsonrpc":"2.0","method":"exit"}'
}

# lsp [OPTION...]: run kota-lsp under the scripted client with stdin's messages.
lsp() {
	run --separate-stderr python3 "$BATS_TEST_DIRNAME/lsp-client.py" "$@" -- kota-lsp
}

# at ID METHOD LINE CHARACTER [EXTRA]: a request at a place of json/decoder.py.
at() {
	printf '{"jsonrpc":"2.0","id":%s,"method":"%s","params":{"textDocument":{"uri":"%s/json/decoder.py"},"position":{"line":%s,"character":%s}%s}}\n' \
	    "$1" "$2" "$U" "$3" "$4" "${5:-}"
}

# loc PATH LINE0 CHAR0 LINE1 CHAR1: a Location as the server writes it (keys sorted).
loc() {
	printf '{"range":{"end":{"character":%s,"line":%s},"start":{"character":%s,"line":%s}},"uri":"%s/%s"}' \
	    "$5" "$4" "$3" "$2" "$U" "$1"
}

@test "kota-lsp: initialize, definition, references, shutdown and exit" {
	lsp <<-EOF
	$INIT
	{"jsonrpc":"2.0","method":"initialized","params":{}}
	$(at 2 textDocument/definition 2 18)
	$(at 3 textDocument/references 4 5 ',"context":{"includeDeclaration":true}')
	$(at 4 textDocument/definition 1 0)
	$BYE
	EOF
	assert_success
	assert_line --index 0 --partial '"callHierarchyProvider":true,"definitionProvider":true,"documentSymbolProvider":true,"referencesProvider":true'
	assert_line --index 1 "{\"id\":2,\"jsonrpc\":\"2.0\",\"result\":[$(loc json/decoder.py 4 0 5 12)]}"
	assert_line --index 2 "{\"id\":3,\"jsonrpc\":\"2.0\",\"result\":[$(loc json/decoder.py 4 0 5 12),$(loc json/decoder.py 2 15 2 21),$(loc json/decoder.py 8 11 8 17)]}"
	# Line 2 is "    def decode(self, s):": at its start, no word.
	assert_line --index 3 '{"id":4,"jsonrpc":"2.0","result":[]}'
	assert_line --index 4 '{"id":99,"jsonrpc":"2.0","result":null}'
	assert_line --index 5 "exit 0"
}

@test "kota-lsp: workspace symbols ranked: exact, prefix, word, substring, letters in order" {
	lsp <<-EOF
	$INIT
	{"jsonrpc":"2.0","id":2,"method":"workspace/symbol","params":{"query":"dec"}}
	{"jsonrpc":"2.0","id":3,"method":"workspace/symbol","params":{"query":"wrstr"}}
	{"jsonrpc":"2.0","id":4,"method":"workspace/symbol","params":{"query":""}}
	$BYE
	EOF
	assert_success
	# decode (prefix), raw_decode (a word), JSONDecoder (inside a word).
	[[ ${lines[1]} =~ \"name\":\"decode\".*\"name\":\"raw_decode\".*\"name\":\"JSONDecoder\" ]] || fail "${lines[1]}"
	[[ ${lines[2]} == *'"containerName":"Builder","kind":6,'*'"name":"WriteString"}]}' ]] || fail "${lines[2]}"
	assert_line --index 3 '{"id":4,"jsonrpc":"2.0","result":[]}'
}

@test "kota-lsp: document symbols, and the call hierarchy both ways" {
	local raw
	raw=$(kota-get --format=json raw_decode | sed 's/^{"id":"\([0-9a-f]*\)".*/\1/')
	lsp <<-EOF
	$INIT
	{"jsonrpc":"2.0","id":2,"method":"textDocument/documentSymbol","params":{"textDocument":{"uri":"$U/b.go"}}}
	$(at 3 textDocument/prepareCallHierarchy 4 5)
	{"jsonrpc":"2.0","id":4,"method":"callHierarchy/incomingCalls","params":{"item":{"name":"helper","data":{"id":"$(kota-get --format=json helper | sed 's/^{"id":"\([0-9a-f]*\)".*/\1/')"}}}}
	{"jsonrpc":"2.0","id":5,"method":"callHierarchy/outgoingCalls","params":{"item":{"name":"raw_decode","data":{"id":"$raw"}}}}
	{"jsonrpc":"2.0","id":6,"method":"callHierarchy/incomingCalls","params":{"item":{"name":"x"}}}
	$BYE
	EOF
	assert_success
	[[ ${lines[1]} =~ \"name\":\"Builder\".*\"containerName\":\"Builder\",\"kind\":6,.*\"name\":\"WriteString\".*\"name\":\"Write\" ]] || fail "${lines[1]}"
	[[ ${lines[2]} == *'"kind":12,"name":"helper","range":{"end":{"character":12,"line":5},"start":{"character":0,"line":4}}'* ]] || fail "${lines[2]}"
	[[ ${lines[3]} =~ \"name\":\"decode\".*\"fromRanges\":\[\{\"end\":\{\"character\":21,\"line\":2\}.*\"name\":\"raw_decode\" ]] || fail "${lines[3]}"
	[[ ${lines[4]} == *'"fromRanges":[{"end":{"character":17,"line":8},"start":{"character":11,"line":8}}],"to":{'*'"name":"helper"'* ]] || fail "${lines[4]}"
	assert_line --index 5 '{"error":{"code":-32602,"message":"want an item from prepareCallHierarchy"},"id":6,"jsonrpc":"2.0"}'
}

@test "kota-lsp: the editor's unsaved text is what the cursor is in" {
	lsp <<-EOF
	$INIT
	{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"$U/json/decoder.py","languageId":"python","version":1,"text":"x = raw_decode(y)\n"}}}
	$(at 2 textDocument/definition 0 6)
	{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"$U/json/decoder.py","version":2},"contentChanges":[{"text":"\u00e9\u00e9 = helper(y)\n"}]}}
	$(at 3 textDocument/definition 0 6)
	{"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":{"uri":"$U/json/decoder.py"}}}
	$(at 4 textDocument/definition 0 6)
	$BYE
	EOF
	assert_success
	assert_line --index 1 "{\"id\":2,\"jsonrpc\":\"2.0\",\"result\":[$(loc json/decoder.py 7 0 8 20)]}"
	# Two 2-byte letters before: character 6 counts UTF-16 units, not bytes.
	assert_line --index 2 "{\"id\":3,\"jsonrpc\":\"2.0\",\"result\":[$(loc json/decoder.py 4 0 5 12)]}"
	# Closed: the file on disk again, "class JSONDecoder:".
	assert_line --index 3 "{\"id\":4,\"jsonrpc\":\"2.0\",\"result\":[$(loc json/decoder.py 0 0 2 24)]}"
}

@test "kota-lsp: malformed messages get JSON-RPC errors, never a crash" {
	lsp <<-EOF
	$(at 0 textDocument/definition 0 0)
	$INIT
	{"raw":"Content-Length: 5\r\n\r\n{bad}"}
	{"raw":"Content-Length: 2\r\n\r\n[]"}
	{"raw":"Content-Length: 4\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n\"x\" "}
	{"jsonrpc":"2.0","id":2,"method":"nosuch/method","params":{}}
	{"jsonrpc":"2.0","id":3,"method":"textDocument/definition","params":{"textDocument":{"uri":3}}}
	{"jsonrpc":"2.0","id":4,"method":"textDocument/references"}
	{"jsonrpc":"2.0","id":{"x":1},"method":"shutdown"}
	{"jsonrpc":"2.0","method":"\$/cancelRequest","params":{"id":2}}
	{"jsonrpc":"2.0","method":"no/such/notification","params":{}}
	{"jsonrpc":"2.0","id":5,"method":"workspace/symbol","params":{"query":"helper"}}
	{"jsonrpc":"2.0","method":"exit"}
	EOF
	# exit without shutdown: 1, as the protocol says.
	assert_failure 1
	assert_line --index 0 '{"error":{"code":-32002,"message":"initialize first"},"id":0,"jsonrpc":"2.0"}'
	assert_line --index 2 --partial '{"error":{"code":-32700,"message":"not JSON: '
	assert_line --index 3 '{"error":{"code":-32600,"message":"batches are not supported"},"id":null,"jsonrpc":"2.0"}'
	assert_line --index 4 '{"error":{"code":-32600,"message":"not a request: no method"},"id":null,"jsonrpc":"2.0"}'
	assert_line --index 5 '{"error":{"code":-32601,"message":"no method nosuch/method"},"id":2,"jsonrpc":"2.0"}'
	assert_line --index 6 '{"error":{"code":-32602,"message":"want textDocument.uri and position.line, .character"},"id":3,"jsonrpc":"2.0"}'
	assert_line --index 7 '{"error":{"code":-32602,"message":"textDocument/references: want params, an object"},"id":4,"jsonrpc":"2.0"}'
	assert_line --index 8 '{"error":{"code":-32600,"message":"an id must be a number or a string"},"id":null,"jsonrpc":"2.0"}'
	assert_line --index 9 --partial '{"id":5,"jsonrpc":"2.0","result":[{"kind":12,'
	assert_line --index 10 "exit 1"
}

@test "kota-lsp: broken framing ends the session with exit 2 and a message" {
	lsp <<-EOF
	$INIT
	{"raw":"Content-Type: x\r\n\r\n{}"}
	EOF
	assert_failure 2
	assert_line --index 1 "exit 2"
	[ "$stderr" = "kota-lsp: a message without Content-Length" ] || fail "stderr: $stderr"
	lsp <<-EOF
	{"raw":"Content-Length: 99999999999\r\n\r\n"}
	EOF
	assert_failure 2
	[ "$stderr" = "kota-lsp: a message longer than 64 MiB" ] || fail "stderr: $stderr"
	lsp <<-EOF
	{"raw":"Content-Length: 100\r\n\r\n{}"}
	EOF
	[ "$stderr" = "kota-lsp: the input ended inside a message" ] || fail "stderr: $stderr"
}

@test "kota-lsp: an index replaced by a commit mid-session is reopened" {
	lsp --before-message 2 "printf 'def fresh():\n    pass\n' >new.py && git add new.py && git commit -q -m new && kota-parse -q | kota-pack -o .git/kota/index.kota" <<-EOF
	$INIT
	{"jsonrpc":"2.0","id":2,"method":"workspace/symbol","params":{"query":"fresh"}}
	{"jsonrpc":"2.0","id":3,"method":"workspace/symbol","params":{"query":"fresh"}}
	$BYE
	EOF
	assert_success
	assert_line --index 1 '{"id":2,"jsonrpc":"2.0","result":[]}'
	assert_line --index 2 "{\"id\":3,\"jsonrpc\":\"2.0\",\"result\":[{\"kind\":12,\"location\":$(loc new.py 0 0 1 8),\"name\":\"fresh\"}]}"
}

@test "kota-lsp: no index yet is an error per request, not an exit" {
	rm .git/kota/index.kota
	lsp <<-EOF
	$INIT
	{"jsonrpc":"2.0","id":2,"method":"workspace/symbol","params":{"query":"x"}}
	$BYE
	EOF
	assert_success
	assert_line --index 1 --regexp '^\{"error":\{"code":-32803,"message":".*index.kota: no index yet: make it with kota-hook install"\},"id":2'
}

@test "kota-lsp --help, --version, and a bad argument" {
	run kota-lsp --version
	assert_output --regexp '^kota-lsp \(kota\) [0-9]'
	run kota-lsp --help
	assert_success
	assert_line 'usage: kota-lsp [-f FILE] [--log FILE] [--no-worktree]'
	run --separate-stderr kota-lsp extra
	assert_failure 2
	[[ $stderr == "kota-lsp: unexpected argument 'extra'"* ]] || fail "stderr: $stderr"
}

@test "Neovim's built-in LSP client: definition, references and incoming calls" {
	command -v nvim >/dev/null || skip "nvim is not installed (Debian package neovim)"
	timeout 60 nvim --headless -u NONE -i NONE -c "luafile $BATS_TEST_DIRNAME/lsp-nvim.lua" </dev/null
	run cat got
	assert_output "$(printf '%s\n' 'definition json/decoder.py:5:1' 'reference json/decoder.py:3:16' \
	    'reference json/decoder.py:9:12' 'caller decode' 'caller raw_decode')"
}

@test "kota-lsp: a save indexes the work tree in the background; answers come from it until the next commit's reindex" {
	printf 'def edited():\n    return helper(0)\n' >json/edit.py
	lsp --before-message 3 'for i in $(seq 200); do [ -f .git/kota/index.kota.worktree ] && break; sleep 0.05; done' <<-EOF
	$INIT
	{"jsonrpc":"2.0","id":2,"method":"workspace/symbol","params":{"query":"edited"}}
	{"jsonrpc":"2.0","method":"textDocument/didSave","params":{"textDocument":{"uri":"$U/json/edit.py"}}}
	{"jsonrpc":"2.0","id":3,"method":"workspace/symbol","params":{"query":"edited"}}
	$BYE
	EOF
	assert_success
	assert_line --index 1 '{"id":2,"jsonrpc":"2.0","result":[]}'
	assert_line --index 2 "{\"id\":3,\"jsonrpc\":\"2.0\",\"result\":[{\"kind\":12,\"location\":$(loc json/edit.py 0 0 1 20),\"name\":\"edited\"}]}"
	# The commit's reindex drops the index of the work tree: HEAD's again.
	commit_all
	kota-hook run
	[ ! -e .git/kota/index.kota.worktree ] || fail "index.kota.worktree left after a reindex"
	# --no-worktree: no reindex on save.
	printf 'def later():\n    pass\n' >later.py
	run --separate-stderr python3 "$BATS_TEST_DIRNAME/lsp-client.py" --before-message 3 'sleep 0.5' \
	    -- kota-lsp --no-worktree <<-EOF
	$INIT
	{"jsonrpc":"2.0","id":2,"method":"workspace/symbol","params":{"query":"later"}}
	{"jsonrpc":"2.0","method":"textDocument/didSave","params":{"textDocument":{"uri":"$U/later.py"}}}
	{"jsonrpc":"2.0","id":3,"method":"workspace/symbol","params":{"query":"later"}}
	$BYE
	EOF
	assert_success
	assert_line --index 2 '{"id":3,"jsonrpc":"2.0","result":[]}'
	[ ! -e .git/kota/index.kota.worktree ] || fail "--no-worktree made an index of the work tree"
}

@test "kota-lsp: in a document the editor has open, columns count UTF-16 units" {
	printf 'def u():\n    y = "\303\251"; helper(1)\n' >u.py
	commit_all
	kota-parse -q | kota-pack -o .git/kota/index.kota
	lsp <<-EOF
	$INIT
	{"jsonrpc":"2.0","id":2,"method":"textDocument/references","params":{"textDocument":{"uri":"$U/json/decoder.py"},"position":{"line":4,"character":5}}}
	{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"$U/u.py","languageId":"python","version":1,"text":"def u():\n    y = \"\u00e9\"; helper(1)\n"}}}
	{"jsonrpc":"2.0","id":3,"method":"textDocument/references","params":{"textDocument":{"uri":"$U/json/decoder.py"},"position":{"line":4,"character":5}}}
	$BYE
	EOF
	assert_success
	# Not open: the byte column (é is two bytes); open: one UTF-16 unit.
	[[ ${lines[1]} == *"$(loc u.py 1 14 1 20)"* ]] || fail "${lines[1]}"
	[[ ${lines[2]} == *"$(loc u.py 1 13 1 19)"* ]] || fail "${lines[2]}"
}
