#!/usr/bin/env bash
# bench/shards.sh - time an index parsed in shards and merged by kota-pack,
# against one kota-parse | kota-pack, and model N machines.
#
# Only reports; it has no thresholds.  See usage() for options.

set -u -o pipefail
export LC_ALL=C

prog=${0##*/}
here=$(cd "$(dirname "$0")" && pwd)

usage() {
	cat <<EOF
usage: $prog [-c CORPUS] [-b BUILDDIR] [-w DIR] [-n "N..."] [-j J] [-B MB/s] [-k]

On a corpus that bench/parse.sh set up in DIR/corpora (bench/parse.sh -S
-c CORPUS -w DIR), times as separate processes under /usr/bin/time:
  one  kota-parse -q -jJ | kota-pack        (the reference)
and for each N of the list (default "1 2 4"), as contrib/kota-shards runs
them on one machine:
  N    kota-parse -q -j1 --shard K/N > K.stream, run at once (xargs -P N)
  then kota-pack 1.stream ... N.stream
checking that each index is the reference's, byte for byte.  Prints a
markdown table on stdout (progress on stderr): per N, the wall time of the
parse phase, the CPU of its shards (sum, and the largest over the mean:
the imbalance of the split), the streams' bytes, kota-pack's wall time and
peak RSS; then the model for M machines of J cores each:
  parse CPU / (M x J) x imbalance + stream bytes / bandwidth + pack wall
with the bandwidth of -B (default 117 MB/s, 1 Gbit/s).

  -c CORPUS    python, rust, go or linux (default linux)
  -b BUILDDIR  take the programs from BUILDDIR/tools
  -w DIR       the work directory of bench/parse.sh (default: \$KOTA_BENCH_DIR)
  -n "N..."    the shard counts (default "1 2 4")
  -j J         cores of a machine in the model, threads of the reference
               (default 2)
  -B MB/s      bandwidth in the model (default 117)
  -k           keep the streams and indexes (in DIR/shards-run)
  -h           this help
EOF
}

. "$here/lib.sh"

corpus=linux builddir= workdir=${KOTA_BENCH_DIR:-} counts="1 2 4" cores=2 bw=117 keep=0
while getopts ':c:b:w:n:j:B:kh' opt; do
	case $opt in
	c) corpus=$OPTARG ;;
	b) builddir=$OPTARG ;;
	w) workdir=$OPTARG ;;
	n) counts=$OPTARG ;;
	j) cores=$OPTARG ;;
	B) bw=$OPTARG ;;
	k) keep=1 ;;
	*) common_option "$opt" ;;
	esac
done
shift $((OPTIND - 1))
no_arguments "$@"
corpus_list "$corpus"
[[ $corpus != *" "* ]] || die "one corpus at a time"
for n in $counts; do want_number -n "$n" positive; done
want_number -j "$cores" positive
want_number -B "$bw" positive
need_clock
[[ -n $workdir ]] || usage_error "give the work directory of bench/parse.sh with -w"

find_programs "$builddir" kota-parse kota-pack
PARSE=$BINDIR/kota-parse PACK=$BINDIR/kota-pack
need_gnu_time
AWK=${AWK:-$(command -v mawk || command -v awk)} || die "no awk"

work_dir "$workdir" shards-run
R=$W/corpora/$corpus
[[ -d $R/.git ]] || die "no corpus in $R (run bench/parse.sh -S -c $corpus -w $W first)"

# The fields of a GNU time file written with -f '%e %U %S %M'.
field() { "$AWK" -v k="$2" '{ v = $k } END { print v }' "$1"; }

say "$corpus: the reference, kota-parse -j$cores | kota-pack"
t0=$EPOCHREALTIME
(cd "$R" && "$GNU_TIME" -f '%e %U %S %M' -o "$T/ref.parse.time" "$PARSE" -q -j"$cores") |
	"$GNU_TIME" -f '%e %U %S %M' -o "$T/ref.pack.time" "$PACK" -o "$T/ref.kota" ||
	die "the reference pipeline failed"
