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
