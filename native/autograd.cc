// Autograd area: requires_grad, grads, backward, grad mode.
#include "common.h"
#include <torch/csrc/autograd/autograd.h>
#include <torch/csrc/autograd/engine.h>
#include <torch/csrc/autograd/function.h>
#include <torch/csrc/autograd/anomaly_mode.h>
#include <torch/csrc/autograd/custom_function.h>
#include <torch/csrc/autograd/functions/accumulate_grad.h>
#include <torch/csrc/autograd/functions/basic_ops.h>
#include <torch/csrc/autograd/saved_variable.h>
#include <torch/csrc/autograd/saved_variable_hooks.h>
#include <ATen/SavedTensorHooks.h>
#include <ATen/ThreadLocalState.h>
#if __has_include(<ATen/LegacyVmapMode.h>)
#include <ATen/LegacyVmapMode.h>
#else
#include <ATen/VmapMode.h>
#endif
#include <c10/core/AutogradState.h>
#if __has_include(<ATen/LegacyBatchedTensorImpl.h>)
#include <ATen/LegacyBatchedTensorImpl.h>
#else
#include <ATen/BatchedTensorImpl.h>
#endif
#include <c10/core/GradMode.h>
#include <c10/core/StreamGuard.h>
#include <c10/core/impl/DeviceGuardImplInterface.h>
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <thread>

namespace torchts {

// Tensor hooks and autograd.Function backwards written in JS. The autograd engine runs a CPU graph's
// backward on the thread that called backward(), so they can call into JS there. A CUDA graph's nodes
// run on the engine's device threads, which must not touch V8: for such a graph (when JS callbacks are
// alive) the backward itself runs on a worker thread while the JS thread serves the callbacks the
// engine's threads hand it (serveWhile / onJsThread). The C++ side keeps only ids: the JS functions live
// in tables on the JS side, reached through one dispatcher per thread, and a callback freed (on any
// thread) only queues its id for its table to drop.
static thread_local Napi::FunctionReference* hookDispatcher = nullptr;  // kept for the thread's life
static std::mutex deadHooksMutex;
static std::vector<std::pair<std::thread::id, double>> deadHooks;
static std::atomic<int64_t> liveCallbacks{0};

struct HookToken {
  // `callback`: a JS function libtorch may call (a backward on CUDA is then served, see runBackward);
  // false for an id that only names a JS value to drop once the native side is gone.
  HookToken(double i, std::thread::id t, bool callback = true) : id(i), thread(t), callback_(callback) {
    if (callback_) ++liveCallbacks;
  }
  HookToken(const HookToken&) = delete;
  double id;
  std::thread::id thread;
  bool callback_;
  ~HookToken() {
    if (callback_) --liveCallbacks;
    std::lock_guard<std::mutex> lock(deadHooksMutex);
    deadHooks.emplace_back(thread, id);
  }
};

// The tasks a JS thread runs for the engine's threads while it waits for a backward it handed to a worker.
struct CallbackQueue {
  std::mutex m;
  std::condition_variable cv;
  std::deque<std::function<void()>> tasks;
  bool done = false;
};
static std::mutex servingMutex;
static std::map<std::thread::id, CallbackQueue*> serving;
// While the JS thread runs a callback for an engine thread, that thread waits on this queue. A backward
// the callback starts (checkpoint's recomputation) is handed back to it and runs there, reentrant, as
// PyTorch runs it on the device thread that called Python: a CUDA graph's nodes need that device's
// engine thread, which would otherwise be blocked waiting for the callback (a deadlock on the GPU).
static thread_local CallbackQueue* callerQueue = nullptr;
// The engine's answer to is_checkpoint_valid() on the engine thread whose callback the JS thread runs
// (the engine keeps its current graph task per thread): -1 when not in such a callback.
static thread_local int callerCheckpointValid = -1;
static std::atomic<int64_t> handedBack{0};

// The current CUDA streams of this thread (none without CUDA). Current streams are per thread and not in
// at::ThreadLocalState: work moved to another thread takes them along, or a backward started inside a
// graph capture would run on (and the engine sync with) the default stream, which breaks the capture.
static std::vector<c10::Stream> currentStreams() {
  std::vector<c10::Stream> out;
  if (!c10::impl::hasDeviceGuardImpl(c10::DeviceType::CUDA)) return out;
  const auto* impl = c10::impl::getDeviceGuardImpl(c10::DeviceType::CUDA);
  for (c10::DeviceIndex i = 0; i < impl->deviceCount(); i++)
    out.push_back(impl->getStream(c10::Device(c10::DeviceType::CUDA, i)));
  return out;
}

// Runs `fn` on the JS thread `owner`: here if this is it, else through its queue while it serves one.
static void onJsThread(std::thread::id owner, const std::function<void()>& fn, const char* what) {
  if (std::this_thread::get_id() == owner) return fn();
  CallbackQueue* q = nullptr;
  {
    std::lock_guard<std::mutex> lock(servingMutex);
    auto it = serving.find(owner);
    if (it != serving.end()) q = it->second;
  }
  if (!q)
    throw std::runtime_error(std::string(what) +
                             " written in JavaScript can only run in a backward pass started on the thread that "
                             "registered it");
  // The engine thread's state (grad mode as create_graph sets it, ...) goes with the callback.
  at::ThreadLocalState state;
  const auto streams = currentStreams();  // the node's stream, as PyTorch's hooks run with it current
  CallbackQueue back;                     // work handed back to this thread while it waits (see callerQueue)
  std::exception_ptr error;
  const int checkpointValid = torch::autograd::Engine::get_default_engine().is_checkpoint_valid() ? 1 : 0;
  {
    std::lock_guard<std::mutex> lock(q->m);
    q->tasks.emplace_back([&] {
      CallbackQueue* saved = callerQueue;
      const int savedValid = callerCheckpointValid;
      callerQueue = &back;
      callerCheckpointValid = checkpointValid;
      try {
        at::ThreadLocalStateGuard guard(state);
        c10::MultiStreamGuard streamGuard(streams);
        fn();
      } catch (...) {
        error = std::current_exception();
      }
      callerQueue = saved;
      callerCheckpointValid = savedValid;
      // Notified under the lock: the waiting thread returns (and `back` goes) only after it is released.
      std::lock_guard<std::mutex> lock(back.m);
      back.done = true;
      back.cv.notify_one();
    });
  }
  q->cv.notify_one();
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock<std::mutex> lock(back.m);
      back.cv.wait(lock, [&] { return back.done || !back.tasks.empty(); });
      if (back.tasks.empty()) break;
      task = std::move(back.tasks.front());
      back.tasks.pop_front();
    }
    task();
  }
  if (error) std::rethrow_exception(error);
}

