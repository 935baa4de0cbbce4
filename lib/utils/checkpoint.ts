// torch.utils.checkpoint: run a piece of a model without keeping its activations, and run it again in
// the backward pass to get them: PyTorch 1.13's reentrant CheckpointFunction (an autograd.Function), or
// with useReentrant false its saved-tensor-hooks form, which works with grad() and keyword arguments.
import { autocast, getAutocastDtype, isAutocastEnabled } from "../amp/autocast_mode";
import { backward, enableGrad, noGrad } from "../autograd";
import { Function as AutogradFunction, type FunctionCtx } from "../autograd_function";
import { savedTensorsHooks } from "../autograd_graph";
import { getRngState as getCudaRngState, setRngState as setCudaRngState } from "../cuda/random";
import { ValueError } from "../errors";
import { native } from "../native";
import { getRngState, setRngState } from "../random";
import { releaseStored, Tensor } from "../tensor";
import { warn } from "../warnings";

// biome-ignore lint/suspicious/noExplicitAny: the checkpointed function takes its own arguments.
type Fn = (...args: any[]) => unknown;

// The forward's RNG states: the CPU generator's and those of the GPUs the tensor arguments are on
// (PyTorch's get_device_states), so that the rerun draws the same dropout masks.
interface RngStates {
  cpu: Tensor;
  cuda: Array<[number, Tensor]>;
}
function captureRng(args: unknown[]): RngStates {
  const devices = [
    ...new Set(args.filter((a): a is Tensor => a instanceof Tensor && a.isCuda).map((a) => a.getDevice())),
  ];
  return { cpu: getRngState(), cuda: devices.map((d) => [d, getCudaRngState(d)]) };
}
// torch.random.fork_rng: runs `fn` from `states`, then puts back the states from before.
function forkRng<T>(states: RngStates | null, fn: () => T): T {
  if (states === null) return fn();
  const before = { cpu: getRngState(), cuda: states.cuda.map(([d]) => [d, getCudaRngState(d)] as [number, Tensor]) };
  try {
    setRngState(states.cpu);
    for (const [d, st] of states.cuda) setCudaRngState(st, d);
    return fn();
  } finally {
    setRngState(before.cpu);
    for (const [d, st] of before.cuda) setCudaRngState(st, d);
  }
}

class CheckpointFunction extends AutogradFunction {
  static forward(ctx: FunctionCtx, runFunction: Fn, preserveRngState: boolean, ...args: unknown[]): unknown {
    if (!args.some((a) => a instanceof Tensor && a.requiresGrad))
      warn("None of the inputs have requires_grad=True. Gradients will be None");
    ctx.runFunction = runFunction;
    ctx.preserveRngState = preserveRngState;
    ctx.hadAutocastInFwd = isAutocastEnabled("cuda");
    if (preserveRngState) ctx.fwdRngStates = captureRng(args);
    const tensorIndices: number[] = [];
    const tensors: Tensor[] = [];
    ctx.inputs = args.map((a, i) => {
      if (!(a instanceof Tensor)) return a;
      tensorIndices.push(i);
      tensors.push(a);
      return null;
    });
    ctx.tensorIndices = tensorIndices;
    // detach_variable's requires_grad of each tensor argument. (Not the saved tensor's: torchts's Function
    // saves an input that fn returns as-is as an output, without requires_grad, where PyTorch saves it as
    // the input it is.)
    ctx.inputRequiresGrad = tensors.map((t) => t.requiresGrad);
    ctx.saveForBackward(...tensors);
    return noGrad(() => runFunction(...args));
  }

