// torchvision 0.14's transforms against torchts's, bit for bit on the same uint8 / float inputs and
// torch.manualSeed: each transform alone (on PIL images and on tensors), whole pipelines through the
// DataLoader (native fused path and per-sample path, numWorkers 0 and 2), and the seed's own pipeline
// (ImageFolder + ToTensor + Normalize + DataLoader(batch 64, shuffle)) on the CIFAR-10 JPEG folder.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as torch from "../lib";
import { data, type Tensor } from "../lib";
import { expectTensor } from "./helpers/assert";
import { CIFAR10_ARCHIVE } from "./helpers/paths";
import { PyTorch } from "./helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());
const T = data.transforms;
type Spec = [string, unknown[], Record<string, unknown>];

torch.manualSeed(123);
const hwc = torch.randint(0, 256, [13, 17, 3], { dtype: "uint8" });
const chw = torch.rand([3, 13, 17]);

/** Applies ours `times` times after manualSeed(seed). */
function ours(t: data.transforms.Transform, img: Tensor, seed: number | null, times = 1): Tensor[] {
  if (seed !== null) torch.manualSeed(seed);
  return Array.from({ length: times }, () => data.transforms.applyTransform(t, img));
}

async function theirs(spec: Spec, img: Tensor, o: { seed?: number; times?: number; pil?: boolean; chw?: boolean }) {
  return (await py.call("data_general.transform", { spec, img, ...o })) as Tensor[];
}

function same(a: Tensor[], b: Tensor[], what: string): void {
  expect(a.length, what).toBe(b.length);
  a.forEach((x, i) => {
    expectTensor(x.contiguous(), b[i], {}, `${what} #${i}`);
  });
}

