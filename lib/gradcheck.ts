// torch.autograd.gradcheck / gradgradcheck, as torch/autograd/gradcheck.py. Slow mode: every column of
// the Jacobian by central finite differences, every row by a vector-Jacobian product (and, with
// checkForwardAd, every column by a Jacobian-vector product in forward-mode AD), compared with allclose.
// Fast mode (fastMode: true): one random direction u per input and v per output, drawn as 1.13 draws them
// from a fresh torch.Generator(), and the scalars vᵀ·J·u compared (J·u in forward mode), with the full
// Jacobians recomputed for the message when they differ. With checkBatchedGrad / checkBatchedForwardGrad,
// two random vector-Jacobian (Jacobian-vector) products computed one by one and once more in a single call
// vmapped over both, which must agree.
// All arithmetic is libtorch's; this file only walks the elements.
import { promoteTypes, viewAsReal } from "./aten_ops";
import { grad } from "./autograd";
import { dualLevel, makeDual, unpackDual } from "./autograd_forward_ad";
import { Complex } from "./complex";
import * as creation from "./creation";
import type { DType } from "./dtype";
import { ValueError } from "./errors";
import { slice } from "./indexing";
import { native } from "./native";
import { Generator as TorchGenerator } from "./random";
import * as sparse from "./sparse";
import { Tensor } from "./tensor";
import { checkKwargs } from "./utils/kwargs";
import { pyFloat, pySize } from "./utils/pyrepr";
import { _vmap } from "./vmap";
import { warn } from "./warnings";

/** torch.autograd.GradcheckError: raised by {@link gradcheck} and {@link gradgradcheck} (a RuntimeError). */
export class GradcheckError extends Error {
  constructor(message?: string) {
    super(message);
    this.name = "GradcheckError";
  }
}

/** Keyword arguments of {@link gradcheck}, as torch.autograd.gradcheck's. */
export interface GradcheckOptions {
  /** Perturbation for the finite differences (default 1e-6). */
  eps?: number;
  /** Absolute tolerance (default 1e-5). */
  atol?: number;
  /** Relative tolerance (default 1e-3). */
  rtol?: number;
  /** Throw a GradcheckError on a failed check (default); false returns false instead. */
  raiseException?: boolean;
  /** Tolerance between two backward passes on the same input (default 0: identical). */
  nondetTol?: number;
  /** Check that backward copes with undefined output gradients (default true). */
  checkUndefinedGrad?: boolean;
  /** Check that each gradient has its input's dtype (default false). */
  checkGradDtypes?: boolean;
  /** Check at the nonzero elements of sparse inputs only (default false: sparse inputs refused). */
  checkSparseNnz?: boolean;
  /** Check the reverse-mode gradients (default true). */
  checkBackwardAd?: boolean;
  /**
   * Also check the Jacobians forward-mode AD computes (one Jacobian-vector product per input element,
   * inside a dual level) against the numerical ones (default false).
   */
  checkForwardAd?: boolean;
  /**
   * Also check that vmap computes the gradients of a batch of grad_outputs as one at a time does: per
   * output, two random vector-Jacobian products against the same two in one vmapped autograd.grad call
   * (default false; needs checkBackwardAd).
   */
  checkBatchedGrad?: boolean;
  /**
   * The same for forward mode: per input, two random Jacobian-vector products against the same two in one
   * vmapped call (default false; needs checkForwardAd).
   */
  checkBatchedForwardGrad?: boolean;
  /**
   * Check random projections instead of whole Jacobians (default false): per input a random unit vector
   * u, per output v, and vᵀ·J·u by finite differences along u against (vᵀJ)·u from one backward pass;
   * with checkForwardAd, J·u from finite differences against J·u from one forward-mode pass. atol is
   * scaled by sum(u)·sum(v). A complex input or output is split into real parts as in slow mode. u and v
   * come from a fresh torch.Generator() (PyTorch's default seed), so they are PyTorch's
   * and the global random state is untouched. On a mismatch the message adds the full Jacobians of that
   * input and output recomputed in slow mode, and says so when those would have passed.
   */
  fastMode?: boolean;
}
const GRADCHECK_KEYS = [
  "eps",
  "atol",
  "rtol",
  "raiseException",
  "nondetTol",
  "checkUndefinedGrad",
  "checkGradDtypes",
  "checkSparseNnz",
  "checkBackwardAd",
  "checkForwardAd",
  "checkBatchedGrad",
  "checkBatchedForwardGrad",
  "fastMode",
];

/** Keyword arguments of {@link gradgradcheck}, as torch.autograd.gradgradcheck's. */
export interface GradgradcheckOptions
  extends Omit<GradcheckOptions, "checkSparseNnz" | "checkBackwardAd" | "checkForwardAd" | "checkBatchedForwardGrad"> {
  /** Make the random grad_outputs non-contiguous (default false). */
  genNonContigGradOutputs?: boolean;
  /** Also check the second derivatives forward-over-reverse: checkForwardAd on the gradients (default false). */
  checkFwdOverRev?: boolean;
  /** Reverse-over-reverse (default true). */
  checkRevOverRev?: boolean;
}
const GRADGRADCHECK_KEYS = [
  ...GRADCHECK_KEYS.filter(
    (k) => !["checkSparseNnz", "checkBackwardAd", "checkForwardAd", "checkBatchedForwardGrad"].includes(k),
  ),
  "genNonContigGradOutputs",
  "checkFwdOverRev",
  "checkRevOverRev",
];

// biome-ignore lint/suspicious/noExplicitAny: the function under test takes whatever its inputs are.
type CheckedFn = (...inputs: any[]) => Tensor | readonly Tensor[];

interface Settings {
  eps: number;
  atol: number;
  rtol: number;
  nondetTol: number;
  checkGradDtypes: boolean;
}

const asTuple = (x: unknown): unknown[] => (Array.isArray(x) ? [...x] : [x]);
const isFloatOrComplex = (t: unknown): t is Tensor => t instanceof Tensor && (t.isFloatingPoint() || t.isComplex());
const differentiableOutputs = (x: unknown): Tensor[] =>
  asTuple(x).filter((o): o is Tensor => o instanceof Tensor && o.requiresGrad);
const diffInputs = (inputs: unknown[]): Tensor[] =>
  inputs.filter((t): t is Tensor => t instanceof Tensor && t.requiresGrad);

// gradcheck.py checks its flags with assert: Python's AssertionError.
const assertionError = (message: string) => Object.assign(new Error(message), { name: "AssertionError" });

/**
 * torch.autograd.gradcheck: checks the gradients autograd computes for `func` at `inputs` against finite
 * differences, for every input that requires grad (float64 or complex128 inputs, as in PyTorch: float32
 * ones warn and will likely fail). Returns true, or throws a {@link GradcheckError} naming the output
 * and input whose Jacobians differ (false instead with `raiseException: false`).
 *
 * @example
 * ```ts
 * const x = torch.randn([3, 4], { dtype: "float64", requiresGrad: true });
 * torch.autograd.gradcheck((t: Tensor) => t.sin().mul(t), [x]); // true
 * ```
 */
