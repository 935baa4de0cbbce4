#include "common.h"
#include <c10/util/Exception.h>

namespace torchts {

static thread_local Registry* tlsRegistry = nullptr;
Registry& registry() { return *tlsRegistry; }

static int64_t nbytesOf(const at::Tensor& t) {
  if (!t.defined() || !t.has_storage()) return 0;
  return static_cast<int64_t>(t.storage().nbytes());
}

uint32_t store(Napi::Env env, at::Tensor t) {
  Registry& r = registry();
  int64_t nb = t.is_cpu() ? nbytesOf(t) : 0;  // V8 only needs to feel host memory
  uint32_t h;
  if (!r.freeList.empty()) {
    h = r.freeList.back();
    r.freeList.pop_back();
    r.slots[h] = std::move(t);
    r.bytes[h] = nb;
  } else {
    h = static_cast<uint32_t>(r.slots.size());
    r.slots.push_back(std::move(t));
    r.bytes.push_back(nb);
  }
  r.live++;
  if (nb > 4096) Napi::MemoryManagement::AdjustExternalMemory(env, nb);
  return h;
}

void release(Napi::Env env, uint32_t h) {
  Registry& r = registry();
  if (h >= r.slots.size() || !r.slots[h].defined()) return;
  int64_t nb = r.bytes[h];
  r.slots[h] = at::Tensor();
  r.freeList.push_back(h);
  r.live--;
  if (nb > 4096) Napi::MemoryManagement::AdjustExternalMemory(env, -nb);
}

at::Tensor& lookup(uint32_t h) {
  Registry& r = registry();
  if (h >= r.slots.size() || !r.slots[h].defined()) throw std::runtime_error("Tensor has been disposed");
  return r.slots[h];
}

std::string firstLine(const std::string& s) {
  auto p = s.find('\n');
  return p == std::string::npos ? s : s.substr(0, p);
}

at::Tensor& Args::t(size_t i) const {
  if (i >= info.Length() || !info[i].IsNumber()) throw std::runtime_error("expected a Tensor");
  return lookup(info[i].As<Napi::Number>().Uint32Value());
}

at::Tensor Args::opt(size_t i) const { return has(i) ? t(i) : at::Tensor(); }

at::Scalar Args::scalar(size_t i) const {
  if (info[i].IsBoolean()) return at::Scalar(info[i].As<Napi::Boolean>().Value());
  double v = num(i);
  // JS has one number type: integral values act as Python ints, others as Python floats.
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 9.007199254740992e15) return at::Scalar(static_cast<int64_t>(v));
  return at::Scalar(v);
}

std::vector<int64_t> Args::ints(size_t i) const {
  std::vector<int64_t> out;
  if (info[i].IsNumber()) { out.push_back(i64(i)); return out; }
  auto a = info[i].As<Napi::Array>();
  out.reserve(a.Length());
  for (uint32_t k = 0; k < a.Length(); k++) out.push_back(a.Get(k).As<Napi::Number>().Int64Value());
  return out;
}

std::vector<double> Args::doubles(size_t i) const {
  std::vector<double> out;
  auto a = info[i].As<Napi::Array>();
  for (uint32_t k = 0; k < a.Length(); k++) out.push_back(a.Get(k).As<Napi::Number>().DoubleValue());
  return out;
}

std::vector<at::Tensor> Args::tensors(size_t i) const {
  std::vector<at::Tensor> out;
  auto a = info[i].As<Napi::Array>();
  out.reserve(a.Length());
  for (uint32_t k = 0; k < a.Length(); k++) {
    Napi::Value v = a.Get(k);
    if (v.IsNumber()) out.push_back(lookup(v.As<Napi::Number>().Uint32Value()));
    else out.push_back(at::Tensor());
  }
  return out;
}

c10::optional<at::ScalarType> Args::dtype(size_t i) const {
  if (!has(i)) return c10::nullopt;
  int64_t d = i64(i);
  if (d < 0) return c10::nullopt;
  return static_cast<at::ScalarType>(d);
}

at::TensorOptions Args::options(size_t dtypeIdx, size_t deviceIdx) const {
  at::TensorOptions o;
  auto d = dtype(dtypeIdx);
  if (d) o = o.dtype(*d);
  if (has(deviceIdx)) o = o.device(at::Device(str(deviceIdx)));
  return o;
}

Napi::Value Args::ret(std::vector<at::Tensor> ts) const {
  auto a = Napi::Array::New(env(), ts.size());
  for (size_t k = 0; k < ts.size(); k++) a.Set(static_cast<uint32_t>(k), Napi::Number::New(env(), store(env(), std::move(ts[k]))));
  return a;
}

void def(Napi::Env env, Napi::Object exports, const char* name, Fn fn) {
  exports.Set(name, Napi::Function::New(env, [fn](const Napi::CallbackInfo& info) -> Napi::Value {
    Args a(info);
    try {
      return fn(a);
    } catch (const Napi::Error&) {
      throw;
    } catch (const c10::Error& e) {
      throw Napi::Error::New(info.Env(), firstLine(e.what_without_backtrace()));
    } catch (const std::exception& e) {
      throw Napi::Error::New(info.Env(), firstLine(e.what()));
    }
  }, name));
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  tlsRegistry = new Registry();
  env.AddCleanupHook([](Registry* r) { delete r; }, tlsRegistry);
  InitTensor(env, exports);
  InitAutograd(env, exports);
  InitNN(env, exports);
  InitOptim(env, exports);
  InitData(env, exports);
  InitCuda(env, exports);
  InitSerialize(env, exports);
  exports.Set("torchVersion", Napi::String::New(env, TORCH_VERSION));
  exports.Set("cxx11Abi", Napi::Number::New(env, _GLIBCXX_USE_CXX11_ABI));
  exports.Set("builtWithCuda", Napi::Boolean::New(env, TORCHTS_WITH_CUDA));
  return exports;
}

}  // namespace torchts

static Napi::Object InitAddon(Napi::Env env, Napi::Object exports) { return torchts::Init(env, exports); }
NODE_API_MODULE(torchts_addon, InitAddon)
