// rnn area: the recurrent kernels nn.RNN/LSTM/GRU and their cells call (PyTorch's _VF.lstm, _VF.gru,
// _VF.rnn_tanh/relu and the *_cell functions), over ATen's own implementations.
#include "common.h"
#include <set>

namespace torchts {

namespace {
struct RnnOptions {
  bool hasBiases, train, bidirectional, batchFirst;
  int64_t numLayers;
  double dropout;
};
RnnOptions rnnOptions(const Options& o) {
  return {o.b("hasBiases"),  o.b("train"),       o.b("bidirectional"),
          o.b("batchFirst"), o.i64("numLayers"), o.num("dropout")};
}

// torch.backends.cudnn.is_acceptable: cuDNN on and present, a CUDA tensor of a type cuDNN takes.
bool cudnnAcceptable(const at::Tensor& t) {
  const auto d = t.scalar_type();
  return at::globalContext().userEnabledCuDNN() && t.is_cuda() &&
         (d == at::kHalf || d == at::kFloat || d == at::kDouble) && at::Context::hasCuDNN();
}
}  // namespace

namespace {
void InitFlatten(Napi::Object e) {
  // RNNBase.flatten_parameters: (flatWeights, {numWeights, inputSize, mode (cuDNN's: 0 RNN_RELU, 1 RNN_TANH,
  // 2 LSTM, 3 GRU), hiddenSize, projSize, numLayers, batchFirst, bidirectional}) -> whether the weights now
  // live in one cuDNN buffer (in place, the same tensors). PyTorch's conditions; a no-op off CUDA.
  def(e, "rnnFlattenWeights", [](Args& a) -> Napi::Value {
    auto ws = a.tensors(0);
    Options o = a.obj(1);
    auto no = [&] {
      return Napi::Boolean::New(a.env(), false);
    };
    if (ws.empty()) return no();
    std::set<const void*> ptrs;
    for (const auto& w : ws) {
      if (!w.defined() || w.scalar_type() != ws[0].scalar_type() || !cudnnAcceptable(w)) return no();
      ptrs.insert(w.data_ptr());
    }
    if (ptrs.size() != ws.size() || !at::_use_cudnn_rnn_flatten_weight()) return no();
    at::NoGradGuard noGrad;
    c10::OptionalDeviceGuard guard(ws[0].device());
    at::_cudnn_rnn_flatten_weight(ws, o.i64("numWeights"), o.i64("inputSize"), o.i64("mode"), o.i64("hiddenSize"),
                                  o.i64("projSize"), o.i64("numLayers"), o.b("batchFirst"), o.b("bidirectional"));
    return Napi::Boolean::New(a.env(), true);
  });
}
}  // namespace

void InitRnn(Napi::Object e) {
  InitFlatten(e);
  // (input, [h0, c0], flatWeights, {hasBiases, numLayers, dropout, train, bidirectional, batchFirst})
  // -> [output, hN, cN]; projections are read from h0's size, as ATen does.
  def(e, "rnnLstm", [](Args& a) -> Napi::Value {
    auto o = rnnOptions(a.obj(3));
    auto r = at::lstm(a.t(0), a.tensors(1), a.tensors(2), o.hasBiases, o.numLayers, o.dropout, o.train, o.bidirectional,
                      o.batchFirst);
    return a.ret(std::vector<at::Tensor>{std::get<0>(r), std::get<1>(r), std::get<2>(r)});
  });
  // (input, h0, flatWeights, {..., mode: "gru" | "rnn_tanh" | "rnn_relu"}) -> [output, hN]
  def(e, "rnnGruOrSimple", [](Args& a) -> Napi::Value {
    Options opts = a.obj(3);
    auto o = rnnOptions(opts);
    const std::string mode = opts["mode"].str();
    const at::Tensor &x = a.t(0), &h = a.t(1);
    auto w = a.tensors(2);
    std::tuple<at::Tensor, at::Tensor> r;
    if (mode == "gru")
      r = at::gru(x, h, w, o.hasBiases, o.numLayers, o.dropout, o.train, o.bidirectional, o.batchFirst);
    else if (mode == "rnn_tanh")
      r = at::rnn_tanh(x, h, w, o.hasBiases, o.numLayers, o.dropout, o.train, o.bidirectional, o.batchFirst);
    else if (mode == "rnn_relu")
      r = at::rnn_relu(x, h, w, o.hasBiases, o.numLayers, o.dropout, o.train, o.bidirectional, o.batchFirst);
    else
      throw std::runtime_error("unknown mode " + mode);
    return a.ret(std::vector<at::Tensor>{std::get<0>(r), std::get<1>(r)});
  });
  // Packed sequences: (data, batchSizes, [h0, c0], flatWeights, {...}) -> [output data, hN, cN]
  def(e, "rnnLstmPacked", [](Args& a) -> Napi::Value {
    auto o = rnnOptions(a.obj(4));
    auto r = at::lstm(a.t(0), a.t(1), a.tensors(2), a.tensors(3), o.hasBiases, o.numLayers, o.dropout, o.train,
                      o.bidirectional);
    return a.ret(std::vector<at::Tensor>{std::get<0>(r), std::get<1>(r), std::get<2>(r)});
  });
  // (data, batchSizes, h0, flatWeights, {..., mode}) -> [output data, hN]
  def(e, "rnnGruOrSimplePacked", [](Args& a) -> Napi::Value {
    Options opts = a.obj(4);
    auto o = rnnOptions(opts);
    const std::string mode = opts["mode"].str();
    const at::Tensor &x = a.t(0), &sizes = a.t(1), &h = a.t(2);
    auto w = a.tensors(3);
    std::tuple<at::Tensor, at::Tensor> r;
    if (mode == "gru")
      r = at::gru(x, sizes, h, w, o.hasBiases, o.numLayers, o.dropout, o.train, o.bidirectional);
    else if (mode == "rnn_tanh")
      r = at::rnn_tanh(x, sizes, h, w, o.hasBiases, o.numLayers, o.dropout, o.train, o.bidirectional);
    else if (mode == "rnn_relu")
      r = at::rnn_relu(x, sizes, h, w, o.hasBiases, o.numLayers, o.dropout, o.train, o.bidirectional);
    else
      throw std::runtime_error("unknown mode " + mode);
    return a.ret(std::vector<at::Tensor>{std::get<0>(r), std::get<1>(r)});
  });
  // torch.nn.utils.rnn's kernels: (input, lengths int64 CPU, batchFirst) -> [data, batchSizes]
  def(e, "packPaddedSequence", [](Args& a) -> Napi::Value {
    auto r = at::_pack_padded_sequence(a.t(0), a.t(1), a.b(2));
    return a.ret(std::vector<at::Tensor>{std::get<0>(r), std::get<1>(r)});
  });
  // (data, batchSizes, batchFirst, paddingValue, totalLength) -> [padded, lengths]
  def(e, "padPackedSequence", [](Args& a) -> Napi::Value {
    auto r = at::_pad_packed_sequence(a.t(0), a.t(1), a.b(2), a.scalar(3), a.i64(4));
    return a.ret(std::vector<at::Tensor>{std::get<0>(r), std::get<1>(r)});
  });
  // (tensors, batchFirst, paddingValue)
  def(e, "padSequence", [](Args& a) -> Napi::Value { return a.ret(at::pad_sequence(a.tensors(0), a.b(1), a.num(2))); });
  // (input, [h, c], wIh, wHh, bIh?, bHh?) -> [h', c']
  def(e, "lstmCell", [](Args& a) -> Napi::Value {
    auto r = at::lstm_cell(a.t(0), a.tensors(1), a.t(2), a.t(3), a.opt(4), a.opt(5));
    return a.ret(std::vector<at::Tensor>{std::get<0>(r), std::get<1>(r)});
  });
  // (input, h, wIh, wHh, bIh?, bHh?, mode: "gru" | "rnn_tanh" | "rnn_relu") -> h'
  def(e, "rnnCell", [](Args& a) -> Napi::Value {
    const std::string mode = a.str(6);
    if (mode == "gru") return a.ret(at::gru_cell(a.t(0), a.t(1), a.t(2), a.t(3), a.opt(4), a.opt(5)));
    if (mode == "rnn_tanh") return a.ret(at::rnn_tanh_cell(a.t(0), a.t(1), a.t(2), a.t(3), a.opt(4), a.opt(5)));
    if (mode == "rnn_relu") return a.ret(at::rnn_relu_cell(a.t(0), a.t(1), a.t(2), a.t(3), a.opt(4), a.opt(5)));
    throw std::runtime_error("Unknown nonlinearity: " + mode);
  });
}

}  // namespace torchts
