// The distributions ported after the first batch (Multinomial, MixtureSameFamily,
// LowRankMultivariateNormal, RelaxedBernoulli, RelaxedOneHotCategorical, ContinuousBernoulli,
// VonMises, Kumaraswamy, FisherSnedecor, LKJCholesky, Wishart) and their kl_divergence pairs, against
// live PyTorch 1.13 on the same inputs: draws under the same seed, reparameterized gradients,
// log-densities and their gradients, moments, expand, reprs and validation errors
// (lib/distributions; PyTorch's side in test/python/distributions_more.py).
import * as assert from "node:assert/strict";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { Tensor } from "../lib";
import * as torch from "../lib";
import * as D from "../lib/distributions";
import { expectTensor } from "./helpers/assert";
import { PyTorch, type PyValue } from "./helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());

type Params = Record<string, Tensor>;
const f32 = (x: torch.NestedArray): Tensor => torch.tensor(x, { dtype: "float32" });
type Tol = { rtol?: number; atol?: number };
// Equal values, NaN matching NaN (expectTensor compares exactly only without a tolerance).
const SAME_NAN: Tol = { rtol: 1e-12 };
// Cholesky factorizations and triangular solves go through LAPACK/BLAS, whose blocking may differ by an ulp.
const LINALG: Tol = { rtol: 1e-5, atol: 1e-6 };

// A property or method of a distribution: [torchts name, PyTorch name, how it is called].
type Member = [string, string, "get" | "call" | "value" | "q"];
const MEMBERS: Record<string, Member> = {
  mean: ["mean", "mean", "get"],
  mode: ["mode", "mode", "get"],
  variance: ["variance", "variance", "get"],
  stddev: ["stddev", "stddev", "get"],
  entropy: ["entropy", "entropy", "call"],
  perplexity: ["perplexity", "perplexity", "call"],
  cdf: ["cdf", "cdf", "value"],
  icdf: ["icdf", "icdf", "q"],
  probs: ["probs", "probs", "get"],
  logits: ["logits", "logits", "get"],
  temperature: ["temperature", "temperature", "get"],
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

function grads(out: Tensor, params: Tensor[]): Array<Tensor | null> {
  return params.length === 0 ? [] : torch.autograd.grad(out, params, { allowUnused: true, retainGraph: true });
}

/** Runs the same battery on torchts and on PyTorch (distributions_more.battery) and compares every result. */
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
    else mine[ts] = (dd[ts] as (v: Tensor) => Tensor).call(d, c.q as Tensor);
  }
  const e = d.expand(c.expandShape);
  torch.manualSeed(5);
  mine.e_sample = e.sample([2]);
  mine.e_batch = e.batchShape;
  mine.e_log_prob = e.logProb(c.value);
  if (c.members.includes("mean")) mine.e_mean = e.mean;
  mine.repr1 = d.toString();

  const ref = (await py.call("distributions_more.battery", {
    params: c.params,
    expr: c.py,
    value: c.value,
    q: c.q ?? null,
    sample_shape: c.sampleShape,
    expand_shape: c.expandShape,
    members,
  })) as Record<string, PyValue>;
  assert.deepEqual(Object.keys(mine).sort(), Object.keys(ref).sort(), `${c.py}: the same members were computed`);
  for (const [k, v] of Object.entries(mine)) compare(v, ref[k], k, c.py, c.tol);
}

function compare(mine: unknown, ref: PyValue, what: string, expr: string, tol: Tol = {}): void {
  if (mine instanceof torch.Tensor) {
    const t = mine.isFloatingPoint() && mine.isnan().any().item() ? { ...SAME_NAN, ...tol } : tol;
    expectTensor(mine.detach(), ref, t, `${expr}: ${what}`);
  } else if (Array.isArray(mine)) {
    assert.ok(Array.isArray(ref), `${expr}: ${what}: PyTorch returned no list`);
    assert.equal(mine.length, ref.length, `${expr}: ${what}: length`);
    for (const [i, m] of mine.entries()) compare(m, (ref as PyValue[])[i], `${what}[${i}]`, expr, tol);
  } else if (mine !== null && typeof mine === "object") {
    assert.deepEqual(mine, ref, `${expr}: ${what}`);
  } else {
    assert.equal(mine, ref, `${expr}: ${what}`);
  }
}

/** fn raises what the Python statement raises: the same class and the whole message. */
async function expectSameError(fn: () => unknown, stmt: string, inputs: Record<string, unknown> = {}): Promise<void> {
  const ref = (await py.call("distributions_more.error", { stmt, inputs })) as [string, string] | null;
  assert.ok(ref !== null, `PyTorch raised nothing for ${stmt}`);
  let err: Error | undefined;
  try {
    fn();
  } catch (e) {
    err = e as Error;
  }
  assert.ok(err instanceof Error, `torchts raised nothing for ${stmt}`);
  // Python's RuntimeError is a plain Error in torchts.
  assert.equal(err.name === "Error" ? "RuntimeError" : err.name, ref[0], stmt);
  assert.equal(err.message, ref[1], stmt);
}

type Make = (i: Record<string, Tensor>) => [D.Distribution, D.Distribution];
/** KL(p || q) and its gradients for each input equal PyTorch's (distributions_more.kl). */
async function expectSameKl(expr: string, inputs: Record<string, Tensor>, make: Make, tol: Tol = {}): Promise<void> {
  const ins = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v.clone().requiresGrad_()]));
  const [p, q] = make(ins);
  const kl = D.klDivergence(p, q);
  const params = Object.values(ins);
  const g = kl.requiresGrad ? torch.autograd.grad(kl.sum(), params, { allowUnused: true }) : [];
  const ref = (await py.call("distributions_more.kl", { inputs, expr })) as [Tensor, Array<Tensor | null>];
  const t = kl.isnan().any().item() || kl.isinf().any().item() ? { ...SAME_NAN, ...tol } : tol;
  expectTensor(kl.detach(), ref[0], t, expr);
  assert.equal(g.length, ref[1].length, `${expr}: gradients`);
  for (const [k, x] of g.entries()) {
    if (x === null) assert.equal(ref[1][k], null, `${expr}: grad ${k}`);
    else
      expectTensor(
        x,
        ref[1][k] as Tensor,
        x.isnan().any().item() ? { ...SAME_NAN, ...tol } : tol,
        `${expr}: grad ${k}`,
      );
  }
}

