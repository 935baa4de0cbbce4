// torch.distributions.constraint_registry: biject_to and transform_to, the registries that map a
// constraint to a transform from the unconstrained reals onto it, as PyTorch 1.13's registrations.

import { NotImplementedError } from "../errors";
import * as constraints from "./constraints";
import {
  AffineTransform,
  ComposeTransform,
  CorrCholeskyTransform,
  ExpTransform,
  IndependentTransform,
  identityTransform,
  LowerCholeskyTransform,
  SigmoidTransform,
  SoftmaxTransform,
  StickBreakingTransform,
  type Transform,
} from "./transforms";

// biome-ignore lint/suspicious/noExplicitAny: constraint classes with any constructor signature.
type ConstraintClass = abstract new (...args: any[]) => constraints.Constraint;
/** A factory of transforms for a constraint. */
// biome-ignore lint/suspicious/noExplicitAny: each factory takes its own constraint class.
export type TransformFactory = (constraint: any) => Transform;

// PyTorch's own constraint classes are private (_Real, _GreaterThan, ...): their names in messages.
const BUILTIN = new Set<unknown>(Object.values(constraints).filter((v) => typeof v === "function"));

/**
 * constraint_registry.ConstraintRegistry: a registry of transform factories by constraint class.
 * `register(constraint, factory)` takes a constraint class or an instance (its class is used).
 */
export class ConstraintRegistry {
  private readonly registry = new Map<ConstraintClass, TransformFactory>();

  /** Registers `factory` for the constraint's class; without a factory, returns a registering function. */
  register(constraint: ConstraintClass | constraints.Constraint): (factory: TransformFactory) => TransformFactory;
  register(constraint: ConstraintClass | constraints.Constraint, factory: TransformFactory): TransformFactory;
  register(
    constraint: ConstraintClass | constraints.Constraint,
    factory?: TransformFactory,
  ): TransformFactory | ((factory: TransformFactory) => TransformFactory) {
    if (factory === undefined) return (f: TransformFactory) => this.register(constraint, f);
    let cls: unknown = constraint;
    if (constraint instanceof constraints.Constraint) cls = constraint.constructor;
    if (
      typeof cls !== "function" ||
      !(cls === constraints.Constraint || (cls as ConstraintClass).prototype instanceof constraints.Constraint)
    )
      throw new TypeError(
        `Expected constraint to be either a Constraint subclass or instance, but got ${String(constraint)}`,
      );
    this.registry.set(cls as ConstraintClass, factory);
    return factory;
  }

  /** The transform for `constraint`, by its exact class; NotImplementedError when none is registered. */
  call(constraint: constraints.Constraint): Transform {
    const cls = constraint.constructor as ConstraintClass;
    const factory = this.registry.get(cls);
    if (factory === undefined) {
      const name = BUILTIN.has(cls) ? `_${cls.name}` : cls.name;
      throw new NotImplementedError(`Cannot transform ${name} constraints`);
    }
    return factory(constraint);
  }
}

const bijectRegistry = new ConstraintRegistry();
const transformRegistry = new ConstraintRegistry();

/** constraint_registry.biject_to(constraint): a bijective transform from the reals onto `constraint`. */
export function bijectTo(constraint: constraints.Constraint): Transform {
  return bijectRegistry.call(constraint);
}
bijectTo.register = bijectRegistry.register.bind(bijectRegistry) as ConstraintRegistry["register"];

/** constraint_registry.transform_to(constraint): a (not necessarily bijective) transform onto `constraint`. */
export function transformTo(constraint: constraints.Constraint): Transform {
  return transformRegistry.call(constraint);
}
transformTo.register = transformRegistry.register.bind(transformRegistry) as ConstraintRegistry["register"];

// The registration table, in PyTorch's order (later registrations for the same class win).
const toReal = (): Transform => identityTransform;
bijectTo.register(constraints.real, toReal);
transformTo.register(constraints.real, toReal);

bijectTo.register(constraints.IndependentConstraint, (c: constraints.IndependentConstraint) => {
  const baseTransform = bijectTo(c.baseConstraint);
  return new IndependentTransform(baseTransform, c.reinterpretedBatchNdims);
});
transformTo.register(constraints.IndependentConstraint, (c: constraints.IndependentConstraint) => {
  const baseTransform = transformTo(c.baseConstraint);
  return new IndependentTransform(baseTransform, c.reinterpretedBatchNdims);
});

const toPositive = (): Transform => new ExpTransform();
for (const r of [transformTo, bijectTo]) {
  r.register(constraints.nonnegative, toPositive);
  r.register(constraints.positive, toPositive);
}

const toGreaterThan = (c: constraints.GreaterThan | constraints.GreaterThanEq): Transform =>
  new ComposeTransform([new ExpTransform(), new AffineTransform(c.lowerBound, 1)]);
for (const r of [transformTo, bijectTo]) {
  r.register(constraints.GreaterThanEq, toGreaterThan);
  r.register(constraints.GreaterThan, toGreaterThan);
}

const toLessThan = (c: constraints.LessThan): Transform =>
  new ComposeTransform([new ExpTransform(), new AffineTransform(c.upperBound, -1)]);
for (const r of [transformTo, bijectTo]) r.register(constraints.LessThan, toLessThan);

const toInterval = (c: constraints.Interval | constraints.HalfOpenInterval): Transform => {
  const lowerIs0 = typeof c.lowerBound === "number" && c.lowerBound === 0;
  const upperIs1 = typeof c.upperBound === "number" && c.upperBound === 1;
  if (lowerIs0 && upperIs1) return new SigmoidTransform();
  const loc = c.lowerBound;
  const scale =
    typeof c.upperBound === "number"
      ? typeof loc === "number"
        ? c.upperBound - loc
        : loc.rsub(c.upperBound)
      : c.upperBound.sub(loc);
  return new ComposeTransform([new SigmoidTransform(), new AffineTransform(loc, scale)]);
};
for (const r of [transformTo, bijectTo]) {
  r.register(constraints.HalfOpenInterval, toInterval);
  r.register(constraints.Interval, toInterval);
}

bijectTo.register(constraints.simplex, () => new StickBreakingTransform());
transformTo.register(constraints.simplex, () => new SoftmaxTransform());
bijectTo.register(constraints.corrCholesky, () => new CorrCholeskyTransform());
transformTo.register(constraints.corrCholesky, () => new CorrCholeskyTransform());
transformTo.register(constraints.lowerCholesky, () => new LowerCholeskyTransform());
