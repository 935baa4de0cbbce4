// torch.distributions.kl: kl_divergence with PyTorch's registry and dispatch on the most specific
// registered pair of classes, and the closed forms of PyTorch 1.13's kl.py.

import { grad } from "../autograd";
import { NotImplementedError, ValueError } from "../errors";
import { broadcastShapes } from "../functions";
import { solveTriangular } from "../linalg";
import { softplus } from "../nn/functional";
import type { Tensor } from "../tensor";
import { warn } from "../warnings";
import { Bernoulli } from "./bernoulli";
import { Beta } from "./beta";
import { Categorical } from "./categorical";
import { Dirichlet } from "./dirichlet";
import { Distribution } from "./distribution";
import { ExponentialFamily } from "./exp_family";
import { Exponential } from "./exponential";
import { Gamma } from "./gamma";
import { Independent } from "./independent";
import { Laplace } from "./laplace";
import { batchMahalanobis, MultivariateNormal } from "./multivariate_normal";
import { Normal } from "./normal";
import { OneHotCategorical } from "./one_hot_categorical";
import { Poisson } from "./poisson";
import { Uniform } from "./uniform";
import { sameShape, sumRightmost } from "./utils";

// biome-ignore lint/suspicious/noExplicitAny: classes of distributions with any constructor signature.
type DistributionClass = abstract new (...args: any[]) => Distribution;
/** A KL divergence function for a registered pair of classes. */
// biome-ignore lint/suspicious/noExplicitAny: each function takes its own pair of distribution classes.
export type KLFunction = (p: any, q: any) => Tensor;

// The registry in registration order (Python's dict), and the memoized lookups by exact pair.
const KL_REGISTRY = new Map<DistributionClass, Map<DistributionClass, KLFunction>>();
const KL_ORDER: Array<[DistributionClass, DistributionClass]> = [];
const KL_MEMOIZE = new Map<DistributionClass, Map<DistributionClass, KLFunction | null>>();

function isSubclass(x: DistributionClass, y: DistributionClass): boolean {
  return x === y || x.prototype instanceof y;
}

/**
 * kl.register_kl(typeP, typeQ): returns a decorator-like function that registers `fn` as
 * KL(p || q) for p of class typeP and q of class typeQ (subclasses included), and returns `fn`.
 *
 * @example
 * ```ts
 * registerKl(MyDist, Normal)((p, q) => ...);
 * ```
 */
export function registerKl(typeP: DistributionClass, typeQ: DistributionClass): <F extends KLFunction>(fn: F) => F {
  if (typeof typeP !== "function" || !isSubclass(typeP, Distribution))
    throw new TypeError(`Expected type_p to be a Distribution subclass but got ${String(typeP)}`);
  if (typeof typeQ !== "function" || !isSubclass(typeQ, Distribution))
    throw new TypeError(`Expected type_q to be a Distribution subclass but got ${String(typeQ)}`);
  return <F extends KLFunction>(fn: F): F => {
    let row = KL_REGISTRY.get(typeP);
    if (!row) KL_REGISTRY.set(typeP, (row = new Map()));
    if (!row.has(typeQ)) KL_ORDER.push([typeP, typeQ]);
    row.set(typeQ, fn);
    KL_MEMOIZE.clear(); // the lookup order may have changed
    return fn;
  };
}

// kl._Match's ordering: a pair is <= another when, at its first differing class, it is the subclass.
function matchLe(a: DistributionClass[], b: DistributionClass[]): boolean {
  for (let i = 0; i < a.length; i++) {
    if (!isSubclass(a[i], b[i])) return false;
    if (a[i] !== b[i]) break;
  }
  return true;
}
function matchMin(ms: DistributionClass[][]): DistributionClass[] {
  let best = ms[0];
  for (const m of ms.slice(1)) {
    const eq = m.every((x, i) => x === best[i]);
    if (matchLe(m, best) && !eq) best = m;
  }
  return best;
}

function dispatchKl(typeP: DistributionClass, typeQ: DistributionClass): KLFunction | null {
  const matches = KL_ORDER.filter(([p, q]) => isSubclass(typeP, p) && isSubclass(typeQ, q));
  if (matches.length === 0) return null;
  const [leftP, leftQ] = matchMin(matches.map(([p, q]) => [p, q]));
  const [rightQ, rightP] = matchMin(matches.map(([p, q]) => [q, p]));
  const leftFun = KL_REGISTRY.get(leftP)?.get(leftQ) as KLFunction;
  const rightFun = KL_REGISTRY.get(rightP)?.get(rightQ) as KLFunction;
  if (leftFun !== rightFun)
    warn(
      `Ambiguous kl_divergence(${typeP.name}, ${typeQ.name}). Please register_kl(${leftP.name}, ${rightQ.name})`,
      "RuntimeWarning",
    );
  return leftFun;
}

/**
 * kl.kl_divergence(p, q): KL(p || q), batched over the batch shape, by the function registered for the
 * most specific pair of classes; NotImplementedError when no pair matches.
 */
