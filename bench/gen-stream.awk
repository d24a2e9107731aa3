#!/usr/bin/awk -f
# gen-stream.awk - synthetic kota record stream for benchmarks
#
#   awk -v n=1000000 [-v seed=1] [-v names=FILE] [-v lookups=1000] \
#       -f bench/gen-stream.awk > stream
#
# Writes a valid record stream (kota(5) "RECORD STREAM") of exactly n symbol
# records spread over about n/20 files that look like a polyglot monorepo:
# C, C++, Rust, Python, Go, Java, JavaScript and TypeScript files with
# language-typical paths, kinds, nesting, naming styles and signatures.
# Output depends only on n and seed (own PRNG, no srand/rand), so it is the
# same with mawk, gawk or busybox awk.
#
# If names=FILE is given, `lookups` lookup names are written there, one a
# line: names of symbols sampled at a fixed stride over the stream (so common
# names such as `new` or `init` come up as often as they occur), with every
# tenth one replaced by a name that occurs nowhere (a miss).
#
# Portability notes: sticks to POSIX awk; integers stay below 2^53 so that
# doubles are exact; numbers that may exceed 2^31 are printed with %.0f since
# some awks clamp %d.

BEGIN {
	if (n == "") n = 1000000
	if (seed == "") seed = 1
	if (lookups == "") lookups = 1000
	n += 0; lookups += 0
	T32 = 4294967296
	rs = (seed * 2654435761 + 1013904223) % T32

	init_words()
	init_langs()

	printf "kota-stream\t2\n"
	printf "M\tgenerator\tkota bench/gen-stream.awk\n"
	printf "M\tseed\t%d\n", seed

	# lookup sample: symbol ordinals at a fixed stride
	if (names != "" && lookups > 0) {
		stride = n / lookups
		for (i = 0; i < lookups; i++)
			want[int(i * stride + stride / 2) + 1] = 1
	}

	nsym = 0	# symbols written so far (also the id counter)
	nfile = 0
	while (nsym < n) {
		budget = 1 + int(-19.5 * log(1 - rnd()))	# mean ~20 per file
		if (budget > 600) budget = 600
		if (budget > n - nsym) budget = n - nsym
		gen_file(budget)
	}

	if (names != "") {
		for (i = 1; i <= lookups; i++) {
			nm = sample[int((i - 1) * stride + stride / 2) + 1]
			if (i % 10 == 0) nm = nm "_zq" i	# "zq" is in no word list: a miss
			print nm > names
		}
		close(names)
	}
}

# ---------------------------------------------------------------- PRNG, ids

# LCG mod 2^32 (products < 2^53, exact in doubles); returns [0,1)
function rnd() {
	rs = (rs * 69069 + 12345) % T32
	return rs / T32
}
# (rnd inlined below: function calls dominate mawk's run time)
function ri(k) { rs = (rs * 69069 + 12345) % T32; return int(rs / T32 * k) }	# 0..k-1
function pick(list, cnt) {				# uniform from list[1..cnt]
	rs = (rs * 69069 + 12345) % T32
	return list[1 + int(rs / T32 * cnt)]
}

# a * k mod 2^32 for a, k < 2^32 without leaving exact double range
function mul32(a, k,   ah, al) {
	ah = int(a / 65536); al = a % 65536
	return ((ah * k) % 65536 * 65536 + al * k) % T32
}

# 16 hex digits from the running counter: the low half is a bijection of the
# counter (odd multiplier), so ids are unique in the whole stream and never 0
function rot16(x) { return (x % 65536) * 65536 + int(x / 65536) }
function mkid(c,   lo) {
	lo = mul32(rot16(mul32(c, 2654435761)), 2246822519)
	return sprintf("%08x%08x", mul32(rot16((lo + c) % T32), 3266489917), lo)
}

function mkblob(   i, s) {
	s = ""
	for (i = 0; i < 5; i++) { rnd(); s = s sprintf("%08x", mul32(rs, 3266489917)) }
	return s
}

# ---------------------------------------------------------------- names

function cap(w) { return toupper(substr(w, 1, 1)) substr(w, 2) }

