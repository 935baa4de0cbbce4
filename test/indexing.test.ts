// x.index(...) / x.indexPut_(...) against Python's x[...] on the same tensor.
import { afterAll, expect, it } from "vitest";
import type { Tensor } from "../lib";
import * as torch from "../lib";
import { expectTensor } from "./helpers/assert";
import { PyTorch } from "./helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());

function setup(): { x: Tensor; mask: Tensor; idx: Tensor } {
  const x = torch.arange(0, 20).reshape([4, 5]).to("float32");
  return { x, mask: x.gt(12), idx: torch.tensor([2, 0, 3]) };
}

it("reads: integers, negative integers, slices, null, '...', boolean and integer tensors", async () => {
  const { x, mask, idx } = setup();
  const ours = [
    x.index(1),
    x.index(-1, 2),
    x.index(":", 1),
    x.index("1:3"),
    x.index("::2"),
    x.index(":", null, 0),
    x.index("...", 1),
    x.index(1, "..."),
    x.index(mask),
    x.index(idx),
    x.index(idx, torch.slice(1)),
    x.index(0, torch.slice(1, 4, 2)),
    x.index(null),
    x.index(true),
  ];
  const theirs = (await py.call("indexing.read", { x, mask, idx })) as Tensor[];
  ours.forEach((t, k) => {
    expectTensor(t, theirs[k]!, {}, `index ${k}`);
  });
  // A basic index is a view, as in PyTorch.
  const row = x.index(1);
  row.fill_(-3);
  expect(x.index(1, 0).item()).toBe(-3);
});

it("writes: scalar and tensor values through integers, slices, masks and index tensors", async () => {
  const { x, mask, idx } = setup();
  const v = torch.tensor([9, 8, 7, 6]).to("float32");
  const ours = [
    x.clone().indexPut_([0], 5),
    x.clone().indexPut_([":", 1], v),
    x.clone().indexPut_([mask], -1),
    x.clone().indexPut_([idx, 0], 7),
    x.clone().indexPut_(["1:3", "::2"], 0),
  ];
  const theirs = (await py.call("indexing.write", { x, mask, idx, v })) as Tensor[];
  ours.forEach((t, k) => {
    expectTensor(t, theirs[k]!, {}, `write ${k}`);
  });
});

it("out-of-range indices raise PyTorch's IndexError", async () => {
  const { x } = setup();
  const theirs = (await py.call("indexing.error", { x, code: "x[7]" })) as [string, string];
  let err: Error | undefined;
  try {
    x.index(7);
  } catch (e) {
    err = e as Error;
  }
  expect([err?.name, err?.message]).toEqual(theirs);
  expect(() => x.index(1.5)).toThrow(torch.IndexError);
  expect(() => x.index("1:a")).toThrow(TypeError);
});

it("x[()] is a view of x; a float index, an int beyond int64 and a float slice bound raise PyTorch's errors", async () => {
  const a = torch.tensor([1, 2, 3]);
  const v = a.index();
  expect(v === a).toBe(false);
  v.index(0).fill_(9);
  expectTensor(a, await py.eval("a = torch.tensor([1, 2, 3]); v = a[()]; v[0].fill_(9); out = a"));
  const cases: Array<[() => unknown, string]> = [
    [() => torch.ones([1, 1, 1]).index(-1.4), "torch.ones(1, 1, 1)[-1.4]"],
    [() => torch.ones([3, 3]).index(2 ** 64), "torch.ones(3, 3)[1 << 64]"],
    [() => torch.arange(16).view([4, 4]).index(torch.slice(0.5, 2)), "torch.arange(16).view(4, 4)[0.5:2]"],
  ];
  for (const [f, code] of cases) {
    const r = await py.run(`out = ${code}`);
    expect(r.error, code).toBeDefined();
    let err: unknown;
    try {
      f();
    } catch (e) {
      err = e;
    }
    expect((err as Error).message, code).toBe(r.error);
    expect((err as Error).name, code).toBe(r.type === "RuntimeError" ? "Error" : r.type);
  }
});

it("lists as indices, as Python's x[[0, 2]]: integer and boolean lists, empty, nested as a tuple, assigned", async () => {
  const x = torch.arange(24).view(4, 3, 2);
  const put = x.clone();
  put.indexPut_([[0, 2]], 5);
  const put2 = x.clone();
  put2.indexPut_([":", [2, 0]], torch.tensor(-1));
  const mine = [
    x.index([0, 2]),
    x.index([-1, 0, 0]),
    x.index([true, false, true, true]),
    x.index([]),
    x.index(":", [1]),
    x.index("...", [1, 0]),
    x.index([
      [0, 1],
      [1, 0],
    ]),
    x.index([0, [2, 1]]),
    x.index([0, ":", [1]]),
    x.index([1, 2], [0, 1]),
    put,
    put2,
  ];
  const ref = (await py.eval(`x = torch.arange(24).view(4, 3, 2)
put = x.clone(); put[[0, 2]] = 5
put2 = x.clone(); put2[:, [2, 0]] = torch.tensor(-1)
out = [x[[0, 2]], x[[-1, 0, 0]], x[[True, False, True, True]], x[[]], x[:, [1]], x[..., [1, 0]], x[[[0, 1], [1, 0]]],
       x[[0, [2, 1]]], x[[0, slice(None), [1]]], x[[1, 2], [0, 1]], put, put2]`)) as Tensor[];
  expect(mine.length).toBe(ref.length);
  mine.forEach((t, i) => {
    expectTensor(t, ref[i], {}, `index ${i}`);
  });
});
