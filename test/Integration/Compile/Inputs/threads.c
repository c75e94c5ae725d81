/* Calls a compiled model from two threads at once and checks every result equals the
 * sequential result for the same input, bit for bit (the ABI promises re-entrancy). */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include MODEL_HEADER

enum { IN = MODEL_INPUT0_NUM_ELEMENTS, OUT = MODEL_OUTPUT0_NUM_ELEMENTS, CALLS = 200 };
static float inputs[2][IN], expected[2][OUT];
static int mismatches[2];

static void *worker(void *arg) {
  int t = (int)(long)arg;
  float out[OUT];
  for (int i = 0; i < CALLS; ++i) {
    for (int j = 0; j < OUT; ++j) out[j] = NAN;
    if (model(inputs[t], out) != 0 || memcmp(out, expected[t], sizeof out) != 0) ++mismatches[t];
  }
  return NULL;
}

int main(void) {
  for (int t = 0; t < 2; ++t) {
    for (int j = 0; j < IN; ++j) inputs[t][j] = (float)((j * (t + 3)) % 17) / 8.0f - 1.0f;
    if (model(inputs[t], expected[t]) != 0) { printf("sequential call failed\n"); return 1; }
  }
  if (memcmp(expected[0], expected[1], sizeof expected[0]) == 0) {
    printf("inputs do not discriminate\n");
    return 1;
  }
  pthread_t threads[2];
  for (long t = 0; t < 2; ++t) pthread_create(&threads[t], NULL, worker, (void *)t);
  for (int t = 0; t < 2; ++t) pthread_join(threads[t], NULL);
  printf("mismatches: %d %d\n", mismatches[0], mismatches[1]);
  return mismatches[0] + mismatches[1] != 0;
}
