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
static at::Generator& gen(const Arg& v) {
  return v.external<at::Generator>(kGeneratorTag, "a Generator");
}

// What one batch needs; plain values and tensors, so a worker thread can build it.
struct BatchSpec {
  at::Tensor images, labels, idx;
  std::vector<double> mean, stdv;
  c10::optional<at::Device> device;
  double flipP = 0;
  int64_t pad = 0;
  at::Generator gen;
  // (images, labels, indices, {mean, std, device?, flipP, cropPad, generator})
  static BatchSpec from(Args& a) {
    BatchSpec s;
    s.images = a.t(0);
    s.labels = a.t(1);
    s.idx = a.t(2);
    Options o = a.obj(3);
    s.mean = o.doubles("mean");
    s.stdv = o.doubles("std");
    s.device = o.device("device");
    s.flipP = o.num("flipP");
    s.pad = o.i64("cropPad");
    s.gen = torchts::gen(o["generator"]);
    return s;
  }
};

static std::pair<at::Tensor, at::Tensor> makeBatch(const BatchSpec& s) {
  at::NoGradGuard noGrad;
  at::Tensor x = s.images.index_select(0, s.idx.to(s.images.device()));
  at::Tensor y = s.labels.index_select(0, s.idx.to(s.labels.device()));
  if (s.device) {
    x = x.to(*s.device, /*non_blocking=*/true);
    y = y.to(*s.device, /*non_blocking=*/true);
  }
  // ToTensor: HWC uint8 -> CHW float in [0, 1], with torchvision's op order.
  x = x.permute({0, 3, 1, 2}).contiguous().to(at::kFloat).div(255);
  if (s.pad > 0 || s.flipP > 0) {
    at::Generator g = s.gen;
    int64_t B = x.size(0), H = x.size(2), W = x.size(3);
    if (s.pad > 0) {
      at::Tensor padded = at::constant_pad_nd(x, {s.pad, s.pad, s.pad, s.pad}, 0);
      auto longs = at::TensorOptions().dtype(at::kLong);
      at::Tensor offs = at::randint(2 * s.pad + 1, {B, 2}, g, longs).contiguous();
      auto o = offs.accessor<int64_t, 2>();
      std::vector<at::Tensor> crops;
      for (int64_t b = 0; b < B; b++) {
        crops.push_back(padded[b].narrow(1, o[b][0], H).narrow(2, o[b][1], W));
      }
      x = at::stack(crops);
    }
    if (s.flipP > 0) {
      at::Tensor flip = (at::rand({B}, g) < s.flipP).to(x.device()).view({B, 1, 1, 1});
      x = at::where(flip, x.flip({3}), x);
    }
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
  def(e, "generatorNew", [](Args& a) -> Napi::Value {
    auto* g = new at::Generator(at::detail::createCPUGenerator(static_cast<uint64_t>(a.i64(0))));
    return wrapExternal(a.env(), g, kGeneratorTag);
  });
  def(e, "generatorSeed", [](Args& a) -> Napi::Value {
    gen(a[0]).set_current_seed(static_cast<uint64_t>(a.i64(1)));
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
  // (generator, n): torch.randperm(n, generator=g), as DistributedSampler draws it
  def(e, "generatorRandperm", [](Args& a) -> Napi::Value {
    return a.ret(at::randperm(a.i64(1), gen(a[0]), at::TensorOptions().dtype(at::kLong)));
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
  def(e, "loaderTake", [](Args& a) -> Napi::Value {
    Job& job = a[0].external<Job>(kJobTag, "a DataLoader batch job");
    if (!job.valid()) throw std::runtime_error("this batch was already taken");
    auto r = job.get();  // rethrows what the worker threw
    return a.ret(std::vector<at::Tensor>{r.first, r.second});
  });
}

}  // namespace torchts
