/*
 * Laying out an index: put the files, strings and symbols of a writer in the
 * canonical order of kota(5), then write the sections, each at the next
 * 8-byte boundary, with their checksums, and the header and section table.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kota.h"
#include "internal.h"
#include "le.h"
#include "writer.h"

struct layout {
	uint32_t *file_order;	/* sorted position -> file number */
	uint32_t *file_first;	/* sorted position -> first symbol */
	uint32_t *file_ref;	/* sorted position -> first reference */
	uint32_t *str_order;	/* sorted position -> string id */
	uint32_t *str_off;	/* string id -> offset in STRS */
	uint32_t *by_name, *by_fold, *by_id;
	uint32_t *by_ref;	/* RNAM */
	uint64_t strs_len;
};

static void layout_free(struct layout *l)
{
	free(l->file_order);
	free(l->file_first);
	free(l->file_ref);
	free(l->by_ref);
	free(l->str_order);
	free(l->str_off);
	free(l->by_name);
	free(l->by_fold);
	free(l->by_id);
}

static int layout_files(kota_writer *w, struct layout *l)
{
	size_t n = w->nfiles + 1;
	uint32_t next = 0, next_ref = 0, *orig;
	int sorted = 1;

	l->file_order = malloc(n * sizeof *l->file_order);
	l->file_first = malloc(n * sizeof *l->file_first);
	l->file_ref = malloc(n * sizeof *l->file_ref);
	if (!l->file_order || !l->file_first || !l->file_ref)
		return kota_error_set("out of memory");
	for (uint32_t f = 0; f < w->nfiles; f++)
		l->file_order[f] = f;
	kota_sort_files(w->pool, w->files, l->file_order, w->nfiles);
	kota_sort_meta(w->pool, w->meta, w->nmeta);
	for (uint32_t i = 0; i < w->nfiles; i++) {
		l->file_first[i] = next;
		l->file_ref[i] = next_ref;
		sorted &= w->files[l->file_order[i]].first == next;
		next += w->files[l->file_order[i]].count;
		next_ref += w->files[l->file_order[i]].nrefs;
	}
	if (sorted)
		return 0;
	if ((orig = malloc((w->nsyms + 1) * sizeof *orig)) == NULL)
		return kota_error_set("out of memory");
	for (uint32_t i = 0; i < w->nfiles; i++) {
		struct wfile *f = &w->files[l->file_order[i]];
		for (uint32_t k = 0; k < f->count; k++)
			orig[l->file_first[i] + k] = f->first + k;
	}
	int rc = kota_permute_symbols(w->syms, w->nsyms, orig);
	free(orig);
	/* The symbols moved: each file's first symbol is where they went. */
	for (uint32_t i = 0; i < w->nfiles; i++)
		w->files[l->file_order[i]].first = l->file_first[i];
	return rc;
}

static int layout_strings(kota_writer *w, struct layout *l)
{
	uint32_t n = kota_pool_count(w->pool);
	uint64_t off = 0;

	l->str_order = malloc(((size_t)n + 1) * sizeof *l->str_order);
	l->str_off = malloc(((size_t)n + 1) * sizeof *l->str_off);
	if (!l->str_order || !l->str_off)
		return kota_error_set("out of memory");
	for (uint32_t i = 0; i < n; i++)
		l->str_order[i] = i;
	if (kota_sort_strings(w->pool, l->str_order, n, 0) < 0)
		return -1;
	for (uint32_t i = 0; i < n; i++) {
		size_t len = kota_pool_len(w->pool, l->str_order[i]);
		if (off > UINT32_MAX)
			return kota_error_set("string table over 4 GiB");
		l->str_off[l->str_order[i]] = (uint32_t)off;
		if (!(w->flags[l->str_order[i]] & F_SORT))
			off += 4 + len + 1;
	}
	l->strs_len = off;
	return 0;
}

/*
 * RNAM: the references in REFS order (files by path, each file's in input
 * order), sorted stably by the rank of the name, then of the whole text.
 * A counting sort by name does most of it; then the few names that come
 * with several texts (qualified references) have their run sorted by text
 * (kota_sort_runs).
 * Sorting (name, text) keys whole took 285 MB on Linux's tree, this 80.
 */
