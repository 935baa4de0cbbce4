// torch.distributions against live PyTorch 1.13 on the same parameters: draws under the same seed,
// reparameterized gradients, log-densities, moments, cdf/icdf, expand, validation messages and
// kl_divergence (lib/distributions).
import * as assert from "node:assert/strict";
import { afterAll, describe, expect, it } from "vitest";
import type { Tensor } from "../lib";
import * as torch from "../lib";
import * as D from "../lib/distributions";
import { klExpfamilyExpfamily } from "../lib/distributions/kl";
import { expectTensor } from "./helpers/assert";
import { PyTorch, type PyValue } from "./helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());

type Params = Record<string, Tensor>;
const f32 = (x: torch.NestedArray): Tensor => torch.tensor(x, { dtype: "float32" });
type Tol = { rtol?: number; atol?: number };
// Equal values, NaN matching NaN (expectTensor compares exactly only without a tolerance).
const SAME_NAN: Tol = { rtol: 1e-12 };

// A property or method of a distribution: [torchts name, PyTorch name, how it is called].
type Member = [string, string, "get" | "call" | "value" | "q" | "expand"];
const MEMBERS: Record<string, Member> = {
  mean: ["mean", "mean", "get"],
  mode: ["mode", "mode", "get"],
  variance: ["variance", "variance", "get"],
  stddev: ["stddev", "stddev", "get"],
  entropy: ["entropy", "entropy", "call"],
  perplexity: ["perplexity", "perplexity", "call"],
  cdf: ["cdf", "cdf", "value"],
  icdf: ["icdf", "icdf", "q"],
  enumerateSupport: ["enumerateSupport", "enumerate_support", "expand"],
  probs: ["probs", "probs", "get"],
  logits: ["logits", "logits", "get"],
  covarianceMatrix: ["covarianceMatrix", "covariance_matrix", "get"],
  precisionMatrix: ["precisionMatrix", "precision_matrix", "get"],
  scaleTril: ["scaleTril", "scale_tril", "get"],
};

interface Case {
  /** Builds the distribution from the parameters (float ones require grad). */
  make: (p: Params) => D.Distribution;
  /** The same in Python, over the same names. */
  py: string;
  params: Params;
  /** A value in the support, for logProb and cdf. */
  value: Tensor;
  /** Probabilities for icdf. */
  q?: Tensor;
  sampleShape: number[];
  expandShape: number[];
  members: string[];
  tol?: Tol;
}

