#include "common.h"
#include <c10/util/Exception.h>
#include <cmath>
#include <cstdlib>
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <malloc.h>

namespace torchts {
void InitJit(Napi::Object exports);  // native/jit.cc (declared here: common.h is in every file)

static thread_local Registry* tlsRegistry = nullptr;
Registry& registry() {
  return *tlsRegistry;
}

// Node runs a GC-time finalizer inside CallIntoModule and takes the env's pending exception for the
// finalizer's own. A native error is pending on the env while Node rethrows it, and a collection in
// that window aborted the process (Check failed: AllowJavascriptExecution::IsAllowed). So finalizers
// live in a second env, the addon loaded again by lib/native.ts, which never throws.
static thread_local napi_env tlsFinalizerEnv = nullptr;
Napi::Env finalizerEnv(Napi::Env env) {
  return tlsFinalizerEnv ? Napi::Env(tlsFinalizerEnv) : env;
}

static const int64_t kReportAbove = 4096;         // smaller storages are not worth a V8 call each
static const int64_t kSmallReportStep = 1 << 20;  // their sum is reported in steps of 1 MiB
// What a handle costs natively besides its data (TensorImpl, StorageImpl, allocator headers): counted
// too, so that many tiny tensors make V8 collect as their real memory grows.
static const int64_t kHandleOverhead = 320;

static void addSmall(Napi::Env env, Registry& r, int64_t nb) {
  r.smallPending += nb;
  if (r.smallPending >= kSmallReportStep || r.smallPending <= -kSmallReportStep) {
    Napi::MemoryManagement::AdjustExternalMemory(env, r.smallPending);
    r.smallPending = 0;
  }
}

uint32_t store(Napi::Env env, at::Tensor t) {
  Registry& r = registry();
  // Reported to V8 for every device: it is what makes V8 collect (and so free) unreferenced tensors.
  // Only storages worth reporting are tracked, so a small tensor costs no map lookup.
  const void* key = nullptr;
  int64_t nb = t.defined() && t.has_storage() ? static_cast<int64_t>(t.storage().nbytes()) : 0;
  if (t.defined() && t.is_sparse()) {
    // A sparse COO tensor has no storage of its own: its indices and values count (per handle).
    nb = std::min<int64_t>(static_cast<int64_t>(t._indices().nbytes() + t._values().nbytes()), INT32_MAX / 2);
  } else if (nb > kReportAbove) {
    key = t.storage().unsafeGetStorageImpl();
    auto& e = r.storages[key];
    if (e.second++ == 0) {
      e.first = nb;
      Napi::MemoryManagement::AdjustExternalMemory(env, nb);
      r.newBytes64k = static_cast<int32_t>(std::min<int64_t>(INT32_MAX, r.newBytes64k + (nb >> 16)));
    }
    nb = 0;
  }
  nb += kHandleOverhead;
  addSmall(env, r, nb);
  uint32_t h;
  if (!r.freeList.empty()) {
    h = r.freeList.back();
    r.freeList.pop_back();
    r.slots[h] = std::move(t);
    r.storageOf[h] = key;
    r.smallBytes[h] = static_cast<int32_t>(nb);
    r.gen[h]++;
  } else {
    h = static_cast<uint32_t>(r.slots.size());
    r.slots.push_back(std::move(t));
    r.storageOf.push_back(key);
    r.smallBytes.push_back(static_cast<int32_t>(nb));
    r.gen.push_back(0);
  }
  r.live++;
  return h;
}

void release(Napi::Env env, uint32_t h) {
  Registry& r = registry();
  if (h >= r.slots.size() || !r.slots[h].defined()) return;
  const void* key = r.storageOf[h];
  r.slots[h] = at::Tensor();
  r.storageOf[h] = nullptr;
  r.freeList.push_back(h);
  r.live--;
  if (r.smallBytes[h]) {
    addSmall(env, r, -r.smallBytes[h]);
    r.smallBytes[h] = 0;
  }
  if (!key) return;
  auto it = r.storages.find(key);
  if (it == r.storages.end() || --it->second.second > 0) return;
  Napi::MemoryManagement::AdjustExternalMemory(env, -it->second.first);
  r.storages.erase(it);
}

// Runs inside V8's garbage collection (a basic finalizer), so it only notes the handle: a native
// call may be holding that tensor right now (its JS object can be dead while its handle is in use).
// def() frees the noted tensors when the call returns.
static void tensorCollected(node_api_basic_env, void* data, void*) {
  if (tlsRegistry) tlsRegistry->collected.push_back(reinterpret_cast<uintptr_t>(data));
}

void releaseCollected(Napi::Env env) {
  Registry& r = registry();
  std::vector<uint64_t> keys;
  keys.swap(r.collected);
  for (uint64_t k : keys) {
    auto h = static_cast<uint32_t>(k >> 32);
    if (h < r.gen.size() && r.gen[h] == static_cast<uint32_t>(k)) release(env, h);
  }
}

// (objects[], handles[]): frees each tensor when V8 collects its JS object, even in a loop that
// never yields to the event loop (a FinalizationRegistry callback needs a turn of the loop).
static Napi::Value attachFinalizers(Args& a) {
  Registry& r = registry();
  if (!a.info[0].IsArray() || !a.info[1].IsArray()) a[0].fail("two arrays");
  auto objs = a.info[0].As<Napi::Array>();
  auto handles = a.info[1].As<Napi::Array>();
  uint32_t n = objs.Length();
  if (handles.Length() != n) throw std::invalid_argument("attachFinalizers(): lists of different lengths");
  for (uint32_t i = 0; i < n; i++) {
    uint32_t h = Arg(handles.Get(i), "attachFinalizers", 1, nullptr).handle();
    if (h >= r.slots.size() || !r.slots[h].defined()) continue;
    uint64_t key = (static_cast<uint64_t>(h) << 32) | r.gen[h];
    napi_status s =
        napi_add_finalizer(finalizerEnv(a.env()), objs.Get(i), reinterpret_cast<void*>(static_cast<uintptr_t>(key)),
                           tensorCollected, nullptr, nullptr);
    if (s != napi_ok) throw std::runtime_error("attachFinalizers(): napi_add_finalizer failed");
  }
  return a.none();
}

at::Tensor& lookup(uint32_t h) {
  Registry& r = registry();
  if (h >= r.slots.size() || !r.slots[h].defined()) throw std::runtime_error("Tensor has been disposed");
  return r.slots[h];
}

// torch/csrc/Exceptions.cpp's processErrorMsg: ATen's type names as Python names them in messages
// ("CPUFloatType" -> "torch.FloatTensor", "Variable[SparseCUDALongType]" -> "torch.cuda.sparse.LongTensor";
// the same eight scalar types, other names stay).
static std::string pythonTypeNames(std::string s) {
  if (s.find("Type") == std::string::npos) return s;
  static const std::vector<std::pair<std::string, std::string>> changes = [] {
    std::vector<std::pair<std::string, std::string>> v;
    const std::pair<const char*, const char*> backends[] = {{"SparseCUDA", "torch.cuda.sparse."},
                                                            {"SparseCPU", "torch.sparse."},
                                                            {"CUDA", "torch.cuda."},
                                                            {"CPU", "torch."}};
    const char* scalars[] = {"Byte", "Char", "Double", "Float", "Int", "Long", "Short", "Half"};
    for (const char* wrap : {"Variable[", ""})
      for (const auto& b : backends)
        for (const char* t : scalars)
          v.emplace_back(std::string(wrap) + b.first + t + "Type" + (*wrap ? "]" : ""),
                         std::string(b.second) + t + "Tensor");
    return v;
  }();
  for (const auto& c : changes)
    for (size_t pos = s.find(c.first); pos != std::string::npos; pos = s.find(c.first, pos + c.second.size()))
      s.replace(pos, c.first.size(), c.second);
  return s;
}

std::string firstLine(const std::string& s) {
  auto p = s.find('\n');
  return pythonTypeNames(p == std::string::npos ? s : s.substr(0, p));
}

// ---- reading arguments

static const char* jsTypeName(const Napi::Value& v) {
  switch (v.Type()) {
    case napi_undefined:
      return "undefined";
    case napi_null:
      return "null";
    case napi_boolean:
      return "boolean";
    case napi_number:
      return "number";
    case napi_string:
      return "string";
    case napi_symbol:
      return "symbol";
    case napi_function:
      return "function";
    case napi_external:
      return "external";
    case napi_bigint:
      return "bigint";
    default:
      return v.IsArray() ? "array" : "object";
  }
}

void Arg::fail(const std::string& expected) const {
  std::string where = key_ ? "option '" + std::string(key_) + "'" : "argument " + std::to_string(index_ + 1);
  std::string what = v_.IsUndefined() ? "missing " + where + " (expected " + expected + ")"
                                      : where + " must be " + expected + ", not " + jsTypeName(v_);
  throw Napi::TypeError::New(v_.Env(), std::string(fn_) + "(): " + what);
}

bool Arg::present() const {
  napi_valuetype type = v_.Type();
  return type != napi_undefined && type != napi_null;
}

// The raw N-API getters report a wrong type in their status: no separate type check per read.
uint32_t Arg::handle() const {
  // A handle is an integer slot number; NaN, fractions and negatives are not read as some other slot.
  double d;
  if (napi_get_value_double(v_.Env(), v_, &d) != napi_ok || !(d >= 0 && d < 4294967296.0) ||
      d != static_cast<double>(static_cast<uint32_t>(d))) {
    fail("a Tensor");
  }
  return static_cast<uint32_t>(d);
}

at::Tensor& Arg::t() const {
  return lookup(handle());
}

at::Tensor Arg::opt() const {
  return present() ? t() : at::Tensor();
}

double Arg::num() const {
  double d;
  if (napi_get_value_double(v_.Env(), v_, &d) != napi_ok) fail("a number");
  return d;
}

// A BigInt as Python's int: exact over int64's range, PyTorch's overflow error past it.
static int64_t bigInt64(const Napi::Value& v) {
  bool lossless = false;
  int64_t i = v.As<Napi::BigInt>().Int64Value(&lossless);
  if (!lossless) throw std::overflow_error("Overflow when unpacking long");
  return i;
}

int64_t Arg::i64() const {
  if (v_.IsBigInt()) return bigInt64(v_);
  int64_t i;
  if (napi_get_value_int64(v_.Env(), v_, &i) != napi_ok) fail("a number");
  return i;
}

bool Arg::b() const {
  bool x;
  if (napi_get_value_bool(v_.Env(), v_, &x) != napi_ok) fail("a boolean");
  return x;
}

std::string Arg::str() const {
  if (!v_.IsString()) fail("a string");
  return v_.As<Napi::String>().Utf8Value();
}

// What the addon keeps per environment (each worker thread loads it anew, so none of it can be static).
struct EnvData {
  // The JS classes lib/errors.ts defines, handed over by setErrorClasses.
  Napi::FunctionReference indexError, valueError, notImplementedError, linAlgError;
  // lib/complex.ts's Complex: complex scalars in both directions (JS has no complex number).
  Napi::FunctionReference complexClass;
  // lib/warnings.ts's (message, category) callback for libtorch's warnings.
  Napi::FunctionReference warn;
};

// ---- warnings

namespace {
class ThreadWarnings : public compat::CollectingWarningHandler {
 public:
  void collect(const c10::SourceLocation& loc, const std::string& msg, bool verbatim, bool deprecation) override {
    // Worded as torch/csrc/Exceptions.cpp words it for Python.
    pendingWarnings().push_back(
        {verbatim ? msg : msg + " (Triggered internally at " + loc.file + ":" + std::to_string(loc.line) + ".)",
         deprecation});
    pendingWarnings().back().msg = pythonTypeNames(pendingWarnings().back().msg);
  }
};
}  // namespace

std::vector<PendingWarning>& pendingWarnings() {
  static thread_local std::vector<PendingWarning> v;
  return v;
}

void flushWarnings(Napi::Env env) {
  std::vector<PendingWarning> ws;
  ws.swap(pendingWarnings());
  auto* data = env.GetInstanceData<EnvData>();
  if (!data || data->warn.IsEmpty()) {
    for (const auto& w : ws) std::fprintf(stderr, "UserWarning: %s\n", w.msg.c_str());
    return;
  }
  for (const auto& w : ws)
    data->warn.Call(
        {Napi::String::New(env, w.msg), Napi::String::New(env, w.deprecation ? "DeprecationWarning" : "UserWarning")});
}

void flushWarningsBeforeError(Napi::Env env) {
  try {
    flushWarnings(env);
  } catch (const Napi::Error&) {
    pendingWarnings().clear();  // the error being raised is what the caller sees
  }
}

bool isComplex(const Napi::Value& v) {
  auto* data = v.Env().GetInstanceData<EnvData>();
  if (!data || data->complexClass.IsEmpty() || !v.IsObject()) return false;
  auto o = v.As<Napi::Object>();
  return o.InstanceOf(data->complexClass.Value()) && o.Get("real").IsNumber() && o.Get("imag").IsNumber();
}

Napi::Value complexToJs(Napi::Env env, c10::complex<double> z) {
  auto* data = env.GetInstanceData<EnvData>();
  auto re = Napi::Number::New(env, z.real()), im = Napi::Number::New(env, z.imag());
  if (data && !data->complexClass.IsEmpty()) return data->complexClass.New({re, im});
  // The addon loaded without lib/: a plain {real, imag}.
  auto o = Napi::Object::New(env);
  o.Set("real", re);
  o.Set("imag", im);
  return o;
}

static const int64_t kMaxSafeInteger = 9007199254740991;  // Number.MAX_SAFE_INTEGER

Napi::Value scalarToJs(Napi::Env env, const at::Scalar& s) {
  if (s.isBoolean()) return Napi::Boolean::New(env, s.toBool());
  if (s.isComplex()) return complexToJs(env, s.toComplexDouble());
  if (s.isIntegral(false)) {
    // A Python int is exact at any size: past 2^53 a JS number is not, so those come back as BigInts.
    int64_t v = s.toLong();
    if (v > kMaxSafeInteger || v < -kMaxSafeInteger) return Napi::BigInt::New(env, v);
    return Napi::Number::New(env, static_cast<double>(v));
  }
  return Napi::Number::New(env, s.toDouble());
}

at::Scalar Arg::scalar() const {
  napi_valuetype type = v_.Type();
  if (type == napi_boolean) return at::Scalar(v_.As<Napi::Boolean>().Value());
  if (type == napi_bigint) return at::Scalar(bigInt64(v_));
  if (type == napi_object && isComplex(v_)) {
    auto o = v_.As<Napi::Object>();
    return at::Scalar(c10::complex<double>(o.Get("real").As<Napi::Number>().DoubleValue(),
                                           o.Get("imag").As<Napi::Number>().DoubleValue()));
  }
  if (type != napi_number) fail("a number, a bigint, a boolean or a Complex");
  double v = v_.As<Napi::Number>().DoubleValue();
  // JS has one number type: integral values act as Python ints, others as Python floats.
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 9.007199254740992e15) {
    return at::Scalar(static_cast<int64_t>(v));
  }
  return at::Scalar(v);
}

