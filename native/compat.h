// The one place where libtorch builds differ: Debian's 1.13 (CPU, CI) and PyTorch 2.x with CUDA
// (the GPU machine). Everything else compiles unchanged against both.
#pragma once
#include <torch/csrc/api/include/torch/version.h>
#include <ATen/ATen.h>
#include <ATen/autocast_mode.h>
#include <cstdlib>
#include <memory>
#include <string>
#include <stdexcept>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <variant>
#include <c10/util/Exception.h>
#if TORCHTS_WITH_CUDA
#include <ATen/cuda/CUDAContext.h>
#include <ATen/cuda/CUDAGraph.h>
#include <c10/core/Event.h>
#include <c10/cuda/CUDACachingAllocator.h>
#include <c10/cuda/CUDAStream.h>
#endif

namespace torchts {
namespace compat {

// Whether the fused Adam/AdamW kernels can run on these tensors (CUDA, libtorch 2.x here).
inline bool hasFusedAdam(const at::Tensor& param) {
  return TORCH_VERSION_MAJOR >= 2 && param.is_cuda();
}

inline void fusedAdam(std::vector<at::Tensor>& params, std::vector<at::Tensor>& grads, std::vector<at::Tensor>& m,
                      std::vector<at::Tensor>& v, std::vector<at::Tensor>& vmax, std::vector<at::Tensor>& steps,
                      double lr, double beta1, double beta2, double wd, double eps, bool amsgrad, bool maximize,
                      bool decoupled) {
#if TORCH_VERSION_MAJOR >= 2
  if (decoupled)
    at::_fused_adamw_(params, grads, m, v, vmax, steps, lr, beta1, beta2, wd, eps, amsgrad, maximize);
  else
    at::_fused_adam_(params, grads, m, v, vmax, steps, lr, beta1, beta2, wd, eps, amsgrad, maximize);
#else
  throw std::runtime_error("fused Adam needs libtorch 2.x");
#endif
}

// libtorch's warnings (TORCH_WARN) collected per thread: 2.x hands the handler one c10::Warning,
// 1.13 its parts; the handler is set per thread in both (WarningUtils in 2.x).
class CollectingWarningHandler : public c10::WarningHandler {
 public:
  virtual void collect(const c10::SourceLocation& loc, const std::string& msg, bool verbatim, bool deprecation) = 0;
#if TORCH_VERSION_MAJOR >= 2
  void process(const c10::Warning& w) override {
    collect(w.source_location(), w.msg(), w.verbatim(),
            std::holds_alternative<c10::Warning::DeprecationWarning>(w.type()));
  }
#else
  void process(const c10::SourceLocation& loc, const std::string& msg, const bool verbatim) override {
    collect(loc, msg, verbatim, false);
  }
#endif
};
inline void setThreadWarningHandler(c10::WarningHandler* h) {
#if TORCH_VERSION_MAJOR >= 2
  c10::WarningUtils::set_warning_handler(h);
#else
  c10::Warning::set_warning_handler(h);
#endif
}
inline void setWarnAlways(bool on) {
#if TORCH_VERSION_MAJOR >= 2
  c10::WarningUtils::set_warnAlways(on);
#else
  c10::Warning::set_warnAlways(on);
#endif
}
inline bool getWarnAlways() {
#if TORCH_VERSION_MAJOR >= 2
  return c10::WarningUtils::get_warnAlways();
#else
  return c10::Warning::get_warnAlways();
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

// torch.cuda.get_device_properties' fields.
struct DeviceProps {
  std::string name;
  int major = 0, minor = 0, multiProcessorCount = 0;
  double totalMemory = 0;
};
inline DeviceProps deviceProperties(int device) {
#if TORCHTS_WITH_CUDA
  const auto* p = at::cuda::getDeviceProperties(device);
  return {p->name, p->major, p->minor, p->multiProcessorCount, static_cast<double>(p->totalGlobalMem)};
#else
  (void)device;
  throw std::runtime_error("Torch not compiled with CUDA enabled");
#endif
}

// CUDA graphs and streams. Without CUDA each entry throws PyTorch's message. Streams are waited
// on through c10::Event and synchronised through c10::Stream, so the addon calls no CUDA runtime
// function itself (it links libtorch's CUDA libraries, not cudart).
[[noreturn]] inline void noCuda() {
  throw std::runtime_error("Torch not compiled with CUDA enabled");
}
using PoolId = std::pair<unsigned long long, unsigned long long>;
#if TORCHTS_WITH_CUDA
using Graph = at::cuda::CUDAGraph;
using Stream = c10::cuda::CUDAStream;
#else
// Never constructed without CUDA (graphNew throws); the members let cuda.cc use one API.
struct Graph {
  void capture_end() {}
  void replay() {}
  void reset() {}
};
struct Stream {};
#endif

inline std::unique_ptr<Graph> graphNew() {
#if TORCHTS_WITH_CUDA
  return std::make_unique<Graph>();
#else
  noCuda();
#endif
}

// mode: 0 global, 1 thread_local, 2 relaxed (cudaStreamCaptureMode).
inline void graphCaptureBegin(Graph& g, PoolId pool, int mode) {
#if TORCHTS_WITH_CUDA && TORCH_VERSION_MAJOR >= 2
  const cudaStreamCaptureMode modes[] = {cudaStreamCaptureModeGlobal, cudaStreamCaptureModeThreadLocal,
                                         cudaStreamCaptureModeRelaxed};
  g.capture_begin({pool.first, pool.second}, modes[mode]);
#elif TORCHTS_WITH_CUDA
  if (mode != 0) throw std::runtime_error("capture_error_mode needs libtorch 2.x");
  g.capture_begin({pool.first, pool.second});
#else
  noCuda();
#endif
}

inline PoolId graphPool(Graph& g) {
#if TORCHTS_WITH_CUDA
  auto p = g.pool();
  return {p.first, p.second};
#else
  noCuda();
#endif
}
inline PoolId graphPoolHandle() {
#if TORCHTS_WITH_CUDA
  auto p = at::cuda::graph_pool_handle();
  return {p.first, p.second};
#else
  noCuda();
#endif
}

inline Stream streamFromPool(int device, bool highPriority) {
#if TORCHTS_WITH_CUDA
  return c10::cuda::getStreamFromPool(highPriority, static_cast<c10::DeviceIndex>(device));
#else
  noCuda();
#endif
}
inline Stream currentStream(int device) {
#if TORCHTS_WITH_CUDA
  return c10::cuda::getCurrentCUDAStream(static_cast<c10::DeviceIndex>(device));
#else
  noCuda();
#endif
}
inline void setCurrentStream(const Stream& s) {
#if TORCHTS_WITH_CUDA
  c10::cuda::setCurrentCUDAStream(s);
#endif
}
// `waiter` waits for the work queued on `on` so far, without blocking the host.
inline void streamWait(const Stream& waiter, const Stream& on) {
#if TORCHTS_WITH_CUDA
  c10::Event ev(c10::DeviceType::CUDA);
  ev.record(on.unwrap());
  ev.block(waiter.unwrap());
#endif
}
inline void streamSynchronize(const Stream& s) {
#if TORCHTS_WITH_CUDA
  s.unwrap().synchronize();
#endif
}
inline bool streamQuery(const Stream& s) {
#if TORCHTS_WITH_CUDA
  return s.unwrap().query();
#else
  noCuda();
#endif
}
// [id, device index]
inline std::pair<double, double> streamInfo(const Stream& s) {
#if TORCHTS_WITH_CUDA
  return {static_cast<double>(s.id()), static_cast<double>(s.device_index())};
#else
  noCuda();
#endif
}

// Autocast state per device type: 2.x (checked on 2.6) takes the device type; 1.13 has one function
// per device (the older names are deprecated in 2.x).
#define TORCHTS_AUTOCAST_BY_DEVICE (TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 6))
inline bool autocastEnabled(c10::DeviceType d) {
#if TORCHTS_AUTOCAST_BY_DEVICE
  return at::autocast::is_autocast_enabled(d);
#else
  return d == c10::DeviceType::CPU ? at::autocast::is_cpu_enabled() : at::autocast::is_enabled();
#endif
}
inline void setAutocastEnabled(c10::DeviceType d, bool on) {
#if TORCHTS_AUTOCAST_BY_DEVICE
  at::autocast::set_autocast_enabled(d, on);
#else
  d == c10::DeviceType::CPU ? at::autocast::set_cpu_enabled(on) : at::autocast::set_enabled(on);
#endif
}
inline at::ScalarType autocastDtype(c10::DeviceType d) {
#if TORCHTS_AUTOCAST_BY_DEVICE
  return at::autocast::get_autocast_dtype(d);
#else
  return d == c10::DeviceType::CPU ? at::autocast::get_autocast_cpu_dtype() : at::autocast::get_autocast_gpu_dtype();
#endif
}
inline void setAutocastDtype(c10::DeviceType d, at::ScalarType t) {
#if TORCHTS_AUTOCAST_BY_DEVICE
  at::autocast::set_autocast_dtype(d, t);
#else
  d == c10::DeviceType::CPU ? at::autocast::set_autocast_cpu_dtype(t) : at::autocast::set_autocast_gpu_dtype(t);
#endif
}

// c10d: in 1.13 each backend (ProcessGroupGloo, ProcessGroupNCCL) is itself the ProcessGroup; 2.x puts
// Backends behind one ProcessGroup, per device type (templates, so the 2.x names are only looked up
// there; not yet compiled against a 2.x: the GPU script builds without c10d when this fails).
template <class PG, class Store>
c10::intrusive_ptr<PG> newProcessGroup(const c10::intrusive_ptr<Store>& store, int rank, int size) {
#if TORCH_VERSION_MAJOR >= 2
  return c10::make_intrusive<PG>(store, rank, size);
#else
  (void)store, (void)rank, (void)size;
  return c10::intrusive_ptr<PG>();
#endif
}
template <class PG, class B>
void addBackend(c10::intrusive_ptr<PG>& pg, const c10::intrusive_ptr<B>& backend, bool cuda, bool isDefault) {
#if TORCH_VERSION_MAJOR >= 2
  const auto type = cuda ? PG::BackendType::NCCL : PG::BackendType::GLOO;
  pg->setBackend(cuda ? c10::DeviceType::CUDA : c10::DeviceType::CPU, type, backend);
  if (isDefault) pg->setDefaultBackend(type);
#else
  (void)cuda, (void)isDefault;
  if (pg)
    throw std::runtime_error("one backend per process group before libtorch 2.0 (\"cpu:gloo,cuda:nccl\" needs 2.x)");
  pg = backend;
#endif
}
// The store a group's backend for `device` talks through: 2.x adds a "<device>/" prefix.
template <class Prefix, class Store>
c10::intrusive_ptr<Store> backendStore(const c10::intrusive_ptr<Store>& groupStore, const char* device) {
#if TORCH_VERSION_MAJOR >= 2
  return c10::make_intrusive<Prefix>(std::string(device) + "/", groupStore);
#else
  (void)device;
  return groupStore;
#endif
}
// c10d::Reducer's constructor, in whichever form these headers declare (detected, not versioned):
// up to 2.6 it takes the per-bucket size limits; later releases drop them and add
// (skip_all_reduce_unused_params, use_python_reducer), then a per-bucket cap list (empty: the
// single cap). Template, so only the form that exists is instantiated.
template <class R, class PG>
std::unique_ptr<R> newReducer(std::vector<at::Tensor> params, std::vector<std::vector<size_t>> buckets,
                              const std::vector<size_t>& limits, const c10::intrusive_ptr<PG>& pg,
                              std::vector<bool> sparse, int64_t cap, bool findUnused, bool asView,
                              std::unordered_map<size_t, std::string> names, int64_t first) {
  using T = std::vector<at::Tensor>;
  using B = std::vector<std::vector<size_t>>;
  using P = c10::intrusive_ptr<PG>;
  using S = std::vector<bool>;
  using N = std::unordered_map<size_t, std::string>;
  if constexpr (std::is_constructible_v<R, T, B, const std::vector<size_t>&, P, S, int64_t, bool, bool, N, int64_t>) {
    return std::make_unique<R>(std::move(params), std::move(buckets), limits, pg, std::move(sparse), cap, findUnused,
                               asView, std::move(names), first);
  } else if constexpr (std::is_constructible_v<R, T, B, P, S, int64_t, bool, bool, N, int64_t, bool, bool>) {
    (void)limits;
    return std::make_unique<R>(std::move(params), std::move(buckets), pg, std::move(sparse), cap, findUnused, asView,
                               std::move(names), first, false, false);
  } else {
    (void)limits;
    return std::make_unique<R>(std::move(params), std::move(buckets), pg, std::move(sparse), cap, findUnused, asView,
                               std::move(names), first, false, false, std::vector<int64_t>{});
  }
}

// Whether a new group ends with the store-based barrier: always in 1.13; in 2.x only with
// TORCH_DIST_INIT_BARRIER=1, as Python's init_process_group/new_group.
inline bool initBarrier() {
#if TORCH_VERSION_MAJOR >= 2
  const char* v = std::getenv("TORCH_DIST_INIT_BARRIER");
  return v && std::string(v) == "1";
#else
  return true;
#endif
}

// A profiler event's times in microseconds: KinetoEvent counts microseconds in 1.13, nanoseconds in 2.x.
template <class Event>
double eventStartUs(const Event& e) {
#if TORCH_VERSION_MAJOR >= 2
  return static_cast<double>(e.startNs()) / 1000.0;
#else
  return static_cast<double>(e.startUs());
#endif
}
template <class Event>
double eventDurationUs(const Event& e) {
#if TORCH_VERSION_MAJOR >= 2
  return static_cast<double>(e.durationNs()) / 1000.0;
#else
  return static_cast<double>(e.durationUs());
#endif
}
template <class Result>
double traceStartUs(const Result& r) {
#if TORCH_VERSION_MAJOR >= 2
  return static_cast<double>(r.trace_start_ns()) / 1000.0;
#else
  return static_cast<double>(r.trace_start_us());
#endif
}

}  // namespace compat
}  // namespace torchts
