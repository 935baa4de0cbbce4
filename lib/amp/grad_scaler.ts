// torch.cuda.amp.GradScaler (torch.amp.GradScaler in 2.x): loss scaling for float16 training. The
// unscale/inf check and the scale update are libtorch's two kernels; this file keeps PyTorch's
// per-optimizer state machine around them.
import { full } from "../creation";
import { isAvailable as cudaIsAvailable } from "../cuda";
import type { Device } from "../device";
import { KeyError, ValueError } from "../errors";
import { keep } from "../memory";
import { native } from "../native";
import { Tensor } from "../tensor";
import { checkKwargs } from "../utils/kwargs";
import { pyTypename } from "../utils/pyrepr";

/** Options of {@link GradScaler} (PyTorch's keyword arguments). */
export interface GradScalerOptions {
  /** The first scale factor (default 2 ** 16). */
  initScale?: number;
  /** The scale's factor after growthInterval steps without inf/NaN gradients (default 2). */
  growthFactor?: number;
  /** The scale's factor after a step with inf/NaN gradients (default 0.5). */
  backoffFactor?: number;
  /** Steps without inf/NaN gradients before the scale grows (default 2000). */
  growthInterval?: number;
  /** false: every method passes through, as without a scaler (default true). */
  enabled?: boolean;
}
const KEYS = ["initScale", "growthFactor", "backoffFactor", "growthInterval", "enabled"];

/** GradScaler.stateDict() as PyTorch writes it (snake_case keys, so checkpoints move between the two). */
export interface GradScalerStateDict {
  /** The current scale. */
  scale?: number;
  /** growthFactor. */
  growth_factor?: number;
  /** backoffFactor. */
  backoff_factor?: number;
  /** growthInterval. */
  growth_interval?: number;
  _growth_tracker?: number;
}

enum Stage {
  READY,
  UNSCALED,
  STEPPED,
}
interface PerOptimizer {
  stage: Stage;
  foundInfPerDevice: Map<Device, Tensor>;
}
/** What the scaler needs of an optimizer: its groups' parameters and step(). */
interface ScalableOptimizer {
  paramGroups: Array<{ params: Tensor[] }>;
  step(...args: unknown[]): unknown;
}

function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message);
}
function number(v: unknown, what: string): number {
  if (typeof v !== "number" || Number.isNaN(v)) throw new TypeError(`GradScaler: ${what} must be a number`);
  return v;
}

/**
 * Multiplies the loss by a scale factor before backward so small float16 gradients do not underflow,
 * unscales the gradients before the optimizer steps, skips steps whose gradients hold inf/NaN and
 * adapts the scale: halved after such a step, doubled after `growthInterval` clean ones.
 *
 * @example
 * ```ts
 * const scaler = new torch.cuda.amp.GradScaler();
 * const loss = torch.autocast("cuda", () => lossFn(model.forward(x), y));
 * scaler.scale(loss).backward();
 * scaler.step(optimizer);
 * scaler.update();
 * ```
 */
export class GradScaler {
  /** The device whose gradients this scaler scales ("cuda" or "cpu"). */
  readonly device: string;
  private readonly _enabled: boolean;
  private _initScale = 2 ** 16;
  private _scale: Tensor | null = null;
  private _growthFactor = 2;
  private _backoffFactor = 0.5;
  private _growthInterval = 2000;
  private _initGrowthTracker = 0;
  private _growthTracker: Tensor | null = null;
  private perOptimizer = new Map<object, PerOptimizer>();

  /** torch.cuda.amp.GradScaler(options); torch.amp.GradScaler(device, options) is the 2.x form. */
  constructor(options?: GradScalerOptions);
  constructor(device: string, options?: GradScalerOptions);
  constructor(a: string | GradScalerOptions = {}, b: GradScalerOptions = {}) {
    const device = typeof a === "string" ? a : "cuda";
    const o = typeof a === "string" ? b : a;
    checkKwargs(o, KEYS, "GradScaler");
    if (device !== "cuda" && device !== "cpu")
      throw new ValueError(`GradScaler: device must be "cuda" or "cpu", got ${JSON.stringify(device)}`);
    this.device = device;
    const enabled = o.enabled ?? true;
    if (typeof enabled !== "boolean") throw new TypeError("GradScaler: enabled must be a boolean");
    if (enabled && device === "cuda" && !cudaIsAvailable()) {
      process.emitWarning(
        "torch.cuda.amp.GradScaler is enabled, but CUDA is not available.  Disabling.",
        "UserWarning",
      );
      this._enabled = false;
    } else {
      this._enabled = enabled;
    }
    if (!this._enabled) return;
    this._initScale = number(o.initScale ?? 2 ** 16, "initScale");
    this._growthFactor = number(o.growthFactor ?? 2, "growthFactor");
    this._backoffFactor = number(o.backoffFactor ?? 0.5, "backoffFactor");
    this._growthInterval = number(o.growthInterval ?? 2000, "growthInterval");
    assert(this._growthFactor > 1, "The growth factor must be > 1.0.");
    assert(this._backoffFactor < 1, "The backoff factor must be < 1.0.");
  }

