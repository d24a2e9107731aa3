#!/usr/bin/env bash
# bench/scaling.sh - how kota-parse's time grows with a file's shape: many
# definitions on one line against one a line, and deep nesting.
#
# Only reports; it has no thresholds.  See usage() for options.

set -u -o pipefail
export LC_ALL=C		# '.' in numbers

prog=${0##*/}
here=$(cd "$(dirname "$0")" && pwd)

usage() {
	cat <<EOF
usage: $prog [-b BUILDDIR] [-n SIZES] [-d DEPTHS] [-r ROUNDS] [-t SECONDS] [-w DIR] [-k]

Writes synthetic source files and times kota-parse --worktree on each alone
(outside any repository, one thread, --max-size 1G), under GNU time (wall
seconds, peak RSS), keeping the fastest of ROUNDS runs:

  long lines   N definitions, one a line and all on one line:
               C     int fI(void){return 0;}
               JS    function fI(){return 0}
  nesting      N namespaces or modules, one in the other, around a function:
               C++   namespace a { ... void inner(){} ... }
               Rust  mod a { ... fn inner(){} ... }

and prints a markdown table per group on stdout (progress on stderr): the
size, the symbols found (every definition should be), seconds, peak RSS,
microseconds per definition or level, and the growth exponent from the
row above: log(time ratio) / log(N ratio), 1 for time linear in N, 2 for
quadratic.  Short runs are noisy: read the exponent at the larger N.

  -b BUILDDIR  take kota-parse from BUILDDIR/tools
  -n SIZES     comma-separated N of the long-line cases (default
               10000,20000,40000)
  -d DEPTHS    comma-separated N of the nesting cases (default
               5000,10000,20000,40000)
  -r ROUNDS    run each ROUNDS times and keep the fastest (default 1)
  -t SECONDS   once a case takes longer than this, skip its larger N (an
               older build was quadratic: 40000 nested namespaces took
               some 30 s, 50000 110 s); default 120, 0 for no limit
  -w DIR       work directory (default: mktemp -d)
  -k           keep the generated files and outputs
  -h           this help

kota-parse runs with the default work and memory budgets; a file it skips
shows as fewer symbols than definitions.

Programs: BUILDDIR/tools with -b, else \$KOTA_BIN (a directory), else ./tools,
else PATH.  GNU time: \$GNU_TIME or /usr/bin/time.  awk: \$AWK, else mawk,
else awk.
EOF
}

. "$here/lib.sh"

builddir='' workdir='' rounds=1 keep=0 limit=120 sizes=10000,20000,40000 depths=5000,10000,20000,40000
while getopts ':b:n:d:r:t:w:kh' opt; do
	case $opt in
	b) builddir=$OPTARG ;;
	n) sizes=$OPTARG ;;
	d) depths=$OPTARG ;;
	r) rounds=$OPTARG ;;
	t) limit=$OPTARG ;;
	w) workdir=$OPTARG ;;
	k) keep=1 ;;
	*) common_option "$opt" ;;
	esac
done
shift $((OPTIND - 1))
no_arguments "$@"
want_number -r "$rounds" positive
want_number -t "$limit"
IFS=, read -ra sizes <<<"$sizes"
IFS=, read -ra depths <<<"$depths"
for n in "${sizes[@]}" "${depths[@]}"; do want_number "-n/-d" "$n" positive; done

AWK=${AWK:-$(command -v mawk || command -v awk)} || die "no awk"
find_programs "$builddir" kota-parse
PARSE=$BINDIR/kota-parse
need_gnu_time

made_dir=0
if [[ -n $workdir ]]; then
	mkdir -p "$workdir" || die "cannot create $workdir"
	W=$(cd "$workdir" && pwd)
else
	W=$(mktemp -d "${TMPDIR:-/tmp}/kota-bench.XXXXXX") || die "mktemp failed"
	made_dir=1
