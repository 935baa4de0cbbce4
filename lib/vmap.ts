// torch.vmap as PyTorch 1.13 has it (torch/_vmap_internals.py, the legacy in-core vmap; functorch's is a
// separate package there). The wrapper here does what that Python file does: it enters a vmap level
// (at::impl::VmapMode), wraps each mapped input in a BatchedTensor with aten::_add_batch_dim, calls the
// function, and takes the batch dimension back out of each output with aten::_remove_batch_dim. All the
// batching is libtorch's: its batching rules, and its slow per-example fallback (with its performance
// warning, when at::globalContext() has those warnings on: _debugOnlyDisplayVmapFallbackWarnings) for
// operators without a rule.
//
// PyTorch's pytrees in JS: an array is a tuple (the arguments themselves are one), a plain object
// ({ x: 0 }, prototype Object.prototype or null) is a dict; anything else is a leaf. in_dims follow the
// structure of the arguments and broadcast where they hold a single value, as torch.utils._pytree's
// _broadcast_to_and_flatten does. The messages are PyTorch's, with Python's names for JS values
// (an array reads as a tuple, a plain object as a dict, an anonymous function as <lambda>).
import { callAten } from "./aten";
import { IndexError, ValueError } from "./errors";
import { native } from "./native";
import { Tensor } from "./tensor";
import { pyFloat } from "./utils/pyrepr";

/** Where each input is mapped over: a dimension, null (not mapped), or a structure like the inputs'. */
export type InDims = number | null | readonly InDims[] | { readonly [key: string]: InDims };
/** Where the mapped dimension goes in the outputs: one dimension for all, or one per output. */
export type OutDims = number | readonly number[];

// biome-ignore lint/suspicious/noExplicitAny: the user's function takes its own arguments.
type AnyFn = (...args: any[]) => any;
/** What vmap maps: a function, or an object called through `call` (an nn.Module: Python's model(x)). */
// biome-ignore lint/suspicious/noExplicitAny: see AnyFn.
export type VmapCallable = AnyFn | { call(...args: any[]): any };

// ---- pytrees (torch/utils/_pytree.py: tuples, lists and dicts as nodes) ----

type Spec =
  | { kind: "leaf"; leaves: 1 }
  | { kind: "tuple"; children: Spec[]; leaves: number }
  | { kind: "dict"; keys: string[]; children: Spec[]; leaves: number };

const LEAF: Spec = { kind: "leaf", leaves: 1 };

function isDict(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function children(v: unknown): unknown[] | null {
  if (Array.isArray(v)) return v;
  if (isDict(v)) return Object.values(v);
  return null;
}

function treeFlatten(tree: unknown, out: unknown[] = []): [unknown[], Spec] {
  const kids = children(tree);
  if (kids === null) {
    out.push(tree);
    return [out, LEAF];
  }
  const specs = kids.map((k) => treeFlatten(k, out)[1]);
  const leaves = specs.reduce((n, s) => n + s.leaves, 0);
  const spec: Spec = Array.isArray(tree)
    ? { kind: "tuple", children: specs, leaves }
    : { kind: "dict", keys: Object.keys(tree as object), children: specs, leaves };
  return [out, spec];
}

function treeUnflatten(values: unknown[], spec: Spec, at = { i: 0 }): unknown {
  if (spec.kind === "leaf") return values[at.i++];
  const kids = spec.children.map((c) => treeUnflatten(values, c, at));
  if (spec.kind === "tuple") return kids;
  return Object.fromEntries(spec.keys.map((k, i) => [k, kids[i]]));
}

/** _broadcast_to_and_flatten: `tree`'s leaves repeated over the parts of `spec` they stand for, or null. */
function broadcastToAndFlatten(tree: unknown, spec: Spec): unknown[] | null {
  const kids = children(tree);
  if (kids === null) return new Array(spec.leaves).fill(tree);
  if (spec.kind === "leaf") return null;
  if ((spec.kind === "tuple") !== Array.isArray(tree) || kids.length !== spec.children.length) return null;
  if (spec.kind === "dict") {
    const keys = Object.keys(tree as object);
    if (keys.some((k, i) => k !== spec.keys[i])) return null;
  }
  const out: unknown[] = [];
  for (let i = 0; i < kids.length; i++) {
    const flat = broadcastToAndFlatten(kids[i], spec.children[i] as Spec);
    if (flat === null) return null;
    out.push(...flat);
  }
  return out;
}

/** repr(TreeSpec): `TreeSpec(tuple, None, [*, *])`. */
function specRepr(spec: Spec): string {
  if (spec.kind === "leaf") return "*";
  const context = spec.kind === "dict" ? `[${spec.keys.map((k) => pyRepr(k)).join(", ")}]` : "None";
  return `TreeSpec(${spec.kind}, ${context}, [${spec.children.map(specRepr).join(", ")}])`;
}

// ---- Python's spelling of JS values in the messages ----

function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return "NoneType";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  if (typeof v === "bigint") return "int";
  if (typeof v === "string") return "str";
  if (typeof v === "function") return "function";
  if (Array.isArray(v)) return "tuple";
  if (v instanceof Tensor) return "torch.Tensor";
  if (v instanceof Set) return "set";
  if (isDict(v)) return "dict";
  if (typeof v === "object") return (v as object).constructor?.name ?? "object";
  return typeof v;
}

