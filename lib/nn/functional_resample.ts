// torch.nn.functional, continued: interpolate (and the deprecated upsample*), pad, pixel_shuffle,
// pixel_unshuffle, cosine_similarity and pairwise_distance. The argument handling and messages are
// PyTorch 1.13's (torch/nn/functional.py and the argument parser of the ATen bindings it calls); the
// computation is ATen's (native/nn_resample.cc). Re-exported by ./functional.

import { NotImplementedError, ValueError } from "../errors";
import { native } from "../native";
import { Tensor } from "../tensor";
import { bindArgs, checkKwargs as checkKwargsOf } from "../utils/kwargs";
import { pyFloat } from "../utils/pyrepr";
import { warn } from "../warnings";
import { Parameter } from "./parameter";

/** How a JS array reads in PyTorch's messages: a function's argument is a list, a module's attribute a tuple. */
export type SeqName = "list" | "tuple";

/** Python's `type(v).__name__` for a JS value. @internal */
export function pyTypeName(v: unknown, seq: SeqName = "list"): string {
  if (v === null || v === undefined) return "NoneType";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  if (typeof v === "string") return "str";
  if (Array.isArray(v)) return seq;
  if (v instanceof Parameter) return "Parameter";
  if (v instanceof Tensor) return "Tensor";
  if (v instanceof Map) return "OrderedDict";
  if (typeof v === "function") return "function";
  if (typeof v === "object") {
    const proto = Object.getPrototypeOf(v);
    if (proto === Object.prototype || proto === null) return "dict";
    return (v as object).constructor?.name ?? "object";
  }
  return typeof v;
}

/** Python's repr() of a plain value (numbers as floats with `floats`, arrays as `seq`). @internal */
export function pyRepr(v: unknown, seq: SeqName = "list", floats = false): string {
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return floats || !Number.isInteger(v) ? pyFloat(v) : String(v);
  if (typeof v === "string") return `'${v}'`;
  if (Array.isArray(v)) {
    const items = v.map((x) => pyRepr(x, seq, floats));
    if (seq === "list") return `[${items.join(", ")}]`;
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
  }
  return String(v);
}

/** Python's truth value of a plain value. @internal */
export function pyTruthy(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  if (typeof v === "string" || Array.isArray(v)) return v.length > 0;
  return true;
}

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);
const isOptions = (v: unknown): boolean =>
  v !== null &&
  typeof v === "object" &&
  !Array.isArray(v) &&
  (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/**
 * bindArgs, and where each argument came from: PyTorch's argument parser names the position of a
 * positional argument in its messages (" (position 3)") and not that of a keyword argument.
 */
function bindWithPositions(
  rest: readonly unknown[],
  names: readonly string[],
  fn: string,
  required: number,
): { o: Record<string, unknown>; at: (name: string) => string } {
  const o = bindArgs(rest, names, fn, required);
  const positional = isOptions(rest[rest.length - 1]) ? rest.length - 1 : rest.length;
  return {
    o,
    at: (name) => {
      const i = names.indexOf(name);
      return i >= 0 && i < positional && rest[i] !== undefined ? ` (position ${required + i + 1})` : "";
    },
  };
}

/** An ATen `Tensor` argument, with the argument parser's TypeError. */
function tensorArg(v: unknown, fn: string, name: string, pos: number): Tensor {
  if (!(v instanceof Tensor))
    throw new TypeError(`${fn}(): argument '${name}' (position ${pos}) must be Tensor, not ${pyTypeName(v)}`);
  return v;
}
/** An ATen `float` argument (a bool is one too); `at` is " (position N)" for a positional one. */
function floatArg(v: unknown, fn: string, name: string, at: string): number {
  if (typeof v === "boolean") return Number(v);
  if (typeof v !== "number")
    throw new TypeError(`${fn}(): argument '${name}'${at} must be float, not ${pyTypeName(v)}`);
  return v;
}
/** An ATen `int` argument (not a bool). */
function intArg(v: unknown, fn: string, name: string, at: string): number {
  if (!isInt(v)) throw new TypeError(`${fn}(): argument '${name}'${at} must be int, not ${pyTypeName(v)}`);
  return v;
}
/** An ATen `bool` argument. */
function boolArg(v: unknown, fn: string, name: string, at: string): boolean {
  if (typeof v !== "boolean")
    throw new TypeError(`${fn}(): argument '${name}'${at} must be bool, not ${pyTypeName(v)}`);
  return v;
}

/**
 * An ATen `int[]` argument as PyTorch's parser reads it: the first element decides whether the value is
 * a list of ints at all (`firstBad` builds that message); a later element that is not an int (a bool is
 * one there) is "found element of type ... at pos N".
 */
function intList(
  v: readonly unknown[],
  fn: string,
  name: string,
  kind: "ints" | "SymInts",
  firstBad: () => Error,
): number[] {
  if (v.length > 0 && !isInt(v[0])) throw firstBad();
  return v.map((x, i) => {
    if (isInt(x)) return x;
    if (typeof x === "boolean" && i > 0) return Number(x);
    throw new TypeError(
      `${fn}(): argument '${name}' must be tuple of ${kind}, but found element of type ${pyTypeName(x)} at pos ${i + 1}`,
    );
  });
}
/** An ATen `float[]` argument (ints and bools are floats there). */
function floatList(v: readonly unknown[], fn: string, name: string, firstBad: () => Error): number[] {
  const ok = (x: unknown) => typeof x === "number" || typeof x === "boolean";
  if (v.length > 0 && !ok(v[0])) throw firstBad();
  return v.map((x, i) => {
    if (ok(x)) return Number(x);
    throw new TypeError(
      `${fn}(): argument '${name}' must be tuple of floats, but found element of type ${pyTypeName(x)} at pos ${i + 1}`,
    );
  });
}

const warned = new Set<string>();
/** A UserWarning, once per message (Python's default filter shows a warning once per place). */
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  process.emitWarning(message, "UserWarning");
}

