// The one place where libtorch versions differ (Debian's 1.13 for CPU, PyTorch 2.x on the GPU machine).
#pragma once
#include <torch/csrc/api/include/torch/version.h>

#define TORCHTS_TORCH_2 (TORCH_VERSION_MAJOR >= 2)
// at::_fused_adam_ takes a double lr in both, but exists for CUDA tensors only before 2.x here.
#define TORCHTS_HAS_FUSED_ADAM TORCHTS_TORCH_2
