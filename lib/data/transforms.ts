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
import {
  arange,
  cat,
  empty,
  full,
  ones,
  onesLike,
  rand,
  randint,
  randperm,
  stack,
  tensor,
  where,
  zerosLike,
} from "../creation";
import { checkDtype, type DType, type DTypeLike } from "../dtype";
import { ValueError } from "../errors";
import { keep, tidy } from "../memory";
import { native } from "../native";
import { conv2d, pad as padNd } from "../nn/functional";
import { gridSample } from "../nn/functional_resample";
import { Tensor } from "../tensor";
import { py, pyFloat } from "../utils/pyrepr";

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
  const [sizes, aa] = resizeArgs(size, interpolation, maxSize, antialias);
  return onImage(img, (x) => resizeCHW(x, sizes, interpolation, maxSize, aa));
}

/** F.resize's checks; the sizes as a list and the antialias flag (off unless asked). */
function resizeArgs(
  size: number | readonly number[],
  interpolation: InterpolationMode,
  maxSize: number | null,
  antialias: boolean | null,
): [number[], boolean] {
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
  return [sizes, aa];
}

function resizeCHW(
  x: Tensor,
  sizes: readonly number[],
  interpolation: InterpolationMode,
  maxSize: number | null,
  antialias: boolean,
): Tensor {
  const [h, w] = hw(x);
  const out = resizedOutputSize(h, w, sizes, maxSize);
  return new Tensor(native.imageResize(x.handle, out, interpolation, antialias));
}

/** F.vflip: mirrors the height. */
export function vflip(img: Tensor): Tensor {
  return onImage(img, (x) => x.flip(-2));
}

/** F.resized_crop: crop(top, left, height, width), then resize to `size` (the tensor resize). */
export function resizedCrop(
  img: Tensor,
  top: number,
  left: number,
  height: number,
  width: number,
  size: number | readonly number[],
  interpolation: InterpolationMode = "bilinear",
  antialias: boolean | null = null,
): Tensor {
  const [sizes, aa] = resizeArgs(size, interpolation, null, antialias);
  return onImage(img, (x) => resizeCHW(cropCHW(x, top, left, height, width), sizes, interpolation, null, aa));
}

// ---- colour (torchvision's tensor kernels: the same ops in the same order, so the same rounding)

/** [channels, height, width] as torchvision's get_dimensions reads an image (an HWC image by its CHW view). */
function dimensions(img: Tensor): [number, number, number] {
  if (!(img instanceof Tensor)) throw new TypeError(`img should be a Tensor. Got ${typeof img}`);
  if (isHWC(img)) return [img.size(2), img.size(0), img.size(1)];
  if (img.dim() < 2) throw new TypeError("Tensor is not a torch image.");
  return chwDimensions(img);
}

function chwDimensions(x: Tensor): [number, number, number] {
  return [x.dim() === 2 ? 1 : x.size(-3), x.size(-2), x.size(-1)];
}

function checkChannels(x: Tensor, permitted: readonly number[]): number {
  const c = chwDimensions(x)[0];
  if (!permitted.includes(c))
    throw new TypeError(`Input image tensor permitted channel values are [${permitted.join(", ")}], but found ${c}`);
  return c;
}

const INTEGER_DTYPES: readonly DType[] = ["uint8", "int8", "int16", "int32", "int64"];
const FLOAT_DTYPES: readonly DType[] = ["float16", "bfloat16", "float32", "float64"];

/** torchvision's _max_value: an integer dtype's largest value (int64's as the float Python makes of it), else 1. */
function maxValue(dtype: DType): number {
  const max: Partial<Record<DType, number>> = {
    uint8: 255,
    int8: 127,
    int16: 32767,
    int32: 2147483647,
    int64: 2 ** 63,
  };
  return max[dtype] ?? 1;
}

/** An integer image as the float32 tensor that `python_float * img` computes with (a float image as is). */
function asFloat(x: Tensor): Tensor {
  return x.isFloatingPoint() ? x : x.to("float32");
}

/** torchvision's _blend: ratio * a + (1 - ratio) * b, clamped to [0, 1] or [0, 255], in a's dtype. */
function blend(a: Tensor, b: Tensor, ratio: number): Tensor {
  const bound = a.isFloatingPoint() ? 1 : 255;
  // A uint8 image times a float is float32 in PyTorch; converting first keeps an integral ratio from
  // becoming integer arithmetic here (a JS number cannot say 2.0).
  return asFloat(a)
    .mul(ratio)
    .add(asFloat(b).mul(1 - ratio))
    .clamp(0, bound)
    .to(a.dtype);
}

