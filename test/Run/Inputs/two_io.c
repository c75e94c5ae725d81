// A hand-written two-input, two-output model implementing the compress ABI:
//   a: 2x3, b: 3  ->  "out/sum:0" = a + b (2x3),  "colmax" = max_i a[i]*b (3).
// The output name with '/' and ':' exercises file-name sanitizing.
#include "compress/Runtime/CompressModel.h"

COMPRESS_DECLARE_MODEL(model)
int32_t model(const float *a, const float *b, float *sum, float *colmax);

int32_t model(const float *a, const float *b, float *sum, float *colmax) {
  for (int j = 0; j < 3; ++j) {
    float best = a[j] * b[j];
    for (int i = 0; i < 2; ++i) {
      sum[i * 3 + j] = a[i * 3 + j] + b[j];
      float p = a[i * 3 + j] * b[j];
      best = p > best ? p : best;
    }
    colmax[j] = best;
  }
  return COMPRESS_OK;
}

int32_t model_packed(void **buffers) {
  return model((const float *)buffers[0], (const float *)buffers[1],
               (float *)buffers[2], (float *)buffers[3]);
}

const char *model_info(void) {
  return "{\"entry\":\"model\",\"inputs\":["
         "{\"name\":\"a\",\"dtype\":\"float32\",\"shape\":[2,3]},"
         "{\"name\":\"b\",\"dtype\":\"float32\",\"shape\":[3]}],"
         "\"outputs\":["
         "{\"name\":\"out/sum:0\",\"dtype\":\"float32\",\"shape\":[2,3]},"
         "{\"name\":\"colmax\",\"dtype\":\"float32\",\"shape\":[3]}]}";
}
