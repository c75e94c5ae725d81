/* Calls the dtypes_range.mlir model through its generated
 * header (typed pointers) and prints the return codes of E and E_packed. */
#include "librange.h"

#include <stdio.h>

int main(void) {
  MODEL_INPUT0_ELEMENT_TYPE a[3] = {16777216, -16777216, 3};
  MODEL_INPUT1_ELEMENT_TYPE b[3] = {16777216, 0, 5};
  float y[3];
  printf("ok %d\n", model(a, b, y));
  a[1] = -16777217;
  printf("int64 below %d\n", model(a, b, y));
  a[1] = 0;
  b[2] = 4294967295u;
  void *buffers[] = {a, b, y};
  printf("uint32 max %d\n", model_packed(buffers));
  printf("null %d\n", model(a, 0, y));
  return 0;
}
