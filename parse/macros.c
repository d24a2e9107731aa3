/*
 * Attribute-like macros, blanked before C and C++ are parsed (issue 10,
 * ctags' -I): tree-sitter cannot expand macros, so in
 *
 *	static __always_inline __alloc_size(1) void *kmalloc(size_t size)
 *
 * it takes the macros for the type and the name and loses kmalloc.  Each
 * name of the list becomes spaces, and for a function-like one (NAME+, in
 * ctags' syntax) its balanced argument list too, newlines kept, so every
 * byte offset, line and column stays where it was.  One pass over the
 * file: an identifier is looked up in a hash set only if its first byte
 * can start a name of the list, and comments, strings and character
 * literals are skipped.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* The built-in list: compiler and kernel attribute macros, the ones
 * Linux's scripts/tags.sh passes to ctags -I that stand where a type or
 * specifier does, and the GNU and MSVC attribute keywords. */
static const char *const builtin[] = {
	"__attribute__+", "__attribute+", "__declspec+", "__asm__+", "__asm+",
	"__always_inline", "__alloc_size+", "__aligned+", "__assume_aligned+",
	"__cold", "__hot", "__pure", "__malloc", "__weak", "__noreturn",
	"__maybe_unused", "__always_unused", "__used", "__must_check",
	"__packed", "__printf+", "__scanf+", "__section+", "__deprecated",
	"__init", "__exit", "__initdata", "__initconst", "__exitdata", "__ref",
	"__refdata", "__meminit", "__meminitdata", "__cpuinit", "__devinit",
	"__iomem", "__user", "__kernel", "__rcu", "__percpu", "__force",
	"__nocast", "__bitwise", "__safe", "__must_hold+", "__acquires+",
	"__releases+", "__acquire+", "__release+", "__cond_lock+",
	"__nonstring", "__counted_by+", "__randomize_layout", "__no_randomize_layout",
	"__noinline", "noinline", "__visible", "notrace", "asmlinkage",
	"__sched", "__latent_entropy", "__ro_after_init", "__read_mostly",
	"__cacheline_aligned", "__cacheline_aligned_in_smp",
	"____cacheline_aligned", "____cacheline_aligned_in_smp",
	"____cacheline_internodealigned_in_smp", "__kprobes", "__nocfi",
	"__noinstr", "noinstr", "__no_sanitize_address", "__no_kcsan",
	"__fastcall", "__cdecl", "__stdcall", "__inline", "__inline__",
	"__always_inline__", "__flatten", "__naked", "__noclone",
	"__no_stack_protector", "__nostackprotector", "__diagnose_as+",
	"__compiletime_error+", "__compiletime_warning+", "__malloc_like",
	"__wur", "__THROW", "__nonnull+", "__attribute_pure__",
	"__attribute_const__", "__attribute_malloc__", "__attribute_used__",
	"__attribute_noinline__", "__attribute_deprecated__",
	"__attribute_warn_unused_result__", "__attribute_format_arg__+",
	"__attribute_format_strfmon__+", "__attribute_alloc_size__+",
	"__restrict", "__restrict__", "__extension__", "__printf_like+",
	"__section_in+", "__aligned_largest", "__page_aligned_data",
	"__page_aligned_bss", "__init_or_module", "__initdata_or_module",
	"__net_init", "__net_exit", "__net_initdata", "__lockfunc", "__irq_entry",
	"__softirq_entry", "__cpuidle", "__bpf_kfunc", "__exception_irq_entry",
	"__ksym", "__weak_ksym", "__kconfig", "__private", "__guarded_by+",
	"__pt_guarded_by+", "__must_be_array+", "__no_caller_saved_registers",
	"__trace_if_value+", "__malloc_attr+", "__realloc_size+",
};

struct entry {
	uint64_t hash;			/* 0: free */
	uint32_t off, len;		/* the name in the set's text */
	int function_like;
};

struct kota_macros {
	char *text;
	size_t text_len, text_cap;
	struct entry *slots;
	size_t mask, count;
	unsigned char first[256];	/* bytes that start a name of the set */
	uint32_t crc;			/* of the sorted list, for the parse settings */
	int builtin;			/* the list is the built-in one */
};

