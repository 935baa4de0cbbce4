// torch.utils.checkpoint and torch.autograd.backward against live PyTorch: a checkpointed block (with
// dropout, so the rerun must replay the forward's RNG state) gives PyTorch's gradients, and the
// activations are not kept.
import { afterAll, describe, expect, it } from "vitest";
import type { Tensor } from "../lib";
import * as torch from "../lib";
import { expectTensor } from "./helpers/assert";
import { PyTorch } from "./helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());
const { nn } = torch;

describe("torch.utils.checkpoint", () => {
  it("checkpoint: same output and gradients as PyTorch's, dropout replayed under the forward's RNG", async () => {
    torch.manualSeed(4);
    const block = new nn.Sequential(new nn.Linear(6, 16), new nn.ReLU(), new nn.Dropout(0.5), new nn.Linear(16, 3));
    const head = new nn.Linear(3, 1);
    const sd = Object.fromEntries(
      Object.entries({ ...prefix(block.stateDict(), "block."), ...prefix(head.stateDict(), "head.") }).map(([k, v]) => [
        k,
        (v as Tensor).clone(),
      ]),
    );
    const x0 = torch.randn([5, 6]);
    const x = x0.clone().requiresGrad_(true);
    torch.manualSeed(9);
    const h = torch.utils.checkpoint.checkpoint((t: Tensor) => block.forward(t), x) as Tensor;
    expect(h.gradFn?.name()).toBe("CheckpointFunctionBackward");
    const loss = head.forward(h).pow(2).mean();
    loss.backward();
    const ref = (await py.eval(
      `import torch.utils.checkpoint as cp
block = torch.nn.Sequential(torch.nn.Linear(6, 16), torch.nn.ReLU(), torch.nn.Dropout(0.5), torch.nn.Linear(16, 3))
head = torch.nn.Linear(3, 1)
block.load_state_dict({k[6:]: v for k, v in sd.items() if k.startswith('block.')})
head.load_state_dict({k[5:]: v for k, v in sd.items() if k.startswith('head.')})
x = x0.clone().requires_grad_()
torch.manual_seed(9)
h = cp.checkpoint(block, x)
loss = head(h).pow(2).mean()
loss.backward()
out = [h.detach(), loss.detach(), x.grad, block[0].weight.grad, block[3].weight.grad, head.weight.grad]`,
      { sd, x0 },
    )) as Tensor[];
    expectTensor(h.detach(), ref[0], { rtol: 1e-6, atol: 1e-7 }, "output");
    expectTensor(loss.detach(), ref[1], { rtol: 1e-6, atol: 1e-7 }, "loss");
    expectTensor(x.grad as Tensor, ref[2], { rtol: 1e-5, atol: 1e-7 }, "x.grad");
    expectTensor((block.at(0) as torch.nn.Linear).weight.grad as Tensor, ref[3], { rtol: 1e-5, atol: 1e-7 }, "w0");
    expectTensor((block.at(3) as torch.nn.Linear).weight.grad as Tensor, ref[4], { rtol: 1e-5, atol: 1e-7 }, "w3");
    expectTensor(head.weight.grad as Tensor, ref[5], { rtol: 1e-5, atol: 1e-7 }, "head");
  });

  it("checkpointSequential matches the plain model's gradients; errors as PyTorch's", async () => {
    torch.manualSeed(6);
    const layers = [new nn.Linear(4, 8), new nn.Tanh(), new nn.Linear(8, 8), new nn.Tanh(), new nn.Linear(8, 2)];
    const model = new nn.Sequential(...layers);
    const x = torch.randn([3, 4]).requiresGrad_(true);
    (torch.utils.checkpoint.checkpointSequential(model, 2, x) as Tensor).sum().backward();
    const g1 = model.parameters().map((p) => (p.grad as Tensor).clone());
    const gx = (x.grad as Tensor).clone();
    model.zeroGrad();
    x.grad = null;
    model.forward(x).sum().backward();
    for (const [i, p] of model.parameters().entries()) torch.testing.assertClose(p.grad, g1[i]);
    torch.testing.assertClose(x.grad, gx);
    const r = await py.run(
      "import torch.utils.checkpoint as cp\ncp.checkpoint(lambda t: t, torch.ones(1, requires_grad=True), foo=1)",
    );
    expect(() => torch.utils.checkpoint.checkpoint((t: Tensor) => t, torch.ones([1]), { foo: 1 })).toThrow(
      r.error as string,
    );
  });
});

describe("torch.autograd.backward", () => {
  it("several tensors with their gradients, accumulating, and inputs=", async () => {
    const a0 = torch.randn([3]);
    const b0 = torch.randn([3]);
    const a = a0.clone().requiresGrad_(true);
    const b = b0.clone().requiresGrad_(true);
    const y1 = a.mul(b);
    const y2 = a.exp().sum();
    torch.autograd.backward([y1, y2], { gradTensors: [torch.ones([3]).mul(2), null] });
    torch.autograd.backward(a.mul(b).sum(), { inputs: [b] });
    const ref = (await py.eval(
      "a.requires_grad_(); b.requires_grad_()\ntorch.autograd.backward([a * b, a.exp().sum()], grad_tensors=[torch.ones(3) * 2, None])\ntorch.autograd.backward((a * b).sum(), inputs=[b])\nout = [a.grad, b.grad]",
      { a: a0, b: b0 },
    )) as Tensor[];
    expectTensor(a.grad as Tensor, ref[0], { rtol: 1e-6 });
    expectTensor(b.grad as Tensor, ref[1], { rtol: 1e-6 });
  });
});

