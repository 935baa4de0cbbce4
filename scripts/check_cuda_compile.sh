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

key=/usr/share/keyrings/debian-archive-keyring.gpg
APT=(-o "Dir::Etc::sourcelist=$C/apt/sources.list" -o "Dir::Etc::sourceparts=-" -o "Dir::State::Lists=$C/apt/lists" -o "Dir::Cache=$C/apt/cache" -o "APT::Sandbox::User=root")
if [ ! -e "$C/.done" ]; then
  rm -rf "$C" && mkdir -p "$C/apt/lists/partial" "$C/apt/cache/archives/partial" "$C/debs" "$C/cuda" "$C/torch26" "$C/stub/c10/cuda/impl"
  cat > "$C/apt/sources.list" <<EOF
deb [signed-by=$key] http://deb.debian.org/debian trixie main
deb [signed-by=$key] http://deb.debian.org/debian bookworm contrib non-free
EOF
  apt-get "${APT[@]}" update -qq
  (cd "$C/debs" && apt-get "${APT[@]}" download libtorch-dev/trixie nvidia-cuda-dev/bookworm)
  dpkg-deb --fsys-tarfile "$C"/debs/nvidia-cuda-dev_*.deb | tar -x -C "$C/cuda" --wildcards './usr/include/*'
  dpkg-deb -x "$C"/debs/libtorch-dev_*.deb "$C/torch26"
  rm -rf "$C/debs" "$C/apt/cache"
  # A file CMake generates in a CUDA build of libtorch; the header packages do not ship it.
  printf '#pragma once\n#define C10_CUDA_BUILD_SHARED_LIBS\n' > "$C/stub/c10/cuda/impl/cuda_cmake_macros.h"
  touch "$C/.done"
fi
# Gloo's headers of trixie (the ones 2.6's ProcessGroupGloo.hpp was built with), for c10d.
if [ ! -e "$C/torch26/usr/include/gloo" ]; then
  mkdir -p "$C/debs" "$C/apt/cache/archives/partial" && (cd "$C/debs" && apt-get "${APT[@]}" download libgloo-dev/trixie)
  dpkg-deb -x "$C"/debs/libgloo-dev_*.deb "$C/torch26" && rm -rf "$C/debs"
fi

NAPI=$(node -p "require('node-addon-api').include_dir")
NH=$(node -p "require('node-api-headers').include_dir")
# c10d with Gloo and NCCL; JPEG where libjpeg's headers are. Debian ships no nccl.h: scripts/stubs/nccl.h
# declares the part of NCCL's public API that ProcessGroupNCCL.hpp's inline code uses (syntax only).
DEFS=(-DTORCHTS_WITH_C10D=1 -DTORCHTS_WITH_GLOO=1 -DUSE_C10D_GLOO -DTORCHTS_WITH_NCCL=1 -DUSE_C10D_NCCL
  -DTORCHTS_WITH_JPEG=$([ -e /usr/include/jpeglib.h ] && echo 1 || echo 0))
check() {  # label, include dirs...
  local label=$1; shift
  local inc=()
  for d in "$@"; do inc+=(-I"$d"); done
  # As scripts/find_libtorch.js: the shim where a header package lacks distributed autograd's headers.
  [ -e "$1/torch/csrc/distributed/autograd/context/context.h" ] || inc+=(-Inative/shim)
  local failed=0
  for f in native/*.cc; do
    if ! g++ -std=c++17 -fsyntax-only -DTORCHTS_WITH_CUDA=1 "${DEFS[@]}" -D_GLIBCXX_USE_CXX11_ABI=1 -DNAPI_VERSION=8 -DNAPI_CPP_EXCEPTIONS \
        -I"$NAPI" -I"$NH" "${inc[@]}" -isystem "$C/cuda/usr/include" -isystem "$C/stub" -isystem scripts/stubs -Wno-deprecated-declarations "$f"; then
      echo "FAIL ($label) $f"; failed=1
    fi
  done
  echo "libtorch $label with CUDA: $([ $failed = 0 ] && echo compiles || echo FAILS)"
  return $failed
}
rc=0
# The Reducer constructor differs after 2.6: compat::newReducer must pick each form.
if g++ -std=c++17 -D_GLIBCXX_USE_CXX11_ABI=1 -Inative -I/usr/include/torch/csrc/api/include scripts/stubs/reducer_forms.cc \
    -o /tmp/torchts-reducer-forms -ltorch_cpu -lc10 && /tmp/torchts-reducer-forms; then
  echo "Reducer constructor forms: all three picked"
else
  echo "Reducer constructor forms: FAIL"; rc=1
fi
check 1.13 /usr/include/torch/csrc/api/include || rc=1
check 2.6 "$C/torch26/usr/include" "$C/torch26/usr/include/torch/csrc/api/include" || rc=1
exit $rc
