#!/usr/bin/env bash
# One-time, idempotent set-up of a Debian 12 machine for compress: toolchain, libraries,
# Node.js packages for the reference runtime (ONNX Runtime), and the configured build tree.
# Usage: scripts/setup.sh [--no-build]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

pkgs=(llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools clang-22 lld-22 libomp-22-dev
      ninja-build ccache cmake g++ libonnx-dev libonnx-testdata libprotobuf-dev protobuf-compiler
      libeigen3-dev libgtest-dev googletest imagemagick fonts-dejavu-core python3 python3-onnx python3-numpy
      python3-torchvision dataset-fashion-mnist)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm: any installation will do (NodeSource's nodejs bundles npm and conflicts
# with Debian's npm package), so look for the commands, not for Debian's packages.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "[setup] installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Reference runtime (ONNX Runtime CPU) for the oracle; --ignore-scripts: its install script
# downloads GPU binaries from elsewhere, the CPU library is inside the package.
if [ ! -d "$here/tools/oracle/node_modules/onnxruntime-node" ]; then
  echo "[setup] installing onnxruntime-node (npm)"
  # One retry: npm's cache can fail transiently (e.g. "tarball seems to be corrupted" while
  # another npm runs); its own error is shown, not hidden by --silent.
  (cd "$here/tools/oracle" && { npm install --ignore-scripts --no-audit --no-fund --loglevel=error ||
    { echo "[setup] npm install failed; retrying once"; npm install --ignore-scripts --no-audit \
        --no-fund --loglevel=error; }; }) ||
    { echo "[setup] npm install of tools/oracle failed (see the npm error above)"; exit 1; }
fi

if [ "${1:-}" != "--no-build" ]; then
  "$here/scripts/build.sh"
fi
