// Python's allow_numbers_as_tensors (add, sub, mul, div, true_divide, floor_divide and their aliases): a
// number binds where a tensor is expected, as a wrapped number; with out= these functions take the
// Tensor overload, so the out overload's casting check applies. Results and errors against live PyTorch.
import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../lib";
import { PyTorch } from "./helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());

const CASES: Array<[string, () => unknown]> = [
  ["torch.add(True, True)", () => torch.add(true as never, true as never)],
  ["torch.add(2, 3)", () => torch.add(2 as never, 3 as never)],
  ["torch.mul(2, 3.5)", () => torch.mul(2 as never, 3.5 as never)],
  [
    "torch.sub(5, torch.tensor([1, 2], dtype=torch.int8))",
    () => torch.sub(5 as never, torch.tensor([1, 2], { dtype: "int8" })),
  ],
  ["torch.div(7, 2)", () => torch.div(7 as never, 2 as never)],
  ["torch.floor_divide(7, torch.tensor([2]))", () => torch.floorDivide(7 as never, torch.tensor([2]))],
  [
    "torch.true_divide(torch.tensor([1.5, 2.]), 2, out=torch.zeros(2))",
    () => torch.trueDivide(torch.tensor([1.5, 2]), 2, { out: torch.zeros([2]) }),
  ],
  [
    "torch.div(torch.tensor([True]), 2, out=torch.tensor([False]))",
    () => torch.div(torch.tensor([true]), 2, { out: torch.tensor([false]) }),
  ],
  [
    "torch.div(torch.tensor([3.]), 2, rounding_mode='floor', out=torch.zeros(1))",
    () => torch.div(torch.tensor([3], { dtype: "float32" }), 2, { roundingMode: "floor", out: torch.zeros([1]) }),
  ],
  [
    "torch.add(torch.tensor([1, 2], dtype=torch.int8), 2.5, out=torch.zeros(2, dtype=torch.int8))",
    () => torch.add(torch.tensor([1, 2], { dtype: "int8" }), 2.5, { out: torch.zeros([2], { dtype: "int8" }) }),
  ],
  ["torch.tensor([1, 2], dtype=torch.int8).add(3)", () => torch.tensor([1, 2], { dtype: "int8" }).add(3)],
];

describe("numbers as tensors", () => {
  it.each(CASES)("%s", async (code, mine) => {
    const ref = await py.run(`r = ${code}\nout = [repr(r), str(r.dtype)]`);
    let got: unknown;
    try {
      const r = mine() as torch.Tensor;
      got = [r.toString(), `torch.${r.dtype}`];
    } catch (e) {
      got = (e as Error).message.split("\n")[0];
    }
    expect(got).toEqual(ref.error ?? ref.out);
  });
});
