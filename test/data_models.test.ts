// torch.data.models (lib/data/models.ts): torchvision 0.14's ResNets against live torchvision
// (/usr/bin/python3, or TORCHTS_PYTHON). Built under the same seed they draw the same weights in the same
// order (each layer's reset_parameters, then the Kaiming / constant re-initialisation), so the state dicts
// are compared bit for bit, keys in order; the forward pass (train and eval) is compared on the same input.

import { afterAll, describe, expect, it } from "vitest";
import type { Tensor } from "../lib";
import * as torch from "../lib";
import { expectTensor } from "./helpers/assert";
import { PyTorch } from "./helpers/pytorch";

const py = new PyTorch();
const { models } = torch.data;

afterAll(() => {
  py.close();
});

describe("torch.data.models (torchvision.models)", () => {
  const cases: Array<[string, () => torch.data.models.ResNet, string]> = [
    ["resnet18()", () => models.resnet18(), "torchvision.models.resnet18(weights=None)"],
    [
      "resnet18({ numClasses: 10, zeroInitResidual: true })",
      () => models.resnet18({ numClasses: 10, zeroInitResidual: true }),
      "torchvision.models.resnet18(num_classes=10, zero_init_residual=True)",
    ],
    [
      "resnet50({ numClasses: 7 })",
      () => models.resnet50({ numClasses: 7 }),
      "torchvision.models.resnet50(num_classes=7)",
    ],
  ];
  for (const [name, build, expr] of cases) {
    it(`${name}: the same state dict and outputs as torchvision after the same seed`, async () => {
      torch.manualSeed(0);
      const m = build();
      const x = torch.randn([2, 3, 40, 40]);
      const ref = (await py.eval(
        `import torchvision\ntorch.manual_seed(0)\nm = ${expr}\nx = torch.randn(2, 3, 40, 40)\n` +
          "y = m(x)\nm.eval()\nout = [m.state_dict(), y.detach(), m(x).detach()]",
      )) as [Record<string, Tensor>, Tensor, Tensor];
      const y = m.call(x).detach();
      m.eval();
      const sd = m.stateDict();
      expect(Object.keys(sd)).toEqual(Object.keys(ref[0]));
      for (const k of Object.keys(sd)) expectTensor(sd[k], ref[0][k]);
      expectTensor(y, ref[1]);
      expectTensor(m.call(x).detach(), ref[2]);
    }, 120_000);
  }

  it("print(resnet18()) reads as torchvision's repr; weights and BasicBlock's limits raise as torchvision's", async () => {
    const r = (await py.eval("import torchvision\nout = repr(torchvision.models.resnet18())")) as string;
    expect(String(models.resnet18())).toBe(r);
    expect(() => models.resnet18({ replaceStrideWithDilation: [true, false, false] })).toThrow(
      "Dilation > 1 not supported in BasicBlock",
    );
    expect(() => new models.BasicBlock(64, 64, { groups: 2 })).toThrow(
      "BasicBlock only supports groups=1 and base_width=64",
    );
  });
});

describe("dropout2d / dropout3d warnings", () => {
  it("warn once, in PyTorch 1.13's words", async () => {
    const seen: string[] = [];
    const on = (w: Error) => seen.push(w.message);
    process.on("warning", on);
    try {
      const F = torch.nn.functional;
      for (let i = 0; i < 3; i++) {
        F.dropout2d(torch.ones([4, 5]), 0.5, true);
        F.dropout3d(torch.ones([4, 5]), 0.5, true);
      }
      await new Promise((r) => setTimeout(r, 10));
    } finally {
      process.off("warning", on);
    }
    const mine = seen.filter((m) => m.includes("Received a 2-D input"));
    expect(mine).toEqual([
      "dropout2d: Received a 2-D input to dropout2d, which is deprecated and will result in an error in a future release. " +
        "To retain the behavior and silence this warning, please use dropout instead. Note that dropout2d exists to " +
        "provide channel-wise dropout on inputs with 2 spatial dimensions, a channel dimension, and an optional batch " +
        "dimension (i.e. 3D or 4D inputs).",
      "dropout3d: Received a 2-D input to dropout3d, which is deprecated and will result in an error in a future release. " +
        "To retain the behavior and silence this warning, please use dropout instead. Note that dropout3d exists to " +
        "provide channel-wise dropout on inputs with 3 spatial dimensions, a channel dimension, and an optional batch " +
        "dimension (i.e. 4D or 5D inputs).",
    ]);
  });
});
