// torch.distributions.constraints: the regions a parameter or a sample must lie in. check() runs
// PyTorch's tensor ops and returns a bool tensor; toString() is PyTorch's repr.

import { cat as catTensors, full, stack as stackTensors } from "../creation";
import { NotImplementedError, ValueError } from "../errors";
import { choleskyEx, eigvalsh, vectorNorm } from "../linalg";
import { Tensor } from "../tensor";
import { finfo } from "../type_info";
import { pyFloat } from "../utils/pyrepr";
import { pyFormat } from "./utils";

/** A bound of a constraint: a number or a tensor (compared element-wise). */
export type Bound = number | Tensor;

// '{}'.format(bound): tensors print as PyTorch prints them; numbers as PyTorch's own constraints hold
// them (floats for the real-valued ones, ints for the integer ones).
function fmt(b: Bound, asFloat: boolean): string {
  if (b instanceof Tensor) return pyFormat(b);
  return asFloat ? pyFloat(b) : Number.isInteger(b) ? String(b) : pyFloat(b);
}
// `bound < value` / `bound <= value` with the bound a number or a tensor.
const lt = (a: Bound, v: Tensor): Tensor => (a instanceof Tensor ? a.lt(v) : v.gt(a));
const le = (a: Bound, v: Tensor): Tensor => (a instanceof Tensor ? a.le(v) : v.ge(a));

/**
 * constraints.Constraint: a region over which a variable is valid. `isDiscrete` says whether the space
 * is discrete; `eventDim` is the number of rightmost dimensions that form one event, which check()
 * reduces.
 */
