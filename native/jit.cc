// torch.jit: TorchScript modules saved by PyTorch (torch.jit.save of a scripted or traced model) loaded,
// run, trained and saved again through libtorch's own TorchScript runtime (torch::jit::load,
// Module::get_method). Arguments are converted by the method's schema, as the Python binding does.
#include "common.h"
#include <torch/script.h>
#include <algorithm>
#include <cmath>
#include <sstream>

namespace torchts {

namespace {

const napi_type_tag kModuleTag = {0x6d1f3a2c8b4e7091ULL, 0x2c7e5b9a0d3f4618ULL};

torch::jit::Module& mod(const Args& a, size_t i) {
  return a[i].external<torch::jit::Module>(kModuleTag, "a ScriptModule");
}
Napi::Value wrap(Napi::Env env, const torch::jit::Module& m) {
  return wrapExternal(env, new torch::jit::Module(m), kModuleTag);
}

// Tensors travel as {__tensor: handle} both ways, as a handle is a number like an int's.
bool isTensor(const Napi::Value& v) {
  return v.IsObject() && !v.IsArray() && v.As<Napi::Object>().Has("__tensor");
}

// A JS value's type as Python names the type of the value it stands for.
std::string pyType(const Napi::Value& v) {
  if (v.IsUndefined() || v.IsNull()) return "NoneType";
  if (v.IsBoolean()) return "bool";
  if (v.IsNumber()) {
    double d = v.As<Napi::Number>().DoubleValue();
    return std::floor(d) == d && std::isfinite(d) ? "int" : "float";
  }
  if (v.IsString()) return "str";
  if (v.IsArray()) return "list";
  if (isTensor(v)) return "Tensor";
  return "dict";
}

// Where a value is converted, for PyTorch's message: "forward() Expected a value of type 'Tensor' for
// argument 'x' but instead found type 'str'." (the argument's whole type and value).
struct Where {
  std::string method;
  std::string arg;
  c10::TypePtr type;
  Napi::Value value;
};

[[noreturn]] void typeError(const Where& w) {
  throw c10::TypeError({__func__, __FILE__, static_cast<uint32_t>(__LINE__)},
                       w.method + "() Expected a value of type '" + w.type->annotation_str() + "' for argument '" +
                           w.arg + "' but instead found type '" + pyType(w.value) + "'.");
}

// A JS value as the IValue of TorchScript type `t` (tensors are handles, tuples and lists arrays, dicts
// plain objects with string keys).
c10::IValue toIValue(const Napi::Value& v, const c10::TypePtr& t, const Where& where) {
  Arg arg(v, "ScriptMethod", 0, nullptr);
  switch (t->kind()) {
    case c10::TypeKind::TensorType:
      if (!isTensor(v)) typeError(where);
      return Arg(v.As<Napi::Object>().Get("__tensor"), "ScriptMethod", 0, nullptr).t();
    case c10::TypeKind::IntType:
    case c10::TypeKind::SymIntType:
      if (!v.IsBoolean() && pyType(v) != "int") typeError(where);
      return v.IsBoolean() ? static_cast<int64_t>(arg.b()) : arg.i64();
    case c10::TypeKind::FloatType:
      if (!v.IsNumber()) typeError(where);
      return arg.num();
    case c10::TypeKind::NumberType:
      return arg.scalar();
    case c10::TypeKind::BoolType:
      if (!v.IsBoolean()) typeError(where);
      return arg.b();
    case c10::TypeKind::StringType:
      if (!v.IsString()) typeError(where);
      return arg.str();
    case c10::TypeKind::NoneType:
      if (arg.present()) typeError(where);
      return c10::IValue();
    case c10::TypeKind::OptionalType:
      if (!arg.present()) return c10::IValue();
      return toIValue(v, t->castRaw<c10::OptionalType>()->getElementType(), where);
    case c10::TypeKind::ListType: {
      if (!v.IsArray()) typeError(where);
      auto elem = t->castRaw<c10::ListType>()->getElementType();
      auto arr = v.As<Napi::Array>();
      c10::impl::GenericList list(elem);
      for (uint32_t k = 0; k < arr.Length(); k++) list.push_back(toIValue(arr.Get(k), elem, where));
      return list;
    }
    case c10::TypeKind::TupleType: {
      auto elems = t->castRaw<c10::TupleType>()->elements();
      if (!v.IsArray() || v.As<Napi::Array>().Length() != elems.size()) typeError(where);
      auto arr = v.As<Napi::Array>();
      std::vector<c10::IValue> items;
      for (uint32_t k = 0; k < elems.size(); k++) items.push_back(toIValue(arr.Get(k), elems[k], where));
      return c10::ivalue::Tuple::create(std::move(items));
    }
    case c10::TypeKind::DictType: {
      auto d = t->castRaw<c10::DictType>();
      if (d->getKeyType()->kind() != c10::TypeKind::StringType || !v.IsObject() || v.IsArray()) typeError(where);
      auto o = v.As<Napi::Object>();
      c10::impl::GenericDict dict(d->getKeyType(), d->getValueType());
      auto keys = o.GetPropertyNames();
      for (uint32_t k = 0; k < keys.Length(); k++) {
        std::string key = keys.Get(k).As<Napi::String>().Utf8Value();
        dict.insert(key, toIValue(o.Get(key), d->getValueType(), where));
      }
      return dict;
    }
    default:
      throw c10::TypeError({__func__, __FILE__, static_cast<uint32_t>(__LINE__)},
                           where.method + "() argument '" + where.arg +
                               "': torchts cannot pass a value of TorchScript type '" + t->annotation_str() + "'");
  }
}

// A method's result for JS: tensors as {__tensor: handle}, None as undefined, tuples and lists as arrays, dicts with
// string keys as plain objects.
Napi::Value toJs(const Args& a, const c10::IValue& v) {
  Napi::Env env = a.env();
  if (v.isTensor()) {
    if (!v.toTensor().defined()) return env.Undefined();
    // Marked, as a tensor's handle is a number like an int's.
    auto t = Napi::Object::New(env);
    t.Set("__tensor", a.ret(v.toTensor()));
    return t;
  }
  if (v.isNone()) return env.Undefined();
  if (v.isInt()) return Napi::Number::New(env, static_cast<double>(v.toInt()));
  if (v.isDouble()) return Napi::Number::New(env, v.toDouble());
  if (v.isBool()) return Napi::Boolean::New(env, v.toBool());
  if (v.isString()) return Napi::String::New(env, v.toStringRef());
  if (v.isTuple() || v.isList()) {
    std::vector<c10::IValue> items = v.isTuple() ? v.toTupleRef().elements().vec() : v.toListRef().vec();
    auto out = Napi::Array::New(env, items.size());
    for (uint32_t k = 0; k < items.size(); k++) out.Set(k, toJs(a, items[k]));
    return out;
  }
  if (v.isGenericDict()) {
    auto out = Napi::Object::New(env);
    for (const auto& kv : v.toGenericDict()) {
      if (!kv.key().isString())
        throw std::runtime_error("a TorchScript dict with non-string keys cannot be returned to JS");
      out.Set(kv.key().toStringRef(), toJs(a, kv.value()));
    }
    return out;
  }
  if (v.isModule()) return wrap(env, torch::jit::Module(v.toObject()));
  throw std::runtime_error("a TorchScript method returned a value of type " + v.tagKind() + " that JS cannot hold");
}

// [[name, value], ...] as a JS array of pairs.
template <class L, class F>
Napi::Value pairs(const Args& a, const L& list, F value) {
  auto out = Napi::Array::New(a.env());
  uint32_t k = 0;
  for (const auto& item : list) {
    auto p = Napi::Array::New(a.env(), 2);
    p.Set(0u, Napi::String::New(a.env(), item.name));
    p.Set(1u, value(item.value));
    out.Set(k++, p);
  }
  return out;
}

}  // namespace

void InitJit(Napi::Object e) {
  // (path or bytes, device?) -> module: torch.jit.load(f, map_location), f a file name or a Buffer's bytes
  def(e, "jitLoad", [](Args& a) -> Napi::Value {
    c10::optional<at::Device> device = a.has(1) ? a[1].device() : c10::nullopt;
    if (a[0].value().IsTypedArray()) {
      auto bytes = a[0].value().As<Napi::Uint8Array>();
      std::istringstream in(std::string(reinterpret_cast<const char*>(bytes.Data()), bytes.ByteLength()));
      return wrap(a.env(), torch::jit::load(in, device));
    }
    return wrap(a.env(), torch::jit::load(a.str(0), device));
  });
  def(e, "jitSave", [](Args& a) -> Napi::Value {
    mod(a, 0).save(a.str(1));
    return a.none();
  });
  // The module's direct submodules, parameters and buffers as [name, value] pairs (the same tensors).
  def(e, "jitChildren", [](Args& a) -> Napi::Value {
    return pairs(a, mod(a, 0).named_children(), [&](const torch::jit::Module& m) { return wrap(a.env(), m); });
  });
  def(e, "jitParameters", [](Args& a) -> Napi::Value {
    return pairs(a, mod(a, 0).named_parameters(false), [&](const at::Tensor& t) { return a.ret(t); });
  });
  def(e, "jitBuffers", [](Args& a) -> Napi::Value {
    return pairs(a, mod(a, 0).named_buffers(false), [&](const at::Tensor& t) { return a.ret(t); });
  });
  // (module, name, tensor): a parameter or buffer slot set to `tensor` (after Module._apply replaced it).
  def(e, "jitSetAttr", [](Args& a) -> Napi::Value {
    mod(a, 0).setattr(a.str(1), a.t(2));
    return a.none();
  });
  def(e, "jitTrain", [](Args& a) -> Napi::Value {
    mod(a, 0).train(a.b(1));
    return a.none();
  });
  def(e, "jitIsTraining", [](Args& a) -> Napi::Value { return Napi::Boolean::New(a.env(), mod(a, 0).is_training()); });
  // -> the class's name as Python's original_name (the last part of the qualified name)
  def(e, "jitTypeName",
      [](Args& a) -> Napi::Value { return Napi::String::New(a.env(), mod(a, 0).type()->name()->name()); });
  def(e, "jitMethods", [](Args& a) -> Napi::Value {
    auto out = Napi::Array::New(a.env());
    uint32_t k = 0;
    for (const auto& m : mod(a, 0).get_methods()) out.Set(k++, Napi::String::New(a.env(), m.name()));
    return out;
  });
  // (module, method, args[], kwargs{}) -> the method's result; arguments converted by its schema.
  def(e, "jitCall", [](Args& a) -> Napi::Value {
    auto& m = mod(a, 0);
    const std::string name = a.str(1);
    auto method = m.find_method(name);
    if (!method) throw std::runtime_error("'RecursiveScriptModule' object has no attribute '" + name + "'");
    const auto& schema = method->function().getSchema();
    const auto& params = schema.arguments();  // params[0] is self
    auto args = a[2].value().As<Napi::Array>();
    if (args.Length() + 1 > params.size()) {
      std::ostringstream decl;
      decl << schema;
      throw c10::TypeError({__func__, __FILE__, static_cast<uint32_t>(__LINE__)},
                           name + "() expected at most " + std::to_string(params.size()) +
                               " argument(s) but received " + std::to_string(args.Length() + 1) +
                               " argument(s). Declaration: " + decl.str());
    }
    std::vector<c10::IValue> stack;
    for (uint32_t k = 0; k < args.Length(); k++)
      stack.push_back(toIValue(args.Get(k), params[k + 1].type(),
                               Where{name, params[k + 1].name(), params[k + 1].type(), args.Get(k)}));
    torch::jit::Kwargs kwargs;
    if (a.has(3)) {
      auto o = a[3].value().As<Napi::Object>();
      auto keys = o.GetPropertyNames();
      for (uint32_t k = 0; k < keys.Length(); k++) {
        std::string key = keys.Get(k).As<Napi::String>().Utf8Value();
        auto p =
            std::find_if(params.begin() + 1, params.end(), [&](const c10::Argument& x) { return x.name() == key; });
        if (p == params.end())
          throw c10::TypeError({__func__, __FILE__, static_cast<uint32_t>(__LINE__)},
                               name + "() got an unexpected keyword argument '" + key + "'");
        kwargs[key] = toIValue(o.Get(key), p->type(), Where{name, key, p->type(), o.Get(key)});
      }
    }
    c10::IValue out;
    try {
      out = (*method)(std::move(stack), kwargs);
    } catch (const c10::Error& err) {
      // The whole message, as Python shows it: the TorchScript traceback ends with the error itself.
      throw Napi::Error::New(a.env(), err.what_without_backtrace());
    } catch (const std::exception& err) {
      throw Napi::Error::New(a.env(), err.what());
    }
    return toJs(a, out);
  });
}

}  // namespace torchts
