import { empty, type TensorOptions } from "../creation";
import { type DType, SCALAR_TYPE } from "../dtype";
import { keep } from "../memory";
import { native } from "../native";
import { Tensor } from "../tensor";

/** A Tensor that a Module registers as a learnable parameter (shares data with what it wraps). */
export class Parameter extends Tensor {
  constructor(data: Tensor, requiresGrad = true) {
    if (!(data instanceof Tensor)) throw new TypeError("Parameter takes a Tensor");
    super(native.detach(data.handle));
    native.setRequiresGrad(this.handle, requiresGrad);
    keep(this);
  }
  toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }

  /** @internal Module.to: the same Parameter object, now on `device` / of `dtype`, grad flag kept. */
  moveInPlace(device: string | undefined, dtype: DType | undefined, nonBlocking: boolean): void {
    const code = dtype === undefined ? -1 : SCALAR_TYPE[dtype];
    const moved = native.to(this.handle, { device, dtype: code, nonBlocking, copy: false });
    native.setRequiresGrad(moved, this.requiresGrad);
    this.swap(moved);
  }
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

/**
 * What a Lazy module holds before its first forward (PyTorch's UninitializedParameter and
 * UninitializedBuffer): it remembers the dtype and device that materialize() will use, and any
 * other use is an error, as in PyTorch.
 */
export class UninitializedParameter {
  readonly isUninitialized = true;
  device: string | undefined;
  dtype: DType | undefined;
  constructor(
    readonly isBuffer = false,
    o: TensorOptions = {},
  ) {
    this.device = o.device === undefined ? undefined : String(o.device);
    this.dtype = o.dtype === undefined ? undefined : (o.dtype as DType);
  }
  get shape(): number[] {
    throw new Error(UNINIT);
  }
  get handle(): number {
    throw new Error(UNINIT);
  }
  numel(): number {
    throw new Error(UNINIT);
  }
  /** Module.to before the first forward: remembered for materialize(). */
  retarget(device: string | undefined, dtype: DType | undefined): void {
    if (device !== undefined) this.device = device;
    if (dtype !== undefined) this.dtype = dtype;
  }
  /** An uninitialized tensor of `shape` with the remembered dtype and device (what materialize() fills). */
  materialize(shape: number[]): Tensor {
    return empty(shape, { device: this.device as TensorOptions["device"], dtype: this.dtype });
  }
  toString(): string {
    return this.isBuffer ? "<UninitializedBuffer>" : "<UninitializedParameter>";
  }
}
