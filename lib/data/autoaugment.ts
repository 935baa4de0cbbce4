// torchvision.transforms.autoaugment (0.14): AutoAugment, RandAugment, TrivialAugmentWide and AugMix
// on tensors. Each picks its operations with torch's global generator in torchvision's order (and
// draws a sign only for signed operations, as Python's `and` short-circuits), and magnitudes come from
// the same float32 linspace bins, so after torch.manualSeed(s) it picks what torchvision picks. The
// operations are the tensor kernels of transforms_functional.ts (an HWC uint8 image through its CHW view).
import { arange, linspace, rand, randint, tensor } from "../creation";
import { getDefaultDtype } from "../default_dtype";
import { IndexError, ValueError } from "../errors";
import { tidy } from "../memory";
import { native } from "../native";
import { ops } from "../ops";
import type { Tensor } from "../tensor";
import { pyFloat } from "../utils/pyrepr";
import type { TransformModule } from "./transforms";
import {
  adjustBrightness,
  adjustContrast,
  adjustSaturation,
  adjustSharpness,
  affine,
  autocontrast,
  dimensions,
  equalize,
  type InterpolationMode,
  invert,
  onImage,
  posterize,
  rotate,
  solarize,
} from "./transforms_functional";

export type AugmentOp =
  | "Identity"
  | "ShearX"
  | "ShearY"
  | "TranslateX"
  | "TranslateY"
  | "Rotate"
  | "Brightness"
  | "Color"
  | "Contrast"
  | "Sharpness"
  | "Posterize"
  | "Solarize"
  | "AutoContrast"
  | "Equalize"
  | "Invert";

type Fill = number[] | null;

/** math.degrees(math.atan(m)) through libm, as Python computes it. */
function shearDegrees(m: number): number {
  return native.libm("atan", m) * (180 / Math.PI);
}

/** torchvision's _apply_op: one named operation at a magnitude. */
function applyOp(img: Tensor, op: AugmentOp, magnitude: number, interpolation: InterpolationMode, fill: Fill): Tensor {
  switch (op) {
    case "ShearX":
      return affine(img, 0.0, [0, 0], 1.0, [shearDegrees(magnitude), 0.0], interpolation, fill, [0, 0]);
    case "ShearY":
      return affine(img, 0.0, [0, 0], 1.0, [0.0, shearDegrees(magnitude)], interpolation, fill, [0, 0]);
    case "TranslateX":
      return affine(img, 0.0, [Math.trunc(magnitude), 0], 1.0, [0.0, 0.0], interpolation, fill);
    case "TranslateY":
      return affine(img, 0.0, [0, Math.trunc(magnitude)], 1.0, [0.0, 0.0], interpolation, fill);
    case "Rotate":
      return rotate(img, magnitude, interpolation, false, null, fill);
    case "Brightness":
      return adjustBrightness(img, 1.0 + magnitude);
    case "Color":
      return adjustSaturation(img, 1.0 + magnitude);
    case "Contrast":
      return adjustContrast(img, 1.0 + magnitude);
    case "Sharpness":
      return adjustSharpness(img, 1.0 + magnitude);
    case "Posterize":
      return posterize(img, Math.trunc(magnitude));
    case "Solarize":
      return solarize(img, magnitude);
    case "AutoContrast":
      return autocontrast(img);
    case "Equalize":
      return equalize(img);
    case "Invert":
      return invert(img);
    case "Identity":
      return img;
    default:
      throw new ValueError(`The provided operator ${op} is not recognized.`);
  }
}

/** An operation's magnitude bins (null: it takes none) and whether it is signed. */
type Space = Array<[AugmentOp, number[] | null, boolean]>;

/** torch.linspace(a, b, n) as the float32 values Python's .item() reads. */
function bins(a: number, b: number, n: number): number[] {
  return tidy(() => linspace(a, b, n).toArray() as number[]);
}

/** top - (torch.arange(n) / ((n - 1) / d)).round().int(): the posterize bits. */
function posterizeBins(top: number, n: number, d: number): number[] {
  return tidy(() =>
    (
      arange(n)
        .div((n - 1) / d)
        .round()
        .to("int32")
        .toArray() as number[]
    ).map((v) => top - v),
  );
}

