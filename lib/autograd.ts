// Grad mode, as torch.no_grad() / torch.enable_grad(); torch.autograd.grad.
import { onesLike } from "./creation";
import { ValueError } from "./errors";
import { native } from "./native";
import { Tensor } from "./tensor";
import { checkKwargs } from "./utils/kwargs";
import { pySize, pyTypename } from "./utils/pyrepr";
import { _vmap } from "./vmap";
import { warn } from "./warnings";

function withGrad<T>(enabled: boolean, fn: () => T): T {
  if (typeof fn !== "function") throw new TypeError("expected a function");
  const prev: boolean = native.isGradEnabled();
  native.setGradEnabled(enabled);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    native.setGradEnabled(prev);
    throw e;
  }
  native.setGradEnabled(prev);
  // Grad mode is per thread, not per promise chain: code after an await would run in whatever mode
  // the thread is in by then, and overlapping calls would leave it switched. Refused, as tidy() does.
  if (result instanceof Promise) {
    result.catch(() => undefined);
    throw new TypeError(
      `${enabled ? "enableGrad" : "noGrad"}() takes a synchronous function; wrap the synchronous parts ` +
        "of an async function instead",
    );
  }
  return result;
}

/**
 * torch.no_grad: runs `fn` with gradient recording off and returns its result.
 *
 * PyTorch's context manager becomes a callback; `fn` must be synchronous (a Promise is a TypeError).
 *
 * @example
 * ```ts
 * const preds = torch.noGrad(() => model.forward(x).argmax(1));
 * ```
 */
export function noGrad<T>(fn: () => T): T {
  return withGrad(false, fn);
}
/** torch.enable_grad: runs `fn` with gradient recording on (inside a {@link noGrad}) and returns its result. */
export function enableGrad<T>(fn: () => T): T {
  return withGrad(true, fn);
}
/** torch.is_grad_enabled: whether operations are recorded for autograd now. */
export function isGradEnabled(): boolean {
  return native.isGradEnabled();
}
/** torch.set_grad_enabled: turns gradient recording on or off for the code that follows. */
export function setGradEnabled(v: boolean): void {
  if (typeof v !== "boolean") throw new TypeError("setGradEnabled takes a boolean");
  native.setGradEnabled(v);
}

function refuseAsync(result: unknown, name: string): void {
  if (result instanceof Promise) {
    result.catch(() => undefined);
    throw new TypeError(
      `${name}() takes a synchronous function; wrap the synchronous parts of an async function instead`,
    );
  }
}

/**
 * torch.inference_mode: runs `fn` with autograd off and without version counting (faster than
 * {@link noGrad}); tensors made inside are inference tensors, which autograd refuses outside.
 * `inferenceMode(false, fn)` turns it off inside an enabled region.
 */
export function inferenceMode<T>(fn: () => T): T;
export function inferenceMode<T>(mode: boolean, fn: () => T): T;
export function inferenceMode<T>(a: boolean | (() => T), b?: () => T): T {
  const [mode, fn] = typeof a === "function" ? [true, a] : [a, b];
  if (typeof mode !== "boolean") throw new TypeError("inferenceMode(): mode must be a boolean");
  if (typeof fn !== "function") throw new TypeError("expected a function");
  const guard = native.inferenceModeEnter(mode);
  let result: T;
  try {
    result = fn();
  } finally {
    native.inferenceModeExit(guard);
  }
  refuseAsync(result, "inferenceMode");
  return result;
}
/** torch.is_inference_mode_enabled */
export function isInferenceModeEnabled(): boolean {
  return native.isInferenceModeEnabled();
}