describe("each transform equals torchvision's", () => {
  it("ToTensor (uint8 HWC as a PIL image) and Normalize (float CHW)", async () => {
    same(ours(new T.ToTensor(), hwc, null), await theirs(["ToTensor", [], {}], hwc, { pil: true }), "ToTensor");
    const gray = hwc.select(2, 0).contiguous();
    same(ours(new T.ToTensor(), gray, null), await theirs(["ToTensor", [], {}], gray, { pil: true }), "ToTensor L");
    for (const [m, s] of [
      [
        [0.5, 0.4, 0.3],
        [0.2, 0.25, 0.5],
      ],
      [[0.1], [0.3]],
    ]) {
      same(ours(new T.Normalize(m, s), chw, null), await theirs(["Normalize", [m, s], {}], chw, {}), `Normalize ${m}`);
    }
    expect(() => new T.Normalize([0.5], [0]).apply(chw)).toThrow(
      "std evaluated to zero after conversion to torch.float32, leading to division by zero.",
    );
    expect(() => new T.Normalize([0.5], [1]).apply(hwc)).toThrow(
      "Input tensor should be a float tensor. Got torch.uint8.",
    );
  });

  it("Resize on float CHW (tensor path) and on uint8 HWC images (PIL's resize), every mode, antialias, maxSize", async () => {
    const cases: Array<[number | number[], data.transforms.ResizeOptions]> = [
      [8, {}],
      [[20, 9], {}],
      [[26, 34], {}],
      [[6, 5], { antialias: true }],
      [[30, 11], { antialias: true }],
      [9, { interpolation: "bicubic" }],
      [[7, 25], { interpolation: "bicubic", antialias: true }],
      [[21, 8], { interpolation: "nearest" }],
      [10, { maxSize: 12 }],
    ];
    const gray = hwc.narrow(2, 0, 1).contiguous();
    for (const [size, o] of cases) {
      const spec: Spec = [
        "Resize",
        [size],
        { interpolation: o.interpolation, max_size: o.maxSize, antialias: o.antialias },
      ];
      const t = new T.Resize(size, o);
      same(ours(t, chw, null), await theirs(spec, chw, {}), `Resize ${t} float`);
      // A uint8 batch [N, C, H, W] is a tensor: torchvision's tensor path.
      const batch = hwc.permute(2, 0, 1).unsqueeze(0).contiguous();
      const ref = (await theirs(spec, batch, {}))[0];
      same(ours(t, batch, null), [ref], `Resize ${t} uint8 tensor`);
      // An HWC image is a PIL image: Pillow's resampling (antialiased), RGB and one channel ("L").
      same(ours(t, hwc, null), await theirs(spec, hwc, { pil: true }), `Resize ${t} PIL`);
      same(ours(t, gray, null), await theirs(spec, gray, { pil: true }), `Resize ${t} PIL L`);
    }
    // PIL's other filters (tensors refuse them), up and down, odd sizes.
    for (const interpolation of ["box", "hamming", "lanczos"] as const)
      for (const size of [[5, 3], [29, 40], 11, [13, 17]]) {
        const t = new T.Resize(size, { interpolation });
        same(ours(t, hwc, null), await theirs(["Resize", [size], { interpolation }], hwc, { pil: true }), `${t} PIL`);
        expect(() => t.apply(chw)).toThrow(`Interpolation mode '${interpolation}' is unsupported with Tensor input`);
      }
  });

  it("Resize of a large image (a JPEG-sized 375x500 to 256 and 224x224) gives Pillow's pixels", async () => {
    torch.manualSeed(7);
    const big = torch.randint(0, 256, [375, 500, 3], { dtype: "uint8" });
    for (const [size, interpolation] of [
      [256, "bilinear"],
      [[224, 224], "bicubic"],
      [[600, 801], "bilinear"],
      [160, "nearest"],
      [[100, 99], "lanczos"],
    ] as const) {
      const spec: Spec = ["Resize", [size], { interpolation }];
      same(ours(new T.Resize(size, { interpolation }), big, null), await theirs(spec, big, { pil: true }), `${spec}`);
    }
  });

  it("CenterCrop, inside and larger than the image, on PIL images and tensors", async () => {
    for (const size of [8, [10, 5], [20, 30], [14, 18], [12, 16], [13, 17]]) {
      const spec: Spec = ["CenterCrop", [size], {}];
      const t = new T.CenterCrop(size);
      same(ours(t, hwc, null), await theirs(spec, hwc, { pil: true }), `${t} PIL`);
      same(ours(t, chw, null), await theirs(spec, chw, {}), `${t} float`);
    }
  });

  it("RandomCrop (padding, fill, every padding mode, padIfNeeded) with the same seed: the same crops", async () => {
    const cases: Array<[number | number[], data.transforms.RandomCropOptions]> = [
      [10, { padding: 2 }],
      [13, { padding: 4 }],
      [[8, 12], { padding: [1, 3] }],
      [[9, 14], { padding: [1, 2, 3, 4], paddingMode: "reflect" }],
      [[12, 12], { padding: 3, paddingMode: "edge" }],
      [[15, 19], { padding: [2, 1], paddingMode: "symmetric" }],
      [[11, 11], { padding: 2, fill: 7 }],
      [[20, 22], { padIfNeeded: true }],
      [[16, 9], { padIfNeeded: true, paddingMode: "reflect" }],
      [[13, 17], {}],
    ];
    for (const [size, o] of cases) {
      const spec: Spec = [
        "RandomCrop",
        [size],
        { padding: o.padding, pad_if_needed: o.padIfNeeded, fill: o.fill, padding_mode: o.paddingMode },
      ];
      const t = new T.RandomCrop(size, o);
      const what = `${t} ${JSON.stringify(o)}`;
      same(ours(t, hwc, 3, 6), await theirs(spec, hwc, { seed: 3, times: 6, pil: true }), `${what} PIL`);
      same(ours(t, chw, 5, 6), await theirs(spec, chw, { seed: 5, times: 6 }), `${what} float`);
    }
    const tooBig = await py.tryCall("data_general.transform", { spec: ["RandomCrop", [20], {}], img: chw });
    expect(() => new T.RandomCrop(20).apply(chw)).toThrow(tooBig.error!);
    // One pixel too tall: torchvision 0.14.1 checks h < th (not h + 1 < th).
    const oneTooBig = await py.tryCall("data_general.transform", { spec: ["RandomCrop", [[14, 10]], {}], img: chw });
    expect(oneTooBig.error).toBeDefined();
    expect(() => new T.RandomCrop([14, 10]).apply(chw)).toThrow(oneTooBig.error!);
  });

  it("RandomHorizontalFlip with the same seed: the same flips", async () => {
    for (const p of [0.5, 0.3]) {
      const spec: Spec = ["RandomHorizontalFlip", [p], {}];
      same(
        ours(new T.RandomHorizontalFlip(p), hwc, 8, 12),
        await theirs(spec, hwc, { seed: 8, times: 12, pil: true }),
        "PIL",
      );
      same(ours(new T.RandomHorizontalFlip(p), chw, 9, 12), await theirs(spec, chw, { seed: 9, times: 12 }), "float");
    }
  });

  it("Lambda and plain functions compose with the built-ins; reprs read as torchvision's", () => {
    const t = new T.Compose([new T.ToTensor(), new T.Lambda((x: Tensor) => x.mul(2)), (x: Tensor) => x.add(1)]);
    expect(t.apply(hwc).equal(new T.ToTensor().apply(hwc).mul(2).add(1))).toBe(true);
    expect(String(new T.RandomCrop(32, 4))).toBe("RandomCrop(size=(32, 32), padding=4)");
    // torchvision keeps a two-element size as given (RandomCrop makes it a tuple).
    expect(String(new T.CenterCrop([3, 4]))).toBe("CenterCrop(size=[3, 4])");
    expect(String(new T.Resize(8))).toBe("Resize(size=8, interpolation=bilinear, max_size=None, antialias=None)");
    expect(String(new T.Normalize([0.5], [0.25]))).toBe("Normalize(mean=[0.5], std=[0.25])");
    expect(() => new T.Lambda(3 as unknown as (x: Tensor) => Tensor)).toThrow("Argument lambd should be callable");
  });
});