  static backward(ctx: FunctionCtx, ...grads: Array<Tensor | null>): Array<Tensor | null> {
    if (!native.isCheckpointValid())
      throw new Error(
        "Checkpointing is not compatible with .grad() or when an `inputs` parameter is passed to .backward(). " +
          "Please use .backward() and do not pass its `inputs` argument.",
      );
    const inputs = [...(ctx.inputs as unknown[])];
    const saved = ctx.savedTensors;
    const requiresGrad = ctx.inputRequiresGrad as boolean[];
    // The saved tensors, detached, with their arguments' requires_grad (detach_variable).
    (ctx.tensorIndices as number[]).forEach((idx, i) => {
      inputs[idx] = (saved[i] as Tensor).detach().requiresGrad_(requiresGrad[i]);
    });
    const detached = inputs;
    // The forward's RNG states for the rerun, the current ones back afterwards.
    const rerun = () => (ctx.runFunction as Fn)(...detached);
    const outputs = forkRng(ctx.preserveRngState ? (ctx.fwdRngStates as RngStates) : null, () =>
      enableGrad(() => (ctx.hadAutocastInFwd ? autocast("cuda", rerun) : rerun())),
    );
    const outs = outputs instanceof Tensor ? [outputs] : (outputs as unknown[]);
    // PyTorch passes one gradient per output (None for a non-tensor one); torchts's Function passes one
    // per tensor output: the gradient of the i-th output is at its rank among the tensor outputs then.
    const perOutput = grads.length === outs.length;
    const withGrad: Tensor[] = [];
    const gradsWith: Array<Tensor | null> = [];
    let k = 0;
    outs.forEach((o, i) => {
      const g = perOutput ? grads[i] : o instanceof Tensor ? grads[k++] : null;
      if (o instanceof Tensor && o.requiresGrad) {
        withGrad.push(o);
        gradsWith.push(g ?? null);
      }
    });
    if (withGrad.length === 0)
      throw new Error("none of output has requires_grad=True, this checkpoint() is not necessary");
    backward(withGrad, { gradTensors: gradsWith });
    return [null, null, ...detached.map((x) => (x instanceof Tensor ? x.grad : null))];
  }
}

// What checkpoint's pack hook keeps in place of a tensor: a key into the storage the recomputation fills.
// It leaves the storage when libtorch frees the saved tensor that held it (Python's WeakKeyDictionary).
class Holder {
  released = false;
  constructor(private readonly storage: Map<Holder, Tensor>) {}
  [releaseStored](): void {
    this.released = true;
    this.storage.delete(this);
  }
}

// _checkpoint_without_reentrant: the forward saves holders instead of tensors; the first unpack in
// backward reruns fn (under the forward's RNG and autocast state) with hooks that put each tensor it
// saves into the holder of the same rank.
function checkpointWithoutReentrant(fn: Fn, preserveRngState: boolean, args: unknown[]): unknown {
  const autocastCuda = { enabled: isAutocastEnabled("cuda"), dtype: getAutocastDtype("cuda") };
  const autocastCpu = { enabled: isAutocastEnabled("cpu"), dtype: getAutocastDtype("cpu") };
  const fwdRng = preserveRngState ? captureRng(args) : null;
  const storage = new Map<Holder, Tensor>();
  const holders: Array<WeakRef<Holder>> = [];
  const pack = () => {
    const h = new Holder(storage);
    holders.push(new WeakRef(h));
    return h;
  };
  const unpack = (x: Holder): Tensor => {
    let counter = 0;
    if (storage.size === 0) {
      const innerPack = (inner: Tensor) => {
        counter += 1;
        const h = holders[counter - 1]?.deref();
        if (h !== undefined && !h.released) storage.set(h, inner.detach());
        return null;
      };
      const innerUnpack = (): Tensor => {
        throw new Error("You are calling backwards on a tensor that is never exposed. Please open an issue.");
      };
      forkRng(fwdRng, () =>
        enableGrad(() =>
          autocast("cuda", autocastCuda, () =>
            autocast("cpu", autocastCpu, () => savedTensorsHooks(innerPack, innerUnpack, () => fn(...args))),
          ),
        ),
      );
    }
    const t = storage.get(x);
    if (t === undefined) {
      throw new Error(
        "Attempt to retrieve a tensor saved by autograd multiple times without checkpoint recomputation being " +
          "triggered in between, this is not currently supported. Please open an issue with details on your use " +
          "case so that we can prioritize adding this.",
      );
    }
    return t;
  };
  return savedTensorsHooks(pack, unpack as (p: never) => Tensor, () => fn(...args));
}

/** Keyword arguments of {@link checkpoint}. */
export interface CheckpointOptions {
  /** Run the rerun under the forward's RNG state (default true), so dropout masks match. */
  preserveRngState?: boolean;
  /**
   * PyTorch's default reentrant implementation (true); false uses saved tensor hooks instead, which also
   * works under autograd.grad and passes the other keys of this object to `fn` as its keyword arguments.
   */
  useReentrant?: boolean;
}

/**
 * torch.utils.checkpoint.checkpoint: `fn(...args)` without keeping its intermediate activations; the
 * backward pass runs `fn` again (under the forward's RNG state) to get them. Trades compute for memory.
 * Keyword options go in a trailing `{preserveRngState, useReentrant}` object.
 *
 * @example
 * ```ts
 * const y = torch.utils.checkpoint.checkpoint((t: Tensor) => block.forward(t), x);
 * ```
 */