std::vector<int64_t> Arg::ints() const {
  std::vector<int64_t> out;
  if (v_.IsNumber()) {
    out.push_back(v_.As<Napi::Number>().Int64Value());
    return out;
  }
  if (!v_.IsArray()) fail("a number or an array of numbers");
  auto a = v_.As<Napi::Array>();
  out.reserve(a.Length());
  for (uint32_t k = 0; k < a.Length(); k++) {
    int64_t x;
    if (napi_get_value_int64(v_.Env(), a.Get(k), &x) != napi_ok) fail("an array of numbers");
    out.push_back(x);
  }
  return out;
}

std::vector<double> Arg::doubles() const {
  if (!v_.IsArray()) fail("an array of numbers");
  std::vector<double> out;
  auto a = v_.As<Napi::Array>();
  out.reserve(a.Length());
  for (uint32_t k = 0; k < a.Length(); k++) {
    double x;
    if (napi_get_value_double(v_.Env(), a.Get(k), &x) != napi_ok) fail("an array of numbers");
    out.push_back(x);
  }
  return out;
}

std::vector<at::Tensor> Arg::tensors() const {
  if (!v_.IsArray()) fail("an array of Tensors");
  std::vector<at::Tensor> out;
  auto a = v_.As<Napi::Array>();
  out.reserve(a.Length());
  for (uint32_t k = 0; k < a.Length(); k++) {
    Napi::Value v = a.Get(k);
    napi_valuetype type = v.Type();
    if (type == napi_number)
      out.push_back(lookup(Arg(v, fn_, index_, key_).handle()));
    else if (type == napi_undefined || type == napi_null)
      out.push_back(at::Tensor());
    else
      fail("an array of Tensors");
  }
  return out;
}