torch.manualSeed(0);
const loc23 = torch.randn([2, 3]);
const scale23 = torch.rand([2, 3]).add(0.5);
const q23 = torch.rand([2, 3]).mul(0.98).add(0.01);

describe("Multinomial", () => {
  const members = ["mean", "variance", "entropy", "probs", "logits"];
  const value = torch
    .tensor([
      [
        [2, 1, 0, 2],
        [0, 0, 5, 0],
      ],
    ])
    .float();
  it("from probs and from logits: draws, logProb and its gradients, moments, entropy, expand, repr", async () => {
    await battery({
      make: (p) => new D.Multinomial(5, { probs: p.probs }),
      py: "D.Multinomial(5, probs=probs)",
      params: { probs: torch.rand([2, 4]).add(0.1) },
      value,
      sampleShape: [3],
      expandShape: [3, 2],
      members,
    });
    await battery({
      make: (p) => new D.Multinomial(5, p.probs),
      py: "D.Multinomial(5, probs)",
      params: { probs: torch.tensor([0.0, 0.3, 0.5, 0.2]) },
      value: torch
        .tensor([
          [0, 1, 3, 1],
          [0, 0, 5, 0],
        ])
        .float(),
      sampleShape: [2],
      expandShape: [2],
      members,
    });
    await battery({
      make: (p) => new D.Multinomial(3, { logits: p.logits }),
      py: "D.Multinomial(3, logits=logits)",
      params: { logits: torch.randn([2, 4]) },
      value: torch
        .tensor([
          [1, 1, 0, 1],
          [0, 3, 0, 0],
        ])
        .float(),
      sampleShape: [2, 2],
      expandShape: [2, 2],
      members,
    });
  });
  it("logProb without totalCount (any counts), and a -inf logit with a zero count", async () => {
    const counts = torch
      .tensor([
        [7, 0, 2],
        [1, 1, 1],
      ])
      .float();
    const logits = f32([0.5, Number.NEGATIVE_INFINITY, 1.0]);
    const mine = [
      new D.Multinomial(1, { probs: f32([0.2, 0.3, 0.5]), validateArgs: false }).logProb(counts),
      new D.Multinomial(1, { logits, validateArgs: false }).logProb(counts),
    ];
    const ref = (await py.call("distributions_more.warned", {
      expr: "[D.Multinomial(probs=f32([0.2, 0.3, 0.5]), validate_args=False).log_prob(counts), D.Multinomial(logits=logits, validate_args=False).log_prob(counts)]",
      inputs: { counts, logits },
      seed: 0,
    })) as [Tensor[], string[]];
    expectTensor(mine[0], ref[0][0], {}, "logProb of 9 trials under totalCount 1");
    expectTensor(mine[1], ref[0][1], {}, "logProb with a -inf logit");
  });
});

describe("MixtureSameFamily", () => {
  it("of Normals: draws, logProb and gradients, mean, variance, cdf, expand, repr", async () => {
    await battery({
      make: (p) => new D.MixtureSameFamily(new D.Categorical({ probs: p.w }), new D.Normal(p.loc, p.scale)),
      py: "D.MixtureSameFamily(D.Categorical(probs=w), D.Normal(loc, scale))",
      params: { w: torch.rand([2, 3]).add(0.1), loc: loc23, scale: scale23 },
      value: torch.randn([4, 2]),
      sampleShape: [4],
      expandShape: [4, 2],
      members: ["mean", "variance", "stddev", "cdf"],
    });
  });
  it("one mixture over a batch of components: densities and moments; sample fails as in PyTorch 1.13", async () => {
    const w = torch.randn([3]);
    const value = torch.randn([4, 2]);
    const d = new D.MixtureSameFamily(new D.Categorical({ logits: w }), new D.Normal(loc23, scale23));
    const ref = (await py.call("distributions_more.warned", {
      expr: "[(d := D.MixtureSameFamily(D.Categorical(logits=w), D.Normal(loc, scale))).log_prob(v), d.mean, d.variance, d.cdf(v), list(d.batch_shape)]",
      inputs: { w, loc: loc23, scale: scale23, v: value },
      seed: 0,
    })) as [PyValue[], string[]];
    expectTensor(d.logProb(value), ref[0][0], {}, "logProb");
    expectTensor(d.mean, ref[0][1], {}, "mean");
    expectTensor(d.variance, ref[0][2], {}, "variance");
    expectTensor(d.cdf(value), ref[0][3], {}, "cdf");
    assert.deepEqual(d.batchShape, ref[0][4]);
    // A mixture batch shorter than the components': PyTorch pads by element counts, so mean and
    // variance come out in its own (odd) shape.
    const w2 = torch.randn([2, 4]);
    const [l3, s3] = [torch.randn([3, 2, 4]), torch.rand([3, 2, 4]).add(0.5)];
    const d2 = new D.MixtureSameFamily(new D.Categorical({ logits: w2 }), new D.Normal(l3, s3));
    const ref2 = (await py.call("distributions_more.warned", {
      expr: "[(d := D.MixtureSameFamily(D.Categorical(logits=w), D.Normal(loc, scale))).mean, d.variance, d.log_prob(v)]",
      inputs: { w: w2, loc: l3, scale: s3, v: torch.randn([3, 2]) },
      seed: 0,
    })) as [Tensor[], string[]];
    expectTensor(d2.mean, ref2[0][0], {}, "mean over a shorter mixture batch");
    expectTensor(d2.variance, ref2[0][1], {}, "variance over a shorter mixture batch");
    await expectSameError(
      () => d.sample([2]),
      "D.MixtureSameFamily(D.Categorical(logits=w), D.Normal(loc, scale)).sample([2])",
      { w, loc: loc23, scale: scale23 },
    );
  });
  it("of multivariate components (Independent Normals and MultivariateNormals)", async () => {
    await battery({
      make: (p) =>
        new D.MixtureSameFamily(new D.Categorical({ probs: p.w }), new D.Independent(new D.Normal(p.loc, p.scale), 1)),
      py: "D.MixtureSameFamily(D.Categorical(probs=w), D.Independent(D.Normal(loc, scale), 1))",
      params: { w: torch.rand([5]).add(0.1), loc: torch.randn([5, 2]), scale: torch.rand([5, 2]).add(0.5) },
      value: torch.randn([3, 2]),
      sampleShape: [3],
      expandShape: [3],
      members: ["mean", "variance"],
    });
    const G = torch.randn([3, 2, 2]);
    const L = torch.linalg.cholesky(G.matmul(G.mT).add(torch.eye(2)));
    await battery({
      make: (p) =>
        new D.MixtureSameFamily(new D.Categorical({ probs: p.w }), new D.MultivariateNormal(p.loc, { scaleTril: p.L })),
      py: "D.MixtureSameFamily(D.Categorical(probs=w), D.MultivariateNormal(loc, scale_tril=L))",
      params: { w: torch.rand([3]).add(0.1), loc: torch.randn([3, 2]), L },
      value: torch.randn([4, 2]),
      sampleShape: [4],
      expandShape: [4],
      members: ["mean", "variance"],
      tol: LINALG,
    });
  });
});

