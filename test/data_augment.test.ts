// torchvision 0.14's affine/perspective/elastic transforms, multi-crops, LinearTransformation, the colour
// operations of AutoAugment (invert, posterize, solarize, sharpness, autocontrast, equalize, gamma) and
// AutoAugment / RandAugment / TrivialAugmentWide / AugMix against torchts's, on the same tensors after
// the same torch.manualSeed: the same pixels, and the generator left where torchvision leaves it.
import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../lib";
import { data, type Tensor } from "../lib";
import { expectTensor } from "./helpers/assert";
import { PyTorch } from "./helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());
const T = data.transforms;
type Spec = [string, unknown[], Record<string, unknown>];

torch.manualSeed(7);
const hwc = torch.randint(0, 256, [14, 19, 3], { dtype: "uint8" });
const chw = torch.rand([3, 12, 15]);
const batch = torch.randint(0, 256, [2, 3, 10, 9], { dtype: "uint8" });
const grayU8 = torch.randint(0, 256, [11, 8, 1], { dtype: "uint8" });
// Few distinct values and a constant channel: autocontrast's and equalize's special cases.
const flat = torch.cat(
  [torch.full([9, 10, 1], 77, { dtype: "uint8" }), torch.randint(100, 104, [9, 10, 2], { dtype: "uint8" })],
  2,
);

const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const opts = (kw: Record<string, unknown>) => Object.fromEntries(Object.entries(kw).map(([k, v]) => [camel(k), v]));

/** Ours from the spec torchvision builds (keywords by their Python names). */
function make(spec: Spec): data.transforms.Transform<Tensor, Tensor | Tensor[]> {
  const [name, a, kw] = spec;
  const o = opts(kw);
  const args = a as never[];
  switch (name) {
    case "RandomAffine":
      return new T.RandomAffine(args[0], o);
    case "RandomPerspective":
      return new T.RandomPerspective(o);
    case "ElasticTransform":
      return new T.ElasticTransform(o);
    case "RandomInvert":
      return new T.RandomInvert(...args);
    case "RandomPosterize":
      return new T.RandomPosterize(args[0], ...(args.length > 1 ? [args[1]] : []));
    case "RandomSolarize":
      return new T.RandomSolarize(args[0], ...(args.length > 1 ? [args[1]] : []));
    case "RandomAdjustSharpness":
      return new T.RandomAdjustSharpness(args[0], ...(args.length > 1 ? [args[1]] : []));
    case "RandomAutocontrast":
      return new T.RandomAutocontrast(...args);
    case "RandomEqualize":
      return new T.RandomEqualize(...args);
    case "AutoAugment": {
      const { policy, ...rest } = o;
      return new T.AutoAugment(policy as data.transforms.AutoAugmentPolicy, rest);
    }
    case "RandAugment":
      return new T.RandAugment(o);
    case "TrivialAugmentWide":
      return new T.TrivialAugmentWide(o);
    case "AugMix":
      return new T.AugMix(o);
    case "FiveCrop":
      return new T.FiveCrop(args[0]);
    case "TenCrop":
      return new T.TenCrop(args[0], args[1]);
    default:
      throw new Error(name);
  }
}

/** The spec `times` times after manualSeed(seed), here and in torchvision (uint8 HWC there as its CHW view). */
async function compare(spec: Spec, img: Tensor, seed: number, times: number, what: string): Promise<void> {
  const chwView = img.dtype === "uint8" && img.dim() === 3;
  const ref = (await py.call("augment.transform", { spec, img, seed, times, chw: chwView })) as {
    outs: Tensor[];
    after: Tensor;
  };
  const t = make(spec);
  torch.manualSeed(seed);
  const got = Array.from({ length: times }, () => data.transforms.applyTransform(t, img) as Tensor);
  expect(got.length).toBe(ref.outs.length);
  got.forEach((g, i) => {
    expectTensor(g.contiguous(), ref.outs[i], {}, `${what} #${i}`);
  });
  expectTensor(torch.rand([2]), ref.after, {}, `${what}: the generator after`);
}

async function fn(name: string, img: Tensor, args: unknown[], kwargs: Record<string, unknown> = {}): Promise<Tensor> {
  const chwView = img.dtype === "uint8" && img.dim() === 3;
  return (await py.call("augment.functional", { name, img, args, kwargs, chw: chwView })) as Tensor;
}