/** A transform's fill as the kernels take it: one float per channel, or null. */
function fillFor(fill: number | readonly number[] | null, channels: number): Fill {
  if (fill === null) return null;
  return typeof fill === "number" ? new Array<number>(channels).fill(fill) : [...fill];
}

function randint1(high: number): number {
  return tidy(() => randint(0, high, [1]).item() as number);
}

function fillRepr(fill: number | readonly number[] | null): string {
  if (fill === null) return "None";
  return typeof fill === "number" ? String(fill) : `[${fill.join(", ")}]`;
}

/** torchvision's AutoAugmentPolicy names: the datasets whose learned policies AutoAugment knows. */
export const AutoAugmentPolicy = { IMAGENET: "imagenet", CIFAR10: "cifar10", SVHN: "svhn" } as const;
/** An AutoAugment policy, by AutoAugmentPolicy's lowercase value. */
export type AutoAugmentPolicy = "imagenet" | "cifar10" | "svhn";

type SubPolicy = [[AugmentOp, number, number | null], [AugmentOp, number, number | null]];

// The learned policies of the AutoAugment paper, as torchvision lists them: (op, probability, magnitude bin).
const POLICIES: Record<AutoAugmentPolicy, SubPolicy[]> = {
  imagenet: [
    [
      ["Posterize", 0.4, 8],
      ["Rotate", 0.6, 9],
    ],
    [
      ["Solarize", 0.6, 5],
      ["AutoContrast", 0.6, null],
    ],
    [
      ["Equalize", 0.8, null],
      ["Equalize", 0.6, null],
    ],
    [
      ["Posterize", 0.6, 7],
      ["Posterize", 0.6, 6],
    ],
    [
      ["Equalize", 0.4, null],
      ["Solarize", 0.2, 4],
    ],
    [
      ["Equalize", 0.4, null],
      ["Rotate", 0.8, 8],
    ],
    [
      ["Solarize", 0.6, 3],
      ["Equalize", 0.6, null],
    ],
    [
      ["Posterize", 0.8, 5],
      ["Equalize", 1.0, null],
    ],
    [
      ["Rotate", 0.2, 3],
      ["Solarize", 0.6, 8],
    ],
    [
      ["Equalize", 0.6, null],
      ["Posterize", 0.4, 6],
    ],
    [
      ["Rotate", 0.8, 8],
      ["Color", 0.4, 0],
    ],
    [
      ["Rotate", 0.4, 9],
      ["Equalize", 0.6, null],
    ],
    [
      ["Equalize", 0.0, null],
      ["Equalize", 0.8, null],
    ],
    [
      ["Invert", 0.6, null],
      ["Equalize", 1.0, null],
    ],
    [
      ["Color", 0.6, 4],
      ["Contrast", 1.0, 8],
    ],
    [
      ["Rotate", 0.8, 8],
      ["Color", 1.0, 2],
    ],
    [
      ["Color", 0.8, 8],
      ["Solarize", 0.8, 7],
    ],
    [
      ["Sharpness", 0.4, 7],
      ["Invert", 0.6, null],
    ],
    [
      ["ShearX", 0.6, 5],
      ["Equalize", 1.0, null],
    ],
    [
      ["Color", 0.4, 0],
      ["Equalize", 0.6, null],
    ],
    [
      ["Equalize", 0.4, null],
      ["Solarize", 0.2, 4],
    ],
    [
      ["Solarize", 0.6, 5],
      ["AutoContrast", 0.6, null],
    ],
    [
      ["Invert", 0.6, null],
      ["Equalize", 1.0, null],
    ],
    [
      ["Color", 0.6, 4],
      ["Contrast", 1.0, 8],
    ],
    [
      ["Equalize", 0.8, null],
      ["Equalize", 0.6, null],
    ],
  ],
  cifar10: [
    [
      ["Invert", 0.1, null],
      ["Contrast", 0.2, 6],
    ],
    [
      ["Rotate", 0.7, 2],
      ["TranslateX", 0.3, 9],
    ],
    [
      ["Sharpness", 0.8, 1],
      ["Sharpness", 0.9, 3],
    ],
    [
      ["ShearY", 0.5, 8],
      ["TranslateY", 0.7, 9],
    ],
    [
      ["AutoContrast", 0.5, null],
      ["Equalize", 0.9, null],
    ],
    [
      ["ShearY", 0.2, 7],
      ["Posterize", 0.3, 7],
    ],
    [
      ["Color", 0.4, 3],
      ["Brightness", 0.6, 7],
    ],
    [
      ["Sharpness", 0.3, 9],
      ["Brightness", 0.7, 9],
    ],
    [
      ["Equalize", 0.6, null],
      ["Equalize", 0.5, null],
    ],
    [
      ["Contrast", 0.6, 7],
      ["Sharpness", 0.6, 5],
    ],
    [
      ["Color", 0.7, 7],
      ["TranslateX", 0.5, 8],
    ],
    [
      ["Equalize", 0.3, null],
      ["AutoContrast", 0.4, null],
    ],
    [
      ["TranslateY", 0.4, 3],
      ["Sharpness", 0.2, 6],
    ],
    [
      ["Brightness", 0.9, 6],
      ["Color", 0.2, 8],
    ],
    [
      ["Solarize", 0.5, 2],
      ["Invert", 0.0, null],
    ],
    [
      ["Equalize", 0.2, null],
      ["AutoContrast", 0.6, null],
    ],
    [
      ["Equalize", 0.2, null],
      ["Equalize", 0.6, null],
    ],
    [
      ["Color", 0.9, 9],
      ["Equalize", 0.6, null],
    ],
    [
      ["AutoContrast", 0.8, null],
      ["Solarize", 0.2, 8],
    ],
    [
      ["Brightness", 0.1, 3],
      ["Color", 0.7, 0],
    ],
    [
      ["Solarize", 0.4, 5],
      ["AutoContrast", 0.9, null],
    ],
    [
      ["TranslateY", 0.9, 9],
      ["TranslateY", 0.7, 9],
    ],
    [
      ["AutoContrast", 0.9, null],
      ["Solarize", 0.8, 3],
    ],
    [
      ["Equalize", 0.8, null],
      ["Invert", 0.1, null],
    ],
    [
      ["TranslateY", 0.7, 9],
      ["AutoContrast", 0.9, null],
    ],
  ],
  svhn: [
    [
      ["ShearX", 0.9, 4],
      ["Invert", 0.2, null],
    ],
    [
      ["ShearY", 0.9, 8],
      ["Invert", 0.7, null],
    ],
    [
      ["Equalize", 0.6, null],
      ["Solarize", 0.6, 6],
    ],
    [
      ["Invert", 0.9, null],
      ["Equalize", 0.6, null],
    ],
    [
      ["Equalize", 0.6, null],
      ["Rotate", 0.9, 3],
    ],
    [
      ["ShearX", 0.9, 4],
      ["AutoContrast", 0.8, null],
    ],
    [
      ["ShearY", 0.9, 8],
      ["Invert", 0.4, null],
    ],
    [
      ["ShearY", 0.9, 5],
      ["Solarize", 0.2, 6],
    ],
    [
      ["Invert", 0.9, null],
      ["AutoContrast", 0.8, null],
    ],
    [
      ["Equalize", 0.6, null],
      ["Rotate", 0.9, 3],
    ],
    [
      ["ShearX", 0.9, 4],
      ["Solarize", 0.3, 3],
    ],
    [
      ["ShearY", 0.8, 8],
      ["Invert", 0.7, null],
    ],
    [
      ["Equalize", 0.9, null],
      ["TranslateY", 0.6, 6],
    ],
    [
      ["Invert", 0.9, null],
      ["Equalize", 0.6, null],
    ],
    [
      ["Contrast", 0.3, 3],
      ["Rotate", 0.8, 4],
    ],
    [
      ["Invert", 0.8, null],
      ["TranslateY", 0.0, 2],
    ],
    [
      ["ShearY", 0.7, 6],
      ["Solarize", 0.4, 8],
    ],
    [
      ["Invert", 0.6, null],
      ["Rotate", 0.8, 4],
    ],
    [
      ["ShearY", 0.3, 7],
      ["TranslateX", 0.9, 3],
    ],
    [
      ["ShearX", 0.1, 6],
      ["Invert", 0.6, null],
    ],
    [
      ["Solarize", 0.7, 2],
      ["TranslateY", 0.6, 7],
    ],
    [
      ["ShearY", 0.8, 4],
      ["Invert", 0.8, null],
    ],
    [
      ["ShearX", 0.7, 9],
      ["TranslateY", 0.8, 3],
    ],
    [
      ["ShearY", 0.8, 5],
      ["AutoContrast", 0.7, null],
    ],
    [
      ["ShearX", 0.7, 2],
      ["Invert", 0.1, null],
    ],
  ],
};

