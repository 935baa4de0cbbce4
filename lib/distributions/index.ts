// torch.distributions: probability distributions with PyTorch's parameterizations, sampling (the same
// draws under the same seed), log-densities, validation, and kl_divergence.

export { Bernoulli } from "./bernoulli";
export { Beta } from "./beta";
export { Categorical } from "./categorical";
export * as constraints from "./constraints";
export { Constraint } from "./constraints";
export { Dirichlet } from "./dirichlet";
export { Distribution, type DistributionOptions } from "./distribution";
export { ExponentialFamily } from "./exp_family";
export { Exponential } from "./exponential";
export { Gamma } from "./gamma";
export { Independent } from "./independent";
/** torch.distributions.kl: klDivergence, registerKl and the registered closed forms. */
export * as kl from "./kl";
export { type KLFunction, klDivergence, registerKl } from "./kl";
export { Laplace } from "./laplace";
export { MultivariateNormal, type MultivariateNormalOptions } from "./multivariate_normal";
export { Normal } from "./normal";
export { OneHotCategorical, OneHotCategoricalStraightThrough } from "./one_hot_categorical";
export { Poisson } from "./poisson";
export { Uniform } from "./uniform";
/** torch.distributions.utils: broadcastAll, logitsToProbs, probsToLogits, clampProbs, ... */
export * as utils from "./utils";
