/*
 * Fuzz targets of kota (issue 14): libFuzzer entry points, built with
 * clang -fsanitize=fuzzer,address,undefined by ./configure
 * --enable-fuzzing (make fuzz runs them), and otherwise linked with
 * replay.c into plain programs that run each seed of their corpus
 * (tests/fuzz/corpus/TARGET) once, as TAP, in make check.
 *
 * The invariant of every target: a clean error return or success, never a
 * crash, a hang, a leak or a sanitizer report, and no write outside the
 * target's own temporary files.
 */
#ifndef KOTA_FUZZ_H
#define KOTA_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Set-up that must not count against an input's time (libFuzzer calls it
 * once before the first input; replay.c too, where a target has one). */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

/* Recompute the header checksum and the checksum of every section that
 * lies inside the N bytes at B, so that mutations get past the checksums
 * to the bounds checks behind them. */
void fuzz_reseal(unsigned char *b, size_t n);
/* A temporary file of this process holding the N bytes at DATA; SUFFIX
 * ("" or ".delta") names one of several.  The path stays valid. */
const char *fuzz_file(const char *suffix, const void *data, size_t n);

#endif
