/*===- ThreadRuntime.c - thread count of a compiled model's parallel loops -===*
 *
 * Compiled into every model library by compress-compile (linkSharedLibrary, with
 * -DCOMPRESS_ENTRY=<entry> -fvisibility=hidden), and into build/lib/libcompress_rt.so
 * (COMPRESS_ENTRY=compress_test) for the mlir-runner tests. The generated code calls
 * compress_rt_parallel_begin/end around each OpenMP parallel region (the pass
 * compress-omp-thread-count); the model's C header declares the two ABI calls
 * E_set_num_threads and E_get_num_threads. docs/design.md ("Threads") describes the
 * rules; in short:
 *
 *  - N, the thread count of a call: E_set_num_threads(n) when n > 0 was called;
 *    else COMPRESS_NUM_THREADS when it is a valid count; else the cores the
 *    process may run on (sched_getaffinity), read once.
 *  - COMPRESS_NUM_THREADS is valid when it is a decimal integer in [1, 1024], with
 *    optional surrounding blanks; any other value (empty, 0, negative, not a number,
 *    trailing characters, too large) is ignored: the default applies. It is read
 *    once, at the first parallel region or E_get_num_threads call.
 *  - No oversubscription: a region started while the calling thread is already
 *    inside an OpenMP parallel region runs on that thread alone; otherwise it uses
 *    max(1, N / R) threads, R = the regions of this library running at that moment
 *    (itself included), and never more threads than it has iterations.
 *  - The caller's OpenMP settings (omp_set_num_threads, OMP_NUM_THREADS) are not
 *    used or changed: the count is the num_threads clause of each region.
 *
 * No '@' in this file: CMake embeds it with configure_file(@ONLY).
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#ifndef COMPRESS_ENTRY
#error "compile with -DCOMPRESS_ENTRY=<the model's entry name>"
#endif
#define COMPRESS_CAT2(a, b) a##b
#define COMPRESS_CAT(a, b) COMPRESS_CAT2(a, b)
#define COMPRESS_EXPORT __attribute__((visibility("default")))

/* Weak: a library whose code has no parallel region does not need libomp. */
extern int omp_in_parallel(void) __attribute__((weak));

enum { kMaxThreads = 1024 };

static int requestedThreads;    /* E_set_num_threads; 0 = default */
static int defaultThreads;      /* 0 = not computed yet */
static int regionsInFlight;

/* The value of COMPRESS_NUM_THREADS when valid (see above), else 0. */
static int parseThreadCount(const char *text) {
  if (!text)
    return 0;
  while (isspace((unsigned char)*text))
    ++text;
  if (!isdigit((unsigned char)*text))
    return 0;
  errno = 0;
  char *end;
  long value = strtol(text, &end, 10);
  while (isspace((unsigned char)*end))
    ++end;
  if (errno || *end || value < 1 || value > kMaxThreads)
    return 0;
  return (int)value;
}

static int availableCores(void) {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    int n = CPU_COUNT(&set);
    if (n > 0)
      return n;
  }
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? (int)(n < kMaxThreads ? n : kMaxThreads) : 1;
}

static int threadCount(void) {
  int requested = __atomic_load_n(&requestedThreads, __ATOMIC_RELAXED);
  if (requested > 0)
    return requested;
  int n = __atomic_load_n(&defaultThreads, __ATOMIC_RELAXED);
  if (n == 0) {
    n = parseThreadCount(getenv("COMPRESS_NUM_THREADS"));
    if (n == 0)
      n = availableCores();
    __atomic_store_n(&defaultThreads, n, __ATOMIC_RELAXED);
  }
  return n;
}

int32_t compress_rt_parallel_begin(int64_t iterations) {
  int inFlight = __atomic_add_fetch(&regionsInFlight, 1, __ATOMIC_SEQ_CST);
  if (omp_in_parallel && omp_in_parallel())
    return 1;
  int n = threadCount() / inFlight;
  if (n < 1)
    n = 1;
  if (iterations < n)
    n = iterations < 1 ? 1 : (int)iterations;
  return n;
}

void compress_rt_parallel_end(void) {
  __atomic_sub_fetch(&regionsInFlight, 1, __ATOMIC_SEQ_CST);
}

/* int32_t E_set_num_threads(int32_t n): n threads per call from now on (process-wide
 * for this library); 0 restores the default. Returns 0, or -1 (and changes nothing)
 * when n < 0 or n > 1024. */
COMPRESS_EXPORT int32_t COMPRESS_CAT(COMPRESS_ENTRY, _set_num_threads)(int32_t n) {
  if (n < 0 || n > kMaxThreads)
    return -1;
  __atomic_store_n(&requestedThreads, n, __ATOMIC_RELAXED);
  return 0;
}

/* int32_t E_get_num_threads(void): the threads a call uses when no other call of this
 * library runs at the same time (layers below the size threshold always use one). */
COMPRESS_EXPORT int32_t COMPRESS_CAT(COMPRESS_ENTRY, _get_num_threads)(void) {
  return threadCount();
}
