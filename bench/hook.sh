#!/usr/bin/env bash
# bench/hook.sh - how long the index takes to follow a commit, through the
# kota-hook foreground hook, against re-running ctags -R on the same tree.
#
# Only reports; it has no thresholds.  See usage() for options.

set -u -o pipefail
export LC_ALL=C

prog=${0##*/}
here=$(cd "$(dirname "$0")" && pwd)

usage() {
	cat <<EOF
usage: $prog [-c CORPUS] [-b BUILDDIR] [-w DIR] [-n SIZES] [-k]

Sets the corpus up as bench/parse.sh does (cached in DIR/corpora), clones
it into DIR/hook-run/repo and there:
  kota-hook install --foreground      the first, full index
  then for each N of SIZES: adds a function to N source files, commits
  them with the hooks off, and times
  kota-hook run                       the time from the commit to a current
                                      index (what the foreground hook runs),
  checking that the index names the new commit and finds the new functions;
  git commit                          one more 1-file commit with the hook on
  kota-parse --reuse | kota-pack --base --delta --fold-at 0
                                      folding the delta into a whole index
  ctags -R                            what a ctags user's hook re-runs
and prints a markdown table on stdout (progress on stderr): wall seconds
and peak RSS (GNU time) of each, beside the size of the index.

  -c CORPUS    linux (default), go, rust or python: a corpus of parse.sh
  -b BUILDDIR  take the programs from BUILDDIR/tools
  -w DIR       work directory (default: mktemp -d); pass the same one as to
               parse.sh to share its corpora
  -n SIZES     comma-separated numbers of files per commit (default 1,10,100)
  -k           keep the run's files
  -h           this help
EOF
}

. "$here/lib.sh"

corpus=linux builddir= workdir= sizes=1,10,100 keep=0
while getopts ':c:b:w:n:kh' opt; do
	case $opt in
	c) corpus=$OPTARG ;;
	b) builddir=$OPTARG ;;
	w) workdir=$OPTARG ;;
	n) sizes=$OPTARG ;;
	k) keep=1 ;;
	*) common_option "$opt" ;;
	esac
done
shift $((OPTIND - 1))
no_arguments "$@"
[[ $sizes =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || die "-n wants numbers like 1,10,100, got '$sizes'"
need_clock

find_programs "$builddir" kota-parse kota-pack kota-dump kota-get
HOOK=$BINDIR/kota-hook
[[ -x $HOOK ]] || die "$HOOK: not found (make builds it)"
find_ctags
need_gnu_time
AWK=${AWK:-$(command -v mawk || command -v awk)} || die "no awk"

made_dir=0
if [[ -n $workdir ]]; then
	mkdir -p "$workdir" || die "cannot create $workdir"
	W=$(cd "$workdir" && pwd)
else
	W=$(mktemp -d "${TMPDIR:-/tmp}/kota-bench.XXXXXX") || die "mktemp failed"
	made_dir=1
fi
T=$W/hook-run
cleanup() {
	if ((keep)); then say "run files kept in $T"; return; fi
	if ((made_dir)); then rm -rf -- "$W"; else rm -rf -- "$T"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The corpus, as parse.sh sets it up.
"$here/parse.sh" -S -c "$corpus" -w "$W" || die "setting up $corpus failed"
rm -rf -- "$T" && mkdir -p "$T" || die "cannot write to $T"
say "cloning $corpus"
git clone -q --local "$W/corpora/$corpus" "$T/repo" || die "git clone failed"
cd "$T/repo" || die "no $T/repo"
git config user.name kota-bench && git config user.email kota-bench@localhost &&
	git config commit.gpgsign false || die "git config failed"
IX=$(git rev-parse --absolute-git-dir)/kota/index.kota

# run CMD...: under GNU time; sets WALL (s) and RSS (KiB); returns CMD's status.
run() {
	local t0 rc
	t0=$EPOCHREALTIME
	"$GNU_TIME" -f '%M' -o "$T/time.out" "$@"
	rc=$?
	WALL=$("$AWK" -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }')
	RSS=$(tail -n 1 "$T/time.out")
	return $rc
}
mib() { "$AWK" -v a="$1" 'BEGIN { printf "%.1f", a / 1024 }'; }
ratio() { "$AWK" -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "-"; else printf "%.3f", a / b }'; }

ROWS=()
row() { ROWS+=("$1	$2	$(mib "$3")	$4"); }

# current FN...: the index names HEAD and finds each FN.
current() {
	local head fn
	head=$(git rev-parse HEAD)
	"$BINDIR/kota-dump" --stats "$IX" | grep -qx "meta	commit	$head" ||
		die "the index does not describe HEAD $head"
	for fn; do
		"$BINDIR/kota-get" -f "$IX" "$fn" > /dev/null || die "the index lacks $fn"
	done
}

# touch_files N TAG: add a function to N source files spread over the
# tree (.c, or .py, .go, .rs for those corpora); sets FNS to their names.
touch_files() {
	local n=$1 tag=$2 i=0 f step total ext
	case $corpus in python) ext=py ;; go) ext=go ;; rust) ext=rs ;; *) ext=c ;; esac
	# regular files only: a symbolic link may point out of the tree
	git ls-files -s -- "*.$ext" | "$AWK" -F '\t' '$1 ~ /^10(06|07)/ { print $2 }' > "$T/files"
	total=$(wc -l < "$T/files")
	((total >= n)) || die "$corpus has only $total .$ext files"
	step=$((total / n))
	FNS=()
	while read -r f; do
		[[ -f $f && ! -L $f ]] || die "$f: not a regular file"
		fn=kota_bench_${tag}_$i
		# At the top (Go: the end, after its package clause): a macro
		# tree-sitter cannot see through, as at the end of many Linux
		# files, would hide a function appended after it.
		case $ext in
		c) printf 'int %s(void)\n{\n\treturn 1;\n}\n\n' "$fn" ;;
		py) printf 'def %s():\n    return 1\n\n\n' "$fn" ;;
		go) printf '\nfunc %s() int { return 1 }\n' "$fn" ;;
		rs) printf 'pub fn %s() -> i32 {\n    1\n}\n\n' "$fn" ;;
		esac > "$T/add"
		if [[ $ext == go ]]; then
			cat "$T/add" >> "$f"
		else
			cat "$T/add" "$f" > "$T/new" && cat "$T/new" > "$f"
		fi || die "cannot change $f"
		FNS+=("$fn")
		i=$((i + 1))
	done < <("$AWK" -v s="$step" -v n="$n" '(NR - 1) % s == 0 && c < n { print; c++ }' "$T/files")
	((i == n)) || die "touched $i files, not $n"
}

