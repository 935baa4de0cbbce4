#!/usr/bin/env bash
# Fills .gpu/ (git-ignored, carried to the GPU machine) with what scripts/gpu_check.sh needs there:
# the Node binary and data from ../shared, and the few node_modules the run loads. Builds dist/ first.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
rm -rf .gpu && mkdir -p .gpu/node_modules
cp "$SHARED/gpu/node-v20.20.2-linux-x64.xz" "$SHARED/datasets/cifar10-jpeg.tar.xz" .gpu/
for m in node-gyp-build jpeg-js pngjs node-addon-api node-api-headers; do cp -r "node_modules/$m" .gpu/node_modules/; done
# The last GPU runs' parity results: scripts/gpu_check.sh runs what failed there first.
mkdir -p .gpu/prev-parity && cp bench/results/gpu-*-parity*.json .gpu/prev-parity/ 2>/dev/null || true
npx tsc -p tsconfig.json
du -sh .gpu dist