function snake(k: string): string {
  return k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

const PY_BATTERY = `import torch.distributions as D
P = {k: (v.clone().requires_grad_() if v.is_floating_point() else v) for k, v in params.items()}
fl = [P[k] for k in P if P[k].requires_grad]
d = eval(expr, {"D": D, "torch": torch, **P})
res = {"repr0": repr(d), "batch": list(d.batch_shape), "event": list(d.event_shape), "support": repr(d.support),
       "args": {k: repr(c) for k, c in d.arg_constraints.items()}, "has_rsample": d.has_rsample,
       "has_enum": d.has_enumerate_support}
torch.manual_seed(3)
res["sample"] = d.sample(sample_shape)
res["sample0"] = d.sample()
if d.has_rsample:
    torch.manual_seed(4)
    r = d.rsample(sample_shape)
    res["rsample"] = r
    res["rgrads"] = list(torch.autograd.grad(r.pow(2).sum(), fl, allow_unused=True, retain_graph=True)) if fl else []
lp = d.log_prob(value)
res["log_prob"] = lp
res["lgrads"] = list(torch.autograd.grad(lp.sum(), fl, allow_unused=True, retain_graph=True)) if fl else []
for ts, pyname, how in members:
    if how == "get": res[ts] = getattr(d, pyname)
    elif how == "call": res[ts] = getattr(d, pyname)()
    elif how == "value": res[ts] = getattr(d, pyname)(value)
    elif how == "q": res[ts] = getattr(d, pyname)(q)
    else: res[ts] = [getattr(d, pyname)(), getattr(d, pyname)(expand=False)]
e = d.expand(expand_shape)
torch.manual_seed(5)
res["e_sample"] = e.sample([2])
res["e_batch"] = list(e.batch_shape)
res["e_log_prob"] = e.log_prob(value)
res["e_mean"] = e.mean
res["repr1"] = repr(d)
out = res`;

function grads(out: Tensor, params: Tensor[]): Array<Tensor | null> {
  return params.length === 0 ? [] : torch.autograd.grad(out, params, { allowUnused: true, retainGraph: true });
}

async function battery(c: Case): Promise<void> {
  const P: Params = Object.fromEntries(
    Object.entries(c.params).map(([k, v]) => [k, v.isFloatingPoint() ? v.clone().requiresGrad_() : v]),
  );
  const fl = Object.values(P).filter((v) => v.requiresGrad);
  const d = c.make(P);
  const mine: Record<string, unknown> = {
    repr0: d.toString(),
    batch: d.batchShape,
    event: d.eventShape,
    support: d.support.toString(),
    args: Object.fromEntries(Object.entries(d.argConstraints).map(([k, v]) => [snake(k), v.toString()])),
    has_rsample: d.hasRsample,
    has_enum: d.hasEnumerateSupport,
  };
  torch.manualSeed(3);
  mine.sample = d.sample(c.sampleShape);
  mine.sample0 = d.sample();
  if (d.hasRsample) {
    torch.manualSeed(4);
    const r = d.rsample(c.sampleShape);
    mine.rsample = r;
    mine.rgrads = grads(r.pow(2).sum(), fl);
  }
  const lp = d.logProb(c.value);
  mine.log_prob = lp;
  mine.lgrads = grads(lp.sum(), fl);
  const members = c.members.map((m) => MEMBERS[m]);
  const dd = d as unknown as Record<string, unknown>;
  for (const [ts, , how] of members) {
    if (how === "get") mine[ts] = dd[ts];
    else if (how === "call") mine[ts] = (dd[ts] as () => Tensor).call(d);
    else if (how === "value") mine[ts] = (dd[ts] as (v: Tensor) => Tensor).call(d, c.value);
    else if (how === "q") mine[ts] = (dd[ts] as (v: Tensor) => Tensor).call(d, c.q as Tensor);
    else mine[ts] = [d.enumerateSupport(), d.enumerateSupport(false)];
  }
  const e = d.expand(c.expandShape);
  torch.manualSeed(5);
  mine.e_sample = e.sample([2]);
  mine.e_batch = e.batchShape;
  mine.e_log_prob = e.logProb(c.value);
  mine.e_mean = e.mean;
  mine.repr1 = d.toString();

  const ref = (await py.eval(PY_BATTERY, {
    params: c.params,
    expr: c.py,
    value: c.value,
    q: c.q ?? null,
    sample_shape: c.sampleShape,
    expand_shape: c.expandShape,
    members,
  })) as Record<string, PyValue>;
  assert.deepEqual(Object.keys(mine).sort(), Object.keys(ref).sort(), `${c.py}: the same members were computed`);
  for (const [k, v] of Object.entries(mine)) compare(v, ref[k], k, c);
}

function compare(mine: unknown, ref: PyValue, what: string, c: Case): void {
  if (mine instanceof torch.Tensor) {
    // Samples and the values computed from them are exact; NaN results (mean of a Categorical) match NaN.
    const tol = mine.isFloatingPoint() && mine.isnan().any().item() ? SAME_NAN : (c.tol ?? {});
    expectTensor(mine.detach(), ref, tol, `${c.py}: ${what}`);
  } else if (Array.isArray(mine)) {
    assert.ok(Array.isArray(ref), `${c.py}: ${what}: PyTorch returned no list`);
    assert.equal(mine.length, ref.length, `${c.py}: ${what}: length`);
    for (const [i, m] of mine.entries()) compare(m, (ref as PyValue[])[i], `${what}[${i}]`, c);
  } else if (mine !== null && typeof mine === "object") {
    assert.deepEqual(mine, ref, `${c.py}: ${what}`);
  } else {
    assert.equal(mine, ref, `${c.py}: ${what}`);
  }
}

/** fn raises what the Python statement raises: the same class and the whole message. */
async function expectSameError(fn: () => unknown, stmt: string, inputs: Record<string, unknown> = {}): Promise<void> {
  const ref = (await py.eval(
    `import torch.distributions as D
f32 = lambda x: torch.tensor(x, dtype=torch.float32)
try:
${stmt
  .split("\n")
  .map((l) => `    ${l}`)
  .join("\n")}
    out = None
except Exception as e:
    out = [type(e).__name__, str(e)]`,
    inputs,
  )) as [string, string] | null;
  assert.ok(ref !== null, `PyTorch raised nothing for ${stmt}`);
  let err: Error | undefined;
  try {
    fn();
  } catch (e) {
    err = e as Error;
  }
  assert.ok(err instanceof Error, `torchts raised nothing for ${stmt}`);
  assert.equal(err.name, ref[0], stmt);
  assert.equal(err.message, ref[1], stmt);
}

torch.manualSeed(0);
const loc23 = torch.randn([2, 3]);
const scale23 = torch.rand([2, 3]).add(0.5);
const value23 = torch.randn([2, 3]);
const q23 = torch.rand([2, 3]).mul(0.98).add(0.01);

describe("Normal", () => {
  it("draws, rsample gradients, logProb, moments, cdf/icdf, expand and repr as PyTorch", async () => {
    await battery({
      make: (p) => new D.Normal(p.loc, p.scale),
      py: "D.Normal(loc, scale)",
      params: { loc: loc23, scale: scale23 },
      value: value23,
      q: q23,
      sampleShape: [4],
      expandShape: [5, 2, 3],
      members: ["mean", "mode", "variance", "stddev", "entropy", "perplexity", "cdf", "icdf"],
    });
  });
  it("number parameters broadcast with a tensor, and a scalar distribution from numbers", async () => {
    await battery({
      make: (p) => new D.Normal(p.loc, 2),
      py: "D.Normal(loc, 2)",
      params: { loc: torch.randn([3]) },
      value: torch.randn([3]),
      q: torch.tensor([0.1, 0.5, 0.9]),
      sampleShape: [2, 2],
      expandShape: [4, 3],
      members: ["mean", "variance", "entropy", "cdf", "icdf"],
    });
    await battery({
      make: () => new D.Normal(0.5, 1.5),
      py: "D.Normal(0.5, 1.5)",
      params: {},
      value: torch.tensor(0.25),
      q: torch.tensor(0.3),
      sampleShape: [3],
      expandShape: [2],
      members: ["mean", "stddev", "entropy", "cdf", "icdf"],
    });
  });
  it("float64 parameters keep their dtype in draws and densities", async () => {
    await battery({
      make: (p) => new D.Normal(p.loc, p.scale),
      py: "D.Normal(loc, scale)",
      params: { loc: loc23.double(), scale: scale23.double() },
      value: value23.double(),
      q: q23.double(),
      sampleShape: [3],
      expandShape: [2, 2, 3],
      members: ["mean", "variance", "entropy", "cdf", "icdf"],
    });
  });
  it("ExponentialFamily's autograd entropy gives PyTorch's values", async () => {
    const d = new D.Normal(loc23, scale23);
    const ref = await py.eval(
      "import torch.distributions as D\nout = D.ExponentialFamily.entropy(D.Normal(loc, scale))",
      { loc: loc23, scale: scale23 },
    );
    expectTensor(D.ExponentialFamily.prototype.entropy.call(d).detach(), ref, {}, "entropy");
  });
});

describe("Bernoulli", () => {
  const probs = torch.rand([3, 4]).mul(0.9).add(0.05);
  const value = torch.bernoulli(torch.full([3, 4], 0.5));
  const members = [
    "mean",
    "mode",
    "variance",
    "stddev",
    "entropy",
    "perplexity",
    "enumerateSupport",
    "probs",
    "logits",
  ];
  it("from probs: draws, logProb and its gradients, moments, enumerateSupport, expand and repr", async () => {
    await battery({
      make: (p) => new D.Bernoulli({ probs: p.probs }),
      py: "D.Bernoulli(probs=probs)",
      params: { probs },
      value,
      sampleShape: [2],
      expandShape: [2, 3, 4],
      members,
    });
  });
  it("from logits, from a number, and the positional probs form", async () => {
    await battery({
      make: (p) => new D.Bernoulli({ logits: p.logits }),
      py: "D.Bernoulli(logits=logits)",
      params: { logits: torch.randn([3, 4]) },
      value,
      sampleShape: [2],
      expandShape: [2, 3, 4],
      members,
    });
    await battery({
      make: () => new D.Bernoulli({ probs: 0.3 }),
      py: "D.Bernoulli(probs=0.3)",
      params: {},
      value: torch.tensor([1, 0, 1], { dtype: "float32" }),
      sampleShape: [5],
      expandShape: [3],
      members,
    });
    await battery({
      make: (p) => new D.Bernoulli(p.probs),
      py: "D.Bernoulli(probs)",
      params: { probs: torch.tensor([0.5, 0.2, 0.7]) },
      value: torch.tensor([1, 0, 1], { dtype: "float32" }),
      sampleShape: [],
      expandShape: [2, 3],
      members,
    });
  });
});

describe("Categorical and OneHotCategorical", () => {
  const probs = torch.rand([2, 5]).add(0.05);
  const value = torch.tensor([
    [0, 4],
    [3, 1],
    [2, 2],
  ]);
  const members = ["mean", "mode", "variance", "entropy", "perplexity", "enumerateSupport", "probs", "logits"];
  it("Categorical from probs and from logits: draws, logProb, entropy, enumerateSupport, expand", async () => {
    await battery({
      make: (p) => new D.Categorical({ probs: p.probs }),
      py: "D.Categorical(probs=probs)",
      params: { probs },
      value,
      sampleShape: [3, 2],
      expandShape: [3, 2],
      members,
    });
    await battery({
      make: (p) => new D.Categorical({ logits: p.logits }),
      py: "D.Categorical(logits=logits)",
      params: { logits: torch.randn([2, 5]) },
      value,
      sampleShape: [3],
      expandShape: [3, 2],
      members,
    });
  });
  it("Categorical without batch dimensions, and with a zero probability", async () => {
    await battery({
      make: (p) => new D.Categorical(p.probs),
      py: "D.Categorical(probs)",
      params: { probs: torch.tensor([0.2, 0.0, 0.5, 0.3]) },
      value: torch.tensor([3, 0, 2]),
      sampleShape: [6],
      expandShape: [3],
      members,
    });
  });
  it("OneHotCategorical and its straight-through variant", async () => {
    const oh = torch.nn.functional.oneHot(value, 5).float();
    const ohMembers = ["mean", "mode", "variance", "entropy", "enumerateSupport", "probs", "logits"];
    await battery({
      make: (p) => new D.OneHotCategorical({ probs: p.probs }),
      py: "D.OneHotCategorical(probs=probs)",
      params: { probs },
      value: oh,
      sampleShape: [3],
      expandShape: [3, 2],
      members: ohMembers,
    });
    await battery({
      make: (p) => new D.OneHotCategoricalStraightThrough({ logits: p.logits }),
      py: "D.OneHotCategoricalStraightThrough(logits=logits)",
      params: { logits: torch.randn([2, 5]) },
      value: oh,
      sampleShape: [3],
      expandShape: [3, 2],
      members: ohMembers,
    });
  });
});

describe("Uniform, Exponential, Laplace, Gamma, Poisson", () => {
  it("Uniform", async () => {
    const low = torch.randn([2, 3]);
    await battery({
      make: (p) => new D.Uniform(p.low, p.high),
      py: "D.Uniform(low, high)",
      params: { low, high: low.add(torch.rand([2, 3])).add(0.5) },
      value: low.add(0.25),
      q: q23,
      sampleShape: [3],
      expandShape: [4, 2, 3],
      members: ["mean", "mode", "variance", "stddev", "entropy", "perplexity", "cdf", "icdf"],
    });
    await battery({
      make: () => new D.Uniform(-1, 2),
      py: "D.Uniform(-1, 2)",
      params: {},
      value: torch.tensor([-1, 0.5, 1.9]),
      q: torch.tensor([0, 0.5, 1]),
      sampleShape: [3],
      expandShape: [3],
      members: ["mean", "variance", "entropy", "cdf", "icdf"],
    });
  });
  it("Exponential", async () => {
    await battery({
      make: (p) => new D.Exponential(p.rate),
      py: "D.Exponential(rate)",
      params: { rate: scale23 },
      value: value23.abs(),
      q: q23,
      sampleShape: [3],
      expandShape: [2, 2, 3],
      members: ["mean", "mode", "variance", "stddev", "entropy", "perplexity", "cdf", "icdf"],
    });
  });
  it("Laplace", async () => {
    await battery({
      make: (p) => new D.Laplace(p.loc, p.scale),
      py: "D.Laplace(loc, scale)",
      params: { loc: loc23, scale: scale23 },
      value: value23,
      q: q23,
      sampleShape: [3],
      expandShape: [2, 2, 3],
      members: ["mean", "mode", "variance", "stddev", "entropy", "perplexity", "cdf", "icdf"],
    });
  });
  it("Gamma (rsample through _standard_gamma's gradient)", async () => {
    await battery({
      make: (p) => new D.Gamma(p.concentration, p.rate),
      py: "D.Gamma(concentration, rate)",
      params: { concentration: scale23.mul(3), rate: scale23.flip(0) },
      value: value23.abs().add(0.1),
      sampleShape: [3],
      expandShape: [2, 2, 3],
      members: ["mean", "mode", "variance", "stddev", "entropy", "perplexity"],
    });
  });
  it("Beta and Dirichlet (rsample through _sample_dirichlet's reparameterized gradient)", async () => {
    await battery({
      make: (p) => new D.Beta(p.a, p.b),
      py: "D.Beta(a, b)",
      params: { a: scale23.mul(2), b: scale23.flip(1) },
      value: q23,
      sampleShape: [3],
      expandShape: [2, 2, 3],
      members: ["mean", "mode", "variance", "stddev", "entropy", "perplexity"],
    });
    await battery({
      make: () => new D.Beta(2, 3),
      py: "D.Beta(2, 3)",
      params: {},
      value: torch.tensor([0.1, 0.5]),
      sampleShape: [4],
      expandShape: [2],
      members: ["mean", "mode", "variance", "entropy"],
    });
    await battery({
      make: (p) => new D.Dirichlet(p.c),
      py: "D.Dirichlet(c)",
      params: {
        c: torch.tensor([
          [0.5, 0.7, 0.2],
          [2.0, 3.0, 1.5],
        ]),
      },
      value: torch.tensor([
        [0.2, 0.3, 0.5],
        [0.6, 0.3, 0.1],
      ]),
      sampleShape: [3],
      expandShape: [4, 2],
      members: ["mean", "mode", "variance", "stddev", "entropy"],
    });
  });
  it("Poisson", async () => {
    await battery({
      make: (p) => new D.Poisson(p.rate),
      py: "D.Poisson(rate)",
      params: { rate: scale23.mul(4) },
      value: torch
        .tensor([
          [0, 1, 2],
          [5, 3, 0],
        ])
        .float(),
      sampleShape: [3],
      expandShape: [2, 2, 3],
      members: ["mean", "mode", "variance", "stddev"],
    });
  });
  it("ExponentialFamily entropy for Exponential, Gamma and Bernoulli as PyTorch computes it", async () => {
    const rate = scale23;
    const dists: Array<[D.ExponentialFamily, string]> = [
      [new D.Exponential(rate), "D.Exponential(rate)"],
      [new D.Gamma(rate.mul(3), rate), "D.Gamma(rate * 3, rate)"],
      [new D.Bernoulli({ probs: q23 }), "D.Bernoulli(probs=q)"],
    ];
    for (const [d, expr] of dists) {
      const ref = await py.eval(`import torch.distributions as D\nout = D.ExponentialFamily.entropy(${expr})`, {
        rate,
        q: q23,
      });
      expectTensor(D.ExponentialFamily.prototype.entropy.call(d).detach(), ref, {}, expr);
    }
  });
});

describe("Independent and MultivariateNormal", () => {
  it("Independent over a Normal: event dims, logProb sums, support, expand, repr", async () => {
    await battery({
      make: (p) => new D.Independent(new D.Normal(p.loc, p.scale), 1),
      py: "D.Independent(D.Normal(loc, scale), 1)",
      params: { loc: loc23, scale: scale23 },
      value: value23,
      sampleShape: [3],
      expandShape: [4, 2],
      members: ["mean", "mode", "variance", "stddev", "entropy", "perplexity"],
    });
    await battery({
      make: (p) => new D.Independent(new D.Bernoulli({ probs: p.probs }), 0),
      py: "D.Independent(D.Bernoulli(probs=probs), 0)",
      params: { probs: q23 },
      value: torch.bernoulli(torch.full([2, 3], 0.5)),
      sampleShape: [2],
      expandShape: [2, 2, 3],
      members: ["mean", "entropy", "enumerateSupport"],
    });
  });
  const A = torch.randn([2, 3, 3]);
  const cov = A.matmul(A.mT).add(torch.eye(3));
  const mvnMembers = [
    "mean",
    "mode",
    "variance",
    "stddev",
    "entropy",
    "covarianceMatrix",
    "precisionMatrix",
    "scaleTril",
  ];
  it("MultivariateNormal from each of covarianceMatrix, precisionMatrix and scaleTril", async () => {
    const tol = { rtol: 1e-5, atol: 1e-6 };
    for (const [key, pyKey, m] of [
      ["covarianceMatrix", "covariance_matrix", cov],
      ["precisionMatrix", "precision_matrix", torch.linalg.inv(cov)],
      ["scaleTril", "scale_tril", torch.linalg.cholesky(cov)],
    ] as const) {
      await battery({
        make: (p) => new D.MultivariateNormal(p.loc, { [key]: p.m }),
        py: `D.MultivariateNormal(loc, ${pyKey}=m)`,
        params: { loc: loc23, m },
        value: torch.randn([4, 2, 3]),
        sampleShape: [4],
        expandShape: [4, 2],
        members: mvnMembers,
        // Triangular solves and Cholesky go through LAPACK/BLAS, whose blocking may differ by an ulp.
        tol,
      });
    }
  });
  it("MultivariateNormal broadcasting one matrix over a batch of means", async () => {
    await battery({
      make: (p) => new D.MultivariateNormal(p.loc, { covarianceMatrix: p.m }),
      py: "D.MultivariateNormal(loc, covariance_matrix=m)",
      params: { loc: torch.randn([4, 3]), m: cov.select(0, 1) },
      value: torch.randn([2, 4, 3]),
      sampleShape: [2],
      expandShape: [2, 4],
      members: mvnMembers,
      tol: { rtol: 1e-5, atol: 1e-6 },
    });
  });
});

describe("validation: PyTorch's errors and messages", () => {
  const neg = f32([1.0, -0.5, 2.0]);
  const cases: Array<[() => unknown, string, Record<string, unknown>?]> = [
    [() => new D.Normal(torch.zeros([3]), neg), "D.Normal(torch.zeros(3), neg)", { neg }],
    [() => new D.Normal(0, -1), "D.Normal(0., -1.)"],
    [() => new D.Normal(f32([0, Number.NaN]), 1), "D.Normal(f32([0, float('nan')]), 1.)"],
    [() => new D.Normal(0, 1).logProb(f32([Number.NaN])), "D.Normal(0., 1.).log_prob(f32([float('nan')]))"],
    [
      () => new D.Normal(torch.zeros([3]), 1).logProb(torch.zeros([2])),
      "D.Normal(torch.zeros(3), 1.).log_prob(torch.zeros(2))",
    ],
    [
      () => new D.Normal(torch.zeros([3]), 1).logProb(3 as unknown as Tensor),
      "D.Normal(torch.zeros(3), 1.).log_prob(3)",
    ],
    [() => new D.Bernoulli({ probs: 1.5 }), "D.Bernoulli(probs=1.5)"],
    [() => new D.Bernoulli({}), "D.Bernoulli()"],
    [() => new D.Bernoulli({ probs: 0.5, logits: 0 }), "D.Bernoulli(probs=0.5, logits=0.)"],
    [
      () => new D.Bernoulli({ probs: f32([0.5, 0.2]) }).logProb(f32([0.5, 1])),
      "D.Bernoulli(probs=f32([0.5, 0.2])).log_prob(f32([0.5, 1]))",
    ],
    [() => new D.Categorical({ probs: f32([0.5, -0.2, 0.7]) }), "D.Categorical(probs=f32([0.5, -0.2, 0.7]))"],
    [() => new D.Categorical({ probs: f32(0.5) }), "D.Categorical(probs=f32(0.5))"],
    [() => new D.Categorical({ logits: f32(0.5) }), "D.Categorical(logits=f32(0.5))"],
    [
      () => new D.Categorical({ logits: torch.zeros([2, 3]) }).logProb(torch.tensor([1, 3])),
      "D.Categorical(logits=torch.zeros(2, 3)).log_prob(torch.tensor([1, 3]))",
    ],
    [
      () => new D.OneHotCategorical({ probs: torch.ones([3]) }).logProb(f32([1.0, 1.0, 0.0])),
      "D.OneHotCategorical(probs=torch.ones(3)).log_prob(f32([1., 1., 0.]))",
    ],
    [() => new D.Uniform(1, 0), "D.Uniform(1., 0.)"],
    [
      () => new D.Uniform(torch.zeros([2]), torch.ones([2])).logProb(f32([0.5, 1.5])),
      "D.Uniform(torch.zeros(2), torch.ones(2)).log_prob(f32([0.5, 1.5]))",
    ],
    [() => new D.Exponential(f32([1, -1.0])), "D.Exponential(f32([1, -1.]))"],
    [() => new D.Exponential(2).logProb(f32(-1.0)), "D.Exponential(2.).log_prob(f32(-1.))"],
    [() => new D.Laplace(0, f32([0.0])), "D.Laplace(0., f32([0.]))"],
    [() => new D.Gamma(f32([1.0, 0.0]), 1), "D.Gamma(f32([1., 0.]), 1.)"],
    [() => new D.Gamma(1, 1).logProb(f32(-2.0)), "D.Gamma(1., 1.).log_prob(f32(-2.))"],
    [() => new D.Poisson(f32([-1.0])), "D.Poisson(f32([-1.]))"],
    [() => new D.Beta(f32([1.0, -1.0]), 1), "D.Beta(f32([1., -1.]), 1.)"],
    [() => new D.Beta(2, 2).logProb(f32(1.5)), "D.Beta(2., 2.).log_prob(f32(1.5))"],
    [() => new D.Dirichlet(f32([1.0, 0.0])), "D.Dirichlet(f32([1., 0.]))"],
    [() => new D.Dirichlet(f32(1.0)), "D.Dirichlet(f32(1.))"],
    [
      () => new D.Dirichlet(f32([1.0, 1.0])).logProb(f32([0.2, 0.2])),
      "D.Dirichlet(f32([1., 1.])).log_prob(f32([0.2, 0.2]))",
    ],
    [() => new D.Poisson(2).logProb(f32(1.5)), "D.Poisson(2.).log_prob(f32(1.5))"],
    [() => new D.Independent(new D.Normal(torch.zeros([3]), 1), 2), "D.Independent(D.Normal(torch.zeros(3), 1.), 2)"],
    [
      () => new D.Independent(new D.Normal(torch.zeros([2, 3]), 1), 1).enumerateSupport(),
      "D.Independent(D.Normal(torch.zeros(2, 3), 1.), 1).enumerate_support()",
    ],
    [
      () =>
        new D.MultivariateNormal(torch.zeros([2]), {
          covarianceMatrix: f32([
            [1, 2],
            [2, 1],
          ]),
        }),
      "D.MultivariateNormal(torch.zeros(2), covariance_matrix=f32([[1., 2.], [2., 1.]]))",
    ],
    [
      () =>
        new D.MultivariateNormal(torch.zeros([2]), {
          scaleTril: f32([
            [1, 0],
            [2, -1],
          ]),
        }),
      "D.MultivariateNormal(torch.zeros(2), scale_tril=f32([[1., 0.], [2., -1.]]))",
    ],
    [
      () => new D.MultivariateNormal(torch.zeros([2]), { covarianceMatrix: torch.eye(2), scaleTril: torch.eye(2) }),
      "D.MultivariateNormal(torch.zeros(2), covariance_matrix=torch.eye(2), scale_tril=torch.eye(2))",
    ],
    [
      () => new D.MultivariateNormal(f32(0.0), { covarianceMatrix: torch.eye(2) }),
      "D.MultivariateNormal(f32(0.), covariance_matrix=torch.eye(2))",
    ],
    [
      () => new D.MultivariateNormal(torch.zeros([3]), { scaleTril: torch.eye(3) }).logProb(torch.zeros([2])),
      "D.MultivariateNormal(torch.zeros(3), scale_tril=torch.eye(3)).log_prob(torch.zeros(2))",
    ],
  ];
  it("invalid parameters and out-of-support values raise PyTorch's ValueError, word for word", async () => {
    for (const [fn, stmt, inputs] of cases) await expectSameError(fn, stmt, inputs);
  });
  it("validateArgs: false and setDefaultValidateArgs(false) turn validation off", async () => {
    expect(new D.Normal(0, -1, { validateArgs: false }).logProb(f32(0.0)).isnan().item()).toBe(true);
    const lenient = new D.Normal(0, 1, { validateArgs: false });
    expect(lenient.expand([2])._validateArgs).toBe(false);
    D.Distribution.setDefaultValidateArgs(false);
    try {
      const d = new D.Exponential(-1);
      expect(d._validateArgs).toBe(false);
      expect(new D.Normal(0, 1, { validateArgs: true })._validateArgs).toBe(true);
    } finally {
      D.Distribution.setDefaultValidateArgs(true);
    }
    expect(() => new D.Exponential(-1)).toThrow(/Expected parameter rate/);
    expect(() => D.Distribution.setDefaultValidateArgs(1 as unknown as boolean)).toThrow(torch.ValueError);
    expect(() => new D.Normal(0, 1, { validate: true } as never)).toThrow(
      "__init__() got an unexpected keyword argument 'validate'",
    );
  });
  it("the constraints' reprs and checks", async () => {
    const x = f32([-1.0, 0.0, 0.5, 1.0, 2.0, Number.NaN]);
    const C = D.constraints;
    const mine: [string, Tensor][] = [
      [C.real.toString(), C.real.check(x)],
      [C.positive.toString(), C.positive.check(x)],
      [C.nonnegative.toString(), C.nonnegative.check(x)],
      [C.unitInterval.toString(), C.unitInterval.check(x)],
      [C.boolean.toString(), C.boolean.check(x)],
      [C.nonnegativeInteger.toString(), C.nonnegativeInteger.check(x)],
      [C.positiveInteger.toString(), C.positiveInteger.check(x)],
      [C.integerInterval(0, 1).toString(), C.integerInterval(0, 1).check(x)],
      [C.halfOpenInterval(0, 1).toString(), C.halfOpenInterval(0, 1).check(x)],
      [C.lessThan(1).toString(), C.lessThan(1).check(x)],
      [C.realVector.toString(), C.realVector.check(x.view([2, 3]))],
      [
        C.simplex.toString(),
        C.simplex.check(
          f32([
            [0.5, 0.5],
            [0.2, 0.9],
          ]),
        ),
      ],
      [
        C.oneHot.toString(),
        C.oneHot.check(
          f32([
            [0.0, 1.0],
            [1.0, 1.0],
          ]),
        ),
      ],
      [
        C.lowerCholesky.toString(),
        C.lowerCholesky.check(
          f32([
            [
              [1.0, 0],
              [2, 1],
            ],
            [
              [1.0, 1],
              [0, 1],
            ],
          ]),
        ),
      ],
      [
        C.positiveDefinite.toString(),
        C.positiveDefinite.check(
          f32([
            [
              [2.0, 1],
              [1, 2],
            ],
            [
              [1.0, 2],
              [2, 1],
            ],
          ]),
        ),
      ],
      [
        C.positiveSemidefinite.toString(),
        C.positiveSemidefinite.check(
          f32([
            [1.0, 1],
            [1, 1],
          ]),
        ),
      ],
      [C.square.toString(), C.square.check(torch.zeros([2, 3, 3]))],
    ];
    const ref = (await py.eval(
      `C = torch.distributions.constraints
f32 = lambda x: torch.tensor(x, dtype=torch.float32)
out = [[repr(c), c.check(v)] for c, v in [
  (C.real, x), (C.positive, x), (C.nonnegative, x), (C.unit_interval, x), (C.boolean, x),
  (C.nonnegative_integer, x), (C.positive_integer, x), (C.integer_interval(0, 1), x),
  (C.half_open_interval(0., 1.), x), (C.less_than(1.), x), (C.real_vector, x.view(2, 3)),
  (C.simplex, f32([[0.5, 0.5], [0.2, 0.9]])), (C.one_hot, f32([[0., 1.], [1., 1.]])),
  (C.lower_cholesky, f32([[[1., 0], [2, 1]], [[1., 1], [0, 1]]])),
  (C.positive_definite, f32([[[2., 1], [1, 2]], [[1., 2], [2, 1]]])),
  (C.positive_semidefinite, f32([[1., 1], [1, 1]])), (C.square, torch.zeros(2, 3, 3))]]`,
      { x },
    )) as [string, Tensor][];
    assert.equal(mine.length, ref.length);
    mine.forEach(([r, t], i) => {
      assert.equal(r, ref[i][0]);
      expectTensor(t, ref[i][1], {}, r);
    });
    expect(() => C.dependent.check(x)).toThrow("Cannot determine validity of dependent constraint");
    expect(C.isDependent(new D.Uniform(0, 1).argConstraints.low)).toBe(true);
  });
});

describe("kl_divergence", () => {
  const P = (t: Tensor) => t.clone().requiresGrad_();
  const pairs: Array<[string, () => [D.Distribution, D.Distribution, Tensor[]], string, Record<string, Tensor>]> = [];
  const add = (
    expr: string,
    inputs: Record<string, Tensor>,
    make: (i: Record<string, Tensor>) => [D.Distribution, D.Distribution],
  ) =>
    pairs.push([
      expr,
      () => {
        const i = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, P(v)]));
        return [...make(i), Object.values(i)];
      },
      expr,
      inputs,
    ]);
  const a = loc23,
    b = scale23,
    c = value23,
    s = q23;
  add("D.Normal(a, b), D.Normal(c, s)", { a, b, c, s }, (i) => [new D.Normal(i.a, i.b), new D.Normal(i.c, i.s)]);
  add("D.Bernoulli(probs=s), D.Bernoulli(logits=c)", { s, c }, (i) => [
    new D.Bernoulli({ probs: i.s }),
    new D.Bernoulli({ logits: i.c }),
  ]);
  add("D.Categorical(probs=b), D.Categorical(logits=c)", { b, c }, (i) => [
    new D.Categorical({ probs: i.b }),
    new D.Categorical({ logits: i.c }),
  ]);
  add("D.OneHotCategorical(logits=a), D.OneHotCategorical(probs=s)", { a, s }, (i) => [
    new D.OneHotCategorical({ logits: i.a }),
    new D.OneHotCategorical({ probs: i.s }),
  ]);
  add("D.Uniform(a, a + b), D.Uniform(a - s, a + b + s)", { a, b, s }, (i) => [
    new D.Uniform(i.a, i.a.add(i.b)),
    new D.Uniform(i.a.sub(i.s), i.a.add(i.b).add(i.s)),
  ]);
  add("D.Uniform(a, a + b), D.Uniform(a + s, a + b + s)", { a, b, s }, (i) => [
    new D.Uniform(i.a, i.a.add(i.b)),
    new D.Uniform(i.a.add(i.s), i.a.add(i.b).add(i.s)),
  ]);
  add("D.Beta(b, s), D.Beta(s * 2, b)", { b, s }, (i) => [new D.Beta(i.b, i.s), new D.Beta(i.s.mul(2), i.b)]);
  add("D.Dirichlet(b), D.Dirichlet(s)", { b, s }, (i) => [new D.Dirichlet(i.b), new D.Dirichlet(i.s)]);
  add("D.Exponential(b), D.Exponential(s)", { b, s }, (i) => [new D.Exponential(i.b), new D.Exponential(i.s)]);
  add("D.Laplace(a, b), D.Laplace(c, s)", { a, b, c, s }, (i) => [new D.Laplace(i.a, i.b), new D.Laplace(i.c, i.s)]);
  add("D.Gamma(b, s), D.Gamma(s, b)", { b, s }, (i) => [new D.Gamma(i.b, i.s), new D.Gamma(i.s, i.b)]);
  add("D.Poisson(b), D.Poisson(s)", { b, s }, (i) => [new D.Poisson(i.b), new D.Poisson(i.s)]);
  add("D.Independent(D.Normal(a, b), 1), D.Independent(D.Normal(c, s), 1)", { a, b, c, s }, (i) => [
    new D.Independent(new D.Normal(i.a, i.b), 1),
    new D.Independent(new D.Normal(i.c, i.s), 1),
  ]);
  const L = torch.linalg.cholesky(
    torch
      .randn([2, 3, 3])
      .matmul(torch.randn([2, 3, 3]).mT)
      .add(torch.eye(3).mul(4)),
  );
  const M = L.flip(0);
  add("D.MultivariateNormal(a, scale_tril=L), D.MultivariateNormal(c, scale_tril=M)", { a, c, L, M }, (i) => [
    new D.MultivariateNormal(i.a, { scaleTril: i.L }),
    new D.MultivariateNormal(i.c, { scaleTril: i.M }),
  ]);
  add("D.MultivariateNormal(a, scale_tril=L), D.MultivariateNormal(c[0], scale_tril=M[0])", { a, c, L, M }, (i) => [
    new D.MultivariateNormal(i.a, { scaleTril: i.L }),
    new D.MultivariateNormal(i.c.select(0, 0), { scaleTril: i.M.select(0, 0) }),
  ]);

  it("each registered pair: the value and its gradients", async () => {
    for (const [expr, make, , inputs] of pairs) {
      const [p, q, params] = make();
      const kl = D.klDivergence(p, q);
      const g = kl.requiresGrad ? torch.autograd.grad(kl.sum(), params, { allowUnused: true }) : [];
      const ref = (await py.eval(
        `import torch.distributions as D
ins = {k: v.clone().requires_grad_() for k, v in inputs.items()}
p, q = eval(expr, {"D": D, "torch": torch, **ins})
kl = D.kl_divergence(p, q)
out = [kl, list(torch.autograd.grad(kl.sum(), list(ins.values()), allow_unused=True)) if kl.requires_grad else []]`,
        { inputs, expr },
      )) as [Tensor, Array<Tensor | null>];
      const tol = expr.includes("Multivariate") ? { rtol: 1e-5, atol: 1e-6 } : {};
      expectTensor(kl.detach(), ref[0], tol, expr);
      assert.equal(g.length, ref[1].length);
      g.forEach((x, k) => {
        if (x === null) assert.equal(ref[1][k], null, `${expr}: grad ${k}`);
        else expectTensor(x, ref[1][k] as Tensor, x.isnan().any().item() ? SAME_NAN : tol, `${expr}: grad ${k}`);
      });
    }
  });
  it("the exponential-family fallback (Bregman divergence) gives PyTorch's values", async () => {
    const [p, q] = [new D.Gamma(scale23, q23), new D.Gamma(q23, scale23)];
    const ref = await py.eval(
      "import torch.distributions as D\nout = D.kl._kl_expfamily_expfamily(D.Gamma(b, s), D.Gamma(s, b))",
      { b: scale23, s: q23 },
    );
    expectTensor(klExpfamilyExpfamily(p, q).detach(), ref, { rtol: 1e-5, atol: 1e-6 }, "Bregman KL");
  });
  it("unregistered pairs and mismatched families raise NotImplementedError as PyTorch", async () => {
    await expectSameError(
      () => D.klDivergence(new D.Uniform(0, 1), new D.Categorical({ probs: torch.ones([2]) })),
      "D.kl_divergence(D.Uniform(0., 1.), D.Categorical(probs=torch.ones(2)))",
    );
    await expectSameError(
      () => D.klDivergence(new D.Poisson(1), new D.Exponential(1)),
      "D.kl_divergence(D.Poisson(1.), D.Exponential(1.))",
    );
    await expectSameError(
      () =>
        D.klDivergence(
          new D.MultivariateNormal(torch.zeros([2]), { scaleTril: torch.eye(2) }),
          new D.MultivariateNormal(torch.zeros([3]), { scaleTril: torch.eye(3) }),
        ),
      "D.kl_divergence(D.MultivariateNormal(torch.zeros(2), scale_tril=torch.eye(2)), D.MultivariateNormal(torch.zeros(3), scale_tril=torch.eye(3)))",
    );
  });
  it("registerKl: a subclass's own pair wins over its parent's, as in PyTorch's dispatch", async () => {
    class WideNormal extends D.Normal {}
    const fn = D.registerKl(WideNormal, D.Normal)((p: D.Normal, q: D.Normal) => p.loc.sub(q.loc));
    expect(typeof fn).toBe("function");
    const p = new WideNormal(torch.tensor([1.0, 2.0]), 1);
    const q = new D.Normal(torch.tensor([0.5, 0.5]), 1);
    const mine = [D.klDivergence(p, q), D.klDivergence(q, p)];
    const ref = (await py.eval(
      `import torch.distributions as D
class WideNormal(D.Normal): pass
D.register_kl(WideNormal, D.Normal)(lambda p, q: p.loc - q.loc)
p, q = WideNormal(torch.tensor([1., 2.]), 1.), D.Normal(torch.tensor([0.5, 0.5]), 1.)
out = [D.kl_divergence(p, q), D.kl_divergence(q, p)]`,
    )) as Tensor[];
    expectTensor(mine[0], ref[0], {}, "registered subclass pair");
    expectTensor(mine[1], ref[1], {}, "Normal-Normal for the reversed pair");
    expect(() => D.registerKl(5 as never, D.Normal)).toThrow(TypeError);
  });
});