static int layout_refs(kota_writer *w, struct layout *l, const uint32_t *rank)
{
	uint32_t n = kota_pool_count(w->pool), *count = calloc((size_t)n + 1, sizeof *count);
	uint32_t *text = malloc((w->nrefs + 1) * sizeof *text), sum = 0, k = 0;
	int rc = -1;

	l->by_ref = malloc((w->nrefs + 1) * sizeof *l->by_ref);
	if (count == NULL || text == NULL || l->by_ref == NULL) {
		kota_error_set("out of memory");
		goto done;
	}
	for (uint32_t i = 0; i < w->nfiles; i++) {
		const struct wfile *f = &w->files[l->file_order[i]];
		for (uint32_t j = 0; j < f->nrefs; j++) {
			const struct wref *r = &w->refs[f->first_ref + j];
			count[rank[r->name]]++;
			text[k++] = rank[r->text];
		}
	}
	for (uint32_t r = 0; r <= n; r++) {
		uint32_t c = count[r];
		count[r] = sum;
		sum += c;
	}
	/* COUNT[r] is where name rank r starts; placing moves it to where the
	 * next rank starts. */
	k = 0;
	for (uint32_t i = 0; i < w->nfiles; i++) {
		const struct wfile *f = &w->files[l->file_order[i]];
		for (uint32_t j = 0; j < f->nrefs; j++, k++)
			l->by_ref[count[rank[w->refs[f->first_ref + j].name]]++] = k;
	}
	rc = kota_sort_runs(l->by_ref, count, n, text);
done:
	free(text);
	free(count);
	return rc;
}

static int layout_orders(kota_writer *w, struct layout *l)
{
	uint32_t n = kota_pool_count(w->pool), nnames = 0, *rank = NULL, *names = NULL;

	/* The id order first, while little else is held: its radix sort takes
	 * the most memory of all the orders. */
	if ((l->by_id = malloc((w->nsyms + 1) * sizeof *l->by_id)) == NULL)
		return kota_error_set("out of memory");
	if (kota_sort_by_id(w->syms, w->nsyms, l->by_id) < 0)
		return -1;
	rank = malloc(((size_t)n + 1) * sizeof *rank);
	l->by_name = malloc((w->nsyms + 1) * sizeof *l->by_name);
	l->by_fold = malloc((w->nsyms + 1) * sizeof *l->by_fold);
	if (!rank || !l->by_name || !l->by_fold) {
		free(rank);
		return kota_error_set("out of memory");
	}
	for (uint32_t i = 0; i < n; i++)
		rank[l->str_order[i]] = i;
	if (kota_sort_by_rank(w->syms, w->nsyms, rank, n, l->by_name) < 0 ||
	    layout_refs(w, l, rank) < 0)
		goto fail;
	/* The fold order ranks only the strings used as names. */
	if ((names = malloc(((size_t)n + 1) * sizeof *names)) == NULL) {
		kota_error_set("out of memory");
		goto fail;
	}
	for (uint32_t i = 0; i < n; i++)
		if (w->flags[i] & F_NAME)
			names[nnames++] = i;
	if (kota_sort_strings(w->pool, names, nnames, 1) < 0)
		goto fail;
	for (uint32_t i = 0; i < nnames; i++)
		rank[names[i]] = i;
	if (kota_sort_by_rank(w->syms, w->nsyms, rank, nnames, l->by_fold) < 0)
		goto fail;
	free(names);
	free(rank);
	return 0;
fail:
	free(names);
	free(rank);
	return -1;
}

/* ---- output ---- */

/* Section bytes go through a buffer either into a checksum or out to a descriptor. */
struct sink {
	int fd;			/* -1: only checksum */
	unsigned char buf[1 << 16];
	size_t used;
	uint32_t crc;
	uint64_t len;
	int failed;
};

static void sink_flush(struct sink *s)
{
	size_t done = 0;

	s->crc = kota_crc32c(s->crc, s->buf, s->used);
	while (s->fd >= 0 && done < s->used && !s->failed) {
		ssize_t n = write(s->fd, s->buf + done, s->used - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			s->failed = errno ? errno : EIO;
			break;
		}
		done += (size_t)n;
	}
	s->used = 0;
}

static unsigned char *sink_room(struct sink *s, size_t n)
{
	if (s->used + n > sizeof s->buf)
		sink_flush(s);
	s->used += n;
	s->len += n;
	return s->buf + s->used - n;
}

static void sink_bytes(struct sink *s, const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n > 0) {
		size_t k = sizeof s->buf - s->used;
		if (k == 0) {
			sink_flush(s);
			continue;
		}
		if (k > n)
			k = n;
		memcpy(s->buf + s->used, b, k);
		s->used += k;
		s->len += k;
		b += k;
		n -= k;
	}
}

/* The body of the symbol that came I-th. */
static int body(kota_writer *w, uint32_t i, struct wbody *b)
{
	const void *p = kota_spill_get(&w->bodies, (uint64_t)i * sizeof *b, sizeof *b);

	if (p == NULL)
		return -1;
	memcpy(b, p, sizeof *b);
	return 0;
}

