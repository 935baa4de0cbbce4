// torchvision.transforms (0.14) over tensors. Layout: a uint8 [H, W, C] tensor is an image as PIL or a
// numpy array holds it (what ImageDataset gives before ToTensor); ToTensor turns it into float
// [C, H, W]. Every other tensor is [..., H, W] as torchvision's tensor transforms take it. Crops,
// flips and padding give the same pixels as torchvision on a PIL image; so do Resize and
// RandomResizedCrop, which resize an image with Pillow's resampling (and a tensor with torchvision's
// tensor path, F.interpolate). The colour transforms, grayscale, blur,
// rotation and erasing are torchvision's tensor kernels op for op, so they round as torchvision does
// (an HWC image goes through its CHW view, as torchvision's tensor path would take it); torchvision
// gives a PIL image PIL's own code for all but GaussianBlur. Random transforms draw from torch's
// global generator as torchvision does (torch.rand(1) per flip, two torch.randint per crop, the
// uniform_ / randperm / normal_ draws of the others, in its order), so after torch.manualSeed(s)
// they pick what torchvision picks. A user transform is any function `(x) => y`.
import { cat, empty, rand, randint, randperm, tensor } from "../creation";
import { checkDtype, type DType, type DTypeLike } from "../dtype";
import { ValueError } from "../errors";
import { keep, tidy } from "../memory";
import { Tensor } from "../tensor";
import { pyFloat } from "../utils/pyrepr";
import {
  adjustBrightness,
  adjustContrast,
  adjustHue,
  adjustSaturation,
  adjustSharpness,
  affine,
  autocontrast,
  centerCrop,
  checkPadArgs,
  convertImageDtype,
  cropCHW,
  dimensions,
  elasticTransform,
  equalize,
  erase,
  fiveCrop,
  gaussianBlur,
  hflip,
  hw,
  type InterpolationMode,
  invert,
  isHWC,
  normalizeParams,
  onImage,
  type Padding,
  type PaddingMode,
  pad,
  padCHW,
  parsePadding,
  perspective,
  posterize,
  pyRound,
  pyTuple,
  resize,
  resizedCrop,
  rgbToGrayscale,
  rotate,
  setupSize,
  solarize,
  tenCrop,
  toTensor,
  vflip,
} from "./transforms_functional";

export {
  AugMix,
  type AugMixOptions,
  AutoAugment,
  type AutoAugmentOptions,
  AutoAugmentPolicy,
  RandAugment,
  type RandAugmentOptions,
  TrivialAugmentWide,
  type TrivialAugmentWideOptions,
} from "./autoaugment";
export {
  adjustBrightness,
  adjustContrast,
  adjustGamma,
  adjustHue,
  adjustSaturation,
  adjustSharpness,
  affine,
  autocontrast,
  centerCrop,
  convertImageDtype,
  crop,
  elasticTransform,
  equalize,
  erase,
  fiveCrop,
  gaussianBlur,
  hflip,
  InterpolationMode,
  invert,
  normalize,
  type Padding,
  type PaddingMode,
  pad,
  perspective,
  posterize,
  resize,
  resizedCrop,
  rgbToGrayscale,
  rotate,
  solarize,
  tenCrop,
  toTensor,
  vflip,
} from "./transforms_functional";

/** An object transform: `apply(x)` runs it (torchvision's `t(x)`). */
export interface TransformModule<I = Tensor, O = Tensor> {
  /** Runs the transform on x (torchvision's forward, `t(x)`). */
  apply(x: I): O;
}
/** A transform: one of the classes here, or any function. */
export type Transform<I = Tensor, O = Tensor> = TransformModule<I, O> | ((x: I) => O);

/** Runs a transform (object or function) on x. */
export function applyTransform<I, O>(t: Transform<I, O>, x: I): O {
  return typeof t === "function" ? t(x) : t.apply(x);
}

// ---- transform classes

/** How torchvision prints a size kept by _setup_size: a two-element sequence as given, else the tuple made. */
function sizeRepr(given: number | readonly number[], size: readonly number[]): string {
  return Array.isArray(given) && given.length === 2 ? `[${given.join(", ")}]` : pyTuple(size);
}

/** torchvision's ToTensor: an HWC image ([H, W] or [H, W, C]) to CHW, uint8 scaled to float32 in [0, 1]; see {@link toTensor}. */
export class ToTensor implements TransformModule {
  /** forward: {@link toTensor} on pic. */
  apply(pic: Tensor): Tensor {
    return toTensor(pic);
  }
  /** The Python repr, `ToTensor()`. */
  toString(): string {
    return "ToTensor()";
  }
}

/** (x - mean) / std per channel of a float [..., C, H, W] tensor, on a copy unless inplace (torchvision's Normalize). */
export class Normalize implements TransformModule {
  /** The per-channel means; a single number is kept as a one-element list and broadcast. */
  readonly mean: number[];
  /** The per-channel standard deviations; a single number is kept as a one-element list and broadcast. */
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
  /** forward: F.normalize with mean and std, whose tensors are made once per dtype and device. */
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
  /** The Python repr, e.g. `Normalize(mean=[0.5], std=[0.5])`. */
  toString(): string {
    return `Normalize(mean=[${this.mean.map((v) => pyFloat(v)).join(", ")}], std=[${this.std.map((v) => pyFloat(v)).join(", ")}])`;
  }
}

/** Flips horizontally with probability p (torch.rand(1) < p, compared in float32). */
export class RandomHorizontalFlip implements TransformModule {
  constructor(readonly p = 0.5) {
    if (typeof p !== "number") throw new TypeError("p must be a number");
  }
  /** forward: hflip when the draw falls under p, else the input itself. */
  apply(img: Tensor): Tensor {
    // torch.rand(1) < p compares in float32.
    return (rand([1]).item() as number) < Math.fround(this.p) ? hflip(img) : img;
  }
  /** The Python repr, e.g. `RandomHorizontalFlip(p=0.5)`. */
  toString(): string {
    return `RandomHorizontalFlip(p=${this.p})`;
  }
}

function cropParams(h: number, w: number, size: readonly [number, number]): [number, number, number, number] {
  const [th, tw] = size;
  if (h < th || w < tw)
    throw new ValueError(`Required crop size (${th}, ${tw}) is larger than input image size (${h}, ${w})`);
  if (w === tw && h === th) return [0, 0, h, w];
  const i = randint(0, h - th + 1, [1]).item() as number;
  const j = randint(0, w - tw + 1, [1]).item() as number;
  return [i, j, th, tw];
}

/** RandomCrop's keyword arguments. */
export interface RandomCropOptions {
  /** padding: padding applied before cropping, as {@link Padding} (default null: none). */
  padding?: Padding | null;
  /** pad_if_needed: pads an image smaller than size up to it (default false). */
  padIfNeeded?: boolean;
  /** fill: the constant padding value (default 0). */
  fill?: number;
  /** padding_mode: "constant", "edge", "reflect" or "symmetric" (default "constant"). */
  paddingMode?: PaddingMode;
}

/** A crop of `size` at a random offset (two torch.randint draws), after the optional padding. */
export class RandomCrop implements TransformModule {
  /** The crop's [h, w]. */
  readonly size: [number, number];
  /** The padding applied before cropping, or null. */
  readonly padding: Padding | null;
  /** Whether an image smaller than size is padded up to it (pad_if_needed). */
  readonly padIfNeeded: boolean;
  /** The constant padding value. */
  readonly fill: number;
  /** How the padding is filled (padding_mode). */
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

  /** forward: pads as configured, then crops at a random offset. */
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
  /** The Python repr, e.g. `RandomCrop(size=(32, 32), padding=4)`. */
  toString(): string {
    const p = this.padding;
    return `RandomCrop(size=${pyTuple(this.size)}, padding=${p === null ? "None" : typeof p === "number" ? p : `[${p.join(", ")}]`})`;
  }
}

