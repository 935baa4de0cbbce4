// Autograd area: requires_grad, grads, backward, grad mode.
#include "common.h"
#include <torch/csrc/autograd/function.h>
#include <c10/core/GradMode.h>

namespace torchts {

void InitAutograd(Napi::Env env, Napi::Object e) {
  def(env, e, "requiresGrad", [](Args& a) -> Napi::Value { return Napi::Boolean::New(a.env(), a.t(0).requires_grad()); });
  def(env, e, "setRequiresGrad", [](Args& a) -> Napi::Value { a.t(0).set_requires_grad(a.b(1)); return a.none(); });
  def(env, e, "isLeaf", [](Args& a) -> Napi::Value { return Napi::Boolean::New(a.env(), a.t(0).is_leaf()); });
  def(env, e, "grad", [](Args& a) -> Napi::Value {
    const at::Tensor& g = a.t(0).grad();
    return g.defined() ? a.ret(g) : a.env().Null();
  });
  def(env, e, "setGrad", [](Args& a) -> Napi::Value {
    a.t(0).mutable_grad() = a.has(1) ? a.t(1) : at::Tensor();
    return a.none();
  });
  def(env, e, "gradFn", [](Args& a) -> Napi::Value {
    auto fn = a.t(0).grad_fn();
    return fn ? Napi::String::New(a.env(), fn->name()) : a.env().Null();
  });
  def(env, e, "backward", [](Args& a) -> Napi::Value {
    // (h, gradient|undefined, retainGraph|undefined, createGraph)
    c10::optional<bool> retain;
    if (a.has(2)) retain = a.b(2);
    a.t(0).backward(a.opt(1), retain, a.has(3) && a.b(3));
    return a.none();
  });
  def(env, e, "retainGrad", [](Args& a) -> Napi::Value { a.t(0).retain_grad(); return a.none(); });
  def(env, e, "detach_", [](Args& a) -> Napi::Value { a.t(0).detach_(); return a.none(); });
  def(env, e, "setGradEnabled", [](Args& a) -> Napi::Value { c10::GradMode::set_enabled(a.b(0)); return a.none(); });
  def(env, e, "isGradEnabled", [](Args& a) -> Napi::Value { return Napi::Boolean::New(a.env(), c10::GradMode::is_enabled()); });
}

}  // namespace torchts