/* Write section SEC into S; -1 if what it is made of cannot be read back. */
static int emit_section(kota_writer *w, const struct layout *l, int sec, struct sink *s)
{
	switch (sec) {
	case SEC_META:
		for (size_t i = 0; i < w->nmeta; i++) {
			unsigned char *p = sink_room(s, IX_META_SIZE);
			kota_put32(p, l->str_off[w->meta[i].key]);
			kota_put32(p + 4, l->str_off[w->meta[i].value]);
		}
		break;
	case SEC_FILE:
		for (uint32_t i = 0; i < w->nfiles; i++) {
			const struct wfile *f = &w->files[l->file_order[i]];
			unsigned char *p = sink_room(s, IX_FILE_SIZE);
			kota_put32(p, l->str_off[f->path]);
			kota_put32(p + 4, l->str_off[f->lang]);
			kota_put32(p + 8, l->str_off[f->blob]);
			kota_put32(p + 12, l->file_ref[i]);
			kota_put64(p + 16, f->size);
			kota_put32(p + 24, l->file_first[i]);
			kota_put32(p + 28, f->count);
		}
		break;
	case SEC_SYMS: {
		uint64_t sigoff = 5;	/* SIGS as laid out below */
		for (uint32_t i = 0; i < w->nfiles; i++) {
			const struct wfile *f = &w->files[l->file_order[i]];
			uint32_t first = l->file_first[i];
			for (uint32_t k = 0; k < f->count; k++) {
				const struct wsym *y = &w->syms[first + k];
				struct wbody b;
				if (body(w, f->body + k, &b) < 0)
					return -1;
				unsigned char *p = sink_room(s, IX_SYM_SIZE);
				kota_put64(p, wsym_id(y));
				kota_put32(p + 8, l->str_off[y->name]);
				kota_put32(p + 12, b.sig == 0 ? 0 : (uint32_t)sigoff);
				if (b.sig != 0)
					sigoff += 4 + (uint64_t)b.siglen + 1;
				kota_put32(p + 16, i);
				kota_put32(p + 20, b.parent == KOTA_NONE ? KOTA_NONE : first + b.parent);
				kota_put32(p + 24, b.start_line);
				kota_put32(p + 28, b.start_col);
				kota_put32(p + 32, b.end_line);
				kota_put32(p + 36, b.end_col);
				memset(p + 40, 0, 4);
				p[40] = (unsigned char)b.kind;
				kota_put32(p + 44, l->str_off[b.scope]);
			}
		}
		break;
	}
	case SEC_REFS:
		for (uint32_t i = 0; i < w->nfiles; i++) {
			const struct wfile *f = &w->files[l->file_order[i]];
			for (uint32_t j = 0; j < f->nrefs; j++) {
				const struct wref *r = &w->refs[f->first_ref + j];
				unsigned char *p = sink_room(s, IX_REF_SIZE);
				kota_put32(p, l->str_off[r->text]);
				kota_put32(p + 4, r->line);
				kota_put16(p + 8, r->col);
				p[10] = r->qlen;
				p[11] = r->kind;
			}
		}
		break;
	case SEC_RNAM:
		for (size_t i = 0; i < w->nrefs; i++)
			kota_put32(sink_room(s, 4), l->by_ref[i]);
		break;
	case SEC_SIGS:
		/* Each file's signatures went into the spill one after another,
		 * as SIGS has them: a run of it, copied a window at a time. */
		sink_bytes(s, "\0\0\0\0", 5);
		for (uint32_t i = 0; i < w->nfiles; i++) {
			const struct wfile *f = &w->files[l->file_order[i]];
			for (uint32_t at = f->sigs, n; at < f->sigs_end; at += n) {
				const void *p;
				n = f->sigs_end - at < sizeof s->buf ? f->sigs_end - at : (uint32_t)sizeof s->buf;
				if ((p = kota_spill_get(&w->sigs, at, n)) == NULL)
					return -1;
				sink_bytes(s, p, n);
			}
		}
		break;
	case SEC_STRS:
		for (uint32_t i = 0, n = kota_pool_count(w->pool); i < n; i++) {
			size_t len;
			if (w->flags[l->str_order[i]] & F_SORT)
				continue;
			const char *str = kota_pool_get(w->pool, l->str_order[i], &len);
			kota_put32(sink_room(s, 4), (uint32_t)len);
			sink_bytes(s, str, len + 1);
		}
		break;
	case SEC_NAME: case SEC_FOLD: case SEC_IDIX: {
		const uint32_t *v = sec == SEC_NAME ? l->by_name : sec == SEC_FOLD ? l->by_fold : l->by_id;
		for (size_t i = 0; i < w->nsyms; i++)
			kota_put32(sink_room(s, 4), v[i]);
		break;
	}
	case SEC_NFNC: case SEC_FFNC: {
		const uint32_t *v = sec == SEC_NFNC ? l->by_name : l->by_fold;
		for (size_t i = 0; i < w->nsyms; i += IX_FENCE_STRIDE) {
			uint64_t key = kota_pool_prefix(w->pool, w->syms[v[i]].name);
			kota_put64(sink_room(s, 8), sec == SEC_NFNC ? key : kota_fold_prefix8(key));
		}
		break;
	}
	case SEC_BASE: {
		size_t len;
		const unsigned char *head = kota_index_head(kota_view_base(w->base), &len);
		sink_bytes(s, head, len);
		break;
	}
	case SEC_DELE:
		for (size_t i = 0; i < w->ndels; i++)
			kota_put32(sink_room(s, 4), l->str_off[w->dels[i]]);
		break;
	}
	return 0;
}