/** The central crop of `size` ([h, w], or one number for a square); see {@link centerCrop}. */
export class CenterCrop implements TransformModule {
  /** The crop's [h, w]. */
  readonly size: [number, number];
  private readonly sizeRepr: string;
  constructor(size: number | readonly number[]) {
    this.size = setupSize(size, "Please provide only two dimensions (h, w) for size.");
    this.sizeRepr = sizeRepr(size, this.size);
  }
  /** forward: {@link centerCrop} to size. */
  apply(img: Tensor): Tensor {
    return centerCrop(img, this.size);
  }
  /** The Python repr, e.g. `CenterCrop(size=(224, 224))`. */
  toString(): string {
    return `CenterCrop(size=${this.sizeRepr})`;
  }
}

/** Resize's keyword arguments. */
export interface ResizeOptions {
  /** interpolation: "nearest", "bilinear" or "bicubic"; an image also "box", "hamming", "lanczos" (default "bilinear"). */
  interpolation?: InterpolationMode;
  /** max_size: the most the longer edge may become when size is one number (default null: no bound). */
  maxSize?: number | null;
  /** antialias: antialiased bilinear/bicubic downsampling of a tensor; null is off, torchvision 0.14's tensor default (default null). An image is always antialiased, as by PIL. */
  antialias?: boolean | null;
}

/** Resizes an image (uint8 [H, W, C]) with Pillow's resampling, a tensor with F.interpolate; see {@link resize}. */
export class Resize implements TransformModule {
  /** The target [h, w], or the smaller edge's length (aspect ratio kept). */
  readonly size: number | number[];
  /** The interpolation mode (default "bilinear"). */
  readonly interpolation: InterpolationMode;
  /** The bound on the longer edge when size is one number, or null. */
  readonly maxSize: number | null;
  /** Whether downsampling is antialiased; null is off. */
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
  /** forward: {@link resize} with the stored arguments. */
  apply(img: Tensor): Tensor {
    return resize(img, this.size, this.interpolation, this.maxSize, this.antialias);
  }
  /** The Python repr, e.g. `Resize(size=256, interpolation=bilinear, max_size=None, antialias=None)`. */
  toString(): string {
    const s = typeof this.size === "number" ? String(this.size) : `[${this.size.join(", ")}]`;
    const aa = this.antialias === null ? "None" : this.antialias ? "True" : "False";
    return `Resize(size=${s}, interpolation=${this.interpolation}, max_size=${this.maxSize ?? "None"}, antialias=${aa})`;
  }
}

function checkOptions(o: object, keys: readonly string[]): void {
  for (const k of Object.keys(o))
    if (!keys.includes(k)) throw new TypeError(`__init__() got an unexpected keyword argument '${k}'`);
}

/** A [min, max] pair given as an array (torchvision takes any sequence). */
function pair(v: unknown, message: string): [number, number] {
  if (!Array.isArray(v)) throw new TypeError(message);
  return [v[0], v[1]];
}

function warnMinMax(scale: readonly number[], ratio: readonly number[]): void {
  if (scale[0] > scale[1] || ratio[0] > ratio[1])
    process.emitWarning("Scale and ratio should be of kind (min, max)", "UserWarning");
}

/** torch.log(torch.tensor(ratio)) as two numbers (float32, as torchvision computes it). */
function logRatio(ratio: readonly number[]): [number, number] {
  return tidy(() => tensor([ratio[0], ratio[1]], { dtype: "float32" }).log().toArray() as [number, number]);
}

/** torch.empty(1).uniform_(a, b).item(): one float32 draw from the global generator. */
function uniform1(a: number, b: number): number {
  return tidy(() => empty([1]).uniform_(a, b).item() as number);
}

/** torch.exp(torch.empty(1).uniform_(a, b)).item(). */
function expUniform1(a: number, b: number): number {
  return tidy(() => empty([1]).uniform_(a, b).exp().item() as number);
}

function randint1(high: number): number {
  return tidy(() => randint(0, high, [1]).item() as number);
}

/** torch.rand(1) < p, compared in float32 as PyTorch compares a float tensor with a Python float. */
function draw(p: number): boolean {
  return tidy(() => rand([1]).item() as number) < Math.fround(p);
}

/** Flips vertically with probability p (torch.rand(1) < p, compared in float32). */
export class RandomVerticalFlip implements TransformModule {
  constructor(readonly p = 0.5) {
    if (typeof p !== "number") throw new TypeError("p must be a number");
  }
  /** forward: vflip when the draw falls under p, else the input itself. */
  apply(img: Tensor): Tensor {
    return draw(this.p) ? vflip(img) : img;
  }
  /** The Python repr, e.g. `RandomVerticalFlip(p=0.5)`. */
  toString(): string {
    return `RandomVerticalFlip(p=${this.p})`;
  }
}

/** RandomResizedCrop's keyword arguments. */
export interface RandomResizedCropOptions {
  /** scale: the [min, max] share of the image's area the crop covers (default [0.08, 1.0]). */
  scale?: readonly number[];
  /** ratio: the [min, max] aspect ratio (width / height), drawn log-uniformly (default [3/4, 4/3]). */
  ratio?: readonly number[];
  /** interpolation: the resize's mode (default "bilinear"). */
  interpolation?: InterpolationMode;
  /** antialias: antialiased downsampling; null is off, torchvision 0.14's tensor default (default null). */
  antialias?: boolean | null;
}

/**
 * A crop of random area (scale of the image's) and aspect ratio (log-uniform in ratio), resized to
 * `size` with the tensor resize (antialias off unless asked, torchvision 0.14's tensor default; for a
 * PIL image torchvision resizes with PIL's antialiased filters instead). The draws are torchvision's:
 * per try torch.empty(1).uniform_ for the area and the log ratio, then two torch.randint for the offset.
 */
export class RandomResizedCrop implements TransformModule {
  /** The output [h, w]. */
  readonly size: [number, number];
  private readonly sizeRepr: string;
  /** The [min, max] share of the image's area the crop covers. */
  readonly scale: [number, number];
  /** The [min, max] aspect ratio (width / height) of the crop. */
  readonly ratio: [number, number];
  /** The resize's interpolation mode (default "bilinear"). */
  readonly interpolation: InterpolationMode;
  /** Whether the resize is antialiased; null is off. */
  readonly antialias: boolean | null;
  constructor(size: number | readonly number[], o: RandomResizedCropOptions = {}) {
    checkOptions(o, ["scale", "ratio", "interpolation", "antialias"]);
    this.size = setupSize(size, "Please provide only two dimensions (h, w) for size.");
    this.sizeRepr = sizeRepr(size, this.size);
    this.scale = pair(o.scale ?? [0.08, 1.0], "Scale should be a sequence");
    this.ratio = pair(o.ratio ?? [3.0 / 4.0, 4.0 / 3.0], "Ratio should be a sequence");
    warnMinMax(this.scale, this.ratio);
    this.interpolation = o.interpolation ?? "bilinear";
    this.antialias = o.antialias ?? null;
  }

  /** RandomResizedCrop.get_params: (top, left, height, width). */
  static getParams(img: Tensor, scale: readonly number[], ratio: readonly number[]): [number, number, number, number] {
    const [, height, width] = dimensions(img);
    const area = height * width;
    const [lr0, lr1] = logRatio(ratio);
    for (let k = 0; k < 10; k++) {
      const targetArea = area * uniform1(scale[0], scale[1]);
      const aspectRatio = expUniform1(lr0, lr1);
      const w = pyRound(Math.sqrt(targetArea * aspectRatio));
      const h = pyRound(Math.sqrt(targetArea / aspectRatio));
      if (0 < w && w <= width && 0 < h && h <= height) {
        const i = randint1(height - h + 1);
        const j = randint1(width - w + 1);
        return [i, j, h, w];
      }
    }
    // Ten misses: the largest centred crop within the ratio bounds.
    const inRatio = width / height;
    let [w, h] = [width, height];
    if (inRatio < Math.min(...ratio)) h = pyRound(w / Math.min(...ratio));
    else if (inRatio > Math.max(...ratio)) w = pyRound(h * Math.max(...ratio));
    return [Math.floor((height - h) / 2), Math.floor((width - w) / 2), h, w];
  }

