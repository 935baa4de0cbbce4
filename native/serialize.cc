// serialize area: state dicts in PyTorch's torch.save format.
#include "common.h"
#include <torch/csrc/jit/serialization/pickle.h>
#include <caffe2/serialize/inline_container.h>
#include <fstream>

namespace torchts {

// Plain JS values -> IValue: numbers, strings, booleans, null, arrays (lists), {__tuple: [...]},
// {__tensor: handle}, {__intkeys: [[k, v], ...]} and objects with string keys.
static c10::IValue toIValue(const Napi::Value& v) {
  if (v.IsNull() || v.IsUndefined()) return c10::IValue();
  if (v.IsBoolean()) return c10::IValue(v.As<Napi::Boolean>().Value());
  if (v.IsString()) return c10::IValue(v.As<Napi::String>().Utf8Value());
  if (v.IsNumber()) {
    double d = v.As<Napi::Number>().DoubleValue();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15) return c10::IValue(static_cast<int64_t>(d));
    return c10::IValue(d);
  }
  if (v.IsArray()) {
    auto arr = v.As<Napi::Array>();
    c10::impl::GenericList list(c10::AnyType::get());
    for (uint32_t i = 0; i < arr.Length(); i++) list.push_back(toIValue(arr.Get(i)));
    return c10::IValue(list);
  }
  auto obj = v.As<Napi::Object>();
  if (obj.Has("__tensor")) return c10::IValue(lookup(obj.Get("__tensor").As<Napi::Number>().Uint32Value()));
  if (obj.Has("__float")) return c10::IValue(obj.Get("__float").As<Napi::Number>().DoubleValue());
  if (obj.Has("__tuple")) {
    auto arr = obj.Get("__tuple").As<Napi::Array>();
    std::vector<c10::IValue> items;
    for (uint32_t i = 0; i < arr.Length(); i++) items.push_back(toIValue(arr.Get(i)));
    return c10::IValue(c10::ivalue::Tuple::create(std::move(items)));
  }
  if (obj.Has("__intkeys")) {
    auto arr = obj.Get("__intkeys").As<Napi::Array>();
    c10::impl::GenericDict d(c10::IntType::get(), c10::AnyType::get());
    for (uint32_t i = 0; i < arr.Length(); i++) {
      auto kv = arr.Get(i).As<Napi::Array>();
      d.insert(kv.Get(0u).As<Napi::Number>().Int64Value(), toIValue(kv.Get(1u)));
    }
    return c10::IValue(d);
  }
  c10::impl::GenericDict d(c10::StringType::get(), c10::AnyType::get());
  auto keys = obj.GetPropertyNames();
  for (uint32_t i = 0; i < keys.Length(); i++) {
    std::string k = keys.Get(i).As<Napi::String>().Utf8Value();
    d.insert(k, toIValue(obj.Get(k)));
  }
  return c10::IValue(d);
}

void InitSerialize(Napi::Env env, Napi::Object e) {
  // (value, path): writes atomically through a temporary file.
  def(env, e, "save", [](Args& a) -> Napi::Value {
    std::vector<char> bytes = torch::jit::pickle_save(toIValue(a.info[0]));
    std::string path = a.str(1), tmp = path + ".tmp-torchts";
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      if (!out) throw std::runtime_error("cannot write " + tmp);
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      if (!out.good()) throw std::runtime_error("cannot write " + tmp);
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) throw std::runtime_error("cannot rename " + tmp + " to " + path);
    return a.none();
  });
  // (path) -> {records: {name: ArrayBuffer}}: the zip container of torch.save; the pickle inside is read in TS.
  def(env, e, "readArchive", [](Args& a) -> Napi::Value {
    caffe2::serialize::PyTorchStreamReader reader(a.str(0));
    auto out = Napi::Object::New(a.env());
    for (const auto& name : reader.getAllRecords()) {
      auto rec = reader.getRecord(name);
      auto buf = Napi::ArrayBuffer::New(a.env(), std::get<1>(rec));
      std::memcpy(buf.Data(), std::get<0>(rec).get(), std::get<1>(rec));
      out.Set(name, buf);
    }
    return out;
  });
  // (typedArray of raw bytes, dtype, shape[], strides[], offset) -> tensor viewing a copy of the storage
  def(env, e, "fromStorage", [](Args& a) -> Napi::Value {
    auto arr = a.info[0].As<Napi::Uint8Array>();
    auto dt = static_cast<at::ScalarType>(a.i64(1));
    int64_t elem = static_cast<int64_t>(c10::elementSize(dt));
    at::Tensor storage = at::empty({static_cast<int64_t>(arr.ByteLength()) / elem}, at::TensorOptions().dtype(dt));
    if (arr.ByteLength()) std::memcpy(storage.data_ptr(), arr.Data(), arr.ByteLength());
    return a.ret(storage.as_strided(a.ints(2), a.ints(3), a.i64(4)).clone());
  });
}

}  // namespace torchts