/** The operations shared by AutoAugment and RandAugment, with their magnitude bins for an [H, W] image. */
function standardSpace(n: number, h: number, w: number): Space {
  return [
    ["ShearX", bins(0.0, 0.3, n), true],
    ["ShearY", bins(0.0, 0.3, n), true],
    ["TranslateX", bins(0.0, (150.0 / 331.0) * w, n), true],
    ["TranslateY", bins(0.0, (150.0 / 331.0) * h, n), true],
    ["Rotate", bins(0.0, 30.0, n), true],
    ["Brightness", bins(0.0, 0.9, n), true],
    ["Color", bins(0.0, 0.9, n), true],
    ["Contrast", bins(0.0, 0.9, n), true],
    ["Sharpness", bins(0.0, 0.9, n), true],
    ["Posterize", posterizeBins(8, n, 4), false],
    ["Solarize", bins(255.0, 0.0, n), false],
    ["AutoContrast", null, false],
    ["Equalize", null, false],
  ];
}

/** AutoAugment's keyword arguments besides policy; the other auto-augment options extend it. */
export interface AutoAugmentOptions {
  /** interpolation: the interpolation of the geometric operations (default "nearest"; AugMix "bilinear"). */
  interpolation?: InterpolationMode;
  /** fill: the value for the area outside a geometric op's output, one for all channels or one per channel; null leaves zeros (default null). */
  fill?: number | readonly number[] | null;
}

