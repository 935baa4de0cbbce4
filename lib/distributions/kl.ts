// torch.distributions.kl: kl_divergence with PyTorch's registry and dispatch on the most specific
// registered pair of classes, and the closed forms of PyTorch 1.13's kl.py.

import { diagEmbed } from "../aten_ops";
import { grad } from "../autograd";
import { fullLike, onesLike, where } from "../creation";
import { NotImplementedError, ValueError } from "../errors";
import { broadcastShapes } from "../functions";
import { solveTriangular } from "../linalg";
import { softplus } from "../nn/functional";
import type { Tensor } from "../tensor";
import { warn } from "../warnings";
import { Bernoulli } from "./bernoulli";
import { Beta } from "./beta";
import { Binomial } from "./binomial";
import { Categorical } from "./categorical";
import { Cauchy } from "./cauchy";
import { ContinuousBernoulli } from "./continuous_bernoulli";
import { Dirichlet } from "./dirichlet";
import { Distribution } from "./distribution";
import { ExponentialFamily } from "./exp_family";
import { Exponential } from "./exponential";
import { Gamma } from "./gamma";
import { Geometric } from "./geometric";
import { Gumbel } from "./gumbel";
import { HalfNormal } from "./half_normal";
import { Independent } from "./independent";
import { Laplace } from "./laplace";
import { batchLowrankLogdet, batchLowrankMahalanobis, LowRankMultivariateNormal } from "./lowrank_multivariate_normal";
import { batchMahalanobis, MultivariateNormal } from "./multivariate_normal";
import { Normal } from "./normal";
import { OneHotCategorical } from "./one_hot_categorical";
import { Pareto } from "./pareto";
import { Poisson } from "./poisson";
import { TransformedDistribution } from "./transformed_distribution";
import { Uniform } from "./uniform";
import { eulerConstant as EULER, sameShape, sumRightmost } from "./utils";

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