static uint64_t hash_name(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
	return h | 1;
}

static struct entry *slot(const kota_macros *m, const char *s, size_t len, uint64_t h)
{
	size_t i = h & m->mask;

	while (m->slots[i].hash != 0 && !(m->slots[i].hash == h && m->slots[i].len == len &&
	    memcmp(m->text + m->slots[i].off, s, len) == 0))
		i = (i + 1) & m->mask;
	return &m->slots[i];
}

static int is_ident(int c, int first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	    (!first && c >= '0' && c <= '9') || c >= 0x80;
}

static int grow(kota_macros *m)
{
	size_t ncap = m->slots == NULL ? 512 : (m->mask + 1) * 2;
	struct entry *old = m->slots, *n = calloc(ncap, sizeof *n);
	size_t omask = m->mask;

	if (n == NULL)
		return kota_error_set("out of memory");
	m->slots = n;
	m->mask = ncap - 1;
	for (size_t i = 0; old != NULL && i <= omask; i++)
		if (old[i].hash != 0)
			*slot(m, m->text + old[i].off, old[i].len, old[i].hash) = old[i];
	free(old);
	return 0;
}

/* Add (or with REMOVE take out) one item of ctags' -I syntax: NAME, NAME+. */
static int apply(kota_macros *m, const char *s, size_t len, int remove)
{
	int fn = len > 0 && s[len - 1] == '+';

	if (fn)
		len--;
	if (len == 0)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!is_ident((unsigned char)s[i], i == 0))
			return 0;	/* not a name: ignored, as ctags ignores it */
	if ((m->count + 1) * 2 > m->mask + 1 && grow(m) < 0)
		return -1;
	uint64_t h = hash_name(s, len);
	struct entry *e = slot(m, s, len, h);
	if (remove) {
		if (e->hash != 0) {
			/* Removed names stay as a tombstone that matches nothing. */
			e->function_like = -1;
		}
		return 0;
	}
	if (e->hash != 0) {
		e->function_like = fn;
		return 0;
	}
	if (m->text_len + len > m->text_cap) {
		size_t ncap = m->text_cap ? m->text_cap * 2 : 4096;
		while (ncap < m->text_len + len)
			ncap *= 2;
		char *n = realloc(m->text, ncap);
		if (n == NULL)
			return kota_error_set("out of memory");
		m->text = n;
		m->text_cap = ncap;
	}
	memcpy(m->text + m->text_len, s, len);
	*e = (struct entry){ h, (uint32_t)m->text_len, (uint32_t)len, fn };
	m->text_len += len;
	m->count++;
	return 0;
}

int kota_macros_new(kota_macros **out)
{
	kota_macros *m = calloc(1, sizeof *m);

	if (m == NULL || grow(m) < 0) {
		free(m);
		return kota_error_set("out of memory");
	}
	for (size_t i = 0; i < sizeof builtin / sizeof *builtin; i++)
		if (apply(m, builtin[i], strlen(builtin[i]), 0) < 0) {
			kota_macros_free(m);
			return -1;
		}
	m->builtin = 1;
	*out = m;
	return 0;
}

void kota_macros_free(kota_macros *m)
{
	if (m == NULL)
		return;
	free(m->text);
	free(m->slots);
	free(m);
}

int kota_macros_add(kota_macros *m, const char *list, size_t len)
{
	/* Items separated by white space or commas; # starts a comment to
	 * the end of the line; !NAME takes a name out. */
	for (size_t i = 0; i < len;) {
		if (list[i] == '#') {
			while (i < len && list[i] != '\n')
				i++;
			continue;
		}
		if (strchr(" \t\r\n,", list[i]) != NULL) {
			i++;
			continue;
		}
		size_t j = i;
		while (j < len && strchr(" \t\r\n,#", list[j]) == NULL)
			j++;
		int remove = list[i] == '!';
		if (apply(m, list + i + remove, j - i - (size_t)remove, remove) < 0)
			return -1;
		m->builtin = 0;
		i = j;
	}
	return 0;
}

