// torch.distributions: probability distributions with PyTorch's parameterizations, sampling (the same
// draws under the same seed), log-densities, validation, and kl_divergence.

export { Bernoulli } from "./bernoulli";
export { Beta } from "./beta";
export { Binomial } from "./binomial";
export { Categorical } from "./categorical";
export { Cauchy } from "./cauchy";
export { Chi2 } from "./chi2";
/** torch.distributions.constraint_registry: biject_to / transform_to. */
export * as constraintRegistry from "./constraint_registry";
export { bijectTo, ConstraintRegistry, transformTo } from "./constraint_registry";
export * as constraints from "./constraints";
export { Constraint } from "./constraints";
export { ContinuousBernoulli, type ContinuousBernoulliOptions } from "./continuous_bernoulli";
export { Dirichlet } from "./dirichlet";
export { Distribution, type DistributionOptions } from "./distribution";
export { ExponentialFamily } from "./exp_family";
export { Exponential } from "./exponential";
export { FisherSnedecor } from "./fishersnedecor";
export { Gamma } from "./gamma";
export { Geometric } from "./geometric";
export { Gumbel } from "./gumbel";
export { HalfCauchy } from "./half_cauchy";
export { HalfNormal } from "./half_normal";
export { Independent } from "./independent";
/** torch.distributions.kl: klDivergence, registerKl and the registered closed forms. */
export * as kl from "./kl";
export { type KLFunction, klDivergence, registerKl } from "./kl";
export { Kumaraswamy } from "./kumaraswamy";
export { Laplace } from "./laplace";
export { LKJCholesky } from "./lkj_cholesky";
export { LogNormal } from "./log_normal";
export { LogisticNormal } from "./logistic_normal";
export { LowRankMultivariateNormal } from "./lowrank_multivariate_normal";
export { MixtureSameFamily } from "./mixture_same_family";
export { Multinomial } from "./multinomial";
export { MultivariateNormal, type MultivariateNormalOptions } from "./multivariate_normal";
export { NegativeBinomial } from "./negative_binomial";
export { Normal } from "./normal";
export { OneHotCategorical, OneHotCategoricalStraightThrough } from "./one_hot_categorical";
export { Pareto } from "./pareto";
export { Poisson } from "./poisson";
export { LogitRelaxedBernoulli, RelaxedBernoulli } from "./relaxed_bernoulli";
export { ExpRelaxedCategorical, RelaxedOneHotCategorical } from "./relaxed_categorical";
export { StudentT } from "./studentT";
export { TransformedDistribution } from "./transformed_distribution";
/** torch.distributions.transforms: Transform and its subclasses. */
export * as transforms from "./transforms";
export {
  AbsTransform,
  AffineTransform,
  CatTransform,
  ComposeTransform,
  CorrCholeskyTransform,
  CumulativeDistributionTransform,
  ExpTransform,
  IndependentTransform,
  identityTransform,
  LowerCholeskyTransform,
  PowerTransform,
  ReshapeTransform,
  SigmoidTransform,
  SoftmaxTransform,
  SoftplusTransform,
  StackTransform,
  StickBreakingTransform,
  TanhTransform,
  Transform,
} from "./transforms";
export { Uniform } from "./uniform";
/** torch.distributions.utils: broadcastAll, logitsToProbs, probsToLogits, clampProbs, ... */
export * as utils from "./utils";
export { VonMises } from "./von_mises";
export { Weibull } from "./weibull";
export { Wishart, type WishartOptions } from "./wishart";
