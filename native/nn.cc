// nn area: the functional forms that nn modules call (PyTorch's torch.nn.functional over ATen).
#include "common.h"
#include <ATen/core/Reduction.h>
#include <numeric>

namespace torchts {

static at::Tensor padFor(const at::Tensor& x, const std::string& mode, const std::vector<int64_t>& pad) {
  // 1D/3D padding (Conv1d/Conv3d padding modes) through at::pad, which picks the kernel by size.
  bool twoD = pad.size() == 4;
  if (mode == "reflect") return twoD ? at::reflection_pad2d(x, pad) : at::pad(x, pad, mode);
  if (mode == "replicate") return twoD ? at::replication_pad2d(x, pad) : at::pad(x, pad, mode);
  if (mode == "circular") return at::_pad_circular(x, pad);
  if (mode != "constant") {
    throw c10::NotImplementedError({__func__, __FILE__, __LINE__}, "Unrecognised padding mode " + mode);
  }
  return at::constant_pad_nd(x, pad, 0);
}

// conv1d/2d/3d by the number of spatial dims: (x, w, {bias?, stride, padding: number[] | "same" | "valid",
// dilation, groups}).
static at::Tensor convNd(Args& a, int dims) {
  Options o = a.obj(2);
  at::Tensor bias = o.opt("bias");
  auto stride = o.ints("stride"), dilation = o.ints("dilation");
  int64_t groups = o.i64("groups");
  Arg padding = o["padding"];
  const at::Tensor& x = a.t(0);
  const at::Tensor& w = a.t(1);
  if (padding.isString()) {
    std::string p = padding.str();
    if (dims == 1) return at::conv1d(x, w, bias, stride, p, dilation, groups);
    if (dims == 2) return at::conv2d(x, w, bias, stride, p, dilation, groups);
    return at::conv3d(x, w, bias, stride, p, dilation, groups);
  }
  auto p = padding.ints();
  if (dims == 1) return at::conv1d(x, w, bias, stride, p, dilation, groups);
  if (dims == 2) return at::conv2d(x, w, bias, stride, p, dilation, groups);
  return at::conv3d(x, w, bias, stride, p, dilation, groups);
}

// conv_transpose1d/2d/3d: (x, w, {bias?, stride, padding, outputPadding, groups, dilation}).
static at::Tensor convTransposeNd(Args& a, int dims) {
  Options o = a.obj(2);
  at::Tensor bias = o.opt("bias");
  auto stride = o.ints("stride"), padding = o.ints("padding"), outputPadding = o.ints("outputPadding");
  auto dilation = o.ints("dilation");
  int64_t groups = o.i64("groups");
  const at::Tensor& x = a.t(0);
  const at::Tensor& w = a.t(1);
  if (dims == 1) return at::conv_transpose1d(x, w, bias, stride, padding, outputPadding, groups, dilation);
  if (dims == 2) return at::conv_transpose2d(x, w, bias, stride, padding, outputPadding, groups, dilation);
  return at::conv_transpose3d(x, w, bias, stride, padding, outputPadding, groups, dilation);
}

static std::vector<at::Tensor> pairOf(std::tuple<at::Tensor, at::Tensor> r) {
  return {std::move(std::get<0>(r)), std::move(std::get<1>(r))};
}

void InitNNLayers(Napi::Object e);  // native/nn_layers.cc

void InitNN(Napi::Object e) {
  InitNNLayers(e);
  // (x, w, {bias?, stride, padding: number[] | "same" | "valid", dilation, groups})
  def(e, "conv2d", [](Args& a) -> Napi::Value {
    Options o = a.obj(2);
    at::Tensor bias = o.opt("bias");
    auto stride = o.ints("stride"), dilation = o.ints("dilation");
    int64_t groups = o.i64("groups");
    Arg padding = o["padding"];
    if (padding.isString()) return a.ret(at::conv2d(a.t(0), a.t(1), bias, stride, padding.str(), dilation, groups));
    return a.ret(at::conv2d(a.t(0), a.t(1), bias, stride, padding.ints(), dilation, groups));
  });
  def(e, "linear", [](Args& a) -> Napi::Value { return a.ret(at::linear(a.t(0), a.t(1), a.opt(2))); });
  // (x, {weight?, bias?, runningMean?, runningVar?, training, momentum, eps})
  def(e, "batchNorm", [](Args& a) -> Napi::Value {
    Options o = a.obj(1);
    return a.ret(at::batch_norm(a.t(0), o.opt("weight"), o.opt("bias"), o.opt("runningMean"), o.opt("runningVar"),
                                o.b("training"), o.num("momentum"), o.num("eps"),
                                at::globalContext().userEnabledCuDNN()));
  });
  // (x, {kernelSize, stride, padding, dilation, ceilMode})
  def(e, "maxPool2d", [](Args& a) -> Napi::Value {
    Options o = a.obj(1);
    return a.ret(at::max_pool2d(a.t(0), o.ints("kernelSize"), o.ints("stride"), o.ints("padding"), o.ints("dilation"),
                                o.b("ceilMode")));
  });
  // (x, {kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride?})
  def(e, "avgPool2d", [](Args& a) -> Napi::Value {
    Options o = a.obj(1);
    c10::optional<int64_t> divisor;
    if (o.has("divisorOverride")) divisor = o.i64("divisorOverride");
    return a.ret(at::avg_pool2d(a.t(0), o.ints("kernelSize"), o.ints("stride"), o.ints("padding"), o.b("ceilMode"),
                                o.b("countIncludePad"), divisor));
  });
  def(e, "conv1d", [](Args& a) -> Napi::Value { return a.ret(convNd(a, 1)); });
  def(e, "conv3d", [](Args& a) -> Napi::Value { return a.ret(convNd(a, 3)); });
  def(e, "convTranspose1d", [](Args& a) -> Napi::Value { return a.ret(convTransposeNd(a, 1)); });
  def(e, "convTranspose2d", [](Args& a) -> Napi::Value { return a.ret(convTransposeNd(a, 2)); });
  def(e, "convTranspose3d", [](Args& a) -> Napi::Value { return a.ret(convTransposeNd(a, 3)); });
  // (x, {kernelSize, stride, padding, dilation, ceilMode}) -> [output, indices]
  def(e, "maxPool2dWithIndices", [](Args& a) -> Napi::Value {
    Options o = a.obj(1);
    return a.ret(pairOf(at::max_pool2d_with_indices(a.t(0), o.ints("kernelSize"), o.ints("stride"), o.ints("padding"),
                                                    o.ints("dilation"), o.b("ceilMode"))));
  });
  // (x, indices, outputSize [H, W])
  def(e, "maxUnpool2d", [](Args& a) -> Napi::Value { return a.ret(at::max_unpool2d(a.t(0), a.t(1), a.ints(2))); });
  def(e, "adaptiveAvgPool2d", [](Args& a) -> Napi::Value { return a.ret(at::adaptive_avg_pool2d(a.t(0), a.ints(1))); });
  // (x, outputSize) -> [output, indices]
  def(e, "adaptiveMaxPool2d",
      [](Args& a) -> Napi::Value { return a.ret(pairOf(at::adaptive_max_pool2d(a.t(0), a.ints(1)))); });
  // (x, normalizedShape, {weight?, bias?, eps})
  def(e, "layerNorm", [](Args& a) -> Napi::Value {
    Options o = a.obj(2);
    return a.ret(at::layer_norm(a.t(0), a.ints(1), o.opt("weight"), o.opt("bias"), o.num("eps"),
                                at::globalContext().userEnabledCuDNN()));
  });
  // (x, numGroups, {weight?, bias?, eps})
  def(e, "groupNorm", [](Args& a) -> Napi::Value {
    Options o = a.obj(2);
    return a.ret(at::group_norm(a.t(0), a.i64(1), o.opt("weight"), o.opt("bias"), o.num("eps"),
                                at::globalContext().userEnabledCuDNN()));
  });
  // (x, {weight?, bias?, runningMean?, runningVar?, useInputStats, momentum, eps})
  def(e, "instanceNorm", [](Args& a) -> Napi::Value {
    Options o = a.obj(1);
    return a.ret(at::instance_norm(a.t(0), o.opt("weight"), o.opt("bias"), o.opt("runningMean"), o.opt("runningVar"),
                                   o.b("useInputStats"), o.num("momentum"), o.num("eps"),
                                   at::globalContext().userEnabledCuDNN()));
  });
  // (weight, indices, {paddingIdx, scaleGradByFreq, sparse})
  def(e, "embedding", [](Args& a) -> Napi::Value {
    Options o = a.obj(2);
    return a.ret(at::embedding(a.t(0), a.t(1), o.i64("paddingIdx"), o.b("scaleGradByFreq"), o.b("sparse")));
  });
  // (weight, indices, maxNorm, normType): rows of weight that indices names rescaled in place to maxNorm.
  def(e, "embeddingRenorm_", [](Args& a) -> Napi::Value {
    at::NoGradGuard noGrad;
    at::embedding_renorm_(a.t(0), a.t(1), a.num(2), a.num(3));
    return a.none();
  });
  def(e, "leakyRelu", [](Args& a) -> Napi::Value { return a.ret(at::leaky_relu(a.t(0), a.num(1))); });
  def(e, "leakyRelu_", [](Args& a) -> Napi::Value {
    at::leaky_relu_(a.t(0), a.num(1));
    return a.none();
  });
  def(e, "gelu", [](Args& a) -> Napi::Value { return a.ret(at::gelu(a.t(0), a.str(1))); });
  def(e, "silu", [](Args& a) -> Napi::Value { return a.ret(at::silu(a.t(0))); });
  def(e, "silu_", [](Args& a) -> Napi::Value {
    at::silu_(a.t(0));
    return a.none();
  });
  // Dropout of whole channels (PyTorch's _VF.feature_dropout), for Dropout2d/3d.
  def(e, "featureDropout", [](Args& a) -> Napi::Value { return a.ret(at::feature_dropout(a.t(0), a.num(1), a.b(2))); });
  def(e, "featureDropout_", [](Args& a) -> Napi::Value {
    at::feature_dropout_(a.t(0), a.num(1), a.b(2));
    return a.none();
  });
  // (input, target, {weight?, posWeight?, reduction})
  def(e, "binaryCrossEntropyWithLogits", [](Args& a) -> Napi::Value {
    Options o = a.obj(2);
    return a.ret(
        at::binary_cross_entropy_with_logits(a.t(0), a.t(1), o.opt("weight"), o.opt("posWeight"), o.i64("reduction")));
  });
  def(e, "relu", [](Args& a) -> Napi::Value { return a.ret(at::relu(a.t(0))); });
  def(e, "relu_", [](Args& a) -> Napi::Value {
    at::relu_(a.t(0));
    return a.none();
  });
  def(e, "dropout", [](Args& a) -> Napi::Value { return a.ret(at::dropout(a.t(0), a.num(1), a.b(2))); });
  def(e, "dropout_", [](Args& a) -> Napi::Value {
    at::dropout_(a.t(0), a.num(1), a.b(2));
    return a.none();
  });
  def(e, "logSoftmax", [](Args& a) -> Napi::Value { return a.ret(at::log_softmax(a.t(0), a.i64(1))); });
  def(e, "softmax", [](Args& a) -> Napi::Value { return a.ret(at::softmax(a.t(0), a.i64(1))); });
  // Losses take reduction as at::Reduction: 0 none, 1 mean, 2 sum.
  // (input, target, {weight?, reduction, ignoreIndex})
  def(e, "nllLoss", [](Args& a) -> Napi::Value {
    Options o = a.obj(2);
    return a.ret(at::nll_loss_nd(a.t(0), a.t(1), o.opt("weight"), o.i64("reduction"), o.i64("ignoreIndex")));
  });
  // (input, target, {weight?, reduction, ignoreIndex, labelSmoothing})
  def(e, "crossEntropy", [](Args& a) -> Napi::Value {
    Options o = a.obj(2);
    return a.ret(at::cross_entropy_loss(a.t(0), a.t(1), o.opt("weight"), o.i64("reduction"), o.i64("ignoreIndex"),
                                        o.num("labelSmoothing")));
  });
  def(e, "mseLoss", [](Args& a) -> Napi::Value { return a.ret(at::mse_loss(a.t(0), a.t(1), a.i64(2))); });
  // (grads[], maxNorm, normType, nonfiniteMessage?) -> total norm; torch.nn.utils.clip_grad_norm_ op for op.
  def(e, "clipGradNorm", [](Args& a) -> Napi::Value {
    auto grads = a.tensors(0);
    double maxNorm = a.num(1), normType = a.num(2);
    at::NoGradGuard noGrad;
    if (grads.empty()) return a.ret(at::scalar_tensor(0., at::TensorOptions().dtype(at::kFloat)));
    at::Device device = grads[0].device();
    std::vector<at::Tensor> norms;
    at::Tensor total;
    // torch.norm(x, p) in PyTorch 1.13 is _VF.norm(x, p, dim=range(x.dim())).
    auto norm = [normType](const at::Tensor& x) {
      std::vector<int64_t> dims(x.dim());
      std::iota(dims.begin(), dims.end(), 0);
      return at::norm(x, normType, dims, false);
    };
    if (std::isinf(normType) && normType > 0) {
      for (auto& g : grads) norms.push_back(g.detach().abs().max().to(device));
      total = norms.size() == 1 ? norms[0] : at::max(at::stack(norms));
    } else {
      for (auto& g : grads) norms.push_back(norm(g.detach()).to(device));
      total = norm(at::stack(norms));
    }
    if (a.has(3) && at::logical_or(total.isnan(), total.isinf()).item<bool>()) throw std::runtime_error(a.str(3));
    // Python's `max_norm / (total_norm + 1e-6)` is (total_norm + 1e-6).reciprocal() * max_norm.
    at::Tensor coef = at::clamp(total.add(1e-6).reciprocal().mul(maxNorm), c10::nullopt, 1.0);
    for (auto& g : grads) g.detach().mul_(coef.to(g.device()));
    return a.ret(total);
  });
}

}  // namespace torchts
