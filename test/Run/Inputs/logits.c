// A hand-written model implementing the compress ABI whose output is logits:
//   x: 2x4 float32  ->  "logits" = 3·x, of type ELEM ("float32" by default) and shape
//   OUT_SHAPE ([2,4]; "[]" with -DSCALAR keeps only x[0]).
// Variants (-DELEM=double -DELEM_NAME=\"float64\", int32_t/"int32", -DSCALAR) test
// compress-run --softmax-temperature's dtype and rank checks.
#include "compress/Runtime/CompressModel.h"

#ifndef ELEM
#define ELEM float
#define ELEM_NAME "float32"
#endif
#ifdef SCALAR
#define OUT_SHAPE "[]"
#define OUT_COUNT 1
#else
#define OUT_SHAPE "[2,4]"
#define OUT_COUNT 8
#endif

COMPRESS_DECLARE_MODEL(model)
int32_t model(const float *x, ELEM *logits);

int32_t model(const float *x, ELEM *logits) {
  for (int i = 0; i < OUT_COUNT; ++i)
    logits[i] = (ELEM)(3 * x[i]);
  return COMPRESS_OK;
}

int32_t model_packed(void **buffers) {
  return model((const float *)buffers[0], (ELEM *)buffers[1]);
}

const char *model_info(void) {
  return "{\"entry\":\"model\",\"inputs\":["
         "{\"name\":\"x\",\"dtype\":\"float32\",\"shape\":[2,4]}],"
         "\"outputs\":["
         "{\"name\":\"logits\",\"dtype\":\"" ELEM_NAME "\",\"shape\":" OUT_SHAPE "}]}";
}
