// torchvision.utils (0.14): makeGrid and saveImage, as torch.data.utils (torch.utils.data.utils too).
// makeGrid is torchvision's make_grid op for op on libtorch's kernels (stack, cat, clone, clamp_, sub_,
// div_, new_full, narrow + copy_), so its pixels are torchvision's bit for bit; saveImage converts the
// grid to uint8 as torchvision does (mul(255).add_(0.5).clamp_(0, 255), truncated) and writes a PNG with
// pngjs: PIL's decoded pixels, not PIL's bytes (another zlib stream). Only PNG is written.
import * as fs from "node:fs";
import * as path from "node:path";
import { type ColorType, PNG } from "pngjs";
import { noGrad } from "../autograd";
import { cat, stack } from "../creation";
import { NotImplementedError, ValueError } from "../errors";
import { tidy } from "../memory";
import { Tensor } from "../tensor";
import { checkKwargs } from "../utils/kwargs";

/** make_grid's keyword arguments. */
export interface MakeGridOptions {
  /** nrow: images in each row of the grid (default 8). */
  nrow?: number;
  /** padding: pixels between the images and around them (default 2). */
  padding?: number;
  /** normalize: shift the images to [0, 1] by valueRange, or by their min and max (default false). */
  normalize?: boolean;
  /** value_range: [min, max] to normalize by (default null: the tensor's own min and max). */
  valueRange?: readonly [number, number] | null;
  /** scale_each: normalize each image by its own min and max (or clamp each to valueRange) (default false). */
  scaleEach?: boolean;
  /** pad_value: the padding's value (default 0). */
  padValue?: number;
}

/** save_image's keyword arguments: make_grid's, and format (only "PNG", any case). */
export interface SaveImageOptions extends MakeGridOptions {
  /** format: the file format; null takes it from the file name's extension (default null). Only PNG is written. */
  format?: string | null;
}

const GRID_KEYS = ["nrow", "padding", "normalize", "valueRange", "scaleEach", "padValue"];

function pyType(v: unknown): string {
  if (v === null || v === undefined) return "<class 'NoneType'>";
  if (Array.isArray(v)) return "<class 'list'>";
  if (typeof v === "number") return Number.isInteger(v) ? "<class 'int'>" : "<class 'float'>";
  if (typeof v === "string") return "<class 'str'>";
  if (typeof v === "boolean") return "<class 'bool'>";
  return `<class '${typeof v === "object" ? v.constructor.name : typeof v}'>`;
}

/** norm_ip: clamp to [low, high], then (img - low) / max(high - low, 1e-5), in place. */
function normIp(img: Tensor, low: number, high: number): void {
  img.clamp_(low, high);
  img.sub_(low).div_(Math.max(high - low, 1e-5));
}

/** norm_range: by valueRange, or by the tensor's own min and max (float(t.min()), float(t.max())). */
function normRange(t: Tensor, valueRange: readonly [number, number] | null): void {
  if (valueRange !== null) normIp(t, valueRange[0], valueRange[1]);
  else normIp(t, Number(t.min().item()), Number(t.max().item()));
}

/**
 * torchvision.utils.make_grid: a mini-batch [B, C, H, W] (or a list of same-sized [C, H, W] images) as
 * one [C, rows * (H + padding) + padding, cols * (W + padding) + padding] image, nrow images a row,
 * row by row, on a background of padValue. One-channel images become three-channel; a single [H, W] or
 * [C, H, W] image is a batch of one, and a batch of one is returned as the (normalized) image itself.
 * With normalize, the images are clamped to valueRange (default: their min and max) and shifted to
 * [0, 1], all together or each by itself (scaleEach). Runs without recording gradients.
 *
 * @example
 * const grid = torch.data.utils.makeGrid(fake, { padding: 2, normalize: true }); // vutils.make_grid(fake, padding=2, normalize=True)
 */
