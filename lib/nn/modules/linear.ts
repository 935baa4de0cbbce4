import type { Tensor } from "../../tensor";
import { checkInt } from "../../utils/check";
import { bindArgs, type ValuesThenOptions } from "../../utils/kwargs";
import { py } from "../../utils/pyrepr";
import type { FactoryOptions } from "../common_types";
import * as F from "../functional";
import * as init from "../init";
import { Module } from "../module";
import { emptyParameter, type Parameter, UninitializedParameter } from "../parameter";
import { LazyModuleMixin } from "./lazy";

function positive(n: number, what: string): number {
  checkInt(n, what);
  if (n < 0) throw new Error(`Trying to create tensor with negative dimension ${n}: [${n}]`);
  return n;
}

/** Linear's parameters after the required ones, in PyTorch's order. */
type LinearPositional = [bias?: boolean, device?: FactoryOptions["device"], dtype?: FactoryOptions["dtype"]];
/**
 * nn.Linear: the affine map `y = x W^T + b`.
 *
 * Args: `inFeatures` (size of each input sample), `outFeatures` (size of each output sample), then
 * PyTorch's positional `bias, device, dtype` or an options object `{ bias, device, dtype }`. `bias: false`
 * leaves out the additive bias. Weight and bias start from U(-1/sqrt(inFeatures), 1/sqrt(inFeatures)).
 *
 * Shape: input `(*, inFeatures)`, output `(*, outFeatures)`.
 *
 * @example
 * ```ts
 * const fc = new nn.Linear(20, 30);               // or new nn.Linear(20, 30, { bias: false })
 * const y = fc.forward(torch.randn([128, 20]));   // [128, 30]
 * ```
 */