/** KL(ContinuousBernoulli || ContinuousBernoulli). */
export const klContinuousBernoulliContinuousBernoulli = registerKl(
  ContinuousBernoulli,
  ContinuousBernoulli,
)((p: ContinuousBernoulli, q: ContinuousBernoulli): Tensor => {
  const t1 = p.mean.mul(p.logits.sub(q.logits));
  const t2 = p._contBernLogNorm().add(p.probs.neg().log1p());
  const t3 = q._contBernLogNorm().neg().sub(q.probs.neg().log1p());
  return t1.add(t2).add(t3);
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

const LOWRANK_SHAPES = `KL-divergence between two Low Rank Multivariate Normals with${" ".repeat(26)}different event shapes cannot be computed`;
const MIXED_SHAPES = `KL-divergence between two (Low Rank) Multivariate Normals with${" ".repeat(26)}different event shapes cannot be computed`;

/** KL(LowRankMultivariateNormal || LowRankMultivariateNormal). */
export const klLowRankMultivariateNormalLowRankMultivariateNormal = registerKl(
  LowRankMultivariateNormal,
  LowRankMultivariateNormal,
)((p: LowRankMultivariateNormal, q: LowRankMultivariateNormal): Tensor => {
  if (!sameShape(p.eventShape, q.eventShape)) throw new ValueError(LOWRANK_SHAPES);
  const term1 = batchLowrankLogdet(q._unbroadcastedCovFactor, q._unbroadcastedCovDiag, q._capacitanceTril).sub(
    batchLowrankLogdet(p._unbroadcastedCovFactor, p._unbroadcastedCovDiag, p._capacitanceTril),
  );
  const term3 = batchLowrankMahalanobis(
    q._unbroadcastedCovFactor,
    q._unbroadcastedCovDiag,
    q.loc.sub(p.loc),
    q._capacitanceTril,
  );
  const qWtqDinv = q._unbroadcastedCovFactor.mT.div(q._unbroadcastedCovDiag.unsqueeze(-2));
  const A = solveTriangular(q._capacitanceTril, qWtqDinv, { upper: false });
  const term21 = p._unbroadcastedCovDiag.div(q._unbroadcastedCovDiag).sum(-1);
  const term22 = batchTraceXXT(p._unbroadcastedCovFactor.mul(q._unbroadcastedCovDiag.rsqrt().unsqueeze(-1)));
  const term23 = batchTraceXXT(A.mul(p._unbroadcastedCovDiag.sqrt().unsqueeze(-2)));
  const term24 = batchTraceXXT(A.matmul(p._unbroadcastedCovFactor));
  const term2 = term21.add(term22).sub(term23).sub(term24);
  return term1.add(term2).add(term3).sub(p.eventShape[0]).mul(0.5);
});

/** KL(MultivariateNormal || LowRankMultivariateNormal). */
export const klMultivariateNormalLowRankMultivariateNormal = registerKl(
  MultivariateNormal,
  LowRankMultivariateNormal,
)((p: MultivariateNormal, q: LowRankMultivariateNormal): Tensor => {
  if (!sameShape(p.eventShape, q.eventShape)) throw new ValueError(MIXED_SHAPES);
  const term1 = batchLowrankLogdet(q._unbroadcastedCovFactor, q._unbroadcastedCovDiag, q._capacitanceTril).sub(
    p._unbroadcastedScaleTril.diagonal(0, -2, -1).log().sum(-1).mul(2),
  );
  const term3 = batchLowrankMahalanobis(
    q._unbroadcastedCovFactor,
    q._unbroadcastedCovDiag,
    q.loc.sub(p.loc),
    q._capacitanceTril,
  );
  const qWtqDinv = q._unbroadcastedCovFactor.mT.div(q._unbroadcastedCovDiag.unsqueeze(-2));
  const A = solveTriangular(q._capacitanceTril, qWtqDinv, { upper: false });
  const term21 = batchTraceXXT(p._unbroadcastedScaleTril.mul(q._unbroadcastedCovDiag.rsqrt().unsqueeze(-1)));
  const term22 = batchTraceXXT(A.matmul(p._unbroadcastedScaleTril));
  const term2 = term21.sub(term22);
  return term1.add(term2).add(term3).sub(p.eventShape[0]).mul(0.5);
});

/** KL(LowRankMultivariateNormal || MultivariateNormal). */
export const klLowRankMultivariateNormalMultivariateNormal = registerKl(
  LowRankMultivariateNormal,
  MultivariateNormal,
)((p: LowRankMultivariateNormal, q: MultivariateNormal): Tensor => {
  if (!sameShape(p.eventShape, q.eventShape)) throw new ValueError(MIXED_SHAPES);
  const term1 = q._unbroadcastedScaleTril
    .diagonal(0, -2, -1)
    .log()
    .sum(-1)
    .mul(2)
    .sub(batchLowrankLogdet(p._unbroadcastedCovFactor, p._unbroadcastedCovDiag, p._capacitanceTril));
  const term3 = batchMahalanobis(q._unbroadcastedScaleTril, q.loc.sub(p.loc));
  const combinedBatchShape = broadcastShapes(
    q._unbroadcastedScaleTril.shape.slice(0, -2),
    p._unbroadcastedCovFactor.shape.slice(0, -2),
  );
  const n = p.eventShape[0];
  const qScaleTril = q._unbroadcastedScaleTril.expand([...combinedBatchShape, n, n]);
  const pCovFactor = p._unbroadcastedCovFactor.expand([...combinedBatchShape, n, p.covFactor.size(-1)]);
  const pCovDiag = diagEmbed(p._unbroadcastedCovDiag.sqrt()).expand([...combinedBatchShape, n, n]);
  const term21 = batchTraceXXT(solveTriangular(qScaleTril, pCovFactor, { upper: false }));
  const term22 = batchTraceXXT(solveTriangular(qScaleTril, pCovDiag, { upper: false }));
  const term2 = term21.add(term22);
  return term1.add(term2).add(term3).sub(p.eventShape[0]).mul(0.5);
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

// kl._infinite_like and kl._x_log_x.
const infiniteLike = (t: Tensor): Tensor => fullLike(t, INF);
const xLogX = (t: Tensor): Tensor => t.mul(t.log());

/** KL(Binomial || Binomial): infinite where p has more trials; NotImplementedError where q has more. */
export const klBinomialBinomial = registerKl(
  Binomial,
  Binomial,
)((p: Binomial, q: Binomial): Tensor => {
  if (p.totalCount.lt(q.totalCount).any().item())
    throw new NotImplementedError("KL between Binomials where q.total_count > p.total_count is not implemented");
  const kl = p.totalCount.mul(
    p.probs.mul(p.logits.sub(q.logits)).add(p.probs.neg().log1p()).sub(q.probs.neg().log1p()),
  );
  kl.indexPut_([p.totalCount.gt(q.totalCount)], INF);
  return kl;
});

/** KL(Gumbel || Gumbel). */
export const klGumbelGumbel = registerKl(
  Gumbel,
  Gumbel,
)((p: Gumbel, q: Gumbel): Tensor => {
  const ct1 = p.scale.div(q.scale);
  const ct2 = q.loc.div(q.scale);
  const ct3 = p.loc.div(q.scale);
  const t1 = ct1.log().neg().sub(ct2).add(ct3);
  const t2 = ct1.mul(EULER);
  const t3 = ct2.add(ct1.add(1).lgamma()).sub(ct3).exp();
  return t1
    .add(t2)
    .add(t3)
    .sub(1 + EULER);
});

/** KL(Geometric || Geometric). */
export const klGeometricGeometric = registerKl(
  Geometric,
  Geometric,
)((p: Geometric, q: Geometric): Tensor => p.entropy().neg().sub(q.probs.neg().log1p().div(p.probs)).sub(q.logits));

/** KL(HalfNormal || HalfNormal): that of the base Normals. */
export const klHalfNormalHalfNormal = registerKl(
  HalfNormal,
  HalfNormal,
)((p: HalfNormal, q: HalfNormal): Tensor => klNormalNormal(p.baseDist as Normal, q.baseDist as Normal));

/** KL(Pareto || Pareto): infinite where p's support starts below q's. */
export const klParetoPareto = registerKl(
  Pareto,
  Pareto,
)((p: Pareto, q: Pareto): Tensor => {
  const scaleRatio = p.scale.div(q.scale);
  const alphaRatio = q.alpha.div(p.alpha);
  const t1 = q.alpha.mul(scaleRatio.log());
  const t2 = alphaRatio.log().neg();
  const result = t1.add(t2).add(alphaRatio).sub(1);
  result.indexPut_([p.scale.lt(q.scale)], INF);
  return result;
});

/** KL(TransformedDistribution || TransformedDistribution): the base distributions' KL under equal transforms. */
export const klTransformedTransformed = registerKl(
  TransformedDistribution,
  TransformedDistribution,
)((p: TransformedDistribution, q: TransformedDistribution): Tensor => {
  if (p.transforms.length !== q.transforms.length || p.transforms.some((t, i) => !t.equals(q.transforms[i])))
    throw new NotImplementedError();
  if (!sameShape(p.eventShape, q.eventShape)) throw new NotImplementedError();
  return klDivergence(p.baseDist, q.baseDist);
});

/** KL(Bernoulli || Poisson). */
export const klBernoulliPoisson = registerKl(
  Bernoulli,
  Poisson,
)((p: Bernoulli, q: Poisson): Tensor => p.entropy().neg().sub(p.probs.mul(q.rate.log()).sub(q.rate)));

/** KL(Beta || ContinuousBernoulli). */
export const klBetaContinuousBernoulli = registerKl(
  Beta,
  ContinuousBernoulli,
)(
  (p: Beta, q: ContinuousBernoulli): Tensor =>
    p.entropy().neg().sub(p.mean.mul(q.logits)).sub(q.probs.neg().log1p()).sub(q._contBernLogNorm()),
);

/** KL(Beta || Pareto): infinite. */
export const klBetaInfinity = registerKl(Beta, Pareto)((p: Beta): Tensor => infiniteLike(p.concentration1));

/** KL(Beta || Exponential). */
export const klBetaExponential = registerKl(
  Beta,
  Exponential,
)(
  (p: Beta, q: Exponential): Tensor =>
    p
      .entropy()
      .neg()
      .sub(q.rate.log())
      .add(q.rate.mul(p.concentration1.div(p.concentration1.add(p.concentration0)))),
);

/** KL(Beta || Gamma). */
export const klBetaGamma = registerKl(
  Beta,
  Gamma,
)((p: Beta, q: Gamma): Tensor => {
  const t1 = p.entropy().neg();
  const t2 = q.concentration.lgamma().sub(q.concentration.mul(q.rate.log()));
  const t3 = q.concentration
    .sub(1)
    .mul(p.concentration1.digamma().sub(p.concentration1.add(p.concentration0).digamma()));
  const t4 = q.rate.mul(p.concentration1).div(p.concentration1.add(p.concentration0));
  return t1.add(t2).sub(t3).add(t4);
});

/** KL(Beta || Normal). */
export const klBetaNormal = registerKl(
  Beta,
  Normal,
)((p: Beta, q: Normal): Tensor => {
  const EBeta = p.concentration1.div(p.concentration1.add(p.concentration0));
  const varNormal = q.scale.pow(2);
  const t1 = p.entropy().neg();
  const t2 = varNormal.mul(2).mul(Math.PI).log().mul(0.5);
  const t3 = EBeta.mul(EBeta.rsub(1)).div(p.concentration1.add(p.concentration0).add(1)).add(EBeta.pow(2)).mul(0.5);
  const t4 = q.loc.mul(EBeta);
  const t5 = q.loc.pow(2).mul(0.5);
  return t1.add(t2).add(t3.sub(t4).add(t5).div(varNormal));
});

/** KL(Beta || Uniform): infinite where q's interval does not cover [0, 1]. */
export const klBetaUniform = registerKl(
  Beta,
  Uniform,
)((p: Beta, q: Uniform): Tensor => {
  const result = p.entropy().neg().add(q.high.sub(q.low).log());
  result.indexPut_([q.low.gt(0).bitwiseOr(q.high.lt(1))], INF);
  return result;
});

/** KL(ContinuousBernoulli || Pareto): infinite. */
export const klContinuousBernoulliInfinity = registerKl(
  ContinuousBernoulli,
  Pareto,
)((p: ContinuousBernoulli): Tensor => infiniteLike(p.probs));

/** KL(ContinuousBernoulli || Exponential). */
export const klContinuousBernoulliExponential = registerKl(
  ContinuousBernoulli,
  Exponential,
)((p: ContinuousBernoulli, q: Exponential): Tensor => p.entropy().neg().sub(q.rate.log()).add(q.rate.mul(p.mean)));

/** KL(ContinuousBernoulli || Normal). */
export const klContinuousBernoulliNormal = registerKl(
  ContinuousBernoulli,
  Normal,
)((p: ContinuousBernoulli, q: Normal): Tensor => {
  const t1 = p.entropy().neg();
  const t2 = q.loc
    .div(q.scale)
    .square()
    .add(Math.log(2 * Math.PI))
    .mul(0.5)
    .add(q.scale.log());
  const t3 = p.variance.add(p.mean.square()).sub(q.loc.mul(2.0).mul(p.mean)).div(q.scale.square().mul(2.0));
  return t1.add(t2).add(t3);
});

/** KL(ContinuousBernoulli || Uniform): infinite where q's interval does not strictly cover [0, 1]. */
export const klContinuousBernoulliUniform = registerKl(
  ContinuousBernoulli,
  Uniform,
)((p: ContinuousBernoulli, q: Uniform): Tensor => {
  const result = p.entropy().neg().add(q.high.sub(q.low).log());
  return where(q.low.ge(0.0).maximum(q.high.le(1.0)), onesLike(result).mul(INF), result);
});

/** KL(Exponential || Beta, ContinuousBernoulli, Pareto, Uniform): infinite. */
export const klExponentialInfinity = (p: Exponential): Tensor => infiniteLike(p.rate);
for (const Q of [Uniform, Pareto, ContinuousBernoulli, Beta]) registerKl(Exponential, Q)(klExponentialInfinity);

/** KL(Exponential || Gamma). */
export const klExponentialGamma = registerKl(
  Exponential,
  Gamma,
)((p: Exponential, q: Gamma): Tensor => {
  const ratio = q.rate.div(p.rate);
  const t1 = q.concentration.neg().mul(ratio.log());
  return t1
    .add(ratio)
    .add(q.concentration.lgamma())
    .add(q.concentration.mul(EULER))
    .sub(1 + EULER);
});

/** KL(Exponential || Gumbel). */
export const klExponentialGumbel = registerKl(
  Exponential,
  Gumbel,
)((p: Exponential, q: Gumbel): Tensor => {
  const scaleRateProd = p.rate.mul(q.scale);
  const locScaleRatio = q.loc.div(q.scale);
  const t1 = scaleRateProd.log().sub(1);
  const t2 = locScaleRatio.exp().mul(scaleRateProd).div(scaleRateProd.add(1));
  const t3 = scaleRateProd.reciprocal();
  return t1.sub(locScaleRatio).add(t2).add(t3);
});

/** KL(Exponential || Normal). */
export const klExponentialNormal = registerKl(
  Exponential,
  Normal,
)((p: Exponential, q: Normal): Tensor => {
  const varNormal = q.scale.pow(2);
  const rateSqr = p.rate.pow(2);
  const t1 = rateSqr.mul(varNormal).mul(2).mul(Math.PI).log().mul(0.5);
  const t2 = rateSqr.reciprocal();
  const t3 = q.loc.div(p.rate);
  const t4 = q.loc.pow(2).mul(0.5);
  return t1.sub(1).add(t2.sub(t3).add(t4).div(varNormal));
});

/** KL(Gamma || Beta, ContinuousBernoulli, Pareto, Uniform): infinite. */
export const klGammaInfinity = (p: Gamma): Tensor => infiniteLike(p.concentration);
for (const Q of [Uniform, Pareto, ContinuousBernoulli, Beta]) registerKl(Gamma, Q)(klGammaInfinity);

/** KL(Gamma || Exponential). */
export const klGammaExponential = registerKl(
  Gamma,
  Exponential,
)(
  (p: Gamma, q: Exponential): Tensor =>
    p.entropy().neg().sub(q.rate.log()).add(q.rate.mul(p.concentration).div(p.rate)),
);

/** KL(Gamma || Gumbel). */
export const klGammaGumbel = registerKl(
  Gamma,
  Gumbel,
)((p: Gamma, q: Gumbel): Tensor => {
  const betaScaleProd = p.rate.mul(q.scale);
  const locScaleRatio = q.loc.div(q.scale);
  const t1 = p.concentration.sub(1).mul(p.concentration.digamma()).sub(p.concentration.lgamma()).sub(p.concentration);
  const t2 = betaScaleProd.log().add(p.concentration.div(betaScaleProd));
  const t3 = locScaleRatio.exp().mul(betaScaleProd.reciprocal().add(1).pow(p.concentration.neg())).sub(locScaleRatio);
  return t1.add(t2).add(t3);
});

/** KL(Gamma || Normal). */
export const klGammaNormal = registerKl(
  Gamma,
  Normal,
)((p: Gamma, q: Normal): Tensor => {
  const varNormal = q.scale.pow(2);
  const betaSqr = p.rate.pow(2);
  const t1 = betaSqr
    .mul(varNormal)
    .mul(2)
    .mul(Math.PI)
    .log()
    .mul(0.5)
    .sub(p.concentration)
    .sub(p.concentration.lgamma());
  const t2 = p.concentration.pow(2).add(p.concentration).mul(0.5).div(betaSqr);
  const t3 = q.loc.mul(p.concentration).div(p.rate);
  const t4 = q.loc.pow(2).mul(0.5);
  return t1.add(p.concentration.sub(1).mul(p.concentration.digamma())).add(t2.sub(t3).add(t4).div(varNormal));
});

/** KL(Gumbel || Beta, ContinuousBernoulli, Exponential, Gamma, Pareto, Uniform): infinite. */
export const klGumbelInfinity = (p: Gumbel): Tensor => infiniteLike(p.loc);
for (const Q of [Uniform, Pareto, Gamma, Exponential, ContinuousBernoulli, Beta])
  registerKl(Gumbel, Q)(klGumbelInfinity);

/** KL(Gumbel || Normal). */
export const klGumbelNormal = registerKl(
  Gumbel,
  Normal,
)((p: Gumbel, q: Normal): Tensor => {
  const paramRatio = p.scale.div(q.scale);
  const t1 = paramRatio.div(Math.sqrt(2 * Math.PI)).log();
  const t2 = paramRatio.mul(Math.PI).mul(0.5).pow(2).div(3);
  const t3 = p.loc.add(p.scale.mul(EULER)).sub(q.loc).div(q.scale).pow(2).mul(0.5);
  return t1
    .neg()
    .add(t2)
    .add(t3)
    .sub(EULER + 1);
});

/** KL(Laplace || Beta, ContinuousBernoulli, Exponential, Gamma, Pareto, Uniform): infinite. */
export const klLaplaceInfinity = (p: Laplace): Tensor => infiniteLike(p.loc);
for (const Q of [Uniform, Pareto, Gamma, Exponential, ContinuousBernoulli, Beta])
  registerKl(Laplace, Q)(klLaplaceInfinity);

/** KL(Laplace || Normal). */
export const klLaplaceNormal = registerKl(
  Laplace,
  Normal,
)((p: Laplace, q: Normal): Tensor => {
  const varNormal = q.scale.pow(2);
  const scaleSqrVarRatio = p.scale.pow(2).div(varNormal);
  const t1 = scaleSqrVarRatio.mul(2).div(Math.PI).log().mul(0.5);
  const t2 = p.loc.pow(2).mul(0.5);
  const t3 = p.loc.mul(q.loc);
  const t4 = q.loc.pow(2).mul(0.5);
  return t1.neg().add(scaleSqrVarRatio).add(t2.sub(t3).add(t4).div(varNormal)).sub(1);
});

/** KL(Normal || Beta, ContinuousBernoulli, Exponential, Gamma, Pareto, Uniform): infinite. */
export const klNormalInfinity = (p: Normal): Tensor => infiniteLike(p.loc);
for (const Q of [Uniform, Pareto, Gamma, Exponential, ContinuousBernoulli, Beta])
  registerKl(Normal, Q)(klNormalInfinity);

/** KL(Normal || Gumbel). */
export const klNormalGumbel = registerKl(
  Normal,
  Gumbel,
)((p: Normal, q: Gumbel): Tensor => {
  const meanScaleRatio = p.loc.div(q.scale);
  const varScaleSqrRatio = p.scale.div(q.scale).pow(2);
  const locScaleRatio = q.loc.div(q.scale);
  const t1 = varScaleSqrRatio.log().mul(0.5);
  const t2 = meanScaleRatio.sub(locScaleRatio);
  const t3 = meanScaleRatio.neg().add(varScaleSqrRatio.mul(0.5)).add(locScaleRatio).exp();
  return t1
    .neg()
    .add(t2)
    .add(t3)
    .sub(0.5 * (1 + Math.log(2 * Math.PI)));
});

/** KL(Normal || Laplace). */
export const klNormalLaplace = registerKl(
  Normal,
  Laplace,
)((p: Normal, q: Laplace): Tensor => {
  const locDiff = p.loc.sub(q.loc);
  const scaleRatio = p.scale.div(q.scale);
  const locDiffScaleRatio = locDiff.div(p.scale);
  const t1 = scaleRatio.log();
  const t2 = p.scale.mul(Math.sqrt(2 / Math.PI)).mul(locDiffScaleRatio.pow(2).mul(-0.5).exp());
  const t3 = locDiff.mul(locDiffScaleRatio.mul(Math.sqrt(0.5)).erf());
  return t1
    .neg()
    .add(t2.add(t3).div(q.scale))
    .sub(0.5 * (1 + Math.log(0.5 * Math.PI)));
});

/** KL(Pareto || Beta, ContinuousBernoulli, Uniform): infinite. */
export const klParetoInfinity = (p: Pareto): Tensor => infiniteLike(p.scale);
for (const Q of [Uniform, ContinuousBernoulli, Beta]) registerKl(Pareto, Q)(klParetoInfinity);

/** KL(Pareto || Exponential): infinite where alpha <= 1. */
export const klParetoExponential = registerKl(
  Pareto,
  Exponential,
)((p: Pareto, q: Exponential): Tensor => {
  const scaleRateProd = p.scale.mul(q.rate);
  const t1 = p.alpha.div(scaleRateProd).log();
  const t2 = p.alpha.reciprocal();
  const t3 = p.alpha.mul(scaleRateProd).div(p.alpha.sub(1));
  const result = t1.sub(t2).add(t3).sub(1);
  result.indexPut_([p.alpha.le(1)], INF);
  return result;
});

/** KL(Pareto || Gamma): infinite where alpha <= 1. */
export const klParetoGamma = registerKl(
  Pareto,
  Gamma,
)((p: Pareto, q: Gamma): Tensor => {
  const commonTerm = p.scale.log().add(p.alpha.reciprocal());
  const t1 = p.alpha.log().sub(commonTerm);
  const t2 = q.concentration.lgamma().sub(q.concentration.mul(q.rate.log()));
  const t3 = q.concentration.rsub(1).mul(commonTerm);
  const t4 = q.rate.mul(p.alpha).mul(p.scale).div(p.alpha.sub(1));
  const result = t1.add(t2).add(t3).add(t4).sub(1);
  result.indexPut_([p.alpha.le(1)], INF);
  return result;
});

/** KL(Pareto || Normal): infinite where alpha <= 2. */
export const klParetoNormal = registerKl(
  Pareto,
  Normal,
)((p: Pareto, q: Normal): Tensor => {
  const varNormal = q.scale.pow(2).mul(2);
  const commonTerm = p.scale.div(p.alpha.sub(1));
  const t1 = q.scale
    .mul(Math.sqrt(2 * Math.PI))
    .mul(p.alpha)
    .div(p.scale)
    .log();
  const t2 = p.alpha.reciprocal();
  const t3 = p.alpha.mul(commonTerm.pow(2)).div(p.alpha.sub(2));
  const t4 = p.alpha.mul(commonTerm).sub(q.loc).pow(2);
  const result = t1.sub(t2).add(t3.add(t4).div(varNormal)).sub(1);
  result.indexPut_([p.alpha.le(2)], INF);
  return result;
});

/** KL(Poisson || Bernoulli, Binomial): infinite. */
export const klPoissonInfinity = (p: Poisson): Tensor => infiniteLike(p.rate);
for (const Q of [Binomial, Bernoulli]) registerKl(Poisson, Q)(klPoissonInfinity);

/** KL(Uniform || Beta): infinite where p's interval leaves [0, 1]. */
export const klUniformBeta = registerKl(
  Uniform,
  Beta,
)((p: Uniform, q: Beta): Tensor => {
  const commonTerm = p.high.sub(p.low);
  const t1 = commonTerm.log();
  const t2 = q.concentration1
    .sub(1)
    .mul(xLogX(p.high).sub(xLogX(p.low)).sub(commonTerm))
    .div(commonTerm);
  const t3 = q.concentration0
    .sub(1)
    .mul(
      xLogX(p.high.rsub(1))
        .sub(xLogX(p.low.rsub(1)))
        .add(commonTerm),
    )
    .div(commonTerm);
  const t4 = q.concentration1
    .lgamma()
    .add(q.concentration0.lgamma())
    .sub(q.concentration1.add(q.concentration0).lgamma());
  const result = t3.add(t4).sub(t1).sub(t2);
  result.indexPut_([p.high.gt(1).bitwiseOr(p.low.lt(0))], INF);
  return result;
});

/** KL(Uniform || ContinuousBernoulli): infinite where p's interval does not lie strictly inside [0, 1]. */
export const klUniformContinuousBernoulli = registerKl(
  Uniform,
  ContinuousBernoulli,
)((p: Uniform, q: ContinuousBernoulli): Tensor => {
  const result = p.entropy().neg().sub(p.mean.mul(q.logits)).sub(q.probs.neg().log1p()).sub(q._contBernLogNorm());
  return where(p.high.ge(1.0).maximum(p.low.le(0.0)), onesLike(result).mul(INF), result);
});

/** KL(Uniform || Exponential): infinite where low < 0. */
export const klUniformExponential = registerKl(
  Uniform,
  Exponential,
)((p: Uniform, q: Exponential): Tensor => {
  const result = q.rate.mul(p.high.add(p.low)).div(2).sub(p.high.sub(p.low).mul(q.rate).log());
  result.indexPut_([p.low.lt(0)], INF);
  return result;
});

/** KL(Uniform || Gamma): infinite where low < 0. */
export const klUniformGamma = registerKl(
  Uniform,
  Gamma,
)((p: Uniform, q: Gamma): Tensor => {
  const commonTerm = p.high.sub(p.low);
  const t1 = commonTerm.log();
  const t2 = q.concentration.lgamma().sub(q.concentration.mul(q.rate.log()));
  const t3 = q.concentration
    .rsub(1)
    .mul(xLogX(p.high).sub(xLogX(p.low)).sub(commonTerm))
    .div(commonTerm);
  const t4 = q.rate.mul(p.high.add(p.low)).div(2);
  const result = t1.neg().add(t2).add(t3).add(t4);
  result.indexPut_([p.low.lt(0)], INF);
  return result;
});

/** KL(Uniform || Gumbel). */
export const klUniformGumbel = registerKl(
  Uniform,
  Gumbel,
)((p: Uniform, q: Gumbel): Tensor => {
  const commonTerm = q.scale.div(p.high.sub(p.low));
  const highLocDiff = p.high.sub(q.loc).div(q.scale);
  const lowLocDiff = p.low.sub(q.loc).div(q.scale);
  const t1 = commonTerm.log().add(highLocDiff.add(lowLocDiff).mul(0.5));
  const t2 = commonTerm.mul(highLocDiff.neg().exp().sub(lowLocDiff.neg().exp()));
  return t1.sub(t2);
});

/** KL(Uniform || Normal). */
export const klUniformNormal = registerKl(
  Uniform,
  Normal,
)((p: Uniform, q: Normal): Tensor => {
  const commonTerm = p.high.sub(p.low);
  const t1 = q.scale
    .mul(Math.sqrt(Math.PI * 2))
    .div(commonTerm)
    .log();
  const t2 = commonTerm.pow(2).div(12);
  const t3 = p.high.add(p.low).sub(q.loc.mul(2)).div(2).pow(2);
  return t1.add(t2.add(t3).mul(0.5).div(q.scale.pow(2)));
});

/** KL(Uniform || Pareto): infinite where low < q's scale. */
export const klUniformPareto = registerKl(
  Uniform,
  Pareto,
)((p: Uniform, q: Pareto): Tensor => {
  const supportUniform = p.high.sub(p.low);
  const t1 = q.alpha.mul(q.scale.pow(q.alpha)).mul(supportUniform).log();
  const t2 = xLogX(p.high).sub(xLogX(p.low)).sub(supportUniform).div(supportUniform);
  const result = t2.mul(q.alpha.add(1)).sub(t1);
  result.indexPut_([p.low.lt(q.scale)], INF);
  return result;
});

/** KL(Cauchy || Cauchy). */
export const klCauchyCauchy = registerKl(
  Cauchy,
  Cauchy,
)((p: Cauchy, q: Cauchy): Tensor => {
  const t1 = p.scale.add(q.scale).pow(2).add(p.loc.sub(q.loc).pow(2)).log();
  const t2 = p.scale.mul(4).mul(q.scale).log();
  return t1.sub(t2);
});
