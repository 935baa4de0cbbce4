// Shared by every native area: the tensor handle table, argument reading and the one
// exception-wrapping helper. JS holds tensors as integer handles into a per-thread table, so an op
// that returns a tensor creates no JS object on the native side (cheaper than an ObjectWrap each).
#pragma once
#include <napi.h>
#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <string>
#include <vector>
#include "compat.h"

namespace torchts {

struct Registry {
  std::vector<at::Tensor> slots;
  std::vector<int64_t> bytes;  // what each slot reported to V8 as external memory
  std::vector<uint32_t> freeList;
  size_t live = 0;
};
Registry& registry();

uint32_t store(Napi::Env env, at::Tensor t);
void release(Napi::Env env, uint32_t h);
at::Tensor& lookup(uint32_t h);

std::string firstLine(const std::string& s);

// Reads arguments as TypeScript already checked them; a wrong handle still throws, never crashes.
struct Args {
  const Napi::CallbackInfo& info;
  explicit Args(const Napi::CallbackInfo& i) : info(i) {}
  Napi::Env env() const { return info.Env(); }
  size_t size() const { return info.Length(); }
  bool has(size_t i) const { return i < info.Length() && !info[i].IsUndefined() && !info[i].IsNull(); }
  at::Tensor& t(size_t i) const;
  at::Tensor opt(size_t i) const;  // undefined/null -> undefined tensor
  double num(size_t i) const { return info[i].As<Napi::Number>().DoubleValue(); }
  int64_t i64(size_t i) const { return info[i].As<Napi::Number>().Int64Value(); }
  bool b(size_t i) const { return info[i].ToBoolean().Value(); }
  std::string str(size_t i) const { return info[i].As<Napi::String>().Utf8Value(); }
  at::Scalar scalar(size_t i) const;
  std::vector<int64_t> ints(size_t i) const;
  std::vector<double> doubles(size_t i) const;
  std::vector<at::Tensor> tensors(size_t i) const;
  c10::optional<at::ScalarType> dtype(size_t i) const;  // -1 / undefined -> none
  at::TensorOptions options(size_t dtypeIdx, size_t deviceIdx) const;
  Napi::Value ret(at::Tensor t) const { return Napi::Number::New(env(), store(env(), std::move(t))); }
  Napi::Value ret(std::vector<at::Tensor> ts) const;
  Napi::Value none() const { return env().Undefined(); }
};

// Native objects other than tensors (generators, loader jobs, streams, CUDA graphs) travel as
// Externals tagged with their type, so a wrong object from JS throws instead of being misread.
template <class T>
Napi::Value wrapExternal(Napi::Env env, T* p, const napi_type_tag& tag) {
  auto e = Napi::External<T>::New(env, p, [](Napi::Env, T* q) { delete q; });
  e.TypeTag(&tag);
  return e;
}
template <class T>
T& unwrapExternal(const Napi::Value& v, const napi_type_tag& tag, const char* what) {
  if (!v.IsExternal() || !v.As<Napi::External<T>>().CheckTypeTag(&tag)) throw std::runtime_error(std::string("expected a ") + what);
  return *v.As<Napi::External<T>>().Data();
}

// Every native function goes through this: c10::Error and std::exception become JS Errors
// carrying PyTorch's first message line.
using Fn = Napi::Value (*)(Args&);
void def(Napi::Env env, Napi::Object exports, const char* name, Fn fn);

void InitTensor(Napi::Env env, Napi::Object exports);
void InitAutograd(Napi::Env env, Napi::Object exports);
void InitNN(Napi::Env env, Napi::Object exports);
void InitOptim(Napi::Env env, Napi::Object exports);
void InitData(Napi::Env env, Napi::Object exports);
void InitCuda(Napi::Env env, Napi::Object exports);
void InitSerialize(Napi::Env env, Napi::Object exports);

}  // namespace torchts
