// torch.data.utils (lib/data/vision_utils.ts): torchvision.utils.make_grid and save_image against live
// torchvision 0.14 (/usr/bin/python3, or TORCHTS_PYTHON) on the same input bytes. make_grid runs the
// same libtorch ops in the same order, so grids are compared bit for bit; save_image's PNG is read back
// with PIL beside torchvision's own save_image of the same tensor: the same mode and the same pixels
// (the PNG bytes themselves may differ: another zlib stream).

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Tensor } from "../lib";
import * as torch from "../lib";
import { expectTensor } from "./helpers/assert";
import { PyTorch } from "./helpers/pytorch";

const py = new PyTorch();
const { makeGrid, saveImage } = torch.data.utils;
let tmp = "";

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-data-utils-"));
});

afterAll(() => {
  py.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** make_grid(x, **kwargs) in torchvision; kwargs in Python's spelling. */
async function pyGrid(x: Tensor | Tensor[], kwargs: string): Promise<Tensor> {
  return (await py.eval(`import torchvision.utils as vutils\nout = vutils.make_grid(x${kwargs ? `, ${kwargs}` : ""})`, {
    x,
  })) as Tensor;
}

describe("makeGrid (torchvision.utils.make_grid)", () => {
  const cases: Array<[string, () => Tensor | Tensor[], torch.data.utils.MakeGridOptions, string]> = [
    ["defaults: 10 images, 8 a row", () => torch.randn([10, 3, 5, 7]), {}, ""],
    [
      "the DCGAN tutorial's: padding 2, normalize",
      () => torch.randn([64, 3, 8, 8]),
      { padding: 2, normalize: true },
      "padding=2, normalize=True",
    ],
    [
      "padding 5, normalize (real images)",
      () => torch.randn([13, 3, 6, 4]),
      { padding: 5, normalize: true },
      "padding=5, normalize=True",
    ],
    [
      "nrow 3, padding 0, padValue 0.5",
      () => torch.rand([7, 3, 4, 4]),
      { nrow: 3, padding: 0, padValue: 0.5 },
      "nrow=3, padding=0, pad_value=0.5",
    ],
    [
      "valueRange clamps and scales",
      () => torch.randn([6, 3, 4, 5]).mul(2),
      { normalize: true, valueRange: [-1, 1] },
      "normalize=True, value_range=(-1, 1)",
    ],
    [
      "valueRange of fractions",
      () => torch.randn([6, 3, 4, 5]),
      { normalize: true, valueRange: [-0.3, 0.7] },
      "normalize=True, value_range=(-0.3, 0.7)",
    ],
    [
      "scaleEach",
      () => torch.randn([5, 3, 4, 4]).mul(torch.arange(1, 6).view(5, 1, 1, 1)),
      { normalize: true, scaleEach: true },
      "normalize=True, scale_each=True",
    ],
    [
      "scaleEach with valueRange",
      () => torch.randn([5, 3, 4, 4]),
      { normalize: true, scaleEach: true, valueRange: [0, 1] },
      "normalize=True, scale_each=True, value_range=(0, 1)",
    ],
    [
      "a constant batch (max(high - low, 1e-5))",
      () => torch.full([4, 3, 2, 2], 0.25),
      { normalize: true },
      "normalize=True",
    ],
    ["one-channel images become three", () => torch.randn([5, 1, 3, 3]), { nrow: 2 }, "nrow=2"],
    [
      "a list of images",
      () => [torch.randn([3, 4, 4]), torch.randn([3, 4, 4]), torch.randn([3, 4, 4])],
      { padding: 1 },
      "padding=1",
    ],
    ["one [C, H, W] image: itself", () => torch.randn([3, 4, 5]), { normalize: true }, "normalize=True"],
    ["one [1, H, W] image: three channels", () => torch.randn([1, 4, 5]), {}, ""],
    ["one [H, W] image", () => torch.randn([4, 5]), { normalize: true }, "normalize=True"],
    ["a batch of one", () => torch.randn([1, 3, 4, 4]), { padding: 3 }, "padding=3"],
    [
      "float64",
      () => torch.randn([9, 3, 3, 3], { dtype: "float64" }),
      { normalize: true, nrow: 4 },
      "normalize=True, nrow=4",
    ],
    [
      "uint8, padValue 255",
      () => torch.randint(0, 256, [6, 3, 4, 4], { dtype: "uint8" }),
      { padValue: 255 },
      "pad_value=255",
    ],
    ["four channels", () => torch.rand([3, 4, 5, 5]), { padding: 1 }, "padding=1"],
  ];
  for (const [name, make, o, kwargs] of cases) {
    it(name, async () => {
      torch.manualSeed(0);
      const x = make();
      const before = Array.isArray(x) ? x.map((t) => t.clone()) : x.clone();
      const grid = makeGrid(x, o);
      expectTensor(grid, await pyGrid(x, kwargs), {}, name);
      // normalize works on a copy: the input is unchanged
      if (Array.isArray(x) && Array.isArray(before)) {
        for (const [i, t] of x.entries()) expect(t.equal(before[i]!)).toBe(true);
      } else if (!Array.isArray(x) && !Array.isArray(before)) expect(x.equal(before)).toBe(true);
    });
  }

  it("records no gradient (torch.no_grad)", () => {
    const x = torch.randn([4, 3, 2, 2], { requiresGrad: true });
    expect(makeGrid(x, { normalize: true }).requiresGrad).toBe(false);
    expect(makeGrid(x).requiresGrad).toBe(false);
  });

  it("refuses what torchvision refuses, with its messages", async () => {
    const t = torch.zeros([3, 2, 2]);
    const r1 = await py.run("import torchvision.utils as vutils\nvutils.make_grid([t, 1])", { t });
    expect(() => makeGrid([t, 1 as unknown as Tensor])).toThrow(new TypeError(r1.error));
    const r2 = await py.run(
      "import torchvision.utils as vutils\nvutils.make_grid(t, normalize=True, value_range=[0, 1])",
      { t },
    );
    expect(() => makeGrid(t, { normalize: true, valueRange: 1 as unknown as [number, number] })).toThrow(
      new TypeError(r2.error),
    );
    expect(() => makeGrid("x" as unknown as Tensor)).toThrow(
      new TypeError("tensor or list of tensors expected, got <class 'str'>"),
    );
    expect(() => makeGrid(t, { nrows: 2 } as torch.data.utils.MakeGridOptions)).toThrow(
      "make_grid() got an unexpected keyword argument 'nrows'",
    );
  });
});

describe("saveImage (torchvision.utils.save_image)", () => {
  /** Both sides save x; PIL reads both files back: [mode, pixels] each. */
  async function saved(x: Tensor, o: torch.data.utils.SaveImageOptions, kwargs: string, name: string) {
    const mine = path.join(tmp, `${name}-ts.png`);
    const theirs = path.join(tmp, `${name}-py.png`);
    saveImage(x, mine, o);
    return (await py.eval(
      [
        "import numpy as np",
        "import torchvision.utils as vutils",
        "from PIL import Image",
        `vutils.save_image(x, theirs${kwargs ? `, ${kwargs}` : ""})`,
        "def read(p):",
        "    with Image.open(p) as im:",
        "        im.load()",
        "        return [im.format, im.mode, torch.from_numpy(np.array(im).copy())]",
        "out = [read(mine), read(theirs)]",
      ].join("\n"),
      { x, mine, theirs },
    )) as [[string, string, Tensor], [string, string, Tensor]];
  }

  const cases: Array<[string, () => Tensor, torch.data.utils.SaveImageOptions, string]> = [
    ["a [0, 1] batch as a grid (RGB)", () => torch.rand([10, 3, 9, 7]), {}, ""],
    [
      "the DCGAN tutorial's fakes: normalize, padding 2",
      () => torch.randn([16, 3, 8, 8]).tanh(),
      { normalize: true, padding: 2 },
      "normalize=True, padding=2",
    ],
    [
      "out-of-range values clamp; halves round up",
      () => torch.tensor([0, 0.5 / 255, 1.5 / 255, -0.2, 1.3, 0.999, 127.5 / 255, 0.2]).view(1, 1, 2, 4),
      {},
      "",
    ],
    ["one gray [1, H, W] image (RGB)", () => torch.rand([1, 6, 5]), {}, ""],
    ["one [H, W] image", () => torch.rand([6, 5]), {}, ""],
    ["RGBA: four channels", () => torch.rand([2, 4, 5, 5]), { padding: 1, padValue: 1 }, "padding=1, pad_value=1"],
    ["LA: two channels", () => torch.rand([3, 2, 4, 4]), { nrow: 2 }, "nrow=2"],
    ["format given", () => torch.rand([3, 3, 4, 4]), { format: "png" }, "format='png'"],
  ];
  for (const [name, make, o, kwargs] of cases) {
    it(name, async () => {
      torch.manualSeed(1);
      const x = make();
      const file = name.replace(/[^a-z0-9]+/gi, "_");
      const [[fmtA, modeA, a], [fmtB, modeB, b]] = await saved(x, o, kwargs, file);
      expect([fmtA, modeA]).toEqual([fmtB, modeB]);
      expect(fmtA).toBe("PNG");
      expectTensor(a, b, {}, name);
    });
  }

  it("writes PNG only", () => {
    const x = torch.rand([3, 4, 4]);
    expect(() => saveImage(x, path.join(tmp, "x.jpg"))).toThrow(/PNG only/);
    expect(() => saveImage(x, path.join(tmp, "x.png"), { format: "JPEG" })).toThrow(/PNG only/);
    expect(() => saveImage(x, path.join(tmp, "noext"))).toThrow("unknown file extension: ");
    expect(() => saveImage(torch.rand([3, 5, 4, 4]), path.join(tmp, "x5.png"))).toThrow(
      "Cannot handle this data type: (1, 1, 5), |u1",
    );
  });
});
