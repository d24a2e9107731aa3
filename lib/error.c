/* The one place to ask what went wrong: a per-thread message buffer. */
#include <stdarg.h>
#include <stdio.h>

#include "kota.h"

static _Thread_local char last_error[1024];

const char *kota_error_last(void)
{
	return last_error;
}

int kota_error_set(const char *fmt, ...)
{
	char tmp[sizeof last_error];
	va_list ap;

	/* Format into a copy so a message may quote the previous one. */
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	snprintf(last_error, sizeof last_error, "%s", tmp);
	return -1;
}