/** `js` throws torchvision's error for the same call: the same class (a plain Error for RuntimeError) and message. */
async function sameError(js: () => unknown, code: string, inputs: Record<string, unknown> = {}): Promise<void> {
  const r = await py.run(`import torchvision.transforms as T, torchvision.transforms.functional as F\n${code}`, inputs);
  expect(r.error, `torchvision did not raise for ${code}`).toBeDefined();
  let err: unknown;
  try {
    js();
  } catch (e) {
    err = e;
  }
  expect(err, `torchts did not throw for ${code}`).toBeInstanceOf(Error);
  const name = (err as Error).constructor.name;
  expect(name === "Error" ? "RuntimeError" : name).toBe(r.type);
  expect((err as Error).message).toBe(String(r.error));
}

describe("the functional kernels equal torchvision's tensor kernels", () => {
  it("affine: angle, translate, scale, shear, centre, nearest and bilinear, fill", async () => {
    const cases: Array<[number, number[], number, number | number[], Record<string, unknown>]> = [
      [30, [0, 0], 1.0, 0, {}],
      [-45.5, [2, -3], 0.8, [10, -5], { interpolation: "bilinear" }],
      [0, [1, 1], 1.3, 20, { fill: [50, 100, 150] }],
      [90, [0, 0], 1.0, [0, 0], { center: [0, 0], interpolation: "bilinear", fill: [9] }],
      [12.25, [-4, 2], 0.6, [-30], { center: [3, 5] }],
    ];
    for (const [angle, translate, scale, shear, kw] of cases) {
      const what = `affine(${angle}, ${translate}, ${scale}, ${shear}, ${JSON.stringify(kw)})`;
      const call = (img: Tensor) =>
        T.affine(
          img,
          angle,
          translate,
          scale,
          shear,
          (kw.interpolation as data.transforms.InterpolationMode) ?? "nearest",
          (kw.fill as number[]) ?? null,
          (kw.center as number[]) ?? null,
        );
      for (const img of [hwc, chw, batch]) {
        const ref = await fn("affine", img, [], { angle, translate, scale, shear, ...kw });
        expectTensor(call(img), ref, {}, `${what} on ${img.dtype} ${img.shape}`);
      }
    }
  });

  it("perspective: the least-squares coefficients and the projective grid", async () => {
    const start = [
      [0, 0],
      [18, 0],
      [18, 13],
      [0, 13],
    ];
    const ends = [
      [
        [2, 1],
        [16, 3],
        [17, 12],
        [1, 10],
      ],
      [
        [0, 3],
        [18, 0],
        [15, 13],
        [3, 11],
      ],
    ];
    for (const end of ends)
      for (const [interpolation, fill] of [
        ["bilinear", null],
        ["nearest", [1, 2, 3]],
      ] as Array<[data.transforms.InterpolationMode, number[] | null]>)
        for (const img of [hwc, chw, batch]) {
          const ref = await fn("perspective", img, [start, end], { interpolation, fill });
          expectTensor(
            T.perspective(img, start, end, interpolation, fill),
            ref,
            {},
            `perspective ${interpolation} ${img.shape}`,
          );
        }
  });

  it("invert, posterize (every bit count), solarize (integer and float thresholds)", async () => {
    for (const img of [hwc, chw, batch, grayU8])
      expectTensor(T.invert(img), await fn("invert", img, []), {}, `invert ${img.dtype} ${img.shape}`);
    for (let bits = 0; bits <= 8; bits++)
      for (const img of [hwc, batch])
        expectTensor(T.posterize(img, bits), await fn("posterize", img, [bits]), {}, `posterize ${bits} ${img.shape}`);
    for (const [img, threshold] of [
      [hwc, 128],
      [hwc, 37.5],
      [batch, 0],
      [chw, 0.5],
      [chw, 1.0],
    ] as Array<[Tensor, number]>)
      expectTensor(T.solarize(img, threshold), await fn("solarize", img, [threshold]), {}, `solarize ${threshold}`);
  });

  it("adjustSharpness, autocontrast, equalize, adjustGamma", async () => {
    for (const factor of [0, 0.5, 1, 2.5])
      for (const img of [hwc, chw, batch, grayU8])
        expectTensor(
          T.adjustSharpness(img, factor),
          await fn("adjust_sharpness", img, [factor]),
          {},
          `adjust_sharpness ${factor} ${img.shape}`,
        );
    // Two pixels or fewer on a side: the image unchanged.
    const thin = torch.rand([3, 2, 6]);
    expectTensor(T.adjustSharpness(thin, 3), await fn("adjust_sharpness", thin, [3]), {}, "adjust_sharpness thin");
    for (const img of [hwc, chw, batch, grayU8, flat])
      expectTensor(T.autocontrast(img), await fn("autocontrast", img, []), {}, `autocontrast ${img.shape}`);
    const constant = torch.full([3, 5, 5], 0.25);
    expectTensor(T.autocontrast(constant), await fn("autocontrast", constant, []), {}, "autocontrast constant");
    for (const img of [hwc, batch, grayU8, flat])
      expectTensor(T.equalize(img), await fn("equalize", img, []), {}, `equalize ${img.shape}`);
    for (const [gamma, gain] of [
      [0.5, 1],
      [2.2, 0.9],
      [1, 1.5],
    ])
      for (const img of [hwc, chw])
        expectTensor(
          T.adjustGamma(img, gamma, gain),
          await fn("adjust_gamma", img, [gamma, gain]),
          {},
          `adjust_gamma ${gamma} ${gain} ${img.dtype}`,
        );
  });

  it("elasticTransform with a given displacement; fiveCrop and tenCrop", async () => {
    const disp = torch.rand([1, 12, 15, 2]).sub(0.5).mul(0.3);
    for (const [interpolation, fill] of [
      ["bilinear", null],
      ["nearest", [4, 5, 6]],
    ] as Array<[data.transforms.InterpolationMode, number[] | null]>) {
      const ref = await fn("elastic_transform", chw, [disp], { interpolation, fill });
      expectTensor(T.elasticTransform(chw, disp, interpolation, fill), ref, {}, `elastic_transform ${interpolation}`);
    }
    for (const [name, args] of [
      ["five_crop", [[5, 7]]],
      ["five_crop", [4]],
      ["ten_crop", [[6, 3]]],
      ["ten_crop", [5, true]],
    ] as Array<[string, unknown[]]>) {
      const ref = (await py.call("augment.crops", { name, img: chw, args })) as Tensor[];
      const got =
        name === "five_crop"
          ? T.fiveCrop(chw, args[0] as number)
          : T.tenCrop(chw, args[0] as number, (args[1] as boolean) ?? false);
      expect(got.length).toBe(ref.length);
      got.forEach((g, i) => {
        expectTensor(g, ref[i], {}, `${name}(${JSON.stringify(args)}) #${i}`);
      });
    }
    const five = new T.FiveCrop(4).apply(hwc);
    expectTensor(five[4], T.centerCrop(hwc, 4), {}, "FiveCrop on an HWC image: its centre crop");
  });
});