export function gradcheck(func: CheckedFn, inputs: unknown, o: GradcheckOptions = {}): boolean {
  checkKwargs(o, GRADCHECK_KEYS, "gradcheck");
  if (typeof func !== "function") throw new TypeError("gradcheck: func must be a function");
  const checkBackwardAd = o.checkBackwardAd ?? true;
  if (!checkBackwardAd && !o.checkForwardAd)
    throw assertionError("Expected at least one of check_forward_ad or check_backward_ad to be True");
  if (o.checkBatchedGrad && !checkBackwardAd)
    throw assertionError("Setting check_batched_grad=True requires check_backward_ad to be True");
  if (o.checkBatchedForwardGrad && !o.checkForwardAd)
    throw assertionError("Setting check_batched_forward_grad=True requires check_forward_ad to be True");
  const s: Settings = {
    eps: o.eps ?? 1e-6,
    atol: o.atol ?? 1e-5,
    rtol: o.rtol ?? 1e-3,
    nondetTol: o.nondetTol ?? 0,
    checkGradDtypes: o.checkGradDtypes ?? false,
  };
  try {
    return gradcheckHelper(func, asTuple(inputs), s, {
      checkSparseNnz: o.checkSparseNnz ?? false,
      checkUndefinedGrad: o.checkUndefinedGrad ?? true,
      checkForwardAd: o.checkForwardAd ?? false,
      checkBackwardAd,
      checkBatchedGrad: o.checkBatchedGrad ?? false,
      checkBatchedForwardGrad: o.checkBatchedForwardGrad ?? false,
      fastMode: o.fastMode ?? false,
    });
  } catch (e) {
    if (o.raiseException === false && e instanceof GradcheckError) return false;
    throw e;
  }
}

function gradcheckHelper(
  func: CheckedFn,
  inputs: unknown[],
  s: Settings,
  c: {
    checkSparseNnz: boolean;
    checkUndefinedGrad: boolean;
    checkForwardAd: boolean;
    checkBackwardAd: boolean;
    checkBatchedGrad: boolean;
    checkBatchedForwardGrad: boolean;
    fastMode: boolean;
  },
): boolean {
  checkInputs(inputs, c.checkSparseNnz);
  const gradcheckFn = c.fastMode ? fastGradcheck : slowGradcheck;
  const funcOut = func(...inputs);
  const outputs = differentiableOutputs(funcOut);
  if (outputs.some((t) => t.isSparse))
    throw new ValueError(
      "Sparse output is not supported at gradcheck yet. Please call to_dense() on the output of fn for gradcheck.",
    );
  if (c.checkBackwardAd) {
    // The complex ones among the differentiable outputs, by their index there (as messages count outputs).
    const complexOut = outputs.flatMap((t, i) => (t.isComplex() ? [i] : []));
    if (asTuple(funcOut).some((t) => t instanceof Tensor && t.isComplex())) {
      // A complex output is checked as two real functions: its real part and its imaginary part.
      for (const part of ["imag", "real"] as const) {
        const f = (...a: unknown[]) =>
          asTuple(func(...a)).map((t) => (t instanceof Tensor && t.isComplex() ? t[part] : t));
        const out = f(...inputs);
        gradcheckFn(f as CheckedFn, out, inputs, differentiableOutputs(out), s, complexOut, part === "imag");
      }
    } else {
      gradcheckFn(func, funcOut, inputs, outputs, s, [], false);
    }
  }
  if (c.checkForwardAd) {
    const complexInp = inputs.flatMap((t, i) => (t instanceof Tensor && t.isComplex() ? [i] : []));
    if (complexInp.length > 0) {
      // A complex input is checked as two real inputs: its imaginary part (the real part held), then
      // its real part (the imaginary part held).
      const i = new Complex(0, 1);
      const parts: Array<[CheckedFn, unknown[]]> = [];
      for (const part of ["imag", "real"] as const) {
        const f = (...a: unknown[]) =>
          asTuple(
            func(
              ...a.map((x, k) => {
                if (!complexInp.includes(k)) return x;
                const orig = inputs[k] as Tensor;
                return part === "imag" ? orig.real.add((x as Tensor).mul(i)) : (x as Tensor).add(orig.imag.mul(i));
              }),
            ),
          );
        const partInputs = inputs.map((x) => (x instanceof Tensor && x.isComplex() ? x[part] : x));
        const out = f(...partInputs);
        gradcheckFn(f as CheckedFn, out, partInputs, differentiableOutputs(out), s, complexInp, part === "imag", true);
        parts.push([f as CheckedFn, partInputs]);
      }
      if (c.checkUndefinedGrad) for (const [f, partInputs] of parts) testUndefinedForwardMode(f, partInputs);
    } else {
      gradcheckFn(func, funcOut, inputs, outputs, s, [], false, true);
      if (c.checkUndefinedGrad) testUndefinedForwardMode(func, inputs);
    }
  }
  if (c.checkBatchedForwardGrad) testBatchedGradForwardAd(func, inputs);
  if (!c.checkBackwardAd) return true;
  if (c.checkBatchedGrad) for (const [i, o] of outputs.entries()) testBatchedGrad(inputs, o, i);
  testBackwardMulByGradOutput(outputs, inputs, c.checkSparseNnz);
  if (c.checkUndefinedGrad) testUndefinedBackwardMode(func, outputs, inputs);
  return true;
}

function checkInputs(inputs: unknown[], checkSparseNnz: boolean): void {
  if (!checkSparseNnz && inputs.some((t) => t instanceof Tensor && (t.isSparse || t.isSparseCsr)))
    throw new GradcheckError("gradcheck expects all tensor inputs are dense when check_sparse_nnz is set to False.");
  let any = false;
  inputs.forEach((inp, idx) => {
    if (!(inp instanceof Tensor) || !inp.requiresGrad) return;
    if (inp.dtype !== "float64" && inp.dtype !== "complex128")
      warn(
        `Input #${idx} requires gradient and is not a double precision floating point or complex. ` +
          "This check will likely fail if all the inputs are not of double precision floating point or complex. ",
      );
    const content = inp.isSparse ? inp._values() : inp.isSparseCsr ? inp.values() : inp;
    const size = content.shape;
    if (!content.stride().every((st, d) => st > 0 || (size[d] as number) <= 1))
      throw new Error(
        `The ${idx}th input has a dimension with stride 0. gradcheck only supports inputs that are non-overlapping ` +
          "to be able to compute the numerical gradients correctly. You should call .contiguous on the input before " +
          "passing it to gradcheck.",
      );
    any = true;
    inp.retainGrad();
  });
  if (!any)
    throw new ValueError(
      "gradcheck expects at least one input tensor to require gradient, but none of the them have requires_grad=True.",
    );
}

// The index tuples of a tensor of `shape` in row-major order (PyTorch's product(*map(range, size))).
function* indices(shape: readonly number[]): Generator<number[]> {
  const n = shape.reduce((a, b) => a * b, 1);
  const idx = shape.map(() => 0);
  for (let k = 0; k < n; k++) {
    yield [...idx];
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d] = (idx[d] as number) + 1;
      if ((idx[d] as number) < (shape[d] as number)) break;
      idx[d] = 0;
    }
  }
}

const I = new Complex(0, 1);

// gradcheck.py's _check_outputs_same_dtype_and_shape (an assert there). `onIndex` is what 1.13 prints
// in slow mode: "on index {idx} ", braces and all (its f-string is not one).
function checkSameDtypeAndShape(a: Tensor, b: Tensor, eps: number, onIndex: string): void {
  const perturbed = `when inputs are perturbed ${onIndex}by ${pyFloat(eps)}, but got:`;
  if (a.shape.join() !== b.shape.join())
    throw assertionError(
      `Expected \`func\` to return outputs with the same shape ${perturbed} shapes ${pySize(a.shape)} and ${pySize(b.shape)}.`,
    );
  if (a.dtype !== b.dtype)
    throw assertionError(
      `Expected \`func\` to return outputs with the same dtype ${perturbed} dtypes torch.${a.dtype} and torch.${b.dtype}.`,
    );
}

