// Process-wide settings of torch/__init__.py and torch.autograd (lib/config.ts, lib/autograd.ts):
// deterministic algorithms, float32 matmul precision, denormals, inter-op threads, inference mode,
// anomaly detection.
#include "common.h"
#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>
#include <torch/csrc/autograd/anomaly_mode.h>
#include <memory>

namespace torchts {

struct InferenceGuard {
  std::unique_ptr<c10::InferenceMode> mode;
  ~InferenceGuard() { (void)mode.release(); }
};
static const napi_type_tag kInferenceModeTag = {0x7f3a51c2e4b84d10ULL, 0x9b0c6e2d15a7f398ULL};

void InitConfig(Napi::Object e) {
  // (mode, warnOnly): torch.use_deterministic_algorithms
  def(e, "useDeterministicAlgorithms", [](Args& a) -> Napi::Value {
    at::globalContext().setDeterministicAlgorithms(a.b(0), a.b(1));
    return a.none();
  });
  def(e, "deterministicAlgorithms", [](Args& a) -> Napi::Value {
    auto out = Napi::Array::New(a.env(), 2);
    out.Set(0u, at::globalContext().deterministicAlgorithms());
    out.Set(1u, at::globalContext().deterministicAlgorithmsWarnOnly());
    return out;
  });
  // libtorch checks the name and warns as PyTorch does for one it does not know.
  def(e, "setFloat32MatmulPrecision", [](Args& a) -> Napi::Value {
    at::globalContext().setFloat32MatmulPrecision(a.str(0));
    return a.none();
  });
  def(e, "getFloat32MatmulPrecision", [](Args& a) -> Napi::Value {
    switch (at::globalContext().float32MatmulPrecision()) {
      case at::Float32MatmulPrecision::HIGH:
        return Napi::String::New(a.env(), "high");
      case at::Float32MatmulPrecision::MEDIUM:
        return Napi::String::New(a.env(), "medium");
      default:
        return Napi::String::New(a.env(), "highest");
    }
  });
  def(e, "setFlushDenormal",
      [](Args& a) -> Napi::Value { return Napi::Boolean::New(a.env(), at::globalContext().setFlushDenormal(a.b(0))); });
  def(e, "setNumInteropThreads", [](Args& a) -> Napi::Value {
    at::set_num_interop_threads(static_cast<int>(a.i64(0)));
    return a.none();
  });
  def(e, "getNumInteropThreads",
      [](Args& a) -> Napi::Value { return Napi::Number::New(a.env(), at::get_num_interop_threads()); });
  def(e, "compiledWithCxx11Abi",
      [](Args& a) -> Napi::Value { return Napi::Boolean::New(a.env(), _GLIBCXX_USE_CXX11_ABI != 0); });
  // (enabled) -> guard: c10::InferenceMode held until inferenceModeExit(guard), which JS calls in a
  // finally, so guards end in the order they began (each restores the state it found). A collected
  // guard that was never exited is not ended by GC: that would restore a state out of order.
  def(e, "inferenceModeEnter", [](Args& a) -> Napi::Value {
    return wrapExternal(a.env(), new InferenceGuard{std::make_unique<c10::InferenceMode>(a.b(0))}, kInferenceModeTag);
  });
  def(e, "inferenceModeExit", [](Args& a) -> Napi::Value {
    if (!a.info[0].IsExternal() || !a.info[0].As<Napi::External<InferenceGuard>>().CheckTypeTag(&kInferenceModeTag))
      a[0].fail("an inference mode guard");
    a.info[0].As<Napi::External<InferenceGuard>>().Data()->mode.reset();
    return a.none();
  });
  def(e, "isInferenceModeEnabled",
      [](Args& a) -> Napi::Value { return Napi::Boolean::New(a.env(), c10::InferenceMode::is_enabled()); });
  // (enabled, checkNan): torch.autograd.set_detect_anomaly; the engine then checks each backward
  // function's outputs for NaN ("Function 'MulBackward0' returned nan values in its 0th output.").
  def(e, "setAnomalyEnabled", [](Args& a) -> Napi::Value {
    torch::autograd::AnomalyMode::set_enabled(a.b(0), a.b(1));
    return a.none();
  });
  def(e, "anomalyEnabled", [](Args& a) -> Napi::Value {
    auto out = Napi::Array::New(a.env(), 2);
    out.Set(0u, torch::autograd::AnomalyMode::is_enabled());
    out.Set(1u, torch::autograd::AnomalyMode::should_check_nan());
    return out;
  });
}

}  // namespace torchts
