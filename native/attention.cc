// attention area: the fused inference kernels nn.MultiheadAttention and nn.TransformerEncoderLayer take
// in PyTorch's fast path (ATen's _native_multi_head_attention, _transformer_encoder_layer_fwd).
#include "common.h"

namespace torchts {

namespace {
c10::optional<int64_t> maskType(int64_t t) {
  return t < 0 ? c10::nullopt : c10::optional<int64_t>(t);
}
}  // namespace

void InitAttention(Napi::Object e) {
  // Self-attention: (x, embedDim, numHeads, qkvWeight, qkvBias?, projWeight, projBias?, mask?, needWeights,
  // averageAttnWeights, maskType (-1: none, 0: attn_mask, 1: key_padding_mask)) -> [output, weights]
  def(e, "nativeMultiHeadAttention", [](Args& a) -> Napi::Value {
    const at::Tensor& x = a.t(0);
    at::Tensor mask = a.opt(7);
    auto r = at::_native_multi_head_attention(x, x, x, a.i64(1), a.i64(2), a.t(3), a.opt(4), a.t(5), a.opt(6),
                                              mask.defined() ? c10::optional<at::Tensor>(mask) : c10::nullopt, a.b(8),
                                              a.b(9), maskType(a.i64(10)));
    // Without needWeights the kernel returns no weights (None in Python): only the output comes back.
    if (!std::get<1>(r).defined()) return a.ret(std::vector<at::Tensor>{std::get<0>(r)});
    return a.ret(std::vector<at::Tensor>{std::get<0>(r), std::get<1>(r)});
  });
  // The encoder layer's fused kernel: (src, [12 weights in the kernel's order], {embedDim, numHeads, useGelu},
  // {normFirst, eps}, mask?, maskType) -> output
  def(e, "transformerEncoderLayerFwd", [](Args& a) -> Napi::Value {
    auto w = a.tensors(1);
    Options head = a.obj(2), norm = a.obj(3);
    at::Tensor mask = a.opt(4);
    return a.ret(at::_transformer_encoder_layer_fwd(
        a.t(0), head.i64("embedDim"), head.i64("numHeads"), w[0], w[1], w[2], w[3], head.b("useGelu"),
        norm.b("normFirst"), norm.num("eps"), w[4], w[5], w[6], w[7], w[8], w[9], w[10], w[11],
        mask.defined() ? c10::optional<at::Tensor>(mask) : c10::nullopt, maskType(a.i64(5))));
  });
  // (src, keep mask): whether the kept positions are left-aligned (TransformerEncoder's mask_check)
  def(e, "nestedMaskLeftAligned", [](Args& a) -> Napi::Value {
    return Napi::Boolean::New(a.env(), at::_nested_tensor_from_mask_left_aligned(a.t(0), a.t(1)));
  });
  // TransformerEncoder's inference path for padded batches: the kept positions as a nested tensor through
  // every layer's fused kernel, then padded back with zeros. (src, keep, weights (12 per layer),
  // embedDims, numHeads, useGelu, normFirst (0/1 per layer), eps per layer)
  def(e, "transformerEncoderNested", [](Args& a) -> Napi::Value {
    auto w = a.tensors(2);
    auto embed = a.ints(3), heads = a.ints(4), gelu = a.ints(5), normFirst = a.ints(6);
    auto eps = a[7].doubles();
    at::Tensor x = at::_nested_tensor_from_mask(a.t(0), a.t(1), false);
    for (size_t l = 0; l < embed.size(); l++) {
      const at::Tensor* p = &w[12 * l];
      x = at::_transformer_encoder_layer_fwd(x, embed[l], heads[l], p[0], p[1], p[2], p[3], gelu[l] != 0,
                                             normFirst[l] != 0, eps[l], p[4], p[5], p[6], p[7], p[8], p[9], p[10],
                                             p[11], c10::nullopt, c10::nullopt);
    }
    return a.ret(x.to_padded_tensor(0.0));
  });
}

}  // namespace torchts
