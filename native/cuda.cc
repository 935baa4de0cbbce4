// cuda area: device queries, synchronisation, allocator statistics, cuDNN flags. Builds without
// CUDA too (Debian's CPU libtorch): the allocator calls exist only in a CUDA build.
#include "common.h"
#include <torch/cuda.h>
#if TORCHTS_WITH_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
#endif

namespace torchts {

static Napi::Value allocatorStat(Args& a, int which) {
#if TORCHTS_WITH_CUDA
  int dev = a.has(0) ? static_cast<int>(a.i64(0)) : 0;
  auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(static_cast<c10::DeviceIndex>(dev));
  double v = 0;
  if (which == 0) v = static_cast<double>(stats.allocated_bytes[0].current);
  if (which == 1) v = static_cast<double>(stats.reserved_bytes[0].current);
  if (which == 2) v = static_cast<double>(stats.allocated_bytes[0].peak);
  return Napi::Number::New(a.env(), v);
#else
  return Napi::Number::New(a.env(), 0);
#endif
}

void InitCuda(Napi::Env env, Napi::Object e) {
  def(env, e, "cudaIsAvailable", [](Args& a) -> Napi::Value { return Napi::Boolean::New(a.env(), torch::cuda::is_available()); });
  def(env, e, "cudaDeviceCount", [](Args& a) -> Napi::Value { return Napi::Number::New(a.env(), static_cast<double>(torch::cuda::device_count())); });
  def(env, e, "cudnnIsAvailable", [](Args& a) -> Napi::Value { return Napi::Boolean::New(a.env(), torch::cuda::cudnn_is_available()); });
  def(env, e, "cudaSynchronize", [](Args& a) -> Napi::Value {
    if (!torch::cuda::is_available()) throw std::runtime_error("Torch not compiled with CUDA enabled");
    torch::cuda::synchronize(a.has(0) ? a.i64(0) : -1);
    return a.none();
  });
  def(env, e, "cudaMemoryAllocated", [](Args& a) { return allocatorStat(a, 0); });
  def(env, e, "cudaMemoryReserved", [](Args& a) { return allocatorStat(a, 1); });
  def(env, e, "cudaMaxMemoryAllocated", [](Args& a) { return allocatorStat(a, 2); });
  def(env, e, "cudaEmptyCache", [](Args& a) -> Napi::Value {
#if TORCHTS_WITH_CUDA
    c10::cuda::CUDACachingAllocator::emptyCache();
#endif
    return a.none();
  });
  def(env, e, "cudaResetPeakMemoryStats", [](Args& a) -> Napi::Value {
#if TORCHTS_WITH_CUDA
    c10::cuda::CUDACachingAllocator::resetPeakStats(static_cast<c10::DeviceIndex>(a.has(0) ? a.i64(0) : 0));
#endif
    return a.none();
  });
  def(env, e, "cudnnFlags", [](Args& a) -> Napi::Value {
    auto& ctx = at::globalContext();
    if (a.has(0)) ctx.setBenchmarkCuDNN(a.b(0));
    if (a.has(1)) ctx.setDeterministicCuDNN(a.b(1));
    if (a.has(2)) ctx.setUserEnabledCuDNN(a.b(2));
    if (a.has(3)) { ctx.setAllowTF32CuBLAS(a.b(3)); ctx.setAllowTF32CuDNN(a.b(3)); }
    auto o = Napi::Object::New(a.env());
    o.Set("benchmark", ctx.benchmarkCuDNN());
    o.Set("deterministic", ctx.deterministicCuDNN());
    o.Set("enabled", ctx.userEnabledCuDNN());
    o.Set("allowTF32", ctx.allowTF32CuDNN());
    return o;
  });
}

}  // namespace torchts
