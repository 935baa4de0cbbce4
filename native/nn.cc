// nn area: the functional forms that nn modules call (PyTorch's torch.nn.functional over ATen).
#include "common.h"
#include <ATen/core/Reduction.h>

namespace torchts {

#define FN(name, ...) def(env, e, name, [](Args& a) -> Napi::Value { __VA_ARGS__ });

static at::Tensor padFor(const at::Tensor& x, const std::string& mode, const std::vector<int64_t>& pad) {
  if (mode == "reflect") return at::reflection_pad2d(x, pad);
  if (mode == "replicate") return at::replication_pad2d(x, pad);
  if (mode == "circular") return at::_pad_circular(x, pad);
  return at::constant_pad_nd(x, pad, 0);
}

void InitNN(Napi::Env env, Napi::Object e) {
  // (x, w, b?, stride[], padding[] | "same" | "valid", dilation[], groups)
  FN("conv2d", {
    if (a.info[4].IsString())
      return a.ret(at::conv2d(a.t(0), a.t(1), a.opt(2), a.ints(3), a.str(4), a.ints(5), a.i64(6)));
    return a.ret(at::conv2d(a.t(0), a.t(1), a.opt(2), a.ints(3), a.ints(4), a.ints(5), a.i64(6)));
  })
  FN("pad", return a.ret(padFor(a.t(0), a.str(1), a.ints(2)));)
  FN("linear", return a.ret(at::linear(a.t(0), a.t(1), a.opt(2)));)
  // (x, weight?, bias?, runningMean?, runningVar?, training, momentum, eps)
  FN("batchNorm", return a.ret(at::batch_norm(a.t(0), a.opt(1), a.opt(2), a.opt(3), a.opt(4), a.b(5), a.num(6), a.num(7),
                                              at::globalContext().userEnabledCuDNN()));)
  FN("maxPool2d", return a.ret(at::max_pool2d(a.t(0), a.ints(1), a.ints(2), a.ints(3), a.ints(4), a.b(5)));)
  FN("avgPool2d", return a.ret(at::avg_pool2d(a.t(0), a.ints(1), a.ints(2), a.ints(3), a.b(4), a.b(5)));)
  FN("relu", return a.ret(at::relu(a.t(0)));)
  FN("relu_", at::relu_(a.t(0)); return a.none();)
  FN("dropout", return a.ret(at::dropout(a.t(0), a.num(1), a.b(2)));)
  FN("dropout_", at::dropout_(a.t(0), a.num(1), a.b(2)); return a.none();)
  FN("logSoftmax", return a.ret(at::log_softmax(a.t(0), a.i64(1)));)
  FN("softmax", return a.ret(at::softmax(a.t(0), a.i64(1)));)
  // reduction: 0 none, 1 mean, 2 sum (at::Reduction)
  FN("nllLoss", return a.ret(at::nll_loss_nd(a.t(0), a.t(1), a.opt(2), a.i64(3), a.i64(4)));)
  FN("crossEntropy", return a.ret(at::cross_entropy_loss(a.t(0), a.t(1), a.opt(2), a.i64(3), a.i64(4), a.num(5)));)
  FN("mseLoss", return a.ret(at::mse_loss(a.t(0), a.t(1), a.i64(2)));)
}

}  // namespace torchts
