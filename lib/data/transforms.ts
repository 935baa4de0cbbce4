// torchvision.transforms (0.14) over tensors. Layout: a uint8 [H, W, C] tensor is an image as PIL or a
// numpy array holds it (what ImageDataset gives before ToTensor); ToTensor turns it into float
// [C, H, W]. Every other tensor is [..., H, W] as torchvision's tensor transforms take it. Crops,
// flips and padding give the same pixels as torchvision on a PIL image; Resize is torchvision's tensor
// path (F.interpolate), which differs from PIL's resampling. Random transforms draw from torch's
// global generator as torchvision does (torch.rand(1) per flip, two torch.randint per crop), so after
// torch.manualSeed(s) they pick what torchvision picks. A user transform is any function `(x) => y`.
import { rand, randint, tensor } from "../creation";
import { ValueError } from "../errors";
import { keep } from "../memory";
import { native } from "../native";
import { Tensor } from "../tensor";
import { pyFloat } from "../utils/pyrepr";

/** An object transform: `apply(x)` runs it (torchvision's `t(x)`). */
export interface TransformModule<I = Tensor, O = Tensor> {
  apply(x: I): O;
}
/** A transform: one of the classes here, or any function. */
export type Transform<I = Tensor, O = Tensor> = TransformModule<I, O> | ((x: I) => O);

/** Runs a transform (object or function) on x. */
export function applyTransform<I, O>(t: Transform<I, O>, x: I): O {
  return typeof t === "function" ? t(x) : t.apply(x);
}

/** A uint8 [H, W, C] tensor: an image as PIL/numpy hold it. */
function isHWC(x: Tensor): boolean {
  return x.dtype === "uint8" && x.dim() === 3;
}

/** Runs an [..., H, W] op; an HWC image goes through a CHW view and comes back HWC (a new image, as PIL's ops give). */
function onImage(x: Tensor, fn: (chw: Tensor) => Tensor): Tensor {
  if (!(x instanceof Tensor)) throw new TypeError(`img should be a Tensor. Got ${typeof x}`);
  if (x.dim() < 2) throw new TypeError("Tensor is not a torch image.");
  if (!isHWC(x)) return fn(x);
  return fn(x.permute(2, 0, 1))
    .permute(1, 2, 0)
    .contiguous();
}

function hw(x: Tensor): [number, number] {
  return [x.size(-2), x.size(-1)];
}

function isInt(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v);
}

/** Python's round(): halves go to the even neighbour. */
function pyRound(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d !== 0.5) return d < 0.5 ? f : f + 1;
  return f % 2 === 0 ? f : f + 1;
}

function pyTuple(v: readonly number[]): string {
  return v.length === 1 ? `(${v[0]},)` : `(${v.join(", ")})`;
}

/** torchvision's _setup_size: an int, or a sequence of one or two ints, as (h, w). */
function setupSize(size: number | readonly number[], msg: string): [number, number] {
  if (typeof size === "number") return [Math.trunc(size), Math.trunc(size)];
  if (!Array.isArray(size)) throw new TypeError(`size must be a number or an array, got ${typeof size}`);
  if (size.length === 1) return [size[0], size[0]];
  if (size.length !== 2) throw new ValueError(msg);
  return [size[0], size[1]];
}

export type PaddingMode = "constant" | "edge" | "reflect" | "symmetric";
export type Padding = number | readonly number[];

/** F.pad's padding as [left, right, top, bottom]. */
function parsePadding(padding: Padding): [number, number, number, number] {
  if (isInt(padding)) return [padding, padding, padding, padding];
  if (!Array.isArray(padding) || !padding.every(isInt)) throw new TypeError("Got inappropriate padding arg");
  if (![1, 2, 4].includes(padding.length))
    throw new ValueError(`Padding must be an int or a 1, 2, or 4 element tuple, not a ${padding.length} element tuple`);
  if (padding.length === 1) return [padding[0], padding[0], padding[0], padding[0]];
  if (padding.length === 2) return [padding[0], padding[0], padding[1], padding[1]];
  return [padding[0], padding[2], padding[1], padding[3]];
}

function checkPadArgs(fill: unknown, mode: unknown): void {
  if (fill !== null && typeof fill !== "number") throw new TypeError("Got inappropriate fill arg");
  if (typeof mode !== "string") throw new TypeError("Got inappropriate padding_mode arg");
  if (!["constant", "edge", "reflect", "symmetric"].includes(mode))
    throw new ValueError("Padding mode should be either constant, edge, reflect or symmetric");
}