  /** forward: the box of {@link RandomResizedCrop.getParams}, resized to size. */
  apply(img: Tensor): Tensor {
    const [i, j, h, w] = RandomResizedCrop.getParams(img, this.scale, this.ratio);
    return resizedCrop(img, i, j, h, w, this.size, this.interpolation, this.antialias);
  }
  /** The Python repr, torchvision 0.14's stray parenthesis included. */
  toString(): string {
    const r4 = (v: readonly number[]) => `(${v.map((x) => pyFloat(pyRound(x * 1e4) / 1e4)).join(", ")})`;
    const aa = this.antialias === null ? "None" : this.antialias ? "True" : "False";
    // torchvision 0.14's repr, stray parenthesis included.
    return `RandomResizedCrop(size=${this.sizeRepr}, scale=${r4(this.scale)}, ratio=${r4(this.ratio)}, interpolation=${this.interpolation}), antialias=${aa})`;
  }
}

/** Pad's keyword arguments. */
export interface PadOptions {
  /** fill: the constant padding value (default 0). */
  fill?: number;
  /** padding_mode: "constant", "edge", "reflect" or "symmetric" (default "constant"). */
  paddingMode?: PaddingMode;
}

/** Pads every side: `new Pad(4)`, `new Pad([1, 2], {paddingMode: "reflect"})`; fill is a number for tensors. */
export class Pad implements TransformModule {
  /** The constant padding value. */
  readonly fill: number;
  /** How the padding is filled (padding_mode). */
  readonly paddingMode: PaddingMode;
  constructor(
    readonly padding: Padding,
    o: PadOptions = {},
  ) {
    checkOptions(o, ["fill", "paddingMode"]);
    if (typeof padding !== "number" && !Array.isArray(padding)) throw new TypeError("Got inappropriate padding arg");
    this.fill = o.fill ?? 0;
    this.paddingMode = o.paddingMode ?? "constant";
    if (typeof this.fill !== "number" && !Array.isArray(this.fill)) throw new TypeError("Got inappropriate fill arg");
    if (!["constant", "edge", "reflect", "symmetric"].includes(this.paddingMode))
      throw new ValueError("Padding mode should be either constant, edge, reflect or symmetric");
    if (Array.isArray(padding) && ![1, 2, 4].includes(padding.length))
      throw new ValueError(
        `Padding must be an int or a 1, 2, or 4 element tuple, not a ${padding.length} element tuple`,
      );
  }
  /** forward: {@link pad} with the stored arguments. */
  apply(img: Tensor): Tensor {
    return pad(img, this.padding, this.fill, this.paddingMode);
  }
  /** The Python repr, e.g. `Pad(padding=4, fill=0, padding_mode=constant)`. */
  toString(): string {
    const p = typeof this.padding === "number" ? this.padding : `[${this.padding.join(", ")}]`;
    return `Pad(padding=${p}, fill=${this.fill}, padding_mode=${this.paddingMode})`;
  }
}

/** Grayscale on the tensor path (see rgbToGrayscale): one channel, or three equal ones. */
export class Grayscale implements TransformModule {
  constructor(readonly numOutputChannels = 1) {}
  /** forward: {@link rgbToGrayscale} with numOutputChannels. */
  apply(img: Tensor): Tensor {
    return rgbToGrayscale(img, this.numOutputChannels);
  }
  /** The Python repr, e.g. `Grayscale(num_output_channels=1)`. */
  toString(): string {
    return `Grayscale(num_output_channels=${this.numOutputChannels})`;
  }
}

/** Grayscale with probability p (torch.rand(1) < p), keeping the channel count. */
export class RandomGrayscale implements TransformModule {
  constructor(readonly p = 0.1) {
    if (typeof p !== "number") throw new TypeError("p must be a number");
  }
  /** forward: grayscale with the input's channel count when the draw falls under p, else the input itself. */
  apply(img: Tensor): Tensor {
    const [c] = dimensions(img);
    return draw(this.p) ? rgbToGrayscale(img, c) : img;
  }
  /** The Python repr, e.g. `RandomGrayscale(p=0.1)`. */
  toString(): string {
    return `RandomGrayscale(p=${this.p})`;
  }
}

type Range = [number, number] | null;

function jitterRange(value: unknown, name: string, center = 1, hue = false): Range {
  let v: [number, number];
  if (typeof value === "number") {
    if (value < 0) throw new ValueError(`If ${name} is a single number, it must be non negative.`);
    v = [center - value, center + value];
    if (!hue) v[0] = Math.max(v[0], 0);
  } else if (Array.isArray(value) && value.length === 2) {
    const [lo, hi] = hue ? [-0.5, 0.5] : [0, Number.POSITIVE_INFINITY];
    if (!(lo <= value[0] && value[0] <= value[1] && value[1] <= hi))
      throw new ValueError(`${name} values should be between ${hue ? "(-0.5, 0.5)" : "(0, inf)"}`);
    v = [value[0], value[1]];
  } else throw new TypeError(`${name} should be a single number or a list/tuple with length 2.`);
  return v[0] === v[1] && v[1] === center ? null : v;
}

/** ColorJitter's keyword arguments. */
export interface ColorJitterOptions {
  /** brightness: a number b for the factor range [max(0, 1 - b), 1 + b], or [min, max] (default 0: off). */
  brightness?: number | readonly number[];
  /** contrast: a number c for the factor range [max(0, 1 - c), 1 + c], or [min, max] (default 0: off). */
  contrast?: number | readonly number[];
  /** saturation: a number s for the factor range [max(0, 1 - s), 1 + s], or [min, max] (default 0: off). */
  saturation?: number | readonly number[];
  /** hue: a number h for the shift range [-h, h], or [min, max] within [-0.5, 0.5] (default 0: off). */
  hue?: number | readonly number[];
}

/**
 * Random brightness, contrast, saturation and hue, in the order torch.randperm(4) draws, each factor
 * a torch.empty(1).uniform_ draw (in that order, for the ones set): torchvision's tensor path. For a PIL
 * image torchvision uses PIL's ImageEnhance and its own hue code, which round differently.
 * `new ColorJitter({brightness: 0.4, contrast: 0.4})` or positionally `new ColorJitter(0.4, 0.4, 0.4, 0.1)`.
 */
export class ColorJitter implements TransformModule {
  /** The brightness factor range, or null when off. */
  readonly brightness: Range;
  /** The contrast factor range, or null when off. */
  readonly contrast: Range;
  /** The saturation factor range, or null when off. */
  readonly saturation: Range;
  /** The hue shift range, or null when off. */
  readonly hue: Range;
  constructor(
    brightness: number | readonly number[] | ColorJitterOptions = 0,
    contrast: number | readonly number[] = 0,
    saturation: number | readonly number[] = 0,
    hue: number | readonly number[] = 0,
  ) {
    let o: ColorJitterOptions = { brightness: brightness as number, contrast, saturation, hue };
    if (typeof brightness === "object" && !Array.isArray(brightness)) {
      checkOptions(brightness, ["brightness", "contrast", "saturation", "hue"]);
      o = brightness as ColorJitterOptions;
    }
    this.brightness = jitterRange(o.brightness ?? 0, "brightness");
    this.contrast = jitterRange(o.contrast ?? 0, "contrast");
    this.saturation = jitterRange(o.saturation ?? 0, "saturation");
    this.hue = jitterRange(o.hue ?? 0, "hue", 0, true);
  }

  /** ColorJitter.get_params: the order (a permutation of 0..3) and the factors (null where off). */
  static getParams(
    brightness: Range,
    contrast: Range,
    saturation: Range,
    hue: Range,
  ): [number[], number | null, number | null, number | null, number | null] {
    const order = tidy(() => randperm(4).toArray() as number[]);
    const factor = (r: Range) => (r === null ? null : uniform1(r[0], r[1]));
    const b = factor(brightness);
    const c = factor(contrast);
    const s = factor(saturation);
    const h = factor(hue);
    return [order, b, c, s, h];
  }

