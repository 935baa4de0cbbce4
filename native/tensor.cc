// Tensor area: creation, facts, moves, reading back, operations, memory accounting.
#include "common.h"
#include <c10/core/DefaultDtype.h>
#include <ATen/TensorIndexing.h>
#include <ATen/Parallel.h>
#include <ATen/ScalarOps.h>
#include <cstring>
#include <vector>
#include <algorithm>
#include <mutex>
#include <exception>
#include <malloc.h>
#include <map>
#include <set>

namespace torchts {

// The items of x[...] as lib/indexing.ts encodes them: a number, null (None), a boolean, "...",
// {s, e, p} (a slice; null fields take the default) or {t: handle} (a tensor index).
static std::vector<at::indexing::TensorIndex> indicesOf(Args& a, size_t i) {
  using namespace at::indexing;
  if (!a.info[i].IsArray()) throw Napi::TypeError::New(a.env(), "index(): the indices must be an array");
  auto arr = a.info[i].As<Napi::Array>();
  std::vector<TensorIndex> out;
  out.reserve(arr.Length());
  for (uint32_t k = 0; k < arr.Length(); k++) {
    Napi::Value v = arr.Get(k);
    if (v.IsNumber()) {
      out.emplace_back(v.As<Napi::Number>().Int64Value());
    } else if (v.IsNull()) {
      out.emplace_back(None);
    } else if (v.IsBoolean()) {
      out.emplace_back(v.As<Napi::Boolean>().Value());
    } else if (v.IsString() && v.As<Napi::String>().Utf8Value() == "...") {
      out.emplace_back(Ellipsis);
    } else if (v.IsObject() && v.As<Napi::Object>().Has("t")) {
      out.emplace_back(lookup(Arg(v.As<Napi::Object>().Get("t"), "index", 0, "t").handle()));
    } else if (v.IsObject()) {
      auto o = v.As<Napi::Object>();
      auto field = [&](const char* key) -> c10::optional<int64_t> {
        Napi::Value f = o.Get(key);
        if (!f.IsNumber()) return c10::nullopt;
        return f.As<Napi::Number>().Int64Value();
      };
      out.emplace_back(Slice(field("s"), field("e"), field("p")));
    } else {
      throw Napi::TypeError::New(a.env(),
                                 "index(): an index must be a number, null, a boolean, '...', a slice or a Tensor");
    }
  }
  return out;
}

// The in-place versions of the same two forms; `op` updates its first argument.
template <class Op>
void defBinaryInPlace(Napi::Object e, const char* tt, const char* ts, Op op) {
  def(e, tt, [op](Args& a) -> Napi::Value {
    op(a.t(0), a.t(1));
    return a.none();
  });
  def(e, ts, [op](Args& a) -> Napi::Value {
    op(a.t(0), a.scalar(1));
    return a.none();
  });
}

// add/sub/mul/div with a number: Python passes the number as a wrapped 0-dim tensor, which picks the
// same kernel, type promotion and grad_fn (AddBackward0) as PyTorch.
static const at::Tensor& operand(const at::Tensor& t) {
  return t;
}
static at::Tensor operand(const at::Scalar& s) {
  return at::native::wrapped_scalar_tensor(s);
}

static at::Scalar alphaOf(Args& a, size_t i) {
  return a.has(i) ? a.scalar(i) : at::Scalar(1);
}

static c10::optional<int64_t> optDim(Args& a, size_t i) {
  return a.has(i) ? c10::optional<int64_t>(a.i64(i)) : c10::nullopt;
}

static c10::optional<at::Scalar> optScalar(Args& a, size_t i) {
  return a.has(i) ? c10::optional<at::Scalar>(a.scalar(i)) : c10::nullopt;
}

static Napi::Value number(Args& a, double v) {
  return Napi::Number::New(a.env(), v);
}
static Napi::Value boolean(Args& a, bool v) {
  return Napi::Boolean::New(a.env(), v);
}

// The elements as PyTorch's tolist()/numpy() read them: a conjugate or negative view (x.conj(),
// x.conj().imag) materialized (its memory holds the unconjugated values), on the CPU, contiguous.
// resolve_conj/resolve_neg return the tensor itself when its bits are not set.
static at::Tensor readable(const at::Tensor& t) {
  return t.resolve_conj().resolve_neg().to(at::kCPU).contiguous();
}

class ReadWorker : public Napi::AsyncWorker {
 public:
  ReadWorker(Napi::Env env, at::Tensor t)
      : Napi::AsyncWorker(env), t_(std::move(t)), deferred_(Napi::Promise::Deferred::New(env)) {}
  Napi::Promise promise() { return deferred_.Promise(); }
  void Execute() override {
    try {
      host_ = readable(t_);
    } catch (...) {
      // Turned into PyTorch's error class back on the JS thread, in OnError (which runs only when
      // the error string is not empty).
      error_ = std::current_exception();
      SetError("read failed");
    }
  }
  void OnOK() override {
    size_t n = host_.nbytes();
    auto buf = Napi::ArrayBuffer::New(Env(), n);
    if (n) std::memcpy(buf.Data(), host_.data_ptr(), n);
    deferred_.Resolve(buf);
  }
  void OnError(const Napi::Error&) override {
    try {
      std::rethrow_exception(error_);
    } catch (...) {
      deferred_.Reject(currentJsError(Env()).Value());
    }
  }

