#!/usr/bin/env bats
# The editor glue of editors/: vim's tagfunc and quickfix commands, and
# Emacs' xref backend, each over kota-get, run headless (issue 13).

load test_helper

setup() {
	common_setup
	indexed_decoder_repo
}

@test "vim plugin: :tag through the index, :KotaRefs and :KotaCallers fill the quickfix list" {
	command -v vim >/dev/null || skip "vim is not installed (Debian package vim-nox)"
	# No tags file anywhere: the tag comes from kota-get.
	vim -N -u NONE -i NONE -es --cmd "set rtp+=$BATS_TEST_DIRNAME/../editors/vim" --cmd 'runtime plugin/kota.vim' \
	    -c 'tag helper' -c 'call writefile([expand("%:.") . ":" . line(".")], "got")' \
	    -c 'KotaRefs helper' -c 'call writefile(map(getqflist(), {_, e -> fnamemodify(bufname(e.bufnr), ":.") . ":" . e.lnum . ":" . e.col}), "got", "a")' \
	    -c 'KotaCallers helper' -c 'call writefile([len(getqflist())], "got", "a")' \
	    -c 'tag Builder.Write' -c 'call writefile([expand("%:.") . ":" . line(".")], "got", "a")' \
	    -c 'qa!' </dev/null
	run cat got
	assert_output "$(printf '%s\n' json/decoder.py:5 json/decoder.py:3:16 json/decoder.py:9:12 2 b.go:6)"
}

@test "Emacs xref backend: definitions, references and apropos through kota-get" {
	command -v emacs >/dev/null || skip "emacs is not installed (Debian package emacs-nox)"
	run emacs -Q --batch -L "$BATS_TEST_DIRNAME/../editors/emacs" --eval '(progn (require (quote kota))
	  (dolist (x (append (xref-backend-definitions (quote kota) "helper")
	                     (xref-backend-references (quote kota) "helper")
	                     (xref-backend-apropos (quote kota) "ecod")))
	    (let ((loc (xref-item-location x)))
	      (princ (format "%s:%d %s\n" (file-relative-name (xref-file-location-file loc) default-directory)
	                     (xref-file-location-line loc) (xref-item-summary x))))))'
	assert_success
	assert_output "$(printf '%s\n' 'json/decoder.py:5 function helper  def helper(s):' \
	    'json/decoder.py:3 call helper  in method JSONDecoder.decode' \
	    'json/decoder.py:9 call helper  in function raw_decode' \
	    'json/decoder.py:2 method JSONDecoder.decode  def decode(self, s):' \
	    'json/decoder.py:1 class JSONDecoder  class JSONDecoder:' \
	    'json/decoder.py:8 function raw_decode  def raw_decode(s):')"
}