describe("the random transforms draw and transform as torchvision's", () => {
  it("RandomAffine with each option", async () => {
    const specs: Spec[] = [
      ["RandomAffine", [25], {}],
      ["RandomAffine", [[-10, 40]], { translate: [0.2, 0.3] }],
      ["RandomAffine", [0], { scale: [0.7, 1.2], shear: 15 }],
      ["RandomAffine", [10], { shear: [-5, 5, -20, 20], interpolation: "bilinear", fill: 7 }],
      ["RandomAffine", [30], { translate: [0.1, 0.1], scale: [0.9, 1.1], shear: [3, 9], center: [2, 3] }],
    ];
    for (const spec of specs)
      for (const img of [hwc, chw]) await compare(spec, img, 3, 4, `${JSON.stringify(spec)} ${img.shape}`);
  });

  it("RandomPerspective, ElasticTransform", async () => {
    const specs: Spec[] = [
      ["RandomPerspective", [], {}],
      ["RandomPerspective", [], { distortion_scale: 0.8, p: 0.9, interpolation: "nearest", fill: [1, 2, 3] }],
      ["ElasticTransform", [], { sigma: 1.5 }],
      ["ElasticTransform", [], { alpha: [20.5, 80.5], sigma: [2.5, 0.5], fill: 3 }],
    ];
    for (const spec of specs)
      for (const img of [hwc, chw]) await compare(spec, img, 11, 3, `${JSON.stringify(spec)} ${img.shape}`);
  });

  it("RandomInvert, RandomPosterize, RandomSolarize, RandomAdjustSharpness, RandomAutocontrast, RandomEqualize", async () => {
    const specs: Spec[] = [
      ["RandomInvert", [], {}],
      ["RandomInvert", [0.3], {}],
      ["RandomPosterize", [3], {}],
      ["RandomPosterize", [6, 0.8], {}],
      ["RandomSolarize", [100], {}],
      ["RandomAdjustSharpness", [2], {}],
      ["RandomAdjustSharpness", [0.1, 0.7], {}],
      ["RandomAutocontrast", [], {}],
      ["RandomEqualize", [0.6], {}],
    ];
    for (const spec of specs) await compare(spec, hwc, 5, 8, JSON.stringify(spec));
    await compare(["RandomSolarize", [0.4], {}], chw, 5, 8, "RandomSolarize float");
  });

  it("AutoAugment with each policy, RandAugment, TrivialAugmentWide", async () => {
    for (const policy of ["imagenet", "cifar10", "svhn"])
      await compare(["AutoAugment", [], { policy }], hwc, 17, 12, `AutoAugment(${policy})`);
    await compare(["AutoAugment", [], { policy: "cifar10", fill: [10, 20, 30] }], hwc, 2, 12, "AutoAugment fill");
    await compare(
      ["AutoAugment", [], { policy: "svhn", interpolation: "bilinear" }],
      batch,
      4,
      12,
      "AutoAugment batch",
    );
    await compare(["RandAugment", [], {}], hwc, 17, 12, "RandAugment()");
    await compare(["RandAugment", [], { num_ops: 3, magnitude: 20, fill: 128 }], hwc, 8, 12, "RandAugment(3, 20)");
    await compare(["RandAugment", [], { num_magnitude_bins: 11, magnitude: 4 }], batch, 8, 6, "RandAugment batch");
    await compare(["TrivialAugmentWide", [], {}], hwc, 17, 16, "TrivialAugmentWide()");
    await compare(
      ["TrivialAugmentWide", [], { num_magnitude_bins: 5, interpolation: "bilinear" }],
      batch,
      1,
      16,
      "TAW batch",
    );
  });

  it("AugMix (HWC and batches, fixed and random chain depth, all ops or not)", async () => {
    await compare(["AugMix", [], {}], hwc, 17, 4, "AugMix()");
    await compare(
      ["AugMix", [], { severity: 7, mixture_width: 2, chain_depth: 2, alpha: 0.5 }],
      hwc,
      3,
      4,
      "AugMix(7, 2, 2)",
    );
    await compare(["AugMix", [], { all_ops: false, interpolation: "nearest" }], batch, 3, 3, "AugMix batch");
  });

  it("get_params: RandomAffine's and RandomPerspective's draws", async () => {
    const affine = (await py.call("augment.params", {
      name: "RandomAffine",
      args: [
        [-30, 30],
        [0.3, 0.2],
        [0.5, 1.5],
        [-10, 10, 0, 5],
        [19, 14],
      ],
      seed: 6,
      times: 5,
    })) as unknown[];
    torch.manualSeed(6);
    const ours = Array.from({ length: 5 }, () =>
      T.RandomAffine.getParams([-30, 30], [0.3, 0.2], [0.5, 1.5], [-10, 10, 0, 5], [19, 14]),
    );
    expect(ours).toEqual(affine);
    const persp = (await py.call("augment.params", {
      name: "RandomPerspective",
      args: [19, 14, 0.6],
      seed: 6,
      times: 5,
    })) as unknown[];
    torch.manualSeed(6);
    expect(Array.from({ length: 5 }, () => T.RandomPerspective.getParams(19, 14, 0.6))).toEqual(persp);
  });
});