export function checkpoint(fn: Fn, ...argsAndOptions: unknown[]): unknown {
  if (typeof fn !== "function") throw new TypeError("checkpoint: function must be callable");
  let args = argsAndOptions;
  let o: CheckpointOptions & Record<string, unknown> = {};
  const last = args[args.length - 1];
  if (last !== null && typeof last === "object" && !(last instanceof Tensor) && !Array.isArray(last)) {
    o = last as CheckpointOptions & Record<string, unknown>;
    args = args.slice(0, -1);
  }
  const { preserveRngState = true, useReentrant = true, ...rest } = o;
  if (Object.keys(rest).length > 0 && useReentrant)
    throw new ValueError(`Unexpected keyword arguments: ${Object.keys(rest).join(",")}`);
  if (!useReentrant)
    return checkpointWithoutReentrant(fn, preserveRngState, Object.keys(rest).length > 0 ? [...args, rest] : args);
  return CheckpointFunction.apply(fn, preserveRngState, ...args);
}

/** One step of {@link checkpointSequential}: a module (run through its `call`, hooks included), or a function. */
export type SequentialStep = ((x: unknown) => unknown) | { forward(x: unknown): unknown };

// functions[j](input): a module's __call__ (its hooks run, as in PyTorch), a plain function, or forward.
function runStep(f: SequentialStep, x: unknown): unknown {
  if (typeof f === "function") return f(x);
  const call = (f as { call?: (x: unknown) => unknown }).call;
  return typeof call === "function" ? call.call(f, x) : f.forward(x);
}

/**
 * torch.utils.checkpoint.checkpoint_sequential: a Sequential (or array of modules or functions) in
 * `segments` chunks, each checkpointed but the last. Options: `preserveRngState`, and (as PyTorch 2.x's
 * checkpoint_sequential; 1.13's has no such keyword) `useReentrant`.
 */
export function checkpointSequential(
  functions: SequentialStep[] | { children(): Iterable<SequentialStep> },
  segments: number,
  input: Tensor,
  o?: Pick<CheckpointOptions, "preserveRngState" | "useReentrant">,
): unknown;
export function checkpointSequential(
  functions: SequentialStep[] | { children(): Iterable<SequentialStep> },
  ...rest: unknown[]
): unknown {
  // Python's argument binding: three positional arguments and keywords (a trailing options object).
  const last = rest[rest.length - 1];
  const hasOptions =
    rest.length > 2 && last !== null && typeof last === "object" && !(last instanceof Tensor) && !Array.isArray(last);
  const positional = hasOptions ? rest.slice(0, -1) : [...rest];
  while (positional.length > 0 && positional[positional.length - 1] === undefined) positional.pop();
  if (positional.length > 2)
    throw new TypeError(`checkpoint_sequential() takes 3 positional arguments but ${positional.length + 1} were given`);
  if (positional.length < 2) {
    const missing = ["segments", "input"].slice(positional.length).map((n) => `'${n}'`);
    throw new TypeError(
      `checkpoint_sequential() missing ${missing.length} required positional argument${missing.length > 1 ? "s" : ""}: ${missing.join(" and ")}`,
    );
  }
  const [segments, input] = positional as [number, Tensor];
  const o = (hasOptions ? last : {}) as CheckpointOptions & Record<string, unknown>;
  const unexpected = Object.keys(o).filter((k) => k !== "preserveRngState" && k !== "useReentrant");
  if (unexpected.length > 0) throw new ValueError(`Unexpected keyword arguments: ${unexpected.join(",")}`);
  const fns = Array.isArray(functions) ? functions : [...functions.children()];
  const runRange = (start: number, end: number) => (x: unknown) => {
    let y = x;
    for (let j = start; j <= end; j++) y = runStep(fns[j] as SequentialStep, y);
    return y;
  };
  const segmentSize = Math.floor(fns.length / segments);
  // the last chunk has to be non-volatile
  let end = -1;
  let x: unknown = input;
  for (let start = 0; start < segmentSize * (segments - 1); start += segmentSize) {
    end = start + segmentSize - 1;
    x = checkpoint(runRange(start, end), x, { ...o });
  }
  return runRange(end + 1, fns.length - 1)(x);
}