/**
 * AutoAugment: one of the policy's 25 sub-policies (torch.randint), each of its two operations applied
 * when torch.rand(2)[i] <= its probability, negated when torch.randint(2, (2,))[i] is 0 and signed.
 */
export class AutoAugment implements TransformModule {
  /** The policy whose learned sub-policies are applied (default "imagenet"). */
  readonly policy: AutoAugmentPolicy;
  /** The interpolation of the geometric operations (default "nearest"). */
  readonly interpolation: InterpolationMode;
  /** The fill of the area outside a geometric operation's output; null leaves zeros. */
  readonly fill: number | readonly number[] | null;
  /** The policy's 25 sub-policies, each two (operation, probability, magnitude bin or null) triples. */
  readonly policies: SubPolicy[];
  constructor(policy: AutoAugmentPolicy = "imagenet", o: AutoAugmentOptions = {}) {
    if (!Object.hasOwn(POLICIES, policy)) throw new ValueError(`The provided policy ${policy} is not recognized.`);
    this.policy = policy;
    this.interpolation = o.interpolation ?? "nearest";
    this.fill = o.fill ?? null;
    this.policies = POLICIES[policy];
  }

  /** AutoAugment.get_params: [policy index, the two probabilities, the two signs]. */
  static getParams(transformNum: number): [number, number[], number[]] {
    return tidy(() => {
      const id = randint(0, transformNum, [1]).item() as number;
      const probs = rand([2]).toArray() as number[];
      const signs = randint(0, 2, [2]).toArray() as number[];
      return [id, probs, signs];
    });
  }

