// Ported from PyTorch's test/test_utils.py (TestCheckpoint) against live PyTorch 1.13: torch.utils.checkpoint's
// checkpoint (reentrant and, with useReentrant: false, the saved-tensor-hooks form) and checkpointSequential,
// with PyTorch's outputs, gradients and errors on the same inputs under the same seeds.
//
// Left out:
// - test_checkpoint_rng_gpu: CUDA-only (no GPU here).
// - test_checkpointing_without_reentrant_early_free: CUDA-only (it measures torch.cuda.memory_allocated).
// - test_get_device_states_recursive, test_infer_device_state_recursive_multi_gpu: multi-GPU, and 2.x (1.13's
//   get_device_states takes the arguments flat, not nested; _infer_device_type does not exist).
// - test_infer_device_state_recursive_meta: _infer_device_type is 2.x.
// - test_checkpoint_preserves_device_context: 2.x (the torch.device context manager) and needs an accelerator.
// Kept, beyond 1.13: checkpointSequential's useReentrant option (2.x's checkpoint_sequential(use_reentrant=);
// 1.13's has none), which torchts has. Its references are 1.13's checkpoint(use_reentrant=False) run on the
// same segments (what 2.x's checkpoint_sequential does), or the uncheckpointed model as upstream.
// test_checkpoint_not_preserve_rng_state_and_without_reentrant runs on the CPU here (upstream needs an
// accelerator only to run on one).

import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../../lib";
import { nn, type Tensor } from "../../lib";
import { expectSameError, expectTensor } from "../helpers/assert";
import { PyTorch } from "../helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());
const { checkpoint, checkpointSequential } = torch.utils.checkpoint;

type Fwd = { forward(x: unknown): unknown };
const gradOf = (t: Tensor) => t.grad as Tensor;

// The six-layer model of test_checkpoint / test_checkpoint_valid, in both libraries.
const makeModel = () =>
  new nn.Sequential(
    new nn.Linear(100, 50),
    new nn.ReLU(),
    new nn.Linear(50, 20),
    new nn.ReLU(),
    new nn.Linear(20, 5),
    new nn.ReLU(),
  );
const PY_MODEL = `nn.Sequential(nn.Linear(100, 50), nn.ReLU(), nn.Linear(50, 20), nn.ReLU(), nn.Linear(20, 5), nn.ReLU())`;

// TestCheckpoint._check_checkpoint_sequential: checkpointSequential on each of `toCompare` gives the
// uncheckpointed model's output, input gradient and parameter gradients.
function checkCheckpointSequential(
  model: nn.Module & { call(x: Tensor): Tensor },
  toCompare: Array<Fwd[] | { children(): Iterable<Fwd> }>,
  numChunks: number,
  input: Tensor,
  useReentrant: boolean,
): { out: Tensor; grads: Record<string, Tensor>; inputGrad: Tensor } {
  const out = model.call(input);
  const outNot = out.detach().clone();
  model.zeroGrad();
  out.sum().backward();
  const gradNot = Object.fromEntries(
    [...model.namedParameters()].map(([n, p]) => [n, (p.grad as Tensor).detach().clone()]),
  );
  const inputGradNot = (input.grad as Tensor).detach().clone();
  for (const m of toCompare) {
    const detached = input.detach();
    detached.requiresGrad = true;
    const o = checkpointSequential(m, numChunks, detached, { useReentrant }) as Tensor;
    const outCk = o.detach().clone();
    model.zeroGrad();
    o.sum().backward();
    const gradCk = Object.fromEntries(
      [...model.namedParameters()].map(([n, p]) => [n, (p.grad as Tensor).detach().clone()]),
    );
    torch.testing.assertClose(outCk, outNot);
    torch.testing.assertClose((detached.grad as Tensor).detach().clone(), inputGradNot);
    expect(Object.keys(gradCk)).toEqual(Object.keys(gradNot));
    for (const name of Object.keys(gradCk)) torch.testing.assertClose(gradCk[name], gradNot[name]);
  }
  return { out: outNot, grads: gradNot, inputGrad: inputGradNot };
}

// The plain model's output and gradients in PyTorch, for the same seed and input.
async function pyPlain(seed: number, input: Tensor, modelCode: string) {
  return (await py.eval(
    `torch.manual_seed(${seed})
model = ${modelCode}
x = x0.clone().requires_grad_()
out = model(x)
out.sum().backward()
out = [out.detach(), dict((n, p.grad) for n, p in model.named_parameters()), x.grad]`,
    { x0: input.detach().clone() },
  )) as [Tensor, Record<string, Tensor>, Tensor];
}

