// Ported from PyTorch 1.13's TestAutogradFunctional (test/autograd/test_functional.py, the functional
// API's tests that earlier releases kept in test/test_autograd.py): torch.autograd.functional's vjp, jvp,
// jacobian, hessian, vhp and hvp. Cases are named after their upstream tests (the base_tensor variant;
// a case per check the upstream test makes, "[vectorize=True]" for the vectorize= parametrization).
//
// Expected values: the same upstream test body runs in live PyTorch 1.13 (test/python/
// upstream_autograd_functional.py, the upstream test functions written once there and once here) on the
// inputs torchts generated, and returns what the test looks at: results (compared with PyTorch's
// assertEqual tolerances), `grad_fn is None` flags (torchts: gradFn === null), errors as class and first
// message line, and gradcheck/gradgradcheck outcomes (torchts runs its own gradcheck/gradgradcheck on the
// same functions; for the create_graph tests the gradients of upstream's `foo` are compared too).
// Upstream's structure checks (_assert_same_struct, _assert_interleaved_struct) are covered by comparing
// nesting and shapes with PyTorch's own results.
//
// vectorize=True: as in 1.13, jacobian/hessian compute all rows with one autograd.grad call vmapped over a
// standard basis of the outputs (is_grads_batched), and strategy="forward-mode" (jacobian) /
// outer_jacobian_strategy="forward-mode" (hessian) compute the columns with forward-mode AD vmapped over a
// standard basis of the inputs. The [vectorize=True] cases run the upstream bodies with vectorize=True;
// test_*_vectorize_correctness_* compare vectorize=False, vectorize=True and the forward-mode results with
// PyTorch's (jacobian's different_dtype case without forward mode, as upstream's test_forward_ad=False).
// What 1.13 raises or returns for forward mode outside those cases (strategy checks, create_graph,
// strict, vectorize=False, non-tensor outputs, integer inputs; whether results keep a grad_fn) is in
// "jacobian/hessian strategy= checks" (not an upstream case).
//
// Left out:
// - the logging_tensor parametrization (LoggingTensor is a Python __torch_dispatch__ subclass; torchts has
//   no tensor subclasses);
// - test_jacobian_vectorize_correctness_different_devices and test_construct_standard_basis_for_cuda
//   (CUDA only), and TestAutogradFunctionalDeviceType (non-CPU devices only).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Tensor } from "../../lib";
import * as torch from "../../lib";
import { expectSameWarnings, expectTensor } from "../helpers/assert";
import { PyTorch, type PyValue } from "../helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());
const AF = torch.autograd.functional;
const M = "upstream_autograd_functional";
type Rec = Record<string, PyValue>;
type Tensors = Tensor | Tensor[];
// biome-ignore lint/suspicious/noExplicitAny: the functions under test take any tensors.
type AnyFn = (...a: any[]) => any;

// ---- the upstream test functions (same as the Python module's) ----
const narrow3 = (a: Tensor) => a.narrow(0, 0, 3).mul(3);
const narrow3Str = (a: Tensor) => [a.narrow(0, 0, 3).mul(3), "bar"] as unknown as Tensor[];
const narrow3ExpSum = (a: Tensor) => a.narrow(0, 0, 3).exp().sum().mul(3);
const narrow3Pair = (a: Tensor) => [a.narrow(0, 0, 3).mul(3), a.narrow(0, 0, 3).mul(3)];
const narrowProdSum = (a: Tensor, b: Tensor) =>
  b
    .narrow(0, 0, 3)
    .mul(3)
    .mul(a.narrow(0, 0, 3))
    .sum();
const detached = (a: Tensor) => a.detach();
const disconnected = (a: Tensor) => a.long().float().requiresGrad_(true).clone();
const cloned = (a: Tensor) => a.clone();
const reducerDim1 = (x: Tensor) => x.sum(1);
const reducer = (x: Tensor) => x.sum();
const expSum = (x: Tensor) => x.exp().sum();
const expander = (x: Tensor) => x.unsqueeze(0).repeat(4);
const adder = (x: Tensor, y: Tensor) => x.mul(2).add(y.mul(3));
const adder2 = (x: Tensor, y: Tensor) => [x.mul(2).add(y.mul(3)), x.add(y)];
const adderMul = (x: Tensor, y: Tensor) => [x.mul(2).add(y.mul(3)), x.mul(y)];
const expReducer = (x: Tensor) => x.exp().sum(1);
const addExpReducer = (x: Tensor, y: Tensor) => x.add(y.exp()).sum(1);
const addExpReducer2 = (x: Tensor, y: Tensor) => x.add(y).exp().sum(1);
const bThenNarrow = (a: Tensor, b: Tensor) => [b, a.narrow(0, 0, 3).mul(3)];
const powReducer = (x: Tensor) => x.pow(3).sum();
const addPowReducer = (x: Tensor, y: Tensor) => x.add(y).pow(3).sum();
const badReducer = (x: Tensor) => x.sum().view([1, 1, 1]);
const badExpReducer = (x: Tensor) => x.exp().sum().view([1, 1, 1]);
const narrowExpBar = (a: Tensor, b: Tensor) =>
  a
    .add(b.narrow(0, 0, 3).mul(3))
    .exp()
    .sum();
const detachedSum = (a: Tensor) => a.detach().sum();
const disconnectedSum = (a: Tensor) => a.long().float().requiresGrad_(true).clone().sum();
const linearSum = (a: Tensor) => a.mul(3).sum();
const cubePlusSum = (x: Tensor) => x.pow(3).add(x.sum());

