// torch.autograd.gradcheck / gradgradcheck and x.data against live PyTorch: the same functions on the
// same inputs give the same verdict, and a failed check the same message (Jacobians printed as PyTorch
// prints them); checkBatchedGrad too (batched gradients through vmap: a pass, a wrong batched gradient,
// a view operator vmap's fallback refuses, and the fallback's warnings, which gradcheck silences); and
// fastMode (random projections from PyTorch's own vectors: whole failure messages, forward mode, complex
// and float32 inputs, and where 1.13's fast mode differs from its slow mode).
import { afterAll, describe, expect, it } from "vitest";
import type { Tensor } from "../lib";
import * as torch from "../lib";
import { expectTensor } from "./helpers/assert";
import { PyTorch } from "./helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());
const { gradcheck, gradgradcheck, GradcheckError } = torch.autograd;
const F = torch.nn.functional;

// [name, torchts function, the same function in Python, input shapes (float64, requiring grad)]
type Case = [string, (...a: Tensor[]) => Tensor | Tensor[], string, number[][]];
const CASES: Case[] = [
  ["sin(x) * x", (x) => x.sin().mul(x), "lambda x: x.sin() * x", [[3, 4]]],
  [
    "matmul",
    (a, b) => a.matmul(b),
    "lambda a, b: a @ b",
    [
      [2, 3],
      [3, 2],
    ],
  ],
  ["two outputs", (x) => [x.exp(), x.sum(0)], "lambda x: (x.exp(), x.sum(0))", [[2, 3]]],
  ["softplus + logsumexp", (x) => F.softplus(x).logsumexp(1), "lambda x: F.softplus(x).logsumexp(1)", [[3, 3]]],
  [
    "linalg.inv",
    (x) => torch.linalg.inv(x.add(torch.eye(3).double().mul(3))),
    "lambda x: torch.linalg.inv(x + 3 * torch.eye(3, dtype=torch.float64))",
    [[3, 3]],
  ],
  ["a non-contiguous input", (x) => x.cos(), "lambda x: x.cos()", [[3, 2]]],
  [
    "conv2d",
    (x, w) => F.conv2d(x, w, null, { stride: 1, padding: 1 }),
    "lambda x, w: F.conv2d(x, w, None, 1, 1)",
    [
      [1, 2, 3, 3],
      [2, 2, 3, 3],
    ],
  ],
];

const PRE =
  "from torch.autograd import gradcheck, gradgradcheck, Function\nfrom torch.autograd.gradcheck import GradcheckError\n";
/** true, or [Python's class name, the whole message] of what fn throws. */
const verdict = (fn: () => unknown): true | [string, string] => {
  try {
    fn();
    return true;
  } catch (e) {
    return [(e as Error).name === "Error" ? "RuntimeError" : (e as Error).name, (e as Error).message];
  }
};
const PY_VERDICT =
  "def verdict(f):\n  try:\n    f()\n    return True\n  except Exception as e:\n    return [type(e).__name__, str(e)]\n";

async function pyVerdict(code: string, inputs: Record<string, unknown>): Promise<unknown> {
  return py.eval(code, inputs);
}

