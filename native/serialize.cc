// serialize area: state dicts in PyTorch's torch.save format.
#include "common.h"
#include <caffe2/serialize/inline_container.h>
#include <unistd.h>
#include <c10/util/StringUtil.h>
#include <cstdio>

namespace torchts {

void InitSerialize(Napi::Object e) {
  // (tensor) -> {id, numel, offset, stride}: what torch.save needs to write the tensor as a view of
  // its storage (id: the storage's identity while the tensor lives; numel: the storage's elements).
  def(e, "storageInfo", [](Args& a) -> Napi::Value {
    const at::Tensor& t = a.t(0);
    auto out = Napi::Object::New(a.env());
    auto id = reinterpret_cast<uintptr_t>(t.storage().unsafeGetStorageImpl());
    out.Set("id", Napi::Number::New(a.env(), static_cast<double>(id)));
    out.Set("numel", Napi::Number::New(a.env(), static_cast<double>(t.storage().nbytes() / t.element_size())));
    out.Set("offset", Napi::Number::New(a.env(), static_cast<double>(t.storage_offset())));
    auto stride = Napi::Array::New(a.env(), t.dim());
    for (int64_t i = 0; i < t.dim(); i++) stride.Set(static_cast<uint32_t>(i), static_cast<double>(t.stride(i)));
    out.Set("stride", stride);
    return out;
  });
  // (path, pickle bytes, [[key, tensor], ...]) writes the zip that Python's torch.save writes:
  // <stem>/data.pkl, <stem>/data/<key> (each tensor's whole storage, copied to the host) and
  // <stem>/version. Written to a temporary file with the same stem in the same directory, then renamed.
  def(e, "writeArchive", [](Args& a) -> Napi::Value {
    std::string path = a.str(0);
    if (!a.info[1].IsTypedArray() || a.info[1].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
      a[1].fail("a Uint8Array");
    }
    auto pkl = a.info[1].As<Napi::Uint8Array>();
    if (!a.info[2].IsArray()) a[2].fail("an array of [key, tensor] pairs");
    auto list = a.info[2].As<Napi::Array>();
    std::vector<std::pair<std::string, at::Tensor>> storages;
    for (uint32_t i = 0; i < list.Length(); i++) {
      Napi::Value item = list.Get(i);
      if (!item.IsArray()) a[2].fail("an array of [key, tensor] pairs");
      auto kv = item.As<Napi::Array>();
      std::string key = Arg(kv.Get(0u), "writeArchive", 2, "key").str();
      storages.emplace_back(key, Arg(kv.Get(1u), "writeArchive", 2, "tensor").t());
    }
    // PyTorchStreamWriter names the archive after the file's stem (text before its last dot).
    size_t slash = path.find_last_of('/');
    size_t dot = path.find_last_of('.');
    bool ext = dot != std::string::npos && (slash == std::string::npos || dot > slash);
    std::string stem = ext ? path.substr(0, dot) : path;
    std::string tmp = stem + ".tmp-torchts-" + std::to_string(getpid());
    try {
      caffe2::serialize::PyTorchStreamWriter writer(tmp);
      writer.writeRecord("data.pkl", pkl.Data(), pkl.ByteLength());
      for (auto& kv : storages) {
        const c10::Storage& st = kv.second.storage();
        at::Tensor bytes = at::empty({0}, kv.second.options().dtype(at::kByte)).set_(st).cpu();
        writer.writeRecord("data/" + kv.first, bytes.data_ptr(), st.nbytes());
      }
      writer.writeEndOfFile();
    } catch (...) {
      std::remove(tmp.c_str());
      throw;
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
      std::remove(tmp.c_str());
      throw std::runtime_error("cannot rename " + tmp + " to " + path);
    }
    return a.none();
  });
  // (path) -> [[name, ArrayBuffer], ...]: the zip container of torch.save; the pickle inside is read in
  // TS. Pairs, not an object, so a record named "__proto__" is data like any other name.
  def(e, "readArchive", [](Args& a) -> Napi::Value {
    caffe2::serialize::PyTorchStreamReader reader(a.str(0));
    auto names = reader.getAllRecords();
    auto out = Napi::Array::New(a.env(), names.size());
    for (size_t i = 0; i < names.size(); i++) {
      auto rec = reader.getRecord(names[i]);
      auto buf = Napi::ArrayBuffer::New(a.env(), std::get<1>(rec));
      if (std::get<1>(rec)) std::memcpy(buf.Data(), std::get<0>(rec).get(), std::get<1>(rec));
      auto pair = Napi::Array::New(a.env(), 2);
      pair.Set(0u, Napi::String::New(a.env(), names[i]));
      pair.Set(1u, buf);
      out.Set(static_cast<uint32_t>(i), pair);
    }
    return out;
  });
  // (Uint8Array of a storage's raw bytes, dtype) -> 1-D tensor owning a copy of the storage. The byte
  // length must be a whole number of elements.
  def(e, "fromStorage", [](Args& a) -> Napi::Value {
    if (!a.info[0].IsTypedArray() || a.info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
      a[0].fail("a Uint8Array");
    }
    auto arr = a.info[0].As<Napi::Uint8Array>();
    auto dt = checkedScalarType(a.i64(1), a[1]);
    int64_t elem = static_cast<int64_t>(c10::elementSize(dt));
    int64_t bytes = static_cast<int64_t>(arr.ByteLength());
    if (bytes % elem != 0) {
      throw c10::ValueError({__func__, __FILE__, __LINE__},
                            "storage of " + std::to_string(bytes) + " bytes is not a whole number of " +
                                std::string(c10::toString(dt)) + " elements (" + std::to_string(elem) + " bytes each)");
    }
    at::Tensor storage = at::empty({bytes / elem}, at::TensorOptions().dtype(dt));
    if (bytes) std::memcpy(storage.data_ptr(), arr.Data(), static_cast<size_t>(bytes));
    return a.ret(storage);
  });
  // (storage tensor from fromStorage, {size, stride, offset}) -> a view of it, as _rebuild_tensor_v2 makes;
  // sizes, strides and offset are checked against the storage first (PyTorch's setStorage message).
  def(e, "storageView", [](Args& a) -> Napi::Value {
    const at::Tensor& st = a.t(0);
    Options o = a.obj(1);
    auto size = o.ints("size");
    auto stride = o.ints("stride");
    int64_t offset = o.i64("offset");
    if (size.size() != stride.size()) {
      throw c10::ValueError({__func__, __FILE__, __LINE__}, "mismatch in length of strides and shape");
    }
    if (offset < 0)
      throw c10::ValueError({__func__, __FILE__, __LINE__}, "Tensor: invalid storage offset " + std::to_string(offset));
    bool empty = false;
    for (size_t i = 0; i < size.size(); i++) {
      if (size[i] < 0 || stride[i] < 0) {
        throw c10::ValueError({__func__, __FILE__, __LINE__}, "negative size or stride in a saved tensor");
      }
      if (size[i] == 0) empty = true;
    }
    // The last element's index, in 128 bits so a huge declared size cannot wrap around.
    __int128 last = offset;
    for (size_t i = 0; i < size.size(); i++) last += static_cast<__int128>(size[i] - 1) * stride[i];
    int64_t numel = st.numel();
    if (!empty && last >= numel) {
      std::string s = c10::Join(", ", size), r = c10::Join(", ", stride);
      std::string need = last >= (static_cast<__int128>(1) << 62)
                             ? std::string("more than 2^62")
                             : std::to_string((static_cast<int64_t>(last) + 1) * st.element_size());
      throw std::runtime_error("setStorage: sizes [" + s + "], strides [" + r + "], storage offset " +
                               std::to_string(offset) + ", and itemsize " + std::to_string(st.element_size()) +
                               " requiring a storage size of " + need + " are out of bounds for storage of size " +
                               std::to_string(st.nbytes()));
    }
    return a.ret(st.as_strided(size, stride, offset));
  });
}

}  // namespace torchts
