// torch.* forms of the Tensor methods, iteration along dim 0, view_as/expand_as/type_as/.data —
// against PyTorch on the same inputs.
import { afterAll, describe, expect, it } from "vitest";
import type { Tensor } from "../lib";
import * as torch from "../lib";
import { expectTensor } from "./helpers/assert";
import { PyTorch } from "./helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());

it("torch.flatten/sum/mean/max/argmax/softmax/logSoftmax/matmul/clamp/exp/transpose/unsqueeze", async () => {
  torch.manualSeed(0);
  const x = torch.randn([3, 4]);
  const y = torch.randn([4, 2]);
  const [v, i] = torch.max(x, 1) as [Tensor, Tensor];
  const ours = [
    torch.flatten(x, 1),
    torch.sum(x, 1),
    torch.mean(x),
    v,
    i,
    torch.argmax(x, 1),
    torch.softmax(x, 1),
    torch.logSoftmax(x, 0),
    torch.matmul(x, y),
    torch.clamp(x, -0.5, 0.5),
    torch.exp(x),
    torch.transpose(x, 0, 1),
    torch.unsqueeze(x, 0),
  ];
  const theirs = (await py.call("functions.top_level", { x, y })) as Tensor[];
  ours.forEach((t, k) => {
    expectTensor(t, theirs[k]!, { rtol: 1e-6, atol: 1e-7 }, `output ${k}`);
  });
  expect(() => torch.sum(3 as never)).toThrow(TypeError);
});

it("iterating a tensor, viewAs, expandAs, typeAs, .data, softmax methods", async () => {
  torch.manualSeed(1);
  const x = torch.randn([3, 2]);
  const y = torch.randn([6]);
  const [rows, ...rest] = (await py.call("functions.tensor_helpers", { x, y })) as [Tensor[], ...Tensor[]];
  const ours = [...x];
  expect(ours.length).toBe(rows.length);
  ours.forEach((r, k) => {
    expectTensor(r, rows[k]!);
  });
  const more = [y.viewAs(x), x.select(0, 0).expandAs(x), y.long().typeAs(x), x.data, x.softmax(1), x.logSoftmax(1)];
  more.forEach((t, k) => {
    expectTensor(t, rest[k]!, { rtol: 1e-6, atol: 1e-7 }, `helper ${k}`);
  });
  expect(() => [...torch.tensor(1)]).toThrow("iteration over a 0-d tensor");
});

describe("functions PyTorch 1.13 removed, and Tensor.lu", () => {
  it("torch.solve / eig / lstsq / matrix_rank and their methods raise 1.13's messages; Tensor.lu is torch.lu", async () => {
    const A = torch.tensor(
      [
        [2, 1],
        [1, 3],
      ],
      { dtype: "float64" },
    );
    const calls: Array<[string, () => unknown]> = [
      ["torch.solve(A, A)", () => torch.solve(A, A)],
      ["torch.eig(A)", () => torch.eig(A)],
      ["torch.lstsq(A, A)", () => torch.lstsq(A, A)],
      ["torch.matrix_rank(A)", () => torch.matrixRank(A)],
      ["A.solve(A)", () => A.solve(A)],
      ["A.eig()", () => A.eig()],
      ["A.lstsq(A)", () => A.lstsq(A)],
    ];
    for (const [code, fn] of calls) {
      const r = await py.run(`out = ${code}`, { A });
      expect(r.type).toBe("RuntimeError");
      expect(fn).toThrow(r.error as string);
    }
    const [lu, piv] = A.lu();
    const ref = (await py.eval("out = list(A.lu())", { A })) as Tensor[];
    expectTensor(lu as Tensor, ref[0] as Tensor);
    expectTensor(piv as Tensor, ref[1] as Tensor);
    const withInfos = A.lu({ getInfos: true });
    expect(withInfos).toHaveLength(3);
  });
});
