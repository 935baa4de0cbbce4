#!/usr/bin/env bash
# Installs what torchts needs on a fresh Debian 12 machine (as root), then builds it:
# Debian's libtorch-dev, python3-torch and python3-torchvision when missing, npm ci, the native addon, the TypeScript.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
node scripts/find_libtorch.js --summary >/dev/null 2>&1 || need_apt+=(libtorch-dev)
/usr/bin/python3 -c "import torch" >/dev/null 2>&1 || need_apt+=(python3-torch)
command -v xz >/dev/null 2>&1 || need_apt+=(xz-utils)
command -v cmake >/dev/null 2>&1 || need_apt+=(cmake)
command -v g++ >/dev/null 2>&1 || need_apt+=(g++)
command -v make >/dev/null 2>&1 || need_apt+=(make)
command -v clang-format >/dev/null 2>&1 || need_apt+=(clang-format)
[ -f /usr/include/jpeglib.h ] || need_apt+=(libjpeg-dev)
[ -f /usr/include/gloo/rendezvous/store.h ] || need_apt+=(libgloo-dev)
/usr/bin/python3 -c "import PIL" >/dev/null 2>&1 || need_apt+=(python3-pil)
# torchvision 0.14 (Debian's, on the same torch): the data tests compare transforms and pipelines with it.
/usr/bin/python3 -c "import torchvision" >/dev/null 2>&1 || need_apt+=(python3-torchvision)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing ${need_apt[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
node scripts/find_libtorch.js --summary

[ -d node_modules/.bin ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund
# prebuildify (node-gyp over binding.gyp) builds the addon into prebuilds/<platform>-<arch>/, where
# node-gyp-build loads it from and the package ships it. It is rebuilt only when the sources, the build
# files or the libtorch changed; a failed build removes the old binary and stops setup.
mkdir -p .out
stamp="$( (find native -type f | LC_ALL=C sort | xargs cat; cat binding.gyp scripts/find_libtorch.js package-lock.json; node scripts/find_libtorch.js --json) | sha256sum | cut -c1-16)"
if ls prebuilds/*/*.node >/dev/null 2>&1 && [ "$(cat .out/native.stamp 2>/dev/null)" = "$stamp" ]; then
  echo "setup: native addon up to date"
else
  rm -rf prebuilds build .out/native.stamp
  if ! npm run --silent build:prebuild > .out/native-build.log 2>&1; then
    grep -E "error|Error" .out/native-build.log | head -40
    echo "setup: native build failed (full log: .out/native-build.log)"
    exit 1
  fi
  ls prebuilds/*/*.node >/dev/null 2>&1 || { echo "setup: native build made no addon"; exit 1; }
  node scripts/write_manifest.js torchts.glibc.node
  echo "$stamp" > .out/native.stamp
fi
npm run --silent build:ts
echo "setup: done"