describe("transforms and constraint_registry", () => {
  const T = D.transforms;
  const x23 = loc23;
  const pos23 = scale23;
  const unit23 = q23;
  const simplex = torch.tensor([
    [0.2, 0.3, 0.5],
    [0.6, 0.3, 0.1],
  ]);
  // [torchts transform, PyTorch expression, forward input, inverse input]
  const cases: Array<[() => D.Transform, string, Tensor, Tensor]> = [
    [() => new T.ExpTransform(), "T.ExpTransform()", x23, pos23],
    [() => new T.PowerTransform(pos23), "T.PowerTransform(pos)", pos23, pos23.add(0.3)],
    [() => new T.PowerTransform(2.5), "T.PowerTransform(2.5)", pos23, pos23.add(0.3)],
    [() => new T.SigmoidTransform(), "T.SigmoidTransform()", x23, unit23],
    [() => new T.TanhTransform(), "T.TanhTransform()", x23, unit23.mul(2).sub(1)],
    [() => new T.AbsTransform(), "T.AbsTransform()", x23, pos23],
    [() => new T.AffineTransform(x23, pos23.neg()), "T.AffineTransform(x, -pos)", x23, pos23],
    [() => new T.AffineTransform(1.5, -2), "T.AffineTransform(1.5, -2.)", x23, pos23],
    [() => new T.AffineTransform(0.5, pos23, { eventDim: 1 }), "T.AffineTransform(0.5, pos, event_dim=1)", x23, pos23],
    [() => new T.SoftmaxTransform(), "T.SoftmaxTransform()", x23, simplex],
    [() => new T.StickBreakingTransform(), "T.StickBreakingTransform()", x23, simplex],
    // y: a correlation matrix's Cholesky factor per batch (the forward of another x, 3 = 3 * 2 / 2 entries).
    [
      () => new T.CorrCholeskyTransform(),
      "T.CorrCholeskyTransform()",
      x23,
      new T.CorrCholeskyTransform().call(x23.mul(-0.7).add(0.2)),
    ],
    [() => new T.LowerCholeskyTransform(), "T.LowerCholeskyTransform()", x23.narrow(1, 0, 2), pos23.narrow(1, 0, 2)],
    [
      () => new T.IndependentTransform(new T.ExpTransform(), 1),
      "T.IndependentTransform(T.ExpTransform(), 1)",
      x23,
      pos23,
    ],
    [() => new T.ReshapeTransform([3], [3, 1]), "T.ReshapeTransform((3,), (3, 1))", x23, pos23.view([2, 3, 1])],
    [
      () => new T.ComposeTransform([new T.ExpTransform(), new T.AffineTransform(1, pos23), new T.SigmoidTransform()]),
      "T.ComposeTransform([T.ExpTransform(), T.AffineTransform(1., pos), T.SigmoidTransform()])",
      x23.mul(0.3),
      unit23.mul(0.2).add(0.78),
    ],
    [() => new T.ExpTransform().inv, "T.ExpTransform().inv", pos23, x23],
    [() => D.identityTransform, "T.identity_transform", x23, pos23],
  ];
  it("forward, inverse, logAbsDetJacobian and its gradient, shapes, domains, sign and repr as PyTorch", async () => {
    for (const [make, expr, x, y] of cases) {
      const t = make();
      const xr = x.clone().requiresGrad_();
      const fy = t.call(xr);
      const bijective = t.bijective;
      const ladj = bijective ? t.logAbsDetJacobian(xr, fy) : null;
      const g = ladj?.requiresGrad ? torch.autograd.grad(ladj.sum(), [xr])[0] : null;
      let sign: unknown = null;
      try {
        const s = t.sign;
        sign = s instanceof torch.Tensor ? s : s;
      } catch {
        sign = null;
      }
      const mine = [
        fy.detach(),
        t.inv.call(y),
        ladj ? ladj.detach() : null,
        g,
        t.forwardShape(x.shape),
        t.inverseShape(y.shape),
        t.domain.toString(),
        t.codomain.toString(),
        bijective,
        sign,
        t.toString(),
        t.inv.inv === t,
      ];
      const ref = (await py.eval(
        `import torch.distributions.transforms as T
t = eval(expr, {"T": T, "torch": torch, "x": x0, "pos": pos})
xr = x.clone().requires_grad_()
fy = t(xr)
ladj = t.log_abs_det_jacobian(xr, fy) if t.bijective else None
g = torch.autograd.grad(ladj.sum(), [xr])[0] if ladj is not None and ladj.requires_grad else None
try:
    sign = t.sign
except NotImplementedError:
    sign = None
out = [fy.detach(), t.inv(y), ladj.detach() if ladj is not None else None, g, list(t.forward_shape(x.shape)),
       list(t.inverse_shape(y.shape)), repr(t.domain), repr(t.codomain), t.bijective, sign, repr(t), t.inv.inv is t]`,
        { expr, x, y, x0: x23, pos: pos23 },
      )) as PyValue[];
      assert.equal(mine.length, ref.length);
      mine.forEach((m, i) => {
        if (m instanceof torch.Tensor) expectTensor(m, ref[i] as Tensor, {}, `${expr}: [${i}]`);
        else if (m === null) assert.equal(ref[i], null, `${expr}: [${i}]`);
        else assert.deepEqual(m, ref[i], `${expr}: [${i}]`);
      });
    }
  });
  it("cache_size=1 returns the cached input and output; cache_size=2 raises", async () => {
    const t = new T.ExpTransform({ cacheSize: 1 });
    const x = torch.randn([3]);
    const y = t.call(x);
    expect(t.inv.call(y) === x).toBe(true);
    expect(t.call(x) === y).toBe(true);
    const t0 = new T.ExpTransform();
    expect(t0.inv.call(t0.call(x)) === x).toBe(false);
    expect(t0.withCache(1)._cacheSize).toBe(1);
    const c = new T.ComposeTransform([new T.ExpTransform(), new T.AffineTransform(1, 2)], { cacheSize: 1 });
    const cy = c.call(x);
    expect(c.inv.call(cy) === x).toBe(true);
    await expectSameError(
      () => new T.ExpTransform({ cacheSize: 2 }),
      "import torch.distributions.transforms as T\nT.ExpTransform(cache_size=2)",
    );
    await expectSameError(
      () => new T.ReshapeTransform([3], [2]),
      "import torch.distributions.transforms as T\nT.ReshapeTransform((3,), (2,))",
    );
    await expectSameError(
      () => new T.ReshapeTransform([3], [3, 1]).forwardShape([2, 4]),
      "import torch.distributions.transforms as T\nT.ReshapeTransform((3,), (3, 1)).forward_shape(torch.Size([2, 4]))",
    );
  });
  it("biject_to and transform_to: the registered transform for each constraint, applied", async () => {
    const C = D.constraints;
    const list: Array<[D.constraints.Constraint, string]> = [
      [C.real, "C.real"],
      [C.positive, "C.positive"],
      [C.nonnegative, "C.nonnegative"],
      [C.greaterThan(pos23), "C.greater_than(pos)"],
      [C.greaterThanEq(1.5), "C.greater_than_eq(1.5)"],
      [C.lessThan(2), "C.less_than(2.)"],
      [C.unitInterval, "C.unit_interval"],
      [C.interval(x23, x23.add(pos23)), "C.interval(x, x + pos)"],
      [C.halfOpenInterval(-1, 3), "C.half_open_interval(-1., 3.)"],
      [C.simplex, "C.simplex"],
      [C.realVector, "C.real_vector"],
      [C.independent(C.positive, 1), "C.independent(C.positive, 1)"],
      [C.corrCholesky, "C.corr_cholesky"],
    ];
    const mine: PyValue[] = [];
    for (const [c] of list) {
      for (const reg of [D.bijectTo, D.transformTo]) {
        const t = reg(c);
        const y = t.call(x23);
        mine.push([t.toString(), y, t.inv.call(y), t.bijective ? t.logAbsDetJacobian(x23, y) : null]);
      }
    }
    mine.push(D.transformTo(C.lowerCholesky).call(x23.narrow(1, 0, 2)));
    const ref = (await py.eval(
      `C = torch.distributions.constraints
from torch.distributions import biject_to, transform_to
res = []
for c in [eval(e, {"C": C, "x": x, "pos": pos}) for e in exprs]:
    for reg in [biject_to, transform_to]:
        t = reg(c)
        y = t(x)
        res.append([repr(t), y, t.inv(y), t.log_abs_det_jacobian(x, y) if t.bijective else None])
res.append(transform_to(C.lower_cholesky)(x[:, :2]))
out = res`,
      { exprs: list.map((l) => l[1]), x: x23, pos: pos23 },
    )) as PyValue[];
    assert.equal(mine.length, ref.length);
    for (const [i, m] of mine.entries()) compare(m, ref[i] as PyValue, `registry[${i}]`, { py: "biject_to" } as Case);
    await expectSameError(
      () => D.bijectTo(C.lowerCholesky),
      "from torch.distributions import biject_to\nbiject_to(torch.distributions.constraints.lower_cholesky)",
    );
  });
});