// ---- functional (torchvision.transforms.functional on tensors)

/** F.to_tensor on an HWC image ([H, W] or [H, W, C]): CHW, uint8 scaled to float32 in [0, 1], other dtypes kept. */
export function toTensor(pic: Tensor): Tensor {
  if (!(pic instanceof Tensor)) throw new TypeError(`pic should be PIL Image or ndarray. Got ${typeof pic}`);
  if (pic.dim() !== 2 && pic.dim() !== 3)
    throw new ValueError(`pic should be 2/3 dimensional. Got ${pic.dim()} dimensions.`);
  // The intermediates are freed here rather than left to the collector: per-image transforms run once
  // per sample, and each collected 12 KB temporary cost ~4 µs more than a freed one (bench/loader).
  const temps: Tensor[] = [];
  const keep = (t: Tensor, from: Tensor) => {
    if (t !== from && from !== pic) temps.push(from);
    return t;
  };
  const hwc = pic.dim() === 2 ? pic.unsqueeze(2) : pic;
  const perm = keep(hwc.permute(2, 0, 1), hwc);
  let out = keep(perm.contiguous(), perm);
  if (out.dtype === "uint8") {
    const f = keep(out.to("float32"), out);
    out = keep(f.div(255), f);
  }
  for (const t of temps) t.dispose();
  return out;
}

/** F.normalize: (x - mean) / std per channel of a float [..., C, H, W] tensor, in its dtype. */
export function normalize(
  x: Tensor,
  mean: number | readonly number[],
  std: number | readonly number[],
  inplace = false,
): Tensor {
  const [mv, sv] = normalizeParams(x, mean, std);
  return (inplace ? x : x.clone()).sub_(mv).div_(sv);
}

/** F.normalize's checks on x, and mean/std as tensors of x's dtype and device, viewed [C, 1, 1]. */
function normalizeParams(
  x: Tensor,
  mean: number | readonly number[],
  std: number | readonly number[],
): [Tensor, Tensor] {
  if (!(x instanceof Tensor)) throw new TypeError(`img should be Tensor Image. Got ${typeof x}`);
  if (x.dim() < 2) throw new TypeError("Tensor is not a torch image.");
  if (!x.isFloatingPoint()) throw new TypeError(`Input tensor should be a float tensor. Got torch.${x.dtype}.`);
  if (x.dim() < 3)
    throw new ValueError(
      `Expected tensor to be a tensor image of size (..., C, H, W). Got tensor.size() = torch.Size([${x.shape.join(", ")}])`,
    );
  const o = { dtype: x.dtype, device: x.device };
  const m = tensor(typeof mean === "number" ? mean : [...mean], o);
  const s = tensor(typeof std === "number" ? std : [...std], o);
  if ((s.eq(0).sum().item() as number) > 0)
    throw new ValueError(`std evaluated to zero after conversion to torch.${x.dtype}, leading to division by zero.`);
  return [m.dim() === 1 ? m.view(-1, 1, 1) : m, s.dim() === 1 ? s.view(-1, 1, 1) : s];
}

/** F.hflip: mirrors the width. */
export function hflip(img: Tensor): Tensor {
  return onImage(img, (x) => x.flip(-1));
}

/** F.pad with padding [all] | [left/right, top/bottom] | [left, top, right, bottom]. */
export function pad(
  img: Tensor,
  padding: Padding,
  fill: number | null = 0,
  paddingMode: PaddingMode = "constant",
): Tensor {
  return onImage(img, (x) => padCHW(x, padding, fill, paddingMode));
}

function padCHW(x: Tensor, padding: Padding, fill: number | null, paddingMode: PaddingMode): Tensor {
  checkPadArgs(fill, paddingMode);
  return new Tensor(native.imagePad(x.handle, parsePadding(padding), paddingMode, fill ?? 0));
}

/** F.crop: the box at (top, left) of height x width; parts outside the image are zeros. */
export function crop(img: Tensor, top: number, left: number, height: number, width: number): Tensor {
  return onImage(img, (x) => cropCHW(x, top, left, height, width));
}