// ---- interpolate

/** F.interpolate's modes. */
export type InterpolateMode = "nearest" | "linear" | "bilinear" | "bicubic" | "trilinear" | "area" | "nearest-exact";

/** F.interpolate's options (PyTorch's keyword arguments). */
export interface InterpolateOptions {
  /** The output's spatial size: one int for every spatial dimension, or one per dimension. */
  size?: number | number[] | null;
  /** The multiplier of every spatial size (or one per dimension); exactly one of size and scaleFactor. */
  scaleFactor?: number | number[] | null;
  /** The algorithm (default "nearest"). */
  mode?: InterpolateMode;
  /**
   * linear, bilinear, bicubic and trilinear only: whether the corner pixels of input and output are
   * aligned (their centers map to each other) instead of their outer edges (default false).
   */
  alignCorners?: boolean | null;
  /**
   * With scaleFactor: compute the output size first and interpolate to it, as if it were given as size
   * (the kernel then derives the scale from the sizes); otherwise the kernel uses scaleFactor itself.
   */
  recomputeScaleFactor?: boolean | null;
  /** bilinear and bicubic on 4-D inputs: anti-aliased downsampling (as PIL). Default false. */
  antialias?: boolean;
}
const INTERPOLATE_ARGS = ["size", "scaleFactor", "mode", "alignCorners", "recomputeScaleFactor", "antialias"] as const;

const INTERPOLATE_KERNELS: Record<string, Record<number, string>> = {
  nearest: { 3: "upsample_nearest1d", 4: "upsample_nearest2d", 5: "upsample_nearest3d" },
  "nearest-exact": { 3: "_upsample_nearest_exact1d", 4: "_upsample_nearest_exact2d", 5: "_upsample_nearest_exact3d" },
  area: { 3: "adaptive_avg_pool1d", 4: "adaptive_avg_pool2d", 5: "adaptive_avg_pool3d" },
  linear: { 3: "upsample_linear1d" },
  bilinear: { 4: "upsample_bilinear2d" },
  bicubic: { 4: "upsample_bicubic2d" },
  trilinear: { 5: "upsample_trilinear3d" },
};
const MODE_DIMS: Record<string, number> = { linear: 3, bilinear: 4, trilinear: 5 };

