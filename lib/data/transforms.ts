// torchvision-style transforms. The DataLoader fuses them into its native batch step; apply() runs
// one on a single image tensor (uint8 HWC in, float CHW out after ToTensor).

import { rand, randint, tensor } from "../creation";
import { tidy } from "../memory";
import { pad } from "../nn/functional";
import type { Tensor } from "../tensor";

export interface Transform {
  readonly kind: string;
  apply(x: Tensor): Tensor;
}

export class ToTensor implements Transform {
  readonly kind = "toTensor";
  apply(x: Tensor): Tensor {
    return tidy(() => x.permute(2, 0, 1).contiguous().to("float32").div(255));
  }
  toString(): string {
    return "ToTensor()";
  }
}

export class Normalize implements Transform {
  readonly kind = "normalize";
  readonly mean: number[];
  readonly std: number[];
  constructor(mean: number[], std: number[]) {
    if (!Array.isArray(mean) || !Array.isArray(std) || mean.length !== std.length)
      throw new TypeError("Normalize takes two arrays of equal length");
    if (std.some((s) => s === 0))
      throw new Error(`std evaluated to zero after conversion to torch.float32, leading to division by zero.`);
    this.mean = mean;
    this.std = std;
  }
  apply(x: Tensor): Tensor {
    return tidy(() => {
      const m = tensor(this.mean, { dtype: "float32" }).view(-1, 1, 1);
      const s = tensor(this.std, { dtype: "float32" }).view(-1, 1, 1);
      return x.sub(m).div(s);
    });
  }
  toString(): string {
    return `Normalize(mean=[${this.mean.join(", ")}], std=[${this.std.join(", ")}])`;
  }
}

export class RandomHorizontalFlip implements Transform {
  readonly kind = "hflip";
  constructor(readonly p = 0.5) {}
  apply(x: Tensor): Tensor {
    return tidy(() => ((rand([1]).item() as number) < this.p ? x.flip(-1) : x.clone()));
  }
  toString(): string {
    return `RandomHorizontalFlip(p=${this.p})`;
  }
}

export class RandomCrop implements Transform {
  readonly kind = "crop";
  readonly padding: number;
  constructor(
    readonly size: number,
    o: { padding?: number } = {},
  ) {
    this.padding = o.padding ?? 0;
  }
  apply(x: Tensor): Tensor {
    return tidy(() => {
      const p = this.padding;
      const padded = p > 0 ? pad(x.unsqueeze(0), [p, p, p, p]).squeeze(0) : x;
      const h = padded.size(-2),
        w = padded.size(-1);
      const top = randint(0, h - this.size + 1, [1]).item() as number;
      const left = randint(0, w - this.size + 1, [1]).item() as number;
      return padded.narrow(-2, top, this.size).narrow(-1, left, this.size).contiguous();
    });
  }
  toString(): string {
    return `RandomCrop(size=(${this.size}, ${this.size}), padding=${this.padding})`;
  }
}

export class Compose implements Transform {
  readonly kind = "compose";
  constructor(readonly transforms: Transform[]) {
    if (!Array.isArray(transforms)) throw new TypeError("Compose takes an array of transforms");
  }
  apply(x: Tensor): Tensor {
    let y = x;
    for (const t of this.transforms) {
      const next = t.apply(y);
      if (y !== x) y.dispose();
      y = next;
    }
    return y;
  }
  toString(): string {
    return `Compose(\n${this.transforms.map((t) => `    ${t.toString()}`).join("\n")}\n)`;
  }
}

/** What the native batch step needs to know about a transform pipeline. */
export interface FusedTransform {
  toTensor: boolean;
  mean: number[];
  std: number[];
  flipP: number;
  cropPad: number;
}

export function fuse(t: Transform | undefined): FusedTransform {
  const out: FusedTransform = { toTensor: false, mean: [], std: [], flipP: 0, cropPad: 0 };
  const list = t === undefined ? [] : t instanceof Compose ? t.transforms : [t];
  for (const x of list) {
    if (x instanceof ToTensor) out.toTensor = true;
    else if (x instanceof Normalize) {
      out.mean = x.mean;
      out.std = x.std;
    } else if (x instanceof RandomHorizontalFlip) out.flipP = x.p;
    else if (x instanceof RandomCrop) out.cropPad = x.padding;
    else throw new Error(`DataLoader cannot batch transform ${x.kind} natively`);
  }
  if (!out.toTensor) throw new Error("the DataLoader batches images natively and needs ToTensor() in the transform");
  return out;
}