  /** forward: the set adjustments in the order and with the factors of {@link ColorJitter.getParams}. */
  apply(img: Tensor): Tensor {
    const [order, b, c, s, h] = ColorJitter.getParams(this.brightness, this.contrast, this.saturation, this.hue);
    return tidy(() => {
      let x = img;
      for (const id of order) {
        if (id === 0 && b !== null) x = adjustBrightness(x, b);
        else if (id === 1 && c !== null) x = adjustContrast(x, c);
        else if (id === 2 && s !== null) x = adjustSaturation(x, s);
        else if (id === 3 && h !== null) x = adjustHue(x, h);
      }
      return x;
    });
  }
  /** The Python repr, e.g. `ColorJitter(brightness=[0.6, 1.4], contrast=None, saturation=None, hue=None)`. */
  toString(): string {
    const r = (v: Range) => (v === null ? "None" : `[${v.map((x) => pyFloat(x)).join(", ")}]`);
    return `ColorJitter(brightness=${r(this.brightness)}, contrast=${r(this.contrast)}, saturation=${r(this.saturation)}, hue=${r(this.hue)})`;
  }
}

function sequenceOfLength(x: unknown, name: string, sizes: readonly number[]): void {
  const msg = sizes.length < 2 ? `${sizes[0]}` : sizes.join(" or ");
  if (!Array.isArray(x)) throw new TypeError(`${name} should be a sequence of length ${msg}.`);
  if (!sizes.includes(x.length)) throw new ValueError(`${name} should be a sequence of length ${msg}.`);
}

/** RandomRotation's keyword arguments. */
export interface RandomRotationOptions {
  /** interpolation: the resampling mode (default "nearest"). */
  interpolation?: InterpolationMode;
  /** expand: enlarges the output to hold the whole rotated image (default false). */
  expand?: boolean;
  /** center: the rotation centre [x, y] (default null: the image centre). */
  center?: readonly number[] | null;
  /** fill: the value where the rotated image does not reach, one for all channels or one per channel (default 0). */
  fill?: number | readonly number[] | null;
}

/**
 * Rotation by an angle drawn with torch.empty(1).uniform_(degrees[0], degrees[1]), on F.rotate's
 * tensor path (nearest by default, or bilinear); `fill` (default 0) where the rotated image does not
 * reach. torchvision rotates a PIL image with PIL's own resampling instead.
 */
export class RandomRotation implements TransformModule {
  /** The [min, max] angle range in degrees (a number d gives [-d, d]). */
  readonly degrees: [number, number];
  /** The resampling mode (default "nearest"). */
  readonly interpolation: InterpolationMode;
  /** Whether the output is enlarged to hold the whole rotated image. */
  readonly expand: boolean;
  /** The rotation centre [x, y], or null for the image centre. */
  readonly center: readonly number[] | null;
  /** The value where the rotated image does not reach. */
  readonly fill: number | readonly number[];
  constructor(degrees: number | readonly number[], o: RandomRotationOptions = {}) {
    checkOptions(o, ["interpolation", "expand", "center", "fill"]);
    if (typeof degrees === "number") {
      if (degrees < 0) throw new ValueError("If degrees is a single number, it must be positive.");
      this.degrees = [-degrees, degrees];
    } else {
      sequenceOfLength(degrees, "degrees", [2]);
      this.degrees = [degrees[0], degrees[1]];
    }
    if (o.center != null) sequenceOfLength(o.center, "center", [2]);
    this.center = o.center ?? null;
    this.interpolation = o.interpolation ?? "nearest";
    this.expand = o.expand ?? false;
    const fill = o.fill ?? 0;
    if (typeof fill !== "number" && !Array.isArray(fill))
      throw new TypeError("Fill should be either a sequence or a number.");
    this.fill = fill;
  }

  /** RandomRotation.get_params: the angle in degrees. */
  static getParams(degrees: readonly number[]): number {
    return uniform1(degrees[0], degrees[1]);
  }

  /** forward: F.rotate by an angle from {@link RandomRotation.getParams}. */
  apply(img: Tensor): Tensor {
    const [c] = dimensions(img);
    const fill = typeof this.fill === "number" ? new Array<number>(c).fill(this.fill) : [...this.fill];
    const angle = RandomRotation.getParams(this.degrees);
    return rotate(img, angle, this.interpolation, this.expand, this.center, fill);
  }
  /** The Python repr, e.g. `RandomRotation(degrees=[-10.0, 10.0], interpolation=nearest, expand=False, fill=0)`. */
  toString(): string {
    const center = this.center === null ? "" : `, center=[${this.center.join(", ")}]`;
    const fill = typeof this.fill === "number" ? String(this.fill) : `[${this.fill.join(", ")}]`;
    return `RandomRotation(degrees=[${this.degrees.map((d) => pyFloat(d)).join(", ")}], interpolation=${this.interpolation}, expand=${this.expand ? "True" : "False"}${center}, fill=${fill})`;
  }
}

/** RandomErasing's keyword arguments. */
export interface RandomErasingOptions {
  /** p: the probability of erasing (default 0.5). */
  p?: number;
  /** scale: the [min, max] share of the image's area erased (default [0.02, 0.33]). */
  scale?: readonly number[];
  /** ratio: the [min, max] aspect ratio of the box, drawn log-uniformly (default [0.3, 3.3]). */
  ratio?: readonly number[];
  /** A number, one per channel, or "random" (normal noise drawn with torch's generator). */
  value?: number | readonly number[] | "random";
  /** inplace: erases in the input itself rather than a copy (default false). */
  inplace?: boolean;
}

/**
 * Erases a random box with probability p (torch.rand(1) < p): area scale of the image's, aspect ratio
 * log-uniform in ratio, up to ten tries (torchvision's draws in its order: the area, the ratio, then
 * for "random" the normal noise, then the two offsets). Works on [..., C, H, W] (HWC uint8 through its
 * CHW view; torchvision refuses PIL images).
 */
export class RandomErasing implements TransformModule {
  /** The probability of erasing. */
  readonly p: number;
  /** The [min, max] share of the image's area erased. */
  readonly scale: [number, number];
  /** The [min, max] aspect ratio of the box. */
  readonly ratio: [number, number];
  /** The erasing value: a number, one per channel, or "random" (normal noise). */
  readonly value: number | readonly number[] | "random";
  /** Whether the input itself is erased rather than a copy. */
  readonly inplace: boolean;
  constructor(o: RandomErasingOptions = {}) {
    checkOptions(o, ["p", "scale", "ratio", "value", "inplace"]);
    const value = o.value ?? 0;
    if (typeof value !== "number" && typeof value !== "string" && !Array.isArray(value))
      throw new TypeError("Argument value should be either a number or str or a sequence");
    if (typeof value === "string" && value !== "random") throw new ValueError("If value is str, it should be 'random'");
    this.scale = pair(o.scale ?? [0.02, 0.33], "Scale should be a sequence");
    this.ratio = pair(o.ratio ?? [0.3, 3.3], "Ratio should be a sequence");
    warnMinMax(this.scale, this.ratio);
    if (this.scale[0] < 0 || this.scale[1] > 1) throw new ValueError("Scale should be between 0 and 1");
    this.p = o.p ?? 0.5;
    if (this.p < 0 || this.p > 1) throw new ValueError("Random erasing probability should be between 0 and 1");
    this.value = value;
    this.inplace = o.inplace ?? false;
  }

  /** RandomErasing.get_params: (top, left, height, width, value); value null draws normal noise. */
  static getParams(
    img: Tensor,
    scale: readonly number[],
    ratio: readonly number[],
    value: readonly number[] | null = null,
  ): [number, number, number, number, Tensor] {
    const [c, imgH, imgW] = isHWC(img) ? dimensions(img) : [img.size(-3), img.size(-2), img.size(-1)];
    const area = imgH * imgW;
    const [lr0, lr1] = logRatio(ratio);
    for (let k = 0; k < 10; k++) {
      const eraseArea = area * uniform1(scale[0], scale[1]);
      const aspectRatio = expUniform1(lr0, lr1);
      const h = pyRound(Math.sqrt(eraseArea * aspectRatio));
      const w = pyRound(Math.sqrt(eraseArea / aspectRatio));
      if (!(h < imgH && w < imgW)) continue;
      const v = value === null ? empty([c, h, w]).normal_() : tensor([...value]).view(-1, 1, 1);
      const i = randint1(imgH - h + 1);
      const j = randint1(imgW - w + 1);
      return [i, j, h, w, v];
    }
    return [0, 0, imgH, imgW, img];
  }

