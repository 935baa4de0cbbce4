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

/** Keyword arguments of {@link DistributedDataParallel}; other keys are TypeErrors. */
export interface DistributedDataParallelOptions {
  /** CUDA device of a single-device module; must be absent for CPU modules. */
  deviceIds?: number[] | null;
  /** Where the output goes for a CUDA module (default: `deviceIds[0]`). */
  outputDevice?: number | null;
  /** Broadcast rank 0's buffers (BatchNorm statistics) at every forward (default true). */
  broadcastBuffers?: boolean;
  /** The group to all-reduce gradients over (default: the whole world). */
  processGroup?: Group | null;
  /** Gradient bucket size in MiB (default 25). */
  bucketCapMb?: number;
  /** Walk the autograd graph after forward to mark parameters that get no gradient (default false). */
  findUnusedParameters?: boolean;
  /** Make `.grad` views into the communication buckets, saving a copy (default false). */
  gradientAsBucketView?: boolean;
}

function* findTensors(x: unknown): Generator<Tensor> {
  if (x instanceof Tensor) yield x;
  else if (Array.isArray(x)) for (const v of x) yield* findTensors(v);
  else if (x instanceof Map) for (const v of x.values()) yield* findTensors(v);
  else if (x !== null && typeof x === "object" && Object.getPrototypeOf(x) === Object.prototype)
    for (const v of Object.values(x)) yield* findTensors(v);
}

/**
 * nn.parallel.DistributedDataParallel: data-parallel training across processes.
 *
 * Wraps a module so that each process runs forward and backward on its share of the data and the
 * gradients are averaged across the process group during backward (on libtorch's c10d Reducer, with
 * PyTorch 1.13's bucketing). Parameters and buffers are broadcast from rank 0 at construction.
 * A torchts process and a PyTorch process can train one model together.
 *
 * @param module - the model; its parameters must require gradients.
 * @param o - {@link DistributedDataParallelOptions}.
 * @example
 * ```ts
 * torch.distributed.initProcessGroup({ backend: "gloo" }); // rank and world size from the environment
 * const ddp = new nn.parallel.DistributedDataParallel(new Net());
 * const opt = new optim.SGD(ddp.parameters(), { lr: 0.01 });
 * const loss = lossFn.forward(ddp.forward(x), y);
 * loss.backward(); // gradients averaged over all ranks
 * opt.step();
 * ```
 */
export class DistributedDataParallel<M extends Module = Module> extends Module {
  /** The wrapped module (state dict keys gain the `module.` prefix, as in PyTorch). */
  declare module: M;
  /** Whether buffers are broadcast from rank 0 at every forward. */
  readonly broadcastBuffers: boolean;
  /** Whether unused parameters are searched for after forward. */
  readonly findUnusedParameters: boolean;
  /** Whether `.grad` tensors are views into the buckets. */
  readonly gradientAsBucketView: boolean;
  /** The bucket size in bytes. */
  readonly bucketBytesCap: number;
  /** Whether the next backward all-reduces gradients (false inside noSync). */
  requireBackwardGradSync = true;
  /** Whether forward synchronizes buffers (PyTorch's require_forward_param_sync). */
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

  /** Runs the wrapped module's forward and prepares the Reducer for the backward that follows. */
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
