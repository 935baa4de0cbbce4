// Shared by every native area: the tensor handle table, argument reading and the one registration
// path (def). JS holds tensors as integer handles into a per-thread table, so an op that returns a
// tensor creates no JS object on the native side (cheaper than an ObjectWrap each).
#pragma once
#include <atomic>
#include <napi.h>
#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <string>
#include <unordered_map>
#include <deque>
#include <vector>
#include "compat.h"

namespace torchts {

// Held while a factory (zeros, arange, randn...) fills its fresh tensor: below ADInplaceOrView, as
// Python's bindings call them, so that fill is not counted as a write (the tensor's _version is 0).
using FactoryGuard = at::AutoDispatchBelowADInplaceOrView;

struct Registry {
  // A deque: an op holds its arguments by reference into this table (Args::t), and JS it calls while it
  // runs (a saved-tensor pack hook) can store new tensors; a growing vector would move them away.
  std::deque<at::Tensor> slots;
  std::vector<const void*> storageOf;  // each slot's storage (null without one), counted once below
  // Per storage: the bytes reported to V8 as external memory and how many slots hold it. Views share
  // their base's storage, so a slice of a large dataset tensor adds nothing (counting it again made
  // V8 run a full GC every step of a loop over `xs.narrow(...)`).
  std::unordered_map<const void*, std::pair<int64_t, uint32_t>> storages;
  // Small storages are not tracked one by one: their bytes (per slot) are summed and reported to V8 in
  // steps of kSmallReportStep, so a loop of many small tensors still makes V8 collect.
  std::vector<int32_t> smallBytes;
  int64_t smallPending = 0;
  std::vector<uint32_t> gen;  // bumped when a slot is reused, so a stale finalizer cannot free it
  std::vector<uint32_t> freeList;
  std::vector<uint64_t> collected;  // (handle, gen) of tensor objects V8 collected, freed after the call
  size_t live = 0;
  // New storage bytes in 64 KiB units, read by lib/memory.ts through an ArrayBuffer over this field on
  // every new tensor: tensors waiting in a batch for their finalizers are attached early once they hold
  // much memory (a batch of 64 large tensors kept gigabytes alive in a loop that never yields).
  int32_t newBytes64k = 0;
};
Registry& registry();

uint32_t store(Napi::Env env, at::Tensor t);
void release(Napi::Env env, uint32_t h);
at::Tensor& lookup(uint32_t h);
// Frees the tensors whose JS objects were collected since the last call (see attachFinalizers).
void releaseCollected(Napi::Env env);
// JS buffers whose tensors (torch.frombuffer) are gone: their references are dropped on their JS thread,
// at the next native call there (a tensor may be freed on any thread).
extern std::atomic<bool> deadBuffersPending;
void releaseDeadBuffers(Napi::Env env);
// The env that finalizers are registered under: a second instance of the addon that never throws
// (see Init), or `env` when lib/ did not load one.
Napi::Env finalizerEnv(Napi::Env env);

std::string firstLine(const std::string& s);

// One JS value read as a C++ type. A value of the wrong JS type throws a JS TypeError that names
// the entry point and the argument ("conv2d(): option 'groups' must be a number, not string"),
// so a bad value from JS never crashes or is silently misread.
class Arg {
 public:
  Arg(Napi::Value v, const char* fn, size_t index, const char* key) : v_(v), fn_(fn), index_(index), key_(key) {}
  const Napi::Value& value() const { return v_; }
  bool present() const;  // neither undefined nor null
  bool isString() const { return v_.IsString(); }
  uint32_t handle() const;
  at::Tensor& t() const;
  at::Tensor opt() const;  // undefined/null -> undefined tensor
  double num() const;
  int64_t i64() const;
  bool b() const;
  std::string str() const;
  at::Scalar scalar() const;
  std::vector<int64_t> ints() const;  // a number or an array of numbers
  std::vector<double> doubles() const;
  std::vector<at::Tensor> tensors() const;      // undefined/null entries -> undefined tensors
  c10::optional<at::ScalarType> dtype() const;  // undefined/null/-1 -> none
  c10::optional<at::Device> device() const;     // undefined/null -> none
  template <class T>
  T& external(const napi_type_tag& tag, const char* what) const {
    if (!v_.IsExternal() || !v_.As<Napi::External<T>>().CheckTypeTag(&tag)) fail(what);
    return *v_.As<Napi::External<T>>().Data();
  }
  [[noreturn]] void fail(const std::string& expected) const;