function prefix(sd: Record<string, unknown>, p: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(sd).map(([k, v]) => [p + k, v]));
}

describe("checkpoint inside grad() or backward(inputs=)", () => {
  it("raises PyTorch's error (a reentrant checkpoint cannot recompute there)", async () => {
    const a = torch.randn([3], { requiresGrad: true });
    const errs: string[] = [];
    for (const f of [
      () => torch.autograd.grad((torch.utils.checkpoint.checkpoint((x: Tensor) => x.exp(), a) as Tensor).sum(), [a]),
      () =>
        (torch.utils.checkpoint.checkpoint((x: Tensor) => x.exp(), a) as Tensor)
          .sum()
          .backward(undefined, { inputs: [a] }),
    ]) {
      try {
        f();
        errs.push("");
      } catch (e) {
        errs.push((e as Error).message);
      }
    }
    const ref = await py.eval(`import torch.utils.checkpoint as cp
a = torch.randn(3, requires_grad=True)
errs = []
for f in [lambda: torch.autograd.grad(cp.checkpoint(lambda x: x.exp(), a).sum(), [a]),
          lambda: cp.checkpoint(lambda x: x.exp(), a).sum().backward(inputs=[a])]:
  try:
    f(); errs.append("")
  except RuntimeError as e:
    errs.append(str(e))
out = errs`);
    expect(errs).toEqual(ref);
  });
});

describe("checkpoint with useReentrant: false (saved tensor hooks)", () => {
  it("PyTorch's output and gradients with dropout replayed; fn runs once more in backward", async () => {
    torch.manualSeed(4);
    const block = new nn.Sequential(new nn.Linear(6, 16), new nn.ReLU(), new nn.Dropout(0.5), new nn.Linear(16, 3));
    const sd = Object.fromEntries(Object.entries(block.stateDict()).map(([k, v]) => [k, (v as Tensor).clone()]));
    const x0 = torch.randn([5, 6]);
    const x = x0.clone().requiresGrad_(true);
    let calls = 0;
    torch.manualSeed(9);
    const h = torch.utils.checkpoint.checkpoint(
      (t: Tensor) => {
        calls++;
        return block.forward(t);
      },
      x,
      { useReentrant: false },
    ) as Tensor;
    const callsAfterForward = calls;
    // The graph is the block's own (not one checkpoint node), as with PyTorch's non-reentrant checkpoint.
    const name = h.gradFn?.name();
    const loss = h.pow(2).mean();
    loss.backward();
    const ref = (await py.eval(
      `import torch.utils.checkpoint as cp
block = torch.nn.Sequential(torch.nn.Linear(6, 16), torch.nn.ReLU(), torch.nn.Dropout(0.5), torch.nn.Linear(16, 3))
block.load_state_dict(sd)
x = x0.clone().requires_grad_()
calls = [0]
def run(t):
    calls[0] += 1
    return block(t)
torch.manual_seed(9)
h = cp.checkpoint(run, x, use_reentrant=False)
after_forward = calls[0]
name = h.grad_fn.name()
loss = h.pow(2).mean()
loss.backward()
out = [h.detach(), x.grad, block[0].weight.grad, block[3].weight.grad, after_forward, calls[0], name]`,
      { sd, x0 },
    )) as [Tensor, Tensor, Tensor, Tensor, number, number, string];
    expectTensor(h.detach(), ref[0], { rtol: 1e-6, atol: 1e-7 }, "output");
    expectTensor(x.grad as Tensor, ref[1], { rtol: 1e-5, atol: 1e-7 }, "x.grad");
    expectTensor((block.at(0) as torch.nn.Linear).weight.grad as Tensor, ref[2], { rtol: 1e-5, atol: 1e-7 }, "w0");
    expectTensor((block.at(3) as torch.nn.Linear).weight.grad as Tensor, ref[3], { rtol: 1e-5, atol: 1e-7 }, "w3");
    expect([callsAfterForward, calls, name]).toEqual([ref[4], ref[5], ref[6]]);
  });

  it("works under torch.autograd.grad and backward(inputs=), passes keyword arguments, allows retain_graph", async () => {
    const a0 = torch.randn([4]);
    const a = a0.clone().requiresGrad_(true);
    const f = (x: Tensor, kw: { scale: number }) => x.exp().mul(kw.scale).sin();
    const y = torch.utils.checkpoint.checkpoint(f, a, { useReentrant: false, scale: 3 }) as Tensor;
    const [g] = torch.autograd.grad(y.sum(), [a], { retainGraph: true });
    const [g2] = torch.autograd.grad(y.sum(), [a]);
    const z = torch.utils.checkpoint.checkpoint(f, a, { useReentrant: false, scale: 3 }) as Tensor;
    z.sum().backward({ inputs: [a] });
    const ref = (await py.eval(
      `import torch.utils.checkpoint as cp
a = a0.clone().requires_grad_()
f = lambda x, scale: x.exp().mul(scale).sin()
y = cp.checkpoint(f, a, use_reentrant=False, scale=3)
g, = torch.autograd.grad(y.sum(), [a], retain_graph=True)
g2, = torch.autograd.grad(y.sum(), [a])
z = cp.checkpoint(f, a, use_reentrant=False, scale=3)
z.sum().backward(inputs=[a])
out = [g, g2, a.grad]`,
      { a0 },
    )) as Tensor[];
    expectTensor(g!, ref[0]!);
    expectTensor(g2!, ref[1]!);
    expectTensor(a.grad!, ref[2]!);
  });
});
