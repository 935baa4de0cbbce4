// Ported from PyTorch 1.13's test/test_torch.py (TestTorchDeviceType as instantiated on the CPU): the cases
// test/upstream/test_torch.test.ts does not port, named after the upstream test (test_<name>_cpu[_<dtype>]).
// Every case runs upstream's statements in torchts and, on the same inputs, in live PyTorch 1.13, and compares
// what upstream checks: values (dtype, shape, elements), strides and is_contiguous(memory_format=...) flags,
// warnings, or the error class and first message line. Inputs travel to PyTorch as contiguous bytes, so PyTorch's
// side rebuilds the layout (x.contiguous(memory_format=...), permutes) with upstream's own statements. Where
// upstream asserts a property (a flag is True, strides are equal, a gradient is finite), the assertion is ported
// as it is besides the comparison with PyTorch.
// Adapted:
// - test_memory_format_operators: each lambda of upstream's list as a torchts call and, for PyTorch, upstream's
//   Python source of it; `abs(x)` (Python's builtin) as x.abs().
// - _test_memory_format_transformations' random permutations: drawn here with a fixed seed and replayed in PyTorch.
// - test_gather_backward_one_dim / _deterministic_path: upstream's Python loop (expected[idx[i]] += weight[i]) runs
//   in live PyTorch on torchts's src, idx and weight; torchts's gradient must equal it exactly, as upstream asserts.
// - test_copy_math_view: without `dst._neg_view().copy_(dst)` (pytorch#106051, fixed after 1.13: 1.13.1 gives
//   -src there, later releases src).
// - test_cdist_euclidean_large: the backward's gradients compared with PyTorch's on the same inputs.
// Left out: test_memory_format_type_shortcuts (torchts's x.byte(), x.half(), ... take no memory_format),
// test_cdist_large_batch (slowTest upstream), and what test/upstream/test_torch.test.ts's header lists.
// Found and fixed here: Tensor.clone took no memory format (Python's x.clone(memory_format=...)); it now does,
// preserve_format by default as before.
import * as assert from "node:assert/strict";
import { afterAll, describe, it } from "vitest";
import type { Tensor } from "../../lib";
import * as torch from "../../lib";
import { expectSame, expectSameWarnings, expectTensor, type Out } from "../helpers/assert";
import { PyTorch, type PyValue } from "../helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());

// biome-ignore lint/suspicious/noExplicitAny: Tensor methods called by name, as upstream's lambdas call them
const M = (x: Tensor) => x as unknown as Record<string, (...a: any[]) => any>;
// biome-ignore lint/suspicious/noExplicitAny: torch.ops.aten, as upstream's torch._neg_view / Tensor._neg_view
const aten = (torch as unknown as { ops: { aten: Record<string, (...a: any[]) => any> } }).ops.aten;

type MF = "channelsLast" | "channelsLast3d" | "contiguousFormat" | "preserveFormat";
const PY_MF: Record<MF, string> = {
  channelsLast: "torch.channels_last",
  channelsLast3d: "torch.channels_last_3d",
  contiguousFormat: "torch.contiguous_format",
  preserveFormat: "torch.preserve_format",
};

/** torchts's results equal what PyTorch's `code` (which assigns `out`) gives on the same inputs. */
async function same(mine: Out, code: string, inputs: Record<string, unknown> = {}, what = code): Promise<PyValue> {
  const ref = await py.eval(code, inputs);
  expectSame(mine, ref, what);
  return ref;
}

// A fixed-seed generator for upstream's random.shuffle / random.randint draws.
let state = 4321;
function randrange(n: number): number {
  state = (state * 1103515245 + 12345) % 2 ** 31;
  return state % n;
}
const randint = (lo: number, hi: number) => lo + randrange(hi - lo + 1);
function shuffle<T>(a: T[]): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = randrange(i + 1);
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}