# compose 1..3 words from the word list in a style:
# s snake, P PascalCase, c camelCase, U UPPER_SNAKE
function compose(style,   k, i, j, out) {
	k = rnd(); k = (k < 0.22) ? 1 : (k < 0.75) ? 2 : 3
	out = ""
	for (i = 1; i <= k; i++) {
		rs = (rs * 69069 + 12345) % T32
		if (i == k && k > 1 && rs < 2576980378) {	# 60%: end on a noun
			rs = (rs * 69069 + 12345) % T32
			j = nWORD + 1 + int(rs / T32 * nNOUN)
		} else {
			rs = (rs * 69069 + 12345) % T32
			j = 1 + int(rs / T32 * nWORD)
		}
		if (style == "s") out = out (i > 1 ? "_" : "") W[j]
		else if (style == "U") out = out (i > 1 ? "_" : "") WU[j]
		else if (style == "P" || i > 1) out = out WP[j]
		else out = out W[j]
	}
	return out
}

# name for a symbol of kind in lang; about a third of callables and a smaller
# share of other kinds reuse a small, language-typical set of common names
function mkname(lang, kind, depth,   st, r) {
	r = rnd()
	if (kind == "function" || kind == "method") {
		if (lang == "c") {
			if (r < 0.18) return pick(CFN, nCFN)
			if (r < 0.62) return cprefix "_" compose("s")
			return compose("s")
		}
		if (lang == "python") {
			if (kind == "method" && r < 0.22) return pick(PYM, nPYM)
			if (r < 0.30) return pick(SFN, nSFN)
			if (r < 0.36) return "_" compose("s")
			if (r < 0.42) return "test_" compose("s")
			return compose("s")
		}
		if (lang == "rust") {
			if (r < 0.35) return pick(SFN, nSFN)
			if (r < 0.40) return "test_" compose("s")
			return compose("s")
		}
		if (lang == "go") {
			if (r < 0.30) return pick(PFN, nPFN)
			if (r < 0.36) return "Test" compose("P")
			return (rnd() < 0.6) ? compose("P") : compose("c")
		}
		if (lang == "cpp") {
			if (r < 0.30) return pick(CMFN, nCMFN)
			return (rnd() < 0.5) ? compose("c") : compose("s")
		}
		# java, javascript, typescript
		if (r < 0.32) return pick(CMFN, nCMFN)
		if (lang == "java" && r < 0.38) return "test" compose("P")
		return compose("c")
	}
	if (kind == "field") {
		if (r < 0.30) return (lang == "go") ? cap(pick(FLD, nFLD)) : pick(FLD, nFLD)
		if (lang == "go") return compose("P")
		if (lang == "java" || lang == "javascript" || lang == "typescript") return compose("c")
		if (lang == "cpp") return compose("s") "_"
		return compose("s")
	}
	if (kind == "macro") {
		if (lang == "rust") return compose("s")
		return (lang == "c" && rnd() < 0.5) ? toupper(cprefix) "_" compose("U") : compose("U")
	}
	if (kind == "constant") {
		if (r < 0.08) return pick(UCON, nUCON)
		if (lang == "go") return (rnd() < 0.5) ? compose("P") : compose("c")
		if (lang == "c" && rnd() < 0.6) return toupper(cprefix) "_" compose("U")
		return compose("U")
	}
	if (kind == "variable") {
		if (lang == "python" && r < 0.35) return compose("U")
		if (lang == "java" || lang == "javascript" || lang == "typescript" || lang == "go")
			return compose("c")
		if (lang == "python" && r > 0.9995) return pick(UNI, nUNI)	# non-ASCII identifiers exist
		return compose("s")
	}
	if (kind == "module" || kind == "namespace") {
		if (r < 0.4) return pick(MOD, nMOD)
		return (lang == "typescript") ? compose("P") : pick(WORD, nWORD)
	}
	if (kind == "variant") {
		if (r < 0.2) return pick(VAR, nVAR)
		return compose("P")
	}
	if (kind == "impl") {
		# impl blocks are named after the type; often the file's own types
		if (ntypes > 0 && r < 0.7) return tnames[1 + ri(ntypes)]
		return (r < 0.85) ? pick(TYP, nTYP) : compose("P")
	}
	# class struct enum union interface trait type
	if (lang == "c" && kind != "type") {
		if (r < 0.5) return cprefix "_" compose("s")
		return compose("s")
	}
	if (lang == "c") return compose("s") "_t"
	if (r < 0.12) st = pick(TYP, nTYP)
	else st = compose("P")
	if (kind == "interface" && lang == "java" && rnd() < 0.2) st = "I" st
	return st
}