function cropCHW(x: Tensor, top: number, left: number, height: number, width: number): Tensor {
  const [h, w] = hw(x);
  const right = left + width;
  const bottom = top + height;
  if (left < 0 || top < 0 || right > w || bottom > h) {
    const ltrb = [
      Math.max(-left + Math.min(0, right), 0),
      Math.max(-top + Math.min(0, bottom), 0),
      Math.max(right - Math.max(w, left), 0),
      Math.max(bottom - Math.max(h, top), 0),
    ];
    const t0 = Math.max(top, 0);
    const l0 = Math.max(left, 0);
    const inner = x
      .narrow(-2, t0, Math.max(Math.min(bottom, h) - t0, 0))
      .narrow(-1, l0, Math.max(Math.min(right, w) - l0, 0));
    return padCHW(inner, ltrb, 0, "constant");
  }
  return x.narrow(-2, top, height).narrow(-1, left, width);
}

/** F.center_crop: pads with zeros where the crop is larger than the image; Python's rounding for the offsets. */
export function centerCrop(img: Tensor, outputSize: number | readonly number[]): Tensor {
  const [ch, cw] = typeof outputSize === "number" ? [outputSize, outputSize] : setupSize(outputSize, "");
  return onImage(img, (x) => {
    let [h, w] = hw(x);
    if (cw > w || ch > h) {
      const ltrb = [
        cw > w ? Math.floor((cw - w) / 2) : 0,
        ch > h ? Math.floor((ch - h) / 2) : 0,
        cw > w ? Math.floor((cw - w + 1) / 2) : 0,
        ch > h ? Math.floor((ch - h + 1) / 2) : 0,
      ];
      x = padCHW(x, ltrb, 0, "constant");
      [h, w] = hw(x);
      if (cw === w && ch === h) return x;
    }
    return cropCHW(x, pyRound((h - ch) / 2), pyRound((w - cw) / 2), ch, cw);
  });
}

export type InterpolationMode = "nearest" | "bilinear" | "bicubic";
/** torchvision's InterpolationMode names for the modes tensors support. */
export const InterpolationMode = { NEAREST: "nearest", BILINEAR: "bilinear", BICUBIC: "bicubic" } as const;

function resizedOutputSize(h: number, w: number, size: readonly number[], maxSize: number | null): [number, number] {
  if (size.length !== 1) return [size[0], size[1]];
  const [short, long] = w <= h ? [w, h] : [h, w];
  const requested = size[0];
  let newShort = requested;
  let newLong = Math.trunc((requested * long) / short);
  if (maxSize !== null) {
    if (maxSize <= requested)
      throw new ValueError(
        `max_size = ${maxSize} must be strictly greater than the requested size for the smaller edge size = [${requested}]`,
      );
    if (newLong > maxSize) {
      newShort = Math.trunc((maxSize * newShort) / newLong);
      newLong = maxSize;
    }
  }
  return w <= h ? [newLong, newShort] : [newShort, newLong];
}

/**
 * F.resize on tensors: bilinear (default), nearest or bicubic interpolation with align_corners=False,
 * antialias off unless asked (torchvision 0.14's tensor default); integer images are computed in
 * float32 and rounded back.
 */
export function resize(
  img: Tensor,
  size: number | readonly number[],
  interpolation: InterpolationMode = "bilinear",
  maxSize: number | null = null,
  antialias: boolean | null = null,
): Tensor {
  if (!["nearest", "bilinear", "bicubic"].includes(interpolation))
    throw new ValueError(`Interpolation mode '${interpolation}' is unsupported with Tensor input`);
  const sizes = typeof size === "number" ? [size] : [...size];
  if (typeof size !== "number") {
    if (sizes.length !== 1 && sizes.length !== 2)
      throw new ValueError(
        `Size must be an int or a 1 or 2 element tuple/list, not a ${sizes.length} element tuple/list`,
      );
    if (maxSize !== null && sizes.length !== 1)
      throw new ValueError(
        "max_size should only be passed if size specifies the length of the smaller edge, i.e. size should be an int or a sequence of length 1 in torchscript mode.",
      );
  }
  const aa = antialias ?? false;
  if (aa && interpolation === "nearest")
    throw new ValueError("Antialias option is supported for bilinear and bicubic interpolation modes only");
  return onImage(img, (x) => {
    const [h, w] = hw(x);
    const out = resizedOutputSize(h, w, sizes, maxSize);
    return new Tensor(native.imageResize(x.handle, out, interpolation, aa));
  });
}