export abstract class Constraint {
  /** Whether the constrained space is discrete (default false). */
  get isDiscrete(): boolean {
    return false;
  }
  /** Number of rightmost dimensions that together define an event (default 0). */
  get eventDim(): number {
    return 0;
  }
  /** A bool tensor of `sampleShape + batchShape`: whether each event of `value` satisfies the constraint. */
  abstract check(value: Tensor): Tensor;
  /** PyTorch's repr: the class name without its leading underscore, then the arguments. */
  toString(): string {
    return `${this.constructor.name}()`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** Placeholder for variables whose support depends on other variables; check() raises. */
export class Dependent extends Constraint {
  private readonly _isDiscrete: boolean | undefined;
  private readonly _eventDim: number | undefined;
  constructor(o: { isDiscrete?: boolean; eventDim?: number } = {}) {
    super();
    this._isDiscrete = o.isDiscrete;
    this._eventDim = o.eventDim;
  }
  /** `isDiscrete` if given at construction; NotImplementedError otherwise. */
  override get isDiscrete(): boolean {
    if (this._isDiscrete === undefined) throw new NotImplementedError(".is_discrete cannot be determined statically");
    return this._isDiscrete;
  }
  /** `eventDim` if given at construction; NotImplementedError otherwise. */
  override get eventDim(): number {
    if (this._eventDim === undefined) throw new NotImplementedError(".event_dim cannot be determined statically");
    return this._eventDim;
  }
  /** A dependent constraint with these static attributes (PyTorch's `dependent(is_discrete=..., event_dim=...)`). */
  call(o: { isDiscrete?: boolean; eventDim?: number } = {}): Dependent {
    return new Dependent({ isDiscrete: o.isDiscrete ?? this._isDiscrete, eventDim: o.eventDim ?? this._eventDim });
  }
  /** Always raises: the validity of a dependent constraint cannot be determined. */
  check(_value: Tensor): Tensor {
    throw new ValueError("Cannot determine validity of dependent constraint");
  }
}

/** constraints.is_dependent: whether `constraint` is a {@link Dependent} placeholder. */
export function isDependent(constraint: unknown): boolean {
  return constraint instanceof Dependent;
}

/** Aggregates a constraint over `reinterpretedBatchNdims` dimensions: an event is valid if all its entries are. */
export class IndependentConstraint extends Constraint {
  constructor(
    readonly baseConstraint: Constraint,
    readonly reinterpretedBatchNdims: number,
  ) {
    super();
    if (!(baseConstraint instanceof Constraint)) throw new TypeError("base_constraint must be a Constraint");
    if (!Number.isInteger(reinterpretedBatchNdims) || reinterpretedBatchNdims < 0)
      throw new TypeError("reinterpreted_batch_ndims must be a non-negative int");
  }
  override get isDiscrete(): boolean {
    return this.baseConstraint.isDiscrete;
  }
  override get eventDim(): number {
    return this.baseConstraint.eventDim + this.reinterpretedBatchNdims;
  }
  check(value: Tensor): Tensor {
    let result = this.baseConstraint.check(value);
    if (result.dim() < this.reinterpretedBatchNdims) {
      const expected = this.baseConstraint.eventDim + this.reinterpretedBatchNdims;
      throw new ValueError(`Expected value.dim() >= ${expected} but got ${value.dim()}`);
    }
    result = result.reshape([...result.shape.slice(0, result.dim() - this.reinterpretedBatchNdims), -1]);
    return result.all(-1);
  }
  override toString(): string {
    return `IndependentConstraint(${this.baseConstraint}, ${this.reinterpretedBatchNdims})`;
  }
}

/** The two values {0, 1}. */
export class BooleanConstraint extends Constraint {
  override get isDiscrete(): boolean {
    return true;
  }
  check(value: Tensor): Tensor {
    return value.eq(0).bitwiseOr(value.eq(1));
  }
  override toString(): string {
    return "Boolean()";
  }
}

/** One-hot vectors. */
export class OneHot extends Constraint {
  override get isDiscrete(): boolean {
    return true;
  }
  override get eventDim(): number {
    return 1;
  }
  check(value: Tensor): Tensor {
    const isBoolean = value.eq(0).bitwiseOr(value.eq(1));
    const isNormalized = value.sum(-1).eq(1);
    return isBoolean.all(-1).bitwiseAnd(isNormalized);
  }
}

/** Integers in `[lowerBound, upperBound]`. */
export class IntegerInterval extends Constraint {
  constructor(
    readonly lowerBound: Bound,
    readonly upperBound: Bound,
  ) {
    super();
  }
  override get isDiscrete(): boolean {
    return true;
  }
  check(value: Tensor): Tensor {
    return value.remainder(1).eq(0).bitwiseAnd(le(this.lowerBound, value)).bitwiseAnd(value.le(this.upperBound));
  }
  override toString(): string {
    return `IntegerInterval(lower_bound=${fmt(this.lowerBound, false)}, upper_bound=${fmt(this.upperBound, false)})`;
  }
}

/** Integers in `(-inf, upperBound]`. */
export class IntegerLessThan extends Constraint {
  constructor(readonly upperBound: Bound) {
    super();
  }
  override get isDiscrete(): boolean {
    return true;
  }
  check(value: Tensor): Tensor {
    return value.remainder(1).eq(0).bitwiseAnd(value.le(this.upperBound));
  }
  override toString(): string {
    return `IntegerLessThan(upper_bound=${fmt(this.upperBound, false)})`;
  }
}

/** Integers in `[lowerBound, inf)`. */
export class IntegerGreaterThan extends Constraint {
  constructor(readonly lowerBound: Bound) {
    super();
  }
  override get isDiscrete(): boolean {
    return true;
  }
  check(value: Tensor): Tensor {
    return value.remainder(1).eq(0).bitwiseAnd(value.ge(this.lowerBound));
  }
  override toString(): string {
    return `IntegerGreaterThan(lower_bound=${fmt(this.lowerBound, false)})`;
  }
}

/** The extended real line `[-inf, inf]` (false for NaN). */
export class Real extends Constraint {
  check(value: Tensor): Tensor {
    return value.eq(value);
  }
}

/** The half line `(lowerBound, inf]`. */
export class GreaterThan extends Constraint {
  /** `floatRepr: false` prints a number bound as an int, as PyTorch does for `greater_than(2)` given an int. */
  constructor(
    readonly lowerBound: Bound,
    private readonly floatRepr = true,
  ) {
    super();
  }
  check(value: Tensor): Tensor {
    return lt(this.lowerBound, value);
  }
  override toString(): string {
    return `GreaterThan(lower_bound=${fmt(this.lowerBound, this.floatRepr)})`;
  }
}

/** The half line `[lowerBound, inf)`. */
export class GreaterThanEq extends Constraint {
  /** `floatRepr: false` prints a number bound as an int, as PyTorch does for `greater_than_eq(0)` given an int. */
  constructor(
    readonly lowerBound: Bound,
    private readonly floatRepr = true,
  ) {
    super();
  }
  check(value: Tensor): Tensor {
    return le(this.lowerBound, value);
  }
  override toString(): string {
    return `GreaterThanEq(lower_bound=${fmt(this.lowerBound, this.floatRepr)})`;
  }
}

/** The half line `[-inf, upperBound)`. */
export class LessThan extends Constraint {
  constructor(readonly upperBound: Bound) {
    super();
  }
  check(value: Tensor): Tensor {
    return value.lt(this.upperBound);
  }
  override toString(): string {
    return `LessThan(upper_bound=${fmt(this.upperBound, true)})`;
  }
}

/** The interval `[lowerBound, upperBound]`. */
export class Interval extends Constraint {
  constructor(
    readonly lowerBound: Bound,
    readonly upperBound: Bound,
  ) {
    super();
  }
  check(value: Tensor): Tensor {
    return le(this.lowerBound, value).bitwiseAnd(value.le(this.upperBound));
  }
  override toString(): string {
    return `Interval(lower_bound=${fmt(this.lowerBound, true)}, upper_bound=${fmt(this.upperBound, true)})`;
  }
}

/** The interval `[lowerBound, upperBound)`. */
export class HalfOpenInterval extends Constraint {
  constructor(
    readonly lowerBound: Bound,
    readonly upperBound: Bound,
  ) {
    super();
  }
  check(value: Tensor): Tensor {
    return le(this.lowerBound, value).bitwiseAnd(value.lt(this.upperBound));
  }
  override toString(): string {
    return `HalfOpenInterval(lower_bound=${fmt(this.lowerBound, true)}, upper_bound=${fmt(this.upperBound, true)})`;
  }
}

/** The unit simplex over the last dimension: `x >= 0` and `x.sum(-1) == 1` (within 1e-6). */
export class Simplex extends Constraint {
  override get eventDim(): number {
    return 1;
  }
  check(value: Tensor): Tensor {
    return value.ge(0).all(-1).bitwiseAnd(value.sum(-1).sub(1).abs().lt(1e-6));
  }
}

/** Non-negative integer vectors summing to at most `upperBound`. */
export class Multinomial extends Constraint {
  constructor(readonly upperBound: Bound) {
    super();
  }
  override get isDiscrete(): boolean {
    return true;
  }
  override get eventDim(): number {
    return 1;
  }
  check(x: Tensor): Tensor {
    return x.ge(0).all(-1).bitwiseAnd(x.sum(-1).le(this.upperBound));
  }
}

/** Lower-triangular square matrices. */
export class LowerTriangular extends Constraint {
  override get eventDim(): number {
    return 2;
  }
  check(value: Tensor): Tensor {
    const valueTril = value.tril();
    return valueTril
      .eq(value)
      .view([...value.shape.slice(0, -2), -1])
      .min(-1)[0];
  }
}

/** Lower-triangular square matrices with positive diagonals. */
export class LowerCholesky extends Constraint {
  override get eventDim(): number {
    return 2;
  }
  check(value: Tensor): Tensor {
    const valueTril = value.tril();
    const lowerTriangular = valueTril
      .eq(value)
      .view([...value.shape.slice(0, -2), -1])
      .min(-1)[0];
    const positiveDiagonal = value.diagonal(0, -2, -1).gt(0).min(-1)[0];
    return lowerTriangular.bitwiseAnd(positiveDiagonal);
  }
}

/** Lower-Cholesky factors of correlation matrices: lower-triangular, positive diagonal, rows of unit length. */
export class CorrCholesky extends Constraint {
  override get eventDim(): number {
    return 2;
  }
  check(value: Tensor): Tensor {
    const tol = finfo(value.dtype).eps * value.size(-1) * 10; // 10: PyTorch's fudge factor
    const rowNorm = vectorNorm(value.detach(), 2, -1);
    const unitRowNorm = rowNorm.sub(1.0).abs().le(tol).all(-1);
    return new LowerCholesky().check(value).bitwiseAnd(unitRowNorm);
  }
}

/** Square matrices. */
export class Square extends Constraint {
  override get eventDim(): number {
    return 2;
  }
  check(value: Tensor): Tensor {
    const n = value.dim();
    return full(value.shape.slice(0, -2), value.shape[n - 2] === value.shape[n - 1], {
      dtype: "bool",
      device: value.device,
    });
  }
}

/** Symmetric square matrices (within atol 1e-6). */
export class Symmetric extends Square {
  override check(value: Tensor): Tensor {
    const squareCheck = super.check(value);
    if (!squareCheck.all().item()) return squareCheck;
    return value.isclose(value.mT, { atol: 1e-6 }).all(-2).all(-1);
  }
}

/** Positive-semidefinite matrices. */
export class PositiveSemidefinite extends Symmetric {
  override check(value: Tensor): Tensor {
    const symCheck = super.check(value);
    if (!symCheck.all().item()) return symCheck;
    return eigvalsh(value).ge(0).all(-1);
  }
}

/** Positive-definite matrices (those linalg.cholesky_ex factors without error). */
export class PositiveDefinite extends Symmetric {
  override check(value: Tensor): Tensor {
    const symCheck = super.check(value);
    if (!symCheck.all().item()) return symCheck;
    return choleskyEx(value)[1].eq(0);
  }
}

/** Applies a sequence of constraints to the slices of `lengths` along `dim`, as torch.cat joins them. */
export class Cat extends Constraint {
  readonly cseq: Constraint[];
  readonly lengths: number[];
  constructor(
    cseq: Constraint[],
    readonly dim = 0,
    lengths?: number[],
  ) {
    super();
    this.cseq = [...cseq];
    this.lengths = lengths ? [...lengths] : cseq.map(() => 1);
    if (this.lengths.length !== this.cseq.length) throw new Error("AssertionError");
  }
  override get isDiscrete(): boolean {
    return this.cseq.some((c) => c.isDiscrete);
  }
  override get eventDim(): number {
    return Math.max(...this.cseq.map((c) => c.eventDim));
  }
  check(value: Tensor): Tensor {
    const checks: Tensor[] = [];
    let start = 0;
    for (const [i, constr] of this.cseq.entries()) {
      checks.push(constr.check(value.narrow(this.dim, start, this.lengths[i])));
      start = start + this.lengths[i];
    }
    return catTensors(checks, this.dim);
  }
}

/** Applies a sequence of constraints to the slices along `dim`, as torch.stack joins them. */
export class Stack extends Constraint {
  readonly cseq: Constraint[];
  constructor(
    cseq: Constraint[],
    readonly dim = 0,
  ) {
    super();
    this.cseq = [...cseq];
  }
  override get isDiscrete(): boolean {
    return this.cseq.some((c) => c.isDiscrete);
  }
  override get eventDim(): number {
    let dim = Math.max(...this.cseq.map((c) => c.eventDim));
    if (this.dim + dim < 0) dim += 1;
    return dim;
  }
  check(value: Tensor): Tensor {
    const vs = Array.from({ length: value.size(this.dim) }, (_, i) => value.select(this.dim, i));
    return stackTensors(
      vs.map((v, i) => this.cseq[i].check(v)),
      this.dim,
    );
  }
}

/** constraints.dependent: placeholder for a support that depends on other variables. */
export const dependent = new Dependent();
/** constraints.independent(constraint, reinterpretedBatchNdims). */
export const independent = (baseConstraint: Constraint, reinterpretedBatchNdims: number): IndependentConstraint =>
  new IndependentConstraint(baseConstraint, reinterpretedBatchNdims);
/** constraints.boolean: {0, 1}. */
export const boolean = new BooleanConstraint();
/** constraints.one_hot. */
export const oneHot = new OneHot();
/** constraints.nonnegative_integer: integers >= 0. */
export const nonnegativeInteger = new IntegerGreaterThan(0);
/** constraints.positive_integer: integers >= 1. */
export const positiveInteger = new IntegerGreaterThan(1);
/** constraints.integer_interval(lowerBound, upperBound). */
export const integerInterval = (lowerBound: Bound, upperBound: Bound): IntegerInterval =>
  new IntegerInterval(lowerBound, upperBound);
/** constraints.real. */
export const real = new Real();
/** constraints.real_vector: real entries over the last dimension. */
export const realVector = independent(real, 1);
/** constraints.positive: (0, inf]. */
export const positive = new GreaterThan(0);
/** constraints.nonnegative: [0, inf). */
export const nonnegative = new GreaterThanEq(0);
/** constraints.greater_than(lowerBound). */
export const greaterThan = (lowerBound: Bound, floatRepr = true): GreaterThan => new GreaterThan(lowerBound, floatRepr);
/** constraints.greater_than_eq(lowerBound). */
export const greaterThanEq = (lowerBound: Bound, floatRepr = true): GreaterThanEq =>
  new GreaterThanEq(lowerBound, floatRepr);
/** constraints.less_than(upperBound). */
export const lessThan = (upperBound: Bound): LessThan => new LessThan(upperBound);
/** constraints.multinomial(upperBound). */
export const multinomial = (upperBound: Bound): Multinomial => new Multinomial(upperBound);
/** constraints.unit_interval: [0, 1]. */
export const unitInterval = new Interval(0, 1);
/** constraints.interval(lowerBound, upperBound). */
export const interval = (lowerBound: Bound, upperBound: Bound): Interval => new Interval(lowerBound, upperBound);
/** constraints.half_open_interval(lowerBound, upperBound). */
export const halfOpenInterval = (lowerBound: Bound, upperBound: Bound): HalfOpenInterval =>
  new HalfOpenInterval(lowerBound, upperBound);
/** constraints.simplex. */
export const simplex = new Simplex();
/** constraints.lower_triangular. */
export const lowerTriangular = new LowerTriangular();
/** constraints.lower_cholesky. */
export const lowerCholesky = new LowerCholesky();
/** constraints.corr_cholesky. */
export const corrCholesky = new CorrCholesky();
/** constraints.positive_semidefinite. */
export const positiveSemidefinite = new PositiveSemidefinite();
/** constraints.positive_definite. */
export const positiveDefinite = new PositiveDefinite();
/** constraints.square. */
export const square = new Square();
/** constraints.symmetric. */
export const symmetric = new Symmetric();
/** constraints.cat(cseq, dim, lengths). */
export const cat = (cseq: Constraint[], dim = 0, lengths?: number[]): Cat => new Cat(cseq, dim, lengths);
/** constraints.stack(cseq, dim). */
export const stack = (cseq: Constraint[], dim = 0): Stack => new Stack(cseq, dim);
