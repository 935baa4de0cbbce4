// torch.autograd.graph.Node (Tensor.gradFn) against live PyTorch: the graph's shape through
// nextFunctions and name(), one object per node, AccumulateGrad's variable, metadata, and node hooks
// that read and replace gradients, with python_hook.cpp's errors.
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Tensor } from "../lib";
import * as torch from "../lib";
import { expectTensor } from "./helpers/assert";
import { DIST } from "./helpers/paths";
import { PyTorch } from "./helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());

type Desc = [string, Array<[Desc | null, number]>];
const describeNode = (n: torch.autograd.graph.Node): Desc => [
  n.name(),
  n.nextFunctions.map(([next, nr]) => [next === null ? null : describeNode(next), nr]),
];
const PY_DESCRIBE = `
def describe(n):
    return [n.name(), [[None if m is None else describe(m), nr] for m, nr in n.next_functions]]
`;

describe("torch.autograd.graph.Node", () => {
  it("nextFunctions and name() walk the same graph as PyTorch's grad_fn", async () => {
    const a = torch.randn([3, 4]).requiresGrad_(true);
    const b = torch.randn([4]);
    const c = torch.randn([3, 4]).requiresGrad_(true);
    const y = a.mul(b).sin().add(c.t().t()).sum(1).mean();
    const ref = await py.eval(
      `${PY_DESCRIBE}
a.requires_grad_(); c.requires_grad_()
y = (a * b).sin().add(c.t().t()).sum(1).mean()
out = [describe(y.grad_fn), type(y.grad_fn).__name__, y.grad_fn.next_functions[0][0].next_functions[0][0].name()]`,
      { a: a.detach(), b, c: c.detach() },
    );
    const gf = y.gradFn as torch.autograd.graph.Node;
    expect([
      describeNode(gf),
      String(gf).split(" ")[0]!.slice(1),
      gf.nextFunctions[0]![0]!.nextFunctions[0]![0]!.name(),
    ]).toEqual(ref);
    expect(String(gf)).toMatch(/^<MeanBackward0 object at 0x[0-9a-f]+>$/);
    expect(gf).toBeInstanceOf(torch.autograd.graph.Node);
  });

  it("one object per node: y.gradFn === y.gradFn, and a node reached through nextFunctions is the tensor's gradFn", () => {
    const a = torch.randn([2]).requiresGrad_(true);
    const h = a.exp();
    const y = h.mul(2);
    expect(y.gradFn).toBe(y.gradFn);
    expect(y.gradFn!.nextFunctions[0]![0]).toBe(h.gradFn);
    expect(a.gradFn).toBeNull();
    expect(torch.ones([2]).mul(2).gradFn).toBeNull();
  });

  it("AccumulateGrad.variable is the leaf; metadata stays with the node", () => {
    const a = torch.randn([3]).requiresGrad_(true);
    const y = a.mul(a);
    const acc = y.gradFn!.nextFunctions[0]![0]!;
    expect(acc.name()).toBe("torch::autograd::AccumulateGrad");
    const v = acc.variable;
    expect(v.dataPtr()).toBe(a.dataPtr());
    expect(v.requiresGrad).toBe(true);
    expect(() => y.gradFn!.variable).toThrow("'MulBackward0' object has no attribute 'variable'");
    y.gradFn!.metadata.tag = "first";
    expect(y.gradFn!.metadata).toEqual({ tag: "first" });
  });

  it("registerHook: gradInputs and gradOutputs as PyTorch's, a replacement reaches the leaves, remove() stops it", async () => {
    const a0 = torch.randn([3, 2]);
    const w0 = torch.randn([2, 4]);
    const a = a0.clone().requiresGrad_(true);
    const w = w0.clone().requiresGrad_(true);
    const h = a.matmul(w);
    const seen: Array<Array<Tensor | null>> = [];
    h.gradFn!.registerHook((gin, gout) => {
      seen.push(gin, gout);
      return [gin[0]!.mul(3), null];
    });
    const extra = h.gradFn!.registerHook(() => [torch.zeros([3, 2]), null]);
    extra.remove();
    h.tanh().sum().backward();
    const ref = (await py.eval(
      `a.requires_grad_(); w.requires_grad_()
h = a @ w
seen = []
def hook(gin, gout):
    seen.append((gin, gout))
    return (gin[0] * 3, None)
h.grad_fn.register_hook(hook)
h.grad_fn.register_hook(lambda gin, gout: (torch.zeros(3, 2), None)).remove()
h.tanh().sum().backward()
out = [seen[0][0][0], seen[0][0][1], seen[0][1][0], a.grad, w.grad]`,
      { a: a0, w: w0 },
    )) as Array<Tensor | null>;
    expectTensor(seen[0]![0]!, ref[0]!);
    expectTensor(seen[0]![1]!, ref[1]!);
    expectTensor(seen[1]![0]!, ref[2]!);
    expectTensor(a.grad!, ref[3]!);
    expect(w.grad).toBeNull();
    expect(ref[4]).toBeNull();
  });

  it("a hook on a custom Function's node and on AccumulateGrad", async () => {
    class Square extends torch.autograd.Function {
      static forward(ctx: torch.autograd.FunctionCtx, x: Tensor) {
        ctx.saveForBackward(x);
        return x.mul(x);
      }
      static backward(ctx: torch.autograd.FunctionCtx, g: Tensor) {
        return g.mul(2).mul(ctx.savedTensors[0] as Tensor);
      }
    }
    const x0 = torch.randn([4]);
    const x = x0.clone().requiresGrad_(true);
    const y = Square.apply(x) as Tensor;
    y.gradFn!.registerHook((gin) => [gin[0]!.add(1)]);
    const accSeen: Tensor[] = [];
    y.gradFn!.nextFunctions[0]![0]!.registerHook((_gin, gout) => {
      accSeen.push(gout[0]!);
    });
    y.sum().backward();
    const ref = (await py.eval(
      `class Square(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x
    @staticmethod
    def backward(ctx, g):
        return g * 2 * ctx.saved_tensors[0]
x.requires_grad_()
y = Square.apply(x)
y.grad_fn.register_hook(lambda gin, gout: (gin[0] + 1,))
acc_seen = []
y.grad_fn.next_functions[0][0].register_hook(lambda gin, gout: acc_seen.append(gout[0]))
y.sum().backward()
out = [y.grad_fn.name(), x.grad, acc_seen[0]]`,
      { x: x0 },
    )) as [string, Tensor, Tensor];
    expect(y.gradFn!.name()).toBe(ref[0]);
    expectTensor(x.grad!, ref[1]);
    expectTensor(accSeen[0]!, ref[2]);
  });

  it("a custom Function's node is its ctx: savedTensors, needsInputGrad, attributes set in forward or later", async () => {
    class Scale extends torch.autograd.Function {
      static forward(ctx: torch.autograd.FunctionCtx, x: Tensor, k: number) {
        ctx.saveForBackward(x);
        ctx.k = k;
        return x.mul(k);
      }
      static backward(ctx: torch.autograd.FunctionCtx, g: Tensor) {
        return [g.mul(ctx.k as number), null];
      }
    }
    const x0 = torch.randn([3]);
    const x = x0.clone().requiresGrad_(true);
    const y = Scale.apply(x, 2) as Tensor;
    const node = y.gradFn as torch.autograd.graph.FunctionNode;
    const seen = [node.k, node.needsInputGrad, node.savedTensors[0]!.equal(x), node.name(), "k" in node];
    node.k = 5;
    y.sum().backward();
    const ref = (await py.eval(
      `class Scale(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, k):
        ctx.save_for_backward(x)
        ctx.k = k
        return x * k
    @staticmethod
    def backward(ctx, g):
        return g * ctx.k, None
x.requires_grad_()
y = Scale.apply(x, 2)
n = y.grad_fn
seen = [n.k, list(n.needs_input_grad), bool(n.saved_tensors[0].equal(x)), n.name(), hasattr(n, "k")]
n.k = 5
y.sum().backward()
out = [seen, x.grad]`,
      { x: x0 },
    )) as [unknown[], Tensor];
    expect(seen).toEqual(ref[0]);
    expectTensor(x.grad!, ref[1]);
    expect(node).toBe(y.gradFn);
    expect(node).toBeInstanceOf(torch.autograd.graph.Node);
  });

  it("a hook's wrong result ends backward with PyTorch's error", async () => {
    const cases: Array<[string, (g: Array<Tensor | null>) => unknown, string]> = [
      ["count", (g) => [...g, null], "lambda gin, gout: gin + (None,)"],
      ["not a tuple", (g) => g[0], "lambda gin, gout: gin[0]"],
      ["shape", () => [torch.ones([5]), null], "lambda gin, gout: (torch.ones(5), None)"],
      ["dtype", (g) => [g[0]!.double(), null], "lambda gin, gout: (gin[0].double(), None)"],
    ];
    for (const [what, js, pyHook] of cases) {
      const a = torch.randn([3]).requiresGrad_(true);
      const y = a.mul(torch.randn([3]));
      y.gradFn!.registerHook(js as torch.autograd.graph.NodeHook);
      const r = await py.run(`a = torch.randn(3, requires_grad=True)
y = a * torch.randn(3)
y.grad_fn.register_hook(${pyHook})
y.sum().backward()`);
      // The Python hook is a lambda; the JS arrow function has no name either.
      expect(() => y.sum().backward(), what).toThrow(r.error!.split("\n")[0]!.replace(/^\w+: /, ""));
    }
    const b = torch.randn([3]).requiresGrad_(true);
    const z = b.mul(torch.randn([3]));
    z.gradFn!.registerHook((g) => [g[0], torch.ones([3])]);
    const r = await py.run(`b = torch.randn(3, requires_grad=True)
z = b * torch.randn(3)
z.grad_fn.register_hook(lambda gin, gout: (gin[0], torch.ones(3)))
z.sum().backward()`);
    expect(() => z.sum().backward()).toThrow(r.error!.split("\n")[0]!.replace(/^\w+: /, ""));
    const c = torch.randn([3]).requiresGrad_(true);
    const u = c.exp();
    u.gradFn!.registerHook(() => {
      throw new RangeError("from the node hook");
    });
    expect(() => u.sum().backward()).toThrow(new RangeError("from the node hook"));
    expect(() => u.gradFn!.registerHook(3 as never)).toThrow(TypeError);
  });
});