/**
 * gradcheck.py's _compute_numerical_gradient: `entry` (a view of an input's data) is moved by -delta and
 * +delta in place, `call` run at each, and the central difference of each output returned, flattened.
 */
function centralDifference(
  call: () => Tensor[],
  entry: Tensor,
  delta: Tensor | number | Complex,
  eps: number,
  onIndex: string,
): Tensor[] {
  const orig = entry.clone();
  entry.copy_(orig.sub(delta));
  const a = call();
  entry.copy_(orig.add(delta));
  const b = call();
  entry.copy_(orig);
  return a.slice(0, b.length).map((ai, k) => {
    const bi = b[k] as Tensor;
    checkSameDtypeAndShape(ai, bi, eps, onIndex);
    return bi
      .sub(ai)
      .div(2 * eps)
      .detach()
      .reshape(-1);
  });
}

// For a complex input, the conjugate Wirtinger derivative d/dx + i d/dy from the steps along the real
// axis (dsDx) and the imaginary one (dsDy); a real input has dsDx only.
function wirtinger(dsDx: Tensor[], dsDy: (() => Tensor[]) | null): Tensor[] {
  if (dsDy === null) return dsDx;
  const dy = dsDy();
  return dsDx.slice(0, dy.length).map((dx, k) => dx.add((dy[k] as Tensor).mul(I)));
}

/**
 * The numerical Jacobians of `fn` for every input that requires grad: result[input][output] is a
 * (input.numel, output.numel) tensor, for the float and complex outputs of `outputs`; one column per
 * input element (eps is 1e-3 where gradcheck.py leaves its default). The k-th Jacobian is filled from the
 * k-th float or complex output of `fn`; with `rawPairing`, from its k-th output of any dtype, as 1.13's
 * _get_numerical_jacobian does (used where fast mode recomputes a Jacobian for its message; slow mode
 * itself keeps the float outputs, where 1.13 fails with an IndexError after an integer output).
 */
function numericalJacobian(
  fn: CheckedFn,
  inputs: unknown[],
  outputs: unknown[],
  eps: number,
  rawPairing = false,
): Tensor[][] {
  const call = () =>
    asTuple(fn(...inputs))
      .filter((a): a is Tensor => (rawPairing ? a instanceof Tensor : isFloatOrComplex(a)))
      .map((a) => a.clone());
  return diffInputs(inputs).map((input) => {
    const numel = input.numel();
    const jac = outputs.filter(isFloatOrComplex).map((t) =>
      creation.zeros([numel, t.numel()], {
        dtype: input.isComplex() ? input.dtype : t.dtype,
        device: t.device,
      }),
    );
    for (const [entry, d] of iterTensor(input)) {
      const step = (delta: number | Complex) => centralDifference(call, entry, delta, eps, "on index {idx} ");
      const cols = wirtinger(step(eps), entry.isComplex() ? () => step(new Complex(0, eps)) : null);
      for (const [k, j] of jac.entries()) j.select(0, d).copy_(cols[k] as Tensor);
    }
    return jac;
  });
}

/**
 * gradcheck.py's _iter_tensor: each element of `input` that slow mode perturbs, as a 0-dim view of its
 * data (changed in place without bumping the version the graphs saved), with its Jacobian row. A sparse
 * COO input yields the elements of its stored values only, at their row-major index in the dense shape.
 */
function* iterTensor(input: Tensor): Generator<[Tensor, number]> {
  if (!input.isSparse) {
    const x = input.data;
    let d = 0;
    for (const idx of indices(input.shape)) yield [x.index(...idx), d++];
    return;
  }
  const size = input.shape;
  const stride = size.map((_, k) => size.slice(k + 1).reduce((a, b) => a * b, 1));
  const xIndices = input._indices().t().tolist() as number[][];
  const xValues = input._values().data;
  for (const [i, row] of xIndices.entries()) {
    const xValue = xValues.index(i);
    for (const xIdx of indices(xValue.shape)) {
      const all = [...row, ...xIdx];
      yield [xValue.index(...xIdx), size.reduce((acc, _, k) => acc + (all[k] as number) * (stride[k] as number), 0)];
    }
  }
}

// zeros_like(t, memory_format=torch.legacy_contiguous_format)
const contiguousZeros = (t: Tensor) => creation.zeros(t.shape, { dtype: t.dtype, device: t.device });

const FAILED_NONDET_MSG = `

NOTE: If your op relies on non-deterministic operations i.e., it is listed here:
https://pytorch.org/docs/stable/generated/torch.use_deterministic_algorithms.html
this failure might be expected.

If you are adding a new operator, please file an issue and then use one of the
workarounds. The workaround depends on how your test invokes gradcheck/gradgradcheck.
If the test
- manually invokes gradcheck/gradgradcheck, then call gradcheck/gradgradcheck
  with \`nondet_tol=<tol>\` as a keyword argument.
- is OpInfo-based (e.g., in test_ops_gradients.py), then modify the OpInfo for the test
  to have \`gradcheck_nondet_tol=<tol>\`.
- is a Module test (e.g., in common_nn.py), then modify the corresponding
  module_test entry to have \`gradcheck_nondet_tol=<tol>\`
`;

/**
 * The analytical Jacobians of `output` for every input that requires grad, one vector-Jacobian product
 * per output element: result[input] is (input.numel, output.numel). With `v` (fast mode), the one
 * product vᵀJ instead: result[input] is (input.numel, 1). Computed twice to catch a backward that is
 * not reentrant (gradcheck.py's _check_analytical_jacobian_attributes).
 */
function analyticalJacobian(inputs: unknown[], output: Tensor, s: Settings, v: Tensor | null = null): Tensor[] {
  const diff = diffInputs(inputs);
  const vjp = (gradOutput: Tensor) =>
    grad([output], diff, { gradOutputs: [gradOutput], retainGraph: true, allowUnused: true });
  const rows = () => {
    const perInput: Array<Array<Tensor | null>> = diff.map(() => []);
    const push = (g: Array<Tensor | null>) => {
      for (const [i, gi] of g.entries()) (perInput[i] as Array<Tensor | null>).push(gi === null ? null : gi.clone());
    };
    if (v !== null) {
      push(vjp(v.reshape(output.shape)));
      return perInput;
    }
    const base = contiguousZeros(output);
    const flat = base.view(-1);
    for (let j = 0; j < flat.numel(); j++) {
      flat.zero_();
      flat.index(j).fill_(1);
      push(vjp(base));
    }
    return perInput;
  };
  const outputNumel = v === null ? output.numel() : 1;
  let sizesOk = true;
  let typesOk = true;
  const stack = (perInput: Array<Array<Tensor | null>>) =>
    perInput.map((list, i) => {
      const inp = diff[i] as Tensor;
      const jac = creation.zeros([inp.numel(), outputNumel], { dtype: inp.dtype, device: inp.device });
      list.forEach((t, j) => {
        if (t === null) return;
        if (t.shape.join() !== inp.shape.join()) sizesOk = false;
        else if (t.dtype !== inp.dtype) typesOk = false;
        const dense = t.isSparse ? t.toDense() : t;
        if (dense.numel() !== inp.numel()) return;
        jac.select(1, j).copy_(dense.reshape(-1));
      });
      return jac;
    });
  const j1 = stack(rows());
  const j2 = stack(rows());
  const reentrant = j1.every(
    (a, i) =>
      a.numel() === 0 ||
      !(a
        .sub(j2[i] as Tensor)
        .abs()
        .max()
        .gt(s.nondetTol)
        .item() as boolean),
  );
  if (!typesOk && s.checkGradDtypes) throw new GradcheckError("Gradient has dtype mismatch");
  if (!sizesOk) throw new GradcheckError("Analytical gradient has incorrect size");
  if (!reentrant)
    throw new GradcheckError(
      "Backward is not reentrant, i.e., running backward with same input and grad_output multiple times gives " +
        "different values, although analytical gradient matches numerical gradient." +
        `The tolerance for nondeterminism was ${pyFloat(s.nondetTol)}.${FAILED_NONDET_MSG}`,
    );
  return j1;
}

