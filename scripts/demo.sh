#!/usr/bin/env bash
# README command one: set-up (idempotent) + build, then the real-input demo on the PaddleOCR
# text-direction classifier (scripts/demo.py; extra arguments are passed on to it).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/setup.sh"
exec /usr/bin/python3 "$here/scripts/demo.py" "$@"