/**
 * Down/up samples `input` ([N, C, L], [N, C, H, W] or [N, C, D, H, W]) to `size` or by `scaleFactor`, with
 * PyTorch 1.13's output-size computation, checks and messages. PyTorch's form:
 * interpolate(input, size=None, scale_factor=None, mode='nearest', align_corners=None,
 * recompute_scale_factor=None, antialias=False).
 *
 * Modes: "nearest" (PyTorch's legacy nearest, as OpenCV's INTER_NEAREST), "nearest-exact" (as PIL and
 * scikit-image), "linear" (3-D), "bilinear" and "bicubic" (4-D), "trilinear" (5-D), "area" (adaptive average
 * pooling to the output size).
 *
 * @example
 * ```ts
 * const x = torch.randn([1, 3, 8, 8]);
 * F.interpolate(x, { scaleFactor: 2, mode: "bilinear" }).shape; // [1, 3, 16, 16]
 * F.interpolate(x, [4, 6]); // nearest, to 4 x 6
 * ```
 */
export function interpolate(input: Tensor, o?: InterpolateOptions): Tensor;
export function interpolate(
  input: Tensor,
  /** The output's spatial size (an int for every spatial dimension, or one per dimension). */
  size?: number | number[] | null,
  /** The multiplier of every spatial size (or one per dimension). */
  scaleFactor?: number | number[] | null,
  /** The algorithm (default "nearest"). */
  mode?: InterpolateMode,
  /** Linear modes only: align the corner pixels (default false). */
  alignCorners?: boolean | null,
  /** With scaleFactor: interpolate to the computed output size instead of by the scale. */
  recomputeScaleFactor?: boolean | null,
  /** bilinear/bicubic on 4-D inputs: anti-aliased downsampling. */
  antialias?: boolean,
): Tensor;
export function interpolate(input: Tensor, ...rest: unknown[]): Tensor {
  const o = bindArgs(rest, INTERPOLATE_ARGS, "interpolate", 1);
  return interpolateImpl(input, o, "list");
}

/**
 * F.interpolate over bound arguments; `seq` names JS arrays in messages (a module's attribute is a tuple).
 * @internal
 */