function slowGradcheck(
  func: CheckedFn,
  funcOut: unknown,
  inputs: unknown[],
  outputs: Tensor[],
  s: Settings,
  complexIndices: number[],
  testImag: boolean,
  useForwardAd = false,
): void {
  const outs = asTuple(funcOut);
  const numerical = numericalJacobian(func, inputs, outs, s.eps);
  if (outputs.length === 0) {
    for (const perInput of numerical)
      for (const j of perInput)
        if ((j.ne(0).sum().item() as number) > 0)
          throw new GradcheckError("Numerical gradient for function expected to be zero");
    return;
  }
  // numerical[input][k] is for the k-th float output; keep those that require grad, by output index.
  const floatOuts = outs.filter(isFloatOrComplex);
  const keep = floatOuts.flatMap((o, k) => (o.requiresGrad ? [k] : []));
  if (useForwardAd) {
    // As PyTorch 1.13, the i-th output that requires grad is compared with the forward Jacobian of the
    // i-th float output.
    const analytical = analyticalJacobianForwardAd(func, inputs, outs, s.checkGradDtypes);
    outputs.forEach((_o, i) => {
      analytical.forEach((perOutput, j) => {
        const a = perOutput[i] as Tensor;
        const n = (numerical[j] as Tensor[])[keep[i] as number] as Tensor;
        if (!allcloseWithPromotion(a, n, s.rtol, s.atol))
          throw new GradcheckError(notAllcloseMsg(a, n, i, j, complexIndices, testImag, true));
      });
    });
    return;
  }
  outputs.forEach((o, i) => {
    const analytical = analyticalJacobian(inputs, o, s);
    analytical.forEach((a, j) => {
      const n = (numerical[j] as Tensor[])[keep[i] as number] as Tensor;
      if (!allcloseWithPromotion(a, n, s.rtol, s.atol))
        throw new GradcheckError(notAllcloseMsg(a, n, i, j, complexIndices, testImag));
    });
  });
}

// A random direction: one vector, or for a complex input one for its real part and one for its imaginary
// part.
type Direction = Tensor | [Tensor, Tensor];

/**
 * gradcheck.py's _vec_from_tensor: a random unit vector with x's numel (uniform draws from `gen`, in the
 * default dtype, then in x's dtype, or its real counterpart with `downcastComplex`).
 */
function vecFromTensor(x: Tensor, gen: TorchGenerator, downcastComplex = false): Tensor {
  const dtype = downcastComplex ? realDtype(x.dtype) : x.dtype;
  if (x.isSparse) {
    // Random values at x's indices, x's size kept.
    const xValues = x._values();
    const values = creation
      .rand([xValues.numel()], { generator: gen })
      .to({ dtype, device: x.device })
      .reshape(xValues.shape);
    return sparse.sparseCooTensor(x._indices(), values.div(values.norm()), x.shape);
  }
  const vec = creation.rand([x.numel()], { generator: gen }).to({ dtype, device: x.device });
  return vec.div(vec.norm());
}

// gradcheck.py's _to_flat_dense_if_sparse
const flatDenseIfSparse = (t: Tensor) => (t.isSparse ? t.toDense().reshape(-1) : t);

/**
 * gradcheck.py's _make_vectors, from a generator of its own (torch.Generator(): PyTorch's default
 * seed, the user's random state left alone): a direction u per input that requires grad (real vectors,
 * two for a complex input), then, in reverse mode, a v per differentiable output.
 */
function makeVectors(
  inpTensors: Tensor[],
  outputs: Tensor[],
  useForwardAd: boolean,
): { allV: Tensor[] | null; allU: Direction[]; allUDense: Direction[] } {
  const gen = new TorchGenerator();
  const allU = inpTensors.map((inp): Direction => {
    const ur = vecFromTensor(inp, gen, true);
    return inp.isComplex() ? [ur, vecFromTensor(inp, gen, true)] : ur;
  });
  const allUDense = allU.map(
    (u): Direction => (Array.isArray(u) ? [flatDenseIfSparse(u[0]), flatDenseIfSparse(u[1])] : flatDenseIfSparse(u)),
  );
  const allV = useForwardAd ? null : outputs.map((o) => vecFromTensor(o, gen));
  return { allV, allU, allUDense };
}

/**
 * gradcheck.py's _get_numerical_jvp_wrt_specific_input: J·u for input `inputIdx` by one central
 * difference along u (scaled by eps) for every tensor output of `fn`, flattened.
 */
function numericalJu(fn: CheckedFn, inputIdx: number, inputs: unknown[], u: Direction, eps: number): Tensor[] {
  const input = inputs[inputIdx] as Tensor;
  // A dense input is perturbed through x.data, as in slow mode, and fn gets the input itself; a sparse one
  // through a clone (copy_ resizes it), which fn gets in its place.
  const entry = input.isSparse ? input.clone() : input.data;
  const args = input.isSparse ? inputs.map((a, i) => (i === inputIdx ? entry : a)) : inputs;
  const call = () =>
    asTuple(fn(...args))
      .filter((a): a is Tensor => a instanceof Tensor)
      .map((a) => a.clone());
  const [ur, ui] = Array.isArray(u) ? u : [u, u];
  const step = (delta: Tensor) => centralDifference(call, entry, delta, eps, "");
  const scaled = (w: Tensor) => (w.isSparse ? w : w.reshape(entry.shape)).mul(eps);
  return wirtinger(step(scaled(ur)), input.isComplex() ? () => step(scaled(ui).mul(I)) : null);
}

/**
 * gradcheck.py's _get_numerical_vJu: per input that requires grad, J·u for each float or complex output
 * of `funcOut`, or with `allV` the scalars vᵀ·J·u (the k-th v paired with the k-th float output, as 1.13
 * zips them).
 */
function numericalVJu(
  fn: CheckedFn,
  funcOut: unknown,
  inputs: unknown[],
  inpIdx: number[],
  allU: Direction[],
  allV: Tensor[] | null,
  eps: number,
): Tensor[][] {
  const outs = asTuple(funcOut).filter((o): o is Tensor => o instanceof Tensor);
  return inpIdx.map((idx, i) => {
    const ju = numericalJu(fn, idx, inputs, allU[i] as Direction, eps).filter((_, k) => isFloatOrComplex(outs[k]));
    if (allV === null) return ju;
    return allV.slice(0, ju.length).map((v, k) => v.mul(ju[k] as Tensor).sum());
  });
}