// Runs `work` (a backward) on a worker thread while this JS thread serves the callbacks it needs.
static void serveWhile(const std::function<void()>& work) {
  CallbackQueue q;
  auto me = std::this_thread::get_id();
  CallbackQueue* outer = nullptr;  // a backward started from a callback (checkpoint) nests
  {
    std::lock_guard<std::mutex> lock(servingMutex);
    auto it = serving.find(me);
    if (it != serving.end()) outer = it->second;
    serving[me] = &q;
  }
  std::exception_ptr error;
  CallbackQueue* caller = callerQueue;
  at::ThreadLocalState state;  // this thread's grad mode & co. go with the backward
  const auto streams = currentStreams();
  auto body = [&] {
    try {
      at::ThreadLocalStateGuard guard(state);
      c10::MultiStreamGuard streamGuard(streams);
      work();
    } catch (...) {
      error = std::current_exception();
    }
    // Under the lock: a caller thread running this has no join to wait for before `q` goes.
    std::lock_guard<std::mutex> lock(q.m);
    q.done = true;
    q.cv.notify_one();
  };
  // Inside a callback for an engine thread: that thread runs the backward (reentrant); else a worker.
  std::thread worker;
  if (caller) {
    ++handedBack;
    {
      std::lock_guard<std::mutex> lock(caller->m);
      caller->tasks.emplace_back(body);
    }
    caller->cv.notify_one();
  } else {
    worker = std::thread(body);
  }
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock<std::mutex> lock(q.m);
      q.cv.wait(lock, [&] { return q.done || !q.tasks.empty(); });
      if (q.tasks.empty()) break;
      task = std::move(q.tasks.front());
      q.tasks.pop_front();
    }
    task();
  }
  if (worker.joinable()) worker.join();
  {
    std::lock_guard<std::mutex> lock(servingMutex);
    if (outer)
      serving[me] = outer;
    else
      serving.erase(me);
  }
  if (error) std::rethrow_exception(error);
}

// Whether a backward from these roots goes through serveWhile: JS callbacks are alive and the graph
// runs on device threads (a CUDA root), or TORCHTS_AUTOGRAD_WORKER=1 (to exercise the path on a CPU).
static bool needsServing(const std::vector<at::Tensor>& roots) {
  if (liveCallbacks.load() == 0) return false;
  static const bool forced = [] {
    const char* v = std::getenv("TORCHTS_AUTOGRAD_WORKER");
    return v && std::string(v) == "1";
  }();
  if (forced) return true;
  return std::any_of(roots.begin(), roots.end(),
                     [](const at::Tensor& t) { return t.defined() && !t.device().is_cpu(); });
}
// The gradient of a scalar root given none, as Python's _make_grads makes it (ones_like, preserve format;
// libtorch's C++ entry makes a contiguous one: the same values through another allocation path).
// Everything else is left to libtorch's checks and messages.
static at::Tensor implicitGrad(const at::Tensor& root, at::Tensor grad) {
  if (grad.defined() || !root.defined() || !root.requires_grad() || root.is_nested() || root.numel() != 1) return grad;
  return at::ones_like(root, at::MemoryFormat::Preserve);
}
static std::vector<at::Tensor> implicitGrads(const std::vector<at::Tensor>& roots, std::vector<at::Tensor> grads) {
  if (grads.empty()) grads.resize(roots.size());
  if (grads.size() != roots.size()) return grads;
  for (size_t i = 0; i < roots.size(); i++) grads[i] = implicitGrad(roots[i], grads[i]);
  return grads;
}

static void runBackward(const std::vector<at::Tensor>& roots, const std::function<void()>& work) {
  // Inside a callback for an engine thread, always: that thread may be the one the graph needs.
  if (callerQueue || needsServing(roots))
    serveWhile(work);
  else
    work();
}

// torch.autograd.Function written in JS: the forward ran in JS under no_grad; this node, the grad_fn of
// its outputs, calls the class's backward through one dispatcher per thread (the same thread rule as
// the hooks above). Its token's id names the JS side's ctx, dropped once the node is gone.
static thread_local Napi::FunctionReference* functionDispatcher = nullptr;

// Function nodes whose saved variables a backward without retain_graph released, for their JS ctx to drop.
static std::mutex releasedMutex;
static std::vector<std::pair<std::thread::id, double>> releasedFunctions;

struct JsFunctionNode : public torch::autograd::Node {
  JsFunctionNode(std::string name, std::shared_ptr<HookToken> token, bool materialize)
      : name_(std::move(name)), token_(std::move(token)), materialize_(materialize) {}
  std::string name() const override { return name_; }
  // As PyNode's: the ctx's saved tensors go (reading them then raises PyTorch's error).
  void release_variables() override {
    released_ = true;
    std::lock_guard<std::mutex> lock(releasedMutex);
    releasedFunctions.emplace_back(token_->thread, token_->id);
  }
  torch::autograd::variable_list apply(torch::autograd::variable_list&& grads) override {
    torch::autograd::variable_list out(num_outputs());
    onJsThread(
        token_->thread, [&] { callJs(grads, out); }, "the backward of a torch.autograd.Function");
    return out;
  }
  void callJs(torch::autograd::variable_list& grads, torch::autograd::variable_list& out) {
    if (!functionDispatcher) throw std::runtime_error("torch.autograd.Function: no dispatcher on this thread");
    Napi::Env env = functionDispatcher->Env();
    Napi::HandleScope scope(env);
    auto in = Napi::Array::New(env, grads.size());
    for (size_t i = 0; i < grads.size(); i++) {
      at::Tensor g = grads[i];
      // ctx.set_materialize_grads(True), the default: an undefined gradient arrives as zeros (not for an
      // output that was no tensor: its gradient is None, as PyNode's empty VariableInfo gives).
      bool tensorOutput = i >= nonTensorOutputs_.size() || !nonTensorOutputs_[i];
      if (!g.defined() && materialize_ && tensorOutput && !input_metadata(i).is_tensor_subclass())
        g = input_metadata(i).zeros_like();
      in.Set(static_cast<uint32_t>(i),
             g.defined() ? Napi::Number::New(env, static_cast<double>(store(env, g))) : env.Null());
    }
    Napi::Value r =
        functionDispatcher->Call({Napi::Number::New(env, token_->id), in, Napi::Boolean::New(env, released_)});
    if (r.IsArray()) {
      auto list = r.As<Napi::Array>();
      for (uint32_t k = 0; k < list.Length() && k < out.size(); k++) {
        Napi::Value v = list.Get(k);
        if (v.IsNumber()) out[k] = lookup(v.As<Napi::Number>().Uint32Value());
      }
    }
  }
  std::string name_;
  std::shared_ptr<HookToken> token_;
  bool materialize_;
  std::vector<bool> nonTensorOutputs_;  // per node input: the forward's output there was no tensor
  std::atomic<bool> released_{false};
};