function grayCHW(x: Tensor, numOutputChannels: number): Tensor {
  if (x.dim() < 3) throw new TypeError(`Input image tensor should have at least 3 dimensions, but found ${x.dim()}`);
  checkChannels(x, [1, 3]);
  if (numOutputChannels !== 1 && numOutputChannels !== 3)
    throw new ValueError("num_output_channels should be either 1 or 3");
  let l: Tensor;
  if (x.size(-3) === 3) {
    const [r, g, b] = [0, 1, 2].map((i) => x.select(-3, i));
    l = r.mul(0.2989).add(g.mul(0.587)).add(b.mul(0.114)).to(x.dtype).unsqueeze(-3);
  } else l = x.clone();
  // A one-channel image stays one channel even when three are asked for (expand to its own shape).
  return numOutputChannels === 3 ? l.expand(x.shape) : l;
}

/**
 * F.rgb_to_grayscale on tensors: 0.2989 R + 0.587 G + 0.114 B, truncated back to an integer dtype.
 * (PIL's convert("L"), what torchvision uses for a PIL image, rounds integer weights instead.)
 */
export function rgbToGrayscale(img: Tensor, numOutputChannels = 1): Tensor {
  return tidy(() => onImage(img, (x) => grayCHW(x, numOutputChannels)));
}

function factorCheck(name: string, factor: number): void {
  if (typeof factor !== "number") throw new TypeError(`${name} should be a number`);
  if (factor < 0) throw new ValueError(`${name} (${py(factor)}) is not non-negative.`);
}

/** F.adjust_brightness on tensors: blends with black. */
export function adjustBrightness(img: Tensor, brightnessFactor: number): Tensor {
  factorCheck("brightness_factor", brightnessFactor);
  return tidy(() =>
    onImage(img, (x) => {
      checkChannels(x, [1, 3]);
      return blend(x, zerosLike(x), brightnessFactor);
    }),
  );
}

/** F.adjust_contrast on tensors: blends with the mean of the grayscale image. */
export function adjustContrast(img: Tensor, contrastFactor: number): Tensor {
  factorCheck("contrast_factor", contrastFactor);
  return tidy(() =>
    onImage(img, (x) => {
      const c = checkChannels(x, [3, 1]);
      const dtype = x.isFloatingPoint() ? x.dtype : "float32";
      const mean = (c === 3 ? grayCHW(x, 1) : x).to(dtype).mean([-3, -2, -1], true);
      return blend(x, mean, contrastFactor);
    }),
  );
}

/** F.adjust_saturation on tensors: blends with the grayscale image (a one-channel image is returned as is). */
export function adjustSaturation(img: Tensor, saturationFactor: number): Tensor {
  factorCheck("saturation_factor", saturationFactor);
  return tidy(() =>
    onImage(img, (x) => {
      if (checkChannels(x, [1, 3]) === 1) return x;
      return blend(x, grayCHW(x, 1), saturationFactor);
    }),
  );
}

/** F.adjust_hue on tensors: shifts the hue in HSV space by hueFactor in [-0.5, 0.5] of a turn. */
export function adjustHue(img: Tensor, hueFactor: number): Tensor {
  if (typeof hueFactor !== "number") throw new TypeError("hue_factor should be a number");
  if (!(hueFactor >= -0.5 && hueFactor <= 0.5))
    throw new ValueError(`hue_factor (${py(hueFactor)}) is not in [-0.5, 0.5].`);
  return tidy(() =>
    onImage(img, (x) => {
      if (checkChannels(x, [1, 3]) === 1) return x;
      const uint8 = x.dtype === "uint8";
      const hsv = rgbToHsv(uint8 ? x.to("float32").div(255) : x);
      const h = hsv.select(-3, 0).add(hueFactor).remainder(1);
      const rgb = hsvToRgb(stack([h, hsv.select(-3, 1), hsv.select(-3, 2)], -3));
      return uint8 ? rgb.mul(255).to("uint8") : rgb;
    }),
  );
}

