#!/usr/bin/env bash
# Compares two builds of compress (e.g. before and after a refactoring) on the demo model:
# compiles PaddleOCR's text-direction classifier with each build, dense and with every
# compression method, runs the compiled libraries on the same inputs, and checks that the
# outputs are bit-identical (byte-for-byte equal .npy files) and that the per-layer reports
# (JSON) agree (a report difference is shown, not an error). Prints each build's compile time per variant.
# Usage: scripts/compare-builds.sh BUILD_BEFORE BUILD_AFTER   (exits 1 on any difference)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
before=$(cd "$1" && pwd); after=$(cd "$2" && pwd)
models=$("$here/scripts/fetch-models.sh")
model="$models/ch_ppocr_mobile_v2.0_cls_infer.onnx"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

# Three inputs in the model's layout (1x3x48x192, values in [-1, 1]), fixed seed.
/usr/bin/python3 - "$work" <<'PY'
import numpy as np, sys
rng = np.random.default_rng(20261205)
for i in range(3):
    np.save(f"{sys.argv[1]}/in{i}.npy", rng.uniform(-1, 1, (1, 3, 48, 192)).astype(np.float32))
PY

variants=(
  "dense="
  "codebook8=--codebook-bits=8"
  "codebook4pc=--codebook-bits=4 --codebook-per-channel"
  "codebook3pp=--codebook-bits=3 --codebook-init=kmeans++"
  "lowrank=--lowrank-energy=0.95"
  "prune=--prune-sparsity=0.9"
  "filters=--prune-filters=0.25 --prune-criterion=l2"
  "binary=--binarize-layers=p2o.Conv.5,p2o.Conv.8"
)
status=0
for v in "${variants[@]}"; do
  name=${v%%=*}; flags=${v#*=}
  for side in before after; do
    build=${!side}
    start=$(date +%s.%N)
    # shellcheck disable=SC2086
    "$build/bin/compress-compile" "$model" --input-shape x=1,3,48,192 $flags \
      --report=json -o "$work/$side-$name.so" > "$work/$side-$name.json"
    end=$(date +%s.%N)
    printf '%-12s %-6s compile %6.2f s\n' "$name" "$side" "$(echo "$end - $start" | bc)"
    for i in 0 1 2; do
      "$build/bin/compress-run" "$work/$side-$name.so" "$work/in$i.npy" \
        -o "$work/$side-$name-out$i.npy" >/dev/null
    done
  done
  for i in 0 1 2; do
    if ! cmp -s "$work/before-$name-out$i.npy" "$work/after-$name-out$i.npy"; then
      echo "DIFFERENT: $name output for input $i"; status=1
    fi
  done
  if ! cmp -s "$work/before-$name.json" "$work/after-$name.json"; then
    # Informative only: a change may correct a report (e.g. names, rows per layer).
    echo "note: $name report differs:"; diff "$work/before-$name.json" "$work/after-$name.json" | head -20 || true
  fi
done
[ $status = 0 ] && echo "bit-identical: ${#variants[@]} variants x 3 inputs"
exit $status
