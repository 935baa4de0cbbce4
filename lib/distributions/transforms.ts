// torch.distributions.transforms: invertible transforms with computable log-det-Jacobians, op for op
// as PyTorch 1.13's transforms.py (the transforms the distributions build on).

import { cat, eye, fullLike, stack, zerosLike } from "../creation";
import { NotImplementedError, ValueError } from "../errors";
import { broadcastShapes } from "../functions";
import { logsigmoid, softplus } from "../nn/functional";
import { pad } from "../nn/functional_resample";
import { Tensor } from "../tensor";
import { finfo } from "../type_info";
import { pySize } from "../utils/pyrepr";
import * as constraints from "./constraints";
import { broadcastAll, sumRightmost, type TensorOrNumber, trilMatrixToVec, vecToTrilMatrix } from "./utils";

/** The cache option every transform takes: PyTorch's `cache_size` (0: no caching; 1: the latest value). */
export interface TransformOptions {
  /** 0 (default) or 1. */
  cacheSize?: number;
}

/** A transform's sign: +1/-1 for monotone univariate transforms, or a tensor (AffineTransform). */
export type Sign = number | Tensor;

function shapeEq(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
function signMul(a: Sign, b: Sign): Sign {
  if (typeof a === "number" && typeof b === "number") return a * b;
  if (a instanceof Tensor) return a.mul(b);
  return (b as Tensor).mul(a);
}

/**
 * transforms.Transform: an invertible (or pseudo-invertible) transformation with a computable
 * log-abs-det-Jacobian. `call(x)` computes `y`, `inv` is the inverse transform; with `cacheSize: 1`
 * the latest `(x, y)` pair is remembered, so `t.inv.call(t.call(x))` returns `x` itself.
 */
export abstract class Transform {
  /** @internal */ _cacheSize: number;
  /** @internal */ _cachedXY: [Tensor | null, Tensor | null] = [null, null];
  /** @internal */ _invCache: Transform | null = null;

  constructor(o: TransformOptions = {}) {
    const cacheSize = o.cacheSize ?? 0;
    this._cacheSize = cacheSize;
    if (cacheSize !== 0 && cacheSize !== 1) throw new ValueError("cache_size must be 0 or 1");
  }
  /** The constraint on valid inputs. */
  abstract get domain(): constraints.Constraint;
  /** The constraint on valid outputs (the inputs of the inverse). */
  abstract get codomain(): constraints.Constraint;
  /** Whether `t.inv(t(x)) == x` and `t(t.inv(y)) == y` on the domain and codomain. */
  get bijective(): boolean {
    return false;
  }
  /** The event dimension when the domain's and codomain's agree. */
  get eventDim(): number {
    if (this.domain.eventDim === this.codomain.eventDim) return this.domain.eventDim;
    throw new ValueError("Please use either .domain.event_dim or .codomain.event_dim");
  }
  /** The inverse transform (`t.inv.inv` is `t`). */
  get inv(): Transform {
    if (this._invCache === null) this._invCache = new _InverseTransform(this);
    return this._invCache;
  }
  /** The sign of the Jacobian's determinant, for bijective univariate transforms. */
  get sign(): Sign {
    throw new NotImplementedError();
  }
  /** This transform with the given cache size (itself when it already has it). */
  withCache(cacheSize = 1): Transform {
    if (this._cacheSize === cacheSize) return this;
    throw new NotImplementedError(`<class '${this.constructor.name}'>.with_cache is not implemented`);
  }
  /** Python's `==`: identity unless the transform compares by parameters. */
  equals(other: Transform): boolean {
    return this === other;
  }
  /** Computes `y = t(x)` (from the cache when `x` is the cached input). */
  call(x: Tensor): Tensor {
    if (this._cacheSize === 0) return this._call(x);
    const [xOld, yOld] = this._cachedXY;
    if (x === xOld) return yOld as Tensor;
    const y = this._call(x);
    this._cachedXY = [x, y];
    return y;
  }
  /** Inverts `y => x` (from the cache when `y` is the cached output). @internal */
  _invCall(y: Tensor): Tensor {
    if (this._cacheSize === 0) return this._inverse(y);
    const [xOld, yOld] = this._cachedXY;
    if (y === yOld) return xOld as Tensor;
    const x = this._inverse(y);
    this._cachedXY = [x, y];
    return x;
  }
  /** The forward computation. @internal */
  _call(_x: Tensor): Tensor {
    throw new NotImplementedError();
  }
  /** The inverse computation. @internal */
  _inverse(_y: Tensor): Tensor {
    throw new NotImplementedError();
  }
  /** `log |dy/dx|` given the input and the output. */
  logAbsDetJacobian(_x: Tensor, _y: Tensor): Tensor {
    throw new NotImplementedError();
  }
  /** The output shape for an input shape (the same by default). */
  forwardShape(shape: number[]): number[] {
    return shape;
  }
  /** The input shape for an output shape (the same by default). */
  inverseShape(shape: number[]): number[] {
    return shape;
  }
  /** PyTorch's repr. */
  toString(): string {
    return `${this.constructor.name}()`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** The inverse of a transform (PyTorch's private _InverseTransform; use `Transform.inv`). */
export class _InverseTransform extends Transform {
  /** The transform inverted. */
  readonly _inv: Transform;
  constructor(transform: Transform) {
    super({ cacheSize: transform._cacheSize });
    this._inv = transform;
  }
  override get domain(): constraints.Constraint {
    return this._inv.codomain;
  }
  override get codomain(): constraints.Constraint {
    return this._inv.domain;
  }
  override get bijective(): boolean {
    return this._inv.bijective;
  }
  override get sign(): Sign {
    return this._inv.sign;
  }
  override get inv(): Transform {
    return this._inv;
  }
  override withCache(cacheSize = 1): Transform {
    return this.inv.withCache(cacheSize).inv;
  }
  override equals(other: Transform): boolean {
    if (!(other instanceof _InverseTransform)) return false;
    return this._inv.equals(other._inv);
  }
  override toString(): string {
    return `${this.constructor.name}(${this._inv})`;
  }
  override call(x: Tensor): Tensor {
    return this._inv._invCall(x);
  }
  override logAbsDetJacobian(x: Tensor, y: Tensor): Tensor {
    return this._inv.logAbsDetJacobian(y, x).neg();
  }
  override forwardShape(shape: number[]): number[] {
    return this._inv.inverseShape(shape);
  }
  override inverseShape(shape: number[]): number[] {
    return this._inv.forwardShape(shape);
  }
}

/** transforms.ComposeTransform(parts): the transforms applied in order (the parts do the caching). */
export class ComposeTransform extends Transform {
  /** The transforms, first applied first. */
  readonly parts: Transform[];
  constructor(parts: Transform[], o: TransformOptions = {}) {
    const cacheSize = o.cacheSize ?? 0;
    const ps = cacheSize ? parts.map((part) => part.withCache(cacheSize)) : parts;
    super({ cacheSize });
    this.parts = ps;
  }
  override equals(other: Transform): boolean {
    if (!(other instanceof ComposeTransform)) return false;
    return this.parts.length === other.parts.length && this.parts.every((p, i) => p.equals(other.parts[i]));
  }
  override get domain(): constraints.Constraint {
    if (this.parts.length === 0) return constraints.real;
    let domain = this.parts[0].domain;
    let eventDim = this.parts[this.parts.length - 1].codomain.eventDim;
    for (const part of [...this.parts].reverse()) {
      eventDim += part.domain.eventDim - part.codomain.eventDim;
      eventDim = Math.max(eventDim, part.domain.eventDim);
    }
    if (eventDim < domain.eventDim) throw new Error("AssertionError");
    if (eventDim > domain.eventDim) domain = constraints.independent(domain, eventDim - domain.eventDim);
    return domain;
  }
  override get codomain(): constraints.Constraint {
    if (this.parts.length === 0) return constraints.real;
    let codomain = this.parts[this.parts.length - 1].codomain;
    let eventDim = this.parts[0].domain.eventDim;
    for (const part of this.parts) {
      eventDim += part.codomain.eventDim - part.domain.eventDim;
      eventDim = Math.max(eventDim, part.codomain.eventDim);
    }
    if (eventDim < codomain.eventDim) throw new Error("AssertionError");
    if (eventDim > codomain.eventDim) codomain = constraints.independent(codomain, eventDim - codomain.eventDim);
    return codomain;
  }
  override get bijective(): boolean {
    return this.parts.every((p) => p.bijective);
  }
  override get sign(): Sign {
    let sign: Sign = 1;
    for (const p of this.parts) sign = signMul(sign, p.sign);
    return sign;
  }
  override get inv(): Transform {
    if (this._invCache === null) {
      const inv = new ComposeTransform([...this.parts].reverse().map((p) => p.inv));
      this._invCache = inv;
      inv._invCache = this;
    }
    return this._invCache;
  }
  override withCache(cacheSize = 1): Transform {
    if (this._cacheSize === cacheSize) return this;
    return new ComposeTransform(this.parts, { cacheSize });
  }
  override call(x: Tensor): Tensor {
    for (const part of this.parts) x = part.call(x);
    return x;
  }
  override logAbsDetJacobian(x: Tensor, y: Tensor): Tensor {
    if (this.parts.length === 0) return zerosLike(x);
    const xs = [x];
    for (const part of this.parts.slice(0, -1)) xs.push(part.call(xs[xs.length - 1]));
    xs.push(y);
    const terms: Tensor[] = [];
    let eventDim = this.domain.eventDim;
    for (const [i, part] of this.parts.entries()) {
      terms.push(sumRightmost(part.logAbsDetJacobian(xs[i], xs[i + 1]), eventDim - part.domain.eventDim));
      eventDim += part.codomain.eventDim - part.domain.eventDim;
    }
    return terms.reduce((a, b) => a.add(b));
  }
  override forwardShape(shape: number[]): number[] {
    for (const part of this.parts) shape = part.forwardShape(shape);
    return shape;
  }
  override inverseShape(shape: number[]): number[] {
    for (const part of [...this.parts].reverse()) shape = part.inverseShape(shape);
    return shape;
  }
  override toString(): string {
    return `${this.constructor.name}(\n    ${this.parts.map((p) => p.toString()).join(",\n    ")}\n)`;
  }
}

/** transforms.identity_transform: the empty composition. */
export const identityTransform = new ComposeTransform([]);

/**
 * transforms.IndependentTransform(baseTransform, reinterpretedBatchNdims): the base transform with its
 * log-det-Jacobian summed over `reinterpretedBatchNdims` more rightmost dimensions.
 */
export class IndependentTransform extends Transform {
  /** The wrapped transform. */
  readonly baseTransform: Transform;
  /** How many extra rightmost dimensions are dependent. */
  readonly reinterpretedBatchNdims: number;
  constructor(baseTransform: Transform, reinterpretedBatchNdims: number, o: TransformOptions = {}) {
    super(o);
    this.baseTransform = baseTransform.withCache(o.cacheSize ?? 0);
    this.reinterpretedBatchNdims = reinterpretedBatchNdims;
  }
  override withCache(cacheSize = 1): Transform {
    if (this._cacheSize === cacheSize) return this;
    return new IndependentTransform(this.baseTransform, this.reinterpretedBatchNdims, { cacheSize });
  }
  override get domain(): constraints.Constraint {
    return constraints.independent(this.baseTransform.domain, this.reinterpretedBatchNdims);
  }
  override get codomain(): constraints.Constraint {
    return constraints.independent(this.baseTransform.codomain, this.reinterpretedBatchNdims);
  }
  override get bijective(): boolean {
    return this.baseTransform.bijective;
  }
  override get sign(): Sign {
    return this.baseTransform.sign;
  }
  override _call(x: Tensor): Tensor {
    if (x.dim() < this.domain.eventDim) throw new ValueError("Too few dimensions on input");
    return this.baseTransform.call(x);
  }
  override _inverse(y: Tensor): Tensor {
    if (y.dim() < this.codomain.eventDim) throw new ValueError("Too few dimensions on input");
    return this.baseTransform.inv.call(y);
  }
  override logAbsDetJacobian(x: Tensor, y: Tensor): Tensor {
    const result = this.baseTransform.logAbsDetJacobian(x, y);
    return sumRightmost(result, this.reinterpretedBatchNdims);
  }
  override toString(): string {
    return `${this.constructor.name}(${this.baseTransform}, ${this.reinterpretedBatchNdims})`;
  }
  override forwardShape(shape: number[]): number[] {
    return this.baseTransform.forwardShape(shape);
  }
  override inverseShape(shape: number[]): number[] {
    return this.baseTransform.inverseShape(shape);
  }
}

/** transforms.ReshapeTransform(inShape, outShape): reshapes the rightmost dimensions (unit Jacobian). */
export class ReshapeTransform extends Transform {
  /** The input event shape. */
  readonly inShape: number[];
  /** The output event shape. */
  readonly outShape: number[];
  constructor(inShape: number[], outShape: number[], o: TransformOptions = {}) {
    const i = [...inShape];
    const out = [...outShape];
    if (numel(i) !== numel(out)) throw new ValueError("in_shape, out_shape have different numbers of elements");
    super(o);
    this.inShape = i;
    this.outShape = out;
  }
  override get bijective(): boolean {
    return true;
  }
  override get domain(): constraints.Constraint {
    return constraints.independent(constraints.real, this.inShape.length);
  }
  override get codomain(): constraints.Constraint {
    return constraints.independent(constraints.real, this.outShape.length);
  }
  override withCache(cacheSize = 1): Transform {
    if (this._cacheSize === cacheSize) return this;
    return new ReshapeTransform(this.inShape, this.outShape, { cacheSize });
  }
  override _call(x: Tensor): Tensor {
    const batchShape = x.shape.slice(0, x.dim() - this.inShape.length);
    return x.reshape([...batchShape, ...this.outShape]);
  }
  override _inverse(y: Tensor): Tensor {
    const batchShape = y.shape.slice(0, y.dim() - this.outShape.length);
    return y.reshape([...batchShape, ...this.inShape]);
  }
  override logAbsDetJacobian(x: Tensor, _y: Tensor): Tensor {
    const batchShape = x.shape.slice(0, x.dim() - this.inShape.length);
    return x.newZeros(batchShape);
  }
  override forwardShape(shape: number[]): number[] {
    if (shape.length < this.inShape.length) throw new ValueError("Too few dimensions on input");
    const cut = shape.length - this.inShape.length;
    if (!shapeEq(shape.slice(cut), this.inShape))
      throw new ValueError(`Shape mismatch: expected ${pySize(shape.slice(cut))} but got ${pySize(this.inShape)}`);
    return [...shape.slice(0, cut), ...this.outShape];
  }
  override inverseShape(shape: number[]): number[] {
    if (shape.length < this.outShape.length) throw new ValueError("Too few dimensions on input");
    const cut = shape.length - this.outShape.length;
    if (!shapeEq(shape.slice(cut), this.outShape))
      throw new ValueError(`Shape mismatch: expected ${pySize(shape.slice(cut))} but got ${pySize(this.outShape)}`);
    return [...shape.slice(0, cut), ...this.inShape];
  }
}

/** transforms.ExpTransform: `y = exp(x)`. */
export class ExpTransform extends Transform {
  override get domain(): constraints.Constraint {
    return constraints.real;
  }
  override get codomain(): constraints.Constraint {
    return constraints.positive;
  }
  override get bijective(): boolean {
    return true;
  }
  override get sign(): Sign {
    return 1;
  }
  override withCache(cacheSize = 1): Transform {
    return this._cacheSize === cacheSize ? this : new ExpTransform({ cacheSize });
  }
  override equals(other: Transform): boolean {
    return other instanceof ExpTransform;
  }
  override _call(x: Tensor): Tensor {
    return x.exp();
  }
  override _inverse(y: Tensor): Tensor {
    return y.log();
  }
  override logAbsDetJacobian(x: Tensor, _y: Tensor): Tensor {
    return x;
  }
}

/** transforms.PowerTransform(exponent): `y = x ** exponent` on the positive reals. */
export class PowerTransform extends Transform {
  /** The exponent (a tensor). */
  readonly exponent: Tensor;
  constructor(exponent: TensorOrNumber, o: TransformOptions = {}) {
    super(o);
    [this.exponent] = broadcastAll(exponent);
  }
  override get domain(): constraints.Constraint {
    return constraints.positive;
  }
  override get codomain(): constraints.Constraint {
    return constraints.positive;
  }
  override get bijective(): boolean {
    return true;
  }
  override get sign(): Sign {
    return 1;
  }
  override withCache(cacheSize = 1): Transform {
    return this._cacheSize === cacheSize ? this : new PowerTransform(this.exponent, { cacheSize });
  }
  override equals(other: Transform): boolean {
    if (!(other instanceof PowerTransform)) return false;
    return Boolean(this.exponent.eq(other.exponent).all().item());
  }
  override _call(x: Tensor): Tensor {
    return x.pow(this.exponent);
  }
  override _inverse(y: Tensor): Tensor {
    return y.pow(this.exponent.reciprocal().mul(1));
  }
  override logAbsDetJacobian(x: Tensor, y: Tensor): Tensor {
    return this.exponent.mul(y).div(x).abs().log();
  }
  override forwardShape(shape: number[]): number[] {
    return broadcastShapes(shape, this.exponent.shape);
  }
  override inverseShape(shape: number[]): number[] {
    return broadcastShapes(shape, this.exponent.shape);
  }
}

/** transforms._clipped_sigmoid: sigmoid clamped to [tiny, 1 - eps] of the dtype. */
export function clippedSigmoid(x: Tensor): Tensor {
  const fi = finfo(x.dtype);
  return x.sigmoid().clamp(fi.tiny, 1 - fi.eps);
}

/** transforms.SigmoidTransform: `y = 1 / (1 + exp(-x))`, `x = logit(y)`. */
export class SigmoidTransform extends Transform {
  override get domain(): constraints.Constraint {
    return constraints.real;
  }
  override get codomain(): constraints.Constraint {
    return constraints.unitInterval;
  }
  override get bijective(): boolean {
    return true;
  }
  override get sign(): Sign {
    return 1;
  }
  override withCache(cacheSize = 1): Transform {
    return this._cacheSize === cacheSize ? this : new SigmoidTransform({ cacheSize });
  }
  override equals(other: Transform): boolean {
    return other instanceof SigmoidTransform;
  }
  override _call(x: Tensor): Tensor {
    return clippedSigmoid(x);
  }
  override _inverse(y: Tensor): Tensor {
    const fi = finfo(y.dtype);
    y = y.clamp(fi.tiny, 1 - fi.eps);
    return y.log().sub(y.neg().log1p());
  }
  override logAbsDetJacobian(x: Tensor, _y: Tensor): Tensor {
    return softplus(x.neg()).neg().sub(softplus(x));
  }
}

/** transforms.TanhTransform: `y = tanh(x)`. */
export class TanhTransform extends Transform {
  override get domain(): constraints.Constraint {
    return constraints.real;
  }
  override get codomain(): constraints.Constraint {
    return constraints.interval(-1.0, 1.0);
  }
  override get bijective(): boolean {
    return true;
  }
  override get sign(): Sign {
    return 1;
  }
  override withCache(cacheSize = 1): Transform {
    return this._cacheSize === cacheSize ? this : new TanhTransform({ cacheSize });
  }
  override equals(other: Transform): boolean {
    return other instanceof TanhTransform;
  }
  override _call(x: Tensor): Tensor {
    return x.tanh();
  }
  override _inverse(y: Tensor): Tensor {
    return y.atanh();
  }
  override logAbsDetJacobian(x: Tensor, _y: Tensor): Tensor {
    return x
      .rsub(Math.log(2.0))
      .sub(softplus(x.mul(-2.0)))
      .mul(2.0);
  }
}

/** transforms.AbsTransform: `y = |x|` (not bijective; the inverse is the identity). */
export class AbsTransform extends Transform {
  override get domain(): constraints.Constraint {
    return constraints.real;
  }
  override get codomain(): constraints.Constraint {
    return constraints.positive;
  }
  override withCache(cacheSize = 1): Transform {
    return this._cacheSize === cacheSize ? this : new AbsTransform({ cacheSize });
  }
  override equals(other: Transform): boolean {
    return other instanceof AbsTransform;
  }
  override _call(x: Tensor): Tensor {
    return x.abs();
  }
  override _inverse(y: Tensor): Tensor {
    return y;
  }
}

/** AffineTransform's options: the event dimension and the cache size. */
export interface AffineTransformOptions extends TransformOptions {
  /** The size of event_shape (0 for univariate, 1 for vectors, ...). */
  eventDim?: number;
}

/** transforms.AffineTransform(loc, scale): `y = loc + scale * x`, pointwise. */
export class AffineTransform extends Transform {
  /** The location. */
  readonly loc: TensorOrNumber;
  /** The scale. */
  readonly scale: TensorOrNumber;
  /** @internal */ readonly _eventDim: number;
  constructor(loc: TensorOrNumber, scale: TensorOrNumber, o: AffineTransformOptions = {}) {
    super({ cacheSize: o.cacheSize });
    this.loc = loc;
    this.scale = scale;
    this._eventDim = o.eventDim ?? 0;
  }
  override get eventDim(): number {
    return this._eventDim;
  }
  override get domain(): constraints.Constraint {
    if (this.eventDim === 0) return constraints.real;
    return constraints.independent(constraints.real, this.eventDim);
  }
  override get codomain(): constraints.Constraint {
    if (this.eventDim === 0) return constraints.real;
    return constraints.independent(constraints.real, this.eventDim);
  }
  override get bijective(): boolean {
    return true;
  }
  override withCache(cacheSize = 1): Transform {
    if (this._cacheSize === cacheSize) return this;
    return new AffineTransform(this.loc, this.scale, { eventDim: this.eventDim, cacheSize });
  }
  override equals(other: Transform): boolean {
    if (!(other instanceof AffineTransform)) return false;
    const same = (a: TensorOrNumber, b: TensorOrNumber): boolean => {
      if (typeof a === "number" && typeof b === "number") return a === b;
      const t = a instanceof Tensor ? a.eq(b) : (b as Tensor).eq(a);
      return Boolean(t.all().item());
    };
    return same(this.loc, other.loc) && same(this.scale, other.scale);
  }
  override get sign(): Sign {
    if (typeof this.scale === "number") return this.scale > 0 ? 1 : this.scale < 0 ? -1 : 0;
    return this.scale.sign();
  }
  override _call(x: Tensor): Tensor {
    const sx = typeof this.scale === "number" ? x.mul(this.scale) : this.scale.mul(x);
    return typeof this.loc === "number" ? sx.add(this.loc) : this.loc.add(sx);
  }
  override _inverse(y: Tensor): Tensor {
    return y.sub(this.loc).div(this.scale);
  }
  override logAbsDetJacobian(x: Tensor, _y: Tensor): Tensor {
    let shape = x.shape;
    const scale = this.scale;
    let result = typeof scale === "number" ? fullLike(x, Math.log(Math.abs(scale))) : scale.abs().log();
    if (this.eventDim) {
      const resultSize = [...result.shape.slice(0, result.dim() - this.eventDim), -1];
      result = result.view(resultSize).sum(-1);
      shape = shape.slice(0, shape.length - this.eventDim);
    }
    return result.expand(shape);
  }
  override forwardShape(shape: number[]): number[] {
    const s = (v: TensorOrNumber) => (v instanceof Tensor ? v.shape : []);
    return broadcastShapes(shape, s(this.loc), s(this.scale));
  }
  override inverseShape(shape: number[]): number[] {
    const s = (v: TensorOrNumber) => (v instanceof Tensor ? v.shape : []);
    return broadcastShapes(shape, s(this.loc), s(this.scale));
  }
}

/** transforms.SoftmaxTransform: to the simplex by `exp` and normalization (not bijective). */
export class SoftmaxTransform extends Transform {
  override get domain(): constraints.Constraint {
    return constraints.realVector;
  }
  override get codomain(): constraints.Constraint {
    return constraints.simplex;
  }
  override withCache(cacheSize = 1): Transform {
    return this._cacheSize === cacheSize ? this : new SoftmaxTransform({ cacheSize });
  }
  override equals(other: Transform): boolean {
    return other instanceof SoftmaxTransform;
  }
  override _call(x: Tensor): Tensor {
    const logprobs = x;
    const probs = logprobs.sub(logprobs.max(-1, true)[0]).exp();
    return probs.div(probs.sum(-1, true));
  }
  override _inverse(y: Tensor): Tensor {
    return y.log();
  }
  override forwardShape(shape: number[]): number[] {
    if (shape.length < 1) throw new ValueError("Too few dimensions on input");
    return shape;
  }
  override inverseShape(shape: number[]): number[] {
    if (shape.length < 1) throw new ValueError("Too few dimensions on input");
    return shape;
  }
}

/**
 * transforms.CorrCholeskyTransform: an unconstrained vector of length D(D-1)/2 to the Cholesky factor
 * of a D x D correlation matrix (lower triangular, positive diagonal, rows of unit norm): tanh, then a
 * signed stick-breaking of each row, as PyTorch's.
 */
export class CorrCholeskyTransform extends Transform {
  override get domain(): constraints.Constraint {
    return constraints.realVector;
  }
  override get codomain(): constraints.Constraint {
    return constraints.corrCholesky;
  }
  override get bijective(): boolean {
    return true;
  }
  override withCache(cacheSize = 1): Transform {
    return this._cacheSize === cacheSize ? this : new CorrCholeskyTransform({ cacheSize });
  }
  override equals(other: Transform): boolean {
    return other instanceof CorrCholeskyTransform;
  }
  override _call(x: Tensor): Tensor {
    x = x.tanh();
    const eps = finfo(x.dtype).eps;
    x = x.clamp(-1 + eps, 1 - eps);
    let r = vecToTrilMatrix(x, -1);
    const n = r.shape[r.dim() - 1];
    // y = sign(r) sqrt(z (1 - z) cumprod) = r sqrt((1 - z) cumprod), z = r ** 2; the diagonal is 1.
    const z1mCumprodSqrt = r.pow(2).rsub(1).sqrt().cumprod(-1);
    r = r.add(eye(n, n, { dtype: r.dtype, device: r.device }));
    return r.mul(pad(z1mCumprodSqrt.narrow(-1, 0, n - 1), [1, 0], "constant", 1));
  }
  override _inverse(y: Tensor): Tensor {
    const n = y.shape[y.dim() - 1];
    const yCumsum = y.mul(y).cumsum(-1).rsub(1);
    const shifted = pad(yCumsum.narrow(-1, 0, n - 1), [1, 0], "constant", 1);
    const t = trilMatrixToVec(y, -1).div(trilMatrixToVec(shifted, -1).sqrt());
    // atanh as PyTorch writes it: ((1 + t) / (1 - t)).log() / 2
    return t.add(1).div(t.rsub(1)).log().div(2);
  }
  override logAbsDetJacobian(x: Tensor, y: Tensor): Tensor {
    // Of x and the flattened lower triangle of y (their dimensions differ, so no square Jacobian).
    const y1mCumsum = y.mul(y).cumsum(-1).rsub(1);
    const stickBreaking = trilMatrixToVec(y1mCumsum, -2).log().sum(-1).mul(0.5);
    const tanh = x
      .add(softplus(x.mul(-2)))
      .sub(Math.log(2))
      .sum(-1)
      .mul(-2);
    return stickBreaking.add(tanh);
  }
  override forwardShape(shape: number[]): number[] {
    if (shape.length < 1) throw new ValueError("Too few dimensions on input");
    const n = shape[shape.length - 1];
    const d = Math.round((0.25 + 2 * n) ** 0.5 + 0.5);
    if ((d * (d - 1)) / 2 !== n) throw new ValueError("Input is not a flattend lower-diagonal number");
    return [...shape.slice(0, -1), d, d];
  }
  override inverseShape(shape: number[]): number[] {
    if (shape.length < 2) throw new ValueError("Too few dimensions on input");
    if (shape[shape.length - 2] !== shape[shape.length - 1]) throw new ValueError("Input is not square");
    const d = shape[shape.length - 1];
    return [...shape.slice(0, -2), (d * (d - 1)) / 2];
  }
}

/** transforms.StickBreakingTransform: to the simplex of one more dimension by stick breaking (bijective). */
export class StickBreakingTransform extends Transform {
  override get domain(): constraints.Constraint {
    return constraints.realVector;
  }
  override get codomain(): constraints.Constraint {
    return constraints.simplex;
  }
  override get bijective(): boolean {
    return true;
  }
  override withCache(cacheSize = 1): Transform {
    return this._cacheSize === cacheSize ? this : new StickBreakingTransform({ cacheSize });
  }
  override equals(other: Transform): boolean {
    return other instanceof StickBreakingTransform;
  }
  override _call(x: Tensor): Tensor {
    const n = x.shape[x.dim() - 1];
    const offset = x
      .newOnes(n)
      .cumsum(-1)
      .rsub(n + 1);
    const z = clippedSigmoid(x.sub(offset.log()));
    const zCumprod = z.rsub(1).cumprod(-1);
    return pad(z, [0, 1], "constant", 1).mul(pad(zCumprod, [1, 0], "constant", 1));
  }
  override _inverse(y: Tensor): Tensor {
    const n = y.shape[y.dim() - 1];
    const yCrop = y.narrow(-1, 0, n - 1);
    const offset = y
      .newOnes(n - 1)
      .cumsum(-1)
      .rsub(n);
    let sf = yCrop.cumsum(-1).rsub(1);
    sf = sf.clamp(finfo(y.dtype).tiny);
    return yCrop.log().sub(sf.log()).add(offset.log());
  }
  override logAbsDetJacobian(x: Tensor, y: Tensor): Tensor {
    const n = x.shape[x.dim() - 1];
    const offset = x
      .newOnes(n)
      .cumsum(-1)
      .rsub(n + 1);
    x = x.sub(offset.log());
    const m = y.shape[y.dim() - 1];
    return x
      .neg()
      .add(logsigmoid(x))
      .add(y.narrow(-1, 0, m - 1).log())
      .sum(-1);
  }
  override forwardShape(shape: number[]): number[] {
    if (shape.length < 1) throw new ValueError("Too few dimensions on input");
    return [...shape.slice(0, -1), shape[shape.length - 1] + 1];
  }
  override inverseShape(shape: number[]): number[] {
    if (shape.length < 1) throw new ValueError("Too few dimensions on input");
    return [...shape.slice(0, -1), shape[shape.length - 1] - 1];
  }
}

/** transforms.LowerCholeskyTransform: to lower-triangular matrices with a positive diagonal (`exp` of it). */
export class LowerCholeskyTransform extends Transform {
  override get domain(): constraints.Constraint {
    return constraints.independent(constraints.real, 2);
  }
  override get codomain(): constraints.Constraint {
    return constraints.lowerCholesky;
  }
  override withCache(cacheSize = 1): Transform {
    return this._cacheSize === cacheSize ? this : new LowerCholeskyTransform({ cacheSize });
  }
  override equals(other: Transform): boolean {
    return other instanceof LowerCholeskyTransform;
  }
  override _call(x: Tensor): Tensor {
    return x.tril(-1).add(x.diagonal(0, -2, -1).exp().diagEmbed());
  }
  override _inverse(y: Tensor): Tensor {
    return y.tril(-1).add(y.diagonal(0, -2, -1).log().diagEmbed());
  }
}

/** transforms.SoftplusTransform: `y = log(1 + exp(x))`, inverted by `x = log(-expm1(-y)) + y`. */
export class SoftplusTransform extends Transform {
  override get domain(): constraints.Constraint {
    return constraints.real;
  }
  override get codomain(): constraints.Constraint {
    return constraints.positive;
  }
  override get bijective(): boolean {
    return true;
  }
  override get sign(): Sign {
    return 1;
  }
  override withCache(cacheSize = 1): Transform {
    return this._cacheSize === cacheSize ? this : new SoftplusTransform({ cacheSize });
  }
  override equals(other: Transform): boolean {
    return other instanceof SoftplusTransform;
  }
  override _call(x: Tensor): Tensor {
    return softplus(x);
  }
  override _inverse(y: Tensor): Tensor {
    return y.neg().expm1().neg().log().add(y);
  }
  override logAbsDetJacobian(x: Tensor, _y: Tensor): Tensor {
    return softplus(x.neg()).neg();
  }
}

/** What CumulativeDistributionTransform needs of a distribution (avoids importing the class here). */
interface CdfDistribution {
  readonly support: constraints.Constraint;
  cdf(value: Tensor): Tensor;
  icdf(value: Tensor): Tensor;
  logProb(value: Tensor): Tensor;
}

/**
 * transforms.CumulativeDistributionTransform(distribution): y = distribution.cdf(x), onto [0, 1], with
 * icdf as its inverse and log_prob as the log-Jacobian (e.g. a Gaussian copula from a multivariate normal).
 */
export class CumulativeDistributionTransform extends Transform {
  constructor(
    readonly distribution: CdfDistribution,
    o: TransformOptions = {},
  ) {
    super(o);
  }
  override get domain(): constraints.Constraint {
    return this.distribution.support;
  }
  override get codomain(): constraints.Constraint {
    return constraints.unitInterval;
  }
  override get bijective(): boolean {
    return true;
  }
  override get sign(): Sign {
    return 1;
  }
  override withCache(cacheSize = 1): Transform {
    return this._cacheSize === cacheSize ? this : new CumulativeDistributionTransform(this.distribution, { cacheSize });
  }
  override _call(x: Tensor): Tensor {
    return this.distribution.cdf(x);
  }
  override _inverse(y: Tensor): Tensor {
    return this.distribution.icdf(y);
  }
  override logAbsDetJacobian(x: Tensor, _y: Tensor): Tensor {
    return this.distribution.logProb(x);
  }
}

function checkDim(dim: number, x: Tensor): void {
  if (!(-x.dim() <= dim && dim < x.dim())) throw new Error("AssertionError");
}

/**
 * transforms.CatTransform(tseq, dim, lengths): applies each transform of `tseq` to its slice of `lengths[i]`
 * entries along `dim` (lengths default to 1 each) and concatenates the results.
 */
export class CatTransform extends Transform {
  readonly transforms: Transform[];
  readonly lengths: number[];
  readonly dim: number;
  constructor(tseq: Transform[], dim = 0, lengths?: number[] | null, o: TransformOptions = {}) {
    if (!tseq.every((t) => t instanceof Transform)) throw new Error("AssertionError");
    const cacheSize = o.cacheSize ?? 0;
    super({ cacheSize });
    this.transforms = cacheSize ? tseq.map((t) => t.withCache(cacheSize)) : [...tseq];
    this.lengths = lengths ? [...lengths] : this.transforms.map(() => 1);
    if (this.lengths.length !== this.transforms.length) throw new Error("AssertionError");
    this.dim = dim;
  }
  override get eventDim(): number {
    return Math.max(...this.transforms.map((t) => t.eventDim));
  }
  /** The total length along dim. */
  get length(): number {
    return this.lengths.reduce((a, b) => a + b, 0);
  }
  override withCache(cacheSize = 1): Transform {
    return this._cacheSize === cacheSize
      ? this
      : new CatTransform(this.transforms, this.dim, this.lengths, { cacheSize });
  }
  private apply(x: Tensor, f: (t: Transform, s: Tensor) => Tensor): Tensor {
    checkDim(this.dim, x);
    if (x.size(this.dim) !== this.length) throw new Error("AssertionError");
    let start = 0;
    const out = this.transforms.map((t, i) => {
      const y = f(t, x.narrow(this.dim, start, this.lengths[i]));
      start += this.lengths[i];
      return y;
    });
    return cat(out, this.dim);
  }
  override _call(x: Tensor): Tensor {
    return this.apply(x, (t, s) => t.call(s));
  }
  override _inverse(y: Tensor): Tensor {
    return this.apply(y, (t, s) => t.inv.call(s));
  }
  override logAbsDetJacobian(x: Tensor, y: Tensor): Tensor {
    checkDim(this.dim, x);
    if (x.size(this.dim) !== this.length) throw new Error("AssertionError");
    checkDim(this.dim, y);
    if (y.size(this.dim) !== this.length) throw new Error("AssertionError");
    const eventDim = this.eventDim;
    let start = 0;
    const parts = this.transforms.map((t, i) => {
      let j = t.logAbsDetJacobian(
        x.narrow(this.dim, start, this.lengths[i]),
        y.narrow(this.dim, start, this.lengths[i]),
      );
      if (t.eventDim < eventDim) j = sumRightmost(j, eventDim - t.eventDim);
      start += this.lengths[i];
      return j;
    });
    let dim = this.dim;
    if (dim >= 0) dim -= x.dim();
    dim += eventDim;
    if (dim < 0) return cat(parts, dim);
    return parts.reduce((a, b) => a.add(b));
  }
  override get bijective(): boolean {
    return this.transforms.every((t) => t.bijective);
  }
  override get domain(): constraints.Constraint {
    return constraints.cat(
      this.transforms.map((t) => t.domain),
      this.dim,
      this.lengths,
    );
  }
  override get codomain(): constraints.Constraint {
    return constraints.cat(
      this.transforms.map((t) => t.codomain),
      this.dim,
      this.lengths,
    );
  }
}

/**
 * transforms.StackTransform(tseq, dim): applies `tseq[i]` to the i-th slice along `dim` (`x.select(dim, i)`)
 * and stacks the results.
 */
export class StackTransform extends Transform {
  readonly transforms: Transform[];
  readonly dim: number;
  constructor(tseq: Transform[], dim = 0, o: TransformOptions = {}) {
    if (!tseq.every((t) => t instanceof Transform)) throw new Error("AssertionError");
    const cacheSize = o.cacheSize ?? 0;
    super({ cacheSize });
    this.transforms = cacheSize ? tseq.map((t) => t.withCache(cacheSize)) : [...tseq];
    this.dim = dim;
  }
  override withCache(cacheSize = 1): Transform {
    return this._cacheSize === cacheSize ? this : new StackTransform(this.transforms, this.dim, { cacheSize });
  }
  private slices(z: Tensor): Tensor[] {
    return Array.from({ length: z.size(this.dim) }, (_, i) => z.select(this.dim, i));
  }
  private apply(x: Tensor, f: (t: Transform, s: Tensor) => Tensor): Tensor {
    checkDim(this.dim, x);
    if (x.size(this.dim) !== this.transforms.length) throw new Error("AssertionError");
    const xs = this.slices(x);
    return stack(
      this.transforms.map((t, i) => f(t, xs[i])),
      this.dim,
    );
  }
  override _call(x: Tensor): Tensor {
    return this.apply(x, (t, s) => t.call(s));
  }
  override _inverse(y: Tensor): Tensor {
    return this.apply(y, (t, s) => t.inv.call(s));
  }
  override logAbsDetJacobian(x: Tensor, y: Tensor): Tensor {
    checkDim(this.dim, x);
    if (x.size(this.dim) !== this.transforms.length) throw new Error("AssertionError");
    checkDim(this.dim, y);
    if (y.size(this.dim) !== this.transforms.length) throw new Error("AssertionError");
    const xs = this.slices(x);
    const ys = this.slices(y);
    return stack(
      this.transforms.map((t, i) => t.logAbsDetJacobian(xs[i], ys[i])),
      this.dim,
    );
  }
  override get bijective(): boolean {
    return this.transforms.every((t) => t.bijective);
  }
  override get domain(): constraints.Constraint {
    return constraints.stack(
      this.transforms.map((t) => t.domain),
      this.dim,
    );
  }
  override get codomain(): constraints.Constraint {
    return constraints.stack(
      this.transforms.map((t) => t.codomain),
      this.dim,
    );
  }
}