// ---- transform classes

export class ToTensor implements TransformModule {
  apply(pic: Tensor): Tensor {
    return toTensor(pic);
  }
  toString(): string {
    return "ToTensor()";
  }
}

export class Normalize implements TransformModule {
  readonly mean: number[];
  readonly std: number[];
  constructor(
    mean: number | readonly number[],
    std: number | readonly number[],
    readonly inplace = false,
  ) {
    const list = (v: unknown, what: string) => {
      if (typeof v === "number") return [v];
      if (!Array.isArray(v) || !v.every((x) => typeof x === "number"))
        throw new TypeError(`Normalize ${what} must be a number or an array of numbers`);
      return [...v] as number[];
    };
    this.mean = list(mean, "mean");
    this.std = list(std, "std");
  }
  // mean/std as tensors per dtype and device, made (and checked) once: kept out of any tidy scope.
  private readonly params = new Map<string, [Tensor, Tensor]>();
  apply(x: Tensor): Tensor {
    const key = x instanceof Tensor && x.isFloatingPoint() && x.dim() >= 3 ? `${x.dtype}/${x.device}` : "";
    let p = key ? this.params.get(key) : undefined;
    if (!p) {
      const [m, s] = normalizeParams(x, this.mean, this.std);
      p = [keep(m), keep(s)];
      this.params.set(key, p);
    }
    return (this.inplace ? x : x.clone()).sub_(p[0]).div_(p[1]);
  }
  toString(): string {
    return `Normalize(mean=[${this.mean.map((v) => pyFloat(v)).join(", ")}], std=[${this.std.map((v) => pyFloat(v)).join(", ")}])`;
  }
}

export class RandomHorizontalFlip implements TransformModule {
  constructor(readonly p = 0.5) {
    if (typeof p !== "number") throw new TypeError("p must be a number");
  }
  apply(img: Tensor): Tensor {
    // torch.rand(1) < p compares in float32.
    return (rand([1]).item() as number) < Math.fround(this.p) ? hflip(img) : img;
  }
  toString(): string {
    return `RandomHorizontalFlip(p=${this.p})`;
  }
}

function cropParams(h: number, w: number, size: readonly [number, number]): [number, number, number, number] {
  const [th, tw] = size;
  if (h + 1 < th || w + 1 < tw)
    throw new ValueError(`Required crop size (${th}, ${tw}) is larger than input image size (${h}, ${w})`);
  if (w === tw && h === th) return [0, 0, h, w];
  const i = randint(0, h - th + 1, [1]).item() as number;
  const j = randint(0, w - tw + 1, [1]).item() as number;
  return [i, j, th, tw];
}

export interface RandomCropOptions {
  padding?: Padding | null;
  padIfNeeded?: boolean;
  fill?: number;
  paddingMode?: PaddingMode;
}

export class RandomCrop implements TransformModule {
  readonly size: [number, number];
  readonly padding: Padding | null;
  readonly padIfNeeded: boolean;
  readonly fill: number;
  readonly paddingMode: PaddingMode;
  /** `new RandomCrop(32, {padding: 4})`; a number or array second argument is the padding, as `RandomCrop(32, 4)`. */
  constructor(size: number | readonly number[], o: RandomCropOptions | Padding = {}) {
    const opts: RandomCropOptions =
      typeof o === "number" || Array.isArray(o) ? { padding: o as Padding } : (o as RandomCropOptions);
    for (const k of Object.keys(opts))
      if (!["padding", "padIfNeeded", "fill", "paddingMode"].includes(k))
        throw new TypeError(`__init__() got an unexpected keyword argument '${k}'`);
    this.size = setupSize(size, "Please provide only two dimensions (h, w) for size.");
    this.padding = opts.padding ?? null;
    this.padIfNeeded = opts.padIfNeeded ?? false;
    this.fill = opts.fill ?? 0;
    this.paddingMode = opts.paddingMode ?? "constant";
    checkPadArgs(this.fill, this.paddingMode);
    if (this.padding !== null) parsePadding(this.padding);
  }

  /** RandomCrop.get_params: (top, left, height, width), drawn with torch.randint as torchvision does. */
  static getParams(img: Tensor, outputSize: readonly [number, number]): [number, number, number, number] {
    return cropParams(...(isHWC(img) ? ([img.size(0), img.size(1)] as const) : hw(img)), outputSize);
  }

