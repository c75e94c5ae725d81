/* Calls a compiled model (entry 'model', one float input, one float output; its
 * header is included with -include) concurrently: a serial reference at 1 thread,
 * then at the default thread count from 2 pthreads at once (each call also runs its
 * own OpenMP team), then from inside an OpenMP parallel region of the caller (the
 * model must then run on the calling thread alone). Every output must equal the
 * reference bit for bit. Prints one line per check; exit 1 on any mismatch. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { kIn = MODEL_INPUT0_NUM_ELEMENTS, kOut = MODEL_OUTPUT0_NUM_ELEMENTS, kCalls = 20 };
static float input[kIn], reference[kOut];
static int failures;

static void check(const float *out, const char *what) {
  if (memcmp(out, reference, sizeof reference) != 0) {
    __atomic_add_fetch(&failures, 1, __ATOMIC_SEQ_CST);
    fprintf(stderr, "%s: output differs from the serial call\n", what);
  }
}

static void *worker(void *arg) {
  float *out = malloc(sizeof reference);
  for (int i = 0; i < kCalls; ++i) {
    memset(out, 0xff, sizeof reference);
    if (model(input, out) != 0)
      __atomic_add_fetch(&failures, 1, __ATOMIC_SEQ_CST);
    check(out, (const char *)arg);
  }
  free(out);
  return NULL;
}

int main(int argc, char **argv) {
  for (int i = 0; i < kIn; ++i)
    input[i] = (float)((i * 7919) % 1000) / 500.0f - 1.0f;
  if (model_set_num_threads(1) != 0 || model_get_num_threads() != 1 ||
      model(input, reference) != 0)
    return 1;
  /* Out of range: refused, nothing changed. */
  if (model_set_num_threads(-1) != -1 || model_set_num_threads(1025) != -1 ||
      model_get_num_threads() != 1)
    return 1;
  int threads = argc > 1 ? atoi(argv[1]) : 0;
  model_set_num_threads(threads);
  printf("threads per call: %d\n", model_get_num_threads());

  pthread_t a, b;
  pthread_create(&a, NULL, worker, "pthread a");
  pthread_create(&b, NULL, worker, "pthread b");
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("two pthreads: %s\n", failures ? "MISMATCH" : "identical");

  int before = failures;
#pragma omp parallel num_threads(2)
  worker("omp thread");
  printf("inside an OpenMP region: %s\n", failures != before ? "MISMATCH" : "identical");
  return failures != 0;
}
