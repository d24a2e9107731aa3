#!/usr/bin/env bash
# bench/refs.sh: references (kota-get --refs, --callers, --impact) against
# GNU Global and cscope on the same trees, in one run.  Reports only.
set -u
prog=${0##*/}
here=$(cd "$(dirname "$0")" && pwd)

usage() {
	cat <<EOF
usage: $prog [-c CORPUS] [-b BUILDDIR] [-w DIR] [-n SAMPLE] [-k]

For each corpus (set up by bench/parse.sh -S in the same work directory),
in its repository:
  kota-parse -j2 --no-refs | kota-pack   and   kota-parse -j2 | kota-pack
      wall and CPU seconds, index size, references, bytes per reference,
      kota-pack peak RSS against the index size
  gtags (GNU Global) and cscope -b -q (C only): wall, CPU, database size
  kota-get --refs / --callers NAME, whole process, median of 5, for names
      with about 10, 1,000 and 10,000 references; against global -rx NAME
      and cscope -d -L3 NAME; and the time to the first line
  kota-get --impact NAME (depth 3) for a few functions with 2 to 20 callers
  C corpora: for SAMPLE (200) functions defined under kernel/, mm/, fs/
      (chosen at random, seeded), the set of calling functions kota reports
      (--callers) against cscope -L3's: the share of cscope's kota finds,
      the share kota adds, and samples of both

  -c CORPUS    linux-sub (kernel/ mm/ fs/ include/ of linux), linux, go,
               rust, or a comma-separated list.  Default: linux-sub.
  -b BUILDDIR  take the programs from BUILDDIR/tools
  -w DIR       work directory (default: mktemp -d), as bench/parse.sh's -w
  -n SAMPLE    functions for the agreement check (default 200)
  -k           keep the run files
  -h           this help
EOF
}

# shellcheck source=bench/lib.sh
. "$here/lib.sh"

corpora=linux-sub builddir= workdir= sample=200 keep=0
while getopts ':c:b:w:n:kh' o; do
	case $o in
	c) corpora=${OPTARG//,/ } ;;
	b) builddir=$OPTARG ;;
	w) workdir=$OPTARG ;;
	n) want_number -n "$OPTARG" positive; sample=$OPTARG ;;
	k) keep=1 ;;
	*) common_option "$o" ;;
	esac
done
shift $((OPTIND - 1))
no_arguments "$@"
need_clock
find_programs "$builddir" kota-parse kota-pack kota-get kota-dump
need_gnu_time
AWK=${AWK:-$(command -v mawk || command -v awk)} || die "no awk"
GTAGS=$(command -v gtags || true) GLOBAL=$(command -v global || true) CSCOPE=$(command -v cscope || true)
[[ -n $GTAGS ]] || say "gtags not found (apt-get install global): no Global columns"
[[ -n $CSCOPE ]] || say "cscope not found (apt-get install cscope): no cscope columns"

work_dir "$workdir" refs-run

ratio() { "$AWK" -v a="$1" -v b="$2" -v f="${3:-%.2f}" 'BEGIN { if (b + 0 == 0) print "-"; else printf f, a / b }'; }
mib() { "$AWK" -v a="$1" 'BEGIN { printf "%.1f", a / 1048576 }'; }