describe("pipelines through the DataLoader equal torchvision's DataLoader", () => {
  torch.manualSeed(7);
  const imgs = torch.randint(0, 256, [40, 16, 16, 3], { dtype: "uint8" });
  const labels = torch.randint(0, 10, [40]);
  const norm: Spec = [
    "Normalize",
    [
      [0.5, 0.4, 0.3],
      [0.2, 0.25, 0.5],
    ],
    {},
  ];
  const pipelines: Array<[string, Spec[]]> = [
    [
      "crop, flip",
      [["RandomCrop", [16], { padding: 2 }], ["RandomHorizontalFlip", [], {}], ["ToTensor", [], {}], norm],
    ],
    [
      "flip, smaller crop",
      [
        ["RandomHorizontalFlip", [0.4], {}],
        ["RandomCrop", [[12, 10]], { padding: [1, 3] }],
        ["ToTensor", [], {}],
        norm,
      ],
    ],
    ["ToTensor first", [["ToTensor", [], {}], ["RandomHorizontalFlip", [], {}], ["RandomCrop", [14], {}], norm]],
    // torchvision resizes PIL images with PIL's resampling: its tensor path runs after ToTensor.
    [
      "resize, center crop",
      [
        ["ToTensor", [], {}],
        ["Resize", [20], {}],
        ["CenterCrop", [18], {}],
      ],
    ],
    ["reflect padding", [["RandomCrop", [16], { padding: 3, padding_mode: "reflect" }], ["ToTensor", [], {}], norm]],
    // Resize before ToTensor: a PIL image, resized by Pillow (ImageNet's evaluation pipeline).
    ["PIL resize, center crop", [["Resize", [20], {}], ["CenterCrop", [18], {}], ["ToTensor", [], {}], norm]],
  ];
  function build(specs: Spec[]): data.transforms.Transform[] {
    return specs.map(([name, args, kw]) => {
      if (name === "RandomCrop")
        return new T.RandomCrop(args[0] as number, {
          padding: kw.padding as number,
          paddingMode: kw.padding_mode as data.transforms.PaddingMode,
        });
      if (name === "RandomHorizontalFlip") return new T.RandomHorizontalFlip(...(args as number[]));
      if (name === "ToTensor") return new T.ToTensor();
      if (name === "Normalize") return new T.Normalize(args[0] as number[], args[1] as number[]);
      if (name === "Resize") return new T.Resize(args[0] as number);
      if (name === "CenterCrop") return new T.CenterCrop(args[0] as number);
      throw new Error(name);
    });
  }

  for (const [name, specs] of pipelines) {
    it(`${name}: the native path and the per-sample path give torchvision's batches (numWorkers 0 and 2)`, async () => {
      for (const numWorkers of [0, 2]) {
        const ref = (await py.call("data_general.compose_loader", {
          imgs,
          labels,
          specs,
          seed: 11,
          batch_size: 8,
          shuffle: true,
          num_workers: numWorkers,
        })) as Tensor[][];
        const fused = new T.Compose(build(specs));
        const perSample = new T.Compose([...build(specs), (x: Tensor) => x]);
        for (const [how, tf] of [
          ["native", fused],
          ["per-sample", perSample],
        ] as const) {
          torch.manualSeed(11);
          const loader = new data.DataLoader(new data.ImageDataset(imgs, labels, ["a"], tf), {
            batchSize: 8,
            shuffle: true,
            numWorkers,
          });
          const got = [...loader];
          expect(got.length).toBe(ref.length);
          got.forEach(([x, y], i) => {
            expectTensor(x, ref[i][0], {}, `${name} ${how} workers=${numWorkers} batch ${i} x`);
            expectTensor(y, ref[i][1], {}, `${name} ${how} workers=${numWorkers} batch ${i} y`);
          });
        }
      }
    });
  }
});

const ARCHIVE = CIFAR10_ARCHIVE;