function expectPlain(
  mine: { out: Tensor; grads: Record<string, Tensor>; inputGrad: Tensor },
  ref: [Tensor, Record<string, Tensor>, Tensor],
) {
  const tol = { rtol: 1e-5, atol: 1e-6 };
  expectTensor(mine.out, ref[0], tol, "output");
  // The same parameters in the same order (torchts names them in camelCase: moduleList.0.weight).
  const names = Object.keys(mine.grads);
  expect(names.map((n) => n.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`))).toEqual(Object.keys(ref[1]));
  for (const [i, v] of Object.values(ref[1]).entries())
    expectTensor(mine.grads[names[i] as string] as Tensor, v, tol, names[i]);
  expectTensor(mine.inputGrad, ref[2], tol, "input grad");
}

describe("TestCheckpoint", () => {
  it.each([true, false])("test_checkpoint_trigger (useReentrant %s)", async (useReentrant) => {
    class Net extends nn.Module {
      counter = 0;
      forward(inputVar: Tensor): Tensor {
        this.counter += 1;
        // For reentrant, need to have autograd actually pack a tensor to trigger recomputation.
        return inputVar.mul(torch.tensor(2.0));
      }
    }
    const modules = Array.from({ length: 10 }, () => new Net());
    for (const m of modules) expect(m.counter).toBe(0);
    const inputVar = torch.randn([3, 4], { requiresGrad: true });
    const out = checkpointSequential(modules, 2, inputVar, { useReentrant }) as Tensor;
    expect(modules.map((m) => m.counter)).toEqual(Array(10).fill(1));
    out.sum().backward();
    expect(modules.map((m) => m.counter)).toEqual([...Array(5).fill(2), ...Array(5).fill(1)]);
    // PyTorch's counts on the same segments: 1.13's checkpoint_sequential (reentrant) or its
    // checkpoint(use_reentrant=False) per segment, as 2.x's checkpoint_sequential(use_reentrant=False).
    const ref = await py.eval(
      `import torch.utils.checkpoint as cp
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.counter = 0
    def forward(self, x):
        self.counter += 1
        return x * torch.tensor(2.0)
modules = [Net() for _ in range(10)]
x = torch.randn(3, 4, requires_grad=True)
def seg(a, b):
    def f(t):
        for m in modules[a:b]:
            t = m(t)
        return t
    return f
if reentrant:
    y = cp.checkpoint_sequential(modules, 2, x)
else:
    y = seg(5, 10)(cp.checkpoint(seg(0, 5), x, use_reentrant=False))
after_forward = [m.counter for m in modules]
y.sum().backward()
out = [after_forward, [m.counter for m in modules], x.grad]`,
      { reentrant: useReentrant },
    );
    expect([Array(10).fill(1), modules.map((m) => m.counter)]).toEqual((ref as unknown[]).slice(0, 2));
    // The gradient is 2^10 everywhere, in both.
    expectTensor(inputVar.grad as Tensor, torch.fullLike(inputVar, 1024), {}, "grad");
    expectTensor(torch.fullLike(inputVar, 1024), (ref as unknown[])[2] as Tensor, {}, "PyTorch's grad");
  });

  it("test_checkpoint_valid", async () => {
    torch.manualSeed(0);
    const model = makeModel();
    const inputVar = torch.randn([1, 100], { requiresGrad: true });
    const chunks = 2;
    const modules = [...model.children()] as Fwd[];
    const out = checkpointSequential(modules, chunks, inputVar, { useReentrant: true }) as Tensor;
    // 1.13's words for a reentrant checkpoint under grad() (2.x: "torch.utils.checkpoint is incompatible ...").
    await expectSameError(
      py,
      () => torch.autograd.grad([out], [inputVar], { gradOutputs: [torch.ones([1, 5])], createGraph: true }),
      `import torch.utils.checkpoint as cp
torch.manual_seed(0)
model = ${PY_MODEL}
x = torch.randn(1, 100, requires_grad=True)
out = cp.checkpoint_sequential(list(model.children()), 2, x)
torch.autograd.grad(outputs=[out], grad_outputs=[torch.ones(1, 5)], inputs=[x], create_graph=True)`,
      {},
      /Checkpointing is not compatible/,
    );
    // Works with useReentrant: false, and the gradients are the same.
    const plain = model.call(inputVar);
    const gradsNoCheckpoint = torch.autograd.grad([plain], [inputVar], {
      gradOutputs: [torch.ones([1, 5])],
      createGraph: true,
    });
    const outCheckpoint = checkpointSequential(modules, chunks, inputVar, { useReentrant: false }) as Tensor;
    torch.testing.assertClose(outCheckpoint, plain);
    const gradsCheckpoint = torch.autograd.grad([outCheckpoint], [inputVar], {
      gradOutputs: [torch.ones([1, 5])],
      createGraph: true,
    });
    torch.testing.assertClose(gradsCheckpoint, gradsNoCheckpoint);
    // create_graph: the gradient has a graph of its own (the recomputed one), as the plain model's.
    expect(gradsCheckpoint[0]?.requiresGrad).toBe(gradsNoCheckpoint[0]?.requiresGrad);
    const ref = (await py.eval(
      `import torch.utils.checkpoint as cp
torch.manual_seed(0)
model = ${PY_MODEL}
x = torch.randn(1, 100, requires_grad=True)
mods = list(model.children())
y = cp.checkpoint(lambda t: mods[5](mods[4](mods[3](t))), cp.checkpoint(lambda t: mods[2](mods[1](mods[0](t))), x, use_reentrant=False), use_reentrant=False)
g, = torch.autograd.grad(outputs=[y], grad_outputs=[torch.ones(1, 5)], inputs=[x], create_graph=True)
out = [y.detach(), g.detach(), g.requires_grad]`,
    )) as [Tensor, Tensor, boolean];
    expectTensor(outCheckpoint.detach(), ref[0], { rtol: 1e-5, atol: 1e-6 }, "output");
    expectTensor((gradsCheckpoint[0] as Tensor).detach(), ref[1], { rtol: 1e-5, atol: 1e-6 }, "grad");
    expect(gradsCheckpoint[0]?.requiresGrad).toBe(ref[2]);
  });

  it.each([true, false])("test_checkpoint (useReentrant %s)", async (useReentrant) => {
    torch.manualSeed(1);
    const model = makeModel();
    const input = torch.randn([1, 100], { requiresGrad: true });
    // Compare the uncheckpointed model with its checkpointed counterparts: checkpointSequential on the
    // Sequential and on the list of its children.
    const mine = checkCheckpointSequential(
      model,
      [[...model.children()] as Fwd[], model as unknown as { children(): Iterable<Fwd> }],
      2,
      input,
      useReentrant,
    );
    expectPlain(mine, await pyPlain(1, input, PY_MODEL));
  });

  it.each([true, false])("test_checkpoint_module_list (useReentrant %s)", async (useReentrant) => {
    class ModuleListNet extends nn.Module {
      moduleList = new nn.ModuleList([
        new nn.Linear(100, 50),
        new nn.ReLU(),
        new nn.Linear(50, 20),
        new nn.ReLU(),
        new nn.Linear(20, 5),
        new nn.ReLU(),
      ]);
      forward(input: Tensor): Tensor {
        let x = input;
        for (const layer of this.moduleList) x = (layer as unknown as Fwd).forward(x) as Tensor;
        return x;
      }
    }
    torch.manualSeed(2);
    const model = new ModuleListNet();
    const input = torch.randn([1, 100], { requiresGrad: true });
    const mine = checkCheckpointSequential(
      model,
      [[...model.moduleList.children()] as Fwd[], model.moduleList as unknown as { children(): Iterable<Fwd> }],
      2,
      input,
      useReentrant,
    );
    const ref = (await py.eval(
      `torch.manual_seed(2)
class ModuleListNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.module_list = nn.ModuleList([nn.Linear(100, 50), nn.ReLU(), nn.Linear(50, 20), nn.ReLU(), nn.Linear(20, 5), nn.ReLU()])
    def forward(self, x):
        for layer in self.module_list:
            x = layer(x)
        return x
model = ModuleListNet()
x = x0.clone().requires_grad_()
y = model(x)
y.sum().backward()
out = [y.detach(), dict((n, p.grad) for n, p in model.named_parameters()), x.grad]`,
      { x0: input.detach().clone() },
    )) as [Tensor, Record<string, Tensor>, Tensor];
    expectPlain(mine, ref);
  });

  it("test_checkpoint_sequential_deprecated_multiple_args", async () => {
    class Two extends nn.Module {
      forward(a: Tensor, b: Tensor): [Tensor, Tensor] {
        return [a, b];
      }
    }
    const model = new nn.Sequential(new Two());
    const a = torch.randn([1, 100], { requiresGrad: true });
    const b = torch.randn([1, 100], { requiresGrad: true });
    await expectSameError(
      py,
      // @ts-expect-error: one input tensor only, as PyTorch's checkpoint_sequential since 1.4.
      () => checkpointSequential(model, 1, a, b),
      `import torch.utils.checkpoint as cp
class Two(nn.Module):
    def forward(self, a, b):
        return a, b
cp.checkpoint_sequential(nn.Sequential(Two()), 1, a, b)`,
      { a, b },
    );
  });

  it("test_checkpoint_sequential_deprecated_no_args", async () => {
    class Noop extends nn.Module {
      forward(): void {}
    }
    const model = new nn.Sequential(new Noop());
    await expectSameError(
      py,
      // @ts-expect-error: the input is required.
      () => checkpointSequential(model, 1),
      `import torch.utils.checkpoint as cp
class Noop(nn.Module):
    def forward(self):
        pass
cp.checkpoint_sequential(nn.Sequential(Noop()), 1)`,
    );
  });

  it("test_checkpoint_rng_cpu", async () => {
    torch.manualSeed(3);
    const grads: Tensor[] = [];
    for (let i = 0; i < 5; i++) {
      const inp = torch.randn([20000]).requiresGrad_();
      const phase1 = new nn.Dropout();
      const phase2 = new nn.Dropout();
      const runFn = (input: Tensor) => phase2.call(input);
      const state = torch.getRngState();
      let out = phase1.call(inp);
      out = checkpoint(runFn, out, { useReentrant: true }) as Tensor;
      out.sum().backward();
      const gradWithCheckpointing = inp.grad as Tensor;
      torch.setRngState(state);
      inp.grad = null;
      out = phase1.call(inp);
      out = runFn(out);
      out.sum().backward();
      const gradNoCheckpointing = gradOf(inp);
      torch.testing.assertClose(gradWithCheckpointing, gradNoCheckpointing);
      // Dropout did drop: the masks are not all ones (the test could not fail otherwise).
      expect(gradWithCheckpointing.eq(0).any().item()).toBe(true);
      grads.push(gradWithCheckpointing);
    }
    const ref = (await py.eval(
      `import torch.utils.checkpoint as cp
torch.manual_seed(3)
grads = []
for _ in range(5):
    inp = torch.randn(20000).requires_grad_()
    phase1 = nn.Dropout()
    phase2 = nn.Dropout()
    run_fn = lambda t: phase2(t)
    state = torch.get_rng_state()
    o = cp.checkpoint(run_fn, phase1(inp), use_reentrant=True)
    o.sum().backward()
    grads.append(inp.grad)
    torch.set_rng_state(state)
    inp.grad = None
    run_fn(phase1(inp)).sum().backward()
out = grads`,
    )) as Tensor[];
    for (const [i, g] of grads.entries()) expectTensor(g, ref[i] as Tensor, {}, `grad ${i}`);
  });

  it("test_checkpoint_not_preserve_rng_state_and_without_reentrant (on the CPU)", async () => {
    torch.manualSeed(5);
    const inp = torch.randn([2]).requiresGrad_();
    const layer = new nn.Dropout();
    const runFn = (input: Tensor) => layer.call(input);
    const out = checkpoint(runFn, inp, { useReentrant: false, preserveRngState: false }) as Tensor;
    out.sum().backward();
    // This should run without error; the recomputation draws its own mask, as PyTorch's does.
    const ref = (await py.eval(
      `import torch.utils.checkpoint as cp
torch.manual_seed(5)
inp = torch.randn(2).requires_grad_()
layer = nn.Dropout()
o = cp.checkpoint(lambda t: layer(t), inp, use_reentrant=False, preserve_rng_state=False)
o.sum().backward()
out = [o.detach(), inp.grad, torch.rand(3)]`,
    )) as Tensor[];
    expectTensor(out.detach(), ref[0] as Tensor, {}, "output");
    expectTensor(inp.grad as Tensor, ref[1] as Tensor, {}, "grad");
    // The RNG moved on past both masks, in both.
    expectTensor(torch.rand([3]), ref[2] as Tensor, {}, "next draw");
  });

  it("test_checkpoint_non_tensor", async () => {
    const runFn = (tensor1: Tensor, tensor2: Tensor | null) => (tensor2 === null ? tensor1 : tensor1.add(tensor2));
    const inputVar = torch.randn([1, 100], { requiresGrad: true });
    const out = checkpoint(runFn, inputVar, null, { useReentrant: true }) as Tensor;
    out.sum().backward();
    const ref = (await py.eval(
      `import torch.utils.checkpoint as cp
x = x0.clone().requires_grad_()
o = cp.checkpoint(lambda t1, t2: t1 if t2 is None else t1 + t2, x, None, use_reentrant=True)
o.sum().backward()
out = [o.detach(), x.grad]`,
      { x0: inputVar.detach() },
    )) as Tensor[];
    expectTensor(out.detach(), ref[0] as Tensor, {}, "output");
    expectTensor(inputVar.grad as Tensor, ref[1] as Tensor, {}, "grad");
  });

  it("test_checkpoint_non_tensor_inputs_outputs", async () => {
    const foo = (t1: Tensor, t2: Tensor, scale: number, t3: Tensor) => {
      const t4 = t1.add(t2.mul(t3));
      const t5 = t1.mul(t2).add(t3);
      t4.mul_(scale);
      t5.mul_(scale);
      return [scale, t4, null, true, t5, "bar", t1] as const;
    };
    torch.manualSeed(6);
    const t1 = torch.rand([10], { requiresGrad: true });
    const t2 = torch.rand([10], { requiresGrad: true });
    const t3 = torch.rand([10]);
    const scale = torch.randint(0, 11, []).item() as number;
    const res = checkpoint(foo, t1, t2, scale, t3, { useReentrant: true }) as ReturnType<typeof foo>;
    expect(res[0]).toBe(scale);
    torch.testing.assertClose(res[1], t1.add(t2.mul(t3)).mul(scale));
    expect(res[2]).toBe(null);
    expect(res[3]).toBe(true);
    torch.testing.assertClose(res[4], t1.mul(t2).add(t3).mul(scale));
    expect(res[5]).toBe("bar");
    torch.testing.assertClose(res[6], t1);

    // Validate running backward.
    res[1].sum().backward({ retainGraph: true });
    res[4].sum().backward({ retainGraph: true });
    res[6].sum().backward();
    const code = `import torch.utils.checkpoint as cp
def foo(t1, t2, scale, t3):
    t4 = t1 + t2 * t3
    t5 = t1 * t2 + t3
    t4 *= scale
    t5 *= scale
    return scale, t4, None, True, t5, "bar", t1
t1 = a1.clone().requires_grad_()
t2 = a2.clone().requires_grad_()
res = cp.checkpoint(foo, t1, t2, scale, t3, use_reentrant=True)
res[1].sum().backward(retain_graph=True)
res[4].sum().backward(retain_graph=True)
res[6].sum().backward()`;
    const inputs = { a1: t1.detach().clone(), a2: t2.detach().clone(), scale, t3 };
    const twice = await py.run(`${code}\nres[6].sum().backward()`, inputs);
    expect(twice.error).toMatch(/Trying to backward through the graph a second time/);
    expect(() => res[6].sum().backward()).toThrow(twice.error!.split("\n")[0]!.replace(/^RuntimeError: /, ""));
    const t1Grad = t1.grad as Tensor;
    const t2Grad = t2.grad as Tensor;

    // Reset grads, run without checkpoint and validate we receive same grads.
    t1.grad = null;
    t2.grad = null;
    const plain = foo(t1, t2, scale, t3);
    torch.autograd.backward([plain[1].sum(), plain[4].sum(), plain[6].sum()]);
    torch.testing.assertClose(t1.grad, t1Grad);
    torch.testing.assertClose(t2.grad, t2Grad);

    const ref = (await py.eval(`${code}\nout = [res[0], res[1].detach(), res[4].detach(), t1.grad, t2.grad]`, {
      ...inputs,
    })) as [number, Tensor, Tensor, Tensor, Tensor];
    expect(res[0]).toBe(ref[0]);
    expectTensor(res[1].detach(), ref[1], { rtol: 1e-6 }, "t4");
    expectTensor(res[4].detach(), ref[2], { rtol: 1e-6 }, "t5");
    expectTensor(t1Grad, ref[3], { rtol: 1e-6 }, "t1.grad");
    expectTensor(t2Grad, ref[4], { rtol: 1e-6 }, "t2.grad");
  });

  it("test_checkpoint_no_tensors", async () => {
    const foo = (t1: number, t2: number, scale: number, t3: number) => {
      let t4 = t1 + t2 * t3;
      let t5 = t1 * t2 + t3;
      t4 *= scale;
      t5 *= scale;
      return [scale, t4, null, true, t5, "bar", t1];
    };
    // Python's random.random() / randint(0, 10), drawn here by libtorch under a seed.
    torch.manualSeed(7);
    const [t1, t2, t3] = torch.rand([3], { dtype: "float64" }).toArray() as number[];
    const scale = torch.randint(0, 11, []).item() as number;
    const res = checkpoint(foo, t1, t2, scale, t3, { useReentrant: true }) as unknown[];
    expect(res).toEqual(foo(t1 as number, t2 as number, scale, t3 as number));
    const ref = await py.eval(
      `import torch.utils.checkpoint as cp
def foo(t1, t2, scale, t3):
    t4 = t1 + t2 * t3
    t5 = t1 * t2 + t3
    t4 *= scale
    t5 *= scale
    return scale, t4, None, True, t5, "bar", t1
out = list(cp.checkpoint(foo, t1, t2, scale, t3, use_reentrant=True))`,
      { t1, t2, t3, scale },
    );
    expect(res).toEqual(ref);
  });

  it("test_checkpoint_partial_grad", async () => {
    const runFn = (tensor1: Tensor, tensor2: Tensor) => [tensor1, tensor2]; // tensor2 for other logic
    let inputVar = torch.randn([1, 4], { requiresGrad: true });
    let inputVar2 = torch.randn([1, 4], { requiresGrad: false });
    const out = checkpoint(runFn, inputVar, inputVar2, { useReentrant: true }) as Tensor[];
    (out[0] as Tensor).sum().backward();
    torch.testing.assertClose(inputVar.grad, torch.onesLike(inputVar));

    const runFn2 = (tensor1: Tensor, _tensor2: Tensor) => tensor1;
    inputVar = torch.randn([1, 4], { requiresGrad: false });
    inputVar2 = torch.randn([1, 4], { requiresGrad: true });
    const [x1, x2] = [inputVar, inputVar2];
    await expectSameError(
      py,
      () => (checkpoint(runFn2, x1, x2, { useReentrant: true }) as Tensor).sum().backward(),
      `import torch.utils.checkpoint as cp
cp.checkpoint(lambda t1, t2: t1, x1, x2.requires_grad_(), use_reentrant=True).sum().backward()`,
      { x1, x2: x2.detach() },
      /none of output has requires_grad=True, this checkpoint\(\) is not necessary/,
    );
  });

  // Not an upstream case: checkpoint_sequential calls functions[j](input), so a module's forward hooks run
  // (in the forward and again in the recomputation) and plain functions are steps too.
  it("checkpoint_sequential calls each step: module hooks run, functions allowed", async () => {
    torch.manualSeed(8);
    const lin = new nn.Linear(3, 3);
    let hookCalls = 0;
    lin.registerForwardHook((_m, _i, out) => {
      hookCalls++;
      return (out as Tensor).mul(2);
    });
    const x0 = torch.randn([2, 3]);
    const x = x0.clone().requiresGrad_(true);
    const steps = [lin, (t: unknown) => (t as Tensor).tanh(), new nn.ReLU(), (t: unknown) => (t as Tensor).mul(3)];
    const y = checkpointSequential(steps, 2, x) as Tensor;
    y.sum().backward();
    const ref = (await py.eval(
      `import torch.utils.checkpoint as cp
torch.manual_seed(8)
lin = nn.Linear(3, 3)
calls = [0]
def hook(m, i, o):
    calls[0] += 1
    return o * 2
lin.register_forward_hook(hook)
x = x0.clone().requires_grad_()
y = cp.checkpoint_sequential([lin, torch.tanh, nn.ReLU(), lambda t: t * 3], 2, x)
y.sum().backward()
out = [y.detach(), x.grad, lin.weight.grad, calls[0]]`,
      { x0 },
    )) as [Tensor, Tensor, Tensor, number];
    expectTensor(y.detach(), ref[0], { rtol: 1e-6, atol: 1e-7 }, "output");
    expectTensor(x.grad as Tensor, ref[1], { rtol: 1e-5, atol: 1e-7 }, "x.grad");
    expectTensor(lin.weight.grad as Tensor, ref[2], { rtol: 1e-5, atol: 1e-7 }, "weight.grad");
    expect(hookCalls).toBe(ref[3]);
  });
});
