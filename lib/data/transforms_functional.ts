// torchvision.transforms.functional (0.14) on tensors: the kernels behind the transform classes in
// transforms.ts. A uint8 [H, W, C] tensor is an image as PIL holds it and goes through its CHW view;
// every other tensor is [..., H, W]. The kernels are torchvision's tensor code op for op, so they
// round as torchvision does. Names without a doc comment are helpers shared with transforms.ts.
import { lstsq } from "../aten_linalg";
import { arange, cat, full, linspace, meshgrid, ones, onesLike, stack, tensor, where, zerosLike } from "../creation";
import { checkDtype, type DType, type DTypeLike } from "../dtype";
import { ValueError } from "../errors";
import { tidy } from "../memory";
import { native } from "../native";
import { conv2d, pad as padNd } from "../nn/functional";
import { gridSample } from "../nn/functional_resample";
import { Tensor } from "../tensor";
import { py, pyFloat } from "../utils/pyrepr";

/** A uint8 [H, W, C] tensor: an image as PIL/numpy hold it. */
export function isHWC(x: Tensor): boolean {
  return x.dtype === "uint8" && x.dim() === 3;
}

/** Runs an [..., H, W] op; an HWC image goes through a CHW view and comes back HWC (a new image, as PIL's ops give). */
export function onImage(x: Tensor, fn: (chw: Tensor) => Tensor): Tensor {
  if (!(x instanceof Tensor)) throw new TypeError(`img should be a Tensor. Got ${typeof x}`);
  if (x.dim() < 2) throw new TypeError("Tensor is not a torch image.");
  if (!isHWC(x)) return fn(x);
  return fn(x.permute(2, 0, 1))
    .permute(1, 2, 0)
    .contiguous();
}

export function hw(x: Tensor): [number, number] {
  return [x.size(-2), x.size(-1)];
}

export function isInt(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v);
}

/** Python's round(): halves go to the even neighbour. */
export function pyRound(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d !== 0.5) return d < 0.5 ? f : f + 1;
  return f % 2 === 0 ? f : f + 1;
}

export function pyTuple(v: readonly number[]): string {
  return v.length === 1 ? `(${v[0]},)` : `(${v.join(", ")})`;
}

/** torchvision's _setup_size: an int, or a sequence of one or two ints, as (h, w). */
export function setupSize(size: number | readonly number[], msg: string): [number, number] {
  if (typeof size === "number") return [Math.trunc(size), Math.trunc(size)];
  if (!Array.isArray(size)) throw new TypeError(`size must be a number or an array, got ${typeof size}`);
  if (size.length === 1) return [size[0], size[0]];
  if (size.length !== 2) throw new ValueError(msg);
  return [size[0], size[1]];
}

/** F.pad's padding_mode: constant (fill), edge, reflect (without the edge) or symmetric (with it). */
export type PaddingMode = "constant" | "edge" | "reflect" | "symmetric";
/** F.pad's padding: an int for every side, or [all], [left/right, top/bottom] or [left, top, right, bottom]. */
export type Padding = number | readonly number[];

/** F.pad's padding as [left, right, top, bottom]. */
export function parsePadding(padding: Padding): [number, number, number, number] {
  if (isInt(padding)) return [padding, padding, padding, padding];
  if (!Array.isArray(padding) || !padding.every(isInt)) throw new TypeError("Got inappropriate padding arg");
  if (![1, 2, 4].includes(padding.length))
    throw new ValueError(`Padding must be an int or a 1, 2, or 4 element tuple, not a ${padding.length} element tuple`);
  if (padding.length === 1) return [padding[0], padding[0], padding[0], padding[0]];
  if (padding.length === 2) return [padding[0], padding[0], padding[1], padding[1]];
  return [padding[0], padding[2], padding[1], padding[3]];
}

