#!/usr/bin/env bats
# What editors read (issue 13): quickfix lines (--format=grep) for vim -q
# and Emacs' compilation and grep modes; ctags lines that find their
# symbol by pattern after edits; etags (TAGS) that Emacs accepts.  The
# editors themselves run headless where installed (.ci/run installs them).

load test_helper

setup() {
	common_setup
	decoder_repo
	printf 'int half(int x) { return x / 2; }\nint path(void) { return '\\\\'; }\nstatic int both(void) { return half(4) + path(); }\n' >repo/m.c
	cd repo
	commit_all
	kota-parse -q | kota-pack -o idx
	export KOTA_INDEX=$PWD/idx
}

# shift_down FILE: insert five lines at the top of FILE, as an edit after indexing.
shift_down() {
	{ printf '# 1\n# 2\n# 3\n# 4\n# 5\n'; cat "$1"; } >"$1.new" && mv "$1.new" "$1"
}

@test "--format=grep: definitions, references, callers and callees as path:line:col: text" {
	run --separate-stderr kota-get --format=grep helper decode
	assert_success
	assert_output "$(printf '%s\n' "json/decoder.py:5:1: function helper  def helper(s):" \
	    "json/decoder.py:2:5: method JSONDecoder.decode  def decode(self, s):")"
	run --separate-stderr kota-get --format=quickfix --refs helper
	assert_output "$(printf '%s\n' "json/decoder.py:3:16: call helper  in method JSONDecoder.decode" \
	    "json/decoder.py:9:12: call helper  in function raw_decode")"
	run --separate-stderr kota-get --format=vimgrep --callers helper
	assert_output "$(printf '%s\n' "json/decoder.py:3:16: method JSONDecoder.decode  1 call" \
	    "json/decoder.py:9:12: function raw_decode  1 call")"
	run --separate-stderr kota-get --format=grep --callees both
	assert_line "m.c:3:32: call half  1 use  defined: function half"
	run --separate-stderr kota-get --format=grep --impact helper
	assert_line "json/decoder.py:9:12: function raw_decode  1 call  depth 1"
	# From a subdirectory, paths as the line format prints them.
	cd json
	run --separate-stderr kota-get --format=grep helper
	assert_output "decoder.py:5:1: function helper  def helper(s):"
	run --separate-stderr kota-dump --format=grep "$KOTA_INDEX"
	assert_line "json/decoder.py:3:16: call helper  in method JSONDecoder.decode"
	assert_line "m.c:1:1: function half  int half(int x) { return x / 2; }"
}

@test "vim -q reads the grep format as a quickfix list" {
	command -v vim >/dev/null || skip "vim is not installed (Debian package vim-nox)"
	kota-get --format=grep --refs helper >qf
	vim -N -u NONE -i NONE -es -q qf \
	    -c 'call writefile(map(getqflist(), {_, e -> bufname(e.bufnr) . ":" . e.lnum . ":" . e.col . ":" . e.valid . ":" . e.text}), "got")' \
	    -c 'qa!' </dev/null
	run cat got
	assert_output "$(printf '%s\n' "json/decoder.py:3:16:1: call helper  in method JSONDecoder.decode" \
	    "json/decoder.py:9:12:1: call helper  in function raw_decode")"
}

@test "Emacs' compilation mode reads the grep format" {
	command -v emacs >/dev/null || skip "emacs is not installed (Debian package emacs-nox)"
	kota-get --format=grep --refs helper >qf
	run emacs -Q --batch --eval '(progn (require (quote compile))
	  (with-current-buffer (find-file-noselect "qf")
	    (compilation-mode) (compilation--ensure-parse (point-max)) (goto-char (point-min))
	    (while (not (eobp))
	      (let ((msg (get-text-property (point) (quote compilation-message))))
	        (when msg
	          (let ((loc (compilation--message->loc msg)))
	            (princ (format "%s:%s:%s\n" (caar (compilation--loc->file-struct loc))
	              (compilation--loc->line loc) (compilation--loc->col loc))))))
	      (forward-line 1))))'
	assert_success
	assert_output "$(printf '%s\n' json/decoder.py:3:16 json/decoder.py:9:12)"
}

