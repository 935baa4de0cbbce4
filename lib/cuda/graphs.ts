// CUDA graphs: torch.cuda.CUDAGraph, torch.cuda.graph (a callback here), graph pools, and
// makeGraphedTrainStep, which captures a whole training step (forward, backward, optimizer step).

import { noGrad } from "../autograd";
import type { Device } from "../device";
import { keep, tidy } from "../memory";
import { type GraphRef, native } from "../native";
import type { Module } from "../nn/module";
import type { Optimizer } from "../optim/optimizer";
import { getRngState as cpuRngState, setRngState as setCpuRngState } from "../random";
import { Tensor } from "../tensor";
import { checkInt } from "../utils/check";
import { checkKwargs } from "../utils/kwargs";
import { getRngState as cudaRngState, setRngState as setCudaRngState } from "./random";
import { Stream, stream } from "./streams";

/** How strictly a capture refuses unsafe CUDA API calls from other threads (PyTorch's capture_error_mode). */
export type CaptureErrorMode = "global" | "thread_local" | "relaxed";
const MODES: Record<CaptureErrorMode, number> = { global: 0, thread_local: 1, relaxed: 2 };
/** A memory pool id, as returned by graphPoolHandle() or CUDAGraph.pool(). */
export type PoolHandle = readonly [number, number];

function checkMode(m: unknown): number {
  if (typeof m !== "string" || !(m in MODES))
    throw new TypeError(`captureErrorMode must be "global", "thread_local" or "relaxed", got ${String(m)}`);
  return MODES[m as CaptureErrorMode];
}

function checkPool(p: unknown): PoolHandle {
  if (!Array.isArray(p) || p.length !== 2)
    throw new TypeError("pool must be a handle from graphPoolHandle() or CUDAGraph.pool()");
  return [checkInt(p[0], "pool[0]"), checkInt(p[1], "pool[1]")];
}

/**
 * torch.cuda.CUDAGraph: a recorded sequence of CUDA work that can be replayed with one launch.
 *
 * Capture with {@link graph}; the tensors used during capture are the graph's static inputs and outputs:
 * copy new data into the inputs, `replay()`, read the outputs.
 */
export class CUDAGraph {
  /** @internal */ readonly ext: GraphRef;
  constructor() {
    this.ext = native.cudaGraphNew();
  }

  /** Begins capturing the work queued on the current stream (which must not be the default stream). */
  captureBegin(pool?: PoolHandle, captureErrorMode: CaptureErrorMode = "global"): void {
    const [a, b] = pool === undefined ? [0, 0] : checkPool(pool);
    native.cudaGraphCaptureBegin(this.ext, a, b, checkMode(captureErrorMode));
  }
  /** Ends the capture begun by `captureBegin`. */
  captureEnd(): void {
    native.cudaGraphCaptureEnd(this.ext);
  }
  /** Launches the captured work on the current stream. */
  replay(): void {
    native.cudaGraphReplay(this.ext);
  }
  /** Frees the captured graph and its memory pool; the instance can capture again. */
  reset(): void {
    native.cudaGraphReset(this.ext);
  }
  /** The id of this graph's memory pool, for another capture to share it. */
  pool(): PoolHandle {
    return native.cudaGraphPool(this.ext);
  }
  /** Frees the graph and its memory pool reference now. */
  dispose(): void {
    native.cudaGraphDispose(this.ext);
  }
  [Symbol.dispose](): void {
    this.dispose();
  }
}

/** torch.cuda.graph_pool_handle: a new memory pool id for graphs to share. */
export function graphPoolHandle(): PoolHandle {
  return native.cudaGraphPoolHandle();
}

/** True between captureBegin and captureEnd of a capture started through torchts on this thread. */
export function isCurrentStreamCapturing(): boolean {
  return native.cudaIsCapturing();
}

/** Options of {@link graph}; other keys are TypeErrors. */
export interface GraphOptions {
  /** Share the memory pool of another graph (from {@link CUDAGraph.pool} or {@link graphPoolHandle}). */
  pool?: PoolHandle;
  /** The stream to capture on; by default one side stream kept for captures. */
  stream?: Stream;
  /** See {@link CaptureErrorMode} (default "global"). */
  captureErrorMode?: CaptureErrorMode;
}

let captureStream: Stream | undefined;

/**
 * torch.cuda.graph: runs fn while capturing its CUDA work into `g`, and returns what fn returns
 * (tensors it returns are the graph's static outputs). Like PyTorch, synchronizes and empties the
 * allocator's cache first, and captures on a side stream.
 */
