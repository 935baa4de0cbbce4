// cuda area: device queries, synchronisation, allocator statistics, cuDNN flags. Builds without
// CUDA too (Debian's CPU libtorch); compat.h answers 0 there.
#include "common.h"
#include <torch/cuda.h>

namespace torchts {

void InitCuda(Napi::Env env, Napi::Object e) {
  def(env, e, "cudaIsAvailable", [](Args& a) -> Napi::Value { return Napi::Boolean::New(a.env(), torch::cuda::is_available()); });
  def(env, e, "cudaDeviceCount", [](Args& a) -> Napi::Value { return Napi::Number::New(a.env(), static_cast<double>(torch::cuda::device_count())); });
  def(env, e, "cudnnIsAvailable", [](Args& a) -> Napi::Value { return Napi::Boolean::New(a.env(), torch::cuda::cudnn_is_available()); });
  def(env, e, "cudaSynchronize", [](Args& a) -> Napi::Value {
    if (!torch::cuda::is_available()) throw std::runtime_error("Torch not compiled with CUDA enabled");
    torch::cuda::synchronize(a.has(0) ? a.i64(0) : -1);
    return a.none();
  });
  def(env, e, "cudaMemoryAllocated", [](Args& a) -> Napi::Value { return Napi::Number::New(a.env(), compat::cudaMemoryStat(a.has(0) ? a.i64(0) : 0, 0)); });
  def(env, e, "cudaMemoryReserved", [](Args& a) -> Napi::Value { return Napi::Number::New(a.env(), compat::cudaMemoryStat(a.has(0) ? a.i64(0) : 0, 1)); });
  def(env, e, "cudaMaxMemoryAllocated", [](Args& a) -> Napi::Value { return Napi::Number::New(a.env(), compat::cudaMemoryStat(a.has(0) ? a.i64(0) : 0, 2)); });
  def(env, e, "cudaEmptyCache", [](Args& a) -> Napi::Value { compat::cudaEmptyCache(); return a.none(); });
  def(env, e, "cudaResetPeakMemoryStats", [](Args& a) -> Napi::Value { compat::cudaResetPeakStats(a.has(0) ? a.i64(0) : 0); return a.none(); });
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
