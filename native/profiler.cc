// profiler area: torch.profiler / torch.autograd.profiler over libtorch's own profiler (the
// collection PyTorch's Python front end starts with _enable_profiler), and record_function ranges.
#include <dlfcn.h>

#include <torch/csrc/autograd/profiler_kineto.h>

#include "common.h"

namespace torchts {

namespace prof = torch::autograd::profiler;
using torch::profiler::impl::ActivityType;
using torch::profiler::impl::ProfilerConfig;
using torch::profiler::impl::ProfilerState;

static const napi_type_tag kResultTag = {0x7f3a1c2e5b6d4e01ULL, 0x9a8b7c6d5e4f3a21ULL};
static const napi_type_tag kRecordTag = {0x7f3a1c2e5b6d4e02ULL, 0x9a8b7c6d5e4f3a22ULL};

// Whether this libtorch was built with Kineto (device traces, trace files); PyTorch's Python binding
// knows it from a build flag, which a separately compiled addon does not see.
static bool kinetoAvailable() {
  static const bool available = dlsym(RTLD_DEFAULT, "_ZN9libkineto3apiEv") != nullptr;
  return available;
}

// (options) -> config and activities, as torch.autograd.profiler.profile builds them.
static std::pair<ProfilerConfig, std::set<ActivityType>> readConfig(const Args& a) {
  const auto o = a.obj(0);
  const bool cuda = o.b("cuda");
  std::set<ActivityType> activities;
  if (o.b("cpu")) activities.insert(ActivityType::CPU);
  auto state = ProfilerState::KINETO;
  if (cuda) {
    if (kinetoAvailable())
      activities.insert(ActivityType::CUDA);
    else
      state = ProfilerState::KINETO_GPU_FALLBACK;  // CUDA events around each op
  }
  ProfilerConfig config(state, o.b("recordShapes"), o.b("profileMemory"), o.b("withStack"), o.b("withFlops"),
                        o.b("withModules"));
  return {config, activities};
}

// A record_function range and the inputs it was entered with (RecordFunction keeps a reference to them).
struct RecordRange {
  std::vector<c10::IValue> args;
  at::RecordFunction rec{at::RecordScope::USER_SCOPE};
};

static Napi::Value eventToJs(Napi::Env env, const prof::KinetoEvent& e) {
  auto o = Napi::Object::New(env);
  const std::string name = e.name();
  o.Set("name", Napi::String::New(env, name.size() > 1 ? c10::demangle(name.c_str()) : name));
  o.Set("startUs", Napi::Number::New(env, compat::eventStartUs(e)));
  o.Set("durationUs", Napi::Number::New(env, compat::eventDurationUs(e)));
  o.Set("startThreadId", Napi::Number::New(env, static_cast<double>(e.startThreadId())));
  o.Set("endThreadId", Napi::Number::New(env, static_cast<double>(e.endThreadId())));
  o.Set("fwdThreadId", Napi::Number::New(env, static_cast<double>(e.fwdThreadId())));
  o.Set("sequenceNr", Napi::Number::New(env, static_cast<double>(e.sequenceNr())));
  o.Set("scope", Napi::Number::New(env, e.scope()));
  o.Set("deviceType", Napi::Number::New(env, static_cast<int>(e.deviceType())));
  o.Set("deviceIndex", Napi::Number::New(env, e.deviceIndex()));
  o.Set("correlationId", Napi::Number::New(env, static_cast<double>(e.correlationId())));
  o.Set("linkedCorrelationId", Napi::Number::New(env, static_cast<double>(e.linkedCorrelationId())));
  o.Set("isAsync", Napi::Boolean::New(env, e.isAsync()));
  o.Set("nBytes", Napi::Number::New(env, static_cast<double>(e.nBytes())));
  o.Set("flops", Napi::Number::New(env, static_cast<double>(e.flops())));
  o.Set("cudaElapsedUs", Napi::Number::New(env, static_cast<double>(e.cudaElapsedUs())));
  auto shapes = Napi::Array::New(env);
  if (e.hasShapes()) {
    uint32_t i = 0;
    for (const auto& s : e.shapes()) {
      auto dims = Napi::Array::New(env, s.size());
      for (uint32_t j = 0; j < s.size(); j++) dims.Set(j, Napi::Number::New(env, static_cast<double>(s[j])));
      shapes.Set(i++, dims);
    }
  }
  o.Set("shapes", shapes);
  auto dtypes = Napi::Array::New(env);
  if (e.hasTypes()) {
    uint32_t i = 0;
    for (const auto& s : e.dtypes()) dtypes.Set(i++, Napi::String::New(env, s));
  }
  o.Set("dtypes", dtypes);
  auto stack = Napi::Array::New(env);
  if (e.hasStack()) {
    uint32_t i = 0;
    for (const auto& s : e.stack()) stack.Set(i++, Napi::String::New(env, s));
  }
  o.Set("stack", stack);
  return o;
}

void InitProfiler(Napi::Object e) {
  def(e, "profilerKinetoAvailable",
      [](Args& a) -> Napi::Value { return Napi::Boolean::New(a.env(), kinetoAvailable()); });
  def(e, "profilerEnabled",
      [](Args& a) -> Napi::Value { return Napi::Boolean::New(a.env(), torch::profiler::impl::profilerEnabled()); });
  // ({cpu, cuda, recordShapes, profileMemory, withStack, withFlops, withModules})
  def(e, "profilerPrepare", [](Args& a) -> Napi::Value {
    auto [config, activities] = readConfig(a);
    prof::prepareProfiler(config, activities);
    return a.none();
  });
  def(e, "profilerEnable", [](Args& a) -> Napi::Value {
    auto [config, activities] = readConfig(a);
    prof::enableProfiler(config, activities);
    return a.none();
  });
  // () -> [result, traceStartUs, events]; the result is kept for saving a Kineto trace file.
  def(e, "profilerDisable", [](Args& a) -> Napi::Value {
    auto result = prof::disableProfiler();
    const auto& events = result->events();
    auto list = Napi::Array::New(a.env(), events.size());
    for (uint32_t i = 0; i < events.size(); i++) list.Set(i, eventToJs(a.env(), events[i]));
    auto r = Napi::Array::New(a.env(), 3);
    r.Set(1u, Napi::Number::New(a.env(), compat::traceStartUs(*result)));
    r.Set(2u, list);
    r.Set(0u, wrapExternal(a.env(), result.release(), kResultTag));
    return r;
  });
  // (result, path): Kineto's own trace file (chrome://tracing, TensorBoard).
  def(e, "profilerSave", [](Args& a) -> Napi::Value {
    a[0].external<prof::ProfilerResult>(kResultTag, "a profiler result").save(a.str(1));
    return a.none();
  });
  // (name, args?) -> handle: a USER_SCOPE range, as torch.ops.profiler._record_function_enter_new (its
  // args string is the range's one input where the profiler records shapes).
  def(e, "recordFunctionEnter", [](Args& a) -> Napi::Value {
    auto range = std::make_unique<RecordRange>();
    if (range->rec.isActive()) {
      if (a.has(1) && range->rec.needsInputs()) {
        range->args.emplace_back(a.str(1));
        range->rec.before(a.str(0), &range->args);
      } else {
        range->rec.before(a.str(0));
      }
    }
    return wrapExternal(a.env(), range.release(), kRecordTag);
  });
  def(e, "recordFunctionExit", [](Args& a) -> Napi::Value {
    a[0].external<RecordRange>(kRecordTag, "a record_function handle").rec.end();
    return a.none();
  });
}

}  // namespace torchts
