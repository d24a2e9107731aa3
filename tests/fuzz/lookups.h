/* Every lookup of the library on IX, errors allowed (fuzz-index, fuzz-delta):
 * with STRICT (IX verified), any failure is a bug and aborts. */
#include <stdlib.h>
#include <string.h>

#include "kota.h"

#define CAP 4096	/* entries of each table looked at: a large input stays fast */

static void lookups(const kota_index *ix, int strict)
{
	uint32_t ns = kota_index_nsymbols(ix), nf = kota_index_nfiles(ix), nr = kota_index_nrefs(ix);
	uint32_t lo, hi, pos;
	kota_symbol s;
	kota_file f;
	kota_ref r;
	kota_str a, b;
	int bad = 0;

	for (uint32_t i = 0; i < kota_index_nmeta(ix) && i < CAP; i++)
		bad |= kota_index_meta(ix, i, &a, &b) < 0;
	for (uint32_t i = 0; i < nf && i < CAP; i++) {
		if (kota_index_file(ix, i, &f) < 0 || kota_index_path(ix, i, &a) < 0) {
			bad = 1;
			continue;
		}
		bad |= kota_index_find_file(ix, f.path.ptr, f.path.len, &pos) < 0;
		for (uint32_t line = 0; line < 8; line++)
			bad |= kota_index_enclosing(ix, i, line * 7, &pos) < 0;
	}
	for (uint32_t i = 0; i < ns && i < CAP; i++) {
		for (int o = KOTA_BY_NAME; o <= KOTA_BY_ID; o++)
			bad |= kota_index_order_at(ix, o, i, &pos) < 0;
		if (kota_index_symbol(ix, i, &s) < 0 || kota_index_symbol_name(ix, i, &a) < 0) {
			bad = 1;
			continue;
		}
		bad |= kota_index_find_name(ix, s.name.ptr, s.name.len, 0, &lo, &hi) < 0;
		bad |= kota_index_find_name(ix, s.name.ptr, s.name.len, KOTA_MATCH_PREFIX | KOTA_MATCH_FOLD,
		    &lo, &hi) < 0;
		bad |= kota_index_find_id(ix, s.id, &lo, &hi) < 0;
		bad |= kota_index_find_refs(ix, s.name.ptr, s.name.len, &lo, &hi) < 0;
	}
	for (uint32_t i = 0; i < nr && i < CAP; i++) {
		bad |= kota_index_ref_order_at(ix, i, &pos) < 0;
		if (kota_index_ref(ix, i, &r) < 0) {
			bad = 1;
			continue;
		}
		bad |= kota_index_find_refs(ix, r.name.ptr, r.name.len, &lo, &hi) < 0;
	}
	if (kota_index_is_delta(ix)) {
		for (uint32_t i = 0; i < kota_index_ndeleted(ix) && i < CAP; i++) {
			if (kota_index_deleted(ix, i, &a) < 0)
				bad = 1;
			else
				bad |= kota_index_find_deleted(ix, a.ptr, a.len) < 0;
		}
	}
	/* Names that are in no index, and the empty one. */
	bad |= kota_index_find_name(ix, "", 0, KOTA_MATCH_PREFIX, &lo, &hi) < 0;
	bad |= kota_index_find_name(ix, "\xff\xff", 2, 0, &lo, &hi) < 0;
	if (strict && bad)
		abort();
}
