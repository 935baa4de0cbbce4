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
      const g = torch.autograd.grad(kl.sum(), params, { allowUnused: true });
      const ref = (await py.eval(
        `import torch.distributions as D
ins = {k: v.clone().requires_grad_() for k, v in inputs.items()}
p, q = eval(expr, {"D": D, "torch": torch, **ins})
kl = D.kl_divergence(p, q)
out = [kl, list(torch.autograd.grad(kl.sum(), list(ins.values()), allow_unused=True))]`,
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
