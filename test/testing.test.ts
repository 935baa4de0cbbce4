// torch.testing (assertClose, makeTensor) and torch.finfo/iinfo against live PyTorch: the same verdicts
// and messages, the same draws under the same seed, the same constants and reprs.
import { afterAll, describe, expect, it } from "vitest";
import type { Tensor } from "../lib";
import * as torch from "../lib";
import { expectTensor } from "./helpers/assert";
import { PyTorch } from "./helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());

async function pyMessage(code: string, inputs: Record<string, unknown> = {}): Promise<string> {
  return (await py.eval(
    `try:\n  ${code}\n  out = ''\nexcept Exception as e:\n  out = type(e).__name__ + ': ' + str(e)`,
    inputs,
  )) as string;
}
function myMessage(fn: () => void): string {
  try {
    fn();
    return "";
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
}

describe("torch.testing.assertClose", () => {
  const a = torch.tensor([1, 2, 3], { dtype: "float32" });
  const cases: Array<[string, () => void, string, Record<string, unknown>]> = [
    ["equal tensors", () => torch.testing.assertClose(a, a.clone()), "torch.testing.assert_close(a, a.clone())", { a }],
    [
      "close tensors",
      () => torch.testing.assertClose(a, a.add(1e-7)),
      "torch.testing.assert_close(a, a + 1e-7)",
      { a },
    ],
    [
      "values differ",
      () => torch.testing.assertClose(a, torch.tensor([1, 2.5, 3], { dtype: "float32" })),
      "torch.testing.assert_close(a, torch.tensor([1, 2.5, 3]))",
      { a },
    ],
    [
      "2-d, explicit tolerances",
      () =>
        torch.testing.assertClose(a.reshape([3, 1]).mul(torch.tensor([[1, 1.01]])), a.reshape([3, 1]).expand([3, 2]), {
          rtol: 1e-3,
          atol: 0,
        }),
      "torch.testing.assert_close(a.reshape(3, 1) * torch.tensor([[1, 1.01]]), a.reshape(3, 1).expand(3, 2), rtol=1e-3, atol=0)",
      { a },
    ],
    [
      "dtype differs",
      () => torch.testing.assertClose(a, a.double()),
      "torch.testing.assert_close(a, a.double())",
      { a },
    ],
    [
      "dtype check off",
      () => torch.testing.assertClose(a, a.double(), { checkDtype: false }),
      "torch.testing.assert_close(a, a.double(), check_dtype=False)",
      { a },
    ],
    [
      "shape differs",
      () => torch.testing.assertClose(a, a.reshape([1, 3])),
      "torch.testing.assert_close(a, a.reshape(1, 3))",
      { a },
    ],
    [
      "integers, equality",
      () => torch.testing.assertClose(torch.tensor([1, 2]), torch.tensor([1, 3])),
      "torch.testing.assert_close(torch.tensor([1, 2]), torch.tensor([1, 3]))",
      {},
    ],
    [
      "0-dim",
      () => torch.testing.assertClose(torch.tensor(1.5), torch.tensor(2.5)),
      "torch.testing.assert_close(torch.tensor(1.5), torch.tensor(2.5))",
      {},
    ],
    ["numbers", () => torch.testing.assertClose(1.5, 1.6), "torch.testing.assert_close(1.5, 1.6)", {}],
    [
      "NaN, equal_nan",
      () => torch.testing.assertClose(torch.tensor([Number.NaN]), torch.tensor([Number.NaN]), { equalNan: true }),
      "torch.testing.assert_close(torch.tensor([float('nan')]), torch.tensor([float('nan')]), equal_nan=True)",
      {},
    ],
    [
      "NaN",
      () => torch.testing.assertClose(torch.tensor([Number.NaN]), torch.tensor([Number.NaN])),
      "torch.testing.assert_close(torch.tensor([float('nan')]), torch.tensor([float('nan')]))",
      {},
    ],
    [
      "a list, second item",
      () => torch.testing.assertClose([a, a], [a, a.mul(2)]),
      "torch.testing.assert_close([a, a], [a, a * 2])",
      { a },
    ],
    [
      "only rtol",
      () => torch.testing.assertClose(a, a, { rtol: 1e-3 }),
      "torch.testing.assert_close(a, a, rtol=1e-3)",
      { a },
    ],
    [
      "msg",
      () => torch.testing.assertClose(a, a.add(1), { msg: "no" }),
      "torch.testing.assert_close(a, a + 1, msg='no')",
      { a },
    ],
  ];
  it.each(cases)("%s: as PyTorch", async (_n, mine, code, inputs) => {
    expect(myMessage(mine)).toBe(await pyMessage(code, inputs));
  });
});

describe("torch.testing.makeTensor", () => {
  it.each([
    ["float32", {}],
    ["float64", { low: -1, high: 1 }],
    ["int64", {}],
    ["uint8", {}],
    ["bool", {}],
    ["complex64", {}],
    ["float32", { noncontiguous: true }],
    ["int32", { low: 0, high: 3, excludeZero: true }],
  ] as Array<[torch.DType, Record<string, unknown>]>)(
    "%s %o: PyTorch's draws under the same seed",
    async (dtype, o) => {
      torch.manualSeed(11);
      const t = torch.testing.makeTensor([3, 4], { dtype, ...o });
      const kw = Object.entries(o)
        .map(([k, v]) => `${k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}=${v === true ? "True" : v}`)
        .join(", ");
      const ref = (await py.eval(
        `torch.manual_seed(11)\nt = torch.testing.make_tensor((3, 4), dtype=torch.${dtype}, device='cpu'${kw ? `, ${kw}` : ""})\nout = [t, t.is_contiguous()]`,
      )) as [Tensor, boolean];
      expectTensor(t, ref[0]);
      expect(t.isContiguous()).toBe(ref[1]);
    },
  );
  it("requiresGrad for integers is PyTorch's ValueError", () => {
    expect(() => torch.testing.makeTensor([2], { dtype: "int64", requiresGrad: true })).toThrow(
      "make_tensor: requires_grad must be False for integral dtype",
    );
  });
});

describe("torch.finfo / torch.iinfo", () => {
  it("constants and reprs as PyTorch's", async () => {
    const ref = (await py.eval(
      "out = [[str(torch.finfo(d)), torch.finfo(d).bits, torch.finfo(d).eps, torch.finfo(d).max, torch.finfo(d).min, torch.finfo(d).tiny, torch.finfo(d).resolution] for d in (torch.float32, torch.float64, torch.float16, torch.bfloat16, torch.complex64)] + [[str(torch.iinfo(d)), torch.iinfo(d).bits, torch.iinfo(d).max, torch.iinfo(d).min] for d in (torch.uint8, torch.int8, torch.int16, torch.int32)] + [str(torch.finfo())]",
    )) as unknown[];
    const mine: unknown[] = (["float32", "float64", "float16", "bfloat16", "complex64"] as torch.DType[]).map((d) => {
      const f = torch.finfo(d);
      return [f.toString(), f.bits, f.eps, f.max, f.min, f.tiny, f.resolution];
    });
    for (const d of ["uint8", "int8", "int16", "int32"] as torch.DType[]) {
      const i = torch.iinfo(d);
      mine.push([i.toString(), i.bits, i.max, i.min]);
    }
    mine.push(torch.finfo().toString());
    expect(mine).toEqual(ref);
    const i64 = torch.iinfo("int64");
    expect([i64.max, i64.min, i64.toString()]).toEqual([
      9223372036854775807n,
      -9223372036854775808n,
      await py.eval("out = str(torch.iinfo(torch.int64))"),
    ]);
    expect(() => torch.finfo("int32")).toThrow(
      (await py.eval("try:\n  torch.finfo(torch.int32)\nexcept TypeError as e:\n  out = str(e)")) as string,
    );
    expect(() => torch.iinfo("bool")).toThrow("torch.bool is not supported by torch.iinfo");
  });
});
