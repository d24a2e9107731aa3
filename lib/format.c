/*
 * The tables of kota(5) that readers and the writer share: the tag and the
 * entry size of each section.  They live with the format, not with the
 * writer, so that a program that only reads an index links no writer.
 */
#include "internal.h"

const char ix_section_tags[SEC_COUNT][5] = {
	"META", "FILE", "SYMS", "STRS", "SIGS", "NAME", "FOLD", "IDIX", "NFNC", "FFNC",
	"REFS", "RNAM", "BASE", "DELE"
};
const uint32_t ix_section_entsize[SEC_COUNT] = {
	IX_META_SIZE, IX_FILE_SIZE, IX_SYM_SIZE, 0, 0, 4, 4, 4, 8, 8, IX_REF_SIZE, 4, 0, 4
};
