// distributed area: torch.distributed on libtorch's own c10d (stores, Gloo and NCCL process groups,
// the DDP Reducer), set up exactly as Python's init_process_group/new_group do (same store prefixes,
// store based barriers and sequence numbers), so torchts and PyTorch processes can be ranks of one job.
#include "common.h"
#if TORCHTS_WITH_C10D
#include <torch/csrc/autograd/custom_function.h>
#include <torch/csrc/distributed/c10d/FileStore.hpp>
#include <torch/csrc/distributed/c10d/HashStore.hpp>
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#include <torch/csrc/distributed/c10d/comm.hpp>
#include <torch/csrc/distributed/c10d/reducer.hpp>
#if TORCHTS_WITH_GLOO
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupWrapper.hpp>
#endif
#if TORCHTS_WITH_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <thread>
#endif

namespace torchts {

#if TORCHTS_WITH_C10D
namespace {
using Ms = std::chrono::milliseconds;
using PG = c10d::ProcessGroup;

static const napi_type_tag kStoreTag = {0x71c2e9a04f3b8d16ULL, 0x5b0a3e7d92c4f180ULL};
static const napi_type_tag kWorkTag = {0xe48a1d0c7f25b963ULL, 0x0d6f92b3a8c1e574ULL};
static const napi_type_tag kReducerTag = {0x3a9e07c5d1f64b28ULL, 0xb8241f6e0a9c3d57ULL};

struct StoreBox {
  c10::intrusive_ptr<c10d::Store> s;
};
struct WorkBox {
  c10::intrusive_ptr<c10d::Work> w;
};
struct ReducerBox {
  std::unique_ptr<c10d::Reducer> r;
};

// The process's groups as Python keeps them: index 0 is the default group, later ones come from
// new_group; a null entry is a group this rank is not a member of.
struct World {
  c10::intrusive_ptr<c10d::Store> store;  // the "default_pg" prefix store
  std::vector<c10::intrusive_ptr<PG>> groups;
  int groupCount = 0;  // Python's _group_count: names groups and keys their store barriers
  int rank = 0, size = 0;
  Ms timeout{0};
  std::string backend;  // the default group's: "gloo", "nccl" or "cpu:gloo,cuda:nccl"
};
std::unique_ptr<World>& worldPtr() {
  static std::unique_ptr<World> w;
  return w;
}
World& world() {
  auto& w = worldPtr();
  if (!w)
    throw std::runtime_error(
        "Default process group has not been initialized, please make sure to call init_process_group.");
  return *w;
}

#if TORCHTS_WITH_GLOO
c10::intrusive_ptr<c10d::ProcessGroupGloo> makeGlooBackend(const c10::intrusive_ptr<c10d::Store>& store, int rank,
                                                           int size, Ms timeout) {
  auto opts = c10d::ProcessGroupGloo::Options::create(timeout);
  const char* ifname = std::getenv("GLOO_SOCKET_IFNAME");
  opts->devices.push_back(ifname && *ifname ? c10d::ProcessGroupGloo::createDeviceForInterface(ifname)
                                            : c10d::ProcessGroupGloo::createDefaultDevice());
  return c10::make_intrusive<c10d::ProcessGroupGloo>(store, rank, size, opts);
}

bool detailDebug() {
  const char* v = std::getenv("TORCH_DISTRIBUTED_DEBUG");
  std::string s = v ? v : "";
  std::transform(s.begin(), s.end(), s.begin(), ::toupper);
  return s == "DETAIL";
}
#endif

#if TORCHTS_WITH_NCCL
c10::intrusive_ptr<c10d::ProcessGroupNCCL> makeNcclBackend(const c10::intrusive_ptr<c10d::Store>& store, int rank,
                                                           int size, Ms timeout) {
  auto opts = c10d::ProcessGroupNCCL::Options::create();
  opts->timeout = timeout;
  return c10::make_intrusive<c10d::ProcessGroupNCCL>(store, rank, size, opts);
}
#endif

// Group `name` as Python's _new_process_group_helper makes it: each backend over the group's prefix
// store (2.x: one more prefix per device), and with TORCH_DISTRIBUTED_DEBUG=DETAIL Gloo wrapped so every
// collective first checks on a helper group that all ranks called the same op with the same shapes.
c10::intrusive_ptr<PG> makeGroup(World& w, const std::string& name, int rank, int size, Ms timeout,
                                 const std::string& backend) {
  auto prefixed = c10::make_intrusive<c10d::PrefixStore>(name, w.store);
  auto pg = compat::newProcessGroup<PG>(prefixed, rank, size);
  const bool both = backend == "cpu:gloo,cuda:nccl";
  bool made = false;
#if TORCHTS_WITH_GLOO
  if (backend == "gloo" || both) {
    auto gloo = makeGlooBackend(compat::backendStore<c10d::PrefixStore>(prefixed, "cpu"), rank, size, timeout);
    compat::addBackend(pg, gloo, false, true);
#if TORCH_VERSION_MAJOR < 2
    if (detailDebug()) {
      auto helperStore = c10::make_intrusive<c10d::PrefixStore>("pg_wrapper:" + name, w.store);
      pg = c10::make_intrusive<c10d::ProcessGroupWrapper>(pg, makeGlooBackend(helperStore, rank, size, timeout));
    }
#endif
    made = true;
  }
#endif
#if TORCHTS_WITH_NCCL
  if (backend == "nccl" || both) {
    auto nccl = makeNcclBackend(compat::backendStore<c10d::PrefixStore>(prefixed, "cuda"), rank, size, timeout);
    compat::addBackend(pg, nccl, true, !both);
    made = true;
  }
#endif
  if (!made) throw std::runtime_error("Invalid backend: '" + backend + "' is not built into this torchts");
  return pg;
}

// Python's _store_based_barrier: every rank of the default group adds 1 under the key of the group
// just created, then waits until all have.
void storeBarrier(World& w) {
  if (!compat::initBarrier()) return;
  const std::string key = "store_based_barrier_key:" + std::to_string(w.groupCount);
  w.store->add(key, 1);
  auto start = std::chrono::steady_clock::now();
  int64_t count = 0;
  while ((count = w.store->add(key, 0)) != w.size) {
    if (std::chrono::steady_clock::now() - start > w.timeout) {
      throw std::runtime_error("Timed out initializing process group in store based barrier on rank: " +
                               std::to_string(w.rank) + ", for key: " + key + " (world_size=" + std::to_string(w.size) +
                               ", worker_count=" + std::to_string(count) + ")");
    }
    std::this_thread::sleep_for(Ms(10));
  }
}

// Python's _new_process_group_helper + barrier: every rank calls it; non-members get no group.
int newGroup(World& w, const std::vector<int64_t>& ranks, Ms timeout, const std::string& backend) {
  std::string name = std::to_string(w.groupCount++);
  int groupRank = -1;
  for (size_t k = 0; k < ranks.size(); k++) {
    if (ranks[k] == w.rank) groupRank = static_cast<int>(k);
  }
  c10::intrusive_ptr<PG> pg;
  if (groupRank >= 0) pg = makeGroup(w, name, groupRank, static_cast<int>(ranks.size()), timeout, backend);
  w.groups.push_back(pg);
  storeBarrier(w);
  if (pg) pg->setSequenceNumberForGroup();
  return pg ? static_cast<int>(w.groups.size() - 1) : -1;
}

const c10::intrusive_ptr<PG>& groupPtr(int64_t id) {
  World& w = world();
  if (id < 0 || id >= static_cast<int64_t>(w.groups.size()) || !w.groups[id])
    throw std::runtime_error("Invalid process group specified");
  return w.groups[id];
}
PG& groupAt(int64_t id) {
  return *groupPtr(id);
}

c10d::Store& storeOf(const Arg& a) {
  return *a.external<StoreBox>(kStoreTag, "a Store").s;
}

std::vector<uint8_t> bytesOf(const Arg& a) {
  const Napi::Value& v = a.value();
  if (v.IsString()) {
    std::string s = v.As<Napi::String>().Utf8Value();
    return std::vector<uint8_t>(s.begin(), s.end());
  }
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array)
    a.fail("a string or a Uint8Array");
  auto u = v.As<Napi::Uint8Array>();
  return std::vector<uint8_t>(u.Data(), u.Data() + u.ByteLength());
}

Napi::Value bytesOut(Napi::Env env, const std::vector<uint8_t>& b) {
  auto buf = Napi::Buffer<uint8_t>::Copy(env, b.data(), b.size());
  return buf;
}

// A collective's Work: waited on here (sync), or handed to JS (asyncOp).
Napi::Value finish(Args& a, c10::intrusive_ptr<c10d::Work> work, bool async) {
  if (async) return wrapExternal(a.env(), new WorkBox{std::move(work)}, kWorkTag);
  work->wait();
  return a.none();
}

c10d::ReduceOp reduceOp(int64_t op) {
  if (op < 0 || op > 7) throw std::runtime_error("unknown ReduceOp " + std::to_string(op));
  return c10d::ReduceOp(static_cast<c10d::ReduceOp::RedOpType>(op));
}

class WaitWorker : public Napi::AsyncWorker {
 public:
  WaitWorker(Napi::Env env, c10::intrusive_ptr<c10d::Work> w)
      : Napi::AsyncWorker(env), w_(std::move(w)), deferred_(Napi::Promise::Deferred::New(env)) {}
  Napi::Promise promise() { return deferred_.Promise(); }
  void Execute() override {
    try {
      w_->wait();
    } catch (...) {
      error_ = std::current_exception();
      SetError("wait failed");
    }
  }
  void OnOK() override { deferred_.Resolve(Napi::Boolean::New(Env(), true)); }
  void OnError(const Napi::Error&) override {
    try {
      std::rethrow_exception(error_);
    } catch (...) {
      deferred_.Reject(currentJsError(Env()).Value());
    }
  }