at::ScalarType checkedScalarType(int64_t d, const Arg& where) {
  if (d < 0 || d >= static_cast<int64_t>(at::ScalarType::NumOptions)) where.fail("a dtype code");
  return static_cast<at::ScalarType>(d);
}

c10::optional<at::ScalarType> Arg::dtype() const {
  if (!present()) return c10::nullopt;
  int64_t d = i64();
  if (d < 0) return c10::nullopt;
  return checkedScalarType(d, *this);
}

c10::optional<at::Device> Arg::device() const {
  if (!present()) return c10::nullopt;
  return at::Device(str());
}

static at::TensorOptions tensorOptions(const Arg& dtype, const Arg& device) {
  at::TensorOptions o;
  auto d = dtype.dtype();
  if (d) o = o.dtype(*d);
  auto dev = device.device();
  if (dev) o = o.device(*dev);
  return o;
}

at::TensorOptions Options::options(const char* dtypeKey, const char* deviceKey) const {
  return tensorOptions((*this)[dtypeKey], (*this)[deviceKey]);
}

at::TensorOptions Args::options(size_t dtypeIdx, size_t deviceIdx) const {
  return tensorOptions((*this)[dtypeIdx], (*this)[deviceIdx]);
}

Options Args::obj(size_t i) const {
  Arg o = (*this)[i];
  if (o.value().Type() != napi_object || o.value().IsArray()) o.fail("an options object");
  return Options(o.value().As<Napi::Object>(), fn_, i);
}