// ---- helpers ----
const none = (t: Tensor) => t.gradFn === null;
const rand = (...s: number[]) => torch.rand(s);
const randD = (...s: number[]) => torch.rand(s, { dtype: "float64" });
const randn = (...s: number[]) => torch.randn(s);
const ones = (...s: number[]) => torch.ones(s);
const onesD = (...s: number[]) => torch.ones(s, { dtype: "float64" });

/** [Python class name, first message line] of what fn raises, or null. */
function err(fn: () => unknown): [string, string] | null {
  try {
    fn();
  } catch (e) {
    const x = e as Error;
    return [x.name === "Error" ? "RuntimeError" : x.name, x.message.split("\n")[0] as string];
  }
  return null;
}

/** Same nesting as PyTorch's result; tensors of the same dtype and shape, within assertEqual's tolerances. */
function close(mine: unknown, ref: PyValue | undefined, what: string): void {
  if (Array.isArray(ref)) {
    expect(Array.isArray(mine), `${what}: array`).toBe(true);
    expect((mine as unknown[]).length, `${what}: length`).toBe(ref.length);
    ref.forEach((r, i) => {
      close((mine as unknown[])[i], r, `${what}[${i}]`);
    });
  } else if (ref instanceof torch.Tensor) {
    const m = mine as Tensor;
    const tol = ref.dtype === "float64" ? { rtol: 1e-7, atol: 1e-7 } : { rtol: 1.3e-6, atol: 1e-5 };
    expectTensor(m.detach(), ref, tol, what);
  } else {
    expect(mine, what).toEqual(ref);
  }
}

/** One upstream test: PyTorch's record fetched once, an `it` per key comparing torchts's value. */
function upstream(name: string, call: string, inputs: Rec, cases: Record<string, () => unknown>): void {
  describe(name, () => {
    let ref: Rec;
    beforeAll(async () => {
      ref = (await py.call(`${M}.${call}`, inputs)) as Rec;
    });
    for (const [key, fn] of Object.entries(cases))
      it(`${name}: ${key}`, () => {
        expect(Object.keys(ref)).toContain(key);
        close(fn(), ref[key], key);
      });
  });
}

const cl = (t: Tensor) => t.clone();
const rg = (t: Tensor) => t.clone().requiresGrad_(true);