export function interpolateImpl(input: unknown, o: Record<string, unknown>, seq: SeqName): Tensor {
  if (!(input instanceof Tensor))
    throw Object.assign(new Error(`'${pyTypeName(input)}' object has no attribute 'dim'`), { name: "AttributeError" });
  const size = o.size ?? null;
  const scaleFactor = o.scaleFactor ?? null;
  const mode = o.mode === undefined ? "nearest" : o.mode;
  let alignCorners = o.alignCorners ?? null;
  let recompute = o.recomputeScaleFactor ?? null;
  const antialias = o.antialias ?? false;
  if (mode === "nearest" || mode === "area" || mode === "nearest-exact") {
    if (alignCorners !== null)
      throw new ValueError(
        "align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear",
      );
  } else if (alignCorners === null) alignCorners = false;

  const dim = input.dim() - 2;
  const spatial = input.shape.slice(2);
  const spatialRepr = `[${spatial.join(", ")}]`;
  let outputSize: unknown[] | null = null;
  let scales: unknown[] | null = null;
  // What the kernel's parser would call the size and scale arguments: a list built here, or the caller's sequence.
  let sizeSeq: SeqName = "list";
  let scaleSeq: SeqName = "list";
  if (size !== null && scaleFactor !== null) throw new ValueError("only one of size or scale_factor should be defined");
  if (size !== null) {
    if (Array.isArray(size)) {
      if (size.length !== dim)
        throw new ValueError(
          "Input and output must have the same number of spatial dimensions, but got " +
            `input with spatial dimensions of ${spatialRepr} and output size of ${pyRepr(size, seq)}. ` +
            "Please provide input tensor in (N, C, d1, d2, ...,dK) format and " +
            "output size in (o1, o2, ...,oK) format.",
        );
      outputSize = size;
      sizeSeq = seq;
    } else outputSize = Array.from({ length: Math.max(dim, 0) }, () => size);
  } else if (scaleFactor !== null) {
    if (Array.isArray(scaleFactor)) {
      if (scaleFactor.length !== dim)
        throw new ValueError(
          "Input and scale_factor must have the same number of spatial dimensions, but " +
            `got input with spatial dimensions of ${spatialRepr} and ` +
            `scale_factor of shape ${pyRepr(scaleFactor, seq, seq === "tuple")}. ` +
            "Please provide input tensor in (N, C, d1, d2, ...,dK) format and " +
            "scale_factor in (s1, s2, ...,sK) format.",
        );
      scales = scaleFactor;
      scaleSeq = seq;
    } else scales = Array.from({ length: Math.max(dim, 0) }, () => scaleFactor);
  } else throw new ValueError("either size or scale_factor should be defined");

  if (recompute !== null && pyTruthy(recompute) && size !== null)
    throw new ValueError("recompute_scale_factor is not meaningful with an explicit size.");
  // "area" always needs an explicit size: the recompute_scale_factor path computes it.
  if (mode === "area" && outputSize === null) recompute = true;
  if (recompute !== null && pyTruthy(recompute)) {
    // Python: int(math.floor(float(input.size(i + 2)) * scale_factors[i])).
    outputSize = (scales as unknown[]).map((s, i) => {
      if (typeof s === "string" || Array.isArray(s))
        throw new TypeError("can't multiply sequence by non-int of type 'float'");
      if (typeof s !== "number" && typeof s !== "boolean")
        throw new TypeError(`unsupported operand type(s) for *: 'float' and '${pyTypeName(s)}'`);
      const v = Math.floor(spatial[i] * Number(s));
      if (Number.isNaN(v)) throw new ValueError("cannot convert float NaN to integer");
      if (!Number.isFinite(v))
        throw Object.assign(new Error("cannot convert float infinity to integer"), { name: "OverflowError" });
      return v;
    });
    sizeSeq = "list";
    scales = null;
  }
  if (pyTruthy(antialias) && !((mode === "bilinear" || mode === "bicubic") && input.dim() === 4))
    throw new ValueError("Anti-alias option is only supported for bilinear and bicubic modes");

  const d = input.dim();
  const kernel = typeof mode === "string" ? INTERPOLATE_KERNELS[mode]?.[d] : undefined;
  if (kernel === undefined) {
    const needs = typeof mode === "string" ? MODE_DIMS[mode] : undefined;
    if (needs !== undefined && d >= 3 && d <= 5)
      throw new NotImplementedError(`Got ${d}D input, but ${mode} mode needs ${needs}D input`);
    throw new NotImplementedError(
      `Input Error: Only 3D, 4D and 5D input Tensors supported (got ${d}D) for the modes: ` +
        `nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact (got ${mode === null ? "None" : String(mode)})`,
    );
  }
  if (mode === "area") {
    // F.adaptive_avg_pool2d/3d's _list_with_default: a None keeps the input's size there.
    const sizes = d === 3 ? (outputSize as unknown[]) : (outputSize as unknown[]).map((v, i) => v ?? spatial[i]);
    // PyTorch 1.13 declares only adaptive_avg_pool2d's output_size as SymInt[].
    const kind = d === 4 ? "SymInts" : "ints";
    const ints = intList(
      sizes,
      kernel,
      "output_size",
      kind,
      () => new TypeError(`${kernel}(): argument 'output_size' (position 2) must be tuple of ${kind}, not ${sizeSeq}`),
    );
    const fn = d === 3 ? native.adaptiveAvgPool1d : d === 4 ? native.adaptiveAvgPool2d : native.adaptiveAvgPool3d;
    return new Tensor(fn(input.handle, ints));
  }
  const linear = mode !== "nearest" && mode !== "nearest-exact";
  const aa = pyTruthy(antialias);
  const name = aa ? `_${kernel}_aa` : kernel;
  const invalid = () => {
    const types = ["Tensor", outputSize === null ? "NoneType" : sizeSeq];
    if (linear) types.push(pyTypeName(alignCorners));
    types.push(scales === null ? "NoneType" : scaleSeq);
    return new TypeError(
      `${name}() received an invalid combination of arguments - got (${types.join(", ")}), but expected one of:`,
    );
  };
  if (linear && typeof alignCorners !== "boolean") throw invalid();
  const sizeInts = outputSize === null ? undefined : intList(outputSize, name, "output_size", "SymInts", invalid);
  const scaleFloats = scales === null ? undefined : floatList(scales, name, "scale_factors", invalid);
  return new Tensor(
    native.interpolate(input.handle, {
      mode: mode as string,
      size: sizeInts,
      scales: scaleFloats,
      alignCorners: linear ? (alignCorners as boolean) : false,
      antialias: aa,
    }),
  );
}

/**
 * Deprecated in PyTorch (warns): interpolate(input, size, scaleFactor, mode, alignCorners). PyTorch's form:
 * upsample(input, size=None, scale_factor=None, mode='nearest', align_corners=None).
 */