 private:
  c10::intrusive_ptr<c10d::Work> w_;
  std::exception_ptr error_;
  Napi::Promise::Deferred deferred_;
};

// SyncBatchNorm's training forward/backward on any device: the per-channel sums travel in one
// all_reduce each way, so every rank normalizes with the statistics of the global batch.
struct SyncBatchNormFn : public torch::autograd::Function<SyncBatchNormFn> {
  static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& x, const at::Tensor& weight,
                            const at::Tensor& bias, const at::Tensor& runningMean, const at::Tensor& runningVar,
                            double eps, double momentum, int64_t groupId) {
    at::NoGradGuard ng;
    const int64_t c = x.size(1);
    std::vector<int64_t> dims{0};
    for (int64_t d = 2; d < x.dim(); d++) dims.push_back(d);
    auto xf = x.to(at::kFloat);
    const double localCount = static_cast<double>(x.numel() / c);
    // [sum(x), sum(x^2), count] per channel, summed over the group.
    auto stats = at::cat({xf.sum(dims), xf.mul(xf).sum(dims), at::full({1}, localCount, xf.options())});
    std::vector<at::Tensor> ts{stats};
    groupAt(groupId).allreduce(ts)->wait();
    const double count = stats[2 * c].item<double>();
    if (count <= 1)
      throw std::runtime_error("Expected more than 1 value per channel when training, got input size " +
                               std::to_string(static_cast<int64_t>(count)));
    auto mean = stats.narrow(0, 0, c).div(count);
    auto var = stats.narrow(0, c, c).div(count).sub(mean.mul(mean)).clamp_min(0);
    auto invstd = var.add(eps).rsqrt();
    std::vector<int64_t> shape(x.dim(), 1);
    shape[1] = c;
    auto xhat = xf.sub(mean.view(shape)).mul(invstd.view(shape));
    auto y = weight.defined() ? xhat.mul(weight.to(at::kFloat).view(shape)).add(bias.to(at::kFloat).view(shape)) : xhat;
    if (runningMean.defined()) {
      runningMean.mul_(1 - momentum).add_(mean.to(runningMean.scalar_type()), momentum);
      runningVar.mul_(1 - momentum).add_(var.mul(count / (count - 1)).to(runningVar.scalar_type()), momentum);
    }
    ctx->save_for_backward({xhat, invstd, weight});
    ctx->saved_data["group"] = groupId;
    ctx->saved_data["count"] = count;
    return y.to(x.scalar_type());
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    auto saved = ctx->get_saved_variables();
    auto xhat = saved[0], invstd = saved[1], weight = saved[2];
    const int64_t groupId = ctx->saved_data["group"].toInt();
    const double count = ctx->saved_data["count"].toDouble();
    auto dy = grads[0].to(at::kFloat);
    const int64_t c = xhat.size(1);
    std::vector<int64_t> dims{0};
    for (int64_t d = 2; d < xhat.dim(); d++) dims.push_back(d);
    auto sumDy = dy.sum(dims);
    auto sumDyXhat = dy.mul(xhat).sum(dims);
    // dweight/dbias are this rank's share (DDP averages them); dx needs the group's sums.
    at::Tensor gWeight, gBias;
    if (weight.defined()) {
      gWeight = sumDyXhat.to(weight.scalar_type());
      gBias = sumDy.to(weight.scalar_type());
    }
    auto both = at::cat({sumDy, sumDyXhat});
    std::vector<at::Tensor> ts{both};
    groupAt(groupId).allreduce(ts)->wait();
    std::vector<int64_t> shape(xhat.dim(), 1);
    shape[1] = c;
    auto meanDy = both.narrow(0, 0, c).div(count).view(shape);
    auto meanDyXhat = both.narrow(0, c, c).div(count).view(shape);
    auto scale = weight.defined() ? invstd.mul(weight.to(at::kFloat)) : invstd;
    auto dx = dy.sub(meanDy).sub(xhat.mul(meanDyXhat)).mul(scale.view(shape));
    return {dx.to(grads[0].scalar_type()),
            gWeight,
            gBias,
            at::Tensor(),
            at::Tensor(),
            at::Tensor(),
            at::Tensor(),
            at::Tensor()};
  }
};

