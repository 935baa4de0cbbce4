// torch.nn.utils.spectral_norm / remove_spectral_norm (torch/nn/utils/spectral_norm.py): the weight divided
// by its largest singular value, estimated by power iteration (buffers `<name>_u`, `<name>_v`) in a forward
// pre-hook; the state dict carries the hook's version in its metadata, as PyTorch's does.
import { noGrad } from "../../autograd";
import { ValueError } from "../../errors";
import * as linalg from "../../linalg";
import type { Tensor } from "../../tensor";
import { normalize } from "../functional";
import type { LoadStateDictContext, Module } from "../module";
import { ConvTranspose1d, ConvTranspose2d, ConvTranspose3d } from "../modules/conv";
import { Parameter, UninitializedParameter } from "../parameter";

type Attrs = Record<string, unknown>;

/** The forward pre-hook spectral_norm registers (PyTorch's SpectralNorm). */
export class SpectralNorm {
  static readonly version = 1;
  readonly nPowerIterations: number;
  constructor(
    readonly name = "weight",
    nPowerIterations = 1,
    readonly dim = 0,
    readonly eps = 1e-12,
  ) {
    if (nPowerIterations <= 0)
      throw new ValueError(
        `Expected n_power_iterations to be positive, but got n_power_iterations=${nPowerIterations}`,
      );
    this.nPowerIterations = nPowerIterations;
  }
  /** The weight as a matrix with `dim` first. */
  reshapeWeightToMatrix(weight: Tensor): Tensor {
    let w = weight;
    if (this.dim !== 0) {
      const rest = [...Array(w.dim()).keys()].filter((d) => d !== this.dim);
      w = w.permute(this.dim, ...rest);
    }
    return w.reshape(w.size(0), -1);
  }
  /** weight / sigma, with one more power iteration first when `doPowerIteration` (training). */
  computeWeight(module: Module, doPowerIteration: boolean): Tensor {
    const m = module as unknown as Attrs;
    const weight = m[`${this.name}_orig`] as Tensor;
    let u = m[`${this.name}_u`] as Tensor;
    let v = m[`${this.name}_v`] as Tensor;
    const weightMat = this.reshapeWeightToMatrix(weight);
    if (doPowerIteration) {
      noGrad(() => {
        for (let i = 0; i < this.nPowerIterations; i++) {
          // normalize(..., out=v): the buffers are updated in place.
          normalize(weightMat.t().mv(u), 2, 0, this.eps, v);
          normalize(weightMat.mv(v), 2, 0, this.eps, u);
        }
        u = u.clone();
        v = v.clone();
      });
    }
    const sigma = u.dot(weightMat.mv(v));
    return weight.div(sigma);
  }
  /** @internal remove_spectral_norm's work: the current weight back as a plain parameter. */
  remove(module: Module): void {
    const weight = noGrad(() => this.computeWeight(module, false));
    for (const n of [this.name, `${this.name}_u`, `${this.name}_v`, `${this.name}_orig`])
      Reflect.deleteProperty(module, n);
    module.registerParameter(this.name, new Parameter(weight.detach()));
  }
  /** _solve_v_and_rescale: v for a pre-1.0 checkpoint that saved the normalized weight, not v. */
  solveVAndRescale(weightMat: Tensor, u: Tensor, targetSigma: Tensor): Tensor {
    const v = linalg.multiDot([weightMat.t().mm(weightMat).pinverse(), weightMat.t(), u.unsqueeze(1)]).squeeze(1);
    return v.mul_(targetSigma.div(u.dot(weightMat.mv(v))));
  }
}

const hooks = new WeakMap<Module, Array<{ fn: SpectralNorm; removers: Array<{ remove(): void }> }>>();

/**
 * spectral_norm(module, name = "weight", nPowerIterations = 1, eps = 1e-12, dim = null): the parameter
 * divided by its spectral norm (dim 1 for transposed convolutions, else 0, when null). Returns the module.
 */