describe("TransformedDistribution and the distributions built on it", () => {
  const members = ["mean", "mode", "variance", "stddev", "entropy", "cdf", "icdf"];
  it("TransformedDistribution of a Normal through affine and exp transforms", async () => {
    const d = new D.TransformedDistribution(new D.Normal(loc23, scale23), [
      new D.AffineTransform(-1, torch.tensor(-2.0)),
      new D.ExpTransform(),
    ]);
    const v = scale23.add(0.2);
    const ref = (await py.eval(
      `import torch.distributions as D
T = D.transforms
d = D.TransformedDistribution(D.Normal(loc, scale), [T.AffineTransform(-1., torch.tensor(-2.)), T.ExpTransform()])
torch.manual_seed(1)
s = d.sample([2])
out = [s, d.log_prob(v), d.cdf(v), d.icdf(q), repr(d.support), list(d.batch_shape), list(d.event_shape)]`,
      { loc: loc23, scale: scale23, v, q: q23 },
    )) as PyValue[];
    torch.manualSeed(1);
    const mine = [d.sample([2]), d.logProb(v), d.cdf(v), d.icdf(q23), d.support.toString(), d.batchShape, d.eventShape];
    for (const [i, m] of mine.entries())
      compare(m, ref[i] as PyValue, `transformed[${i}]`, { py: "TransformedDistribution" } as Case);
  });
  it("LogNormal", async () => {
    await battery({
      make: (p) => new D.LogNormal(p.loc, p.scale),
      py: "D.LogNormal(loc, scale)",
      params: { loc: loc23, scale: scale23 },
      value: scale23.add(0.1),
      q: q23,
      sampleShape: [3],
      expandShape: [2, 2, 3],
      members,
    });
  });
  it("Gumbel (tensor and number parameters)", async () => {
    await battery({
      make: (p) => new D.Gumbel(p.loc, p.scale),
      py: "D.Gumbel(loc, scale)",
      params: { loc: loc23, scale: scale23 },
      value: value23,
      q: q23,
      sampleShape: [3],
      expandShape: [2, 2, 3],
      members,
    });
    await battery({
      make: () => new D.Gumbel(0.5, 2),
      py: "D.Gumbel(0.5, 2.)",
      params: {},
      value: torch.tensor([0.1, -1.0, 3.0]),
      q: torch.tensor([0.2, 0.5, 0.9]),
      sampleShape: [4],
      expandShape: [3],
      members,
    });
  });
  it("HalfNormal and HalfCauchy", async () => {
    const ctors = { HalfNormal: D.HalfNormal, HalfCauchy: D.HalfCauchy };
    for (const [name, Ctor] of Object.entries(ctors)) {
      await battery({
        make: (p) => new Ctor(p.scale),
        py: `D.${name}(scale)`,
        params: { scale: scale23 },
        value: value23.abs(),
        q: q23,
        sampleShape: [3],
        expandShape: [2, 2, 3],
        members: ["mean", "mode", "variance", "entropy", "cdf", "icdf"],
      });
    }
  });
  it("LogisticNormal: draws, logProb and gradients, support, expand", async () => {
    const loc = torch.randn([2, 3]);
    const mine: PyValue[] = [];
    const P = { loc: loc.clone().requiresGrad_(), scale: scale23.clone().requiresGrad_() };
    const d = new D.LogisticNormal(P.loc, P.scale);
    torch.manualSeed(3);
    const r = d.rsample([4]);
    const v = torch.tensor([
      [0.1, 0.2, 0.3, 0.4],
      [0.25, 0.25, 0.25, 0.25],
    ]);
    const lp = d.logProb(v);
    mine.push(
      r.detach(),
      torch.autograd.grad(r.pow(2).sum(), [P.loc, P.scale], { retainGraph: true }),
      lp.detach(),
      torch.autograd.grad(lp.sum(), [P.loc, P.scale]),
      d.batchShape,
      d.eventShape,
      d.support.toString(),
      d.expand([3, 2]).batchShape,
      new D.LogisticNormal(0.5, 2).eventShape,
    );
    torch.manualSeed(4);
    mine.push(d.expand([3, 2]).sample(), d.loc.detach(), d.toString());
    const ref = (await py.eval(
      `import torch.distributions as D
P = {"loc": loc.clone().requires_grad_(), "scale": scale.clone().requires_grad_()}
d = D.LogisticNormal(P["loc"], P["scale"])
torch.manual_seed(3)
r = d.rsample([4])
lp = d.log_prob(v)
res = [r.detach(), list(torch.autograd.grad(r.pow(2).sum(), [P["loc"], P["scale"]], retain_graph=True)), lp.detach(),
       list(torch.autograd.grad(lp.sum(), [P["loc"], P["scale"]])), list(d.batch_shape), list(d.event_shape),
       repr(d.support), list(d.expand([3, 2]).batch_shape), list(D.LogisticNormal(0.5, 2.).event_shape)]
torch.manual_seed(4)
res += [d.expand([3, 2]).sample(), d.loc.detach(), repr(d)]
out = res`,
      {
        loc,
        scale: scale23,
        v: torch.tensor([
          [0.1, 0.2, 0.3, 0.4],
          [0.25, 0.25, 0.25, 0.25],
        ]),
      },
    )) as PyValue[];
    for (const [i, m] of mine.entries())
      compare(m, ref[i] as PyValue, `LogisticNormal[${i}]`, { py: "LogisticNormal" } as Case);
  });
  it("Weibull and Pareto", async () => {
    await battery({
      make: (p) => new D.Weibull(p.scale, p.c),
      py: "D.Weibull(scale, c)",
      params: { scale: scale23, c: scale23.flip(1).add(0.5) },
      value: q23.add(0.2),
      q: q23,
      sampleShape: [3],
      expandShape: [2, 2, 3],
      members: ["mean", "mode", "variance", "entropy", "cdf", "icdf"],
    });
    await battery({
      make: (p) => new D.Pareto(p.scale, p.alpha),
      py: "D.Pareto(scale, alpha)",
      params: { scale: scale23, alpha: scale23.flip(0).mul(3) },
      value: scale23.add(0.5),
      q: q23,
      sampleShape: [3],
      expandShape: [2, 2, 3],
      members: ["mean", "mode", "variance", "entropy", "cdf", "icdf"],
    });
  });
});

