import { native } from "../native";
import { Tensor } from "../tensor";
import { keep } from "../memory";
import { empty, TensorOptions } from "../creation";

/** A Tensor that a Module registers as a learnable parameter (shares data with what it wraps). */
export class Parameter extends Tensor {
  constructor(data: Tensor, requiresGrad = true) {
    if (!(data instanceof Tensor)) throw new TypeError("Parameter takes a Tensor");
    super(native.detach(data.handle));
    native.setRequiresGrad(this.handle, requiresGrad);
    keep(this);
  }
  toString(): string { return "Parameter containing:\n" + super.toString(); }
}

/** An uninitialised Parameter of the given shape (the layer's reset fills it). */
export function emptyParameter(shape: number[], o: TensorOptions): Parameter {
  const t = empty(shape, { device: o.device, dtype: o.dtype });
  const p = new Parameter(t);
  t.dispose();
  return p;
}

const UNINIT =
  "Can't access the shape of an uninitialized parameter or buffer. This error usually happens in `load_state_dict` " +
  "when trying to load an uninitialized parameter into an initialized one. Call `forward` to initialize the " +
  "parameters before accessing their attributes.";

/** What a Lazy module holds before its first forward: any use is an error, as in PyTorch. */
export class UninitializedParameter {
  readonly isUninitialized = true;
  constructor(readonly isBuffer = false) {}
  get shape(): number[] { throw new Error(UNINIT); }
  get handle(): number { throw new Error(UNINIT); }
  numel(): number { throw new Error(UNINIT); }
  toString(): string { return this.isBuffer ? "<UninitializedBuffer>" : "<UninitializedParameter>"; }
}
