// torchvision's ImageFolder: root/<class>/<image>, classes sorted, label = index. JPEG and PNG are
// decoded once (JPEG by libjpeg as PIL does, PNG by pngjs) and cached as raw bytes, so a second run
// starts in seconds.

import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as jpeg from "jpeg-js";
import { PNG } from "pngjs";
import { tensor } from "../creation";
import { native } from "../native";
import { Tensor } from "../tensor";
import { cacheDir } from "../utils/cache";
import { checkKwargs } from "../utils/kwargs";
import { ImageDataset } from "./dataset";
import type { Transform } from "./transforms";

/** The formats torchts decodes (torchvision's list also has formats PIL reads that torchts does not). */
export const IMG_EXTENSIONS = [".jpg", ".jpeg", ".png"];

// JPEGs go through libjpeg, as PIL (and so torchvision) decodes them, when the build links it;
// jpeg-js otherwise (its pixels differ from PIL's by up to ~80 levels). Part of the cache key.
const JPEG_DECODER = native.hasJpeg() ? "libjpeg" : "jpeg-js";

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs
      .readdirSync(d, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Decodes one image file to RGB bytes (HWC). */
export function decodeImage(file: string): { width: number; height: number; data: Uint8Array } {
  const buf = fs.readFileSync(file);
  try {
    let w: number, h: number, rgba: Uint8Array;
    if (buf[0] === 0x89 && buf[1] === 0x50) {
      const png = PNG.sync.read(buf);
      w = png.width;
      h = png.height;
      rgba = png.data;
    } else if (buf[0] === 0xff && buf[1] === 0xd8 && JPEG_DECODER === "libjpeg") {
      const t = new Tensor(native.decodeJpeg(buf));
      const [height, width] = t.shape as [number, number, number];
      const data = new Uint8Array(t.toTypedArray() as Uint8Array);
      t.dispose();
      return { width, height, data };
    } else if (buf[0] === 0xff && buf[1] === 0xd8) {
      const img = jpeg.decode(buf, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 512 });
      w = img.width;
      h = img.height;
      rgba = img.data;
    } else {
      throw new Error("not a JPEG or PNG file");
    }
    const rgb = new Uint8Array(w * h * 3);
    for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
      rgb[i] = rgba[j];
      rgb[i + 1] = rgba[j + 1];
      rgb[i + 2] = rgba[j + 2];
    }
    return { width: w, height: h, data: rgb };
  } catch (e) {
    throw new Error(`cannot decode image ${file}: ${(e as Error).message}`);
  }
}

/** ImageFolder's options. */
export interface ImageFolderOptions {
  /** transform: applied to each uint8 [H, W, C] image as it is fetched (default none). */
  transform?: Transform;
  /** extensions: the file extensions loaded, case-insensitively (default [".jpg", ".jpeg", ".png"]). */
  extensions?: string[];
  /** cache: keeps the decoded images on disk for the next run (default true). */
  cache?: boolean;
}

/**
 * torchvision.datasets.ImageFolder: images in `root/<class>/<file>`, labeled by folder (classes sorted).
 *
 * Images are decoded (JPEG, PNG) into memory once; the decoded tensor is also cached on disk for the
 * next run (`cache: false` turns that off). Differs from torchvision: options are `{ transform, extensions, cache }`; there is no
 * `loader` or `is_valid_file`.
 *
 * @param root - the folder holding one subfolder per class.
 * @param o - {@link ImageFolderOptions}; other keys are TypeErrors.
 */
export class ImageFolder extends ImageDataset {
  /** The folder the images were read from. */
  readonly root: string;
  /** The image files and their labels, in order. */
  readonly samples: Array<[string, number]>;

  constructor(root: string, o: ImageFolderOptions = {}) {
    if (typeof root !== "string") throw new TypeError("root must be a string");
    checkKwargs(o, ["transform", "extensions", "cache"], "ImageFolder.__init__");
    if (!fs.existsSync(root) || !fs.statSync(root).isDirectory())
      throw new Error(`ImageFolder: ${root} is not a folder`);
    const exts = (o.extensions ?? IMG_EXTENSIONS).map((e) => e.toLowerCase());
    const classes = fs
      .readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    if (classes.length === 0) throw new Error(`Couldn't find any class folder in ${root}.`);
    const samples: Array<[string, number]> = [];
    classes.forEach((c, i) => {
      for (const f of listFiles(path.join(root, c)))
        if (exts.includes(path.extname(f).toLowerCase())) samples.push([f, i]);
    });
    if (samples.length === 0)
      throw new Error(
        `Found no valid file for the classes ${classes.join(", ")}. Supported extensions are: ${exts.join(", ")}`,
      );
    const images = ImageFolder.decodeAll(root, samples, o.cache ?? true);
    const targets = tensor(
      Int32Array.from(samples, ([, l]) => l),
      { dtype: "int64" },
    );
    super(images, targets, classes, o.transform);
    this.root = root;
    this.samples = samples;
  }

  private static decodeAll(root: string, samples: Array<[string, number]>, useCache: boolean): Tensor {
    // The cache key covers every file's path, size and mtime: any change decodes again.
    const hash = crypto.createHash("sha256");
    hash.update(`${JPEG_DECODER}\n`);
    for (const [f] of samples) {
      const st = fs.statSync(f);
      hash.update(`${f}\0${st.size}\0${st.mtimeMs}\n`);
    }
    const key = hash.digest("hex").slice(0, 24);
    const file = path.join(cacheDir(), `imagefolder-${key}.u8`);
    // The cache is read natively straight into a tensor: no large JS buffer is left for the GC.
    const fromCache = (): Tensor | null => {
      if (!useCache || !fs.existsSync(file)) return null;
      const fd = fs.openSync(file, "r");
      const head = Buffer.alloc(4);
      fs.readSync(fd, head, 0, 4, 0);
      const hlen = head.readUInt32LE(0);
      const metaBuf = Buffer.alloc(hlen);
      fs.readSync(fd, metaBuf, 0, hlen, 4);
      fs.closeSync(fd);
      const meta = JSON.parse(metaBuf.toString("utf8")) as { n: number; h: number; w: number };
      if (meta.n !== samples.length) return null;
      const flat = new Tensor(native.readFileBytes(file, 4 + hlen, meta.n * meta.h * meta.w * 3));
      const t = flat.view(meta.n, meta.h, meta.w, 3);
      flat.dispose();
      return t;
    };
    const cached = fromCache();
    if (cached) return cached;
    let h = 0,
      w = 0;
    let bytes = new Uint8Array(0);
    samples.forEach(([f], i) => {
      const img = decodeImage(f);
      if (i === 0) {
        h = img.height;
        w = img.width;
        bytes = new Uint8Array(samples.length * h * w * 3);
      }
      if (img.height !== h || img.width !== w)
        throw new Error(
          `${f} is ${img.width}x${img.height}, the others ${w}x${h}: ImageFolder needs images of one size`,
        );
      bytes.set(img.data, i * h * w * 3);
    });
    if (useCache) {
      const meta = Buffer.from(JSON.stringify({ n: samples.length, h, w, root }));
      const head = Buffer.alloc(4);
      head.writeUInt32LE(meta.length, 0);
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, Buffer.concat([head, meta, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]));
      fs.renameSync(tmp, file);
      bytes = new Uint8Array(0);
      return fromCache()!;
    }
    const flat = tensor(bytes);
    const t = flat.view(samples.length, h, w, 3);
    flat.dispose();
    return t;
  }
}