  /** forward: with probability p, erases the box of {@link RandomErasing.getParams}; with no box fitting, returns the image (a copy unless inplace). */
  apply(img: Tensor): Tensor {
    if (!draw(this.p)) return img;
    const value = typeof this.value === "number" ? [this.value] : this.value === "random" ? null : [...this.value];
    const [c] = isHWC(img) ? dimensions(img) : [img.size(-3)];
    if (value !== null && value.length !== 1 && value.length !== c)
      throw new ValueError(
        `If value is a sequence, it should have either a single value or ${c} (number of input channels)`,
      );
    const [i, j, h, w, v] = RandomErasing.getParams(img, this.scale, this.ratio, value);
    // No box fitted in ten tries: torchvision erases the image with itself.
    if (v === img) return this.inplace ? img : onImage(img, (x) => x.clone());
    return erase(img, i, j, h, w, v, this.inplace);
  }
  /** The Python repr, e.g. `RandomErasing(p=0.5, scale=(0.02, 0.33), ratio=(0.3, 3.3), value=0, inplace=False)`. */
  toString(): string {
    const tuple = (v: readonly number[]) => `(${v.join(", ")})`;
    const value =
      typeof this.value === "number" ? this.value : this.value === "random" ? "random" : `[${this.value.join(", ")}]`;
    return `RandomErasing(p=${this.p}, scale=${tuple(this.scale)}, ratio=${tuple(this.ratio)}, value=${value}, inplace=${this.inplace ? "True" : "False"})`;
  }
}

/**
 * Gaussian blur with sigma drawn by torch.empty(1).uniform_(sigma[0], sigma[1]) (a number: fixed).
 * kernelSize is [kx, ky] as F.gaussian_blur reads it (a number: square).
 */
export class GaussianBlur implements TransformModule {
  /** The kernel's [kx, ky], both odd and positive. */
  readonly kernelSize: [number, number];
  /** The [min, max] range sigma is drawn from (a number s gives [s, s]). */
  readonly sigma: [number, number];
  constructor(kernelSize: number | readonly number[], sigma: number | readonly number[] = [0.1, 2.0]) {
    this.kernelSize = setupSize(kernelSize, "Kernel size should be a tuple/list of two integers");
    for (const k of this.kernelSize)
      if (k <= 0 || k % 2 === 0) throw new ValueError("Kernel size value should be an odd and positive number.");
    if (typeof sigma === "number") {
      if (sigma <= 0) throw new ValueError("If sigma is a single number, it must be positive.");
      this.sigma = [sigma, sigma];
    } else if (Array.isArray(sigma) && sigma.length === 2) {
      if (!(0.0 < sigma[0] && sigma[0] <= sigma[1]))
        throw new ValueError("sigma values should be positive and of the form (min, max).");
      this.sigma = [sigma[0], sigma[1]];
    } else throw new ValueError("sigma should be a single number or a list/tuple with length 2.");
  }

  /** GaussianBlur.get_params: sigma. */
  static getParams(sigmaMin: number, sigmaMax: number): number {
    return uniform1(sigmaMin, sigmaMax);
  }

  /** forward: {@link gaussianBlur} with a sigma from {@link GaussianBlur.getParams}, the same on both axes. */
  apply(img: Tensor): Tensor {
    const sigma = GaussianBlur.getParams(this.sigma[0], this.sigma[1]);
    return gaussianBlur(img, this.kernelSize, [sigma, sigma]);
  }
  /** The Python repr, e.g. `GaussianBlur(kernel_size=(3, 3), sigma=(0.1, 2.0))`. */
  toString(): string {
    return `GaussianBlur(kernel_size=${pyTuple(this.kernelSize)}, sigma=(${this.sigma.map((s) => pyFloat(s)).join(", ")}))`;
  }
}

/** convertImageDtype as a transform. */
export class ConvertImageDtype implements TransformModule {
  /** The dtype images are converted to. */
  readonly dtype: DType;
  constructor(dtype: DTypeLike) {
    this.dtype = checkDtype(dtype);
  }
  /** forward: {@link convertImageDtype} to dtype. */
  apply(image: Tensor): Tensor {
    return convertImageDtype(image, this.dtype);
  }
  /** The Python repr, `ConvertImageDtype()`. */
  toString(): string {
    return "ConvertImageDtype()";
  }
}

/** torchvision's Lambda: a function as a transform object. */
export class Lambda<I = Tensor, O = Tensor> implements TransformModule<I, O> {
  constructor(readonly lambd: (x: I) => O) {
    if (typeof lambd !== "function") throw new TypeError(`Argument lambd should be callable, got ${typeof lambd}`);
  }
  /** forward: lambd(x). */
  apply(x: I): O {
    return this.lambd(x);
  }
  /** The Python repr, `Lambda()`. */
  toString(): string {
    return "Lambda()";
  }
}

// ---- affine, perspective, multi-crop, linear and elastic transforms

/** torchvision's _setup_angle: a number d as [-d, d], or a sequence of one of the allowed lengths. */
function setupAngle(x: number | readonly number[], name: string, sizes: readonly number[]): number[] {
  if (typeof x === "number") {
    if (x < 0) throw new ValueError(`If ${name} is a single number, it must be positive.`);
    return [-x, x];
  }
  sequenceOfLength(x, name, sizes);
  return [...x];
}

/** A transform's fill as torchvision hands it to the tensor kernels: one float per channel. */
function fillPerChannel(fill: number | readonly number[], channels: number): number[] {
  return typeof fill === "number" ? new Array<number>(channels).fill(fill) : [...fill];
}

function checkFill(fill: unknown): number | readonly number[] {
  if (fill === null || fill === undefined) return 0;
  if (typeof fill !== "number" && !Array.isArray(fill))
    throw new TypeError("Fill should be either a sequence or a number.");
  return fill as number | readonly number[];
}

/** Python's repr of a list of numbers as floats. */
function pyFloats(v: readonly number[]): string {
  return `[${v.map((x) => pyFloat(x)).join(", ")}]`;
}

/** RandomAffine's keyword arguments. */
export interface RandomAffineOptions {
  /** translate: the [a, b] largest horizontal and vertical shifts, as fractions of width and height (default null: none). */
  translate?: readonly number[] | null;
  /** scale: the [min, max] scale factor range (default null: 1). */
  scale?: readonly number[] | null;
  /** shear: degrees, as s (x shear in [-s, s]), [x0, x1] or [x0, x1, y0, y1] (default null: none). */
  shear?: number | readonly number[] | null;
  /** interpolation: the resampling mode (default "nearest"). */
  interpolation?: InterpolationMode;
  /** fill: the value outside the transformed image, one for all channels or one per channel (default 0). */
  fill?: number | readonly number[];
  /** center: the centre of the map [x, y] (default null: the image centre). */
  center?: readonly number[] | null;
}

/**
 * Random affine map keeping the centre: an angle in `degrees`, a translation up to
 * translate * image size, a scale in `scale`, and shears in `shear` ([x0, x1] or [x0, x1, y0, y1]),
 * drawn with torch.empty(1).uniform_ in torchvision's order; F.affine's tensor path.
 */
export class RandomAffine implements TransformModule {
  /** The [min, max] rotation angle in degrees (a number d gives [-d, d]). */
  readonly degrees: number[];
  /** The largest shifts [a, b] as fractions of width and height, or null. */
  readonly translate: readonly number[] | null;
  /** The [min, max] scale range, or null (scale 1). */
  readonly scale: readonly number[] | null;
  /** The shear ranges in degrees, [x0, x1] or [x0, x1, y0, y1], or null. */
  readonly shear: number[] | null;
  /** The resampling mode (default "nearest"). */
  readonly interpolation: InterpolationMode;
  /** The value outside the transformed image. */
  readonly fill: number | readonly number[];
  /** The centre of the map [x, y], or null for the image centre. */
  readonly center: readonly number[] | null;
  constructor(degrees: number | readonly number[], o: RandomAffineOptions = {}) {
    checkOptions(o, ["translate", "scale", "shear", "interpolation", "fill", "center"]);
    this.degrees = setupAngle(degrees, "degrees", [2]);
    const translate = o.translate ?? null;
    if (translate !== null) {
      sequenceOfLength(translate, "translate", [2]);
      for (const t of translate)
        if (!(t >= 0 && t <= 1)) throw new ValueError("translation values should be between 0 and 1");
    }
    this.translate = translate;
    const scale = o.scale ?? null;
    if (scale !== null) {
      sequenceOfLength(scale, "scale", [2]);
      for (const v of scale) if (v <= 0) throw new ValueError("scale values should be positive");
    }
    this.scale = scale;
    this.shear = o.shear == null ? null : setupAngle(o.shear, "shear", [2, 4]);
    this.interpolation = o.interpolation ?? "nearest";
    this.fill = checkFill(o.fill);
    if (o.center != null) sequenceOfLength(o.center, "center", [2]);
    this.center = o.center ?? null;
  }