fi
T=$W/scaling-run
cleanup() {
	if ((keep)); then say "work directory kept: $W"; return; fi
	if ((made_dir)); then rm -rf -- "$W"; else rm -rf -- "$T"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$T" || die "cannot write to $W"
# kota-parse looks for a repository upwards: let it find none.
export GIT_CEILING_DIRECTORIES=$W
unset GIT_DIR GIT_WORK_TREE

# gen CASE N FILE: write the file of CASE with N definitions or levels.
gen() {
	local one='BEGIN { for (i = 0; i < n; i++) printf f, i; print "" }'
	local lines='BEGIN { for (i = 0; i < n; i++) printf f "\n", i }'
	local nest='BEGIN { for (i = 0; i < n; i++) printf "%s", o; printf "%s", m; for (i = 0; i < n; i++) printf "}"; print "" }'
	case $1 in
	c-lines) "$AWK" -v n="$2" -v f='int f%d(void){return 0;}' "$lines" ;;
	c-one-line) "$AWK" -v n="$2" -v f='int f%d(void){return 0;} ' "$one" ;;
	js-lines) "$AWK" -v n="$2" -v f='function f%d(){return 0}' "$lines" ;;
	js-one-line) "$AWK" -v n="$2" -v f='function f%d(){return 0}' "$one" ;;
	cpp-namespaces) "$AWK" -v n="$2" -v o='namespace a {' -v m='void inner(){}' "$nest" ;;
	rust-modules) "$AWK" -v n="$2" -v o='mod a {' -v m='fn inner(){}' "$nest" ;;
	esac >"$3"
}

ext() {
	case $1 in c-*) echo c ;; js-*) echo js ;; cpp-*) echo cc ;; rust-*) echo rs ;; esac
}

# time_case GROUP CASE N...: one row of $T/results per N: group, case, N,
# bytes, symbols, wall seconds, peak RSS KiB (or "skipped" past -t).
time_case() {
	local group=$1 name=$2 n f best rss syms r wall kib over=0
	shift 2
	for n; do
		if ((over)); then
			printf '%s\t%s\t%s\tskipped\n' "$group" "$name" "$n" >>"$T/results"
			continue
		fi
		f=$T/$name-$n.$(ext "$name")
		gen "$name" "$n" "$f"
		best='' rss=''
		for ((r = 0; r < rounds; r++)); do
			say "$name, N=$n, round $((r + 1))"
			(cd "$T" && "$GNU_TIME" -f '%e %M' -o "$T/time.out" "$PARSE" --worktree -j1 --max-size 1G \
				"${f##*/}" >"$T/out" 2>"$T/err") || { say "kota-parse failed:"; head -n 5 "$T/err" >&2; exit 1; }
			read -r wall kib < <(tail -n 1 "$T/time.out")
			if [[ -z $best ]] || "$AWK" -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then
				best=$wall rss=$kib
			fi
		done
		[[ -s $T/err ]] && say "$name, N=$n: $(head -n 1 "$T/err")"
		syms=$(grep -c '^S' "$T/out")
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$group" "$name" "$n" "$(wc -c <"$f")" "$syms" "$best" "$rss" \
			>>"$T/results"
		((keep)) || rm -f -- "$f"
		((limit > 0)) && "$AWK" -v a="$best" -v b="$limit" 'BEGIN { exit !(a > b) }' && over=1
	done
}

: >"$T/results"
for c in c-lines c-one-line js-lines js-one-line; do
	time_case "long lines" "$c" "${sizes[@]}"
done
for c in cpp-namespaces rust-modules; do
	time_case "nesting" "$c" "${depths[@]}"
done

say "kota-parse: $PARSE"
# One table per group; the exponent compares a row with the one above it in its case.
# shellcheck disable=SC2016  # awk's $fields
"$AWK" -F '\t' '
function row(prev_n, prev_t) {
	if ($4 == "skipped") {
		printf "| %s | %s | | | skipped (-t) | | | |\n", $2, $3
		return
	}
	e = "-"
	if (prev_n != "" && prev_t > 0 && $6 > 0 && $3 != prev_n)
		e = sprintf("%.2f", log($6 / prev_t) / log($3 / prev_n))
	printf "| %s | %s | %.0f | %s | %.2f | %.1f | %.1f | %s |\n", $2, $3, $4 / 1024, $5, $6, $7 / 1024, $6 * 1e6 / $3, e
}
$1 != group {
	group = $1
	printf "%s## %s\n\n", (NR > 1 ? "\n" : ""), group
	print "| case | N | KiB | symbols | seconds | RSS MiB | µs per N | exponent |"
	print "|---|---:|---:|---:|---:|---:|---:|---:|"
}
{
	if ($2 != name) { name = $2; pn = ""; pt = "" }
	row(pn, pt)
	if ($4 != "skipped") { pn = $3; pt = $6 }
}' "$T/results"