# ---------------------------------------------------------------- signatures

function params(lang, self,   k, i, out, p, dflt) {
	k = ri(5); if (k == 4) k = ri(7)
	out = self
	for (i = 1; i <= k; i++) {
		p = pick(WORD, nWORD)
		if (lang == "c") p = pick(CTY, nCTY) p
		else if (lang == "cpp") p = pick(CPTY, nCPTY) p
		else if (lang == "rust") p = p ": " pick(RTY, nRTY)
		else if (lang == "go") p = p " " pick(GTY, nGTY)
		else if (lang == "java") p = pick(JTY, nJTY - 1) " " p		# not void
		else if (lang == "typescript") p = p ": " pick(TTY, nTTY)
		else if (lang == "python" && (dflt || rnd() < 0.2)) { p = p "=None"; dflt = 1 }
		out = out (out == "" ? "" : ", ") p
	}
	return out
}

function mksig(lang, kind, name, depth,   r, s) {
	r = rnd()
	if (kind == "function" || kind == "method") {
		if (lang == "c") {
			s = (r < 0.55 ? "static " : "") pick(CRET, nCRET)
			s = s (rnd() < 0.05 ? "\t" : " ") name "(" params(lang, "") ")"	# some code uses tabs
			return (s ~ /\(\)$/) ? substr(s, 1, length(s) - 1) "void)" : s
		}
		if (lang == "rust") {
			s = (r < 0.6 ? "pub " : "") "fn " name "(" params(lang, (kind == "method" && rnd() < 0.8) ? "&self" : "") ")"
			return (rnd() < 0.7) ? s " -> " pick(RTY, nRTY) : s
		}
		if (lang == "python")
			return "def " name "(" params(lang, kind == "method" ? "self" : "") ")"
		if (lang == "go") {
			s = (depth == 0) ? "func " : ""	# interface methods have no func
			if (kind == "method" && depth == 0) s = s "(" tolower(substr(recv, 1, 1)) " *" recv ") "
			s = s name "(" params(lang, "") ")"
			return (rnd() < 0.7) ? s " " pick(GTY, nGTY) : s
		}
		if (lang == "java")
			return pick(JMOD, nJMOD) pick(JTY, nJTY) " " name "(" params(lang, "") ")"
		if (lang == "cpp")
			return pick(CPTY, nCPTY) name "(" params(lang, "") ")" (rnd() < 0.3 ? " const" : "")
		if (lang == "typescript")
			return name "(" params(lang, "") "): " pick(TTY, nTTY)
		if (r < 0.1) return ""
		return (kind == "method" ? "" : "function ") name "(" params(lang, "") ")"
	}
	if (kind == "macro") {
		if (lang == "rust") return "macro_rules! " name
		if (r < 0.4) return "#define " name " " ri(65536)
		s = "#define " name "(x)"
		# multi-line macros: the first line ends in a line continuation
		return (rnd() < 0.5) ? s " do { \\" : s " ((x) & 0x" sprintf("%x", ri(256)) ")"
	}
	if (r < 0.6) return ""
	if (kind == "struct" || kind == "union" || kind == "enum") {
		if (lang == "c") return kind " " name
		if (lang == "rust") return "pub " kind " " name
	}
	if (kind == "class") {
		if (lang == "python") return "class " name "(" pick(TYP, nTYP) "):"
		return "class " name
	}
	if (kind == "trait") return "pub trait " name
	if (kind == "impl") return "impl " name
	if (kind == "type") {
		if (lang == "rust") return "type " name " = " pick(RTY, nRTY) ";"
		if (lang == "go") return "type " name " " pick(GTY, nGTY)
		if (lang == "typescript") return "type " name " = " pick(TTY, nTTY)
		if (lang == "c") return "typedef struct " substr(name, 1, length(name) - 2) " " name ";"
	}
	if (kind == "field" && lang == "c") return pick(CTY, nCTY) name ";"
	if (kind == "field" && lang == "rust") return name ": " pick(RTY, nRTY)
	return ""
}