  /** RandomAffine.get_params: [angle, [tx, ty], scale, [shearX, shearY]] for an image of [width, height]. */
  static getParams(
    degrees: readonly number[],
    translate: readonly number[] | null,
    scaleRanges: readonly number[] | null,
    shears: readonly number[] | null,
    imgSize: readonly number[],
  ): [number, [number, number], number, [number, number]] {
    const angle = uniform1(degrees[0], degrees[1]);
    let translations: [number, number] = [0, 0];
    if (translate !== null) {
      const maxDx = translate[0] * imgSize[0];
      const maxDy = translate[1] * imgSize[1];
      translations = [pyRound(uniform1(-maxDx, maxDx)), pyRound(uniform1(-maxDy, maxDy))];
    }
    const scale = scaleRanges !== null ? uniform1(scaleRanges[0], scaleRanges[1]) : 1.0;
    let shear: [number, number] = [0, 0];
    if (shears !== null) {
      shear = [uniform1(shears[0], shears[1]), 0];
      if (shears.length === 4) shear[1] = uniform1(shears[2], shears[3]);
    }
    return [angle, translations, scale, shear];
  }

  /** forward: {@link affine} with the parameters of {@link RandomAffine.getParams}. */
  apply(img: Tensor): Tensor {
    const [c, h, w] = dimensions(img);
    const fill = fillPerChannel(this.fill, c);
    const [angle, translate, scale, shear] = RandomAffine.getParams(
      this.degrees,
      this.translate,
      this.scale,
      this.shear,
      [w, h],
    );
    return affine(img, angle, translate, scale, shear, this.interpolation, fill, this.center);
  }
  /** The Python repr, listing only the options that differ from the defaults. */
  toString(): string {
    let s = `RandomAffine(degrees=${pyFloats(this.degrees)}`;
    if (this.translate !== null) s += `, translate=[${this.translate.join(", ")}]`;
    if (this.scale !== null) s += `, scale=[${this.scale.join(", ")}]`;
    if (this.shear !== null) s += `, shear=${pyFloats(this.shear)}`;
    if (this.interpolation !== "nearest") s += `, interpolation=${this.interpolation}`;
    if (this.fill !== 0) s += `, fill=${typeof this.fill === "number" ? this.fill : `[${this.fill.join(", ")}]`}`;
    if (this.center !== null) s += `, center=[${this.center.join(", ")}]`;
    return `${s})`;
  }
}

/** RandomPerspective's keyword arguments. */
export interface RandomPerspectiveOptions {
  /** distortion_scale: how far the corners may move, as a fraction of half the image, 0..1 (default 0.5). */
  distortionScale?: number;
  /** p: the probability of the transform (default 0.5). */
  p?: number;
  /** interpolation: the resampling mode (default "bilinear"). */
  interpolation?: InterpolationMode;
  /** fill: the value outside the transformed image, one for all channels or one per channel (default 0). */
  fill?: number | readonly number[];
}

/**
 * With probability p (torch.rand(1) < p), a perspective map moving each corner inward by up to
 * distortionScale of half the image (eight torch.randint draws in torchvision's order); bilinear by default.
 */
export class RandomPerspective implements TransformModule {
  /** How far the corners may move, as a fraction of half the image. */
  readonly distortionScale: number;
  /** The probability of the transform. */
  readonly p: number;
  /** The resampling mode (default "bilinear"). */
  readonly interpolation: InterpolationMode;
  /** The value outside the transformed image. */
  readonly fill: number | readonly number[];
  constructor(o: RandomPerspectiveOptions = {}) {
    checkOptions(o, ["distortionScale", "p", "interpolation", "fill"]);
    this.distortionScale = o.distortionScale ?? 0.5;
    this.p = o.p ?? 0.5;
    this.interpolation = o.interpolation ?? "bilinear";
    this.fill = checkFill(o.fill);
  }

  /** RandomPerspective.get_params: [startpoints, endpoints], each the four corners [x, y]. */
  static getParams(width: number, height: number, distortionScale: number): [number[][], number[][]] {
    const halfH = Math.floor(height / 2);
    const halfW = Math.floor(width / 2);
    const dw = Math.trunc(distortionScale * halfW);
    const dh = Math.trunc(distortionScale * halfH);
    const between = (lo: number, hi: number) => tidy(() => randint(lo, hi, [1]).item() as number);
    const topleft = [between(0, dw + 1), between(0, dh + 1)];
    const topright = [between(width - dw - 1, width), between(0, dh + 1)];
    const botright = [between(width - dw - 1, width), between(height - dh - 1, height)];
    const botleft = [between(0, dw + 1), between(height - dh - 1, height)];
    const startpoints = [
      [0, 0],
      [width - 1, 0],
      [width - 1, height - 1],
      [0, height - 1],
    ];
    return [startpoints, [topleft, topright, botright, botleft]];
  }

  /** forward: with probability p, {@link perspective} between the corners of {@link RandomPerspective.getParams}. */
  apply(img: Tensor): Tensor {
    const [c, h, w] = dimensions(img);
    const fill = fillPerChannel(this.fill, c);
    if (!draw(this.p)) return img;
    const [start, end] = RandomPerspective.getParams(w, h, this.distortionScale);
    return perspective(img, start, end, this.interpolation, fill);
  }
  /** The Python repr, e.g. `RandomPerspective(p=0.5)`. */
  toString(): string {
    return `RandomPerspective(p=${this.p})`;
  }
}

/** The four corner crops and the centre crop: apply returns the five images. */
export class FiveCrop implements TransformModule<Tensor, Tensor[]> {
  /** The crops' [h, w]. */
  readonly size: [number, number];
  private readonly sizeRepr: string;
  constructor(size: number | readonly number[]) {
    this.size = setupSize(size, "Please provide only two dimensions (h, w) for size.");
    this.sizeRepr = sizeRepr(size, this.size);
  }
  /** forward: the top-left, top-right, bottom-left, bottom-right and centre crops. */
  apply(img: Tensor): Tensor[] {
    return fiveCrop(img, this.size);
  }
  /** The Python repr, e.g. `FiveCrop(size=(224, 224))`. */
  toString(): string {
    return `FiveCrop(size=${this.sizeRepr})`;
  }
}

/** FiveCrop of the image and of its mirror (horizontal, or vertical with verticalFlip): ten images. */
export class TenCrop implements TransformModule<Tensor, Tensor[]> {
  /** The crops' [h, w]. */
  readonly size: [number, number];
  private readonly sizeRepr: string;
  constructor(
    size: number | readonly number[],
    readonly verticalFlip = false,
  ) {
    this.size = setupSize(size, "Please provide only two dimensions (h, w) for size.");
    this.sizeRepr = sizeRepr(size, this.size);
  }
  /** forward: the image's five crops, then its mirror's. */
  apply(img: Tensor): Tensor[] {
    return tenCrop(img, this.size, this.verticalFlip);
  }
  /** The Python repr, e.g. `TenCrop(size=(224, 224), vertical_flip=False)`. */
  toString(): string {
    return `TenCrop(size=${this.sizeRepr}, vertical_flip=${this.verticalFlip ? "True" : "False"})`;
  }
}

