#!/usr/bin/env bash
# bench/pack.sh - benchmark kota-pack / kota-dump / kota-get on a synthetic
# record stream, and kota-get against readtags on the same names.
#
# Only reports; it has no thresholds.  See usage() for options.

set -u -o pipefail
export LC_ALL=C		# byte order for names, '.' in $EPOCHREALTIME

prog=${0##*/}
here=$(cd "$(dirname "$0")" && pwd)

usage() {
	cat <<EOF
usage: $prog [-n N] [-b BUILDDIR] [-l LOOKUPS] [-s SEED] [-w DIR] [-k]

Generates a deterministic record stream of N symbols (default 1000000) in
about N/20 files with bench/gen-stream.awk, then times, each as its own
process under /usr/bin/time (wall seconds, peak RSS):
  kota-pack -o idx.kota < stream
  kota-dump idx.kota > /dev/null
  kota-dump --format=ctags idx.kota > tags
  LOOKUPS (default 1000) runs of  kota-get -f idx.kota NAME
  the same LOOKUPS runs of        readtags -t tags NAME
and prints a markdown table on stdout (progress goes to stderr).

  -n N         number of symbol records (default 1000000)
  -b BUILDDIR  take the programs from BUILDDIR/tools
  -l LOOKUPS   number of lookup processes per tool (default 1000)
  -s SEED      generator seed (default 1)
  -w DIR       work directory (default: mktemp -d)
  -k           keep the work directory
  -h           this help

Programs: BUILDDIR/tools with -b, else \$KOTA_BIN (a directory), else ./tools,
else PATH.  readtags: \$READTAGS or PATH (skipped if missing).  awk: \$AWK,
else mawk, else awk.  GNU time: \$GNU_TIME or /usr/bin/time.
EOF
}

. "$here/lib.sh"

n=1000000 lookups=1000 seed=1 builddir= workdir= keep=0
while getopts ':n:b:l:s:w:kh' opt; do
	case $opt in
	n) n=$OPTARG ;;
	b) builddir=$OPTARG ;;
	l) lookups=$OPTARG ;;
	s) seed=$OPTARG ;;
	w) workdir=$OPTARG ;;
	k) keep=1 ;;
	*) common_option "$opt" ;;
	esac
done
shift $((OPTIND - 1))
no_arguments "$@"
want_number -n "$n" positive
want_number -l "$lookups" positive
want_number -s "$seed"
need_clock

# ---------------------------------------------------------------- programs

find_programs "$builddir" kota-pack kota-dump kota-get
PACK=$BINDIR/kota-pack DUMP=$BINDIR/kota-dump GET=$BINDIR/kota-get

READTAGS=${READTAGS:-$(command -v readtags || true)}
[[ -n $READTAGS && -x $READTAGS ]] || { say "readtags not found: skipping the comparison"; READTAGS=; }

need_gnu_time

AWK=${AWK:-$(command -v mawk || command -v awk)} || die "no awk"
GEN=$here/gen-stream.awk
[[ -r $GEN ]] || die "$GEN: not found"

# ---------------------------------------------------------------- work dir

made_dir=0
if [[ -n $workdir ]]; then
	if [[ ! -d $workdir ]]; then mkdir -p "$workdir" || die "cannot create $workdir"; made_dir=1; fi
	W=$(cd "$workdir" && pwd)
else
	W=$(mktemp -d "${TMPDIR:-/tmp}/kota-bench.XXXXXX") || die "mktemp failed"
	made_dir=1