# timed CMD...: run CMD under GNU time; WALL, CPU (user + system) and RSS (KiB).
timed() {
	local t0 rc
	t0=$EPOCHREALTIME
	"$GNU_TIME" -f '%U %S %M' -o "$T/time.out" "$@"
	rc=$?
	WALL=$(elapsed "$t0" "$EPOCHREALTIME")
	read -r u s RSS < <(tail -n 1 "$T/time.out")
	CPU=$("$AWK" -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
	return $rc
}


# first_ms CMD...: ms to the first line of CMD's output (median of 5).
first_ms() {
	local i t0 v=()
	for i in 1 2 3 4 5; do
		t0=$EPOCHREALTIME
		"$@" 2>/dev/null | head -n 1 >/dev/null
		v+=("$("$AWK" -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", (b - a) * 1000 }')")
	done
	printf '%s\n' "${v[@]}" | sort -n | sed -n 3p
}

# The repository of corpus $1: bench/parse.sh's, or for linux-sub a copy of
# kernel/ mm/ fs/ include/ of linux.
corpus_repo() {
	local name=$1 dst
	if [[ $name == linux-sub ]]; then
		dst=$W/corpora/linux-sub
		if [[ ! -d $dst/.git ]]; then
			corpus_repo linux >/dev/null || return 1
			say "linux-sub: copying kernel/ mm/ fs/ include/"
			mkdir -p "$dst" && (cd "$W/corpora/linux" && tar -cf - kernel mm fs include) |
				(cd "$dst" && tar -xf -) || die "linux-sub: copy failed"
			(cd "$dst" && git init -q && git add -A -f . &&
				git -c user.name=b -c user.email=b@b commit -q -m linux-sub) || die "linux-sub: git failed"
		fi
		echo "$dst"
		return
	fi
	if [[ ! -d $W/corpora/$name/.git ]]; then
		"$here/parse.sh" -S -c "$name" -w "$W" -b "${builddir:-$(dirname "$BINDIR")}" >&2 ||
			die "$name: bench/parse.sh -S failed"
	fi
	echo "$W/corpora/$name"
}

# pick_names: the call references per name of the index, by count, in $T/counts;
# name_with N: the name with the count closest to N (at least N/2), and its count.
pick_names() {
	"$BINDIR/kota-dump" "$T/idx" | "$AWK" -F'\t' '$1 == "R" && $2 == "call" { n[$3]++ }
		END { for (k in n) print n[k] "\t" k }' | sort -n >"$T/counts"
}
name_with() {
	"$AWK" -F'\t' -v want="$1" '$1 >= want / 2 { d = $1 - want; if (d < 0) d = -d
		if (best == "" || d < bd) { best = $2; bd = d; c = $1 } }
		END { if (best != "") print best "\t" c }' "$T/counts"
}

bench_corpus() {
	local name=$1 repo n0 n1 nrefs c0 c1 w0 w1 rss
	repo=$(corpus_repo "$name") || return
	cd "$repo" || die "cd $repo"
	say "$name: indexing without references"
	timed sh -c "'$BINDIR/kota-parse' -q -j2 --no-refs | '$BINDIR/kota-pack' -o '$T/idx0'" ||
		die "$name: kota-parse | kota-pack failed"
	w0=$WALL c0=$CPU n0=$(stat -c %s "$T/idx0")
	say "$name: indexing with references"
	timed sh -c "'$BINDIR/kota-parse' -q -j2 | '$BINDIR/kota-pack' -o '$T/idx'" ||
		die "$name: kota-parse | kota-pack failed"
	w1=$WALL c1=$CPU n1=$(stat -c %s "$T/idx")
	"$BINDIR/kota-parse" -q -j2 >"$T/stream"
	timed "$BINDIR/kota-pack" -o "$T/idx2" "$T/stream"
	rss=$RSS
	nrefs=$("$BINDIR/kota-dump" --stats "$T/idx" | "$AWK" -F'\t' '$1 == "references" { print $2 }')
	echo
	echo "## $name ($(git ls-files | wc -l) files, $nrefs references)"
	echo
	echo "| | wall s | CPU s | database | bytes/ref |"
	echo "| --- | --- | --- | --- | --- |"
	echo "| kota, definitions only | $w0 | $c0 | $(mib "$n0") MiB | |"
	echo "| kota, with references | $w1 | $c1 | $(mib "$n1") MiB | $(ratio "$((n1 - n0))" "$nrefs" %.1f) |"
	echo "| ratio with/without | $(ratio "$w1" "$w0") | $(ratio "$c1" "$c0") | $(ratio "$n1" "$n0") | |"
	if [[ -n $GTAGS ]]; then
		rm -f GTAGS GRTAGS GPATH
		say "$name: gtags"
		timed "$GTAGS" -q 2>/dev/null
		local gsz grsz
		gsz=$(($(stat -c %s GTAGS) + $(stat -c %s GRTAGS) + $(stat -c %s GPATH)))
		grsz=$(stat -c %s GRTAGS)
		echo "| gtags (GTAGS+GRTAGS+GPATH) | $WALL | $CPU | $(mib "$gsz") MiB | GRTAGS $(mib "$grsz") MiB |"
		echo "| kota with refs / gtags | | | $(ratio "$n1" "$gsz") | |"
	fi
	local cfiles=0
	if [[ -n $CSCOPE ]]; then
		git ls-files '*.c' '*.h' >cscope.files
		cfiles=$(wc -l <cscope.files)
	fi
	if ((cfiles > 0)); then
		say "$name: cscope -b -q"
		rm -f cscope.out cscope.in.out cscope.po.out
		timed "$CSCOPE" -b -q -k -i cscope.files
		echo "| cscope -b -q -k (C files) | $WALL | $CPU | $(mib "$(cat cscope.out cscope.in.out cscope.po.out | wc -c)") MiB | |"
	fi
	echo
	echo "kota-pack peak RSS with references: $(mib "$((rss * 1024))") MiB, $(ratio "$((rss * 1024))" "$n1") x the index"
	echo
	pick_names
	echo "| lookup | refs | kota --refs ms | first line ms | kota --callers ms | global -rx ms | cscope -L3 ms |"
	echo "| --- | --- | --- | --- | --- | --- | --- |"
	local want nm cnt g c
	for want in 10 1000 10000; do
		read -r nm cnt < <(name_with "$want") || continue
		[[ -n $nm ]] || continue
		g=- c=-
		[[ -n $GLOBAL ]] && g=$(median_ms "$GLOBAL" -rx "$nm")
		((cfiles > 0)) && c=$(median_ms "$CSCOPE" -d -L3 "$nm")
		echo "| $nm | $cnt | $(median_ms "$BINDIR/kota-get" -f "$T/idx" --refs "$nm") |" \
			"$(first_ms "$BINDIR/kota-get" -f "$T/idx" --refs "$nm") |" \
			"$(median_ms "$BINDIR/kota-get" -f "$T/idx" --callers "$nm") | $g | $c |"
	done
	echo
	echo "| --impact (depth 3) | callers | definitions reached | ms |"
	echo "| --- | --- | --- | --- |"
	"$AWK" -F'\t' '$1 >= 2 && $1 <= 20' "$T/counts" | shuf -n 5 --random-source=<(yes) |
	while IFS=$'\t' read -r cnt nm; do
		echo "| $nm | $cnt | $("$BINDIR/kota-get" -f "$T/idx" --impact "$nm" 2>/dev/null | wc -l) |" \
			"$(median_ms "$BINDIR/kota-get" -f "$T/idx" --impact "$nm") |"
	done
	((cfiles > 0)) && agreement
	cd - >/dev/null || true
}

