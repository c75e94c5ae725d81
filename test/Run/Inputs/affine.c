// A hand-written model implementing the compress ABI: y = 2x + 1 on 1x3x4x5.
// The entry name is ENTRY (default `model`), as compress-compile --entry sets.
#include "compress/Runtime/CompressModel.h"

#ifndef ENTRY
#define ENTRY model
#endif
#define CONCAT_(a, b) a##b
#define CONCAT(a, b) CONCAT_(a, b)
#define STR_(a) #a
#define STR(a) STR_(a)

COMPRESS_DECLARE_MODEL(ENTRY)
int32_t ENTRY(const float *x, float *y);

int32_t ENTRY(const float *x, float *y) {
  if (!x || !y)
    return COMPRESS_ERROR_NULL_BUFFER;
  for (int i = 0; i < 1 * 3 * 4 * 5; ++i)
    y[i] = 2.0f * x[i] + 1.0f;
  return COMPRESS_OK;
}

int32_t CONCAT(ENTRY, _packed)(void **buffers) {
  return ENTRY((const float *)buffers[0], (float *)buffers[1]);
}

const char *CONCAT(ENTRY, _info)(void) {
  return "{\"entry\":\"" STR(ENTRY) "\","
                                    "\"inputs\":[{\"name\":\"x\",\"dtype\":"
                                    "\"float32\",\"shape\":[1,3,4,5]}],"
                                    "\"outputs\":[{\"name\":\"y\",\"dtype\":"
                                    "\"float32\",\"shape\":[1,3,4,5]}]}";
}
