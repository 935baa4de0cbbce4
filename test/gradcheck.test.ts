// torch.autograd.gradcheck / gradgradcheck and x.data against live PyTorch: the same functions on the
// same inputs give the same verdict, and a failed check the same message (Jacobians printed as PyTorch
// prints them).
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
    expect(() => gradcheck((t: Tensor) => t, [x.requiresGrad_(true)], { checkBatchedGrad: true })).toThrow("vmap");
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