describe("torch.autograd.gradcheck", () => {
  it.each(CASES)("%s: passes as in PyTorch", async (_n, fn, pyFn, shapes) => {
    torch.manualSeed(4);
    const xs = shapes.map((s) => torch.randn(s, { dtype: "float64" }));
    if (_n === "a non-contiguous input") xs[0] = (xs[0] as Tensor).t();
    for (const x of xs) x.requiresGrad_(true);
    const mine = gradcheck(fn, xs);
    const ref = await pyVerdict(
      `from torch.autograd import gradcheck\nxs = [x.requires_grad_() for x in xs]\nout = gradcheck(${pyFn}, xs)`,
      { xs: xs.map((x) => x.detach()) },
    );
    expect(mine).toBe(true);
    expect(ref).toBe(true);
  });

  it("an integer output next to float ones is left out (PyTorch 1.13 raises an IndexError there)", async () => {
    const x = torch.randn([4], { dtype: "float64" }).requiresGrad_(true);
    expect(gradcheck((t: Tensor) => [t.tanh(), t.argmax(), t.exp()], [x])).toBe(true);
    const ref = await py.run(
      "from torch.autograd import gradcheck\ngradcheck(lambda t: (t.tanh(), t.argmax(), t.exp()), [x.requires_grad_()])",
      { x: x.detach() },
    );
    expect(ref.type).toBe("IndexError");
    // Wrong gradients are still found next to an integer output.
    expect(gradcheck((t: Tensor) => [t.argmax(), t.mul(t.detach())], [x], { raiseException: false })).toBe(false);
  });

  it("gradgradcheck passes on the same functions as in PyTorch", async () => {
    for (const [name, fn, pyFn, shapes] of CASES.filter((c) => !["linalg.inv", "conv2d"].includes(c[0]))) {
      torch.manualSeed(5);
      const xs = shapes.map((s) => torch.randn(s, { dtype: "float64" }).requiresGrad_(true));
      const ref = await pyVerdict(
        `from torch.autograd import gradgradcheck\nxs = [x.requires_grad_() for x in xs]\nout = gradgradcheck(${pyFn}, xs)`,
        { xs: xs.map((x) => x.detach()) },
      );
      expect([name, gradgradcheck(fn, xs)]).toEqual([name, ref]);
    }
  });

  it("a wrong gradient: the same GradcheckError text, or false with raiseException: false", async () => {
    torch.manualSeed(6);
    const x = torch.randn([2, 3], { dtype: "float64" }).requiresGrad_(true);
    // x * x.detach(): autograd sees x as a constant on one side, so its gradient is half the true one.
    const fn = (t: Tensor) => t.mul(t.detach());
    let mine = "";
    try {
      gradcheck(fn, [x]);
    } catch (e) {
      expect(e).toBeInstanceOf(GradcheckError);
      mine = (e as Error).message;
    }
    const ref = await py.eval(
      "from torch.autograd.gradcheck import gradcheck, GradcheckError\nx.requires_grad_()\ntry:\n  gradcheck(lambda t: t * t.detach(), [x])\n  out = ''\nexcept GradcheckError as e:\n  out = str(e)",
      { x: x.detach() },
    );
    expect(mine).toBe(ref);
    expect(mine).toMatch(/^Jacobian mismatch for output 0 with respect to input 0,\nnumerical:tensor\(/);
    expect(gradcheck(fn, [x], { raiseException: false })).toBe(false);
  });

  it("a wrong gradient of a complex function: the message names the part, as PyTorch's", async () => {
    torch.manualSeed(7);
    const x = torch.randn([2], { dtype: "float64" }).requiresGrad_(true);
    const fn = (t: Tensor) => torch.complex(t.mul(t.detach()), t);
    let mine = "";
    try {
      gradcheck(fn, [x]);
    } catch (e) {
      mine = (e as Error).message;
    }
    const ref = await py.eval(
      "from torch.autograd.gradcheck import gradcheck, GradcheckError\nx.requires_grad_()\ntry:\n  gradcheck(lambda t: torch.complex(t * t.detach(), t), [x])\n  out = ''\nexcept GradcheckError as e:\n  out = str(e)",
      { x: x.detach() },
    );
    expect(mine).toBe(ref);
    expect(mine).toMatch(/^While considering the real part of complex outputs only, Jacobian mismatch/);
  });

  it("complex inputs and outputs (Wirtinger derivatives) pass as in PyTorch", async () => {
    torch.manualSeed(8);
    const z = torch.randn([3], { dtype: "complex128" }).requiresGrad_(true);
    const fns: Array<[(t: Tensor) => Tensor, string]> = [
      [(t) => t.exp(), "lambda t: t.exp()"],
      [(t) => t.mul(t).abs(), "lambda t: (t * t).abs()"],
      [(t) => t.conj().mul(t.sin()), "lambda t: t.conj() * t.sin()"],
    ];
    for (const [fn, code] of fns) {
      const ref = await py.eval(
        `from torch.autograd import gradcheck\nz.requires_grad_()\nout = gradcheck(${code}, [z])`,
        {
          z: z.detach(),
        },
      );
      expect([code, gradcheck(fn, [z])]).toEqual([code, ref]);
    }
  });

  it("non-tensor arguments pass through; gradgradcheck takes grad_outputs", async () => {
    torch.manualSeed(9);
    const x = torch.randn([3], { dtype: "float64" }).requiresGrad_(true);
    expect(gradcheck((t: Tensor, k: number) => t.pow(k), [x, 3])).toBe(true);
    const g = torch.randn([3], { dtype: "float64" }).requiresGrad_(true);
    expect(gradgradcheck((t: Tensor) => t.pow(3), [x], [g])).toBe(true);
    expect(gradgradcheck((t: Tensor) => t.pow(3), [x], null, { genNonContigGradOutputs: true })).toBe(true);
  });

  it("bad inputs raise PyTorch's errors", async () => {
    const x = torch.randn([3], { dtype: "float64" });
    const refNone = await py.run(
      "from torch.autograd import gradcheck\ngradcheck(lambda t: t.exp(), [torch.randn(3, dtype=torch.float64)])",
    );
    expect(() => gradcheck((t: Tensor) => t.exp(), [x])).toThrow(refNone.error as string);
    expect(refNone.type).toBe("ValueError");
    expect(() => gradcheck((t: Tensor) => t.exp(), [x])).toThrow(torch.ValueError);
    const e = torch.randn([1], { dtype: "float64" }).expand([3]).requiresGrad_(true);
    const refStride = await py.run(
      "from torch.autograd import gradcheck\ngradcheck(lambda t: t.exp(), [torch.randn(1, dtype=torch.float64).expand(3).requires_grad_()])",
    );
    expect(() => gradcheck((t: Tensor) => t.exp(), [e])).toThrow(refStride.error as string);
    // The batched checks' flag checks: gradcheck.py asserts them (Python's AssertionError).
    const refFlags = (await py.eval(
      "from torch.autograd import gradcheck\nx = torch.randn(3, dtype=torch.float64, requires_grad=True)\nout = []\nfor kw in (dict(check_batched_grad=True, check_backward_ad=False, check_forward_ad=True), dict(check_batched_forward_grad=True)):\n  try:\n    gradcheck(lambda t: t, [x], **kw)\n    out.append(None)\n  except AssertionError as e:\n    out.append(str(e))",
    )) as string[];
    const flags = [
      { checkBatchedGrad: true, checkBackwardAd: false, checkForwardAd: true },
      { checkBatchedForwardGrad: true },
    ].map((o) => {
      try {
        gradcheck((t: Tensor) => t, [x.requiresGrad_(true)], o);
        return null;
      } catch (err) {
        expect((err as Error).name).toBe("AssertionError");
        return (err as Error).message;
      }
    });
    expect(flags).toEqual(refFlags);
    expect(refFlags.every((m) => typeof m === "string")).toBe(true);
    expect(() => gradcheck((t: Tensor) => t, [x], { epsilon: 1 } as never)).toThrow(
      "gradcheck() got an unexpected keyword argument 'epsilon'",
    );
  });

  it("a float32 input warns with PyTorch's text", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on("warning", onWarning);
    try {
      const x = torch.randn([2]).requiresGrad_(true);
      gradcheck((t: Tensor) => t.exp(), [x], { eps: 1e-3, atol: 1e-2, rtol: 1e-2 });
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off("warning", onWarning);
    }
    const ref = await py.eval(
      "import warnings\nfrom torch.autograd import gradcheck\nwith warnings.catch_warnings(record=True) as w:\n  warnings.simplefilter('always')\n  gradcheck(lambda t: t.exp(), [torch.randn(2, requires_grad=True)], eps=1e-3, atol=1e-2, rtol=1e-2)\nout = [str(x.message) for x in w]",
    );
    expect(warnings.filter((w) => w.startsWith("Input #0"))).toEqual(ref);
  });
});