describe("the seed's pipeline on the CIFAR-10 JPEG folder", () => {
  let dir = "";
  let root = "";
  beforeAll(() => {
    if (!ARCHIVE) return;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-seedpipe-"));
    const tar = spawnSync("tar", ["-xJf", ARCHIVE, "-C", dir, "cifar10-jpeg/test"], { encoding: "utf8" });
    if (tar.status !== 0) throw new Error(tar.stderr);
    root = path.join(dir, "cifar10-jpeg", "test");
  }, 120_000);
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("ImageFolder + ToTensor + Normalize + DataLoader(64, shuffle) after manualSeed: torchvision's first batch", async () => {
    expect(ARCHIVE, "the shared CIFAR-10 JPEG archive was not found").toBeTruthy();
    const tf = new T.Compose([new T.ToTensor(), new T.Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5])]);
    const ds = new data.ImageFolder(root, { transform: tf, cache: false });
    for (const seed of [0, 1]) {
      const [x, y] = (await py.call("data_general.image_folder_first_batch", { root, seed })) as Tensor[];
      torch.manualSeed(seed);
      const [bx, by] = new data.DataLoader(ds, { batchSize: 64, shuffle: true })[Symbol.iterator]().next().value as [
        Tensor,
        Tensor,
      ];
      expectTensor(bx, x, {}, `seed ${seed} images`);
      expectTensor(by, y, {}, `seed ${seed} labels`);
    }
    // With RandomCrop(32, padding=4) and RandomHorizontalFlip in front, on the native path.
    ds.transform = new T.Compose([
      new T.RandomCrop(32, { padding: 4 }),
      new T.RandomHorizontalFlip(),
      ...tf.transforms,
    ]);
    const [x, y] = (await py.call("data_general.image_folder_augmented_batch", { root, seed: 3 })) as Tensor[];
    torch.manualSeed(3);
    const [bx, by] = [...new data.DataLoader(ds, { batchSize: 64, shuffle: true })][0];
    expectTensor(bx, x, {}, "augmented images");
    expectTensor(by, y, {}, "augmented labels");
  }, 300_000);
});

// ---- the transforms CIFAR/ImageNet scripts add (test/python/transforms_extra.py)

const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const opts = (kw: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(kw)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [camel(k), v]),
  );

/** Ours from the spec torchvision builds (kwargs by their Python names). */
function make(spec: Spec): data.transforms.Transform {
  const [name, args, kw] = spec;
  const o = opts(kw);
  const a = args as never[];
  switch (name) {
    case "RandomResizedCrop":
      return new T.RandomResizedCrop(a[0], o);
    case "RandomVerticalFlip":
      return new T.RandomVerticalFlip(...a);
    case "Pad":
      return new T.Pad(a[0], o);
    case "Grayscale":
      return new T.Grayscale(...a);
    case "RandomGrayscale":
      return new T.RandomGrayscale(...a);
    case "ColorJitter":
      return a.length ? new T.ColorJitter(a[0], a[1], a[2], a[3]) : new T.ColorJitter(o);
    case "RandomRotation":
      return new T.RandomRotation(a[0], o);
    case "RandomErasing":
      return new T.RandomErasing(o);
    case "GaussianBlur":
      return new T.GaussianBlur(a[0], ...(o.sigma === undefined ? [] : [o.sigma as number]));
    case "ConvertImageDtype":
      return new T.ConvertImageDtype(a[0]);
    case "RandomApply":
      return new T.RandomApply((a[0] as Spec[]).map(make), ...(o.p === undefined ? [] : [o.p as number]));
    default:
      throw new Error(name);
  }
}

interface Run {
  seed?: number;
  times?: number;
  pil?: boolean;
  chw?: boolean;
}

/** Ours and torchvision's outputs for `spec` on img (same seed), and the generator's next draws after both. */
async function compare(spec: Spec, img: Tensor, run: Run, what: string): Promise<void> {
  const ref = (await py.call("transforms_extra.transform", { spec, img, ...run })) as { outs: Tensor[]; after: Tensor };
  const got = ours(make(spec), img, run.seed ?? null, run.times ?? 1);
  same(got, ref.outs, what);
  expectTensor(torch.rand([2]), ref.after, {}, `${what}: the generator after`);
}

async function fn(name: string, img: Tensor, args: unknown[], kwargs: Record<string, unknown> = {}, run: Run = {}) {
  return (await py.call("transforms_extra.functional", { name, img, args, kwargs, ...run })) as Tensor;
}

