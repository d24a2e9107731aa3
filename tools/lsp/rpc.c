/* kota-lsp: JSON-RPC framing (LSP base protocol) on stdio. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kota-lsp.h"

int rpc_read(FILE *in, char **body, size_t *len, const char **why)
{
	char line[1024];
	long long n = -1;
	int any = 0;

	/* Headers: "Name: value\r\n" lines, then an empty line. */
	for (;;) {
		if (fgets(line, sizeof line, in) == NULL) {
			if (!any && feof(in))
				return 0;
			*why = "the input ended inside a message's headers";
			return -1;
		}
		any = 1;
		size_t l = strlen(line);
		if (l == sizeof line - 1 && line[l - 1] != '\n') {
			*why = "a header line is too long";
			return -1;
		}
		while (l > 0 && (line[l - 1] == '\n' || line[l - 1] == '\r'))
			line[--l] = '\0';
		if (l == 0)
			break;
		if (strncasecmp(line, "Content-Length:", 15) == 0) {
			char *end;
			n = strtoll(line + 15, &end, 10);
			while (*end == ' ' || *end == '\t')
				end++;
			if (*end != '\0' || n < 0) {
				*why = "a bad Content-Length";
				return -1;
			}
		}
		/* Other headers (Content-Type) are read and left alone. */
	}
	if (n < 0) {
		*why = "a message without Content-Length";
		return -1;
	}
	if ((unsigned long long)n > LSP_MAX_MESSAGE) {
		*why = "a message longer than 64 MiB";
		return -1;
	}
	if ((*body = malloc((size_t)n + 1)) == NULL) {
		*why = "out of memory";
		return -1;
	}
	if (fread(*body, 1, (size_t)n, in) != (size_t)n) {
		free(*body);
		*why = "the input ended inside a message";
		return -1;
	}
	(*body)[n] = '\0';
	*len = (size_t)n;
	return 1;
}

int serve(struct server *s, const char **why)
{
	char *body;
	size_t len;
	int rc;

	s->exit_status = -1;
	while (s->exit_status < 0 && (rc = rpc_read(s->in, &body, &len, why)) > 0) {
		struct json_tokener *tok = json_tokener_new();
		json_object *msg = json_tokener_parse_ex(tok, body, (int)len);
		enum json_tokener_error e = json_tokener_get_error(tok);
		if (e == json_tokener_success && json_tokener_get_parse_end(tok) < len) {
			/* Bytes after the value (only white space is allowed). */
			size_t i = json_tokener_get_parse_end(tok);
			while (i < len && strchr(" \t\r\n", body[i]) != NULL)
				i++;
			if (i < len)
				e = json_tokener_error_parse_unexpected;
		}
		if (msg == NULL || e != json_tokener_success)
			rpc_error(s, NULL, RPC_PARSE_ERROR, "not JSON: %s",
			    e == json_tokener_continue ? "it ends too soon" : json_tokener_error_desc(e));
		else if (json_object_is_type(msg, json_type_array))
			rpc_error(s, NULL, RPC_INVALID_REQUEST, "batches are not supported");
		else
			handle(s, msg);
		json_object_put(msg);
		json_tokener_free(tok);
		free(body);
	}
	if (s->exit_status >= 0)
		return s->exit_status;
	/* The end of input without exit (the client went away): 1. */
	return rc < 0 ? 2 : 1;
}

void rpc_send(struct server *s, json_object *msg)
{
	size_t len;
	const char *text;

	json_object_object_add(msg, "jsonrpc", json_object_new_string("2.0"));
	text = json_object_to_json_string_length(msg, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	fprintf(s->out, "Content-Length: %zu\r\n\r\n", len);
	fwrite(text, 1, len, s->out);
	fflush(s->out);
	json_object_put(msg);
}

void rpc_result(struct server *s, json_object *id, json_object *result)
{
	json_object *msg = json_object_new_object();

	json_object_object_add(msg, "id", id != NULL ? json_object_get(id) : NULL);
	json_object_object_add(msg, "result", result);
	rpc_send(s, msg);
}

void rpc_error(struct server *s, json_object *id, int code, const char *fmt, ...)
{
	json_object *msg = json_object_new_object(), *e = json_object_new_object();
	char text[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	json_object_object_add(e, "code", json_object_new_int(code));
	json_object_object_add(e, "message", json_object_new_string(text));
	json_object_object_add(msg, "id", id != NULL ? json_object_get(id) : NULL);
	json_object_object_add(msg, "error", e);
	rpc_send(s, msg);
	rpc_log(s, "error %d: %s", code, text);
}

void rpc_log(struct server *s, const char *fmt, ...)
{
	va_list ap;

	if (s->log == NULL)
		return;
	va_start(ap, fmt);
	fputs("kota-lsp: ", s->log);
	vfprintf(s->log, fmt, ap);
	putc('\n', s->log);
	fflush(s->log);
	va_end(ap);
}