export class Linear extends Module {
  /** The learnable weight, of shape `(outFeatures, inFeatures)`. */
  declare weight: Parameter;
  /** The learnable bias, of shape `(outFeatures)`, or null when made with `bias: false`. */
  declare bias: Parameter | null;
  /** PyTorch's positional form: Linear(in, out, bias, device, dtype). */
  constructor(inFeatures: number, outFeatures: number, ...args: LinearPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(
    inFeatures: number,
    outFeatures: number,
    ...args: ValuesThenOptions<LinearPositional, FactoryOptions & { bias?: boolean }>
  );
  constructor(inFeatures: number, outFeatures: number, o?: FactoryOptions & { bias?: boolean });
  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    ...rest: unknown[]
  ) {
    super();
    const o = bindArgs(rest, ["bias", "device", "dtype"], "Linear.__init__", 3) as FactoryOptions & { bias?: boolean };
    if (o.bias !== undefined && typeof o.bias !== "boolean")
      throw new TypeError(`bias must be a bool, not ${typeof o.bias}`);
    positive(inFeatures, "inFeatures");
    positive(outFeatures, "outFeatures");
    this.weight = emptyParameter([outFeatures, inFeatures], o);
    if (o.bias ?? true) this.bias = emptyParameter([outFeatures], o);
    else this.registerParameter("bias", null);
    this.resetParameters();
  }
  /** Re-initializes weight and bias as the constructor does. */
  resetParameters(): void {
    init.resetWeightAndBias(this.weight, this.bias, false);
  }
  /** Applies the layer to `x` (shape `(*, inFeatures)`). */
  forward(x: Tensor): Tensor {
    return F.linear(x, this.weight, this.bias);
  }
  /** `in_features=..., out_features=..., bias=...`, as PyTorch prints it. */
  extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${py(this.bias !== null)}`;
  }
}

/** Bilinear's parameters after the required ones, in PyTorch's order. */
type BilinearPositional = [bias?: boolean, device?: FactoryOptions["device"], dtype?: FactoryOptions["dtype"]];
/**
 * nn.Bilinear: `y = x1^T A x2 + b` for each output feature.
 *
 * Args: `in1Features`, `in2Features`, `outFeatures`, then PyTorch's positional `bias, device, dtype` or
 * options. Weight `(out, in1, in2)` and bias start from U(-1/sqrt(in1), 1/sqrt(in1)), as in PyTorch.
 */
export class Bilinear extends Module {
  /** The learnable weight, of shape `(outFeatures, in1Features, in2Features)`. */
  declare weight: Parameter;
  /** The learnable bias, of shape `(outFeatures)`, or null when made with `bias: false`. */
  declare bias: Parameter | null;
  constructor(in1Features: number, in2Features: number, outFeatures: number, ...args: BilinearPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(
    in1Features: number,
    in2Features: number,
    outFeatures: number,
    ...args: ValuesThenOptions<BilinearPositional, FactoryOptions & { bias?: boolean }>
  );
  constructor(in1Features: number, in2Features: number, outFeatures: number, o?: FactoryOptions & { bias?: boolean });
  constructor(
    readonly in1Features: number,
    readonly in2Features: number,
    readonly outFeatures: number,
    ...rest: unknown[]
  ) {
    super();
    const o = bindArgs(rest, ["bias", "device", "dtype"], "Bilinear.__init__", 4) as FactoryOptions & {
      bias?: boolean;
    };
    positive(in1Features, "in1Features");
    positive(in2Features, "in2Features");
    positive(outFeatures, "outFeatures");
    this.weight = emptyParameter([outFeatures, in1Features, in2Features], o);
    if (o.bias ?? true) this.bias = emptyParameter([outFeatures], o);
    else this.registerParameter("bias", null);
    this.resetParameters();
  }
  /** Re-initializes weight and bias as the constructor does. */
  resetParameters(): void {
    const bound = 1 / Math.sqrt(this.weight.size(1));
    init.uniform_(this.weight, -bound, bound);
    if (this.bias !== null) init.uniform_(this.bias, -bound, bound);
  }
  /** Applies the layer to `input1` (`(*, in1Features)`) and `input2` (`(*, in2Features)`). */
  forward(input1: Tensor, input2: Tensor): Tensor {
    return F.bilinear(input1, input2, this.weight, this.bias);
  }
  /** PyTorch's extra_repr: what the printed form shows between the parentheses. */
  extraRepr(): string {
    return `in1_features=${this.in1Features}, in2_features=${this.in2Features}, out_features=${this.outFeatures}, bias=${py(this.bias !== null)}`;
  }
}

/** LazyLinear's parameters after the required ones, in PyTorch's order. */
type LazyLinearPositional = [bias?: boolean, device?: FactoryOptions["device"], dtype?: FactoryOptions["dtype"]];
/**
 * nn.LazyLinear: a {@link Linear} whose `inFeatures` comes from the first input's last dimension; until
 * then weight and bias are UninitializedParameters (PyTorch's LazyLinear).
 *
 * @example
 * ```ts
 * const fc = new nn.LazyLinear(30);
 * fc.forward(torch.randn([128, 20])); // fc is now a Linear(20, 30)
 * ```
 */
export class LazyLinear extends LazyModuleMixin(Linear) {
  /** The class the module becomes once initialized (PyTorch's cls_to_become). */
  static clsToBecome = Linear;
  /** PyTorch's positional form: LazyLinear(out, bias, device, dtype). */
  constructor(outFeatures: number, ...args: LazyLinearPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(
    outFeatures: number,
    ...args: ValuesThenOptions<LazyLinearPositional, FactoryOptions & { bias?: boolean }>
  );
  constructor(outFeatures: number, o?: FactoryOptions & { bias?: boolean });
  constructor(outFeatures: number, ...rest: unknown[]) {
    const o = bindArgs(rest, ["bias", "device", "dtype"], "LazyLinear.__init__", 2) as FactoryOptions & {
      bias?: boolean;
    };
    if (o.bias !== undefined && typeof o.bias !== "boolean")
      throw new TypeError(`bias must be a bool, not ${typeof o.bias}`);
    super(0, 0, { ...o, bias: false });
    const factory = { device: o.device, dtype: o.dtype };
    (this as { outFeatures: number }).outFeatures = positive(outFeatures, "outFeatures");
    (this as unknown as { weight: UninitializedParameter }).weight = new UninitializedParameter(false, factory);
    if (o.bias ?? true)
      (this as unknown as { bias: UninitializedParameter }).bias = new UninitializedParameter(false, factory);
  }
  resetParameters(): void {
    if (!this.hasUninitializedParams() && this.inFeatures !== 0) super.resetParameters();
  }
  initializeParameters(x: Tensor): void {
    if (!this.hasUninitializedParams()) return;
    (this as { inFeatures: number }).inFeatures = x.size(-1);
    this.materializeParameter("weight", [this.outFeatures, this.inFeatures]);
    this.materializeParameter("bias", [this.outFeatures]);
    this.resetParameters();
  }
}