  apply(img: Tensor): Tensor {
    return onImage(img, (x0) => {
      let x = x0;
      if (this.padding !== null) x = padCHW(x, this.padding, this.fill, this.paddingMode);
      const [height, width] = hw(x);
      if (this.padIfNeeded && width < this.size[1])
        x = padCHW(x, [this.size[1] - width, 0], this.fill, this.paddingMode);
      if (this.padIfNeeded && height < this.size[0])
        x = padCHW(x, [0, this.size[0] - height], this.fill, this.paddingMode);
      const [i, j, h, w] = cropParams(...hw(x), this.size);
      return cropCHW(x, i, j, h, w);
    });
  }
  toString(): string {
    const p = this.padding;
    return `RandomCrop(size=${pyTuple(this.size)}, padding=${p === null ? "None" : typeof p === "number" ? p : `[${p.join(", ")}]`})`;
  }
}

export class CenterCrop implements TransformModule {
  readonly size: [number, number];
  constructor(size: number | readonly number[]) {
    this.size = setupSize(size, "Please provide only two dimensions (h, w) for size.");
  }
  apply(img: Tensor): Tensor {
    return centerCrop(img, this.size);
  }
  toString(): string {
    return `CenterCrop(size=${pyTuple(this.size)})`;
  }
}

export interface ResizeOptions {
  interpolation?: InterpolationMode;
  maxSize?: number | null;
  antialias?: boolean | null;
}

export class Resize implements TransformModule {
  readonly size: number | number[];
  readonly interpolation: InterpolationMode;
  readonly maxSize: number | null;
  readonly antialias: boolean | null;
  /** size: [h, w], or one number for the smaller edge (aspect ratio kept). */
  constructor(size: number | readonly number[], o: ResizeOptions = {}) {
    if (typeof size !== "number" && !Array.isArray(size))
      throw new TypeError(`Size should be int or sequence. Got ${typeof size}`);
    if (Array.isArray(size) && size.length !== 1 && size.length !== 2)
      throw new ValueError("If size is a sequence, it should have 1 or 2 values");
    for (const k of Object.keys(o))
      if (!["interpolation", "maxSize", "antialias"].includes(k))
        throw new TypeError(`__init__() got an unexpected keyword argument '${k}'`);
    this.size = typeof size === "number" ? size : [...size];
    this.interpolation = o.interpolation ?? "bilinear";
    this.maxSize = o.maxSize ?? null;
    this.antialias = o.antialias ?? null;
  }
  apply(img: Tensor): Tensor {
    return resize(img, this.size, this.interpolation, this.maxSize, this.antialias);
  }
  toString(): string {
    const s = typeof this.size === "number" ? String(this.size) : `[${this.size.join(", ")}]`;
    const aa = this.antialias === null ? "None" : this.antialias ? "True" : "False";
    return `Resize(size=${s}, interpolation=${this.interpolation}, max_size=${this.maxSize ?? "None"}, antialias=${aa})`;
  }
}

/** torchvision's Lambda: a function as a transform object. */
export class Lambda<I = Tensor, O = Tensor> implements TransformModule<I, O> {
  constructor(readonly lambd: (x: I) => O) {
    if (typeof lambd !== "function") throw new TypeError(`Argument lambd should be callable, got ${typeof lambd}`);
  }
  apply(x: I): O {
    return this.lambd(x);
  }
  toString(): string {
    return "Lambda()";
  }
}

// Built-in transforms never keep their input, so Compose may free what one hands to the next.
const BUILTIN = [ToTensor, Normalize, RandomHorizontalFlip, RandomCrop, CenterCrop, Resize];
function isBuiltin(t: unknown): boolean {
  return BUILTIN.some((c) => t instanceof c);
}

// biome-ignore lint/suspicious/noExplicitAny: a pipeline's stages have their own types
type AnyTransform = Transform<any, any>;