// checkBatchedGrad (gradcheck.py's _test_batched_grad): per output, two vector-Jacobian products with
// random grad_outputs (randn_like, the global generator) against the same two in one autograd.grad call
// vmapped over both. Both sides draw the grad_outputs after the same manual_seed, so a failure prints
// the same "Got" and "Expected" tensors.
describe("gradcheck(checkBatchedGrad: true)", () => {
  it.each(CASES)("%s: passes as in PyTorch", async (name, fn, pyFn, shapes) => {
    torch.manualSeed(4);
    const xs = shapes.map((s) => torch.randn(s, { dtype: "float64" }));
    if (name === "a non-contiguous input") xs[0] = (xs[0] as Tensor).t();
    for (const x of xs) x.requiresGrad_(true);
    torch.manualSeed(11);
    const mine = verdict(() => gradcheck(fn, xs, { checkBatchedGrad: true }));
    const ref = await py.eval(
      `${PRE}${PY_VERDICT}xs = [x.requires_grad_() for x in xs]\ntorch.manual_seed(11)\nout = verdict(lambda: gradcheck(${pyFn}, xs, check_batched_grad=True))`,
      { xs: xs.map((x) => x.detach()) },
    );
    expect(mine).toEqual(ref);
    expect(mine).toBe(true);
  });

  it("gradgradcheck(checkBatchedGrad) passes on the same functions as in PyTorch", async () => {
    for (const [name, fn, pyFn, shapes] of CASES.filter((c) => !["linalg.inv", "conv2d"].includes(c[0]))) {
      torch.manualSeed(5);
      const xs = shapes.map((s) => torch.randn(s, { dtype: "float64" }).requiresGrad_(true));
      torch.manualSeed(12);
      const mine = verdict(() => gradgradcheck(fn, xs, null, { checkBatchedGrad: true }));
      const ref = await py.eval(
        `${PRE}${PY_VERDICT}xs = [x.requires_grad_() for x in xs]\ntorch.manual_seed(12)\nout = verdict(lambda: gradgradcheck(${pyFn}, xs, check_batched_grad=True))`,
        { xs: xs.map((x) => x.detach()) },
      );
      expect([name, mine]).toEqual([name, ref]);
      expect(mine).toBe(true);
    }
  });

  it("a backward that depends on grad_output's layout: only the batched check sees it, with PyTorch's message", async () => {
    // The output is a transpose, so randn_like(output) is non-contiguous; the batched grad_outputs are
    // slices of one contiguous stack. A backward that scales a non-contiguous grad_output by 2 passes the
    // Jacobian check (which feeds contiguous one-hot grad_outputs) and fails the batched one.
    class LayoutDependent extends torch.autograd.Function {
      static forward(_ctx: torch.autograd.FunctionCtx, x: Tensor) {
        return x.t();
      }
      static backward(_ctx: torch.autograd.FunctionCtx, g: Tensor) {
        return (g.isContiguous() ? g : g.mul(2)).t();
      }
    }
    const x0 = torch.rand([2, 3], { dtype: "float64" });
    const x = x0.clone().requiresGrad_(true);
    const fn = (t: Tensor) => LayoutDependent.apply(t);
    const mine: unknown[] = [];
    for (const checkBatchedGrad of [false, true]) {
      torch.manualSeed(3);
      mine.push(verdict(() => gradcheck(fn, [x], { checkBatchedGrad })));
    }
    torch.manualSeed(3);
    mine.push(gradcheck(fn, [x], { checkBatchedGrad: true, raiseException: false }));
    const ref = (await py.eval(
      `${PRE}${PY_VERDICT}class LayoutDependent(Function):
  @staticmethod
  def forward(ctx, x):
    return x.t()
  @staticmethod
  def backward(ctx, g):
    return (g if g.is_contiguous() else g * 2).t()
x.requires_grad_()
out = []
for b in (False, True):
  torch.manual_seed(3)
  out.append(verdict(lambda: gradcheck(LayoutDependent.apply, [x], check_batched_grad=b)))
torch.manual_seed(3)
out.append(gradcheck(LayoutDependent.apply, [x], check_batched_grad=True, raise_exception=False))`,
      { x: x0 },
    )) as unknown[];
    expect(mine).toEqual(ref);
    expect(mine[0]).toBe(true);
    expect(
      ((mine[1] as string[])[1] as string).startsWith(
        "For output 0 and input 0:\n\ngradcheck or gradgradcheck failed while testing batched gradient computation.",
      ),
    ).toBe(true);
    expect(mine[2]).toBe(false);
  });

  it("a backward with a view operator that has no batching rule: vmap's fallback refuses it, as in PyTorch", async () => {
    class Swap extends torch.autograd.Function {
      static forward(_ctx: torch.autograd.FunctionCtx, x: Tensor) {
        return x.swapaxes(0, 1).clone();
      }
      static backward(_ctx: torch.autograd.FunctionCtx, g: Tensor) {
        return g.swapaxes(0, 1);
      }
    }
    const x0 = torch.rand([2, 3], { dtype: "float64" });
    const x = x0.clone().requiresGrad_(true);
    const mine = [false, true].map((checkBatchedGrad) =>
      verdict(() => gradcheck((t: Tensor) => Swap.apply(t), [x], { checkBatchedGrad })),
    );
    const ref = (await py.eval(
      `${PRE}${PY_VERDICT}class Swap(Function):
  @staticmethod
  def forward(ctx, x):
    return x.swapaxes(0, 1).clone()
  @staticmethod
  def backward(ctx, g):
    return g.swapaxes(0, 1)
x.requires_grad_()
out = [verdict(lambda: gradcheck(Swap.apply, [x], check_batched_grad=b)) for b in (False, True)]`,
      { x: x0 },
    )) as unknown[];
    expect(mine).toEqual(ref);
    expect(((mine[1] as string[])[1] as string).split("\n")[0]).toBe(
      "While computing batched gradients, got: Batching rule not implemented for aten::swapaxes; the fallback path doesn't work on out= or view ops.",
    );
  });

  it("a backward through vmap's slow fallback passes; gradcheck silences the fallback's warnings, as PyTorch's", async () => {
    // index_select's backward is index_add, which has no batching rule in 1.13: vmap runs it per
    // example and, with the fallback's warnings on, says so. gradcheck filters those warnings out
    // around its vmap; vmapping the same vector-Jacobian product directly shows them.
    const x0 = torch.rand([3, 4], { dtype: "float64" });
    const idx = torch.tensor([0, 2]);
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message.replace(/\s*\(Triggered internally at .*$/s, ""));
    const prevFallback = torch._debugOnlyAreVmapFallbackWarningsEnabled();
    const prevAlways = torch.isWarnAlwaysEnabled();
    const mine: unknown[] = [];
    process.on("warning", onWarning);
    try {
      torch._debugOnlyDisplayVmapFallbackWarnings(true);
      torch.setWarnAlways(true);
      const x = x0.clone().requiresGrad_(true);
      const out = x.indexSelect(0, idx);
      torch.vmap((g: Tensor) => torch.autograd.grad([out], [x], { gradOutputs: [g], retainGraph: true }))(
        torch.randn([2, 2, 4], { dtype: "float64" }),
      );
      await new Promise((r) => setImmediate(r));
      mine.push(warnings.splice(0).filter((w) => w.startsWith("There is a performance drop")));
      mine.push(gradcheck((t: Tensor) => t.indexSelect(0, idx), [x], { checkBatchedGrad: true }));
      await new Promise((r) => setImmediate(r));
      mine.push(warnings.splice(0).filter((w) => w.startsWith("There is a performance drop")));
    } finally {
      process.off("warning", onWarning);
      torch._debugOnlyDisplayVmapFallbackWarnings(prevFallback);
      torch.setWarnAlways(prevAlways);
    }
    const ref = (await py.eval(
      `import warnings, re\nfrom torch._vmap_internals import _vmap\n${PRE}prev = torch._C._debug_only_are_vmap_fallback_warnings_enabled()
torch._C._debug_only_display_vmap_fallback_warnings(True)
fallback = lambda w: [re.sub(r"\\s*\\(Triggered internally at .*$", "", str(m.message), flags=re.S) for m in w if str(m.message).startswith("There is a performance drop")]
try:
  out = []
  x.requires_grad_()
  y = x.index_select(0, idx)
  with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    _vmap(lambda g: torch.autograd.grad([y], [x], [g], retain_graph=True))(torch.randn(2, 2, 4, dtype=torch.float64))
  out.append(fallback(w))
  with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    out.append(gradcheck(lambda t: t.index_select(0, idx), [x], check_batched_grad=True))
  out.append(fallback(w))
finally:
  torch._C._debug_only_display_vmap_fallback_warnings(prev)`,
      { x: x0, idx },
    )) as unknown[];
    expect(mine).toEqual(ref);
    expect((mine[0] as string[]).length).toBeGreaterThan(0);
    expect(mine[2]).toEqual([]);
  });
});