describe("Cauchy, StudentT, Chi2", () => {
  it("Cauchy", async () => {
    await battery({
      make: (p) => new D.Cauchy(p.loc, p.scale),
      py: "D.Cauchy(loc, scale)",
      params: { loc: loc23, scale: scale23 },
      value: value23,
      q: q23,
      sampleShape: [3],
      expandShape: [2, 2, 3],
      members: ["mean", "mode", "variance", "entropy", "cdf", "icdf"],
    });
  });
  it("StudentT (df across the mean/variance regimes) and Chi2", async () => {
    await battery({
      make: (p) => new D.StudentT(p.df, p.loc, p.scale),
      py: "D.StudentT(df, loc, scale)",
      params: {
        df: torch.tensor([
          [0.5, 1.5, 2.5],
          [4.0, 1.0, 7.0],
        ]),
        loc: loc23,
        scale: scale23,
      },
      value: value23,
      sampleShape: [3],
      expandShape: [2, 2, 3],
      members: ["mean", "mode", "variance", "entropy"],
    });
    await battery({
      make: () => new D.StudentT(3),
      py: "D.StudentT(3)",
      params: {},
      value: torch.tensor([0.5, -1.0]),
      sampleShape: [4],
      expandShape: [2],
      members: ["mean", "variance", "entropy"],
    });
    await battery({
      make: (p) => new D.Chi2(p.df),
      py: "D.Chi2(df)",
      params: { df: scale23.mul(3) },
      value: value23.abs().add(0.1),
      sampleShape: [3],
      expandShape: [2, 2, 3],
      members: ["mean", "mode", "variance", "entropy"],
    });
  });
});