/** type(v) as an f-string prints it: <class 'int'>. */
function pyType(v: unknown): string {
  return `<class '${pyTypeName(v)}'>`;
}

/** repr(v). */
function pyRepr(v: unknown): string {
  if (typeof v === "string") return `'${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : pyFloat(v);
  if (Array.isArray(v)) return v.length === 1 ? `(${pyRepr(v[0])},)` : `(${v.map(pyRepr).join(", ")})`;
  if (v instanceof Set) return v.size === 0 ? "set()" : `{${[...v].map(pyRepr).join(", ")}}`;
  if (isDict(v))
    return `{${Object.entries(v)
      .map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`)
      .join(", ")}}`;
  if (typeof v === "function") return `<function ${getName(v as AnyFn)}>`;
  return String(v);
}

/** str(v), as an f-string prints a value: a string bare, everything else as repr. */
function pyStr(v: unknown): string {
  return typeof v === "string" ? v : pyRepr(v);
}

/** _get_name: the function's name (<lambda> for an anonymous one), or repr() of a callable object. */
function getName(func: VmapCallable): string {
  if (typeof func === "function") return func.name === "" ? "<lambda>" : func.name;
  return String(func);
}

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);

// ---- _vmap_internals ----

function validateAndGetBatchSize(flatInDims: unknown[], flatArgs: unknown[]): number {
  const sizes: number[] = [];
  flatInDims.forEach((d, i) => {
    if (d !== null && d !== undefined) sizes.push((flatArgs[i] as Tensor).size(d as number));
  });
  if (sizes.some((s) => s !== sizes[0]))
    throw new ValueError(
      `vmap: Expected all tensors to have the same size in the mapped dimension, got sizes [${sizes.join(", ")}] for the mapped dimension`,
    );
  // Python's batch_sizes[0] on an empty list: every in_dim was None.
  if (sizes.length === 0) throw new IndexError("list index out of range");
  return sizes[0] as number;
}

function createBatchedInputs(inDims: unknown, args: unknown[], level: number, func: VmapCallable): [unknown[], number] {
  const name = getName(func);
  if (!isInt(inDims) && !Array.isArray(inDims))
    throw new ValueError(
      `vmap(${name}, in_dims=${pyStr(inDims)}, ...)(<inputs>): expected \`in_dims\` to be int or a (potentially nested) tuple matching the structure of inputs, got: ${pyType(inDims)}.`,
    );
  if (args.length === 0)
    throw new ValueError(
      `vmap(${name})(<inputs>): got no inputs. Maybe you forgot to add inputs, or you are trying to vmap over a function with no inputs. The latter is unsupported.`,
    );
  const [flatArgs, argsSpec] = treeFlatten(args);
  const flatInDims = broadcastToAndFlatten(inDims, argsSpec);
  if (flatInDims === null)
    throw new ValueError(
      `vmap(${name}, in_dims=${pyStr(inDims)}, ...)(<inputs>): in_dims is not compatible with the structure of \`inputs\`. in_dims has structure ${specRepr(treeFlatten(inDims)[1])} but inputs has structure ${specRepr(argsSpec)}.`,
    );
  flatArgs.forEach((arg, i) => {
    const inDim = flatInDims[i];
    if (!isInt(inDim) && inDim !== null && inDim !== undefined)
      throw new ValueError(
        `vmap(${name}, in_dims=${pyStr(inDims)}, ...)(<inputs>): Got in_dim=${pyStr(inDim)} for an input but in_dim must be either an integer dimension or None.`,
      );
    if (isInt(inDim) && !(arg instanceof Tensor))
      throw new ValueError(
        `vmap(${name}, in_dims=${pyStr(inDims)}, ...)(<inputs>): Got in_dim=${inDim} for an input but the input is of type ${pyType(arg)}. We cannot vmap over non-Tensor arguments, please use None as the respective in_dim`,
      );
    if (isInt(inDim)) {
      const nd = (arg as Tensor).dim();
      if (inDim < 0 || inDim >= nd)
        throw new ValueError(
          `vmap(${name}, in_dims=${pyStr(inDims)}, ...)(<inputs>): Got in_dim=${inDim} for some input, but that input is a Tensor of dimensionality ${nd} so expected in_dim to satisfy 0 <= in_dim < ${nd}.`,
        );
    }
  });
  const batchSize = validateAndGetBatchSize(flatInDims, flatArgs);
  const batched = flatArgs.map((arg, i) => {
    const inDim = flatInDims[i];
    return inDim === null || inDim === undefined ? arg : addBatchDim(arg as Tensor, inDim as number, level);
  });
  return [treeUnflatten(batched, argsSpec) as unknown[], batchSize];
}

function addBatchDim(t: Tensor, dim: number, level: number): Tensor {
  return callAten("_add_batch_dim", "_add_batch_dim", undefined, [t, dim, level]) as Tensor;
}

function removeBatchDim(t: Tensor, level: number, batchSize: number, outDim: number): Tensor {
  return callAten("_remove_batch_dim", "_remove_batch_dim", undefined, [t, level, batchSize, outDim]) as Tensor;
}

function unwrapBatched(
  outputs: unknown,
  outDims: OutDims,
  level: number,
  batchSize: number,
  func: VmapCallable,
  allowNonePassThrough: boolean,
): Tensor | Array<Tensor | null> {
  const numOutputs = Array.isArray(outputs) ? outputs.length : 1;
  let dims: readonly number[];
  if (!Array.isArray(outDims)) dims = new Array(numOutputs).fill(outDims);
  else if (outDims.length !== numOutputs) {
    const name = getName(func);
    throw new ValueError(
      `vmap(${name}, ..., out_dims=${pyStr(outDims)}): \`out_dims\` must have one dim per output (got ${numOutputs} outputs) of ${name}.`,
    );
  } else dims = outDims;
  if (outputs instanceof Tensor) return removeBatchDim(outputs, level, batchSize, dims[0] as number);
  return (outputs as unknown[]).map((out, i) =>
    allowNonePassThrough && (out === null || out === undefined)
      ? null
      : removeBatchDim(out as Tensor, level, batchSize, dims[i] as number),
  );
}

/** _validate_outputs: a Tensor or an array (tuple) of Tensors, nothing else. */
function validateOutputs(outputs: unknown, func: VmapCallable): void {
  if (outputs instanceof Tensor) return;
  const name = getName(func);
  if (!Array.isArray(outputs))
    throw new ValueError(
      `vmap(${name}, ...): \`${name}\` must only return Tensors, got type ${pyType(outputs)} as the return.`,
    );
  outputs.forEach((out, i) => {
    if (!(out instanceof Tensor))
      throw new ValueError(
        `vmap(${name}, ...): \`${name}\` must only return Tensors, got type ${pyType(out)} for return ${i}.`,
      );
  });
}

function checkOutDims(outDims: unknown, func: VmapCallable): void {
  if (isInt(outDims)) return;
  if (!Array.isArray(outDims) || !outDims.every(isInt))
    throw new ValueError(
      `vmap(${getName(func)}, ..., out_dims=${pyStr(outDims)}): \`out_dims\` must be an int or a tuple of int representing where in the outputs the vmapped dimension should appear.`,
    );
}

/**
 * vmap without the warning torch.vmap gives (PyTorch's _vmap, which torch.autograd uses for batched
 * gradients). With `allowNonePassThrough`, null outputs (autograd.grad's unused inputs) pass through.
 * @internal
 */
export function _vmap<F extends VmapCallable>(
  func: F,
  inDims: InDims = 0,
  outDims: OutDims = 0,
  allowNonePassThrough = false,
): F extends AnyFn ? F : AnyFn {
  const call: AnyFn = typeof func === "function" ? (func as AnyFn) : (...a) => (func as { call: AnyFn }).call(...a);
  const wrapped = (...args: unknown[]): unknown => {
    checkOutDims(outDims, func);
    const level = native.vmapIncrementNesting();
    try {
      const [batchedInputs, batchSize] = createBatchedInputs(inDims, args, level, func);
      const outputs = call(...batchedInputs);
      if (!allowNonePassThrough) validateOutputs(outputs, func);
      return unwrapBatched(outputs, outDims, level, batchSize, func, allowNonePassThrough);
    } finally {
      native.vmapDecrementNesting();
    }
  };
  // functools.wraps: the wrapper carries the function's name (what a vmap around it prints).
  if (typeof func === "function") Object.defineProperty(wrapped, "name", { value: func.name });
  else Object.defineProperty(wrapped, "name", { value: "wrapped" });
  return wrapped as F extends AnyFn ? F : AnyFn;
}

/**
 * torch.vmap (PyTorch 1.13's, torch/_vmap_internals.py): returns a function that maps `func` over a
 * dimension of its inputs, with libtorch's batching rules doing the work in one call per operator.
 *
 * `inDims`: the mapped dimension of each input, a number for all of them, or an array matching the
 * arguments (nested as they are; null for an input that is not mapped, such as a non-tensor).
 * `outDims`: where the mapped dimension goes in each output (a number, or one per output). `func` returns
 * a Tensor or an array of Tensors. PyTorch 1.13 warns here that development moved to functorch's vmap;
 * torchts does not, as there is no other vmap to move to.
 *
 * @example
 * const batchedDot = torch.vmap(torch.dot); // [N, D], [N, D] -> [N]
 * batchedDot(torch.randn([2, 5]), torch.randn([2, 5]));
 */
export function vmap<F extends VmapCallable>(
  func: F,
  inDims: InDims = 0,
  outDims: OutDims = 0,
): F extends AnyFn ? F : AnyFn {
  return _vmap(func, inDims, outDims);
}

/**
 * torch._C._debug_only_display_vmap_fallback_warnings: whether vmap's slow per-example fallback (an
 * operator without a batching rule) warns "There is a performance drop ..." each time it runs
 * (at::globalContext().setDisplayVmapFallbackWarnings; off by default). A debugging aid, as in PyTorch,
 * where test_vmap.py's EnableVmapFallbackWarnings turns it on to find the operators that need a rule.
 *
 * @example
 * const before = torch._debugOnlyAreVmapFallbackWarningsEnabled();
 * torch._debugOnlyDisplayVmapFallbackWarnings(true);
 * try {
 *   torch.vmap(torch.atan2)(x, y); // warns: no batching rule for aten::atan2
 * } finally {
 *   torch._debugOnlyDisplayVmapFallbackWarnings(before);
 * }
 */
export function _debugOnlyDisplayVmapFallbackWarnings(...args: [enabled: boolean]): void {
  if (args.length !== 1)
    throw new TypeError(
      `torch._C._debug_only_display_vmap_fallback_warnings() takes exactly one argument (${args.length} given)`,
    );
  const [enabled] = args;
  if (typeof enabled !== "boolean") throw new Error(`enabled must be a bool, but got ${pyTypeName(enabled)}`);
  native.setVmapFallbackWarningEnabled(enabled);
}

/** torch._C._debug_only_are_vmap_fallback_warnings_enabled: whether vmap's fallback warns (see above). */
export function _debugOnlyAreVmapFallbackWarningsEnabled(): boolean {
  return native.areVmapFallbackWarningsEnabled();
}
