# bench/lib.sh: what the benchmark scripts share.  Sourced; the script sets
# $prog and defines usage() first.

die() { printf '%s: %s\n' "$prog" "$*" >&2; exit 2; }
say() { printf '%s: %s\n' "$prog" "$*" >&2; }

# usage_error MESSAGE: the message and the usage on stderr, exit 2.
usage_error() {
	printf '%s: %s\n' "$prog" "$1" >&2
	usage >&2
	exit 2
}

# common_option OPT: the getopts cases every script shares (its optstring
# starts with ':' and ends with 'h'): -h, a missing argument, an unknown option.
common_option() {
	case $1 in
	h) usage; exit 0 ;;
	:) usage_error "option -$OPTARG needs an argument" ;;
	*) usage_error "unknown option -$OPTARG" ;;
	esac
}

# no_arguments ARG...: the scripts take options only.
no_arguments() {
	[[ $# -eq 0 ]] || usage_error "unexpected argument $1"
}

# want_number OPTION VALUE [positive]: die unless VALUE is a number (> 0
# with "positive").
want_number() {
	if [[ ${3:-} == positive ]]; then
		[[ $2 =~ ^[1-9][0-9]*$ ]] || die "$1 wants a positive number, got '$2'"
	else
		[[ $2 =~ ^[0-9]+$ ]] || die "$1 wants a number, got '$2'"
	fi
}

# need_clock: the scripts time with bash 5's $EPOCHREALTIME.
# need_gnu_time: set GNU_TIME ($GNU_TIME, else /usr/bin/time) or die
# unless it is GNU time, whose -f and -o the scripts use.
need_gnu_time() {
	GNU_TIME=${GNU_TIME:-/usr/bin/time}
	"$GNU_TIME" -f '%e %M' -o /dev/null true 2>/dev/null ||
		die "$GNU_TIME is not GNU time (needs -f and -o; apt-get install time)"
}

# elapsed A B: the seconds from $EPOCHREALTIME A to B, to the ms.  Needs $AWK.
elapsed() { "$AWK" -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

need_clock() {
	[[ -n ${EPOCHREALTIME:-} ]] || die "needs bash 5 or later (\$EPOCHREALTIME)"
}

# The corpora bench/parse.sh sets up, and those it times by default.
# shellcheck disable=SC2034  # used by the scripts that source this file
CORPORA="python rust go linux" DEFAULT_CORPORA="python rust go"

# corpus_list LIST: set corpora to the names in LIST (comma- or
# space-separated, or all), each checked.
corpus_list() {
	local c
	corpora=$1
	[[ $corpora == all ]] && corpora=$CORPORA
	corpora=${corpora//,/ }
	for c in $corpora; do
		[[ " $CORPORA " == *" $c "* ]] || die "unknown corpus '$c' (want python, rust, go, linux or all)"
	done
}

# find_programs BUILDDIR PROGRAM...: set BINDIR to the directory of the kota
# programs (BUILDDIR/tools, else $KOTA_BIN, else ./tools, else PATH) and
# check that each PROGRAM is there and is no libtool wrapper script, whose
# shell would be timed with it.
find_programs() {
	local builddir=$1 first=$2 t p
	shift
	if [[ -n $builddir ]]; then
		BINDIR=$builddir/tools
	elif [[ -n ${KOTA_BIN:-} ]]; then
		BINDIR=$KOTA_BIN
	elif [[ -x tools/$first ]]; then
		BINDIR=tools
	elif p=$(command -v "$first"); then
		BINDIR=$(dirname "$p")
	else
		die "$first not found (use -b BUILDDIR or KOTA_BIN)"
	fi
	BINDIR=$(cd "$BINDIR" 2>/dev/null && pwd) || die "no directory $BINDIR"
	for t; do
		[[ -x $BINDIR/$t ]] || die "$BINDIR/$t: not found or not executable"
		[[ $(head -c 2 "$BINDIR/$t") == '#!' ]] &&
			say "warning: $BINDIR/$t is a script (libtool wrapper?): timings include it"
	done
	return 0
}

# find_ctags: set CTAGS to universal-ctags ($CTAGS or PATH), or die.
find_ctags() {
	CTAGS=${CTAGS:-$(command -v ctags || true)}
	[[ -n $CTAGS && -x $CTAGS ]] || die "ctags not found (apt-get install universal-ctags)"
	"$CTAGS" --version 2>/dev/null | grep -q 'Universal Ctags' || die "$CTAGS is not universal-ctags"
}

# work_dir DIR RUN: set W to DIR (made if need be; a new temporary
# directory if DIR is empty) and T to W/RUN, the run's files, removed on
# exit unless $keep is 1.
work_dir() {
	if [[ -n $1 ]]; then
		mkdir -p "$1" || die "cannot create $1"
		W=$(cd "$1" && pwd)
	else
		W=$(mktemp -d "${TMPDIR:-/tmp}/kota-bench.XXXXXX") || die "mktemp failed"
	fi
	T=$W/$2
	trap '((keep)) || rm -rf -- "$T"' EXIT
	trap 'exit 130' INT TERM
	mkdir -p "$T" || die "cannot write to $W"
}

# median_ms CMD...: the median wall time of 5 runs of CMD (output
# discarded), in ms, after one run that warms the cache, whose output
# stays in $T/out; a command whose warm run took over 5 s is timed by that
# run alone (global -x '.*alloc.*' on Linux takes a minute).  Needs $AWK
# and work_dir's $T.
median_ms() {
	local i t0 v=()
	t0=$EPOCHREALTIME
	"$@" >"$T/out" 2>/dev/null
	v=("$("$AWK" -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", (b - a) * 1000 }')")
	if "$AWK" -v t="${v[0]}" 'BEGIN { exit !(t > 5000) }'; then
		echo "${v[0]}"
		return
	fi
	v=()
	for i in 1 2 3 4 5; do
		t0=$EPOCHREALTIME
		"$@" >/dev/null 2>&1
		v+=("$("$AWK" -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", (b - a) * 1000 }')")
	done
	printf '%s\n' "${v[@]}" | sort -n | sed -n 3p
}