describe("LowRankMultivariateNormal", () => {
  const members = ["mean", "mode", "variance", "stddev", "entropy", "covarianceMatrix", "precisionMatrix", "scaleTril"];
  it("draws, rsample gradients, logProb, moments, the covariance in each form, expand, repr", async () => {
    await battery({
      make: (p) => new D.LowRankMultivariateNormal(p.loc, p.W, p.d),
      py: "D.LowRankMultivariateNormal(loc, W, d)",
      params: { loc: loc23, W: torch.randn([2, 3, 2]), d: scale23 },
      value: torch.randn([4, 2, 3]),
      sampleShape: [4],
      expandShape: [4, 2],
      members,
      tol: LINALG,
    });
  });
  it("one factor broadcast over a batch of means", async () => {
    await battery({
      make: (p) => new D.LowRankMultivariateNormal(p.loc, p.W, p.d),
      py: "D.LowRankMultivariateNormal(loc, W, d)",
      params: { loc: torch.randn([4, 3]), W: torch.randn([3, 1]), d: torch.rand([3]).add(0.5) },
      value: torch.randn([2, 4, 3]),
      sampleShape: [2],
      expandShape: [2, 4],
      members,
      tol: LINALG,
    });
  });
});

describe("RelaxedBernoulli and LogitRelaxedBernoulli", () => {
  const temperature = f32([0.5, 1.5, 3.0]);
  it("from probs and from logits: rsample and its gradients, logProb, expand, repr", async () => {
    await battery({
      make: (p) => new D.RelaxedBernoulli(p.t, { probs: p.probs }),
      py: "D.RelaxedBernoulli(t, probs=probs)",
      params: { t: temperature, probs: q23 },
      value: torch.rand([2, 3]).mul(0.9).add(0.05),
      sampleShape: [4],
      expandShape: [2, 2, 3],
      members: ["probs", "logits", "temperature"],
    });
    await battery({
      make: (p) => new D.RelaxedBernoulli(p.t, { logits: p.logits }),
      py: "D.RelaxedBernoulli(t, logits=logits)",
      params: { t: f32(0.7), logits: loc23 },
      value: torch.rand([4, 2, 3]).mul(0.9).add(0.05),
      sampleShape: [3],
      expandShape: [4, 2, 3],
      members: ["probs", "logits", "temperature"],
    });
  });
  it("LogitRelaxedBernoulli, and a number temperature", async () => {
    await battery({
      make: (p) => new D.LogitRelaxedBernoulli(p.t, { probs: p.probs }),
      py: "D.relaxed_bernoulli.LogitRelaxedBernoulli(t, probs=probs)",
      params: { t: temperature, probs: q23 },
      value: loc23,
      sampleShape: [4],
      expandShape: [2, 2, 3],
      members: ["probs", "logits"],
    });
    torch.manualSeed(7);
    const d = new D.LogitRelaxedBernoulli(0.5, q23);
    const ref = (await py.call("distributions_more.warned", {
      expr: "D.relaxed_bernoulli.LogitRelaxedBernoulli(0.5, q).rsample([2])",
      inputs: { q: q23 },
      seed: 7,
    })) as [Tensor, string[]];
    expectTensor(d.rsample([2]), ref[0], {}, "rsample with a number temperature");
    await expectSameError(() => d.logProb(loc23), "D.relaxed_bernoulli.LogitRelaxedBernoulli(0.5, q).log_prob(v)", {
      q: q23,
      v: loc23,
    });
  });
});

describe("RelaxedOneHotCategorical and ExpRelaxedCategorical", () => {
  const value = torch.softmax(torch.randn([3, 2, 4]), -1);
  it("from probs and from logits: rsample and its gradients, logProb, expand, repr", async () => {
    await battery({
      make: (p) => new D.RelaxedOneHotCategorical(p.t, { probs: p.probs }),
      py: "D.RelaxedOneHotCategorical(t, probs=probs)",
      params: { t: f32(0.8), probs: torch.rand([2, 4]).add(0.1) },
      value,
      sampleShape: [3],
      expandShape: [3, 2],
      members: ["probs", "logits", "temperature"],
    });
    await battery({
      make: (p) => new D.RelaxedOneHotCategorical(p.t, p.probs),
      py: "D.RelaxedOneHotCategorical(t, probs)",
      params: { t: f32(1.5), probs: torch.rand([2, 4]).add(0.1) },
      value,
      sampleShape: [2],
      expandShape: [3, 2],
      members: ["probs", "logits"],
    });
  });
  it("ExpRelaxedCategorical", async () => {
    await battery({
      make: (p) => new D.ExpRelaxedCategorical(p.t, { logits: p.logits }),
      py: "D.relaxed_categorical.ExpRelaxedCategorical(t, logits=logits)",
      params: { t: f32(2.0), logits: torch.randn([2, 4]) },
      value: value.log(),
      sampleShape: [3],
      expandShape: [3, 2],
      members: ["probs", "logits", "temperature"],
    });
  });
});