describe("Binomial, Geometric, NegativeBinomial", () => {
  it("Binomial from probs and from logits", async () => {
    const members = ["mean", "mode", "variance", "entropy", "enumerateSupport", "probs", "logits"];
    await battery({
      make: (p) => new D.Binomial(10, { probs: p.probs }),
      py: "D.Binomial(10, probs=probs)",
      params: { probs: q23 },
      value: torch
        .tensor([
          [0, 3, 10],
          [7, 5, 1],
        ])
        .float(),
      sampleShape: [3],
      expandShape: [2, 2, 3],
      members,
    });
    await battery({
      make: (p) => new D.Binomial(p.n, { logits: p.logits }),
      py: "D.Binomial(n, logits=logits)",
      params: { n: torch.tensor([[5.0], [8.0]]), logits: value23 },
      value: torch
        .tensor([
          [0, 3, 5],
          [7, 8, 1],
        ])
        .float(),
      sampleShape: [3],
      expandShape: [2, 2, 3],
      members: ["mean", "mode", "variance", "probs", "logits"],
    });
  });
  it("Geometric and NegativeBinomial", async () => {
    await battery({
      make: (p) => new D.Geometric({ probs: p.probs }),
      py: "D.Geometric(probs=probs)",
      params: { probs: q23 },
      value: torch
        .tensor([
          [0, 3, 10],
          [7, 5, 1],
        ])
        .float(),
      sampleShape: [3],
      expandShape: [2, 2, 3],
      members: ["mean", "mode", "variance", "entropy", "probs", "logits"],
    });
    await battery({
      make: (p) => new D.Geometric({ logits: p.logits }),
      py: "D.Geometric(logits=logits)",
      params: { logits: value23 },
      value: torch.tensor([0, 3, 1]).float(),
      sampleShape: [2],
      expandShape: [2, 2, 3],
      members: ["mean", "variance", "entropy", "probs"],
    });
    await battery({
      make: (p) => new D.NegativeBinomial(p.n, { probs: p.probs }),
      py: "D.NegativeBinomial(n, probs=probs)",
      params: { n: scale23.mul(4), probs: q23 },
      value: torch
        .tensor([
          [0, 3, 10],
          [7, 5, 1],
        ])
        .float(),
      sampleShape: [3],
      expandShape: [2, 2, 3],
      members: ["mean", "mode", "variance", "probs", "logits"],
    });
    await battery({
      make: (p) => new D.NegativeBinomial(3, { logits: p.logits }),
      py: "D.NegativeBinomial(3, logits=logits)",
      params: { logits: value23 },
      value: torch.tensor([0, 2, 4]).float(),
      sampleShape: [2],
      expandShape: [2, 2, 3],
      members: ["mean", "mode", "variance", "probs"],
    });
  });
  it("validation messages of the new distributions", async () => {
    const cases: Array<[() => unknown, string]> = [
      [() => new D.Geometric({ probs: f32([0.5, 0.0]) }), "D.Geometric(probs=f32([0.5, 0.]))"],
      [() => new D.Binomial(f32([2.5]), { probs: 0.5 }), "D.Binomial(f32([2.5]), probs=0.5)"],
      [() => new D.Binomial(3, { probs: 0.5 }).logProb(f32(4.0)), "D.Binomial(3, probs=0.5).log_prob(f32(4.))"],
      [() => new D.Binomial(3, {}), "D.Binomial(3)"],
      [() => new D.NegativeBinomial(2, { probs: 1.0 }), "D.NegativeBinomial(2, probs=1.)"],
      [() => new D.LogNormal(0, -1), "D.LogNormal(0., -1.)"],
      [() => new D.LogNormal(0, 1).logProb(f32(-1.0)), "D.LogNormal(0., 1.).log_prob(f32(-1.))"],
      [() => new D.Gumbel(f32([0.0]), f32([-1.0])), "D.Gumbel(f32([0.]), f32([-1.]))"],
      [() => new D.HalfNormal(f32([-1.0])), "D.HalfNormal(f32([-1.]))"],
      [() => new D.HalfCauchy(1).logProb(f32(-1.0)), "D.HalfCauchy(1.).log_prob(f32(-1.))"],
      [() => new D.Cauchy(0, f32([0.0])), "D.Cauchy(0., f32([0.]))"],
      [() => new D.StudentT(f32([-1.0])), "D.StudentT(f32([-1.]))"],
      [() => new D.Chi2(f32([-1.0])), "D.Chi2(f32([-1.]))"],
      [() => new D.Weibull(f32([1.0]), f32([-1.0])), "D.Weibull(f32([1.]), f32([-1.]))"],
      [() => new D.Pareto(2, 1).logProb(f32(1.0)), "D.Pareto(2., 1.).log_prob(f32(1.))"],
      [
        () => new D.LogisticNormal(torch.zeros([3]), 1).logProb(f32([0.5, 0.5, 0.5, 0.5])),
        "D.LogisticNormal(torch.zeros(3), 1.).log_prob(f32([0.5, 0.5, 0.5, 0.5]))",
      ],
      [
        () => D.klDivergence(new D.Binomial(2, { probs: 0.5 }), new D.Binomial(3, { probs: 0.5 })),
        "D.kl_divergence(D.Binomial(2, probs=0.5), D.Binomial(3, probs=0.5))",
      ],
    ];
    for (const [fn, stmt] of cases) await expectSameError(fn, stmt);
  });
});