/** Runs transforms in order; any of them may be a plain function. */
export class Compose implements TransformModule {
  readonly transforms: AnyTransform[];
  constructor(transforms: readonly AnyTransform[]) {
    if (!Array.isArray(transforms)) throw new TypeError("Compose takes an array of transforms");
    for (const t of transforms)
      if (typeof t !== "function" && (t === null || typeof t !== "object" || typeof t.apply !== "function"))
        throw new TypeError("each transform must be a function or have an apply(x) method");
    this.transforms = [...transforms];
  }
  /** The pipeline's output; its type is the caller's to state when it is not a Tensor. */
  apply<I = Tensor, O = Tensor>(x: I): O {
    let y: unknown = x;
    for (const t of this.transforms) {
      const next = applyTransform(t, y);
      // Free intermediates only between built-ins (a user function may return or keep its input).
      if (y !== x && next !== y && isBuiltin(t) && y instanceof Tensor && next instanceof Tensor) y.dispose();
      y = next;
    }
    return y as O;
  }
  toString(): string {
    const name = (t: AnyTransform) => (typeof t === "function" ? `<function ${t.name || "<lambda>"}>` : String(t));
    return `Compose(${this.transforms.map((t) => `\n    ${name(t)}`).join("")}\n)`;
  }
}

// ---- the DataLoader's native fast path

/** A pipeline the native batch step runs in one call: torchvision's numbers, batched. */
export interface FusedTransform {
  mean: number[];
  std: number[];
  /** RandomCrop's zero padding [padH, padW] and size [h, w] (crop [] when there is none). */
  pad: [number, number];
  crop: number[];
  /** Per image, what loaderDraws draws: randint(0, high) for high > 0, rand(1) for 0. */
  highs: number[];
  /** Where in `highs` the crop's two draws are (-1: none) and the flip's draw (-1: none). */
  cropAt: number;
  flipAt: number;
  flipP: number;
  /** A flip before the crop: the crop's left offset is mirrored so the native step can crop first. */
  flipFirst: boolean;
}

function flatten(t: AnyTransform): AnyTransform[] {
  return t instanceof Compose ? t.transforms.flatMap(flatten) : [t];
}

/**
 * The fused form of a pipeline over uint8 [H, W, C] images, or null when the native step cannot
 * give torchvision's numbers for it (then the DataLoader runs it per image).
 */
export function fuse(t: AnyTransform | undefined, H: number, W: number, C: number): FusedTransform | null {
  if (t === undefined) return null;
  const out: FusedTransform = {
    mean: [],
    std: [],
    pad: [0, 0],
    crop: [],
    highs: [],
    cropAt: -1,
    flipAt: -1,
    flipP: 0,
    flipFirst: false,
  };
  let toTensor = false;
  let normalized = false;
  let crop = false;
  let flip = false;
  let [h, w] = [H, W];
  for (const x of flatten(t)) {
    if (x instanceof ToTensor) {
      if (toTensor) return null;
      toTensor = true;
    } else if (x instanceof Normalize) {
      if (!toTensor || normalized) return null;
      const ok = (v: number[]) => (v.length === 1 || v.length === C) && v.every(Number.isFinite);
      if (!ok(x.mean) || !ok(x.std) || x.std.some((s) => Math.fround(s) === 0)) return null;
      out.mean = x.mean.length === 1 ? Array(C).fill(x.mean[0]) : x.mean;
      out.std = x.std.length === 1 ? Array(C).fill(x.std[0]) : x.std;
      normalized = true;
    } else if (x instanceof RandomCrop) {
      if (crop) return null;
      const [l, r, tp, b] = x.padding === null ? [0, 0, 0, 0] : parsePadding(x.padding);
      const padded = l || r || tp || b;
      if (padded && (normalized || x.paddingMode !== "constant" || x.fill !== 0)) return null;
      if (l !== r || tp !== b || l < 0 || tp < 0) return null;
      const [ph, pw] = [h + 2 * tp, w + 2 * l];
      const [th, tw] = x.size;
      if (ph < th || pw < tw) return null; // pad_if_needed or torchvision's error: the per-image path
      out.pad = [tp, l];
      out.crop = [th, tw];
      if (ph !== th || pw !== tw) {
        out.cropAt = out.highs.length;
        out.highs.push(ph - th + 1, pw - tw + 1);
      }
      out.flipFirst = flip;
      crop = true;
      [h, w] = [th, tw];
    } else if (x instanceof RandomHorizontalFlip) {
      if (flip) return null;
      out.flipAt = out.highs.length;
      out.highs.push(0);
      out.flipP = Math.fround(x.p);
      flip = true;
    } else return null;
  }
  return toTensor ? out : null;
}