describe("ContinuousBernoulli", () => {
  const members = ["mean", "variance", "stddev", "entropy", "cdf", "icdf", "probs", "logits"];
  // Probabilities on both sides of 0.5 and inside the unstable region (0.499, 0.501).
  const probs = f32([
    [0.1, 0.4995, 0.5, 0.7],
    [0.5008, 0.2, 0.9, 0.45],
  ]);
  it("from probs and from logits: draws, rsample gradients, logProb, moments, cdf/icdf, expand", async () => {
    const value = torch.rand([3, 2, 4]);
    const q = torch.rand([2, 4]);
    await battery({
      make: (p) => new D.ContinuousBernoulli({ probs: p.probs }),
      py: "D.ContinuousBernoulli(probs=probs)",
      params: { probs },
      value,
      q,
      sampleShape: [3],
      expandShape: [3, 2, 4],
      members,
    });
    await battery({
      make: (p) => new D.ContinuousBernoulli({ logits: p.logits }),
      py: "D.ContinuousBernoulli(logits=logits)",
      params: { logits: f32([-3, 0.001, 0, 0.5, 2]) },
      value: f32([0, 0.25, 0.5, 0.75, 1]),
      q: torch.rand([5]),
      sampleShape: [2],
      expandShape: [2, 5],
      members,
    });
  });
  it("a number parameter, lims, and the positional form", async () => {
    await battery({
      make: () => new D.ContinuousBernoulli(0.3),
      py: "D.ContinuousBernoulli(0.3)",
      params: {},
      value: f32([0.2, 0.9]),
      q: f32([0.1, 0.6]),
      sampleShape: [3],
      expandShape: [2],
      members,
    });
    // Wide limits in float64, so the Taylor expansions' terms all show.
    await battery({
      make: (p) => new D.ContinuousBernoulli(p.probs, { lims: [0.3, 0.7] }),
      py: "D.ContinuousBernoulli(probs, lims=(0.3, 0.7))",
      params: {
        probs: probs.double().add(
          f32([
            [0.25, -0.15, 0.0, 0.0],
            [0.0, 0.0, 0.0, 0.0],
          ]).double(),
        ),
      },
      value: torch.rand([2, 4], { dtype: "float64" }),
      q: torch.rand([2, 4], { dtype: "float64" }),
      sampleShape: [2],
      expandShape: [2, 2, 4],
      members,
    });
  });
  it("ExponentialFamily's autograd entropy (natural parameters, log normalizer) gives PyTorch's values", async () => {
    const d = new D.ContinuousBernoulli({ logits: f32([-3, 0.0005, 0.5, 2]) });
    const ref = await py.call("distributions_more.warned", {
      expr: "D.ExponentialFamily.entropy(D.ContinuousBernoulli(logits=l))",
      inputs: { l: f32([-3, 0.0005, 0.5, 2]) },
      seed: 0,
    });
    expectTensor(D.ExponentialFamily.prototype.entropy.call(d).detach(), (ref as PyValue[])[0], {}, "entropy");
  });
});

describe("VonMises", () => {
  it("rejection draws, logProb and gradients, mean, mode, variance, expand, repr", async () => {
    await battery({
      make: (p) => new D.VonMises(p.loc, p.k),
      py: "D.VonMises(loc, k)",
      // Concentrations below and above 3.75 (the two Bessel approximations) and a near-uniform one.
      params: {
        loc: loc23,
        k: f32([
          [0.01, 1.0, 3.0],
          [4.0, 10.0, 50.0],
        ]),
      },
      value: torch.rand([3, 2, 3]).mul(6).sub(3),
      sampleShape: [5],
      expandShape: [3, 2, 3],
      members: ["mean", "mode", "variance", "stddev"],
    });
    await battery({
      make: () => new D.VonMises(0.5, 2.0),
      py: "D.VonMises(0.5, 2.0)",
      params: {},
      value: f32([-1, 0, 2]),
      sampleShape: [20],
      expandShape: [3],
      members: ["mean", "variance"],
    });
  });
});

describe("Kumaraswamy and FisherSnedecor", () => {
  it("Kumaraswamy: draws, rsample gradients, logProb, moments, entropy, cdf/icdf, expand", async () => {
    await battery({
      make: (p) => new D.Kumaraswamy(p.a, p.b),
      py: "D.Kumaraswamy(a, b)",
      params: {
        a: f32([
          [0.5, 2.0, 3.0],
          [1.5, 0.8, 5.0],
        ]),
        b: f32([
          [2.0, 0.7, 3.0],
          [1.5, 4.0, 1.2],
        ]),
      },
      value: torch.rand([2, 3]).mul(0.9).add(0.05),
      q: q23,
      sampleShape: [4],
      expandShape: [2, 2, 3],
      members: ["mean", "mode", "variance", "entropy", "cdf", "icdf"],
    });
    await battery({
      make: () => new D.Kumaraswamy(2, 3),
      py: "D.Kumaraswamy(2., 3.)",
      params: {},
      value: f32([0.2, 0.7]),
      sampleShape: [3],
      expandShape: [2],
      members: ["mean", "variance", "entropy"],
    });
  });
  it("FisherSnedecor across the mean/mode/variance regimes", async () => {
    await battery({
      make: (p) => new D.FisherSnedecor(p.df1, p.df2),
      py: "D.FisherSnedecor(df1, df2)",
      params: {
        df1: f32([
          [1.0, 3.0, 10.0],
          [2.5, 0.5, 6.0],
        ]),
        df2: f32([
          [1.5, 3.0, 10.0],
          [4.5, 8.0, 2.0],
        ]),
      },
      value: scale23,
      sampleShape: [4],
      expandShape: [2, 2, 3],
      members: ["mean", "mode", "variance"],
    });
    await battery({
      make: () => new D.FisherSnedecor(5, 12),
      py: "D.FisherSnedecor(5., 12.)",
      params: {},
      value: f32([0.5, 2.0]),
      sampleShape: [3],
      expandShape: [2],
      members: ["mean", "mode", "variance"],
    });
  });
});

