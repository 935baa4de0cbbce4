import { empty, type TensorOptions } from "../creation";
import { type DType, SCALAR_TYPE } from "../dtype";
import { keep } from "../memory";
import { type MemoryFormatName, native } from "../native";
import { Tensor } from "../tensor";

/** A Tensor that a Module registers as a learnable parameter (shares data with what it wraps). */
export class Parameter extends Tensor {
  /**
   * @param data - the tensor whose data the parameter shares (default: an empty tensor, as nn.Parameter()).
   * @param requiresGrad - whether the parameter takes gradients (default true).
   */
  constructor(data?: Tensor, requiresGrad = true) {
    if (data === undefined) data = empty([0]);
    if (!(data instanceof Tensor)) throw new TypeError("Parameter takes a Tensor");
    super(native.detach(data.handle));
    native.setRequiresGrad(this.handle, requiresGrad);
    keep(this);
  }
  /** PyTorch's `Parameter containing:\ntensor(...)` form. */
  toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }

  /** @internal Module.to: the same Parameter object, now on `device` / of `dtype`, grad flag kept. */
  moveInPlace(
    device: string | undefined,
    dtype: DType | undefined,
    nonBlocking: boolean,
    memoryFormat?: MemoryFormatName,
  ): void {
    const code = dtype === undefined ? -1 : SCALAR_TYPE[dtype];
    const o = { device, dtype: code, nonBlocking, copy: false };
    const moved = native.to(this.handle, memoryFormat === undefined ? o : { ...o, memoryFormat });
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
  /** Always true: tells an uninitialized parameter from a tensor. */
  readonly isUninitialized = true;
  /** The device {@link UninitializedParameter.materialize} will allocate on (undefined: the default). */
  device: string | undefined;
  /** The dtype {@link UninitializedParameter.materialize} will allocate (undefined: the default). */
  dtype: DType | undefined;
  constructor(
    readonly isBuffer = false,
    o: TensorOptions = {},
  ) {
    this.device = o.device === undefined ? undefined : String(o.device);
    this.dtype = o.dtype === undefined ? undefined : (o.dtype as DType);
  }
  /** Throws PyTorch's error: an uninitialized parameter has no shape yet. */
  get shape(): number[] {
    throw new Error(UNINIT);
  }
  /** @internal Throws: there is no native tensor yet. */
  get handle(): number {
    throw new Error(UNINIT);
  }
  /** Throws PyTorch's error: an uninitialized parameter has no size yet. */
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
  /** `<UninitializedParameter>` (or `<UninitializedBuffer>`), as PyTorch prints it. */
  toString(): string {
    return this.isBuffer ? "<UninitializedBuffer>" : "<UninitializedParameter>";
  }
}
