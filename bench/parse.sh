#!/usr/bin/env bash
# bench/parse.sh - benchmark kota-parse | kota-pack on real corpora against
# universal-ctags and against the floor: tree-sitter alone (bench/tsfloor.c).
#
# Only reports; it has no thresholds.  See usage() for options.

set -u -o pipefail
export LC_ALL=C		# byte order for names, '.' in $EPOCHREALTIME

prog=${0##*/}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)

# the corpora: name, Debian package, source (directory or tarball)
corpus_pkg() {
	case $1 in
	python) echo libpython3.11-stdlib ;;
	rust) echo rust-src ;;
	go) echo golang-1.19-src ;;
	linux) echo linux-source-6.1 ;;
	esac
}
corpus_src() {
	case $1 in
	python) echo /usr/lib/python3.11 ;;
	rust) readlink -f /usr/lib/rustlib/src/rust ;;
	go) echo /usr/share/go-1.19/src ;;
	linux) echo /usr/src/linux-source-6.1.tar.xz ;;
	esac
}

# ctags on the same files kota-parse reads: the languages kota knows, *.h as
# C as kota-parse does by default, symbolic links not followed (kota-parse
# skips them).  bench/accuracy.sh uses the same options.
CTAGS_OPTS=(--links=no '--languages=C,C++,Go,Java,JavaScript,Python,Ruby,Rust,Sh,TypeScript'
	'--map-C++=-.h' '--map-ObjectiveC=-.h' '--map-C=+.h')

usage() {
	cat <<EOF
usage: $prog [-c CORPUS] [-b BUILDDIR] [-w DIR] [-r ROUNDS] [-pkS]

For each corpus, commits its files into a scratch git repository once
(cached in the work directory), then times, each under /usr/bin/time (wall
seconds, user seconds, peak RSS), in the repository:
  kota-parse -j1 | kota-pack -o idx      (HEAD's tree, read from git)
  kota-parse -j2 | kota-pack -o idx
  kota-parse -j1 > /dev/null, -j2       (its own speed-up, without
                                          kota-pack sharing the CPUs)
  ctags -R ${CTAGS_OPTS[*]}
                                          (the checked-out files)
  tsfloor LIST: the floor, tree-sitter alone on one thread, no query, on
                the files kota-parse indexed (bench/tsfloor.c, compiled here
                with \$CC -O2 and the grammars of grammars/LANG/src); and
                apart, the same trees run through queries/LANG.scm by
                tree-sitter's query engine (floor + query)
and prints markdown tables on stdout (progress goes to stderr): speed-up
from -j1 to -j2, pipeline wall / (floor / threads) and / ((floor + query) /
threads), peak RSS, ctags beside.

  -c CORPUS    python, rust, go, linux, a comma-separated list of them, or
               all (= python,rust,go,linux).  Default: python,rust,go.
               Linux (70k files) takes a few minutes to set up the first
               time and about as long to time.
  -b BUILDDIR  take the programs from BUILDDIR/tools
  -w DIR       work directory (default: mktemp -d); the corpora are kept
               there, so pass the same -w DIR to set them up only once
  -r ROUNDS    run each timed command ROUNDS times and keep the fastest
               (default 1)
  -p           also profile kota-parse -j1 with perf on each corpus and
               print its top functions and shared objects
  -S           set the corpora up and stop (bench/accuracy.sh uses this)
  -k           keep the run files (indexes, tags, lists, logs)
  -h           this help

Corpora (Debian packages; install them with apt-get):
  python  /usr/lib/python3.11 without __pycache__     (libpython3.11-stdlib)
  rust    /usr/lib/rustlib/src/rust                    (rust-src)
  go      /usr/share/go-1.19/src                       (golang-1.19-src)
  linux   /usr/src/linux-source-6.1.tar.xz, unpacked   (linux-source-6.1)
Each is copied to DIR/corpora/NAME, committed with git add -A -f and packed
(git repack -a -d) like a clone; DIR/corpora/NAME.stamp marks it done.

Programs: BUILDDIR/tools with -b, else \$KOTA_BIN (a directory), else ./tools,
else PATH.  ctags (universal-ctags): \$CTAGS or PATH.  C compiler: \$CC or cc.
GNU time: \$GNU_TIME or /usr/bin/time.  awk: \$AWK, else mawk, else awk.
EOF
}

. "$here/lib.sh"

corpora=$DEFAULT_CORPORA builddir= workdir= rounds=1 keep=0 perf=0 setup_only=0
while getopts ':c:b:w:r:pSkh' opt; do
	case $opt in
	c) corpora=$OPTARG ;;
	b) builddir=$OPTARG ;;
	w) workdir=$OPTARG ;;
	r) rounds=$OPTARG ;;
	p) perf=1 ;;
	S) setup_only=1 ;;
	k) keep=1 ;;
	*) common_option "$opt" ;;
	esac
