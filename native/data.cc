// data area: batches cut natively from one uint8 tensor holding the whole data set, so no
// per-image JavaScript runs on the hot path.
#include "common.h"
#include <ATen/CPUGeneratorImpl.h>
#include <condition_variable>
#include <deque>
#include <fstream>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

namespace torchts {

static const napi_type_tag kGeneratorTag = {0x5e1f0c7a2b9d4e61ULL, 0x9a3c17d8e0b2f453ULL};
static const napi_type_tag kJobTag = {0x2d8b6f1e9c4a7035ULL, 0xc71e5a03b8d94f26ULL};
using Job = std::future<std::pair<at::Tensor, at::Tensor>>;
at::Generator& generatorArg(const Arg& v) {
  return v.external<at::Generator>(kGeneratorTag, "a Generator");
}
static at::Generator& gen(const Arg& v) {
  return generatorArg(v);
}
static c10::optional<at::Generator> optionalGen(const Arg& v) {
  if (!v.present()) return c10::nullopt;
  return gen(v);
}
// A seed as torch.Generator.manual_seed takes it: a number or a BigInt in [0, 2^64).
static uint64_t seedValue(const Arg& v) {
  if (!v.value().IsBigInt()) return static_cast<uint64_t>(v.i64());
  bool lossless = false;
  uint64_t s = v.value().As<Napi::BigInt>().Uint64Value(&lossless);
  if (!lossless) throw std::runtime_error("Overflow when unpacking long");
  return s;
}

// What one batch needs; plain values and tensors, so a worker thread can build it.
struct BatchSpec {
  at::Tensor images, labels, idx;
  std::vector<double> mean, stdv;
  c10::optional<at::Device> device;
  std::vector<int64_t> pad, crop;  // {padH, padW}, {height, width}; crop empty: no RandomCrop
  at::Tensor offsets, flips;       // per image: int64 [B, 2] (top, left), bool [B]; undefined: none
  // (images, labels, indices, {mean, std, device?, pad, crop, offsets?, flips?})
  static BatchSpec from(Args& a) {
    BatchSpec s;
    s.images = a.t(0);
    s.labels = a.t(1);
    s.idx = a.t(2);
    Options o = a.obj(3);
    s.mean = o.doubles("mean");
    s.stdv = o.doubles("std");
    s.device = o.device("device");
    s.pad = o.ints("pad");
    s.crop = o.ints("crop");
    s.offsets = o.opt("offsets");
    s.flips = o.opt("flips");
    int64_t B = s.idx.numel();
    TORCH_CHECK(B > 0, "loaderBatch: empty batch");
    TORCH_CHECK(s.images.dim() == 4 && s.idx.dim() == 1, "loaderBatch: images [N, H, W, C] and indices [B]");
    TORCH_CHECK(s.pad.size() == 2 && s.pad[0] >= 0 && s.pad[1] >= 0, "loaderBatch: pad must be [padH, padW]");
    TORCH_CHECK(s.crop.empty() || (s.crop.size() == 2 && s.crop[0] > 0 && s.crop[1] > 0),
                "loaderBatch: crop must be [height, width] or []");
    if (!s.crop.empty()) {
      TORCH_CHECK(s.offsets.defined() && s.offsets.scalar_type() == at::kLong && s.offsets.dim() == 2 &&
                      s.offsets.size(0) == B && s.offsets.size(1) == 2,
                  "loaderBatch: offsets must be int64 [B, 2]");
      s.offsets = s.offsets.to(at::kCPU).contiguous();
    }
    if (s.flips.defined()) {
      TORCH_CHECK(s.flips.scalar_type() == at::kBool && s.flips.dim() == 1 && s.flips.size(0) == B,
                  "loaderBatch: flips must be bool [B]");
    }
    return s;
  }
};

// The fused pipeline in torchvision's arithmetic: ToTensor, RandomCrop (zero padding, offsets drawn by
// the caller), RandomHorizontalFlip (decisions drawn by the caller), Normalize.
static std::pair<at::Tensor, at::Tensor> makeBatch(const BatchSpec& s) {
  at::NoGradGuard noGrad;
  at::Tensor x = s.images.index_select(0, s.idx.to(s.images.device()));
  at::Tensor y = s.labels.index_select(0, s.idx.to(s.labels.device()));
  if (s.device) {
    x = x.to(*s.device, /*non_blocking=*/true);
    y = y.to(*s.device, /*non_blocking=*/true);
  }
  // ToTensor: HWC uint8 -> CHW float in [0, 1], with torchvision's op order. The float copy is laid out
  // NCHW explicitly: with one channel the permuted view counts as contiguous and would keep strides
  // that read as channels-last, where PyTorch's collated batch is NCHW (a conv picks its kernel by them).
  x = x.permute({0, 3, 1, 2}).to(at::kFloat, false, false, at::MemoryFormat::Contiguous).div(255);
  int64_t B = x.size(0);
  if (!s.crop.empty()) {
    // Zero padding commutes with ToTensor (0 / 255 == 0), so padding the float batch is exact.
    at::Tensor padded = s.pad[0] || s.pad[1] ? at::constant_pad_nd(x, {s.pad[1], s.pad[1], s.pad[0], s.pad[0]}, 0) : x;
    int64_t H = padded.size(2), W = padded.size(3), th = s.crop[0], tw = s.crop[1];
    auto o = s.offsets.accessor<int64_t, 2>();
    std::vector<at::Tensor> crops;
    crops.reserve(B);
    for (int64_t b = 0; b < B; b++) {
      TORCH_CHECK(o[b][0] >= 0 && o[b][1] >= 0 && o[b][0] + th <= H && o[b][1] + tw <= W,
                  "loaderBatch: crop offset out of range");
      crops.push_back(padded[b].narrow(1, o[b][0], th).narrow(2, o[b][1], tw));
    }
    x = at::stack(crops);
  }
  if (s.flips.defined()) {
    at::Tensor flip = s.flips.to(x.device()).view({B, 1, 1, 1});
    x = at::where(flip, x.flip({3}), x);
  }
  if (!s.mean.empty()) {
    auto opts = at::TensorOptions().dtype(at::kFloat);
    auto channels = [&](const std::vector<double>& v) {
      return at::tensor(std::vector<float>(v.begin(), v.end()), opts).to(x.device()).view({1, -1, 1, 1});
    };
    at::Tensor m = channels(s.mean), sd = channels(s.stdv);
    x.sub_(m).div_(sd);
  }
  return {x, y};
}

// One worker thread for the whole process cuts prefetched batches, in the order they were asked
// for (a thread per batch cost more than a small batch itself).
class BatchWorker {
 public:
  static BatchWorker& get() {
    static BatchWorker w;
    return w;
  }
  Job submit(BatchSpec spec) {
    auto task = std::make_shared<std::packaged_task<std::pair<at::Tensor, at::Tensor>()>>(
        [spec = std::move(spec)]() { return makeBatch(spec); });
    Job f = task->get_future();
    {
      std::lock_guard<std::mutex> lock(m_);
      q_.push_back([task]() { (*task)(); });
    }
    cv_.notify_one();
    return f;
  }
  ~BatchWorker() {
    {
      std::lock_guard<std::mutex> lock(m_);
      stop_ = true;
    }
    cv_.notify_all();
    t_.join();
  }

