// torch.autograd.functional (vjp, jvp, jacobian, hessian, vhp, hvp) as torch/autograd/functional.py
// computes them: reverse mode through torch.autograd.grad, jvp and hvp by the double-backward trick;
// jacobian/hessian with vectorize=true as one autograd.grad vmapped over a standard basis
// (is_grads_batched), and with strategy="forward-mode" as forward-mode AD vmapped over the input basis.
// A JS array of tensors plays Python's tuple: results come back as arrays where inputs or outputs were.
import { enableGrad, grad, isGradEnabled, noGrad } from "./autograd";
import { dualLevel, makeDual, unpackDual } from "./autograd_forward_ad";
import * as creation from "./creation";
import { NotImplementedError } from "./errors";
import { Tensor } from "./tensor";
import { checkKwargs } from "./utils/kwargs";
import { pySize, pyTypename } from "./utils/pyrepr";
import { _vmap } from "./vmap";

// biome-ignore lint/suspicious/noExplicitAny: the user's function takes its own tensors.
type Fn = (...inputs: any[]) => Tensor | Tensor[];
/** A tensor or an array of tensors (Python's tensor-or-tuple arguments). */
export type Tensors = Tensor | Tensor[];
/** Keyword arguments of vjp, jvp, vhp and hvp. */
export interface FunctionalOptions {
  /** Build the graph of the result, so it can be differentiated again (default false). */
  createGraph?: boolean;
  /** Raise when an output is independent of an input instead of giving zeros (default false). */
  strict?: boolean;
}

function asTuple(x: unknown, argName: string, fnName: string | null): [boolean, Tensor[]] {
  const isTuple = Array.isArray(x);
  const list = isTuple ? (x as unknown[]) : [x];
  list.forEach((el, i) => {
    if (!(el instanceof Tensor))
      throw new TypeError(
        isTuple
          ? `The ${argName} given to ${fnName ?? "None"} must be either a Tensor or a tuple of Tensors but the value at index ${i} has type <class '${pyTypename(el)}'>.`
          : `The ${argName} given to ${fnName ?? "None"} must be either a Tensor or a tuple of Tensors but the given ${argName} has type <class '${pyTypename(el)}'>.`,
      );
  });
  return [isTuple, list as Tensor[]];
}

function preprocess(inputs: Tensor[], createGraph: boolean, needGraph: boolean): Tensor[] {
  return inputs.map((t) =>
    createGraph && t.requiresGrad ? (t.isSparse ? t.clone() : t.viewAs(t)) : t.detach().requiresGrad_(needGraph),
  );
}

function postprocess<T>(x: T, createGraph: boolean): T {
  if (x instanceof Tensor) return (createGraph ? x : x.detach()) as T;
  return (x as unknown[]).map((e) => postprocess(e, createGraph)) as T;
}

function validateV(v: Tensor[], other: Tensor[], isOtherTuple: boolean): void {
  if (v.length !== other.length) {
    throw new Error(
      isOtherTuple
        ? `v is a tuple of invalid length: should be ${other.length} but got ${v.length}.`
        : "The given v should contain a single Tensor.",
    );
  }
  v.forEach((e, i) => {
    const o = other[i] as Tensor;
    if (e.shape.join() !== o.shape.join())
      throw new Error(
        `${isOtherTuple ? `Entry ${i} in ` : ""}v has invalid size: should be ${pySize(o.shape)} but got ${pySize(e.shape)}.`,
      );
  });
}

function checkRequiresGrad(inputs: Array<Tensor | null>, kind: string, strict: boolean): void {
  if (!strict) return;
  inputs.forEach((t, i) => {
    if (t === null)
      throw new Error(
        `The output of the user-provided function is independent of input ${i}. This is not allowed in strict mode.`,
      );
    if (t.requiresGrad) return;
    if (kind === "hessian")
      throw new Error(
        `The hessian of the user-provided function with respect to input ${i} is independent of the input. This is not allowed in strict mode. You should ensure that your function is thrice differentiable and that the hessian depends on the inputs.`,
      );
    if (kind === "jacobian")
      throw new Error(
        `While computing the hessian, found that the jacobian of the user-provided function with respect to input ${i} is independent of the input. This is not allowed in strict mode. You should ensure that your function is twice differentiable and that the jacobian depends on the inputs (this would be violated by a linear function for example).`,
      );
    if (kind === "grad_inputs")
      throw new Error(
        `The gradient with respect to input ${i} is independent of the inputs of the user-provided function. This is not allowed in strict mode.`,
      );
    throw new Error(
      `Output ${i} of the user-provided function does not require gradients. The outputs must be computed in a differentiable manner from the input when running in strict mode.`,
    );
  });
}