  /** forward: applies a sub-policy drawn by {@link AutoAugment.getParams} to an image (uint8 [H, W, C] or [..., C, H, W]). */
  apply(img: Tensor): Tensor {
    const [c, h, w] = dimensions(img);
    const fill = fillFor(this.fill, c);
    const [id, probs, signs] = AutoAugment.getParams(this.policies.length);
    const space = new Map(standardSpace(10, h, w).map(([op, m, s]) => [op, [m, s] as const]));
    space.set("Invert", [null, false]);
    let out = img;
    this.policies[id].forEach(([op, p, bin], i) => {
      // probs[i] <= p compares a float32 tensor element with a Python float: in float32.
      if (probs[i] <= Math.fround(p)) {
        const [mags, signed] = space.get(op) as readonly [number[] | null, boolean];
        let magnitude = bin !== null && mags !== null ? mags[bin] : 0.0;
        if (signed && signs[i] === 0) magnitude *= -1.0;
        const next = applyOp(out, op, magnitude, this.interpolation, fill);
        if (out !== img && next !== out) out.dispose();
        out = next;
      }
    });
    return out;
  }
  /** The Python repr, e.g. `AutoAugment(policy=AutoAugmentPolicy.IMAGENET, fill=None)`. */
  toString(): string {
    return `AutoAugment(policy=AutoAugmentPolicy.${this.policy.toUpperCase()}, fill=${fillRepr(this.fill)})`;
  }
}

/** Runs `count` operations picked uniformly from `space`, each through `magnitudeOf` and a sign draw. */
function randomOps(
  img: Tensor,
  space: Space,
  count: number,
  magnitudeOf: (mags: number[]) => number,
  interpolation: InterpolationMode,
  fill: Fill,
): Tensor {
  let out = img;
  for (let k = 0; k < count; k++) {
    const [op, mags, signed] = space[randint1(space.length)];
    let magnitude = mags !== null ? magnitudeOf(mags) : 0.0;
    // `signed and torch.randint(2, (1,))`: drawn only for signed operations.
    if (signed && randint1(2) !== 0) magnitude *= -1.0;
    const next = applyOp(out, op, magnitude, interpolation, fill);
    if (out !== img && next !== out) out.dispose();
    out = next;
  }
  return out;
}

/** RandAugment's keyword arguments. */
export interface RandAugmentOptions extends AutoAugmentOptions {
  /** num_ops: the number of operations applied per image (default 2). */
  numOps?: number;
  /** magnitude: the magnitude bin every operation uses (default 9). */
  magnitude?: number;
  /** num_magnitude_bins: the number of magnitude bins (default 31). */
  numMagnitudeBins?: number;
}

/** RandAugment: numOps operations drawn uniformly (Identity among them), each at bin `magnitude` of numMagnitudeBins. */
export class RandAugment implements TransformModule {
  /** The number of operations applied per image (RandAugment's num_ops). */
  readonly numOps: number;
  /** The magnitude bin every operation uses; negative counts from the end, as Python indexing does. */
  readonly magnitude: number;
  /** The number of magnitude bins each operation's range is split into (num_magnitude_bins). */
  readonly numMagnitudeBins: number;
  /** The interpolation of the geometric operations (default "nearest"). */
  readonly interpolation: InterpolationMode;
  /** The fill of the area outside a geometric operation's output; null leaves zeros. */
  readonly fill: number | readonly number[] | null;
  constructor(o: RandAugmentOptions = {}) {
    this.numOps = o.numOps ?? 2;
    this.magnitude = o.magnitude ?? 9;
    this.numMagnitudeBins = o.numMagnitudeBins ?? 31;
    this.interpolation = o.interpolation ?? "nearest";
    this.fill = o.fill ?? null;
  }
  /** forward: applies numOps operations, drawn with torch's global generator, to an image (uint8 [H, W, C] or [..., C, H, W]). */
  apply(img: Tensor): Tensor {
    const [c, h, w] = dimensions(img);
    const space: Space = [["Identity", null, false], ...standardSpace(this.numMagnitudeBins, h, w)];
    const at = (mags: number[]) => {
      const i = this.magnitude < 0 ? this.magnitude + mags.length : this.magnitude;
      if (!(i >= 0 && i < mags.length))
        throw new IndexError(`index ${this.magnitude} is out of bounds for dimension 0 with size ${mags.length}`);
      return mags[i];
    };
    return randomOps(img, space, this.numOps, at, this.interpolation, fillFor(this.fill, c));
  }
  /** The Python repr, e.g. `RandAugment(num_ops=2, magnitude=9, ...)`. */
  toString(): string {
    return `RandAugment(num_ops=${this.numOps}, magnitude=${this.magnitude}, num_magnitude_bins=${this.numMagnitudeBins}, interpolation=InterpolationMode.${this.interpolation.toUpperCase()}, fill=${fillRepr(this.fill)})`;
  }
}

