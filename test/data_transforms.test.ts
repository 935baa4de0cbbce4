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

  it("Resize on float CHW and on uint8 images (tensor path), every mode, antialias, maxSize", async () => {
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
    for (const [size, o] of cases) {
      const spec: Spec = [
        "Resize",
        [size],
        { interpolation: o.interpolation, max_size: o.maxSize, antialias: o.antialias },
      ];
      const t = new T.Resize(size, o);
      same(ours(t, chw, null), await theirs(spec, chw, {}), `Resize ${t} float`);
      same(ours(t, hwc, null), await theirs(spec, hwc, { chw: true }), `Resize ${t} uint8`);
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
    expect(String(new T.CenterCrop([3, 4]))).toBe("CenterCrop(size=(3, 4))");
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
