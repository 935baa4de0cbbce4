// Learning-rate schedulers with PyTorch's chainable step() semantics (last_epoch starts at -1 and the
// constructor takes the first step; each subclass does so once its own fields are set).
import type { Optimizer, ParamGroup } from "./optimizer";

type Group = ParamGroup<{ lr: number }>;

export abstract class LRScheduler {
  lastEpoch = -1;
  readonly baseLrs: number[];
  protected stepCount = 0;
  private lastLr: number[] = [];
  constructor(readonly optimizer: Optimizer<{ lr: number }>) {
    const groups: Group[] = optimizer.paramGroups;
    for (const g of groups) if (g.initialLr === undefined) g.initialLr = g.lr;
    this.baseLrs = groups.map((g) => g.initialLr!);
  }
  protected get groups(): Group[] {
    return this.optimizer.paramGroups;
  }
  protected abstract getLr(): number[];
  step(): void {
    this.stepCount++;
    this.lastEpoch++;
    const lrs = this.getLr();
    this.groups.forEach((g, i) => {
      g.lr = lrs[i];
    });
    this.lastLr = this.groups.map((g) => g.lr);
  }
  /** The lrs this scheduler set at its last step (PyTorch's _last_lr; a later scheduler may change the groups'). */
  getLastLr(): number[] {
    return [...this.lastLr];
  }
}

export class StepLR extends LRScheduler {
  constructor(
    optimizer: Optimizer<{ lr: number }>,
    readonly stepSize: number,
    readonly gamma = 0.1,
  ) {
    super(optimizer);
    this.step();
  }
  protected getLr(): number[] {
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * this.gamma);
  }
}

export class MultiStepLR extends LRScheduler {
  private readonly counts: Map<number, number>;
  constructor(
    optimizer: Optimizer<{ lr: number }>,
    milestones: number[],
    readonly gamma = 0.1,
  ) {
    const counts = new Map<number, number>();
    for (const m of milestones) counts.set(m, (counts.get(m) ?? 0) + 1);
    super(optimizer);
    this.counts = counts;
    this.step();
  }
  protected getLr(): number[] {
    const c = this.counts.get(this.lastEpoch);
    if (!c) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * this.gamma ** c);
  }
}

export class CosineAnnealingLR extends LRScheduler {
  constructor(
    optimizer: Optimizer<{ lr: number }>,
    readonly tMax: number,
    readonly etaMin = 0,
  ) {
    super(optimizer);
    this.step();
  }
  protected getLr(): number[] {
    const e = this.lastEpoch,
      T = this.tMax,
      m = this.etaMin;
    if (e === 0) return this.groups.map((g) => g.lr);
    if (this.stepCount === 1 && e > 0) {
      return this.baseLrs.map((b) => m + ((b - m) * (1 + Math.cos((e * Math.PI) / T))) / 2);
    }
    const mod = (a: number, n: number) => ((a % n) + n) % n;
    if (mod(e - 1 - T, 2 * T) === 0) {
      return this.groups.map((g, i) => g.lr + ((this.baseLrs[i] - m) * (1 - Math.cos(Math.PI / T))) / 2);
    }
    return this.groups.map(
      (g) => ((1 + Math.cos((Math.PI * e) / T)) / (1 + Math.cos((Math.PI * (e - 1)) / T))) * (g.lr - m) + m,
    );
  }
}

export class LambdaLR extends LRScheduler {
  constructor(
    optimizer: Optimizer<{ lr: number }>,
    readonly lrLambda: (epoch: number) => number,
  ) {
    super(optimizer);
    this.step();
  }
  protected getLr(): number[] {
    return this.baseLrs.map((b) => b * this.lrLambda(this.lastEpoch));
  }
}
