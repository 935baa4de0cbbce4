// torch.distributions.Distribution: the base class of the probability distributions, with PyTorch's
// argument validation (on by default, as under Python without -O) and its error messages.

import { enableGrad, noGrad } from "../autograd";
import { NotImplementedError, ValueError } from "../errors";
import { keep } from "../memory";
import { Tensor } from "../tensor";
import { pySize } from "../utils/pyrepr";
import { warn } from "../warnings";
import { type Constraint, isDependent } from "./constraints";
import { pyFormat, pyTuple } from "./utils";

/** The options every distribution takes: PyTorch's `validate_args` (null or missing: the default). */
export interface DistributionOptions {
  /** Check parameters at construction and values in logProb/cdf (default: {@link Distribution.setDefaultValidateArgs}). */
  validateArgs?: boolean | null;
}

/** A parameter's name as PyTorch spells it (covarianceMatrix -> covariance_matrix), for messages and reprs. */
export function pyName(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function hasOwn(o: object, k: string): boolean {
  return Object.hasOwn(o, k);
}

/**
 * distributions.Distribution: the abstract base class of probability distributions.
 *
 * Subclasses set their parameters, then call {@link Distribution._init} (PyTorch's
 * `super().__init__(batch_shape, event_shape, validate_args)`), which validates them.
 */
export abstract class Distribution {
  private static defaultValidateArgs = true;
  /** @internal */ declare _batchShape: number[];
  /** @internal */ declare _eventShape: number[];
  // The instance's own validate_args, when set (Python's instance attribute shadowing the class's).
  declare protected ownValidateArgs: boolean | undefined;

  /**
   * Distribution.set_default_validate_args: whether distributions created without `validateArgs`
   * validate (true by default, as in PyTorch outside `python -O`).
   */
  static setDefaultValidateArgs(value: boolean): void {
    if (value !== true && value !== false) throw new ValueError();
    Distribution.defaultValidateArgs = value;
  }

  /** Whether this distribution validates its arguments and the values it scores. */
  get _validateArgs(): boolean {
    return this.ownValidateArgs ?? Distribution.defaultValidateArgs;
  }
  set _validateArgs(v: boolean) {
    this.ownValidateArgs = v;
  }

  /**
   * PyTorch's `Distribution.__init__`: records the shapes and, when validating, checks each parameter
   * against its constraint (raising ValueError with PyTorch's message).
   */
  protected _init(batchShape: number[] = [], eventShape: number[] = [], validateArgs?: boolean | null): void {
    this._batchShape = [...batchShape];
    this._eventShape = [...eventShape];
    if (validateArgs !== undefined && validateArgs !== null) this._validateArgs = validateArgs;
    if (!this._validateArgs) return;
    let argConstraints: Record<string, Constraint>;
    try {
      argConstraints = this.argConstraints;
    } catch (e) {
      if (!(e instanceof NotImplementedError)) throw e;
      argConstraints = {};
      warn(
        `${this.pyClass()} does not define \`arg_constraints\`. Please set \`arg_constraints = {}\` or initialize the distribution with \`validate_args=False\` to turn off validation.`,
      );
    }
    for (const [param, constraint] of Object.entries(argConstraints)) {
      if (isDependent(constraint)) continue; // constraints that cannot be checked
      if (!hasOwn(this, param) && this._isLazy(param)) continue; // lazily-constructed args
      const value = (this as unknown as Record<string, Tensor>)[param];
      const valid = constraint.check(value);
      if (!valid.all().item())
        throw new ValueError(
          `Expected parameter ${pyName(param)} ` +
            `(${value.constructor.name} of shape ${pyTuple(value.shape)}) ` +
            `of distribution ${this} ` +
            `to satisfy the constraint ${constraint}, ` +
            `but found invalid values:\n${pyFormat(value)}`,
        );
    }
  }

  /** Whether `name` is a lazily computed parameter (PyTorch's lazy_property), skipped by validation until set. */
  protected _isLazy(_name: string): boolean {
    return false;
  }

  /**
   * A lazily computed parameter: computed once (with grad enabled, as PyTorch's lazy_property) and then
   * held by the instance as its own value.
   */
  protected _lazy(name: string, compute: () => Tensor): Tensor {
    const value = keep(enableGrad(compute));
    Object.defineProperty(this, name, { value, writable: true, enumerable: true, configurable: true });
    return value;
  }

  /** Sets a parameter as the instance's own value (what PyTorch keeps in `__dict__`). */
  protected _setOwn(name: string, value: unknown): void {
    Object.defineProperty(this, name, { value, writable: true, enumerable: true, configurable: true });
  }

  /** An instance of this class made without its constructor, for expand() (PyTorch's `_get_checked_instance`). */
  protected _checkedInstance<T extends Distribution>(instance?: T): T {
    return instance ?? (Object.create(Object.getPrototypeOf(this)) as T);
  }

  /**
   * A new distribution with the batch dimensions expanded to `batchShape` (parameters are expanded
   * views; no argument checking or broadcasting is repeated).
   */
  expand(_batchShape: number[], _instance?: Distribution): Distribution {
    throw new NotImplementedError();
  }

  /** The shape over which parameters are batched. */
  get batchShape(): number[] {
    return [...this._batchShape];
  }
  /** The shape of a single sample (without batching). */
  get eventShape(): number[] {
    return [...this._eventShape];
  }
  /** Each parameter's constraint, by the parameter's name. */
  get argConstraints(): Record<string, Constraint> {
    throw new NotImplementedError();
  }
  /** The constraint on the distribution's values. */
  get support(): Constraint {
    throw new NotImplementedError();
  }
  /** Whether rsample() is implemented (reparameterized samples). */
  get hasRsample(): boolean {
    return false;
  }
  /** Whether enumerateSupport() is implemented. */
  get hasEnumerateSupport(): boolean {
    return false;
  }
  /** The mean of the distribution. */
  get mean(): Tensor {
    throw new NotImplementedError();
  }
  /** The mode of the distribution. */
  get mode(): Tensor {
    throw new NotImplementedError(`${this.pyClass()} does not implement mode`);
  }
  /** The variance of the distribution. */
  get variance(): Tensor {
    throw new NotImplementedError();
  }
  /** The standard deviation of the distribution. */
  get stddev(): Tensor {
    return this.variance.sqrt();
  }

  /** A `sampleShape`-shaped sample (or batch of samples), drawn without recording autograd history. */
  sample(sampleShape: number[] = []): Tensor {
    return noGrad(() => this.rsample(sampleShape));
  }
  /** A `sampleShape`-shaped reparameterized sample: gradients flow back to the parameters. */
  rsample(_sampleShape: number[] = []): Tensor {
    throw new NotImplementedError();
  }
  /** Deprecated: `n` samples; use sample([n]). */
  sampleN(n: number): Tensor {
    warn("sample_n will be deprecated. Use .sample((n,)) instead", "UserWarning");
    return this.sample([n]);
  }
  /** The log of the probability density/mass function at `value`. */
  logProb(_value: Tensor): Tensor {
    throw new NotImplementedError();
  }
  /** The cumulative distribution function at `value`. */
  cdf(_value: Tensor): Tensor {
    throw new NotImplementedError();
  }
  /** The inverse cumulative distribution function at `value`. */
  icdf(_value: Tensor): Tensor {
    throw new NotImplementedError();
  }
  /**
   * All values of a discrete distribution's support, along dimension 0: shape
   * `[cardinality, ...batchShape, ...eventShape]` (batch dimensions of size 1 when `expand` is false).
   */
  enumerateSupport(_expand = true): Tensor {
    throw new NotImplementedError();
  }
  /** The entropy, batched over batchShape. */
  entropy(): Tensor {
    throw new NotImplementedError();
  }
  /** The perplexity `exp(entropy())`, batched over batchShape. */
  perplexity(): Tensor {
    return this.entropy().exp();
  }

  /** `sampleShape + batchShape + eventShape`: the shape of a sample. */
  protected _extendedShape(sampleShape: number[] = []): number[] {
    return [...sampleShape, ...this._batchShape, ...this._eventShape];
  }

  /**
   * Checks a value to score: a tensor whose rightmost dimensions match the event shape, broadcastable
   * with batchShape + eventShape, inside the support. Raises ValueError with PyTorch's messages.
   */
  protected _validateSample(value: Tensor): void {
    if (!(value instanceof Tensor)) throw new ValueError("The value argument to log_prob must be a Tensor");
    const eventDimStart = value.dim() - this._eventShape.length;
    const tail = value.shape.slice(eventDimStart);
    if (tail.length !== this._eventShape.length || tail.some((s, i) => s !== this._eventShape[i]))
      throw new ValueError(
        `The right-most size of value must match event_shape: ${pySize(value.shape)} vs ${pySize(this._eventShape)}.`,
      );
    const actual = value.shape;
    const expected = [...this._batchShape, ...this._eventShape];
    for (let k = 1; k <= Math.min(actual.length, expected.length); k++) {
      const i = actual[actual.length - k];
      const j = expected[expected.length - k];
      if (i !== 1 && j !== 1 && i !== j)
        throw new ValueError(
          `Value is not broadcastable with batch_shape+event_shape: ${pySize(actual)} vs ${pySize(expected)}.`,
        );
    }
    let support: Constraint;
    try {
      support = this.support;
    } catch (e) {
      if (!(e instanceof NotImplementedError)) throw e;
      warn(
        `${this.pyClass()} does not define \`support\` to enable sample validation. Please initialize the distribution with \`validate_args=False\` to turn off validation.`,
      );
      return;
    }
    const valid = support.check(value);
    if (!valid.all().item())
      throw new ValueError(
        "Expected value argument " +
          `(${value.constructor.name} of shape ${pyTuple(value.shape)}) ` +
          `to be within the support (${support}) ` +
          `of the distribution ${this}, ` +
          `but found invalid values:\n${pyFormat(value)}`,
      );
  }

  // Python's str(cls), for warnings and messages.
  private pyClass(): string {
    return `<class '${this.constructor.name}'>`;
  }

  /** PyTorch's repr: `Normal(loc: tensor(0.), scale: torch.Size([3]))` (a parameter's size unless it has one element). */
  toString(): string {
    let names: string[];
    try {
      names = Object.keys(this.argConstraints).filter((k) => hasOwn(this, k));
    } catch (e) {
      if (!(e instanceof NotImplementedError)) throw e;
      names = [];
    }
    const args = names.map((p) => {
      const v = (this as unknown as Record<string, Tensor>)[p];
      return `${pyName(p)}: ${v.numel() === 1 ? pyFormat(v) : pySize(v.shape)}`;
    });
    return `${this.constructor.name}(${args.join(", ")})`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}