# ---------------------------------------------------------------- escaping

function esc(s) {
	if (s ~ /[\\\t\n\r]/) {
		gsub(/\\/, "&&", s)
		gsub(/\t/, "\\t", s)
		gsub(/\n/, "\\n", s)
		gsub(/\r/, "\\r", s)
	}
	return s
}

# ---------------------------------------------------------------- symbols

# kind for a new symbol in context ctx ("top", "java-top" or the parent's kind):
# KT holds each context's kinds expanded by weight, so a draw is one lookup
function wpick(lang, ctx,   b) {
	b = KB[lang, ctx]
	rs = (rs * 69069 + 12345) % T32
	return KT[b + int(rs / T32 * KN[b])]
}

function is_container(lang, kind) {
	return ((lang, kind) in KB)
}

function nchildren(lang, kind, depth) {
	if (lang == "java" && depth == 0) return budget	# one big top-level class
	if (kind == "struct" || kind == "union") return 1 + ri(10)
	if (kind == "enum") return 2 + ri(12)
	if (kind == "class") return 1 + ri(lang == "python" ? 14 : 20)
	if (kind == "impl") return 1 + ri(10)
	if (kind == "interface" || kind == "trait") return 1 + ri(8)
	return 1 + ri(12)			# module, namespace
}

# Emits one symbol and (recursively) its children; returns the text so the
# parent, whose end position is known only after its children, comes first.
# Uses the globals budget (symbols left for this file) and line.
function item(lang, kind, depth, parent, indent,
	    id, name, sig, start, scol, eline, ecol, body, k, i, ck, len) {
	nsym++; budget--
	id = mkid(nsym)
	name = mkname(lang, kind, depth)
	if (nsym in want) sample[nsym] = name
	if (depth == 0 && (kind == "struct" || kind == "class" || kind == "enum" ||
	    kind == "trait" || kind == "interface") && ntypes < 50)
		tnames[++ntypes] = name
	if (lang == "go" && kind == "method" && depth == 0)
		recv = (ntypes > 0) ? tnames[1 + ri(ntypes)] : pick(TYP, nTYP)
	sig = mksig(lang, kind, name, depth)
	start = line; scol = indent + 1
	body = ""
	if (depth < 3 && budget > 0 && is_container(lang, kind)) {
		k = nchildren(lang, kind, depth)
		if (k > budget) k = budget
		line++
		for (i = 0; i < k && budget > 0; i++) {
			ck = wpick(lang, kind)
			line += (ck == "field" || ck == "variant" || ck == "constant") ? 0 : ri(3)
			body = body item(lang, ck, depth + 1, id, indent + 4)
		}
		eline = line; ecol = indent + 2
		line++
	} else if (kind == "function" || kind == "method" || kind == "macro" && rnd() < 0.3) {
		len = 2 + int(-14 * log(1 - rnd()))
		eline = start + len; ecol = indent + 2
		line = eline + 1
	} else if (is_container(lang, kind)) {
		# empty container or nesting too deep: short braces block
		eline = start + 1 + ri(3); ecol = indent + 2
		line = eline + 1
	} else {
		# one-line definition
		eline = start; ecol = scol + length(name) + 2 + ri(40)
		line++
	}
	line += (depth > 0) ? 0 : 1 + ri(3)
	return "S\t" id "\t" kind "\t" esc(name) "\t" start "\t" scol "\t" eline "\t" ecol \
	    "\t" parent "\t\t" esc(sig) "\n" body
}

function gen_file(nsyms,   lang, path, d, out, kind) {
	lang = pick(LANGS, nLANGS)
	path = mkpath(lang)
	d = 0
	while (path in seen) path = mkpath(lang)	# paths are unique in a stream
	seen[path] = 1
	nfile++
	budget = nsyms
	ntypes = 0
	line = 1 + ri(25)			# license header, includes, imports
	out = ""
	while (budget > 0)
		out = out item(lang, (lang == "java") ? wpick(lang, "java-top") : wpick(lang, "top"), 0, "-", 0)
	printf "F\t%s\t%s\t%s\t%.0f\n%s", esc(path), lang, mkblob(), line * 31 + ri(2000), out
}

# ---------------------------------------------------------------- paths