static int cmp_entries(const void *a, const void *b, const char *text)
{
	const struct entry *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(text + x->off, text + y->off, n);

	return c != 0 ? c : (x->len > y->len) - (x->len < y->len);
}

static const char *sort_text;

static int cmp_sorted(const void *a, const void *b)
{
	return cmp_entries(a, b, sort_text);
}

void kota_macros_finish(kota_macros *m)
{
	struct entry *v = malloc((m->count + 1) * sizeof *v);
	size_t n = 0;

	memset(m->first, 0, sizeof m->first);
	for (size_t i = 0; i <= m->mask; i++) {
		const struct entry *e = &m->slots[i];
		if (e->hash == 0 || e->function_like < 0)
			continue;
		m->first[(unsigned char)m->text[e->off]] = 1;
		if (v != NULL)
			v[n++] = *e;
	}
	/* The settings name the list by a checksum of it, sorted. */
	m->crc = 0;
	if (v != NULL) {
		sort_text = m->text;
		qsort(v, n, sizeof *v, cmp_sorted);
		for (size_t i = 0; i < n; i++) {
			m->crc = kota_crc32c(m->crc, m->text + v[i].off, v[i].len);
			m->crc = kota_crc32c(m->crc, v[i].function_like ? "+\n" : "\n", v[i].function_like ? 2 : 1);
		}
	}
	free(v);
}

int kota_macros_is_builtin(const kota_macros *m)
{
	return m->builtin;
}

uint32_t kota_macros_crc(const kota_macros *m)
{
	return m->crc;
}

/* Blank the balanced parentheses that start at or after *I (only blanks
 * and newlines before them), keeping newlines. */
static void blank_args(char *s, size_t len, size_t i)
{
	int depth = 0;
	size_t j = i;

	while (j < len && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r'))
		j++;
	if (j >= len || s[j] != '(')
		return;
	for (; j < len; j++) {
		char c = s[j];
		if (c == '(')
			depth++;
		else if (c == ')')
			depth--;
		if (c != '\n')
			s[j] = ' ';
		if (depth == 0)
			return;
		if (c == '"' || c == '\'') {
			/* A string in the arguments: blank it whole. */
			for (j++; j < len && s[j] != c; j++) {
				if (s[j] == '\\' && j + 1 < len) {
					if (s[j] != '\n')
						s[j] = ' ';
					j++;
				}
				if (s[j] != '\n')
					s[j] = ' ';
			}
			if (j < len)
				s[j] = ' ';
		}
	}
}

void kota_macros_blank(const kota_macros *m, char *s, size_t len)
{
	size_t i = 0;
	int line_start = 1, directive = 0;

	/* Preprocessor lines are left as they are: #define __init ... must
	 * keep its name, #ifdef its operand. */
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n') {
			line_start = 1;
			directive = 0;
			i++;
			continue;
		}
		if (c == '\\' && i + 1 < len && s[i + 1] == '\n') {
			i += 2;		/* a continued line stays what it was */
			continue;
		}
		if (line_start && c != ' ' && c != '\t') {
			line_start = 0;
			directive = c == '#';
		}
		if (c == '/' && i + 1 < len && s[i + 1] == '/') {
			while (i < len && s[i] != '\n')
				i++;
			continue;
		}
		if (c == '/' && i + 1 < len && s[i + 1] == '*') {
			for (i += 2; i + 1 < len && !(s[i] == '*' && s[i + 1] == '/'); i++)
				;
			i += 2;
			continue;
		}
		if (c == '"' || c == '\'') {
			for (i++; i < len && s[i] != (char)c && s[i] != '\n'; i++)
				if (s[i] == '\\')
					i++;
			i++;
			continue;
		}
		if (!is_ident(c, 1)) {
			i++;
			continue;
		}
		size_t j = i + 1;
		while (j < len && is_ident((unsigned char)s[j], 0))
			j++;
		if (m->first[c] && !directive) {
			const struct entry *e = slot(m, s + i, j - i, hash_name(s + i, j - i));
			if (e->hash != 0 && e->function_like >= 0) {
				memset(s + i, ' ', j - i);
				if (e->function_like)
					blank_args(s, len, j);
			}
		}
		i = j;
	}
}
