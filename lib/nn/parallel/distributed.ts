// nn.parallel.DistributedDataParallel on c10d's own Reducer, driven in the order PyTorch 1.13's
// DistributedDataParallel drives it (shape check, state broadcast, bucket rebuild, buffer broadcast,
// prepare_for_backward), so a torchts rank and a PyTorch rank can train one model together.
import { isGradEnabled, noGrad } from "../../autograd";
import { broadcastCoalesced } from "../../distributed/collectives";
import { type Group, type ProcessGroup, resolveGroup } from "../../distributed/process_group";
import { native, type ReducerRef } from "../../native";
import { Tensor } from "../../tensor";
import { checkKwargs } from "../../utils/kwargs";
import { Module } from "../module";
import { Parameter } from "../parameter";

const BROADCAST_BUCKET_BYTES = 250 * 1024 * 1024;
const DEFAULT_FIRST_BUCKET_BYTES = 1024 * 1024;

export interface DistributedDataParallelOptions {
  /** CUDA device of a single-device module; must be absent for CPU modules. */
  deviceIds?: number[] | null;
  outputDevice?: number | null;
  broadcastBuffers?: boolean;
  processGroup?: Group | null;
  bucketCapMb?: number;
  findUnusedParameters?: boolean;
  gradientAsBucketView?: boolean;
}

function* findTensors(x: unknown): Generator<Tensor> {
  if (x instanceof Tensor) yield x;
  else if (Array.isArray(x)) for (const v of x) yield* findTensors(v);
  else if (x instanceof Map) for (const v of x.values()) yield* findTensors(v);
  else if (x !== null && typeof x === "object" && Object.getPrototypeOf(x) === Object.prototype)
    for (const v of Object.values(x)) yield* findTensors(v);
}

export class DistributedDataParallel<M extends Module = Module> extends Module {
  declare module: M;
  readonly broadcastBuffers: boolean;
  readonly findUnusedParameters: boolean;
  readonly gradientAsBucketView: boolean;
  readonly bucketBytesCap: number;
  /** Whether the next backward all-reduces gradients (false inside noSync). */
  requireBackwardGradSync = true;
  requireForwardParamSync = true;
  private readonly group: ProcessGroup;
  private reducer: ReducerRef | null;
  private readonly moduleBuffers: Tensor[];

  constructor(module: M, o: DistributedDataParallelOptions = {}) {
    super();
    checkKwargs(
      o,
      [
        "deviceIds",
        "outputDevice",
        "broadcastBuffers",
        "processGroup",
        "bucketCapMb",
        "findUnusedParameters",
        "gradientAsBucketView",
      ],
      "DistributedDataParallel.__init__",
    );
    if (!(module instanceof Module)) throw new TypeError("DistributedDataParallel wraps a Module");
    const params = module.parameters();
    if (!params.some((p) => p.requiresGrad))
      throw new Error(
        "DistributedDataParallel is not needed when a module doesn't have any parameter that requires a gradient.",
      );
    const devices = new Set(params.map((p) => p.device));
    const onCpu = [...devices].every((d) => d === "cpu");
    if (onCpu && o.deviceIds !== undefined && o.deviceIds !== null && o.deviceIds.length > 0) {
      throw new Error(
        "DistributedDataParallel device_ids and output_device arguments only work with single-device/multiple-device " +
          `GPU modules or CPU modules, but got device_ids [${o.deviceIds.join(", ")}], output_device ` +
          `${o.outputDevice ?? "None"}, and module parameters {device(type='cpu')}.`,
      );
    }
    const g = resolveGroup(o.processGroup);
    if (!g) throw new Error("DistributedDataParallel needs a process group this rank is a member of");
    this.group = g;
    this.module = module;
    this.broadcastBuffers = o.broadcastBuffers ?? true;
    this.findUnusedParameters = o.findUnusedParameters ?? false;
    this.gradientAsBucketView = o.gradientAsBucketView ?? false;
    this.bucketBytesCap = Math.trunc((o.bucketCapMb ?? 25) * 1024 * 1024);

    // _build_params_for_reducer: each module's own parameters that require grad, first occurrence only.
    const seen = new Set<Parameter>();
    const reducerParams: Parameter[] = [];
    const names: string[] = [];
    for (const [mp, m] of module.namedModules()) {
      for (const [k, p] of m._parameters) {
        if (!(p instanceof Parameter) || !p.requiresGrad || seen.has(p)) continue;
        seen.add(p);
        reducerParams.push(p);
        names.push(mp ? `${mp}.${k}` : k);
      }
    }
    const handles = reducerParams.map((p) => p.handle);
    native.ddpVerifyParams(handles, { group: g.id });
    // _sync_module_states: every parameter and buffer from rank 0.
    const states = [...module.parameters(), ...module.buffers()];
    noGrad(() => broadcastCoalesced(states, g.ranks[0]!, BROADCAST_BUCKET_BYTES, g));
    this.reducer = native.ddpReducer(handles, {
      group: g.id,
      bucketBytesCap: this.bucketBytesCap,
      firstBucketBytes: DEFAULT_FIRST_BUCKET_BYTES,
      findUnusedParameters: this.findUnusedParameters,
      gradientAsBucketView: this.gradientAsBucketView,
      names,
    });
    this.moduleBuffers = module.buffers();
  }

  private live(): ReducerRef {
    if (!this.reducer) throw new Error("this DistributedDataParallel has been disposed");
    return this.reducer;
  }

  forward(...inputs: Parameters<M["forward"]>): ReturnType<M["forward"]> {
    const reducer = this.live();
    const grad = isGradEnabled();
    if (grad && this.requireBackwardGradSync) native.ddpPrepareForward(reducer);
    if (grad) native.ddpRebuildBuckets(reducer);
    if (this.requireForwardParamSync && this.broadcastBuffers && this.moduleBuffers.length > 0) {
      noGrad(() => broadcastCoalesced(this.moduleBuffers, this.group.ranks[0]!, BROADCAST_BUCKET_BYTES, this.group));
    }
    const out = (this.module.forward as (...a: unknown[]) => ReturnType<M["forward"]>)(...inputs);
    if (grad && this.requireBackwardGradSync) {
      this.requireForwardParamSync = true;
      const outs = this.findUnusedParameters ? [...findTensors(out)].map((t) => t.handle) : [];
      native.ddpPrepareBackward(reducer, outs);
    } else {
      this.requireForwardParamSync = false;
    }
    return out;
  }

  /** PyTorch's `with ddp.no_sync():` — gradients of backward passes inside `fn` accumulate locally. */
  noSync<T>(fn: () => T): T {
    const old = this.requireBackwardGradSync;
    this.requireBackwardGradSync = false;
    try {
      const r = fn();
      if (r instanceof Promise) throw new TypeError("noSync() takes a synchronous function");
      return r;
    } finally {
      this.requireBackwardGradSync = old;
    }
  }

  /** Frees the Reducer (its gradient hooks go with it), then the module's tensors as Module.dispose does. */
  dispose(): void {
    if (this.reducer) native.ddpDispose(this.reducer);
    this.reducer = null;
    super.dispose();
  }
}
