// Autograd area: requires_grad, grads, backward, grad mode.
#include "common.h"
#include <torch/csrc/autograd/autograd.h>
#include <torch/csrc/autograd/function.h>
#include <c10/core/GradMode.h>

namespace torchts {

void InitAutograd(Napi::Object e) {
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
    c10::optional<bool> retain;
    if (a.has(2)) retain = a.b(2);
    a.t(0).backward(a.opt(1), retain, a.has(3) && a.b(3));
    return a.none();
  });
  // (outputs[], inputs[], {gradOutputs[] (undefined entries: implicit), retainGraph?, createGraph, allowUnused})
  //   -> gradient handles, null for an input the outputs do not depend on (allowUnused)
  def(e, "autogradGrad", [](Args& a) -> Napi::Value {
    auto outputs = a.tensors(0), inputs = a.tensors(1);
    Options o = a.obj(2);
    auto gradOutputs = o.tensors("gradOutputs");
    c10::optional<bool> retain;
    if (o.has("retainGraph")) retain = o.b("retainGraph");
    auto grads = torch::autograd::grad(outputs, inputs, gradOutputs, retain, o.b("createGraph"), o.b("allowUnused"));
    auto out = Napi::Array::New(a.env(), grads.size());
    for (size_t k = 0; k < grads.size(); k++) {
      out.Set(static_cast<uint32_t>(k),
              grads[k].defined() ? Napi::Number::New(a.env(), store(a.env(), grads[k])) : a.env().Null());
    }
    return out;
  });
  def(e, "retainGrad", [](Args& a) -> Napi::Value {
    a.t(0).retain_grad();
    return a.none();
  });
  def(e, "detach_", [](Args& a) -> Napi::Value {
    a.t(0).detach_();
    return a.none();
  });
  def(e, "setGradEnabled", [](Args& a) -> Napi::Value {
    c10::GradMode::set_enabled(a.b(0));
    return a.none();
  });
  def(e, "isGradEnabled",
      [](Args& a) -> Napi::Value { return Napi::Boolean::New(a.env(), c10::GradMode::is_enabled()); });
}

}  // namespace torchts
