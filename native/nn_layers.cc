// nn area, continued (registered from InitNN): the elementwise activations, the regression and
// divergence losses and the 1D/3D pooling of torch.nn.functional, each the ATen op PyTorch's Python
// front end calls, with that front end's own tensor steps (softsign, tanhshrink, broadcasting of
// loss inputs, BCE weight expansion, kl_div's batchmean) done here in ATen too.
#include "common.h"
#include <ATen/ExpandUtils.h>

namespace torchts {

static std::vector<at::Tensor> pairOfTensors(std::tuple<at::Tensor, at::Tensor> r) {
  return {std::move(std::get<0>(r)), std::move(std::get<1>(r))};
}

// F.l1_loss / smooth_l1_loss / huber_loss call the op on torch.broadcast_tensors(input, target).
static std::vector<at::Tensor> broadcastPair(const at::Tensor& input, const at::Tensor& target) {
  return at::broadcast_tensors({input, target});
}

void InitNNResample(Napi::Object e);  // native/nn_resample.cc

void InitNNLayers(Napi::Object e) {
  InitNNResample(e);
  // ---- activations: (x, scalars...); the `_` forms work in place.
  def(e, "elu", [](Args& a) -> Napi::Value { return a.ret(at::elu(a.t(0), a.scalar(1))); });
  def(e, "elu_", [](Args& a) -> Napi::Value {
    at::elu_(a.t(0), a.scalar(1));
    return a.none();
  });
  def(e, "celu", [](Args& a) -> Napi::Value { return a.ret(at::celu(a.t(0), a.scalar(1))); });
  def(e, "celu_", [](Args& a) -> Napi::Value {
    at::celu_(a.t(0), a.scalar(1));
    return a.none();
  });
  def(e, "selu", [](Args& a) -> Napi::Value { return a.ret(at::selu(a.t(0))); });
  def(e, "selu_", [](Args& a) -> Napi::Value {
    at::selu_(a.t(0));
    return a.none();
  });
  // (x, minVal, maxVal)
  def(e, "hardtanh", [](Args& a) -> Napi::Value { return a.ret(at::hardtanh(a.t(0), a.scalar(1), a.scalar(2))); });
  def(e, "hardtanh_", [](Args& a) -> Napi::Value {
    at::hardtanh_(a.t(0), a.scalar(1), a.scalar(2));
    return a.none();
  });
  def(e, "relu6", [](Args& a) -> Napi::Value { return a.ret(at::relu6(a.t(0))); });
  def(e, "relu6_", [](Args& a) -> Napi::Value {
    at::relu6_(a.t(0));
    return a.none();
  });
  // (x, beta, threshold)
  def(e, "softplus", [](Args& a) -> Napi::Value { return a.ret(at::softplus(a.t(0), a.scalar(1), a.scalar(2))); });
  def(e, "prelu", [](Args& a) -> Napi::Value { return a.ret(at::prelu(a.t(0), a.t(1))); });
  def(e, "mish", [](Args& a) -> Napi::Value { return a.ret(at::mish(a.t(0))); });
  def(e, "mish_", [](Args& a) -> Napi::Value {
    at::mish_(a.t(0));
    return a.none();
  });
  def(e, "hardswish", [](Args& a) -> Napi::Value { return a.ret(at::hardswish(a.t(0))); });
  def(e, "hardswish_", [](Args& a) -> Napi::Value {
    at::hardswish_(a.t(0));
    return a.none();
  });
  def(e, "hardsigmoid", [](Args& a) -> Napi::Value { return a.ret(at::hardsigmoid(a.t(0))); });
  def(e, "hardsigmoid_", [](Args& a) -> Napi::Value {
    at::hardsigmoid_(a.t(0));
    return a.none();
  });
  def(e, "logSigmoid", [](Args& a) -> Napi::Value { return a.ret(at::log_sigmoid(a.t(0))); });
  // PyTorch's F.softsign is `input / (input.abs() + 1)` and F.tanhshrink `input - input.tanh()`.
  def(e, "softsign", [](Args& a) -> Napi::Value {
    const at::Tensor& x = a.t(0);
    return a.ret(at::div(x, at::add(at::abs(x), 1)));
  });
  def(e, "tanhshrink", [](Args& a) -> Napi::Value {
    const at::Tensor& x = a.t(0);
    return a.ret(at::sub(x, at::tanh(x)));
  });

  // ---- losses; reduction as at::Reduction (0 none, 1 mean, 2 sum).
  // (input, target, reduction)
  def(e, "l1Loss", [](Args& a) -> Napi::Value {
    auto b = broadcastPair(a.t(0), a.t(1));
    return a.ret(at::l1_loss(b[0], b[1], a.i64(2)));
  });
  // (input, target, reduction, beta)
  def(e, "smoothL1Loss", [](Args& a) -> Napi::Value {
    auto b = broadcastPair(a.t(0), a.t(1));
    return a.ret(at::smooth_l1_loss(b[0], b[1], a.i64(2), a.num(3)));
  });
  // (input, target, reduction, delta)
  def(e, "huberLoss", [](Args& a) -> Napi::Value {
    auto b = broadcastPair(a.t(0), a.t(1));
    return a.ret(at::huber_loss(b[0], b[1], a.i64(2), a.num(3)));
  });
  // (input, target, {weight?, reduction}): weight expanded to the target's size (_infer_size) first.
  def(e, "binaryCrossEntropy", [](Args& a) -> Napi::Value {
    Options o = a.obj(2);
    const at::Tensor& target = a.t(1);
    at::Tensor weight = o.opt("weight");
    if (weight.defined()) weight = weight.expand(at::infer_size(target.sizes(), weight.sizes()));
    return a.ret(at::binary_cross_entropy(a.t(0), target, weight, o.i64("reduction")));
  });
  // (input, target, {reduction, logTarget, batchmean}): batchmean is the sum divided by input.size(0).
  def(e, "klDiv", [](Args& a) -> Napi::Value {
    Options o = a.obj(2);
    const at::Tensor& input = a.t(0);
    at::Tensor out = at::kl_div(input, a.t(1), o.i64("reduction"), o.b("logTarget"));
    if (o.b("batchmean") && input.dim() != 0) out = at::div(out, input.size(0));
    return a.ret(out);
  });

  // ---- pooling over 1 and 3 spatial dims
  // (x, {kernelSize, stride, padding, dilation, ceilMode})
  def(e, "maxPool1d", [](Args& a) -> Napi::Value {
    Options o = a.obj(1);
    return a.ret(at::max_pool1d(a.t(0), o.ints("kernelSize"), o.ints("stride"), o.ints("padding"), o.ints("dilation"),
                                o.b("ceilMode")));
  });
  def(e, "maxPool1dWithIndices", [](Args& a) -> Napi::Value {
    Options o = a.obj(1);
    return a.ret(pairOfTensors(at::max_pool1d_with_indices(a.t(0), o.ints("kernelSize"), o.ints("stride"),
                                                           o.ints("padding"), o.ints("dilation"), o.b("ceilMode"))));
  });
  def(e, "maxPool3d", [](Args& a) -> Napi::Value {
    Options o = a.obj(1);
    return a.ret(at::max_pool3d(a.t(0), o.ints("kernelSize"), o.ints("stride"), o.ints("padding"), o.ints("dilation"),
                                o.b("ceilMode")));
  });
  def(e, "maxPool3dWithIndices", [](Args& a) -> Napi::Value {
    Options o = a.obj(1);
    return a.ret(pairOfTensors(at::max_pool3d_with_indices(a.t(0), o.ints("kernelSize"), o.ints("stride"),
                                                           o.ints("padding"), o.ints("dilation"), o.b("ceilMode"))));
  });
  // (x, {kernelSize, stride, padding, ceilMode, countIncludePad})
  def(e, "avgPool1d", [](Args& a) -> Napi::Value {
    Options o = a.obj(1);
    return a.ret(at::avg_pool1d(a.t(0), o.ints("kernelSize"), o.ints("stride"), o.ints("padding"), o.b("ceilMode"),
                                o.b("countIncludePad")));
  });
  // (x, {kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride?})
  def(e, "avgPool3d", [](Args& a) -> Napi::Value {
    Options o = a.obj(1);
    c10::optional<int64_t> divisor;
    if (o.has("divisorOverride")) divisor = o.i64("divisorOverride");
    return a.ret(at::avg_pool3d(a.t(0), o.ints("kernelSize"), o.ints("stride"), o.ints("padding"), o.b("ceilMode"),
                                o.b("countIncludePad"), divisor));
  });
  def(e, "adaptiveAvgPool1d", [](Args& a) -> Napi::Value { return a.ret(at::adaptive_avg_pool1d(a.t(0), a.ints(1))); });
  def(e, "adaptiveAvgPool3d", [](Args& a) -> Napi::Value { return a.ret(at::adaptive_avg_pool3d(a.t(0), a.ints(1))); });
}

}  // namespace torchts