function mkpath(lang,   r, stem, d, a, b) {
	r = rnd()
	a = pick(DIR, nDIR); b = pick(DIR, nDIR)
	if (lang == "c") {
		stem = (rnd() < 0.5) ? pick(WORD, nWORD) "_" pick(WORD, nWORD) : pick(WORD, nWORD)
		split(stem, d, "_"); cprefix = d[1]
		if (r < 0.35) return "src/" a "/" b "/" stem (rnd() < 0.8 ? ".c" : ".h")
		if (r < 0.55) return "drivers/" a "/" pick(WORD, nWORD) "/" stem ".c"
		if (r < 0.70) return "lib/" a "/" stem ".c"
		if (r < 0.80) return "include/" pick(PROJ, nPROJ) "/" stem ".h"
		return "src/" pick(PROJ, nPROJ) "/" a "/" b "/" pick(WORD, nWORD) "/" stem ".c"
	}
	if (lang == "cpp") {
		stem = pick(WORD, nWORD) "_" pick(NOUN, nNOUN)
		if (r < 0.6) return "src/" pick(PROJ, nPROJ) "/" a "/" stem (rnd() < 0.7 ? ".cc" : ".h")
		return "libs/" a "/" b "/" stem (rnd() < 0.7 ? ".cpp" : ".hpp")
	}
	if (lang == "rust") {
		stem = (rnd() < 0.15) ? "mod" : (rnd() < 0.5) ? pick(WORD, nWORD) : pick(WORD, nWORD) "_" pick(NOUN, nNOUN)
		if (r < 0.75) return "crates/" pick(PROJ, nPROJ) "-" a "/src/" b "/" stem ".rs"
		if (r < 0.85) return "crates/" pick(PROJ, nPROJ) "-" a "/tests/" stem ".rs"
		return "src/" a "/" stem ".rs"
	}
	if (lang == "python") {
		stem = (rnd() < 0.1) ? "__init__" : pick(WORD, nWORD) (rnd() < 0.5 ? "_" pick(NOUN, nNOUN) : "")
		if (r < 0.7) return pick(PROJ, nPROJ) "/" a "/" b "/" stem ".py"
		if (r < 0.9) return "tests/" a "/test_" stem ".py"
		return "scripts/" stem ".py"
	}
	if (lang == "go") {
		stem = pick(WORD, nWORD) (rnd() < 0.3 ? "_" pick(NOUN, nNOUN) : "")
		if (r < 0.5) return "pkg/" a "/" b "/" stem (rnd() < 0.3 ? "_test.go" : ".go")
		if (r < 0.85) return "internal/" a "/" stem ".go"
		return "cmd/" pick(PROJ, nPROJ) "-" a "/" stem ".go"
	}
	if (lang == "java") {
		stem = cap(pick(WORD, nWORD)) cap(pick(NOUN, nNOUN)) (rnd() < 0.15 ? "Test" : "")
		return "java/src/" (rnd() < 0.8 ? "main" : "test") "/java/org/" pick(PROJ, nPROJ) "/" a "/" b "/" stem ".java"
	}
	stem = pick(WORD, nWORD) (rnd() < 0.5 ? "-" pick(NOUN, nNOUN) : "")
	if (lang == "typescript")
		return "web/packages/" pick(PROJ, nPROJ) "-" a "/src/" b "/" stem (rnd() < 0.3 ? ".tsx" : ".ts")
	return "web/packages/" pick(PROJ, nPROJ) "-" a "/lib/" stem (rnd() < 0.2 ? ".test.js" : ".js")
}

# ---------------------------------------------------------------- tables

function setlist(arr, s) { return split(s, arr, " ") }

# kind weights "kind:weight ...": KB[lang, ctx] is the base of the context's
# slots in KT, KN[base] their count
function kw(lang, ctx, s,   a, m, i, j, kv) {
	m = split(s, a, " ")
	KB[lang, ctx] = ++nkb * 1000
	KN[nkb * 1000] = 0
	for (i = 1; i <= m; i++) {
		split(a[i], kv, ":")
		for (j = 0; j < kv[2] + 0; j++)
			KT[nkb * 1000 + KN[nkb * 1000]++] = kv[1]
	}
}

