// optim area: one native call per optimizer step over all parameters of a group, with ATen's
// multi-tensor (_foreach_*) ops, or the fused Adam kernel where the build has one for the device.
#include "common.h"

namespace torchts {

// (params[], {expAvgs[], expAvgSqs[], maxExpAvgSqs[], steps[], lr, beta1, beta2, eps, weightDecay, amsgrad,
//  maximize, decoupled}) -> [[index, expAvg, expAvgSq, maxExpAvgSq|undefined, step], ...] for the
// parameters whose state this step created (state entries undefined until a grad exists).
static Napi::Value adam(Args& a) {
  Options o = a.obj(1);
  auto allParams = a.tensors(0), allM = o.tensors("expAvgs"), allV = o.tensors("expAvgSqs");
  auto allVmax = o.tensors("maxExpAvgSqs"), allSteps = o.tensors("steps");
  double lr = o.num("lr"), beta1 = o.num("beta1"), beta2 = o.num("beta2"), eps = o.num("eps");
  double wd = o.num("weightDecay");
  bool amsgrad = o.b("amsgrad"), maximize = o.b("maximize"), decoupled = o.b("decoupled");
  size_t n = allParams.size();
  if (allM.size() != n || allV.size() != n || allVmax.size() != n || allSteps.size() != n) {
    throw std::invalid_argument("adamStep(): every state list must have one entry per parameter");
  }
  at::NoGradGuard noGrad;
  // Indices whose state this step creates; handed to JS (stored) only once the step has succeeded, so a
  // step that throws leaves no handle that nothing owns.
  std::vector<size_t> fresh;
  auto emit = [&]() -> Napi::Value {
    auto created = Napi::Array::New(a.env(), fresh.size());
    for (size_t k = 0; k < fresh.size(); k++) {
      size_t i = fresh[k];
      auto entry = Napi::Array::New(a.env(), 5);
      entry.Set(0u, Napi::Number::New(a.env(), static_cast<double>(i)));
      entry.Set(1u, Napi::Number::New(a.env(), store(a.env(), allM[i])));
      entry.Set(2u, Napi::Number::New(a.env(), store(a.env(), allV[i])));
      if (amsgrad) entry.Set(3u, Napi::Number::New(a.env(), store(a.env(), allVmax[i])));
      entry.Set(4u, Napi::Number::New(a.env(), store(a.env(), allSteps[i])));
      created.Set(static_cast<uint32_t>(k), entry);
    }
    return created;
  };
  // Parameters without a gradient are skipped, as PyTorch does; state is made at the first grad.
  std::vector<at::Tensor> params, grads, m, v, vmax, steps;
  for (size_t i = 0; i < allParams.size(); i++) {
    const at::Tensor& p = allParams[i];
    const at::Tensor& g = p.grad();
    if (!g.defined()) continue;
    if (!allM[i].defined()) {
      allM[i] = at::zeros_like(p, at::MemoryFormat::Preserve);
      allV[i] = at::zeros_like(p, at::MemoryFormat::Preserve);
      if (amsgrad) allVmax[i] = at::zeros_like(p, at::MemoryFormat::Preserve);
      // The fused CUDA kernel keeps the step count on the device; elsewhere it is a host scalar.
      at::Device stepDevice = compat::hasFusedAdam(p) ? p.device() : at::Device(at::kCPU);
      allSteps[i] = at::zeros({}, at::TensorOptions().dtype(at::kFloat).device(stepDevice));
      fresh.push_back(i);
    }
    params.push_back(p);
    grads.push_back(g);
    m.push_back(allM[i]);
    v.push_back(allV[i]);
    if (amsgrad) vmax.push_back(allVmax[i]);
    steps.push_back(allSteps[i]);
  }
  if (params.empty()) return emit();
  if (compat::hasFusedAdam(params[0]) && steps[0].is_cuda()) {
    // The fused kernel reads the step count; advancing it is the caller's job, as in torch.optim.
    at::_foreach_add_(steps, at::Scalar(1));
    compat::fusedAdam(params, grads, m, v, vmax, steps, lr, beta1, beta2, wd, eps, amsgrad, maximize, decoupled);
    return emit();
  }
  if (maximize) grads = at::_foreach_neg(grads);
  at::_foreach_add_(steps, at::Scalar(1));
  if (wd != 0) {
    if (decoupled)
      at::_foreach_mul_(params, at::Scalar(1 - lr * wd));
    else
      grads = at::_foreach_add(grads, params, at::Scalar(wd));
  }
  at::_foreach_mul_(m, at::Scalar(beta1));
  at::_foreach_add_(m, grads, at::Scalar(1 - beta1));
  at::_foreach_mul_(v, at::Scalar(beta2));
  at::_foreach_addcmul_(v, grads, grads, at::Scalar(1 - beta2));
  std::vector<at::Scalar> stepSize, bc2Sqrt;
  for (auto& s : steps) {
    double step = s.item<double>();
    stepSize.emplace_back(-(lr / (1 - std::pow(beta1, step))));
    bc2Sqrt.emplace_back(std::sqrt(1 - std::pow(beta2, step)));
  }
  std::vector<at::Tensor> denom;
  if (amsgrad) {
    at::_foreach_maximum_(vmax, v);
    denom = at::_foreach_sqrt(vmax);
  } else {
    denom = at::_foreach_sqrt(v);
  }
  at::_foreach_div_(denom, bc2Sqrt);
  at::_foreach_add_(denom, at::Scalar(eps));
  at::_foreach_addcdiv_(params, m, denom, stepSize);
  return emit();
}

// (params[], {momentumBuffers[] (undefined where none yet), lr, momentum, dampening, weightDecay, nesterov,
//  maximize}) -> momentum buffer handles created in this step (or undefined)
static Napi::Value sgd(Args& a) {
  Options o = a.obj(1);
  auto params = a.tensors(0), bufs = o.tensors("momentumBuffers");
  double lr = o.num("lr"), momentum = o.num("momentum"), dampening = o.num("dampening"), wd = o.num("weightDecay");
  bool nesterov = o.b("nesterov"), maximize = o.b("maximize");
  if (bufs.size() != params.size()) {
    throw std::invalid_argument("sgdStep(): momentumBuffers must have one entry per parameter");
  }
  at::NoGradGuard noGrad;
  std::vector<bool> fresh(params.size());  // stored only after the step succeeded (see adam)
  for (size_t i = 0; i < params.size(); i++) {
    at::Tensor d = params[i].grad();
    if (!d.defined()) continue;
    if (maximize) d = d.neg();
    if (wd != 0) d = d.add(params[i], wd);
    if (momentum != 0) {
      if (!bufs[i].defined()) {
        bufs[i] = d.clone().detach();
        fresh[i] = true;
      } else {
        bufs[i].mul_(momentum).add_(d, 1 - dampening);
      }
      d = nesterov ? d.add(bufs[i], momentum) : bufs[i];
    }
    params[i].add_(d, -lr);
  }
  auto created = Napi::Array::New(a.env(), params.size());
  for (size_t i = 0; i < params.size(); i++) {
    if (fresh[i]) created.Set(static_cast<uint32_t>(i), Napi::Number::New(a.env(), store(a.env(), bufs[i])));
  }
  return created;
}

void InitOptim(Napi::Object e) {
  def(e, "adamStep", adam);
  def(e, "sgdStep", sgd);
}

}  // namespace torchts
