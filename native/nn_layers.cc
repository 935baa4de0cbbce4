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

// F.local_response_norm: the input divided by (k + alpha * mean of the squares over `size`
// neighbouring channels) ** beta, the channel window zero-padded as PyTorch pads it.
static at::Tensor localResponseNorm(const at::Tensor& input, int64_t size, double alpha, double beta, double k) {
  int64_t dim = input.dim();
  if (input.numel() == 0) return input;
  at::Tensor div = at::mul(input, input).unsqueeze(1);
  if (dim == 3) {
    div = at::constant_pad_nd(div, {0, 0, size / 2, (size - 1) / 2});
    div = at::avg_pool2d(div, {size, 1}, {1}).squeeze(1);
  } else {
    auto sizes = input.sizes().vec();
    div = div.view({sizes[0], 1, sizes[1], sizes[2], -1});
    div = at::constant_pad_nd(div, {0, 0, 0, 0, size / 2, (size - 1) / 2});
    div = at::avg_pool3d(div, {size, 1, 1}, {1}).squeeze(1);
    div = div.view(sizes);
  }
  div = at::pow(at::add(at::mul(div, alpha), k), beta);
  return at::div(input, div);
}

// F.lp_pool1d/2d: (sum over the window of x ** p) ** (1 / p), from avg_pool of x ** p times the
// window's size (negative window sums zeroed by sign * relu(abs), as PyTorch does).
static at::Tensor lpPool(const at::Tensor& input, const at::Scalar& normType, std::vector<int64_t> kernel,
                         std::vector<int64_t> stride, bool ceilMode) {
  at::Tensor p = at::pow(input, normType);
  at::Tensor out = kernel.size() == 1 ? at::avg_pool1d(p, kernel, stride, {0}, ceilMode)
                                      : at::avg_pool2d(p, kernel, stride, {0}, ceilMode);
  int64_t n = 1;
  for (int64_t k : kernel) n *= k;
  return at::pow(at::mul(at::mul(at::sign(out), at::relu(at::abs(out))), n), 1.0 / normType.toDouble());
}

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
  // ---- more activations
  // (x, threshold, value)
  def(e, "threshold", [](Args& a) -> Napi::Value { return a.ret(at::threshold(a.t(0), a.scalar(1), a.scalar(2))); });
  def(e, "threshold_", [](Args& a) -> Napi::Value {
    at::threshold_(a.t(0), a.scalar(1), a.scalar(2));
    return a.none();
  });
  // (x, dim)
  def(e, "glu", [](Args& a) -> Napi::Value { return a.ret(at::glu(a.t(0), a.i64(1))); });
  // (x, lambd)
  def(e, "hardshrink", [](Args& a) -> Napi::Value { return a.ret(at::hardshrink(a.t(0), a.scalar(1))); });
  def(e, "softshrink", [](Args& a) -> Napi::Value { return a.ret(at::softshrink(a.t(0), a.scalar(1))); });
  // (x, dim, dtype?): F.softmin is (-x).softmax(dim, dtype).
  def(e, "softmin", [](Args& a) -> Napi::Value {
    return a.ret(at::softmax(at::neg(a.t(0)), a.i64(1), a.has(2) ? a.dtype(2) : c10::nullopt));
  });
  // (x, lower, upper, training): slopes drawn from the default generator, as PyTorch's.
  def(e, "rrelu", [](Args& a) -> Napi::Value { return a.ret(at::rrelu(a.t(0), a.scalar(1), a.scalar(2), a.b(3))); });
  def(e, "rrelu_", [](Args& a) -> Napi::Value {
    at::rrelu_(a.t(0), a.scalar(1), a.scalar(2), a.b(3));
    return a.none();
  });

  // ---- more layers
  // (x1, x2, weight, bias?)
  def(e, "bilinear", [](Args& a) -> Napi::Value { return a.ret(at::bilinear(a.t(0), a.t(1), a.t(2), a.opt(3))); });
  // (x, size, alpha, beta, k)
  def(e, "localResponseNorm",
      [](Args& a) -> Napi::Value { return a.ret(localResponseNorm(a.t(0), a.i64(1), a.num(2), a.num(3), a.num(4))); });
  // (x, p, training)
  def(e, "alphaDropout", [](Args& a) -> Napi::Value { return a.ret(at::alpha_dropout(a.t(0), a.num(1), a.b(2))); });
  def(e, "alphaDropout_", [](Args& a) -> Napi::Value {
    at::alpha_dropout_(a.t(0), a.num(1), a.b(2));
    return a.none();
  });
  def(e, "featureAlphaDropout",
      [](Args& a) -> Napi::Value { return a.ret(at::feature_alpha_dropout(a.t(0), a.num(1), a.b(2))); });
  def(e, "featureAlphaDropout_", [](Args& a) -> Napi::Value {
    at::feature_alpha_dropout_(a.t(0), a.num(1), a.b(2));
    return a.none();
  });
  // (x, {kernelSize, dilation, padding, stride}) and (x, {outputSize, kernelSize, dilation, padding, stride})
  def(e, "im2col", [](Args& a) -> Napi::Value {
    Options o = a.obj(1);
    return a.ret(at::im2col(a.t(0), o.ints("kernelSize"), o.ints("dilation"), o.ints("padding"), o.ints("stride")));
  });
  def(e, "col2im", [](Args& a) -> Napi::Value {
    Options o = a.obj(1);
    return a.ret(at::col2im(a.t(0), o.ints("outputSize"), o.ints("kernelSize"), o.ints("dilation"), o.ints("padding"),
                            o.ints("stride")));
  });
  // (x, groups)
  def(e, "channelShuffle", [](Args& a) -> Napi::Value { return a.ret(at::channel_shuffle(a.t(0), a.i64(1))); });
  // (x, normType, kernelSize, stride ([] for the kernel size), ceilMode)
  def(e, "lpPool",
      [](Args& a) -> Napi::Value { return a.ret(lpPool(a.t(0), a.scalar(1), a.ints(2), a.ints(3), a.b(4))); });
  // (x, outputSize) -> [output, indices]
  def(e, "adaptiveMaxPool1d",
      [](Args& a) -> Napi::Value { return a.ret(pairOfTensors(at::adaptive_max_pool1d(a.t(0), a.ints(1)))); });
  def(e, "adaptiveMaxPool3d",
      [](Args& a) -> Napi::Value { return a.ret(pairOfTensors(at::adaptive_max_pool3d(a.t(0), a.ints(1)))); });
  // (x, indices, outputSize, stride, padding)
  def(e, "maxUnpool3d",
      [](Args& a) -> Napi::Value { return a.ret(at::max_unpool3d(a.t(0), a.t(1), a.ints(2), a.ints(3), a.ints(4))); });
  // (weight, indices, offsets, {scaleGradByFreq, mode, sparse, perSampleWeights?, includeLastOffset, paddingIdx?}):
  // the bags' reductions (the first of ATen's four results).
  def(e, "embeddingBag", [](Args& a) -> Napi::Value {
    Options o = a.obj(3);
    c10::optional<int64_t> paddingIdx;
    if (o.has("paddingIdx")) paddingIdx = o.i64("paddingIdx");
    auto r = at::embedding_bag(a.t(0), a.t(1), a.t(2), o.b("scaleGradByFreq"), o.i64("mode"), o.b("sparse"),
                               o.opt("perSampleWeights"), o.b("includeLastOffset"), paddingIdx);
    return a.ret(std::get<0>(r));
  });
  def(e, "adaptiveAvgPool1d", [](Args& a) -> Napi::Value { return a.ret(at::adaptive_avg_pool1d(a.t(0), a.ints(1))); });
  def(e, "adaptiveAvgPool3d", [](Args& a) -> Napi::Value { return a.ret(at::adaptive_avg_pool3d(a.t(0), a.ints(1))); });
  // F.fractional_max_pool2d/3d: (input, kernel, outputSize, randomSamples) -> [out, indices]
  def(e, "fractionalMaxPool2d", [](Args& a) -> Napi::Value {
    auto r = at::fractional_max_pool2d(a.t(0), a.ints(1), a.ints(2), a.t(3));
    return a.ret(std::vector<at::Tensor>{std::get<0>(r), std::get<1>(r)});
  });
  def(e, "fractionalMaxPool3d", [](Args& a) -> Napi::Value {
    auto r = at::fractional_max_pool3d(a.t(0), a.ints(1), a.ints(2), a.t(3));
    return a.ret(std::vector<at::Tensor>{std::get<0>(r), std::get<1>(r)});
  });
}

}  // namespace torchts