 private:
  BatchWorker() : t_([this]() { run(); }) {}
  void run() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock<std::mutex> lock(m_);
        cv_.wait(lock, [this]() { return stop_ || !q_.empty(); });
        if (q_.empty()) return;
        job = std::move(q_.front());
        q_.pop_front();
      }
      job();
    }
  }
  std::mutex m_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> q_;
  bool stop_ = false;
  std::thread t_;  // last: it starts once the members above exist
};

void InitData(Napi::Object e) {
  // (path, byteOffset, byteLength|-1) -> uint8 tensor with the file's bytes, read without a JS buffer.
  def(e, "readFileBytes", [](Args& a) -> Napi::Value {
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
  // (seed?) without a seed: PyTorch's default seed (67280421310721), as torch.Generator() starts from.
  def(e, "generatorNew", [](Args& a) -> Napi::Value {
    auto* g = new at::Generator(a.has(0) ? at::detail::createCPUGenerator(seedValue(a[0]))
                                         : at::detail::createCPUGenerator());
    return wrapExternal(a.env(), g, kGeneratorTag);
  });
  // (generator | null): Generator.initial_seed / torch.initial_seed
  def(e, "generatorInitialSeed", [](Args& a) -> Napi::Value {
    at::Generator g = a.has(0) ? gen(a[0]) : at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(g.mutex());
    return Napi::Number::New(a.env(), static_cast<double>(g.current_seed()));
  });
  // (generator | null): Generator.seed / torch.seed: a non-deterministic seed, set and returned. Kept to
  // 53 bits (PyTorch draws 64), so the JS number is the seed exactly and manualSeed(seed()) round-trips.
  def(e, "generatorSeedRandom", [](Args& a) -> Napi::Value {
    uint64_t s = c10::detail::getNonDeterministicRandom() & ((uint64_t{1} << 53) - 1);
    if (a.has(0)) {
      at::Generator& g = gen(a[0]);
      std::lock_guard<std::mutex> lock(g.mutex());
      g.set_current_seed(s);
    } else {
      at::manual_seed(s);  // the default CPU generator and, as torch.seed does, every CUDA one
    }
    return Napi::Number::New(a.env(), static_cast<double>(s));
  });
  def(e, "generatorGetState", [](Args& a) -> Napi::Value {
    at::Generator& g = gen(a[0]);
    std::lock_guard<std::mutex> lock(g.mutex());
    return a.ret(g.get_state());
  });
  def(e, "generatorSetState", [](Args& a) -> Napi::Value {
    at::Generator& g = gen(a[0]);
    std::lock_guard<std::mutex> lock(g.mutex());
    g.set_state(a.t(1));
    return a.none();
  });
  def(e, "generatorSeed", [](Args& a) -> Napi::Value {
    gen(a[0]).set_current_seed(seedValue(a[1]));
    return a.none();
  });
  // (generator | null) -> BigInt: torch.empty((), dtype=torch.int64).random_(generator=g).item(), the
  // draw behind DataLoader's base seed and RandomSampler's fresh generator; null: the default generator.
  def(e, "generatorDraw", [](Args& a) -> Napi::Value {
    at::Tensor t = at::empty({}, at::TensorOptions().dtype(at::kLong));
    t.random_(optionalGen(a[0]));
    return Napi::BigInt::New(a.env(), static_cast<uint64_t>(t.item<int64_t>()));
  });
  // (generator | null, high, n): torch.randint(high=high, size=(n,), dtype=torch.int64, generator=g)
  def(e, "generatorRandint", [](Args& a) -> Napi::Value {
    return a.ret(at::randint(a.i64(1), {a.i64(2)}, optionalGen(a[0]), at::TensorOptions().dtype(at::kLong)));
  });
  // Swaps the states of g and the default CPU generator: calling it around a piece of work runs that
  // work's torch.rand/randint/... on g, as a DataLoader worker process's own seeded generator would.
  def(e, "generatorSwapGlobal", [](Args& a) -> Napi::Value {
    at::Generator& g = gen(a[0]);
    at::Generator global = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(global.mutex());
    at::Tensor mine = g.get_state(), theirs = global.get_state();
    global.set_state(mine);
    g.set_state(theirs);
    return a.none();
  });
  // One epoch of PyTorch's DataLoader(shuffle=True, generator=g) in a single process: the iterator
  // draws a base seed, RandomSampler draws the permutation, and draws one more when it runs out.
  def(e, "epochPermutation", [](Args& a) -> Napi::Value {
    at::Generator& g = gen(a[0]);
    int64_t n = a.i64(1);
    at::empty({}, at::TensorOptions().dtype(at::kLong)).random_(g);
    at::Tensor perm = at::randperm(n, g, at::TensorOptions().dtype(at::kLong));
    at::randperm(n, g, at::TensorOptions().dtype(at::kLong));
    return a.ret(perm);
  });
  // (generator | null, n): torch.randperm(n, generator=g), as the samplers and random_split draw it
  def(e, "generatorRandperm", [](Args& a) -> Napi::Value {
    return a.ret(at::randperm(a.i64(1), optionalGen(a[0]), at::TensorOptions().dtype(at::kLong)));
  });
  def(e, "generatorRandomSeed", [](Args& a) -> Napi::Value {
    at::Tensor seed = at::empty({}, at::TensorOptions().dtype(at::kLong)).random_(0, 1LL << 53);
    return Napi::Number::New(a.env(), static_cast<double>(seed.item<int64_t>()));
  });
  // (imagesU8 [N,H,W,C], labels [N], indices [B], {mean, std, device?, flipP, cropPad, generator})
  // -> [inputs float [B,C,H,W] normalised, labels int64 [B]]
  def(e, "loaderBatch", [](Args& a) -> Napi::Value {
    auto r = makeBatch(BatchSpec::from(a));
    return a.ret(std::vector<at::Tensor>{r.first, r.second});
  });
  // The same on a worker thread, so the next batch is cut while the current one trains:
  // loaderPrefetch(...same arguments) -> job; loaderTake(job) -> [inputs, labels].
  def(e, "loaderPrefetch", [](Args& a) -> Napi::Value {
    auto spec = BatchSpec::from(a);
    // A future from std::async waits for its job when destroyed, so a dropped job never outlives its data.
    auto* job = new Job(BatchWorker::get().submit(std::move(spec)));
    return wrapExternal(a.env(), job, kJobTag);
  });
  // (images [N, H, W, C], labels [N], i) -> [image i as its own tensor, label i]: a copy, because V8 is
  // told of a view's whole storage (the data set), which makes per-image views trigger collections.
  def(e, "datasetImage", [](Args& a) -> Napi::Value {
    const at::Tensor& images = a.t(0);
    const at::Tensor& labels = a.t(1);
    int64_t i = a.i64(2);
    TORCH_CHECK(images.dim() >= 1 && labels.dim() == 1 && labels.size(0) == images.size(0),
                "datasetImage: images [N, ...] and labels [N]");
    TORCH_CHECK_INDEX(i >= 0 && i < images.size(0), "index ", i, " is out of range");
    at::Tensor img = images.select(0, i).clone();
    double y = static_cast<double>(labels[i].item<int64_t>());
    auto out = Napi::Array::New(a.env(), 2);
    out.Set(0u, Napi::Number::New(a.env(), store(a.env(), std::move(img))));
    out.Set(1u, Napi::Number::New(a.env(), y));
    return out;
  });
  // (batch, highs) -> float64 [batch, highs.length]: for each image in turn, torch.randint(0, high, (1,))
  // where high > 0 and torch.rand(1) where high == 0, from the default generator: the draws
  // torchvision's RandomCrop and RandomHorizontalFlip make per image, in the pipeline's order.
  def(e, "loaderDraws", [](Args& a) -> Napi::Value {
    int64_t B = a.i64(0);
    std::vector<int64_t> highs = a.ints(1);
    TORCH_CHECK(B >= 0 && B <= (1LL << 31), "loaderDraws: batch out of range");
    for (int64_t h : highs) TORCH_CHECK(h >= 0, "loaderDraws: high must be >= 0");
    at::Tensor out = at::empty({B, static_cast<int64_t>(highs.size())}, at::TensorOptions().dtype(at::kDouble));
    auto acc = out.accessor<double, 2>();
    auto longs = at::TensorOptions().dtype(at::kLong);
    for (int64_t b = 0; b < B; b++) {
      for (size_t k = 0; k < highs.size(); k++) {
        acc[b][k] = highs[k] > 0 ? static_cast<double>(at::randint(0, highs[k], {1}, longs).item<int64_t>())
                                 : static_cast<double>(at::rand({1}).item<float>());
      }
    }
    return a.ret(out);
  });
  // (img [..., H, W], [h, w], mode, antialias): torchvision 0.14's tensor resize — float32 for other
  // dtypes, F.interpolate (align_corners=False), clamp for bicubic uint8, round back to integer dtypes.
  def(e, "imageResize", [](Args& a) -> Napi::Value {
    at::Tensor img = a.t(0);
    std::vector<int64_t> size = a.ints(1);
    std::string mode = a.str(2);
    bool antialias = a.b(3);
    TORCH_CHECK(size.size() == 2 && size[0] > 0 && size[1] > 0, "imageResize: size must be [h, w] > 0");
    at::NoGradGuard noGrad;
    bool squeeze = img.dim() < 4;
    if (squeeze) img = img.unsqueeze(0);
    at::ScalarType out = img.scalar_type();
    bool cast = out != at::kFloat && out != at::kDouble;
    if (cast) img = img.to(at::kFloat);
    at::IntArrayRef osize(size);
    if (mode == "bilinear") {
      img = antialias ? at::_upsample_bilinear2d_aa(img, osize, false, c10::nullopt, c10::nullopt)
                      : at::upsample_bilinear2d(img, osize, false, c10::nullopt, c10::nullopt);
    } else if (mode == "bicubic") {
      img = antialias ? at::_upsample_bicubic2d_aa(img, osize, false, c10::nullopt, c10::nullopt)
                      : at::upsample_bicubic2d(img, osize, false, c10::nullopt, c10::nullopt);
      if (out == at::kByte) img = img.clamp(0, 255);
    } else if (mode == "nearest" && !antialias) {
      img = at::upsample_nearest2d(img, osize, c10::nullopt, c10::nullopt);
    } else {
      throw std::invalid_argument("imageResize: mode must be nearest, bilinear or bicubic");
    }
    if (squeeze) img = img.squeeze(0);
    if (cast) {
      if (at::isIntegralType(out, /*includeBool=*/false)) img = img.round();
      img = img.to(out);
    }
    return a.ret(img);
  });
  // (img [..., H, W], [left, right, top, bottom], mode, fill): torchvision 0.14's tensor pad.
  def(e, "imagePad", [](Args& a) -> Napi::Value {
    at::Tensor img = a.t(0);
    std::vector<int64_t> p = a.ints(1);
    std::string mode = a.str(2);
    double fill = a.num(3);
    TORCH_CHECK(p.size() == 4, "imagePad: padding must be [left, right, top, bottom]");
    TORCH_CHECK(img.dim() >= 2, "Tensor is not a torch image.");
    at::NoGradGuard noGrad;
    if (mode == "symmetric") {
      // Crop where the padding is negative, then index with mirrored positions (edge included).
      int64_t cl = std::max<int64_t>(-p[0], 0), cr = std::max<int64_t>(-p[1], 0);
      int64_t ct = std::max<int64_t>(-p[2], 0), cb = std::max<int64_t>(-p[3], 0);
      int64_t H = img.size(-2), W = img.size(-1);
      TORCH_CHECK(ct + cb <= H && cl + cr <= W, "imagePad: negative padding larger than the image");
      img = img.narrow(-2, ct, H - ct - cb).narrow(-1, cl, W - cl - cr);
      TORCH_CHECK(img.dim() == 3 || img.dim() == 4, "Symmetric padding of N-D tensors are not supported yet");
      auto mirrored = [](int64_t before, int64_t n, int64_t after) {
        std::vector<int64_t> idx;
        for (int64_t i = before - 1; i >= 0; i--) idx.push_back(i);
        for (int64_t i = 0; i < n; i++) idx.push_back(i);
        for (int64_t i = 0; i < after; i++) idx.push_back(-(i + 1));
        for (int64_t& i : idx) {
          if (i < 0) i += n;
          TORCH_CHECK_INDEX(i >= 0 && i < n, "index out of range in symmetric padding");
        }
        return at::tensor(idx, at::TensorOptions().dtype(at::kLong));
      };
      at::Tensor ys = mirrored(std::max<int64_t>(p[2], 0), img.size(-2), std::max<int64_t>(p[3], 0));
      at::Tensor xs = mirrored(std::max<int64_t>(p[0], 0), img.size(-1), std::max<int64_t>(p[1], 0));
      int64_t d = img.dim();
      return a.ret(img.index_select(d - 2, ys.to(img.device())).index_select(d - 1, xs.to(img.device())));
    }
    TORCH_CHECK(mode == "constant" || mode == "edge" || mode == "reflect",
                "Padding mode should be either constant, edge, reflect or symmetric");
    bool squeeze = img.dim() < 4;
    if (squeeze) img = img.unsqueeze(0);
    at::ScalarType out = img.scalar_type();
    bool cast = mode != "constant" && out != at::kFloat && out != at::kDouble;
    if (cast) img = img.to(at::kFloat);
    if (mode == "constant") {
      img = at::constant_pad_nd(img, p, fill);
    } else {
      img = at::pad(img, p, mode == "edge" ? "replicate" : "reflect", c10::nullopt);
    }
    if (squeeze) img = img.squeeze(0);
    if (cast) img = img.to(out);
    return a.ret(img);
  });
  def(e, "loaderTake", [](Args& a) -> Napi::Value {
    Job& job = a[0].external<Job>(kJobTag, "a DataLoader batch job");
    if (!job.valid()) throw std::runtime_error("this batch was already taken");
    auto r = job.get();  // rethrows what the worker threw
    return a.ret(std::vector<at::Tensor>{r.first, r.second});
  });
}

}  // namespace torchts