function init_langs() {
	# about the mix of a large polyglot monorepo
	nLANGS = setlist(LANGS, "c c c c c c rust rust rust python python python go go go " \
	    "javascript javascript typescript typescript java java cpp")

	kw("c", "top", "function:55 macro:13 struct:8 variable:7 type:6 enum:3 union:1")
	kw("c", "struct", "field:1")
	kw("c", "union", "field:1")
	kw("c", "enum", "constant:1")

	kw("cpp", "top", "function:30 class:22 struct:8 namespace:6 macro:5 enum:4 variable:3 type:3")
	kw("cpp", "namespace", "class:30 function:40 struct:10 variable:5 constant:5 enum:5 type:5")
	kw("cpp", "class", "method:60 field:30 type:4 enum:3 class:3")
	kw("cpp", "struct", "field:80 method:20")
	kw("cpp", "enum", "constant:1")

	kw("rust", "top", "function:25 impl:22 struct:15 enum:6 constant:6 trait:4 type:4 module:3 macro:2")
	kw("rust", "module", "function:50 struct:15 impl:15 constant:10 enum:5 module:5")
	kw("rust", "impl", "method:90 constant:5 type:5")
	kw("rust", "trait", "method:85 type:10 constant:5")
	kw("rust", "struct", "field:1")
	kw("rust", "enum", "variant:1")

	kw("python", "top", "function:45 class:25 variable:20 constant:2")
	kw("python", "class", "method:78 variable:17 class:5")

	kw("go", "top", "function:40 method:25 struct:14 constant:7 interface:5 type:5 variable:4")
	kw("go", "struct", "field:1")
	kw("go", "interface", "method:1")

	kw("java", "java-top", "class:75 interface:17 enum:8")
	kw("java", "class", "method:60 field:25 constant:8 class:4 enum:3")
	kw("java", "interface", "method:85 constant:15")
	kw("java", "enum", "constant:80 method:15 field:5")

	kw("javascript", "top", "function:40 variable:30 class:25 constant:5")
	kw("javascript", "class", "method:85 field:15")

	kw("typescript", "top", "function:25 class:20 interface:20 type:12 variable:10 enum:5 constant:5 namespace:3")
	kw("typescript", "class", "method:70 field:30")
	kw("typescript", "interface", "field:60 method:40")
	kw("typescript", "enum", "variant:1")
	kw("typescript", "namespace", "function:40 interface:25 class:15 variable:10 type:10")
}

