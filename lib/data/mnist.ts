// torchvision.datasets.MNIST: the idx files (train-images-idx3-ubyte, train-labels-idx1-ubyte,
// t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, plain or .gz) in root/MNIST/raw, as torchvision
// lays them out. Nothing is downloaded: put the files there (or pass the raw folder itself as root).
import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { tensor } from "../creation";
import type { Tensor } from "../tensor";
import { checkKwargs } from "../utils/kwargs";
import { ImageDataset } from "./dataset";
import type { Transform } from "./transforms";

/** torchvision's MNIST.classes. */
export const MNIST_CLASSES = [
  "0 - zero",
  "1 - one",
  "2 - two",
  "3 - three",
  "4 - four",
  "5 - five",
  "6 - six",
  "7 - seven",
  "8 - eight",
  "9 - nine",
];

/** Options of {@link MNIST}; other keys are TypeErrors. */
export interface MNISTOptions {
  /** The folder holding `MNIST/raw/` (torchvision's root), or the raw folder itself. */
  root: string;
  /** The training files (`train-*`, default) or the test files (`t10k-*`). */
  train?: boolean;
  /** Applied to each image (a uint8 [28, 28, 1] tensor, as PIL's mode "L" image) on `get`. */
  transform?: Transform;
}

/** One idx file: big-endian magic (0x0000, dtype 0x08 = uint8, number of dims) and dims, then the bytes. */
function readIdx(file: string, dims: number): { shape: number[]; data: Uint8Array } {
  const gz = `${file}.gz`;
  let buf: Buffer;
  if (fs.existsSync(file)) buf = fs.readFileSync(file);
  else if (fs.existsSync(gz)) buf = zlib.gunzipSync(fs.readFileSync(gz));
  else throw new Error(`Dataset not found: ${file}`);
  if (buf.length < 4 + 4 * dims || buf.readUInt16BE(0) !== 0 || buf[2] !== 0x08 || buf[3] !== dims)
    throw new Error(`${file} is not an idx file of uint8 with ${dims} dimension(s)`);
  const shape = Array.from({ length: dims }, (_, i) => buf.readUInt32BE(4 + 4 * i));
  const start = 4 + 4 * dims;
  const n = shape.reduce((a, b) => a * b, 1);
  if (buf.length !== start + n) throw new Error(`${file} is corrupt: ${buf.length - start} data bytes, expected ${n}`);
  return { shape, data: new Uint8Array(buf.buffer, buf.byteOffset + start, n) };
}

/**
 * torchvision.datasets.MNIST over the idx files: images uint8 `[N, 28, 28, 1]` (an image is a uint8
 * `[H, W, 1]` tensor, `ToTensor` makes it float `[1, H, W]`), labels int64.
 *
 * Differs from torchvision: the options are one object, and there is no `download` (put the four
 * files, plain or gzipped, in `root/MNIST/raw`).
 */
export class MNIST extends ImageDataset {
  constructor(o: MNISTOptions) {
    if (!o || typeof o.root !== "string") throw new TypeError("MNIST needs { root: string }");
    checkKwargs(o, ["root", "train", "transform"], "MNIST.__init__");
    const prefix = (o.train ?? true) ? "train" : "t10k";
    const raw = [path.join(o.root, "MNIST", "raw"), o.root].find((d) =>
      ["", ".gz"].some((z) => fs.existsSync(path.join(d, `${prefix}-images-idx3-ubyte${z}`))),
    );
    if (!raw) throw new Error(`Dataset not found in ${o.root}: expected MNIST/raw/${prefix}-images-idx3-ubyte`);
    const img = readIdx(path.join(raw, `${prefix}-images-idx3-ubyte`), 3);
    const lab = readIdx(path.join(raw, `${prefix}-labels-idx1-ubyte`), 1);
    if (img.shape[0] !== lab.shape[0]) throw new Error(`${raw}: ${img.shape[0]} images but ${lab.shape[0]} labels`);
    const [n, h, w] = img.shape;
    const images = tensor(img.data).view(n, h, w, 1);
    const targets = tensor(lab.data).to("int64");
    super(images, targets, MNIST_CLASSES, o.transform);
  }

  /** torchvision's MNIST.data: all images, uint8 `[N, 28, 28]` (a view of `images` without the channel dim). */
  get data(): Tensor {
    return this.images.select(3, 0);
  }
}