done
shift $((OPTIND - 1))
no_arguments "$@"
want_number -r "$rounds" positive
corpus_list "$corpora"
need_clock

# ---------------------------------------------------------------- programs

command -v git > /dev/null || die "git not found"
AWK=${AWK:-$(command -v mawk || command -v awk)} || die "no awk"

if ((!setup_only)); then
	find_programs "$builddir" kota-parse kota-pack kota-dump
	PARSE=$BINDIR/kota-parse PACK=$BINDIR/kota-pack DUMP=$BINDIR/kota-dump

	find_ctags

	CC=${CC:-cc}
	command -v "$CC" > /dev/null || die "no C compiler ($CC)"
	TS_CFLAGS=$(pkg-config --cflags tree-sitter 2>/dev/null) TS_LIBS=$(pkg-config --libs tree-sitter 2>/dev/null) ||
		TS_LIBS=-ltree-sitter
	[[ -n $TS_LIBS ]] || TS_LIBS=-ltree-sitter

	need_gnu_time
	if ((perf)); then
		command -v perf > /dev/null || die "-p: perf not found"
	fi
fi

# ---------------------------------------------------------------- work dir

made_dir=0
if [[ -n $workdir ]]; then
	if [[ ! -d $workdir ]]; then mkdir -p "$workdir" || die "cannot create $workdir"; made_dir=1; fi
	W=$(cd "$workdir" && pwd)
else
	W=$(mktemp -d "${TMPDIR:-/tmp}/kota-bench.XXXXXX") || die "mktemp failed"
	made_dir=1