export function upsample(
  input: Tensor,
  o?: Pick<InterpolateOptions, "size" | "scaleFactor" | "mode" | "alignCorners">,
): Tensor;
export function upsample(
  input: Tensor,
  size?: number | number[] | null,
  scaleFactor?: number | number[] | null,
  mode?: InterpolateMode,
  alignCorners?: boolean | null,
): Tensor;
export function upsample(input: Tensor, ...rest: unknown[]): Tensor {
  const o = bindArgs(rest, ["size", "scaleFactor", "mode", "alignCorners"], "upsample", 1);
  warnOnce("nn.functional.upsample is deprecated. Use nn.functional.interpolate instead.");
  return interpolateImpl(input, o, "list");
}
/** Deprecated in PyTorch (warns): interpolate(input, size, scaleFactor, "nearest"). */
export function upsampleNearest(input: Tensor, o?: Pick<InterpolateOptions, "size" | "scaleFactor">): Tensor;
export function upsampleNearest(
  input: Tensor,
  size?: number | number[] | null,
  scaleFactor?: number | number[] | null,
): Tensor;
export function upsampleNearest(input: Tensor, ...rest: unknown[]): Tensor {
  const o = bindArgs(rest, ["size", "scaleFactor"], "upsample_nearest", 1);
  warnOnce("nn.functional.upsample_nearest is deprecated. Use nn.functional.interpolate instead.");
  return interpolateImpl(input, { size: o.size, scaleFactor: o.scaleFactor, mode: "nearest" }, "list");
}
/** Deprecated in PyTorch (warns): interpolate(input, size, scaleFactor, "bilinear", alignCorners=true). */
export function upsampleBilinear(input: Tensor, o?: Pick<InterpolateOptions, "size" | "scaleFactor">): Tensor;
export function upsampleBilinear(
  input: Tensor,
  size?: number | number[] | null,
  scaleFactor?: number | number[] | null,
): Tensor;
export function upsampleBilinear(input: Tensor, ...rest: unknown[]): Tensor {
  const o = bindArgs(rest, ["size", "scaleFactor"], "upsample_bilinear", 1);
  warnOnce("nn.functional.upsample_bilinear is deprecated. Use nn.functional.interpolate instead.");
  const bound = { size: o.size, scaleFactor: o.scaleFactor, mode: "bilinear", alignCorners: true };
  return interpolateImpl(input, bound, "list");
}

// ---- pad

/** F.pad's modes. */
export type PadMode = "constant" | "reflect" | "replicate" | "circular";
/** F.pad's options (PyTorch's keyword arguments). */
export interface PadOptions {
  /** "constant" (default), "reflect", "replicate" or "circular". */
  mode?: PadMode;
  /** The fill value of "constant" padding (default 0); the other modes take none. */
  value?: number | null;
}

/**
 * Pads `input`: `pad` lists (left, right) amounts starting from the last dimension, (left, right, top,
 * bottom) for the last two, and so on; negative amounts crop. PyTorch's form: pad(input, pad,
 * mode='constant', value=None). "constant" pads any number of dimensions; "reflect" and "replicate" the
 * last 1 of a 2-D or 3-D input, the last 2 of a 3-D or 4-D, the last 3 of a 4-D or 5-D; "circular" wraps
 * around (at most once).
 *
 * @example
 * ```ts
 * F.pad(torch.ones([1, 2, 3]), [1, 2]).shape; // [1, 2, 6]
 * F.pad(torch.ones([1, 1, 3, 3]), [1, 1, 1, 1], "reflect").shape; // [1, 1, 5, 5]
 * ```
 */
export function pad(input: Tensor, pad: number[], o?: PadOptions): Tensor;
export function pad(input: Tensor, pad: number[], mode?: PadMode, value?: number | null): Tensor;
export function pad(input: Tensor, padding: number[], ...rest: unknown[]): Tensor {
  const { o, at } = bindWithPositions(rest, ["mode", "value"], "pad", 2);
  return padImpl(input, padding, o.mode, o.value, "list", at("mode"), at("value"));
}

