// torch.nested (PyTorch 1.13's prototype nested tensors) against live PyTorch: construction, printing,
// sizes and their errors, operators through libtorch's nested kernels, padding, and autograd.
import { afterAll, describe, expect, it } from "vitest";
import type { Tensor } from "../lib";
import * as torch from "../lib";
import { expectTensor } from "./helpers/assert";
import { PyTorch } from "./helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());

const outcome = (f: () => unknown): unknown => {
  try {
    const r = f();
    return r instanceof torch.Tensor ? (r.isNested ? r.unbind().map((e) => e.shape) : r.shape) : r;
  } catch (e) {
    // torchts's Error is Python's RuntimeError.
    const name = (e as Error).constructor.name;
    return `${name === "Error" ? "RuntimeError" : name}: ${(e as Error).message.split("\n")[0]}`;
  }
};

describe("torch.nested", () => {
  it("nestedTensor: printed, sized and unbound as PyTorch's; errors in PyTorch's words", async () => {
    const a = torch.arange(6).reshape([2, 3]).float();
    const b = torch.arange(12).reshape([4, 3]).float();
    const nt = torch.nested.nestedTensor([a, b], { requiresGrad: true });
    const mine = [
      String(nt),
      nt.isNested,
      a.isNested,
      nt.dim(),
      nt.size(0),
      nt.size(2),
      nt.numel(),
      outcome(() => nt.size(1)),
      outcome(() => nt.shape),
      outcome(() => nt.stride()),
      outcome(() => nt.unbind(1)),
      String(torch.nested.nestedTensor([torch.tensor([1, 2]), torch.tensor([3])])),
      outcome(() => torch.nested.nestedTensor(a as never)),
      torch.nested.asNestedTensor([a, b]).requiresGrad,
    ];
    const ref = await py.eval(`import warnings
warnings.simplefilter("ignore")
def outcome(f):
    try:
        r = f()
        return [list(e.shape) for e in r.unbind()] if r.is_nested else list(r.shape)
    except Exception as e:
        return f"{type(e).__name__}: {str(e).splitlines()[0]}"
a = torch.arange(6).reshape(2, 3).float(); b = torch.arange(12).reshape(4, 3).float()
nt = torch.nested.nested_tensor([a, b], requires_grad=True)
out = [repr(nt), nt.is_nested, a.is_nested, nt.dim(), nt.size(0), nt.size(2), nt.numel(),
       outcome(lambda: nt.size(1)), outcome(lambda: nt.shape), outcome(lambda: nt.stride()),
       outcome(lambda: nt.unbind(1)),
       repr(torch.nested.nested_tensor([torch.tensor([1, 2]), torch.tensor([3])])),
       outcome(lambda: torch.nested.nested_tensor(a)),
       torch.nested.as_nested_tensor([a, b]).requires_grad]`);
    expect(mine).toEqual(ref);
  });

  it("operators run on libtorch's nested kernels; padding and gradients as PyTorch's", async () => {
    torch.manualSeed(3);
    const [a, b, w] = [torch.randn([2, 3]), torch.randn([4, 3]), torch.randn([5, 3])];
    const [m1, m2] = [torch.randn([3, 2]), torch.randn([3, 2])];
    const nt = torch.nested.nestedTensor([a, b], { requiresGrad: true });
    const other = torch.nested.nestedTensor([m1, m2]);
    const results = [
      nt.add(nt).mul(2),
      nt.softmax(-1),
      nt.transpose(1, 2).contiguous(),
      torch.matmul(nt, other),
      nt.relu(),
      torch.nn.functional.linear(nt, w),
      nt.reshape([2, -1, 3]),
    ].map((r) => torch.nested.toPaddedTensor(r.detach(), -1));
    const y = torch.nested.toPaddedTensor(nt.add(nt).mul(2), 0);
    y.sum().backward();
    const mine = [...results, torch.nested.toPaddedTensor(nt.grad!, 0), nt.toPaddedTensor(0, [2, 5, 4])];
    const errors = [outcome(() => nt.sum()), outcome(() => nt.to("float64"))];
    const ref = (await py.eval(
      `import warnings
warnings.simplefilter("ignore")
import torch.nn.functional as F
def outcome(f):
    try:
        r = f()
        return list(r.shape)
    except Exception as e:
        return f"{type(e).__name__}: {str(e).splitlines()[0]}"
nt = torch.nested.nested_tensor([a, b], requires_grad=True)
other = torch.nested.nested_tensor([m1, m2])
res = [nt.add(nt).mul(2), nt.softmax(-1), nt.transpose(1, 2).contiguous(), torch.matmul(nt, other), nt.relu(),
       F.linear(nt, w), nt.reshape(2, -1, 3)]
res = [torch.nested.to_padded_tensor(r.detach(), -1) for r in res]
y = torch.nested.to_padded_tensor(nt.add(nt).mul(2), 0)
y.sum().backward()
out = [res + [torch.nested.to_padded_tensor(nt.grad, 0), nt.to_padded_tensor(0, [2, 5, 4])],
       [outcome(lambda: nt.sum()), outcome(lambda: nt.to(torch.float64))]]`,
      { a, b, w, m1, m2 },
    )) as [Tensor[], string[]];
    expect(mine.length).toBe(ref[0].length);
    for (const [i, t] of mine.entries()) expectTensor(t, ref[0][i]!, { rtol: 1e-6, atol: 1e-6 }, `result ${i}`);
    expect(errors).toEqual(ref[1]);
  });
});
