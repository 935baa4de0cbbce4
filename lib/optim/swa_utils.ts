// torch.optim.swa_utils: stochastic weight averaging (torch/optim/swa_utils.py): an averaged copy of a
// model, the BatchNorm statistics recomputed for it, and the SWA learning-rate schedule.
import { noGrad } from "../autograd";
import { deepcopy } from "../copy";
import { onesLike, tensor, zerosLike } from "../creation";
import type { DeviceLike } from "../device";
import { ValueError } from "../errors";
import { Module } from "../nn/module";
import { type BatchNormBase, isBatchNorm } from "../nn/modules/batchnorm";
import { Tensor } from "../tensor";
import { LRScheduler } from "./lr_scheduler";
import type { Optimizer } from "./optimizer";

/** How AveragedModel folds a model's parameter into the average (PyTorch's avg_fn). */
export type AvgFn = (averaged: Tensor, current: Tensor, numAveraged: Tensor) => Tensor;

/**
 * AveragedModel: a deep copy of `model` whose parameters (and, with useBuffers, buffers) are the running
 * average of the models passed to updateParameters (an equal-weight average unless avgFn says otherwise).
 */
export class AveragedModel<M extends Module = Module> extends Module {
  /** The averaged copy of the model (moved to `device` when given). */
  module: M;
  /** How a model's parameter is folded into the average (avg_fn; default the equal-weight running mean). */
  avgFn: AvgFn;
  /** Whether buffers are averaged along with the parameters (use_buffers; default false). */
  useBuffers: boolean;
  constructor(model: M, o: { device?: DeviceLike | null; avgFn?: AvgFn | null; useBuffers?: boolean } = {}) {
    super();
    this.module = deepcopy(model);
    if (o.device != null) this.module = this.module.to(o.device) as M;
    this.registerBuffer("n_averaged", tensor(0, { dtype: "int64", device: o.device ?? undefined }));
    this.avgFn = o.avgFn ?? ((avg, cur, n) => avg.add(cur.sub(avg).div(n.add(1))));
    this.useBuffers = o.useBuffers ?? false;
  }
  /** The number of models averaged so far. */
  get nAveraged(): Tensor {
    return this.getBuffer("n_averaged") as Tensor;
  }
  /** Calls the averaged module with the arguments. */
  forward(...args: unknown[]): unknown {
    return (this.module as unknown as { call(...a: unknown[]): unknown }).call(...args);
  }
  /** Folds `model`'s current parameters into the average. */
  updateParameters(model: Module): void {
    const mine = this.useBuffers ? [...this.module.parameters(), ...this.module.buffers()] : this.parameters();
    const theirs = this.useBuffers ? [...model.parameters(), ...model.buffers()] : model.parameters();
    const n = this.nAveraged;
    const first = Number(n.item()) === 0;
    noGrad(() => {
      mine.forEach((pSwa, i) => {
        const pModel = theirs[i];
        if (pModel === undefined) return;
        const cur = pModel.detach().to(pSwa.device);
        if (first) pSwa.detach().copy_(cur);
        else pSwa.detach().copy_(this.avgFn(pSwa.detach(), cur, n.to(pSwa.device)));
      });
      n.add_(1);
    });
  }
}

/**
 * update_bn: recomputes every BatchNorm's running statistics for `model` with one pass over `loader`
 * (a cumulative average: momentum null for the pass), then restores momenta and the training mode.
 */
export function updateBn(loader: Iterable<unknown>, model: Module, device: DeviceLike | null = null): void {
  noGrad(() => {
    const momenta = new Map<BatchNormBase, number | null>();
    for (const m of model.modules()) {
      if (!isBatchNorm(m) || m.runningMean === null || m.runningVar === null) continue;
      m.registerBuffer("running_mean", zerosLike(m.runningMean));
      m.registerBuffer("running_var", onesLike(m.runningVar));
      momenta.set(m, m.momentum);
    }
    if (momenta.size === 0) return;
    const wasTraining = model.training;
    model.train();
    for (const m of momenta.keys()) {
      m.momentum = null;
      m.numBatchesTracked?.mul_(0);
    }
    for (let input of loader) {
      if (Array.isArray(input)) input = input[0];
      if (device !== null && input instanceof Tensor) input = input.to(device);
      (model as unknown as { call(x: unknown): unknown }).call(input);
    }
    for (const [m, momentum] of momenta) m.momentum = momentum;
    model.train(wasTraining);
  });
}

type Group = Record<string, unknown> & { lr: number; swaLr?: number };

/**
 * SWALR: anneals each group's learning rate to `swaLr` over `annealEpochs` steps ("cos" or "linear"),
 * then keeps it there.
 */
export class SWALR extends LRScheduler {
  /** The number of epochs annealing from each group's lr to its swaLr (anneal_epochs; default 10). */
  annealEpochs: number;
  /** The annealing shape, "cos" or "linear" (anneal_strategy; default "cos"). */
  annealStrategy: "cos" | "linear";
  constructor(
    optimizer: Optimizer<{ lr: number }>,
    swaLr: number | number[],
    o: { annealEpochs?: number; annealStrategy?: "cos" | "linear"; lastEpoch?: number } = {},
  ) {
    super(optimizer);
    const groups = optimizer.paramGroups as unknown as Group[];
    if (Array.isArray(swaLr) && swaLr.length !== groups.length)
      throw new ValueError(
        `swa_lr must have the same length as optimizer.param_groups: swa_lr has ${swaLr.length}, ` +
          `optimizer.param_groups has ${groups.length}`,
      );
    groups.forEach((g, i) => {
      g.swaLr = Array.isArray(swaLr) ? swaLr[i] : swaLr;
    });
    const strategy = o.annealStrategy ?? "cos";
    if (strategy !== "cos" && strategy !== "linear")
      throw new ValueError(`anneal_strategy must by one of 'cos' or 'linear', instead got ${strategy}`);
    this.annealStrategy = strategy;
    const epochs = o.annealEpochs ?? 10;
    if (!Number.isInteger(epochs) || epochs < 0)
      throw new ValueError(`anneal_epochs must be equal or greater than 0, got ${epochs}`);
    this.annealEpochs = epochs;
    this._init(o.lastEpoch ?? -1, false);
  }
  protected stateFields(): string[] {
    return ["annealEpochs", "annealStrategy"];
  }
  private anneal(t: number): number {
    return this.annealStrategy === "cos" ? (1 - Math.cos(Math.PI * t)) / 2 : t;
  }
  /** The learning rates for the current step, one per param group (PyTorch's get_lr). */
  getLr(): number[] {
    this.checkGetLr();
    let step = this._stepCount - 1;
    if (this.annealEpochs === 0) step = Math.max(1, step);
    const prevT = Math.max(0, Math.min(1, (step - 1) / Math.max(1, this.annealEpochs)));
    const prevAlpha = this.anneal(prevT);
    const groups = this.groups as unknown as Group[];
    const prevLrs = groups.map((g) =>
      prevAlpha === 1 ? (g.swaLr as number) : (g.lr - prevAlpha * (g.swaLr as number)) / (1 - prevAlpha),
    );
    const t = Math.max(0, Math.min(1, step / Math.max(1, this.annealEpochs)));
    const alpha = this.anneal(t);
    return groups.map((g, i) => (g.swaLr as number) * alpha + (prevLrs[i] as number) * (1 - alpha));
  }
}