/** F.pad over bound arguments; `at*` are the parser's " (position N)" for positional ones. @internal */
export function padImpl(
  input: unknown,
  padding: unknown,
  mode: unknown,
  value: unknown,
  seq: SeqName,
  atMode = " (position 3)",
  atValue = " (position 4)",
): Tensor {
  const x = tensorArg(input, "pad", "input", 1);
  const firstBad = () =>
    new TypeError(`pad(): argument 'pad' (position 2) must be tuple of ints, not ${pyTypeName(padding, seq)}`);
  if (!Array.isArray(padding)) throw firstBad();
  const p = intList(padding, "pad", "pad", "ints", firstBad);
  const m = mode === undefined ? "constant" : mode;
  if (typeof m !== "string") throw new TypeError(`pad(): argument 'mode'${atMode} must be str, not ${pyTypeName(m)}`);
  const v = value === undefined || value === null ? undefined : floatArg(value, "pad", "value", atValue);
  return new Tensor(native.padNd(x.handle, p, m, v));
}

// ---- pixel shuffle

/**
 * Rearranges [*, C * r^2, H, W] into [*, C, H * r, W * r] (r = `upscaleFactor`), as sub-pixel convolution
 * needs. PyTorch's form: pixel_shuffle(input, upscale_factor).
 */
export function pixelShuffle(input: Tensor, upscaleFactor: number): Tensor {
  const x = tensorArg(input, "pixel_shuffle", "input", 1);
  return new Tensor(
    native.pixelShuffle(x.handle, intArg(upscaleFactor, "pixel_shuffle", "upscale_factor", " (position 2)")),
  );
}
/** The inverse of pixelShuffle: [*, C, H * r, W * r] into [*, C * r^2, H, W] (r = `downscaleFactor`). */
export function pixelUnshuffle(input: Tensor, downscaleFactor: number): Tensor {
  const x = tensorArg(input, "pixel_unshuffle", "input", 1);
  return new Tensor(
    native.pixelUnshuffle(x.handle, intArg(downscaleFactor, "pixel_unshuffle", "downscale_factor", " (position 2)")),
  );
}

// ---- distances

/** cosineSimilarity's options (PyTorch's keyword arguments). */
export interface CosineSimilarityOptions {
  /** The dimension the similarity is computed over (default 1). */
  dim?: number;
  /** The small value that keeps the denominator off zero (default 1e-8). */
  eps?: number;
}
/**
 * Cosine similarity of `x1` and `x2` (broadcast to a common shape) along `dim`: x1·x2 / max(‖x1‖‖x2‖, eps).
 * PyTorch's form: cosine_similarity(x1, x2, dim=1, eps=1e-8).
 */
export function cosineSimilarity(x1: Tensor, x2: Tensor, o?: CosineSimilarityOptions): Tensor;
export function cosineSimilarity(x1: Tensor, x2: Tensor, dim?: number, eps?: number): Tensor;
export function cosineSimilarity(x1: Tensor, x2: Tensor, ...rest: unknown[]): Tensor {
  const fn = "cosine_similarity";
  const { o, at } = bindWithPositions(rest, ["dim", "eps"], fn, 2);
  const a = tensorArg(x1, fn, "x1", 1);
  const b = tensorArg(x2, fn, "x2", 2);
  const dim = intArg(o.dim === undefined ? 1 : o.dim, fn, "dim", at("dim"));
  const eps = floatArg(o.eps === undefined ? 1e-8 : o.eps, fn, "eps", at("eps"));
  return new Tensor(native.cosineSimilarity(a.handle, b.handle, dim, eps));
}

/** pairwiseDistance's options (PyTorch's keyword arguments). */
export interface PairwiseDistanceOptions {
  /** The norm degree (default 2). */
  p?: number;
  /** Added to the difference before the norm, so it is never exactly zero (default 1e-6). */
  eps?: number;
  /** Whether the last dimension is kept (size 1) in the output (default false). */
  keepdim?: boolean;
}
/**
 * The p-norm distance ‖x1 - x2 + eps‖_p between the rows of `x1` and `x2` (broadcast), over the last
 * dimension. PyTorch's form: pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False).
 */
