// optim area: one native call per optimizer step over all parameters of a group, with ATen's
// multi-tensor (_foreach_*) ops, or the fused Adam kernel where the build has one for the device.
#include <ATen/ScalarOps.h>

#include "common.h"

namespace torchts {

// torch.optim (1.13) steps a complex parameter as its real view (view_as_real of the parameter, its
// gradient and its state): Adam, AdamW, Adamax, Adagrad, Adadelta, RMSprop, ASGD and Rprop. The state
// stays complex, as PyTorch keeps it.
static at::Tensor R(const at::Tensor& t) {
  return t.defined() && t.is_complex() ? at::view_as_real(t) : t;
}

// torch.optim's error for a sparse gradient given to an optimizer without a sparse path, raised while
// it gathers the gradients, so before any parameter moves.
static void denseGradsOnly(const std::vector<at::Tensor>& params, const std::string& msg) {
  for (const auto& p : params)
    if (p.grad().defined() && p.grad().is_sparse()) throw std::runtime_error(msg);
}

// torch.optim's _make_sparse: `values` at the (coalesced) gradient's indices, as a sparse tensor.
static at::Tensor makeSparse(const at::Tensor& grad, const at::Tensor& indices, const at::Tensor& values) {
  if (indices.numel() == 0 || values.numel() == 0) return at::empty_like(grad);
  return at::sparse_coo_tensor(indices, values, grad.sizes());
}

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
  denseGradsOnly(allParams, o.b("decoupled")
                                ? "AdamW does not support sparse gradients"
                                : "Adam does not support sparse gradients, please consider SparseAdam instead");
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
      // torch.tensor(0.) (the default dtype), or float32 on the device for the fused kernel.
      auto stepOpts = at::TensorOptions().device(stepDevice);
      allSteps[i] = at::zeros({}, compat::hasFusedAdam(p) ? stepOpts.dtype(at::kFloat) : stepOpts);
      fresh.push_back(i);
    }
    params.push_back(R(p));
    grads.push_back(R(g));
    m.push_back(R(allM[i]));
    v.push_back(R(allV[i]));
    if (amsgrad) vmax.push_back(R(allVmax[i]));
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