/**
 * gradcheck.py's _get_analytical_vJu_backward_mode: per differentiable output, vᵀJ by one backward pass
 * (twice, for the reentrancy check), then its dot product with each input's u (for a complex input,
 * real parts with u's first vector plus i times imaginary parts with its second).
 */
function analyticalVJuBackwardMode(
  inputs: unknown[],
  outputs: Tensor[],
  s: Settings,
  allV: Tensor[],
  allU: Direction[],
): Tensor[][] {
  return outputs.slice(0, allV.length).map((output, k) => {
    const allVJ = analyticalJacobian(inputs, output, s, allV[k] as Tensor);
    return allVJ.slice(0, allU.length).map((col, i) => {
      const vJ = col.t().squeeze(0);
      const u = allU[i] as Direction;
      if (!vJ.isComplex()) return vJ.dot(u as Tensor);
      const [ur, ui] = u as [Tensor, Tensor];
      const tv = viewAsReal(vJ.resolveConj());
      return tv.select(-1, 0).dot(ur).add(tv.select(-1, 1).dot(ui).mul(I));
    });
  });
}

/**
 * gradcheck.py's _check_no_differentiable_outputs_fast: with no differentiable output, J·u of every
 * tensor output must stay within nondetTol of zero.
 */
function checkNoDifferentiableOutputsFast(
  fn: CheckedFn,
  inputs: unknown[],
  inpIdx: number[],
  allU: Direction[],
  s: Settings,
): void {
  inpIdx.forEach((idx, i) => {
    for (const jvp of numericalJu(fn, idx, inputs, allU[i] as Direction, s.eps)) {
      if (jvp.numel() === 0) continue;
      if (jvp.sub(creation.zerosLike(jvp)).abs().max().gt(s.nondetTol).item() as boolean)
        throw new GradcheckError("Numerical gradient for function expected to be zero");
    }
  });
}

// gradcheck.py's _adjusted_atol: where slow mode allows atol per element, vᵀ·A·u and vᵀ·B·u may differ
// by vᵀ·(atol everywhere)·u = atol·sum(u)·sum(v) (for a complex input, 1.13 sums the first of its two
// vectors only).
function adjustedAtol(atol: number, u: Direction, v: Tensor | null): number {
  const u0 = Array.isArray(u) ? u[0] : u;
  const sum = (t: Tensor) => (t.isSparse ? sparse.sum(t) : t.sum()).to("float64");
  let scaled = creation.tensor(atol, { dtype: "float64" }).mul(sum(u0));
  if (v !== null) scaled = scaled.mul(sum(v));
  return scaled.item() as number;
}

const FAST_FAIL_SLOW_OK_MSG = `
Fast gradcheck failed but element-wise differences are small. This means that the
test might've passed in slow_mode!

If you are adding a new operator, please file an issue and then use one of the
workarounds. The workaround depends on how your test invokes gradcheck/gradgradcheck:

If the test
- manually invokes gradcheck/gradgradcheck, then call gradcheck/gradgradcheck
  with \`fast_mode=False\` as a keyword argument.
- is OpInfo-based (e.g., in test_ops_gradients.py), then modify the OpInfo for the test
  to have \`gradcheck_fast_mode=False\`
- is a Module test (e.g., in common_nn.py), then modify the corresponding
  module_test entry to have \`gradcheck_fast_mode=False\`
`.trim();

/**
 * gradcheck.py's _run_slow_mode_and_get_error: after a failed fast check, the full Jacobians of that
 * input and output (numerical with 1.13's default eps of 1e-3), printed with their largest difference,
 * and FAST_FAIL_SLOW_OK_MSG when those pass allclose.
 */
function runSlowModeAndGetError(
  func: CheckedFn,
  inputs: unknown[],
  outputs: Tensor[],
  inputIdx: number,
  outputIdx: number,
  s: Settings,
  isForwardAd: boolean,
): string {
  const slowNumerical = (numericalJacobian(func, inputs, outputs, 1e-3, true)[inputIdx] as Tensor[])[
    outputIdx
  ] as Tensor;
  let slowAnalytical: Tensor;
  if (isForwardAd) {
    // As 1.13: inputIdx (counted among the inputs that require grad) picks from all the inputs, and
    // outputIdx (among the float outputs) from the function's outputs.
    const newFn = (inp: Tensor) => {
      const newInputs = [...inputs];
      newInputs[inputIdx] = inp;
      return asTuple(func(...newInputs))[outputIdx] as Tensor;
    };
    const jac = analyticalJacobianForwardAd(newFn, [inputs[inputIdx]], [outputs[outputIdx]], false);
    slowAnalytical = (jac[0] as Tensor[])[0] as Tensor;
  } else {
    const all = { ...s, nondetTol: Number.POSITIVE_INFINITY, checkGradDtypes: false };
    slowAnalytical = analyticalJacobian(inputs, outputs[outputIdx] as Tensor, all)[inputIdx] as Tensor;
  }
  const slowMaxDiff = slowNumerical.sub(slowAnalytical).abs().max();
  const slowAllclose = slowAnalytical.allclose(slowNumerical, s.rtol, s.atol);
  const msg =
    "\nThe above quantities relating the numerical and analytical jacobians are computed \n" +
    "in fast mode. See: https://github.com/pytorch/pytorch/issues/53876 for more background \n" +
    "about fast mode. Below, we recompute numerical and analytical jacobians in slow mode:\n\n" +
    `Numerical:\n ${slowNumerical}\n` +
    `Analytical:\n${slowAnalytical}\n\n` +
    `The max per-element difference (slow mode) is: ${pyFloat(slowMaxDiff.item() as number)}.\n`;
  return slowAllclose ? msg + FAST_FAIL_SLOW_OK_MSG : msg;
}

/**
 * gradcheck.py's _check_analytical_numerical_equal: the fast-mode scalars (vᵀ·J·u, or the vectors J·u in
 * forward mode) compared with allclose under the adjusted atol; a mismatch raises with the full
 * Jacobians recomputed in slow mode.
 */
function checkAnalyticalNumericalEqual(
  analytical: Tensor[][],
  numerical: Tensor[][],
  complexIndices: number[],
  inputs: unknown[],
  outputs: Tensor[],
  func: CheckedFn,
  allV: Tensor[] | null,
  allU: Direction[],
  s: Settings,
  testImag: boolean,
  isForwardAd: boolean,
): void {
  numerical.forEach((perInput, i) => {
    perInput.forEach((n0, j) => {
      // Forward mode's Jacobians are by input, then output; reverse mode's by output, then input.
      const a = (isForwardAd ? (analytical[i] as Tensor[])[j] : (analytical[j] as Tensor[])[i]) as Tensor;
      const n = n0.to(a.device);
      const atol = adjustedAtol(s.atol, allU[i] as Direction, allV && allV.length > 0 ? (allV[j] as Tensor) : null);
      if (allcloseWithPromotion(a, n, s.rtol, atol)) return;
      const jacobiansStr = runSlowModeAndGetError(func, inputs, outputs, i, j, s, isForwardAd);
      throw new GradcheckError(notAllcloseMsg(a, n, j, i, complexIndices, testImag, isForwardAd) + jacobiansStr);
    });
  });
}

/**
 * gradcheck.py's _fast_gradcheck: instead of whole Jacobians, one random projection per input and
 * output. Reverse mode compares vᵀ·(J·u) (J·u by finite differences along u) with (vᵀJ)·u (vᵀJ by one
 * backward pass); forward mode compares J·u from finite differences with J·u from one forward-mode pass
 * per input.
 */
