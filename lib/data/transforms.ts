// torchvision.transforms (0.14) over tensors. Layout: a uint8 [H, W, C] tensor is an image as PIL or a
// numpy array holds it (what ImageDataset gives before ToTensor); ToTensor turns it into float
// [C, H, W]. Every other tensor is [..., H, W] as torchvision's tensor transforms take it. Crops,
// flips and padding give the same pixels as torchvision on a PIL image; Resize is torchvision's tensor
// path (F.interpolate), which differs from PIL's resampling. The colour transforms, grayscale, blur,
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
  if (h < th || w < tw)
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
  private readonly sizeRepr: string;
  constructor(size: number | readonly number[]) {
    this.size = setupSize(size, "Please provide only two dimensions (h, w) for size.");
    this.sizeRepr = sizeRepr(size, this.size);
  }
  apply(img: Tensor): Tensor {
    return centerCrop(img, this.size);
  }
  toString(): string {
    return `CenterCrop(size=${this.sizeRepr})`;
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

export class RandomVerticalFlip implements TransformModule {
  constructor(readonly p = 0.5) {
    if (typeof p !== "number") throw new TypeError("p must be a number");
  }
  apply(img: Tensor): Tensor {
    return draw(this.p) ? vflip(img) : img;
  }
  toString(): string {
    return `RandomVerticalFlip(p=${this.p})`;
  }
}

export interface RandomResizedCropOptions {
  scale?: readonly number[];
  ratio?: readonly number[];
  interpolation?: InterpolationMode;
  antialias?: boolean | null;
}

/**
 * A crop of random area (scale of the image's) and aspect ratio (log-uniform in ratio), resized to
 * `size` with the tensor resize (antialias off unless asked, torchvision 0.14's tensor default; for a
 * PIL image torchvision resizes with PIL's antialiased filters instead). The draws are torchvision's:
 * per try torch.empty(1).uniform_ for the area and the log ratio, then two torch.randint for the offset.
 */
export class RandomResizedCrop implements TransformModule {
  readonly size: [number, number];
  private readonly sizeRepr: string;
  readonly scale: [number, number];
  readonly ratio: [number, number];
  readonly interpolation: InterpolationMode;
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

  apply(img: Tensor): Tensor {
    const [i, j, h, w] = RandomResizedCrop.getParams(img, this.scale, this.ratio);
    return resizedCrop(img, i, j, h, w, this.size, this.interpolation, this.antialias);
  }
  toString(): string {
    const r4 = (v: readonly number[]) => `(${v.map((x) => pyFloat(pyRound(x * 1e4) / 1e4)).join(", ")})`;
    const aa = this.antialias === null ? "None" : this.antialias ? "True" : "False";
    // torchvision 0.14's repr, stray parenthesis included.
    return `RandomResizedCrop(size=${this.sizeRepr}, scale=${r4(this.scale)}, ratio=${r4(this.ratio)}, interpolation=${this.interpolation}), antialias=${aa})`;
  }
}

export interface PadOptions {
  fill?: number;
  paddingMode?: PaddingMode;
}

/** Pads every side: `new Pad(4)`, `new Pad([1, 2], {paddingMode: "reflect"})`; fill is a number for tensors. */
export class Pad implements TransformModule {
  readonly fill: number;
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
  apply(img: Tensor): Tensor {
    return pad(img, this.padding, this.fill, this.paddingMode);
  }
  toString(): string {
    const p = typeof this.padding === "number" ? this.padding : `[${this.padding.join(", ")}]`;
    return `Pad(padding=${p}, fill=${this.fill}, padding_mode=${this.paddingMode})`;
  }
}

/** Grayscale on the tensor path (see rgbToGrayscale): one channel, or three equal ones. */
export class Grayscale implements TransformModule {
  constructor(readonly numOutputChannels = 1) {}
  apply(img: Tensor): Tensor {
    return rgbToGrayscale(img, this.numOutputChannels);
  }
  toString(): string {
    return `Grayscale(num_output_channels=${this.numOutputChannels})`;
  }
}

/** Grayscale with probability p (torch.rand(1) < p), keeping the channel count. */
export class RandomGrayscale implements TransformModule {
  constructor(readonly p = 0.1) {
    if (typeof p !== "number") throw new TypeError("p must be a number");
  }
  apply(img: Tensor): Tensor {
    const [c] = dimensions(img);
    return draw(this.p) ? rgbToGrayscale(img, c) : img;
  }
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

export interface ColorJitterOptions {
  brightness?: number | readonly number[];
  contrast?: number | readonly number[];
  saturation?: number | readonly number[];
  hue?: number | readonly number[];
}

/**
 * Random brightness, contrast, saturation and hue, in the order torch.randperm(4) draws, each factor
 * a torch.empty(1).uniform_ draw (in that order, for the ones set): torchvision's tensor path. For a PIL
 * image torchvision uses PIL's ImageEnhance and its own hue code, which round differently.
 * `new ColorJitter({brightness: 0.4, contrast: 0.4})` or positionally `new ColorJitter(0.4, 0.4, 0.4, 0.1)`.
 */
export class ColorJitter implements TransformModule {
  readonly brightness: Range;
  readonly contrast: Range;
  readonly saturation: Range;
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

export interface RandomRotationOptions {
  interpolation?: InterpolationMode;
  expand?: boolean;
  center?: readonly number[] | null;
  fill?: number | readonly number[] | null;
}

/**
 * Rotation by an angle drawn with torch.empty(1).uniform_(degrees[0], degrees[1]), on F.rotate's
 * tensor path (nearest by default, or bilinear); `fill` (default 0) where the rotated image does not
 * reach. torchvision rotates a PIL image with PIL's own resampling instead.
 */
export class RandomRotation implements TransformModule {
  readonly degrees: [number, number];
  readonly interpolation: InterpolationMode;
  readonly expand: boolean;
  readonly center: readonly number[] | null;
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

  apply(img: Tensor): Tensor {
    const [c] = dimensions(img);
    const fill = typeof this.fill === "number" ? new Array<number>(c).fill(this.fill) : [...this.fill];
    const angle = RandomRotation.getParams(this.degrees);
    return rotate(img, angle, this.interpolation, this.expand, this.center, fill);
  }
  toString(): string {
    const center = this.center === null ? "" : `, center=[${this.center.join(", ")}]`;
    const fill = typeof this.fill === "number" ? String(this.fill) : `[${this.fill.join(", ")}]`;
    return `RandomRotation(degrees=[${this.degrees.map((d) => pyFloat(d)).join(", ")}], interpolation=${this.interpolation}, expand=${this.expand ? "True" : "False"}${center}, fill=${fill})`;
  }
}

export interface RandomErasingOptions {
  p?: number;
  scale?: readonly number[];
  ratio?: readonly number[];
  /** A number, one per channel, or "random" (normal noise drawn with torch's generator). */
  value?: number | readonly number[] | "random";
  inplace?: boolean;
}

/**
 * Erases a random box with probability p (torch.rand(1) < p): area scale of the image's, aspect ratio
 * log-uniform in ratio, up to ten tries (torchvision's draws in its order: the area, the ratio, then
 * for "random" the normal noise, then the two offsets). Works on [..., C, H, W] (HWC uint8 through its
 * CHW view; torchvision refuses PIL images).
 */
export class RandomErasing implements TransformModule {
  readonly p: number;
  readonly scale: [number, number];
  readonly ratio: [number, number];
  readonly value: number | readonly number[] | "random";
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
  readonly kernelSize: [number, number];
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

  apply(img: Tensor): Tensor {
    const sigma = GaussianBlur.getParams(this.sigma[0], this.sigma[1]);
    return gaussianBlur(img, this.kernelSize, [sigma, sigma]);
  }
  toString(): string {
    return `GaussianBlur(kernel_size=${pyTuple(this.kernelSize)}, sigma=(${this.sigma.map((s) => pyFloat(s)).join(", ")}))`;
  }
}

/** convertImageDtype as a transform. */
export class ConvertImageDtype implements TransformModule {
  readonly dtype: DType;
  constructor(dtype: DTypeLike) {
    this.dtype = checkDtype(dtype);
  }
  apply(image: Tensor): Tensor {
    return convertImageDtype(image, this.dtype);
  }
  toString(): string {
    return "ConvertImageDtype()";
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

export interface RandomAffineOptions {
  translate?: readonly number[] | null;
  scale?: readonly number[] | null;
  shear?: number | readonly number[] | null;
  interpolation?: InterpolationMode;
  fill?: number | readonly number[];
  center?: readonly number[] | null;
}

/**
 * Random affine map keeping the centre: an angle in `degrees`, a translation up to
 * translate * image size, a scale in `scale`, and shears in `shear` ([x0, x1] or [x0, x1, y0, y1]),
 * drawn with torch.empty(1).uniform_ in torchvision's order; F.affine's tensor path.
 */
export class RandomAffine implements TransformModule {
  readonly degrees: number[];
  readonly translate: readonly number[] | null;
  readonly scale: readonly number[] | null;
  readonly shear: number[] | null;
  readonly interpolation: InterpolationMode;
  readonly fill: number | readonly number[];
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

export interface RandomPerspectiveOptions {
  distortionScale?: number;
  p?: number;
  interpolation?: InterpolationMode;
  fill?: number | readonly number[];
}

/**
 * With probability p (torch.rand(1) < p), a perspective map moving each corner inward by up to
 * distortionScale of half the image (eight torch.randint draws in torchvision's order); bilinear by default.
 */
export class RandomPerspective implements TransformModule {
  readonly distortionScale: number;
  readonly p: number;
  readonly interpolation: InterpolationMode;
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

  apply(img: Tensor): Tensor {
    const [c, h, w] = dimensions(img);
    const fill = fillPerChannel(this.fill, c);
    if (!draw(this.p)) return img;
    const [start, end] = RandomPerspective.getParams(w, h, this.distortionScale);
    return perspective(img, start, end, this.interpolation, fill);
  }
  toString(): string {
    return `RandomPerspective(p=${this.p})`;
  }
}

/** The four corner crops and the centre crop: apply returns the five images. */
export class FiveCrop implements TransformModule<Tensor, Tensor[]> {
  readonly size: [number, number];
  private readonly sizeRepr: string;
  constructor(size: number | readonly number[]) {
    this.size = setupSize(size, "Please provide only two dimensions (h, w) for size.");
    this.sizeRepr = sizeRepr(size, this.size);
  }
  apply(img: Tensor): Tensor[] {
    return fiveCrop(img, this.size);
  }
  toString(): string {
    return `FiveCrop(size=${this.sizeRepr})`;
  }
}

/** FiveCrop of the image and of its mirror (horizontal, or vertical with verticalFlip): ten images. */
export class TenCrop implements TransformModule<Tensor, Tensor[]> {
  readonly size: [number, number];
  private readonly sizeRepr: string;
  constructor(
    size: number | readonly number[],
    readonly verticalFlip = false,
  ) {
    this.size = setupSize(size, "Please provide only two dimensions (h, w) for size.");
    this.sizeRepr = sizeRepr(size, this.size);
  }
  apply(img: Tensor): Tensor[] {
    return tenCrop(img, this.size, this.verticalFlip);
  }
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

export interface ElasticTransformOptions {
  alpha?: number | readonly number[];
  sigma?: number | readonly number[];
  interpolation?: InterpolationMode;
  fill?: number;
}

/**
 * Elastic displacement: uniform noise in [-1, 1) per pixel and axis (two torch.rand draws), blurred by
 * a Gaussian of `sigma` and scaled by alpha / size, added to the identity grid (F.elastic_transform).
 */
export class ElasticTransform implements TransformModule {
  readonly alpha: [number, number];
  readonly sigma: [number, number];
  readonly interpolation: InterpolationMode;
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

  apply(img: Tensor): Tensor {
    const [, h, w] = dimensions(img);
    const displacement = ElasticTransform.getParams(this.alpha, this.sigma, [h, w]);
    try {
      return elasticTransform(img, displacement, this.interpolation, this.fill);
    } finally {
      displacement.dispose();
    }
  }
  // torchvision 0.14's repr, whose last two fields are not in an f-string.
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
  apply(img: Tensor): Tensor {
    return drawItem(this.p) ? invert(img) : img;
  }
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
  apply(img: Tensor): Tensor {
    return drawItem(this.p) ? posterize(img, this.bits) : img;
  }
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
  apply(img: Tensor): Tensor {
    return drawItem(this.p) ? solarize(img, this.threshold) : img;
  }
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
  apply(img: Tensor): Tensor {
    return drawItem(this.p) ? adjustSharpness(img, this.sharpnessFactor) : img;
  }
  toString(): string {
    return `RandomAdjustSharpness(sharpness_factor=${this.sharpnessFactor},p=${this.p})`;
  }
}

/** Autocontrast with probability p. */
export class RandomAutocontrast implements TransformModule {
  constructor(readonly p = 0.5) {}
  apply(img: Tensor): Tensor {
    return drawItem(this.p) ? autocontrast(img) : img;
  }
  toString(): string {
    return `RandomAutocontrast(p=${this.p})`;
  }
}

/** Histogram equalization with probability p. */
export class RandomEqualize implements TransformModule {
  constructor(readonly p = 0.5) {}
  apply(img: Tensor): Tensor {
    return drawItem(this.p) ? equalize(img) : img;
  }
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
  readonly transforms: AnyTransform[];
  constructor(
    transforms: readonly AnyTransform[],
    readonly p = 0.5,
  ) {
    this.transforms = transformList(transforms, "RandomApply takes an array of transforms");
    if (typeof p !== "number") throw new TypeError("p must be a number");
  }
  apply<I = Tensor, O = Tensor>(x: I): O {
    if (Math.fround(this.p) < (tidy(() => rand([1]).item()) as number)) return x as unknown as O;
    let y: unknown = x;
    for (const t of this.transforms) y = applyTransform(t, y);
    return y as O;
  }
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
  readonly transforms: AnyTransform[];
  readonly p: number[] | null;
  constructor(transforms: readonly AnyTransform[], p: readonly number[] | null = null) {
    this.transforms = transformList(transforms, "Argument transforms should be a sequence");
    if (p !== null && !Array.isArray(p)) throw new TypeError("Argument p should be a sequence");
    this.p = p === null ? null : [...p];
  }
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
  readonly transforms: AnyTransform[];
  constructor(transforms: readonly AnyTransform[]) {
    this.transforms = transformList(transforms, "Argument transforms should be a sequence");
  }
  apply<I = Tensor, O = Tensor>(x: I): O {
    const order = tidy(() => randperm(this.transforms.length).toArray() as number[]);
    let y: unknown = x;
    for (const i of order) y = applyTransform(this.transforms[i], y);
    return y as O;
  }
  toString(): string {
    return `RandomOrder(${this.transforms.map((t) => `\n    ${describe(t)}`).join("")}\n)`;
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
