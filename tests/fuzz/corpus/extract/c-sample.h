#ifndef SAMPLE_H
#define SAMPLE_H

typedef struct opaque opaque_t;

API_EXPORT int
api_call(opaque_t *o);

extern int sample_version;
int sample_open(const char *path);

struct config {
	const char *path;
	int verbose;
};

#endif /* SAMPLE_H */
