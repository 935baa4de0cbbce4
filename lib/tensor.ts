// Tensor: a handle to a libtorch tensor. Every computation runs in libtorch; this file only checks
// arguments, picks the native entry point and wraps the returned handle.

import { type Device, type DeviceLike, parseTo } from "./device";
import {
  checkDtype,
  type DType,
  type DTypeLike,
  dtypeName,
  isFloating,
  SCALAR_TYPE,
  type TypedArray,
  viewBytes,
} from "./dtype";
import { encodeIndices, type IndexItem } from "./indexing";
import { retrack, track, untrack } from "./memory";
import { type Handle, native } from "./native";
import { checkInt, checkIntList, checkNumber } from "./utils/check";
import { formatTensor } from "./utils/format";
import { bindArgs } from "./utils/kwargs";

export type Scalar = number | boolean;
export type Shape = number[];
export type NestedArray = number | boolean | NestedArray[];

/** sum/mean/max/min/argmax's trailing arguments: positional (PyTorch's form) or one options object. */
function reductionArgs(
  rest: unknown[],
  names: readonly string[],
  fn: string,
  positional = names.length,
): Record<string, unknown> {
  const o = bindArgs(rest, names, fn, 1, positional);
  if (o.keepdim !== undefined && typeof o.keepdim !== "boolean")
    throw new TypeError(`${fn}(): argument 'keepdim' must be bool, not ${typeof o.keepdim}`);
  return o;
}

let warnedT = false;

export class Tensor {
  private _h: number;
  /** @internal */ registered = false;
  /** @internal */ scoped = false;

  /** @internal Wraps a native handle; users create tensors with torch.tensor(), zeros(), ... */
  constructor(handle: number) {
    if (handle >>> 0 !== handle) throw new TypeError(`not a tensor handle: ${String(handle)}`);
    this._h = handle;
    track(this);
  }

  /** @internal */
  rawHandle(): number {
    return this._h;
  }

  /** @internal */
  get handle(): number {
    if (this._h < 0) throw new Error("Tensor has been disposed");
    return this._h;
  }

  get isDisposed(): boolean {
    return this._h < 0;
  }