describe("LinearTransformation, errors and reprs as torchvision's", () => {
  it("LinearTransformation: the whitened image and its checks", async () => {
    const d = 3 * 2 * 2;
    const m = torch.randn([d, d]);
    const mean = torch.randn([d]);
    const img = torch.rand([3, 2, 2]);
    const ref = (await py.call("augment.linear", { matrix: m, mean, img })) as { out: Tensor; repr: string };
    const t = new T.LinearTransformation(m, mean);
    expectTensor(t.apply(img), ref.out, { rtol: 1e-6, atol: 1e-6 }, "LinearTransformation");
    await sameError(
      () => new T.LinearTransformation(torch.zeros([2, 3]), torch.zeros([2])),
      "T.LinearTransformation(torch.zeros(2, 3), torch.zeros(2))",
    );
    await sameError(
      () => new T.LinearTransformation(torch.zeros([4, 4]), torch.zeros([3])),
      "T.LinearTransformation(torch.zeros(4, 4), torch.zeros(3))",
    );
    await sameError(
      () => new T.LinearTransformation(torch.zeros([4, 4]), torch.zeros([4])).apply(torch.zeros([1, 2, 3])),
      "T.LinearTransformation(torch.zeros(4, 4), torch.zeros(4))(torch.zeros(1, 2, 3))",
    );
  });

  it("argument errors", async () => {
    const x = chw;
    await sameError(() => T.posterize(hwc, 9), "F.posterize(x, 9)", { x: hwc });
    await sameError(() => T.posterize(batch.to("float32"), 3), "F.posterize(x, 3)", { x: batch.to("float32") });
    await sameError(() => T.solarize(x, 2), "F.solarize(x, 2)", { x });
    await sameError(() => T.adjustSharpness(x, -1), "F.adjust_sharpness(x, -1)", { x });
    await sameError(() => T.adjustGamma(x, -1), "F.adjust_gamma(x, -1)", { x });
    await sameError(() => T.equalize(x), "F.equalize(x)", { x });
    await sameError(() => T.invert(torch.rand([4, 4])), "F.invert(torch.rand(4, 4))");
    await sameError(() => T.autocontrast(torch.rand([2, 4, 4])), "F.autocontrast(torch.rand(2, 4, 4))");
    await sameError(() => T.affine(x, 0, [1], 1, 0), "F.affine(x, 0.0, [1], 1.0, 0.0)", { x });
    await sameError(() => T.affine(x, 0, [1, 1], 0, 0), "F.affine(x, 0.0, [1, 1], 0.0, 0.0)", { x });
    await sameError(() => T.affine(x, 0, [1, 1], 1, [1, 2, 3]), "F.affine(x, 0.0, [1, 1], 1.0, [1, 2, 3])", { x });
    await sameError(
      () => T.affine(x, 0, [0, 0], 1, 0, "bicubic"),
      "F.affine(x, 0.0, [0, 0], 1.0, 0.0, T.InterpolationMode.BICUBIC)",
      { x },
    );
    await sameError(() => T.fiveCrop(x, [20, 3]), "F.five_crop(x, [20, 3])", { x });
    await sameError(() => T.fiveCrop(x, 20), "F.five_crop(x, 20)", { x });
    await sameError(
      () => T.elasticTransform(x, torch.zeros([1, 3, 3, 2])),
      "F.elastic_transform(x, torch.zeros(1, 3, 3, 2))",
      { x },
    );
    await sameError(() => new T.RandomAffine(-3), "T.RandomAffine(-3)");
    await sameError(() => new T.RandomAffine(3, { translate: [0.5, 2] }), "T.RandomAffine(3, translate=[0.5, 2])");
    await sameError(() => new T.RandomAffine(3, { scale: [0, 1] }), "T.RandomAffine(3, scale=[0, 1])");
    await sameError(() => new T.RandomAffine(3, { shear: [1, 2, 3] }), "T.RandomAffine(3, shear=[1, 2, 3])");
    await sameError(() => new T.AugMix({ severity: 11 }), "T.AugMix(severity=11)");
    await sameError(() => new T.ElasticTransform({ alpha: [1, 2, 3] }), "T.ElasticTransform(alpha=[1.0, 2.0, 3.0])");
  });

  it("reprs", async () => {
    const specs: Spec[] = [
      ["RandomAffine", [25], {}],
      ["RandomAffine", [[-10, 40]], { translate: [0.2, 0.3], scale: [0.7, 1.2], shear: 15, fill: 7, center: [2, 3] }],
      ["RandomAffine", [5], { interpolation: "bilinear" }],
      ["RandomPerspective", [], { p: 0.25 }],
      ["ElasticTransform", [], { alpha: 20.5 }],
      ["RandomInvert", [0.3], {}],
      ["RandomPosterize", [6, 0.8], {}],
      ["RandomSolarize", [100], {}],
      ["RandomAdjustSharpness", [2], {}],
      ["RandomAutocontrast", [], {}],
      ["RandomEqualize", [0.6], {}],
      ["AutoAugment", [], { policy: "cifar10" }],
      ["AutoAugment", [], { policy: "svhn", fill: [1, 2, 3] }],
      ["RandAugment", [], { num_ops: 3 }],
      ["TrivialAugmentWide", [], { interpolation: "bilinear" }],
      ["AugMix", [], { severity: 5 }],
      ["FiveCrop", [4], {}],
      ["TenCrop", [[4, 6], true], {}],
    ];
    const ref = (await py.call("augment.reprs", { specs })) as string[];
    expect(specs.map((s) => String(make(s)))).toEqual(ref);
  });
});