export function graph<T>(g: CUDAGraph, fn: () => T, o: GraphOptions = {}): T {
  if (!(g instanceof CUDAGraph)) throw new TypeError("graph() takes a CUDAGraph");
  if (typeof fn !== "function") throw new TypeError("graph() takes a function to capture");
  if (o === null || typeof o !== "object") throw new TypeError("graph() options must be an object");
  checkKwargs(o, ["pool", "stream", "captureErrorMode"], "graph");
  if (o.stream !== undefined && !(o.stream instanceof Stream))
    throw new TypeError("stream must be a torch.cuda.Stream");
  native.cudaSynchronize();
  native.cudaEmptyCache();
  const s = o.stream ?? (captureStream ??= new Stream());
  return stream(s, () => {
    g.captureBegin(o.pool, o.captureErrorMode ?? "global");
    let result: T;
    try {
      result = fn();
    } catch (e) {
      // The capture is broken: end it, drop what was captured, report fn's error.
      try {
        g.captureEnd();
      } catch {
        /* ending an invalidated capture fails too */
      }
      g.reset();
      throw e;
    }
    g.captureEnd();
    return result;
  });
}

type ForwardModule = Module & { forward(x: Tensor): Tensor };
type LossFn =
  | ((output: Tensor, target: Tensor) => Tensor)
  | (Module & { forward(output: Tensor, target: Tensor): Tensor });

/** Options of {@link makeGraphedTrainStep}; other keys are TypeErrors. */
export interface GraphedTrainStepOptions {
  /** Eager steps run (and undone) before each capture, as PyTorch's capture recipe asks; default 3. */
  warmup?: number;
  /** Default "thread_local": the DataLoader may cut the next batch on a worker thread meanwhile. */
  captureErrorMode?: CaptureErrorMode;
}

/** A training step: (input, target) -> the loss (a view that the next step overwrites). */
export interface GraphedTrainStep {
  (input: Tensor, target: Tensor): Tensor;
  /** How many CUDA graphs were captured (one per input shape, training mode and hyperparameters). */
  readonly captures: number;
  dispose(): void;
}

interface Entry {
  x: Tensor;
  y: Tensor;
  loss?: Tensor;
  graph?: CUDAGraph;
  hyper: string;
}

/**
 * The whole training step (zero grads, forward, loss, backward, optimizer step) captured once per
 * input shape as a CUDA graph and replayed after that: one launch instead of one per kernel. Gives
 * the numbers of the eager loop `opt.zeroGrad(); loss = lossFn(model(x), y); loss.backward();
 * opt.step()`: warm-up steps are undone (parameters, buffers, optimizer state, RNG state), and
 * gradients are zeroed in place so that every graph reads and writes the same gradient tensors.
 * A new training mode or changed optimizer hyperparameters (lr schedules) capture again.
 * On a CPU model there is nothing to capture and the same step runs eagerly.
 * Not capturable: BatchNorm with momentum null (it reads num_batches_tracked on the host) and
 * anything else that synchronizes with the host inside the step.
 */