  private state(optimizer: object): PerOptimizer {
    let s = this.perOptimizer.get(optimizer);
    if (!s) {
      s = { stage: Stage.READY, foundInfPerDevice: new Map() };
      this.perOptimizer.set(optimizer, s);
    }
    return s;
  }

  private checkScaleGrowthTracker(funcname: string): [Tensor, Tensor] {
    const fix = "This may indicate your script did not use scaler.scale(loss or outputs) earlier in the iteration.";
    assert(this._scale !== null, `Attempted ${funcname} but _scale is None.  ${fix}`);
    assert(this._growthTracker !== null, `Attempted ${funcname} but _growth_tracker is None.  ${fix}`);
    return [this._scale, this._growthTracker];
  }

  private lazyInit(device: Device): void {
    assert(this._growthTracker === null, "_growth_tracker initialized before _scale");
    this._scale = keep(full([1], this._initScale, { dtype: "float32", device }));
    this._growthTracker = keep(full([1], this._initGrowthTracker, { dtype: "int32", device }));
  }

  /** The scale on `device` (the scale lives where the first scaled output was). */
  private scaleOn(device: Device): Tensor {
    if (this._scale === null) this.lazyInit(device);
    const s = this._scale as Tensor;
    return s.device === device ? s : s.to(device, { nonBlocking: true });
  }

  /** Multiplies `outputs` (a tensor, or nested arrays of tensors) by the scale; unchanged when disabled. */
  scale<T extends Tensor | unknown[]>(outputs: T): T {
    if (!this._enabled) return outputs;
    const apply = (v: unknown): unknown => {
      if (v instanceof Tensor) {
        assert(
          v.device.startsWith(this.device),
          `GradScaler: expected a ${this.device} tensor, got one on ${v.device}`,
        );
        return v.mul(this.scaleOn(v.device));
      }
      if (Array.isArray(v)) return v.map(apply);
      throw new ValueError("outputs must be a Tensor or an iterable of Tensors");
    };
    return apply(outputs) as T;
  }

  private unscaleGrads(
    optimizer: ScalableOptimizer,
    invScale: Tensor,
    foundInf: Tensor,
    allowFp16: boolean,
  ): Map<Device, Tensor> {
    const invPer = new Map<Device, Tensor>([[invScale.device, invScale]]);
    const infPer = new Map<Device, Tensor>([[foundInf.device, foundInf]]);
    const on = (m: Map<Device, Tensor>, device: Device): Tensor => {
      let t = m.get(device);
      if (!t) {
        t = keep((m.values().next().value as Tensor).to(device, { nonBlocking: true }));
        m.set(device, t);
      }
      return t;
    };
    const byDeviceDtype = new Map<string, Tensor[]>();
    for (const group of optimizer.paramGroups) {
      for (const p of group.params) {
        const g = p.grad;
        if (g === null) continue;
        if (!allowFp16 && g.dtype === "float16") throw new ValueError("Attempting to unscale FP16 gradients.");
        const key = `${g.device}|${g.dtype}`;
        const list = byDeviceDtype.get(key);
        if (list) list.push(g);
        else byDeviceDtype.set(key, [g]);
      }
    }
    for (const [key, grads] of byDeviceDtype) {
      const device = key.split("|")[0] as Device;
      native.ampUnscale(
        grads.map((g) => g.handle),
        on(infPer, device).handle,
        on(invPer, device).handle,
      );
    }
    for (const t of invPer.values()) if (t !== invScale) t.dispose();
    return infPer;
  }

  /** Divides the optimizer's gradients by the scale in place (before clipping them, say); once per step. */
  unscale_(optimizer: ScalableOptimizer): void {
    if (!this._enabled) return;
    this.checkScaleGrowthTracker("unscale_");
    const st = this.state(optimizer);
    if (st.stage === Stage.UNSCALED)
      throw new Error("unscale_() has already been called on this optimizer since the last update().");
    if (st.stage === Stage.STEPPED) throw new Error("unscale_() is being called after step().");
    const s = this._scale as Tensor;
    const d = s.double();
    const r = d.reciprocal();
    const invScale = keep(r.float());
    for (const t of [d, r]) t.dispose();
    const foundInf = keep(full([1], 0, { dtype: "float32", device: s.device }));
    st.foundInfPerDevice = this.unscaleGrads(optimizer, invScale, foundInf, false);
    invScale.dispose();
    st.stage = Stage.UNSCALED;
  }

