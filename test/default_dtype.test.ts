// torch.setDefaultDtype / getDefaultDtype against live PyTorch: with float64 as the default, the same
// factories, inferred tensors, module parameters and optimizer state come out in the same dtypes, and a
// training step gives PyTorch's float64 numbers.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { Tensor } from "../lib";
import * as torch from "../lib";
import { expectTensor } from "./helpers/assert";
import { PyTorch } from "./helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());
afterEach(() => torch.setDefaultDtype("float32"));

describe("torch.setDefaultDtype", () => {
  it("factories, inferred tensors and parameters follow it, as in PyTorch", async () => {
    expect(torch.getDefaultDtype()).toBe("float32");
    torch.setDefaultDtype("float64");
    const mine = [
      torch.getDefaultDtype(),
      torch.tensor([1.5]).dtype,
      torch.tensor([1, 2]).dtype,
      torch.tensor([new torch.Complex(1, 2)]).dtype,
      torch.zeros([2]).dtype,
      torch.ones([2]).dtype,
      torch.empty([2]).dtype,
      torch.rand([2]).dtype,
      torch.randn([2]).dtype,
      torch.full([1], 1.5).dtype,
      torch.arange(0.5, 2).dtype,
      torch.linspace(0, 1, 3).dtype,
      new torch.nn.Linear(2, 2).weight.dtype,
      new torch.nn.Conv2d(1, 1, 3).weight.dtype,
      new torch.nn.BatchNorm2d(3).runningMean?.dtype,
      torch.sparseCooTensor(torch.tensor([[0]]), torch.tensor([1.5])).dtype,
    ];
    const ref = await py.eval(`torch.set_default_dtype(torch.float64)
try:
  out = [str(torch.get_default_dtype())[6:]] + [str(t.dtype)[6:] for t in [torch.tensor([1.5]), torch.tensor([1, 2]),
    torch.tensor([1+2j]), torch.zeros(2), torch.ones(2), torch.empty(2), torch.rand(2), torch.randn(2), torch.full((1,), 1.5),
    torch.arange(0.5, 2), torch.linspace(0, 1, 3), torch.nn.Linear(2, 2).weight, torch.nn.Conv2d(1, 1, 3).weight,
    torch.nn.BatchNorm2d(3).running_mean, torch.sparse_coo_tensor([[0]], [1.5])]]
finally:
  torch.set_default_dtype(torch.float32)`);
    expect(mine).toEqual(ref);
  });

  it("a training step under float64 gives PyTorch's numbers, optimizer state included", async () => {
    torch.setDefaultDtype("float64");
    torch.manualSeed(5);
    const model = new torch.nn.Sequential(new torch.nn.Linear(4, 8), new torch.nn.Tanh(), new torch.nn.Linear(8, 2));
    const sd0 = Object.fromEntries(Object.entries(model.stateDict()).map(([k, v]) => [k, (v as Tensor).clone()]));
    const x = torch.randn([6, 4]);
    const y = torch.tensor([0, 1, 1, 0, 1, 0]);
    const opt = new torch.optim.Adam(model.parameters(), { lr: 0.01 });
    for (let i = 0; i < 3; i++) {
      opt.zeroGrad();
      torch.nn.functional.crossEntropy(model.forward(x), y).backward();
      opt.step();
    }
    const state = opt.stateDict().state as unknown as Map<number, Record<string, Tensor>>;
    const ref = (await py.eval(
      `torch.set_default_dtype(torch.float64)
try:
  model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.Tanh(), torch.nn.Linear(8, 2))
  model.load_state_dict(sd0)
  opt = torch.optim.Adam(model.parameters(), lr=0.01)
  for _ in range(3):
    opt.zero_grad()
    torch.nn.functional.cross_entropy(model(x), y).backward()
    opt.step()
  out = [dict(model.state_dict()), str(opt.state_dict()['state'][0]['step'].dtype)[6:]]
finally:
  torch.set_default_dtype(torch.float32)`,
      { sd0, x, y },
    )) as [Record<string, Tensor>, string];
    for (const [k, v] of Object.entries(ref[0]))
      expectTensor(model.stateDict()[k] as Tensor, v, { rtol: 1e-12, atol: 1e-14 }, k);
    expect(state.get(0)?.step?.dtype).toBe(ref[1]);
  });

  it("bad dtypes raise PyTorch's errors", async () => {
    const r = await py.run("torch.set_default_dtype(torch.int32)");
    expect(() => torch.setDefaultDtype("int32")).toThrow(new TypeError(r.error as string));
    expect(() => torch.setDefaultDtype("float17" as torch.DType)).toThrow(TypeError);
    torch.setDefaultDtype("float16");
    expect(torch.zeros([1]).dtype).toBe("float16");
    const c = await py.run(
      "torch.set_default_dtype(torch.float16)\ntry:\n  torch.tensor([1+2j])\nfinally:\n  torch.set_default_dtype(torch.float32)",
    );
    expect(() => torch.tensor([new torch.Complex(1, 2)])).toThrow(c.error as string);
  });
});

describe("printing names the dtype unless it is the default one", () => {
  it.each(["float32", "float64"] as const)("with a %s default: the same reprs as PyTorch's", async (d) => {
    torch.setDefaultDtype(d);
    const mine = [
      torch.tensor([1.5, 2]),
      torch.tensor([1.5]).float(),
      torch.tensor([1.5]).double(),
      torch.zeros([0]),
      torch.zeros([0]).float(),
      torch.zeros([2, 0]).double(),
      torch.tensor([1, 2]).to("complex128"),
      torch.tensor([1]).to("complex64"),
      torch.tensor([3]),
      torch.tensor([true]),
    ].map(String);
    const ref = await py.eval(`torch.set_default_dtype(torch.${d})
out = [repr(t) for t in [torch.tensor([1.5, 2]), torch.tensor([1.5]).float(), torch.tensor([1.5]).double(), torch.zeros(0),
       torch.zeros(0).float(), torch.zeros(2, 0).double(), torch.tensor([1, 2]).to(torch.complex128),
       torch.tensor([1]).to(torch.complex64), torch.tensor([3]), torch.tensor([True])]]
torch.set_default_dtype(torch.float32)`);
    expect(mine).toEqual(ref);
  });
});