export function klDivergence(p: Distribution, q: Distribution): Tensor {
  const typeP = p.constructor as DistributionClass;
  const typeQ = q.constructor as DistributionClass;
  let row = KL_MEMOIZE.get(typeP);
  if (!row) KL_MEMOIZE.set(typeP, (row = new Map()));
  let fun = row.get(typeQ);
  if (fun === undefined) {
    fun = dispatchKl(typeP, typeQ);
    row.set(typeQ, fun);
  }
  if (fun === null)
    throw new NotImplementedError(
      `No KL(p || q) is implemented for p type ${p.constructor.name} and q type ${q.constructor.name}`,
    );
  return fun(p, q);
}

// kl._batch_trace_XXT: the trace of X Xᵀ over batches.
function batchTraceXXT(bmat: Tensor): Tensor {
  const n = bmat.size(-1);
  const m = bmat.size(-2);
  const flatTrace = bmat
    .reshape([-1, m * n])
    .pow(2)
    .sum(-1);
  return flatTrace.reshape(bmat.shape.slice(0, -2));
}

const INF = Number.POSITIVE_INFINITY;

/** KL(Bernoulli || Bernoulli). */
export const klBernoulliBernoulli = registerKl(
  Bernoulli,
  Bernoulli,
)((p: Bernoulli, q: Bernoulli): Tensor => {
  const t1 = p.probs.mul(softplus(q.logits.neg()).sub(softplus(p.logits.neg())));
  t1.indexPut_([q.probs.eq(0)], INF);
  t1.indexPut_([p.probs.eq(0)], 0);
  const t2 = p.probs.rsub(1).mul(softplus(q.logits).sub(softplus(p.logits)));
  t2.indexPut_([q.probs.eq(1)], INF);
  t2.indexPut_([p.probs.eq(1)], 0);
  return t1.add(t2);
});

/** KL(Beta || Beta). */
export const klBetaBeta = registerKl(
  Beta,
  Beta,
)((p: Beta, q: Beta): Tensor => {
  const sumParamsP = p.concentration1.add(p.concentration0);
  const sumParamsQ = q.concentration1.add(q.concentration0);
  const t1 = q.concentration1.lgamma().add(q.concentration0.lgamma()).add(sumParamsP.lgamma());
  const t2 = p.concentration1.lgamma().add(p.concentration0.lgamma()).add(sumParamsQ.lgamma());
  const t3 = p.concentration1.sub(q.concentration1).mul(p.concentration1.digamma());
  const t4 = p.concentration0.sub(q.concentration0).mul(p.concentration0.digamma());
  const t5 = sumParamsQ.sub(sumParamsP).mul(sumParamsP.digamma());
  return t1.sub(t2).add(t3).add(t4).add(t5);
});

/** KL(Categorical || Categorical). */
export const klCategoricalCategorical = registerKl(
  Categorical,
  Categorical,
)((p: Categorical, q: Categorical): Tensor => {
  const t = p.probs.mul(p.logits.sub(q.logits));
  t.indexPut_([q.probs.eq(0).expandAs(t)], INF);
  t.indexPut_([p.probs.eq(0).expandAs(t)], 0);
  return t.sum(-1);
});

/** KL(Dirichlet || Dirichlet). */
export const klDirichletDirichlet = registerKl(
  Dirichlet,
  Dirichlet,
)((p: Dirichlet, q: Dirichlet): Tensor => {
  const sumP = p.concentration.sum(-1);
  const sumQ = q.concentration.sum(-1);
  const t1 = sumP.lgamma().sub(sumQ.lgamma());
  const t2 = p.concentration.lgamma().sub(q.concentration.lgamma()).sum(-1);
  const t3 = p.concentration.sub(q.concentration);
  const t4 = p.concentration.digamma().sub(sumP.digamma().unsqueeze(-1));
  return t1.sub(t2).add(t3.mul(t4).sum(-1));
});

/** KL(Exponential || Exponential). */
export const klExponentialExponential = registerKl(
  Exponential,
  Exponential,
)((p: Exponential, q: Exponential): Tensor => {
  const rateRatio = q.rate.div(p.rate);
  const t1 = rateRatio.log().neg();
  return t1.add(rateRatio).sub(1);
});

/** KL between two distributions of the same exponential family, by the Bregman divergence of the log normalizer. */
export const klExpfamilyExpfamily = registerKl(
  ExponentialFamily,
  ExponentialFamily,
)((p: ExponentialFamily, q: ExponentialFamily): Tensor => {
  if (p.constructor !== q.constructor)
    throw new NotImplementedError(
      `The cross KL-divergence between different exponential families cannot ${" ".repeat(28)}be computed using Bregman divergences`,
    );
  const pNparams = p._naturalParams.map((np) => np.detach().requiresGrad_());
  const qNparams = q._naturalParams;
  const lgNormal = p._logNormalizer(...pNparams);
  const gradients = grad(lgNormal.sum(), pNparams, { createGraph: true });
  const result = q._logNormalizer(...qNparams).sub(lgNormal);
  for (const [i, pnp] of pNparams.entries()) {
    const term = qNparams[i].sub(pnp).mul(gradients[i]);
    result.sub_(sumRightmost(term, q.eventShape.length));
  }
  return result;
});