void initStores(Napi::Object e) {
  // (host, {port, isMaster, worldSize (-1: unknown), timeoutMs, waitForWorkers})
  def(e, "storeTcp", [](Args& a) -> Napi::Value {
    Options o = a.obj(1);
    c10d::TCPStoreOptions so;
    so.port = static_cast<std::uint16_t>(o.i64("port"));
    so.isServer = o.b("isMaster");
    int64_t n = o.i64("worldSize");
    if (n >= 0) so.numWorkers = static_cast<std::size_t>(n);
    so.waitWorkers = o.b("waitForWorkers") && n >= 0;
    so.timeout = Ms(o.i64("timeoutMs"));
    so.multiTenant = true;
    auto s = c10::make_intrusive<c10d::TCPStore>(a.str(0), so);
    return wrapExternal(a.env(), new StoreBox{s}, kStoreTag);
  });
  def(e, "storeFile", [](Args& a) -> Napi::Value {
    auto s = c10::make_intrusive<c10d::FileStore>(a.str(0), static_cast<int>(a.i64(1)));
    return wrapExternal(a.env(), new StoreBox{s}, kStoreTag);
  });
  def(e, "storeHash", [](Args& a) -> Napi::Value {
    return wrapExternal(a.env(), new StoreBox{c10::make_intrusive<c10d::HashStore>()}, kStoreTag);
  });
  def(e, "storePrefix", [](Args& a) -> Napi::Value {
    auto inner = a[1].external<StoreBox>(kStoreTag, "a Store").s;
    return wrapExternal(a.env(), new StoreBox{c10::make_intrusive<c10d::PrefixStore>(a.str(0), inner)}, kStoreTag);
  });
  def(e, "storeSet", [](Args& a) -> Napi::Value {
    storeOf(a[0]).set(a.str(1), bytesOf(a[2]));
    return a.none();
  });
  def(e, "storeGet", [](Args& a) -> Napi::Value { return bytesOut(a.env(), storeOf(a[0]).get(a.str(1))); });
  def(e, "storeAdd", [](Args& a) -> Napi::Value {
    return Napi::Number::New(a.env(), static_cast<double>(storeOf(a[0]).add(a.str(1), a.i64(2))));
  });
  def(e, "storeCompareSet", [](Args& a) -> Napi::Value {
    return bytesOut(a.env(), storeOf(a[0]).compareSet(a.str(1), bytesOf(a[2]), bytesOf(a[3])));
  });
  def(e, "storeDeleteKey",
      [](Args& a) -> Napi::Value { return Napi::Boolean::New(a.env(), storeOf(a[0]).deleteKey(a.str(1))); });
  def(e, "storeNumKeys", [](Args& a) -> Napi::Value {
    return Napi::Number::New(a.env(), static_cast<double>(storeOf(a[0]).getNumKeys()));
  });
  def(e, "storeCheck", [](Args& a) -> Napi::Value {
    std::vector<std::string> keys;
    auto arr = a.info[1].As<Napi::Array>();
    if (!a.info[1].IsArray()) a[1].fail("an array of strings");
    for (uint32_t k = 0; k < arr.Length(); k++) keys.push_back(Arg(arr.Get(k), "storeCheck", 1, nullptr).str());
    return Napi::Boolean::New(a.env(), storeOf(a[0]).check(keys));
  });
  // (store, keys, timeoutMs | undefined)
  def(e, "storeWait", [](Args& a) -> Napi::Value {
    if (!a.info[1].IsArray()) a[1].fail("an array of strings");
    std::vector<std::string> keys;
    auto arr = a.info[1].As<Napi::Array>();
    for (uint32_t k = 0; k < arr.Length(); k++) keys.push_back(Arg(arr.Get(k), "storeWait", 1, nullptr).str());
    if (a.has(2))
      storeOf(a[0]).wait(keys, Ms(a.i64(2)));
    else
      storeOf(a[0]).wait(keys);
    return a.none();
  });
  def(e, "storeSetTimeout", [](Args& a) -> Napi::Value {
    storeOf(a[0]).setTimeout(Ms(a.i64(1)));
    return a.none();
  });
}

