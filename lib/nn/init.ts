// torch.nn.init, with Python's arithmetic order so that seeded initial weights are bit-identical.

import { noGrad } from "../autograd";
import { empty, eye, randperm, tensor } from "../creation";
import { ValueError } from "../errors";
import { qr } from "../linalg";
import { tidy } from "../memory";
import type { Tensor } from "../tensor";

/**
 * The fan-in and fan-out of a weight: `size(1)` and `size(0)` times the receptive field (the product of the other sizes).
 */
export function calculateFanInAndFanOut(t: Tensor): [number, number] {
  const shape = t.shape;
  if (shape.length < 2)
    throw new ValueError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions");
  let receptive = 1;
  for (const s of shape.slice(2)) receptive *= s;
  return [shape[1] * receptive, shape[0] * receptive];
}

/**
 * nn.init.calculate_gain: the recommended gain for an activation ("linear", "conv2d", "sigmoid", "tanh",
 * "relu", "leaky_relu" with negative slope `param`, "selu").
 */
export function calculateGain(nonlinearity: string, param?: number | null): number {
  switch (nonlinearity) {
    case "linear":
    case "conv1d":
    case "conv2d":
    case "conv3d":
    case "conv_transpose1d":
    case "conv_transpose2d":
    case "conv_transpose3d":
    case "sigmoid":
      return 1;
    case "tanh":
      return 5.0 / 3;
    case "relu":
      return Math.sqrt(2.0);
    case "leaky_relu": {
      if (param !== undefined && param !== null && typeof param !== "number")
        throw new ValueError(`negative_slope ${pyValue(param)} not a valid number`);
      const slope = param ?? 0.01;
      return Math.sqrt(2.0 / (1 + slope ** 2));
    }
    case "selu":
      return 3.0 / 4;
    default:
      throw new ValueError(`Unsupported nonlinearity ${nonlinearity}`);
  }
}

// How Python prints a bad argument in its messages (True, [1], {'a': 'b'}).
function pyValue(v: unknown): string {
  if (typeof v === "boolean") return v ? "True" : "False";
  if (Array.isArray(v)) return `[${v.map(pyValue).join(", ")}]`;
  if (typeof v === "string") return `'${v}'`;
  if (v && typeof v === "object")
    return `{${Object.entries(v)
      .map(([k, x]) => `'${k}': ${pyValue(x)}`)
      .join(", ")}}`;
  return String(v);
}

// PyTorch warns and returns when kaiming_* meets a tensor with a zero-sized dimension.
function zeroElementNoOp(t: Tensor): boolean {
  if (!t.shape.includes(0)) return false;
  process.emitWarning("Initializing zero-element tensors is a no-op", "UserWarning");
  return true;
}

/** Fills `t` in place with samples from U(a, b) without recording autograd; returns `t`. */
export function uniform_(t: Tensor, a = 0, b = 1): Tensor {
  return noGrad(() => t.uniform_(a, b));
}
/** Fills `t` in place with samples from N(mean, std²) without recording autograd; returns `t`. */
export function normal_(t: Tensor, mean = 0, std = 1): Tensor {
  return noGrad(() => t.normal_(mean, std));
}
/** Fills `t` with 0 in place; returns `t`. */
export function zeros_(t: Tensor): Tensor {
  return noGrad(() => t.zero_());
}
/** Fills `t` with 1 in place; returns `t`. */
export function ones_(t: Tensor): Tensor {
  return noGrad(() => t.fill_(1));
}
/** Fills `t` with `v` in place; returns `t`. */
export function constant_(t: Tensor, v: number): Tensor {
  return noGrad(() => t.fill_(v));
}

/**
 * nn.init.kaiming_uniform_: He initialization, U(-bound, bound) with `bound = gain * sqrt(3 / fan)`.
 *
 * @param t - the weight (at least 2-d).
 * @param a - the negative slope of the leaky ReLU that follows (default 0).
 * @param mode - "fan_in" (default) keeps the forward variance, "fan_out" the backward one.
 * @param nonlinearity - the activation, as for {@link calculateGain} (default "leaky_relu").
 */
export function kaimingUniform_(
  t: Tensor,
  a = 0,
  mode: "fan_in" | "fan_out" = "fan_in",
  nonlinearity = "leaky_relu",
): Tensor {
  if (zeroElementNoOp(t)) return t;
  const bound = Math.sqrt(3.0) * kaimingStd(t, a, mode, nonlinearity);
  return uniform_(t, -bound, bound);
}

// He initialization's standard deviation, gain / sqrt(fan), shared by the uniform and normal forms.
function kaimingStd(t: Tensor, a: number, mode: "fan_in" | "fan_out", nonlinearity: string): number {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  return calculateGain(nonlinearity, a) / Math.sqrt(mode === "fan_in" ? fanIn : fanOut);
}

/** nn.init.xavier_uniform_: Glorot initialization, U(-a, a) with `a = gain * sqrt(6 / (fanIn + fanOut))`. */
export function xavierUniform_(t: Tensor, gain = 1): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  const std = gain * Math.sqrt(2.0 / (fanIn + fanOut));
  const a = Math.sqrt(3.0) * std;
  return uniform_(t, -a, a);
}

/**
 * nn.init.kaiming_normal_: He initialization, N(0, std²) with `std = gain / sqrt(fan)`.
 *
 * @param t - the weight (at least 2-d).
 * @param a - the negative slope of the leaky ReLU that follows (default 0).
 * @param mode - "fan_in" (default) or "fan_out".
 * @param nonlinearity - the activation, as for {@link calculateGain} (default "leaky_relu").
 */
