#!/usr/bin/env bash
# Installs what torchts needs on a fresh Debian 12 machine (as root), then builds it:
# Debian's libtorch-dev and python3-torch when missing, npm ci, the native addon, the TypeScript.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
node scripts/find-libtorch.js --summary >/dev/null 2>&1 || need_apt+=(libtorch-dev)
/usr/bin/python3 -c "import torch" >/dev/null 2>&1 || need_apt+=(python3-torch)
command -v xz >/dev/null 2>&1 || need_apt+=(xz-utils)
command -v cmake >/dev/null 2>&1 || need_apt+=(cmake)
command -v g++ >/dev/null 2>&1 || need_apt+=(g++)
command -v make >/dev/null 2>&1 || need_apt+=(make)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing ${need_apt[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
node scripts/find-libtorch.js --summary

[ -d node_modules/.bin ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund
# prebuildify (node-gyp over binding.gyp) makes build/Release and the prebuild that the package ships.
npm run --silent prebuild 2>&1 | grep -E " error|Error" || true
# prebuildify moves the addon into prebuilds/<platform>-<arch>/, where node-gyp-build loads it from.
ls prebuilds/*/*.node >/dev/null 2>&1 || { echo "setup: native build failed"; exit 1; }
npm run --silent build:ts
echo "setup: done"
