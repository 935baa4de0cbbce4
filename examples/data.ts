// Finds CIFAR-10 for the experiment: a binary release (folder or archive) or an ImageFolder layout
// (folder or .tar.xz/.tar.gz archive with train/ and test/); without a path, the default data folder.
import * as fs from "node:fs";
import * as path from "node:path";
import { data } from "../lib";
import { cacheDir } from "../lib/utils/cache";

export interface Splits {
  train: data.ImageDataset;
  test: data.ImageDataset;
  source: string;
}

function findImageFolderRoot(dir: string, depth = 0): string | null {
  if (fs.existsSync(path.join(dir, "train")) && fs.existsSync(path.join(dir, "test"))) return dir;
  if (depth >= 2) return null;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) {
      const r = findImageFolderRoot(path.join(dir, e.name), depth + 1);
      if (r) return r;
    }
  }
  return null;
}

function isCifarBinary(p: string): boolean {
  return (
    fs.existsSync(path.join(p, "test_batch.bin")) ||
    fs.existsSync(path.join(p, "cifar-10-batches-bin")) ||
    fs.existsSync(path.join(p, "cifar-10-binary.tar.gz"))
  );
}

export function defaultDataDir(): string {
  return process.env.TORCHTS_DATA || path.join(cacheDir(), "data");
}

export async function loadCifar(dataPath: string | undefined, transform: data.transforms.Transform): Promise<Splits> {
  if (!dataPath) {
    const root = defaultDataDir();
    try {
      const train = await data.CIFAR10.create({ root, train: true, download: true, transform });
      return { train, test: new data.CIFAR10({ root, train: false, transform }), source: root };
    } catch (e) {
      throw new Error(
        `CIFAR-10 is not in ${root} and could not be downloaded (${(e as Error).message}).\n` +
          "Pass --data PATH: a CIFAR-10 binary folder or cifar-10-binary.tar.gz, or an ImageFolder folder or " +
          ".tar.xz/.tar.gz archive with train/<class>/ and test/<class>/ (for example ../shared/datasets/cifar10-jpeg.tar.xz).",
      );
    }
  }
  if (!fs.existsSync(dataPath)) throw new Error(`--data ${dataPath}: no such file or folder`);
  const stat = fs.statSync(dataPath);
  if (stat.isFile()) {
    if (path.basename(dataPath).startsWith("cifar-10-binary")) {
      return {
        train: new data.CIFAR10({ root: dataPath, train: true, transform }),
        test: new data.CIFAR10({ root: dataPath, train: false, transform }),
        source: dataPath,
      };
    }
    const dir = data.extractArchive(dataPath);
    return loadCifar(dir, transform).then((s) => ({ ...s, source: dataPath }));
  }
  if (isCifarBinary(dataPath)) {
    return {
      train: new data.CIFAR10({ root: dataPath, train: true, transform }),
      test: new data.CIFAR10({ root: dataPath, train: false, transform }),
      source: dataPath,
    };
  }
  const root = findImageFolderRoot(dataPath);
  if (!root)
    throw new Error(`--data ${dataPath}: neither a CIFAR-10 binary release nor an ImageFolder with train/ and test/`);
  return {
    train: new data.ImageFolder(path.join(root, "train"), { transform }),
    test: new data.ImageFolder(path.join(root, "test"), { transform }),
    source: dataPath,
  };
}

/** The decoded data as one file for the PyTorch reference: header, then uint8 images and labels per split. */
export function exportData(s: Splits, file: string): void {
  const parts: Buffer[] = [];
  const meta = Buffer.from(JSON.stringify({ train: s.train.length, test: s.test.length, classes: s.train.classes }));
  const head = Buffer.alloc(4);
  head.writeUInt32LE(meta.length, 0);
  parts.push(head, meta);
  for (const d of [s.train, s.test]) {
    parts.push(Buffer.from((d.images.contiguous().toTypedArray() as Uint8Array).buffer));
    parts.push(Buffer.from((d.targets.to("uint8").toTypedArray() as Uint8Array).buffer));
  }
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, Buffer.concat(parts));
}
