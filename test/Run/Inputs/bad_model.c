// Broken models, one per -DCASE_*; each must give compress-run a clean error.
// Signature when valid: x (2x3) -> y (2x3), y = x.
#include "compress/Runtime/CompressModel.h"

#include <stddef.h>

#define IO_OK                                                                  \
  "\"inputs\":[{\"name\":\"x\",\"dtype\":\"float32\",\"shape\":[2,3]}],"       \
  "\"outputs\":[{\"name\":\"y\",\"dtype\":\"float32\",\"shape\":[2,3]}]"

#if defined(CASE_MALFORMED_JSON)
#define INFO "{\"entry\":\"model\",\"inputs\":["
#elif defined(CASE_WRONG_DTYPE)
#define INFO                                                                   \
  "{\"entry\":\"model\",\"inputs\":[{\"name\":\"x\",\"dtype\":\"complex64\","  \
  "\"shape\":[2,3]}],\"outputs\":[]}"
#elif defined(CASE_NEGATIVE_DIM)
#define INFO                                                                   \
  "{\"entry\":\"model\",\"inputs\":[],\"outputs\":[{\"name\":\"y\",\"dtype\":" \
  "\"float32\",\"shape\":[2,-3]}]}"
#elif defined(CASE_HUGE_DIMS)
#define INFO                                                                   \
  "{\"entry\":\"model\",\"inputs\":[],\"outputs\":[{\"name\":\"y\",\"dtype\":" \
  "\"float32\",\"shape\":[4294967296,4294967296,16]}]}"
#elif defined(CASE_FRACTIONAL_DIM)
#define INFO                                                                   \
  "{\"entry\":\"model\",\"inputs\":[{\"name\":\"x\",\"dtype\":\"float32\","    \
  "\"shape\":[2,1.5]}],\"outputs\":[]}"
#elif defined(CASE_MISSING_OUTPUTS)
#define INFO "{\"entry\":\"model\",\"inputs\":[]}"
#elif defined(CASE_ENTRY_MISMATCH)
#define INFO "{\"entry\":\"other\"," IO_OK "}"
#else
#define INFO "{\"entry\":\"model\"," IO_OK "}"
#endif

#if defined(CASE_UNRESOLVED)
extern void compress_test_undefined_function(void);
#endif

#if !defined(CASE_NO_PACKED)
int32_t model_packed(void **buffers) {
  const float *x = (const float *)buffers[0];
  float *y = (float *)buffers[1];
#if defined(CASE_UNRESOLVED)
  compress_test_undefined_function();
#endif
#if defined(CASE_ERROR_CODE)
  (void)x, (void)y;
  return COMPRESS_ERROR_INVALID_INPUT;
#else
  // CASE_PARTIAL leaves the last element unwritten.
#if defined(CASE_PARTIAL)
  int n = 5;
#else
  int n = 6;
#endif
  for (int i = 0; i < n; ++i)
    y[i] = x[i];
  return COMPRESS_OK;
#endif
}
#else
// Another entry, so the error can list what the library does export.
int32_t other_packed(void **buffers) { return buffers ? 0 : 1; }
const char *other_info(void) { return "{}"; }
#endif

const char *model_info(void) {
#if defined(CASE_NULL_INFO)
  return NULL;
#else
  return INFO;
#endif
}
