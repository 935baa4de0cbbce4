// rnn area: the recurrent kernels nn.RNN/LSTM/GRU and their cells call (PyTorch's _VF.lstm, _VF.gru,
// _VF.rnn_tanh/relu and the *_cell functions), over ATen's own implementations.
#include "common.h"

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
}  // namespace

void InitRnn(Napi::Object e) {
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
