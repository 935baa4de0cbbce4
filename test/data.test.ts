import { execFileSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import * as jpeg from "jpeg-js";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as torch from "../lib";
import { data, type Tensor } from "../lib";
import { native } from "../lib/native";
import { Tensor as TensorClass } from "../lib/tensor";
import { expectTensor } from "./helpers/assert";
import { PyTorch } from "./helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-data-"));
process.env.TORCHTS_CACHE = path.join(tmp, "cache");
const T = data.transforms;

/** A small CIFAR-10 binary release: 5 train batches of n records and a test batch. */
function makeCifar(dir: string, n = 6): void {
  const bin = path.join(dir, "cifar-10-batches-bin");
  fs.mkdirSync(bin, { recursive: true });
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) % 256;
  for (const f of ["data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5", "test_batch"]) {
    const buf = Buffer.alloc(n * 3073);
    for (let r = 0; r < n; r++) {
      buf[r * 3073] = rnd() % 10;
      for (let k = 1; k < 3073; k++) buf[r * 3073 + k] = rnd();
    }
    fs.writeFileSync(path.join(bin, `${f}.bin`), buf);
  }
}

describe("CIFAR10 (binary release)", () => {
  const root = path.join(tmp, "cifar");
  beforeAll(() => makeCifar(root));

  it("reads records as PyTorch reads them: label byte, then 3x32x32 channel-major pixels", async () => {
    const train = new data.CIFAR10({ root, train: true });
    const test = new data.CIFAR10({ root, train: false });
    expect(train.length).toBe(30);
    expect(test.length).toBe(6);
    const ref = (await py.call("parity_data.cifar_train", { root })) as Tensor[];
    expectTensor(train.images, ref[0]);
    expectTensor(train.targets, ref[1]);
    expect(train.classes[0]).toBe("airplane");
  });

  it("reads straight from cifar-10-binary.tar.gz", () => {
    const arch = path.join(tmp, "archive");
    fs.mkdirSync(arch);
    execFileSync("tar", ["-czf", path.join(arch, "cifar-10-binary.tar.gz"), "-C", root, "cifar-10-batches-bin"]);
    const ds = new data.CIFAR10({ root: arch, train: false });
    expect(ds.images.equal(new data.CIFAR10({ root, train: false }).images)).toBe(true);
  });

  it("a missing data set says how to get it; a corrupt file is named", () => {
    expect(() => new data.CIFAR10({ root: path.join(tmp, "nothing") })).toThrow(/download: true/);
    const bad = path.join(tmp, "badcifar", "cifar-10-batches-bin");
    fs.mkdirSync(bad, { recursive: true });
    for (const f of ["data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5", "test_batch"])
      fs.writeFileSync(path.join(bad, `${f}.bin`), Buffer.alloc(100));
    expect(() => new data.CIFAR10({ root: path.dirname(bad) })).toThrow(
      /test_batch.bin is corrupt|data_batch_1.bin is corrupt/,
    );
  });
});

