// Hand-written ONNX backend node models on the 3x4x5 test data of
// /usr/share/libonnx-testdata/data/node/test_{add,relu}: -DOP_ADD, -DOP_RELU,
// or -DOP_WRONG_ADD (x + y + 1e-3, to see --compare fail).
#include "compress/Runtime/CompressModel.h"

#define N (3 * 4 * 5)
#define SPEC(name)                                                             \
  "{\"name\":\"" name "\",\"dtype\":\"float32\",\"shape\":[3,4,5]}"

#if defined(OP_RELU)
int32_t model_packed(void **buffers) {
  const float *x = (const float *)buffers[0];
  float *y = (float *)buffers[1];
  for (int i = 0; i < N; ++i)
    y[i] = x[i] > 0.0f ? x[i] : 0.0f;
  return COMPRESS_OK;
}
const char *model_info(void) {
  return "{\"entry\":\"model\",\"inputs\":[" SPEC("x") "],\"outputs\":[" SPEC(
      "y") "]}";
}
#else
int32_t model_packed(void **buffers) {
  const float *x = (const float *)buffers[0], *y = (const float *)buffers[1];
  float *sum = (float *)buffers[2];
  for (int i = 0; i < N; ++i)
#if defined(OP_WRONG_ADD)
    sum[i] = x[i] + y[i] + (i == 17 ? 1e-3f : 0.0f);
#else
    sum[i] = x[i] + y[i];
#endif
  return COMPRESS_OK;
}
const char *model_info(void) {
  return "{\"entry\":\"model\",\"inputs\":[" SPEC("x") "," SPEC(
      "y") "],\"outputs\":[" SPEC("sum") "]}";
}
#endif
