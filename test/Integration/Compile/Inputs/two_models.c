// Loads two compiled models that export the same entry name ("model") into one
// process with RTLD_GLOBAL, and calls each through its own model_packed. Each must
// run its own code: inside a library, model_packed -> model -> model_impl bind
// locally (linked with -Bsymbolic), not to the first library's `model`.
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>

typedef int32_t (*packed_t)(void **);

static void run(const char *lib) {
  void *h = dlopen(lib, RTLD_NOW | RTLD_GLOBAL);
  if (!h) {
    printf("dlopen failed: %s\n", dlerror());
    return;
  }
  packed_t f = (packed_t)dlsym(h, "model_packed");
  float x[4] = {1, 2, 3, 4}, y[4] = {0, 0, 0, 0};
  void *bufs[2] = {x, y};
  int rc = f(bufs);
  printf("rc=%d y=%g %g %g %g\n", rc, y[0], y[1], y[2], y[3]);
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; ++i)
    run(argv[i]);
  return 0;
}