// ---- vjp / jvp ----
for (const api of ["vjp", "jvp"] as const) {
  const f = AF[api];
  {
    torch.manualSeed(10);
    const inp = rand(4);
    const v = api === "vjp" ? ones(3) : rand(4);
    const pair = api === "vjp" ? [torch.onesLike(inp), torch.onesLike(inp)] : [v, v];
    upstream(
      `test_${api}_err_check`,
      "err_check",
      { api, inp, v },
      {
        inputs: () => err(() => f(narrow3, [inp, 2 as unknown as Tensor], v)),
        outputs: () => err(() => f(narrow3Str, inp, v)),
        v_none: () => err(() => f(narrow3, inp)),
        v_tuple: () => err(() => f(narrow3, inp, pair)),
        v_size: () => err(() => f(narrow3, inp, v.narrow(0, 0, 2))),
        res: () => f(narrow3, inp, v)[1],
      },
    );
  }
  {
    torch.manualSeed(11);
    const inp = rand(4);
    const v = rand(4);
    upstream(
      `test_${api}_err_check_strict`,
      "err_check_strict",
      { api, inp, v },
      {
        detached_strict: () => err(() => f(detached, inp, v, { strict: true })),
        detached: () => f(detached, inp, v, { strict: false }),
        disconnected_strict: () => err(() => f(disconnected, inp, v, { strict: true })),
        disconnected: () => f(disconnected, inp, v, { strict: false }),
        linear_strict: () => err(() => f(cloned, rg(inp), v, { createGraph: true, strict: true })),
        linear: () => f(cloned, rg(inp), v, { createGraph: true, strict: false })[1],
      },
    );
  }
  {
    torch.manualSeed(12);
    const inputs = rand(4, 4);
    const v = api === "vjp" ? ones(4) : ones(4, 4);
    const rec = (r: [unknown, unknown]) => [r, none(r[0] as Tensor), none(r[1] as Tensor)];
    upstream(
      `test_${api}_no_grad`,
      "no_grad",
      { api, inputs, v },
      {
        plain: () => rec(torch.noGrad(() => f(reducerDim1, cl(inputs), cl(v)))),
        create_graph: () => rec(torch.noGrad(() => f(reducerDim1, rg(inputs), rg(v), { createGraph: true }))),
      },
    );
  }
  {
    torch.manualSeed(13);
    const [x, a, b, c, d] = [rand(4, 4), rand(2), rand(2), rand(2), rand(2)];
    upstream(
      `test_${api}_output`,
      "output",
      { api, x, a, b, c, d },
      {
        reducer: () => {
          const r = f(reducerDim1, x, api === "vjp" ? ones(4) : ones(4, 4));
          return [r, none(r[0] as Tensor), none(r[1] as Tensor)];
        },
        adder: () => {
          const [o, val] = f(adder, [a, b], api === "vjp" ? ones(2) : [ones(2), ones(2)]) as [Tensor, Tensors];
          // jvp gives one Tensor here (like the output): upstream's val[0] / val[1] index its elements
          const at = (i: number) => (Array.isArray(val) ? val[i] : val.index(i)) as Tensor;
          return [[o, val], none(o), none(at(0)), none(at(1))];
        },
        adder2: () => {
          const t = [torch.tensor([1.0, 0.0]), torch.tensor([1.0, 0.0])];
          const [o, val] = f(adder2, [c, d], t) as [Tensor[], Tensor[]];
          return [[o, val], ...[...o, ...val].map(none)];
        },
      },
    );
  }
  {
    torch.manualSeed(14);
    const x = rand(4, 4);
    const s = torch.rand([]);
    upstream(
      `test_${api}_scalar`,
      `${api}_scalar`,
      { x, s },
      api === "vjp"
        ? {
            reducer: () => AF.vjp(reducer, x, torch.ones([])),
            reducer_no_v: () => AF.vjp(reducer, x),
            expander: () => AF.vjp(expander, s, ones(4)),
          }
        : {
            reducer: () => AF.jvp(reducer, x, ones(4, 4)),
            expander: () => AF.jvp(expander, s, torch.ones([])),
            expander_no_v: () => AF.jvp(expander, s),
          },
    );
  }
  {
    torch.manualSeed(15);
    const inputs = randD(2, 2);
    const v = api === "vjp" ? onesD(2) : onesD(2, 2);
    const [a, b] = [randD(2), randD(2)];
    const tv = () => [
      torch.tensor([1.0, 0.0], { dtype: "float64", requiresGrad: true }),
      torch.tensor([1.0, 0.0], { dtype: "float64", requiresGrad: true }),
    ];
    const gc = torch.autograd.gradcheck;
    const ggc = torch.autograd.gradgradcheck;
    upstream(
      `test_${api}_create_graph`,
      "create_graph",
      { api, inputs, v, a, b },
      {
        single: () => {
          const [i, vv] = [rg(inputs), rg(v)];
          const r = f(reducerDim1, i, vv, { createGraph: true });
          return [r, none(r[0] as Tensor), none(r[1] as Tensor)];
        },
        single_checks: () => {
          const [i, vv] = [rg(inputs), rg(v)];
          // upstream's vjp lambda closes over `inputs`; its jvp lambda takes `inp`
          const g =
            api === "vjp"
              ? (_inp: Tensor, w: Tensor) => AF.vjp(reducerDim1, i, w, { createGraph: true }) as Tensor[]
              : (inp: Tensor, w: Tensor) => AF.jvp(reducerDim1, inp, w, { createGraph: true }) as Tensor[];
          return [gc(g, [i, vv]), ggc(g, [i, vv])];
        },
        multi: () => f(adderMul, [rg(a), rg(b)], tv(), { createGraph: true }),
        multi_checks: () => {
          const args = [rg(a), rg(b), ...tv()];
          const g = (...t: Tensor[]) => f(adderMul, t.slice(0, 2), t.slice(2), { createGraph: true })[1] as Tensor[];
          return [gc(g, args), ggc(g, args)];
        },
        foo_grads: () => {
          const args = [rg(a), rg(b), ...tv()];
          foo(api, ...args)
            .sum()
            .backward();
          return args.map((t) => t.grad);
        },
        foo_checks: () => {
          const args = [rg(a), rg(b), ...tv()];
          const g = (...t: Tensor[]) => foo(api, ...t);
          return [gc(g, args), ggc(g, args)];
        },
      },
    );
  }
}

function foo(api: "vjp" | "jvp", ...args: Tensor[]): Tensor {
  const [x0, y] = args as [Tensor, Tensor];
  const x = x0.cos();
  const [val, grad] = AF[api](adderMul, [x, y], args.slice(2), { createGraph: true }) as [Tensor[], Tensor[]];
  const [v0, v1] = val as [Tensor, Tensor];
  const [g0, g1] = grad as [Tensor, Tensor];
  return v0.exp().add(v1.exp()).add(g0.exp()).add(g1.exp()).add(x.exp()).add(y.exp());
}

// ---- jacobian / hessian ----
describe("test_jacobian_vectorize_raises_no_warnings / test_hessian_vectorize_raises_no_warnings", () => {
  for (const api of ["jacobian", "hessian"] as const)
    it(`test_${api}_vectorize_raises_no_warnings`, async () => {
      torch.manualSeed(20);
      const x = randn(3);
      const seen = await expectSameWarnings(
        py,
        () => AF[api]((a: Tensor) => a.pow(2).sum(), x, { vectorize: true }),
        `torch.autograd.functional.${api}(lambda a: (a**2).sum(), x, vectorize=True)`,
        { x },
      );
      expect(seen).toEqual([]);
    });
});