/** TrivialAugmentWide's keyword arguments. */
export interface TrivialAugmentWideOptions extends AutoAugmentOptions {
  /** num_magnitude_bins: the number of magnitude bins the magnitude is drawn from (default 31). */
  numMagnitudeBins?: number;
}

/** TrivialAugmentWide: one operation drawn uniformly, at a magnitude bin drawn uniformly (the wide ranges). */
export class TrivialAugmentWide implements TransformModule {
  /** The number of magnitude bins the magnitude is drawn from (num_magnitude_bins). */
  readonly numMagnitudeBins: number;
  /** The interpolation of the geometric operations (default "nearest"). */
  readonly interpolation: InterpolationMode;
  /** The fill of the area outside a geometric operation's output; null leaves zeros. */
  readonly fill: number | readonly number[] | null;
  constructor(o: TrivialAugmentWideOptions = {}) {
    this.numMagnitudeBins = o.numMagnitudeBins ?? 31;
    this.interpolation = o.interpolation ?? "nearest";
    this.fill = o.fill ?? null;
  }
  /** forward: applies one operation at one magnitude, both drawn with torch's global generator, to an image (uint8 [H, W, C] or [..., C, H, W]). */
  apply(img: Tensor): Tensor {
    const [c] = dimensions(img);
    const n = this.numMagnitudeBins;
    const space: Space = [
      ["Identity", null, false],
      ["ShearX", bins(0.0, 0.99, n), true],
      ["ShearY", bins(0.0, 0.99, n), true],
      ["TranslateX", bins(0.0, 32.0, n), true],
      ["TranslateY", bins(0.0, 32.0, n), true],
      ["Rotate", bins(0.0, 135.0, n), true],
      ["Brightness", bins(0.0, 0.99, n), true],
      ["Color", bins(0.0, 0.99, n), true],
      ["Contrast", bins(0.0, 0.99, n), true],
      ["Sharpness", bins(0.0, 0.99, n), true],
      ["Posterize", posterizeBins(8, n, 6), false],
      ["Solarize", bins(255.0, 0.0, n), false],
      ["AutoContrast", null, false],
      ["Equalize", null, false],
    ];
    return randomOps(img, space, 1, (mags) => mags[randint1(mags.length)], this.interpolation, fillFor(this.fill, c));
  }
  /** The Python repr, e.g. `TrivialAugmentWide(num_magnitude_bins=31, ...)`. */
  toString(): string {
    return `TrivialAugmentWide(num_magnitude_bins=${this.numMagnitudeBins}, interpolation=InterpolationMode.${this.interpolation.toUpperCase()}, fill=${fillRepr(this.fill)})`;
  }
}

/** AugMix's keyword arguments. */
export interface AugMixOptions extends AutoAugmentOptions {
  /** severity: operations draw their magnitude from the first `severity` of 10 bins, 1..10 (default 3). */
  severity?: number;
  /** mixture_width: the number of augmentation chains mixed (default 3). */
  mixtureWidth?: number;
  /** chain_depth: operations per chain; <= 0 draws 1..3 per chain (default -1). */
  chainDepth?: number;
  /** alpha: the concentration of the Dirichlet chain weights and the Beta image/mix weight (default 1.0). */
  alpha?: number;
  /** all_ops: also use Brightness, Color, Contrast and Sharpness (default true). */
  allOps?: boolean;
}

/**
 * AugMix: mixtureWidth chains of 1-3 (or chainDepth) random operations at magnitudes up to
 * `severity`, mixed with Dirichlet(alpha) weights, then mixed with the image by a Beta(alpha, alpha)
 * draw (both torch._sample_dirichlet); bilinear by default.
 */