// functional.py's _autograd_grad: only outputs that require grad take part; none at all gives Nones.
function autogradGrad(
  outputs: Array<Tensor | null>,
  inputs: Tensor[],
  gradOutputs: Array<Tensor | null> | null,
  createGraph: boolean,
  retainGraph?: boolean,
  isGradsBatched = false,
): Array<Tensor | null> {
  const outs: Tensor[] = [];
  const gos: Array<Tensor | null> = [];
  outputs.forEach((o, i) => {
    if (o?.requiresGrad) {
      outs.push(o);
      gos.push(gradOutputs === null ? null : (gradOutputs[i] ?? null));
    }
  });
  if (outs.length === 0) return inputs.map(() => null);
  return grad(outs, inputs, {
    gradOutputs: gos,
    allowUnused: true,
    createGraph,
    retainGraph: retainGraph ?? createGraph,
    isGradsBatched,
  });
}

const STAGE_MSG: Record<string, (i: number) => string> = {
  back: (i) =>
    `The output of the user-provided function is independent of input ${i}. This is not allowed in strict mode.`,
  back_trick: (i) =>
    `The gradient with respect to the input is independent of entry ${i} in the grad_outputs when using the double backward trick to compute forward mode gradients. This is not allowed in strict mode.`,
  double_back: (i) =>
    `The jacobian of the user-provided function is independent of input ${i}. This is not allowed in strict mode.`,
  double_back_trick: (i) =>
    `The hessian of the user-provided function is independent of entry ${i} in the grad_jacobian. This is not allowed in strict mode as it prevents from using the double backward trick to replace forward mode AD.`,
};

function fillInZeros(
  grads: Array<Tensor | null>,
  refs: Tensor[],
  strict: boolean,
  createGraph: boolean,
  stage: string,
): Tensor[] {
  return grads.map((g, i) => {
    if (g === null) {
      if (strict) throw new Error((STAGE_MSG[stage] as (i: number) => string)(i));
      return creation.zerosLike(refs[i] as Tensor);
    }
    if (strict && createGraph && !g.requiresGrad)
      throw new Error(
        stage.includes("double")
          ? `The hessian of the user-provided function is independent of input ${i}. This is not allowed in strict mode when create_graph=True.`
          : `The jacobian of the user-provided function is independent of input ${i}. This is not allowed in strict mode when create_graph=True.`,
      );
    return g;
  });
}

// Python's AssertionError (functional.py checks strategy= with assert).
const assertionError = (message: string) => Object.assign(new Error(message), { name: "AssertionError" });

const unpack = <T>(res: T[], isTuple: boolean): T | T[] => (isTuple ? res : (res[0] as T));
const withGrad = <T>(on: boolean, fn: () => T): T => (on ? enableGrad(fn) : noGrad(fn));

function opts(o: FunctionalOptions, fn: string): [boolean, boolean] {
  checkKwargs(o, ["createGraph", "strict"], fn);
  return [o.createGraph ?? false, o.strict ?? false];
}

function vForInputs(
  v: Tensors | null | undefined,
  inputs: Tensor[],
  isTuple: boolean,
  createGraph: boolean,
  fn: string,
) {
  if (v !== null && v !== undefined) {
    const [, vs] = asTuple(v, "v", fn);
    const pv = preprocess(vs, createGraph, false);
    validateV(pv, inputs, isTuple);
    return pv;
  }
  if (inputs.length !== 1 || (inputs[0] as Tensor).numel() !== 1)
    throw new Error(
      "The vector v can only be None if the input to the user-provided function is a single Tensor with a single element.",
    );
  return null;
}

/**
 * torch.autograd.functional.vjp: `func(inputs)` and the vector-Jacobian product `v^T J` (v may be left
 * out for a single-element output). Returns `[output, vjp]`.
 */