void initGroups(Napi::Object e) {
  // (store, {rank, worldSize, timeoutMs}): Python's init_process_group after its rendezvous.
  def(e, "distInit", [](Args& a) -> Napi::Value {
    if (worldPtr()) throw std::runtime_error("trying to initialize the default process group twice!");
    auto base = a[0].external<StoreBox>(kStoreTag, "a Store").s;
    Options o = a.obj(1);
    auto w = std::make_unique<World>();
    w->rank = static_cast<int>(o.i64("rank"));
    w->size = static_cast<int>(o.i64("worldSize"));
    w->timeout = Ms(o.i64("timeoutMs"));
    w->backend = o["backend"].str();
    w->store = c10::make_intrusive<c10d::PrefixStore>("default_pg", base);
    std::vector<int64_t> all(w->size);
    for (int k = 0; k < w->size; k++) all[k] = k;
    worldPtr() = std::move(w);
    try {
      World& ww = world();
      // The default group is group "0", made like any other (the helper skips the member check).
      std::string name = std::to_string(ww.groupCount++);
      ww.groups.push_back(makeGroup(ww, name, ww.rank, ww.size, ww.timeout, ww.backend));
      storeBarrier(ww);
      ww.groups[0]->setSequenceNumberForGroup();
    } catch (...) {
      worldPtr().reset();
      throw;
    }
    return a.none();
  });
  // (ranks sorted, timeoutMs, backend) -> group id, or -1 on a rank outside the group
  def(e, "distNewGroup", [](Args& a) -> Napi::Value {
    World& w = world();
    return Napi::Number::New(a.env(), newGroup(w, a.ints(0), Ms(a.i64(1)), a.str(2)));
  });
  def(e, "distDestroy", [](Args& a) -> Napi::Value {
    worldPtr().reset();
    return a.none();
  });
  def(e, "distIsInitialized", [](Args& a) -> Napi::Value { return Napi::Boolean::New(a.env(), !!worldPtr()); });
  def(e, "distRank", [](Args& a) -> Napi::Value {
    return Napi::Number::New(a.env(), a.has(0) ? groupAt(a.i64(0)).getRank() : world().rank);
  });
  def(e, "distWorldSize", [](Args& a) -> Napi::Value {
    return Napi::Number::New(a.env(), a.has(0) ? groupAt(a.i64(0)).getSize() : world().size);
  });
}