function fastGradcheck(
  func: CheckedFn,
  funcOut: unknown,
  inputs: unknown[],
  outputs: Tensor[],
  s: Settings,
  complexIndices: number[],
  testImag: boolean,
  useForwardAd = false,
): void {
  const inpIdx = inputs.flatMap((t, i) => (t instanceof Tensor && t.requiresGrad ? [i] : []));
  const { allV, allU, allUDense } = makeVectors(
    inpIdx.map((i) => inputs[i] as Tensor),
    outputs,
    useForwardAd,
  );
  const numerical = numericalVJu(func, funcOut, inputs, inpIdx, allU, allV, s.eps);
  let analytical: Tensor[][];
  if (useForwardAd) {
    analytical = analyticalJacobianForwardAd(func, inputs, asTuple(funcOut), s.checkGradDtypes, allU as Tensor[]);
  } else {
    if (outputs.length === 0) checkNoDifferentiableOutputsFast(func, inputs, inpIdx, allU, s);
    analytical = analyticalVJuBackwardMode(inputs, outputs, s, allV as Tensor[], allUDense);
  }
  checkAnalyticalNumericalEqual(
    analytical,
    numerical,
    complexIndices,
    inputs,
    outputs,
    func,
    allV,
    allU,
    s,
    testImag,
    useForwardAd,
  );
}

/**
 * The Jacobians forward-mode AD computes for `fn`: result[input][k] is a (input.numel, output.numel)
 * tensor for every input that requires grad and the k-th float or complex output, one column per input
 * element (its tangent a one-hot tensor, every other input's tangent zero), as gradcheck.py's
 * _get_analytical_jacobian_forward_ad. With `allU` (fast mode), one pass per input with its u as the
 * tangent: result[input][k] is J·u, of output.numel. `fn` gets detached dual inputs.
 */
function analyticalJacobianForwardAd(
  fn: CheckedFn,
  inputs: unknown[],
  outputs: unknown[],
  checkGradDtypes: boolean,
  allU: Tensor[] | null = null,
): Tensor[][] {
  const diff = diffInputs(inputs);
  if (diff.some((t) => t.isComplex()))
    throw new ValueError("Expected inputs to be non-complex for _get_analytical_jacobian_forward_ad.");
  const floatOuts = outputs.filter(isFloatOrComplex);
  const jacobians = diff.map((inp) => floatOuts.map((t) => t.newZeros([allU ? 1 : inp.numel(), t.numel()])));
  return dualLevel(() => {
    const [dualInputs, fwGrads] = withZeroTangents(inputs);
    // Runs fn with the tangents as they are and writes each output's tangent, flattened, to row(jacobian).
    const record = (i: number, row: (jac: Tensor) => Tensor) => {
      const outs = asTuple(fn(...dualInputs)).filter(isFloatOrComplex);
      outs.forEach((d, k) => {
        const { primal, tangent } = unpackDual(d);
        if (checkGradDtypes && tangent !== null && primal.isComplex() !== tangent.isComplex())
          throw new GradcheckError("Forward AD gradient has dtype mismatch.");
        const r = row((jacobians[i] as Tensor[])[k] as Tensor);
        if (tangent === null) r.zero_();
        else r.copy_(tangent.reshape(-1));
      });
    };
    fwGrads.forEach((fwGrad, i) => {
      if (allU) {
        const u = allU[i];
        if (u === undefined) return;
        fwGrad.copy_(u.viewAs(fwGrad));
        record(i, (jac) => jac.squeeze_(0));
        fwGrad.zero_();
        return;
      }
      let column = 0;
      for (const idx of indices(fwGrad.shape)) {
        const entry = fwGrad.index(...idx);
        entry.fill_(1);
        const c = column;
        record(i, (jac) => jac.select(0, c));
        entry.fill_(0);
        column++;
      }
    });
    return jacobians;
  });
}

// The inputs with a zero tangent on each that requires grad (inside a dual level), and those tangents as
// the duals hold them: filled in place to set a direction. For a differentiable view the dual's tangent
// may not be the tensor given, so it is read back.
function withZeroTangents(inputs: unknown[]): [unknown[], Tensor[]] {
  const fwGrads: Tensor[] = [];
  const dualInputs = inputs.map((inp) => {
    if (!(inp instanceof Tensor) || !inp.requiresGrad) return inp;
    const d = makeDual(inp.detach(), creation.zerosLike(inp));
    fwGrads.push(unpackDual(d).tangent as Tensor);
    return d;
  });
  return [dualInputs, fwGrads];
}

// gradcheck.py's _test_undefined_forward_mode: with random tangents on the inputs, an input given a
// zero tangent and the same input without one (an undefined tangent) must give the same output tangents.
function testUndefinedForwardMode(func: CheckedFn, inputs: unknown[]): void {
  const { allU } = makeVectors(diffInputs(inputs), [], true);
  dualLevel(() => {
    const [dualInputs, fwGrads] = withZeroTangents(inputs);
    fwGrads.forEach((g, i) => {
      g.copy_((allU[i] as Tensor).viewAs(g));
    });
    inputs.forEach((inp, idx) => {
      if (!(inp instanceof Tensor) || !inp.requiresGrad) return;
      const own = dualInputs[idx];
      // A materialized zero tangent, then no tangent at all.
      dualInputs[idx] = makeDual(inp.detach(), creation.zerosLike(inp));
      const outs1 = asTuple(func(...dualInputs)).filter(isFloatOrComplex);
      dualInputs[idx] = inp.detach();
      const outs2 = asTuple(func(...dualInputs)).filter(isFloatOrComplex);
      dualInputs[idx] = own;
      outs1.forEach((o1, k) => {
        const o2 = outs2[k];
        if (o2 === undefined) return;
        const res1 = unpackDual(o1).tangent;
        const res2 = unpackDual(o2).tangent;
        if (res1 !== null && res2 !== null && !res1.allclose(res2))
          // PyTorch raises GradcheckError with several arguments: its text is their tuple.
          throw new GradcheckError(
            `('Mismatch in tangent values for output with index: ', ${k}, ' when input: ', ${inp}, ' has an undefined tangent value. ', ' Got: ', ${res1}, ' but expected: ', ${res2})`,
          );
      });
    });
  });
}

const realDtype = (d: DType): DType => (d === "complex128" ? "float64" : d === "complex64" ? "float32" : d);

function allcloseWithPromotion(a: Tensor, b: Tensor, rtol: number, atol: number): boolean {
  const dtype = promoteTypes(a.dtype, b.dtype);
  return a.to(dtype).allclose(b.to(dtype), rtol, atol);
}

function notAllcloseMsg(
  analytical: Tensor,
  numerical: Tensor,
  outputIdx: number,
  inputIdx: number,
  complexIndices: number[],
  testImag: boolean,
  isForwardAd = false,
): string {
  // Backward mode splits complex outputs, forward mode complex inputs (both indices as PyTorch's).
  const split = isForwardAd ? complexIndices.includes(inputIdx) : complexIndices.includes(outputIdx);
  const prefix = split
    ? `While considering the ${testImag ? "imaginary" : "real"} part of complex ${isForwardAd ? "inputs" : "outputs"} only, `
    : "";
  const mode = isForwardAd ? "computed with forward mode " : "";
  return `${prefix}Jacobian ${mode}mismatch for output ${outputIdx} with respect to input ${inputIdx},\nnumerical:${numerical}\nanalytical:${analytical}\n`;
}