export function spectralNorm<M extends Module>(
  module: M,
  name = "weight",
  nPowerIterations = 1,
  eps = 1e-12,
  dim: number | null = null,
): M {
  const d =
    dim ??
    (module instanceof ConvTranspose1d || module instanceof ConvTranspose2d || module instanceof ConvTranspose3d
      ? 1
      : 0);
  const registered = hooks.get(module) ?? [];
  if (registered.some((h) => h.fn.name === name))
    throw new Error(`Cannot register two spectral_norm hooks on the same parameter ${name}`);
  const fn = new SpectralNorm(name, nPowerIterations, d, eps);
  const weight = module._parameters.get(name);
  if (weight === null || weight === undefined)
    throw new ValueError(`\`SpectralNorm\` cannot be applied as parameter \`${name}\` is None`);
  if (weight instanceof UninitializedParameter)
    throw new ValueError(
      "The module passed to `SpectralNorm` can't have uninitialized parameters. Make sure to run the dummy forward before applying spectral normalization",
    );
  const [u, v] = noGrad(() => {
    const mat = fn.reshapeWeightToMatrix(weight);
    const [h, w] = mat.shape as [number, number];
    return [
      normalize(weight.newEmpty([h]).normal_(0, 1), 2, 0, fn.eps),
      normalize(weight.newEmpty([w]).normal_(0, 1), 2, 0, fn.eps),
    ];
  });
  Reflect.deleteProperty(module, name);
  module.registerParameter(`${name}_orig`, weight);
  (module as unknown as Attrs)[name] = weight.data;
  module.registerBuffer(`${name}_u`, u as Tensor);
  module.registerBuffer(`${name}_v`, v as Tensor);
  const removers = [
    module.registerForwardPreHook((m) => {
      (m as unknown as Attrs)[name] = fn.computeWeight(m, m.training);
      return undefined;
    }),
    module._registerStateDictHook((_m, _sd, _prefix, local) => {
      const meta = local as Record<string, Record<string, number>>;
      meta.spectral_norm ??= {};
      const key = `${name}.version`;
      if (key in meta.spectral_norm) throw new Error(`Unexpected key in metadata['spectral_norm']: ${key}`);
      meta.spectral_norm[key] = SpectralNorm.version;
      return undefined;
    }),
    module._registerLoadStateDictPreHook((ctx) => loadPreHook(fn, ctx)),
  ];
  hooks.set(module, [...registered, { fn, removers }]);
  return module;
}

// SpectralNormLoadStateDictPreHook: a checkpoint from before the hook's version 1 saved the normalized
// weight instead of v; v is solved from it.
function loadPreHook(fn: SpectralNorm, ctx: LoadStateDictContext): void {
  const { stateDict, prefix, localMetadata, strict, missingKeys } = ctx;
  const version = (localMetadata as { spectral_norm?: Record<string, number> }).spectral_norm?.[`${fn.name}.version`];
  if (version !== undefined && version >= 1) return;
  const weightKey = prefix + fn.name;
  if (
    version === undefined &&
    ["_orig", "_u", "_v"].every((s) => stateDict.has(weightKey + s)) &&
    !stateDict.has(weightKey)
  )
    return;
  let missing = false;
  for (const suffix of ["_orig", "", "_u"]) {
    if (!stateDict.has(weightKey + suffix)) {
      missing = true;
      if (strict) missingKeys.push(weightKey + suffix);
    }
  }
  if (missing) return;
  noGrad(() => {
    const weightOrig = stateDict.get(`${weightKey}_orig`) as Tensor;
    const weight = stateDict.get(weightKey) as Tensor;
    stateDict.delete(weightKey);
    const sigma = weightOrig.div(weight).mean();
    const mat = fn.reshapeWeightToMatrix(weightOrig);
    const u = stateDict.get(`${weightKey}_u`) as Tensor;
    stateDict.set(`${weightKey}_v`, fn.solveVAndRescale(mat, u, sigma));
  });
}

/** remove_spectral_norm(module, name = "weight"): the normalized weight back as one parameter. */
export function removeSpectralNorm<M extends Module>(module: M, name = "weight"): M {
  const registered = hooks.get(module) ?? [];
  const entry = registered.find((h) => h.fn.name === name);
  if (entry === undefined) throw new ValueError(`spectral_norm of '${name}' not found in ${module.toString()}`);
  entry.fn.remove(module);
  for (const r of entry.removers) r.remove();
  hooks.set(
    module,
    registered.filter((h) => h !== entry),
  );
  return module;
}