describe("TestTorchDeviceType", () => {
  it("test_memory_format_preserved_after_permute_cpu", async () => {
    const x = torch.randn([4, 3, 8, 8]);
    const nhwc = x.contiguous({ memoryFormat: "channelsLast" });
    const y = nhwc.permute(0, 1, 3, 2).permute(0, 1, 3, 2);
    const x3 = torch.randn([4, 3, 8, 8, 8]);
    const ndhwc = x3.contiguous({ memoryFormat: "channelsLast3d" });
    const y3 = ndhwc.permute(0, 1, 4, 3, 2).permute(0, 1, 4, 3, 2);
    const flags = [
      y.isContiguous({ memoryFormat: "channelsLast" }),
      y3.isContiguous({ memoryFormat: "channelsLast3d" }),
    ];
    await same(
      flags,
      `nhwc = x.contiguous(memory_format=torch.channels_last)
y = nhwc.permute(0, 1, 3, 2).permute(0, 1, 3, 2)
ndhwc = x3.contiguous(memory_format=torch.channels_last_3d)
y3 = ndhwc.permute(0, 1, 4, 3, 2).permute(0, 1, 4, 3, 2)
out = [y.is_contiguous(memory_format=torch.channels_last), y3.is_contiguous(memory_format=torch.channels_last_3d)]`,
      { x, x3 },
    );
    assert.deepEqual(flags, [true, true]);
    expectTensor(y, x);
  });

  it("test_memory_format_propagation_rules_cpu", async () => {
    const contiguous0 = torch.rand([10, 3, 5, 5]);
    const cl0 = torch.rand([10, 3, 5, 5]);
    const amb0 = torch.rand([10, 3, 1, 1]);
    const bias0 = torch.rand([1, 1, 1, 1]);
    const b3 = [torch.rand([3, 1, 1]), torch.rand([3, 1, 1])];
    const flags: boolean[] = [];
    const strides: number[][] = [];
    let cl = cl0.contiguous({ memoryFormat: "channelsLast" });
    let ambiguous = amb0.contiguous({ memoryFormat: "channelsLast" });
    let bias = bias0.contiguous({ memoryFormat: "channelsLast" });
    flags.push(ambiguous.isContiguous({ memoryFormat: "channelsLast" }), ambiguous.isContiguous());
    const rules = (contiguous: Tensor, cl: Tensor, ambiguous: Tensor, bias: Tensor) => {
      const options: [Tensor, Tensor, MF][] = [
        [ambiguous, contiguous, "contiguousFormat"],
        [ambiguous, cl, "channelsLast"],
        [contiguous, ambiguous, "contiguousFormat"],
        [contiguous, cl, "contiguousFormat"],
        [cl, ambiguous, "channelsLast"],
        [cl, contiguous, "channelsLast"],
        [bias, cl, "channelsLast"],
        [cl, bias, "channelsLast"],
      ];
      for (const [a, b, mf] of options) flags.push(a.add(b).isContiguous({ memoryFormat: mf }));
    };
    rules(contiguous0, cl, ambiguous, bias);
    cl = cl.to({ memoryFormat: "channelsLast" });
    ambiguous = ambiguous.to({ memoryFormat: "channelsLast" });
    bias = bias.to({ memoryFormat: "channelsLast" });
    rules(contiguous0, cl, ambiguous, bias);
    for (const [k, mf] of (["channelsLast", "contiguousFormat"] as MF[]).entries()) {
      const amb = amb0.to({ memoryFormat: mf });
      const bias3 = b3[k] as Tensor;
      strides.push(amb.stride(), amb.add(bias3).stride(), bias3.add(amb).stride(), amb.mul(5).stride());
    }
    await same(
      [flags, strides],
      `flags = []
strides = []
cl = cl0.contiguous(memory_format=torch.channels_last)
ambiguous = amb0.contiguous(memory_format=torch.channels_last)
bias = bias0.contiguous(memory_format=torch.channels_last)
flags += [ambiguous.is_contiguous(memory_format=torch.channels_last), ambiguous.is_contiguous(memory_format=torch.contiguous_format)]
def rules(contiguous, cl, ambiguous, bias):
    options = ((ambiguous, contiguous, torch.contiguous_format),
               (ambiguous, cl, torch.channels_last),
               (contiguous, ambiguous, torch.contiguous_format),
               (contiguous, cl, torch.contiguous_format),
               (cl, ambiguous, torch.channels_last),
               (cl, contiguous, torch.channels_last),
               (bias, cl, torch.channels_last),
               (cl, bias, torch.channels_last),)
    for a, b, mf in options:
        flags.append((a + b).is_contiguous(memory_format=mf))
rules(contiguous0, cl, ambiguous, bias)
cl = cl.to(memory_format=torch.channels_last)
ambiguous = ambiguous.to(memory_format=torch.channels_last)
bias = bias.to(memory_format=torch.channels_last)
rules(contiguous0, cl, ambiguous, bias)
for k, mf in enumerate((torch.channels_last, torch.contiguous_format)):
    amb = amb0.to(memory_format=mf)
    bias3 = b3[k]
    strides += [list(amb.stride()), list((amb + bias3).stride()), list((bias3 + amb).stride()), list((amb * 5).stride())]
out = [flags, strides]`,
      { contiguous0, cl0, amb0, bias0, b3 },
    );
    assert.ok(flags.every((f) => f));
    for (let i = 0; i < strides.length; i += 4) {
      for (let j = 1; j < 4; j++) assert.deepEqual(strides[i + j], strides[i]);
    }
  });

  it("test_memory_format_empty_like_cpu", async () => {
    const flags: boolean[] = [];
    const errors: string[] = [];
    const helper = (x: Tensor, mf: MF) => {
      const xc = x.contiguous({ memoryFormat: mf });
      const f = (t: Tensor) => flags.push(t.isContiguous(), t.isContiguous({ memoryFormat: mf }));
      f(torch.emptyLike(xc, { memoryFormat: "preserveFormat" }));
      f(torch.emptyLike(x, { memoryFormat: "preserveFormat" }));
      f(torch.emptyLike(x, { memoryFormat: mf }));
      f(torch.emptyLike(xc, { memoryFormat: "contiguousFormat" }));
      f(torch.emptyLike(xc));
      const sparse = x.toSparse();
      try {
        torch.emptyLike(sparse, { memoryFormat: "preserveFormat" });
        errors.push("no error");
      } catch (e) {
        errors.push((e as Error).message.split("\n")[0] as string);
      }
    };
    const x = torch.randn([4, 3, 8, 8]);
    const x3 = torch.randn([4, 3, 8, 8, 8]);
    helper(x, "channelsLast");
    helper(x3, "channelsLast3d");
    await same(
      [flags, errors],
      `flags = []
errors = []
def helper(x, mf):
    xc = x.contiguous(memory_format=mf)
    def f(t):
        flags.extend([t.is_contiguous(), t.is_contiguous(memory_format=mf)])
    f(torch.empty_like(xc, memory_format=torch.preserve_format))
    f(torch.empty_like(x, memory_format=torch.preserve_format))
    f(torch.empty_like(x, memory_format=mf))
    f(torch.empty_like(xc, memory_format=torch.contiguous_format))
    f(torch.empty_like(xc))
    sparse = x.to_sparse()
    try:
        torch.empty_like(sparse, memory_format=torch.preserve_format)
        errors.append("no error")
    except RuntimeError as e:
        errors.append(str(e).split("\\n")[0])
helper(x, torch.channels_last)
helper(x3, torch.channels_last_3d)
out = [flags, errors]`,
      { x, x3 },
    );
    // upstream's expectations: like(xc, preserve), like(x, mf) and like(xc) are in mf; the others contiguous
    const expected = [false, true, true, false, false, true, true, false, false, true];
    assert.deepEqual(flags, [...expected, ...expected]);
  });

  it("test_memory_format_consistency_cpu", async () => {
    const x = torch.randn([10, 3, 1, 1]);
    const xRep = x.asStrided(x.shape, x.stride());
    const props = (t: Tensor) => [
      t.shape,
      t.stride(),
      t.isContiguous(),
      t.isContiguous({ memoryFormat: "channelsLast" }),
      t.isContiguous({ memoryFormat: "channelsLast3d" }),
    ];
    await same(
      [props(x), props(xRep)],
      `x_rep = x.as_strided(x.size(), x.stride())
props = lambda t: [list(t.shape), list(t.stride()), t.is_contiguous(), t.is_contiguous(memory_format=torch.channels_last), t.is_contiguous(memory_format=torch.channels_last_3d)]
out = [props(x), props(x_rep)]`,
      { x },
    );
    assert.deepEqual(props(xRep), props(x));
  });

  // upstream's fns / bias_fns / return_contig_fns: torchts's call and upstream's Python source
  type Op = [(x: Tensor, y: Tensor) => Tensor, string];
  const m = M;
  const fns: Op[] = [
    [(x) => x.clone(), "x.clone()"],
    [(x) => x.add(3), "x + 3"],
    [(x) => x.mul(3), "3 * x"],
    [(x, y) => x.add(y), "x + y"],
    [(x, y) => x.mul(y), "x * y"],
    [(x) => x.abs(), "abs(x)"],
    [(x) => x.abs(), "x.abs()"],
    [(x) => m(x).abs_(), "x.abs_()"],
    [(x) => m(x).acos(), "x.acos()"],
    [(x) => m(x).acos_(), "x.acos_()"],
    [(x, y) => x.add(y, { alpha: 3 }), "x.add(y, alpha=3)"],
    [(x, y) => x.add_(y, { alpha: 3 }), "x.add_(y, alpha=3)"],
    [(x, y) => x.addcdiv(y, y, { value: 2 }), "x.addcdiv(y, y, value=2)"],
    [(x, y) => m(x).addcdiv_(y, y, { value: 2 }), "x.addcdiv_(y, y, value=2)"],
    [(x, y) => x.addcmul(y, y, { value: 2 }), "x.addcmul(y, y, value=2)"],
    [(x, y) => m(x).addcmul_(y, y, { value: 2 }), "x.addcmul_(y, y, value=2)"],
    [(x) => m(x).acosh(), "x.acosh()"],
    [(x) => m(x).acosh_(), "x.acosh_()"],
    [(x) => m(x).asinh(), "x.asinh()"],
    [(x) => m(x).asinh_(), "x.asinh_()"],
    [(x) => m(x).atanh(), "x.atanh()"],
    [(x) => m(x).atanh_(), "x.atanh_()"],
    [(x) => m(x).asin(), "x.asin()"],
    [(x) => m(x).asin_(), "x.asin_()"],
    [(x) => m(x).atan(), "x.atan()"],
    [(x, y) => m(x).atan2(y), "x.atan2(y)"],
    [(x, y) => m(x).atan2_(y), "x.atan2_(y)"],
    [(x) => m(x).ceil(), "x.ceil()"],
    [(x) => m(x).ceil_(), "x.ceil_()"],
    [(x) => x.clamp(-1, 1), "x.clamp(-1, 1)"],
    [(x) => m(x).cos(), "x.cos()"],
    [(x) => m(x).cosh(), "x.cosh()"],
    [(x) => x.div(0.5), "x.div(0.5)"],
    [(x) => x.div_(0.5), "x.div_(0.5)"],
    [(x, y) => x.div(y), "x.div(y)"],
    [(x, y) => x.div_(y), "x.div_(y)"],
    [(x) => m(x).digamma(), "x.digamma()"],
    [(x) => m(x).digamma_(), "x.digamma_()"],
    [(x) => m(x).erf(), "x.erf()"],
    [(x) => m(x).erfc(), "x.erfc()"],
    [(x) => m(x).erfinv(), "x.erfinv()"],
    [(x) => m(x).erfinv_(), "x.erfinv_()"],
    [(x) => m(x).exp(), "x.exp()"],
    [(x) => m(x).expm1(), "x.expm1()"],
    [(x) => m(x).expm1_(), "x.expm1_()"],
    [(x) => m(x).floor(), "x.floor()"],
    [(x) => m(x).floor_(), "x.floor_()"],
    [(x) => x.fmod(2), "x.fmod(2)"],
    [(x) => m(x).frac(), "x.frac()"],
    [(x, y) => m(x).hypot(y), "x.hypot(y)"],
    [(x, y) => m(x).hypot_(y), "x.hypot_(y)"],
    [(x) => m(x).i0(), "x.i0()"],
    [(x) => m(x).i0_(), "x.i0_()"],
    [(x, y) => x.lerp(y, 0.5), "x.lerp(y, 0.5)"],
    [(x) => m(x).log(), "x.log()"],
    [(x) => m(x).log_(), "x.log_()"],
    [(x) => m(x).log10(), "x.log10()"],
    [(x) => m(x).log10_(), "x.log10_()"],
    [(x) => m(x).log1p(), "x.log1p()"],
    [(x) => m(x).log1p_(), "x.log1p_()"],
    [(x) => m(x).log2(), "x.log2()"],
    [(x) => m(x).log2_(), "x.log2_()"],
    [(x) => x.mul(3), "x.mul(3)"],
    [(x) => m(x).mul_(3), "x.mul_(3)"],
    [(x) => m(x).neg(), "x.neg()"],
    [(x) => m(x).neg_(), "x.neg_()"],
    [(x) => x.pow(3), "x.pow(3)"],
    [(x) => m(x).pow_(3), "x.pow_(3)"],
    [(x) => x.pow(0), "x.pow(0.0)"],
    [(x) => x.pow(1), "x.pow(1.0)"],
    [(x) => m(x).reciprocal(), "x.reciprocal()"],
    [(x) => x.remainder(2), "x.remainder(2)"],
    [(x) => m(x).round(), "x.round()"],
    [(x) => m(x).round_(), "x.round_()"],
    [(x) => m(x).rsqrt(), "x.rsqrt()"],
    [(x) => m(x).rsqrt_(), "x.rsqrt_()"],
    [(x) => m(x).sigmoid(), "x.sigmoid()"],
    [(x) => m(x).sigmoid_(), "x.sigmoid_()"],
    [(x) => m(x).logit(), "x.logit()"],
    [(x) => m(x).logit_(), "x.logit_()"],
    [(x) => m(x).logit(1e-6), "x.logit(1e-6)"],
    [(x) => m(x).logit_(1e-6), "x.logit_(1e-6)"],
    [(x) => m(x).sign(), "x.sign()"],
    [(x) => m(x).sign_(), "x.sign_()"],
    [(x) => m(x).sgn(), "x.sgn()"],
    [(x) => m(x).sgn_(), "x.sgn_()"],
    [(x) => m(x).sin(), "x.sin()"],
    [(x) => m(x).sin_(), "x.sin_()"],
    [(x) => m(x).sinh(), "x.sinh()"],
    [(x) => m(x).sinh_(), "x.sinh_()"],
    [(x) => m(x).sqrt(), "x.sqrt()"],
    [(x) => m(x).sqrt_(), "x.sqrt_()"],
    [(x) => m(x).tan(), "x.tan()"],
    [(x) => m(x).tanh(), "x.tanh()"],
    [(x) => m(x).trunc(), "x.trunc()"],
    [(x) => m(x).trunc_(), "x.trunc_()"],
    [
      (x) => {
        const [x1, x2] = x.chunk(2, 1);
        return (x1 as Tensor).add(x2 as Tensor);
      },
      "(lambda x1, x2: x1 + x2)(*x.chunk(2, dim=1))",
    ],
    [(x) => x.index(0).unsqueeze(0).add(3), "x[0].unsqueeze(0) + 3"],
    [(x) => x.index(0).unsqueeze(0).clone(), "x[0].unsqueeze(0).clone()"],
  ];
  const biasFns: Op[] = [
    [(x, b) => x.add(b), "x + b"],
    [(x, b) => b.add(x), "b + x"],
  ];
  const returnContigFns: Op[] = [
    [(x, y) => y.add(x), "y + x"],
    [(x, y) => y.mul(x), "y * x"],
    [(x, y) => y.addcdiv(x, y, { value: 2 }), "y.addcdiv(x, y, value=2)"],
    [(x, y) => y.addcmul(x, y, { value: 2 }), "y.addcmul(x, y, value=2)"],
  ];

  it("test_memory_format_operators_cpu", async () => {
    for (const [mf, shape, bshape] of [
      ["channelsLast", [4, 3, 8, 8], [1, 3, 1, 1]],
      ["channelsLast3d", [4, 3, 8, 8, 8], [1, 3, 1, 1, 1]],
    ] as [MF, number[], number[]][]) {
      const x0 = torch.randn(shape);
      const y0 = torch.randn(shape);
      const b0 = torch.randn(bshape);
      const x = x0.contiguous({ memoryFormat: mf });
      const y = y0.abs().add(1);
      const bias = b0.contiguous({ memoryFormat: mf });
      const [xC, yC, bC] = [x.contiguous(), y.contiguous(), bias.contiguous()];
      const mine: Out[] = [];
      const run = (list: Op[], second: Tensor, secondC: Tensor, fmt: MF) => {
        for (const [f, src] of list) {
          const inplace = src.includes("_(");
          const resultC = f(inplace ? xC.clone() : xC, secondC);
          const result = f(inplace ? x.clone() : x, second);
          expectTensor(result, resultC, { rtol: 1e-6, atol: 1e-6 }, src);
          mine.push([result, result.isContiguous({ memoryFormat: fmt })]);
        }
      };
      run(fns, y, yC, mf);
      run(biasFns, bias, bC, mf);
      run(returnContigFns, y, yC, "contiguousFormat");
      const ref = (await py.eval(
        `mf = ${PY_MF[mf]}
x = x0.contiguous(memory_format=mf)
y = abs(y0) + 1
bias = b0.contiguous(memory_format=mf)
x_c, y_c, b_c = x.contiguous(), y.contiguous(), bias.contiguous()
out = []
def run(srcs, second, fmt):
    for src in srcs:
        f = eval("lambda x, y, b=None: " + src.replace("b + x", "y + x").replace("x + b", "x + y"))
        inplace = '_(' in src
        result = f(x.clone() if inplace else x, second)
        out.append([result, result.is_contiguous(memory_format=fmt)])
run(fns, y, mf)
run(bias_fns, bias, mf)
run(contig_fns, y, torch.contiguous_format)`,
        {
          x0,
          y0,
          b0,
          fns: fns.map((f) => f[1]),
          bias_fns: biasFns.map((f) => f[1]),
          contig_fns: returnContigFns.map((f) => f[1]),
        },
      )) as PyValue[];
      const labels = [...fns, ...biasFns, ...returnContigFns].map((f) => f[1]);
      assert.equal(ref.length, mine.length);
      mine.forEach((v, i) => {
        const [t, flag] = v as [Tensor, boolean];
        const [rt, rflag] = ref[i] as [Tensor, boolean];
        expectTensor(t, rt, { rtol: 1e-6, atol: 1e-6 }, `${mf}: ${labels[i]}`);
        assert.equal(flag, rflag, `${mf}: ${labels[i]}: is_contiguous`);
        assert.ok(flag, `${mf}: ${labels[i]}: the result is in the expected memory format`);
      });
    }
  });

  it("test_strides_propagation_cpu", async () => {
    // itertools.permutations(range(n)): lexicographic order
    const permutations = (n: number): number[][] => {
      const rec = (rest: number[]): number[][] =>
        rest.length === 0 ? [[]] : rest.flatMap((v) => rec(rest.filter((r) => r !== v)).map((p) => [v, ...p]));
      return rec(Array.from({ length: n }, (_, i) => i));
    };
    const [x0, x1, x2] = [torch.randn([2, 3, 4]), torch.randn([2, 3, 8]), torch.randn([1, 1, 4, 12])];
    const xs = [x0, x1.index(":", ":", "::2"), x2.index(":", ":", ":", "::2")];
    const mine: Out[] = [];
    const binary: [string, (a: Tensor, b: Tensor, o?: { out: Tensor }) => Tensor][] = [
      ["eq", (a, b, o) => (o ? torch.eq(a, b, o) : torch.eq(a, b))],
      ["add", (a, b, o) => (o ? torch.add(a, b, o) : torch.add(a, b))],
    ];
    const ys: Tensor[] = [];
    for (const [, op] of binary) {
      for (const x of xs) {
        const div = x.stride(-1);
        for (const p of permutations(x.dim())) {
          const xp = x.permute(p);
          const y = torch.randn([xp.shape.at(-1) as number]);
          ys.push(y);
          for (const [a, b] of [
            [xp, xp],
            [xp, y],
            [y, xp],
          ] as [Tensor, Tensor][]) {
            const res = op(a, b);
            const out = op(a, b, { out: torch.empty([0], { dtype: res.dtype }) });
            for (const r of [res, out]) {
              assert.deepEqual(
                xp.stride().map((s) => Math.trunc(s / div)),
                r.stride(),
              );
              mine.push([r.stride(), r.shape]);
            }
          }
        }
      }
    }
    for (const x of xs) {
      const div = x.stride(-1);
      for (const p of permutations(x.dim())) {
        const xp = x.permute(p);
        for (const r of [torch.exp(xp), torch.exp(xp, { out: torch.empty([0]) })]) {
          assert.deepEqual(
            xp.stride().map((s) => Math.trunc(s / div)),
            r.stride(),
          );
          mine.push([r.stride(), r.shape]);
        }
      }
    }
    await same(
      mine,
      `from itertools import permutations
xs = [x0, x1[:, :, ::2], x2[:, :, :, ::2]]
out = []
k = 0
for op in (torch.eq, torch.add):
    for x in xs:
        for p in permutations(range(x.dim())):
            xp = x.permute(p)
            y = ys[k]
            k += 1
            for inputs in ((xp, xp), (xp, y), (y, xp)):
                res = op(*inputs)
                out.append([list(res.stride()), list(res.shape)])
                res = op(*inputs, out=torch.empty(0, dtype=res.dtype))
                out.append([list(res.stride()), list(res.shape)])
for x in xs:
    for p in permutations(range(x.dim())):
        xp = x.permute(p)
        for res in (torch.exp(xp), torch.exp(xp, out=torch.empty(0))):
            out.append([list(res.stride()), list(res.shape)])`,
      { x0, x1, x2, ys },
    );
  });

  /**
   * upstream's _test_memory_format_transformations: flags and values of transformation(xc, memory_format=...)
   * for a non-dense channels-last-looking input, preserve / contiguous / default formats, and the strides of
   * permuted 7-d inputs under preserve_format, each compared with PyTorch's for `pyFn` (a Python lambda source
   * taking (t, **kwargs)).
   */
  async function transformations(
    mf: MF,
    shape: number[],
    fn: (t: Tensor, o?: { memoryFormat?: MF }) => Tensor,
    pyFn: string,
    compareData: boolean,
    defaultIsPreserve: boolean,
  ): Promise<void> {
    const base = torch.randn(shape);
    const gen = () => base.contiguous({ memoryFormat: mf });
    const flags: boolean[] = [];
    let xc = gen();
    xc = mf === "channelsLast" ? xc.index("...", "::2", "::2") : xc.index("...", "::2", "::2", "::2");
    let clone = fn(xc, { memoryFormat: "preserveFormat" });
    flags.push(clone.isContiguous(), clone.isContiguous({ memoryFormat: mf }));
    flags.push(xc.isContiguous(), xc.isContiguous({ memoryFormat: mf }));
    assert.deepEqual(flags.slice(0, 4), [false, true, false, false], "preserve_format of a non-dense input");
    if (compareData) expectTensor(xc, clone.to(xc), {}, "preserve_format: data");
    xc = gen();
    clone = fn(xc, { memoryFormat: "contiguousFormat" });
    flags.push(clone.isContiguous(), clone.isContiguous({ memoryFormat: mf }));
    assert.deepEqual(flags.slice(4, 6), [true, false], "contiguous_format");
    if (compareData) expectTensor(xc, clone.to(xc), {}, "contiguous_format: data");
    xc = gen();
    clone = fn(xc);
    flags.push(clone.isContiguous(), clone.isContiguous({ memoryFormat: mf }));
    assert.deepEqual(flags.slice(6, 8), defaultIsPreserve ? [false, true] : [true, false], "the default format");
    if (compareData) expectTensor(xc, clone.to(xc), {}, "the default format: data");
    let x = torch.randn([3, 4, 5, 6, 7, 8, 9]);
    const perms: number[][] = [];
    const strides: number[][] = [];
    for (let i = 0; i < 10; i++) {
      const permutation = shuffle([0, 1, 2, 3, 4, 5, 6]);
      perms.push(permutation);
      x = x.permute(permutation);
      const s = fn(x, { memoryFormat: "preserveFormat" }).stride();
      assert.deepEqual(s, x.stride(), "preserve_format keeps a dense permutation's strides");
      strides.push(s);
    }
    await same(
      [flags, strides],
      `mf = ${PY_MF[mf]}
fn = ${pyFn}
flags = []
gen = lambda: base.contiguous(memory_format=mf)
xc = gen()
xc = xc[..., ::2, ::2] if mf == torch.channels_last else xc[..., ::2, ::2, ::2]
clone = fn(xc, memory_format=torch.preserve_format)
flags += [clone.is_contiguous(), clone.is_contiguous(memory_format=mf), xc.is_contiguous(), xc.is_contiguous(memory_format=mf)]
xc = gen()
clone = fn(xc, memory_format=torch.contiguous_format)
flags += [clone.is_contiguous(), clone.is_contiguous(memory_format=mf)]
xc = gen()
clone = fn(xc)
flags += [clone.is_contiguous(), clone.is_contiguous(memory_format=mf)]
x = torch.randn((3, 4, 5, 6, 7, 8, 9))
strides = []
for p in perms:
    x = x.permute(p)
    strides.append(list(fn(x, memory_format=torch.preserve_format).stride()))
out = [flags, strides]`,
      { base, perms },
      `${pyFn} (${mf})`,
    );
  }
  const FORMATS_SHAPES: [MF, number[]][] = [
    ["channelsLast", [4, 3, 8, 8]],
    ["channelsLast3d", [4, 3, 8, 8, 8]],
  ];

  it("test_memory_format_to_cpu", async () => {
    for (const [mf, shape] of FORMATS_SHAPES)
      await transformations(
        mf,
        shape,
        (t, o = {}) => t.to({ dtype: "float64", ...o }),
        "lambda t, **kw: t.to(dtype=torch.float64, **kw)",
        true,
        true,
      );
  });

  it("test_memory_format_type_cpu", async () => {
    for (const [mf, shape] of FORMATS_SHAPES)
      await transformations(
        mf,
        shape,
        (t, o = {}) => t.to("float64", o),
        "lambda t, **kw: t.to(torch.float64, **kw)",
        true,
        true,
      );
  });

  it("test_memory_format_clone_cpu", async () => {
    for (const [mf, shape] of FORMATS_SHAPES)
      await transformations(mf, shape, (t, o = {}) => t.clone(o), "lambda t, **kw: t.clone(**kw)", true, true);
  });

  it("test_memory_format_factory_like_functions_preserve_cpu", async () => {
    const fns: [(t: Tensor, o?: { memoryFormat?: MF }) => Tensor, string][] = [
      [(t, o = {}) => torch.zerosLike(t, o), "lambda t, **kw: torch.zeros_like(t, **kw)"],
      [(t, o = {}) => torch.onesLike(t, o), "lambda t, **kw: torch.ones_like(t, **kw)"],
      [(t, o = {}) => torch.randintLike(t, 10, 100, o), "lambda t, **kw: torch.randint_like(t, 10, 100, **kw)"],
      [(t, o = {}) => torch.randintLike(t, 100, o), "lambda t, **kw: torch.randint_like(t, 100, **kw)"],
      [(t, o = {}) => torch.randnLike(t, o), "lambda t, **kw: torch.randn_like(t, **kw)"],
      [(t, o = {}) => torch.randLike(t, o), "lambda t, **kw: torch.rand_like(t, **kw)"],
      [(t, o = {}) => torch.fullLike(t, 7, o), "lambda t, **kw: torch.full_like(t, 7, **kw)"],
      [(t, o = {}) => torch.emptyLike(t, o), "lambda t, **kw: torch.empty_like(t, **kw)"],
    ];
    for (const [mf, shape] of FORMATS_SHAPES)
      for (const [f, src] of fns) await transformations(mf, shape, f, src, false, true);
  });

  // upstream's DeterministicGuard(deterministic) around a gather backward, checked against its Python loop
  async function gatherBackwardOneDim(deterministic: boolean): Promise<void> {
    const prev = torch.areDeterministicAlgorithmsEnabled();
    torch.useDeterministicAlgorithms(deterministic);
    try {
      const m = randint(2000, 3000);
      const elems = randint(10 * m, 20 * m);
      const src = torch.randn([m]).requiresGrad_();
      const idx = torch.randint(m, [elems]);
      const res = torch.gather(src, 0, idx);
      const weight = torch.randLike(res).mul(10 ** 6);
      res.backward(weight);
      assert.ok(src.grad !== null, "src.grad is not None");
      const grad = (src.grad as Tensor).detach().clone();
      await same(
        grad,
        `expected = torch.zeros_like(src)
for i in range(elems):
    expected[idx[i]] += weight[i]
out = expected`,
        { src: src.detach(), idx, weight, elems },
        "grad against upstream's loop",
      );
    } finally {
      torch.useDeterministicAlgorithms(prev);
    }
  }
  it("test_gather_backward_deterministic_path_cpu", () => gatherBackwardOneDim(true));
  it("test_gather_backward_one_dim_cpu", () => gatherBackwardOneDim(false));

  it("test_copy_math_view_cpu", async () => {
    const mine: Out[] = [];
    const srcs: Tensor[] = [];
    for (const [dstDtype, srcDtype] of [
      ["float32", "float32"],
      ["float64", "float32"],
      ["int64", "int32"],
      ["complex128", "complex64"],
    ] as const) {
      const src = torch.testing.makeTensor([100], { dtype: srcDtype });
      srcs.push(src);
      const dst = torch.empty([100], { dtype: dstDtype });
      dst.copy_(src);
      mine.push(dst.clone());
      dst.copy_(aten._neg_view(src));
      mine.push(dst.clone());
      aten._neg_view(dst).copy_(aten._neg_view(src));
      mine.push(dst.clone());
      aten._neg_view(dst).copy_(src);
      mine.push(dst.clone());
    }
    for (const [dstDtype, srcDtype] of [
      ["complex64", "complex64"],
      ["complex128", "complex64"],
    ] as const) {
      const src = torch.testing.makeTensor([100], { dtype: srcDtype });
      srcs.push(src);
      const dst = torch.empty([100], { dtype: dstDtype });
      dst.conj().copy_(src);
      mine.push(dst.clone());
      dst.conj().copy_(aten._neg_view(src));
      mine.push(dst.clone());
    }
    const ref = (await same(
      mine,
      `out = []
k = 0
for dst_dtype, src_dtype in [(torch.float32, torch.float32), (torch.float64, torch.float32), (torch.int64, torch.int32), (torch.complex128, torch.complex64)]:
    src = srcs[k]; k += 1
    dst = torch.empty(100, dtype=dst_dtype)
    dst.copy_(src); out.append(dst.clone())
    dst.copy_(src._neg_view()); out.append(dst.clone())
    dst._neg_view().copy_(torch._neg_view(src)); out.append(dst.clone())
    dst._neg_view().copy_(src); out.append(dst.clone())
for dst_dtype, src_dtype in [(torch.complex64, torch.complex64), (torch.complex128, torch.complex64)]:
    src = srcs[k]; k += 1
    dst = torch.empty(100, dtype=dst_dtype)
    dst.conj().copy_(src); out.append(dst.clone())
    dst.conj().copy_(src._neg_view()); out.append(dst.clone())`,
      { srcs },
    )) as PyValue[];
    assert.equal(ref.length, 20);
    // upstream's own expectations, exact_dtype=False
    for (let k = 0; k < 4; k++) {
      const s = (srcs[k] as Tensor).to((mine[4 * k] as Tensor).dtype);
      expectTensor(mine[4 * k] as Tensor, s, {}, "dst.copy_(src)");
      expectTensor(mine[4 * k + 1] as Tensor, s.neg(), {}, "dst.copy_(src._neg_view())");
      expectTensor(mine[4 * k + 2] as Tensor, s, {}, "dst._neg_view().copy_(torch._neg_view(src))");
      expectTensor(mine[4 * k + 3] as Tensor, s.neg(), {}, "dst._neg_view().copy_(src)");
    }
    for (let k = 0; k < 2; k++) {
      const s = (srcs[4 + k] as Tensor).to((mine[16 + 2 * k] as Tensor).dtype);
      expectTensor(mine[16 + 2 * k] as Tensor, s.conjPhysical(), {}, "dst.conj().copy_(src)");
      expectTensor(mine[17 + 2 * k] as Tensor, s.neg().conjPhysical(), {}, "dst.conj().copy_(src._neg_view())");
    }
  });

  for (const dtype of ["int64", "float32", "complex64"] as const) {
    it(`test_copy_transpose_math_view_cpu_${dtype}`, async () => {
      const src0 = torch.testing.makeTensor([100, 100], { dtype });
      const src = src0.transpose(0, 1);
      const dst = torch.empty([100, 100], { dtype });
      const mine: Tensor[] = [];
      aten._neg_view(dst).copy_(src);
      mine.push(dst.clone());
      expectTensor(dst, src.neg(), {}, "dst._neg_view().copy_(src)");
      aten._neg_view(dst).copy_(aten._neg_view(src));
      mine.push(dst.clone());
      expectTensor(dst, src.contiguous(), {}, "dst._neg_view().copy_(src._neg_view())");
      dst.copy_(aten._neg_view(src));
      mine.push(dst.clone());
      expectTensor(dst, src.neg(), {}, "dst.copy_(src._neg_view())");
      if (dtype === "complex64") {
        dst.conj().copy_(src);
        mine.push(dst.clone());
        expectTensor(dst, src.conjPhysical(), {}, "dst.conj().copy_(src)");
        dst.conj().copy_(src.conj());
        mine.push(dst.clone());
        expectTensor(dst, src.contiguous(), {}, "dst.conj().copy_(src.conj())");
        dst.copy_(src.conj());
        mine.push(dst.clone());
        expectTensor(dst, src.conjPhysical(), {}, "dst.copy_(src.conj())");
      }
      await same(
        mine,
        `src = src0.transpose(0, 1)
dst = torch.empty((100, 100), dtype=src.dtype)
out = []
dst._neg_view().copy_(src); out.append(dst.clone())
dst._neg_view().copy_(src._neg_view()); out.append(dst.clone())
dst.copy_(src._neg_view()); out.append(dst.clone())
if src.dtype.is_complex:
    dst.conj().copy_(src); out.append(dst.clone())
    dst.conj().copy_(src.conj()); out.append(dst.clone())
    dst.copy_(src.conj()); out.append(dst.clone())`,
        { src0 },
      );
    });
  }

  it("test_cdist_euclidean_large_cpu", async () => {
    let x = torch.randn([2000, 5]);
    const y = torch.randn([2000, 5]);
    const eps = 1e-6;
    x = x.sub(
      x
        .sub(y)
        .lt(eps)
        .float()
        .mul(2 * eps),
    );
    const x0 = x.clone();
    x.requiresGrad_(true);
    y.requiresGrad_(true);
    const dist = torch.cdist(x, y, 2);
    const loss = dist.sum();
    loss.backward();
    const [gx, gy] = [x.grad as Tensor, y.grad as Tensor];
    assert.ok(gx.isfinite().all().item() && gy.isfinite().all().item(), "a valid backward");
    const ref = (await py.eval(
      `x = x0.clone().requires_grad_(True)
y = y0.clone().requires_grad_(True)
dist = torch.cdist(x, y, p=2)
dist.sum().backward()
out = [dist, x.grad, y.grad]`,
      { x0, y0: y.detach() },
    )) as Tensor[];
    expectTensor(dist.detach(), ref[0] as Tensor, { rtol: 1e-5, atol: 1e-4 }, "cdist");
    expectTensor(gx, ref[1] as Tensor, { rtol: 1e-4, atol: 1e-3 }, "x.grad");
    expectTensor(gy, ref[2] as Tensor, { rtol: 1e-4, atol: 1e-3 }, "y.grad");
  });

  it("test_complex_half_experimental_warning_cpu", async () => {
    const t = torch.randn([3], { dtype: "complex32" });
    const calls: [() => unknown, string][] = [
      [() => torch.randn([3], { dtype: "complex32" }), "torch.randn(3, dtype=torch.chalf)"],
      [() => torch.rand([3], { dtype: "complex32" }), "torch.rand(3, dtype=torch.chalf)"],
      [() => torch.empty([3], { dtype: "complex32" }), "torch.empty(3, dtype=torch.chalf)"],
      [() => torch.ones([3], { dtype: "complex32" }), "torch.ones(3, dtype=torch.chalf)"],
      [() => torch.zeros([3], { dtype: "complex32" }), "torch.zeros(3, dtype=torch.chalf)"],
      [() => torch.randnLike(t), "torch.randn_like(t)"],
      [() => torch.randLike(t), "torch.rand_like(t)"],
      [() => torch.emptyLike(t), "torch.empty_like(t)"],
      [() => torch.onesLike(t), "torch.ones_like(t)"],
      [() => torch.zerosLike(t), "torch.zeros_like(t)"],
      [() => t.add(1), "t + 1"],
    ];
    for (const [f, code] of calls) {
      const got = await expectSameWarnings(py, f, code, { t });
      assert.ok(
        got.some((w) => w.includes("ComplexHalf support is experimental")),
        `${code}: assertWarnsOnceRegex(UserWarning, 'ComplexHalf support is experimental')`,
      );
    }
  });
});