fi
ours=(stream names idx.kota idx.kota.lock idx.kota.tmp tags time.out get.out rt.out err.out ts.get ts.rt ts.true)
cleanup() {
	if ((keep)); then say "work directory kept: $W"; return; fi
	if ((made_dir)); then rm -rf -- "$W"; else (cd "$W" && rm -f -- "${ours[@]}"); fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- helpers

# elapsed seconds between two $EPOCHREALTIME values
# calc EXPR with a and b: awk arithmetic, printf format fmt
calc() { "$AWK" -v a="$2" -v b="$3" "BEGIN { printf \"$1\", $4 }"; }
fsize() { stat -c %s -- "$1"; }

# run CMD... under GNU time; sets WALL (s, from $EPOCHREALTIME, ms
# resolution; time's own %e has only 10 ms) and RSS (KiB), returns CMD's status.
# Redirections given to run apply to CMD.
run() {
	local t0 t1 rc line
	t0=$EPOCHREALTIME
	"$GNU_TIME" -f '%e %M' -o "$W/time.out" "$@"
	rc=$?
	t1=$EPOCHREALTIME
	WALL=$(elapsed "$t0" "$t1")
	line=$(tail -n 1 "$W/time.out")
	RSS=${line#* }
	return $rc
}

fail() {	# step: show the program's complaint and stop
	say "$1 failed:"
	head -n 20 "$W/err.out" >&2
	exit 1
}

# ---------------------------------------------------------------- generate

say "generating $n symbols (seed $seed) in $W"
t0=$EPOCHREALTIME
"$AWK" -v n="$n" -v seed="$seed" -v lookups="$lookups" -v names="$W/names" \
	-f "$GEN" > "$W/stream" || die "generator failed"
gen_s=$(elapsed "$t0" "$EPOCHREALTIME")
stream_bytes=$(fsize "$W/stream")
nfiles=$(grep -c '^F	' "$W/stream")
mapfile -t NAMES < "$W/names"
((${#NAMES[@]} == lookups)) || die "generator wrote ${#NAMES[@]} names, wanted $lookups"

# ---------------------------------------------------------------- pack, dump

say "kota-pack"
run "$PACK" -o "$W/idx.kota" < "$W/stream" 2> "$W/err.out" || fail kota-pack
pack_s=$WALL pack_rss=$RSS
idx_bytes=$(fsize "$W/idx.kota")

verify=$("$DUMP" --verify "$W/idx.kota" 2>&1 | head -n 1)

say "kota-dump"
run "$DUMP" "$W/idx.kota" > /dev/null 2> "$W/err.out" || fail kota-dump
dump_s=$WALL dump_rss=$RSS

say "kota-dump --format=ctags"
run "$DUMP" --format=ctags "$W/idx.kota" > "$W/tags" 2> "$W/err.out" || fail "kota-dump --format=ctags"
ctags_s=$WALL ctags_rss=$RSS
tags_bytes=$(fsize "$W/tags")
tags_lines=$(grep -vc '^!_TAG_' "$W/tags")

# ---------------------------------------------------------------- lookups

# time `CMD... NAME` for every name, each its own process; sets LOOP_S and
# writes the start time of every lookup and the end time of the last one to
# $W/ts.LABEL.  Exit status 1 (not found) is expected for the misses.
loop() {
	local label=$1 name
	local -a ts=()
	shift
	for name in "${NAMES[@]:0:20}"; do "$@" "$name" > /dev/null 2>&1; done	# warm up
	for name in "${NAMES[@]}"; do
		ts+=("$EPOCHREALTIME")
		"$@" "$name" > /dev/null 2>&1
	done
	ts+=("$EPOCHREALTIME")
	printf '%s\n' "${ts[@]}" > "$W/ts.$label"
	LOOP_S=$(elapsed "${ts[0]}" "${ts[-1]}")
}

say "$lookups x kota-get"
loop get "$GET" -f "$W/idx.kota"
get_s=$LOOP_S
rt_s=
: > "$W/ts.rt"
if [[ -n $READTAGS ]]; then
	say "$lookups x readtags"
	loop rt "$READTAGS" -t "$W/tags"
	rt_s=$LOOP_S
fi
say "$lookups x true (process start baseline)"
loop true "$(type -P true)"
true_s=$LOOP_S

# Check pass (untimed): the results of every lookup, kota-get vs readtags.
say "checking results"
: > "$W/err.out"
for i in "${!NAMES[@]}"; do
	printf '@@\t%d\n' "$i"
	"$GET" -f "$W/idx.kota" "${NAMES[i]}" 2>> "$W/err.out"
	printf '@@rc\t%d\n' "$?"
done > "$W/get.out"
: > "$W/rt.out"
if [[ -n $READTAGS ]]; then
	for i in "${!NAMES[@]}"; do
		printf '@@\t%d\n' "$i"
		"$READTAGS" -t "$W/tags" "${NAMES[i]}"
	done > "$W/rt.out"
fi

# Per lookup (0-based i): results and status of kota-get, results of readtags,
# wall time of each from the ts files.  Prints "key value" lines:
#   hit miss err get_lines rt_lines differ: counts over the lookups
#   most most_i one_i none_i: most results (and its lookup), a lookup with one
#     result, a miss (-1 if none)
#   n_B get_ms_B rt_ms_B for buckets B = 0 (no result), 1 (1-10), 2 (more)
declare -A R=()
while read -r k v; do R[$k]=$v; done < <(
	"$AWK" -F '\t' -v tsget="$W/ts.get" -v tsrt="$W/ts.rt" '
	FILENAME == tsget { tg[FNR] = $1; next }
	FILENAME == tsrt { tr[FNR] = $1; next }
	FNR == 1 { f++ }
	$1 == "@@" { i = $2; if (i + 1 > k) k = i + 1; next }
	$1 == "@@rc" { rc[i] = $2; next }
	{ c[f, i]++ }
	END {
		most_i = one_i = none_i = -1
		for (i = 0; i < k; i++) {
			n = c[1, i] + 0; m = c[2, i] + 0
			gl += n; rl += m
			if (rt != "" && n != m) differ++
			if (rc[i] == 2) err++
			else if (n > 0) hit++
			else miss++
			if (n > most) { most = n; most_i = i }
			if (n == 1 && one_i < 0) one_i = i
			if (n == 0 && rc[i] == 1 && none_i < 0) none_i = i
			b = (n == 0) ? 0 : (n <= 10) ? 1 : 2
			nb[b]++
			gt[b] += tg[i + 2] - tg[i + 1]
			if (rt != "") rtt[b] += tr[i + 2] - tr[i + 1]
		}
		printf "hit %d\nmiss %d\nerr %d\nget_lines %d\nrt_lines %d\ndiffer %d\n", hit, miss, err, gl, rl, differ
		printf "most %d\nmost_i %d\none_i %d\nnone_i %d\n", most, most_i, one_i, none_i
		for (b = 0; b < 3; b++) {
			printf "n_%d %d\n", b, nb[b]
			if (nb[b]) printf "get_ms_%d %.3f\nrt_ms_%d %.3f\n", b, gt[b] * 1000 / nb[b], b, rtt[b] * 1000 / nb[b]
		}
	}' rt="$READTAGS" "$W/ts.get" "$W/ts.rt" "$W/get.out" "$W/rt.out")
sample_name() { (($1 >= 0)) && printf '%s' "${NAMES[$1]}" || printf -- '-'; }
most_name=$(sample_name "${R[most_i]}")
one_name=$(sample_name "${R[one_i]}")
miss_name=$(sample_name "${R[none_i]}")

# single-lookup peak RSS for the three sample lookups, and their maximum
get_rss=0 rt_rss=0 get_rss3= rt_rss3=
for name in "$most_name" "$one_name" "$miss_name"; do
	if [[ $name == - ]]; then get_rss3+=" / -"; rt_rss3+=" / -"; continue; fi
	run "$GET" -f "$W/idx.kota" "$name" > /dev/null 2>&1
	((RSS > get_rss)) && get_rss=$RSS
	get_rss3+=" / $RSS"
	if [[ -n $READTAGS ]]; then
		run "$READTAGS" -t "$W/tags" "$name" > /dev/null 2>&1
		((RSS > rt_rss)) && rt_rss=$RSS
		rt_rss3+=" / $RSS"
	fi
done
get_rss3=${get_rss3# / } rt_rss3=${rt_rss3# / }

# ---------------------------------------------------------------- report

ms() { calc '%.3f' "$1" "$lookups" 'a * 1000 / b'; }
mb() { calc '%.1f' "$1" 0 'a / 1048576'; }
get_ms=$(ms "$get_s") true_ms=$(ms "$true_s")

host=$(uname -srm)
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
printf '## kota pack benchmark\n\n'
printf '%s symbols, %s files, seed %s, %s lookups; %s; %s\n' "$n" "$nfiles" "$seed" "$lookups" "$host" "${cpu:-unknown CPU}"
printf 'programs: %s; readtags: %s\n\n' "${BINDIR:-}" "${READTAGS:-none}"
printf '| measure | value |\n| --- | --- |\n'
row() { printf '| %s | %s |\n' "$1" "$2"; }
row "stream: size" "$stream_bytes B ($(mb "$stream_bytes") MiB, $(calc '%.1f' "$stream_bytes" "$n" 'a / b') B/symbol)"
row "stream: generation ($(basename "$AWK"))" "$gen_s s"
row "kota-pack: wall" "$pack_s s"
row "kota-pack: peak RSS" "$pack_rss KiB"
row "index: size" "$idx_bytes B ($(mb "$idx_bytes") MiB)"
row "index: bytes per symbol" "$(calc '%.1f' "$idx_bytes" "$n" 'a / b')"
row "index: size / stream size" "$(calc '%.3f' "$idx_bytes" "$stream_bytes" 'a / b')"
row "kota-pack: peak RSS / index size" "$(calc '%.2f' "$pack_rss" "$idx_bytes" 'a * 1024 / b')"
row "kota-dump --verify" "${verify:-no output}"
row "kota-dump (records): wall" "$dump_s s"
row "kota-dump (records): peak RSS" "$dump_rss KiB"
row "kota-dump --format=ctags: wall" "$ctags_s s"
row "kota-dump --format=ctags: peak RSS" "$ctags_rss KiB"
row "tags file: size" "$tags_bytes B ($tags_lines tags)"
row "kota-get: mean wall per lookup" "$get_ms ms ($get_s s for $lookups)"
row "kota-get: single lookup peak RSS, max" "$get_rss KiB"
row "kota-get: single lookup peak RSS, most results / one / none" "$get_rss3 KiB"
if [[ -n $READTAGS ]]; then
	rt_ms=$(ms "$rt_s")
	row "readtags: mean wall per lookup" "$rt_ms ms ($rt_s s for $lookups)"
	row "readtags: single lookup peak RSS, max" "$rt_rss KiB"
	row "readtags: single lookup peak RSS, most results / one / none" "$rt_rss3 KiB"
	row "kota-get / readtags (wall)" "$(calc '%.2f' "$get_s" "$rt_s" 'a / b')"
fi
row "process start baseline (true): mean wall" "$true_ms ms"
if [[ -n $READTAGS ]]; then
	row "kota-get / readtags (wall minus baseline)" \
	    "$(calc '%.2f' "$get_s" "$rt_s" "(a - $true_s) / (b - $true_s)")"
fi
row "lookups: names found / not found / errors" "${R[hit]} / ${R[miss]} / ${R[err]}"
row "lookups: result lines kota-get" "${R[get_lines]}"
[[ -n $READTAGS ]] && row "lookups: result lines readtags" "${R[rt_lines]} (${R[differ]} lookups differ)"
bucket=("no result" "1-10 results" "more than 10 results")
for b in 0 1 2; do
	((${R[n_$b]:-0})) || continue
	v="kota-get ${R[get_ms_$b]} ms"
	[[ -n $READTAGS ]] && v+=", readtags ${R[rt_ms_$b]} ms"
	row "mean wall per lookup, ${bucket[b]} (${R[n_$b]} lookups)" "$v"
done
((${R[err]})) && row "kota-get: first error" "$(head -n 1 "$W/err.out")"
row "RSS sample names: most results / one / none" "\`$most_name\` (${R[most]} results) / \`$one_name\` / \`$miss_name\`"