describe("torch.autograd.graph.Node lifetimes (a child process with --expose-gc)", () => {
  it("metadata lives with the native node, a Node object does not keep its graph, a tagged loop stays flat", () => {
    const program = path.join(DIST, "test", "programs", "graph_lifetimes.js");
    const r = spawnSync(process.execPath, ["--expose-gc", program], { encoding: "utf8", timeout: 300_000 });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split("\n").pop()!);
    expect(out).toMatchObject({
      kept: "kept",
      sameDict: true,
      nameWhileAlive: "TanhBackward0",
      gone: "this autograd graph node is gone: its graph was freed",
    });
    // 3,000 graphs whose nodes carry ~80 kB of metadata each: ~240 MB if kept.
    expect(out.heapGrowthMB).toBeLessThan(40);
  }, 320_000);
});

describe("torch.autograd.graph.savedTensorsHooks", () => {
  const PY_HOOKS = `
packed, unpacked = [], []
def pack(t):
    packed.append(t.detach().clone())
    return t * 2
def unpack(p):
    unpacked.append(p.detach().clone())
    return p
`;
  it("pack and unpack see what PyTorch's see; what pack returns is what backward uses", async () => {
    const a0 = torch.randn([3, 4]);
    const b0 = torch.randn([4, 2]);
    const a = a0.clone().requiresGrad_(true);
    const b = b0.clone().requiresGrad_(true);
    const packed: Tensor[] = [];
    const unpacked: Tensor[] = [];
    const y = torch.autograd.graph.savedTensorsHooks(
      (t) => {
        packed.push(t.detach().clone());
        return t.mul(2);
      },
      (p: Tensor) => {
        unpacked.push(p.detach().clone());
        return p;
      },
      () => a.matmul(b).sin().sum(),
    );
    expect(unpacked.length).toBe(0);
    y.backward();
    const ref = (await py.eval(
      `${PY_HOOKS}
a.requires_grad_(); b.requires_grad_()
with torch.autograd.graph.saved_tensors_hooks(pack, unpack):
    y = (a @ b).sin().sum()
n_unpacked_before = len(unpacked)
y.backward()
out = [packed, unpacked, a.grad, b.grad, n_unpacked_before]`,
      { a: a0, b: b0 },
    )) as [Tensor[], Tensor[], Tensor, Tensor, number];
    expect(packed.length).toBe(ref[0].length);
    for (const [i, t] of packed.entries()) expectTensor(t, ref[0][i]!);
    expect(unpacked.length).toBe(ref[1].length);
    for (const [i, t] of unpacked.entries()) expectTensor(t, ref[1][i]!);
    expectTensor(a.grad!, ref[2]);
    expectTensor(b.grad!, ref[3]);
    expect(ref[4]).toBe(0);
  });

  it("the innermost hooks apply; none after exit; using-style handles; retain_graph unpacks again", () => {
    const x = torch.randn([5]).requiresGrad_(true);
    const log: string[] = [];
    const outer = torch.autograd.graph.savedTensorsHooks(
      (t) => {
        log.push("outer pack");
        return t;
      },
      (t: Tensor) => {
        log.push("outer unpack");
        return t;
      },
    );
    const y = torch.autograd.graph.savedTensorsHooks(
      (t) => {
        log.push("inner pack");
        return t;
      },
      (t: Tensor) => {
        log.push("inner unpack");
        return t;
      },
      () => x.exp(),
    );
    const z = x.sin();
    outer.exit();
    const w = x.cos();
    expect(log).toEqual(["inner pack", "outer pack"]);
    y.sum().backward({ retainGraph: true }); // loss.backward(retain_graph=True)
    y.sum().backward();
    z.sum().backward();
    w.sum().backward();
    expect(log).toEqual(["inner pack", "outer pack", "inner unpack", "inner unpack", "outer unpack"]);
  });

  it("errors: a non-tensor from unpack, a pack hook writing its input in place, hooks while disabled", async () => {
    const x = torch.randn([3]).requiresGrad_(true);
    const y = torch.autograd.graph.savedTensorsHooks(
      (t) => t,
      () => 3 as never,
      () => x.mul(x),
    );
    const r1 = await py.run(`x = torch.randn(3, requires_grad=True)
with torch.autograd.graph.saved_tensors_hooks(lambda t: t, lambda p: 3):
    y = x * x
y.sum().backward()`);
    expect(() => y.sum().backward()).toThrow(new TypeError(r1.error!.split("\n")[0]!.replace(/^TypeError: /, "")));
    const r2 = await py.run(`x = torch.randn(3, requires_grad=True)
with torch.autograd.graph.saved_tensors_hooks(lambda t: t.add_(1), lambda p: p):
    y = x.pow(2)`);
    const x2 = torch.randn([3]).requiresGrad_(true);
    expect(() =>
      torch.autograd.graph.savedTensorsHooks(
        (t) => t.add_(1),
        (p: Tensor) => p,
        () => x2.pow(2),
      ),
    ).toThrow(r2.error!.split("\n")[0]!.replace(/^RuntimeError: /, ""));
    const r3 = await py.run(`with torch.autograd.graph.disable_saved_tensors_hooks("no hooks here"):
    with torch.autograd.graph.saved_tensors_hooks(lambda t: t, lambda p: p):
        pass`);
    expect(() =>
      torch.autograd.graph.disableSavedTensorsHooks("no hooks here", () =>
        torch.autograd.graph.savedTensorsHooks(
          (t) => t,
          (p: Tensor) => p,
          () => 0,
        ),
      ),
    ).toThrow(r3.error!.split("\n")[0]!.replace(/^RuntimeError: /, ""));
    // Enabled again afterwards.
    expect(
      torch.autograd.graph.savedTensorsHooks(
        (t) => t,
        (p: Tensor) => p,
        () => 1,
      ),
    ).toBe(1);
  });

  it("saveOnCpu: the same gradients as PyTorch's save_on_cpu", async () => {
    const a0 = torch.randn([4, 4]);
    const a = a0.clone().requiresGrad_(true);
    const y = torch.autograd.graph.saveOnCpu(() => a.matmul(a).tanh().sum());
    y.backward();
    const ref = (await py.eval(
      `a.requires_grad_()
with torch.autograd.graph.save_on_cpu():
    y = (a @ a).tanh().sum()
y.backward()
out = a.grad`,
      { a: a0 },
    )) as Tensor;
    expectTensor(a.grad!, ref);
  });
});