Napi::Value Args::ret(std::vector<at::Tensor> ts) const {
  auto a = Napi::Array::New(env(), ts.size());
  for (size_t k = 0; k < ts.size(); k++) {
    a.Set(static_cast<uint32_t>(k), Napi::Number::New(env(), store(env(), std::move(ts[k]))));
  }
  return a;
}

// ---- errors

static Napi::Error jsError(Napi::Env env, const Napi::FunctionReference& cls, const char* name,
                           const std::string& msg) {
  if (!cls.IsEmpty()) return Napi::Error(env, cls.Value().New({Napi::String::New(env, msg)}));
  // The addon loaded without lib/: a plain error carrying PyTorch's class name.
  Napi::Error e = Napi::Error::New(env, msg);
  if (std::string(name) == "IndexError") e = Napi::RangeError::New(env, msg);
  e.Set("name", Napi::String::New(env, name));
  return e;
}

Napi::Error currentJsError(Napi::Env env) {
  static const EnvData none;
  auto* data = env.GetInstanceData<EnvData>();
  const EnvData& cls = data ? *data : none;
  try {
    throw;
  } catch (const Napi::Error& e) {
    return e;
  } catch (const c10::IndexError& e) {
    return jsError(env, cls.indexError, "IndexError", firstLine(e.what_without_backtrace()));
  } catch (const c10::ValueError& e) {
    return jsError(env, cls.valueError, "ValueError", firstLine(e.what_without_backtrace()));
  } catch (const c10::TypeError& e) {
    return Napi::TypeError::New(env, firstLine(e.what_without_backtrace()));
  } catch (const c10::NotImplementedError& e) {
    return jsError(env, cls.notImplementedError, "NotImplementedError", firstLine(e.what_without_backtrace()));
  } catch (const c10::LinAlgError& e) {
    return jsError(env, cls.linAlgError, "LinAlgError", firstLine(e.what_without_backtrace()));
  } catch (const c10::Error& e) {
    return Napi::Error::New(env, firstLine(e.what_without_backtrace()));
  } catch (const std::exception& e) {
    return Napi::Error::New(env, firstLine(e.what()));
  } catch (...) {
    return Napi::Error::New(env, "unknown C++ exception");
  }
}

