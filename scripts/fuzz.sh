#!/usr/bin/env bash
# Builds the libFuzzer targets (build-fuzz, -DCOMPRESS_ENABLE_FUZZERS=ON: ASan + UBSan +
# libFuzzer, see fuzz/) and runs each for a bounded time, one after another on one core.
#   scripts/fuzz.sh [SECONDS] [TARGET...]   SECONDS per target (default 600); TARGETs default
#                                           to all four: fuzz-onnx-import fuzz-npy
#                                           fuzz-tensorproto fuzz-compress-opt
#   scripts/fuzz.sh --minimize TARGET CRASH_FILE   writes CRASH_FILE.min (smallest input
#                                           that still fails the same way)
# Seeds come from the tests (fuzz/collect-corpus.py) into build-fuzz/fuzz/seeds.PID/TARGET (one
# folder per invocation, removed at exit, so two invocations can run side by side); the
# corpus grows in build-fuzz/fuzz/corpus/TARGET across runs; findings are saved as
# build-fuzz/fuzz/findings/TARGET/{crash,timeout,oom,leak}-<sha1>, and the run goes on after
# one (fork mode, -ignore_crashes). The last line per target, also appended to
# build-fuzz/fuzz/summary.txt: executions, exec/s, coverage (cov = edges, ft = features),
# duration, findings. Env: FUZZ_BUILD (build dir), FUZZ_RSS_MB (4096), FUZZ_TIMEOUT (30 s
# per input), FUZZ_JOBS (ninja -j, 2), FUZZ_SKIP_BUILD=1 (use the built targets as they are).
set -uo pipefail
if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
  sed -n '2,/^set -uo pipefail/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
  exit 0
fi
here=$(cd "$(dirname "$0")/.." && pwd)
build="${FUZZ_BUILD:-$here/build-fuzz}"
all_targets=(fuzz-onnx-import fuzz-npy fuzz-tensorproto fuzz-compress-opt)
export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-22/bin/llvm-symbolizer
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# No user poisoning: LLVM's allocator headers, inlined into our instrumented code, poison memory
# that the uninstrumented libMLIR then uses (a false use-after-poison; docs/reliability.md).
export ASAN_OPTIONS="allow_user_poisoning=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"

build_targets() {
  [ "${FUZZ_SKIP_BUILD:-0}" = 1 ] && return 0
  # First time: configure (and build everything, instrumented tools included) with build.sh.
  [ -f "$build/build.ninja" ] || nice -n 10 "$here/scripts/build.sh" "$build" \
    -DCOMPRESS_ENABLE_FUZZERS=ON || exit 1
  CCACHE_BASEDIR="$here" nice -n 10 ninja -C "$build" -j "${FUZZ_JOBS:-2}" "$@" || exit 1
}

if [ "${1:-}" = "--minimize" ]; then
  target=$2 crash=$3
  build_targets "$target"
  "$build/bin/$target" -minimize_crash=1 -runs=20000 -timeout="${FUZZ_TIMEOUT:-30}" \
    -rss_limit_mb="${FUZZ_RSS_MB:-4096}" -exact_artifact_path="$crash.min" "$crash"
  ls -l "$crash.min"
  exit 0
fi

secs="${1:-600}"; shift || true
targets=("$@"); [ ${#targets[@]} = 0 ] && targets=("${all_targets[@]}")
build_targets "${targets[@]}"
seeds="$build/fuzz/seeds.$$"
trap 'rm -rf "$seeds"' EXIT
/usr/bin/python3 "$here/fuzz/collect-corpus.py" "$seeds" || exit 1

status=0
for t in "${targets[@]}"; do
  corpus="$build/fuzz/corpus/$t" findings="$build/fuzz/findings/$t" log="$build/fuzz/$t.log"
  mkdir -p "$corpus" "$findings"
  echo "== $t: ${secs}s"
  start=$(date +%s)
  "$build/bin/$t" "$corpus" "$seeds/$t" \
    -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -max_total_time="$secs" -rss_limit_mb="${FUZZ_RSS_MB:-4096}" -timeout="${FUZZ_TIMEOUT:-30}" \
    -max_len=65536 -artifact_prefix="$findings/" -print_final_stats=1 >"$log" 2>&1
  rc=$?
  dur=$(( $(date +%s) - start ))
  # fork mode prints '#EXECS: cov: C ft: F corp: N exec/s: R oom/timeout/crash: a/b/c time: Ts'
  last=$(grep -E '^#[0-9]+: cov:' "$log" | tail -1)
  nfind=$(find "$findings" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' \
          -o -name 'oom-*' -o -name 'leak-*' \) | wc -l)
  line="$t: $(date -u +%F) ${dur}s ${last:-no stats (see $log)}; findings: $nfind file(s) in $findings"
  echo "$line" | tee -a "$build/fuzz/summary.txt"
  [ "$nfind" = 0 ] || status=1
  [ $rc = 0 ] || [ "$nfind" != 0 ] || { echo "$t exited $rc (see $log)"; status=1; }
done
exit $status