describe("LKJCholesky", () => {
  it("onion-method draws, logProb and gradients, expand, repr, for several sizes", async () => {
    for (const dim of [2, 3, 5]) {
      torch.manualSeed(dim);
      const value = new D.LKJCholesky(dim, 1.5).sample([3, 2]);
      await battery({
        make: (p) => new D.LKJCholesky(dim, p.c),
        py: `D.LKJCholesky(${dim}, c)`,
        params: { c: f32([0.5, 2.0]) },
        value,
        sampleShape: [3],
        expandShape: [3, 2],
        members: [],
      });
    }
    await battery({
      make: () => new D.LKJCholesky(3),
      py: "D.LKJCholesky(3)",
      params: {},
      value: new D.LKJCholesky(3, 0.5).sample([2]),
      sampleShape: [2],
      expandShape: [2],
      members: [],
    });
  });
  it("the corr_cholesky constraint's checks", async () => {
    const good = new D.LKJCholesky(3).sample([2]);
    const bad = good.mul(1.01);
    const notLower = good.mT;
    const mine = [good, bad, notLower].map((x) => D.constraints.corrCholesky.check(x));
    const ref = (await py.call("distributions_more.warned", {
      expr: "[[D.constraints.corr_cholesky.check(x) for x in xs], repr(D.constraints.corr_cholesky), D.constraints.corr_cholesky.event_dim]",
      inputs: { xs: [good, bad, notLower] },
      seed: 0,
    })) as [[Tensor[], string, number], string[]];
    for (const [i, m] of mine.entries()) expectTensor(m, ref[0][0][i], {}, `check ${i}`);
    assert.equal(D.constraints.corrCholesky.toString(), ref[0][1]);
    assert.equal(D.constraints.corrCholesky.eventDim, ref[0][2]);
  });
});

describe("Wishart", () => {
  const A = torch.randn([2, 3, 3]);
  const cov = A.matmul(A.mT).add(torch.eye(3));
  const value = (() => {
    const B = torch.randn([4, 2, 3, 3]);
    return B.matmul(B.mT).add(torch.eye(3).mul(0.5));
  })();
  const members = ["mean", "mode", "variance", "entropy", "covarianceMatrix", "precisionMatrix", "scaleTril"];
  it("from each of covarianceMatrix, precisionMatrix and scaleTril: Bartlett draws, gradients, logProb, moments", async () => {
    for (const [key, pyKey, m] of [
      ["covarianceMatrix", "covariance_matrix", cov],
      ["precisionMatrix", "precision_matrix", torch.linalg.inv(cov)],
      ["scaleTril", "scale_tril", torch.linalg.cholesky(cov)],
    ] as const) {
      await battery({
        make: (p) => new D.Wishart(p.df, { [key]: p.m }),
        py: `D.Wishart(df, ${pyKey}=m)`,
        params: { df: f32([4.0, 6.5]), m },
        value,
        // rsample([n]) has no backward in PyTorch 1.13 (its redraw modifies a saved mask in place): see below.
        sampleShape: [],
        expandShape: [4, 2],
        members,
        tol: LINALG,
      });
    }
  });
  it("a number df broadcast over one matrix", async () => {
    await battery({
      make: (p) => new D.Wishart(5, { covarianceMatrix: p.m }),
      py: "D.Wishart(5., covariance_matrix=m)",
      params: { m: cov.select(0, 1) },
      value: value.select(1, 0),
      sampleShape: [],
      expandShape: [4],
      members,
      tol: LINALG,
    });
  });
  it("rsample redraws where PyTorch 1.13's singularity check flags, warning as PyTorch does", async () => {
    torch.setWarnAlways(true);
    const emitted: string[] = [];
    const spy = vi.spyOn(process, "emitWarning").mockImplementation(((m: string | Error) => {
      emitted.push(String(m));
    }) as typeof process.emitWarning);
    let mine: Tensor;
    try {
      torch.manualSeed(11);
      mine = new D.Wishart(2.5, { scaleTril: torch.linalg.cholesky(cov) }).rsample([2]);
    } finally {
      spy.mockRestore();
      torch.setWarnAlways(false);
    }
    const ref = (await py.call("distributions_more.warned", {
      expr: "D.Wishart(2.5, scale_tril=L).rsample([2])",
      inputs: { L: torch.linalg.cholesky(cov) },
      seed: 11,
    })) as [Tensor, string[]];
    expectTensor(mine.detach(), ref[0], LINALG, "rsample");
    assert.deepEqual(emitted, ref[1], "warnings");
  });
  it("rsample with a sample shape has no backward, as in PyTorch 1.13", async () => {
    const df = f32([4.0, 6.5]).requiresGrad_();
    const r = new D.Wishart(df, { covarianceMatrix: cov }).rsample([3]);
    await expectSameError(
      () => torch.autograd.grad(r.pow(2).sum(), [df]),
      "df = f32([4., 6.5]).requires_grad_()\nr = D.Wishart(df, covariance_matrix=cov).rsample([3])\ntorch.autograd.grad(r.pow(2).sum(), [df])",
      { cov },
    );
  });
  it("KL between Wisharts by the exponential-family (Bregman) fallback", async () => {
    const L = torch.linalg.cholesky(cov);
    await expectSameKl(
      "D.Wishart(df, scale_tril=L), D.Wishart(df2, scale_tril=L.flip(0))",
      { df: f32([4.0, 6.5]), df2: f32([5.0, 3.5]), L },
      (i) => [new D.Wishart(i.df, { scaleTril: i.L }), new D.Wishart(i.df2, { scaleTril: i.L.flip(0) })],
      LINALG,
    );
  });
});