export function pairwiseDistance(x1: Tensor, x2: Tensor, o?: PairwiseDistanceOptions): Tensor;
export function pairwiseDistance(x1: Tensor, x2: Tensor, p?: number, eps?: number, keepdim?: boolean): Tensor;
export function pairwiseDistance(x1: Tensor, x2: Tensor, ...rest: unknown[]): Tensor {
  const fn = "pairwise_distance";
  const { o, at } = bindWithPositions(rest, ["p", "eps", "keepdim"], fn, 2);
  const a = tensorArg(x1, fn, "x1", 1);
  const b = tensorArg(x2, fn, "x2", 2);
  const p = floatArg(o.p === undefined ? 2 : o.p, fn, "p", at("p"));
  const eps = floatArg(o.eps === undefined ? 1e-6 : o.eps, fn, "eps", at("eps"));
  const keepdim = boolArg(o.keepdim === undefined ? false : o.keepdim, fn, "keepdim", at("keepdim"));
  return new Tensor(native.pairwiseDistance(a.handle, b.handle, p, eps, keepdim));
}

const GRID_WARNING =
  "Default grid_sample and affine_grid behavior has changed to align_corners=False since 1.3.0. Please specify " +
  "align_corners=True if the old behavior is desired. See the documentation of grid_sample for details.";
function alignCornersOr(v: unknown): boolean {
  if (v === undefined || v === null) {
    warn(GRID_WARNING); // once per message, as Python's default filter shows it once per place
    return false;
  }
  if (typeof v !== "boolean") throw new TypeError("align_corners must be a boolean");
  return v;
}

/** Options of {@link gridSample} (PyTorch's keyword arguments). */
export interface GridSampleOptions {
  mode?: "bilinear" | "nearest" | "bicubic";
  paddingMode?: "zeros" | "border" | "reflection";
  alignCorners?: boolean | null;
}
/** F.grid_sample: samples `input` (N, C, H, W) or (N, C, D, H, W) at the normalized `grid` locations. */
export function gridSample(input: Tensor, grid: Tensor, o: GridSampleOptions = {}): Tensor {
  checkKwargsOf(o, ["mode", "paddingMode", "alignCorners"], "grid_sample");
  const mode = o.mode ?? "bilinear";
  const padding = o.paddingMode ?? "zeros";
  const modes = ["bilinear", "nearest", "bicubic"];
  const paddings = ["zeros", "border", "reflection"];
  if (!modes.includes(mode))
    throw new ValueError(
      `nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or 'bicubic', but got: '${mode}'`,
    );
  if (!paddings.includes(padding))
    throw new ValueError(
      "nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or 'reflection', " +
        `but got: '${padding}'`,
    );
  if (!(input instanceof Tensor) || !(grid instanceof Tensor)) throw new TypeError("grid_sample takes two Tensors");
  const align = alignCornersOr(o.alignCorners);
  return new Tensor(
    native.gridSample(input.handle, grid.handle, modes.indexOf(mode), paddings.indexOf(padding), align),
  );
}

/** F.affine_grid: the sampling grid of a batch of affine matrices (N×2×3 for 4-D sizes, N×3×4 for 5-D). */
export function affineGrid(theta: Tensor, size: number[], o: { alignCorners?: boolean | null } = {}): Tensor {
  checkKwargsOf(o, ["alignCorners"], "affine_grid");
  if (!(theta instanceof Tensor)) throw new TypeError("affine_grid: theta must be a Tensor");
  const align = alignCornersOr(o.alignCorners);
  if (!theta.isFloatingPoint())
    throw new ValueError(`Expected theta to have floating point type, but got torch.${theta.dtype}`);
  const shown = `[${size.join(", ")}]`;
  let spatial: number[];
  if (size.length === 4 || size.length === 5) {
    const [r, c] = size.length === 4 ? [2, 3] : [3, 4];
    if (theta.dim() !== 3 || theta.size(-2) !== r || theta.size(-1) !== c)
      throw new ValueError(
        `Expected a batch of ${size.length - 2}D affine matrices of shape Nx${r}x${c} for size ${shown}. ` +
          `Got torch.Size([${theta.shape.join(", ")}]).`,
      );
    spatial = size.slice(size.length === 4 ? -2 : -3);
  } else {
    throw new NotImplementedError(
      "affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, respectively. " +
        `Got size ${shown}.`,
    );
  }
  if (align && Math.min(...spatial) === 1)
    process.emitWarning(
      "Since version 1.3.0, affine_grid behavior has changed for unit-size grids when align_corners=True. " +
        "This is not an intended use case of affine_grid. See the documentation of affine_grid for details.",
      "UserWarning",
    );
  else if (Math.min(...size) <= 0) throw new ValueError(`Expected non-zero, positive output size. Got ${shown}`);
  return new Tensor(native.affineGrid(theta.handle, size, align));
}