/** (x.view(-1, D) - meanVector) @ transformationMatrix, viewed back: whitening (ZCA) of [..., C, H, W] with D = C*H*W. */
export class LinearTransformation implements TransformModule {
  constructor(
    readonly transformationMatrix: Tensor,
    readonly meanVector: Tensor,
  ) {
    if (!(transformationMatrix instanceof Tensor) || !(meanVector instanceof Tensor))
      throw new TypeError("transformation_matrix and mean_vector should be Tensors");
    const m = transformationMatrix;
    const shape = `(${m.shape.join(", ")})`;
    if (m.size(0) !== m.size(1))
      throw new ValueError(`transformation_matrix should be square. Got ${shape} rectangular matrix.`);
    if (meanVector.size(0) !== m.size(0))
      throw new ValueError(
        `mean_vector should have the same length ${meanVector.size(0)} as any one of the dimensions of the transformation_matrix [${shape}]`,
      );
    if (String(m.device) !== String(meanVector.device))
      throw new ValueError(`Input tensors should be on the same device. Got ${m.device} and ${meanVector.device}`);
  }
  /** forward: x flattened to [-1, D], minus meanVector, times transformationMatrix, viewed back to x's shape. */
  apply(x: Tensor): Tensor {
    const shape = x.shape;
    const [c, h, w] = shape.slice(-3);
    const n = c * h * w;
    if (n !== this.transformationMatrix.size(0))
      throw new ValueError(
        `Input tensor and transformation matrix have incompatible shape.[${c} x ${h} x ${w}] != ${this.transformationMatrix.size(0)}`,
      );
    if (String(x.device).split(":")[0] !== String(this.meanVector.device).split(":")[0])
      throw new ValueError(
        `Input tensor should be on the same device as transformation matrix and mean vector. Got ${x.device} vs ${this.meanVector.device}`,
      );
    return tidy(() => x.view(-1, n).sub(this.meanVector).mm(this.transformationMatrix).view(shape));
  }
  /** The Python repr, the matrix and vector as nested lists. */
  toString(): string {
    const list = (t: Tensor) => JSON.stringify(t.tolist()).replace(/,/g, ", ");
    return `LinearTransformation(transformation_matrix=${list(this.transformationMatrix)}, mean_vector=${list(this.meanVector)})`;
  }
}

function floatPair(v: unknown, name: string): [number, number] {
  if (typeof v === "number") return [v, v];
  if (!Array.isArray(v)) throw new TypeError(`${name} should be float or a sequence of floats. Got ${typeof v}`);
  if (v.length === 1) return [v[0], v[0]];
  if (v.length !== 2) throw new ValueError(`If ${name} is a sequence its length should be 2. Got ${v.length}`);
  for (const e of v)
    if (typeof e !== "number") throw new TypeError(`${name} should be a sequence of floats. Got ${typeof e}`);
  return [v[0], v[1]];
}

/** ElasticTransform's keyword arguments. */
export interface ElasticTransformOptions {
  /** alpha: the displacement strength, a number or [ax, ay] (default 50.0). */
  alpha?: number | readonly number[];
  /** sigma: the smoothing Gaussian's standard deviation, a number or [sx, sy] (default 5.0). */
  sigma?: number | readonly number[];
  /** interpolation: the resampling mode (default "bilinear"). */
  interpolation?: InterpolationMode;
  /** fill: the value where no source pixel lands (default 0). */
  fill?: number;
}

/**
 * Elastic displacement: uniform noise in [-1, 1) per pixel and axis (two torch.rand draws), blurred by
 * a Gaussian of `sigma` and scaled by alpha / size, added to the identity grid (F.elastic_transform).
 */
export class ElasticTransform implements TransformModule {
  /** The displacement strength [ax, ay]. */
  readonly alpha: [number, number];
  /** The smoothing Gaussian's standard deviations [sx, sy]. */
  readonly sigma: [number, number];
  /** The resampling mode (default "bilinear"). */
  readonly interpolation: InterpolationMode;
  /** The value where no source pixel lands. */
  readonly fill: number;
  constructor(o: ElasticTransformOptions = {}) {
    checkOptions(o, ["alpha", "sigma", "interpolation", "fill"]);
    this.alpha = floatPair(o.alpha ?? 50.0, "alpha");
    this.sigma = floatPair(o.sigma ?? 5.0, "sigma");
    this.interpolation = o.interpolation ?? "bilinear";
    const fill = o.fill ?? 0;
    if (typeof fill !== "number") throw new TypeError(`fill should be int or float. Got ${typeof fill}`);
    this.fill = fill;
  }

  /** ElasticTransform.get_params: the [1, H, W, 2] displacement for an image of size [H, W]. */
  static getParams(alpha: readonly number[], sigma: readonly number[], size: readonly number[]): Tensor {
    return tidy(() => {
      const axis = (i: number) => {
        let d = rand([1, 1, size[0], size[1]]).mul(2).sub(1);
        if (sigma[i] > 0) {
          let k = Math.trunc(8 * sigma[i] + 1);
          if (k % 2 === 0) k += 1;
          d = gaussianBlur(d, [k, k], [...sigma]);
        }
        return d.mul(alpha[i]).div(size[i]);
      };
      const dx = axis(0);
      const dy = axis(1);
      return cat([dx, dy], 1).permute(0, 2, 3, 1);
    });
  }

  /** forward: {@link elasticTransform} with a displacement from {@link ElasticTransform.getParams}. */
  apply(img: Tensor): Tensor {
    const [, h, w] = dimensions(img);
    const displacement = ElasticTransform.getParams(this.alpha, this.sigma, [h, w]);
    try {
      return elasticTransform(img, displacement, this.interpolation, this.fill);
    } finally {
      displacement.dispose();
    }
  }
  /** torchvision 0.14's repr, whose last two fields are not in an f-string. */
  toString(): string {
    return `ElasticTransform(alpha=${pyFloats(this.alpha)}), (sigma=${pyFloats(this.sigma)}), interpolation={self.interpolation}, fill={self.fill})`;
  }
}

// ---- the colour operations of AutoAugment as random transforms (each applied when torch.rand(1).item() < p)

/** torch.rand(1).item() < p: a float32 draw compared as a Python float. */
function drawItem(p: number): boolean {
  return tidy(() => rand([1]).item() as number) < p;
}

/** Inverts the colours with probability p. */
export class RandomInvert implements TransformModule {
  constructor(readonly p = 0.5) {}
  /** forward: invert(img) when torch.rand(1).item() < p, else the input itself. */
  apply(img: Tensor): Tensor {
    return drawItem(this.p) ? invert(img) : img;
  }
  /** The Python repr, e.g. `RandomInvert(p=0.5)`. */
  toString(): string {
    return `RandomInvert(p=${this.p})`;
  }
}

/** Keeps `bits` bits per channel with probability p. */
export class RandomPosterize implements TransformModule {
  constructor(
    readonly bits: number,
    readonly p = 0.5,
  ) {}
  /** forward: posterize(img, bits) when torch.rand(1).item() < p, else the input itself. */
  apply(img: Tensor): Tensor {
    return drawItem(this.p) ? posterize(img, this.bits) : img;
  }
  /** The Python repr, e.g. `RandomPosterize(bits=2,p=0.5)`. */
  toString(): string {
    return `RandomPosterize(bits=${this.bits},p=${this.p})`;
  }
}

/** Inverts the pixels at or above `threshold` with probability p. */
export class RandomSolarize implements TransformModule {
  constructor(
    readonly threshold: number,
    readonly p = 0.5,
  ) {}
  /** forward: solarize(img, threshold) when torch.rand(1).item() < p, else the input itself. */
  apply(img: Tensor): Tensor {
    return drawItem(this.p) ? solarize(img, this.threshold) : img;
  }
  /** The Python repr, e.g. `RandomSolarize(threshold=128,p=0.5)`. */
  toString(): string {
    return `RandomSolarize(threshold=${this.threshold},p=${this.p})`;
  }
}

/** Adjusts the sharpness by `sharpnessFactor` with probability p. */
export class RandomAdjustSharpness implements TransformModule {
  constructor(
    readonly sharpnessFactor: number,
    readonly p = 0.5,
  ) {}
  /** forward: adjustSharpness(img, sharpnessFactor) when torch.rand(1).item() < p, else the input itself. */
  apply(img: Tensor): Tensor {
    return drawItem(this.p) ? adjustSharpness(img, this.sharpnessFactor) : img;
  }
  /** The Python repr, e.g. `RandomAdjustSharpness(sharpness_factor=2,p=0.5)`. */
  toString(): string {
    return `RandomAdjustSharpness(sharpness_factor=${this.sharpnessFactor},p=${this.p})`;
  }
}

