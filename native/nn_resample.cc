// nn area, continued (registered from InitNNLayers): resampling and the shape and distance layers of
// torch.nn.functional. interpolate calls the upsample_* overloads that take (output_size?, scale_factors?),
// the ones PyTorch's Python front end calls, so ATen computes the output size and passes the scales on to
// the kernel as it does there; pad is at::pad (every mode, PyTorch's own checks and messages).
#include "common.h"

namespace torchts {

namespace {

// (x, {mode, size?, scales?, alignCorners, antialias}): F.interpolate's kernel for `mode` and x.dim(),
// chosen (and the combination checked) in TypeScript as PyTorch's Python code does.
at::Tensor interpolate(Args& a) {
  Options o = a.obj(1);
  const at::Tensor& x = a.t(0);
  const std::string mode = o["mode"].str();
  std::vector<int64_t> size;
  std::vector<double> scales;
  at::OptionalIntArrayRef outputSize;
  c10::optional<at::ArrayRef<double>> scaleFactors;
  if (o.has("size")) {
    size = o.ints("size");
    outputSize = at::IntArrayRef(size);
  }
  if (o.has("scales")) {
    scales = o.doubles("scales");
    scaleFactors = at::ArrayRef<double>(scales);
  }
  const bool alignCorners = o.b("alignCorners");
  const bool antialias = o.b("antialias");
  const int64_t d = x.dim();
  if (mode == "nearest") {
    if (d == 3) return at::upsample_nearest1d(x, outputSize, scaleFactors);
    if (d == 4) return at::upsample_nearest2d(x, outputSize, scaleFactors);
    if (d == 5) return at::upsample_nearest3d(x, outputSize, scaleFactors);
  } else if (mode == "nearest-exact") {
    if (d == 3) return at::_upsample_nearest_exact1d(x, outputSize, scaleFactors);
    if (d == 4) return at::_upsample_nearest_exact2d(x, outputSize, scaleFactors);
    if (d == 5) return at::_upsample_nearest_exact3d(x, outputSize, scaleFactors);
  } else if (mode == "linear" && d == 3) {
    return at::upsample_linear1d(x, outputSize, alignCorners, scaleFactors);
  } else if (mode == "bilinear" && d == 4) {
    return antialias ? at::_upsample_bilinear2d_aa(x, outputSize, alignCorners, scaleFactors)
                     : at::upsample_bilinear2d(x, outputSize, alignCorners, scaleFactors);
  } else if (mode == "bicubic" && d == 4) {
    return antialias ? at::_upsample_bicubic2d_aa(x, outputSize, alignCorners, scaleFactors)
                     : at::upsample_bicubic2d(x, outputSize, alignCorners, scaleFactors);
  } else if (mode == "trilinear" && d == 5) {
    return at::upsample_trilinear3d(x, outputSize, alignCorners, scaleFactors);
  }
  throw std::invalid_argument("interpolate: no kernel for mode '" + mode + "' and a " + std::to_string(d) + "-D input");
}

}  // namespace

void InitNNResample(Napi::Object e) {
  def(e, "interpolate", [](Args& a) -> Napi::Value { return a.ret(interpolate(a)); });
  // (x, pad, mode, value?): torch._C._nn.pad, which F.pad is in PyTorch 1.13.
  def(e, "padNd", [](Args& a) -> Napi::Value {
    c10::optional<double> value;
    if (a.has(3)) value = a.num(3);
    return a.ret(at::pad(a.t(0), a.ints(1), a.str(2), value));
  });
  // (input, grid, mode 0 bilinear / 1 nearest / 2 bicubic, padding 0 zeros / 1 border / 2 reflection, alignCorners)
  def(e, "gridSample",
      [](Args& a) -> Napi::Value { return a.ret(at::grid_sampler(a.t(0), a.t(1), a.i64(2), a.i64(3), a.b(4))); });
  // (theta, size, alignCorners)
  def(e, "affineGrid",
      [](Args& a) -> Napi::Value { return a.ret(at::affine_grid_generator(a.t(0), a.ints(1), a.b(2))); });
  def(e, "pixelShuffle", [](Args& a) -> Napi::Value { return a.ret(at::pixel_shuffle(a.t(0), a.i64(1))); });
  def(e, "pixelUnshuffle", [](Args& a) -> Napi::Value { return a.ret(at::pixel_unshuffle(a.t(0), a.i64(1))); });
  // (x1, x2, dim, eps)
  def(e, "cosineSimilarity",
      [](Args& a) -> Napi::Value { return a.ret(at::cosine_similarity(a.t(0), a.t(1), a.i64(2), a.num(3))); });
  // (x1, x2, p, eps, keepdim)
  def(e, "pairwiseDistance",
      [](Args& a) -> Napi::Value { return a.ret(at::pairwise_distance(a.t(0), a.t(1), a.num(2), a.num(3), a.b(4))); });
  // (x, dim, sizes): Tensor.unflatten (nn.Unflatten's forward).
  def(e, "unflatten", [](Args& a) -> Napi::Value { return a.ret(a.t(0).unflatten(a.i64(1), a.ints(2))); });
}

}  // namespace torchts
