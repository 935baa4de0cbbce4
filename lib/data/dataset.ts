// Image data sets held as one uint8 tensor [N, H, W, C] plus int64 labels, so batches are cut natively.

import { keep } from "../memory";
import type { Tensor } from "../tensor";
import type { Transform } from "./transforms";

export class ImageDataset {
  readonly images: Tensor;
  readonly targets: Tensor;
  constructor(
    images: Tensor,
    targets: Tensor,
    readonly classes: string[],
    public transform?: Transform,
  ) {
    const s = images.shape;
    if (s.length !== 4) throw new Error(`images must be [N, H, W, C] uint8, got shape [${s.join(", ")}]`);
    if (images.dtype !== "uint8") throw new Error(`images must be uint8, got ${images.dtype}`);
    if (targets.shape[0] !== s[0]) throw new Error("images and targets differ in length");
    this.images = keep(images);
    this.targets = keep(targets);
  }
  get length(): number {
    return this.images.shape[0];
  }
  get classToIdx(): Record<string, number> {
    return Object.fromEntries(this.classes.map((c, i) => [c, i]));
  }

  /** One sample, transformed: [image, label]. */
  get(i: number): [Tensor, number] {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) throw new RangeError(`index ${i} is out of range`);
    const img = this.images.select(0, i);
    const label = this.targets.select(0, i);
    const y = label.item() as number;
    label.dispose();
    if (!this.transform) return [img, y];
    const x = this.transform.apply(img);
    img.dispose();
    return [x, y];
  }

  /** The first n samples (a view; no copy). */
  subset(n: number): ImageDataset {
    const m = Math.min(n, this.length);
    return new ImageDataset(this.images.narrow(0, 0, m), this.targets.narrow(0, 0, m), this.classes, this.transform);
  }
}