  /** Unscales (unless {@link unscale_} did) and steps the optimizer when no gradient is inf/NaN; returns step()'s result. */
  step(optimizer: ScalableOptimizer, ...args: unknown[]): unknown {
    if (!this._enabled) return optimizer.step(...args);
    this.checkScaleGrowthTracker("step");
    const st = this.state(optimizer);
    if (st.stage === Stage.STEPPED) throw new Error("step() has already been called since the last update().");
    if (st.stage === Stage.READY) this.unscale_(optimizer);
    assert(st.foundInfPerDevice.size > 0, "No inf checks were recorded for this optimizer.");
    let found = 0;
    for (const t of st.foundInfPerDevice.values()) found += t.item() as number;
    const result = found ? undefined : optimizer.step(...args);
    st.stage = Stage.STEPPED;
    return result;
  }

  /** Adapts the scale after the iteration's steps (or sets it to `newScale`) and starts the next iteration. */
  update(newScale?: number | Tensor): void {
    if (!this._enabled) return;
    const [scale, tracker] = this.checkScaleGrowthTracker("update");
    if (newScale !== undefined && newScale !== null) {
      if (typeof newScale === "number") {
        scale.fill_(newScale);
      } else {
        const reason = "new_scale should be a float or a 1-element torch.cuda.FloatTensor with requires_grad=False.";
        assert(newScale instanceof Tensor && newScale.dtype === "float32" && newScale.isCuda, reason);
        assert(newScale.numel() === 1, reason);
        assert(!newScale.requiresGrad, reason);
        scale.copy_(newScale);
      }
    } else {
      const infs: Tensor[] = [];
      for (const st of this.perOptimizer.values()) {
        for (const t of st.foundInfPerDevice.values()) infs.push(t.device === scale.device ? t : t.to(scale.device));
      }
      assert(infs.length > 0, "No inf checks were recorded prior to update.");
      const combined = infs[0] as Tensor;
      for (let i = 1; i < infs.length; i++) combined.add_(infs[i] as Tensor);
      native.ampUpdateScale(
        scale.handle,
        tracker.handle,
        combined.handle,
        this._growthFactor,
        this._backoffFactor,
        this._growthInterval,
      );
    }
    this.releaseIterationState();
  }

  private releaseIterationState(): void {
    for (const st of this.perOptimizer.values()) for (const t of st.foundInfPerDevice.values()) t.dispose();
    this.perOptimizer = new Map();
  }

  /** The current scale as a number (1.0 when disabled); reads the GPU value, so it synchronizes. */
  getScale(): number {
    if (!this._enabled) return 1.0;
    return this._scale === null ? this._initScale : (this._scale.item() as number);
  }
  /** The growth factor. */
  getGrowthFactor(): number {
    return this._growthFactor;
  }
  /** Sets the growth factor. */
  setGrowthFactor(v: number): void {
    this._growthFactor = number(v, "growthFactor");
  }
  /** The backoff factor. */
  getBackoffFactor(): number {
    return this._backoffFactor;
  }
  /** Sets the backoff factor. */
  setBackoffFactor(v: number): void {
    this._backoffFactor = number(v, "backoffFactor");
  }
  /** The growth interval. */
  getGrowthInterval(): number {
    return this._growthInterval;
  }
  /** Sets the growth interval. */
  setGrowthInterval(v: number): void {
    this._growthInterval = number(v, "growthInterval");
  }
  private growthTrackerValue(): number {
    if (!this._enabled) return 0;
    return this._growthTracker === null ? this._initGrowthTracker : (this._growthTracker.item() as number);
  }
  /** Whether the scaler scales (false when disabled, or without CUDA for a cuda scaler). */
  isEnabled(): boolean {
    return this._enabled;
  }

  /** PyTorch's state_dict (empty when disabled). */
  stateDict(): GradScalerStateDict {
    if (!this._enabled) return {};
    return {
      scale: this.getScale(),
      growth_factor: this._growthFactor,
      backoff_factor: this._backoffFactor,
      growth_interval: this._growthInterval,
      _growth_tracker: this.growthTrackerValue(),
    };
  }

  /** Restores a {@link GradScalerStateDict} (PyTorch's keys). */
  loadStateDict(sd: GradScalerStateDict): void {
    if (!this._enabled) return;
    if (sd === null || typeof sd !== "object")
      throw new TypeError(`loadStateDict() takes a state dict, got ${pyTypename(sd)}`);
    if (Object.keys(sd).length === 0)
      throw new Error(
        "The source state dict is empty, possibly because it was saved from a disabled instance of GradScaler.",
      );
    const get = (k: keyof GradScalerStateDict) => {
      if (!(k in sd)) throw new KeyError(`'${k}'`);
      return number(sd[k], k);
    };
    this._initScale = get("scale");
    this._scale?.fill_(this._initScale);
    this._growthFactor = get("growth_factor");
    this._backoffFactor = get("backoff_factor");
    this._growthInterval = get("growth_interval");
    this._initGrowthTracker = get("_growth_tracker");
    this._growthTracker?.fill_(this._initGrowthTracker);
  }
}
