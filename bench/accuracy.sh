#!/usr/bin/env bash
# bench/accuracy.sh - how many of universal-ctags' definitions kota-parse
# finds, per language, on the corpora of bench/parse.sh, and how many of
# kota's symbols ctags lacks.
#
# Only reports; it has no thresholds.  See usage() for options.

set -u -o pipefail
export LC_ALL=C		# byte order for paths and names

prog=${0##*/}
here=$(cd "$(dirname "$0")" && pwd)

# as bench/parse.sh: the languages kota knows, *.h as C, no symbolic links
CTAGS_OPTS=(--links=no '--languages=C,C++,Go,Java,JavaScript,Python,Ruby,Rust,Sh,TypeScript'
	'--map-C++=-.h' '--map-ObjectiveC=-.h' '--map-C=+.h')

usage() {
	cat <<EOF
usage: $prog [-c CORPUS] [-b BUILDDIR] [-w DIR] [-n SAMPLES] [-k]

For each corpus (set up by bench/parse.sh -S: a scratch git repository in
DIR/corpora/NAME), runs in the repository
  kota-parse -q               (HEAD's tree; the record stream)
  ctags -R ${CTAGS_OPTS[*]} -x
and compares them.  ctags' definitions are its tags of these kinds, mapped
to kota's (ctags language: ctags kind -> kota kind):
  C, C++      function, struct, enum, union, macro, class, namespace -> module
  Go          func -> function, methodSpec -> method, struct, interface
              (package clauses are not definitions here)
  Java        class, interface, annotation -> interface, enum, method
  JavaScript  function, generator -> function, class, method,
              getter, setter -> method
  Python      class, function, member -> method
  Ruby        class, module, method, singletonMethod -> method
  Rust        function, method, struct, enum, interface -> interface
              (traits), module, macro
  Sh          function
  TypeScript  function, generator -> function, class, interface, enum,
              method, namespace -> module
kota's definitions are its symbols of the kinds function, method, class,
struct, enum, union, interface, trait, module, namespace and macro.

A ctags definition is matched when kota has a symbol of the same name (C++
operators compared without spaces: "operator &" = "operator&") in the
same file whose lines (start to end of the whole definition) contain the
line ctags gives (its name's line); the innermost such symbol counts.  The
kind is not compared for the match; "kind differs" counts the matches whose
kinds map to different kota kinds (a ctags function in a class, struct,
impl or Go receiver type counts as a method).  Tags whose names ctags made up
(extras: anonymous, as AnonymousFunction1a2b or __anon1a2b) are left out and
counted apart.  Per language (kota's language of the
file, else ctags'), prints: files each indexed, ctags definitions, matched
and their share, misses in files kota did not index at all (over
kota.maxSize, or an extension kota does not know) and the share matched
without those, kota's
definitions and the share with no ctags definition at their place ("kota
extra"), kota's symbols of every kind and the share that no ctags tag of any
kind matches; then the misses by ctags kind and SAMPLES (default 10) of them,
spread over the kinds and the files (misses in files kota did not index are
only counted, with the files that hold most), and 5 samples of kota's extras.

  -c CORPUS    python, rust, go, linux, a comma-separated list, or all.
               Default: python,rust,go (as bench/parse.sh)
  -b BUILDDIR  take the programs from BUILDDIR/tools
  -w DIR       work directory (default: mktemp -d); corpora are cached there
  -n SAMPLES   misses shown per language (default 10)
  -k           keep the run files (stream, ctags output)
  -h           this help

Programs: as bench/parse.sh.  ctags: \$CTAGS or PATH.  awk: \$AWK, else mawk,
else awk.
EOF
}

. "$here/lib.sh"

corpora=$DEFAULT_CORPORA builddir= workdir= samples=10 keep=0
while getopts ':c:b:w:n:kh' opt; do
	case $opt in
	c) corpora=$OPTARG ;;
	b) builddir=$OPTARG ;;
	w) workdir=$OPTARG ;;
	n) samples=$OPTARG ;;
	k) keep=1 ;;
	*) common_option "$opt" ;;
	esac