/** Autocontrast with probability p. */
export class RandomAutocontrast implements TransformModule {
  constructor(readonly p = 0.5) {}
  /** forward: autocontrast(img) when torch.rand(1).item() < p, else the input itself. */
  apply(img: Tensor): Tensor {
    return drawItem(this.p) ? autocontrast(img) : img;
  }
  /** The Python repr, e.g. `RandomAutocontrast(p=0.5)`. */
  toString(): string {
    return `RandomAutocontrast(p=${this.p})`;
  }
}

/** Histogram equalization with probability p. */
export class RandomEqualize implements TransformModule {
  constructor(readonly p = 0.5) {}
  /** forward: equalize(img) when torch.rand(1).item() < p, else the input itself. */
  apply(img: Tensor): Tensor {
    return drawItem(this.p) ? equalize(img) : img;
  }
  /** The Python repr, e.g. `RandomEqualize(p=0.5)`. */
  toString(): string {
    return `RandomEqualize(p=${this.p})`;
  }
}

// Built-in transforms never keep their input, so Compose may free what one hands to the next.
const BUILTIN = [
  ToTensor,
  Normalize,
  RandomHorizontalFlip,
  RandomCrop,
  CenterCrop,
  Resize,
  RandomResizedCrop,
  RandomVerticalFlip,
  Pad,
  Grayscale,
  RandomGrayscale,
  ColorJitter,
  RandomRotation,
  RandomErasing,
  GaussianBlur,
  ConvertImageDtype,
  RandomAffine,
  RandomPerspective,
  LinearTransformation,
  ElasticTransform,
  RandomInvert,
  RandomPosterize,
  RandomSolarize,
  RandomAdjustSharpness,
  RandomAutocontrast,
  RandomEqualize,
];
function isBuiltin(t: unknown): boolean {
  return BUILTIN.some((c) => t instanceof c);
}

// biome-ignore lint/suspicious/noExplicitAny: a pipeline's stages have their own types
type AnyTransform = Transform<any, any>;

/** Runs transforms in order; any of them may be a plain function. */
export class Compose implements TransformModule {
  /** The transforms, run in order. */
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
  /** The Python repr: one transform a line, functions as `<function name>`. */
  toString(): string {
    const name = (t: AnyTransform) => (typeof t === "function" ? `<function ${t.name || "<lambda>"}>` : String(t));
    return `Compose(${this.transforms.map((t) => `\n    ${name(t)}`).join("")}\n)`;
  }
}

function transformList(transforms: unknown, message: string): AnyTransform[] {
  if (!Array.isArray(transforms)) throw new TypeError(message);
  for (const t of transforms)
    if (typeof t !== "function" && (t === null || typeof t !== "object" || typeof t.apply !== "function"))
      throw new TypeError("each transform must be a function or have an apply(x) method");
  return [...transforms];
}

function describe(t: AnyTransform): string {
  return typeof t === "function" ? `<function ${t.name || "<lambda>"}>` : String(t);
}

/** Runs the transforms in order with probability p: skipped when p < torch.rand(1) (in float32), as torchvision. */
export class RandomApply implements TransformModule {
  /** The transforms run, in order, when the draw passes. */
  readonly transforms: AnyTransform[];
  constructor(
    transforms: readonly AnyTransform[],
    readonly p = 0.5,
  ) {
    this.transforms = transformList(transforms, "RandomApply takes an array of transforms");
    if (typeof p !== "number") throw new TypeError("p must be a number");
  }
  /** forward: the transforms in order, or x itself when p < torch.rand(1). */
  apply<I = Tensor, O = Tensor>(x: I): O {
    if (Math.fround(this.p) < (tidy(() => rand([1]).item()) as number)) return x as unknown as O;
    let y: unknown = x;
    for (const t of this.transforms) y = applyTransform(t, y);
    return y as O;
  }
  /** The Python repr: p, then one transform a line. */
  toString(): string {
    return `RandomApply(\n    p=${this.p}${this.transforms.map((t) => `\n    ${describe(t)}`).join("")}\n)`;
  }
}

/**
 * One of the transforms, picked with weights p (null: uniformly) by Python's random.choices algorithm.
 * torchvision draws from Python's `random` module, which torchts does not have: the draw here is
 * torch.rand(1, dtype=float64) from torch's global generator, so the picks differ from torchvision's.
 */
export class RandomChoice implements TransformModule {
  /** The transforms one is picked from. */
  readonly transforms: AnyTransform[];
  /** The pick weights, or null for uniform picks. */
  readonly p: number[] | null;
  constructor(transforms: readonly AnyTransform[], p: readonly number[] | null = null) {
    this.transforms = transformList(transforms, "Argument transforms should be a sequence");
    if (p !== null && !Array.isArray(p)) throw new TypeError("Argument p should be a sequence");
    this.p = p === null ? null : [...p];
  }
  /** forward: the picked transform applied to x. */
  apply<I = Tensor, O = Tensor>(x: I): O {
    const n = this.transforms.length;
    const cum: number[] = [];
    if (this.p !== null) {
      for (const w of this.p) cum.push((cum.length ? cum[cum.length - 1] : 0) + w);
      if (cum.length !== n) throw new ValueError("The number of weights does not match the population");
      const total = cum[n - 1];
      if (total <= 0) throw new ValueError("Total of weights must be greater than zero");
      if (!Number.isFinite(total)) throw new ValueError("Total of weights must be finite");
    }
    const u = tidy(() => rand([1], { dtype: "float64" }).item()) as number;
    let k = Math.floor(u * n);
    if (this.p !== null) {
      // bisect_right(cum, u * total, 0, n - 1)
      const target = u * cum[n - 1];
      k = 0;
      while (k < n - 1 && cum[k] <= target) k++;
    }
    return applyTransform(this.transforms[k], x) as O;
  }
  /** The Python repr: one transform a line, then p. */
  toString(): string {
    const p = this.p === null ? "None" : `[${this.p.join(", ")}]`;
    return `RandomChoice(${this.transforms.map((t) => `\n    ${describe(t)}`).join("")}\n)(p=${p})`;
  }
}

/**
 * The transforms in a random order: torch.randperm(n) from torch's global generator (torchvision
 * shuffles with Python's `random` module, so its orders differ).
 */
export class RandomOrder implements TransformModule {
  /** The transforms, run in an order drawn per call. */
  readonly transforms: AnyTransform[];
  constructor(transforms: readonly AnyTransform[]) {
    this.transforms = transformList(transforms, "Argument transforms should be a sequence");
  }
  /** forward: the transforms in the order torch.randperm(n) draws. */
  apply<I = Tensor, O = Tensor>(x: I): O {
    const order = tidy(() => randperm(this.transforms.length).toArray() as number[]);
    let y: unknown = x;
    for (const i of order) y = applyTransform(this.transforms[i], y);
    return y as O;
  }
  /** The Python repr: one transform a line. */
  toString(): string {
    return `RandomOrder(${this.transforms.map((t) => `\n    ${describe(t)}`).join("")}\n)`;
  }
}

// ---- the DataLoader's native fast path

/** A pipeline the native batch step runs in one call: torchvision's numbers, batched. */
export interface FusedTransform {
  /** Normalize's mean, one per channel ([] when there is no Normalize). */
  mean: number[];
  /** Normalize's std, one per channel ([] when there is no Normalize). */
  std: number[];
  /** RandomCrop's zero padding [padH, padW] and size [h, w] (crop [] when there is none). */
  pad: [number, number];
  /** RandomCrop's size [h, w] ([] when there is none). */
  crop: number[];
  /** Per image, what loaderDraws draws: randint(0, high) for high > 0, rand(1) for 0. */
  highs: number[];
  /** Where in `highs` the crop's two draws are (-1: none). */
  cropAt: number;
  /** Where in `highs` the flip's draw is (-1: none). */
  flipAt: number;
  /** RandomHorizontalFlip's p, rounded to float32 as torch.rand(1) < p compares it. */
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