// fastMode (gradcheck.py's _fast_gradcheck): per input a random unit vector u, per output v, drawn on both
// sides from a fresh torch.Generator() (u first, in the default dtype, then cast), so the scalars vᵀ·J·u a
// failure prints are PyTorch's to the digit; so are the full Jacobians recomputed for the message and the
// note that slow mode would have passed. The global random state is left alone.
describe("gradcheck(fastMode: true)", () => {
  const f64 = { dtype: "float64" } as const;

  it.each(CASES)("%s: passes as in PyTorch", async (name, fn, pyFn, shapes) => {
    torch.manualSeed(4);
    const xs = shapes.map((s) => torch.randn(s, f64));
    if (name === "a non-contiguous input") xs[0] = (xs[0] as Tensor).t();
    for (const x of xs) x.requiresGrad_(true);
    const mine = verdict(() => gradcheck(fn, xs, { fastMode: true }));
    const ref = await py.eval(
      `${PRE}${PY_VERDICT}xs = [x.requires_grad_() for x in xs]\nout = verdict(lambda: gradcheck(${pyFn}, xs, fast_mode=True))`,
      { xs: xs.map((x) => x.detach()) },
    );
    expect(mine).toEqual(ref);
    expect(mine).toBe(true);
  });

  it("gradgradcheck(fastMode) passes on the same functions as in PyTorch", async () => {
    for (const [name, fn, pyFn, shapes] of CASES) {
      torch.manualSeed(5);
      const xs = shapes.map((s) => torch.randn(s, f64).requiresGrad_(true));
      const mine = verdict(() => gradgradcheck(fn, xs, null, { fastMode: true }));
      const ref = await py.eval(
        `${PRE}${PY_VERDICT}xs = [x.requires_grad_() for x in xs]\nout = verdict(lambda: gradgradcheck(${pyFn}, xs, fast_mode=True))`,
        { xs: xs.map((x) => x.detach()) },
      );
      expect([name, mine]).toEqual([name, ref]);
      expect(mine).toBe(true);
    }
  });

  it("a wrong gradient: PyTorch's message (vᵀ·J·u, then the slow-mode Jacobians), or false with raiseException: false", async () => {
    torch.manualSeed(6);
    const a0 = torch.randn([2, 3], f64);
    const b0 = torch.randn([3], f64);
    const [a, b] = [a0, b0].map((t) => t.clone().requiresGrad_(true)) as [Tensor, Tensor];
    // The second output's gradient with respect to b is half the true one (b.detach() is a constant).
    const fn = (x: Tensor, y: Tensor) => [x.sin().mul(y), x.sum(0).mul(y).mul(y.detach())];
    const mine = [
      verdict(() => gradcheck(fn, [a, b], { fastMode: true })),
      gradcheck(fn, [a, b], { fastMode: true, raiseException: false }),
    ];
    const ref = await py.eval(
      `${PRE}${PY_VERDICT}fn = lambda x, y: (x.sin() * y, x.sum(0) * y * y.detach())
a.requires_grad_()
b.requires_grad_()
out = [verdict(lambda: gradcheck(fn, [a, b], fast_mode=True)), gradcheck(fn, [a, b], fast_mode=True, raise_exception=False)]`,
      { a: a0, b: b0 },
    );
    expect(mine).toEqual(ref);
    const msg = (mine[0] as string[])[1] as string;
    expect(msg).toMatch(/^Jacobian mismatch for output 1 with respect to input 1,\nnumerical:tensor\(-?\d/);
    expect(msg).toContain(
      "Below, we recompute numerical and analytical jacobians in slow mode:\n\nNumerical:\n tensor([[",
    );
    expect(msg).not.toContain("Fast gradcheck failed");
    expect(mine[1]).toBe(false);
  });

  it("gradgradcheck: a wrong second derivative gives PyTorch's message", async () => {
    // Square's backward uses x.detach(): right first derivatives, second derivatives with respect to x lost.
    class Square extends torch.autograd.Function {
      static forward(ctx: torch.autograd.FunctionCtx, x: Tensor) {
        ctx.saveForBackward(x);
        return x.mul(x);
      }
      static backward(ctx: torch.autograd.FunctionCtx, g: Tensor) {
        const [x] = ctx.savedTensors as Tensor[];
        return g.mul((x as Tensor).detach()).mul(2);
      }
    }
    torch.manualSeed(14);
    const x0 = torch.randn([3], f64);
    const g0 = torch.randn([3], f64);
    const x = x0.clone().requiresGrad_(true);
    const g = g0.clone().requiresGrad_(true);
    const fn = (t: Tensor) => Square.apply(t) as Tensor;
    const mine = [false, true].map((fastMode) => verdict(() => gradgradcheck(fn, [x], [g], { fastMode })));
    const ref = await py.eval(
      `${PRE}${PY_VERDICT}class Square(Function):
  @staticmethod
  def forward(ctx, x):
    ctx.save_for_backward(x)
    return x * x
  @staticmethod
  def backward(ctx, g):
    x, = ctx.saved_tensors
    return g * x.detach() * 2
x.requires_grad_()
g.requires_grad_()
out = [verdict(lambda: gradgradcheck(Square.apply, [x], [g], fast_mode=m)) for m in (False, True)]`,
      { x: x0, g: g0 },
    );
    expect(mine).toEqual(ref);
    for (const m of mine)
      expect(((m as string[])[1] as string).split("\n")[0]).toBe(
        "Jacobian mismatch for output 0 with respect to input 0,",
      );
    expect((mine[1] as string[])[1]).toContain("Below, we recompute numerical and analytical jacobians in slow mode");
  });

  it("a mismatch that slow mode would pass: the message says so (u and v are PyTorch's); the global random state is untouched", async () => {
    // u and v as gradcheck draws them: torch.Generator() at PyTorch's default seed, the input's u first.
    const gen = new torch.Generator();
    const unit = (t: Tensor) => t.div(t.norm());
    const u = unit(torch.rand([2], { generator: gen }).double());
    const v = unit(torch.rand([2], { generator: gen }).double());
    // y = x * w with vᵀ·diag(w)·u = 0, and a backward that scales the first gradient by 1 + 9e-4: within
    // rtol element by element, but vᵀ·J·u is off by 9e-4 where the scaled atol allows about 2e-5.
    const w = v
      .mul(u)
      .reciprocal()
      .mul(torch.tensor([1, -1], f64));
    const scale = torch.tensor([1 + 9e-4, 1], f64);
    const fn = (t: Tensor) => {
      const y = t.mul(w);
      y.registerHook((g) => g.mul(scale));
      return y;
    };
    const x0 = torch.rand([2], f64);
    const x = x0.clone().requiresGrad_(true);
    torch.manualSeed(13);
    // (The hook multiplies: with undefined output gradients PyTorch's gets None, so that check is off.)
    const mine = [false, true].map((fastMode) =>
      verdict(() => gradcheck(fn, [x], { fastMode, checkUndefinedGrad: false })),
    );
    const drawn = torch.rand([3]);
    torch.manualSeed(13);
    expect(drawn.equal(torch.rand([3]))).toBe(true);
    const ref = await py.eval(
      `${PRE}${PY_VERDICT}def fn(t):
  y = t * w
  y.register_hook(lambda g: g * scale)
  return y
x.requires_grad_()
out = [verdict(lambda: gradcheck(fn, [x], fast_mode=m, check_undefined_grad=False)) for m in (False, True)]`,
      { x: x0, w, scale },
    );
    expect(mine).toEqual(ref);
    expect(mine[0]).toBe(true);
    const msg = (mine[1] as string[])[1] as string;
    expect(msg.startsWith("Jacobian mismatch for output 0 with respect to input 0,\n")).toBe(true);
    expect(msg.endsWith("  module_test entry to have `gradcheck_fast_mode=False`")).toBe(true);
    expect(msg).toContain(
      ".\nFast gradcheck failed but element-wise differences are small. This means that the\ntest might've passed in slow_mode!",
    );
  });

  it("complex inputs and outputs: real and imaginary parts checked as in PyTorch, failures with its messages", async () => {
    torch.manualSeed(8);
    const z0 = torch.randn([3], { dtype: "complex128" });
    const x0 = torch.randn([3], f64);
    const z = z0.clone().requiresGrad_(true);
    const x = x0.clone().requiresGrad_(true);
    const cases: Array<[Tensor, (t: Tensor) => Tensor, string]> = [
      [z, (t) => t.exp(), "lambda t: t.exp()"],
      [z, (t) => t.mul(t).abs(), "lambda t: (t * t).abs()"],
      [z, (t) => t.conj().mul(t.sin()), "lambda t: t.conj() * t.sin()"],
      // Wrong gradients: R -> C, C -> R, C -> C.
      [x, (t) => torch.complex(t.mul(t.detach()), t), "lambda t: torch.complex(t * t.detach(), t)"],
      [
        z,
        (t) => t.real.mul(t.imag.detach()).add(t.imag.mul(t.imag)),
        "lambda t: t.real * t.imag.detach() + t.imag * t.imag",
      ],
      [z, (t) => t.mul(t.detach()), "lambda t: t * t.detach()"],
    ];
    const mine = cases.map(([inp, fn]) => verdict(() => gradcheck(fn, [inp], { fastMode: true })));
    const ref = (await py.eval(
      `${PRE}${PY_VERDICT}z.requires_grad_()\nx.requires_grad_()\nout = [${cases
        .map(([inp, , code]) => `verdict(lambda: gradcheck(${code}, [${inp === z ? "z" : "x"}], fast_mode=True))`)
        .join(", ")}]`,
      { z: z0, x: x0 },
    )) as unknown[];
    expect(mine).toEqual(ref);
    expect(mine.slice(0, 3)).toEqual([true, true, true]);
    expect(((mine[3] as string[])[1] as string).split(",")[0]).toBe(
      "While considering the real part of complex outputs only",
    );
    expect(((mine[4] as string[])[1] as string).split(",")[0]).toBe(
      "Jacobian mismatch for output 0 with respect to input 0",
    );
    expect(((mine[5] as string[])[1] as string).split(",")[0]).toBe(
      "While considering the imaginary part of complex outputs only",
    );
  });

  it("forward mode (checkForwardAd): J·u by one forward pass per input; a wrong tangent gives PyTorch's message", async () => {
    class Scaled extends torch.autograd.Function {
      static forward(ctx: torch.autograd.FunctionCtx, a: Tensor, k: number) {
        ctx.k = k;
        return a.mul(2);
      }
      static backward(_ctx: torch.autograd.FunctionCtx, g: Tensor) {
        return [g.mul(2), null];
      }
      static jvp(ctx: torch.autograd.FunctionCtx, t: Tensor, _k: null) {
        return t.mul(ctx.k as number);
      }
    }
    torch.manualSeed(9);
    const x0 = torch.randn([3], f64);
    const y0 = torch.randn([2, 2], f64);
    const z0 = torch.randn([3], { dtype: "complex128" });
    const [x, y, z] = [x0, y0, z0].map((t) => t.clone().requiresGrad_(true)) as [Tensor, Tensor, Tensor];
    const mine: unknown[] = [];
    for (const k of [2, 2.2])
      for (const [a, b] of [
        [x, y],
        [z, y],
        [x, z],
      ] as Array<[Tensor, Tensor]>)
        mine.push(
          verdict(() =>
            gradcheck((p: Tensor, q: Tensor) => [p.sum().add(q), Scaled.apply(q, k) as Tensor], [a, b], {
              checkForwardAd: true,
              fastMode: true,
            }),
          ),
        );
    const ref = (await py.eval(
      `${PRE}${PY_VERDICT}class Scaled(Function):
  @staticmethod
  def forward(ctx, a, k):
    ctx.k = k
    return a * 2
  @staticmethod
  def backward(ctx, g):
    return g * 2, None
  @staticmethod
  def jvp(ctx, t, _k):
    return t * ctx.k
x.requires_grad_()
y.requires_grad_()
z.requires_grad_()
out = [verdict(lambda: gradcheck(lambda p, q: (p.sum() + q, Scaled.apply(q, k)), [a, b], check_forward_ad=True, fast_mode=True))
       for k in (2, 2.2) for a, b in ((x, y), (z, y), (x, z))]`,
      { x: x0, y: y0, z: z0 },
    )) as unknown[];
    expect(mine).toEqual(ref);
    expect(mine.slice(0, 3)).toEqual([true, true, true]);
    expect(((mine[3] as string[])[1] as string).split("\n")[0]).toBe(
      "Jacobian computed with forward mode mismatch for output 1 with respect to input 1,",
    );
    expect(((mine[5] as string[])[1] as string).split(",")[0]).toBe(
      "While considering the imaginary part of complex inputs only",
    );
  });

  it("no differentiable output: J·u must vanish, to within nondetTol in fast mode (exactly in slow mode)", async () => {
    const x0 = torch.rand([3], f64);
    const x = x0.clone().requiresGrad_(true);
    const runs: Array<[(t: Tensor) => unknown, string, number]> = [
      [(t) => t.detach().mul(1e-7), "lambda t: t.detach() * 1e-7", 1e-3],
      [(t) => t.detach().mul(2), "lambda t: t.detach() * 2", 0],
      [() => [], "lambda t: ()", 0],
    ];
    const mine = runs.flatMap(([fn, , tol]) =>
      [false, true].map((fastMode) => verdict(() => gradcheck(fn as never, [x], { fastMode, nondetTol: tol }))),
    );
    const ref = await py.eval(
      `${PRE}${PY_VERDICT}x.requires_grad_()\nout = [verdict(lambda: gradcheck(f, [x], fast_mode=m, nondet_tol=tol)) for f, tol in ((${runs
        .map(([, code, tol]) => `(${code}, ${tol})`)
        .join(", ")})) for m in (False, True)]`,
      { x: x0 },
    );
    expect(mine).toEqual(ref);
    expect(mine).toEqual([
      ["GradcheckError", "Numerical gradient for function expected to be zero"],
      true,
      ["GradcheckError", "Numerical gradient for function expected to be zero"],
      ["GradcheckError", "Numerical gradient for function expected to be zero"],
      true,
      true,
    ]);
  });

  it("float32 inputs: u and v in float32, the message as PyTorch prints it", async () => {
    const x0 = torch.rand([3]);
    const x = x0.clone().requiresGrad_(true);
    const o = { eps: 1e-3, atol: 1e-2, rtol: 1e-2, fastMode: true };
    const mine = [
      verdict(() => gradcheck((t: Tensor) => t.exp(), [x], o)),
      verdict(() => gradcheck((t: Tensor) => t.mul(t.detach()), [x], o)),
    ];
    const ref = await py.eval(
      `import warnings\n${PRE}${PY_VERDICT}x.requires_grad_()
with warnings.catch_warnings():
  warnings.simplefilter("ignore")
  out = [verdict(lambda: gradcheck(f, [x], eps=1e-3, atol=1e-2, rtol=1e-2, fast_mode=True)) for f in (lambda t: t.exp(), lambda t: t * t.detach())]`,
      { x: x0 },
    );
    expect(mine).toEqual(ref);
    expect(mine[0]).toBe(true);
    expect(((mine[1] as string[])[1] as string).split("\n").slice(1, 3)).toEqual([
      expect.stringMatching(/^numerical:tensor\([\d.]+\)$/),
      expect.stringMatching(/^analytical:tensor\([\d.]+\)$/),
    ]);
  });

  it("inputs that do not require grad, non-tensor arguments, an integer output: indices as PyTorch 1.13 counts them", async () => {
    torch.manualSeed(10);
    const [a0, b0, c0] = [[2], [2], [2]].map((s) => torch.randn(s, f64)) as [Tensor, Tensor, Tensor];
    const b = b0.clone().requiresGrad_(true);
    const c = c0.clone().requiresGrad_(true);
    // c * c.detach(): a wrong gradient for the second differentiable output, with respect to c.
    const fn = (p: Tensor, k: number, q: Tensor, r: Tensor) => [p.mul(k).add(q.mul(r)), q.argmax(), r.mul(r.detach())];
    const mine = [false, true].map((fastMode) => verdict(() => gradcheck(fn as never, [a0, 3, b, c], { fastMode })));
    const ref = await py.eval(
      `${PRE}${PY_VERDICT}b.requires_grad_()
c.requires_grad_()
fn = lambda p, k, q, r: (p * k + q * r, q.argmax(), r * r.detach())
out = [verdict(lambda: gradcheck(fn, [a, 3, b, c], fast_mode=m)) for m in (False, True)]`,
      { a: a0, b: b0, c: c0 },
    );
    // Slow mode: 1.13 fails with an IndexError after the integer output (see above), torchts finds the
    // wrong gradient. Fast mode: the same message, whose slow-mode recomputation pairs the second
    // Jacobian with the integer output, as 1.13's does (so its "Numerical" is zeros).
    expect((ref as unknown[])[0]).toEqual(["IndexError", "list index out of range"]);
    expect(mine[1]).toEqual((ref as unknown[])[1]);
    for (const m of mine)
      expect(((m as string[])[1] as string).split("\n")[0]).toBe(
        "Jacobian mismatch for output 1 with respect to input 1,",
      );
    expect((mine[1] as string[])[1]).toContain(
      "Numerical:\n tensor([[0., 0.],\n        [0., 0.]], dtype=torch.float64)",
    );
  });

  it("a non-differentiable output before a complex one: the message counts differentiable outputs, both modes", async () => {
    const x0 = torch.randn([3], f64);
    const x = x0.clone().requiresGrad_(true);
    const fn = (t: Tensor) => [t.detach(), torch.complex(t.mul(t.detach()), t)];
    const mine = [false, true].map((fastMode) => verdict(() => gradcheck(fn, [x], { fastMode })));
    const ref = await py.eval(
      `${PRE}${PY_VERDICT}x.requires_grad_()\nout = [verdict(lambda: gradcheck(lambda t: (t.detach(), torch.complex(t * t.detach(), t)), [x], fast_mode=m)) for m in (False, True)]`,
      { x: x0 },
    );
    expect(mine).toEqual(ref);
    for (const m of mine)
      expect(((m as string[])[1] as string).split("\n")[0]).toBe(
        "While considering the real part of complex outputs only, Jacobian mismatch for output 0 with respect to input 0,",
      );
  });
});

describe("x.data", () => {
  it("has a version counter of its own: changing it does not invalidate a graph that saved x", async () => {
    const x = torch.tensor([1, 2, 3], { dtype: "float64" }).requiresGrad_(true);
    const y = x.mul(x).sum();
    x.data.mul_(2); // PyTorch allows this (the graph silently sees the new values)
    y.backward();
    const ref = await py.eval(
      "x.requires_grad_()\ny = (x * x).sum()\nx.data.mul_(2)\ny.backward()\nout = [x.grad, x.detach()]",
      {
        x: torch.tensor([1, 2, 3], { dtype: "float64" }),
      },
    );
    expectTensor(x.grad as Tensor, (ref as Tensor[])[0]);
    expectTensor(x.detach(), (ref as Tensor[])[1]);
    // detach() shares the version counter, so the same change through it is caught, as in PyTorch.
    const z = x.mul(x).sum();
    x.detach().mul_(2);
    expect(() => z.backward()).toThrow("modified by an inplace operation");
  });

  it("x.data = t replaces the data (shape and dtype too), keeping x a leaf that requires grad", async () => {
    const p = new torch.nn.Parameter(torch.zeros([2, 2]));
    p.data = torch.ones([3]);
    const ref = (await py.eval(
      "p = torch.nn.Parameter(torch.zeros(2, 2))\np.data = torch.ones(3)\nout = [list(p.shape), p.requires_grad, p.is_leaf]",
    )) as unknown[];
    expect([p.shape, p.requiresGrad, p.isLeaf]).toEqual(ref);
    expect(() => {
      (p as unknown as { data: unknown }).data = 3;
    }).toThrow(new TypeError("Variable data has to be a tensor, but got int"));
  });
});
