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
export { Dirichlet } from "./dirichlet";
export { Distribution, type DistributionOptions } from "./distribution";
export { ExponentialFamily } from "./exp_family";
export { Exponential } from "./exponential";
export { Gamma } from "./gamma";
export { Geometric } from "./geometric";
export { Gumbel } from "./gumbel";
export { HalfCauchy } from "./half_cauchy";
export { HalfNormal } from "./half_normal";
export { Independent } from "./independent";
/** torch.distributions.kl: klDivergence, registerKl and the registered closed forms. */
export * as kl from "./kl";
export { type KLFunction, klDivergence, registerKl } from "./kl";
export { Laplace } from "./laplace";
export { LogNormal } from "./log_normal";
export { LogisticNormal } from "./logistic_normal";
export { MultivariateNormal, type MultivariateNormalOptions } from "./multivariate_normal";
export { NegativeBinomial } from "./negative_binomial";
export { Normal } from "./normal";
export { OneHotCategorical, OneHotCategoricalStraightThrough } from "./one_hot_categorical";
export { Pareto } from "./pareto";
export { Poisson } from "./poisson";
export { StudentT } from "./studentT";
export { TransformedDistribution } from "./transformed_distribution";
/** torch.distributions.transforms: Transform and its subclasses. */
export * as transforms from "./transforms";
export {
  AbsTransform,
  AffineTransform,
  ComposeTransform,
  ExpTransform,
  IndependentTransform,
  identityTransform,
  LowerCholeskyTransform,
  PowerTransform,
  ReshapeTransform,
  SigmoidTransform,
  SoftmaxTransform,
  StickBreakingTransform,
  TanhTransform,
  Transform,
} from "./transforms";
export { Uniform } from "./uniform";
/** torch.distributions.utils: broadcastAll, logitsToProbs, probsToLogits, clampProbs, ... */
export * as utils from "./utils";
export { Weibull } from "./weibull";
