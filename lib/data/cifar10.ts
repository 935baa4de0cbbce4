// CIFAR-10 in its official binary release: data_batch_{1..5}.bin / test_batch.bin, each record one
// label byte and 3072 channel-major pixel bytes; from the folder, or from cifar-10-binary.tar.gz.
import * as fs from "node:fs";
import * as path from "node:path";
import { cat } from "../creation";
import { native } from "../native";
import { Tensor } from "../tensor";
import { checkKwargs } from "../utils/kwargs";
import { download, extractArchive, md5File } from "./archive";
import { ImageDataset } from "./dataset";
import type { Transform } from "./transforms";

/** Where {@link CIFAR10.download} fetches the binary archive from (overridable with TORCHTS_CIFAR10_URL). */
export const CIFAR10_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz";
/** The MD5 checksum of the official binary archive. */
export const CIFAR10_MD5 = "c32a1d4ab5d03f1284b67883e8d87530";
export const CIFAR10_ARCHIVE = "cifar-10-binary.tar.gz";
const CLASSES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];
const RECORD = 1 + 3072;

/** Options of {@link CIFAR10}; other keys are TypeErrors. */
export interface CIFAR10Options {
  /** A folder holding `cifar-10-batches-bin` or `cifar-10-binary.tar.gz`, or the archive itself. */
  root: string;
  /** The 50000 training images (default true) or the 10000 test images. */
  train?: boolean;
  /** Applied to each image tensor on `get`. */
  transform?: Transform;
  /** With {@link CIFAR10.create}: fetch the archive when it is missing. */
  download?: boolean;
  /** Where to download from (default {@link CIFAR10_URL}). */
  url?: string;
}

/** Finds the folder that holds the .bin files: root itself, root/cifar-10-batches-bin, or inside the archive. */
function locate(root: string): string | null {
  for (const d of [root, path.join(root, "cifar-10-batches-bin")])
    if (fs.existsSync(path.join(d, "test_batch.bin"))) return d;
  const archive = root.endsWith(".tar.gz") ? root : path.join(root, CIFAR10_ARCHIVE);
  if (fs.existsSync(archive) && fs.statSync(archive).isFile()) {
    const dir = extractArchive(archive);
    const d = path.join(dir, "cifar-10-batches-bin");
    if (fs.existsSync(path.join(d, "test_batch.bin"))) return d;
  }
  return null;
}

/**
 * torchvision.datasets.CIFAR10: the CIFAR-10 images (uint8 `[N, 3, 32, 32]`) and labels, held in memory.
 *
 * Differs from torchvision: the options are one object, and downloading is asynchronous, so it goes
 * through `await CIFAR10.create({ root, download: true })`; the constructor reads files only.
 *
 * @example
 * ```ts
 * const test = new torch.data.CIFAR10({ root: "./data", train: false });
 * const [image, label] = test.get(0); // without a transform: a uint8 [32, 32, 3] copy, and a class index
 * ```
 */
export class CIFAR10 extends ImageDataset {
  /** Loads CIFAR-10; with download, fetches the archive first when it is not there yet. */
  static async create(o: CIFAR10Options): Promise<CIFAR10> {
    if (o.download && !locate(o.root)) await CIFAR10.download(o.root, o.url);
    return new CIFAR10(o);
  }

  /** Downloads the archive into `root` and checks its MD5 (nothing to do when it is already there). */
  static async download(root: string, url?: string): Promise<void> {
    const file = path.join(root, CIFAR10_ARCHIVE);
    if (fs.existsSync(file) && md5File(file) === CIFAR10_MD5) return;
    await download(
      url ?? process.env.TORCHTS_CIFAR10_URL ?? CIFAR10_URL,
      file,
      process.env.TORCHTS_CIFAR10_MD5 ?? CIFAR10_MD5,
    );
  }

  constructor(o: CIFAR10Options) {
    if (!o || typeof o.root !== "string") throw new TypeError("CIFAR10 needs { root: string }");
    checkKwargs(o, ["root", "train", "transform", "download", "url"], "CIFAR10.__init__");
    const dir = locate(o.root);
    if (!dir) {
      throw new Error(
        `Dataset not found in ${o.root}: expected cifar-10-batches-bin/*.bin or ${CIFAR10_ARCHIVE}. ` +
          "Use CIFAR10.create({ root, download: true }) to download it.",
      );
    }
    const files = (o.train ?? true) ? [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`) : ["test_batch.bin"];
    // Whole files are read natively into uint8 tensors and cut with tensor ops.
    const parts = files.map((f) => {
      const p = path.join(dir, f);
      if (!fs.existsSync(p)) throw new Error(`missing ${p}`);
      const size = fs.statSync(p).size;
      if (size % RECORD !== 0 || size === 0)
        throw new Error(`${p} is corrupt: ${size} bytes is not a whole number of ${RECORD}-byte records`);
      const raw = new Tensor(native.readFileBytes(p, 0, -1));
      const rec = raw.view(size / RECORD, RECORD);
      raw.dispose();
      return rec;
    });
    const all = cat(parts, 0);
    parts.forEach((t) => {
      t.dispose();
    });
    const n = all.shape[0];
    const labels = all.select(1, 0).to("int64");
    if ((labels.max().item() as number) > 9) throw new Error(`corrupt CIFAR-10 data in ${dir}: a label above 9`);
    const chw = all.narrow(1, 1, 3072).reshape(n, 3, 32, 32);
    const hwc = chw.permute(0, 2, 3, 1).contiguous();
    chw.dispose();
    all.dispose();
    super(hwc, labels, CLASSES, o.transform);
  }
}
