#ifndef STREAMTOP_CFUZZERDRIVER_H
#define STREAMTOP_CFUZZERDRIVER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's entry point for programs with a main of their own (compiler-rt's
/// FuzzerInterface.h): it parses libFuzzer's flags from argv and fuzzes `callback`.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