describe("CIFAR10 download from a loopback server", () => {
  let server: http.Server;
  let base = "";
  let archive: Buffer;
  let md5 = "";
  beforeAll(async () => {
    const src = path.join(tmp, "dl-src");
    makeCifar(src, 3);
    execFileSync("tar", ["-czf", path.join(tmp, "dl.tar.gz"), "-C", src, "cifar-10-batches-bin"]);
    archive = fs.readFileSync(path.join(tmp, "dl.tar.gz"));
    md5 = crypto.createHash("md5").update(archive).digest("hex");
    server = http.createServer((req, res) => {
      if (req.url === "/good.tar.gz") {
        res.writeHead(200, { "content-length": archive.length });
        res.end(archive);
      } else if (req.url === "/wrong.tar.gz") {
        const b = Buffer.from(archive);
        b[100] ^= 0xff;
        res.writeHead(200, { "content-length": b.length });
        res.end(b);
      } else if (req.url === "/cut.tar.gz") {
        res.writeHead(200, { "content-length": archive.length });
        res.write(archive.subarray(0, 500));
        setTimeout(() => res.destroy(), 20);
      } else if (req.url === "/moved") {
        res.writeHead(302, { location: "/good.tar.gz" });
        res.end();
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    process.env.TORCHTS_CIFAR10_MD5 = md5;
  });
  afterAll(() => {
    server.close();
    delete process.env.TORCHTS_CIFAR10_MD5;
  });

  it("a good download (through a redirect) is checked, unpacked and loaded; a second call does nothing", async () => {
    const root = path.join(tmp, "dl-good");
    const ds = await data.CIFAR10.create({ root, train: false, download: true, url: `${base}/moved` });
    expect(ds.length).toBe(3);
    const mtime = fs.statSync(path.join(root, "cifar-10-binary.tar.gz")).mtimeMs;
    await data.CIFAR10.create({ root, train: false, download: true, url: `${base}/nowhere` });
    expect(fs.statSync(path.join(root, "cifar-10-binary.tar.gz")).mtimeMs).toBe(mtime);
  });
  it("a wrong checksum is a clear error and leaves no partial file", async () => {
    const root = path.join(tmp, "dl-wrong");
    await expect(data.CIFAR10.create({ root, download: true, url: `${base}/wrong.tar.gz` })).rejects.toThrow(
      /checksum mismatch/,
    );
    expect(fs.existsSync(root) ? fs.readdirSync(root) : []).toEqual([]);
  });
  it("an interrupted transfer is an error and leaves no partial file", async () => {
    const root = path.join(tmp, "dl-cut");
    await expect(data.CIFAR10.create({ root, download: true, url: `${base}/cut.tar.gz` })).rejects.toThrow(
      /interrupted|aborted|socket hang up/,
    );
    expect(fs.existsSync(root) ? fs.readdirSync(root) : []).toEqual([]);
  });
  it("an HTTP error names the status", async () => {
    await expect(
      data.CIFAR10.create({ root: path.join(tmp, "dl-404"), download: true, url: `${base}/missing` }),
    ).rejects.toThrow(/HTTP 404/);
  });
});

describe("ImageFolder", () => {
  const root = path.join(tmp, "folder");
  const pixels = new Map<string, Uint8Array>();
  beforeAll(() => {
    let s = 7;
    const rnd = () => (s = (s * 69069 + 1) % 4294967296) % 256;
    for (const [cls, n] of [
      ["cat", 3],
      ["airplane", 2],
      ["dog", 2],
    ] as const) {
      fs.mkdirSync(path.join(root, cls), { recursive: true });
      for (let i = 0; i < n; i++) {
        const rgb = new Uint8Array(8 * 8 * 3).map(() => rnd());
        const rgba = Buffer.alloc(8 * 8 * 4);
        for (let p = 0; p < 64; p++) {
          rgba[p * 4] = rgb[p * 3];
          rgba[p * 4 + 1] = rgb[p * 3 + 1];
          rgba[p * 4 + 2] = rgb[p * 3 + 2];
          rgba[p * 4 + 3] = 255;
        }
        const png = new PNG({ width: 8, height: 8 });
        rgba.copy(png.data);
        const file = path.join(root, cls, `${i}.png`);
        fs.writeFileSync(file, PNG.sync.write(png));
        pixels.set(file, rgb);
      }
      fs.writeFileSync(
        path.join(root, cls, "x.jpg"),
        jpeg.encode({ width: 8, height: 8, data: Buffer.alloc(256, 128) }, 90).data,
      );
      fs.writeFileSync(path.join(root, cls, "notes.txt"), "ignored");
    }
  });

  it("sorts classes and files, labels by class index, decodes PNG exactly and JPEG like PIL", async () => {
    const ds = new data.ImageFolder(root);
    expect(ds.classes).toEqual(["airplane", "cat", "dog"]);
    expect(ds.samples.map(([f, l]) => [path.relative(root, f), l])).toEqual([
      ["airplane/0.png", 0],
      ["airplane/1.png", 0],
      ["airplane/x.jpg", 0],
      ["cat/0.png", 1],
      ["cat/1.png", 1],
      ["cat/2.png", 1],
      ["cat/x.jpg", 1],
      ["dog/0.png", 2],
      ["dog/1.png", 2],
      ["dog/x.jpg", 2],
    ]);
    const [img, label] = ds.get(3);
    expect(label).toBe(1);
    expect(
      Buffer.from(img.contiguous().toTypedArray() as Uint8Array).equals(
        Buffer.from(pixels.get(path.join(root, "cat", "0.png"))!),
      ),
    ).toBe(true);
    const ref = (await py.call("parity_data.pil_rgb", { f: path.join(root, "dog", "x.jpg") })) as Tensor;
    const ours = ds.get(9)[0];
    expect(ours.shape).toEqual(ref.shape);
    expect(ours.to("int32").sub(ref.to("int32")).abs().max().item()).toBeLessThanOrEqual(2);
  });

  it("caches decoded images so the second load does not decode again", () => {
    const ds1 = new data.ImageFolder(root);
    const files = fs.readdirSync(process.env.TORCHTS_CACHE!).filter((f) => f.startsWith("imagefolder-"));
    expect(files.length).toBeGreaterThan(0);
    const ds2 = new data.ImageFolder(root);
    expect(ds2.images.equal(ds1.images)).toBe(true);
  });

  it("a corrupt image is an Error naming the file", () => {
    const bad = path.join(tmp, "badfolder", "a");
    fs.mkdirSync(bad, { recursive: true });
    fs.writeFileSync(path.join(bad, "broken.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
    expect(() => new data.ImageFolder(path.dirname(bad), { cache: false })).toThrow(/broken\.png/);
    expect(() => new data.ImageFolder(path.join(tmp, "none"))).toThrow(/is not a folder/);
  });
});

describe("transforms and DataLoader", () => {
  function dataset(n = 23, transform?: data.transforms.Transform) {
    torch.manualSeed(3);
    const images = torch.randint(0, 256, [n, 6, 6, 3], { dtype: "uint8" });
    const targets = torch.arange(n);
    return new data.ImageDataset(images, targets, ["a"], transform);
  }
  const norm = () => new T.Compose([new T.ToTensor(), new T.Normalize([0.5, 0.4, 0.3], [0.2, 0.25, 0.5])]);

  it("ToTensor + Normalize equal torchvision's ops on the same bytes, batched and per sample", async () => {
    const ds = dataset(10, norm());
    const [x] = [...new data.DataLoader(ds, { batchSize: 10 })][0];
    const ref = (await py.call("parity_data.to_tensor_normalize", { imgs: ds.images })) as Tensor;
    expectTensor(x, ref);
    expectTensor(ds.get(4)[0], (ref as Tensor).select(0, 4));
  });

  it("shuffled batches follow PyTorch's DataLoader(shuffle=True, generator) exactly, epoch after epoch", async () => {
    const ds = dataset(23, norm());
    const loader = new data.DataLoader(ds, { batchSize: 5, shuffle: true, seed: 11 });
    const ours: number[][] = [];
    for (let e = 0; e < 3; e++) for (const [, y] of loader) ours.push(y.toArray() as number[]);
    const ref = (await py.call("parity_data.shuffled_batches")) as number[][];
    expect(ours).toEqual(ref);
  });

  it("shuffle with a seed: each epoch's order is epochPermutation's, the order the LeNet-5 results were trained on", () => {
    const ds = dataset(50, norm());
    const loader = new data.DataLoader(ds, { batchSize: 16, shuffle: true, seed: 4 });
    const g = new torch.Generator(4);
    for (let e = 0; e < 3; e++) {
      const ours = [...loader].flatMap(([, y]) => y.tolist() as number[]);
      const before = new TensorClass(native.epochPermutation(g.ext, 50)).tolist();
      expect(ours).toEqual(before);
    }
  });

  it("length, dropLast and order without shuffle", () => {
    const ds = dataset(23, norm());
    expect(new data.DataLoader(ds, { batchSize: 5 }).length).toBe(5);
    const dl = new data.DataLoader(ds, { batchSize: 5, dropLast: true });
    const ys = [...dl].map(([, y]) => y.toArray());
    expect(ys.length).toBe(4);
    expect(ys[0]).toEqual([0, 1, 2, 3, 4]);
    expect(() => new data.DataLoader(ds, { batchSize: 0 })).toThrow(/positive integer/);
    // Without ToTensor the images are batched as they are (the per-sample path), as PyTorch stacks arrays.
    const [raw] = [...new data.DataLoader(dataset(3), { batchSize: 3 })][0];
    expect(raw.dtype).toBe("uint8");
    expect(raw.shape).toEqual([3, 6, 6, 3]);
  });

  it("RandomCrop and RandomHorizontalFlip draw from the global generator: same manualSeed, same batches", () => {
    const tf = new T.Compose([new T.RandomCrop(6, { padding: 2 }), new T.RandomHorizontalFlip(), new T.ToTensor()]);
    const run = (seed: number) => {
      const ds = dataset(16, tf);
      torch.manualSeed(seed);
      return [...new data.DataLoader(ds, { batchSize: 8, shuffle: true, seed })].map(([x]) => x);
    };
    const a = run(5),
      b = run(5),
      c = run(6);
    expect(a[0].shape).toEqual([8, 3, 6, 6]);
    expect(a.every((x, i) => x.equal(b[i]))).toBe(true);
    expect(a.every((x, i) => x.equal(c[i]))).toBe(false);
    const plain = [...new data.DataLoader(dataset(16, new T.ToTensor()), { batchSize: 8, shuffle: true, seed: 5 })].map(
      ([x]) => x,
    );
    expect(a[0].equal(plain[0])).toBe(false);
  });
});

it("one-channel batches from the native path are laid out NCHW, as PyTorch's collated batch", () => {
  // With C = 1 the permuted HWC view counts as contiguous and kept channels-last strides; a conv then
  // took another kernel and drifted ~1e-6 from PyTorch (found porting pytorch/examples' mnist).
  const T = data.transforms;
  const ds = new data.ImageDataset(
    torch.randint(0, 256, [8, 28, 28, 1], { dtype: "uint8" }),
    torch.randint(0, 10, [8]),
    ["a"],
    new T.Compose([new T.ToTensor(), new T.Normalize([0.1307], [0.3081])]),
  );
  for (const [x] of new data.DataLoader(ds, { batchSize: 4 })) {
    expect(x.shape).toEqual([4, 1, 28, 28]);
    expect(x.stride()).toEqual([784, 784, 28, 1]);
  }
});
