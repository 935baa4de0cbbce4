#!/usr/bin/env bash
# Compiles native/*.cc with CUDA enabled (TORCHTS_WITH_CUDA=1), syntax only, on a machine without a
# GPU: against Debian's libtorch 1.13 headers (installed) and libtorch 2.6 headers (Debian trixie's
# libtorch-dev), with the CUDA runtime headers of Debian's nvidia-cuda-dev (non-free). The packages
# are downloaded and unpacked under $TORCHTS_CUDA_HEADERS (default ~/.cache/torchts-cuda-headers);
# nothing is installed and the system's apt configuration is left alone. Catches compile errors in
# the CUDA code paths before a GPU session spends its minutes on them. Not part of CI (about 800 MB).
set -euo pipefail
cd "$(dirname "$0")/.."
C=${TORCHTS_CUDA_HEADERS:-$HOME/.cache/torchts-cuda-headers}

if [ ! -e "$C/.done" ]; then
  rm -rf "$C" && mkdir -p "$C/apt/lists/partial" "$C/apt/cache/archives/partial" "$C/debs" "$C/cuda" "$C/torch26" "$C/stub/c10/cuda/impl"
  key=/usr/share/keyrings/debian-archive-keyring.gpg
  cat > "$C/apt/sources.list" <<EOF
deb [signed-by=$key] http://deb.debian.org/debian trixie main
deb [signed-by=$key] http://deb.debian.org/debian bookworm contrib non-free
EOF
  APT=(-o "Dir::Etc::sourcelist=$C/apt/sources.list" -o "Dir::Etc::sourceparts=-" -o "Dir::State::Lists=$C/apt/lists" -o "Dir::Cache=$C/apt/cache" -o "APT::Sandbox::User=root")
  apt-get "${APT[@]}" update -qq
  (cd "$C/debs" && apt-get "${APT[@]}" download libtorch-dev/trixie nvidia-cuda-dev/bookworm)
  dpkg-deb --fsys-tarfile "$C"/debs/nvidia-cuda-dev_*.deb | tar -x -C "$C/cuda" --wildcards './usr/include/*'
  dpkg-deb -x "$C"/debs/libtorch-dev_*.deb "$C/torch26"
  rm -rf "$C/debs" "$C/apt/cache"
  # A file CMake generates in a CUDA build of libtorch; the header packages do not ship it.
  printf '#pragma once\n#define C10_CUDA_BUILD_SHARED_LIBS\n' > "$C/stub/c10/cuda/impl/cuda_cmake_macros.h"
  touch "$C/.done"
fi

NAPI=$(node -p "require('node-addon-api').include_dir")
NH=$(node -p "require('node-api-headers').include_dir")
check() {  # label, include dirs...
  local label=$1; shift
  local inc=()
  for d in "$@"; do inc+=(-I"$d"); done
  local failed=0
  for f in native/*.cc; do
    if ! g++ -std=c++17 -fsyntax-only -DTORCHTS_WITH_CUDA=1 -D_GLIBCXX_USE_CXX11_ABI=1 -DNAPI_VERSION=8 -DNAPI_CPP_EXCEPTIONS \
        -I"$NAPI" -I"$NH" "${inc[@]}" -isystem "$C/cuda/usr/include" -isystem "$C/stub" -Wno-deprecated-declarations "$f"; then
      echo "FAIL ($label) $f"; failed=1
    fi
  done
  echo "libtorch $label with CUDA: $([ $failed = 0 ] && echo compiles || echo FAILS)"
  return $failed
}
rc=0
check 1.13 /usr/include/torch/csrc/api/include || rc=1
check 2.6 "$C/torch26/usr/include" "$C/torch26/usr/include/torch/csrc/api/include" || rc=1
exit $rc
