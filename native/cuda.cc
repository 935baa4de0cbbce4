// cuda area: device queries, synchronisation, allocator statistics, cuDNN flags, streams and CUDA
// graphs. Builds without CUDA too (Debian's CPU libtorch); compat.h answers 0 or throws there.
#include "common.h"
#include <torch/cuda.h>
#include <c10/core/impl/DeviceGuardImplInterface.h>

namespace torchts {

// Captures begun through torchts on this thread and not ended (isCurrentStreamCapturing).
static thread_local int capturesUnderway = 0;
// A graph lives in a box so that dispose() can free it while JS still holds the External.
struct GraphBox {
  std::unique_ptr<compat::Graph> g;
  bool capturing = false;
  ~GraphBox() {
    if (capturing) capturesUnderway--;
  }
};
static const napi_type_tag kGraphTag = {0x3b7e2a91c05d4f18ULL, 0x8e4d0f6a2c1b9735ULL};
static const napi_type_tag kStreamTag = {0xa6c31e8f5d027b49ULL, 0x14f9b2e7c30a6d58ULL};

static GraphBox& box(const Args& a, size_t i) {
  return a[i].external<GraphBox>(kGraphTag, "a CUDAGraph");
}
static compat::Graph& graph(const Args& a, size_t i) {
  auto& b = box(a, i);
  if (!b.g) throw std::runtime_error("CUDAGraph has been disposed");
  return *b.g;
}
static const compat::Stream& stream(const Args& a, size_t i) {
  return a[i].external<compat::Stream>(kStreamTag, "a Stream");
}
static Napi::Value wrapStream(Napi::Env env, compat::Stream s) {
  return wrapExternal(env, new compat::Stream(s), kStreamTag);
}
static Napi::Value pair(Napi::Env env, double x, double y) {
  auto r = Napi::Array::New(env, 2);
  r.Set(0u, Napi::Number::New(env, x));
  r.Set(1u, Napi::Number::New(env, y));
  return r;
}
static void endCapture(GraphBox& b) {
  if (!b.capturing) return;
  b.capturing = false;
  capturesUnderway--;
}
static int deviceOr0(const Args& a) {
  return a.has(0) ? static_cast<int>(a.i64(0)) : 0;
}

static void initGraphs(Napi::Object e) {
  def(e, "cudaGraphNew",
      [](Args& a) -> Napi::Value { return wrapExternal(a.env(), new GraphBox{compat::graphNew()}, kGraphTag); });
  // (graph, poolFirst, poolSecond, mode)
  def(e, "cudaGraphCaptureBegin", [](Args& a) -> Napi::Value {
    auto& g = graph(a, 0);
    int64_t mode = a.i64(3);
    if (mode < 0 || mode > 2) throw std::runtime_error("capture_error_mode must be global, thread_local or relaxed");
    compat::PoolId pool{static_cast<unsigned long long>(a.i64(1)), static_cast<unsigned long long>(a.i64(2))};
    compat::graphCaptureBegin(g, pool, static_cast<int>(mode));
    box(a, 0).capturing = true;
    capturesUnderway++;
    return a.none();
  });
  def(e, "cudaGraphCaptureEnd", [](Args& a) -> Napi::Value {
    auto& g = graph(a, 0);
    endCapture(box(a, 0));  // the capture is over whether or not ending it succeeds
    g.capture_end();
    return a.none();
  });
  def(e, "cudaGraphReplay", [](Args& a) -> Napi::Value {
    graph(a, 0).replay();
    return a.none();
  });
  def(e, "cudaGraphReset", [](Args& a) -> Napi::Value {
    endCapture(box(a, 0));
    graph(a, 0).reset();
    return a.none();
  });
  def(e, "cudaGraphPool", [](Args& a) -> Napi::Value {
    auto p = compat::graphPool(graph(a, 0));
    return pair(a.env(), static_cast<double>(p.first), static_cast<double>(p.second));
  });
  def(e, "cudaGraphDispose", [](Args& a) -> Napi::Value {
    auto& b = box(a, 0);
    endCapture(b);
    b.g.reset();
    return a.none();
  });
  def(e, "cudaGraphPoolHandle", [](Args& a) -> Napi::Value {
    auto p = compat::graphPoolHandle();
    return pair(a.env(), static_cast<double>(p.first), static_cast<double>(p.second));
  });
  def(e, "cudaIsCapturing", [](Args& a) -> Napi::Value { return Napi::Boolean::New(a.env(), capturesUnderway > 0); });

  // (device, highPriority) -> a stream from libtorch's pool
  def(e, "cudaStreamNew", [](Args& a) -> Napi::Value {
    return wrapStream(a.env(), compat::streamFromPool(static_cast<int>(a.i64(0)), a.b(1)));
  });
  def(e, "cudaCurrentStream",
      [](Args& a) -> Napi::Value { return wrapStream(a.env(), compat::currentStream(static_cast<int>(a.i64(0)))); });
  def(e, "cudaSetStream", [](Args& a) -> Napi::Value {
    compat::setCurrentStream(stream(a, 0));
    return a.none();
  });
  def(e, "cudaStreamWait", [](Args& a) -> Napi::Value {
    compat::streamWait(stream(a, 0), stream(a, 1));
    return a.none();
  });
  def(e, "cudaStreamSynchronize", [](Args& a) -> Napi::Value {
    compat::streamSynchronize(stream(a, 0));
    return a.none();
  });
  def(e, "cudaStreamQuery",
      [](Args& a) -> Napi::Value { return Napi::Boolean::New(a.env(), compat::streamQuery(stream(a, 0))); });
  def(e, "cudaStreamInfo", [](Args& a) -> Napi::Value {
    auto i = compat::streamInfo(stream(a, 0));
    return pair(a.env(), i.first, i.second);
  });
}

void InitCuda(Napi::Object e) {
  def(e, "cudaIsAvailable",
      [](Args& a) -> Napi::Value { return Napi::Boolean::New(a.env(), torch::cuda::is_available()); });
  def(e, "cudaDeviceCount", [](Args& a) -> Napi::Value {
    return Napi::Number::New(a.env(), static_cast<double>(torch::cuda::device_count()));
  });
  // (device) -> {name, major, minor, totalMemory, multiProcessorCount}
  def(e, "cudaDeviceProperties", [](Args& a) -> Napi::Value {
    const int64_t d = a.i64(0);
    if (!torch::cuda::is_available()) throw std::runtime_error("Torch not compiled with CUDA enabled");
    if (d < 0 || d >= static_cast<int64_t>(torch::cuda::device_count())) throw std::runtime_error("Invalid device id");
    const auto p = compat::deviceProperties(static_cast<int>(d));
    auto o = Napi::Object::New(a.env());
    o.Set("name", p.name);
    o.Set("major", p.major);
    o.Set("minor", p.minor);
    o.Set("totalMemory", p.totalMemory);
    o.Set("multiProcessorCount", p.multiProcessorCount);
    return o;
  });
  def(e, "cudnnIsAvailable",
      [](Args& a) -> Napi::Value { return Napi::Boolean::New(a.env(), torch::cuda::cudnn_is_available()); });
  // cuDNN's version as PyTorch reports it (e.g. 90100 for 9.1.0), or null without cuDNN.
  def(e, "cudnnVersion", [](Args& a) -> Napi::Value {
    if (!torch::cuda::cudnn_is_available()) return a.env().Null();
    return Napi::Number::New(a.env(), static_cast<double>(at::detail::getCUDAHooks().versionCuDNN()));
  });
  // torch.cuda.current_device / set_device: the calling thread's current CUDA device (what "cuda" without
  // an index means), through c10's device guard, as torch._C._cuda_getDevice / _cuda_setDevice.
  def(e, "cudaCurrentDevice", [](Args& a) -> Napi::Value {
    if (!torch::cuda::is_available()) throw std::runtime_error("Torch not compiled with CUDA enabled");
    const auto* impl = c10::impl::getDeviceGuardImpl(c10::DeviceType::CUDA);
    return Napi::Number::New(a.env(), impl->getDevice().index());
  });
  def(e, "cudaSetDevice", [](Args& a) -> Napi::Value {
    if (!torch::cuda::is_available()) throw std::runtime_error("Torch not compiled with CUDA enabled");
    const int64_t d = a.i64(0);
    if (d >= static_cast<int64_t>(torch::cuda::device_count()))
      throw std::runtime_error("CUDA error: invalid device ordinal");
    c10::impl::getDeviceGuardImpl(c10::DeviceType::CUDA)
        ->setDevice(c10::Device(c10::DeviceType::CUDA, static_cast<c10::DeviceIndex>(d)));
    return a.none();
  });
  def(e, "cudaSynchronize", [](Args& a) -> Napi::Value {
    if (!torch::cuda::is_available()) throw std::runtime_error("Torch not compiled with CUDA enabled");
    torch::cuda::synchronize(a.has(0) ? a.i64(0) : -1);
    return a.none();
  });
  def(e, "cudaMemoryAllocated",
      [](Args& a) -> Napi::Value { return Napi::Number::New(a.env(), compat::cudaMemoryStat(deviceOr0(a), 0)); });
  def(e, "cudaMemoryReserved",
      [](Args& a) -> Napi::Value { return Napi::Number::New(a.env(), compat::cudaMemoryStat(deviceOr0(a), 1)); });
  def(e, "cudaMaxMemoryAllocated",
      [](Args& a) -> Napi::Value { return Napi::Number::New(a.env(), compat::cudaMemoryStat(deviceOr0(a), 2)); });
  def(e, "cudaEmptyCache", [](Args& a) -> Napi::Value {
    compat::cudaEmptyCache();
    return a.none();
  });
  def(e, "cudaResetPeakMemoryStats", [](Args& a) -> Napi::Value {
    compat::cudaResetPeakStats(deviceOr0(a));
    return a.none();
  });
  // (benchmark?, deterministic?, enabled?, allowTF32?) sets those given; -> all four
  def(e, "cudnnFlags", [](Args& a) -> Napi::Value {
    auto& ctx = at::globalContext();
    if (a.has(0)) ctx.setBenchmarkCuDNN(a.b(0));
    if (a.has(1)) ctx.setDeterministicCuDNN(a.b(1));
    if (a.has(2)) ctx.setUserEnabledCuDNN(a.b(2));
    if (a.has(3)) {
      ctx.setAllowTF32CuBLAS(a.b(3));
      ctx.setAllowTF32CuDNN(a.b(3));
    }
    auto o = Napi::Object::New(a.env());
    o.Set("benchmark", ctx.benchmarkCuDNN());
    o.Set("deterministic", ctx.deterministicCuDNN());
    o.Set("enabled", ctx.userEnabledCuDNN());
    o.Set("allowTF32", ctx.allowTF32CuDNN());
    return o;
  });
  initGraphs(e);
}

}  // namespace torchts
