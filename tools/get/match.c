/* kota-get --match GLOB, --regex RE: the symbols whose names match, in
 * name order, each distinct name tested once (lib/match.c). */
#include <err.h>
#include <string.h>

#include "kota-get.h"

struct walk {
	struct query *q;
	kota_matcher *m;
	const char *last;		/* the name last tested, and its answer */
	int last_yes;
};

static int each(void *ctx, const kota_index *ix, uint32_t pos)
{
	struct walk *w = ctx;
	kota_symbol s;
	int yes;

	if (kota_index_symbol(ix, pos, &s) < 0)
		fail();
	if (kota_matcher_qualified(w->m)) {
		yes = kota_match_qualified(w->m, s.scope, s.name);
	} else if (s.name.ptr == w->last) {
		yes = w->last_yes;	/* a name's symbols follow one another */
	} else {
		yes = kota_match(w->m, s.name);
		w->last = s.name.ptr;
		w->last_yes = yes;
	}
	return yes ? consider(w->q, ix, pos) : 0;
}

void by_match(struct query *q, const char *pattern, int flags)
{
	struct walk w = { .q = q };
	const char *prefix;
	int fold = flags & KOTA_MATCH_FOLD;
	int order = fold ? KOTA_BY_FOLDED_NAME : KOTA_BY_NAME;

	if (kota_matcher_new(&w.m, pattern, flags) < 0)
		fail();
	prefix = kota_matcher_prefix(w.m);
	/* A literal start narrows the walk to its range of the name order. */
	if (kota_view_each_name(q->v, order, *prefix ? prefix : NULL, strlen(prefix),
	    KOTA_MATCH_PREFIX | fold, each, &w) != 0)
		fail();
	kota_matcher_free(w.m);
}