# The callers kota and cscope give for SAMPLE functions of kernel/ mm/ fs/.
agreement() {
	local fn theirs ours both=0 ntheirs=0 added=0 nours=0
	"$BINDIR/kota-dump" --format=line "$T/idx" |
		"$AWK" -F'\t' '$2 == "function" && ($1 ~ /^(kernel|mm|fs)\//) { print $3 }' |
		sort -u | shuf -n "$sample" --random-source=<(yes) >"$T/sample"
	: >"$T/missed" ; : >"$T/extra"
	while read -r fn; do
		"$CSCOPE" -d -L3 "$fn" 2>/dev/null | "$AWK" '{ print $2 }' | grep -v '^<global>$' | sort -u >"$T/theirs"
		"$BINDIR/kota-get" -f "$T/idx" --callers "$fn" 2>/dev/null |
			"$AWK" -F'\t' '$2 != "-" { n = $3; sub(/.*[.:]/, "", n); print n }' | sort -u >"$T/ours"
		ntheirs=$((ntheirs + $(wc -l <"$T/theirs")))
		nours=$((nours + $(wc -l <"$T/ours")))
		both=$((both + $(comm -12 "$T/theirs" "$T/ours" | wc -l)))
		added=$((added + $(comm -13 "$T/theirs" "$T/ours" | wc -l)))
		comm -23 "$T/theirs" "$T/ours" | sed "s|^|$fn <- |" >>"$T/missed"
		comm -13 "$T/theirs" "$T/ours" | sed "s|^|$fn <- |" >>"$T/extra"
	done <"$T/sample"
	echo
	echo "Callers of $(wc -l <"$T/sample") functions of kernel/ mm/ fs/: cscope -L3 gives $ntheirs," \
		"kota --callers $nours; kota finds $(ratio "$((both * 100))" "$ntheirs" %.1f)% of cscope's" \
		"and adds $added ($(ratio "$((added * 100))" "$nours" %.1f)% of its own)."
	echo
	echo "Sample of cscope's callers kota misses:"
	shuf -n 10 --random-source=<(yes) "$T/missed" | sed 's/^/    /'
	echo "Sample of callers kota adds:"
	shuf -n 10 --random-source=<(yes) "$T/extra" | sed 's/^/    /'
}

for c in $corpora; do bench_corpus "$c"; done