describe("kl_divergence of the added pairs", () => {
  const a = loc23,
    b = scale23,
    c = torch.randn([2, 3]),
    s = q23;
  const W1 = torch.randn([2, 3, 2]);
  const W2 = torch.randn([2, 3, 1]);
  const G = torch.randn([2, 3, 3]);
  const L = torch.linalg.cholesky(G.matmul(G.mT).add(torch.eye(3)));
  const pairs: Array<[string, Record<string, Tensor>, Make, Tol?]> = [
    [
      "D.ContinuousBernoulli(probs=s), D.ContinuousBernoulli(logits=c)",
      { s, c },
      (i) => [new D.ContinuousBernoulli({ probs: i.s }), new D.ContinuousBernoulli({ logits: i.c })],
    ],
    [
      "D.LowRankMultivariateNormal(a, W1, b), D.LowRankMultivariateNormal(c, W2, s)",
      { a, W1, b, c, W2, s },
      (i) => [new D.LowRankMultivariateNormal(i.a, i.W1, i.b), new D.LowRankMultivariateNormal(i.c, i.W2, i.s)],
      LINALG,
    ],
    [
      "D.MultivariateNormal(a, scale_tril=L), D.LowRankMultivariateNormal(c, W2, s)",
      { a, L, c, W2, s },
      (i) => [new D.MultivariateNormal(i.a, { scaleTril: i.L }), new D.LowRankMultivariateNormal(i.c, i.W2, i.s)],
      LINALG,
    ],
    [
      "D.LowRankMultivariateNormal(a, W1, b), D.MultivariateNormal(c[0], scale_tril=L[0])",
      { a, W1, b, c, L },
      (i) => [
        new D.LowRankMultivariateNormal(i.a, i.W1, i.b),
        new D.MultivariateNormal(i.c.select(0, 0), { scaleTril: i.L.select(0, 0) }),
      ],
      LINALG,
    ],
    [
      "D.Beta(b, s), D.ContinuousBernoulli(probs=s)",
      { b, s },
      (i) => [new D.Beta(i.b, i.s), new D.ContinuousBernoulli({ probs: i.s })],
    ],
    [
      "D.ContinuousBernoulli(probs=s), D.Pareto(b, s)",
      { s, b },
      (i) => [new D.ContinuousBernoulli({ probs: i.s }), new D.Pareto(i.b, i.s)],
    ],
    [
      "D.ContinuousBernoulli(logits=c), D.Exponential(b)",
      { c, b },
      (i) => [new D.ContinuousBernoulli({ logits: i.c }), new D.Exponential(i.b)],
    ],
    [
      "D.ContinuousBernoulli(probs=s), D.Normal(a, b)",
      { s, a, b },
      (i) => [new D.ContinuousBernoulli({ probs: i.s }), new D.Normal(i.a, i.b)],
    ],
    [
      "D.ContinuousBernoulli(probs=s), D.Uniform(a - 2, a + 2)",
      { s, a },
      (i) => [new D.ContinuousBernoulli({ probs: i.s }), new D.Uniform(i.a.sub(2), i.a.add(2))],
    ],
    [
      "D.Uniform(s * 0.5, s), D.ContinuousBernoulli(logits=c)",
      { s, c },
      (i) => [new D.Uniform(i.s.mul(0.5), i.s), new D.ContinuousBernoulli({ logits: i.c })],
    ],
    [
      "D.Uniform(a, a + b), D.ContinuousBernoulli(logits=c)",
      { a, b, c },
      (i) => [new D.Uniform(i.a, i.a.add(i.b)), new D.ContinuousBernoulli({ logits: i.c })],
    ],
    [
      "D.Exponential(b), D.ContinuousBernoulli(probs=s)",
      { b, s },
      (i) => [new D.Exponential(i.b), new D.ContinuousBernoulli({ probs: i.s })],
    ],
    [
      "D.Gamma(b, s), D.ContinuousBernoulli(probs=s)",
      { b, s },
      (i) => [new D.Gamma(i.b, i.s), new D.ContinuousBernoulli({ probs: i.s })],
    ],
    [
      "D.Gumbel(a, b), D.ContinuousBernoulli(probs=s)",
      { a, b, s },
      (i) => [new D.Gumbel(i.a, i.b), new D.ContinuousBernoulli({ probs: i.s })],
    ],
    [
      "D.Laplace(a, b), D.ContinuousBernoulli(probs=s)",
      { a, b, s },
      (i) => [new D.Laplace(i.a, i.b), new D.ContinuousBernoulli({ probs: i.s })],
    ],
    [
      "D.Normal(a, b), D.ContinuousBernoulli(probs=s)",
      { a, b, s },
      (i) => [new D.Normal(i.a, i.b), new D.ContinuousBernoulli({ probs: i.s })],
    ],
    [
      "D.Pareto(b, s), D.ContinuousBernoulli(probs=s)",
      { b, s },
      (i) => [new D.Pareto(i.b, i.s), new D.ContinuousBernoulli({ probs: i.s })],
    ],
    [
      "D.Kumaraswamy(b, s), D.Kumaraswamy(b, s)",
      { b, s },
      (i) => [new D.Kumaraswamy(i.b, i.s), new D.Kumaraswamy(i.b, i.s)],
    ],
  ];
  it("each pair: the value and its gradients", async () => {
    for (const [expr, inputs, make, tol] of pairs) await expectSameKl(expr, inputs, make, tol);
  });
  it("unregistered pairs and mismatched event shapes raise as PyTorch", async () => {
    const z2 = torch.zeros([2]),
      z3 = torch.zeros([3]);
    await expectSameError(
      () =>
        D.klDivergence(
          new D.LowRankMultivariateNormal(z2, torch.ones([2, 1]), torch.ones([2])),
          new D.LowRankMultivariateNormal(z3, torch.ones([3, 1]), torch.ones([3])),
        ),
      "D.kl_divergence(D.LowRankMultivariateNormal(torch.zeros(2), torch.ones(2, 1), torch.ones(2)), D.LowRankMultivariateNormal(torch.zeros(3), torch.ones(3, 1), torch.ones(3)))",
    );
    await expectSameError(
      () =>
        D.klDivergence(
          new D.MultivariateNormal(z2, { covarianceMatrix: torch.eye(2) }),
          new D.LowRankMultivariateNormal(z3, torch.ones([3, 1]), torch.ones([3])),
        ),
      "D.kl_divergence(D.MultivariateNormal(torch.zeros(2), torch.eye(2)), D.LowRankMultivariateNormal(torch.zeros(3), torch.ones(3, 1), torch.ones(3)))",
    );
    await expectSameError(
      () =>
        D.klDivergence(
          new D.LowRankMultivariateNormal(z3, torch.ones([3, 1]), torch.ones([3])),
          new D.MultivariateNormal(z2, { covarianceMatrix: torch.eye(2) }),
        ),
      "D.kl_divergence(D.LowRankMultivariateNormal(torch.zeros(3), torch.ones(3, 1), torch.ones(3)), D.MultivariateNormal(torch.zeros(2), torch.eye(2)))",
    );
    await expectSameError(
      () => D.klDivergence(new D.ContinuousBernoulli(0.3), new D.Gamma(1, 1)),
      "D.kl_divergence(D.ContinuousBernoulli(0.3), D.Gamma(1., 1.))",
    );
    await expectSameError(
      () =>
        D.klDivergence(
          new D.RelaxedBernoulli(f32(0.5), { probs: 0.3 }),
          new D.RelaxedBernoulli(f32(0.5), { logits: 1 }),
        ),
      "D.kl_divergence(D.RelaxedBernoulli(f32(0.5), probs=0.3), D.RelaxedBernoulli(f32(0.5), logits=1.))",
    );
    await expectSameError(
      () => D.klDivergence(new D.VonMises(0, 1), new D.VonMises(1, 1)),
      "D.kl_divergence(D.VonMises(0., 1.), D.VonMises(1., 1.))",
    );
  });
});