// TensorBase::_register_hook is protected; a pointer to it taken where it is accessible is a plain
// pointer to member of TensorBase.
struct HookAccess : at::TensorBase {
  static constexpr unsigned (at::TensorBase::*registerHook)(
      std::function<at::TensorBase(const at::TensorBase&)>) const = &HookAccess::_register_hook;
};

// torch.autograd.graph.Node. A node's JS object is made once and kept in the JS thread's table under
// the id of a token the node holds (in its metadata, which torchts's engine makes), so the same node
// gives the same object while it lives, and the object is dropped with the node. The object reaches the
// node through a weak pointer: like a tensor's grad_fn in JS, it does not keep the graph alive.
// Anomaly mode: () -> the JS stack of the forward call making a node, one per JS thread (lib/autograd.ts).
static thread_local Napi::FunctionReference* anomalyStackDispatcher = nullptr;

struct JsNodeMetadata : torch::autograd::AnomalyMetadata {
  std::shared_ptr<HookToken> wrapper;
  // As PyAnomalyMetadata, with the JS stack where Python keeps its traceback.
  std::string stack;
  std::shared_ptr<torch::autograd::Node> parent;
  void store_stack() override {
    if (!anomalyStackDispatcher) return;  // a node made on an engine thread: no JS stack there
    Napi::Env env = anomalyStackDispatcher->Env();
    Napi::HandleScope scope(env);
    Napi::Value r = anomalyStackDispatcher->Call({});
    if (r.IsString()) stack = r.As<Napi::String>().Utf8Value();
  }
  void assign_parent(const std::shared_ptr<torch::autograd::Node>& parentNode) override { parent = parentNode; }
  void print_stack(const std::string& name) override {
    printOne(stack, name, false);
    // The nodes whose backward made this one (a double backward), up to the root.
    for (auto p = parent; p;) {
      auto* m = dynamic_cast<JsNodeMetadata*>(p->metadata());
      if (!m) break;
      printOne(m->stack, p->name(), true);
      p = m->parent;
    }
  }
  static void printOne(const std::string& stack, const std::string& name, bool isParent) {
    if (stack.empty()) {
      TORCH_WARN("Error detected in ", name, ". ",
                 "No forward pass information available. Enable detect anomaly during forward pass for more "
                 "information.");
    } else if (!isParent) {
      TORCH_WARN("Error detected in ", name, ". ", "Traceback of forward call that caused the error:\n", stack);
    } else {
      TORCH_WARN("\n\n", "Previous calculation was induced by ", name,
                 ". Traceback of forward call that induced the previous calculation:\n", stack);
    }
  }
};
static const napi_type_tag kNodeTag = {0x5d1f8c2e9a7b4063ULL, 0xc84e1a6f0b3d9275ULL};
using NodePtr = std::shared_ptr<torch::autograd::Node>;
struct NodeRef {
  std::weak_ptr<torch::autograd::Node> node;
};
// -> null, the id of the node's JS object, or [External, address] for JS to make one (then nodeAdopt)
static Napi::Value wrapNode(Napi::Env env, const NodePtr& n) {
  if (!n) return env.Null();
  auto* m = dynamic_cast<JsNodeMetadata*>(n->metadata());
  if (m && m->wrapper) return Napi::Number::New(env, m->wrapper->id);
  auto out = Napi::Array::New(env, 2);
  out.Set(0u, wrapExternal(env, new NodeRef{n}, kNodeTag));
  out.Set(1u, Napi::Number::New(env, static_cast<double>(reinterpret_cast<uintptr_t>(n.get()))));
  return out;
}
static NodePtr nodeArg(const Args& a, size_t i) {
  NodePtr n = a[i].external<NodeRef>(kNodeTag, "an autograd graph Node").node.lock();
  if (!n) throw std::runtime_error("this autograd graph node is gone: its graph was freed");
  return n;
}

// A custom Function's saved tensors (see functionSaveVariables).
struct SavedVariables {
  std::vector<torch::autograd::SavedVariable> vars;
};
static const napi_type_tag kSavedTag = {0x41c7e2a95b3d8f06ULL, 0x8e25d1b7c4a9f310ULL};

// Hooks registered on a node, called on the JS thread through one dispatcher per thread: (id, first,
// second) -> replacements for `first`, or nothing to keep it. Post hooks (Node.register_hook) get the
// node's grad_inputs (what it computed) and grad_outputs (what it received) after it runs; pre hooks
// (Node.register_prehook) get the grad_outputs before it runs.
static thread_local Napi::FunctionReference* nodeHookDispatcher = nullptr;
static torch::autograd::variable_list callNodeHook(const HookToken& token, const std::string& name,
                                                   const torch::autograd::variable_list& first,
                                                   const torch::autograd::variable_list& second, bool checkResult) {
  torch::autograd::variable_list result = first;
  onJsThread(
      token.thread,
      [&] {
        if (!nodeHookDispatcher) throw std::runtime_error("grad_fn hook: no dispatcher on this thread");
        Napi::Env env = nodeHookDispatcher->Env();
        Napi::HandleScope scope(env);
        auto list = [&](const torch::autograd::variable_list& v) {
          auto arr = Napi::Array::New(env, v.size());
          for (size_t k = 0; k < v.size(); k++)
            arr.Set(static_cast<uint32_t>(k),
                    v[k].defined() ? Napi::Number::New(env, static_cast<double>(store(env, v[k]))) : env.Null());
          return arr;
        };
        Napi::Value r = nodeHookDispatcher->Call({Napi::Number::New(env, token.id), list(first), list(second)});
        if (!r.IsArray()) return;  // the hook returned nothing: keep the gradients
        auto arr = r.As<Napi::Array>();
        for (uint32_t k = 0; k < arr.Length() && k < result.size(); k++) {
          Napi::Value v = arr.Get(k);
          if (!v.IsNumber()) {
            result[k] = at::Tensor();
            continue;
          }
          at::Tensor g = lookup(v.As<Napi::Number>().Uint32Value());
          if (checkResult) torch::autograd::check_variable_result(first[k], g, name);
          result[k] = g;
        }
      },
      "a grad_fn hook");
  return result;
}
struct JsNodePostHook : torch::autograd::FunctionPostHook {
  JsNodePostHook(std::shared_ptr<HookToken> token, std::string name)
      : token_(std::move(token)), name_(std::move(name)) {}
  torch::autograd::variable_list operator()(const torch::autograd::variable_list& gradInputs,
                                            const torch::autograd::variable_list& gradOutputs) override {
    return callNodeHook(*token_, name_, gradInputs, gradOutputs, true);
  }
  std::shared_ptr<HookToken> token_;
  std::string name_;
};
struct JsNodePreHook : torch::autograd::FunctionPreHook {
  JsNodePreHook(std::shared_ptr<HookToken> token, std::string name)
      : token_(std::move(token)), name_(std::move(name)) {}
  torch::autograd::variable_list operator()(const torch::autograd::variable_list& gradOutputs) override {
    return callNodeHook(*token_, name_, gradOutputs, {}, false);
  }
  std::shared_ptr<HookToken> token_;
  std::string name_;
};

