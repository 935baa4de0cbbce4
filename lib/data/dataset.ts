// Image data sets held as one uint8 tensor [N, H, W, C] plus int64 labels, so batches are cut natively.

import { tensor } from "../creation";
import { keep } from "../memory";
import { native } from "../native";
import { Generator } from "../random";
import { Tensor } from "../tensor";
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
  /**
   * A seeded random subset of `n` images with the classes in equal shares (as far as they go), in
   * the data set's order: what a quick run should train on (the first n of an ImageFolder are all
   * one class).
   */
  stratifiedSubset(n: number, seed: number): ImageDataset {
    const total = this.length;
    const perm = new Tensor(native.epochPermutation(new Generator(seed).ext, total));
    const order = Array.from(perm.toTypedArray() as BigInt64Array, Number);
    const labels = Array.from(this.targets.toTypedArray() as BigInt64Array, Number);
    const classes = Math.max(1, this.classes.length);
    const share = Math.ceil(Math.min(n, total) / classes);
    const taken = new Map<number, number>();
    const chosen: number[] = [];
    for (const i of order) {
      if (chosen.length >= Math.min(n, total)) break;
      const c = labels[i]!;
      if ((taken.get(c) ?? 0) >= share) continue;
      taken.set(c, (taken.get(c) ?? 0) + 1);
      chosen.push(i);
    }
    chosen.sort((a, b) => a - b);
    const index = tensor(chosen, { dtype: "int64" });
    return new ImageDataset(
      this.images.indexSelect(0, index),
      this.targets.indexSelect(0, index),
      this.classes,
      this.transform,
    );
  }

  subset(n: number): ImageDataset {
    const m = Math.min(n, this.length);
    return new ImageDataset(this.images.narrow(0, 0, m), this.targets.narrow(0, 0, m), this.classes, this.transform);
  }
}