export function makeGraphedTrainStep(
  model: ForwardModule,
  lossFn: LossFn,
  optimizer: Optimizer<{ lr: number }>,
  o: GraphedTrainStepOptions = {},
): GraphedTrainStep {
  if (
    model === null ||
    typeof model !== "object" ||
    typeof model.forward !== "function" ||
    typeof model.parameters !== "function"
  ) {
    throw new TypeError("makeGraphedTrainStep takes an nn.Module with forward() as the model");
  }
  const lossOf =
    typeof lossFn === "function"
      ? lossFn
      : lossFn !== null && typeof lossFn === "object" && typeof lossFn.forward === "function"
        ? (a: Tensor, b: Tensor) => lossFn.forward(a, b)
        : null;
  if (!lossOf) throw new TypeError("makeGraphedTrainStep takes a loss function or loss module");
  checkKwargs(o, ["warmup", "captureErrorMode"], "makeGraphedTrainStep");
  if (
    optimizer === null ||
    typeof optimizer !== "object" ||
    typeof optimizer.step !== "function" ||
    !Array.isArray(optimizer.paramGroups)
  ) {
    throw new TypeError("makeGraphedTrainStep takes an optimizer");
  }
  if (o === null || typeof o !== "object") throw new TypeError("makeGraphedTrainStep options must be an object");
  const warmup = o.warmup === undefined ? 3 : checkInt(o.warmup, "warmup");
  if (warmup < 1)
    throw new Error("warmup must be at least 1 (the capture needs the optimizer state and gradients to exist)");
  const mode = o.captureErrorMode ?? "thread_local";
  checkMode(mode);
  const groups = optimizer.paramGroups as unknown as Array<Record<string, unknown>>;
  // SGD's first momentum step copies the gradient instead of blending it; a warmed-up state cannot be undone to that.
  if (groups.some((g) => typeof g.momentum === "number" && g.momentum !== 0 && g.dampening !== 0)) {
    throw new Error(
      "makeGraphedTrainStep: SGD with momentum and dampening != 0 is not supported (its first step differs from the others)",
    );
  }

  const entries = new Map<string, Entry>();
  let captures = 0;
  let disposed = false;
  const modules = [...model.modules()];

  const eagerStep = (x: Tensor, y: Tensor): Tensor =>
    tidy(() => {
      optimizer.zeroGrad({ setToNone: false });
      const loss = lossOf(model.forward(x), y);
      loss.backward();
      optimizer.step();
      return loss;
    });

  const hyperparameters = (): string =>
    JSON.stringify(groups.map((g) => Object.entries(g).filter(([k]) => k !== "params")));

  // Runs `warmup` eager steps on (x, y), then puts back everything they changed.
  const warmUp = (x: Tensor, y: Tensor, device: Device, s: Stream | undefined): void => {
    const cuda = s !== undefined;
    const before = new Set(optimizer.state.keys());
    const state = [
      ...new Set([...model.parameters(), ...optimizer.paramGroups.flatMap((g) => g.params)]),
      ...model.buffers(),
      ...[...optimizer.state.values()].flatMap((st) =>
        Object.values(st).filter((t): t is Tensor => t instanceof Tensor),
      ),
    ];
    const saved = noGrad(() => state.map((t) => keep(t.clone())));
    const rng = [keep(cpuRngState()), ...(cuda ? [keep(cudaRngState(device))] : [])];
    try {
      const run = () => {
        for (let i = 0; i < warmup; i++) eagerStep(x, y).dispose();
      };
      if (s) {
        // On a side stream that first waits for the current one, as PyTorch's capture recipe does.
        const cur = native.cudaCurrentStream(-1);
        native.cudaStreamWait(s.ext, cur);
        stream(s, run);
        native.cudaStreamWait(cur, s.ext);
      } else run();
    } finally {
      noGrad(() => {
        state.forEach((t, i) => {
          t.copy_(saved[i]);
        });
        // State the warm-up created starts from zero, as a fresh state does (Adam's moments and step).
        for (const [p, st] of optimizer.state) if (!before.has(p)) for (const t of Object.values(st)) t?.zero_();
      });
      setCpuRngState(rng[0]);
      if (cuda) setCudaRngState(rng[1], device);
      for (const t of [...saved, ...rng]) t.dispose();
    }
  };

  const prepare = (x: Tensor, y: Tensor, hyper: string): Entry => {
    const e: Entry = { x: keep(noGrad(() => x.detach().clone())), y: keep(noGrad(() => y.detach().clone())), hyper };
    const device = model.parameters()[0]?.device ?? "cpu";
    if (!device.startsWith("cuda")) {
      try {
        warmUp(e.x, e.y, device, undefined);
      } finally {
        e.x.dispose();
        e.y.dispose();
      }
      return e;
    }
    const g = new CUDAGraph();
    try {
      warmUp(e.x, e.y, device, (captureStream ??= new Stream()));
      e.loss = keep(graph(g, () => eagerStep(e.x, e.y), { captureErrorMode: mode }));
    } catch (err) {
      g.dispose();
      e.x.dispose();
      e.y.dispose();
      throw err;
    }
    e.graph = g;
    captures++;
    return e;
  };

  const dropEntry = (e: Entry): void => {
    e.graph?.dispose();
    for (const t of [e.x, e.y, e.loss]) if (t && !t.isDisposed) t.dispose();
  };

  const step = ((input: Tensor, target: Tensor): Tensor => {
    if (disposed) throw new Error("this graphed train step has been disposed");
    if (!(input instanceof Tensor) || !(target instanceof Tensor))
      throw new TypeError("a train step takes (input: Tensor, target: Tensor)");
    const key = `${input.shape.join(",")}:${input.dtype}:${input.device}|${target.shape.join(",")}:${target.dtype}|${modules.map((m) => (m.training ? 1 : 0)).join("")}`;
    const hyper = hyperparameters();
    let e = entries.get(key);
    if (e && e.hyper !== hyper) {
      dropEntry(e);
      entries.delete(key);
      e = undefined;
    }
    if (!e) {
      e = prepare(input, target, hyper);
      entries.set(key, e);
    }
    if (!e.graph) return eagerStep(input, target);
    noGrad(() => {
      e!.x.copy_(input);
      e!.y.copy_(target);
    });
    e.graph.replay();
    return e.loss!.detach();
  }) as GraphedTrainStep;
  Object.defineProperty(step, "captures", { get: () => captures });
  step.dispose = () => {
    if (disposed) return;
    disposed = true;
    for (const e of entries.values()) dropEntry(e);
    entries.clear();
  };
  return step;
}