static void put_header(unsigned char *head, int nsec, const uint64_t *off, const uint64_t *len,
    const uint32_t *crc, uint64_t end)
{
	memset(head, 0, IX_HEADER_SIZE + nsec * IX_SECTION_SIZE);
	memcpy(head, IX_MAGIC, 8);
	kota_put32(head + 8, KOTA_INDEX_VERSION);
	kota_put32(head + 12, (uint32_t)nsec);
	kota_put64(head + 16, end);
	kota_put32(head + 24, 0);
	for (int sec = 0; sec < nsec; sec++) {
		unsigned char *e = head + IX_HEADER_SIZE + sec * IX_SECTION_SIZE;
		memcpy(e, ix_section_tags[sec], 4);
		kota_put32(e + 4, crc[sec]);
		kota_put64(e + 8, off[sec]);
		kota_put64(e + 16, len[sec]);
		kota_put32(e + 24, ix_section_entsize[sec]);
		kota_put32(e + 28, 0);
	}
	kota_put32(head + 28, kota_crc32c(kota_crc32c(0, head, 28), head + IX_HEADER_SIZE,
	    (size_t)nsec * IX_SECTION_SIZE));
}

/*
 * Write the sections, each at the next 8-byte boundary, taking their
 * lengths and checksums as they go by.  The header comes first in the file
 * but needs those: into a seekable file it is written last, in place; into
 * a pipe a first pass computes them without writing.
 */
static int write_all(kota_writer *w, const struct layout *l, int fd)
{
	static const unsigned char zeros[IX_HEADER_SIZE + SEC_COUNT * IX_SECTION_SIZE];
	unsigned char head[IX_HEADER_SIZE + SEC_COUNT * IX_SECTION_SIZE];
	/* A delta has two more sections. */
	int nsec = w->delta ? SEC_COUNT : SEC_REQUIRED;
	size_t hlen = IX_HEADER_SIZE + (size_t)nsec * IX_SECTION_SIZE;
	uint64_t off[SEC_COUNT], len[SEC_COUNT];
	uint32_t crc[SEC_COUNT];
	struct sink *s = calloc(1, sizeof *s);
	struct stat st;
	/* pwrite on an O_APPEND descriptor appends: such a file is written like a pipe. */
	int seekable = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && lseek(fd, 0, SEEK_CUR) == 0 &&
	    !(fcntl(fd, F_GETFL) & O_APPEND);

	if (s == NULL)
		return kota_error_set("out of memory");
	for (int pass = seekable; pass < 2; pass++) {
		s->fd = pass == 0 ? -1 : fd;
		s->used = 0;
		s->len = 0;
		if (pass == 1 && !seekable)
			put_header(head, nsec, off, len, crc, off[nsec - 1] + len[nsec - 1]);
		sink_bytes(s, pass == 1 && !seekable ? head : zeros, hlen);
		for (int sec = 0; sec < nsec; sec++) {
			sink_bytes(s, zeros, ((s->len + 7) & ~(uint64_t)7) - s->len);
			sink_flush(s);
			s->crc = 0;
			off[sec] = s->len;
			if (emit_section(w, l, sec, s) < 0) {
				free(s);
				return -1;
			}
			sink_flush(s);
			len[sec] = s->len - off[sec];
			crc[sec] = s->crc;
		}
	}
	int failed = s->failed;
	free(s);
	if (!failed && seekable) {
		put_header(head, nsec, off, len, crc, off[nsec - 1] + len[nsec - 1]);
		if (pwrite(fd, head, hlen, 0) != (ssize_t)hlen)
			failed = errno ? errno : EIO;
	}
	if (failed)
		return kota_error_set("write: %s", strerror(failed));
	return 0;
}

int kota_layout_write(kota_writer *w, int fd)
{
	struct layout l = { 0 };
	int rc = -1;

	/* Every string is in: the pool's hash table is no more use. */
	kota_pool_seal(w->pool);
	if (layout_files(w, &l) == 0 && layout_strings(w, &l) == 0 && layout_orders(w, &l) == 0) {
		kota_sort_by_offset(w->dels, w->ndels, l.str_off);
		rc = write_all(w, &l, fd);
	}
	layout_free(&l);
	return rc;
}