/** torchvision's _rgb2hsv (Pillow's formulas), on [..., 3, H, W]. */
function rgbToHsv(img: Tensor): Tensor {
  const [r, g, b] = [0, 1, 2].map((i) => img.select(-3, i));
  const maxc = img.max(-3)[0];
  const minc = img.min(-3)[0];
  const eqc = maxc.eq(minc);
  const cr = maxc.sub(minc);
  const ones = onesLike(maxc);
  const s = cr.div(where(eqc, ones, maxc));
  const crDivisor = where(eqc, ones, cr);
  const rc = maxc.sub(r).div(crDivisor);
  const gc = maxc.sub(g).div(crDivisor);
  const bc = maxc.sub(b).div(crDivisor);
  // bool * bool is logical and.
  const hr = maxc.eq(r).mul(bc.sub(gc));
  const hg = maxc.eq(g).mul(maxc.ne(r)).mul(rc.add(2).sub(bc));
  const hb = maxc.ne(g).mul(maxc.ne(r)).mul(gc.add(4).sub(rc));
  // torch.fmod(h / 6 + 1, 1): h is in [-1, 5], so the dividend is positive and remainder is fmod.
  const h = hr.add(hg).add(hb).div(6).add(1).remainder(1);
  return stack([h, s, maxc], -3);
}

/** torchvision's _hsv2rgb, on [..., 3, H, W]; its one-hot einsum as a masked sum (exact: one term is nonzero). */
function hsvToRgb(img: Tensor): Tensor {
  const [h, s, v] = [0, 1, 2].map((i) => img.select(-3, i));
  const i0 = h.mul(6).floor();
  const f = h.mul(6).sub(i0);
  const i = i0.to("int32").remainder(6);
  const p = v.mul(s.rsub(1)).clamp(0, 1);
  const q = v.mul(s.mul(f).rsub(1)).clamp(0, 1);
  const t = v.mul(s.mul(f.rsub(1)).rsub(1)).clamp(0, 1);
  const mask = i.unsqueeze(-3).eq(arange(6, { device: i.device }).view(-1, 1, 1));
  const a1 = stack([v, q, p, p, t, v], -3);
  const a2 = stack([t, v, v, q, p, p], -3);
  const a3 = stack([p, p, t, v, v, q], -3);
  const a4 = stack([a1, a2, a3], -4);
  return mask.to(img.dtype).unsqueeze(-4).mul(a4).sum(-3);
}

// ---- blur, erasing, dtype

function castSqueezeIn(img: Tensor, dtypes: readonly DType[]): [Tensor, boolean, boolean, DType] {
  const squeeze = img.dim() < 4;
  let x = squeeze ? img.unsqueeze(0) : img;
  const outDtype = x.dtype;
  const cast = !dtypes.includes(outDtype);
  if (cast) x = x.to(dtypes[0]);
  return [x, cast, squeeze, outDtype];
}

function castSqueezeOut(img: Tensor, cast: boolean, squeeze: boolean, outDtype: DType): Tensor {
  let x = squeeze ? img.squeeze(0) : img;
  if (cast) {
    if (INTEGER_DTYPES.includes(outDtype)) x = x.round();
    x = x.to(outDtype);
  }
  return x;
}

function gaussianKernel1d(size: number, sigma: number): Tensor {
  const half = (size - 1) * 0.5;
  // torch.linspace(-half, half, size): a step of exactly 1, so these are its float32 values.
  const x = arange(size, { dtype: "float32" }).sub(half);
  const pdf = x.div(sigma).pow(2).mul(-0.5).exp();
  return pdf.div(pdf.sum());
}

function gaussianBlurCHW(x: Tensor, kernelSize: readonly number[], sigma: readonly number[]): Tensor {
  const dtype = x.isFloatingPoint() ? x.dtype : "float32";
  const kx = gaussianKernel1d(kernelSize[0], sigma[0]).to(x.device, { dtype });
  const ky = gaussianKernel1d(kernelSize[1], sigma[1]).to(x.device, { dtype });
  const k2 = ky.unsqueeze(1).mm(kx.unsqueeze(0));
  const kernel = k2.expand(x.size(-3), 1, k2.size(0), k2.size(1));
  const [img, cast, squeeze, outDtype] = castSqueezeIn(x, [kernel.dtype]);
  const [px, py_] = [Math.floor(kernelSize[0] / 2), Math.floor(kernelSize[1] / 2)];
  const padded = padNd(img, [px, px, py_, py_], "reflect");
  return castSqueezeOut(conv2d(padded, kernel, null, { groups: padded.size(-3) }), cast, squeeze, outDtype);
}

