// Tensor.storage() / Tensor.untyped_storage(): the memory under a tensor and its views, read through
// a flat tensor over the whole storage (native storageTensor), so every value comes from libtorch.
import { callAten } from "./aten";
import type { DType } from "./dtype";
import { native } from "./native";
import type { Tensor } from "./tensor";

/** What the two storages share (PyTorch's torch.storage._StorageBase). */
export abstract class StorageBase {
  /** @internal The storage as a 1-d tensor of `size()` elements, sharing its memory. */
  readonly _flat: Tensor;
  /** @internal */
  constructor(flat: Tensor) {
    this._flat = flat;
  }
  /** The address of the storage's first byte. */
  dataPtr(): number {
    return this._flat.numel() === 0 ? 0 : native.dataPtr(this._flat.handle);
  }
  /** The number of elements. */
  size(): number {
    return this._flat.numel();
  }
  /** The number of bytes. */
  nbytes(): number {
    return this._flat.numel() * this._flat.elementSize();
  }
  /** The size of one element in bytes. */
  elementSize(): number {
    return this._flat.elementSize();
  }
  get dtype(): DType {
    return this._flat.dtype;
  }
  get device(): string {
    return this._flat.device;
  }
  get isCuda(): boolean {
    return this._flat.isCuda;
  }
  /** The elements as a JS array (Python's tolist()). */
  tolist(): unknown[] {
    return this._flat.tolist() as unknown[];
  }
  /** Python's len(storage). */
  get length(): number {
    return this.size();
  }
}

/** torch.TypedStorage: a tensor's whole storage as elements of its dtype. */
export class TypedStorage extends StorageBase {
  /** The storage's bytes (Python's untyped()). */
  untyped(): UntypedStorage {
    return new UntypedStorage(this._flat);
  }
}

/** torch.UntypedStorage: a tensor's whole storage as bytes. */
export class UntypedStorage extends StorageBase {
  /** @internal */
  constructor(flat: Tensor) {
    super(flat.dtype === "uint8" ? flat : (callAten("view", "view", flat, ["uint8"]) as Tensor));
  }
}