say "first install: the full index"
run "$HOOK" install --foreground || die "kota-hook install failed"
row "kota-hook install (full index)" "$WALL" "$RSS" "-"
current
size=$(stat -c %s "$IX")
nsyms=$("$BINDIR/kota-dump" --stats "$IX" | sed -n 's/^symbols\t//p')
nfiles=$(git ls-files | wc -l)

IFS=, read -r -a sizes <<< "$sizes"
for n in "${sizes[@]}"; do
	touch_files "$n" "n$n"
	git -c core.hooksPath=/dev/null commit -q -a -m "touch $n files" || die "git commit failed"
	say "$n files: kota-hook run"
	run "$HOOK" run || die "kota-hook run failed"
	current "${FNS[@]}"
	row "commit of $n file(s) → current index (kota-hook run)" "$WALL" "$RSS" "$(ratio "$RSS" $((size / 1024)))"
done

touch_files 1 hooked
say "1 file: git commit with the foreground hook"
run git commit -q -a -m "one file, hooked" || die "git commit failed"
current "${FNS[@]}"
row "git commit of 1 file, foreground hook included" "$WALL" "$RSS" "-"
delta=$(stat -c %s "$IX.delta" 2>/dev/null || echo 0)

say "folding the delta"
run sh -c '"$1" -q --reuse "$3" | "$2" --base "$3" --delta --fold-at 0' sh \
	"$BINDIR/kota-parse" "$BINDIR/kota-pack" "$IX" || die "fold failed"
row "fold the delta into a whole index (kota-pack --fold-at 0)" "$WALL" "$RSS" "$(ratio "$RSS" $((size / 1024)))"
current

say "ctags -R"
run "$CTAGS" -R -f "$T/tags" --links=no \
	'--languages=C,C++,Go,Java,JavaScript,Python,Ruby,Rust,Sh,TypeScript' \
	'--map-C++=-.h' '--map-ObjectiveC=-.h' '--map-C=+.h' . || die "ctags failed"
ctags_wall=$WALL
row "ctags -R (what a ctags hook re-runs on every commit)" "$WALL" "$RSS" "-"

printf '## bench/hook.sh: %s (%s files, %s symbols, index %s MiB), %s, %s CPUs\n\n' \
	"$corpus" "$nfiles" "$nsyms" "$(mib $((size / 1024)))" "$(uname -srm)" "$(nproc)"
printf '| step | wall (s) | ÷ ctags -R wall | peak RSS (MiB) | RSS ÷ index size |\n| --- | --: | --: | --: | --: |\n'
for r in "${ROWS[@]}"; do
	IFS='	' read -r name wall rss rr <<< "$r"
	printf '| %s | %s | %s | %s | %s |\n' "$name" "$wall" "$(ratio "$wall" "$ctags_wall")" "$rss" "$rr"
done
printf '\nctags -R took %s s; the delta beside the index was %s bytes before the fold.\n' \
	"$ctags_wall" "$delta"