fi
T=$W/parse-run		# this run's files
cleanup() {
	if ((keep)); then say "work directory kept: $W"; return; fi
	if ((made_dir)) && [[ -z $workdir ]]; then rm -rf -- "$W"; else rm -rf -- "$T"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$W/corpora" "$T" || die "cannot write to $W"

# ---------------------------------------------------------------- helpers

# calc FMT a b EXPR: awk arithmetic on a and b, printf format FMT
calc() { "$AWK" -v a="$2" -v b="$3" "BEGIN { printf \"$1\", $4 }"; }
ratio() { "$AWK" -v a="$1" -v b="$2" -v f="${3:-%.2f}" 'BEGIN { if (b + 0 == 0) print "-"; else printf f, a / b }'; }
mib() { "$AWK" -v a="$1" -v d="${2:-1048576}" 'BEGIN { printf "%.1f", a / d }'; }

# run CMD... under GNU time; sets WALL (s, from $EPOCHREALTIME), UTIME, STIME (s)
# and RSS (KiB) and returns CMD's status.  Redirections given to run apply to CMD.
run() {
	local t0 t1 rc line
	t0=$EPOCHREALTIME
	"$GNU_TIME" -f '%e %U %S %M' -o "$T/time.out" "$@"
	rc=$?
	t1=$EPOCHREALTIME
	WALL=$(elapsed "$t0" "$t1")
	line=$(tail -n 1 "$T/time.out")
	read -r _ UTIME STIME RSS <<< "$line"
	return $rc
}

fail() {	# step, log: show the program's complaint and stop
	say "$1 failed:"
	head -n 20 "$2" >&2
	exit 1
}

# is the first wall time smaller (a better round)?
faster() { "$AWK" -v a="$1" -v b="$2" 'BEGIN { exit !(b == "" || a < b) }'; }

# ---------------------------------------------------------------- corpora

# Copy corpus $1 into $W/corpora/$1, commit it and pack the repository,
# unless the stamp says that was done.
setup_corpus() {
	local name=$1 src pkg dst stamp t0 commit
	dst=$W/corpora/$name stamp=$W/corpora/$name.stamp
	if [[ -f $stamp && -d $dst/.git ]]; then
		say "$name: cached in $dst"
		return
	fi
	pkg=$(corpus_pkg "$name") src=$(corpus_src "$name")
	[[ -e $src ]] || die "$name: $src not found (apt-get install $pkg)"
	rm -rf -- "$dst" "$stamp"
	mkdir -p "$dst" || die "cannot create $dst"
	say "$name: copying $src to $dst"
	t0=$EPOCHREALTIME
	if [[ -d $src ]]; then
		tar -C "$src" --exclude=__pycache__ --exclude=.git -cf - . | tar -C "$dst" -xf - ||
			die "$name: copying $src failed"
	else
		tar -C "$dst" --strip-components=1 -xf "$src" || die "$name: unpacking $src failed"
	fi
	say "$name: committing and packing"
	(
		cd "$dst" &&
		g() { git -c user.name=kota-bench -c user.email=kota-bench@localhost \
			-c core.autocrlf=false -c commit.gpgsign=false -c core.hooksPath=/dev/null "$@"; } &&
		g init -q &&
		g add -A -f . &&
		g commit -q --no-verify -m "$name corpus from $src" &&
		g repack -a -d -q
	) || die "$name: git failed"
	commit=$(git -C "$dst" rev-parse HEAD) || die "$name: no commit"
	printf '%s\t%s\t%s\t%s\n' "$src" "$pkg" "$commit" "$(elapsed "$t0" "$EPOCHREALTIME")" > "$stamp"
	say "$name: set up in $(elapsed "$t0" "$EPOCHREALTIME") s"
}

for c in $corpora; do setup_corpus "$c"; done
((setup_only)) && exit 0

# ---------------------------------------------------------------- floor

# Compile tsfloor with the grammars of the languages in list $1 (objects are
# cached in $W/tsfloor); sets FLOOR to the program.
build_floor() {
	local list=$1 l f o objs=() langs
	mkdir -p "$W/tsfloor"
	langs=$(cut -f 1 "$list" | sort -u)
	for l in $langs; do
		[[ -d $top/grammars/$l/src ]] || die "no grammar sources in $top/grammars/$l/src (./bootstrap)"
		for f in "$top/grammars/$l/src/parser.c" "$top/grammars/$l/src/scanner.c"; do
			[[ -f $f ]] || continue
			o=$W/tsfloor/$l-$(basename "$f" .c).o
			if [[ ! -f $o || $f -nt $o ]]; then
				say "compiling $l/$(basename "$f")"
				"$CC" -O2 -w -I "$top/grammars/$l/src" -c -o "$o" "$f" || die "compiling $f failed"
			fi
			objs+=("$o")
		done
	done
	FLOOR=$W/tsfloor/tsfloor
	# shellcheck disable=SC2086
	"$CC" -O2 -Wall $TS_CFLAGS -o "$FLOOR" "$here/tsfloor.c" "${objs[@]}" $TS_LIBS ||
		die "building tsfloor failed"
}

# ---------------------------------------------------------------- bench

host=$(uname -srm)
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
ncpu=$(nproc 2>/dev/null || echo '?')
load0=$(cut -d ' ' -f 1-3 /proc/loadavg)
tslib=$(ldd "$PARSE" 2>/dev/null | "$AWK" '/tree-sitter/ { print $3 }')
tsver=$(dpkg-query -W -f '${Version}' libtree-sitter0 2>/dev/null || true)
ctags_ver=$("$CTAGS" --version | head -n 1)
built=$(date -r "$PARSE" '+%Y-%m-%d %H:%M' 2>/dev/null || echo '?')

declare -a SUMMARY=()
DETAILS=

row() { printf '| %s | %s |\n' "$1" "$2"; }

bench_corpus() {
	local name=$1 R=$W/corpora/$1 n r rc best
	local -A wall=() user=() sys=() prss=() krss=() pwall=()
	say "$name: warming the page cache"
	find "$R" -type f -print0 | xargs -0 cat > /dev/null 2>&1

	for n in 1 2; do
		best=
		for ((r = 1; r <= rounds; r++)); do
			say "$name: kota-parse -j$n | kota-pack (round $r of $rounds)"
			rm -f "$T/idx.$n"
			local t0 t1 pl kl
			t0=$EPOCHREALTIME
			(cd "$R" &&
				"$GNU_TIME" -f '%e %U %S %M' -o "$T/parse.time" "$PARSE" -j"$n" 2> "$T/parse.err.$n" |
				"$GNU_TIME" -f '%e %U %S %M' -o "$T/pack.time" "$PACK" -o "$T/idx.$n" 2> "$T/pack.err")
			rc=$?
			t1=$EPOCHREALTIME
			((rc == 0)) || { cat "$T/pack.err" >> "$T/parse.err.$n"; fail "kota-parse -j$n | kota-pack" "$T/parse.err.$n"; }
			local w=$(elapsed "$t0" "$t1")
			faster "$w" "$best" || continue
			best=$w
			read -r pl < <(tail -n 1 "$T/parse.time")
			read -r kl < <(tail -n 1 "$T/pack.time")
			local a b c d
			read -r a b c d <<< "$pl"; wall[$n]=$w pwall[$n]=$a user[$n]=$b sys[$n]=$c prss[$n]=$d
			read -r a b c d <<< "$kl"; krss[$n]=$d
			user[$n]=$(calc '%.2f' "${user[$n]}" "$b" 'a + b') sys[$n]=$(calc '%.2f' "${sys[$n]}" "$c" 'a + b')
		done
	done
	# kota-parse alone, its output thrown away: the speed-up of its own
	# threads, without kota-pack taking a share of the same CPUs
	local -A awall=()
	for n in 1 2; do
		for ((r = 1; r <= rounds; r++)); do
			say "$name: kota-parse -j$n > /dev/null (round $r of $rounds)"
			run sh -c 'cd "$1" && exec "$2" -q -j"$3"' sh "$R" "$PARSE" "$n" > /dev/null 2>&1 ||
				fail "kota-parse -j$n" /dev/null
			faster "$WALL" "${awall[$n]:-}" && awall[$n]=$WALL
		done
	done
	local same=no
	cmp -s "$T/idx.1" "$T/idx.2" && same=yes

	# counts, from the -j1 index
	local verify files=0 symbols=0 bytes langs
	verify=$("$DUMP" --verify "$T/idx.1" 2>&1 | head -n 1)
	"$DUMP" "$T/idx.1" > "$T/records" || fail "kota-dump" /dev/null
	"$AWK" -F '\t' '$1 == "F" { print $3 "\t" $2 }' "$T/records" > "$T/list"
	read -r files symbols bytes langs < <("$AWK" -F '\t' '
		$1 == "F" { f++; b += $5; n[$3]++ }
		$1 == "S" { s++ }
		END {
			for (l in n) out = out (out == "" ? "" : ",") l ":" n[l]
			printf "%d %d %.0f %s\n", f, s, b, out == "" ? "-" : out
		}' "$T/records")
	langs=$(tr ',' '\n' <<< "$langs" | sort -t: -k2,2nr | sed 's/:/ /' | paste -sd, - | sed 's/,/, /g')
	local skipped
	skipped=$(grep -o 'skipped ([^)]*)' "$T/parse.err.1" | sort | uniq -c |
		"$AWK" '{ c = $1; $1 = ""; sub(/^ skipped \(/, ""); sub(/\)$/, ""); printf "%s%s %d", sep, $0, c; sep = ", " }')

	# the floor
	local fl_files fl_bytes fl_s fl_cpu fl_read fl_err fl_rss fl_langs= fl_q fl_qcpu fl_matches
	build_floor "$T/list"
	# The queries as kota-parse has them, each after what it inherits
	# (C's after c_family.scm, TypeScript's after ecma.scm).
	mkdir -p "$T/queries" || die "cannot write to $T"
	local q
	for q in "$top"/queries/*.scm; do
		sh "$top/parse/embed-queries.sh" --resolve "$q" > "$T/queries/${q##*/}" ||
			die "cannot resolve $q"
	done
	best=
	for ((r = 1; r <= rounds; r++)); do
		say "$name: tsfloor, $files files (round $r of $rounds)"
		run "$FLOOR" -C "$R" -Q "$T/queries" "$T/list" > "$T/floor.out.r" 2> "$T/floor.err" ||
			fail tsfloor "$T/floor.err"
		local s
		s=$("$AWK" -F '\t' '$1 == "total" { print $4 }' "$T/floor.out.r")
		faster "$s" "$best" || continue
		best=$s fl_rss=$RSS
		mv "$T/floor.out.r" "$T/floor.out"
	done
	IFS=$'\t' read -r _ fl_files fl_bytes fl_s fl_cpu fl_read fl_err fl_q fl_qcpu fl_matches < <(grep '^total' "$T/floor.out")
	fl_langs=$("$AWK" -F '\t' '$1 == "lang" { printf "%s%s %s s (%.1f MiB/s)", sep, $2, $5, ($5 > 0 ? $4 / 1048576 / $5 : 0); sep = ", " }' "$T/floor.out")

	# ctags
	local ct_wall= ct_user ct_rss ct_tags
	best=
	for ((r = 1; r <= rounds; r++)); do
		say "$name: ctags -R (round $r of $rounds)"
		rm -f "$T/tags"
		(cd "$R" && run "$CTAGS" -R "${CTAGS_OPTS[@]}" -f "$T/tags" 2> "$T/ctags.err" &&
			echo "$WALL $UTIME $RSS" > "$T/ctags.m") ||
			fail ctags "$T/ctags.err"
		local w u m
		read -r w u m < "$T/ctags.m"
		faster "$w" "$best" || continue
		best=$w ct_wall=$w ct_user=$u ct_rss=$m
	done
	ct_tags=$(grep -vc '^!_' "$T/tags")

	# perf
	local perf_sym= perf_dso=
	if ((perf)); then
		say "$name: perf record kota-parse -j1"
		(cd "$R" && perf record -q -F 2000 -o "$T/perf.data" -- "$PARSE" -j1 -q > /dev/null 2> "$T/perf.err") ||
			fail "perf record" "$T/perf.err"
		perf_sym=$(perf report -i "$T/perf.data" --stdio --no-children --sort dso,sym 2> /dev/null |
			"$AWK" '/^#/ || NF < 3 { next } { pct = $1; dso = $2; $1 = $2 = $3 = ""; sub(/^ +/, ""); printf "| %s | %s | `%s` |\n", pct, dso, $0; if (++n == 15) exit }')
		perf_dso=$(perf report -i "$T/perf.data" --stdio --no-children --sort dso 2> /dev/null |
			"$AWK" '/^#/ || NF < 2 { next } { printf "%s%s %s", sep, $2, $1; sep = ", "; if (++n == 8) exit }')
	fi

	# report
	local speedup r1 r2 floor_mib fq rq2 rqa2
	speedup=$(ratio "${wall[1]}" "${wall[2]}")
	local aspeedup
	aspeedup=$(ratio "${awall[1]}" "${awall[2]}")
	r1=$(ratio "${wall[1]}" "$fl_s")
	r2=$(ratio "${wall[2]}" "$(calc '%.6f' "$fl_s" 2 'a / b')")
	# floor + query: parsing and tree-sitter's query engine alone
	fq=$(calc '%.3f' "$fl_s" "$fl_q" 'a + b')
	rq2=$(ratio "${wall[2]}" "$(calc '%.6f' "$fq" 2 'a / b')")
	rqa2=$(ratio "${awall[2]}" "$(calc '%.6f' "$fq" 2 'a / b')")
	local cpu1 cpu2 rc1 rc2
	cpu1=$(calc '%.2f' "${user[1]}" "${sys[1]}" 'a + b') cpu2=$(calc '%.2f' "${user[2]}" "${sys[2]}" 'a + b')
	rc1=$(ratio "$cpu1" "$fl_cpu") rc2=$(ratio "$cpu2" "$fl_cpu")
	floor_mib=$(calc '%.1f' "$fl_bytes" "$fl_s" '(b > 0 ? a / 1048576 / b : 0)')
	SUMMARY+=("| $name | $files | $(mib "$bytes") | $symbols | $fl_s | ${wall[1]} | ${wall[2]} | $speedup | ${awall[1]} / ${awall[2]} = $aspeedup | $r1 | $r2 | $fq | $rq2 / $rqa2 | $rc1 / $rc2 | $(mib "${prss[1]}" 1024) / $(mib "${prss[2]}" 1024) | $(mib "${krss[2]}" 1024) | $ct_wall | $(mib "$ct_rss" 1024) | $ct_tags |")

	{
		printf '\n### %s\n\n' "$name"
		printf 'repository %s (%s, %s)\n\n' "$R" "$(cut -f 2 "$W/corpora/$name.stamp")" "$(cut -f 1 "$W/corpora/$name.stamp")"
		printf '| measure | value |\n| --- | --- |\n'
		row "files indexed (F records), by language" "$files ($langs)"
		row "bytes indexed" "$bytes ($(mib "$bytes") MiB)"
		row "symbols (S records)" "$symbols"
		row "kota-dump --verify" "$verify"
		row "files skipped by kota-parse" "${skipped:-none}"
		row "index -j1 and -j2 byte-identical" "$same"
		for n in 1 2; do
			row "kota-parse -j$n \\| kota-pack: wall" "${wall[$n]} s (kota-parse alone ${pwall[$n]} s)"
			row "kota-parse -j$n \\| kota-pack: CPU (user+sys, both)" "$(calc '%.2f' "${user[$n]}" "${sys[$n]}" 'a + b') s"
			row "kota-parse -j$n: peak RSS" "${prss[$n]} KiB ($(mib "${prss[$n]}" 1024) MiB)"
			row "kota-pack (after -j$n): peak RSS" "${krss[$n]} KiB ($(mib "${krss[$n]}" 1024) MiB)"
		done
		row "speed-up -j1 to -j2 (wall)" "$speedup"
		row "kota-parse alone (output to /dev/null): wall -j1 / -j2, speed-up" "${awall[1]} s / ${awall[2]} s, $aspeedup"
		row "floor (tsfloor, 1 thread): parse" "$fl_s s, $floor_mib MiB/s; CPU $fl_cpu s; reading $fl_read s (not counted)"
		row "floor by language" "$fl_langs"
		row "floor: files / trees with errors" "$fl_files / $fl_err"
		row "floor: peak RSS" "$fl_rss KiB"
		row "pipeline -j1 wall / floor" "$r1"
		row "pipeline -j2 wall / (floor / 2)" "$r2"
		row "floor's query (tsfloor -Q: tree-sitter's query engine on the floor's trees, matches drawn, nothing done with them)" "$fl_q s (CPU $fl_qcpu s, $fl_matches matches): $(ratio "$fl_q" "$fl_s") of the parse"
		row "pipeline -j2 wall / ((floor + query) / 2); kota-parse alone" "$rq2; $rqa2"
		row "pipeline CPU / floor CPU, -j1 / -j2" "$rc1 / $rc2"
		row "symbols per second, -j1 / -j2" "$(ratio "$symbols" "${wall[1]}" '%.0f') / $(ratio "$symbols" "${wall[2]}" '%.0f')"
		row "ctags -R: wall" "$ct_wall s (user $ct_user s)"
		row "ctags -R: peak RSS" "$ct_rss KiB ($(mib "$ct_rss" 1024) MiB)"
		row "ctags -R: tags" "$ct_tags"
		row "pipeline -j1 wall / ctags wall" "$(ratio "${wall[1]}" "$ct_wall")"
		if ((perf)); then
			printf '\nperf record -F 2000 kota-parse -j1, by shared object: %s\n\n' "$perf_dso"
			printf '| overhead | object | symbol |\n| --- | --- | --- |\n%s\n' "$perf_sym"
		fi
	} > "$T/detail.$name"
	DETAILS+=$(cat "$T/detail.$name")$'\n'
}

for c in $corpora; do bench_corpus "$c"; done

load1=$(cut -d ' ' -f 1-3 /proc/loadavg)
printf '## kota-parse benchmark\n\n'
printf '%s; %s; %s CPUs; load average %s at the start, %s at the end\n' \
	"$host" "${cpu:-unknown CPU}" "$ncpu" "$load0" "$load1"
printf 'programs: %s (kota-parse built %s); tree-sitter: %s (%s); %s; best of %s round(s)\n\n' \
	"${BINDIR:-}" "$built" "${tslib:-?}" "${tsver:-?}" "$ctags_ver" "$rounds"
printf 'Walls in seconds, RSS in MiB.  floor: tree-sitter alone, one thread, no query, same files; floor + query: the same\nwith kota'"'"'s queries run by tree-sitter on its trees (matches drawn, nothing done with them).\n'
printf 'x floor = pipeline wall / (floor / threads); CPU x floor CPU = user+sys of kota-parse and kota-pack / the\n'
printf "floor's CPU time (less sensitive to other load on the machine).  ctags: ctags -R %s\n\n" "${CTAGS_OPTS[*]}"
printf '| corpus | files | MiB | symbols | floor | -j1 wall | -j2 wall | speed-up | kota-parse alone -j1 / -j2 = speed-up | -j1 x floor | -j2 x floor/2 | floor + query | -j2 x (floor+query)/2, pipeline / kota-parse alone | CPU x floor CPU -j1 / -j2 | kota-parse RSS -j1 / -j2 | kota-pack RSS | ctags wall | ctags RSS | ctags tags |\n'
printf '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n'
printf '%s\n' "${SUMMARY[@]}"
printf '%s' "$DETAILS"