export class AugMix implements TransformModule {
  /** The number of the 10 magnitude bins operations draw from, 1..10 (severity). */
  readonly severity: number;
  /** The number of augmentation chains mixed (mixture_width). */
  readonly mixtureWidth: number;
  /** Operations per chain; <= 0 draws 1..3 per chain (chain_depth). */
  readonly chainDepth: number;
  /** The concentration of the Dirichlet chain weights and the Beta image/mix weight. */
  readonly alpha: number;
  /** Whether Brightness, Color, Contrast and Sharpness are among the operations (all_ops). */
  readonly allOps: boolean;
  /** The interpolation of the geometric operations (default "bilinear"). */
  readonly interpolation: InterpolationMode;
  /** The fill of the area outside a geometric operation's output; null leaves zeros. */
  readonly fill: number | readonly number[] | null;
  constructor(o: AugMixOptions = {}) {
    this.severity = o.severity ?? 3;
    if (!(this.severity >= 1 && this.severity <= 10))
      throw new ValueError(`The severity must be between [1, 10]. Got ${this.severity} instead.`);
    this.mixtureWidth = o.mixtureWidth ?? 3;
    this.chainDepth = o.chainDepth ?? -1;
    this.alpha = o.alpha ?? 1.0;
    this.allOps = o.allOps ?? true;
    this.interpolation = o.interpolation ?? "bilinear";
    this.fill = o.fill ?? null;
  }

  private space(h: number, w: number): Space {
    const n = 10;
    const s: Space = [
      ["ShearX", bins(0.0, 0.3, n), true],
      ["ShearY", bins(0.0, 0.3, n), true],
      ["TranslateX", bins(0.0, w / 3.0, n), true],
      ["TranslateY", bins(0.0, h / 3.0, n), true],
      ["Rotate", bins(0.0, 30.0, n), true],
      ["Posterize", posterizeBins(4, n, 4), false],
      ["Solarize", bins(255.0, 0.0, n), false],
      ["AutoContrast", null, false],
      ["Equalize", null, false],
    ];
    if (this.allOps)
      s.push(
        ["Brightness", bins(0.0, 0.9, n), true],
        ["Color", bins(0.0, 0.9, n), true],
        ["Contrast", bins(0.0, 0.9, n), true],
        ["Sharpness", bins(0.0, 0.9, n), true],
      );
    return s;
  }

  /** forward: mixes the image with mixtureWidth augmentation chains; a batch [N, C, H, W] shares the chains' operations but draws its mixing weights per image. */
  apply(img: Tensor): Tensor {
    const [c, h, w] = dimensions(img);
    const fill = fillFor(this.fill, c);
    const space = this.space(h, w);
    return tidy(() =>
      onImage(img, (x) => {
        const dims = x.shape;
        const batch = x.view([...new Array<number>(Math.max(4 - x.dim(), 0)).fill(1), ...dims]);
        const n = batch.size(0);
        const ones = new Array<number>(batch.dim() - 1).fill(1);
        const dirichlet = (v: number[]) =>
          ops.aten._sample_dirichlet(tensor(v, { dtype: getDefaultDtype(), device: x.device }).expand(n, -1)) as Tensor;
        const m = dirichlet([this.alpha, this.alpha]);
        const weights = dirichlet(new Array<number>(this.mixtureWidth).fill(this.alpha)).mul(
          m.select(1, 1).view(n, -1),
        );
        const mix = m
          .select(1, 0)
          .view(n, ...ones)
          .mul(batch);
        for (let i = 0; i < this.mixtureWidth; i++) {
          const depth = this.chainDepth > 0 ? this.chainDepth : (randint(1, 4, [1]).item() as number);
          const aug = randomOps(batch, space, depth, (mags) => mags[randint1(this.severity)], this.interpolation, fill);
          mix.add_(
            weights
              .select(1, i)
              .view(n, ...ones)
              .mul(aug),
          );
        }
        return mix.view(dims).to(x.dtype);
      }),
    );
  }
  /** The Python repr, e.g. `AugMix(severity=3, mixture_width=3, ...)`. */
  toString(): string {
    return `AugMix(severity=${this.severity}, mixture_width=${this.mixtureWidth}, chain_depth=${this.chainDepth}, alpha=${pyFloat(this.alpha)}, all_ops=${this.allOps ? "True" : "False"}, interpolation=InterpolationMode.${this.interpolation.toUpperCase()}, fill=${fillRepr(this.fill)})`;
  }
}
