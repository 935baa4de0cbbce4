// Tensor area: creation, facts, moves, reading back, operations, memory accounting.
#include "common.h"
#include <ATen/Parallel.h>
#include <ATen/ScalarOps.h>
#include <cstring>
#include <malloc.h>
#include <map>
#include <set>

namespace torchts {

#define T(i) a.t(i)
#define FN(name, ...) def(env, e, name, [](Args& a) -> Napi::Value { __VA_ARGS__ });
// An op in three forms: tensor-tensor, tensor-scalar ("S"), and their in-place versions ("_").
#define BINARY(name, op)                                            \
  FN(name, return a.ret(at::op(T(0), T(1)));)                       \
  FN(name "S", return a.ret(at::op(T(0), a.scalar(1)));)            \
  FN(name "_", T(0).op##_(T(1)); return a.none();)                  \
  FN(name "S_", T(0).op##_(a.scalar(1)); return a.none();)
// add/sub/mul/div with a number: Python passes the number as a wrapped 0-dim tensor, which picks the
// same kernel, type promotion and grad_fn (AddBackward0) as PyTorch.
#define WRAPPED_BINARY(name, op)                                                   \
  FN(name, return a.ret(at::op(T(0), T(1)));)                                      \
  FN(name "S", return a.ret(at::op(T(0), at::native::wrapped_scalar_tensor(a.scalar(1))));) \
  FN(name "_", T(0).op##_(T(1)); return a.none();)                                 \
  FN(name "S_", T(0).op##_(at::native::wrapped_scalar_tensor(a.scalar(1))); return a.none();)
#define UNARY(name, op)                     \
  FN(name, return a.ret(at::op(T(0)));)     \
  FN(name "_", T(0).op##_(); return a.none();)

static at::Scalar alphaOf(Args& a, size_t i) { return a.has(i) ? a.scalar(i) : at::Scalar(1); }

static c10::optional<int64_t> optDim(Args& a, size_t i) {
  return a.has(i) ? c10::optional<int64_t>(a.i64(i)) : c10::nullopt;
}

class ReadWorker : public Napi::AsyncWorker {
 public:
  ReadWorker(Napi::Env env, at::Tensor t) : Napi::AsyncWorker(env), t_(std::move(t)), deferred_(Napi::Promise::Deferred::New(env)) {}
  Napi::Promise promise() { return deferred_.Promise(); }
  void Execute() override {
    try {
      host_ = t_.to(at::kCPU).contiguous();
    } catch (const c10::Error& e) {
      SetError(firstLine(e.what_without_backtrace()));
    }
  }
  void OnOK() override {
    size_t n = host_.nbytes();
    auto buf = Napi::ArrayBuffer::New(Env(), n);
    if (n) std::memcpy(buf.Data(), host_.data_ptr(), n);
    deferred_.Resolve(buf);
  }
  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  at::Tensor t_, host_;
  Napi::Promise::Deferred deferred_;
};

void InitTensor(Napi::Env env, Napi::Object e) {
  // ---- creation
  FN("fromBuffer", {
    // (typedArray, srcDtype, shape, dtype, device)
    auto arr = a.info[0].As<Napi::TypedArray>();
    auto src = static_cast<at::ScalarType>(a.i64(1));
    auto shape = a.ints(2);
    uint8_t* p = static_cast<uint8_t*>(arr.ArrayBuffer().Data()) + arr.ByteOffset();
    int64_t n = 1;
    for (auto s : shape) n *= s;
    if (n != static_cast<int64_t>(arr.ElementLength())) throw std::runtime_error("shape does not match the number of elements");
    at::Tensor t = at::empty(shape, at::TensorOptions().dtype(src));
    if (n) std::memcpy(t.data_ptr(), p, t.nbytes());
    auto opts = a.options(3, 4);
    if (a.has(3) || a.has(4)) t = t.to(opts);
    return a.ret(t);
  })
  FN("zeros", return a.ret(at::zeros(a.ints(0), a.options(1, 2)));)
  FN("ones", return a.ret(at::ones(a.ints(0), a.options(1, 2)));)
  FN("empty", return a.ret(at::empty(a.ints(0), a.options(1, 2)));)
  FN("full", return a.ret(at::full(a.ints(0), a.scalar(1), a.options(2, 3)));)
  FN("rand", return a.ret(at::rand(a.ints(0), a.options(1, 2)));)
  FN("randn", return a.ret(at::randn(a.ints(0), a.options(1, 2)));)
  FN("randint", return a.ret(at::randint(a.i64(0), a.i64(1), a.ints(2), a.options(3, 4)));)
  FN("randperm", return a.ret(at::randperm(a.i64(0), a.options(1, 2)));)
  FN("arange", return a.ret(at::arange(a.scalar(0), a.scalar(1), a.scalar(2), a.options(3, 4)));)
  FN("eye", return a.ret(at::eye(a.i64(0), a.i64(1), a.options(2, 3)));)
  FN("zerosLike", return a.ret(at::zeros_like(T(0), a.options(1, 2)));)
  FN("onesLike", return a.ret(at::ones_like(T(0), a.options(1, 2)));)
  FN("emptyLike", return a.ret(at::empty_like(T(0), a.options(1, 2)));)
  FN("fullLike", return a.ret(at::full_like(T(0), a.scalar(1), a.options(2, 3)));)
  FN("randLike", return a.ret(at::rand_like(T(0), a.options(1, 2)));)
  FN("randnLike", return a.ret(at::randn_like(T(0), a.options(1, 2)));)
  FN("manualSeed", at::manual_seed(static_cast<uint64_t>(a.i64(0))); return a.none();)
  // The default generator of a device ("cpu", "cuda:0"): its state as a uint8 tensor, and back.
  FN("getRngState",
     auto g = at::globalContext().defaultGenerator(at::Device(a.str(0)));
     std::lock_guard<std::mutex> lock(g.mutex());
     return a.ret(g.get_state());)
  FN("setRngState",
     auto g = at::globalContext().defaultGenerator(at::Device(a.str(0)));
     std::lock_guard<std::mutex> lock(g.mutex());
     g.set_state(a.t(1));
     return a.none();)
  FN("setNumThreads", at::set_num_threads(static_cast<int>(a.i64(0))); return a.none();)
  FN("getNumThreads", return Napi::Number::New(a.env(), at::get_num_threads());)

  // ---- facts
  FN("shape", {
    auto s = T(0).sizes();
    auto arr = Napi::Array::New(a.env(), s.size());
    for (size_t k = 0; k < s.size(); k++) arr.Set(static_cast<uint32_t>(k), Napi::Number::New(a.env(), static_cast<double>(s[k])));
    return arr;
  })
  FN("dtype", return Napi::Number::New(a.env(), static_cast<int>(T(0).scalar_type()));)
  FN("device", return Napi::String::New(a.env(), T(0).device().str());)
  FN("numel", return Napi::Number::New(a.env(), static_cast<double>(T(0).numel()));)
  FN("dim", return Napi::Number::New(a.env(), static_cast<double>(T(0).dim()));)
  FN("size", return Napi::Number::New(a.env(), static_cast<double>(T(0).size(a.i64(1))));)
  FN("isContiguous", return Napi::Boolean::New(a.env(), T(0).is_contiguous());)
  FN("same", return Napi::Boolean::New(a.env(), T(0).is_same(T(1)));)

  // ---- moves
  FN("to", {
    // (h, device|undefined, dtype|-1, nonBlocking, copy)
    at::Tensor& t = T(0);
    at::Device dev = a.has(1) ? at::Device(a.str(1)) : t.device();
    auto dt = a.dtype(2).value_or(t.scalar_type());
    return a.ret(t.to(dev, dt, a.b(3), a.b(4)));
  })
  FN("pinMemory", return a.ret(T(0).pin_memory());)
  FN("isPinned", return Napi::Boolean::New(a.env(), T(0).is_pinned());)
  FN("contiguous", return a.ret(T(0).contiguous());)
  FN("clone", return a.ret(T(0).clone());)
  FN("detach", return a.ret(T(0).detach());)
  FN("copy_", T(0).copy_(T(1), a.has(2) && a.b(2)); return a.none();)

  // ---- reading back
  FN("toBuffer", {
    at::Tensor host = T(0).detach().to(at::kCPU).contiguous();
    size_t n = host.nbytes();
    auto buf = Napi::ArrayBuffer::New(a.env(), n);
    if (n) std::memcpy(buf.Data(), host.data_ptr(), n);
    return buf;
  })
  FN("toBufferAsync", {
    auto* w = new ReadWorker(a.env(), T(0).detach());
    auto p = w->promise();
    w->Queue();
    return p;
  })
  FN("item", {
    at::Scalar s = T(0).item();
    if (s.isBoolean()) return Napi::Boolean::New(a.env(), s.toBool());
    if (s.isIntegral(false)) return Napi::Number::New(a.env(), static_cast<double>(s.toLong()));
    return Napi::Number::New(a.env(), s.toDouble());
  })

  // ---- arithmetic and comparison
  WRAPPED_BINARY("add", add)
  WRAPPED_BINARY("sub", sub)
  WRAPPED_BINARY("mul", mul)
  WRAPPED_BINARY("div", div)
  BINARY("pow", pow)
  BINARY("remainder", remainder)
  BINARY("eq", eq)
  BINARY("ne", ne)
  BINARY("lt", lt)
  BINARY("le", le)
  BINARY("gt", gt)
  BINARY("ge", ge)
  FN("addAlpha", return a.ret(at::add(T(0), T(1), alphaOf(a, 2)));)
  FN("addAlpha_", T(0).add_(T(1), alphaOf(a, 2)); return a.none();)
  FN("subAlpha", return a.ret(at::sub(T(0), T(1), alphaOf(a, 2)));)
  FN("subAlpha_", T(0).sub_(T(1), alphaOf(a, 2)); return a.none();)
  FN("rsubS", return a.ret(at::rsub(T(0), a.scalar(1)));)
  FN("rdivS", return a.ret(at::mul(at::reciprocal(T(0)), a.scalar(1)));)
  FN("rpowS", return a.ret(at::pow(a.scalar(1), T(0)));)
  FN("maximum", return a.ret(at::maximum(T(0), T(1)));)
  FN("minimum", return a.ret(at::minimum(T(0), T(1)));)
  FN("matmul", return a.ret(at::matmul(T(0), T(1)));)
  FN("mm", return a.ret(at::mm(T(0), T(1)));)
  FN("where", return a.ret(at::where(T(0), T(1), T(2)));)
  FN("whereS", return a.ret(at::where(T(0), a.scalar(1), a.scalar(2)));)
  FN("clamp", {
    auto lo = a.has(1) ? c10::optional<at::Scalar>(a.scalar(1)) : c10::nullopt;
    auto hi = a.has(2) ? c10::optional<at::Scalar>(a.scalar(2)) : c10::nullopt;
    return a.ret(at::clamp(T(0), lo, hi));
  })
  FN("clamp_", {
    auto lo = a.has(1) ? c10::optional<at::Scalar>(a.scalar(1)) : c10::nullopt;
    auto hi = a.has(2) ? c10::optional<at::Scalar>(a.scalar(2)) : c10::nullopt;
    at::clamp_(T(0), lo, hi);
    return a.none();
  })
  FN("clampT", {
    c10::optional<at::Tensor> lo, hi;
    if (a.has(1)) lo = T(1);
    if (a.has(2)) hi = T(2);
    return a.ret(at::clamp(T(0), lo, hi));
  })
  UNARY("neg", neg)
  UNARY("sqrt", sqrt)
  UNARY("rsqrt", rsqrt)
  UNARY("exp", exp)
  UNARY("log", log)
  UNARY("abs", abs)
  UNARY("sign", sign)
  UNARY("floor", floor)
  UNARY("ceil", ceil)
  UNARY("round", round)
  UNARY("reciprocal", reciprocal)
  UNARY("sigmoid", sigmoid)
  UNARY("tanh", tanh)
  UNARY("sin", sin)
  UNARY("cos", cos)
  FN("logicalNot", return a.ret(at::logical_not(T(0)));)
  FN("isnan", return a.ret(at::isnan(T(0)));)
  FN("zero_", T(0).zero_(); return a.none();)
  FN("fill_", T(0).fill_(a.scalar(1)); return a.none();)
  FN("uniform_", T(0).uniform_(a.num(1), a.num(2)); return a.none();)
  FN("normal_", T(0).normal_(a.num(1), a.num(2)); return a.none();)

  // ---- reductions
  FN("sum", {
    auto dt = a.dtype(3);
    if (!a.has(1)) return a.ret(at::sum(T(0), dt));
    return a.ret(at::sum(T(0), a.ints(1), a.b(2), dt));
  })
  FN("mean", {
    if (!a.has(1)) return a.ret(at::mean(T(0)));
    return a.ret(at::mean(T(0), a.ints(1), a.b(2)));
  })
  FN("std", {
    if (!a.has(1)) return a.ret(at::std(T(0), a.b(3)));
    return a.ret(at::std(T(0), at::IntArrayRef(a.ints(1)), a.b(3), a.b(2)));
  })
  FN("var", {
    if (!a.has(1)) return a.ret(at::var(T(0), a.b(3)));
    return a.ret(at::var(T(0), at::IntArrayRef(a.ints(1)), a.b(3), a.b(2)));
  })
  FN("prod", return a.ret(at::prod(T(0)));)
  FN("max", {
    if (!a.has(1)) return a.ret(at::max(T(0)));
    auto r = at::max(T(0), a.i64(1), a.b(2));
    return a.ret(std::vector<at::Tensor>{std::get<0>(r), std::get<1>(r)});
  })
  FN("min", {
    if (!a.has(1)) return a.ret(at::min(T(0)));
    auto r = at::min(T(0), a.i64(1), a.b(2));
    return a.ret(std::vector<at::Tensor>{std::get<0>(r), std::get<1>(r)});
  })
  FN("argmax", return a.ret(at::argmax(T(0), optDim(a, 1), a.b(2)));)
  FN("argmin", return a.ret(at::argmin(T(0), optDim(a, 1), a.b(2)));)
  FN("allclose", return Napi::Boolean::New(a.env(), at::allclose(T(0), T(1), a.num(2), a.num(3), a.has(4) && a.b(4)));)
  FN("equal", return Napi::Boolean::New(a.env(), at::equal(T(0), T(1)));)

  // ---- shapes and indexing
  FN("reshape", return a.ret(at::reshape(T(0), a.ints(1)));)
  FN("view", return a.ret(T(0).view(a.ints(1)));)
  FN("expand", return a.ret(T(0).expand(a.ints(1)));)
  FN("flatten", return a.ret(at::flatten(T(0), a.i64(1), a.i64(2)));)
  FN("squeeze", return a.has(1) ? a.ret(at::squeeze(T(0), a.i64(1))) : a.ret(at::squeeze(T(0)));)
  FN("unsqueeze", return a.ret(at::unsqueeze(T(0), a.i64(1)));)
  FN("permute", return a.ret(T(0).permute(a.ints(1)));)
  FN("transpose", return a.ret(at::transpose(T(0), a.i64(1), a.i64(2)));)
  FN("select", return a.ret(at::select(T(0), a.i64(1), a.i64(2)));)
  FN("indexSelect", return a.ret(at::index_select(T(0), a.i64(1), T(2)));)
  FN("narrow", return a.ret(at::narrow(T(0), a.i64(1), a.i64(2), a.i64(3)));)
  FN("gather", return a.ret(at::gather(T(0), a.i64(1), T(2)));)
  FN("maskedFill", return a.ret(at::masked_fill(T(0), T(1), a.scalar(2)));)
  FN("cat", return a.ret(at::cat(a.tensors(0), a.i64(1)));)
  FN("stack", return a.ret(at::stack(a.tensors(0), a.i64(1)));)
  FN("flip", return a.ret(at::flip(T(0), a.ints(1)));)
  FN("oneHot", return a.ret(at::one_hot(T(0), a.i64(1)));)

  // ---- memory
  FN("dispose", release(a.env(), a.info[0].As<Napi::Number>().Uint32Value()); return a.none();)
  // Hands free heap pages back to the OS (glibc), so RSS reflects what is really in use.
  FN("mallocTrim", return Napi::Boolean::New(a.env(), malloc_trim(0) != 0);)
  FN("memory", {
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
    out.Set("tensors", Napi::Number::New(a.env(), static_cast<double>(r.live)));
    auto bytes = Napi::Object::New(a.env());
    for (auto& kv : per) bytes.Set(kv.first, Napi::Number::New(a.env(), kv.second.second));
    out.Set("bytes", bytes);
    return out;
  })
}

}  // namespace torchts