const FAILED_BATCHED_GRAD_MSG = `
gradcheck or gradgradcheck failed while testing batched gradient computation.
This could have been invoked in a number of ways (via a test that calls
gradcheck/gradgradcheck directly or via an autogenerated test).

If you are adding a new operator, please file an issue and then use one of the
workarounds. The workaround depends on how your test invokes gradcheck/gradgradcheck.
If the test
- manually invokes gradcheck/gradgradcheck, then call gradcheck/gradgradcheck
  with \`check_batched_grad=False\` as a keyword argument.
- is OpInfo-based (e.g., in test_ops_gradients.py), then modify the OpInfo for the test
  to have \`check_batched_grad=False\` and/or \`check_batched_gradgrad=False\`.

If you're modifying an existing operator that supports batched grad computation,
or wish to make a new operator work with batched grad computation, please read
the following.

To compute batched grads (e.g., jacobians, hessians), we vmap over the backward
computation. The most common failure case is if there is a 'vmap-incompatible
operation' in the backward pass. Please see
NOTE: [How to write vmap-compatible backward formulas]
in the codebase for an explanation of how to fix this.
`.trim();

// sic: "dependong", as 1.13 spells it; and unlike the message above, 1.13 keeps this one's leading and
// trailing newline.
const FAILED_BATCHED_GRAD_MSG_FWD_AD = `
gradcheck failed while testing batched gradient computation with forward-mode AD.
This test is enabled automatically when both \`check_batched_grad=True\`
and \`check_forward_ad=True\`, but can be disabled in the following ways
dependong on how the test was invoked (via a test that calls gradcheck
directly or via an autogenerated test).

If you are adding a new operator, please file an issue and then use one of the
workarounds. The workaround depends on how your test invokes gradcheck/gradgradcheck.
If the test
- manually invokes gradcheck/gradgradcheck, then call gradcheck/gradgradcheck
  with \`check_batched_forward_grad=False\` as a keyword argument.
- is OpInfo-based (e.g., in test_ops_gradients.py), then modify the OpInfo for the test
  to have \`check_batched_forward_grad=False\`
`;

function failedBatchedGradTestMsg(
  outputIdx: number,
  inputIdx: number,
  res: Tensor,
  exp: Tensor,
  isForwardAd = false,
): string {
  const msg = isForwardAd ? FAILED_BATCHED_GRAD_MSG_FWD_AD : FAILED_BATCHED_GRAD_MSG;
  return `For output ${outputIdx} and input ${inputIdx}:\n\n${msg}\n\nGot:\n${res}\n\nExpected:\n${exp}`.trim();
}

// What Python's `except RuntimeError` catches: libtorch's errors (a plain Error here), a JS function's own
// Error, and RuntimeError's subclasses (NotImplementedError, LinAlgError, GradcheckError).
const RUNTIME_ERROR_NAMES = new Set(["Error", "RuntimeError", "NotImplementedError", "LinAlgError", "GradcheckError"]);
const isRuntimeError = (e: unknown): e is Error => e instanceof Error && RUNTIME_ERROR_NAMES.has(e.name);

// warnings.catch_warnings() with filterwarnings("ignore", message=...) around fn: libtorch's warnings that
// start with one of `prefixes` are dropped while fn runs (the others go where they went before, through
// the filters of enclosing calls: a gradcheck inside the function checked nests).
type WarningHandler = (message: string, category: string) => void;
let warningHandler: WarningHandler = warn;
function ignoringWarnings<T>(prefixes: string[], fn: () => T): T {
  const prev = warningHandler;
  warningHandler = (message, category) => {
    if (!prefixes.some((p) => message.startsWith(p))) prev(message, category);
  };
  native.setWarningHandler(warningHandler);
  try {
    return fn();
  } finally {
    warningHandler = prev;
    native.setWarningHandler(prev);
  }
}

// torch.zeros([], dtype=t.dtype, device=t.device).expand(t.shape): the zero gradient of an unused input.
const expandedZeros = (t: Tensor) => creation.zeros([], { dtype: t.dtype, device: t.device }).expand(t.shape);

/**
 * gradcheck.py's _test_batched_grad: two vector-Jacobian products of `output` with random grad_outputs
 * (randn_like, the global generator), one at a time, against the same two in one autograd.grad call
 * vmapped over both.
 */
function testBatchedGrad(inputs: unknown[], output: Tensor, outputIdx: number): void {
  const diff = diffInputs(inputs);
  const vjp = (v: Tensor): Tensor[] =>
    grad([output], diff, { gradOutputs: [v], retainGraph: true, allowUnused: true }).map((g, i) =>
      g === null ? expandedZeros(diff[i] as Tensor) : g,
    );
  const gradOutputs = [creation.randnLike(output), creation.randnLike(output)];
  const shards = gradOutputs.map(vjp);
  const expected = diff.map((_, i) => creation.stack(shards.map((s) => s[i] as Tensor)));
  // 1.13's vmap warns "Please use functorch.vmap" (torchts's does not) and its fallback "There is a
  // performance drop" (when those warnings are on); gradcheck silences both here.
  let result: Tensor[];
  try {
    result = ignoringWarnings(
      ["There is a performance drop", "Please use functorch.vmap"],
      () => _vmap(vjp)(creation.stack(gradOutputs)) as Tensor[],
    );
  } catch (e) {
    if (!isRuntimeError(e)) throw e;
    throw new GradcheckError(`While computing batched gradients, got: ${e.message}\n\n${FAILED_BATCHED_GRAD_MSG}`);
  }
  result.forEach((res, inputIdx) => {
    const exp = expected[inputIdx];
    if (exp === undefined || res.allclose(exp)) return;
    throw new GradcheckError(failedBatchedGradTestMsg(outputIdx, inputIdx, res, exp));
  });
}

/**
 * gradcheck.py's _test_batched_grad_forward_ad: for each float or complex input that requires grad, two
 * Jacobian-vector products with random tangents (randn_like), one at a time, against the same two in one
 * call vmapped over both; every other input detached. (The failure message names the output twice, as
 * 1.13's does.)
 */
function testBatchedGradForwardAd(func: CheckedFn, inputs: unknown[]): void {
  inputs.forEach((current, inputIdx) => {
    if (!(current instanceof Tensor) || !current.requiresGrad) return;
    const jvp = (tangent: Tensor): Tensor[] =>
      dualLevel(() => {
        const dual = makeDual(current.detach(), tangent);
        const withDual = inputs.map((inp, idx) =>
          idx === inputIdx ? dual : inp instanceof Tensor ? inp.detach() : inp,
        );
        const ret: Tensor[] = [];
        for (const out of asTuple(func(...withDual))) {
          if (out === null || out === undefined) continue;
          const { primal, tangent: t } = unpackDual(out as Tensor);
          ret.push(t !== null ? t : expandedZeros(primal));
        }
        return ret;
      });
    if (!isFloatOrComplex(current)) return;
    const tangents = [creation.randnLike(current), creation.randnLike(current)];
    const shards = tangents.map(jvp);
    const expected = (shards[0] as Tensor[]).map((_, k) => creation.stack(shards.map((s) => s[k] as Tensor)));
    let result: Tensor[];
    try {
      result = _vmap(jvp)(creation.stack(tangents)) as Tensor[];
    } catch (e) {
      if (!isRuntimeError(e)) throw e;
      throw new GradcheckError(
        `While computing batched gradients, got: ${e.message}\n\n${FAILED_BATCHED_GRAD_MSG_FWD_AD}`,
      );
    }
    result.forEach((res, k) => {
      const exp = expected[k];
      if (exp === undefined || res.allclose(exp)) return;
      throw new GradcheckError(failedBatchedGradTestMsg(k, k, res, exp, true));
    });
  });
}