// torch.autograd.graph.saved_tensors_hooks: while a pair of JS hooks is pushed on this thread, every
// tensor autograd saves goes through pack (whose result JS keeps) and comes back through unpack in
// backward. libtorch asks the default engine for these hooks, so torchts installs an engine whose only
// difference from the base one is that answer. The stack is torchts's own (thread-local) rather than
// at::SavedTensorDefaultHooks's, whose entries are Python objects.
static thread_local std::vector<std::shared_ptr<HookToken>> savedHooksStack;
static thread_local Napi::FunctionReference* savedHooksDispatcher = nullptr;

struct JsSavedVariableHooks : torch::autograd::SavedVariableHooks {
  explicit JsSavedVariableHooks(std::shared_ptr<HookToken> pair) : pair_(std::move(pair)) {}
  // (kind 0: pack, pair id, tensor handle) -> id of the packed value; (kind 1: unpack, pair id, packed id) -> handle.
  // The handle is made on the JS thread, whose tensor table it indexes.
  double call(int kind, const at::Tensor* tensor, double packedId, const char* what) {
    double out = -1;
    onJsThread(
        pair_->thread,
        [&] {
          if (!savedHooksDispatcher) throw std::runtime_error("saved tensor hooks: no dispatcher on this thread");
          Napi::Env env = savedHooksDispatcher->Env();
          Napi::HandleScope scope(env);
          double arg = tensor ? static_cast<double>(store(env, *tensor)) : packedId;
          Napi::Value r = savedHooksDispatcher->Call(
              {Napi::Number::New(env, kind), Napi::Number::New(env, pair_->id), Napi::Number::New(env, arg)});
          out = r.As<Napi::Number>().DoubleValue();
          if (kind == 1) unpacked_ = lookup(static_cast<uint32_t>(out));
        },
        what);
    return out;
  }
  void call_pack_hook(const at::Tensor& tensor) override {
    double id = call(0, &tensor, 0, "a saved tensor pack hook");
    packed_ = std::make_shared<HookToken>(id, pair_->thread);
  }
  at::Tensor call_unpack_hook() override {
    call(1, nullptr, packed_->id, "a saved tensor unpack hook");
    return std::move(unpacked_);
  }
  std::shared_ptr<HookToken> pair_;
  std::shared_ptr<HookToken> packed_;  // the JS value pack returned, dropped with these hooks
  at::Tensor unpacked_;
};

struct TorchtsEngine : torch::autograd::Engine {
  std::unique_ptr<torch::autograd::AnomalyMetadata> make_anomaly_metadata() override {
    return std::make_unique<JsNodeMetadata>();
  }
  std::unique_ptr<torch::autograd::SavedVariableHooks> get_default_saved_variable_hooks() override {
    if (savedHooksStack.empty()) return nullptr;
    return std::make_unique<JsSavedVariableHooks>(savedHooksStack.back());
  }
};
// A static, as libtorch's own engines are: its destructor stops the device threads at exit.
static torch::autograd::Engine& torchtsEngine() {
  static TorchtsEngine engine;
  return engine;
}

static void InitSavedTensorsHooks(Napi::Object e) {
  torch::autograd::set_default_engine_stub(&torchtsEngine);
  def(e, "setSavedTensorsHooksDispatcher", [](Args& a) -> Napi::Value {
    if (!a.info[0].IsFunction()) a[0].fail("a function");
    if (!savedHooksDispatcher) savedHooksDispatcher = new Napi::FunctionReference();
    *savedHooksDispatcher = Napi::Persistent(a.info[0].As<Napi::Function>());
    return a.none();
  });
  // (id of the JS pair [pack, unpack])
  def(e, "pushSavedTensorsHooks", [](Args& a) -> Napi::Value {
    TORCH_CHECK(at::SavedTensorDefaultHooks::is_enabled(), *at::SavedTensorDefaultHooks::get_disabled_error_message());
    savedHooksStack.push_back(std::make_shared<HookToken>(a.num(0), std::this_thread::get_id()));
    return a.none();
  });
  def(e, "popSavedTensorsHooks", [](Args& a) -> Napi::Value {
    TORCH_CHECK(!savedHooksStack.empty(), "no saved tensor hooks to pop");
    savedHooksStack.pop_back();
    return a.none();
  });
  // disable_saved_tensors_hooks: (message) disables, () enables; -> the message in force before, or undefined
  def(e, "savedTensorsHooksDisable", [](Args& a) -> Napi::Value {
    auto previous = at::SavedTensorDefaultHooks::get_disabled_error_message();
    Napi::Value out = previous ? Napi::String::New(a.env(), *previous) : a.none();
    if (a.has(0)) {
      auto message = a.str(0);
      TORCH_CHECK(savedHooksStack.empty(), message);
      at::SavedTensorDefaultHooks::disable(message);
    } else {
      at::SavedTensorDefaultHooks::enable();
    }
    return out;
  });
}

