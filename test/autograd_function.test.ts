// torch.autograd.Function against live PyTorch: the same custom functions (forward and backward written
// by the user) give the same outputs, gradients, grad_fn names and errors.
import { afterAll, describe, expect, it } from "vitest";
import type { Tensor } from "../lib";
import * as torch from "../lib";
import { expectTensor } from "./helpers/assert";
import { PyTorch } from "./helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());
type Ctx = torch.autograd.FunctionCtx;

class Exp extends torch.autograd.Function {
  static forward(ctx: Ctx, x: Tensor): Tensor {
    const y = x.exp();
    ctx.saveForBackward(y);
    return y;
  }
  static backward(ctx: Ctx, g: Tensor): Tensor {
    const [y] = ctx.savedTensors;
    return g.mul(y as Tensor);
  }
}

class MulAdd extends torch.autograd.Function {
  static forward(ctx: Ctx, x: Tensor, y: Tensor, k: number): Tensor[] {
    ctx.saveForBackward(x, y);
    ctx.k = k;
    return [x.mul(y).mul(k), x.add(y)];
  }
  static backward(ctx: Ctx, g1: Tensor, g2: Tensor): Array<Tensor | null> {
    const [x, y] = ctx.savedTensors as Tensor[];
    const k = ctx.k as number;
    return [
      g1
        .mul(y as Tensor)
        .mul(k)
        .add(g2),
      g1
        .mul(x as Tensor)
        .mul(k)
        .add(g2),
      null,
    ];
  }
}

const PY_FUNCS = `
class Exp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        y = x.exp()
        ctx.save_for_backward(y)
        return y
    @staticmethod
    def backward(ctx, g):
        y, = ctx.saved_tensors
        return g * y

class MulAdd(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, y, k):
        ctx.save_for_backward(x, y)
        ctx.k = k
        return x * y * k, x + y
    @staticmethod
    def backward(ctx, g1, g2):
        x, y = ctx.saved_tensors
        return g1 * y * ctx.k + g2, g1 * x * ctx.k + g2, None
`;