function init_words(   i) {
	nWORD = setlist(WORD, "add alloc apply arg array async attr audit auth backend base batch bind bit " \
	    "block body bool buf buffer build bus byte cache call cancel cap cell chain channel char check " \
	    "child chunk class clean clear client clock clone close cmd code codec col commit compare " \
	    "config conn connect context copy core count cpu create ctx cursor data date debug decode " \
	    "default delete dep desc dev device diff dir dirty disk dispatch doc drain driver drop dump " \
	    "edge emit encode end entry env err error event exec exit expr ext fast fd fetch field file " \
	    "fill filter find first flag flush fmt frame free from func gc get graph group guard handle " \
	    "handler hash head header heap hook host http id idle image index info init inner input " \
	    "insert inst int io irq item iter job join json key kind label last layer layout lazy len " \
	    "level lib limit line link list load local lock log lookup loop main map mark match max " \
	    "mem merge meta method min mode model module mount move msg mutex name net new next node " \
	    "num obj offset op open opt order out output owner packet page pair parent parse part path " \
	    "peer pending pipe pool port pos post pre prev print priv probe proc prop proto proxy push " \
	    "query queue range raw read ready rebase recv ref reg release reload remote remove render " \
	    "reply req request reset resolve resource result retry root route row rule run safe scan " \
	    "schema scope search seg select send seq server session set setup shard shared shift show " \
	    "signal size skb slot sock sort source span split sql stack start stat state stats status " \
	    "step stop store stream string sub swap sync table tag target task tcp test text thread " \
	    "tick time timer token trace track tree trim txn type udp unit unlock update url user util " \
	    "val valid value var vec view visit wait walk watch window worker write zone")
	nNOUN = setlist(NOUN, "buf buffer cache config context count data entry error event handler " \
	    "id index info item key list lock map name node ops options pool queue state stats table " \
	    "type value manager builder reader writer request response client server service spec")
	# W: words then nouns, with PascalCase (WP) and UPPER (WU) forms
	for (i = 1; i <= nWORD; i++) W[i] = WORD[i]
	for (i = 1; i <= nNOUN; i++) W[nWORD + i] = NOUN[i]
	for (i = 1; i <= nWORD + nNOUN; i++) { WP[i] = cap(W[i]); WU[i] = toupper(W[i]) }
	nDIR = setlist(DIR, "net fs mm kernel ipv4 ipv6 sched block crypto sound media usb pci gpu " \
	    "core api http rpc storage engine parser runtime compiler codegen vm gc util common " \
	    "auth billing search index ingest query planner exec cache proto wire cli server client " \
	    "ui admin config metrics logging tracing cluster raft wal txn sql schema tools")
	nPROJ = setlist(PROJ, "kestrel orca tern heron wren finch lark osprey plover egret")
	nCFN = setlist(CFN, "main init exit probe remove open release read write ioctl show store " \
	    "get put alloc free cleanup setup reset start stop suspend resume poll flush")
	nSFN = setlist(SFN, "new init get set len size run main open close read write start stop " \
	    "reset update free create parse format clone drop default from into fmt eq hash next push " \
	    "pop insert remove clear is_empty contains find lookup handle process setup flush load save " \
	    "apply visit call build with_capacity as_ref to_string iter cmp deref validate")
	nPYM = setlist(PYM, "__init__ __init__ __init__ __repr__ __str__ __eq__ __hash__ __call__ " \
	    "__enter__ __exit__ __iter__ __len__ __getitem__ setUp tearDown")
	nPFN = setlist(PFN, "New String Error Close Read Write Len Less Swap Get Set Run Start Stop " \
	    "Reset Init ServeHTTP Handle Lookup Open Parse Validate Reset Marshal Unmarshal")
	nCMFN = setlist(CMFN, "toString equals hashCode getName getValue setValue getId get set run " \
	    "main init constructor render update handle apply build create close open parse validate " \
	    "size isEmpty clear reset start stop")
	nTYP = setlist(TYP, "Config Error Options Builder Context State Client Server Handler Node " \
	    "Item Entry Value Request Response Manager Service Event Message Buffer Reader Writer Iter")
	nFLD = setlist(FLD, "name id data len size next prev flags type value key count list lock " \
	    "state ctx priv ops parent children buf")
	nUCON = setlist(UCON, "MAX_SIZE DEBUG VERSION DEFAULT_TIMEOUT BUFFER_SIZE MAGIC MAX_RETRIES")
	nMOD = setlist(MOD, "tests test util utils common types error config internal detail impl")
	nVAR = setlist(VAR, "None Some Ok Err Empty Unknown Other Default Invalid Error")
	nUNI = setlist(UNI, "größe café_menü naïve_ratio")
	nCTY = split("int |unsigned int |size_t |const char *|void *|struct sk_buff *|" \
	    "struct device *|u32 |u64 |bool |struct inode *|struct file *|gfp_t ", CTY, "|")
	nCRET = split("int|void|long|ssize_t|bool|struct sk_buff *|u32|const char *|size_t", CRET, "|")
	nCPTY = split("int |const std::string& |std::size_t |bool |double |const Options& |" \
	    "std::vector<int>& |Node* |std::string_view |uint64_t ", CPTY, "|")
	nRTY = split("u32|u64|usize|bool|&str|String|&[u8]|Vec<u8>|Option<usize>|Result<()>|" \
	    "Result<Self, Error>|Self|&mut Self|Box<dyn Error>|io::Result<()>|Option<&T>", RTY, "|")
	nGTY = split("int|string|error|bool|[]byte|context.Context|*Config|int64|map[string]string|" \
	    "time.Duration|io.Reader|(int, error)", GTY, "|")
	nJTY = split("int|String|boolean|long|List<String>|Map<String, Object>|Object|byte[]|Optional<T>|void", JTY, "|")
	nJMOD = split("public |public |private |protected |public static |", JMOD, "|")
	nTTY = split("string|number|boolean|void|Promise<void>|unknown|string[]|Record<string, unknown>|Options|Node", TTY, "|")
}