describe("test_construct_standard_basis_for", () => {
  it("test_construct_standard_basis_for", async () => {
    torch.manualSeed(19);
    const testCases: Tensor[][] = [
      [randn(2, 3)],
      [randn(1)],
      [torch.randn([])],
      [randn(1), torch.randn([]), torch.randn([])],
      [randn(2), randn(3), torch.randn([])],
      [randn(2), torch.randn([]), randn(3)],
      [randn(2, 3), randn(3), randn(3, 4, 2)],
      [torch.randn([2], { dtype: "float64" }), torch.randn([3], { dtype: "float32" })],
    ];
    const ref = (await py.call(`${M}.construct_standard_basis_for`, { cases: testCases })) as PyValue[][];
    testCases.forEach((inputs, c) => {
      // _test_construct_standard_basis_for
      const numels = inputs.map((t) => t.numel());
      const results = AF._constructStandardBasisFor(inputs, numels);
      results.forEach((result, i) => {
        const inp = inputs[i] as Tensor;
        expect(result.dtype).toBe(inp.dtype);
        expect(result.device).toBe(inp.device);
      });
      const cat = torch.cat(
        results.map((r) => r.to("cpu", { dtype: "float32" })),
        1,
      );
      const n = cat.index(0).shape[0] as number;
      const expected = torch.eye(n, n, { dtype: "float32" });
      expect(cat.equal(expected), `case ${c}`).toBe(true);
      // and PyTorch's chunks for the same tensors
      const [chunks, dtypes] = ref[c] as [PyValue[], string[]];
      close(results, chunks, `case ${c}`);
      expect(results.map((r) => `torch.${r.dtype}`)).toEqual(dtypes);
    });
  });
});

for (const vectorize of [false, true]) {
  const tag = vectorize ? "[vectorize=True]" : "";
  {
    torch.manualSeed(21);
    const [inp, a, b] = [rand(4), rand(4), rand(5)];
    upstream(
      `test_jacobian_err_check${tag}`,
      "jacobian_err_check",
      { vectorize, inp, a, b },
      {
        inputs: () => err(() => AF.jacobian(narrow3, [inp, 2 as unknown as Tensor], { vectorize })),
        outputs: () => err(() => AF.jacobian(narrow3Str, inp, { vectorize })),
        single: () => AF.jacobian(narrow3, inp, { vectorize }),
        multi: () => AF.jacobian(bThenNarrow, [a, b], { vectorize }),
      },
    );
  }
  {
    torch.manualSeed(22);
    const [x, y, a, b] = [rand(4, 4), rand(4), rand(4, 4), rand(4, 4)];
    upstream(
      `test_jacobian_output${tag}`,
      "jacobian_output",
      { vectorize, x, y, a, b },
      {
        exp_reducer: () => {
          const r = AF.jacobian(expReducer, x, { vectorize }) as Tensor;
          return [r, none(r)];
        },
        identity: () => {
          const r = AF.jacobian(cloned, y, { vectorize }) as Tensor;
          return [r, none(r), r.equal(torch.eye(4))];
        },
        add_exp_reducer: () => {
          const r = AF.jacobian(addExpReducer, [a, b], { vectorize }) as Tensor[];
          return [r, none(r[0] as Tensor), none(r[1] as Tensor)];
        },
      },
    );
  }
  {
    torch.manualSeed(23);
    const [x, s] = [rand(4, 4), torch.rand([])];
    upstream(
      `test_jacobian_scalar${tag}`,
      "jacobian_scalar",
      { vectorize, x, s },
      {
        reducer: () => AF.jacobian(reducer, x, { vectorize }),
        expander: () => AF.jacobian(expander, s, { vectorize }),
      },
    );
  }
  {
    torch.manualSeed(24);
    const [x, a, b] = [randD(4, 4), randD(4, 4), randD(4, 4)];
    const gc = torch.autograd.gradcheck;
    const ggc = torch.autograd.gradgradcheck;
    const jac = (fn: AnyFn, inp: Tensor | Tensor[]) => AF.jacobian(fn, inp, { createGraph: true, vectorize });
    const fooJ = (x0: Tensor, y: Tensor) => {
      const xc = x0.cos();
      // one output, two inputs: (d/dx, d/dy); upstream sums rows 0 and 1 of each
      const [val, j] = jac(addExpReducer2, [xc, y]) as [Tensor, Tensor];
      const rows = (t: Tensor) => t.index(0).exp().sum().add(t.index(1).exp().sum());
      return rows(val).add(rows(j)).add(xc.exp().sum()).add(y.exp().sum());
    };
    upstream(
      `test_jacobian_create_graph${tag}`,
      "jacobian_create_graph",
      { vectorize, x, a, b },
      {
        single: () => {
          const r = jac(expReducer, rg(x)) as Tensor;
          return [r, none(r)];
        },
        single_checks: () => {
          const i = rg(x);
          const g = (inp: Tensor) => jac(expReducer, inp) as Tensor;
          return [gc(g, [i]), ggc(g, [i])];
        },
        multi: () => {
          const r = jac(addExpReducer2, [rg(a), rg(b)]) as Tensor[];
          return [r, none(r[0] as Tensor), none(r[1] as Tensor)];
        },
        multi_checks: () => {
          const i = [rg(a), rg(b)];
          const g = (...inp: Tensor[]) => jac(addExpReducer2, inp) as Tensor[];
          return [gc(g, i), ggc(g, i)];
        },
        foo_grads: () => {
          const i = [rg(a), rg(b)] as [Tensor, Tensor];
          fooJ(...i).backward();
          return i.map((t) => t.grad);
        },
        foo_checks: () => {
          const i = [rg(a), rg(b)];
          return [gc(fooJ, i), ggc(fooJ, i)];
        },
      },
    );
  }
}

{
  torch.manualSeed(25);
  const inp = rand(4);
  upstream(
    "test_jacobian_err_check_strict",
    "jacobian_err_check_strict",
    { inp },
    {
      detached_strict: () => err(() => AF.jacobian(detached, inp, { strict: true })),
      detached: () => AF.jacobian(detached, inp, { strict: false }),
      disconnected_strict: () => err(() => AF.jacobian(disconnected, inp, { strict: true })),
      disconnected: () => AF.jacobian(disconnected, inp, { strict: false }),
      linear_strict: () => err(() => AF.jacobian(cloned, rg(inp), { createGraph: true, strict: true })),
      linear: () => AF.jacobian(cloned, rg(inp), { createGraph: true, strict: false }),
    },
  );
}

