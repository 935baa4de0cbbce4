import { afterAll, describe, expect, it } from "vitest";
import type { Tensor } from "../lib";
import * as torch from "../lib";
import { expectTensor } from "./helpers/assert";
import { PyTorch } from "./helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());

describe("autograd against PyTorch", () => {
  it("grads of a composite expression", async () => {
    torch.manualSeed(2);
    const a = torch.randn([3, 4]).requiresGrad_(true),
      b = torch.randn([4, 2]).requiresGrad_(true);
    const y = a.matmul(b).tanh().pow(2).sum(1).mean();
    y.backward();
    const ref = (await py.call("parity_autograd.composite_grads", { a: a.detach(), b: b.detach() })) as Tensor[];
    expectTensor(y, ref[0], { rtol: 1e-6 });
    expectTensor(a.grad!, ref[1], { rtol: 1e-6, atol: 1e-7 });
    expectTensor(b.grad!, ref[2], { rtol: 1e-6, atol: 1e-7 });
  });
  it("backward with a gradient argument and accumulation over two calls", async () => {
    const x = torch.tensor([1.0, 2.5, -3]).requiresGrad_(true);
    const g = torch.tensor([1, 0.5, 2], { dtype: "float32" });
    x.mul(x).backward(g);
    x.exp().sum().backward();
    const ref = await py.call("parity_autograd.accumulated_grad", { x: x.detach(), g });
    expectTensor(x.grad!, ref, { rtol: 1e-6 });
  });
  it("Tensor.registerHook: a hook that replaces a gradient, one that only reads, a removed one", async () => {
    torch.manualSeed(5);
    const a0 = torch.randn([3, 4]);
    const w0 = torch.randn([4, 2]);
    const a = a0.clone().requiresGrad_(true);
    const w = w0.clone().requiresGrad_(true);
    const h = a.matmul(w);
    h.registerHook((g) => g.mul(2));
    const seen: Tensor[] = [];
    w.registerHook((g) => {
      seen.push(g.clone());
    });
    const removed = h.registerHook((g) => g.mul(100));
    removed.remove();
    h.tanh().sum().backward();
    const ref = (await py.call("parity_autograd.hooked_grads", { a: a0, w: w0 })) as Tensor[];
    expectTensor(a.grad!, ref[0], { rtol: 1e-6, atol: 1e-7 });
    expectTensor(w.grad!, ref[1], { rtol: 1e-6, atol: 1e-7 });
    expectTensor(seen[0]!, ref[2], { rtol: 1e-6, atol: 1e-7 });
    // An Error thrown in a hook ends backward() with that Error; a tensor without grad refuses a hook.
    const z = a.mul(3);
    z.registerHook(() => {
      throw new RangeError("from the hook");
    });
    expect(() => z.sum().backward()).toThrow(new RangeError("from the hook"));
    const r = await py.run("torch.ones(2).register_hook(lambda g: g)");
    expect(() => torch.ones([2]).registerHook((g) => g)).toThrow(r.error!.split("\n")[0]!);
  });
  it("a hook on an output that got no gradient sees null, as Python's sees None; it cannot replace it", async () => {
    const x = torch.randn([3]).requiresGrad_(true);
    const [a, b] = x.unbind();
    const seen: Array<Tensor | null> = [];
    a!.registerHook((g) => {
      seen.push(g);
    });
    b!.sum().backward();
    const ref = await py.eval(`x = torch.randn(3, requires_grad=True)
a, b, c = x.unbind()
seen = []
a.register_hook(lambda g: seen.append(g))
b.sum().backward()
out = seen`);
    const r = await py.run(`x = torch.randn(3, requires_grad=True)
e = x.unbind()
e[0].register_hook(lambda g: torch.ones(()))
e[1].sum().backward()`);
    expect(seen).toEqual([null]);
    expect(ref).toEqual([null]);
    const e = x.unbind();
    e[0]!.registerHook(() => torch.ones([]));
    expect(() => e[1]!.sum().backward()).toThrow(r.error!.split("\n")[0]!.replace(/^RuntimeError: /, ""));
  });
  it("Module.registerFullBackwardHook: gradients seen by the hooks and a replaced grad_input, as PyTorch's", async () => {
    torch.manualSeed(6);
    const m = new torch.nn.Sequential(new torch.nn.Linear(4, 3), new torch.nn.Tanh(), new torch.nn.Linear(3, 2));
    const x = torch.randn([5, 4]);
    const [l1, , l2] = [...m.children()] as [torch.nn.Linear, torch.nn.Module, torch.nn.Linear];
    const seen: Record<string, unknown> = {};
    l1.registerFullBackwardHook((_mod, gi, go) => {
      seen.firstIn = gi.map((g) => g === null);
      seen.firstOut = go[0]!.clone();
    });
    l2.registerFullBackwardHook((_mod, gi, go) => {
      seen.lastIn = gi[0]!.clone();
      seen.lastOut = go[0]!.clone();
      return [gi[0]!.mul(3)];
    });
    m.call(x).pow(2).sum().backward();
    const ref = (await py.call("parity_autograd.full_backward_hooks", {
      x,
      w1: l1.weight.detach(),
      b1: l1.bias!.detach(),
      w2: l2.weight.detach(),
      b2: l2.bias!.detach(),
    })) as [boolean[], Tensor, Tensor, Tensor, Tensor, Tensor];
    const tol = { rtol: 1e-6, atol: 1e-7 };
    expect(seen.firstIn).toEqual(ref[0]);
    expectTensor(seen.firstOut as Tensor, ref[1], tol);
    expectTensor(seen.lastIn as Tensor, ref[2], tol);
    expectTensor(seen.lastOut as Tensor, ref[3], tol);
    expectTensor(l1.weight.grad!, ref[4], tol);
    expectTensor(l2.weight.grad!, ref[5], tol);
  });
  it("_version: factories start at 0, each in-place op and out= write counts one, views share it", async () => {
    const made = [
      torch.zeros([2]),
      torch.ones(2, 2),
      torch.full([2], 3),
      torch.arange(3),
      torch.rand([2]),
      torch.randn([2]),
      torch.randint(0, 3, [2]),
      torch.randperm(3),
      torch.eye(2),
      torch.linspace(0, 1, 3),
      torch.logspace(0, 1, 3),
      torch.empty([2]),
      torch.tensor([1, 2]),
      torch.zerosLike(torch.empty([2])),
      torch.hannWindow(4),
      torch.trilIndices(3, 3),
    ].map((t) => t._version);
    const x = torch.zeros([4]);
    x.add_(1);
    x.mul_(2);
    const v = x.view([2, 2]);
    v.sub_(1);
    torch.add(x, 1, { out: x });
    const ref = (await py.eval(
      `made = [t._version for t in [torch.zeros(2), torch.ones(2, 2), torch.full([2], 3), torch.arange(3),
  torch.rand(2), torch.randn(2), torch.randint(0, 3, [2]), torch.randperm(3), torch.eye(2),
  torch.linspace(0, 1, 3), torch.logspace(0, 1, 3), torch.empty(2), torch.tensor([1, 2]),
  torch.zeros_like(torch.empty(2)), torch.hann_window(4), torch.tril_indices(3, 3)]]
x = torch.zeros(4)
x.add_(1)
x.mul_(2)
v = x.view(2, 2)
v.sub_(1)
torch.add(x, 1, out=x)
out = [made, x._version, v._version]`,
      {},
    )) as [number[], number, number];
    expect(made).toEqual(ref[0]);
    expect([x._version, v._version]).toEqual([ref[1], ref[2]]);
  });
  it("Tensor.backward(inputs=...): gradients only into the inputs given, PyTorch's error for an empty list", async () => {
    const x = torch.tensor([1, 2], { dtype: "float32", requiresGrad: true });
    const y = torch.tensor([3, 4], { dtype: "float32", requiresGrad: true });
    x.mul(y)
      .sum()
      .backward(null, { inputs: [x] });
    const first = [(x.grad as Tensor).clone(), y.grad];
    x.mul(y).pow(2).sum().backward(undefined, { inputs: y });
    let err = "";
    try {
      x.mul(y).sum().backward(undefined, { inputs: [] });
    } catch (e) {
      err = (e as Error).message;
    }
    const ref = (await py.eval(`x = torch.tensor([1., 2.], requires_grad=True)
y = torch.tensor([3., 4.], requires_grad=True)
(x * y).sum().backward(inputs=[x])
first = [x.grad.clone(), y.grad]
((x * y) ** 2).sum().backward(inputs=y)
try:
  (x * y).sum().backward(inputs=[])
  err = ""
except RuntimeError as e:
  err = str(e)
out = [first[0], first[1] is None, x.grad, y.grad, err]`)) as [Tensor, boolean, Tensor, Tensor, string];
    expectTensor(first[0] as Tensor, ref[0]);
    expect(first[1] === null).toBe(ref[1]);
    expectTensor(x.grad as Tensor, ref[2]);
    expectTensor(y.grad as Tensor, ref[3]);
    expect(err).toBe(ref[4]);
  });
  it("x.grad = ... checks the assigned gradient as PyTorch's setter does", async () => {
    const x = torch.randn([5, 5], { requiresGrad: true });
    const errs = [
      () => {
        x.grad = torch.randn([2, 2]);
      },
      () => {
        x.grad = x;
      },
      () => {
        x.grad = torch.randn([5, 5]).long();
      },
      () => {
        x.grad = 3 as unknown as Tensor;
      },
      () => {
        x.grad = torch.randn([5, 5]).toSparse();
      },
    ].map((f) => {
      try {
        f();
        return "";
      } catch (e) {
        return `${(e as Error).name === "TypeError" ? "TypeError" : "RuntimeError"}: ${(e as Error).message}`;
      }
    });
    const ref = await py.eval(`x = torch.randn(5, 5, requires_grad=True)
errs = []
for v in [lambda: torch.randn(2, 2), lambda: x, lambda: torch.randn(5, 5).long(), lambda: 3, lambda: torch.randn(5, 5).to_sparse()]:
  try:
    x.grad = v(); errs.append("")
  except Exception as e:
    errs.append(type(e).__name__ + ": " + str(e))
out = errs`);
    expect(errs).toEqual(ref);
  });
  it("a second backward without retainGraph fails with PyTorch's message", async () => {
    const r = await py.tryCall("parity_autograd.second_backward");
    const x = torch.ones([2]).requiresGrad_(true);
    const y = x.exp().sum();
    y.backward();
    expect(() => y.backward()).toThrow(r.error!.slice(0, 60));
    const x2 = torch.ones([2]).requiresGrad_(true);
    const y2 = x2.exp().sum();
    y2.backward(undefined, { retainGraph: true });
    y2.backward();
    expect(x2.grad!.toArray()[0]).toBeCloseTo(2 * Math.E, 5);
  });
  it("backward of a non-scalar without gradient, and of a tensor that needs no grad", async () => {
    const r1 = await py.run("torch.ones(2, requires_grad=True).mul(2).backward()");
    expect(() => torch.ones([2]).requiresGrad_(true).mul(2).backward()).toThrow(r1.error!);
    const r2 = await py.run("torch.ones(2).sum().backward()");
    expect(() => torch.ones([2]).sum().backward()).toThrow(r2.error!);
  });
  it("requiresGrad on a non-leaf is refused as in PyTorch", async () => {
    const r = await py.run("x = torch.ones(2, requires_grad=True)\n(x * 2).requires_grad_(False)");
    const x = torch.ones([2]).requiresGrad_(true);
    expect(() => x.mul(2).requiresGrad_(false)).toThrow(r.error!);
  });
  it("noGrad, enableGrad, detach, detach_", () => {
    const x = torch.ones([2]).requiresGrad_(true);
    const y = torch.noGrad(() => x.mul(2));
    expect(y.requiresGrad).toBe(false);
    const z = torch.noGrad(() => torch.enableGrad(() => x.mul(2)));
    expect(z.requiresGrad).toBe(true);
    expect(torch.isGradEnabled()).toBe(true);
    expect(x.mul(3).detach().requiresGrad).toBe(false);
    const w = x.mul(3);
    w.detach_();
    expect(w.requiresGrad).toBe(false);
    expect(() =>
      torch.noGrad(() => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(torch.isGradEnabled()).toBe(true);
  });
  it("gradFn, isLeaf, retainGrad", () => {
    const x = torch.ones([2]).requiresGrad_(true);
    const y = x.add(1);
    expect(x.isLeaf).toBe(true);
    expect(y.isLeaf).toBe(false);
    expect(y.gradFn?.name()).toBe("AddBackward0");
    y.retainGrad();
    y.sum().backward();
    expect(y.grad!.toArray()).toEqual([1, 1]);
  });
  it("autograd.grad(isGradsBatched): a batch of vector-Jacobian products per output, as PyTorch's", async () => {
    torch.manualSeed(7);
    const [x0, y0] = [torch.randn([3]), torch.randn([3])];
    const [v, w] = [torch.randn([4, 3]), torch.randn([4])];
    const x = x0.clone().requiresGrad_(true);
    const y = y0.clone().requiresGrad_(true);
    const unused = torch.zeros([2]).requiresGrad_(true);
    const outs = [x.sin().mul(y), x.mul(y).sum()];
    const vjps = torch.autograd.grad(outs, [x, y, unused], {
      gradOutputs: [v, w],
      isGradsBatched: true,
      allowUnused: true,
      retainGraph: true,
    });
    const [gx] = torch.autograd.grad(outs[0]!, [x], { gradOutputs: [v], isGradsBatched: true, createGraph: true });
    const [ggx] = torch.autograd.grad(gx!.sum(), [x]);
    const [rVjps, rUnused, rGx, rGgx] = (await py.call("parity_autograd.grads_batched", { x: x0, y: y0, v, w })) as [
      Tensor[],
      boolean,
      Tensor,
      Tensor,
    ];
    expectTensor(vjps[0]!, rVjps[0]!, { rtol: 1e-6, atol: 1e-6 }, "d/dx");
    expectTensor(vjps[1]!, rVjps[1]!, { rtol: 1e-6, atol: 1e-6 }, "d/dy");
    expect(vjps[2] === null).toBe(rUnused);
    expectTensor(gx!.detach(), rGx, { rtol: 1e-6, atol: 1e-6 }, "batched grad with createGraph");
    expectTensor(ggx!, rGgx, { rtol: 1e-6, atol: 1e-6 }, "its gradient");
    // Each row is the plain vector-Jacobian product of that vector.
    for (let i = 0; i < 4; i++) {
      const [row] = torch.autograd.grad(outs, [x], {
        gradOutputs: [v.index(i), w.index(i)],
        retainGraph: true,
      });
      expectTensor(row!, vjps[0]!.index(i), { rtol: 1e-6, atol: 1e-6 }, `row ${i}`);
    }
  });
  it("autograd.grad(isGradsBatched): PyTorch's errors for a missing or unbatched grad_output", async () => {
    const PRE = "x = torch.ones(3, requires_grad=True)\n";
    const x = torch.ones([3]).requiresGrad_(true);
    const cases: Array<[() => unknown, string]> = [
      // the implicit gradient of a scalar output is not batched: vmap refuses its 0-d in_dim
      [
        () => torch.autograd.grad(x.sum(), x, { isGradsBatched: true }),
        "torch.autograd.grad(x.sum(), x, is_grads_batched=True)",
      ],
      [
        () => torch.autograd.grad(x.mul(2), x, { isGradsBatched: true }),
        "torch.autograd.grad(x * 2, x, is_grads_batched=True)",
      ],
      // grad[0] of a 0-d grad_output
      [
        () => torch.autograd.grad(x.sum(), x, { gradOutputs: torch.tensor(1), isGradsBatched: true }),
        "torch.autograd.grad(x.sum(), x, torch.tensor(1), is_grads_batched=True)",
      ],
      // an output that needs no gradient gets None, which vmap cannot map over
      [
        () =>
          torch.autograd.grad([x.mul(2), torch.ones([3])], x, {
            isGradsBatched: true,
            gradOutputs: [torch.ones([2, 3]), null],
          }),
        "torch.autograd.grad([x * 2, torch.ones(3)], x, [torch.ones(2, 3), None], is_grads_batched=True)",
      ],
    ];
    for (const [fn, code] of cases) {
      const r = await py.run(PRE + code);
      expect(r.error, code).toBeTruthy();
      let err: Error | undefined;
      try {
        fn();
      } catch (e) {
        err = e as Error;
      }
      expect(err, code).toBeInstanceOf(Error);
      expect(err!.message.split("\n")[0], code).toBe(r.error);
      expect(err!.name === "Error" ? "RuntimeError" : err!.name, code).toBe(r.type);
    }
  });
});