static void initErrors(Napi::Object e) {
  // ({IndexError, ValueError, NotImplementedError, LinAlgError}): the classes native errors are made of.
  def(e, "setErrorClasses", [](Args& a) -> Napi::Value {
    Options o = a.obj(0);
    auto* cls = a.env().GetInstanceData<EnvData>();
    const std::pair<const char*, Napi::FunctionReference*> fields[] = {
        {"IndexError", &cls->indexError},
        {"ValueError", &cls->valueError},
        {"NotImplementedError", &cls->notImplementedError},
        {"LinAlgError", &cls->linAlgError},
    };
    for (const auto& f : fields) {
      Arg v = o[f.first];
      if (!v.value().IsFunction()) v.fail("a class");
      *f.second = Napi::Persistent(v.value().As<Napi::Function>());
    }
    return a.none();
  });
  // (fn(message, category)): where libtorch's warnings go.
  def(e, "setWarningHandler", [](Args& a) -> Napi::Value {
    if (!a.info[0].IsFunction()) a[0].fail("a function");
    a.env().GetInstanceData<EnvData>()->warn = Napi::Persistent(a.info[0].As<Napi::Function>());
    return a.none();
  });
  // torch.set_warn_always / is_warn_always_enabled: TORCH_WARN_ONCE warns every time when on.
  def(e, "setWarnAlways", [](Args& a) -> Napi::Value {
    compat::setWarnAlways(a.b(0));
    return a.none();
  });
  def(e, "isWarnAlwaysEnabled",
      [](Args& a) -> Napi::Value { return Napi::Boolean::New(a.env(), compat::getWarnAlways()); });
  // (Complex): the class complex scalars are read from and made as.
  def(e, "setComplexClass", [](Args& a) -> Napi::Value {
    if (!a.info[0].IsFunction()) a[0].fail("a class");
    a.env().GetInstanceData<EnvData>()->complexClass = Napi::Persistent(a.info[0].As<Napi::Function>());
    return a.none();
  });
}

