// Any ATen operator by its schema name, called through c10's dispatcher as TorchScript calls it
// (boxed): the one native path behind lib/aten.ts, where the Tensor methods and torch functions
// that map one-to-one onto an operator are declared. Autograd, autocast and the device kernels
// all apply, since they sit behind the dispatcher.
#include "common.h"
#include <ATen/core/dispatch/Dispatcher.h>
#include <algorithm>
#include <cmath>
#include <mutex>

namespace torchts {

namespace {

// An argument's type reduced to what JS passes for it: a base kind plus optional / list flags.
enum Base { kTensor, kScalar, kInt, kFloat, kBool, kStr, kDtype, kLayout, kDevice, kMemFormat, kGenerator, kOther };

struct Param {
  Base base = kOther;
  bool optional = false;
  bool list = false;
  bool optElems = false;  // Tensor?[]
  int32_t n = 0;          // int[N]: a single number is repeated N times
  std::string name;
  c10::optional<c10::IValue> def;
};

struct Op {
  c10::OperatorHandle handle;
  std::string fullName;
  std::vector<Param> params;
  size_t returns;
  bool factory = false;  // no Tensor argument: a fresh tensor, whose version counter starts at 0
};

std::mutex opsMutex;
std::vector<Op>& ops() {
  static std::vector<Op> v;
  return v;
}

Base baseOf(const c10::TypePtr& real) {
  switch (real->kind()) {
    case c10::TypeKind::TensorType:
      return kTensor;
    case c10::TypeKind::NumberType:
      return kScalar;
    case c10::TypeKind::IntType:
    case c10::TypeKind::SymIntType:
      return kInt;
    case c10::TypeKind::FloatType:
      return kFloat;
    case c10::TypeKind::BoolType:
      return kBool;
    case c10::TypeKind::StringType:
      return kStr;
    case c10::TypeKind::ScalarTypeType:
      return kDtype;
    case c10::TypeKind::LayoutType:
      return kLayout;
    case c10::TypeKind::DeviceObjType:
      return kDevice;
    case c10::TypeKind::MemoryFormatType:
      return kMemFormat;
    case c10::TypeKind::GeneratorType:
      return kGenerator;
    default:
      return kOther;
  }
}

Param paramOf(const c10::Argument& a) {
  Param p;
  p.name = a.name();
  p.def = a.default_value();
  p.n = a.N() ? *a.N() : 0;
  c10::TypePtr t = a.real_type();
  if (auto o = t->castRaw<c10::OptionalType>()) {
    p.optional = true;
    t = o->getElementType();
  }
  if (auto l = t->castRaw<c10::ListType>()) {
    p.list = true;
    t = l->getElementType();
    if (auto o = t->castRaw<c10::OptionalType>()) {
      p.optElems = true;
      t = o->getElementType();
    }
  }
  p.base = baseOf(t);
  return p;
}

const char* baseName(Base b) {
  static const char* names[] = {"Tensor", "Scalar", "int",    "float",         "bool",      "str",
                                "dtype",  "layout", "device", "memory_format", "Generator", "other"};
  return names[b];
}

// The type as lib/aten.ts matches JS values against it: "Tensor", "int[]", "Tensor?[]", "float?", ...
std::string typeName(const Param& p) {
  std::string type = baseName(p.base);
  if (p.list) type += p.optElems ? "?[]" : "[]";
  if (p.optional) type += "?";
  return type;
}

c10::IValue one(const Param& p, const Arg& v) {
  switch (p.base) {
    case kTensor:
      return v.t();
    case kScalar:
      return v.scalar();
    case kInt:
      return v.i64();
    case kFloat:
      return v.num();
    case kBool:
      return v.b();
    case kStr:
      return v.str();
    case kDtype: {
      auto d = v.dtype();
      if (!d) v.fail("a dtype");
      return static_cast<int64_t>(*d);
    }
    case kLayout:
    case kMemFormat:
      return v.i64();
    case kDevice:
      return *v.device();
    case kGenerator:
      return generatorArg(v);
    default:
      v.fail(std::string("a supported value (schema type of '") + p.name + "' is not)");
  }
}

c10::IValue read(const Param& p, const Arg& v, const Op& op) {
  if (!v.present()) {
    if (p.def) return *p.def;
    if (p.optional) return c10::IValue();
    throw c10::TypeError({__func__, __FILE__, static_cast<uint32_t>(__LINE__)},
                         op.fullName + "() missing required argument '" + p.name + "'");
  }
  if (!p.list) return one(p, v);
  Napi::Value js = v.value();
  if (!js.IsArray()) {
    if (p.base == kInt && js.IsNumber()) return std::vector<int64_t>(p.n > 0 ? p.n : 1, v.i64());
    v.fail(std::string("an array (") + baseName(p.base) + "[] '" + p.name + "')");
  }
  auto arr = js.As<Napi::Array>();
  uint32_t len = arr.Length();
  std::vector<Arg> items;
  items.reserve(len);
  for (uint32_t k = 0; k < len; k++) items.emplace_back(arr.Get(k), op.fullName.c_str(), k, p.name.c_str());
  switch (p.base) {
    case kTensor:
      if (p.optElems) {
        c10::List<c10::optional<at::Tensor>> l;
        for (auto& x : items) l.push_back(x.present() ? c10::optional<at::Tensor>(x.t()) : c10::nullopt);
        return l;
      } else {
        std::vector<at::Tensor> l;
        for (auto& x : items) l.push_back(x.t());
        return l;
      }
    case kInt: {
      std::vector<int64_t> l;
      for (auto& x : items) l.push_back(x.i64());
      return l;
    }
    case kFloat: {
      std::vector<double> l;
      for (auto& x : items) l.push_back(x.num());
      return l;
    }
    case kBool: {
      c10::List<bool> l;
      for (auto& x : items) l.push_back(x.b());
      return l;
    }
    case kScalar: {
      std::vector<at::Scalar> l;
      for (auto& x : items) l.push_back(x.scalar());
      return l;
    }
    default:
      v.fail(std::string("a supported list (schema type of '") + p.name + "' is not)");
  }
}

Napi::Value toJs(const Args& a, c10::IValue& v) {
  Napi::Env env = a.env();
  if (v.isTensor()) {
    at::Tensor t = std::move(v).toTensor();
    return t.defined() ? a.ret(std::move(t)) : env.Undefined();
  }
  if (v.isNone()) return env.Undefined();
  if (v.isInt()) return Napi::Number::New(env, static_cast<double>(v.toInt()));
  if (v.isDouble()) return Napi::Number::New(env, v.toDouble());
  if (v.isBool()) return Napi::Boolean::New(env, v.toBool());
  if (v.isString()) return Napi::String::New(env, v.toStringRef());
  if (v.isTensorList()) return a.ret(v.toTensorVector());
  if (v.isTuple() || v.isList()) {
    std::vector<c10::IValue> items = v.isTuple() ? v.toTupleRef().elements().vec() : v.toListRef().vec();
    auto out = Napi::Array::New(env, items.size());
    for (uint32_t k = 0; k < items.size(); k++) out.Set(k, toJs(a, items[k]));
    return out;
  }
  if (v.isComplexDouble()) return complexToJs(env, v.toComplexDouble());
  if (v.isScalar()) return scalarToJs(env, v.toScalar());
  throw std::runtime_error("an operator returned a value of type " + v.tagKind() + " that JS cannot hold");
}

// Runs op `a[0]` on the arguments a[1..]; `inplace` drops the results (the method returns `this`).
Napi::Value call(Args& a, bool inplace) {
  const Op* op;
  {
    std::lock_guard<std::mutex> lock(opsMutex);
    double id = a.num(0);  // a double, so NaN or 1.5 is refused rather than read as another id
    if (!(id >= 0 && id < static_cast<double>(ops().size()) && id == std::floor(id)))
      a[0].fail("an operator id from opOverloads()");
    op = &ops()[static_cast<size_t>(id)];  // entries are never moved: the vector is reserved once
  }
  size_t given = a.size() - 1;
  if (given > op->params.size())
    throw c10::TypeError({__func__, __FILE__, static_cast<uint32_t>(__LINE__)},
                         op->fullName + "() takes " + std::to_string(op->params.size()) + " arguments but " +
                             std::to_string(given) + " were given");
  std::vector<c10::IValue> stack;
  stack.reserve(op->params.size());
  for (size_t k = 0; k < op->params.size(); k++) {
    Arg v(k < given ? a.info[k + 1] : a.env().Undefined(), op->fullName.c_str(), k, nullptr);
    stack.push_back(read(op->params[k], v, *op));
  }
  // unfold_backward divides by its step unchecked (SIGFPE in libtorch 1.13, which kills Python too): the
  // ValueError later releases raise instead.
  if (op->fullName.rfind("aten::unfold_backward", 0) == 0 && stack.size() > 4 && stack[4].isInt())
    TORCH_CHECK_VALUE(stack[4].toInt() > 0, "step is ", stack[4].toInt(), " but must be > 0");
  {
    // As Python's factories: below ADInplaceOrView, so the fill inside zeros/arange does not count as a write.
    c10::optional<at::AutoDispatchBelowADInplaceOrView> guard;
    if (op->factory) guard.emplace();
    op->handle.callBoxed(stack);
  }
  if (inplace) return a.none();
  if (stack.size() == 1) return toJs(a, stack[0]);
  auto out = Napi::Array::New(a.env(), stack.size());
  for (uint32_t k = 0; k < stack.size(); k++) out.Set(k, toJs(a, stack[k]));
  return out;
}

}  // namespace

void InitDispatch(Napi::Object e) {
  ops().reserve(1 << 14);
  // opOverloads("aten::clamp_min") -> [{id, overload, args: [{name, type, n, hasDefault, kwargOnly, writes, out}],
  // returns: [type]}] for every overload (out= ones have `out` arguments); ids are stable.
  def(e, "opOverloads", [](Args& a) -> Napi::Value {
    std::string name = a.str(0);
    auto out = Napi::Array::New(a.env());
    std::lock_guard<std::mutex> lock(opsMutex);
    for (const auto& opName : c10::Dispatcher::singleton().getAllOpNames()) {
      if (opName.name != name) continue;
      auto h = c10::Dispatcher::singleton().findSchema(opName);
      if (!h || !h->hasSchema()) continue;
      const auto& schema = h->schema();
      Op op{*h, name + (opName.overload_name.empty() ? "" : "." + opName.overload_name), {}, schema.returns().size()};
      auto args = Napi::Array::New(a.env());
      for (const auto& arg : schema.arguments()) {
        Param p = paramOf(arg);
        auto o = Napi::Object::New(a.env());
        o.Set("name", p.name);
        o.Set("type", typeName(p));
        o.Set("n", p.n);
        o.Set("hasDefault", p.def.has_value());
        o.Set("kwargOnly", arg.kwarg_only());
        o.Set("writes", arg.alias_info() != nullptr && arg.alias_info()->isWrite());
        o.Set("out", arg.is_out());
        args.Set(args.Length(), o);
        op.params.push_back(std::move(p));
      }
      op.factory = std::none_of(op.params.begin(), op.params.end(), [](const Param& p) { return p.base == kTensor; });
      if (ops().size() == ops().capacity()) throw std::runtime_error("too many operators looked up");
      auto o = Napi::Object::New(a.env());
      o.Set("id", static_cast<double>(ops().size()));
      o.Set("overload", opName.overload_name);
      o.Set("args", args);
      auto rets = Napi::Array::New(a.env());
      for (const auto& r : schema.returns()) rets.Set(rets.Length(), typeName(paramOf(r)));
      o.Set("returns", rets);
      ops().push_back(std::move(op));
      out.Set(out.Length(), o);
    }
    return out;
  });
  def(e, "opCall", [](Args& a) -> Napi::Value { return call(a, false); });
  def(e, "opCall_", [](Args& a) -> Napi::Value { return call(a, true); });
}

}  // namespace torchts