static void InitAutogradGraph(Napi::Object e) {
  def(e, "gradFnNode", [](Args& a) -> Napi::Value { return wrapNode(a.env(), a.t(0).grad_fn()); });
  def(e, "nodeName", [](Args& a) -> Napi::Value { return Napi::String::New(a.env(), nodeArg(a, 0)->name()); });
  // -> [[node | null, input_nr], ...] as Python's next_functions
  def(e, "nodeNextFunctions", [](Args& a) -> Napi::Value {
    auto node = nodeArg(a, 0);
    const auto& edges = node->next_edges();
    auto out = Napi::Array::New(a.env(), edges.size());
    for (size_t k = 0; k < edges.size(); k++) {
      auto pair = Napi::Array::New(a.env(), 2);
      pair.Set(0u, wrapNode(a.env(), edges[k].function));
      pair.Set(1u, Napi::Number::New(a.env(), edges[k].input_nr));
      out.Set(static_cast<uint32_t>(k), pair);
    }
    return out;
  });
  // AccumulateGrad.variable: the leaf it accumulates into (undefined for other nodes)
  def(e, "nodeVariable", [](Args& a) -> Napi::Value {
    auto node = nodeArg(a, 0);
    auto* acc = dynamic_cast<torch::autograd::AccumulateGrad*>(node.get());
    return acc ? a.ret(acc->variable) : a.none();
  });
  // The token id of a torch.autograd.Function's node (its ctx on the JS side), undefined for other nodes
  def(e, "nodeFunctionId", [](Args& a) -> Napi::Value {
    auto node = nodeArg(a, 0);
    auto* fn = dynamic_cast<JsFunctionNode*>(node.get());
    return fn ? Napi::Number::New(a.env(), fn->token_->id) : a.none();
  });
  def(e, "nodeAlive", [](Args& a) -> Napi::Value {
    return Napi::Boolean::New(a.env(), !a[0].external<NodeRef>(kNodeTag, "an autograd graph Node").node.expired());
  });
  def(e, "setAnomalyStackDispatcher", [](Args& a) -> Napi::Value {
    if (!a.info[0].IsFunction()) a[0].fail("a function");
    if (!anomalyStackDispatcher) anomalyStackDispatcher = new Napi::FunctionReference();
    *anomalyStackDispatcher = Napi::Persistent(a.info[0].As<Napi::Function>());
    return a.none();
  });
  // (node, id of its new JS object) -> whether the node keeps that id (see wrapNode)
  def(e, "nodeAdopt", [](Args& a) -> Napi::Value {
    auto* m = dynamic_cast<JsNodeMetadata*>(nodeArg(a, 0)->metadata());
    if (!m || m->wrapper) return Napi::Boolean::New(a.env(), false);
    m->wrapper = std::make_shared<HookToken>(a.num(1), std::this_thread::get_id(), false);
    return Napi::Boolean::New(a.env(), true);
  });
  def(e, "setNodeHookDispatcher", [](Args& a) -> Napi::Value {
    if (!a.info[0].IsFunction()) a[0].fail("a function");
    if (!nodeHookDispatcher) nodeHookDispatcher = new Napi::FunctionReference();
    *nodeHookDispatcher = Napi::Persistent(a.info[0].As<Napi::Function>());
    return a.none();
  });
  // (node, id, hook name) -> the key for nodeRemoveHook
  def(e, "nodeRegisterHook", [](Args& a) -> Napi::Value {
    auto token = std::make_shared<HookToken>(a.num(1), std::this_thread::get_id());
    auto key = nodeArg(a, 0)->add_post_hook(std::make_unique<JsNodePostHook>(token, a.str(2)));
    return Napi::Number::New(a.env(), static_cast<double>(key));
  });
  // (node, id, hook name): libtorch keeps pre hooks without keys; a removed one finds no JS hook and keeps
  // the gradients (as a removed Python hook leaves its dict).
  def(e, "nodeRegisterPrehook", [](Args& a) -> Napi::Value {
    auto token = std::make_shared<HookToken>(a.num(1), std::this_thread::get_id());
    nodeArg(a, 0)->add_pre_hook(std::make_unique<JsNodePreHook>(token, a.str(2)));
    return a.none();
  });
  def(e, "nodeRemoveHook", [](Args& a) -> Napi::Value {
    auto key = static_cast<uintptr_t>(a.num(1));
    return Napi::Boolean::New(a.env(), nodeArg(a, 0)->del_post_hook(key));
  });
}

// An input a custom Function returns as-is comes out as a view of it, made as forward ran (no grad) and
// without a tangent: the Function's jvp gives it one (custom_function.cpp's _view_as_self_with_no_grad).
static at::Tensor viewAsSelfNoGrad(const at::Tensor& t) {
  c10::AutoFwGradMode fwOff(false);
  at::AutoGradMode off(false);
  return t.view_as(t);
}

// Takes this thread's entries out of a queue other threads add ids to, as a JS array.
static Napi::Value takeMine(Napi::Env env, std::mutex& m, std::vector<std::pair<std::thread::id, double>>& queue) {
  std::vector<double> mine;
  {
    std::lock_guard<std::mutex> lock(m);
    auto me = std::this_thread::get_id();
    auto keep = std::remove_if(queue.begin(), queue.end(), [&](const std::pair<std::thread::id, double>& d) {
      if (d.first != me) return false;
      mine.push_back(d.second);
      return true;
    });
    queue.erase(keep, queue.end());
  }
  auto out = Napi::Array::New(env, mine.size());
  for (size_t k = 0; k < mine.size(); k++) out.Set(static_cast<uint32_t>(k), Napi::Number::New(env, mine[k]));
  return out;
}

// What PyTorch's engine binding (python_engine.cpp) refuses inside torch.vmap.
static void checkNotInVmap(bool backwardApi, const std::vector<at::Tensor>& outputs,
                           const std::vector<at::Tensor>& inputs) {
  TORCH_CHECK(!backwardApi || at::impl::VmapMode::current_vmap_level() == 0,
              "backward() called inside torch.vmap. This is not supported, please call backward() outside torch.vmap "
              "or instead use torch.autograd.grad inside torch.vmap");
  auto refuseBatched = [](const std::vector<at::Tensor>& ts, const char* what) {
    for (size_t i = 0; i < ts.size(); i++)
      TORCH_CHECK(!at::isBatchedTensor(ts[i]),
                  "torch.autograd.grad(outputs, inputs, grad_outputs) called inside torch.vmap. We do not support "
                  "the case where any ",
                  what, "s are vmapped tensors (", what, " ", i,
                  " is being vmapped over). Please call autograd.grad() outside torch.vmap or file a bug report "
                  "with your use case.");
  };
  refuseBatched(outputs, "output");
  refuseBatched(inputs, "input");
}