describe("kl_divergence of the new distributions", () => {
  const a = loc23,
    b = scale23,
    c = value23,
    s = q23;
  type Make = (i: Record<string, Tensor>) => [D.Distribution, D.Distribution];
  const pairs: Array<[string, Record<string, Tensor>, Make]> = [
    ["D.Gumbel(a, b), D.Gumbel(c, s)", { a, b, c, s }, (i) => [new D.Gumbel(i.a, i.b), new D.Gumbel(i.c, i.s)]],
    ["D.Cauchy(a, b), D.Cauchy(c, s)", { a, b, c, s }, (i) => [new D.Cauchy(i.a, i.b), new D.Cauchy(i.c, i.s)]],
    ["D.HalfNormal(b), D.HalfNormal(s)", { b, s }, (i) => [new D.HalfNormal(i.b), new D.HalfNormal(i.s)]],
    [
      "D.LogNormal(a, b), D.LogNormal(c, s)",
      { a, b, c, s },
      (i) => [new D.LogNormal(i.a, i.b), new D.LogNormal(i.c, i.s)],
    ],
    [
      "D.Geometric(probs=s), D.Geometric(logits=c)",
      { s, c },
      (i) => [new D.Geometric({ probs: i.s }), new D.Geometric({ logits: i.c })],
    ],
    [
      "D.Binomial(torch.tensor([[6.], [5.]]), probs=s), D.Binomial(5, logits=c)",
      { s, c },
      (i) => [new D.Binomial(torch.tensor([[6.0], [5.0]]), { probs: i.s }), new D.Binomial(5, { logits: i.c })],
    ],
    [
      "D.Pareto(b, s * 3), D.Pareto(b.flip(1), s)",
      { b, s },
      (i) => [new D.Pareto(i.b, i.s.mul(3)), new D.Pareto(i.b.flip(1), i.s)],
    ],
    ["D.Chi2(b), D.Chi2(s)", { b, s }, (i) => [new D.Chi2(i.b), new D.Chi2(i.s)]],
    ["D.Normal(a, b), D.Gumbel(c, s)", { a, b, c, s }, (i) => [new D.Normal(i.a, i.b), new D.Gumbel(i.c, i.s)]],
    ["D.Normal(a, b), D.Laplace(c, s)", { a, b, c, s }, (i) => [new D.Normal(i.a, i.b), new D.Laplace(i.c, i.s)]],
    ["D.Normal(a, b), D.Gamma(s, b)", { a, b, s }, (i) => [new D.Normal(i.a, i.b), new D.Gamma(i.s, i.b)]],
    [
      "D.Uniform(a, a + b), D.Normal(c, s)",
      { a, b, c, s },
      (i) => [new D.Uniform(i.a, i.a.add(i.b)), new D.Normal(i.c, i.s)],
    ],
    [
      "D.Uniform(a, a + b), D.Gumbel(c, s)",
      { a, b, c, s },
      (i) => [new D.Uniform(i.a, i.a.add(i.b)), new D.Gumbel(i.c, i.s)],
    ],
    [
      "D.Uniform(a, a + b), D.Exponential(s)",
      { a, b, s },
      (i) => [new D.Uniform(i.a, i.a.add(i.b)), new D.Exponential(i.s)],
    ],
    [
      "D.Uniform(s * 0.5, s), D.Gamma(b, s)",
      { b, s },
      (i) => [new D.Uniform(i.s.mul(0.5), i.s), new D.Gamma(i.b, i.s)],
    ],
    ["D.Uniform(s * 0.5, s), D.Beta(b, s)", { b, s }, (i) => [new D.Uniform(i.s.mul(0.5), i.s), new D.Beta(i.b, i.s)]],
    ["D.Uniform(a, a + b), D.Beta(b, s)", { a, b, s }, (i) => [new D.Uniform(i.a, i.a.add(i.b)), new D.Beta(i.b, i.s)]],
    ["D.Uniform(b, b + 1), D.Pareto(s, b)", { b, s }, (i) => [new D.Uniform(i.b, i.b.add(1)), new D.Pareto(i.s, i.b)]],
    ["D.Exponential(b), D.Gamma(s, b)", { b, s }, (i) => [new D.Exponential(i.b), new D.Gamma(i.s, i.b)]],
    ["D.Exponential(b), D.Gumbel(c, s)", { b, c, s }, (i) => [new D.Exponential(i.b), new D.Gumbel(i.c, i.s)]],
    ["D.Exponential(b), D.Normal(c, s)", { b, c, s }, (i) => [new D.Exponential(i.b), new D.Normal(i.c, i.s)]],
    [
      "D.Exponential(b), D.Uniform(c, c + s)",
      { b, c, s },
      (i) => [new D.Exponential(i.b), new D.Uniform(i.c, i.c.add(i.s))],
    ],
    ["D.Gamma(b, s), D.Exponential(s)", { b, s }, (i) => [new D.Gamma(i.b, i.s), new D.Exponential(i.s)]],
    ["D.Gamma(b, s), D.Gumbel(c, s)", { b, c, s }, (i) => [new D.Gamma(i.b, i.s), new D.Gumbel(i.c, i.s)]],
    ["D.Gamma(b, s), D.Normal(c, s)", { b, c, s }, (i) => [new D.Gamma(i.b, i.s), new D.Normal(i.c, i.s)]],
    ["D.Gumbel(a, b), D.Normal(c, s)", { a, b, c, s }, (i) => [new D.Gumbel(i.a, i.b), new D.Normal(i.c, i.s)]],
    ["D.Gumbel(a, b), D.Exponential(s)", { a, b, s }, (i) => [new D.Gumbel(i.a, i.b), new D.Exponential(i.s)]],
    ["D.Laplace(a, b), D.Normal(c, s)", { a, b, c, s }, (i) => [new D.Laplace(i.a, i.b), new D.Normal(i.c, i.s)]],
    ["D.Laplace(a, b), D.Gamma(s, b)", { a, b, s }, (i) => [new D.Laplace(i.a, i.b), new D.Gamma(i.s, i.b)]],
    ["D.Beta(b, s), D.Exponential(s)", { b, s }, (i) => [new D.Beta(i.b, i.s), new D.Exponential(i.s)]],
    ["D.Beta(b, s), D.Gamma(s, b)", { b, s }, (i) => [new D.Beta(i.b, i.s), new D.Gamma(i.s, i.b)]],
    ["D.Beta(b, s), D.Normal(c, s)", { b, c, s }, (i) => [new D.Beta(i.b, i.s), new D.Normal(i.c, i.s)]],
    [
      "D.Beta(b, s), D.Uniform(a - 1, a + 1)",
      { a, b, s },
      (i) => [new D.Beta(i.b, i.s), new D.Uniform(i.a.sub(1), i.a.add(1))],
    ],
    ["D.Beta(b, s), D.Pareto(s, b)", { b, s }, (i) => [new D.Beta(i.b, i.s), new D.Pareto(i.s, i.b)]],
    ["D.Pareto(b, s * 3), D.Exponential(s)", { b, s }, (i) => [new D.Pareto(i.b, i.s.mul(3)), new D.Exponential(i.s)]],
    ["D.Pareto(b, s * 3), D.Gamma(s, b)", { b, s }, (i) => [new D.Pareto(i.b, i.s.mul(3)), new D.Gamma(i.s, i.b)]],
    ["D.Pareto(b, s * 4), D.Normal(c, s)", { b, c, s }, (i) => [new D.Pareto(i.b, i.s.mul(4)), new D.Normal(i.c, i.s)]],
    [
      "D.Pareto(b, s), D.Uniform(c, c + s)",
      { b, c, s },
      (i) => [new D.Pareto(i.b, i.s), new D.Uniform(i.c, i.c.add(i.s))],
    ],
    ["D.Bernoulli(probs=s), D.Poisson(b)", { s, b }, (i) => [new D.Bernoulli({ probs: i.s }), new D.Poisson(i.b)]],
    ["D.Poisson(b), D.Bernoulli(probs=s)", { b, s }, (i) => [new D.Poisson(i.b), new D.Bernoulli({ probs: i.s })]],
    [
      "D.Weibull(b, s + 0.5), D.Weibull(b, s + 0.5)",
      { b, s },
      (i) => [new D.Weibull(i.b, i.s.add(0.5)), new D.Weibull(i.b, i.s.add(0.5))],
    ],
  ];
  it("each registered pair: the value and its gradients", async () => {
    for (const [expr, inputs, make] of pairs) {
      const ins = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v.clone().requiresGrad_()]));
      const [p, q] = make(ins);
      const kl = D.klDivergence(p, q);
      const params = Object.values(ins);
      const g = kl.requiresGrad ? torch.autograd.grad(kl.sum(), params, { allowUnused: true }) : [];
      const ref = (await py.eval(
        `import torch.distributions as D
ins = {k: v.clone().requires_grad_() for k, v in inputs.items()}
p, q = eval(expr, {"D": D, "torch": torch, **ins})
kl = D.kl_divergence(p, q)
out = [kl, list(torch.autograd.grad(kl.sum(), list(ins.values()), allow_unused=True)) if kl.requires_grad else []]`,
        { inputs, expr },
      )) as [Tensor, Array<Tensor | null>];
      const tol = kl.isnan().any().item() || kl.isinf().any().item() ? SAME_NAN : {};
      expectTensor(kl.detach(), ref[0], tol, expr);
      assert.equal(g.length, ref[1].length, `${expr}: gradients`);
      for (const [k, x] of g.entries()) {
        if (x === null) assert.equal(ref[1][k], null, `${expr}: grad ${k}`);
        else expectTensor(x, ref[1][k] as Tensor, x.isnan().any().item() ? SAME_NAN : {}, `${expr}: grad ${k}`);
      }
    }
  });
  it("TransformedDistribution pairs with different transforms raise NotImplementedError", async () => {
    await expectSameError(
      () => D.klDivergence(new D.Weibull(1, 2), new D.Weibull(1, 3)),
      "D.kl_divergence(D.Weibull(1., 2.), D.Weibull(1., 3.))",
    );
  });
});