describe("test_jacobian_err_check_strict_vectorize / test_hessian_err_check_strict_vectorize", () => {
  it("test_jacobian_err_check_strict_vectorize", async () => {
    const inp = rand(4);
    const ref = await py.call(`${M}.strict_vectorize`, { api: "jacobian", inp });
    close(
      err(() => AF.jacobian((x: Tensor) => x, inp, { strict: true, vectorize: true })),
      ref,
      "error",
    );
  });
  it("test_hessian_err_check_strict_vectorize", async () => {
    const inp = rand(4);
    const ref = await py.call(`${M}.strict_vectorize`, { api: "hessian", inp });
    close(
      err(() => AF.hessian((x: Tensor) => x.pow(3).sum(), inp, { strict: true, vectorize: true })),
      ref,
      "error",
    );
  });
});

{
  torch.manualSeed(26);
  const inputs = rand(4, 4);
  upstream(
    "test_jacobian_no_grad",
    "jacobian_no_grad",
    { inputs },
    {
      plain: () => {
        const r = torch.noGrad(() => AF.jacobian(expReducer, inputs)) as Tensor;
        return [r, none(r)];
      },
      create_graph: () => {
        const r = torch.noGrad(() => AF.jacobian(expReducer, inputs, { createGraph: true })) as Tensor;
        return [r, none(r)];
      },
    },
  );
}

// _check_jacobian_vectorize_correctness: [vectorize=False, vectorize=True, strategy="forward-mode" with
// vectorize=True] results (the last left out where upstream passes test_forward_ad=False).
{
  const both = (fn: AnyFn, inp: Tensor | Tensor[], testForwardAd = true) => [
    AF.jacobian(fn, inp, { vectorize: false }),
    AF.jacobian(fn, inp, { vectorize: true }),
    ...(testForwardAd ? [AF.jacobian(fn, inp, { strategy: "forward-mode", vectorize: true })] : []),
  ];
  const cases: Array<[string, () => Rec, (t: Record<string, Tensor>) => unknown]> = [
    ["simple", () => ({ x: randn(2, 3, 5) }), (t) => both((x: Tensor) => x.pow(2).mul(3), t.x as Tensor)],
    [
      "multi_input",
      () => ({ x: randn(2, 3), y: randn(3, 5) }),
      (t) => both((x: Tensor, y: Tensor) => x.cos().mul(x).matmul(y.sin()), [t.x as Tensor, t.y as Tensor]),
    ],
    [
      "multi_input_multi_output",
      () => ({ x: randn(5, 3), y: randn(3, 5) }),
      (t) =>
        both(
          (x: Tensor, y: Tensor) => [x.mul(x).matmul(y), x.matmul(x.sum(1).mul(y)), y.sum()],
          [t.x as Tensor, t.y as Tensor],
        ),
    ],
    [
      "unrelated_outputs",
      () => ({ x: randn(2), y: randn(3) }),
      (t) => both((x: Tensor, y: Tensor) => [x, y, x, y], [t.x as Tensor, t.y as Tensor]),
    ],
    [
      "zero_dim",
      () => ({ x: randn(3), y: randn(3), s: torch.randn([]), y1: randn(1) }),
      (t) => [
        both((x: Tensor, y: Tensor) => [x.sum(), y.sum(), x.mul(y)], [t.x as Tensor, t.y as Tensor]),
        both((x: Tensor) => torch.stack([x, x, x]), t.s as Tensor),
        both((x: Tensor, y: Tensor) => [y.sum(), x.mul(y)], [t.s as Tensor, t.y1 as Tensor]),
      ],
    ],
    [
      "different_dtype",
      () => ({ x: randn(3), y: randn(3) }),
      // The Jacobian computed using forward AD has the dtype of the output but the Jacobian computed with
      // reverse AD has dtype of input
      (t) =>
        both((x: Tensor, y: Tensor) => [x.mul(y).float(), x.mul(y).double()], [t.x as Tensor, t.y as Tensor], false),
    ],
  ];
  describe("test_jacobian_vectorize_correctness_*", () => {
    for (const [name, make, mine] of cases)
      it(`test_jacobian_vectorize_correctness_${name}`, async () => {
        torch.manualSeed(27);
        const t = make();
        const ref = await py.call(`${M}.jacobian_vectorize_correctness`, { case: name, ...t });
        close(mine(t as Record<string, Tensor>), ref, name);
      });
  });
}