describe("validation: PyTorch's errors and messages", () => {
  const cases: Array<[() => unknown, string, Record<string, unknown>?]> = [
    [() => new D.Multinomial(1.5, { probs: torch.ones([3]) }), "D.Multinomial(1.5, probs=torch.ones(3))"],
    [() => new D.Multinomial(3, { probs: f32([0.5, -0.1]) }), "D.Multinomial(3, probs=f32([0.5, -0.1]))"],
    [() => new D.Multinomial(3, {}), "D.Multinomial(3)"],
    [
      () => new D.Multinomial(3, { probs: torch.ones([3]) }).logProb(f32([1, -1, 0])),
      "D.Multinomial(3, probs=torch.ones(3)).log_prob(f32([1, -1, 0]))",
    ],
    [
      () => new D.Multinomial(3, { probs: torch.ones([3]) }).logProb(f32([1, 1])),
      "D.Multinomial(3, probs=torch.ones(3)).log_prob(f32([1, 1]))",
    ],
    [
      () => new D.MixtureSameFamily(new D.Normal(0, 1) as never, new D.Normal(torch.zeros([2]), 1)),
      "D.MixtureSameFamily(D.Normal(0., 1.), D.Normal(torch.zeros(2), 1.))",
    ],
    [
      () => new D.MixtureSameFamily(new D.Categorical({ probs: torch.ones([2]) }), "x" as never),
      "D.MixtureSameFamily(D.Categorical(probs=torch.ones(2)), 'x')",
    ],
    [
      () => new D.MixtureSameFamily(new D.Categorical({ probs: torch.ones([3]) }), new D.Normal(torch.zeros([2]), 1)),
      "D.MixtureSameFamily(D.Categorical(probs=torch.ones(3)), D.Normal(torch.zeros(2), 1.))",
    ],
    [
      () =>
        new D.MixtureSameFamily(new D.Categorical({ probs: torch.ones([3, 2]) }), new D.Normal(torch.zeros([4, 2]), 1)),
      "D.MixtureSameFamily(D.Categorical(probs=torch.ones(3, 2)), D.Normal(torch.zeros(4, 2), 1.))",
    ],
    [
      () => new D.MixtureSameFamily(new D.Categorical({ probs: torch.ones([2]) }), new D.Normal(0, 1)),
      "D.MixtureSameFamily(D.Categorical(probs=torch.ones(2)), D.Normal(0., 1.))",
    ],
    [
      () => new D.LowRankMultivariateNormal(f32(0), torch.ones([1, 1]), torch.ones([1])),
      "D.LowRankMultivariateNormal(f32(0), torch.ones(1, 1), torch.ones(1))",
    ],
    [
      () => new D.LowRankMultivariateNormal(torch.zeros([3]), torch.ones([3]), torch.ones([3])),
      "D.LowRankMultivariateNormal(torch.zeros(3), torch.ones(3), torch.ones(3))",
    ],
    [
      () => new D.LowRankMultivariateNormal(torch.zeros([3]), torch.ones([2, 1]), torch.ones([3])),
      "D.LowRankMultivariateNormal(torch.zeros(3), torch.ones(2, 1), torch.ones(3))",
    ],
    [
      () => new D.LowRankMultivariateNormal(torch.zeros([3]), torch.ones([3, 1]), torch.ones([2])),
      "D.LowRankMultivariateNormal(torch.zeros(3), torch.ones(3, 1), torch.ones(2))",
    ],
    [
      () => new D.LowRankMultivariateNormal(torch.zeros([2, 3]), torch.ones([4, 3, 1]), torch.ones([3])),
      "D.LowRankMultivariateNormal(torch.zeros(2, 3), torch.ones(4, 3, 1), torch.ones(3))",
    ],
    [
      () => new D.LowRankMultivariateNormal(torch.zeros([3]), torch.ones([3, 1]), f32([1, 0, 1])),
      "D.LowRankMultivariateNormal(torch.zeros(3), torch.ones(3, 1), f32([1, 0, 1]))",
    ],
    [() => new D.RelaxedBernoulli(f32(1), { probs: 1.5 }), "D.RelaxedBernoulli(f32(1), probs=1.5)"],
    [() => new D.RelaxedBernoulli(f32(1), {}), "D.RelaxedBernoulli(f32(1))"],
    [
      () => new D.RelaxedBernoulli(f32(1), { probs: 0.5 }).logProb(f32([1.5])),
      "D.RelaxedBernoulli(f32(1), probs=0.5).log_prob(f32([1.5]))",
    ],
    [
      () => new D.RelaxedOneHotCategorical(f32(1), { probs: f32([0.5, -0.5]) }),
      "D.RelaxedOneHotCategorical(f32(1), probs=f32([0.5, -0.5]))",
    ],
    [
      () => new D.RelaxedOneHotCategorical(f32(1), { probs: f32([0.5, 0.5]) }).logProb(f32([0.5, 0.6])),
      "D.RelaxedOneHotCategorical(f32(1), probs=f32([0.5, 0.5])).log_prob(f32([0.5, 0.6]))",
    ],
    [
      () => new D.ExpRelaxedCategorical(2.5, { probs: f32([0.5, 0.5]) }).logProb(f32([-1, -1])),
      "D.relaxed_categorical.ExpRelaxedCategorical(2.5, probs=f32([0.5, 0.5])).log_prob(f32([-1, -1]))",
    ],
    [
      () => new D.ContinuousBernoulli({ probs: f32([0.5, 1.5]), validateArgs: false }),
      "D.ContinuousBernoulli(probs=f32([0.5, 1.5]), validate_args=False)",
    ],
    [() => new D.ContinuousBernoulli({}), "D.ContinuousBernoulli()"],
    [() => new D.ContinuousBernoulli(0.5).logProb(f32([1.5])), "D.ContinuousBernoulli(0.5).log_prob(f32([1.5]))"],
    [() => new D.VonMises(0, f32([1, -1])), "D.VonMises(0., f32([1, -1]))"],
    [() => new D.VonMises(0, 1).logProb(f32(Number.NaN)), "D.VonMises(0., 1.).log_prob(f32(float('nan')))"],
    [() => new D.Kumaraswamy(f32([1, 0]), 1), "D.Kumaraswamy(f32([1, 0]), 1.)"],
    [() => new D.Kumaraswamy(2, 2).logProb(f32(1.5)), "D.Kumaraswamy(2., 2.).log_prob(f32(1.5))"],
    [() => new D.FisherSnedecor(1, f32([-1])), "D.FisherSnedecor(1., f32([-1]))"],
    [() => new D.FisherSnedecor(1, 2).logProb(f32(-1)), "D.FisherSnedecor(1., 2.).log_prob(f32(-1))"],
    [() => new D.LKJCholesky(1), "D.LKJCholesky(1)"],
    [() => new D.LKJCholesky(3, f32([1, -1])), "D.LKJCholesky(3, f32([1, -1]))"],
    [() => new D.LKJCholesky(2).logProb(torch.eye(2).mul(2)), "D.LKJCholesky(2).log_prob(torch.eye(2) * 2)"],
    [() => new D.Wishart(4, {}), "D.Wishart(4.)"],
    [
      () => new D.Wishart(4, { covarianceMatrix: torch.eye(2), scaleTril: torch.eye(2) }),
      "D.Wishart(4., covariance_matrix=torch.eye(2), scale_tril=torch.eye(2))",
    ],
    [() => new D.Wishart(4, { scaleTril: torch.ones([2]) }), "D.Wishart(4., scale_tril=torch.ones(2))"],
    [() => new D.Wishart(1.5, { covarianceMatrix: torch.eye(3) }), "D.Wishart(1.5, covariance_matrix=torch.eye(3))"],
    [
      () => new D.Wishart(f32([4, 1]), { covarianceMatrix: torch.eye(3) }),
      "D.Wishart(f32([4, 1]), covariance_matrix=torch.eye(3))",
    ],
    [
      () => new D.Wishart(f32(2.0), { covarianceMatrix: torch.eye(3) }),
      "D.Wishart(f32(2.), covariance_matrix=torch.eye(3))",
    ],
    [
      () =>
        new D.Wishart(4, {
          covarianceMatrix: f32([
            [1, 2],
            [2, 1],
          ]),
        }),
      "D.Wishart(4., covariance_matrix=f32([[1., 2.], [2., 1.]]))",
    ],
    [
      () =>
        new D.Wishart(4, { covarianceMatrix: torch.eye(2) }).logProb(
          f32([
            [1, 2],
            [2, 1],
          ]),
        ),
      "D.Wishart(4., covariance_matrix=torch.eye(2)).log_prob(f32([[1., 2.], [2., 1.]]))",
    ],
  ];
  it("invalid parameters and out-of-support values raise PyTorch's errors, word for word", async () => {
    for (const [fn, stmt, inputs] of cases) await expectSameError(fn, stmt, inputs);
  });
  it("validateArgs: false turns the checks off", () => {
    expect(() => new D.VonMises(0, -1, { validateArgs: false })).not.toThrow();
    const v = new D.VonMises(0, 1, { validateArgs: false });
    expect(v.expand([2])._validateArgs).toBe(false);
    expect(new D.VonMises(0, 1).expand([2])._validateArgs).toBe(true);
    expect(() => new D.Kumaraswamy(-1, 1, { validateArgs: false })).not.toThrow();
    expect(() => new D.Kumaraswamy(-1, 1)).toThrow(/Expected parameter concentration1/);
  });
});