export function vjp(func: Fn, inputs: Tensors, v?: Tensors | null, o: FunctionalOptions = {}): [Tensors, Tensors] {
  const [createGraph, strict] = opts(o, "vjp");
  const [isInTuple, ins, isOutTuple, outs, vs] = enableGrad(() => {
    const [isIn, raw] = asTuple(inputs, "inputs", "vjp");
    const pins = preprocess(raw, createGraph, true);
    const [isOut, outputs] = asTuple(func(...pins), "outputs of the user-provided function", "vjp");
    checkRequiresGrad(outputs, "outputs", strict);
    let pv: Tensor[] | null = null;
    if (v !== null && v !== undefined) {
      const [, vv] = asTuple(v, "v", "vjp");
      pv = preprocess(vv, createGraph, false);
      validateV(pv, outputs, isOut);
    } else if (outputs.length !== 1 || (outputs[0] as Tensor).numel() !== 1) {
      throw new Error(
        "The vector v can only be None if the user-provided function returns a single Tensor with a single element.",
      );
    }
    return [isIn, pins, isOut, outputs, pv] as const;
  });
  const res = withGrad(createGraph || isGradEnabled(), () =>
    fillInZeros(autogradGrad(outs, ins, vs, createGraph), ins, strict, createGraph, "back"),
  );
  return [unpack(postprocess(outs, createGraph), isOutTuple), unpack(postprocess(res, createGraph), isInTuple)];
}

/**
 * torch.autograd.functional.jvp: `func(inputs)` and the Jacobian-vector product `J v`, by the double
 * backward trick (as PyTorch's). Returns `[output, jvp]`.
 */
export function jvp(func: Fn, inputs: Tensors, v?: Tensors | null, o: FunctionalOptions = {}): [Tensors, Tensors] {
  const [createGraph, strict] = opts(o, "jvp");
  const [isOutTuple, outs, gradOutputs, gradInputs, vs] = enableGrad(() => {
    const [isIn, raw] = asTuple(inputs, "inputs", "jvp");
    const pins = preprocess(raw, createGraph, true);
    const pv = vForInputs(v, pins, isIn, createGraph, "jvp");
    const [isOut, outputs] = asTuple(func(...pins), "outputs of the user-provided function", "jvp");
    checkRequiresGrad(outputs, "outputs", strict);
    const gos = outputs.map((t) => creation.zerosLike(t).requiresGrad_(true));
    const gis = autogradGrad(outputs, pins, gos, true);
    checkRequiresGrad(gis, "grad_inputs", strict);
    return [isOut, outputs, gos, gis, pv] as const;
  });
  const res = withGrad(createGraph || isGradEnabled(), () =>
    fillInZeros(autogradGrad(gradInputs, gradOutputs, vs, createGraph), outs, strict, createGraph, "back_trick"),
  );
  return [unpack(postprocess(outs, createGraph), isOutTuple), unpack(postprocess(res, createGraph), isOutTuple)];
}

/** Keyword arguments of {@link jacobian}. */
export interface JacobianOptions extends FunctionalOptions {
  /**
   * Compute all rows in one call: reverse mode runs one autograd.grad over a batch of basis vectors
   * (vmapped, PyTorch's is_grads_batched); forward mode needs it. PyTorch calls it experimental; an
   * operator without a batching rule falls back to a slow per-row loop
   * (see {@link _debugOnlyDisplayVmapFallbackWarnings}). Not with strict.
   */
  vectorize?: boolean;
  /**
   * "reverse-mode" (default: one vector-Jacobian product per output element) or "forward-mode" (one
   * Jacobian-vector product per input element, through forward-mode AD; needs vectorize, and neither
   * createGraph nor strict).
   */
  strategy?: "reverse-mode" | "forward-mode";
}

/**
 * functional.py's _construct_standard_basis_for: for tensors with these numels, chunks that together
 * form the identity matrix of size sum(numels), split by columns: chunk i is
 * `[sum(numels), numels[i]]`, of tensor i's dtype and device.
 * @internal
 */
export function _constructStandardBasisFor(tensors: Tensor[], tensorNumels: number[]): Tensor[] {
  if (tensors.length !== tensorNumels.length || tensors.length === 0) throw assertionError("");
  const total = tensorNumels.reduce((a, b) => a + b, 0);
  const chunks = tensors.map((t, i) => t.newZeros([total, tensorNumels[i] as number]));
  let diagStart = 0;
  chunks.forEach((chunk, i) => {
    chunk.diagonal(diagStart).fill_(1);
    diagStart -= tensorNumels[i] as number;
  });
  return chunks;
}