// jacobian/hessian's strategy= checks and strategy="forward-mode"'s errors and results (not an upstream
// case: what 1.13 gives for these calls).
{
  torch.manualSeed(28);
  const x = rand(2, 2);
  const inp = rand(4);
  const bad = "sideways" as "reverse-mode";
  const fwd = { strategy: "forward-mode", vectorize: true } as const;
  const hfwd = { outerJacobianStrategy: "forward-mode", vectorize: true } as const;
  upstream(
    "jacobian/hessian strategy= checks",
    "forward_mode",
    { x, inp },
    {
      // forward mode neither detaches the inputs nor the result (no _grad_preprocess/_grad_postprocess)
      fwd_result: () => {
        const xr = rg(x);
        const r = AF.jacobian(expReducer, xr, fwd) as Tensor;
        return [r, none(r), xr.requiresGrad];
      },
      hessian_fwd_result: () => {
        const xc = cl(x);
        const r = AF.hessian(powReducer, xc, hfwd) as Tensor;
        return [r, none(r), xc.requiresGrad];
      },
      fwd_bad_output: () => err(() => AF.jacobian(narrow3Str, inp, fwd)),
      fwd_int_input: () => err(() => AF.jacobian(cloned, x.long(), fwd)),
      hessian_fwd_create_graph: () => err(() => AF.hessian(powReducer, x, { createGraph: true, ...hfwd })),
      hessian_fwd_strict: () => err(() => AF.hessian(powReducer, x, { strict: true, ...hfwd })),
      bad_strategy: () => err(() => AF.jacobian(expReducer, x, { strategy: bad })),
      create_graph: () => err(() => AF.jacobian(expReducer, x, { createGraph: true, strategy: "forward-mode" })),
      strict: () => err(() => AF.jacobian(expReducer, x, { strict: true, strategy: "forward-mode" })),
      no_vectorize: () => err(() => AF.jacobian(expReducer, x, { strategy: "forward-mode" })),
      hessian_bad_strategy: () => err(() => AF.hessian(powReducer, x, { outerJacobianStrategy: bad })),
      hessian_no_vectorize: () => err(() => AF.hessian(powReducer, x, { outerJacobianStrategy: "forward-mode" })),
    },
  );
}

// _check_hessian_vectorize_correctness: [vectorize=False, vectorize=True, outer_jacobian_strategy=
// "forward-mode" with vectorize=True] results.
{
  const both = (fn: AnyFn, inp: Tensor | Tensor[]) => [
    AF.hessian(fn, inp, { vectorize: false }),
    AF.hessian(fn, inp, { vectorize: true }),
    AF.hessian(fn, inp, { outerJacobianStrategy: "forward-mode", vectorize: true }),
  ];
  const cases: Array<[string, () => Rec, (t: Record<string, Tensor>) => unknown]> = [
    ["simple", () => ({ x: randn(2, 3, 5) }), (t) => both((x: Tensor) => x.pow(2).mul(3).sum(), t.x as Tensor)],
    [
      "multi_input",
      () => ({ x: randn(2, 3), y: randn(3, 5), z: randn(5, 5) }),
      (t) =>
        both(
          (x: Tensor, y: Tensor, z: Tensor) => x.relu().mul(x).matmul(y.sin()).matmul(z).sum(),
          [t.x as Tensor, t.y as Tensor, t.z as Tensor],
        ),
    ],
    [
      "unrelated_outputs",
      () => ({ x: randn(2), y: randn(3) }),
      (t) => [
        both((x: Tensor, _y: Tensor) => x.pow(2).sum(), [t.x as Tensor, t.y as Tensor]),
        both((_x: Tensor, _y: Tensor) => torch.ones([]), [t.x as Tensor, t.y as Tensor]),
      ],
    ],
  ];
  describe("test_hessian_vectorize_correctness_*", () => {
    for (const [name, make, mine] of cases)
      it(`test_hessian_vectorize_correctness_${name}`, async () => {
        torch.manualSeed(29);
        const t = make();
        const ref = await py.call(`${M}.hessian_vectorize_correctness`, { case: name, ...t });
        close(mine(t as Record<string, Tensor>), ref, name);
      });
  });
}