/**
 * F.gaussian_blur: a separable Gaussian kernel (kernelSize [kx, ky] odd, sigma [sx, sy]; by default
 * 0.3 ((k - 1) / 2 - 1) + 0.8) over reflect padding. torchvision runs a PIL image through this same
 * tensor code, so HWC images give PIL's results too.
 */
export function gaussianBlur(
  img: Tensor,
  kernelSize: number | readonly number[],
  sigma: number | readonly number[] | null = null,
): Tensor {
  if (typeof kernelSize !== "number" && !Array.isArray(kernelSize))
    throw new TypeError(`kernel_size should be int or a sequence of integers. Got ${typeof kernelSize}`);
  const ks = typeof kernelSize === "number" ? [kernelSize, kernelSize] : [...kernelSize];
  if (ks.length !== 2) throw new ValueError(`If kernel_size is a sequence its length should be 2. Got ${ks.length}`);
  for (const k of ks)
    if (!isInt(k) || k % 2 === 0 || k < 0)
      throw new ValueError(`kernel_size should have odd and positive integers. Got [${ks.join(", ")}]`);
  if (sigma !== null && typeof sigma !== "number" && !Array.isArray(sigma))
    throw new TypeError(`sigma should be either float or sequence of floats. Got ${typeof sigma}`);
  let s = sigma === null ? ks.map((k) => k * 0.15 + 0.35) : typeof sigma === "number" ? [sigma, sigma] : [...sigma];
  if (s.length === 1) s = [s[0], s[0]];
  if (s.length !== 2) throw new ValueError(`If sigma is a sequence, its length should be 2. Got ${s.length}`);
  for (const v of s)
    if (v <= 0) {
      // A number (or the default) became Python floats; a sequence prints as given.
      const show = (x: number) => (Array.isArray(sigma) ? py(x) : pyFloat(x));
      throw new ValueError(`sigma should have positive values. Got [${s.map(show).join(", ")}]`);
    }
  return tidy(() => onImage(img, (x) => gaussianBlurCHW(x, ks, s)));
}

/** Python's slice start:stop over n elements, as (start, length). */
function sliceOf(start: number, stop: number, n: number): [number, number] {
  const at = (v: number) => (v < 0 ? Math.max(v + n, 0) : Math.min(v, n));
  const [a, b] = [at(start), at(stop)];
  return [a, Math.max(b - a, 0)];
}

/** F.erase: img[..., i:i+h, j:j+w] = v (v broadcast to the box), on a copy unless inplace. */
export function erase(img: Tensor, i: number, j: number, h: number, w: number, v: Tensor, inplace = false): Tensor {
  if (!(img instanceof Tensor)) throw new TypeError(`img should be Tensor Image. Got ${typeof img}`);
  return onImage(img, (x) => {
    const out = inplace ? x : x.clone();
    const [top, height] = sliceOf(i, i + h, x.size(-2));
    const [left, width] = sliceOf(j, j + w, x.size(-1));
    out.narrow(-2, top, height).narrow(-1, left, width).copy_(v);
    return out;
  });
}

/**
 * F.convert_image_dtype: converts and rescales (integers span [0, max], floats [0, 1]); float to
 * integer multiplies by max + 1 - 1e-3 and truncates; integer to integer shifts by the ratio of the ranges.
 */
export function convertImageDtype(image: Tensor, dtype: DTypeLike = "float32"): Tensor {
  if (!(image instanceof Tensor)) throw new TypeError("Input img should be Tensor Image");
  const to = checkDtype(dtype);
  if (image.dtype === to) return image;
  const toFloat = FLOAT_DTYPES.includes(to);
  if (image.isFloatingPoint()) {
    if (toFloat) return image.to(to);
    if (
      (image.dtype === "float32" && (to === "int32" || to === "int64")) ||
      (image.dtype === "float64" && to === "int64")
    )
      throw new Error(`The cast from torch.${image.dtype} to torch.${to} cannot be performed safely.`);
    return image.mul(maxValue(to) + 1.0 - 1e-3).to(to);
  }
  const inputMax = maxValue(image.dtype);
  if (toFloat) return image.to(to).div(inputMax);
  const outputMax = maxValue(to);
  if (inputMax > outputMax) {
    // torch.div(image, factor, rounding_mode="floor") in image's dtype: factor is a power of two that
    // the remainder-free quotient fits in exactly as float64.
    const factor = Math.floor((inputMax + 1) / (outputMax + 1));
    return tidy(() => {
      const a = image.to("int64");
      const exact = a.sub(a.remainder(full([], factor, { dtype: "int64", device: image.device })));
      return exact.to("float64").div(factor).to(image.dtype).to(to);
    });
  }
  const factor = Math.floor((outputMax + 1) / (inputMax + 1));
  return image.to(to).mul(full([], factor, { dtype: to, device: image.device }));
}

