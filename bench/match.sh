#!/usr/bin/env bash
# bench/match.sh: names you only half remember (kota-get --match, --regex)
# against GNU Global (global -x with a regex) and readtags -Q on the same
# tree, in one run.  Reports only; no thresholds.
set -u
prog=${0##*/}
here=$(cd "$(dirname "$0")" && pwd)

usage() {
	cat <<EOF
usage: $prog [-c CORPUS] [-b BUILDDIR] [-w DIR] [-k]

For each corpus (set up by bench/parse.sh -S in the same work directory):
index it with kota (kota-parse | kota-pack), gtags and ctags -R (once per
work directory; kept there), then time whole processes, median of 5, for
the same patterns (on linux; other corpora use their own words):
  a substring       kota-get --match '*alloc*'   global -x '.*alloc.*'
                    readtags -Q '(substr? \$name "alloc")' -l
  a regex           kota-get --regex '_lock\$'    global -x '.*_lock\$'
                    readtags -Q '(#/_lock\$/ \$name)' -l
  a literal start   kota-get --match 'kmalloc*'  global -x 'kmalloc.*'
                    readtags -Q '(prefix? \$name "kmalloc")' -l
  a regex start     kota-get --regex '^kmalloc'  global -x '^kmalloc'
  ignoring case     kota-get -i --match '*ALLOC*'
and how many lines each prints (Global prints one per definition it
knows; readtags one per tag; kota one per symbol).

  -c CORPUS    linux (default), go, python, rust, or a comma-separated list
  -b BUILDDIR  take the programs from BUILDDIR/tools
  -w DIR       work directory (default: mktemp -d), as bench/parse.sh's -w
  -k           keep the run files
  -h           this help
EOF
}

# shellcheck source=bench/lib.sh
. "$here/lib.sh"

corpora=linux builddir= workdir= keep=0
while getopts ':c:b:w:kh' o; do
	case $o in
	c) corpus_list "$OPTARG" ;;
	b) builddir=$OPTARG ;;
	w) workdir=$OPTARG ;;
	k) keep=1 ;;
	*) common_option "$o" ;;
	esac
done
shift $((OPTIND - 1))
no_arguments "$@"
need_clock
find_programs "$builddir" kota-parse kota-pack kota-get kota-dump
AWK=${AWK:-$(command -v mawk || command -v awk)} || die "no awk"
GTAGS=$(command -v gtags || true) GLOBAL=$(command -v global || true)
CTAGS=$(command -v ctags || true) READTAGS=$(command -v readtags || true)
[[ -n $GTAGS ]] || say "gtags not found (apt-get install global): no Global column"
[[ -n $READTAGS && -n $CTAGS ]] || say "ctags/readtags not found (apt-get install universal-ctags): no readtags column"

work_dir "$workdir" match-run


# quotient A B: A / B to one decimal, or - if A is -.
quotient() {
	"$AWK" -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b + 0 == 0) print "-"; else printf "%.1f", a / b }'
}

# row LABEL KOTA-PATTERN GLOBAL-PATTERN READTAGS-EXPR KOTA-OPTION...
row() {
	local what=$1 kp=$2 gp=$3 rp=$4 k kl g=- gl=- r=- rl=-
	shift 4
	k=$(median_ms "$BINDIR/kota-get" "$@" "$kp")
	kl=$(wc -l <"$T/out")
	if [[ -n $GLOBAL && -n $gp ]]; then
		g=$(median_ms "$GLOBAL" -x "$gp")
		gl=$(wc -l <"$T/out")
	fi
	if [[ -n $READTAGS && -n $rp ]]; then
		r=$(median_ms "$READTAGS" -t "$TAGS" -Q "$rp" -l)
		rl=$(wc -l <"$T/out")
	fi
	echo "| $what | $k | $kl | $g | $gl | $r | $rl | $(quotient "$g" "$k") | $(quotient "$r" "$k") |"
}

bench_corpus() {
	local name=$1 repo sub word pre
	repo=$W/corpora/$name
	if [[ ! -d $repo/.git ]]; then
		"$here/parse.sh" -S -c "$name" -w "$W" -b "${builddir:-$(dirname "$BINDIR")}" >&2 ||
			die "$name: bench/parse.sh -S failed"
	fi
	cd "$repo" || die "cd $repo"
	export KOTA_INDEX=$W/$name.kota
	TAGS=$W/$name.tags
	if [[ ! -f $KOTA_INDEX ]]; then
		say "$name: kota-parse | kota-pack"
		"$BINDIR/kota-parse" -q -j2 | "$BINDIR/kota-pack" -o "$KOTA_INDEX" || die "$name: indexing failed"
	fi
	if [[ -n $GTAGS && ! -f GTAGS ]]; then
		say "$name: gtags"
		"$GTAGS" -q 2>/dev/null || die "$name: gtags failed"
	fi
	if [[ -n $CTAGS && ! -f $TAGS ]]; then
		say "$name: ctags -R"
		"$CTAGS" -R -f "$TAGS" --exclude=.git . 2>/dev/null || die "$name: ctags failed"
	fi
	case $name in
	linux) sub=alloc word=_lock pre=kmalloc ;;
	go) sub=Decode word=Error pre=Write ;;
	python) sub=decode word=_lock pre=Write ;;
	rust) sub=parse word=_mut pre=visit ;;
	esac
	echo
	echo "## $name ($(git ls-files | wc -l) files, $("$BINDIR/kota-dump" --stats "$KOTA_INDEX" | "$AWK" -F'\t' '$1 == "symbols" { print $2 }') symbols)"
	echo
	echo "| pattern | kota ms | lines | global -x ms | lines | readtags -Q ms | lines | global/kota | readtags/kota |"
	echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
	row "--match '*$sub*'" "*$sub*" ".*$sub.*" "(substr? \$name \"$sub\")" --match
	row "--regex '$word\$'" "$word\$" ".*$word\$" "(#/$word\$/ \$name)" --regex
	row "--match '$pre*'" "$pre*" "$pre.*" "(prefix? \$name \"$pre\")" --match
	row "--regex '^$pre'" "^$pre" "^$pre" "(#/^$pre/ \$name)" --regex
	row "-i --match '*${sub^^}*'" "*${sub^^}*" "" "" -i --match
	unset KOTA_INDEX
}

for c in $corpora; do
	bench_corpus "$c"
done