describe("CumulativeDistributionTransform", () => {
  it("cdf forward, icdf back, log_prob as the log-Jacobian; a Gaussian copula's log_prob; as PyTorch", async () => {
    const x = torch.tensor([-1.5, 0, 0.3, 2.5]);
    const c = new D.transforms.CumulativeDistributionTransform(new D.Normal(torch.tensor(0.5), torch.tensor(2)));
    const y = c.call(x);
    const base = new D.MultivariateNormal(torch.zeros([2]), {
      scaleTril: torch.tensor([
        [1, 0],
        [0.6, 0.8],
      ]),
    });
    const copula = new D.TransformedDistribution(base, [
      new D.transforms.CumulativeDistributionTransform(new D.Normal(torch.tensor(0), torch.tensor(1))),
    ]);
    const u = torch.tensor([
      [0.2, 0.7],
      [0.5, 0.5],
    ]);
    const mine = [y, c.inv.call(y), c.logAbsDetJacobian(x, y), copula.logProb(u)];
    const ref = (await py.eval(
      `from torch.distributions import *
from torch.distributions.transforms import CumulativeDistributionTransform as CDT
c = CDT(Normal(torch.tensor(0.5), torch.tensor(2.)))
y = c(x)
copula = TransformedDistribution(MultivariateNormal(torch.zeros(2), scale_tril=torch.tensor([[1., 0.], [0.6, 0.8]])),
                                 [CDT(Normal(torch.tensor(0.), torch.tensor(1.)))])
out = [y, c.inv(y), c.log_abs_det_jacobian(x, y), copula.log_prob(u), str(c.codomain), c.bijective, c.sign]`,
      { x, u },
    )) as PyValue[];
    for (const [i, t] of mine.entries()) expectTensor(t, ref[i] as Tensor, { rtol: 1e-5, atol: 1e-6 });
    expect([String(c.codomain), c.bijective, c.sign]).toEqual(ref.slice(4));
    expect(c.domain).toBe(D.constraints.real);
  });
});
