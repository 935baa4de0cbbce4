// distributed area: torch.distributed's default process group on libtorch's own c10d (Gloo), set up
// exactly as Python's init_process_group does, so torchts and PyTorch ranks can share one job.
#include "common.h"
#if TORCHTS_WITH_GLOO
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#include <chrono>
#include <cstdlib>
#include <thread>
#endif

namespace torchts {

#if TORCHTS_WITH_GLOO
namespace {
struct Group {
  c10::intrusive_ptr<c10d::Store> store;  // the "default_pg" prefix store
  c10::intrusive_ptr<c10d::ProcessGroupGloo> pg;
  int rank = 0, size = 0;
};
// One default group per process, as in Python.
std::unique_ptr<Group>& defaultGroup() {
  static std::unique_ptr<Group> g;
  return g;
}
Group& group() {
  auto& g = defaultGroup();
  if (!g)
    throw std::runtime_error(
        "Default process group has not been initialized, please make sure to call init_process_group.");
  return *g;
}

// Python's _store_based_barrier for the first group: every rank adds 1, then waits for all.
void storeBarrier(c10d::Store& store, int size, std::chrono::milliseconds timeout) {
  const std::string key = "store_based_barrier_key:1";
  store.add(key, 1);
  auto start = std::chrono::steady_clock::now();
  while (store.add(key, 0) != size) {
    if (std::chrono::steady_clock::now() - start > timeout) {
      throw std::runtime_error("Timed out initializing process group in store based barrier on rank " +
                               std::to_string(group().rank));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

void wait(const c10::intrusive_ptr<c10d::Work>& work) {
  if (!work->wait()) throw std::runtime_error("collective did not complete");
}
}  // namespace
#endif

void InitDistributed(Napi::Object e) {
  def(e, "distIsAvailable", [](Args& a) -> Napi::Value { return Napi::Boolean::New(a.env(), TORCHTS_WITH_GLOO != 0); });
#if TORCHTS_WITH_GLOO
  // (host, {port, rank, worldSize, timeoutMs})
  def(e, "distInit", [](Args& a) -> Napi::Value {
    if (defaultGroup()) throw std::runtime_error("trying to initialize the default process group twice!");
    std::string host = a.str(0);
    Options o = a.obj(1);
    int rank = static_cast<int>(o.i64("rank")), size = static_cast<int>(o.i64("worldSize"));
    std::chrono::milliseconds timeout(o.i64("timeoutMs"));
    c10d::TCPStoreOptions so;
    so.port = static_cast<std::uint16_t>(o.i64("port"));
    so.isServer = rank == 0;
    so.numWorkers = static_cast<std::size_t>(size);
    so.waitWorkers = true;
    so.timeout = timeout;
    so.multiTenant = true;
    auto tcp = c10::make_intrusive<c10d::TCPStore>(host, so);
    auto g = std::make_unique<Group>();
    g->store = c10::make_intrusive<c10d::PrefixStore>("default_pg", tcp);
    auto opts = c10d::ProcessGroupGloo::Options::create(timeout);
    const char* ifname = std::getenv("GLOO_SOCKET_IFNAME");
    opts->devices.push_back(ifname && *ifname ? c10d::ProcessGroupGloo::createDeviceForInterface(ifname)
                                              : c10d::ProcessGroupGloo::createDefaultDevice());
    auto groupStore = c10::make_intrusive<c10d::PrefixStore>("0", g->store);
    g->pg = c10::make_intrusive<c10d::ProcessGroupGloo>(groupStore, rank, size, opts);
    g->rank = rank;
    g->size = size;
    defaultGroup() = std::move(g);
    try {
      storeBarrier(*group().store, size, timeout);
      group().pg->setSequenceNumberForGroup();
    } catch (...) {
      defaultGroup().reset();
      throw;
    }
    return a.none();
  });
  def(e, "distDestroy", [](Args& a) -> Napi::Value {
    defaultGroup().reset();
    return a.none();
  });
  def(e, "distIsInitialized", [](Args& a) -> Napi::Value { return Napi::Boolean::New(a.env(), !!defaultGroup()); });
  def(e, "distRank", [](Args& a) -> Napi::Value { return Napi::Number::New(a.env(), group().rank); });
  def(e, "distWorldSize", [](Args& a) -> Napi::Value { return Napi::Number::New(a.env(), group().size); });
  // (tensor, op): in place, as dist.all_reduce
  def(e, "distAllReduce", [](Args& a) -> Napi::Value {
    std::vector<at::Tensor> ts{a.t(0)};
    c10d::AllreduceOptions o;
    o.reduceOp = c10d::ReduceOp(static_cast<c10d::ReduceOp::RedOpType>(a.i64(1)));
    wait(group().pg->allreduce(ts, o));
    return a.none();
  });
  // (tensor, src): in place, as dist.broadcast
  def(e, "distBroadcast", [](Args& a) -> Napi::Value {
    std::vector<at::Tensor> ts{a.t(0)};
    c10d::BroadcastOptions o;
    o.rootRank = a.i64(1);
    wait(group().pg->broadcast(ts, o));
    return a.none();
  });
  def(e, "distBarrier", [](Args& a) -> Napi::Value {
    wait(group().pg->barrier());
    return a.none();
  });
#endif
}

}  // namespace torchts