void initCollectives(Napi::Object e) {
  // Every collective: (tensors..., {group, asyncOp, ...}) with ranks already translated to the group's.
  def(e, "distAllReduce", [](Args& a) -> Napi::Value {
    Options o = a.obj(1);
    std::vector<at::Tensor> ts{a.t(0)};
    c10d::AllreduceOptions opts;
    opts.reduceOp = reduceOp(o.i64("op"));
    return finish(a, groupAt(o.i64("group")).allreduce(ts, opts), o.b("asyncOp"));
  });
  def(e, "distBroadcast", [](Args& a) -> Napi::Value {
    Options o = a.obj(1);
    std::vector<at::Tensor> ts{a.t(0)};
    c10d::BroadcastOptions opts;
    opts.rootRank = o.i64("src");
    return finish(a, groupAt(o.i64("group")).broadcast(ts, opts), o.b("asyncOp"));
  });
  def(e, "distReduce", [](Args& a) -> Napi::Value {
    Options o = a.obj(1);
    std::vector<at::Tensor> ts{a.t(0)};
    c10d::ReduceOptions opts;
    opts.reduceOp = reduceOp(o.i64("op"));
    opts.rootRank = o.i64("dst");
    return finish(a, groupAt(o.i64("group")).reduce(ts, opts), o.b("asyncOp"));
  });
  // (outputs[], input, {group, asyncOp})
  def(e, "distAllGather", [](Args& a) -> Napi::Value {
    Options o = a.obj(2);
    std::vector<std::vector<at::Tensor>> outs{a.tensors(0)};
    std::vector<at::Tensor> in{a.t(1)};
    return finish(a, groupAt(o.i64("group")).allgather(outs, in), o.b("asyncOp"));
  });
  // (output, input, {group, asyncOp}): Gloo has no flat all_gather, so it fills views of the output.
  def(e, "distAllGatherIntoTensor", [](Args& a) -> Napi::Value {
    Options o = a.obj(2);
    PG& pg = groupAt(o.i64("group"));
    at::Tensor out = a.t(0), in = a.t(1);
    const int64_t n = pg.getSize();
    if (!out.is_contiguous() || out.numel() != in.numel() * n || out.scalar_type() != in.scalar_type())
      throw std::runtime_error(
          "output tensor size must be equal to world_size times input tensor size, with the input's dtype, "
          "contiguous");
    auto flat = out.view({n, in.numel()});
    std::vector<at::Tensor> views;
    for (int64_t k = 0; k < n; k++) views.push_back(flat[k].view(in.sizes()));
    std::vector<std::vector<at::Tensor>> outs{views};
    std::vector<at::Tensor> ins{in};
    return finish(a, pg.allgather(outs, ins), o.b("asyncOp"));
  });
  // (output, input, {op, group}): Gloo has no reduce_scatter; an all_reduce of a copy gives the same
  // numbers (and the same work on two ranks).
  def(e, "distReduceScatterTensor", [](Args& a) -> Napi::Value {
    Options o = a.obj(2);
    PG& pg = groupAt(o.i64("group"));
    at::Tensor out = a.t(0), in = a.t(1);
    const int64_t n = pg.getSize();
    if (in.numel() != out.numel() * n || out.scalar_type() != in.scalar_type())
      throw std::runtime_error("input tensor must be the same size as output size times world size");
    std::vector<at::Tensor> ts{in.contiguous().clone()};
    c10d::AllreduceOptions opts;
    opts.reduceOp = reduceOp(o.i64("op"));
    pg.allreduce(ts, opts)->wait();
    out.copy_(ts[0].view({n, out.numel()})[pg.getRank()].view(out.sizes()));
    return a.none();
  });
  // (input, outputs[] (only on dst), {dst, group, asyncOp})
  def(e, "distGather", [](Args& a) -> Napi::Value {
    Options o = a.obj(2);
    std::vector<at::Tensor> in{a.t(0)};
    std::vector<std::vector<at::Tensor>> outs;
    if (a.info[1].IsArray()) outs.push_back(a.tensors(1));
    c10d::GatherOptions opts;
    opts.rootRank = o.i64("dst");
    return finish(a, groupAt(o.i64("group")).gather(outs, in, opts), o.b("asyncOp"));
  });
  // (output, inputs[] (only on src), {src, group, asyncOp})
  def(e, "distScatter", [](Args& a) -> Napi::Value {
    Options o = a.obj(2);
    std::vector<at::Tensor> out{a.t(0)};
    std::vector<std::vector<at::Tensor>> ins;
    if (a.info[1].IsArray()) ins.push_back(a.tensors(1));
    c10d::ScatterOptions opts;
    opts.rootRank = o.i64("src");
    return finish(a, groupAt(o.i64("group")).scatter(out, ins, opts), o.b("asyncOp"));
  });
  // (tensor, {peer, tag, group, asyncOp})
  def(e, "distSend", [](Args& a) -> Napi::Value {
    Options o = a.obj(1);
    std::vector<at::Tensor> ts{a.t(0)};
    return finish(a, groupAt(o.i64("group")).send(ts, static_cast<int>(o.i64("peer")), static_cast<int>(o.i64("tag"))),
                  o.b("asyncOp"));
  });
  // (tensor, {peer (-1: any), tag, group, asyncOp}) -> the sender's group rank when sync
  def(e, "distRecv", [](Args& a) -> Napi::Value {
    Options o = a.obj(1);
    std::vector<at::Tensor> ts{a.t(0)};
    PG& pg = groupAt(o.i64("group"));
    const int peer = static_cast<int>(o.i64("peer")), tag = static_cast<int>(o.i64("tag"));
    auto work = peer < 0 ? pg.recvAnysource(ts, tag) : pg.recv(ts, peer, tag);
    if (o.b("asyncOp")) return finish(a, work, true);
    work->wait();
    return Napi::Number::New(a.env(), peer < 0 ? work->sourceRank() : peer);
  });
  // (output, input, {outputSplitSizes, inputSplitSizes, group, asyncOp}): alltoall_base
  def(e, "distAllToAllSingle", [](Args& a) -> Napi::Value {
    Options o = a.obj(2);
    at::Tensor out = a.t(0), in = a.t(1);
    std::vector<int64_t> outSplits = o.ints("outputSplitSizes"), inSplits = o.ints("inputSplitSizes");
    c10d::AllToAllOptions opts;
    return finish(a, groupAt(o.i64("group")).alltoall_base(out, in, outSplits, inSplits, opts), o.b("asyncOp"));
  });
  // (outputs[], inputs[], {group, asyncOp}): alltoall (Gloo raises its own "does not support" error)
  def(e, "distAllToAll", [](Args& a) -> Napi::Value {
    Options o = a.obj(2);
    std::vector<at::Tensor> outs = a.tensors(0), ins = a.tensors(1);
    c10d::AllToAllOptions opts;
    return finish(a, groupAt(o.i64("group")).alltoall(outs, ins, opts), o.b("asyncOp"));
  });
  // ({group, timeoutMs, waitAllRanks}): Gloo's monitored barrier, naming the ranks that did not arrive
  def(e, "distMonitoredBarrier", [](Args& a) -> Napi::Value {
    Options o = a.obj(0);
    c10d::BarrierOptions opts;
    opts.timeout = std::chrono::milliseconds(o.i64("timeoutMs"));
    groupAt(o.i64("group")).monitoredBarrier(opts, o.b("waitAllRanks"));
    return a.none();
  });
  def(e, "distBarrier", [](Args& a) -> Napi::Value {
    Options o = a.obj(0);
    return finish(a, groupAt(o.i64("group")).barrier(), o.b("asyncOp"));
  });
  // (tensors, {src, bufferBytes, group}): DDP's _broadcast_coalesced, in place
  def(e, "distBroadcastCoalesced", [](Args& a) -> Napi::Value {
    Options o = a.obj(1);
    auto ts = a.tensors(0);
    c10d::broadcast_coalesced(groupPtr(o.i64("group")), ts, static_cast<size_t>(o.i64("bufferBytes")),
                              static_cast<int>(o.i64("src")));
    return a.none();
  });
  def(e, "workWait", [](Args& a) -> Napi::Value {
    auto& w = a[0].external<WorkBox>(kWorkTag, "a Work").w;
    if (a.has(1)) return Napi::Boolean::New(a.env(), w->wait(Ms(a.i64(1))));
    return Napi::Boolean::New(a.env(), w->wait());
  });
  def(e, "workWaitAsync", [](Args& a) -> Napi::Value {
    auto* job = new WaitWorker(a.env(), a[0].external<WorkBox>(kWorkTag, "a Work").w);
    job->Queue();
    return job->promise();
  });
  def(e, "workIsCompleted", [](Args& a) -> Napi::Value {
    return Napi::Boolean::New(a.env(), a[0].external<WorkBox>(kWorkTag, "a Work").w->isCompleted());
  });
  def(e, "workSourceRank", [](Args& a) -> Napi::Value {
    return Napi::Number::New(a.env(), a[0].external<WorkBox>(kWorkTag, "a Work").w->sourceRank());
  });
}

