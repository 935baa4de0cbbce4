// data area: batches cut natively from one uint8 tensor holding the whole data set, so no
// per-image JavaScript runs on the hot path.
#include "common.h"
#include <ATen/CPUGeneratorImpl.h>
#include <fstream>

namespace torchts {

static at::Generator& gen(const Napi::Value& v) { return *v.As<Napi::External<at::Generator>>().Data(); }

void InitData(Napi::Env env, Napi::Object e) {
  // (path, byteOffset, byteLength|-1) -> uint8 tensor with the file's bytes, read without a JS buffer.
  def(env, e, "readFileBytes", [](Args& a) -> Napi::Value {
    std::string path = a.str(0);
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) throw std::runtime_error("cannot open " + path);
    int64_t size = static_cast<int64_t>(in.tellg());
    int64_t off = a.i64(1), len = a.i64(2) < 0 ? size - off : a.i64(2);
    if (off < 0 || len < 0 || off + len > size) throw std::runtime_error(path + " is shorter than expected");
    at::Tensor t = at::empty({len}, at::TensorOptions().dtype(at::kByte));
    in.seekg(off);
    in.read(reinterpret_cast<char*>(t.data_ptr()), len);
    if (!in) throw std::runtime_error("cannot read " + path);
    return a.ret(t);
  });
  def(env, e, "generatorNew", [](Args& a) -> Napi::Value {
    auto* g = new at::Generator(at::detail::createCPUGenerator(static_cast<uint64_t>(a.i64(0))));
    return Napi::External<at::Generator>::New(a.env(), g, [](Napi::Env, at::Generator* p) { delete p; });
  });
  def(env, e, "generatorSeed", [](Args& a) -> Napi::Value {
    gen(a.info[0]).set_current_seed(static_cast<uint64_t>(a.i64(1)));
    return a.none();
  });
  def(env, e, "randpermGen", [](Args& a) -> Napi::Value {
    return a.ret(at::randperm(a.i64(1), gen(a.info[0]), at::TensorOptions().dtype(at::kLong)));
  });
  // One epoch of PyTorch's DataLoader(shuffle=True, generator=g) in a single process: the iterator
  // draws a base seed, RandomSampler draws the permutation, and draws one more when it runs out.
  def(env, e, "epochPermutation", [](Args& a) -> Napi::Value {
    at::Generator& g = gen(a.info[0]);
    int64_t n = a.i64(1);
    at::empty({}, at::TensorOptions().dtype(at::kLong)).random_(g);
    at::Tensor perm = at::randperm(n, g, at::TensorOptions().dtype(at::kLong));
    at::randperm(n, g, at::TensorOptions().dtype(at::kLong));
    return a.ret(perm);
  });
  def(env, e, "generatorRandomSeed", [](Args& a) -> Napi::Value {
    return Napi::Number::New(a.env(), static_cast<double>(at::empty({}, at::TensorOptions().dtype(at::kLong)).random_(0, 1LL << 53).item<int64_t>()));
  });
  // (imagesU8 [N,H,W,C], labels [N], indices [B], mean[], std[], device|undefined, flipP, cropPad, generator)
  // -> [inputs float [B,C,H,W] normalised, labels int64 [B]]
  def(env, e, "loaderBatch", [](Args& a) -> Napi::Value {
    at::NoGradGuard noGrad;
    const at::Tensor& images = a.t(0);
    const at::Tensor& idx = a.t(2);
    at::Tensor x = images.index_select(0, idx.to(images.device()));
    at::Tensor y = a.t(1).index_select(0, idx.to(a.t(1).device()));
    if (a.has(5)) {
      at::Device dev(a.str(5));
      x = x.to(dev, /*non_blocking=*/true);
      y = y.to(dev, /*non_blocking=*/true);
    }
    // ToTensor: HWC uint8 -> CHW float in [0, 1], with torchvision's op order.
    x = x.permute({0, 3, 1, 2}).contiguous().to(at::kFloat).div(255);
    double flipP = a.num(6);
    int64_t pad = a.i64(7);
    if (pad > 0 || flipP > 0) {
      at::Generator& g = gen(a.info[8]);
      int64_t B = x.size(0), H = x.size(2), W = x.size(3);
      if (pad > 0) {
        at::Tensor padded = at::constant_pad_nd(x, {pad, pad, pad, pad}, 0);
        at::Tensor offs = at::randint(2 * pad + 1, {B, 2}, g, at::TensorOptions().dtype(at::kLong)).contiguous();
        auto o = offs.accessor<int64_t, 2>();
        std::vector<at::Tensor> crops;
        for (int64_t b = 0; b < B; b++) crops.push_back(padded[b].narrow(1, o[b][0], H).narrow(2, o[b][1], W));
        x = at::stack(crops);
      }
      if (flipP > 0) {
        at::Tensor flip = (at::rand({B}, g) < flipP).to(x.device()).view({B, 1, 1, 1});
        x = at::where(flip, x.flip({3}), x);
      }
    }
    auto mean = a.doubles(3), stdv = a.doubles(4);
    if (!mean.empty()) {
      auto opts = at::TensorOptions().dtype(at::kFloat);
      at::Tensor m = at::tensor(std::vector<float>(mean.begin(), mean.end()), opts).to(x.device()).view({1, -1, 1, 1});
      at::Tensor s = at::tensor(std::vector<float>(stdv.begin(), stdv.end()), opts).to(x.device()).view({1, -1, 1, 1});
      x.sub_(m).div_(s);
    }
    return a.ret(std::vector<at::Tensor>{x, y});
  });
}

}  // namespace torchts