describe("torch.autograd.Function", () => {
  it("a one-input function: output, grad_fn name and gradient as PyTorch's", async () => {
    const x0 = torch.randn([3, 4]);
    const x = x0.clone().requiresGrad_(true);
    const y = Exp.apply(x);
    expect(y.gradFn?.name()).toBe("ExpBackward");
    y.mul(y).sum().backward();
    const ref = (await py.eval(
      `${PY_FUNCS}\nx.requires_grad_()\ny = Exp.apply(x)\n(y * y).sum().backward()\nout = [y.detach(), x.grad, type(y.grad_fn).__name__]`,
      { x: x0 },
    )) as [Tensor, Tensor, string];
    expectTensor(y.detach(), ref[0]);
    expectTensor(x.grad as Tensor, ref[1]);
    expect(y.gradFn?.name()).toBe(ref[2]);
  });

  it("several inputs and outputs, a non-tensor argument, ctx attributes", async () => {
    const [a0, b0] = [torch.randn([5]), torch.randn([5])];
    const a = a0.clone().requiresGrad_(true);
    const b = b0.clone().requiresGrad_(true);
    const [p, q] = MulAdd.apply(a, b, 3);
    p.sum().add(q.mul(q).sum()).backward();
    const ref = (await py.eval(
      `${PY_FUNCS}\na.requires_grad_(); b.requires_grad_()\np, q = MulAdd.apply(a, b, 3)\n(p.sum() + (q * q).sum()).backward()\nout = [p.detach(), q.detach(), a.grad, b.grad]`,
      { a: a0, b: b0 },
    )) as Tensor[];
    expectTensor((p as Tensor).detach(), ref[0]);
    expectTensor((q as Tensor).detach(), ref[1]);
    expectTensor(a.grad as Tensor, ref[2], { rtol: 1e-6, atol: 1e-6 });
    expectTensor(b.grad as Tensor, ref[3], { rtol: 1e-6, atol: 1e-6 });
  });

  it("gradcheck passes on a correct backward and finds a wrong one, with PyTorch's message", async () => {
    torch.manualSeed(2);
    const x = torch.randn([2, 2], { dtype: "float64" });
    expect(torch.autograd.gradcheck((t: Tensor) => Exp.apply(t), [x.clone().requiresGrad_(true)])).toBe(true);
    class Wrong extends torch.autograd.Function {
      static forward(_ctx: Ctx, t: Tensor): Tensor {
        return t.mul(t);
      }
      static backward(_ctx: Ctx, g: Tensor): Tensor {
        return g.mul(3);
      }
    }
    let mine = "";
    try {
      torch.autograd.gradcheck((t: Tensor) => Wrong.apply(t), [x.clone().requiresGrad_(true)]);
    } catch (e) {
      mine = (e as Error).message;
    }
    const ref = await py.eval(
      `
class Wrong(torch.autograd.Function):
    @staticmethod
    def forward(ctx, t):
        return t * t
    @staticmethod
    def backward(ctx, g):
        return g * 3
from torch.autograd.gradcheck import GradcheckError
try:
    torch.autograd.gradcheck(Wrong.apply, [x.requires_grad_()])
    out = ''
except GradcheckError as e:
    out = str(e)`,
      { x },
    );
    expect(mine).toBe(ref);
    expect(mine).toMatch(/^Jacobian mismatch/);
  });

  it("markNonDifferentiable, setMaterializeGrads(false) and needsInputGrad", async () => {
    class SortFn extends torch.autograd.Function {
      static forward(ctx: Ctx, x: Tensor, y: Tensor): Tensor[] {
        ctx.seen = [...ctx.needsInputGrad];
        const [v, i] = x.sort();
        ctx.markNonDifferentiable(i as Tensor);
        ctx.setMaterializeGrads(false);
        ctx.saveForBackward(i as Tensor);
        return [v as Tensor, i as Tensor, y.mul(2)];
      }
      static backward(ctx: Ctx, gv: Tensor | null, gi: Tensor | null, gy: Tensor | null): Array<Tensor | null> {
        ctx.got = [gv !== null, gi !== null, gy !== null];
        const [i] = ctx.savedTensors as Tensor[];
        return [gv === null ? null : torch.zerosLike(gv).scatter(0, i as Tensor, gv), gy];
      }
    }
    const x = torch.tensor([3, 1, 2], { dtype: "float32" }).requiresGrad_(true);
    const y = torch.tensor([1, 1], { dtype: "float32" });
    const [v, i, z] = SortFn.apply(x, y) as Tensor[];
    (v as Tensor)
      .mul(torch.tensor([1, 10, 100]))
      .sum()
      .backward();
    expect((x.grad as Tensor).tolist()).toEqual([100, 1, 10]);
    const ref = (await py.eval(`
class SortFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, y):
        ctx.seen = list(ctx.needs_input_grad)
        v, i = x.sort()
        ctx.mark_non_differentiable(i)
        ctx.set_materialize_grads(False)
        ctx.save_for_backward(i)
        return v, i, y * 2
    @staticmethod
    def backward(ctx, gv, gi, gy):
        ctx.got = [gv is not None, gi is not None, gy is not None]
        i, = ctx.saved_tensors
        return torch.zeros_like(gv).scatter(0, i, gv), gy
x = torch.tensor([3.0, 1.0, 2.0], requires_grad=True)
v, i, z = SortFn.apply(x, torch.tensor([1.0, 1.0]))
(v * torch.tensor([1, 10, 100])).sum().backward()
out = [x.grad.tolist(), v.grad_fn.seen if hasattr(v.grad_fn, 'seen') else None, v.grad_fn.got, [v.requires_grad, i.requires_grad, z.requires_grad]]`)) as unknown[];
    expect((x.grad as Tensor).tolist()).toEqual(ref[0]);
    expect([v?.requiresGrad, i?.requiresGrad, z?.requiresGrad]).toEqual(ref[3]);
  });

  it("no input requiring grad (or noGrad): plain outputs, no graph", () => {
    const y = Exp.apply(torch.ones([2]));
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
    const z = torch.noGrad(() => Exp.apply(torch.ones([2]).requiresGrad_(true)));
    expect(z.requiresGrad).toBe(false);
  });

  it("an input returned as it is gets the gradient through the function", () => {
    class Id extends torch.autograd.Function {
      static forward(_ctx: Ctx, x: Tensor): Tensor {
        return x;
      }
      static backward(_ctx: Ctx, g: Tensor): Tensor {
        return g.mul(2);
      }
    }
    const x = torch.ones([3]).requiresGrad_(true);
    const y = Id.apply(x);
    expect(y === x).toBe(false);
    expect(y.gradFn?.name()).toBe("IdBackward");
    y.sum().backward();
    expect((x.grad as Tensor).tolist()).toEqual([2, 2, 2]);
  });

  it("saved tensors: an input returned as-is keeps requires_grad; a second backward raises PyTorch's error", async () => {
    const seen: boolean[] = [];
    class Id extends torch.autograd.Function {
      static forward(ctx: Ctx, x: Tensor) {
        ctx.saveForBackward(x);
        return x;
      }
      static backward(ctx: Ctx, g: Tensor) {
        seen.push((ctx.savedTensors[0] as Tensor).requiresGrad);
        return g;
      }
    }
    const x = torch.randn([3]).requiresGrad_(true);
    const y = (Id.apply(x) as Tensor).sum();
    y.backward();
    const err = (() => {
      try {
        y.backward();
        return "";
      } catch (e) {
        return (e as Error).message;
      }
    })();
    // With retainGraph, the saved tensors stay.
    const z = (Id.apply(x) as Tensor).sum();
    z.backward({ retainGraph: true });
    z.backward();
    const ref = await py.eval(`seen = []
class Id(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x
    @staticmethod
    def backward(ctx, g):
        seen.append(ctx.saved_tensors[0].requires_grad)
        return g
x = torch.randn(3, requires_grad=True)
y = Id.apply(x).sum()
y.backward()
try:
    y.backward(); err = ""
except RuntimeError as e:
    err = str(e)
z = Id.apply(x).sum()
z.backward(retain_graph=True)
z.backward()
out = [seen, err]`);
    expect([seen, err]).toEqual(ref);
  });

  it("backward gets one gradient per output, null where the output is not a tensor", async () => {
    let got: unknown[] = [];
    class Mixed extends torch.autograd.Function {
      static forward(_ctx: Ctx, x: Tensor) {
        return [1, x.mul(2), "s"];
      }
      static backward(_ctx: Ctx, ...grads: Array<Tensor | null>) {
        got = grads.map((g) => (g === null ? null : g.shape));
        return grads[1]!.mul(2);
      }
    }
    const x = torch.randn([2]).requiresGrad_(true);
    const out = Mixed.apply(x) as unknown as [number, Tensor, string];
    out[1].sum().backward();
    const ref = await py.eval(`got = []
class Mixed(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return 1, x * 2, "s"
    @staticmethod
    def backward(ctx, *grads):
        got.extend(None if g is None else list(g.shape) for g in grads)
        return grads[1] * 2
x = torch.randn(2, requires_grad=True)
Mixed.apply(x)[1].sum().backward()
out = [got, x.grad]`);
    expect(got).toEqual((ref as unknown[])[0]);
    expectTensor(x.grad!, (ref as Tensor[])[1]!);
  });

  it("onceDifferentiable: backward runs without recording; a double backward through it raises PyTorch's error", async () => {
    const gradModes: boolean[] = [];
    class Cube extends torch.autograd.Function {
      static forward(ctx: Ctx, x: Tensor) {
        ctx.saveForBackward(x);
        return x.pow(3);
      }
      static backward = torch.autograd.function.onceDifferentiable((ctx: Ctx, g: Tensor) => {
        gradModes.push(torch.isGradEnabled());
        return g.mul(3).mul((ctx.savedTensors[0] as Tensor).pow(2));
      });
    }
    const x0 = torch.randn([3], { dtype: "float64" });
    const x = x0.clone().requiresGrad_(true);
    // The incoming gradient requires grad, so the backward's result could be differentiated again.
    const v = torch.ones([3], { dtype: "float64" }).requiresGrad_(true);
    const [g] = torch.autograd.grad([Cube.apply(x) as Tensor], [x], { gradOutputs: [v], createGraph: true });
    let err = "";
    try {
      g!.sum().backward();
    } catch (e) {
      err = (e as Error).message;
    }
    const y = (Cube.apply(x) as Tensor).sum();
    const [g1] = torch.autograd.grad([y], [x]);
    const ref = (await py.eval(
      `from torch.autograd.function import once_differentiable
modes = []
class Cube(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 3
    @staticmethod
    @once_differentiable
    def backward(ctx, g):
        modes.append(torch.is_grad_enabled())
        return g * 3 * ctx.saved_tensors[0] ** 2
x = x0.clone().requires_grad_()
v = torch.ones(3, dtype=torch.float64, requires_grad=True)
g, = torch.autograd.grad([Cube.apply(x)], [x], [v], create_graph=True)
try:
    g.sum().backward(); err = ""
except RuntimeError as e:
    err = str(e)
g1, = torch.autograd.grad([Cube.apply(x).sum()], [x])
out = [modes, g.requires_grad, type(g.grad_fn).__name__, err, g1]`,
      { x0 },
    )) as [boolean[], boolean, string, string, Tensor];
    expect([gradModes, g!.requiresGrad, String(g!.gradFn).split(" ")[0]!.slice(1), err]).toEqual(ref.slice(0, 4));
    expectTensor(g1!, ref[4]);
  });

  it("a backward with the wrong number or shape of gradients raises PyTorch's errors", async () => {
    class TooFew extends torch.autograd.Function {
      static forward(_ctx: Ctx, x: Tensor, y: Tensor): Tensor {
        return x.add(y);
      }
      static backward(_ctx: Ctx, g: Tensor): Tensor {
        return g;
      }
    }
    const x = torch.ones([2]).requiresGrad_(true);
    const refCount = await py.run(`
class TooFew(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, y):
        return x + y
    @staticmethod
    def backward(ctx, g):
        return g
TooFew.apply(torch.ones(2, requires_grad=True), torch.ones(2)).sum().backward()`);
    expect(() =>
      TooFew.apply(x, torch.ones([2]))
        .sum()
        .backward(),
    ).toThrow(refCount.error as string);
    class BadShape extends torch.autograd.Function {
      static forward(_ctx: Ctx, t: Tensor): Tensor {
        return t.clone();
      }
      static backward(_ctx: Ctx, g: Tensor): Tensor {
        return g.sum(0);
      }
    }
    const refShape = await py.run(`
class BadShape(torch.autograd.Function):
    @staticmethod
    def forward(ctx, t):
        return t.clone()
    @staticmethod
    def backward(ctx, g):
        return g.sum(0)
BadShape.apply(torch.ones(2, 3, requires_grad=True)).sum().backward()`);
    expect(() =>
      BadShape.apply(torch.ones([2, 3]).requiresGrad_(true))
        .sum()
        .backward(),
    ).toThrow((refShape.error as string).replace(/BadShapeBackward/, "BadShapeBackward"));
    // A JS error thrown in backward reaches the caller of backward().
    class Throws extends torch.autograd.Function {
      static forward(_ctx: Ctx, t: Tensor): Tensor {
        return t.clone();
      }
      static backward(): Tensor {
        throw new Error("no gradient today");
      }
    }
    expect(() => Throws.apply(x).sum().backward()).toThrow("no gradient today");
    // ...and the next backward works.
    Exp.apply(x).sum().backward();
  });

  it("a training step through a custom function matches PyTorch's", async () => {
    class Square extends torch.autograd.Function {
      static forward(ctx: Ctx, t: Tensor): Tensor {
        ctx.saveForBackward(t);
        return t.mul(t);
      }
      static backward(ctx: Ctx, g: Tensor): Tensor {
        const [t] = ctx.savedTensors as Tensor[];
        return g.mul(t as Tensor).mul(2);
      }
    }
    torch.manualSeed(7);
    const lin = new torch.nn.Linear(4, 3);
    const sd = Object.fromEntries(Object.entries(lin.stateDict()).map(([k, v]) => [k, (v as Tensor).clone()]));
    const opt = new torch.optim.SGD(lin.parameters(), { lr: 0.1 });
    const x = torch.randn([8, 4]);
    for (let i = 0; i < 3; i++) {
      opt.zeroGrad();
      Square.apply(lin.forward(x)).mean().backward();
      opt.step();
    }
    const ref = (await py.eval(
      `
class Square(torch.autograd.Function):
    @staticmethod
    def forward(ctx, t):
        ctx.save_for_backward(t)
        return t * t
    @staticmethod
    def backward(ctx, g):
        t, = ctx.saved_tensors
        return g * t * 2
lin = torch.nn.Linear(4, 3)
lin.load_state_dict(sd)
opt = torch.optim.SGD(lin.parameters(), lr=0.1)
for _ in range(3):
    opt.zero_grad()
    Square.apply(lin(x)).mean().backward()
    opt.step()
out = [lin.weight.detach(), lin.bias.detach()]`,
      { sd, x },
    )) as Tensor[];
    expectTensor(lin.weight.detach(), ref[0], { rtol: 1e-6, atol: 1e-7 });
    expectTensor((lin.bias as Tensor).detach(), ref[1], { rtol: 1e-6, atol: 1e-7 });
  });

  it("markDirty: an in-place forward returns its input, now with the function's history, as in PyTorch", async () => {
    class Inplace extends torch.autograd.Function {
      static forward(ctx: Ctx, a: Tensor, b: Tensor): Tensor[] {
        ctx.markDirty(a);
        return [a.add_(b), b.add(2)];
      }
      static backward(_ctx: Ctx, ga: Tensor, gb: Tensor): Tensor[] {
        return [ga, ga.add(gb)];
      }
    }
    const x0 = torch.randn([3]);
    const y0 = torch.randn([3]);
    const x = x0.clone().requiresGrad_(true);
    const y = y0.clone().requiresGrad_(true);
    const refLeaf = await py.run(
      "class Inplace(torch.autograd.Function):\n  @staticmethod\n  def forward(ctx, a, b):\n    ctx.mark_dirty(a)\n    return a.add_(b), b + 2\n  @staticmethod\n  def backward(ctx, ga, gb):\n    return ga, ga + gb\nInplace.apply(torch.randn(3, requires_grad=True), torch.randn(3))",
    );
    // (A separate leaf: the forward has changed it in place by the time the error is raised, as in PyTorch.)
    expect(() => Inplace.apply(torch.randn([3]).requiresGrad_(true), torch.randn([3]))).toThrow(
      refLeaf.error as string,
    );
    const q = x.clone();
    const [r, s] = Inplace.apply(q, y) as Tensor[];
    expect(r).toBe(q);
    expect(q.gradFn?.name()).toBe("InplaceBackward");
    (r as Tensor)
      .sum()
      .add((s as Tensor).sum())
      .backward();
    const ref = (await py.eval(
      `class Inplace(torch.autograd.Function):
  @staticmethod
  def forward(ctx, a, b):
    ctx.mark_dirty(a)
    return a.add_(b), b + 2
  @staticmethod
  def backward(ctx, ga, gb):
    return ga, ga + gb
x.requires_grad_(); y.requires_grad_()
q = x.clone()
r, s = Inplace.apply(q, y)
(r.sum() + s.sum()).backward()
out = [q.detach(), x.grad, y.grad, q._version]`,
      { x: x0, y: y0 },
    )) as [Tensor, Tensor, Tensor, number];
    expectTensor(q.detach(), ref[0]);
    expectTensor(x.grad as Tensor, ref[1]);
    expectTensor(y.grad as Tensor, ref[2]);
    expect(q._version).toBe(ref[3]);
    class NotReturned extends torch.autograd.Function {
      static forward(ctx: Ctx, a: Tensor): Tensor {
        ctx.markDirty(a);
        a.add_(1);
        return a.clone();
      }
      static backward(_ctx: Ctx, g: Tensor): Tensor {
        return g;
      }
    }
    expect(() => NotReturned.apply(x.clone())).toThrow(
      "Some elements marked as dirty during the forward method were not returned as output",
    );
  });

  it("saved tensors are PyTorch's SavedVariables: version check, saved-tensor hooks, outputs through the node", async () => {
    class Mul2 extends torch.autograd.Function {
      static forward(ctx: Ctx, x: Tensor, w: Tensor): Tensor {
        const y = x.mul(w);
        ctx.saveForBackward(x, w, y);
        return y;
      }
      static backward(ctx: Ctx, g: Tensor): Tensor[] {
        const [x, w] = ctx.savedTensors as Tensor[];
        return [g.mul(w as Tensor), g.mul(x as Tensor)];
      }
    }
    torch.manualSeed(3);
    const x0 = torch.randn([5, 5]);
    const w0 = torch.randn([5, 5]);
    // A saved input changed in place after forward: backward raises PyTorch's version error.
    const x = x0.clone().requiresGrad_();
    const w = w0.clone().requiresGrad_();
    const a = x.mul(2);
    const y = Mul2.apply(a, w);
    torch.noGrad(() => a.add_(1));
    let mine = "";
    try {
      y.sum().backward();
    } catch (e) {
      mine = (e as Error).message;
    }
    const ref = await py.run(
      `
class Mul2(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, w):
        y = x * w
        ctx.save_for_backward(x, w, y)
        return y
    @staticmethod
    def backward(ctx, g):
        x, w, _ = ctx.saved_tensors
        return g * w, g * x
x = x0.clone().requires_grad_(); w = w0.clone().requires_grad_()
a = x * 2
y = Mul2.apply(a, w)
with torch.no_grad():
    a.add_(1)
y.sum().backward()`,
      { x0, w0 },
    );
    expect(mine).toContain(
      "one of the variables needed for gradient computation has been modified by an inplace operation",
    );
    expect(mine).toBe(ref.error);
    // Saved-tensor hooks pack and unpack a custom Function's saved tensors too; the saved output comes back as
    // an output of the Function's node.
    const packed: number[][] = [];
    let unpacked = 0;
    const x2 = x0.clone().requiresGrad_();
    const w2 = w0.clone().requiresGrad_();
    const y2 = torch.autograd.graph.savedTensorsHooks(
      (t: Tensor) => {
        packed.push(t.shape);
        return t;
      },
      (t: unknown) => {
        unpacked += 1;
        return t as Tensor;
      },
      () => Mul2.apply(x2, w2),
    );
    const out = (y2.gradFn as torch.autograd.graph.FunctionNode).savedTensors as Tensor[];
    const names = [out[2]?.gradFn?.name(), out[0]?.gradFn?.name() ?? null];
    y2.sum().backward();
    const theirs = (await py.eval(
      `
class Mul2(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, w):
        y = x * w
        ctx.save_for_backward(x, w, y)
        return y
    @staticmethod
    def backward(ctx, g):
        x, w, _ = ctx.saved_tensors
        return g * w, g * x
packed = []
unpacked = [0]
def pack(t):
    packed.append(list(t.shape))
    return t
def unpack(t):
    unpacked[0] += 1
    return t
x = x0.clone().requires_grad_(); w = w0.clone().requires_grad_()
with torch.autograd.graph.saved_tensors_hooks(pack, unpack):
    y = Mul2.apply(x, w)
s = y.grad_fn.saved_tensors
names = [s[2].grad_fn.name(), None if s[0].grad_fn is None else s[0].grad_fn.name()]
y.sum().backward()
out = [packed, unpacked[0], names, x.grad, w.grad]`,
      { x0, w0 },
    )) as unknown[];
    expect(packed).toEqual(theirs[0]);
    expect(unpacked).toBe(theirs[1]);
    expect(names).toEqual(theirs[2]);
    expectTensor(x2.grad as Tensor, theirs[3] as Tensor);
    expectTensor(w2.grad as Tensor, theirs[4] as Tensor);
  });
});
