// tensor ops beyond the core set in tensor.cc: more pointwise math, scans and reductions, selection
// (topk, sort order, unique, nonzero), scatter/index updates, shape utilities and a few torch.*
// functions (einsum, cdist, one_hot, bincount, searchsorted). Each entry calls one ATen function.
#include "common.h"

namespace torchts {

namespace {
c10::optional<int64_t> optInt(Args& a, size_t i) {
  return a.has(i) ? c10::optional<int64_t>(a.i64(i)) : c10::nullopt;
}
c10::optional<double> optNum(const Options& o, const char* key) {
  return o.has(key) ? c10::optional<double>(o.num(key)) : c10::nullopt;
}
Napi::Value pairOf(Args& a, const std::tuple<at::Tensor, at::Tensor>& r) {
  return a.ret(std::vector<at::Tensor>{std::get<0>(r), std::get<1>(r)});
}

void initPointwise(Napi::Object e) {
  def(e, "log1p", [](Args& a) -> Napi::Value { return a.ret(at::log1p(a.t(0))); });
  def(e, "expm1", [](Args& a) -> Napi::Value { return a.ret(at::expm1(a.t(0))); });
  def(e, "log2", [](Args& a) -> Napi::Value { return a.ret(at::log2(a.t(0))); });
  def(e, "log10", [](Args& a) -> Napi::Value { return a.ret(at::log10(a.t(0))); });
  def(e, "tan", [](Args& a) -> Napi::Value { return a.ret(at::tan(a.t(0))); });
  def(e, "sinh", [](Args& a) -> Napi::Value { return a.ret(at::sinh(a.t(0))); });
  def(e, "cosh", [](Args& a) -> Napi::Value { return a.ret(at::cosh(a.t(0))); });
  def(e, "asin", [](Args& a) -> Napi::Value { return a.ret(at::asin(a.t(0))); });
  def(e, "acos", [](Args& a) -> Napi::Value { return a.ret(at::acos(a.t(0))); });
  def(e, "atan", [](Args& a) -> Napi::Value { return a.ret(at::atan(a.t(0))); });
  def(e, "trunc", [](Args& a) -> Napi::Value { return a.ret(at::trunc(a.t(0))); });
  def(e, "frac", [](Args& a) -> Napi::Value { return a.ret(at::frac(a.t(0))); });
  def(e, "square", [](Args& a) -> Napi::Value { return a.ret(at::square(a.t(0))); });
  def(e, "isinf", [](Args& a) -> Napi::Value { return a.ret(at::isinf(a.t(0))); });
  def(e, "isfinite", [](Args& a) -> Napi::Value { return a.ret(at::isfinite(a.t(0))); });
  def(e, "bitwiseNot", [](Args& a) -> Napi::Value { return a.ret(at::bitwise_not(a.t(0))); });
  def(e, "lgamma", [](Args& a) -> Napi::Value { return a.ret(at::lgamma(a.t(0))); });
  def(e, "digamma", [](Args& a) -> Napi::Value { return a.ret(at::digamma(a.t(0))); });
  // (t, {nan, posinf, neginf}) each optional
  def(e, "nanToNum", [](Args& a) -> Napi::Value {
    Options o = a.obj(1);
    return a.ret(at::nan_to_num(a.t(0), optNum(o, "nan"), optNum(o, "posinf"), optNum(o, "neginf")));
  });
  def(e, "atan2", [](Args& a) -> Napi::Value { return a.ret(at::atan2(a.t(0), a.t(1))); });
  defBinary(e, "fmod", "fmodS", [](const at::Tensor& x, const auto& y) { return at::fmod(x, y); });
  defBinary(e, "floorDivide", "floorDivideS",
            [](const at::Tensor& x, const auto& y) { return at::floor_divide(x, y); });
  defBinary(e, "bitwiseAnd", "bitwiseAndS", [](const at::Tensor& x, const auto& y) { return at::bitwise_and(x, y); });
  defBinary(e, "bitwiseOr", "bitwiseOrS", [](const at::Tensor& x, const auto& y) { return at::bitwise_or(x, y); });
  defBinary(e, "bitwiseXor", "bitwiseXorS", [](const at::Tensor& x, const auto& y) { return at::bitwise_xor(x, y); });
  def(e, "logicalAnd", [](Args& a) -> Napi::Value { return a.ret(at::logical_and(a.t(0), a.t(1))); });
  def(e, "logicalXor", [](Args& a) -> Napi::Value { return a.ret(at::logical_xor(a.t(0), a.t(1))); });
  // (a, b, rtol, atol, equalNan)
  def(e, "isclose",
      [](Args& a) -> Napi::Value { return a.ret(at::isclose(a.t(0), a.t(1), a.num(2), a.num(3), a.b(4))); });
  // (start, end, weight): a tensor weight / a number weight (handles are numbers too, hence two entries)
  def(e, "lerp", [](Args& a) -> Napi::Value { return a.ret(at::lerp(a.t(0), a.t(1), a.t(2))); });
  def(e, "lerpS", [](Args& a) -> Napi::Value { return a.ret(at::lerp(a.t(0), a.t(1), a.scalar(2))); });
  // (self, t1, t2, value)
  def(e, "addcmul", [](Args& a) -> Napi::Value { return a.ret(at::addcmul(a.t(0), a.t(1), a.t(2), a.scalar(3))); });
  def(e, "addcdiv", [](Args& a) -> Napi::Value { return a.ret(at::addcdiv(a.t(0), a.t(1), a.t(2), a.scalar(3))); });
  def(e, "dot", [](Args& a) -> Napi::Value { return a.ret(at::dot(a.t(0), a.t(1))); });
  def(e, "mv", [](Args& a) -> Napi::Value { return a.ret(at::mv(a.t(0), a.t(1))); });
  def(e, "outer", [](Args& a) -> Napi::Value { return a.ret(at::outer(a.t(0), a.t(1))); });
  // (a, b, dim | undefined)
  def(e, "cross", [](Args& a) -> Napi::Value { return a.ret(at::cross(a.t(0), a.t(1), optInt(a, 2))); });
}

void initReductions(Napi::Object e) {
  // (t, dim, dtype)
  def(e, "cumsum", [](Args& a) -> Napi::Value { return a.ret(at::cumsum(a.t(0), a.i64(1), a.dtype(2))); });
  def(e, "cumprod", [](Args& a) -> Napi::Value { return a.ret(at::cumprod(a.t(0), a.i64(1), a.dtype(2))); });
  // (t, dim) -> [values, indices]
  def(e, "cummax", [](Args& a) -> Napi::Value { return pairOf(a, at::cummax(a.t(0), a.i64(1))); });
  def(e, "cummin", [](Args& a) -> Napi::Value { return pairOf(a, at::cummin(a.t(0), a.i64(1))); });
  // (t, dims, keepdim)
  def(e, "logsumexp", [](Args& a) -> Napi::Value { return a.ret(at::logsumexp(a.t(0), a.ints(1), a.b(2))); });
  def(e, "amax", [](Args& a) -> Napi::Value { return a.ret(at::amax(a.t(0), a.ints(1), a.b(2))); });
  def(e, "amin", [](Args& a) -> Napi::Value { return a.ret(at::amin(a.t(0), a.ints(1), a.b(2))); });
  // (t, dim | undefined, keepdim)
  def(e, "any",
      [](Args& a) -> Napi::Value { return a.ret(a.has(1) ? at::any(a.t(0), a.i64(1), a.b(2)) : at::any(a.t(0))); });
  def(e, "all",
      [](Args& a) -> Napi::Value { return a.ret(a.has(1) ? at::all(a.t(0), a.i64(1), a.b(2)) : at::all(a.t(0))); });
  // (t, p, dims, keepdim, dtype): torch.norm with a number p (_VF.norm over `dims`)
  def(e, "normP", [](Args& a) -> Napi::Value {
    auto dt = a.dtype(4);
    if (dt) return a.ret(at::norm(a.t(0), a.scalar(1), a.ints(2), a.b(3), *dt));
    return a.ret(at::norm(a.t(0), a.scalar(1), a.ints(2), a.b(3)));
  });
  // (t, dims, keepdim): p="fro" (dims empty: the whole tensor, as torch.norm passes it)
  // nuclearNorm(t, dims | undefined, keepdim): torch.norm(p="nuc"), over the last two dims or `dims`.
  def(e, "nuclearNorm", [](Args& a) -> Napi::Value {
    return a.ret(a.has(1) ? at::nuclear_norm(a.t(0), a.ints(1), a.b(2)) : at::nuclear_norm(a.t(0), a.b(2)));
  });
  def(e, "frobeniusNorm", [](Args& a) -> Napi::Value { return a.ret(at::frobenius_norm(a.t(0), a.ints(1), a.b(2))); });
  // (t) | (t, dim, keepdim) -> value | [values, indices]
  def(e, "median", [](Args& a) -> Napi::Value {
    if (!a.has(1)) return a.ret(at::median(a.t(0)));
    return pairOf(a, at::median(a.t(0), a.i64(1), a.b(2)));
  });
  def(e, "countNonzero", [](Args& a) -> Napi::Value {
    return a.ret(a.has(1) ? at::count_nonzero(a.t(0), a.ints(1)) : at::count_nonzero(a.t(0)));
  });
}

void initSelection(Napi::Object e) {
  // (t, k, dim, largest, sorted) -> [values, indices]
  def(e, "topk",
      [](Args& a) -> Napi::Value { return pairOf(a, at::topk(a.t(0), a.i64(1), a.i64(2), a.b(3), a.b(4))); });
  // (t, k, dim, keepdim) -> [values, indices]
  def(e, "kthvalue",
      [](Args& a) -> Napi::Value { return pairOf(a, at::kthvalue(a.t(0), a.i64(1), a.i64(2), a.b(3))); });
  // (t, dim, descending, stable)
  def(e, "argsort", [](Args& a) -> Napi::Value {
    if (a.b(3)) return a.ret(at::argsort(a.t(0), true, a.i64(1), a.b(2)));
    return a.ret(at::argsort(a.t(0), a.i64(1), a.b(2)));
  });
  def(e, "nonzero", [](Args& a) -> Napi::Value { return a.ret(at::nonzero(a.t(0))); });
  def(e, "nonzeroTuple", [](Args& a) -> Napi::Value { return a.ret(at::nonzero_numpy(a.t(0))); });
  def(e, "maskedSelect", [](Args& a) -> Napi::Value { return a.ret(at::masked_select(a.t(0), a.t(1))); });
  // (t, {sorted, returnInverse, returnCounts, dim?}) -> [output, inverse, counts]
  def(e, "unique", [](Args& a) -> Napi::Value {
    Options o = a.obj(1);
    auto r = o.has("dim")
                 ? at::unique_dim(a.t(0), o.i64("dim"), o.b("sorted"), o.b("returnInverse"), o.b("returnCounts"))
                 : at::_unique2(a.t(0), o.b("sorted"), o.b("returnInverse"), o.b("returnCounts"));
    return a.ret(std::vector<at::Tensor>{std::get<0>(r), std::get<1>(r), std::get<2>(r)});
  });
  def(e, "take", [](Args& a) -> Napi::Value { return a.ret(at::take(a.t(0), a.t(1))); });
  // (t, dim, index, source, alpha), in place
  def(e, "indexAdd_", [](Args& a) -> Napi::Value {
    a.t(0).index_add_(a.i64(1), a.t(2), a.t(3), a.scalar(4));
    return a.none();
  });
  def(e, "indexCopy_", [](Args& a) -> Napi::Value {
    a.t(0).index_copy_(a.i64(1), a.t(2), a.t(3));
    return a.none();
  });
  // (t, dim, index, src), in place / a copy
  def(e, "scatterAdd_", [](Args& a) -> Napi::Value {
    a.t(0).scatter_add_(a.i64(1), a.t(2), a.t(3));
    return a.none();
  });
  def(e, "scatterAdd", [](Args& a) -> Napi::Value { return a.ret(at::scatter_add(a.t(0), a.i64(1), a.t(2), a.t(3))); });
  // (t, dim, index, src tensor) / (t, dim, index, value)
  def(e, "scatter", [](Args& a) -> Napi::Value { return a.ret(at::scatter(a.t(0), a.i64(1), a.t(2), a.t(3))); });
  def(e, "scatterS", [](Args& a) -> Napi::Value { return a.ret(at::scatter(a.t(0), a.i64(1), a.t(2), a.scalar(3))); });
}

void initShape(Napi::Object e) {
  // (t, size | sizes, dim): an int splits into equal chunks, a list gives each size
  def(e, "split", [](Args& a) -> Napi::Value {
    if (a[1].value().IsNumber()) return a.ret(at::split(a.t(0), a.i64(1), a.i64(2)));
    return a.ret(at::split_with_sizes(a.t(0), a.ints(1), a.i64(2)));
  });
  def(e, "unbind", [](Args& a) -> Napi::Value { return a.ret(at::unbind(a.t(0), a.i64(1))); });
  def(e, "tile", [](Args& a) -> Napi::Value { return a.ret(at::tile(a.t(0), a.ints(1))); });
  // (t, shifts, dims)
  def(e, "roll", [](Args& a) -> Napi::Value { return a.ret(at::roll(a.t(0), a.ints(1), a.ints(2))); });
  def(e, "movedim", [](Args& a) -> Napi::Value { return a.ret(at::movedim(a.t(0), a.ints(1), a.ints(2))); });
  // (t, offset, dim1, dim2)
  def(e, "diagonal", [](Args& a) -> Napi::Value { return a.ret(at::diagonal(a.t(0), a.i64(1), a.i64(2), a.i64(3))); });
  def(e, "trace", [](Args& a) -> Napi::Value { return a.ret(at::trace(a.t(0))); });
  // (t, repeats, dim | undefined): a number of repeats / a tensor of them
  def(e, "repeatInterleave",
      [](Args& a) -> Napi::Value { return a.ret(at::repeat_interleave(a.t(0), a.i64(1), optInt(a, 2))); });
  def(e, "repeatInterleaveT",
      [](Args& a) -> Napi::Value { return a.ret(at::repeat_interleave(a.t(0), a.t(1), optInt(a, 2))); });
}

void initMore(Napi::Object e) {
  // (t, mat1, mat2, beta, alpha) / (t, mat, vec, beta, alpha)
  def(e, "addmm",
      [](Args& a) -> Napi::Value { return a.ret(at::addmm(a.t(0), a.t(1), a.t(2), a.scalar(3), a.scalar(4))); });
  def(e, "addmv",
      [](Args& a) -> Napi::Value { return a.ret(at::addmv(a.t(0), a.t(1), a.t(2), a.scalar(3), a.scalar(4))); });
  // (cond, t, value): torch.where with a number as `other`
  def(e, "whereScalarOther", [](Args& a) -> Napi::Value { return a.ret(at::where(a.t(0), a.t(1), a.scalar(2))); });
  def(e, "exp2", [](Args& a) -> Napi::Value { return a.ret(at::exp2(a.t(0))); });
  def(e, "logaddexp", [](Args& a) -> Napi::Value { return a.ret(at::logaddexp(a.t(0), a.t(1))); });
  def(e, "argwhere", [](Args& a) -> Napi::Value { return a.ret(at::argwhere(a.t(0))); });
  // (t, k, dims)
  def(e, "rot90", [](Args& a) -> Napi::Value { return a.ret(at::rot90(a.t(0), a.i64(1), a.ints(2))); });
  // Tensor.unfold: (t, dim, size, step)
  def(e, "unfold", [](Args& a) -> Napi::Value { return a.ret(a.t(0).unfold(a.i64(1), a.i64(2), a.i64(3))); });
  def(e, "sigmoid_", [](Args& a) -> Napi::Value {
    a.t(0).sigmoid_();
    return a.none();
  });
  def(e, "tanh_", [](Args& a) -> Napi::Value {
    a.t(0).tanh_();
    return a.none();
  });
  def(e, "floor_", [](Args& a) -> Napi::Value {
    a.t(0).floor_();
    return a.none();
  });
  def(e, "elementSize",
      [](Args& a) -> Napi::Value { return Napi::Number::New(a.env(), static_cast<double>(a.t(0).element_size())); });
}

void initStatistics(Napi::Object e) {
  // (t, q number | q tensor, dim | undefined, keepdim, interpolation)
  def(e, "quantile",
      [](Args& a) -> Napi::Value { return a.ret(at::quantile(a.t(0), a.num(1), optInt(a, 2), a.b(3), a.str(4))); });
  def(e, "quantileT",
      [](Args& a) -> Napi::Value { return a.ret(at::quantile(a.t(0), a.t(1), optInt(a, 2), a.b(3), a.str(4))); });
  def(e, "nanquantile",
      [](Args& a) -> Napi::Value { return a.ret(at::nanquantile(a.t(0), a.num(1), optInt(a, 2), a.b(3), a.str(4))); });
  def(e, "nanquantileT",
      [](Args& a) -> Napi::Value { return a.ret(at::nanquantile(a.t(0), a.t(1), optInt(a, 2), a.b(3), a.str(4))); });
  // (t, dims | undefined, keepdim, dtype)
  def(e, "nansum", [](Args& a) -> Napi::Value {
    auto dims = a.has(1) ? a.ints(1) : std::vector<int64_t>{};
    return a.ret(at::nansum(a.t(0), dims, a.b(2), a.dtype(3)));
  });
  def(e, "nanmean", [](Args& a) -> Napi::Value {
    if (!a.has(1)) return a.ret(at::nanmean(a.t(0), c10::nullopt, a.b(2), a.dtype(3)));
    auto dims = a.ints(1);
    return a.ret(at::nanmean(a.t(0), at::IntArrayRef(dims), a.b(2), a.dtype(3)));
  });
  // (t, dims | undefined, unbiased, keepdim) -> [var|std, mean]
  def(e, "varMean", [](Args& a) -> Napi::Value {
    if (!a.has(1)) return pairOf(a, at::var_mean(a.t(0), c10::nullopt, a.b(2), a.b(3)));
    auto dims = a.ints(1);
    return pairOf(a, at::var_mean(a.t(0), at::IntArrayRef(dims), a.b(2), a.b(3)));
  });
  def(e, "stdMean", [](Args& a) -> Napi::Value {
    if (!a.has(1)) return pairOf(a, at::std_mean(a.t(0), c10::nullopt, a.b(2), a.b(3)));
    auto dims = a.ints(1);
    return pairOf(a, at::std_mean(a.t(0), at::IntArrayRef(dims), a.b(2), a.b(3)));
  });
  // (t, dim, keepdim) -> [values, indices]
  def(e, "mode", [](Args& a) -> Napi::Value { return pairOf(a, at::mode(a.t(0), a.i64(1), a.b(2))); });
  // (t, n, dim, prepend | undefined, append | undefined)
  def(e, "diff", [](Args& a) -> Napi::Value {
    c10::optional<at::Tensor> pre, post;
    if (a.has(3)) pre = a.t(3);
    if (a.has(4)) post = a.t(4);
    return a.ret(at::diff(a.t(0), a.i64(1), a.i64(2), pre, post));
  });
  def(e, "logcumsumexp", [](Args& a) -> Napi::Value { return a.ret(at::logcumsumexp(a.t(0), a.i64(1))); });
  // (t, correction, fweights | undefined, aweights | undefined)
  def(e, "cov", [](Args& a) -> Napi::Value {
    c10::optional<at::Tensor> fw, aw;
    if (a.has(2)) fw = a.t(2);
    if (a.has(3)) aw = a.t(3);
    return a.ret(at::cov(a.t(0), a.i64(1), fw, aw));
  });
  def(e, "corrcoef", [](Args& a) -> Napi::Value { return a.ret(at::corrcoef(a.t(0))); });
}

void initFactories(Napi::Object e) {
  // ({start, end, steps, base?, dtype?, device?})
  def(e, "linspace", [](Args& a) -> Napi::Value {
    FactoryGuard g;
    Options o = a.obj(0);
    return a.ret(at::linspace(o["start"].scalar(), o["end"].scalar(), o.i64("steps"), o.options("dtype", "device")));
  });
  def(e, "logspace", [](Args& a) -> Napi::Value {
    FactoryGuard g;
    Options o = a.obj(0);
    return a.ret(at::logspace(o["start"].scalar(), o["end"].scalar(), o.i64("steps"), o.num("base"),
                              o.options("dtype", "device")));
  });
  // (row, col, offset, dtype, device)
  def(e, "trilIndices",
      [](Args& a) -> Napi::Value { return a.ret(at::tril_indices(a.i64(0), a.i64(1), a.i64(2), a.options(3, 4))); });
  def(e, "triuIndices",
      [](Args& a) -> Napi::Value { return a.ret(at::triu_indices(a.i64(0), a.i64(1), a.i64(2), a.options(3, 4))); });
  // (tensors, indexing "ij" | "xy")
  def(e, "meshgrid", [](Args& a) -> Napi::Value { return a.ret(at::meshgrid(a.tensors(0), a.str(1))); });
  def(e, "hstack", [](Args& a) -> Napi::Value { return a.ret(at::hstack(a.tensors(0))); });
  def(e, "vstack", [](Args& a) -> Napi::Value { return a.ret(at::vstack(a.tensors(0))); });
  def(e, "dstack", [](Args& a) -> Napi::Value { return a.ret(at::dstack(a.tensors(0))); });
  // In-place sampling from the default generator (torch.multinomial & co. go through lib/aten.ts).
  // (t, p): in place, each element 1 with probability p
  def(e, "bernoulli_", [](Args& a) -> Napi::Value {
    a.t(0).bernoulli_(a.num(1));
    return a.none();
  });
  def(e, "exponential_", [](Args& a) -> Napi::Value {
    a.t(0).exponential_(a.num(1));
    return a.none();
  });
}

void initFunctions(Napi::Object e) {
  // (equation, operands)
  def(e, "einsum", [](Args& a) -> Napi::Value { return a.ret(at::einsum(a.str(0), a.tensors(1))); });
  // (x1, x2, p)
  def(e, "cdist", [](Args& a) -> Napi::Value { return a.ret(at::cdist(a.t(0), a.t(1), a.num(2))); });
  // (t, numClasses)
  def(e, "oneHot", [](Args& a) -> Napi::Value { return a.ret(at::one_hot(a.t(0), a.i64(1))); });
  // (t, weights | undefined, minlength)
  def(e, "bincount", [](Args& a) -> Napi::Value {
    c10::optional<at::Tensor> w;
    if (a.has(1)) w = a.t(1);
    return a.ret(at::bincount(a.t(0), w, a.i64(2)));
  });
  // (input, boundaries, outInt32, right)
  def(e, "bucketize", [](Args& a) -> Napi::Value { return a.ret(at::bucketize(a.t(0), a.t(1), a.b(2), a.b(3))); });
  // (sortedSequence, values, outInt32, right)
  def(e, "searchsorted",
      [](Args& a) -> Napi::Value { return a.ret(at::searchsorted(a.t(0), a.t(1), a.b(2), a.b(3))); });
  // (t, bins, min, max)
  def(e, "histc", [](Args& a) -> Napi::Value { return a.ret(at::histc(a.t(0), a.i64(1), a.scalar(2), a.scalar(3))); });
}
}  // namespace

void InitTensorOps(Napi::Object e) {
  initPointwise(e);
  initReductions(e);
  initSelection(e);
  initShape(e);
  initMore(e);
  initFactories(e);
  initStatistics(e);
  initFunctions(e);
}

}  // namespace torchts