// functional.py's _tuple_postprocess with two flags: nested results (outputs outer, inputs inner)
// unpacked where the outputs or the inputs were single tensors.
function unpack2<T>(res: T[][], isOutTuple: boolean, isInTuple: boolean): T | T[] | T[][] {
  const perOut = res.map((r) => unpack(r, isInTuple));
  return unpack(perOut, isOutTuple) as T | T[] | T[][];
}

// functional.py's _jacfwd: the columns of the Jacobian by forward-mode AD, one dual level per call of
// `jvp`, vmapped over the standard basis of the inputs (tangents). Only vectorized.
function jacfwd(func: Fn, inputs: Tensors, strict: boolean, vectorize: boolean): Tensors | Tensors[] {
  if (strict)
    throw new Error(
      'torch.autograd.functional.jacobian: `strict=True` and `strategy="forward-mode"` are not supported together (yet). Please either set `strict=False` or `strategy="reverse-mode"`.',
    );
  const [isIn, ins] = asTuple(inputs, "inputs", "jacobian");
  if (!vectorize)
    throw new NotImplementedError(
      // sic: PyTorch 1.13's message lacks the space in "isonly"
      "Computing Jacobian using forward-AD or forward-over-reverse Hessian isonly implemented for `vectorize=True`.",
    );
  const inputNumels = ins.map((t) => t.numel());
  const tangents = _constructStandardBasisFor(ins, inputNumels);
  // What the vmapped function saw: whether func returned an array, and the primal outputs (which do not
  // depend on the batched tangents, so they leave vmap as plain tensors).
  const outputInfo: Array<[boolean, Tensor[]]> = [];
  const jvp = (ts: Tensor[]) =>
    dualLevel(() => {
      const duals = ins.map((inp, k) => makeDual(inp, (ts[k] as Tensor).viewAs(inp)));
      const [isOut, dualOutputs] = asTuple(func(...duals), "outputs", null);
      const primals: Tensor[] = [];
      const jv = dualOutputs.map((out) => {
        const { primal, tangent } = unpackDual(out);
        primals.push(primal);
        return tangent ?? creation.zerosLike(primal);
      });
      outputInfo.push([isOut, primals]);
      return jv;
    });
  const beforeSplit = _vmap(jvp)(tangents) as Tensor[];
  const [isOut, outputs] = outputInfo[0] as [boolean, Tensor[]];
  const jac = beforeSplit.map((j, i) => {
    const out = outputs[i] as Tensor;
    return j
      .split(inputNumels, 0)
      .map((part, k) =>
        part
          .permute([...Array.from({ length: part.dim() - 1 }, (_, d) => d + 1), 0])
          .reshape([...out.shape, ...(ins[k] as Tensor).shape]),
      );
  });
  return unpack2(jac, isOut, isIn) as Tensors | Tensors[];
}

/**
 * torch.autograd.functional.jacobian: the Jacobian of `func` at `inputs`. One input and one output give
 * a tensor of shape `output.shape + input.shape`; arrays of inputs or outputs give arrays (outputs
 * outer, inputs inner), as PyTorch's tuples.
 */