export function kaimingNormal_(
  t: Tensor,
  a = 0,
  mode: "fan_in" | "fan_out" = "fan_in",
  nonlinearity = "leaky_relu",
): Tensor {
  if (zeroElementNoOp(t)) return t;
  return normal_(t, 0, kaimingStd(t, a, mode, nonlinearity));
}

/** nn.init.xavier_normal_: Glorot initialization, N(0, std²) with `std = gain * sqrt(2 / (fanIn + fanOut))`. */
export function xavierNormal_(t: Tensor, gain = 1): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  return normal_(t, 0, gain * Math.sqrt(2.0 / (fanIn + fanOut)));
}

/** nn.init.eye_: the identity in a 2-d tensor (ones on the diagonal), in place; returns `t`. */
export function eye_(t: Tensor): Tensor {
  if (t.dim() !== 2) throw new ValueError("Only tensors with 2 dimensions are supported");
  return noGrad(() => {
    const id = eye(t.size(0), t.size(1), { dtype: t.dtype, device: t.device });
    t.copy_(id);
    id.dispose();
    return t;
  });
}

// Python's math.erf on a double, computed by libtorch's erf in float64.
function erf(x: number): number {
  return tidy(() => tensor(x, { dtype: "float64" }).erf().item() as number);
}

/**
 * nn.init.trunc_normal_: samples from N(mean, std²) truncated to [a, b], by inverse CDF (uniform in
 * the truncated CDF range, then erfinv), as PyTorch does; in place, returns `t`.
 */
export function truncNormal_(t: Tensor, mean = 0, std = 1, a = -2, b = 2): Tensor {
  const normCdf = (x: number) => (1 + erf(x / Math.sqrt(2))) / 2;
  if (mean < a - 2 * std || mean > b + 2 * std)
    process.emitWarning(
      "mean is more than 2 std from [a, b] in nn.init.trunc_normal_. The distribution of values may be incorrect.",
      "UserWarning",
    );
  return noGrad(() => {
    const l = normCdf((a - mean) / std);
    const u = normCdf((b - mean) / std);
    t.uniform_(2 * l - 1, 2 * u - 1);
    t.erfinv_();
    t.mul_(std * Math.sqrt(2));
    t.add_(mean);
    t.clamp_(a, b);
    return t;
  });
}

/**
 * nn.init.orthogonal_: a (semi-)orthogonal matrix from the QR factorization of a normal sample, with
 * R's diagonal signs folded into Q (uniform over orthogonal matrices), times `gain`; dims past the
 * first are flattened. In place, returns `t`.
 */
export function orthogonal_(t: Tensor, gain = 1): Tensor {
  if (t.dim() < 2) throw new ValueError("Only tensors with 2 or more dimensions are supported");
  if (t.numel() === 0) return t;
  const rows = t.size(0);
  const cols = t.numel() / rows;
  return noGrad(() =>
    tidy(() => {
      let flattened = empty([rows, cols], { dtype: t.dtype, device: t.device }).normal_(0, 1);
      if (rows < cols) flattened = flattened.t();
      let [q, r] = qr(flattened);
      q = q.mul(r.diag(0).sign());
      if (rows < cols) q = q.t();
      t.viewAs(q).copy_(q);
      t.mul_(gain);
      return t;
    }),
  );
}

/**
 * nn.init.dirac_: the identity for a 3/4/5-d convolution weight (each output channel passes its input
 * channel through the kernel's centre), per group when `groups` > 1. In place, returns `t`.
 */
export function dirac_(t: Tensor, groups = 1): Tensor {
  const dims = t.dim();
  if (dims < 3 || dims > 5) throw new ValueError("Only tensors with 3, 4, or 5 dimensions are supported");
  const sizes = t.shape;
  if (sizes[0]! % groups !== 0) throw new ValueError("dim 0 must be divisible by groups");
  const perGroup = sizes[0]! / groups;
  const minDim = Math.min(perGroup, sizes[1]!);
  return noGrad(() => {
    t.zero_();
    const centre = sizes.slice(2).map((s) => Math.floor(s / 2));
    for (let g = 0; g < groups; g++) for (let d = 0; d < minDim; d++) t.indexPut_([g * perGroup + d, d, ...centre], 1);
    return t;
  });
}

/**
 * nn.init.sparse_: a 2-d weight from N(0, std²) with ceil(sparsity * rows) entries of each column set to
 * zero (rows chosen by randperm, as PyTorch). In place, returns `t`.
 */
export function sparse_(t: Tensor, sparsity: number, std = 0.01): Tensor {
  if (t.dim() !== 2) throw new ValueError("Only tensors with 2 dimensions are supported");
  const [rows, cols] = t.shape as [number, number];
  const numZeros = Math.ceil(sparsity * rows);
  return noGrad(() => {
    t.normal_(0, std);
    for (let c = 0; c < cols; c++)
      tidy(() => {
        const zeroRows = randperm(rows).narrow(0, 0, numZeros);
        t.indexPut_([zeroRows, c], 0);
      });
    return t;
  });
}

/**
 * Linear's and Conv's reset_parameters: kaiming_uniform_(a=sqrt(5)) on the weight, then the bias
 * uniform in +-1/sqrt(fan_in). Conv skips the bias when fan_in is 0; Linear draws it with bound 0.
 */
export function resetWeightAndBias(weight: Tensor, bias: Tensor | null, skipBiasWhenNoFanIn: boolean): void {
  kaimingUniform_(weight, Math.sqrt(5));
  if (!bias) return;
  const [fanIn] = calculateFanInAndFanOut(weight);
  if (fanIn === 0 && skipBiasWhenNoFanIn) return;
  const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  uniform_(bias, -bound, bound);
}