void InitAutograd(Napi::Object e) {
  InitAutogradGraph(e);
  InitSavedTensorsHooks(e);
  def(e, "requiresGrad", [](Args& a) -> Napi::Value { return Napi::Boolean::New(a.env(), a.t(0).requires_grad()); });
  def(e, "setRequiresGrad", [](Args& a) -> Napi::Value {
    a.t(0).set_requires_grad(a.b(1));
    return a.none();
  });
  def(e, "isLeaf", [](Args& a) -> Napi::Value { return Napi::Boolean::New(a.env(), a.t(0).is_leaf()); });
  def(e, "grad", [](Args& a) -> Napi::Value {
    const at::Tensor& g = a.t(0).grad();
    return g.defined() ? a.ret(g) : a.env().Null();
  });
  def(e, "setGrad", [](Args& a) -> Napi::Value {
    a.t(0).mutable_grad() = a.has(1) ? a.t(1) : at::Tensor();
    return a.none();
  });
  def(e, "gradFn", [](Args& a) -> Napi::Value {
    auto fn = a.t(0).grad_fn();
    return fn ? Napi::String::New(a.env(), fn->name()) : a.env().Null();
  });
  // (h, gradient|undefined, retainGraph|undefined, createGraph)
  def(e, "backward", [](Args& a) -> Napi::Value {
    checkNotInVmap(true, {a.t(0)}, {});
    c10::optional<bool> retain;
    if (a.has(2)) retain = a.b(2);
    at::Tensor root = a.t(0), gradient = implicitGrad(root, a.opt(1));
    bool create = a.has(3) && a.b(3);
    runBackward({root}, [&] { root.backward(gradient, retain, create); });
    return a.none();
  });
  // torch.autograd.backward: (tensors[], {gradTensors[] (undefined entries: implicit), retainGraph?, createGraph,
  // inputs[]}) accumulates into .grad
  def(e, "autogradBackward", [](Args& a) -> Napi::Value {
    auto tensors = a.tensors(0);
    Options o = a.obj(1);
    c10::optional<bool> retain;
    if (o.has("retainGraph")) retain = o.b("retainGraph");
    auto grads = implicitGrads(tensors, o.tensors("gradTensors")), inputs = o.tensors("inputs");
    bool create = o.b("createGraph");
    checkNotInVmap(true, tensors, {});
    runBackward(tensors, [&] { torch::autograd::backward(tensors, grads, retain, create, inputs); });
    return a.none();
  });
  // (outputs[], inputs[], {gradOutputs[] (undefined entries: implicit), retainGraph?, createGraph, allowUnused})
  //   -> gradient handles, null for an input the outputs do not depend on (allowUnused)
  def(e, "autogradGrad", [](Args& a) -> Napi::Value {
    auto outputs = a.tensors(0), inputs = a.tensors(1);
    Options o = a.obj(2);
    auto gradOutputs = implicitGrads(outputs, o.tensors("gradOutputs"));
    c10::optional<bool> retain;
    if (o.has("retainGraph")) retain = o.b("retainGraph");
    bool create = o.b("createGraph"), allowUnused = o.b("allowUnused");
    checkNotInVmap(false, outputs, inputs);
    std::vector<at::Tensor> grads;
    runBackward(outputs,
                [&] { grads = torch::autograd::grad(outputs, inputs, gradOutputs, retain, create, allowUnused); });
    auto out = Napi::Array::New(a.env(), grads.size());
    for (size_t k = 0; k < grads.size(); k++) {
      out.Set(static_cast<uint32_t>(k),
              grads[k].defined() ? Napi::Number::New(a.env(), store(a.env(), grads[k])) : a.env().Null());
    }
    return out;
  });
  // (dispatcher(id, gradHandle) -> handle | null): set once per thread by lib/tensor.ts
  def(e, "setHookDispatcher", [](Args& a) -> Napi::Value {
    if (!a.info[0].IsFunction()) a[0].fail("a function");
    if (!hookDispatcher) hookDispatcher = new Napi::FunctionReference();
    *hookDispatcher = Napi::Persistent(a.info[0].As<Napi::Function>());
    return a.none();
  });
  // (tensor, id) -> the hook's index for removeHook
  def(e, "registerHook", [](Args& a) -> Napi::Value {
    Napi::Env env = a.env();
    auto token = std::make_shared<HookToken>(a.num(1), std::this_thread::get_id());
    // _register_hook (not register_hook, whose wrapper asserts a defined gradient): a node with several
    // outputs runs its hooks for each, and an output that got no gradient this time
    // (x.unbind()[0]'s hook when only x.unbind()[1] was backwarded) calls the hook with null, as
    // Python's gets None.
    unsigned idx = (a.t(0).*HookAccess::registerHook)([env, token](const at::TensorBase& gradBase) -> at::TensorBase {
      at::Tensor grad(gradBase);
      at::Tensor result;
      onJsThread(
          token->thread,
          [&] {
            if (!hookDispatcher) throw std::runtime_error("tensor hook: no dispatcher on this thread");
            Napi::HandleScope scope(env);
            Napi::Value g = grad.defined() ? Napi::Number::New(env, static_cast<double>(store(env, grad))) : env.Null();
            Napi::Value r = hookDispatcher->Call({Napi::Number::New(env, token->id), g});
            if (r.IsNumber()) result = lookup(r.As<Napi::Number>().Uint32Value());
          },
          "a tensor hook");
      return result;  // undefined: keep the gradient as it is
    });
    return Napi::Number::New(env, idx);
  });
  // How many backwards started in a JS callback ran on the engine thread that called it (see callerQueue).
  def(e, "autogradHandedBack",
      [](Args& a) -> Napi::Value { return Napi::Number::New(a.env(), static_cast<double>(handedBack.load())); });
  def(e, "removeHook", [](Args& a) -> Napi::Value {
    a.t(0).remove_hook(static_cast<unsigned>(a.i64(1)));
    return a.none();
  });
  // (dispatcher(id, gradHandles (null: undefined)) -> handles | null per tensor input): set once per thread
  def(e, "setFunctionDispatcher", [](Args& a) -> Napi::Value {
    if (!a.info[0].IsFunction()) a[0].fail("a function");
    if (!functionDispatcher) functionDispatcher = new Napi::FunctionReference();
    *functionDispatcher = Napi::Persistent(a.info[0].As<Napi::Function>());
    return a.none();
  });
  // (tensor inputs, outputs, id, name, {nonDifferentiable: bool[], materializeGrads}) -> per output: a new
  // handle (an output that was an input or a view, now a tensor of its own) or null (the same tensor,
  // now with the node as grad_fn)
  def(e, "functionApply", [](Args& a) -> Napi::Value {
    auto inputs = a.tensors(0), outputs = a.tensors(1);
    Options o = a.obj(4);
    auto nonDiff = o.ints("nonDifferentiable");  // 1: marked non-differentiable
    auto dirty = o.ints("dirty");                // 1: an input the forward changed in place (mark_dirty)
    auto token = std::make_shared<HookToken>(a.num(2), std::this_thread::get_id());
    std::shared_ptr<JsFunctionNode> node(new JsFunctionNode(a.str(3), token, o.b("materializeGrads")),
                                         torch::autograd::deleteNode);
    node->set_next_edges(torch::autograd::collect_next_edges(inputs));
    auto result = Napi::Array::New(a.env(), outputs.size());
    // As custom_function.cpp's _wrap_outputs: every output is an input of the node (its metadata), then gets
    // its history by kind; a view among them is marked as made in a custom Function, so changing it in
    // place raises PyTorch's error instead of rewriting the Function's backward.
    std::vector<at::Tensor> finals;
    size_t numDifferentiable = 0;
    for (size_t k = 0; k < outputs.size(); k++) {
      at::Tensor out = outputs[k];
      // An output that is no tensor still has its input slot (undefined), so the node takes one gradient
      // per output, as custom_function.cpp's _wrap_outputs makes it.
      node->nonTensorOutputs_.push_back(!out.defined());
      if (!out.defined()) {
        node->add_input_metadata(torch::autograd::Node::undefined_input());
        result.Set(static_cast<uint32_t>(k), a.env().Null());
        continue;
      }
      bool isInput = std::any_of(inputs.begin(), inputs.end(), [&](const at::Tensor& t) {
        return t.unsafeGetTensorImpl() == out.unsafeGetTensorImpl();
      });
      bool modified = k < dirty.size() && dirty[k] != 0;
      bool differentiable = (k >= nonDiff.size() || nonDiff[k] == 0) &&
                            (at::isFloatingType(out.scalar_type()) || at::isComplexType(out.scalar_type()));
      uint32_t nr = node->add_input_metadata(out);
      bool isNew = false;  // a tensor of its own for the output (else the same tensor, with its new history)
      if (!differentiable) {
        if (!out.requires_grad()) {
          if (isInput && !modified) {
            out = viewAsSelfNoGrad(out);
            isNew = true;
          }
        } else if (isInput) {
          out = out.detach();
          isNew = true;
        } else if (!out.is_view()) {
          out.detach_();
        }
      } else if (modified) {
        // The input itself now comes out of this node, as an in-place operation's result does.
        if (out.is_leaf() && out.requires_grad())
          throw std::runtime_error("a leaf Variable that requires grad has been used in an in-place operation.");
        torch::autograd::impl::bump_version(out);  // as _wrap_outputs does for a dirty tensor
        torch::autograd::impl::rebase_history(out, {node, nr});
      } else if (isInput) {
        // An input returned as-is: a view of it (made without grad, as forward ran) carries the new history.
        out = viewAsSelfNoGrad(out);
        torch::autograd::impl::set_gradient_edge(out, {node, nr});
        isNew = true;
      } else {
        torch::autograd::impl::set_gradient_edge(out, {node, nr});
      }
      if (!(isInput && modified) && out.is_view())
        torch::autograd::impl::get_view_autograd_meta(out)->set_creation_meta(
            torch::autograd::CreationMeta::IN_CUSTOM_FUNCTION);
      if (differentiable) numDifferentiable++;
      finals.push_back(out);
      result.Set(static_cast<uint32_t>(k),
                 isNew ? Napi::Number::New(a.env(), static_cast<double>(store(a.env(), out))) : a.env().Null());
    }
    // Views among several differentiable outputs cannot be changed in place (PyTorch's MULTI_OUTPUT_NODE).
    if (numDifferentiable > 1)
      for (const at::Tensor& out : finals) {
        auto* meta = torch::autograd::impl::get_view_autograd_meta(out);
        if (meta && meta->has_bw_view()) meta->set_creation_meta(torch::autograd::CreationMeta::MULTI_OUTPUT_NODE);
      }
    // Last: a weak reference to the node, for the ctx's saved variables.
    result.Set(static_cast<uint32_t>(outputs.size()), wrapExternal(a.env(), new NodeRef{node}, kNodeTag));
    return result;
  });
  // (tensors): each that is a view is marked as made in a custom Function (a Function applied without a graph
  // to record: _wrap_outputs marks its views all the same).
  def(e, "functionMarkViews", [](Args& a) -> Napi::Value {
    for (const at::Tensor& t : a.tensors(0))
      if (t.is_view())
        torch::autograd::impl::get_view_autograd_meta(t)->set_creation_meta(
            torch::autograd::CreationMeta::IN_CUSTOM_FUNCTION);
    return a.none();
  });
  // ctx.save_for_backward's tensors once the graph is recorded: PyTorch's SavedVariables (THPFunction's
  // _save_variables), so saved-tensor hooks pack them, an output (a tensor whose grad_fn is the node) is
  // kept without it (no cycle through the ctx) and comes back as that output of the node, and a tensor
  // changed in place since raises PyTorch's version error when read. (node ref, tensors (null entries)) -> list.
  def(e, "functionSaveVariables", [](Args& a) -> Napi::Value {
    // The node may be gone already (no output took it: all non-differentiable); then nothing is an output.
    NodePtr node = a[0].external<NodeRef>(kNodeTag, "an autograd graph Node").node.lock();
    auto list = a.info[1].As<Napi::Array>();
    auto* saved = new SavedVariables();
    std::unique_ptr<SavedVariables> owner(saved);
    for (uint32_t k = 0; k < list.Length(); k++) {
      Napi::Value v = list.Get(k);
      if (!v.IsNumber()) {
        saved->vars.emplace_back();
        continue;
      }
      const at::Tensor& t = lookup(v.As<Napi::Number>().Uint32Value());
      saved->vars.emplace_back(t, node && t.grad_fn().get() == node.get());
    }
    return wrapExternal(a.env(), owner.release(), kSavedTag);
  });
  // (list, node ref | null) -> handles (null for None): ctx.saved_tensors, unpacked for the node.
  def(e, "functionUnpackVariables", [](Args& a) -> Napi::Value {
    auto& saved = a[0].external<SavedVariables>(kSavedTag, "saved variables");
    NodePtr node = a.has(1) ? a[1].external<NodeRef>(kNodeTag, "an autograd graph Node").node.lock() : nullptr;
    auto out = Napi::Array::New(a.env(), saved.vars.size());
    for (size_t k = 0; k < saved.vars.size(); k++) {
      at::Tensor t = saved.vars[k].unpack(node);
      out.Set(static_cast<uint32_t>(k),
              t.defined() ? Napi::Number::New(a.env(), static_cast<double>(store(a.env(), t))) : a.env().Null());
    }
    return out;
  });
  // (list): release_variables (a backward without retain_graph): the saved data goes now.
  def(e, "functionReleaseVariables", [](Args& a) -> Napi::Value {
    a[0].external<SavedVariables>(kSavedTag, "saved variables").vars.clear();
    return a.none();
  });
  // -> ids of this thread's hooks whose tensors are gone
  def(e, "takeDeadHooks", [](Args& a) -> Napi::Value { return takeMine(a.env(), deadHooksMutex, deadHooks); });
  def(e, "takeReleasedFunctions",
      [](Args& a) -> Napi::Value { return takeMine(a.env(), releasedMutex, releasedFunctions); });
  def(e, "retainGrad", [](Args& a) -> Napi::Value {
    a.t(0).retain_grad();
    return a.none();
  });
  // x.data: the same storage with a version counter of its own, so changing it in place does not trip
  // the saved-tensor check of a graph that saved x (gradcheck's perturbations, param.data.copy_()).
  def(e, "variableData", [](Args& a) -> Napi::Value { return a.ret(a.t(0).variable_data()); });
  // x.data = y: x now holds y's tensor, keeping x's autograd identity (Variable::set_data).
  def(e, "setData", [](Args& a) -> Napi::Value {
    a.t(0).set_data(a.t(1));
    return a.none();
  });
  // torch._C._functions.UndefinedGrad()(x): x's values, through a node that hands its inputs undefined
  // gradients (gradcheck's check that backward functions cope with them).
  def(e, "undefinedGrad", [](Args& a) -> Napi::Value {
    auto node = std::make_shared<torch::autograd::UndefinedGrad>();
    return a.ret((*node)({a.t(0)})[0]);
  });
  // torch._C._functions.DelayedError(msg, n)(*tensors): the tensors' values through a node whose
  // backward raises `msg` (once_differentiable's outputs when a double backward could reach them).
  def(e, "delayedError", [](Args& a) -> Napi::Value {
    auto inputs = a.tensors(1);
    auto node = std::make_shared<torch::autograd::DelayedError>(a.str(0), static_cast<int>(inputs.size()));
    return a.ret((*node)(std::move(inputs)));
  });
  // x._version: bumped by every in-place change of x's data (the saved-tensor check reads it).
  def(e, "version",
      [](Args& a) -> Napi::Value { return Napi::Number::New(a.env(), static_cast<double>(a.t(0)._version())); });
  def(e, "detach_", [](Args& a) -> Napi::Value {
    a.t(0).detach_();
    return a.none();
  });
  // torch.autograd._is_checkpoint_valid: false inside a backward pass started by grad() or with inputs=
  // (the engine marks such graph tasks), where a reentrant checkpoint cannot recompute.
  def(e, "isCheckpointValid", [](Args& a) -> Napi::Value {
    // In a callback served for an engine thread, that thread's graph task is the one that counts.
    if (callerCheckpointValid >= 0) return Napi::Boolean::New(a.env(), callerCheckpointValid == 1);
    return Napi::Boolean::New(a.env(), torch::autograd::Engine::get_default_engine().is_checkpoint_valid());
  });
  def(e, "setGradEnabled", [](Args& a) -> Napi::Value {
    c10::GradMode::set_enabled(a.b(0));
    return a.none();
  });
  def(e, "isGradEnabled",
      [](Args& a) -> Napi::Value { return Napi::Boolean::New(a.env(), c10::GradMode::is_enabled()); });

  // Forward-mode AD: torch._C._enter_dual_level / _exit_dual_level / _set_fwd_grad_enabled (the duals
  // themselves are aten::_make_dual and aten::_unpack_dual).
  def(e, "enterDualLevel", [](Args& a) -> Napi::Value {
    return Napi::Number::New(a.env(), static_cast<double>(torch::autograd::forward_ad::enter_dual_level()));
  });
  def(e, "exitDualLevel", [](Args& a) -> Napi::Value {
    int64_t level = a.i64(0);
    TORCH_CHECK(level >= 0, "Dual level must be a positive number.");
    torch::autograd::forward_ad::exit_dual_level(static_cast<uint64_t>(level));
    return a.none();
  });
  def(e, "setFwdGradEnabled", [](Args& a) -> Napi::Value {
    c10::AutogradState::get_tls_state().set_fw_grad_mode(a.b(0));
    return a.none();
  });
  // (t, tangent, level, isInplaceOp): t._set_fw_grad(tangent, level, is_inplace_op), as a custom Function's
  // outputs get the tangents its jvp returned.
  def(e, "setFwGrad", [](Args& a) -> Napi::Value {
    int64_t level = a.i64(2);
    TORCH_CHECK(level >= 0, "Dual level must be a positive number.");
    a.t(0)._set_fw_grad(a.t(1), static_cast<uint64_t>(level), a.b(3));
    return a.none();
  });
  def(e, "isFwdGradEnabled", [](Args& a) -> Napi::Value {
    return Napi::Boolean::New(a.env(), c10::AutogradState::get_tls_state().get_fw_grad_mode());
  });

  // torch.vmap's levels (torch._C._vmapmode_increment_nesting / _decrement_nesting); batching itself is
  // aten::_add_batch_dim and aten::_remove_batch_dim.
  def(e, "vmapIncrementNesting", [](Args& a) -> Napi::Value {
    return Napi::Number::New(a.env(), static_cast<double>(at::impl::VmapMode::increment_nesting()));
  });
  def(e, "vmapDecrementNesting", [](Args& a) -> Napi::Value {
    return Napi::Number::New(a.env(), static_cast<double>(at::impl::VmapMode::decrement_nesting()));
  });
  // torch._C._set_vmap_fallback_warning_enabled / _debug_only_are_vmap_fallback_warnings_enabled
  def(e, "setVmapFallbackWarningEnabled", [](Args& a) -> Napi::Value {
    at::globalContext().setDisplayVmapFallbackWarnings(a.b(0));
    return a.none();
  });
  def(e, "areVmapFallbackWarningsEnabled", [](Args& a) -> Napi::Value {
    return Napi::Boolean::New(a.env(), at::globalContext().areVmapFallbackWarningsEnabled());
  });
}

}  // namespace torchts