 private:
  Napi::Value v_;
  const char* fn_;
  size_t index_;
  const char* key_;  // set for a field of an options object
};

// Complex scalars: an instance of lib/complex.ts's Complex (setComplexClass) <-> c10::complex<double>.
bool isComplex(const Napi::Value& v);
Napi::Value complexToJs(Napi::Env env, c10::complex<double> z);
// A Scalar as JS holds it: boolean, number or Complex.
Napi::Value scalarToJs(Napi::Env env, const at::Scalar& s);

// A ScalarType number checked against the enum's range (a TypeError naming `where` otherwise).
at::ScalarType checkedScalarType(int64_t d, const Arg& where);

// An options object argument: entry points with more than four arguments take the tensors they
// need positionally and everything else as named fields of one object.
class Options {
 public:
  Options(Napi::Object o, const char* fn, size_t index) : o_(o), fn_(fn), index_(index) {}
  // By a C string (a key string cached across calls measured slower under Node-API 8).
  Arg operator[](const char* key) const { return Arg(o_.Get(key), fn_, index_, key); }
  bool has(const char* key) const { return (*this)[key].present(); }
  at::Tensor& t(const char* key) const { return (*this)[key].t(); }
  at::Tensor opt(const char* key) const { return (*this)[key].opt(); }
  double num(const char* key) const { return (*this)[key].num(); }
  int64_t i64(const char* key) const { return (*this)[key].i64(); }
  bool b(const char* key) const { return (*this)[key].b(); }
  std::vector<int64_t> ints(const char* key) const { return (*this)[key].ints(); }
  std::vector<double> doubles(const char* key) const { return (*this)[key].doubles(); }
  std::vector<at::Tensor> tensors(const char* key) const { return (*this)[key].tensors(); }
  c10::optional<at::Device> device(const char* key) const { return (*this)[key].device(); }
  at::TensorOptions options(const char* dtypeKey, const char* deviceKey) const;

 private:
  Napi::Object o_;
  const char* fn_;
  size_t index_;
};

// The arguments of one native call, read by position.
class Args {
 public:
  Args(const Napi::CallbackInfo& i, const char* fn) : info(i), fn_(fn) {}
  const Napi::CallbackInfo& info;
  Napi::Env env() const { return info.Env(); }
  size_t size() const { return info.Length(); }
  Arg operator[](size_t i) const { return Arg(info[i], fn_, i, nullptr); }
  bool has(size_t i) const { return i < info.Length() && (*this)[i].present(); }
  at::Tensor& t(size_t i) const { return (*this)[i].t(); }
  at::Tensor opt(size_t i) const { return (*this)[i].opt(); }
  double num(size_t i) const { return (*this)[i].num(); }
  int64_t i64(size_t i) const { return (*this)[i].i64(); }
  bool b(size_t i) const { return (*this)[i].b(); }
  std::string str(size_t i) const { return (*this)[i].str(); }
  at::Scalar scalar(size_t i) const { return (*this)[i].scalar(); }
  std::vector<int64_t> ints(size_t i) const { return (*this)[i].ints(); }
  std::vector<at::Tensor> tensors(size_t i) const { return (*this)[i].tensors(); }
  c10::optional<at::ScalarType> dtype(size_t i) const { return (*this)[i].dtype(); }
  at::TensorOptions options(size_t dtypeIdx, size_t deviceIdx) const;
  Options obj(size_t i) const;
  Napi::Value ret(at::Tensor t) const { return Napi::Number::New(env(), store(env(), std::move(t))); }
  Napi::Value ret(std::vector<at::Tensor> ts) const;
  Napi::Value none() const { return env().Undefined(); }