@test "--format=ctags: a search pattern by default, number or combine with --excmd" {
	run --separate-stderr kota-dump --format=ctags "$KOTA_INDEX"
	# The kind as universal-ctags' letter for the language: a Python method is m.
	assert_line "helper${TAB}json/decoder.py${TAB}/^def helper(s):/;\"${TAB}f${TAB}line:5"
	# A definition inside its line: no anchor; / and \ escaped.
	assert_line "decode${TAB}json/decoder.py${TAB}/def decode(self, s):/;\"${TAB}m${TAB}line:2${TAB}class:JSONDecoder"
	assert_line "half${TAB}m.c${TAB}/^int half(int x) { return x \\/ 2; }/;\"${TAB}f${TAB}line:1"
	# (m.c has "return \;": a backslash, doubled in the pattern.)
	assert_line "path${TAB}m.c${TAB}/^int path(void) { return \\\\; }/;\"${TAB}f${TAB}line:2"
	run --separate-stderr kota-dump --format=ctags --excmd=number --kind-names "$KOTA_INDEX"
	assert_line "helper${TAB}json/decoder.py${TAB}5;\"${TAB}kind:function${TAB}line:5"
	run --separate-stderr kota-get --format=ctags --excmd=combine helper
	assert_output "helper${TAB}json/decoder.py${TAB}5;/^def helper(s):/;\"${TAB}f${TAB}line:5"
	run --separate-stderr kota-dump --format=ctags --excmd=regex "$KOTA_INDEX"
	assert_failure 2
	[[ $stderr == "kota-dump: unknown --excmd 'regex' (pattern, number or combine)"* ]] || fail "stderr: $stderr"
}

@test "vim :tag lands on the definition after lines are inserted above it" {
	command -v vim >/dev/null || skip "vim is not installed (Debian package vim-nox)"
	local excmd t
	for excmd in pattern combine; do
		git checkout -q -- .
		kota-dump --format=ctags --excmd=$excmd "$KOTA_INDEX" >tags
		shift_down json/decoder.py
		shift_down m.c
		rm -f got
		for t in JSONDecoder decode helper path; do
			vim -N -u NONE -i NONE -es -c 'set tags=./tags' -c "tag $t" \
			    -c 'call writefile([expand("%") . ":" . line(".")], "got", "a")' -c 'qa!' </dev/null
		done
		run cat got
		assert_output "$(printf '%s\n' json/decoder.py:6 json/decoder.py:7 json/decoder.py:10 m.c:7)"
	done
}

@test "--format=etags: sections with their sizes, text where the definition starts its line" {
	kota-dump --format=etags "$KOTA_INDEX" >TAGS
	# Each section: \f, then "PATH,SIZE" with SIZE the bytes of its lines.
	run awk 'BEGIN { RS = "\f\n" } NR > 1 { split($0, l, "\n"); h = l[1]; sub(/^[^,]*,/, "", h)
	    if (h + 0 != length($0) - length(l[1]) - 1) print "bad size: " l[1]; n++ } END { print n " sections" }' TAGS
	assert_output "2 sections"
	run grep -c $'\x7f' TAGS
	assert_output 7
	grep -q $'^def helper(s):\x7fhelper\x01''5,$' TAGS
	grep -q $'^\x7fdecode\x01''2,$' TAGS
	run --separate-stderr kota-get --format=etags --refs helper
	assert_output ""
}

@test "Emacs finds tags in kota's TAGS, after lines are inserted above" {
	command -v emacs >/dev/null || skip "emacs is not installed (Debian package emacs-nox)"
	kota-dump --format=etags "$KOTA_INDEX" >TAGS
	shift_down json/decoder.py
	shift_down m.c
	local t
	for t in helper path JSONDecoder; do
		emacs -Q --batch --eval "(progn (visit-tags-table \"$PWD/TAGS\")
		  (let* ((x (car (xref-backend-definitions 'etags \"$t\")))
		         (m (xref-location-marker (xref-item-location x))))
		    (with-current-buffer (marker-buffer m) (goto-char m)
		      (append-to-file (format \"%s:%d\n\" (file-relative-name (buffer-file-name) \"$PWD\")
		        (line-number-at-pos)) nil \"$PWD/got\"))))" 2>/dev/null
	done
	run cat got
	assert_output "$(printf '%s\n' json/decoder.py:10 m.c:7 json/decoder.py:6)"
}

@test "--format=ctags: two definitions of one file with one text get the line too" {
	kota-pack -o basic.kota "$FIXTURES/basic.stream"
	kota-dump --format=ctags basic.kota >tags
	# Two impls' "fn area(&self) -> f64": a pattern alone finds the first.
	run readtags -t tags area
	assert_output "$(printf '%s\n' "area${TAB}src/lib.rs${TAB}3;/fn area(&self) -> f64/" \
	    "area${TAB}src/lib.rs${TAB}11;/fn area(&self) -> f64/")"
	run readtags -t tags -e -n add
	assert_output "add${TAB}src/main.c${TAB}/^int add(int a, int b)/;\"${TAB}kind:f${TAB}line:14"
	# Universal-ctags' letters for Rust: trait i, module n, field m, method P, impl c;
	# for C: macro d, enum g, struct s.
	run awk -F'\t' '!/^!/ { print $1, $4 }' tags
	for want in "Area i" "shapes n" "radius m" "area P" "Area for Circle c" "MAX_ITEMS d" "color g" "point s"; do
		assert_line "$want"
	done
}