 private:
  at::Tensor t_, host_;
  std::exception_ptr error_;
  Napi::Promise::Deferred deferred_;
};

// torch.frombuffer's JS buffers: a reference per tensor, dropped when the tensor's storage goes.
struct DeadBuffer {
  napi_env env;
  napi_ref ref;
};
static std::mutex deadBuffersMutex;
static std::vector<DeadBuffer> deadBuffers;
// Envs (JS threads) that made such tensors and still live: a worker's env goes away with its references,
// so a tensor it leaves behind has nothing to drop (and nothing waits for that env's next call).
static std::set<napi_env> bufferEnvs;
std::atomic<bool> deadBuffersPending{false};
static void forgetBufferEnv(void* env) {
  std::lock_guard<std::mutex> lock(deadBuffersMutex);
  bufferEnvs.erase(static_cast<napi_env>(env));
  deadBuffers.erase(std::remove_if(deadBuffers.begin(), deadBuffers.end(),
                                   [&](const DeadBuffer& d) { return d.env == static_cast<napi_env>(env); }),
                    deadBuffers.end());
  deadBuffersPending.store(!deadBuffers.empty());
}
void releaseDeadBuffers(Napi::Env env) {
  std::vector<DeadBuffer> mine;
  {
    std::lock_guard<std::mutex> lock(deadBuffersMutex);
    auto keep = std::remove_if(deadBuffers.begin(), deadBuffers.end(), [&](const DeadBuffer& d) {
      if (d.env != static_cast<napi_env>(env)) return false;
      mine.push_back(d);
      return true;
    });
    deadBuffers.erase(keep, deadBuffers.end());
    deadBuffersPending.store(!deadBuffers.empty());
  }
  for (const DeadBuffer& d : mine) napi_delete_reference(d.env, d.ref);
}

static void initCreation(Napi::Object e) {
  // torch.frombuffer: (ArrayBuffer | view, byte offset, count, dtype code) -> a 1-d tensor over those bytes,
  // sharing them (the buffer is kept alive while the tensor's storage lives). lib/creation.ts checks the
  // arguments with PyTorch's messages first.
  def(e, "frombuffer", [](Args& a) -> Napi::Value {
    Napi::Value v = a.info[0];
    uint8_t* base = nullptr;
    size_t length = 0;
    Napi::Object owner;
    if (v.IsTypedArray()) {
      auto arr = v.As<Napi::TypedArray>();
      base = static_cast<uint8_t*>(arr.ArrayBuffer().Data()) + arr.ByteOffset();
      length = arr.ByteLength();
      owner = arr.ArrayBuffer();
    } else if (v.IsDataView()) {
      auto view = v.As<Napi::DataView>();
      base = static_cast<uint8_t*>(view.ArrayBuffer().Data()) + view.ByteOffset();
      length = view.ByteLength();
      owner = view.ArrayBuffer();
    } else if (v.IsArrayBuffer()) {
      auto buf = v.As<Napi::ArrayBuffer>();
      base = static_cast<uint8_t*>(buf.Data());
      length = buf.ByteLength();
      owner = buf;
    } else {
      a[0].fail("an ArrayBuffer or a view of one");
    }
    int64_t offset = a.i64(1), count = a.i64(2);
    auto dtype = checkedScalarType(a.i64(3), a[3]);
    int64_t size = static_cast<int64_t>(c10::elementSize(dtype));
    TORCH_CHECK(offset >= 0 && count > 0 && offset + count * size <= static_cast<int64_t>(length),
                "frombuffer: the range is outside the buffer");
    napi_ref ref;
    napi_env env = a.env();
    {
      std::lock_guard<std::mutex> lock(deadBuffersMutex);
      if (bufferEnvs.insert(env).second) napi_add_env_cleanup_hook(env, forgetBufferEnv, env);
    }
    if (napi_create_reference(env, owner, 1, &ref) != napi_ok) throw std::runtime_error("frombuffer: no reference");
    auto release = [env, ref](void*) {
      std::lock_guard<std::mutex> lock(deadBuffersMutex);
      if (!bufferEnvs.count(env)) return;
      deadBuffers.push_back({env, ref});
      deadBuffersPending.store(true);
    };
    at::Tensor t = at::from_blob(base + offset, {count}, release, at::TensorOptions().dtype(dtype));
    return a.ret(t);
  });
  // (typedArray, {srcDtype, shape, dtype?, device?})
  def(e, "fromBuffer", [](Args& a) -> Napi::Value {
    if (!a.info[0].IsTypedArray()) a[0].fail("a TypedArray");
    auto arr = a.info[0].As<Napi::TypedArray>();
    Options o = a.obj(1);
    auto src = checkedScalarType(o.i64("srcDtype"), o["srcDtype"]);
    auto shape = o.ints("shape");
    uint8_t* p = static_cast<uint8_t*>(arr.ArrayBuffer().Data()) + arr.ByteOffset();
    int64_t n = 1;
    for (auto s : shape) {
      if (s < 0 || (s && n > INT64_MAX / s)) throw std::runtime_error("shape does not match the buffer's length");
      n *= s;
    }
    // A complex dtype travels as its interleaved (real, imag) parts: two elements each.
    int64_t parts = c10::isComplexType(src) ? 2 : 1;
    if (n * parts != static_cast<int64_t>(arr.ElementLength()) ||
        n * static_cast<int64_t>(c10::elementSize(src)) != static_cast<int64_t>(arr.ByteLength())) {
      throw std::runtime_error("shape and dtype do not match the buffer's length");
    }
    at::Tensor t = at::empty(shape, at::TensorOptions().dtype(src));
    if (n) std::memcpy(t.data_ptr(), p, t.nbytes());
    auto opts = o.options("dtype", "device");
    if (opts.has_dtype() || opts.has_device()) t = t.to(opts);
    return a.ret(t);
  });
  def(e, "zeros", [](Args& a) -> Napi::Value {
    FactoryGuard g;
    return a.ret(at::zeros(a.ints(0), a.options(1, 2)));
  });
  def(e, "ones", [](Args& a) -> Napi::Value {
    FactoryGuard g;
    return a.ret(at::ones(a.ints(0), a.options(1, 2)));
  });
  def(e, "empty", [](Args& a) -> Napi::Value { return a.ret(at::empty(a.ints(0), a.options(1, 2))); });
  def(e, "full", [](Args& a) -> Napi::Value {
    FactoryGuard g;
    return a.ret(at::full(a.ints(0), a.scalar(1), a.options(2, 3)));
  });
  def(e, "rand", [](Args& a) -> Napi::Value {
    FactoryGuard g;
    return a.ret(at::rand(a.ints(0), a.options(1, 2)));
  });
  def(e, "randn", [](Args& a) -> Napi::Value {
    FactoryGuard g;
    return a.ret(at::randn(a.ints(0), a.options(1, 2)));
  });
  // ({low, high, size, dtype?, device?})
  def(e, "randint", [](Args& a) -> Napi::Value {
    FactoryGuard g;
    Options o = a.obj(0);
    return a.ret(at::randint(o.i64("low"), o.i64("high"), o.ints("size"), o.options("dtype", "device")));
  });
  def(e, "randperm", [](Args& a) -> Napi::Value {
    FactoryGuard g;
    return a.ret(at::randperm(a.i64(0), a.options(1, 2)));
  });
  // ({start, end, step, dtype?, device?})
  def(e, "arange", [](Args& a) -> Napi::Value {
    FactoryGuard g;
    Options o = a.obj(0);
    return a.ret(at::arange(o["start"].scalar(), o["end"].scalar(), o["step"].scalar(), o.options("dtype", "device")));
  });
  def(e, "eye", [](Args& a) -> Napi::Value {
    FactoryGuard g;
    return a.ret(at::eye(a.i64(0), a.i64(1), a.options(2, 3)));
  });
  def(e, "zerosLike", [](Args& a) -> Napi::Value { return a.ret(at::zeros_like(a.t(0), a.options(1, 2))); });
  def(e, "onesLike", [](Args& a) -> Napi::Value { return a.ret(at::ones_like(a.t(0), a.options(1, 2))); });
  def(e, "emptyLike", [](Args& a) -> Napi::Value { return a.ret(at::empty_like(a.t(0), a.options(1, 2))); });
  def(e, "fullLike", [](Args& a) -> Napi::Value { return a.ret(at::full_like(a.t(0), a.scalar(1), a.options(2, 3))); });
  def(e, "randLike", [](Args& a) -> Napi::Value { return a.ret(at::rand_like(a.t(0), a.options(1, 2))); });
  def(e, "randnLike", [](Args& a) -> Napi::Value { return a.ret(at::randn_like(a.t(0), a.options(1, 2))); });
  def(e, "manualSeed", [](Args& a) -> Napi::Value {
    at::manual_seed(static_cast<uint64_t>(a.i64(0)));
    return a.none();
  });
  // A Python number where PyTorch allows numbers as tensors (add, sub, mul, div, ...): a 0-dim tensor
  // marked as a wrapped number, so type promotion treats it as the scalar it was.
  def(e, "wrappedNumber", [](Args& a) -> Napi::Value {
    at::Tensor t = at::scalar_to_tensor(a.scalar(0));
    t.unsafeGetTensorImpl()->set_wrapped_number(true);
    return a.ret(t);
  });
  // torch.set_default_dtype / get_default_dtype: process-wide, as in PyTorch; factories without a dtype
  // (zeros, rand, arange with floats, nn parameters) follow it.
  def(e, "setDefaultDtype", [](Args& a) -> Napi::Value {
    c10::set_default_dtype(c10::scalarTypeToTypeMeta(static_cast<at::ScalarType>(a.i64(0))));
    return a.none();
  });
  def(e, "getDefaultDtype", [](Args& a) -> Napi::Value {
    return Napi::Number::New(a.env(), static_cast<double>(c10::typeMetaToScalarType(c10::get_default_dtype())));
  });
  // The default generator of a device ("cpu", "cuda:0"): its state as a uint8 tensor, and back.
  def(e, "getRngState", [](Args& a) -> Napi::Value {
    auto g = at::globalContext().defaultGenerator(at::Device(a.str(0)));
    std::lock_guard<std::mutex> lock(g.mutex());
    return a.ret(g.get_state());
  });
  def(e, "setRngState", [](Args& a) -> Napi::Value {
    auto g = at::globalContext().defaultGenerator(at::Device(a.str(0)));
    std::lock_guard<std::mutex> lock(g.mutex());
    g.set_state(a.t(1));
    return a.none();
  });
  def(e, "setNumThreads", [](Args& a) -> Napi::Value {
    at::set_num_threads(static_cast<int>(a.i64(0)));
    return a.none();
  });
  def(e, "getNumThreads", [](Args& a) -> Napi::Value { return number(a, at::get_num_threads()); });
}

// A memory format by its torchts name (torch.contiguous_format, channels_last, channels_last_3d,
// preserve_format in PyTorch).
static at::MemoryFormat memoryFormat(const Arg& v) {
  std::string s = v.str();
  if (s == "contiguousFormat") return at::MemoryFormat::Contiguous;
  if (s == "channelsLast") return at::MemoryFormat::ChannelsLast;
  if (s == "channelsLast3d") return at::MemoryFormat::ChannelsLast3d;
  if (s == "preserveFormat") return at::MemoryFormat::Preserve;
  v.fail("a memory format (contiguousFormat, channelsLast, channelsLast3d, preserveFormat)");
}

static Napi::Value intArray(Args& a, c10::IntArrayRef s) {
  auto arr = Napi::Array::New(a.env(), s.size());
  for (size_t k = 0; k < s.size(); k++) arr.Set(static_cast<uint32_t>(k), number(a, static_cast<double>(s[k])));
  return arr;
}

static void initFacts(Napi::Object e) {
  def(e, "shape", [](Args& a) -> Napi::Value { return intArray(a, a.t(0).sizes()); });
  // Strided tensors' strides without their storage (a BatchedTensor inside torch.vmap has none of its own).
  def(e, "strides", [](Args& a) -> Napi::Value { return intArray(a, a.t(0).strides()); });
  def(e, "dtype", [](Args& a) -> Napi::Value { return number(a, static_cast<int>(a.t(0).scalar_type())); });
  // c10::Layout's number: 0 strided, 1 sparse_coo, 2 sparse_csr, 3 mkldnn, 4 sparse_csc, 5 sparse_bsr, 6 sparse_bsc.
  def(e, "layout", [](Args& a) -> Napi::Value { return number(a, static_cast<int>(a.t(0).layout())); });
  def(e, "device", [](Args& a) -> Napi::Value { return Napi::String::New(a.env(), a.t(0).device().str()); });
  def(e, "numel", [](Args& a) -> Napi::Value { return number(a, static_cast<double>(a.t(0).numel())); });
  def(e, "dim", [](Args& a) -> Napi::Value { return number(a, static_cast<double>(a.t(0).dim())); });
  def(e, "size", [](Args& a) -> Napi::Value { return number(a, static_cast<double>(a.t(0).size(a.i64(1)))); });
  def(e, "isNested", [](Args& a) -> Napi::Value { return boolean(a, a.t(0).is_nested()); });
  // (h, memoryFormat?)
  def(e, "isContiguous", [](Args& a) -> Napi::Value {
    return boolean(a, a.has(1) ? a.t(0).is_contiguous(memoryFormat(a[1])) : a.t(0).is_contiguous());
  });
  // Tensor.data_ptr: the address of the first element (libtorch refuses tensors without storage).
  def(e, "dataPtr", [](Args& a) -> Napi::Value {
    return number(a, static_cast<double>(reinterpret_cast<uintptr_t>(a.t(0).data_ptr())));
  });
  // Tensor._is_view / Tensor._base: the autograd view relation, as Python reads it.
  def(e, "isView", [](Args& a) -> Napi::Value { return boolean(a, a.t(0).is_view()); });
  def(e, "viewBase", [](Args& a) -> Napi::Value {
    const at::Tensor& t = a.t(0);
    return t.is_view() ? a.ret(at::Tensor(t._base())) : a.none();
  });
  // Tensor.storage(): the whole storage as a flat tensor of the tensor's dtype, sharing its memory.
  def(e, "storageTensor", [](Args& a) -> Napi::Value {
    const at::Tensor& t = a.t(0);
    int64_t n = static_cast<int64_t>(t.storage().nbytes() / t.element_size());
    at::AutoDispatchBelowADInplaceOrView guard;
    return a.ret(at::empty({0}, t.options()).set_(t.storage(), 0, {n}, {1}));
  });
}

static void initMoves(Napi::Object e) {
  // (h, {device?, dtype?, nonBlocking, copy, memoryFormat?})
  def(e, "to", [](Args& a) -> Napi::Value {
    at::Tensor& t = a.t(0);
    Options o = a.obj(1);
    at::Device dev = o.device("device").value_or(t.device());
    auto dt = o["dtype"].dtype().value_or(t.scalar_type());
    if (o.has("memoryFormat"))
      return a.ret(t.to(dev, dt, o.b("nonBlocking"), o.b("copy"), memoryFormat(o["memoryFormat"])));
    return a.ret(t.to(dev, dt, o.b("nonBlocking"), o.b("copy")));
  });
  def(e, "pinMemory", [](Args& a) -> Napi::Value { return a.ret(a.t(0).pin_memory()); });
  def(e, "isPinned", [](Args& a) -> Napi::Value { return boolean(a, a.t(0).is_pinned()); });
  // (h, memoryFormat?)
  def(e, "contiguous", [](Args& a) -> Napi::Value {
    return a.ret(a.has(1) ? a.t(0).contiguous(memoryFormat(a[1])) : a.t(0).contiguous());
  });
  def(e, "clone", [](Args& a) -> Napi::Value { return a.ret(a.t(0).clone()); });
  def(e, "detach", [](Args& a) -> Napi::Value { return a.ret(a.t(0).detach()); });
  def(e, "copy_", [](Args& a) -> Napi::Value {
    a.t(0).copy_(a.t(1), a.has(2) && a.b(2));
    return a.none();
  });

  // ---- reading back
  def(e, "toBuffer", [](Args& a) -> Napi::Value {
    at::Tensor host = readable(a.t(0).detach());
    size_t n = host.nbytes();
    auto buf = Napi::ArrayBuffer::New(a.env(), n);
    if (n) std::memcpy(buf.Data(), host.data_ptr(), n);
    return buf;
  });
  def(e, "toBufferAsync", [](Args& a) -> Napi::Value {
    auto* w = new ReadWorker(a.env(), a.t(0).detach());
    auto p = w->promise();
    w->Queue();
    return p;
  });
  def(e, "item", [](Args& a) -> Napi::Value { return scalarToJs(a.env(), a.t(0).item()); });
}

static void initArithmetic(Napi::Object e) {
  defBinary(e, "add", "addS", [](const at::Tensor& x, const auto& y) { return at::add(x, operand(y)); });
  defBinary(e, "sub", "subS", [](const at::Tensor& x, const auto& y) { return at::sub(x, operand(y)); });
  defBinary(e, "mul", "mulS", [](const at::Tensor& x, const auto& y) { return at::mul(x, operand(y)); });
  defBinary(e, "div", "divS", [](const at::Tensor& x, const auto& y) { return at::div(x, operand(y)); });
  defBinaryInPlace(e, "add_", "addS_", [](at::Tensor& x, const auto& y) { x.add_(operand(y)); });
  defBinaryInPlace(e, "sub_", "subS_", [](at::Tensor& x, const auto& y) { x.sub_(operand(y)); });
  defBinaryInPlace(e, "mul_", "mulS_", [](at::Tensor& x, const auto& y) { x.mul_(operand(y)); });
  defBinaryInPlace(e, "div_", "divS_", [](at::Tensor& x, const auto& y) { x.div_(operand(y)); });
  defBinary(e, "pow", "powS", [](const at::Tensor& x, const auto& y) { return at::pow(x, y); });
  defBinaryInPlace(e, "pow_", "powS_", [](at::Tensor& x, const auto& y) { x.pow_(y); });
  defBinary(e, "remainder", "remainderS", [](const at::Tensor& x, const auto& y) { return at::remainder(x, y); });
  defBinary(e, "eq", "eqS", [](const at::Tensor& x, const auto& y) { return at::eq(x, y); });
  defBinary(e, "ne", "neS", [](const at::Tensor& x, const auto& y) { return at::ne(x, y); });
  defBinary(e, "lt", "ltS", [](const at::Tensor& x, const auto& y) { return at::lt(x, y); });
  defBinary(e, "le", "leS", [](const at::Tensor& x, const auto& y) { return at::le(x, y); });
  defBinary(e, "gt", "gtS", [](const at::Tensor& x, const auto& y) { return at::gt(x, y); });
  defBinary(e, "ge", "geS", [](const at::Tensor& x, const auto& y) { return at::ge(x, y); });
  def(e, "addAlpha", [](Args& a) -> Napi::Value { return a.ret(at::add(a.t(0), a.t(1), alphaOf(a, 2))); });
  def(e, "addAlpha_", [](Args& a) -> Napi::Value {
    a.t(0).add_(a.t(1), alphaOf(a, 2));
    return a.none();
  });
  def(e, "subAlpha", [](Args& a) -> Napi::Value { return a.ret(at::sub(a.t(0), a.t(1), alphaOf(a, 2))); });
  def(e, "subAlpha_", [](Args& a) -> Napi::Value {
    a.t(0).sub_(a.t(1), alphaOf(a, 2));
    return a.none();
  });
  def(e, "rsubS", [](Args& a) -> Napi::Value { return a.ret(at::rsub(a.t(0), a.scalar(1))); });
  def(e, "maximum", [](Args& a) -> Napi::Value { return a.ret(at::maximum(a.t(0), a.t(1))); });
  def(e, "minimum", [](Args& a) -> Napi::Value { return a.ret(at::minimum(a.t(0), a.t(1))); });
  def(e, "matmul", [](Args& a) -> Napi::Value { return a.ret(at::matmul(a.t(0), a.t(1))); });
  def(e, "mm", [](Args& a) -> Napi::Value { return a.ret(at::mm(a.t(0), a.t(1))); });
  def(e, "where", [](Args& a) -> Napi::Value { return a.ret(at::where(a.t(0), a.t(1), a.t(2))); });
  def(e, "whereS", [](Args& a) -> Napi::Value { return a.ret(at::where(a.t(0), a.scalar(1), a.scalar(2))); });
  def(e, "clamp", [](Args& a) -> Napi::Value { return a.ret(at::clamp(a.t(0), optScalar(a, 1), optScalar(a, 2))); });
  def(e, "clamp_", [](Args& a) -> Napi::Value {
    at::clamp_(a.t(0), optScalar(a, 1), optScalar(a, 2));
    return a.none();
  });
  def(e, "clampT", [](Args& a) -> Napi::Value {
    c10::optional<at::Tensor> lo, hi;
    if (a.has(1)) lo = a.t(1);
    if (a.has(2)) hi = a.t(2);
    return a.ret(at::clamp(a.t(0), lo, hi));
  });

  // ---- unary
  def(e, "neg", [](Args& a) -> Napi::Value { return a.ret(at::neg(a.t(0))); });
  def(e, "neg_", [](Args& a) -> Napi::Value {
    a.t(0).neg_();
    return a.none();
  });
  def(e, "sqrt", [](Args& a) -> Napi::Value { return a.ret(at::sqrt(a.t(0))); });
  def(e, "sqrt_", [](Args& a) -> Napi::Value {
    a.t(0).sqrt_();
    return a.none();
  });
  def(e, "exp", [](Args& a) -> Napi::Value { return a.ret(at::exp(a.t(0))); });
  def(e, "exp_", [](Args& a) -> Napi::Value {
    a.t(0).exp_();
    return a.none();
  });
  def(e, "log", [](Args& a) -> Napi::Value { return a.ret(at::log(a.t(0))); });
  def(e, "log_", [](Args& a) -> Napi::Value {
    a.t(0).log_();
    return a.none();
  });
  def(e, "abs", [](Args& a) -> Napi::Value { return a.ret(at::abs(a.t(0))); });
  def(e, "abs_", [](Args& a) -> Napi::Value {
    a.t(0).abs_();
    return a.none();
  });
  def(e, "rsqrt", [](Args& a) -> Napi::Value { return a.ret(at::rsqrt(a.t(0))); });
  def(e, "sign", [](Args& a) -> Napi::Value { return a.ret(at::sign(a.t(0))); });
  def(e, "floor", [](Args& a) -> Napi::Value { return a.ret(at::floor(a.t(0))); });
  def(e, "ceil", [](Args& a) -> Napi::Value { return a.ret(at::ceil(a.t(0))); });
  def(e, "round", [](Args& a) -> Napi::Value { return a.ret(at::round(a.t(0))); });
  def(e, "reciprocal", [](Args& a) -> Napi::Value { return a.ret(at::reciprocal(a.t(0))); });
  def(e, "sigmoid", [](Args& a) -> Napi::Value { return a.ret(at::sigmoid(a.t(0))); });
  def(e, "tanh", [](Args& a) -> Napi::Value { return a.ret(at::tanh(a.t(0))); });
  def(e, "sin", [](Args& a) -> Napi::Value { return a.ret(at::sin(a.t(0))); });
  def(e, "cos", [](Args& a) -> Napi::Value { return a.ret(at::cos(a.t(0))); });
  def(e, "logicalNot", [](Args& a) -> Napi::Value { return a.ret(at::logical_not(a.t(0))); });
  def(e, "isnan", [](Args& a) -> Napi::Value { return a.ret(at::isnan(a.t(0))); });
  def(e, "erf", [](Args& a) -> Napi::Value { return a.ret(at::erf(a.t(0))); });
  def(e, "erfinv", [](Args& a) -> Napi::Value { return a.ret(at::erfinv(a.t(0))); });
  def(e, "erfinv_", [](Args& a) -> Napi::Value {
    a.t(0).erfinv_();
    return a.none();
  });
  // (t, diagonal): a 1-d input gives the matrix with it on that diagonal, a 2-d one that diagonal
  def(e, "diag", [](Args& a) -> Napi::Value { return a.ret(at::diag(a.t(0), a.i64(1))); });
  // torch.linalg.qr(A, mode) -> [Q, R]
  def(e, "linalgQr", [](Args& a) -> Napi::Value {
    auto qr = at::linalg_qr(a.t(0), a.str(1));
    return a.ret(std::vector<at::Tensor>{std::get<0>(qr), std::get<1>(qr)});
  });
  def(e, "zero_", [](Args& a) -> Napi::Value {
    a.t(0).zero_();
    return a.none();
  });
  def(e, "fill_", [](Args& a) -> Napi::Value {
    a.t(0).fill_(a.scalar(1));
    return a.none();
  });
  def(e, "uniform_", [](Args& a) -> Napi::Value {
    a.t(0).uniform_(a.num(1), a.num(2));
    return a.none();
  });
  def(e, "normal_", [](Args& a) -> Napi::Value {
    a.t(0).normal_(a.num(1), a.num(2));
    return a.none();
  });
}

static void initReductions(Napi::Object e) {
  def(e, "sum", [](Args& a) -> Napi::Value {
    auto dt = a.dtype(3);
    if (!a.has(1)) return a.ret(at::sum(a.t(0), dt));
    return a.ret(at::sum(a.t(0), a.ints(1), a.b(2), dt));
  });
  def(e, "mean", [](Args& a) -> Napi::Value {
    if (!a.has(1)) return a.ret(at::mean(a.t(0)));
    return a.ret(at::mean(a.t(0), a.ints(1), a.b(2)));
  });
  // (h, dims|undefined, keepdim, unbiased)
  def(e, "std", [](Args& a) -> Napi::Value {
    if (!a.has(1)) return a.ret(at::std(a.t(0), a.b(3)));
    return a.ret(at::std(a.t(0), at::IntArrayRef(a.ints(1)), a.b(3), a.b(2)));
  });
  def(e, "var", [](Args& a) -> Napi::Value {
    if (!a.has(1)) return a.ret(at::var(a.t(0), a.b(3)));
    return a.ret(at::var(a.t(0), at::IntArrayRef(a.ints(1)), a.b(3), a.b(2)));
  });
  def(e, "prod", [](Args& a) -> Napi::Value {
    if (!a.has(1)) return a.ret(at::prod(a.t(0)));
    return a.ret(at::prod(a.t(0), a.i64(1), a.b(2)));
  });
  def(e, "max", [](Args& a) -> Napi::Value {
    if (!a.has(1)) return a.ret(at::max(a.t(0)));
    auto r = at::max(a.t(0), a.i64(1), a.b(2));
    return a.ret(std::vector<at::Tensor>{std::get<0>(r), std::get<1>(r)});
  });
  def(e, "min", [](Args& a) -> Napi::Value {
    if (!a.has(1)) return a.ret(at::min(a.t(0)));
    auto r = at::min(a.t(0), a.i64(1), a.b(2));
    return a.ret(std::vector<at::Tensor>{std::get<0>(r), std::get<1>(r)});
  });
  def(e, "argmax", [](Args& a) -> Napi::Value { return a.ret(at::argmax(a.t(0), optDim(a, 1), a.b(2))); });
  def(e, "argmin", [](Args& a) -> Napi::Value { return a.ret(at::argmin(a.t(0), optDim(a, 1), a.b(2))); });
  // (a, b, {rtol, atol, equalNan})
  def(e, "allclose", [](Args& a) -> Napi::Value {
    Options o = a.obj(2);
    return boolean(a, at::allclose(a.t(0), a.t(1), o.num("rtol"), o.num("atol"), o.b("equalNan")));
  });
  def(e, "equal", [](Args& a) -> Napi::Value { return boolean(a, at::equal(a.t(0), a.t(1))); });
}

static void initShapes(Napi::Object e) {
  def(e, "reshape", [](Args& a) -> Napi::Value { return a.ret(at::reshape(a.t(0), a.ints(1))); });
  def(e, "view", [](Args& a) -> Napi::Value { return a.ret(a.t(0).view(a.ints(1))); });
  def(e, "expand", [](Args& a) -> Napi::Value { return a.ret(a.t(0).expand(a.ints(1))); });
  def(e, "flatten", [](Args& a) -> Napi::Value { return a.ret(at::flatten(a.t(0), a.i64(1), a.i64(2))); });
  def(e, "squeeze", [](Args& a) -> Napi::Value {
    return a.has(1) ? a.ret(at::squeeze(a.t(0), a.i64(1))) : a.ret(at::squeeze(a.t(0)));
  });
  def(e, "unsqueeze", [](Args& a) -> Napi::Value { return a.ret(at::unsqueeze(a.t(0), a.i64(1))); });
  def(e, "permute", [](Args& a) -> Napi::Value { return a.ret(a.t(0).permute(a.ints(1))); });
  def(e, "transpose", [](Args& a) -> Napi::Value { return a.ret(at::transpose(a.t(0), a.i64(1), a.i64(2))); });
  def(e, "t", [](Args& a) -> Napi::Value { return a.ret(at::t(a.t(0))); });
  def(e, "select", [](Args& a) -> Napi::Value { return a.ret(at::select(a.t(0), a.i64(1), a.i64(2))); });
  def(e, "index", [](Args& a) -> Napi::Value { return a.ret(a.t(0).index(indicesOf(a, 1))); });
  def(e, "indexPut_", [](Args& a) -> Napi::Value {
    a.t(0).index_put_(indicesOf(a, 1), a.t(2));
    return a.none();
  });
  def(e, "indexFill_", [](Args& a) -> Napi::Value {
    a.t(0).index_put_(indicesOf(a, 1), a.scalar(2));
    return a.none();
  });
  def(e, "indexSelect", [](Args& a) -> Napi::Value { return a.ret(at::index_select(a.t(0), a.i64(1), a.t(2))); });
  def(e, "triu", [](Args& a) -> Napi::Value { return a.ret(at::triu(a.t(0), a.i64(1))); });
  def(e, "tril", [](Args& a) -> Napi::Value { return a.ret(at::tril(a.t(0), a.i64(1))); });
  def(e, "bmm", [](Args& a) -> Napi::Value { return a.ret(at::bmm(a.t(0), a.t(1))); });
  // (input, batch1, batch2, beta, alpha): beta * input + alpha * batch1 @ batch2
  def(e, "baddbmm",
      [](Args& a) -> Napi::Value { return a.ret(at::baddbmm(a.t(0), a.t(1), a.t(2), a.scalar(3), a.scalar(4))); });
  def(e, "maskedFill_", [](Args& a) -> Napi::Value {
    a.t(0).masked_fill_(a.t(1), a.scalar(2));
    return a.none();
  });
  def(e, "logicalOr", [](Args& a) -> Napi::Value { return a.ret(at::logical_or(a.t(0), a.t(1))); });
  def(e, "chunk", [](Args& a) -> Napi::Value { return a.ret(at::chunk(a.t(0), a.i64(1), a.i64(2))); });
  def(e, "repeat", [](Args& a) -> Napi::Value { return a.ret(a.t(0).repeat(a.ints(1))); });
  // (t, dim, descending, stable) -> [values, indices]
  def(e, "sort", [](Args& a) -> Napi::Value {
    auto r = at::sort(a.t(0), a.b(3), a.i64(1), a.b(2));
    return a.ret(std::vector<at::Tensor>{std::get<0>(r), std::get<1>(r)});
  });
  // (t, dim, index, src): t[index[i]][...] = src[i][...] along dim, in place
  def(e, "scatter_", [](Args& a) -> Napi::Value {
    a.t(0).scatter_(a.i64(1), a.t(2), a.t(3));
    return a.none();
  });
  def(e, "narrow", [](Args& a) -> Napi::Value { return a.ret(at::narrow(a.t(0), a.i64(1), a.i64(2), a.i64(3))); });
  def(e, "gather", [](Args& a) -> Napi::Value { return a.ret(at::gather(a.t(0), a.i64(1), a.t(2))); });
  def(e, "maskedFill", [](Args& a) -> Napi::Value { return a.ret(at::masked_fill(a.t(0), a.t(1), a.scalar(2))); });
  def(e, "cat", [](Args& a) -> Napi::Value { return a.ret(at::cat(a.tensors(0), a.i64(1))); });
  def(e, "stack", [](Args& a) -> Napi::Value { return a.ret(at::stack(a.tensors(0), a.i64(1))); });
  def(e, "flip", [](Args& a) -> Napi::Value { return a.ret(at::flip(a.t(0), a.ints(1))); });
}

static void initMemory(Napi::Object e) {
  def(e, "dispose", [](Args& a) -> Napi::Value {
    release(a.env(), a[0].handle());
    return a.none();
  });
  // Hands free heap pages back to the OS (glibc), so RSS reflects what is really in use.
  def(e, "mallocTrim", [](Args& a) -> Napi::Value {
    releaseCollected(a.env());  // free what V8 collected first, so its pages can go back too
    return boolean(a, malloc_trim(0) != 0);
  });
  def(e, "memory", [](Args& a) -> Napi::Value {
    releaseCollected(a.env());  // what V8 collected is not live any more
    Registry& r = registry();
    // Bytes per device counted once per storage, however many handles or views share it.
    std::map<std::string, std::pair<std::set<const void*>, double>> per;
    for (auto& t : r.slots) {
      if (!t.defined() || !t.has_storage()) continue;
      auto& entry = per[t.device().str()];
      const void* key = t.storage().unsafeGetStorageImpl();
      if (entry.first.insert(key).second) entry.second += static_cast<double>(t.storage().nbytes());
    }
    auto out = Napi::Object::New(a.env());
    out.Set("tensors", number(a, static_cast<double>(r.live)));
    auto bytes = Napi::Object::New(a.env());
    for (auto& kv : per) bytes.Set(kv.first, number(a, kv.second.second));
    out.Set("bytes", bytes);
    return out;
  });
}

void InitTensor(Napi::Object e) {
  initCreation(e);
  initFacts(e);
  initMoves(e);
  initArithmetic(e);
  initReductions(e);
  initShapes(e);
  initMemory(e);
}

}  // namespace torchts