// glibc trims and regrows its heap around every training step at its default thresholds (many
// page faults, a 3x slower step on some runs); a high trim threshold and a fixed mmap threshold keep
// freed memory for reuse. Skipped when the user tunes malloc through GLIBC_TUNABLES.
static void tuneMalloc() {
#ifdef __GLIBC__
  const char* t = std::getenv("GLIBC_TUNABLES");
  if (t && std::strstr(t, "malloc.")) return;
  mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
  mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
#endif
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  if (tlsRegistry) {
    // A second load on this thread: its env only holds finalizers (see finalizerEnv).
    bool first = !tlsFinalizerEnv;
    if (first) {
      tlsFinalizerEnv = env;
      env.AddCleanupHook([]() { tlsFinalizerEnv = nullptr; });
    }
    exports.Set("finalizerEnv", Napi::Boolean::New(env, first));
    return exports;
  }
  tuneMalloc();
  tlsRegistry = new Registry();
  env.AddCleanupHook(
      [](Registry* r) {
        delete r;
        tlsRegistry = nullptr;
      },
      tlsRegistry);
  env.SetInstanceData(new EnvData());
  // This thread's libtorch warnings are collected for JS (each worker thread loads the addon anew).
  static thread_local ThreadWarnings warnings;
  compat::setThreadWarningHandler(&warnings);
  initErrors(exports);
  InitTensor(exports);
  InitTensorOps(exports);
  InitAutograd(exports);
  InitNN(exports);
  InitNNLosses(exports);
  InitOptim(exports);
  InitData(exports);
  InitCuda(exports);
  InitSerialize(exports);
  InitImage(exports);
  InitDistributed(exports);
  InitRnn(exports);
  InitAttention(exports);
  InitAmp(exports);
  InitDispatch(exports);
  InitConfig(exports);
  InitProfiler(exports);
  InitJit(exports);
  def(exports, "attachFinalizers", attachFinalizers);
  // () -> an ArrayBuffer over this thread's Registry::newBytes64k (lives as long as the env).
  def(exports, "newBytesCounter", [](Args& a) -> Napi::Value {
    return Napi::ArrayBuffer::New(a.env(), &registry().newBytes64k, sizeof(int32_t), [](Napi::Env, void*) {});
  });
  exports.Set("torchVersion", Napi::String::New(env, TORCH_VERSION));
  exports.Set("cxx11Abi", Napi::Number::New(env, _GLIBCXX_USE_CXX11_ABI));
  exports.Set("builtWithCuda", Napi::Boolean::New(env, TORCHTS_WITH_CUDA));
  // Binaries from before the finalizer env must not be loaded twice: each load was a full instance.
  exports.Set("takesFinalizerEnv", Napi::Boolean::New(env, true));
  return exports;
}

}  // namespace torchts

static Napi::Object InitAddon(Napi::Env env, Napi::Object exports) {
  return torchts::Init(env, exports);
}
NODE_API_MODULE(torchts_addon, InitAddon)