/** KL(Gamma || Gamma). */
export const klGammaGamma = registerKl(
  Gamma,
  Gamma,
)((p: Gamma, q: Gamma): Tensor => {
  const t1 = q.concentration.mul(p.rate.div(q.rate).log());
  const t2 = q.concentration.lgamma().sub(p.concentration.lgamma());
  const t3 = p.concentration.sub(q.concentration).mul(p.concentration.digamma());
  const t4 = q.rate.sub(p.rate).mul(p.concentration.div(p.rate));
  return t1.add(t2).add(t3).add(t4);
});

/** KL(Laplace || Laplace). */
export const klLaplaceLaplace = registerKl(
  Laplace,
  Laplace,
)((p: Laplace, q: Laplace): Tensor => {
  const scaleRatio = p.scale.div(q.scale);
  const locAbsDiff = p.loc.sub(q.loc).abs();
  const t1 = scaleRatio.log().neg();
  const t2 = locAbsDiff.div(q.scale);
  const t3 = scaleRatio.mul(locAbsDiff.neg().div(p.scale).exp());
  return t1.add(t2).add(t3).sub(1);
});

/** KL(MultivariateNormal || MultivariateNormal). */
export const klMultivariateNormalMultivariateNormal = registerKl(
  MultivariateNormal,
  MultivariateNormal,
)((p: MultivariateNormal, q: MultivariateNormal): Tensor => {
  if (!sameShape(p.eventShape, q.eventShape))
    throw new ValueError(
      `KL-divergence between two Multivariate Normals with${" ".repeat(26)}different event shapes cannot be computed`,
    );
  const halfTerm1 = q._unbroadcastedScaleTril
    .diagonal(0, -2, -1)
    .log()
    .sum(-1)
    .sub(p._unbroadcastedScaleTril.diagonal(0, -2, -1).log().sum(-1));
  const combinedBatchShape = broadcastShapes(
    q._unbroadcastedScaleTril.shape.slice(0, -2),
    p._unbroadcastedScaleTril.shape.slice(0, -2),
  );
  const n = p.eventShape[0];
  const qScaleTril = q._unbroadcastedScaleTril.expand([...combinedBatchShape, n, n]);
  const pScaleTril = p._unbroadcastedScaleTril.expand([...combinedBatchShape, n, n]);
  const term2 = batchTraceXXT(solveTriangular(qScaleTril, pScaleTril, { upper: false }));
  const term3 = batchMahalanobis(q._unbroadcastedScaleTril, q.loc.sub(p.loc));
  return halfTerm1.add(term2.add(term3).sub(n).mul(0.5));
});

/** KL(Normal || Normal). */
export const klNormalNormal = registerKl(
  Normal,
  Normal,
)((p: Normal, q: Normal): Tensor => {
  const varRatio = p.scale.div(q.scale).pow(2);
  const t1 = p.loc.sub(q.loc).div(q.scale).pow(2);
  return varRatio.add(t1).sub(1).sub(varRatio.log()).mul(0.5);
});

/** KL(OneHotCategorical || OneHotCategorical): that of their Categoricals. */
export const klOneHotCategoricalOneHotCategorical = registerKl(
  OneHotCategorical,
  OneHotCategorical,
)((p: OneHotCategorical, q: OneHotCategorical): Tensor => klCategoricalCategorical(p._categorical, q._categorical));

/** KL(Poisson || Poisson). */
export const klPoissonPoisson = registerKl(
  Poisson,
  Poisson,
)((p: Poisson, q: Poisson): Tensor => p.rate.mul(p.rate.log().sub(q.rate.log())).sub(p.rate.sub(q.rate)));

/** KL(Uniform || Uniform): infinite where q's interval does not cover p's. */
export const klUniformUniform = registerKl(
  Uniform,
  Uniform,
)((p: Uniform, q: Uniform): Tensor => {
  const result = q.high.sub(q.low).div(p.high.sub(p.low)).log();
  result.indexPut_([q.low.gt(p.low).bitwiseOr(q.high.lt(p.high))], INF);
  return result;
});

/** KL(Independent || Independent): the base distributions' KL, summed over the reinterpreted dimensions. */
export const klIndependentIndependent = registerKl(
  Independent,
  Independent,
)((p: Independent, q: Independent): Tensor => {
  if (p.reinterpretedBatchNdims !== q.reinterpretedBatchNdims) throw new NotImplementedError();
  const result = klDivergence(p.baseDist, q.baseDist);
  return sumRightmost(result, p.reinterpretedBatchNdims);
});