export function jacobian(func: Fn, inputs: Tensors, o: JacobianOptions = {}): Tensors | Tensors[] {
  checkKwargs(o, ["createGraph", "strict", "vectorize", "strategy"], "jacobian");
  const createGraph = o.createGraph ?? false;
  const strict = o.strict ?? false;
  const vectorize = o.vectorize ?? false;
  const strategy = o.strategy ?? "reverse-mode";
  if (strategy !== "reverse-mode" && strategy !== "forward-mode")
    throw assertionError(
      'Expected strategy to be either "forward-mode" or "reverse-mode". Hint: If your function has more outputs than inputs, "forward-mode" tends to be more performant. Otherwise, prefer to use "reverse-mode".',
    );
  if (strategy === "forward-mode") {
    if (createGraph)
      throw new NotImplementedError(
        'torch.autograd.functional.jacobian: `create_graph=True` and `strategy="forward-mode"` are not supported together (yet). Please either set `create_graph=False` or `strategy="reverse-mode"`.',
      );
    return jacfwd(func, inputs, strict, vectorize);
  }
  return enableGrad(() => {
    const [isIn, raw] = asTuple(inputs, "inputs", "jacobian");
    const ins = preprocess(raw, createGraph, true);
    const [isOut, outputs] = asTuple(func(...ins), "outputs of the user-provided function", "jacobian");
    checkRequiresGrad(outputs, "outputs", strict);
    if (vectorize) {
      if (strict)
        throw new Error(
          "torch.autograd.functional.jacobian: `strict=True` and `vectorized=True` are not supported together. Please either set `strict=False` or `vectorize=False`.",
        );
      // All rows at once: autograd.grad of the flattened outputs against a standard basis of them, batched
      // over its first dimension; an input no output depends on gets expanded zeros.
      const outputNumels = outputs.map((t) => t.numel());
      const total = outputNumels.reduce((a, b) => a + b, 0);
      const gradOutputs = _constructStandardBasisFor(outputs, outputNumels);
      const flatOutputs = outputs.map((t) => t.reshape(-1));
      const vj = autogradGrad(flatOutputs, ins, gradOutputs, createGraph, undefined, true).map(
        (g, k) => g ?? creation.zerosLike(ins[k] as Tensor).expand([total, ...(ins[k] as Tensor).shape]),
      );
      // jac[i] splits by outputs into d output_j / d input_i; transposed to outputs outer.
      const perInput = vj.map((j, k) =>
        j
          .split(outputNumels, 0)
          .map((part, i) => part.view([...(outputs[i] as Tensor).shape, ...(ins[k] as Tensor).shape])),
      );
      const perOutput = outputs.map((_, i) => perInput.map((row) => row[i] as Tensor));
      return unpack2(postprocess(perOutput, createGraph), isOut, isIn) as Tensors | Tensors[];
    }
    const jac = outputs.map((out, i) => {
      const rows: Tensor[][] = ins.map(() => []);
      const flat = out.reshape(-1);
      for (let j = 0; j < out.numel(); j++) {
        const vj = autogradGrad([flat.index(j)], ins, null, createGraph, true);
        vj.forEach((g, k) => {
          if (g !== null) {
            if (strict && createGraph && !g.requiresGrad)
              throw new Error(
                `The jacobian of the user-provided function is independent of input ${i}. This is not allowed in strict mode when create_graph=True.`,
              );
            (rows[k] as Tensor[]).push(g);
          } else {
            if (strict)
              throw new Error(
                `Output ${i} of the user-provided function is independent of input ${k}. This is not allowed in strict mode.`,
              );
            (rows[k] as Tensor[]).push(creation.zerosLike(ins[k] as Tensor));
          }
        });
      }
      return rows.map((r, k) => creation.stack(r, 0).view([...out.shape, ...(ins[k] as Tensor).shape]));
    });
    return unpack2(postprocess(jac, createGraph), isOut, isIn) as Tensors | Tensors[];
  });
}

/** Keyword arguments of {@link hessian}. */
export interface HessianOptions extends FunctionalOptions {
  /** The outer Jacobian's rows in one vmapped call (see {@link JacobianOptions.vectorize}). */
  vectorize?: boolean;
  /**
   * How the outer Jacobian (of the gradient) is computed: "reverse-mode" (default) or "forward-mode"
   * (forward-over-reverse; needs vectorize).
   */
  outerJacobianStrategy?: "reverse-mode" | "forward-mode";
}

/**
 * torch.autograd.functional.hessian: the Hessian of a function returning a single-element tensor. One
 * input gives a tensor of shape `input.shape + input.shape`; an array of inputs gives `H[i][j]`.
 */