describe("the added transforms equal torchvision's (tensor path; PIL where its pixels are the same)", () => {
  torch.manualSeed(321);
  const hwcOdd = torch.randint(0, 256, [9, 20, 3], { dtype: "uint8" });
  const chwOdd = torch.rand([3, 11, 7]);
  const batch = torch.rand([2, 3, 10, 12]);
  const gray = torch.randint(0, 256, [1, 12, 9], { dtype: "uint8" }).to("float32").div(255);
  const F = T;

  it("RandomVerticalFlip, and vflip / Pad on PIL images and tensors", async () => {
    for (const [p, seed] of [
      [0.5, 1],
      [0.3, 2],
    ]) {
      const spec: Spec = ["RandomVerticalFlip", [p], {}];
      await compare(spec, hwc, { seed, times: 10, pil: true }, `RandomVerticalFlip(${p}) PIL`);
      await compare(spec, chwOdd, { seed, times: 10 }, `RandomVerticalFlip(${p}) float`);
    }
    expectTensor(F.vflip(batch), await fn("vflip", batch, []), {}, "vflip batch");
    const pads: Array<[number | number[], Record<string, unknown>]> = [
      [3, {}],
      [[1, 2], { fill: 9 }],
      [[2, 0, 1, 3], { padding_mode: "reflect" }],
      [[4, 1], { padding_mode: "edge" }],
      [[3, 2, 1, 0], { padding_mode: "symmetric" }],
    ];
    for (const [padding, kw] of pads) {
      const spec: Spec = ["Pad", [padding], kw];
      const what = `Pad(${JSON.stringify(padding)}, ${JSON.stringify(kw)})`;
      await compare(spec, hwcOdd, { pil: true }, `${what} PIL`);
      await compare(spec, chwOdd, {}, `${what} float`);
    }
  });

  it("RandomResizedCrop: the same params after the same seed, every mode, antialias, the fallback crop", async () => {
    const cases: Array<[number | number[], Record<string, unknown>]> = [
      [8, {}],
      [[10, 6], { scale: [0.3, 0.9] }],
      [[21, 15], { interpolation: "bicubic" }],
      [[7, 9], { interpolation: "nearest", ratio: [0.5, 2.0] }],
      [[6, 11], { antialias: true }],
      [5, { interpolation: "bicubic", antialias: true, scale: [0.5, 1.0] }],
      // No try fits (area > the image's): the centred fallback crop.
      [6, { scale: [2.0, 3.0], ratio: [3.0, 4.0] }],
      [6, { scale: [2.0, 3.0] }],
    ];
    for (const [size, kw] of cases) {
      const spec: Spec = ["RandomResizedCrop", [size], kw];
      const what = `RandomResizedCrop(${JSON.stringify(size)}, ${JSON.stringify(kw)})`;
      for (const seed of [0, 5]) {
        await compare(spec, hwc, { seed, times: 4, pil: true }, `${what} PIL seed ${seed}`);
        await compare(spec, chwOdd, { seed, times: 4 }, `${what} float seed ${seed}`);
      }
    }
    const params = (await py.call("transforms_extra.resized_crop_params", {
      img: chw,
      scale: [0.08, 1.0],
      ratio: [0.75, 4 / 3],
      seed: 9,
      times: 20,
    })) as number[][];
    torch.manualSeed(9);
    const mine = Array.from({ length: 20 }, () => T.RandomResizedCrop.getParams(chw, [0.08, 1.0], [0.75, 4 / 3]));
    expect(mine).toEqual(params);
  });

  it("Grayscale, RandomGrayscale and the colour functionals (uint8 and float, integral factors)", async () => {
    for (const n of [1, 3]) {
      await compare(["Grayscale", [n], {}], hwcOdd, { chw: true }, `Grayscale(${n}) uint8`);
      await compare(["Grayscale", [n], {}], chwOdd, {}, `Grayscale(${n}) float`);
      await compare(["Grayscale", [n], {}], gray, {}, `Grayscale(${n}) one channel`);
    }
    await compare(["RandomGrayscale", [0.5], {}], hwc, { seed: 4, times: 8, chw: true }, "RandomGrayscale uint8");
    await compare(["RandomGrayscale", [0.5], {}], batch, { seed: 6, times: 8 }, "RandomGrayscale batch");
    const colour: Array<[string, number[]]> = [
      ["adjust_brightness", [0, 0.37, 1, 1.8, 2]],
      ["adjust_contrast", [0, 0.45, 1, 1.6, 3]],
      ["adjust_saturation", [0, 0.3, 1, 1.9, 2]],
      ["adjust_hue", [-0.5, -0.23, 0, 0.11, 0.5]],
    ];
    const ourFn: Record<string, (x: Tensor, f: number) => Tensor> = {
      adjust_brightness: F.adjustBrightness,
      adjust_contrast: F.adjustContrast,
      adjust_saturation: F.adjustSaturation,
      adjust_hue: F.adjustHue,
    };
    for (const [name, factors] of colour)
      for (const f of factors) {
        expectTensor(ourFn[name](hwcOdd, f), await fn(name, hwcOdd, [f], {}, { chw: true }), {}, `${name}(${f}) uint8`);
        expectTensor(ourFn[name](chwOdd, f), await fn(name, chwOdd, [f]), {}, `${name}(${f}) float`);
        expectTensor(ourFn[name](batch, f), await fn(name, batch, [f]), {}, `${name}(${f}) batch`);
        expectTensor(ourFn[name](gray, f), await fn(name, gray, [f]), {}, `${name}(${f}) one channel`);
      }
  });

  it("ColorJitter: torch.randperm(4) order and uniform_ factors, on uint8 and float, several seeds", async () => {
    const cases: Spec[] = [
      ["ColorJitter", [], { brightness: 0.4, contrast: 0.4, saturation: 0.4, hue: 0.1 }],
      ["ColorJitter", [], { brightness: [0.5, 1.5], hue: [-0.3, 0.2] }],
      ["ColorJitter", [], { contrast: 0.8, saturation: [0, 2] }],
      ["ColorJitter", [0.2, 0, 0.6], {}],
      ["ColorJitter", [], {}],
    ];
    for (const spec of cases)
      for (const seed of [0, 3, 11]) {
        const what = `ColorJitter ${JSON.stringify(spec.slice(1))} seed ${seed}`;
        await compare(spec, hwc, { seed, times: 3, chw: true }, `${what} uint8`);
        await compare(spec, chwOdd, { seed, times: 3 }, `${what} float`);
      }
    await compare(cases[0], batch, { seed: 2, times: 2 }, "ColorJitter batch");
  });

  it("RandomRotation and rotate: nearest and bilinear, expand, center, fill (float32 and uint8)", async () => {
    const cases: Array<[number | number[], Record<string, unknown>]> = [
      [30, {}],
      [[-90, 90], { interpolation: "bilinear" }],
      [45, { expand: true }],
      [[10, 170], { interpolation: "bilinear", expand: true, fill: 0.5 }],
      [180, { center: [3, 4], fill: [0.2, 0.4, 0.6] }],
      [[-20, 20], { interpolation: "bilinear", center: [0, 10] }],
    ];
    for (const [degrees, kw] of cases) {
      const spec: Spec = ["RandomRotation", [degrees], kw];
      const what = `RandomRotation(${JSON.stringify(degrees)}, ${JSON.stringify(kw)})`;
      for (const seed of [1, 8]) {
        await compare(spec, chwOdd, { seed, times: 3 }, `${what} float seed ${seed}`);
        const u8kw = Array.isArray(kw.fill) ? { ...kw, fill: [20, 40, 60] } : kw.fill ? { ...kw, fill: 50 } : kw;
        await compare(["RandomRotation", [degrees], u8kw], hwcOdd, { seed, times: 3, chw: true }, `${what} uint8`);
      }
    }
    await compare(
      ["RandomRotation", [60], { interpolation: "bilinear" }],
      batch,
      { seed: 3, times: 2 },
      "rotation batch",
    );
    for (const angle of [0, 90, -37.5, 123.25, 360])
      for (const mode of ["nearest", "bilinear"] as const)
        for (const [expand, center, fill] of [
          [false, null, null],
          [true, null, [1]],
          [false, [2, 9], [0.1, 0.2, 0.3]],
        ] as const) {
          const kw = { interpolation: mode, expand, center, fill };
          const ref = await fn("rotate", chwOdd, [angle], kw);
          const got = F.rotate(chwOdd, angle, mode, expand, center as number[] | null, fill as number[] | null);
          expectTensor(got, ref, {}, `rotate(${angle}, ${JSON.stringify(kw)})`);
        }
  });

  it("RandomErasing: value 0, per channel and random, inplace, the no-fit case; erase", async () => {
    const cases: Array<Record<string, unknown>> = [
      { p: 1 },
      { p: 0.5, scale: [0.1, 0.4], ratio: [0.5, 2] },
      { p: 1, value: [0.1, 0.5, 0.9] },
      { p: 1, value: "random" },
      { p: 0.7, value: 3 },
      // The box never fits: the image comes back unchanged (after ten tries of draws).
      { p: 1, scale: [0.99, 1.0], ratio: [1, 1] },
    ];
    for (const kw of cases)
      for (const seed of [2, 13]) {
        const what = `RandomErasing(${JSON.stringify(kw)}) seed ${seed}`;
        await compare(["RandomErasing", [], kw], chwOdd, { seed, times: 4 }, `${what} float`);
        await compare(["RandomErasing", [], kw], batch, { seed, times: 2 }, `${what} batch`);
        const u8 = Array.isArray(kw.value) ? { ...kw, value: [10, 128, 250] } : kw;
        if (kw.value !== "random")
          await compare(["RandomErasing", [], u8], hwcOdd, { seed, times: 4, chw: true }, `${what} uint8`);
      }
    const x = chwOdd.clone();
    torch.manualSeed(4);
    const y = new T.RandomErasing({ p: 1, inplace: true }).apply(x);
    expect(y).toBe(x);
    const v = torch.tensor([[[7]]]);
    expectTensor(F.erase(chw, 2, 3, 4, 5, v), await fn("erase", chw, [2, 3, 4, 5, v]), {}, "erase");
  });

  it("GaussianBlur and gaussian_blur (torchvision blurs a PIL image through the tensor code too)", async () => {
    const cases: Array<[number | number[], Record<string, unknown>]> = [
      [3, {}],
      [[5, 3], { sigma: [0.5, 1.5] }],
      [[1, 7], { sigma: 1.2 }],
      [9, { sigma: [0.1, 5.0] }],
    ];
    for (const [ks, kw] of cases) {
      const spec: Spec = ["GaussianBlur", [ks], kw];
      const what = `GaussianBlur(${JSON.stringify(ks)}, ${JSON.stringify(kw)})`;
      for (const seed of [0, 6]) {
        await compare(spec, hwcOdd, { seed, times: 3, pil: true }, `${what} PIL seed ${seed}`);
        await compare(spec, chwOdd, { seed, times: 3 }, `${what} float seed ${seed}`);
      }
    }
    await compare(["GaussianBlur", [5], {}], batch, { seed: 1, times: 2 }, "GaussianBlur batch");
    expectTensor(F.gaussianBlur(chwOdd, [3, 5]), await fn("gaussian_blur", chwOdd, [[3, 5]]), {}, "default sigma");
    const f64 = chwOdd.to("float64");
    expectTensor(F.gaussianBlur(f64, 5, 0.8), await fn("gaussian_blur", f64, [5, 0.8]), {}, "float64");
  });

  it("ConvertImageDtype between float and integer dtypes, both ways", async () => {
    torch.manualSeed(17);
    const inputs: Record<string, Tensor> = {
      uint8: hwcOdd,
      int8: torch.randint(-128, 128, [2, 5, 6], { dtype: "int8" }),
      int16: torch.randint(-32768, 32768, [2, 5, 6], { dtype: "int16" }),
      int32: torch.randint(-(2 ** 31), 2 ** 31, [2, 5, 6], { dtype: "int32" }),
      int64: torch.randint(-(2 ** 53), 2 ** 53, [2, 5, 6]).mul(1023),
      float32: chwOdd,
      float64: chwOdd.to("float64").sub(0.3).mul(1.7),
      float16: chwOdd.to("float16"),
    };
    const all = ["uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64"] as const;
    for (const [from, x] of Object.entries(inputs))
      for (const to of all) {
        const ref = await py.tryCall("transforms_extra.functional", {
          name: "convert_image_dtype",
          img: x,
          args: [to],
        });
        if (ref.error) {
          expect(() => F.convertImageDtype(x, to), `${from} -> ${to}`).toThrow(ref.error);
          continue;
        }
        // int32/int64 -> float16 overflows to inf and inf / inf is nan on both sides: nan counts as equal.
        const r = ref.out as Tensor;
        const noNan = (t: Tensor) => (t.isFloatingPoint() ? t.maskedFill(r.isnan(), 0) : t);
        const mine = F.convertImageDtype(x, to);
        if (mine.isFloatingPoint()) expect(mine.isnan().equal(r.isnan()), `${from} -> ${to} nan`).toBe(true);
        expectTensor(noNan(mine), noNan(r), {}, `${from} -> ${to}`);
        const cls = new T.ConvertImageDtype(to).apply(x);
        expectTensor(noNan(cls), noNan(r), {}, `ConvertImageDtype ${from} -> ${to}`);
      }
  });

  it("RandomApply draws torch.rand(1) and compares in float32; pipelines mixing the new transforms", async () => {
    const inner: Spec[] = [
      ["ColorJitter", [], { brightness: 0.4, contrast: 0.4, saturation: 0.4, hue: 0.1 }],
      ["RandomGrayscale", [0.3], {}],
    ];
    for (const p of [0.8, 0.3])
      await compare(["RandomApply", [inner], { p }], chwOdd, { seed: 5, times: 6 }, `RandomApply p=${p}`);
    // A pipeline per sample through the DataLoader: ImageNet-style augmentation on uint8 HWC images.
    torch.manualSeed(7);
    const imgs = torch.randint(0, 256, [12, 14, 18, 3], { dtype: "uint8" });
    const specs: Spec[] = [
      ["RandomResizedCrop", [10], {}],
      ["RandomHorizontalFlip", [], {}],
      ["ToTensor", [], {}],
      ["RandomApply", [inner], { p: 0.8 }],
      ["GaussianBlur", [3], {}],
      ["RandomRotation", [15], { interpolation: "bilinear" }],
      [
        "Normalize",
        [
          [0.5, 0.4, 0.3],
          [0.2, 0.25, 0.5],
        ],
        {},
      ],
      ["RandomErasing", [], { p: 0.5 }],
    ];
    const ref = (await py.call("transforms_extra.loader", { imgs, specs, seed: 21, batch_size: 4 })) as Tensor[];
    const build = (s: Spec) =>
      s[0] === "ToTensor"
        ? new T.ToTensor()
        : s[0] === "Normalize"
          ? new T.Normalize(s[1][0] as number[], s[1][1] as number[])
          : s[0] === "RandomHorizontalFlip"
            ? new T.RandomHorizontalFlip()
            : make(s);
    const tf = new T.Compose(specs.map(build));
    torch.manualSeed(21);
    const loader = new data.DataLoader(new data.ImageDataset(imgs, torch.zeros([12], { dtype: "int64" }), ["a"], tf), {
      batchSize: 4,
      shuffle: true,
    });
    const got = [...loader].map(([x]) => x);
    same(got, ref, "augmentation pipeline batches");
  });

  it("argument errors with torchvision's messages", async () => {
    const bad: Spec[] = [
      ["RandomResizedCrop", [[1, 2, 3]], {}],
      ["ColorJitter", [], { brightness: -1 }],
      ["ColorJitter", [], { hue: [-0.6, 0.2] }],
      ["ColorJitter", [], { contrast: [1.5, 1.2] }],
      ["ColorJitter", [], { saturation: [1, 2, 3] }],
      ["RandomRotation", [-5], {}],
      ["RandomRotation", [[1, 2, 3]], {}],
      ["RandomRotation", [10], { center: [1] }],
      ["RandomErasing", [], { value: "noise" }],
      ["RandomErasing", [], { scale: [0.1, 1.5] }],
      ["RandomErasing", [], { p: 2 }],
      ["GaussianBlur", [4], {}],
      ["GaussianBlur", [[3, 5, 7]], {}],
      ["GaussianBlur", [3], { sigma: 0 }],
      ["GaussianBlur", [3], { sigma: [2, 1] }],
      ["GaussianBlur", [3], { sigma: [1, 2, 3] }],
      ["Pad", [3], { padding_mode: "wrap" }],
      ["Pad", [[1, 2, 3]], {}],
    ];
    for (const spec of bad) {
      const r = await py.tryCall("transforms_extra.construct", { spec });
      expect(r.error, JSON.stringify(spec)).toBeTruthy();
      expect(() => make(spec), JSON.stringify(spec)).toThrow(r.error!);
    }
    const runtime: Array<[string, Tensor, unknown[], Record<string, unknown>, () => unknown]> = [
      ["adjust_brightness", chw, [-1], {}, () => F.adjustBrightness(chw, -1)],
      ["adjust_saturation", chw, [-0.5], {}, () => F.adjustSaturation(chw, -0.5)],
      ["adjust_hue", chw, [0.7], {}, () => F.adjustHue(chw, 0.7)],
      ["adjust_contrast", batch.narrow(1, 0, 2), [0.5], {}, () => F.adjustContrast(batch.narrow(1, 0, 2), 0.5)],
      ["rgb_to_grayscale", chw, [2], {}, () => F.rgbToGrayscale(chw, 2)],
      ["rgb_to_grayscale", chw.select(0, 0), [], {}, () => F.rgbToGrayscale(chw.select(0, 0))],
      ["rotate", chw, [10], { interpolation: "bicubic" }, () => F.rotate(chw, 10, "bicubic")],
      ["rotate", chw, [10], { fill: [1, 2] }, () => F.rotate(chw, 10, "nearest", false, null, [1, 2])],
      ["gaussian_blur", chw, [[3, 4]], {}, () => F.gaussianBlur(chw, [3, 4])],
      ["gaussian_blur", chw, [3, [1, 2, 3]], {}, () => F.gaussianBlur(chw, 3, [1, 2, 3])],
      ["gaussian_blur", chw, [3, -1], {}, () => F.gaussianBlur(chw, 3, -1)],
    ];
    for (const [name, img, args, kwargs, mine] of runtime) {
      const r = await py.tryCall("transforms_extra.functional", { name, img, args, kwargs });
      expect(r.error, name).toBeTruthy();
      expect(mine, `${name} ${JSON.stringify(args)}`).toThrow(r.error!);
    }
    const erasing = await py.tryCall("transforms_extra.transform", {
      spec: ["RandomErasing", [], { p: 1, value: [1, 2] }],
      img: chw,
    });
    expect(() => new T.RandomErasing({ p: 1, value: [1, 2] }).apply(chw)).toThrow(erasing.error!);
  });

  it("reprs read as torchvision's", async () => {
    const specs: Spec[] = [
      ["RandomResizedCrop", [224], {}],
      ["RandomVerticalFlip", [0.3], {}],
      ["Pad", [4], { padding_mode: "reflect" }],
      ["Grayscale", [3], {}],
      ["RandomGrayscale", [], {}],
      ["ColorJitter", [], { brightness: 0.4, hue: 0.1 }],
      ["RandomRotation", [15], {}],
      ["RandomErasing", [], {}],
      ["GaussianBlur", [3], {}],
      ["ConvertImageDtype", ["float32"], {}],
      ["RandomApply", [[["RandomGrayscale", [0.2], {}]]], { p: 0.8 }],
    ];
    const ref = (await py.call("transforms_extra.reprs", { specs })) as string[];
    expect(specs.map((s) => String(make(s)))).toEqual(ref);
  });
});