done
shift $((OPTIND - 1))
no_arguments "$@"
want_number -n "$samples"
corpus_list "$corpora"
[[ -x $here/parse.sh ]] || die "$here/parse.sh: not found (it sets the corpora up)"

# ---------------------------------------------------------------- programs

find_programs "$builddir" kota-parse
PARSE=$BINDIR/kota-parse
find_ctags
AWK=${AWK:-$(command -v mawk || command -v awk)} || die "no awk"

# ---------------------------------------------------------------- work dir

made_dir=0
if [[ -n $workdir ]]; then
	if [[ ! -d $workdir ]]; then mkdir -p "$workdir" || die "cannot create $workdir"; made_dir=1; fi
	W=$(cd "$workdir" && pwd)
else
	W=$(mktemp -d "${TMPDIR:-/tmp}/kota-bench.XXXXXX") || die "mktemp failed"
	made_dir=1
fi
T=$W/accuracy-run
cleanup() {
	if ((keep)); then say "work directory kept: $W"; return; fi
	if ((made_dir)) && [[ -z $workdir ]]; then rm -rf -- "$W"; else rm -rf -- "$T"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$T" || die "cannot write to $W"

"$here/parse.sh" -S -w "$W" -c "${corpora// /,}" || die "setting the corpora up failed"

# ---------------------------------------------------------------- compare

# kota's stream ($1) against ctags' tags ($2: language, file, line, kind,
# name; sorted by file and line); prints the markdown of one corpus.
compare() {
	"$AWK" -F '\t' -v kfile="$1" -v nsamples="$samples" -v corpus="$3" '
	function unesc(s,   out, i, c, h) {
		if (index(s, "\\") == 0)
			return s
		out = ""
		for (i = 1; i <= length(s); i++) {
			c = substr(s, i, 1)
			if (c != "\\") { out = out c; continue }
			c = substr(s, ++i, 1)
			if (c == "t") out = out "\t"
			else if (c == "n") out = out "\n"
			else if (c == "r") out = out "\r"
			else if (c == "x") {
				h = tolower(substr(s, i + 1, 2)); i += 2
				out = out sprintf("%c", (index(HEX, substr(h, 1, 1)) - 1) * 16 + index(HEX, substr(h, 2, 1)) - 1)
			} else out = out c
		}
		return out
	}
	function md(s) {	# a table cell
		gsub(/\|/, "\\|", s); gsub(/\t/, "\\t", s); gsub(/\n/, "\\n", s)
		return s
	}
	function pct(a, b) { return b > 0 ? sprintf("%.1f%%", 100 * a / b) : "-" }
	# C++ operators: ctags writes "operator &", kota "operator&"
	function norm(n) { if (n ~ /^operator[^A-Za-z0-9_]/ || n ~ /^operator /) gsub(/ /, "", n); return n }
	BEGIN {
		HEX = "0123456789abcdef"
		split("function method class struct enum union interface module macro", a, " ")
		for (i in a) kcat[a[i]] = a[i]
		kcat["trait"] = "interface"; kcat["namespace"] = "module"
		split("C:c C++:cpp Go:go Java:java JavaScript:javascript Python:python Ruby:ruby Rust:rust Sh:bash TypeScript:typescript", a, " ")
		for (i in a) { split(a[i], b, ":"); lmap[b[1]] = b[2] }
		m = "C:function:function C:struct:struct C:enum:enum C:union:union C:macro:macro"
		m = m " C++:function:function C++:struct:struct C++:enum:enum C++:union:union C++:macro:macro"
		m = m " C++:class:class C++:namespace:module"
		m = m " Go:func:function Go:methodSpec:method Go:struct:struct Go:interface:interface"
		m = m " Java:class:class Java:interface:interface Java:annotation:interface Java:enum:enum Java:method:method"
		m = m " JavaScript:function:function JavaScript:generator:function JavaScript:class:class"
		m = m " JavaScript:method:method JavaScript:getter:method JavaScript:setter:method"
		m = m " Python:class:class Python:function:function Python:member:method"
		m = m " Ruby:class:class Ruby:module:module Ruby:method:method Ruby:singletonMethod:method"
		m = m " Rust:function:function Rust:method:method Rust:struct:struct Rust:enum:enum"
		m = m " Rust:interface:interface Rust:module:module Rust:macro:macro"
		m = m " Sh:function:function"
		m = m " TypeScript:function:function TypeScript:generator:function TypeScript:class:class"
		m = m " TypeScript:interface:interface TypeScript:enum:enum TypeScript:method:method TypeScript:namespace:module"
		n = split(m, a, " ")
		for (i = 1; i <= n; i++) { split(a[i], b, ":"); cmap[b[1] SUBSEP b[2]] = b[3] }
	}
	# ---- kota: F path lang blob size / S id kind name sl sc el ec parent sig
	FILENAME == kfile {
		if ($1 == "F") {
			cur = unesc($2); flang[cur] = $3; kfiles[$3]++; langs[$3] = 1
		} else if ($1 == "S") {
			name = unesc($4)
			sym[++ns] = $5 "\t" $7 "\t" $3 "\t" cur "\t" name
			key = cur SUBSEP norm(name)
			cand[key] = (key in cand) ? cand[key] " " ns : ns
		}
		next
	}
	# ---- ctags: language file line kind name scopeKind extras
	{
		file = $2; line = $3 + 0; kind = $4; name = $5
		if ($7 ~ /(^|,)anonymous(,|$)/) {	# a name made up by ctags
			l = (file in flang) ? flang[file] : ($1 in lmap) ? lmap[$1] : $1
			anon[l]++
			next
		}
		l = (file in flang) ? flang[file] : ($1 in lmap) ? lmap[$1] : $1
		langs[l] = 1
		if (!((file, l) in cseen)) { cseen[file, l] = 1; cfiles[l]++ }
		best = 0
		key = file SUBSEP norm(name)
		if (key in cand) {
			nk = split(cand[key], ks, " ")
			for (i = 1; i <= nk; i++) {
				split(sym[ks[i]], s, "\t")
				if (s[1] + 0 <= line && line <= s[2] + 0 && (!best || s[2] - s[1] < bspan)) {
					best = ks[i]; bspan = s[2] - s[1]; bkind = s[3]
				}
			}
		}
		if (best) anyhit[best] = 1
		if (!(($1, kind) in cmap)) next
		cat = cmap[$1, kind]
		cdefs[l]++
		if (best) {
			matched[l]++; defhit[best] = 1
			# a function in a class, struct, impl, or a Go receiver type (declared
			# elsewhere: unknown) is a method
			if (cat == "function" && $6 ~ /^(class|struct|union|interface|type|talias|unknown|implementation|enum)$/)
				cat = "method"
			kc = (bkind in kcat) ? kcat[bkind] : bkind
			if (kc != cat) {
				kdiff[l]++
				if (!((l, cat, kc) in kdpair)) kdpairs[l] = kdpairs[l] SUBSEP cat "\t" kc
				kdpair[l, cat, kc]++
			}
			next
		}
		misses[l]++
		if (!(file in flang)) {	# explained by the file: sampled apart
			nofile[l]++
			if (!((l, file) in nf)) nfiles[l] = nfiles[l] SUBSEP file
			nf[l, file]++
			next
		}
		mk = l SUBSEP kind
		if (!(mk in mkind)) mkinds[l] = mkinds[l] SUBSEP kind
		mkind[mk]++
		miss[mk, mkind[mk]] = name "\t" file "\t" line
	}
	END {
		for (k = 1; k <= ns; k++) {
			split(sym[k], s, "\t")
			l = flang[s[4]]
			ksyms[l]++
			if (!anyhit[k]) xall[l]++
			if (s[3] in kcat) {
				kdefs[l]++
				if (!defhit[k]) { xdef[l]++; xs[l, xdef[l]] = k }
			}
		}
		nl = 0
		for (l in langs) if (cdefs[l] + ksyms[l] > 0) lv[++nl] = l
		for (i = 2; i <= nl; i++)	# sort the languages by name
			for (j = i; j > 1 && lv[j - 1] > lv[j]; j--) { t = lv[j]; lv[j] = lv[j - 1]; lv[j - 1] = t }
		print "| language | files kota / ctags | ctags defs | matched | matched % | misses in files kota did not index | matched % in files kota indexed | kind differs | kota defs | kota extra % | kota symbols | not in ctags % |"
		print "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
		for (i = 1; i <= nl; i++) {
			l = lv[i]
			printf "| %s | %d / %d | %d | %d | %s | %d | %s | %d | %d | %s | %d | %s |\n", l, kfiles[l], cfiles[l],
			    cdefs[l], matched[l], pct(matched[l], cdefs[l]), nofile[l], pct(matched[l], cdefs[l] - nofile[l]), kdiff[l],
			    kdefs[l], pct(xdef[l], kdefs[l]), ksyms[l], pct(xall[l], ksyms[l])
			T["kf"] += kfiles[l]; T["cf"] += cfiles[l]; T["cd"] += cdefs[l]; T["m"] += matched[l]
			T["nf"] += nofile[l]; T["kd"] += kdiff[l]; T["kdefs"] += kdefs[l]; T["xd"] += xdef[l]
			T["ks"] += ksyms[l]; T["xa"] += xall[l]
		}
		printf "| **all** | %d / %d | %d | %d | %s | %d | %s | %d | %d | %s | %d | %s |\n", T["kf"], T["cf"],
		    T["cd"], T["m"], pct(T["m"], T["cd"]), T["nf"], pct(T["m"], T["cd"] - T["nf"]), T["kd"], T["kdefs"], pct(T["xd"], T["kdefs"]),
		    T["ks"], pct(T["xa"], T["ks"])
		for (i = 1; i <= nl; i++) {
			l = lv[i]
			if (misses[l] + xdef[l] + kdiff[l] + anon[l] == 0) continue
			printf "\n#### %s: %s\n", corpus, l
			if (nofile[l] > 0) {
				nnf = split(substr(nfiles[l], 2), nfl, SUBSEP)
				for (ia = 2; ia <= nnf; ia++)
					for (ib = ia; ib > 1 && nf[l, nfl[ib - 1]] < nf[l, nfl[ib]]; ib--) { t = nfl[ib]; nfl[ib] = nfl[ib - 1]; nfl[ib - 1] = t }
				line = ""
				for (ia = 1; ia <= nnf && ia <= 3; ia++) line = line (ia > 1 ? ", " : "") md(nfl[ia]) " " nf[l, nfl[ia]]
				printf "\n%d misses in %d files kota did not index (over kota.maxSize, or not its language), most in %s\n", nofile[l], nnf, line
			}
			if (misses[l] > nofile[l]) {
				# the kinds, most misses first
				nkd = split(substr(mkinds[l], 2), kd, SUBSEP)
				for (ia = 2; ia <= nkd; ia++)
					for (ib = ia; ib > 1 && mkind[l, kd[ib - 1]] < mkind[l, kd[ib]]; ib--) { t = kd[ib]; kd[ib] = kd[ib - 1]; kd[ib - 1] = t }
				line = ""
				for (ia = 1; ia <= nkd; ia++) line = line (ia > 1 ? ", " : "") kd[ia] " " mkind[l, kd[ia]]
				printf "\n%d misses in files kota indexed, by ctags kind: %s\n", misses[l] - nofile[l], line
				# quotas: round robin over the kinds, then spread within each
				for (ia = 1; ia <= nkd; ia++) q[ia] = 0
				left = nsamples
				while (left > 0) {
					gave = 0
					for (ia = 1; ia <= nkd && left > 0; ia++)
						if (q[ia] < mkind[l, kd[ia]]) { q[ia]++; left--; gave = 1 }
					if (!gave) break
				}
				if (nsamples > 0) {
					printf "\n| missed name | file | line | ctags kind |\n| --- | --- | ---: | --- |\n"
					for (ia = 1; ia <= nkd; ia++) {
						mc = mkind[l, kd[ia]]
						for (j = 0; j < q[ia]; j++) {
							split(miss[l, kd[ia], int((j + 0.5) * mc / q[ia]) + 1], s, "\t")
							printf "| `%s` | %s | %s | %s |\n", md(s[1]), md(s[2]), s[3], kd[ia]
						}
					}
				}
			}
			if (kdiff[l] > 0) {
				nkp = split(substr(kdpairs[l], 2), kp, SUBSEP)
				for (ia = 1; ia <= nkp; ia++) { split(kp[ia], s, "\t"); kpn[ia] = kdpair[l, s[1], s[2]] }
				for (ia = 2; ia <= nkp; ia++)
					for (ib = ia; ib > 1 && kpn[ib - 1] < kpn[ib]; ib--) {
						t = kp[ib]; kp[ib] = kp[ib - 1]; kp[ib - 1] = t
						t = kpn[ib]; kpn[ib] = kpn[ib - 1]; kpn[ib - 1] = t
					}
				line = ""
				for (ia = 1; ia <= nkp && ia <= 8; ia++) { split(kp[ia], s, "\t"); line = line (ia > 1 ? ", " : "") s[1] " as " s[2] " " kpn[ia] }
				printf "\n%d matches of another kind (ctags as kota): %s\n", kdiff[l], line
			}
			if (anon[l] > 0)
				printf "\n%d ctags tags with made-up names (anonymous) not compared\n", anon[l]
			if (xdef[l] > 0) {
				line = ""
				qx = xdef[l] < 5 ? xdef[l] : 5
				for (j = 0; j < qx; j++) {
					split(sym[xs[l, int((j + 0.5) * xdef[l] / qx) + 1]], s, "\t")
					line = line (j ? ", " : "") "`" md(s[5]) "` " md(s[4]) ":" s[1] " (" s[3] ")"
				}
				printf "\n%d kota definitions with no ctags definition there, e.g. %s\n", xdef[l], line
			}
		}
	}' "$1" "$2"
}

host=$(uname -srm)
ctags_ver=$("$CTAGS" --version | head -n 1)
built=$(date -r "$PARSE" '+%Y-%m-%d %H:%M' 2>/dev/null || echo '?')
printf '## kota-parse accuracy against ctags\n\n'
printf '%s; %s (built %s); %s\n' "$host" "$PARSE" "$built" "$ctags_ver"
printf 'ctags -R %s; matched by name, file and line (ctags line within the kota definition)\n' "${CTAGS_OPTS[*]}"

for c in $corpora; do
	R=$W/corpora/$c
	say "$c: kota-parse"
	t0=$EPOCHREALTIME
	(cd "$R" && "$PARSE" -q > "$T/stream" 2> "$T/parse.err") || { head -n 20 "$T/parse.err" >&2; die "$c: kota-parse failed"; }
	kota_s=$("$AWK" -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
	say "$c: ctags"
	t0=$EPOCHREALTIME
	(cd "$R" && "$CTAGS" -R "${CTAGS_OPTS[@]}" --sort=no -x \
		--_xformat=$'%{language}\t%{input}\t%{line}\t%{kind}\t%{name}\t%{scopeKind}\t%{extras}' 2> "$T/ctags.err" |
		sort -t $'\t' -k2,2 -k3,3n > "$T/ctags.tsv") || { head -n 20 "$T/ctags.err" >&2; die "$c: ctags failed"; }
	ctags_s=$("$AWK" -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
	say "$c: comparing"
	t0=$EPOCHREALTIME
	printf '\n### %s\n\n' "$c"
	out=$(compare "$T/stream" "$T/ctags.tsv" "$c") || die "$c: comparing failed"
	cmp_s=$("$AWK" -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
	printf 'commit %s; kota-parse %s s, ctags -x %s s, comparison %s s\n\n' \
		"$(git -C "$R" rev-parse --short HEAD)" "$kota_s" "$ctags_s" "$cmp_s"
	printf '%s\n' "$out"
	if ((keep)); then
		mv "$T/stream" "$T/stream.$c"
		mv "$T/ctags.tsv" "$T/ctags.$c.tsv"
	fi
done
