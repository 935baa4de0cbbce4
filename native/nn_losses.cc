// nn area, continued: the margin, ranking, embedding, Poisson/Gaussian NLL and CTC losses of
// torch.nn.functional, each the ATen op PyTorch's Python front end calls; where that front end is
// itself a short tensor program (multilabel_soft_margin_loss, gaussian_nll_loss) its steps run here
// in ATen. Reductions are at::Reduction codes (0 none, 1 mean, 2 sum).
#include "common.h"

namespace torchts {

static at::Tensor reduce(const at::Tensor& loss, int64_t reduction) {
  if (reduction == at::Reduction::Mean) return loss.mean();
  if (reduction == at::Reduction::Sum) return loss.sum();
  return loss;
}

// A length list of F.ctc_loss: a tensor, or (a JS array, PyTorch's tuple) a list of ints.
static bool isList(const Arg& v) {
  return v.value().IsArray();
}

void InitNNLosses(Napi::Object e) {
  // (input1, input2, target, margin, reduction)
  def(e, "marginRankingLoss", [](Args& a) -> Napi::Value {
    return a.ret(at::margin_ranking_loss(a.t(0), a.t(1), a.t(2), a.num(3), a.i64(4)));
  });
  // (input, target, margin, reduction)
  def(e, "hingeEmbeddingLoss",
      [](Args& a) -> Napi::Value { return a.ret(at::hinge_embedding_loss(a.t(0), a.t(1), a.num(2), a.i64(3))); });
  // (input, target, reduction)
  def(e, "softMarginLoss",
      [](Args& a) -> Napi::Value { return a.ret(at::soft_margin_loss(a.t(0), a.t(1), a.i64(2))); });
  def(e, "multilabelMarginLoss",
      [](Args& a) -> Napi::Value { return a.ret(at::multilabel_margin_loss(a.t(0), a.t(1), a.i64(2))); });
  // (input1, input2, target, margin, reduction)
  def(e, "cosineEmbeddingLoss", [](Args& a) -> Napi::Value {
    return a.ret(at::cosine_embedding_loss(a.t(0), a.t(1), a.t(2), a.num(3), a.i64(4)));
  });
  // (anchor, positive, negative, {margin, p, eps, swap, reduction})
  def(e, "tripletMarginLoss", [](Args& a) -> Napi::Value {
    Options o = a.obj(3);
    return a.ret(at::triplet_margin_loss(a.t(0), a.t(1), a.t(2), o.num("margin"), o.num("p"), o.num("eps"), o.b("swap"),
                                         o.i64("reduction")));
  });
  // (input, target, {weight?, reduction}): PyTorch's Python formula, in ATen.
  def(e, "multilabelSoftMarginLoss", [](Args& a) -> Napi::Value {
    Options o = a.obj(2);
    const at::Tensor& input = a.t(0);
    const at::Tensor& target = a.t(1);
    at::Tensor loss = at::neg(at::add(at::mul(target, at::log_sigmoid(input)),
                                      at::mul(at::rsub(target, 1), at::log_sigmoid(at::neg(input)))));
    at::Tensor weight = o.opt("weight");
    if (weight.defined()) loss = at::mul(loss, weight);
    int64_t classDim = input.dim() - 1;
    loss = at::div(loss.sum(classDim), input.size(classDim));
    return a.ret(reduce(loss, o.i64("reduction")));
  });
  // (input, target, {p, margin, weight?, reduction})
  def(e, "multiMarginLoss", [](Args& a) -> Napi::Value {
    Options o = a.obj(2);
    return a.ret(at::multi_margin_loss(a.t(0), a.t(1), o["p"].scalar(), o["margin"].scalar(), o.opt("weight"),
                                       o.i64("reduction")));
  });
  // (input, target, {logInput, full, eps, reduction})
  def(e, "poissonNllLoss", [](Args& a) -> Napi::Value {
    Options o = a.obj(2);
    return a.ret(at::poisson_nll_loss(a.t(0), a.t(1), o.b("logInput"), o.b("full"), o.num("eps"), o.i64("reduction")));
  });
  // (input, target, var, {full, eps, reduction, unsqueeze}): var's sizes already checked (unsqueeze: var is
  // one dimension short of the input); a negative var is PyTorch's ValueError.
  def(e, "gaussianNllLoss", [](Args& a) -> Napi::Value {
    Options o = a.obj(3);
    at::Tensor var = a.t(2);
    if (o.b("unsqueeze")) var = var.unsqueeze(-1);
    if (at::any(at::lt(var, 0)).item<bool>())
      throw c10::ValueError({__func__, __FILE__, __LINE__}, "var has negative entry/entries");
    var = var.clone();
    {
      at::NoGradGuard noGrad;
      var.clamp_min_(o.num("eps"));
    }
    at::Tensor loss = at::mul(at::add(at::log(var), at::div(at::pow(at::sub(a.t(0), a.t(1)), 2), var)), 0.5);
    if (o.b("full")) loss.add_(0.5 * std::log(2 * M_PI));
    return a.ret(reduce(loss, o.i64("reduction")));
  });
  // (logProbs, targets, inputLengths, targetLengths, {blank, reduction, zeroInfinity}); the lengths are
  // tensors or lists of ints.
  def(e, "ctcLoss", [](Args& a) -> Napi::Value {
    Options o = a.obj(4);
    int64_t blank = o.i64("blank"), reduction = o.i64("reduction");
    bool zeroInfinity = o.b("zeroInfinity");
    if (isList(a[2]) && isList(a[3])) {
      return a.ret(at::ctc_loss(a.t(0), a.t(1), a.ints(2), a.ints(3), blank, reduction, zeroInfinity));
    }
    at::Tensor il = isList(a[2]) ? at::tensor(a.ints(2), at::kLong) : a.t(2);
    at::Tensor tl = isList(a[3]) ? at::tensor(a.ints(3), at::kLong) : a.t(3);
    return a.ret(at::ctc_loss(a.t(0), a.t(1), il, tl, blank, reduction, zeroInfinity));
  });
}

}  // namespace torchts