  /** Frees the native tensor now. Using the tensor afterwards throws. Safe to call twice. */
  dispose(): void {
    if (this._h < 0) return;
    untrack(this);
    native.dispose(this._h);
    this._h = -1;
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  /** @internal Points this object at another native tensor (Module.to keeps Parameter identity). */
  swap(h: number): void {
    const old = this.handle;
    this._h = h;
    retrack(this);
    native.dispose(old);
  }

  // ---- facts
  get shape(): Shape {
    return native.shape(this.handle);
  }
  size(): Shape;
  size(dim: number): number;
  size(dim?: number): Shape | number {
    if (dim === undefined) return this.shape;
    return native.size(this.handle, checkInt(dim, "dim"));
  }
  get dtype(): DType {
    return dtypeName(native.dtype(this.handle));
  }
  get device(): Device {
    return native.device(this.handle) as Device;
  }
  get isCuda(): boolean {
    return this.device.startsWith("cuda");
  }
  numel(): number {
    return native.numel(this.handle);
  }
  dim(): number {
    return native.dim(this.handle);
  }
  get ndim(): number {
    return this.dim();
  }
  isContiguous(): boolean {
    return native.isContiguous(this.handle);
  }
  isFloatingPoint(): boolean {
    return isFloating(this.dtype);
  }

  // ---- autograd
  get requiresGrad(): boolean {
    return native.requiresGrad(this.handle);
  }
  set requiresGrad(v: boolean) {
    this.requiresGrad_(v);
  }
  requiresGrad_(v = true): this {
    if (typeof v !== "boolean") throw new TypeError("requiresGrad must be a boolean");
    if (!v && !this.isLeaf) {
      throw new Error(
        "you can only change requires_grad flags of leaf variables. If you want to use a computed variable " +
          "in a subgraph that doesn't require differentiation use var_no_grad = var.detach().",
      );
    }
    native.setRequiresGrad(this.handle, v);
    return this;
  }
  get grad(): Tensor | null {
    const g = native.grad(this.handle);
    return g === null ? null : new Tensor(g);
  }
  set grad(g: Tensor | null) {
    if (g !== null && !(g instanceof Tensor)) throw new TypeError("grad must be a Tensor or null");
    native.setGrad(this.handle, g === null ? undefined : g.handle);
  }
  get isLeaf(): boolean {
    return native.isLeaf(this.handle);
  }
  get gradFn(): string | null {
    return native.gradFn(this.handle);
  }
  backward(gradient?: Tensor, opts: { retainGraph?: boolean; createGraph?: boolean } = {}): void {
    if (gradient !== undefined && !(gradient instanceof Tensor)) throw new TypeError("gradient must be a Tensor");
    native.backward(this.handle, gradient?.handle, opts.retainGraph, opts.createGraph ?? false);
  }
  retainGrad(): void {
    native.retainGrad(this.handle);
  }
  detach(): Tensor {
    return new Tensor(native.detach(this.handle));
  }
  detach_(): this {
    native.detach_(this.handle);
    return this;
  }

  // ---- moves
  to(
    target: DeviceLike | DTypeLike | Tensor,
    opts: { dtype?: DTypeLike; nonBlocking?: boolean; copy?: boolean } = {},
  ): Tensor {
    let device: string | undefined;
    let dtype: DType | undefined = opts.dtype === undefined ? undefined : checkDtype(opts.dtype);
    if (target instanceof Tensor) {
      device = target.device;
      dtype = target.dtype;
    } else ({ device, dtype = dtype } = parseTo(target));
    const code = dtype === undefined ? -1 : SCALAR_TYPE[dtype];
    const o = { device, dtype: code, nonBlocking: opts.nonBlocking ?? false, copy: opts.copy ?? false };
    return new Tensor(native.to(this.handle, o));
  }
  cpu(): Tensor {
    return this.to("cpu");
  }
  cuda(device: number = 0, opts: { nonBlocking?: boolean } = {}): Tensor {
    return this.to(`cuda:${checkInt(device, "device")}`, opts);
  }
  float(): Tensor {
    return this.to("float32");
  }
  double(): Tensor {
    return this.to("float64");
  }
  long(): Tensor {
    return this.to("int64");
  }
  int(): Tensor {
    return this.to("int32");
  }
  bool(): Tensor {
    return this.to("bool");
  }
  pinMemory(): Tensor {
    return new Tensor(native.pinMemory(this.handle));
  }
  isPinned(): boolean {
    return native.isPinned(this.handle);
  }
  contiguous(): Tensor {
    return new Tensor(native.contiguous(this.handle));
  }
  clone(): Tensor {
    return new Tensor(native.clone(this.handle));
  }
  copy_(src: Tensor, nonBlocking = false): this {
    native.copy_(this.handle, asTensor(src, "src").handle, nonBlocking);
    return this;
  }

  // ---- reading back
  /** A synchronous copy of the elements, in row-major order (float16/bfloat16 as raw bits). */
  toTypedArray(): TypedArray {
    return viewBytes(this.dtype, native.toBuffer(this.handle));
  }
  /** The same copy without blocking the event loop while a GPU copies. */
  async toTypedArrayAsync(): Promise<TypedArray> {
    const d = this.dtype;
    return viewBytes(d, await native.toBufferAsync(this.handle));
  }
  /** The elements as plain numbers in row-major order. */
  toArray(): number[] | boolean[] {
    const d = this.dtype;
    if (d === "float16" || d === "bfloat16") return this.to("float32").toArray();
    const a = this.toTypedArray();
    if (d === "bool") return Array.from(a as Uint8Array, (x) => x !== 0);
    if (d === "int64") return Array.from(a as BigInt64Array, Number);
    return Array.from(a as Float32Array);
  }
  item(): number | boolean {
    return native.item(this.handle);
  }
  tolist(): NestedArray {
    const flat = this.toArray();
    const shape = this.shape;
    if (shape.length === 0) return flat[0];
    let i = 0;
    const build = (d: number): NestedArray[] => {
      const out: NestedArray[] = [];
      for (let k = 0; k < shape[d]; k++) out.push(d === shape.length - 1 ? flat[i++] : build(d + 1));
      return out;
    };
    return build(0);
  }
  toString(): string {
    return formatTensor(this);
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  // ---- arithmetic
  add(other: Tensor | Scalar, opts: { alpha?: number } = {}): Tensor {
    if (opts.alpha !== undefined && other instanceof Tensor)
      return new Tensor(native.addAlpha(this.handle, other.handle, checkNumber(opts.alpha, "alpha")));
    return this.bin(ADD, other, opts.alpha);
  }
  add_(other: Tensor | Scalar, opts: { alpha?: number } = {}): this {
    if (opts.alpha !== undefined && other instanceof Tensor) {
      native.addAlpha_(this.handle, other.handle, checkNumber(opts.alpha, "alpha"));
      return this;
    }
    return this.binIn(ADD, other, opts.alpha);
  }
  sub(other: Tensor | Scalar, opts: { alpha?: number } = {}): Tensor {
    if (opts.alpha !== undefined && other instanceof Tensor)
      return new Tensor(native.subAlpha(this.handle, other.handle, checkNumber(opts.alpha, "alpha")));
    return this.bin(SUB, other, opts.alpha);
  }
  sub_(other: Tensor | Scalar, opts: { alpha?: number } = {}): this {
    if (opts.alpha !== undefined && other instanceof Tensor) {
      native.subAlpha_(this.handle, other.handle, checkNumber(opts.alpha, "alpha"));
      return this;
    }
    return this.binIn(SUB, other, opts.alpha);
  }
  mul(other: Tensor | Scalar): Tensor {
    return this.bin(MUL, other);
  }
  mul_(other: Tensor | Scalar): this {
    return this.binIn(MUL, other);
  }
  div(other: Tensor | Scalar): Tensor {
    return this.bin(DIV, other);
  }
  div_(other: Tensor | Scalar): this {
    return this.binIn(DIV, other);
  }
  pow(exponent: Tensor | Scalar): Tensor {
    return this.bin(POW, exponent);
  }
  pow_(exponent: Tensor | Scalar): this {
    return this.binIn(POW, exponent);
  }
  remainder(other: Tensor | Scalar): Tensor {
    return this.bin(REMAINDER, other);
  }
  /** other - this */
  rsub(other: Scalar): Tensor {
    return new Tensor(native.rsubS(this.handle, checkScalar(other)));
  }
  eq(other: Tensor | Scalar): Tensor {
    return this.bin(EQ, other);
  }
  ne(other: Tensor | Scalar): Tensor {
    return this.bin(NE, other);
  }
  lt(other: Tensor | Scalar): Tensor {
    return this.bin(LT, other);
  }
  le(other: Tensor | Scalar): Tensor {
    return this.bin(LE, other);
  }
  gt(other: Tensor | Scalar): Tensor {
    return this.bin(GT, other);
  }
  ge(other: Tensor | Scalar): Tensor {
    return this.bin(GE, other);
  }
  maximum(other: Tensor): Tensor {
    return new Tensor(native.maximum(this.handle, asTensor(other, "other").handle));
  }
  minimum(other: Tensor): Tensor {
    return new Tensor(native.minimum(this.handle, asTensor(other, "other").handle));
  }
  matmul(other: Tensor): Tensor {
    return new Tensor(native.matmul(this.handle, asTensor(other, "other").handle));
  }
  mm(other: Tensor): Tensor {
    return new Tensor(native.mm(this.handle, asTensor(other, "other").handle));
  }
  clamp(min?: Scalar | Tensor | null, max?: Scalar | Tensor | null): Tensor {
    if (min instanceof Tensor || max instanceof Tensor) {
      return new Tensor(
        native.clampT(
          this.handle,
          min == null ? undefined : asTensor(min, "min").handle,
          max == null ? undefined : asTensor(max, "max").handle,
        ),
      );
    }
    return new Tensor(
      native.clamp(this.handle, min == null ? undefined : checkScalar(min), max == null ? undefined : checkScalar(max)),
    );
  }
  clamp_(min?: Scalar | null, max?: Scalar | null): this {
    native.clamp_(this.handle, min == null ? undefined : checkScalar(min), max == null ? undefined : checkScalar(max));
    return this;
  }
  neg(): Tensor {
    return new Tensor(native.neg(this.handle));
  }
  neg_(): this {
    native.neg_(this.handle);
    return this;
  }
  sqrt(): Tensor {
    return new Tensor(native.sqrt(this.handle));
  }
  sqrt_(): this {
    native.sqrt_(this.handle);
    return this;
  }
  rsqrt(): Tensor {
    return new Tensor(native.rsqrt(this.handle));
  }
  exp(): Tensor {
    return new Tensor(native.exp(this.handle));
  }
  exp_(): this {
    native.exp_(this.handle);
    return this;
  }
  log(): Tensor {
    return new Tensor(native.log(this.handle));
  }
  log_(): this {
    native.log_(this.handle);
    return this;
  }
  abs(): Tensor {
    return new Tensor(native.abs(this.handle));
  }
  abs_(): this {
    native.abs_(this.handle);
    return this;
  }
  sign(): Tensor {
    return new Tensor(native.sign(this.handle));
  }
  floor(): Tensor {
    return new Tensor(native.floor(this.handle));
  }
  ceil(): Tensor {
    return new Tensor(native.ceil(this.handle));
  }
  round(): Tensor {
    return new Tensor(native.round(this.handle));
  }
  reciprocal(): Tensor {
    return new Tensor(native.reciprocal(this.handle));
  }
  sigmoid(): Tensor {
    return new Tensor(native.sigmoid(this.handle));
  }
  tanh(): Tensor {
    return new Tensor(native.tanh(this.handle));
  }
  sin(): Tensor {
    return new Tensor(native.sin(this.handle));
  }
  cos(): Tensor {
    return new Tensor(native.cos(this.handle));
  }
  relu(): Tensor {
    return new Tensor(native.relu(this.handle));
  }
  relu_(): this {
    native.relu_(this.handle);
    return this;
  }
  logicalNot(): Tensor {
    return new Tensor(native.logicalNot(this.handle));
  }
  isnan(): Tensor {
    return new Tensor(native.isnan(this.handle));
  }
  zero_(): this {
    native.zero_(this.handle);
    return this;
  }
  fill_(value: Scalar): this {
    native.fill_(this.handle, checkScalar(value));
    return this;
  }
  uniform_(from = 0, to = 1): this {
    native.uniform_(this.handle, checkNumber(from, "from"), checkNumber(to, "to"));
    return this;
  }
  normal_(mean = 0, std = 1): this {
    native.normal_(this.handle, checkNumber(mean, "mean"), checkNumber(std, "std"));
    return this;
  }

  // ---- reductions
  /** PyTorch's positional form: sum(dim, keepdim, {dtype}) (dtype is keyword-only, as in PyTorch). */
  sum(dim: number | number[] | null, keepdim: boolean, opts?: { dtype?: DType }): Tensor;
  sum(dim?: number | number[] | null, opts?: { keepdim?: boolean; dtype?: DType }): Tensor;
  sum(dim?: number | number[] | null, ...rest: unknown[]): Tensor {
    const opts = reductionArgs(rest, ["keepdim", "dtype"], "sum", 1) as { keepdim?: boolean; dtype?: DType };
    return new Tensor(
      native.sum(
        this.handle,
        dimArg(dim ?? undefined),
        opts.keepdim ?? false,
        opts.dtype === undefined ? -1 : SCALAR_TYPE[checkDtype(opts.dtype)],
      ),
    );
  }
  /** PyTorch's positional form: mean(dim, keepdim). */
  mean(dim: number | number[] | null, keepdim: boolean): Tensor;
  mean(dim?: number | number[] | null, opts?: { keepdim?: boolean }): Tensor;
  mean(dim?: number | number[] | null, ...rest: unknown[]): Tensor {
    const opts = reductionArgs(rest, ["keepdim"], "mean") as { keepdim?: boolean };
    return new Tensor(native.mean(this.handle, dimArg(dim ?? undefined), opts.keepdim ?? false));
  }
  std(dim?: number | number[], opts: { keepdim?: boolean; unbiased?: boolean } = {}): Tensor {
    return new Tensor(native.std(this.handle, dimArg(dim), opts.keepdim ?? false, opts.unbiased ?? true));
  }
  var(dim?: number | number[], opts: { keepdim?: boolean; unbiased?: boolean } = {}): Tensor {
    return new Tensor(native.var(this.handle, dimArg(dim), opts.keepdim ?? false, opts.unbiased ?? true));
  }
  prod(): Tensor;
  prod(dim: number, keepdim?: boolean): Tensor;
  prod(dim: number, opts?: { keepdim?: boolean }): Tensor;
  prod(dim?: number, ...rest: unknown[]): Tensor {
    const opts = reductionArgs(rest, ["keepdim"], "prod") as { keepdim?: boolean };
    if (dim === undefined) return new Tensor(native.prod(this.handle));
    return new Tensor(native.prod(this.handle, checkInt(dim, "dim"), opts.keepdim ?? false));
  }
  max(): Tensor;
  /** PyTorch's positional form: max(dim, keepdim). */
  max(dim: number, keepdim: boolean): [Tensor, Tensor];
  max(dim: number, opts?: { keepdim?: boolean }): [Tensor, Tensor];
  max(dim?: number, ...rest: unknown[]): Tensor | [Tensor, Tensor] {
    const opts = reductionArgs(rest, ["keepdim"], "max") as { keepdim?: boolean };
    if (dim === undefined) return new Tensor(native.max(this.handle));
    const [v, i] = native.max(this.handle, checkInt(dim, "dim"), opts.keepdim ?? false);
    return [new Tensor(v), new Tensor(i)];
  }
  min(): Tensor;
  /** PyTorch's positional form: min(dim, keepdim). */
  min(dim: number, keepdim: boolean): [Tensor, Tensor];
  min(dim: number, opts?: { keepdim?: boolean }): [Tensor, Tensor];
  min(dim?: number, ...rest: unknown[]): Tensor | [Tensor, Tensor] {
    const opts = reductionArgs(rest, ["keepdim"], "min") as { keepdim?: boolean };
    if (dim === undefined) return new Tensor(native.min(this.handle));
    const [v, i] = native.min(this.handle, checkInt(dim, "dim"), opts.keepdim ?? false);
    return [new Tensor(v), new Tensor(i)];
  }
  /** PyTorch's positional form: argmax(dim, keepdim). */
  argmax(dim: number | null, keepdim: boolean): Tensor;
  argmax(dim?: number | null, opts?: { keepdim?: boolean }): Tensor;
  argmax(dim?: number | null, ...rest: unknown[]): Tensor {
    const opts = reductionArgs(rest, ["keepdim"], "argmax") as { keepdim?: boolean };
    return new Tensor(
      native.argmax(
        this.handle,
        dim === undefined || dim === null ? undefined : checkInt(dim, "dim"),
        opts.keepdim ?? false,
      ),
    );
  }
  argmin(dim: number | null, keepdim: boolean): Tensor;
  argmin(dim?: number | null, opts?: { keepdim?: boolean }): Tensor;
  argmin(dim?: number | null, ...rest: unknown[]): Tensor {
    const opts = reductionArgs(rest, ["keepdim"], "argmin") as { keepdim?: boolean };
    const d = dim === undefined || dim === null ? undefined : checkInt(dim, "dim");
    return new Tensor(native.argmin(this.handle, d, opts.keepdim ?? false));
  }
  allclose(other: Tensor, rtol = 1e-5, atol = 1e-8, equalNan = false): boolean {
    return native.allclose(this.handle, asTensor(other, "other").handle, { rtol, atol, equalNan });
  }
  equal(other: Tensor): boolean {
    return native.equal(this.handle, asTensor(other, "other").handle);
  }

  // ---- shapes and indexing
  reshape(...shape: Array<number | number[]>): Tensor {
    return new Tensor(native.reshape(this.handle, shapeArg(shape)));
  }
  view(...shape: Array<number | number[]>): Tensor {
    return new Tensor(native.view(this.handle, shapeArg(shape)));
  }
  expand(...shape: Array<number | number[]>): Tensor {
    return new Tensor(native.expand(this.handle, shapeArg(shape)));
  }
  flatten(startDim = 0, endDim = -1): Tensor {
    return new Tensor(native.flatten(this.handle, checkInt(startDim, "startDim"), checkInt(endDim, "endDim")));
  }
  squeeze(dim?: number): Tensor {
    return new Tensor(native.squeeze(this.handle, dim === undefined ? undefined : checkInt(dim, "dim")));
  }
  unsqueeze(dim: number): Tensor {
    return new Tensor(native.unsqueeze(this.handle, checkInt(dim, "dim")));
  }
  permute(...dims: Array<number | number[]>): Tensor {
    return new Tensor(native.permute(this.handle, shapeArg(dims)));
  }
  transpose(dim0: number, dim1: number): Tensor {
    return new Tensor(native.transpose(this.handle, checkInt(dim0, "dim0"), checkInt(dim1, "dim1")));
  }
  /** x.T: the dimensions reversed (PyTorch 1.13's numpy_T, which warns once for ndim other than 0 and 2). */
  get T(): Tensor {
    const n = this.dim();
    if (n !== 2 && n !== 0 && !warnedT) {
      warnedT = true;
      process.emitWarning(
        "The use of `x.T` on tensors of dimension other than 2 to reverse their shape is deprecated and it will " +
          "throw an error in a future release. Consider `x.mT` to transpose batches of matrices or " +
          "`x.permute(*torch.arange(x.ndim - 1, -1, -1))` to reverse the dimensions of a tensor.",
        "UserWarning",
      );
    }
    return this.permute(Array.from({ length: n }, (_, i) => n - 1 - i));
  }
  /** x.softmax(dim) */
  softmax(dim: number): Tensor {
    return new Tensor(native.softmax(this.handle, checkInt(dim, "dim")));
  }
  /** x.log_softmax(dim) */
  logSoftmax(dim: number): Tensor {
    return new Tensor(native.logSoftmax(this.handle, checkInt(dim, "dim")));
  }
  /** x.view_as(other): this data with other's shape. */
  viewAs(other: Tensor): Tensor {
    return this.view(asTensor(other, "other").shape);
  }
  /** x.expand_as(other) */
  expandAs(other: Tensor): Tensor {
    return this.expand(asTensor(other, "other").shape);
  }
  /** x.type_as(other): this cast to other's dtype. */
  typeAs(other: Tensor): Tensor {
    return this.to(asTensor(other, "other").dtype);
  }
  /** x.data: the same data, detached from autograd. */
  get data(): Tensor {
    return this.detach();
  }
  /**
   * x[...]: `x.index(0, ":", null, "...", torch.slice(1, null, 2), mask)` is Python's
   * `x[0, :, None, ..., 1::2, mask]`; views where Python gives views.
   */
  index(...indices: IndexItem[]): Tensor {
    return new Tensor(native.index(this.handle, encodeIndices(indices)));
  }
  /** x[...] = value, in place. */
  indexPut_(indices: IndexItem[], value: Tensor | Scalar): this {
    if (!Array.isArray(indices)) throw new TypeError("indexPut_ takes an array of indices");
    if (value instanceof Tensor) native.indexPut_(this.handle, encodeIndices(indices), value.handle);
    else native.indexFill_(this.handle, encodeIndices(indices), checkScalar(value));
    return this;
  }
  /** Iterates along dim 0, as `for x in tensor` does in Python. */
  *[Symbol.iterator](): Generator<Tensor> {
    if (this.dim() === 0) throw new TypeError("iteration over a 0-d tensor");
    const n = this.size(0);
    for (let i = 0; i < n; i++) yield this.select(0, i);
  }
  select(dim: number, index: number): Tensor {
    return new Tensor(native.select(this.handle, checkInt(dim, "dim"), checkInt(index, "index")));
  }
  indexSelect(dim: number, index: Tensor): Tensor {
    return new Tensor(native.indexSelect(this.handle, checkInt(dim, "dim"), asTensor(index, "index").handle));
  }
  narrow(dim: number, start: number, length: number): Tensor {
    return new Tensor(
      native.narrow(this.handle, checkInt(dim, "dim"), checkInt(start, "start"), checkInt(length, "length")),
    );
  }
  flip(...dims: Array<number | number[]>): Tensor {
    return new Tensor(native.flip(this.handle, shapeArg(dims)));
  }
  gather(dim: number, index: Tensor): Tensor {
    return new Tensor(native.gather(this.handle, checkInt(dim, "dim"), asTensor(index, "index").handle));
  }
  maskedFill(mask: Tensor, value: Scalar): Tensor {
    return new Tensor(native.maskedFill(this.handle, asTensor(mask, "mask").handle, checkScalar(value)));
  }

  private bin(f: BinaryOp, other: Tensor | Scalar, alpha?: number): Tensor {
    if (alpha !== undefined) other = (checkScalar(other as Scalar) as number) * checkNumber(alpha, "alpha");
    if (other instanceof Tensor) return new Tensor(f.tt(this.handle, other.handle));
    return new Tensor(f.ts(this.handle, checkScalar(other)));
  }
  private binIn(f: InPlaceBinaryOp, other: Tensor | Scalar, alpha?: number): this {
    if (alpha !== undefined) other = (checkScalar(other as Scalar) as number) * checkNumber(alpha, "alpha");
    if (other instanceof Tensor) f.tt_(this.handle, other.handle);
    else f.ts_(this.handle, checkScalar(other));
    return this;
  }
}

// The native entry points of each binary op: with a tensor (tt) or a number (ts), and in place.
interface BinaryOp {
  tt(a: Handle, b: Handle): Handle;
  ts(a: Handle, b: Scalar): Handle;
}
interface InPlaceBinaryOp {
  tt_(a: Handle, b: Handle): void;
  ts_(a: Handle, b: Scalar): void;
}
const ADD = { tt: native.add, ts: native.addS, tt_: native.add_, ts_: native.addS_ };
const SUB = { tt: native.sub, ts: native.subS, tt_: native.sub_, ts_: native.subS_ };
const MUL = { tt: native.mul, ts: native.mulS, tt_: native.mul_, ts_: native.mulS_ };
const DIV = { tt: native.div, ts: native.divS, tt_: native.div_, ts_: native.divS_ };
const POW = { tt: native.pow, ts: native.powS, tt_: native.pow_, ts_: native.powS_ };
const REMAINDER = { tt: native.remainder, ts: native.remainderS };
const EQ = { tt: native.eq, ts: native.eqS };
const NE = { tt: native.ne, ts: native.neS };
const LT = { tt: native.lt, ts: native.ltS };
const LE = { tt: native.le, ts: native.leS };
const GT = { tt: native.gt, ts: native.gtS };
const GE = { tt: native.ge, ts: native.geS };

export function asTensor(v: unknown, what: string): Tensor {
  if (!(v instanceof Tensor)) throw new TypeError(`${what} must be a Tensor, got ${v === null ? "null" : typeof v}`);
  return v;
}

export function checkScalar(v: unknown): Scalar {
  if (typeof v === "boolean") return v;
  if (typeof v !== "number")
    throw new TypeError(`expected a number or a Tensor, got ${v === null ? "null" : typeof v}`);
  return v;
}

function dimArg(dim: number | number[] | undefined): number[] | undefined {
  if (dim === undefined) return undefined;
  return typeof dim === "number" ? [checkInt(dim, "dim")] : checkIntList(dim, "dim");
}

function shapeArg(shape: Array<number | number[]>): number[] {
  if (shape.length === 1 && Array.isArray(shape[0])) return checkIntList(shape[0], "shape");
  return checkIntList(shape as number[], "shape");
}

/**
 * torch.Tensor as the package exports it: the Tensor class for `instanceof` and for types, but
 * `new torch.Tensor(...)` throws, so user code cannot wrap a made-up or another tensor's handle (the
 * internal constructor, reached only from inside the library, takes the handles native calls return).
 */
function TensorPublic(): never {
  throw new TypeError(
    "torch.Tensor cannot be constructed directly; create tensors with torch.tensor(data), torch.zeros(shape), ...",
  );
}
TensorPublic.prototype = Tensor.prototype;
Object.defineProperty(TensorPublic, "name", { value: "Tensor" });
export const PublicTensor = TensorPublic as unknown as typeof Tensor;
Object.defineProperty(Tensor.prototype, "constructor", {
  value: PublicTensor,
  writable: true,
  configurable: true,
  enumerable: false,
});