 private:
  const char* fn_;
};

// Native objects other than tensors (generators, loader jobs, streams, CUDA graphs) travel as
// Externals tagged with their type, so a wrong object from JS throws instead of being misread.
template <class T>
Napi::Value wrapExternal(Napi::Env env, T* p, const napi_type_tag& tag) {
  auto e = Napi::External<T>::New(finalizerEnv(env), p, [](Napi::Env, T* q) { delete q; });
  e.TypeTag(&tag);
  return e;
}

// The C++ exception being handled as the JS error PyTorch's Python front end raises for it
// (torch/csrc/Exceptions.h): c10::IndexError -> IndexError, c10::ValueError -> ValueError,
// c10::TypeError -> TypeError, c10::NotImplementedError -> NotImplementedError, c10::LinAlgError ->
// LinAlgError, anything else -> Error; the message is PyTorch's first line. Call only inside a catch.
Napi::Error currentJsError(Napi::Env env);

// Warnings libtorch raised (TORCH_WARN) on this thread during a native call, handed to JS after
// it (lib/warnings.ts emits them as PyTorch's Python front end turns them into UserWarnings).
struct PendingWarning {
  std::string msg;
  bool deprecation;
};
std::vector<PendingWarning>& pendingWarnings();
void flushWarnings(Napi::Env env);
// The same while an error is about to be thrown: a warning that fails (an error filter) is dropped.
void flushWarningsBeforeError(Napi::Env env);

// Registers one native entry point. `fn` is a captureless lambda or a function taking Args&; it is
// stored once here, so a call costs no allocation. Every C++ exception leaves as a JS error.
template <class F>
void def(Napi::Object exports, const char* name, F fn) {
  auto call = [fn, name](const Napi::CallbackInfo& info) -> Napi::Value {
    Args a(info, name);
    try {
      Napi::Value out = fn(a);
      if (!registry().collected.empty()) releaseCollected(info.Env());
      if (deadBuffersPending.load(std::memory_order_relaxed)) releaseDeadBuffers(info.Env());
      if (!pendingWarnings().empty()) flushWarnings(info.Env());
      return out;
    } catch (...) {
      Napi::Error e = currentJsError(info.Env());
      // As Python's warning handler: warnings raised before the error are shown, then the error raised.
      if (!pendingWarnings().empty()) flushWarningsBeforeError(info.Env());
      throw e;
    }
  };
  exports.Set(name, Napi::Function::New(exports.Env(), call, name));
}

// A binary op in two forms, tensor-tensor (tt) and tensor-number (ts): `op` is a generic lambda
// called with (Tensor, Tensor) and with (Tensor, Scalar).
template <class Op>
void defBinary(Napi::Object e, const char* tt, const char* ts, Op op) {
  def(e, tt, [op](Args& a) -> Napi::Value { return a.ret(op(a.t(0), a.t(1))); });
  def(e, ts, [op](Args& a) -> Napi::Value { return a.ret(op(a.t(0), a.scalar(1))); });
}

void InitTensor(Napi::Object exports);
void InitTensorOps(Napi::Object exports);
void InitAutograd(Napi::Object exports);
void InitNN(Napi::Object exports);
void InitNNLosses(Napi::Object exports);  // native/nn_losses.cc
void InitOptim(Napi::Object exports);
void InitData(Napi::Object exports);
void InitCuda(Napi::Object exports);
void InitSerialize(Napi::Object exports);
void InitImage(Napi::Object exports);
void InitDistributed(Napi::Object exports);
void InitRnn(Napi::Object exports);
void InitAttention(Napi::Object exports);
void InitAmp(Napi::Object exports);
void InitConfig(Napi::Object exports);    // native/config.cc
void InitDispatch(Napi::Object exports);  // native/dispatch.cc
void InitProfiler(Napi::Object exports);  // native/profiler.cc

// A torch.Generator from JS (an External made by generatorNew, native/data.cc).
at::Generator& generatorArg(const Arg& v);

}  // namespace torchts