export function hessian(func: Fn, inputs: Tensors, o: HessianOptions = {}): Tensors | Tensors[] {
  checkKwargs(o, ["createGraph", "strict", "vectorize", "outerJacobianStrategy"], "hessian");
  const strict = o.strict ?? false;
  const [isIn, ins] = asTuple(inputs, "inputs", "hessian");
  const outer = o.outerJacobianStrategy ?? "reverse-mode";
  if (outer !== "reverse-mode" && outer !== "forward-mode")
    throw assertionError('Expected strategy to be either "forward-mode" or "reverse-mode".');
  const single = (...inp: Tensor[]) => {
    const out = func(...inp);
    const [isOut, tOut] = asTuple(out, "outputs of the user-provided function", "hessian");
    checkRequiresGrad(tOut, "outputs", strict);
    if (isOut || !(out instanceof Tensor))
      throw new Error("The function given to hessian should return a single Tensor");
    if (out.numel() !== 1)
      throw new Error("The Tensor returned by the function given to hessian should contain a single element");
    return out.squeeze();
  };
  const jacFunc = (...inp: Tensor[]) => {
    // forward-over-reverse: the dual inputs must require grad, or the inner jacobian would detach them.
    if (outer === "forward-mode") for (const t of inp) t.requiresGrad_(true);
    const jac = jacobian(single, inp, { createGraph: true });
    checkRequiresGrad(jac as Tensor[], "jacobian", strict);
    return jac as Tensor[];
  };
  const res = jacobian(jacFunc, ins, {
    createGraph: o.createGraph ?? false,
    strict,
    vectorize: o.vectorize ?? false,
    strategy: outer,
  }) as Tensor[][];
  const perRow = res.map((r) => unpack(r, isIn));
  return unpack(perRow, isIn) as Tensors | Tensors[];
}

function scalarOutput(func: Fn, pins: Tensor[], strict: boolean, fn: string): Tensor[] {
  const [isOut, outputs] = asTuple(func(...pins), "outputs of the user-provided function", fn);
  checkRequiresGrad(outputs, "outputs", strict);
  if (isOut || !(outputs[0] instanceof Tensor))
    throw new Error(`The function given to ${fn} should return a single Tensor`);
  if ((outputs[0] as Tensor).numel() !== 1)
    throw new Error(`The Tensor returned by the function given to ${fn} should contain a single element`);
  return outputs;
}

/**
 * torch.autograd.functional.vhp: `func(inputs)` (a single element) and the vector-Hessian product
 * `v^T H`. Returns `[output, vhp]`.
 */
export function vhp(func: Fn, inputs: Tensors, v?: Tensors | null, o: FunctionalOptions = {}): [Tensor, Tensors] {
  const [createGraph, strict] = opts(o, "vhp");
  const [isIn, ins, outs, jac, vs] = enableGrad(() => {
    const [isInT, raw] = asTuple(inputs, "inputs", "vhp");
    const pins = preprocess(raw, createGraph, true);
    const pv = vForInputs(v, pins, isInT, createGraph, "vhp");
    const outputs = scalarOutput(func, pins, strict, "vhp");
    const j = autogradGrad(outputs, pins, null, true);
    checkRequiresGrad(j, "jacobian", strict);
    return [isInT, pins, outputs, j, pv] as const;
  });
  const res = withGrad(createGraph || isGradEnabled(), () =>
    fillInZeros(autogradGrad(jac, ins, vs, createGraph), ins, strict, createGraph, "double_back"),
  );
  return [postprocess(outs, createGraph)[0] as Tensor, unpack(postprocess(res, createGraph), isIn)];
}

/**
 * torch.autograd.functional.hvp: `func(inputs)` (a single element) and the Hessian-vector product `H v`,
 * by the double backward trick. Returns `[output, hvp]`.
 */
export function hvp(func: Fn, inputs: Tensors, v?: Tensors | null, o: FunctionalOptions = {}): [Tensor, Tensors] {
  const [createGraph, strict] = opts(o, "hvp");
  const [isIn, ins, outs, doubleBack, gradJac, vs] = enableGrad(() => {
    const [isInT, raw] = asTuple(inputs, "inputs", "hvp");
    const pins = preprocess(raw, createGraph, true);
    const pv = vForInputs(v, pins, isInT, createGraph, "hvp");
    const outputs = scalarOutput(func, pins, strict, "hvp");
    const j = autogradGrad(outputs, pins, null, true);
    checkRequiresGrad(j, "jacobian", strict);
    const gj = pins.map((t) => creation.zerosLike(t).requiresGrad_(true));
    const db = autogradGrad(j, pins, gj, true);
    checkRequiresGrad(j, "hessian", strict);
    return [isInT, pins, outputs, db, gj, pv] as const;
  });
  const res = withGrad(createGraph || isGradEnabled(), () =>
    fillInZeros(autogradGrad(doubleBack, gradJac, vs, createGraph), ins, strict, createGraph, "double_back_trick"),
  );
  return [postprocess(outs, createGraph)[0] as Tensor, unpack(postprocess(res, createGraph), isIn)];
}