export function makeGrid(tensor: Tensor | readonly Tensor[], options: MakeGridOptions = {}): Tensor {
  checkKwargs(options, GRID_KEYS, "make_grid");
  const { nrow = 8, padding = 2, normalize = false, valueRange = null, scaleEach = false, padValue = 0.0 } = options;
  if (!(tensor instanceof Tensor)) {
    if (Array.isArray(tensor)) {
      for (const t of tensor)
        if (!(t instanceof Tensor))
          throw new TypeError(`tensor or list of tensors expected, got a list containing ${pyType(t)}`);
    } else throw new TypeError(`tensor or list of tensors expected, got ${pyType(tensor)}`);
  }
  return noGrad(() =>
    tidy(() => {
      // if list of tensors, convert to a 4D mini-batch Tensor
      let t = tensor instanceof Tensor ? tensor : stack([...tensor], 0);

      if (t.dim() === 2) t = t.unsqueeze(0); // single image H x W
      if (t.dim() === 3) {
        // single image
        if (t.size(0) === 1) t = cat([t, t, t], 0); // if single-channel, convert to 3-channel
        t = t.unsqueeze(0);
      }
      if (t.dim() === 4 && t.size(1) === 1) t = cat([t, t, t], 1); // single-channel images

      if (normalize === true) {
        t = t.clone(); // avoid modifying tensor in-place
        if (valueRange !== null && !Array.isArray(valueRange))
          throw new TypeError("value_range has to be a tuple (min, max) if specified. min and max are numbers");
        if (scaleEach === true) {
          for (let i = 0; i < t.size(0); i++) normRange(t.select(0, i), valueRange); // loop over mini-batch dimension
        } else normRange(t, valueRange);
      }

      if (t.size(0) === 1) return t.squeeze(0);

      // make the mini-batch of images into a grid
      const nmaps = t.size(0);
      const xmaps = Math.min(nrow, nmaps);
      const ymaps = Math.ceil(nmaps / xmaps);
      const [height, width] = [t.size(2) + padding, t.size(3) + padding];
      const numChannels = t.size(1);
      const grid = t.newFull([numChannels, height * ymaps + padding, width * xmaps + padding], padValue);
      let k = 0;
      for (let y = 0; y < ymaps; y++) {
        for (let x = 0; x < xmaps; x++) {
          if (k >= nmaps) break;
          grid
            .narrow(1, y * height + padding, height - padding)
            .narrow(2, x * width + padding, width - padding)
            .copy_(t.select(0, k));
          k = k + 1;
        }
      }
      return grid;
    }),
  );
}

/** PIL's Image.fromarray modes of a uint8 [H, W, C] array, as PNG color types. */
const COLOR_TYPES: Record<number, ColorType> = { 2: 4, 3: 2, 4: 6 }; // LA, RGB, RGBA

/**
 * torchvision.utils.save_image: makeGrid(tensor, options), to uint8 as torchvision does
 * (`grid.mul(255).add_(0.5).clamp_(0, 255)`, then truncated), written to `fp` as a PNG
 * (RGB; RGBA or gray + alpha for 4 or 2 channels, as PIL's Image.fromarray). The format comes from
 * the extension unless `format` is given; only PNG is written (other formats: NotImplementedError).
 */
export function saveImage(tensor: Tensor | readonly Tensor[], fp: string, options: SaveImageOptions = {}): void {
  checkKwargs(options, [...GRID_KEYS, "format"], "save_image");
  const { format = null, ...gridOptions } = options;
  if (typeof fp !== "string") throw new TypeError(`fp must be a file name (a string), not ${pyType(fp)}`);
  const ext = path.extname(fp).toLowerCase();
  const fmt = format === null ? ext : format.toLowerCase();
  if (format === null && ext === "") throw new ValueError(`unknown file extension: ${ext}`);
  if (fmt !== ".png" && fmt !== "png")
    throw new NotImplementedError(`save_image writes PNG only, not ${format ?? ext} (${fp})`);
  const grid = makeGrid(tensor, gridOptions);
  const [h, w, c, bytes] = noGrad(() =>
    tidy(() => {
      // Add 0.5 after unnormalizing to [0, 255] to round to nearest integer
      const ndarr = grid.mul(255).add_(0.5).clamp_(0, 255).permute(1, 2, 0).to("cpu", "uint8").contiguous();
      const [h, w, c] = ndarr.shape as [number, number, number];
      return [h, w, c, Buffer.from(ndarr.toTypedArray() as Uint8Array)] as const;
    }),
  );
  const dims = grid.dim();
  grid.dispose();
  const colorType = COLOR_TYPES[c];
  if (dims !== 3 || colorType === undefined) throw new TypeError(`Cannot handle this data type: (1, 1, ${c}), |u1`);
  const png = new PNG({ width: w, height: h, colorType, inputColorType: colorType, inputHasAlpha: c % 2 === 0 });
  png.data = bytes;
  fs.writeFileSync(fp, PNG.sync.write(png, { colorType, inputColorType: colorType, inputHasAlpha: c % 2 === 0 }));
}