// ---- rotation (F.rotate's tensor path: an inverse affine grid, then grid_sample)

/** torchvision's _get_inverse_affine_matrix, in float64; sin/cos/tan through libm as Python's math module. */
function inverseAffineMatrix(
  center: readonly number[],
  angle: number,
  translate: readonly number[],
  scale: number,
  shear: readonly number[],
): number[] {
  const radians = (d: number) => d * (Math.PI / 180);
  const cos = (v: number) => native.libm("cos", v);
  const sin = (v: number) => native.libm("sin", v);
  const tan = (v: number) => native.libm("tan", v);
  const [rot, sx, sy] = [radians(angle), radians(shear[0]), radians(shear[1])];
  const [cx, cy] = center;
  const [tx, ty] = translate;
  const a = cos(rot - sy) / cos(sy);
  const b = (-cos(rot - sy) * tan(sx)) / cos(sy) - sin(rot);
  const c = sin(rot - sy) / cos(sy);
  const d = (-sin(rot - sy) * tan(sx)) / cos(sy) + cos(rot);
  const m = [d, -b, 0, -c, a, 0].map((v) => v / scale);
  m[2] += m[0] * (-cx - tx) + m[1] * (-cy - ty);
  m[5] += m[3] * (-cx - tx) + m[4] * (-cy - ty);
  m[2] += cx;
  m[5] += cy;
  return m;
}

/** Python's float truncation toward zero, elementwise (exact). */
function trunc(x: Tensor): Tensor {
  return x.abs().floor().mul(x.sign());
}

/** torchvision's _compute_affine_output_size: the [w, h] that holds the whole transformed image (in float32). */
function affineOutputSize(matrix: readonly number[], w: number, h: number): [number, number] {
  return tidy(() => {
    const pts = tensor(
      [
        [-0.5 * w, -0.5 * h, 1.0],
        [-0.5 * w, 0.5 * h, 1.0],
        [0.5 * w, 0.5 * h, 1.0],
        [0.5 * w, -0.5 * h, 1.0],
      ],
      { dtype: "float32" },
    );
    const theta = tensor([...matrix], { dtype: "float32" }).view(2, 3);
    const newPts = pts.matmul(theta.t());
    const shift = tensor([w * 0.5, h * 0.5], { dtype: "float32" });
    const minVals = newPts.min(0)[0].add(shift);
    const maxVals = newPts.max(0)[0].add(shift);
    const tol = 1e-4;
    const cmax = trunc(maxVals.div(tol)).mul(tol).ceil();
    const cmin = trunc(minVals.div(tol)).mul(tol).floor();
    const [sw, sh] = cmax.sub(cmin).toArray() as number[];
    return [Math.trunc(sw), Math.trunc(sh)];
  });
}

/** torchvision's _gen_affine_grid: output pixel centres through theta, normalized by the input size. */
function affineGrid(theta: Tensor, w: number, h: number, ow: number, oh: number): Tensor {
  const o = { dtype: theta.dtype, device: theta.device };
  // torch.linspace(-n/2 + 0.5, n/2 - 0.5, n) in float32: a step of exactly 1, so arange + start.
  const line = (n: number) =>
    arange(n, { dtype: "float32", device: theta.device })
      .add(-n * 0.5 + 0.5)
      .to(theta.dtype);
  const base = stack([line(ow).view(1, ow).expand(oh, ow), line(oh).view(oh, 1).expand(oh, ow), ones([oh, ow], o)], -1);
  const rescaled = theta.transpose(1, 2).div(tensor([0.5 * w, 0.5 * h], o));
  return base
    .view(1, oh * ow, 3)
    .bmm(rescaled)
    .view(1, oh, ow, 2);
}

type Fill = number | readonly number[] | null;