for (const vectorize of [false, true]) {
  const tag = vectorize ? "[vectorize=True]" : "";
  {
    torch.manualSeed(30);
    const [inp, a, b] = [rand(4), rand(4), rand(5)];
    upstream(
      `test_hessian_err_check${tag}`,
      "hessian_err_check",
      { vectorize, inp, a, b },
      {
        inputs: () => err(() => AF.hessian(narrow3ExpSum, [inp, 2 as unknown as Tensor], { vectorize })),
        outputs: () => err(() => AF.hessian(narrow3Str, inp, { vectorize })),
        single_element: () => err(() => AF.hessian(narrow3, inp, { vectorize })),
        single_tensor: () => err(() => AF.hessian(narrow3Pair, inp, { vectorize })),
        single: () => AF.hessian(narrow3ExpSum, inp, { vectorize }),
        multi: () => AF.hessian(narrowProdSum, [a, b], { vectorize }),
      },
    );
  }
  {
    torch.manualSeed(31);
    const [x, a, b] = [rand(2, 2), rand(2, 2), rand(2, 2)];
    upstream(
      `test_hessian_output${tag}`,
      "hessian_output",
      { vectorize, x, a, b },
      {
        pow_reducer: () => {
          const r = AF.hessian(powReducer, x, { vectorize }) as Tensor;
          return [r, none(r)];
        },
        add_pow_reducer: () => {
          const r = AF.hessian(addPowReducer, [a, b], { vectorize }) as Tensor[][];
          return [r, r.flat().map(none)];
        },
      },
    );
  }
  {
    torch.manualSeed(32);
    const [x, s, y] = [rand(4, 4), torch.rand([]), rand(4, 4)];
    upstream(
      `test_hessian_scalar${tag}`,
      "hessian_scalar",
      { vectorize, x, s, y },
      {
        reducer: () => AF.hessian(reducer, x, { vectorize }),
        zero_dim: () => AF.hessian(reducer, s, { vectorize }),
        bad_reducer: () => AF.hessian(badReducer, y, { vectorize }),
      },
    );
  }
  {
    torch.manualSeed(33);
    const [x, a, b] = [randD(2, 2), randD(2, 2), randD(2, 2)];
    const gc = torch.autograd.gradcheck;
    const ggc = torch.autograd.gradgradcheck;
    const hes = (fn: AnyFn, inp: Tensor | Tensor[]) => AF.hessian(fn, inp, { createGraph: true, vectorize });
    const fooH = (x0: Tensor, y: Tensor) => {
      const xc = x0.cos();
      const [val, h] = hes(addPowReducer, [xc, y]) as Tensor[][];
      const cs = (t: Tensor[]) =>
        (t[0] as Tensor)
          .cos()
          .sum()
          .add((t[1] as Tensor).cos().sum());
      return cs(val as Tensor[])
        .add(cs(h as Tensor[]))
        .add(xc.cos().sum())
        .add(y.cos().sum());
    };
    upstream(
      `test_hessian_create_graph${tag}`,
      "hessian_create_graph",
      { vectorize, x, a, b },
      {
        single: () => {
          const r = hes(powReducer, rg(x)) as Tensor;
          return [r, none(r)];
        },
        single_checks: () => {
          const i = rg(x);
          const g = (inp: Tensor) => hes(powReducer, inp) as Tensor;
          return [gc(g, [i]), ggc(g, [i])];
        },
        multi: () => {
          const r = hes(addPowReducer, [rg(a), rg(b)]) as Tensor[][];
          return [r, r.flat().map(none)];
        },
        multi_checks: () => {
          const i = [rg(a), rg(b)];
          const g = (...inp: Tensor[]) => (hes(addPowReducer, inp) as Tensor[][]).flat();
          return [gc(g, i), ggc(g, i)];
        },
        foo_grads: () => {
          const i = [rg(a), rg(b)] as [Tensor, Tensor];
          fooH(...i).backward();
          return i.map((t) => t.grad);
        },
        foo_checks: () => {
          const i = [rg(a), rg(b)];
          return [gc(fooH, i), ggc(fooH, i)];
        },
      },
    );
  }
}

{
  torch.manualSeed(34);
  const inputs = rand(2, 2);
  upstream(
    "test_hessian_no_grad",
    "hessian_no_grad",
    { inputs },
    {
      plain: () => {
        const r = torch.noGrad(() => AF.hessian(powReducer, inputs)) as Tensor;
        return [r, [0, 1].flatMap((i) => [0, 1].map((j) => none(r.index(i).index(j))))];
      },
      create_graph: () => {
        const r = torch.noGrad(() => AF.hessian(powReducer, inputs, { createGraph: true })) as Tensor;
        return [r, [0, 1].flatMap((i) => [0, 1].map((j) => none(r.index(i).index(j))))];
      },
    },
  );
}

// ---- hessian / vhp / hvp strict; vhp / hvp ----
for (const api of ["hessian", "vhp", "hvp"] as const) {
  torch.manualSeed(35);
  const inp = rand(4);
  const v = rand(4);
  const r = (fn: AnyFn, strict: boolean) =>
    api === "hessian" ? AF.hessian(fn, inp, { strict }) : AF[api](fn, inp, v, { strict });
  upstream(
    `test_${api}_err_check_strict`,
    "hp_err_check_strict",
    { api, inp, v },
    {
      detached_strict: () => err(() => r(detachedSum, true)),
      detached: () => r(detachedSum, false),
      disconnected_strict: () => err(() => r(disconnectedSum, true)),
      disconnected: () => r(disconnectedSum, false),
      linear_strict: () => err(() => r(linearSum, true)),
      linear: () => r(linearSum, false),
    },
  );
}