// Anomaly mode keeps, with each node the forward makes, the JS stack of that call (PyTorch keeps the
// Python traceback): the user's frames, printed when the node's backward fails.
let anomalyStackSet = false;
function ensureAnomalyStack(): void {
  if (anomalyStackSet) return;
  const internal = /[/\\](lib|dist[/\\]lib)[/\\][^/\\]+\.[jt]s:|\(node:|^\s*at node:/;
  native.setAnomalyStackDispatcher(() => {
    const frames = (new Error().stack ?? "").split("\n").slice(1);
    return frames
      .filter((f) => !internal.test(f))
      .map((f) => `  ${f.trim()}\n`)
      .join("");
  });
  anomalyStackSet = true;
}

/**
 * torch.autograd.set_detect_anomaly: with `mode` on, each backward function's outputs are checked
 * for NaN (checkNan, default true), raising PyTorch's "Function 'XBackward0' returned nan values", and a
 * failing backward first warns with the JS stack of the forward call that made the failing node.
 */
export function setDetectAnomaly(mode: boolean, o: { checkNan?: boolean } = {}): void {
  if (typeof mode !== "boolean") throw new TypeError("setDetectAnomaly(): mode must be a boolean");
  checkKwargs(o, ["checkNan"], "setDetectAnomaly");
  if (mode) ensureAnomalyStack();
  native.setAnomalyEnabled(mode, o.checkNan ?? true);
}
/** torch.autograd.detect_anomaly: runs `fn` with anomaly detection on (warning once, as PyTorch does). */
export function detectAnomaly<T>(fn: () => T, o: { checkNan?: boolean } = {}): T {
  if (typeof fn !== "function") throw new TypeError("expected a function");
  checkKwargs(o, ["checkNan"], "detectAnomaly");
  const [prev, prevNan] = native.anomalyEnabled();
  warn(
    "Anomaly Detection has been enabled. This mode will increase the runtime and should only be enabled for debugging.",
  );
  ensureAnomalyStack();
  native.setAnomalyEnabled(true, o.checkNan ?? true);
  let result: T;
  try {
    result = fn();
  } finally {
    native.setAnomalyEnabled(prev, prevNan);
  }
  refuseAsync(result, "detectAnomaly");
  return result;
}
/** torch.set_anomaly_enabled(enabled, check_nan=True): the torch-level form of {@link setDetectAnomaly}. */
export function setAnomalyEnabled(enabled: boolean, checkNan = true): void {
  setDetectAnomaly(enabled, { checkNan });
}
/** torch.is_anomaly_enabled */
export function isAnomalyEnabled(): boolean {
  return native.anomalyEnabled()[0];
}
/** torch.is_anomaly_check_nan_enabled */
export function isAnomalyCheckNanEnabled(): boolean {
  return native.anomalyEnabled()[1];
}

/** Options of {@link grad} (PyTorch's keyword arguments of torch.autograd.grad). */
export interface GradOptions {
  /** The "vector" of the vector-Jacobian product, one per output (null: implicit, for scalar outputs). */
  gradOutputs?: Tensor | Array<Tensor | null> | null;
  /** Keep the graph for another backward; defaults to createGraph. */
  retainGraph?: boolean;
  /** Build the graph of the derivative, for higher-order derivatives. */
  createGraph?: boolean;
  /** An input the outputs do not depend on gets null instead of an error. */
  allowUnused?: boolean;
  /**
   * The first dimension of each gradOutputs tensor is a batch of vectors: one vector-Jacobian product
   * per vector, computed in one backward pass vmapped over that dimension (PyTorch's is_grads_batched;
   * an operator without a batching rule runs per vector, see _debugOnlyDisplayVmapFallbackWarnings).
   */
  isGradsBatched?: boolean;
}
const GRAD_KEYS = ["gradOutputs", "retainGraph", "createGraph", "allowUnused", "isGradsBatched"];

function tensorList(v: unknown, what: string): Tensor[] {
  const list = v instanceof Tensor ? [v] : Array.isArray(v) ? v : null;
  if (!list) throw new TypeError(`${what} must be a Tensor or a sequence of Tensors, got ${pyTypename(v)}`);
  for (const t of list) {
    if (!(t instanceof Tensor)) throw new TypeError(`${what} must contain Tensors, got ${pyTypename(t)}`);
  }
  return list as Tensor[];
}

/**
 * torch.autograd.grad: the gradients of `outputs` with respect to `inputs`, returned (not accumulated
 * into .grad). With allowUnused, an input the outputs do not depend on gets null.
 */
export function grad(
  outputs: Tensor | Tensor[],
  inputs: Tensor | Tensor[],
  o: GradOptions & { allowUnused: true },
): Array<Tensor | null>;
export function grad(outputs: Tensor | Tensor[], inputs: Tensor | Tensor[], o?: GradOptions): Tensor[];
export function grad(outputs: Tensor | Tensor[], inputs: Tensor | Tensor[], o: GradOptions = {}): Array<Tensor | null> {
  checkKwargs(o, GRAD_KEYS, "grad");
  const outs = tensorList(outputs, "outputs");
  const ins = tensorList(inputs, "inputs");
  if (ins.length === 0) throw new ValueError("grad requires non-empty inputs.");
  const go = o.gradOutputs;
  const gos = go === undefined || go === null ? [] : go instanceof Tensor ? [go] : Array.isArray(go) ? go : null;
  if (gos === null)
    throw new TypeError(`grad_outputs must be a Tensor or a sequence of Tensors, got ${pyTypename(go)}`);
  const batched = Boolean(o.isGradsBatched);
  // _make_grads' checks that ATen's grad() leaves out (shape, type).
  gos.forEach((g, i) => {
    if (g === null || g === undefined) return;
    if (!(g instanceof Tensor))
      throw new TypeError(`gradients can be either Tensors or None, but got ${pyTypename(g)}`);
    const out = outs[i];
    if (!out) return;
    // Batched: the sizes after the batch dimension (grad[0] raises PyTorch's error for a 0-d grad).
    const first = batched ? g.index(0).shape : g.shape;
    if (first.join() === out.shape.join()) return;
    if (!batched)
      throw new Error(
        `Mismatch in shape: grad_output[${i}] has a shape of ${pySize(g.shape)} and output[${i}] has a shape of ${pySize(out.shape)}.`,
      );
    // sic: 1.13's message prints grad[0].shape[1:] (one dimension past the batch one dropped).
    throw new Error(
      `If \`is_grads_batched=True\`, we interpret the first dimension of each grad_output as the batch dimension. The sizes of the remaining dimensions are expected to match the shape of corresponding output, but a mismatch was detected: grad_output[${i}] has a shape of ${pySize(first.slice(1))} and output[${i}] has a shape of ${pySize(out.shape)}. If you only want some tensors in \`grad_output\` to be considered batched, consider using vmap.`,
    );
  });
  const createGraph = o.createGraph ?? false;
  const opts = {
    retainGraph: o.retainGraph ?? createGraph,
    createGraph,
    allowUnused: o.allowUnused ?? false,
  };
  const run = (gradOutputs: Array<Tensor | null | undefined>) =>
    native
      .autogradGrad(
        outs.map((t) => t.handle),
        ins.map((t) => t.handle),
        { gradOutputs: gradOutputs.map((g) => g?.handle), ...opts },
      )
      .map((h) => (h === null ? null : new Tensor(h)));
  if (!batched) return run(gos);
  // is_grads_batched: the implicit gradients made here (not per vector), then one backward vmapped over
  // the first dimension of every grad_output; unused inputs' nulls pass through vmap.
  const full = outs.map((out, i) => {
    const g = gos[i];
    if (g !== null && g !== undefined) return g;
    if (!out.requiresGrad) return null;
    if (out.numel() !== 1) throw new Error("grad can be implicitly created only for scalar outputs");
    return onesLike(out);
  });
  const vjp = (gO: Array<Tensor | null>) => run(gO);
  return _vmap(vjp, 0, 0, true)(full) as Array<Tensor | null>;
}

/** Options of {@link backward} (PyTorch's keyword arguments of torch.autograd.backward). */
export interface BackwardOptions {
  /** One gradient per tensor (null: implicit, for single-element tensors). */
  gradTensors?: Tensor | Array<Tensor | null> | null;
  /** Keep the graph for another backward; defaults to createGraph. */
  retainGraph?: boolean;
  /** Build the graph of the derivative, for higher-order derivatives. */
  createGraph?: boolean;
  /** Accumulate only into these leaves' .grad. */
  inputs?: Tensor | Tensor[];
}

/**
 * torch.autograd.backward: backward from several tensors at once, accumulating into the leaves' .grad
 * (`y.backward(g)` for one tensor).
 */
export function backward(tensors: Tensor | Tensor[], o: BackwardOptions = {}): void {
  checkKwargs(o, ["gradTensors", "retainGraph", "createGraph", "inputs"], "backward");
  const ts = tensorList(tensors, "tensors");
  const g = o.gradTensors;
  const gs = g === undefined || g === null ? [] : g instanceof Tensor ? [g] : Array.isArray(g) ? g : null;
  if (gs === null) throw new TypeError(`grad_tensors must be a Tensor or a sequence of Tensors, got ${pyTypename(g)}`);
  const inputs = o.inputs === undefined ? [] : tensorList(o.inputs, "inputs");
  if (o.inputs !== undefined && inputs.length === 0)
    throw new Error("'inputs' argument to backward() cannot be empty.");
  const createGraph = o.createGraph ?? false;
  native.autogradBackward(
    ts.map((t) => t.handle),
    {
      gradTensors: gs.map((x) => x?.handle),
      retainGraph: o.retainGraph ?? createGraph,
      createGraph,
      inputs: inputs.map((t) => t.handle),
    },
  );
}

export * as forwardAd from "./autograd_forward_ad";
export { Function, FunctionCtx, onceDifferentiable } from "./autograd_function";
/** torch.autograd.function: onceDifferentiable under PyTorch's module path. */
export * as function from "./autograd_function_module";
export * as functional from "./autograd_functional";
/** torch.autograd.graph: Node, the class of every grad_fn. */
export * as graph from "./autograd_graph";
export {
  GradcheckError,
  type GradcheckOptions,
  type GradgradcheckOptions,
  gradcheck,
  gradgradcheck,
} from "./gradcheck";
/** torch.autograd.profiler: profile, record_function, the event lists. */
export * as profiler from "./profiler/autograd_profiler";