function checkGridTransformInputs(x: Tensor, interpolation: string, fill: Fill): void {
  const c = chwDimensions(x)[0];
  if (fill !== null && typeof fill !== "number" && fill.length > 1 && fill.length !== c)
    throw new ValueError(
      `The number of elements in 'fill' cannot broadcast to match the number of channels of the image (${fill.length} != ${c})`,
    );
  if (interpolation !== "nearest" && interpolation !== "bilinear")
    throw new ValueError(`Interpolation mode '${interpolation}' is unsupported with Tensor input`);
}

/** torchvision's _apply_grid_transform: grid_sample with zeros outside, then `fill` there (through a ones channel). */
function applyGridTransform(x: Tensor, grid: Tensor, mode: "nearest" | "bilinear", fill: Fill): Tensor {
  let [img, cast, squeeze, outDtype] = castSqueezeIn(x, [grid.dtype]);
  if (img.dtype !== "float32" && img.dtype !== "float64")
    throw new TypeError(
      `rotation supports float32 and float64 images (and integer ones, computed in float32), not ${img.dtype}`,
    );
  const [N, C, H, W] = img.shape;
  const g = N > 1 ? grid.expand(N, grid.size(1), grid.size(2), grid.size(3)) : grid;
  if (fill !== null) img = cat([img, ones([N, 1, H, W], { dtype: img.dtype, device: img.device })], 1);
  let out = gridSample(img, g, { mode, paddingMode: "zeros", alignCorners: false });
  if (fill !== null) {
    const mask = out.narrow(1, C, 1);
    out = out.narrow(1, 0, C);
    const maskC = mask.expandAs(out);
    const fills = typeof fill === "number" ? [fill] : [...fill];
    const fillImg = tensor(fills, { dtype: out.dtype, device: out.device }).view(1, fills.length, 1, 1).expandAs(out);
    out = mode === "nearest" ? where(maskC.lt(0.5), fillImg, out) : out.mul(maskC).add(maskC.rsub(1).mul(fillImg));
  }
  return castSqueezeOut(out, cast, squeeze, outDtype);
}

/**
 * F.rotate on tensors: `angle` degrees counter-clockwise about `center` ([x, y], default the image
 * centre), nearest or bilinear, the same size or (expand) large enough for the whole image; `fill`
 * (a number or one per channel) where no source pixel lands, zeros when null. Integer images are
 * computed in float32 and rounded back. PIL images in torchvision go through PIL's rotate instead.
 */
export function rotate(
  img: Tensor,
  angle: number,
  interpolation: InterpolationMode = "nearest",
  expand = false,
  center: readonly number[] | null = null,
  fill: Fill = null,
): Tensor {
  if (typeof angle !== "number") throw new TypeError("Argument angle should be int or float");
  if (center !== null && !Array.isArray(center)) throw new TypeError("Argument center should be a sequence");
  return tidy(() =>
    onImage(img, (x) => {
      let centerF = [0, 0];
      if (center !== null) {
        const [, h, w] = chwDimensions(x);
        centerF = [center[0] - w * 0.5, center[1] - h * 0.5];
      }
      // torchvision passes -angle: its affine and rotate disagree on the direction.
      const matrix = inverseAffineMatrix(centerF, -angle, [0, 0], 1, [0, 0]);
      checkGridTransformInputs(x, interpolation, fill);
      const [w, h] = [x.size(-1), x.size(-2)];
      const [ow, oh] = expand ? affineOutputSize(matrix, w, h) : [w, h];
      const dtype = x.isFloatingPoint() ? x.dtype : "float32";
      const theta = tensor(matrix, { dtype, device: x.device }).reshape(1, 2, 3);
      return applyGridTransform(x, affineGrid(theta, w, h, ow, oh), interpolation as "nearest" | "bilinear", fill);
    }),
  );
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
  readonly scale: [number, number];
  readonly ratio: [number, number];
  readonly interpolation: InterpolationMode;
  readonly antialias: boolean | null;
  constructor(size: number | readonly number[], o: RandomResizedCropOptions = {}) {
    checkOptions(o, ["scale", "ratio", "interpolation", "antialias"]);
    this.size = setupSize(size, "Please provide only two dimensions (h, w) for size.");
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
    return `RandomResizedCrop(size=${pyTuple(this.size)}, scale=${r4(this.scale)}, ratio=${r4(this.ratio)}, interpolation=${this.interpolation}), antialias=${aa})`;
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