void initDDP(Napi::Object e) {
  // (params, {group}): c10d's check that every rank has the same parameter shapes.
  def(e, "ddpVerifyParams", [](Args& a) -> Napi::Value {
    Options o = a.obj(1);
    c10d::verify_params_across_processes(groupPtr(o.i64("group")), a.tensors(0), c10::nullopt);
    return a.none();
  });
  // (params, {group, bucketBytesCap, firstBucketBytes, findUnusedParameters, gradientAsBucketView, names})
  def(e, "ddpReducer", [](Args& a) -> Napi::Value {
    Options o = a.obj(1);
    auto params = a.tensors(0);
    auto pg = groupPtr(o.i64("group"));
    const bool findUnused = o.b("findUnusedParameters");
    const int64_t cap = o.i64("bucketBytesCap"), first = o.i64("firstBucketBytes");
    std::vector<bool> sparse(params.size(), false);
    // As DDP 1.13's _ddp_init_helper: one bucket until the first rebuild unless unused parameters are searched.
    std::vector<size_t> limits = findUnused
                                     ? std::vector<size_t>{static_cast<size_t>(first), static_cast<size_t>(cap)}
                                     : std::vector<size_t>{static_cast<size_t>(std::numeric_limits<int64_t>::max())};
    auto assigned = c10d::compute_bucket_assignment_by_size(params, limits, sparse);
    auto buckets = std::get<0>(assigned);
    auto perLimits = std::get<1>(assigned);
    std::reverse(buckets.begin(), buckets.end());
    std::reverse(perLimits.begin(), perLimits.end());
    std::unordered_map<size_t, std::string> names;
    if (a.info[1].As<Napi::Object>().Get("names").IsArray()) {
      auto arr = a.info[1].As<Napi::Object>().Get("names").As<Napi::Array>();
      for (uint32_t k = 0; k < arr.Length(); k++) names[k] = Arg(arr.Get(k), "ddpReducer", 1, "names").str();
    }
    auto r = compat::newReducer<c10d::Reducer>(params, buckets, perLimits, pg, sparse, cap, findUnused,
                                               o.b("gradientAsBucketView"), names, first);
    return wrapExternal(a.env(), new ReducerBox{std::move(r)}, kReducerTag);
  });
  def(e, "ddpPrepareForward", [](Args& a) -> Napi::Value {
    a[0].external<ReducerBox>(kReducerTag, "a Reducer").r->prepare_for_forward();
    return a.none();
  });
  def(e, "ddpRebuildBuckets", [](Args& a) -> Napi::Value {
    return Napi::Boolean::New(a.env(), a[0].external<ReducerBox>(kReducerTag, "a Reducer").r->rebuild_buckets());
  });
  // (reducer, outputs): outputs searched for unused parameters (empty when not searching)
  def(e, "ddpPrepareBackward", [](Args& a) -> Napi::Value {
    a[0].external<ReducerBox>(kReducerTag, "a Reducer").r->prepare_for_backward(a.tensors(1));
    return a.none();
  });
  def(e, "ddpDispose", [](Args& a) -> Napi::Value {
    a[0].external<ReducerBox>(kReducerTag, "a Reducer").r.reset();
    return a.none();
  });
  // (x, weight?, bias?, runningMean?, runningVar?, {eps, momentum, group}) -> y, in training mode
  def(e, "syncBatchNorm", [](Args& a) -> Napi::Value {
    Options o = a.obj(5);
    groupAt(o.i64("group"));
    return a.ret(SyncBatchNormFn::apply(a.t(0), a.opt(1), a.opt(2), a.opt(3), a.opt(4), o.num("eps"), o.num("momentum"),
                                        o.i64("group")));
  });
}
}  // namespace
#endif

void InitDistributed(Napi::Object e) {
  // The backends built in: c10d with Gloo (libgloo-dev headers) and/or NCCL (a CUDA libtorch with nccl.h).
  def(e, "distBackends", [](Args& a) -> Napi::Value {
    auto out = Napi::Array::New(a.env());
    if (TORCHTS_WITH_C10D && TORCHTS_WITH_GLOO) out.Set(out.Length(), "gloo");
    if (TORCHTS_WITH_C10D && TORCHTS_WITH_NCCL) out.Set(out.Length(), "nccl");
    return out;
  });
#if TORCHTS_WITH_C10D
  initStores(e);
  initGroups(e);
  initCollectives(e);
  initDDP(e);
#endif
}

}  // namespace torchts