// A Python float as PyTorch's Python front end passes it to a Tensor argument (mul_.Tensor, not mul_.Scalar,
// whose composite adds a dispatch): the same kernel and profile as the Python optimizer's.
static at::Tensor pyNumber(double v) {
  return at::native::wrapped_scalar_tensor(v);
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
        bufs[i].mul_(pyNumber(momentum)).add_(d, 1 - dampening);
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

// Per-parameter state tensors by PyTorch's state key, one list entry per parameter (undefined where
// none exists yet). Entries a step creates go back to JS only once the step has succeeded (see adam).
class StepState {
 public:
  StepState(const Options& s, std::vector<const char*> names, size_t n) : names_(std::move(names)) {
    for (const char* k : names_) {
      lists_.push_back(s.tensors(k));
      if (lists_.back().size() != n) {
        throw std::invalid_argument(std::string("optimizer step: state '") + k + "' must have one entry per parameter");
      }
    }
  }
  at::Tensor& at(size_t k, size_t i) { return lists_[k][i]; }
  // Creates entry k of parameter i with make() when missing.
  template <class F>
  at::Tensor& ensure(size_t k, size_t i, F make) {
    at::Tensor& t = lists_[k][i];
    if (!t.defined()) {
      t = make();
      if (fresh_.empty() || fresh_.back() != i) fresh_.push_back(i);
    }
    return t;
  }
  // [[index, {key: handle}], ...] for the parameters that got new state entries.
  Napi::Value emit(Napi::Env env) const {
    auto out = Napi::Array::New(env, fresh_.size());
    for (size_t k = 0; k < fresh_.size(); k++) {
      size_t i = fresh_[k];
      auto entry = Napi::Array::New(env, 2);
      auto obj = Napi::Object::New(env);
      for (size_t j = 0; j < names_.size(); j++) {
        if (lists_[j][i].defined()) obj.Set(names_[j], Napi::Number::New(env, store(env, lists_[j][i])));
      }
      entry.Set(0u, Napi::Number::New(env, static_cast<double>(i)));
      entry.Set(1u, obj);
      out.Set(static_cast<uint32_t>(k), entry);
    }
    return out;
  }

 private:
  std::vector<const char*> names_;
  std::vector<std::vector<at::Tensor>> lists_;
  std::vector<size_t> fresh_;
};

static at::Tensor zerosLike(const at::Tensor& p) {
  return at::zeros_like(p, at::MemoryFormat::Preserve);
}
// A step count kept as a scalar tensor of the default dtype on the CPU (PyTorch 1.13's torch.tensor(0.)).
static at::Tensor floatStep() {
  return at::zeros({}, at::TensorOptions());
}
// A step count that PyTorch 1.13 keeps as a Python int (RMSprop, Adadelta).
static at::Tensor intStep() {
  return at::zeros({}, at::TensorOptions().dtype(at::kLong));
}

// The step functions below follow torch.optim's single-tensor implementations (PyTorch 1.13's
// default, foreach=None) op for op, so that parameters match torch.optim bit for bit.

// (params[], state {step, square_avg, momentum_buffer, grad_avg}, {lr, alpha, eps, weightDecay, momentum,
//  centered, maximize}) -> created state
static Napi::Value rmsprop(Args& a) {
  auto params = a.tensors(0);
  StepState st(a.obj(1), {"step", "square_avg", "momentum_buffer", "grad_avg"}, params.size());
  Options o = a.obj(2);
  double lr = o.num("lr"), alpha = o.num("alpha"), eps = o.num("eps"), wd = o.num("weightDecay");
  double momentum = o.num("momentum");
  bool centered = o.b("centered"), maximize = o.b("maximize");
  denseGradsOnly(params, "RMSprop does not support sparse gradients");
  at::NoGradGuard noGrad;
  for (size_t i = 0; i < params.size(); i++) {
    at::Tensor& param = params[i];
    at::Tensor grad = R(param.grad());
    if (!grad.defined()) continue;
    at::Tensor p = R(param);
    st.ensure(0, i, intStep).add_(1);
    at::Tensor squareAvg = R(st.ensure(1, i, [&] { return zerosLike(param); }));
    if (maximize) grad = grad.neg();
    if (wd != 0) grad = grad.add(p, wd);
    squareAvg.mul_(alpha).addcmul_(grad, grad, 1 - alpha);
    at::Tensor avg;
    if (centered) {
      at::Tensor gradAvg = R(st.ensure(3, i, [&] { return zerosLike(param); }));
      gradAvg.mul_(alpha).add_(grad, 1 - alpha);
      avg = squareAvg.addcmul(gradAvg, gradAvg, -1).sqrt_();
    } else {
      avg = squareAvg.sqrt();
    }
    avg.add_(eps);
    if (momentum > 0) {
      at::Tensor buf = R(st.ensure(2, i, [&] { return zerosLike(param); }));
      buf.mul_(momentum).addcdiv_(grad, avg);
      p.add_(buf, -lr);
    } else {
      p.addcdiv_(grad, avg, -lr);
    }
  }
  return st.emit(a.env());
}

// (params[], state {step, sum}, {lr, lrDecay, weightDecay, eps, initialAccumulatorValue, maximize}) -> created
static Napi::Value adagrad(Args& a) {
  auto params = a.tensors(0);
  StepState st(a.obj(1), {"step", "sum"}, params.size());
  Options o = a.obj(2);
  double lr = o.num("lr"), lrDecay = o.num("lrDecay"), wd = o.num("weightDecay"), eps = o.num("eps");
  double init = o.num("initialAccumulatorValue");
  bool maximize = o.b("maximize");
  at::NoGradGuard noGrad;
  for (size_t i = 0; i < params.size(); i++) {
    at::Tensor& param = params[i];
    at::Tensor grad = R(param.grad());
    if (!grad.defined()) continue;
    at::Tensor p = R(param);
    at::Tensor& stepT = st.ensure(0, i, floatStep);
    at::Tensor sum = R(st.ensure(1, i, [&] { return at::full_like(param, init, at::MemoryFormat::Preserve); }));
    stepT.add_(1);
    double step = stepT.item<double>();
    if (maximize) grad = grad.neg();
    if (wd != 0) {
      if (grad.is_sparse()) throw std::runtime_error("weight_decay option is not compatible with sparse gradients");
      grad = grad.add(p, wd);
    }
    double clr = lr / (1 + (step - 1) * lrDecay);
    if (grad.is_sparse()) {
      // Adagrad's sparse path: only the rows the gradient has move (the update is non-linear, so the
      // indices are made unique first).
      grad = grad.coalesce();
      at::Tensor idx = grad._indices(), values = grad._values();
      sum.add_(makeSparse(grad, idx, values.pow(2)));
      at::Tensor stdValues = sum.sparse_mask(grad)._values().sqrt_().add_(eps);
      p.add_(makeSparse(grad, idx, values / stdValues), -clr);
      continue;
    }
    sum.addcmul_(grad, grad, 1);
    at::Tensor stdev = sum.sqrt().add_(eps);
    p.addcdiv_(grad, stdev, -clr);
  }
  return st.emit(a.env());
}

// (params[], state {step, square_avg, acc_delta}, {lr, rho, eps, weightDecay, maximize}) -> created
static Napi::Value adadelta(Args& a) {
  auto params = a.tensors(0);
  StepState st(a.obj(1), {"step", "square_avg", "acc_delta"}, params.size());
  Options o = a.obj(2);
  double lr = o.num("lr"), rho = o.num("rho"), eps = o.num("eps"), wd = o.num("weightDecay");
  bool maximize = o.b("maximize");
  denseGradsOnly(params, "Adadelta does not support sparse gradients");
  at::NoGradGuard noGrad;
  for (size_t i = 0; i < params.size(); i++) {
    at::Tensor& param = params[i];
    at::Tensor grad = R(param.grad());
    if (!grad.defined()) continue;
    at::Tensor p = R(param);
    st.ensure(0, i, intStep).add_(1);
    at::Tensor squareAvg = R(st.ensure(1, i, [&] { return zerosLike(param); }));
    at::Tensor accDelta = R(st.ensure(2, i, [&] { return zerosLike(param); }));
    if (maximize) grad = grad.neg();
    if (wd != 0) grad = grad.add(p, wd);
    squareAvg.mul_(rho).addcmul_(grad, grad, 1 - rho);
    at::Tensor stdev = squareAvg.add(eps).sqrt_();
    at::Tensor delta = accDelta.add(eps).sqrt_().div_(stdev).mul_(grad);
    accDelta.mul_(rho).addcmul_(delta, delta, 1 - rho);
    p.add_(delta, -lr);
  }
  return st.emit(a.env());
}

// (params[], state {step, mu_product, exp_avg, exp_avg_sq}, {lr, beta1, beta2, eps, weightDecay,
//  momentumDecay}) -> created
static Napi::Value nadam(Args& a) {
  auto params = a.tensors(0);
  StepState st(a.obj(1), {"step", "mu_product", "exp_avg", "exp_avg_sq"}, params.size());
  Options o = a.obj(2);
  double lr = o.num("lr"), beta1 = o.num("beta1"), beta2 = o.num("beta2"), eps = o.num("eps");
  double wd = o.num("weightDecay"), momentumDecay = o.num("momentumDecay");
  denseGradsOnly(params, "NAdam does not support sparse gradients");
  at::NoGradGuard noGrad;
  for (size_t i = 0; i < params.size(); i++) {
    at::Tensor& p = params[i];
    at::Tensor grad = p.grad();
    if (!grad.defined()) continue;
    at::Tensor& stepT = st.ensure(0, i, floatStep);
    at::Tensor& muProduct = st.ensure(1, i, [] { return at::ones({}, at::TensorOptions()); });
    at::Tensor& expAvg = st.ensure(2, i, [&] { return zerosLike(p); });
    at::Tensor& expAvgSq = st.ensure(3, i, [&] { return zerosLike(p); });
    stepT.add_(1);
    double step = stepT.item<double>();
    double bc2 = 1 - std::pow(beta2, step);
    if (wd != 0) grad = grad.add(p, wd);
    double mu = beta1 * (1. - 0.5 * std::pow(0.96, step * momentumDecay));
    double muNext = beta1 * (1. - 0.5 * std::pow(0.96, (step + 1) * momentumDecay));
    muProduct.mul_(mu);
    at::Tensor muProductNext = muProduct.mul(mu).mul(muNext);
    expAvg.mul_(beta1).add_(grad, 1 - beta1);
    expAvgSq.mul_(beta2).addcmul_(grad, grad, 1 - beta2);
    at::Tensor denom = expAvgSq.div(bc2).sqrt().add_(eps);
    p.addcdiv_(grad, denom, -lr * (1. - mu) / (1. - muProduct.item<double>()));
    p.addcdiv_(expAvg, denom, -lr * muNext / (1. - muProductNext.item<double>()));
  }
  return st.emit(a.env());
}

// (params[], state {step, exp_avg, exp_avg_sq}, {lr, beta1, beta2, eps, weightDecay}) -> created
static Napi::Value radam(Args& a) {
  auto params = a.tensors(0);
  StepState st(a.obj(1), {"step", "exp_avg", "exp_avg_sq"}, params.size());
  Options o = a.obj(2);
  double lr = o.num("lr"), beta1 = o.num("beta1"), beta2 = o.num("beta2"), eps = o.num("eps");
  double wd = o.num("weightDecay");
  denseGradsOnly(params, "RAdam does not support sparse gradients");
  at::NoGradGuard noGrad;
  for (size_t i = 0; i < params.size(); i++) {
    at::Tensor& p = params[i];
    at::Tensor grad = p.grad();
    if (!grad.defined()) continue;
    at::Tensor& stepT = st.ensure(0, i, floatStep);
    at::Tensor& expAvg = st.ensure(1, i, [&] { return zerosLike(p); });
    at::Tensor& expAvgSq = st.ensure(2, i, [&] { return zerosLike(p); });
    stepT.add_(1);
    double step = stepT.item<double>();
    double bc1 = 1 - std::pow(beta1, step), bc2 = 1 - std::pow(beta2, step);
    if (wd != 0) grad = grad.add(p, wd);
    expAvg.mul_(beta1).add_(grad, 1 - beta1);
    expAvgSq.mul_(beta2).addcmul_(grad, grad, 1 - beta2);
    at::Tensor corrected = expAvg.div(bc1);
    double rhoInf = 2 / (1 - beta2) - 1;
    double rhoT = rhoInf - 2 * step * std::pow(beta2, step) / bc2;
    if (rhoT > 5.) {
      double rect = std::sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
      // Python's `float / tensor` is tensor.reciprocal() * float.
      at::Tensor adaptiveLr = expAvgSq.sqrt().add_(eps).reciprocal().mul(std::sqrt(bc2));
      p.add_(corrected.mul(lr).mul(adaptiveLr).mul(rect), -1.0);
    } else {
      p.add_(corrected.mul(lr), -1.0);
    }
  }
  return st.emit(a.env());
}

// (op, x, y?) -> C's cos(x), pow(x, y) or log(x). Python's math.cos, math.log and float ** are these
// libm functions; V8's Math.cos/pow/log are other implementations that can differ in the last bit,
// so schedulers call these to get PyTorch's learning rates exactly.
// (params[], state {step, exp_avg, exp_inf}, {lr, beta1, beta2, eps, weightDecay, maximize}) -> created
static Napi::Value adamax(Args& a) {
  auto params = a.tensors(0);
  StepState st(a.obj(1), {"step", "exp_avg", "exp_inf"}, params.size());
  Options o = a.obj(2);
  double lr = o.num("lr"), beta1 = o.num("beta1"), beta2 = o.num("beta2"), eps = o.num("eps");
  double wd = o.num("weightDecay");
  bool maximize = o.b("maximize");
  denseGradsOnly(params, "Adamax does not support sparse gradients");
  at::NoGradGuard noGrad;
  for (size_t i = 0; i < params.size(); i++) {
    at::Tensor& param = params[i];
    at::Tensor grad = R(param.grad());
    if (!grad.defined()) continue;
    at::Tensor p = R(param);
    at::Tensor& stepT = st.ensure(0, i, floatStep);
    at::Tensor expAvg = R(st.ensure(1, i, [&] { return zerosLike(param); }));
    at::Tensor expInf = R(st.ensure(2, i, [&] { return zerosLike(param); }));
    if (maximize) grad = grad.neg();
    stepT.add_(1);
    double step = stepT.item<double>();
    if (wd != 0) grad = grad.add(p, wd);
    expAvg.mul_(beta1).add_(grad, 1 - beta1);
    at::Tensor normBuf = at::cat({expInf.mul_(beta2).unsqueeze(0), grad.abs().add_(eps).unsqueeze_(0)}, 0);
    at::amax_out(expInf, normBuf, {0}, false);
    double clr = lr / (1 - std::pow(beta1, step));
    p.addcdiv_(expAvg, expInf, -clr);
  }
  return st.emit(a.env());
}

// (params[], state {step, eta, mu, ax}, {lr, lambd, alpha, t0, weightDecay, maximize}) -> created
static Napi::Value asgd(Args& a) {
  auto params = a.tensors(0);
  StepState st(a.obj(1), {"step", "eta", "mu", "ax"}, params.size());
  Options o = a.obj(2);
  double lr = o.num("lr"), lambd = o.num("lambd"), alpha = o.num("alpha"), t0 = o.num("t0");
  double wd = o.num("weightDecay");
  bool maximize = o.b("maximize");
  denseGradsOnly(params, "ASGD does not support sparse gradients");
  at::NoGradGuard noGrad;
  for (size_t i = 0; i < params.size(); i++) {
    at::Tensor& param = params[i];
    at::Tensor grad = R(param.grad());
    if (!grad.defined()) continue;
    at::Tensor p = R(param);
    at::Tensor& stepT = st.ensure(0, i, floatStep);
    at::Tensor& eta = st.ensure(1, i, [&] { return at::scalar_tensor(lr, at::TensorOptions()); });
    at::Tensor& mu = st.ensure(2, i, [&] { return at::scalar_tensor(1.0, at::TensorOptions()); });
    at::Tensor ax = R(st.ensure(3, i, [&] { return zerosLike(param); }));
    if (maximize) grad = grad.neg();
    stepT.add_(1);
    double step = stepT.item<double>();
    if (wd != 0) grad = grad.add(p, wd);
    double etaV = eta.item<double>();
    p.mul_(1 - lambd * etaV);
    p.add_(grad, -etaV);
    if (mu.item<double>() != 1) {
      ax.add_(p.sub(ax).mul(mu));
    } else {
      ax.copy_(p);
    }
    // torch.tensor(python float) then copy_: the float32 rounding of the double.
    eta.fill_(lr / std::pow(1 + lambd * lr * step, alpha));
    mu.fill_(1 / std::max(1.0, step - t0));
  }
  return st.emit(a.env());
}

// (params[], state {step, prev, step_size}, {lr, etaMinus, etaPlus, stepSizeMin, stepSizeMax, maximize}) -> created
static Napi::Value rprop(Args& a) {
  auto params = a.tensors(0);
  StepState st(a.obj(1), {"step", "prev", "step_size"}, params.size());
  Options o = a.obj(2);
  double lr = o.num("lr"), etaminus = o.num("etaMinus"), etaplus = o.num("etaPlus");
  double minStep = o.num("stepSizeMin"), maxStep = o.num("stepSizeMax");
  bool maximize = o.b("maximize");
  denseGradsOnly(params, "Rprop does not support sparse gradients");
  at::NoGradGuard noGrad;
  for (size_t i = 0; i < params.size(); i++) {
    at::Tensor& param = params[i];
    at::Tensor grad = R(param.grad());
    if (!grad.defined()) continue;
    at::Tensor p = R(param);
    st.ensure(0, i, intStep).add_(1);
    at::Tensor prev = R(st.ensure(1, i, [&] { return zerosLike(param); }));
    at::Tensor stepSize = R(st.ensure(2, i, [&] {
      // A complex parameter steps its imaginary parts too: lr + lr*i, as torch.optim.Rprop.
      at::Tensor t = at::empty_like(param.grad());
      return param.is_complex() ? t.fill_(c10::complex<double>(lr, lr)) : t.fill_(lr);
    }));
    if (maximize) grad = grad.neg();
    at::Tensor sign = grad.mul(prev).sign();
    // Python's sign[sign.gt(0)] = etaplus etc., each mask taken after the previous assignment.
    sign.masked_fill_(sign.gt(0), etaplus);
    sign.masked_fill_(sign.lt(0), etaminus);
    sign.masked_fill_(sign.eq(0), 1);
    stepSize.mul_(sign).clamp_(minStep, maxStep);
    grad = grad.clone(at::MemoryFormat::Preserve);
    grad.masked_fill_(sign.eq(etaminus), 0);
    p.addcmul_(grad.sign(), stepSize, -1);
    prev.copy_(grad);
  }
  return st.emit(a.env());
}

// (params[], state {step, exp_avg, exp_avg_sq}, {lr, beta1, beta2, eps, maximize}) -> created. torch.optim.SparseAdam:
// the moments and parameters move only where the (sparse) gradient has values.
static Napi::Value sparseAdam(Args& a) {
  auto params = a.tensors(0);
  StepState st(a.obj(1), {"step", "exp_avg", "exp_avg_sq"}, params.size());
  Options o = a.obj(2);
  double lr = o.num("lr"), beta1 = o.num("beta1"), beta2 = o.num("beta2"), eps = o.num("eps");
  bool maximize = o.b("maximize");
  for (const auto& p : params)
    if (p.grad().defined() && !p.grad().is_sparse())
      throw std::runtime_error("SparseAdam does not support dense gradients, please consider Adam instead");
  at::NoGradGuard noGrad;
  for (size_t i = 0; i < params.size(); i++) {
    at::Tensor& p = params[i];
    at::Tensor grad = p.grad();
    if (!grad.defined()) continue;
    at::Tensor& stepT = st.ensure(0, i, intStep);
    at::Tensor& expAvg = st.ensure(1, i, [&] { return zerosLike(p); });
    at::Tensor& expAvgSq = st.ensure(2, i, [&] { return zerosLike(p); });
    stepT.add_(1);
    double step = stepT.item<double>();
    if (maximize) grad = grad.neg();
    grad = grad.coalesce();
    at::Tensor idx = grad._indices(), values = grad._values();
    // torch.optim's make_sparse here: grad.new(indices, values, size), or an empty one for 0-d parts.
    auto sparseOf = [&](const at::Tensor& v) {
      if (idx.dim() == 0 || v.dim() == 0) return at::empty({0}, grad.options()).resize_as_(grad);
      return at::sparse_coo_tensor(idx, v, grad.sizes());
    };
    at::Tensor oldExpAvg = expAvg.sparse_mask(grad)._values();
    at::Tensor expAvgUpdate = values.sub(oldExpAvg).mul_(1 - beta1);
    expAvg.add_(sparseOf(expAvgUpdate));
    at::Tensor oldExpAvgSq = expAvgSq.sparse_mask(grad)._values();
    at::Tensor expAvgSqUpdate = values.pow(2).sub_(oldExpAvgSq).mul_(1 - beta2);
    expAvgSq.add_(sparseOf(expAvgSqUpdate));
    at::Tensor numer = expAvgUpdate.add_(oldExpAvg);
    expAvgSqUpdate.add_(oldExpAvgSq);
    at::Tensor denom = expAvgSqUpdate.sqrt_().add_(eps);
    double bc1 = 1 - std::pow(beta1, step), bc2 = 1 - std::pow(beta2, step);
    double stepSize = lr * std::sqrt(bc2) / bc1;
    p.add_(sparseOf(numer.div_(denom).mul(-stepSize)));
  }
  return st.emit(a.env());
}

static Napi::Value libm(Args& a) {
  std::string op = a.str(0);
  double x = a.num(1);
  double r;
  if (op == "cos") {
    r = std::cos(x);
  } else if (op == "sin") {
    r = std::sin(x);
  } else if (op == "tan") {
    r = std::tan(x);
  } else if (op == "atan") {
    r = std::atan(x);
  } else if (op == "pow") {
    r = std::pow(x, a.num(2));
  } else if (op == "log") {
    r = std::log(x);
  } else {
    throw std::invalid_argument("libm(): unknown function " + op);
  }
  return Napi::Number::New(a.env(), r);
}

void InitOptim(Napi::Object e) {
  def(e, "libm", libm);
  def(e, "adamStep", adam);
  def(e, "sgdStep", sgd);
  def(e, "rmspropStep", rmsprop);
  def(e, "adagradStep", adagrad);
  def(e, "adadeltaStep", adadelta);
  def(e, "nadamStep", nadam);
  def(e, "radamStep", radam);
  def(e, "adamaxStep", adamax);
  def(e, "asgdStep", asgd);
  def(e, "rpropStep", rprop);
  def(e, "sparseAdamStep", sparseAdam);
}

}  // namespace torchts
