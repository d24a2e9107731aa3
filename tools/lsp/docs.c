/*
 * kota-lsp: the documents the editor has open (full text sync), file://
 * URIs of the work tree, and the identifier at a position.  Positions
 * count UTF-16 code units, as LSP's default encoding does.
 */
#include <stdlib.h>
#include <string.h>

#include "kota-lsp.h"

static struct doc **find_doc(struct server *s, const char *uri)
{
	struct doc **d = &s->docs;

	while (*d != NULL && strcmp((*d)->uri, uri) != 0)
		d = &(*d)->next;
	return d;
}

void doc_open(struct server *s, const char *uri, const char *text, size_t len)
{
	struct doc **d = find_doc(s, uri), *n = *d;

	if (n == NULL) {
		if ((n = calloc(1, sizeof *n)) == NULL || (n->uri = strdup(uri)) == NULL)
			abort();
		*d = n;
	}
	free(n->text);
	if ((n->text = malloc(len + 1)) == NULL)
		abort();
	memcpy(n->text, text, len);
	n->text[len] = '\0';
	n->len = len;
}

void doc_close(struct server *s, const char *uri)
{
	struct doc **d = find_doc(s, uri), *n = *d;

	if (n == NULL)
		return;
	*d = n->next;
	free(n->uri);
	free(n->text);
	free(n);
}

char *doc_text(struct server *s, const char *uri, size_t *len, int *owned)
{
	struct doc *d = *find_doc(s, uri);
	char *path, *text = NULL;
	FILE *fp;

	*owned = 0;
	if (d != NULL) {
		*len = d->len;
		return d->text;
	}
	if ((path = uri_to_path(s, uri)) == NULL)
		return NULL;
	if ((fp = fopen(path, "r")) != NULL) {
		size_t cap = 0, n = 0, r;
		char buf[65536];
		while ((r = fread(buf, 1, sizeof buf, fp)) > 0) {
			if (n + r + 1 > cap) {
				cap = 2 * (n + r + 1);
				if ((text = realloc(text, cap)) == NULL)
					abort();
			}
			memcpy(text + n, buf, r);
			n += r;
		}
		fclose(fp);
		if (text == NULL && (text = malloc(1)) == NULL)
			abort();
		text[n] = '\0';
		*len = n;
		*owned = 1;
	}
	free(path);
	return text;
}

const char *doc_open_text(struct server *s, const char *uri, size_t *len)
{
	struct doc *d = *find_doc(s, uri);

	if (d == NULL)
		return NULL;
	*len = d->len;
	return d->text;
}

/* Where LINE (from 0) of TEXT starts, in *P; -1 if TEXT has fewer lines. */
static int line_start(const char *text, size_t len, uint32_t line, size_t *p)
{
	*p = 0;
	for (uint32_t l = 0; l < line; l++) {
		const char *nl = memchr(text + *p, '\n', len - *p);
		if (nl == NULL)
			return -1;
		*p = (size_t)(nl - text) + 1;
	}
	return 0;
}

/* The bytes of the UTF-8 sequence lead byte C starts (1 for a stray one). */
static size_t utf8_len(unsigned char c)
{
	return c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

uint32_t doc_utf16_column(const char *text, size_t len, uint32_t line, uint32_t bytes)
{
	size_t p;
	uint32_t units = 0;

	if (line_start(text, len, line, &p) < 0)
		return bytes;
	for (uint32_t b = 0; b < bytes && p < len && text[p] != '\n';) {
		size_t n = utf8_len((unsigned char)text[p]);
		units += n == 4 ? 2 : 1;
		p += n;
		b += (uint32_t)n;
	}
	return units;
}

static int is_word(unsigned char c)
{
	return c == '_' || c == '$' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || c >= 0x80;
}

int doc_word_at(const char *text, size_t len, uint32_t line, uint32_t character,
    char **name, char **qual)
{
	size_t p, end, start, q;
	uint32_t units = 0;

	if (line_start(text, len, line, &p) < 0)
		return KOTA_NOTFOUND;
	/* CHARACTER UTF-16 units into the line: a 4-byte UTF-8 sequence is two. */
	while (p < len && text[p] != '\n' && units < character) {
		size_t n = utf8_len((unsigned char)text[p]);
		units += n == 4 ? 2 : 1;
		p += n;
	}
	if (p > len)
		p = len;
	/* On the word, or just after its end (the cursor after the last letter). */
	if ((p >= len || !is_word((unsigned char)text[p])) && p > 0 && is_word((unsigned char)text[p - 1]))
		p--;
	if (p >= len || !is_word((unsigned char)text[p]))
		return KOTA_NOTFOUND;
	for (start = p; start > 0 && is_word((unsigned char)text[start - 1]); start--)
		;
	for (end = p; end < len && is_word((unsigned char)text[end]); end++)
		;
	/* The qualifier: "x." or "A::B::" or "a->" just before, as kota(5)'s R records. */
	q = start;
	for (;;) {
		size_t sep = q;
		if (sep >= 1 && text[sep - 1] == '.')
			sep -= 1;
		else if (sep >= 2 && text[sep - 1] == ':' && text[sep - 2] == ':')
			sep -= 2;
		else if (sep >= 2 && text[sep - 1] == '>' && text[sep - 2] == '-')
			sep -= 2;
		else
			break;
		size_t w = sep;
		while (w > 0 && is_word((unsigned char)text[w - 1]))
			w--;
		if (w == sep)
			break;
		q = w;
	}
	if ((*name = strndup(text + start, end - start)) == NULL ||
	    (*qual = strndup(text + q, start - q)) == NULL)
		abort();
	return 0;
}

static int hex(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	    c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

char *uri_to_path(struct server *s, const char *uri)
{
	char *out, *o;

	(void)s;
	if (strncmp(uri, "file://", 7) != 0)
		return NULL;
	uri += 7;
	if ((out = o = malloc(strlen(uri) + 1)) == NULL)
		abort();
	for (; *uri != '\0'; uri++) {
		if (*uri == '%' && hex(uri[1]) >= 0 && hex(uri[2]) >= 0) {
			*o++ = (char)(hex(uri[1]) * 16 + hex(uri[2]));
			uri += 2;
		} else {
			*o++ = *uri;
		}
	}
	*o = '\0';
	if (memchr(out, '\0', (size_t)(o - out)) != NULL || out[0] != '/') {
		free(out);
		return NULL;
	}
	return out;
}

char *path_to_uri(struct server *s, kota_str path)
{
	size_t tl = strlen(s->top);
	char *out = malloc(7 + 3 * (tl + 1 + path.len) + 1), *o = out;
	static const char hexd[] = "0123456789ABCDEF";

	if (out == NULL)
		abort();
	o += sprintf(o, "file://");
	for (int part = 0; part < 3; part++) {
		const char *p = part == 0 ? s->top : part == 1 ? "/" : path.ptr;
		size_t n = part == 0 ? tl : part == 1 ? 1 : path.len;
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)p[i];
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			    (c != 0 && strchr("/-._~", c) != NULL)) {
				*o++ = (char)c;
			} else {
				*o++ = '%';
				*o++ = hexd[c >> 4];
				*o++ = hexd[c & 15];
			}
		}
	}
	*o = '\0';
	return out;
}