function testBackwardMulByGradOutput(outputs: Tensor[], inputs: unknown[], checkSparseNnz: boolean): void {
  const diff = diffInputs(inputs);
  if (diff.length === 0) throw new GradcheckError("no Tensors requiring grad found in input");
  const zeros = outputs.map((o) => contiguousZeros(o));
  const grads = grad(outputs, diff, { gradOutputs: zeros, allowUnused: true });
  grads.forEach((g, i) => {
    if (g === null) return;
    let gi = g;
    let di = diff[i] as Tensor;
    if (gi.layout !== "strided") {
      if (gi.layout !== di.layout)
        throw new GradcheckError(`grad is incorrect layout (torch.${gi.layout} is not torch.${di.layout})`);
      if (gi.isSparse) {
        if (gi.sparseDim() !== di.sparseDim())
          throw new GradcheckError("grad is sparse tensor, but has incorrect sparse_dim");
        if (gi.denseDim() !== di.denseDim())
          throw new GradcheckError("grad is sparse tensor, but has incorrect dense_dim");
      }
      gi = gi.toDense();
      di = di.toDense();
    }
    const zero = checkSparseNnz ? gi.allclose(creation.zerosLike(gi)) : (gi.eq(0).all().item() as boolean);
    if (!zero) throw new GradcheckError("backward not multiplied by grad_output");
    if (gi.dtype !== di.dtype || gi.device !== di.device || gi.isSparse !== di.isSparse)
      throw new GradcheckError("grad is incorrect type");
    if (gi.shape.join() !== di.shape.join()) throw new GradcheckError("grad is incorrect size");
  });
}

function testUndefinedBackwardMode(func: CheckedFn, outputs: Tensor[], inputs: unknown[]): void {
  const diff = diffInputs(inputs);
  if (diff.length === 0) throw new GradcheckError("no Tensors requiring grad found in input");
  const bcBreaking = () =>
    warn(
      "Backwards compatibility: New undefined gradient support checking feature is enabled by default, but it " +
        "may break existing callers of this function. If this is true for you, you can call this function with " +
        '"check_undefined_grad=False" to disable the feature',
    );
  const undefinedGrad = (t: Tensor) => new Tensor(native.undefinedGrad(t.handle));
  const check = (outs: Tensor[]) => {
    const zeros = outs.map((o) => contiguousZeros(o));
    let grads: Array<Tensor | null>;
    try {
      grads = grad(outs, diff, { gradOutputs: zeros, allowUnused: true });
    } catch (e) {
      if (!(e instanceof Error) || e instanceof TypeError) throw e;
      bcBreaking();
      throw new GradcheckError(
        'Expected backward function to handle undefined output grads. Please look at "Notes about undefined ' +
          'output gradients" in "tools/autograd/derivatives.yaml"',
      );
    }
    for (const g of grads) {
      if (g !== null && !(g.eq(0).all().item() as boolean)) {
        bcBreaking();
        throw new GradcheckError(
          "Expected all input grads to be undefined or zero when all output grads are undefined or zero. Please " +
            'look at "Notes about undefined output gradients" in "tools/autograd/derivatives.yaml"',
        );
      }
    }
  };
  // Every output's gradient undefined at once, then (with several outputs) one at a time.
  check(differentiableOutputs(func(...inputs)).map(undefinedGrad));
  const n = differentiableOutputs(func(...inputs)).length;
  if (n > 1) {
    for (let k = 0; k < outputs.length; k++)
      check(differentiableOutputs(func(...inputs)).map((o, i) => (i === k ? undefinedGrad(o) : o)));
  }
}

/**
 * torch.autograd.gradgradcheck: {@link gradcheck} of the gradients themselves (second derivatives),
 * with respect to the inputs and to `gradOutputs` (random in [-1, 1) when not given).
 */
export function gradgradcheck(
  func: CheckedFn,
  inputs: unknown,
  gradOutputs: Tensor | Tensor[] | null = null,
  o: GradgradcheckOptions = {},
): boolean {
  checkKwargs(o, GRADGRADCHECK_KEYS, "gradgradcheck");
  if (o.checkRevOverRev === false && !o.checkFwdOverRev)
    throw assertionError("Expected at least one of check_fwd_over_rev or check_rev_over_rev to be True");
  if ((o.checkUndefinedGrad ?? true) && o.checkRevOverRev === false)
    throw assertionError("Setting check_undefined_grad=True requires check_rev_over_rev to be True");
  if (o.checkBatchedGrad && o.checkRevOverRev === false)
    throw assertionError("Setting check_batched_grad=True requires check_rev_over_rev to be True");
  const tupledInputs = asTuple(inputs);
  const tupledGradOutputs =
    gradOutputs === null
      ? differentiableOutputs(func(...tupledInputs)).map((x) => randomGradOutput(x, o.genNonContigGradOutputs ?? false))
      : asTuple(gradOutputs);
  const numOutputs = tupledGradOutputs.length;
  const diffInputIdx = new Set(tupledInputs.flatMap((x, i) => (x instanceof Tensor && x.requiresGrad ? [i] : [])));
  const diffGradOutIdx = new Set(
    tupledGradOutputs.flatMap((x, i) => (x instanceof Tensor && x.requiresGrad ? [i] : [])),
  );
  const newFunc = (...args: unknown[]): Tensor[] => {
    const inputArgs = args
      .slice(0, args.length - numOutputs)
      .map((x, i) => (diffInputIdx.has(i) ? (x as Tensor).requiresGrad_() : x));
    const outputs = differentiableOutputs(func(...inputArgs));
    const gos = args
      .slice(args.length - numOutputs)
      .map((x, i) => (diffGradOutIdx.has(i) ? (x as Tensor).requiresGrad_() : (x as Tensor)));
    const ins = inputArgs.filter((_, i) => diffInputIdx.has(i)) as Tensor[];
    return grad(outputs, ins, { gradOutputs: gos, createGraph: true, allowUnused: true }).filter(
      (g): g is Tensor => g !== null,
    );
  };
  const { genNonContigGradOutputs: _g, checkFwdOverRev, checkRevOverRev, ...rest } = o;
  return gradcheck(newFunc, [...tupledInputs, ...tupledGradOutputs], {
    ...rest,
    checkForwardAd: checkFwdOverRev ?? false,
    checkBackwardAd: checkRevOverRev ?? true,
  });
}

// torch.testing.make_tensor(x.shape, low=-1, high=1, requires_grad=True, noncontiguous=...): uniform in
// [-1, 1) in x's dtype (float64 for a non-float x).
function randomGradOutput(x: Tensor, noncontiguous: boolean): Tensor {
  const dtype = x.isFloatingPoint() || x.isComplex() ? x.dtype : "float64";
  let t = creation.rand(x.shape, { dtype, device: x.device }).mul(2).sub(1);
  if (noncontiguous && t.numel() > 1) t = t.repeatInterleave(2, -1).index("...", slice(null, null, 2));
  return t.detach().requiresGrad_();
}
