// The one place where libtorch builds differ: Debian's 1.13 (CPU, CI) and PyTorch 2.x with CUDA
// (the GPU machine). Everything else compiles unchanged against both.
#pragma once
#include <torch/csrc/api/include/torch/version.h>
#include <ATen/ATen.h>
#if TORCHTS_WITH_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
#endif

namespace torchts {
namespace compat {

// Whether the fused Adam/AdamW kernels can run on these tensors (CUDA, libtorch 2.x here).
inline bool hasFusedAdam(const at::Tensor& param) { return TORCH_VERSION_MAJOR >= 2 && param.is_cuda(); }

inline void fusedAdam(std::vector<at::Tensor>& params, std::vector<at::Tensor>& grads, std::vector<at::Tensor>& m,
                      std::vector<at::Tensor>& v, std::vector<at::Tensor>& vmax, std::vector<at::Tensor>& steps,
                      double lr, double beta1, double beta2, double wd, double eps, bool amsgrad, bool maximize, bool decoupled) {
#if TORCH_VERSION_MAJOR >= 2
  if (decoupled) at::_fused_adamw_(params, grads, m, v, vmax, steps, lr, beta1, beta2, wd, eps, amsgrad, maximize);
  else at::_fused_adam_(params, grads, m, v, vmax, steps, lr, beta1, beta2, wd, eps, amsgrad, maximize);
#else
  throw std::runtime_error("fused Adam needs libtorch 2.x");
#endif
}

// CUDA caching-allocator figures in bytes: 0 allocated, 1 reserved, 2 peak allocated (0 without CUDA).
inline double cudaMemoryStat(int device, int which) {
#if TORCHTS_WITH_CUDA
  auto s = c10::cuda::CUDACachingAllocator::getDeviceStats(static_cast<c10::DeviceIndex>(device));
  const auto& stat = which == 1 ? s.reserved_bytes[0] : s.allocated_bytes[0];
  return static_cast<double>(which == 2 ? stat.peak : stat.current);
#else
  return 0;
#endif
}

inline void cudaEmptyCache() {
#if TORCHTS_WITH_CUDA
  c10::cuda::CUDACachingAllocator::emptyCache();
#endif
}

inline void cudaResetPeakStats(int device) {
#if TORCHTS_WITH_CUDA
  c10::cuda::CUDACachingAllocator::resetPeakStats(static_cast<c10::DeviceIndex>(device));
#endif
}

}  // namespace compat
}  // namespace torchts