ref_wall=$(elapsed "$t0" "$EPOCHREALTIME")
ref_cpu=$("$AWK" '{ s += $2 + $3 } END { printf "%.2f", s }' "$T/ref.parse.time")

rows=() model_cpu= model_imb= model_bytes= model_pack=
for n in $counts; do
	say "$corpus: $n shards"
	rm -f "$T"/s.*
	t0=$EPOCHREALTIME
	seq 1 "$n" | (cd "$R" && xargs -P "$n" -I{} "$GNU_TIME" -f '%e %U %S %M' -o "$T/s.{}.time" \
		sh -c "exec \"\$0\" -q -j1 --shard {}/$n > \"\$1\"" "$PARSE" "$T/s.{}.stream") ||
		die "a shard of $n failed"
	parse_wall=$(elapsed "$t0" "$EPOCHREALTIME")
	set --
	for k in $(seq 1 "$n"); do set -- "$@" "$T/s.$k.stream"; done
	bytes=$(cat "$@" | wc -c)
	"$GNU_TIME" -f '%e %U %S %M' -o "$T/pack.time" "$PACK" -o "$T/s.kota" "$@" ||
		die "kota-pack of $n shards failed"
	same=identical
	cmp -s "$T/ref.kota" "$T/s.kota" || same=DIFFERENT
	read -r cpu imb < <(cat "$T"/s.*.time | "$AWK" -v n="$n" '
		{ c = $2 + $3; s += c; if (c > m) m = c }
		END { printf "%.2f %.3f\n", s, m / (s / n) }')
	pack_wall=$(field "$T/pack.time" 1) pack_rss=$(field "$T/pack.time" 4)
	rows+=("| $n | $parse_wall | $cpu | $imb | $bytes | $pack_wall | $((pack_rss / 1024)) | $same |")
	# The model takes its parse CPU and imbalance from the largest N.
	model_cpu=$cpu model_imb=$imb model_bytes=$bytes model_pack=$pack_wall
done

index_bytes=$(wc -c < "$T/ref.kota")
printf '## kota shards benchmark: %s\n\n' "$corpus"
printf '%s; %s\n\n' "$(uname -srm)" "$(nproc) processors"
printf 'reference `kota-parse -j%s | kota-pack`: %s s wall, parse CPU %s s, kota-pack peak RSS %s MiB, index %s B\n\n' \
	"$cores" "$ref_wall" "$ref_cpu" "$(($(field "$T/ref.pack.time" 4) / 1024))" "$index_bytes"
printf '| shards | parse wall s | parse CPU s | imbalance | stream B | kota-pack wall s | kota-pack RSS MiB | index |\n'
printf '| --- | --- | --- | --- | --- | --- | --- | --- |\n'
printf '%s\n' "${rows[@]}"
printf '\nmodel, M machines of %s cores, %s MB/s: parse CPU %s s x imbalance %s / (M x %s) + %s B / bandwidth + pack %s s\n\n' \
	"$cores" "$bw" "$model_cpu" "$model_imb" "$cores" "$model_bytes" "$model_pack"
printf '| machines | parse s | transfer s | pack s | total s |\n| --- | --- | --- | --- | --- |\n'
for m in 1 2 4 8 16 64 256; do
	"$AWK" -v m="$m" -v j="$cores" -v c="$model_cpu" -v i="$model_imb" -v b="$model_bytes" \
		-v bw="$bw" -v p="$model_pack" 'BEGIN {
		imb = m == 1 ? 1 : i; parse = c / (m * j) * imb; xfer = m == 1 ? 0 : b / (bw * 1e6)
		printf "| %d | %.1f | %.1f | %.1f | %.1f |\n", m, parse, xfer, p, parse + xfer + p }'
done