for (const api of ["vhp", "hvp"] as const) {
  const f = AF[api];
  {
    torch.manualSeed(40);
    const [inp, v, v5, a, b, va, vb] = [rand(4), rand(4), rand(5), rand(4), rand(5), rand(4), rand(5)];
    upstream(
      `test_${api}_err_check`,
      "hp_err_check",
      { api, inp, v, v5, a, b, va, vb },
      {
        inputs: () => err(() => f(narrow3ExpSum, [inp, 2 as unknown as Tensor], v)),
        outputs: () => err(() => f(narrow3Str, inp, v)),
        single_element: () => err(() => f(narrow3, inp, v)),
        v_size: () => err(() => f(narrow3ExpSum, inp, v5)),
        v_type: () => err(() => f(narrow3ExpSum, inp, [v, 2 as unknown as Tensor])),
        single: () => f(narrow3ExpSum, inp, v),
        multi: () => f(narrowProdSum, [a, b], [va, vb]),
      },
    );
  }
  {
    torch.manualSeed(41);
    const inputs = rand(4, 4);
    const v = ones(4, 4);
    const rec = (r: [Tensor, unknown]) => [r, none(r[0]), none(r[1] as Tensor)];
    upstream(
      `test_${api}_no_grad`,
      "no_grad",
      { api, inputs, v },
      {
        plain: () => rec(torch.noGrad(() => f(expSum, inputs, v))),
        create_graph: () => rec(torch.noGrad(() => f(expSum, inputs, v, { createGraph: true }))),
      },
    );
  }
  {
    torch.manualSeed(42);
    const [x, a, b] = [rand(4, 4), rand(3), rand(4)];
    upstream(
      `test_${api}_output`,
      "hp_output",
      { api, x, a, b },
      {
        single: () => {
          const r = f(narrow3ExpSum, x, ones(4, 4));
          return [r, none(r[0]), none(r[1] as Tensor)];
        },
        multi: () => {
          const [o, val] = f(narrowExpBar, [a, b], [ones(3), ones(4)]) as [Tensor, Tensor[]];
          return [[o, val], none(o), none(val[0] as Tensor), none(val[1] as Tensor)];
        },
      },
    );
  }
  {
    torch.manualSeed(43);
    const [x, s, vs, y, vy] = [rand(4, 4), torch.rand([]), torch.rand([]), rand(4, 4), rand(4, 4)];
    const fn = api === "vhp" ? reducer : expSum;
    const bad = api === "vhp" ? badReducer : badExpReducer;
    upstream(
      `test_${api}_scalar`,
      "hp_scalar",
      { api, x, s, vs, y, vy },
      {
        reducer: () => f(fn, x, ones(4, 4)),
        zero_dim: () => f(fn, s, vs),
        zero_dim_no_v: () => f(fn, s),
        bad_reducer: () => f(bad, y, vy),
      },
    );
  }
  {
    torch.manualSeed(44);
    const [x, a, b] = [randD(4, 4), randD(3), randD(4)];
    const gc = torch.autograd.gradcheck;
    const ggc = torch.autograd.gradgradcheck;
    const vOnes = () => [onesD(3).requiresGrad_(true), onesD(4).requiresGrad_(true)];
    const fooP = (...args: Tensor[]) => {
      const [x0, y] = args as [Tensor, Tensor];
      const xc = x0.cos();
      const [val, grad] = f(narrowExpBar, [xc, y], args.slice(2), { createGraph: true }) as [Tensor, Tensor[]];
      return val
        .cos()
        .add((grad[0] as Tensor).cos().sum())
        .add((grad[1] as Tensor).cos())
        .add(xc.cos().sum())
        .add(y.cos());
    };
    upstream(
      `test_${api}_create_graph`,
      "hp_create_graph",
      { api, x, a, b },
      {
        single: () => {
          const r = f(narrow3ExpSum, rg(x), onesD(4, 4).requiresGrad_(true), { createGraph: true });
          return [r, none(r[0]), none(r[1] as Tensor)];
        },
        single_checks: () => {
          const i = [rg(x), onesD(4, 4).requiresGrad_(true)];
          const g = (inp: Tensor, w: Tensor) => f(narrow3ExpSum, inp, w, { createGraph: true }) as Tensor[];
          return [gc(g, i), ggc(g, i)];
        },
        multi: () => {
          const [o, val] = f(narrowExpBar, [rg(a), rg(b)], vOnes(), { createGraph: true }) as [Tensor, Tensor[]];
          return [[o, val], none(o), none(val[0] as Tensor), none(val[1] as Tensor)];
        },
        multi_checks: () => {
          const args = [rg(a), rg(b), ...vOnes()];
          const g = (...t: Tensor[]) =>
            f(narrowExpBar, t.slice(0, 2), t.slice(2), { createGraph: true })[1] as Tensor[];
          return [gc(g, args), ggc(g, args)];
        },
        foo_grads: () => {
          const args = [rg(a), rg(b), ...vOnes()];
          fooP(...args)
            .sum()
            .backward();
          return args.map((t) => t.grad);
        },
        foo_checks: () => {
          const args = [rg(a), rg(b), ...vOnes()];
          return [gc(fooP, args), ggc(fooP, args)];
        },
      },
    );
  }
}

// ---- consistency between the functions ----
describe("test_jacobian_match_vjp_jvp / test_hessian_match_vhp_hvp", () => {
  it("test_jacobian_match_vjp_jvp", async () => {
    torch.manualSeed(50);
    const [inputs, v] = [rand(4), rand(4)];
    const jac = AF.jacobian(cubePlusSum, inputs) as Tensor;
    const jvp = AF.jvp(cubePlusSum, inputs, v)[1] as Tensor;
    const vjp = AF.vjp(cubePlusSum, inputs, v)[1] as Tensor;
    const mine = [jac, jvp, vjp, torch.mm(jac, v.unsqueeze(1)).squeeze(1), torch.mm(v.unsqueeze(0), jac).squeeze(0)];
    close(mine, await py.call(`${M}.jacobian_match_vjp_jvp`, { inputs, v }), "jac, jvp, vjp, J v, v J");
    close(jvp, mine[3], "jvp == J v");
    close(vjp, mine[4], "vjp == v J");
  });
  it("test_hessian_match_vhp_hvp", async () => {
    torch.manualSeed(51);
    const [inputs, v] = [rand(4), rand(4)];
    const hes = AF.hessian(narrow3ExpSum, inputs) as Tensor;
    const hvp = AF.hvp(narrow3ExpSum, inputs, v)[1] as Tensor;
    const vhp = AF.vhp(narrow3ExpSum, inputs, v)[1] as Tensor;
    const mine = [hes, hvp, vhp, torch.mm(hes, v.unsqueeze(1)).squeeze(1), torch.mm(v.unsqueeze(0), hes).squeeze(0)];
    close(mine, await py.call(`${M}.hessian_match_vhp_hvp`, { inputs, v }), "hes, hvp, vhp, H v, v H");
    close(hvp, mine[3], "hvp == H v");
    close(vhp, mine[4], "vhp == v H");
  });
});