export function checkPadArgs(fill: unknown, mode: unknown): void {
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
export function normalizeParams(
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

export function padCHW(x: Tensor, padding: Padding, fill: number | null, paddingMode: PaddingMode): Tensor {
  checkPadArgs(fill, paddingMode);
  return new Tensor(native.imagePad(x.handle, parsePadding(padding), paddingMode, fill ?? 0));
}

/** F.crop: the box at (top, left) of height x width; parts outside the image are zeros. */
export function crop(img: Tensor, top: number, left: number, height: number, width: number): Tensor {
  return onImage(img, (x) => cropCHW(x, top, left, height, width));
}

export function cropCHW(x: Tensor, top: number, left: number, height: number, width: number): Tensor {
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

/**
 * torchvision's InterpolationMode as its lowercase value. Tensors take nearest, bilinear and bicubic; an
 * image (uint8 [H, W, C], as PIL holds it) also box, hamming and lanczos, as Pillow's resize does.
 */
export type InterpolationMode = "nearest" | "bilinear" | "bicubic" | "box" | "hamming" | "lanczos";
/** torchvision's InterpolationMode names. */
export const InterpolationMode = {
  NEAREST: "nearest",
  BILINEAR: "bilinear",
  BICUBIC: "bicubic",
  BOX: "box",
  HAMMING: "hamming",
  LANCZOS: "lanczos",
} as const;

export function resizedOutputSize(
  h: number,
  w: number,
  size: readonly number[],
  maxSize: number | null,
): [number, number] {
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
 * F.resize. A tensor: torchvision 0.14's tensor path — bilinear (default), nearest or bicubic with
 * align_corners=False, antialias off unless asked; integer tensors are computed in float32 and rounded
 * back. An image (uint8 [H, W, C], as PIL holds it): Pillow's Image.resize, as torchvision resizes a PIL
 * image — its fixed-point resampling, always antialiased (antialias is ignored, with torchvision's warning
 * when it is false), and the box, hamming and lanczos filters too; so the pixels are torchvision's.
 */
export function resize(
  img: Tensor,
  size: number | readonly number[],
  interpolation: InterpolationMode = "bilinear",
  maxSize: number | null = null,
  antialias: boolean | null = null,
): Tensor {
  if (img instanceof Tensor && isHWC(img)) return resizeImage(img, size, interpolation, maxSize, antialias);
  const [sizes, aa] = resizeArgs(size, interpolation, maxSize, antialias);
  return onImage(img, (x) => resizeCHW(x, sizes, interpolation, maxSize, aa));
}

const PIL_MODES: readonly string[] = Object.values(InterpolationMode);

/** torchvision's F.resize of a PIL image: the output size as for tensors, then Pillow's resize. */
function resizeImage(
  img: Tensor,
  size: number | readonly number[],
  interpolation: InterpolationMode,
  maxSize: number | null,
  antialias: boolean | null,
): Tensor {
  if (!PIL_MODES.includes(interpolation)) throw new ValueError(`'${interpolation}' is not a valid InterpolationMode`);
  const sizes = typeof size === "number" ? [size] : [...size];
  if (typeof size !== "number" && sizes.length !== 1 && sizes.length !== 2)
    throw new ValueError(
      `Size must be an int or a 1 or 2 element tuple/list, not a ${sizes.length} element tuple/list`,
    );
  if (typeof size !== "number" && maxSize !== null && sizes.length !== 1)
    throw new ValueError(
      "max_size should only be passed if size specifies the length of the smaller edge, i.e. size should be an int or a sequence of length 1 in torchscript mode.",
    );
  const out = resizedOutputSize(img.size(0), img.size(1), sizes, maxSize);
  if (out[0] === img.size(0) && out[1] === img.size(1)) return img;
  if (antialias === false)
    process.emitWarning(
      "Anti-alias option is always applied for PIL Image input. Argument antialias is ignored.",
      "UserWarning",
    );
  return pilResize(img, out, interpolation);
}

/** Pillow's Image.resize((w, h), filter, box) of an 8-bit image, [h, w] as given. */
export function pilResize(
  img: Tensor,
  size: readonly number[],
  interpolation: InterpolationMode,
  box: readonly number[] | null = null,
): Tensor {
  return new Tensor(native.imageResizePil(img.handle, [...size], interpolation, box === null ? null : [...box]));
}

/** F.resize's checks; the sizes as a list and the antialias flag (off unless asked). */
export function resizeArgs(
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

export function resizeCHW(
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

/** F.resized_crop: crop(top, left, height, width), then resize to `size` (Pillow's for an image). */
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
  // An image: PIL's crop (the same pixels as the tensor crop), then PIL's resize.
  if (img instanceof Tensor && isHWC(img))
    return resizeImage(crop(img, top, left, height, width), size, interpolation, null, antialias);
  const [sizes, aa] = resizeArgs(size, interpolation, null, antialias);
  return onImage(img, (x) => resizeCHW(cropCHW(x, top, left, height, width), sizes, interpolation, null, aa));
}

// ---- colour (torchvision's tensor kernels: the same ops in the same order, so the same rounding)

/** [channels, height, width] as torchvision's get_dimensions reads an image (an HWC image by its CHW view). */
export function dimensions(img: Tensor): [number, number, number] {
  if (!(img instanceof Tensor)) throw new TypeError(`img should be a Tensor. Got ${typeof img}`);
  if (isHWC(img)) return [img.size(2), img.size(0), img.size(1)];
  if (img.dim() < 2) throw new TypeError("Tensor is not a torch image.");
  return chwDimensions(img);
}

export function chwDimensions(x: Tensor): [number, number, number] {
  return [x.dim() === 2 ? 1 : x.size(-3), x.size(-2), x.size(-1)];
}

export function checkChannels(x: Tensor, permitted: readonly number[]): number {
  const c = chwDimensions(x)[0];
  if (!permitted.includes(c))
    throw new TypeError(`Input image tensor permitted channel values are [${permitted.join(", ")}], but found ${c}`);
  return c;
}

export const INTEGER_DTYPES: readonly DType[] = ["uint8", "int8", "int16", "int32", "int64"];
export const FLOAT_DTYPES: readonly DType[] = ["float16", "bfloat16", "float32", "float64"];

/** torchvision's _max_value: an integer dtype's largest value (int64's as the float Python makes of it), else 1. */
export function maxValue(dtype: DType): number {
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
export function asFloat(x: Tensor): Tensor {
  return x.isFloatingPoint() ? x : x.to("float32");
}

/** torchvision's _blend: ratio * a + (1 - ratio) * b, clamped to [0, 1] or [0, 255], in a's dtype. */
export function blend(a: Tensor, b: Tensor, ratio: number): Tensor {
  const bound = a.isFloatingPoint() ? 1 : 255;
  // A uint8 image times a float is float32 in PyTorch; converting first keeps an integral ratio from
  // becoming integer arithmetic here (a JS number cannot say 2.0).
  return asFloat(a)
    .mul(ratio)
    .add(asFloat(b).mul(1 - ratio))
    .clamp(0, bound)
    .to(a.dtype);
}

export function grayCHW(x: Tensor, numOutputChannels: number): Tensor {
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

export function factorCheck(name: string, factor: number): void {
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
export function rgbToHsv(img: Tensor): Tensor {
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
export function hsvToRgb(img: Tensor): Tensor {
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

export function castSqueezeIn(img: Tensor, dtypes: readonly DType[]): [Tensor, boolean, boolean, DType] {
  const squeeze = img.dim() < 4;
  let x = squeeze ? img.unsqueeze(0) : img;
  const outDtype = x.dtype;
  const cast = !dtypes.includes(outDtype);
  if (cast) x = x.to(dtypes[0]);
  return [x, cast, squeeze, outDtype];
}

export function castSqueezeOut(img: Tensor, cast: boolean, squeeze: boolean, outDtype: DType): Tensor {
  let x = squeeze ? img.squeeze(0) : img;
  if (cast) {
    if (INTEGER_DTYPES.includes(outDtype)) x = x.round();
    x = x.to(outDtype);
  }
  return x;
}

export function gaussianKernel1d(size: number, sigma: number): Tensor {
  const half = (size - 1) * 0.5;
  // torch.linspace(-half, half, size): a step of exactly 1, so these are its float32 values.
  const x = arange(size, { dtype: "float32" }).sub(half);
  const pdf = x.div(sigma).pow(2).mul(-0.5).exp();
  return pdf.div(pdf.sum());
}

export function gaussianBlurCHW(x: Tensor, kernelSize: readonly number[], sigma: readonly number[]): Tensor {
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
export function sliceOf(start: number, stop: number, n: number): [number, number] {
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
export function inverseAffineMatrix(
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
export function trunc(x: Tensor): Tensor {
  return x.abs().floor().mul(x.sign());
}

/** torchvision's _compute_affine_output_size: the [w, h] that holds the whole transformed image (in float32). */
export function affineOutputSize(matrix: readonly number[], w: number, h: number): [number, number] {
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
export function affineGrid(theta: Tensor, w: number, h: number, ow: number, oh: number): Tensor {
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

export type Fill = number | readonly number[] | null;

export function checkGridTransformInputs(x: Tensor, interpolation: string, fill: Fill): void {
  const c = chwDimensions(x)[0];
  if (fill !== null && typeof fill !== "number" && fill.length > 1 && fill.length !== c)
    throw new ValueError(
      `The number of elements in 'fill' cannot broadcast to match the number of channels of the image (${fill.length} != ${c})`,
    );
  if (interpolation !== "nearest" && interpolation !== "bilinear")
    throw new ValueError(`Interpolation mode '${interpolation}' is unsupported with Tensor input`);
}

/** torchvision's _apply_grid_transform: grid_sample with zeros outside, then `fill` there (through a ones channel). */
export function applyGridTransform(x: Tensor, grid: Tensor, mode: "nearest" | "bilinear", fill: Fill): Tensor {
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

// ---- affine, perspective, elastic (grid transforms as rotate's)

/** The 2-element shear list torchvision's F.affine makes of a number or a sequence. */
function shearPair(shear: number | readonly number[]): [number, number] {
  if (typeof shear === "number") return [shear, 0];
  if (!Array.isArray(shear)) throw new TypeError("Shear should be either a single value or a sequence of two values");
  if (shear.length === 1) return [shear[0], shear[0]];
  if (shear.length !== 2)
    throw new ValueError(`Shear should be a sequence containing two values. Got [${shear.join(", ")}]`);
  return [shear[0], shear[1]];
}

/**
 * F.affine on tensors: rotation by `angle` degrees (clockwise, as torchvision's affine), `translate`
 * [tx, ty] pixels, `scale`, and `shear` degrees (a number for x, or [x, y]) about `center` (default
 * the image centre), nearest or bilinear; `fill` where no source pixel lands. A PIL image in
 * torchvision goes through PIL's affine instead.
 */
export function affine(
  img: Tensor,
  angle: number,
  translate: readonly number[],
  scale: number,
  shear: number | readonly number[],
  interpolation: InterpolationMode = "nearest",
  fill: Fill = null,
  center: readonly number[] | null = null,
): Tensor {
  if (typeof angle !== "number") throw new TypeError("Argument angle should be int or float");
  if (!Array.isArray(translate)) throw new TypeError("Argument translate should be a sequence");
  if (translate.length !== 2) throw new ValueError("Argument translate should be a sequence of length 2");
  if (scale <= 0) throw new ValueError("Argument scale should be positive");
  const sh = shearPair(shear);
  if (center !== null && !Array.isArray(center)) throw new TypeError("Argument center should be a sequence");
  return tidy(() =>
    onImage(img, (x) => {
      let centerF = [0, 0];
      if (center !== null) {
        const [, h, w] = chwDimensions(x);
        centerF = [center[0] - w * 0.5, center[1] - h * 0.5];
      }
      const matrix = inverseAffineMatrix(centerF, angle, translate, scale, sh);
      checkGridTransformInputs(x, interpolation, fill);
      const [w, h] = [x.size(-1), x.size(-2)];
      const dtype = x.isFloatingPoint() ? x.dtype : "float32";
      const theta = tensor(matrix, { dtype, device: x.device }).reshape(1, 2, 3);
      return applyGridTransform(x, affineGrid(theta, w, h, w, h), interpolation as "nearest" | "bilinear", fill);
    }),
  );
}

/** torchvision's _get_perspective_coeffs: the 8 coefficients by least squares (float32, driver gels). */
function perspectiveCoeffs(startpoints: readonly number[][], endpoints: readonly number[][]): number[] {
  return tidy(() => {
    const rows: number[][] = [];
    for (let i = 0; i < 4; i++) {
      const [p1, p2] = [endpoints[i], startpoints[i]];
      rows.push([p1[0], p1[1], 1, 0, 0, 0, -p2[0] * p1[0], -p2[0] * p1[1]]);
      rows.push([0, 0, 0, p1[0], p1[1], 1, -p2[1] * p1[0], -p2[1] * p1[1]]);
    }
    const a = tensor(rows, { dtype: "float32" });
    const b = tensor(
      startpoints.map((p) => [p[0], p[1]]),
      { dtype: "float32" },
    ).view(8);
    const [solution] = lstsq(a, b, { driver: "gels" }) as unknown as Tensor[];
    return solution.toArray() as number[];
  });
}

/** torchvision's _perspective_grid: output pixel centres through the projective map, normalized. */
function perspectiveGrid(
  coeffs: readonly number[],
  ow: number,
  oh: number,
  dtype: DType,
  device: Tensor["device"],
): Tensor {
  const o = { dtype, device };
  const theta1 = tensor([[coeffs.slice(0, 3), coeffs.slice(3, 6)]], o);
  const theta2 = tensor(
    [
      [
        [coeffs[6], coeffs[7], 1.0],
        [coeffs[6], coeffs[7], 1.0],
      ],
    ],
    o,
  );
  // torch.linspace(0.5, n - 0.5, n) in float32: a step of exactly 1, so arange + 0.5.
  const line = (n: number) => arange(n, { dtype: "float32", device }).add(0.5).to(dtype);
  const base = stack([line(ow).view(1, ow).expand(oh, ow), line(oh).view(oh, 1).expand(oh, ow), ones([oh, ow], o)], -1);
  const flat = base.view(1, oh * ow, 3);
  const grid1 = flat.bmm(theta1.transpose(1, 2).div(tensor([0.5 * ow, 0.5 * oh], o)));
  const grid2 = flat.bmm(theta2.transpose(1, 2));
  return grid1.div(grid2).sub(1.0).view(1, oh, ow, 2);
}

/**
 * F.perspective on tensors: the projective map taking `startpoints` (the four corners [x, y],
 * top-left, top-right, bottom-right, bottom-left) to `endpoints`, bilinear or nearest; `fill` where no
 * source pixel lands.
 */
export function perspective(
  img: Tensor,
  startpoints: readonly number[][],
  endpoints: readonly number[][],
  interpolation: InterpolationMode = "bilinear",
  fill: Fill = null,
): Tensor {
  if (!(img instanceof Tensor)) throw new TypeError("Input img should be Tensor.");
  const coeffs = perspectiveCoeffs(startpoints, endpoints);
  return tidy(() =>
    onImage(img, (x) => {
      checkGridTransformInputs(x, interpolation, fill);
      const [ow, oh] = [x.size(-1), x.size(-2)];
      const dtype = x.isFloatingPoint() ? x.dtype : "float32";
      const grid = perspectiveGrid(coeffs, ow, oh, dtype, x.device);
      return applyGridTransform(x, grid, interpolation as "nearest" | "bilinear", fill);
    }),
  );
}

/**
 * F.elastic_transform on tensors: samples the image at the identity grid plus `displacement`
 * ([1, H, W, 2], in grid_sample's normalized units), bilinear or nearest; `fill` outside.
 */
export function elasticTransform(
  img: Tensor,
  displacement: Tensor,
  interpolation: InterpolationMode = "bilinear",
  fill: Fill = null,
): Tensor {
  if (!(displacement instanceof Tensor)) throw new TypeError("Argument displacement should be a Tensor");
  if (!(img instanceof Tensor)) throw new TypeError(`img should be PIL Image or Tensor. Got ${typeof img}`);
  return tidy(() =>
    onImage(img, (x) => {
      const [h, w] = hw(x);
      const want = [1, h, w, 2];
      if (displacement.dim() !== 4 || !displacement.shape.every((s, i) => s === want[i]))
        throw new ValueError(
          `Argument displacement shape should be (${want.join(", ")}), but given torch.Size([${displacement.shape.join(", ")}])`,
        );
      const space = [h, w].map((s) => linspace((-s + 1) / s, (s - 1) / s, s));
      const [gy, gx] = meshgrid(space, { indexing: "ij" });
      const identity = stack([gx, gy], -1).unsqueeze(0);
      const grid = identity.to(x.device).add(displacement.to(x.device));
      checkGridTransformInputs(x, interpolation, fill);
      return applyGridTransform(x, grid, interpolation as "nearest" | "bilinear", fill);
    }),
  );
}

// ---- crops that return several images

/** F.five_crop: the four corner crops and the centre crop of size [h, w] (a number: square). */
export function fiveCrop(img: Tensor, size: number | readonly number[]): [Tensor, Tensor, Tensor, Tensor, Tensor] {
  let s: readonly number[];
  if (typeof size === "number") s = [Math.trunc(size), Math.trunc(size)];
  else if (Array.isArray(size) && size.length === 1) s = [size[0], size[0]];
  else s = size as readonly number[];
  if (s.length !== 2) throw new ValueError("Please provide only two dimensions (h, w) for size.");
  const [, ih, iw] = dimensions(img);
  const [ch, cw] = s;
  if (cw > iw || ch > ih) {
    // Python formats the size as it was given: a tuple when made from a number, else the list.
    const shown = Array.isArray(size) && size.length === 2 ? `[${s.join(", ")}]` : `(${s.join(", ")})`;
    throw new ValueError(`Requested crop size ${shown} is bigger than input size (${ih}, ${iw})`);
  }
  return [
    crop(img, 0, 0, ch, cw),
    crop(img, 0, iw - cw, ch, cw),
    crop(img, ih - ch, 0, ch, cw),
    crop(img, ih - ch, iw - cw, ch, cw),
    centerCrop(img, [ch, cw]),
  ];
}

/** F.ten_crop: fiveCrop of the image, then of its horizontal (or, with verticalFlip, vertical) mirror. */
export function tenCrop(img: Tensor, size: number | readonly number[], verticalFlip = false): Tensor[] {
  let s: readonly number[];
  if (typeof size === "number") s = [Math.trunc(size), Math.trunc(size)];
  else if (Array.isArray(size) && size.length === 1) s = [size[0], size[0]];
  else s = size as readonly number[];
  if (s.length !== 2) throw new ValueError("Please provide only two dimensions (h, w) for size.");
  const first = fiveCrop(img, s);
  const flipped = verticalFlip ? vflip(img) : hflip(img);
  return [...first, ...fiveCrop(flipped, s)];
}

// ---- colour operations of AutoAugment (torchvision's tensor kernels)

function atLeast3d(x: Tensor): void {
  if (x.dim() < 3) throw new TypeError(`Input image tensor should have at least 3 dimensions, but found ${x.dim()}`);
}

/** F.invert: max - img (255 for integer images, 1 for float ones). */
export function invert(img: Tensor): Tensor {
  return tidy(() => onImage(img, invertCHW));
}

function invertCHW(x: Tensor): Tensor {
  atLeast3d(x);
  checkChannels(x, [1, 3]);
  return full([], x.isFloatingPoint() ? 1 : 255, { dtype: x.dtype, device: x.device }).sub(x);
}

/** F.posterize: keeps the `bits` high bits of each channel of a uint8 image. */
export function posterize(img: Tensor, bits: number): Tensor {
  if (!(bits >= 0 && bits <= 8)) throw new ValueError(`The number if bits should be between 0 and 8. Got ${bits}`);
  return tidy(() =>
    onImage(img, (x) => {
      atLeast3d(x);
      if (x.dtype !== "uint8")
        throw new TypeError(`Only torch.uint8 image tensors are supported, but found torch.${x.dtype}`);
      checkChannels(x, [1, 3]);
      // -(2 ** (8 - bits)) is ~(2 ** (8 - bits) - 1): the low bits cleared (the int wraps to uint8 as in PyTorch).
      return x.bitwiseAnd(-(2 ** (8 - bits)));
    }),
  );
}

/** F.solarize: inverts the pixels at or above `threshold`. */
export function solarize(img: Tensor, threshold: number): Tensor {
  return tidy(() =>
    onImage(img, (x) => {
      atLeast3d(x);
      checkChannels(x, [1, 3]);
      if (threshold > (x.isFloatingPoint() ? 1 : 255))
        throw new TypeError("Threshold should be less than bound of img.");
      return where(x.ge(threshold), invertCHW(x), x);
    }),
  );
}

/** torchvision's _blurred_degenerate_image: a 3x3 smoothing kernel (centre 5) inside a one-pixel border. */
function blurredDegenerate(x: Tensor): Tensor {
  const dtype = x.isFloatingPoint() ? x.dtype : "float32";
  const k = ones([3, 3], { dtype, device: x.device });
  k.indexPut_([1, 1], 5.0);
  const kernel = k.div(k.sum()).expand(x.size(-3), 1, 3, 3);
  const [img, cast, squeeze, outDtype] = castSqueezeIn(x, [kernel.dtype]);
  const blurred = castSqueezeOut(conv2d(img, kernel, null, { groups: img.size(-3) }), cast, squeeze, outDtype);
  const result = x.clone();
  const [h, w] = hw(x);
  result
    .narrow(-2, 1, h - 2)
    .narrow(-1, 1, w - 2)
    .copy_(blurred);
  return result;
}

/** F.adjust_sharpness: blends with the smoothed image (0 blurs, 1 is the image, 2 sharpens twice). */
export function adjustSharpness(img: Tensor, sharpnessFactor: number): Tensor {
  if (sharpnessFactor < 0) throw new ValueError(`sharpness_factor (${py(sharpnessFactor)}) is not non-negative.`);
  return tidy(() =>
    onImage(img, (x) => {
      checkChannels(x, [1, 3]);
      if (x.size(-1) <= 2 || x.size(-2) <= 2) return x;
      return blend(x, blurredDegenerate(x), sharpnessFactor);
    }),
  );
}

/** F.autocontrast: stretches each channel so that its lowest value becomes 0 and its highest the maximum. */
export function autocontrast(img: Tensor): Tensor {
  return tidy(() =>
    onImage(img, (x) => {
      atLeast3d(x);
      checkChannels(x, [1, 3]);
      const bound = x.isFloatingPoint() ? 1.0 : 255.0;
      const dtype = x.isFloatingPoint() ? x.dtype : "float32";
      let minimum = x.amin([-2, -1], true).to(dtype);
      const maximum = x.amax([-2, -1], true).to(dtype);
      // Python's `bound / t` is t.reciprocal() * bound.
      let scale = maximum.sub(minimum).reciprocal().mul(bound);
      const flat = scale.isfinite().logicalNot();
      minimum = where(flat, 0, minimum);
      scale = where(flat, 1, scale);
      return x.sub(minimum).mul(scale).clamp(0, bound).to(x.dtype);
    }),
  );
}

/** torchvision's _scale_channel: one channel's histogram equalization through a lookup table. */
function equalizeChannel(chan: Tensor): Tensor {
  // torchvision counts with histc on CUDA (a float histogram) and bincount elsewhere.
  const hist = chan.isCuda
    ? chan.to("float32").histc({ bins: 256, min: 0, max: 255 })
    : chan.reshape(-1).bincount({ minlength: 256 });
  const nonzero = hist.maskedSelect(hist.ne(0));
  const step = nonzero
    .narrow(0, 0, Math.max(nonzero.size(0) - 1, 0))
    .sum()
    .div(255, { roundingMode: "floor" });
  if ((step.item() as number) === 0) return chan;
  const lut = hist
    .cumsum(0)
    .add(step.div(2, { roundingMode: "floor" }))
    .div(step, { roundingMode: "floor" });
  const shifted = padNd(lut, [1, 0]).narrow(0, 0, 256).clamp(0, 255);
  return shifted.index(chan.to("int64")).to("uint8");
}

/** F.equalize: histogram equalization per channel of a uint8 image ([C, H, W] or [N, C, H, W]). */
export function equalize(img: Tensor): Tensor {
  return tidy(() =>
    onImage(img, (x) => {
      if (!(x.dim() >= 3 && x.dim() <= 4))
        throw new TypeError(`Input image tensor should have 3 or 4 dimensions, but found ${x.dim()}`);
      if (x.dtype !== "uint8")
        throw new TypeError(`Only torch.uint8 image tensors are supported, but found torch.${x.dtype}`);
      checkChannels(x, [1, 3]);
      const one = (im: Tensor) => stack(Array.from({ length: im.size(0) }, (_, c) => equalizeChannel(im.select(0, c))));
      if (x.dim() === 3) return one(x);
      return stack(Array.from({ length: x.size(0) }, (_, n) => one(x.select(0, n))));
    }),
  );
}

/** F.adjust_gamma: gain * img ** gamma on the [0, 1] scale, converted back to the image's dtype. */
export function adjustGamma(img: Tensor, gamma: number, gain = 1): Tensor {
  if (!(img instanceof Tensor)) throw new TypeError("Input img should be a Tensor.");
  return tidy(() =>
    onImage(img, (x) => {
      checkChannels(x, [1, 3]);
      if (gamma < 0) throw new ValueError("Gamma should be a non-negative real number");
      const r = x.isFloatingPoint() ? x : convertImageDtype(x, "float32");
      return convertImageDtype(r.pow(gamma).mul(gain).clamp(0, 1), x.dtype);
    }),
  );
}
