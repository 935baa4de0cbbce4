// torch.Generator, torch.seed / initial_seed, and torch.get_rng_state / torch.set_rng_state: the
// default CPU generator's state as a uint8 tensor.
import { device } from "./device";
import { type GeneratorRef, native } from "./native";
import { Tensor } from "./tensor";
import { checkInt } from "./utils/check";

/** torch.Generator (CPU). */
export class Generator {
  /** @internal */ readonly ext: GeneratorRef;
  /**
   * As `torch.Generator()` / `torch.Generator("cpu")`, it starts from PyTorch's default seed
   * (67280421310721). torchts also takes the seed itself: `new Generator(42)` is
   * `torch.Generator().manual_seed(42)`. torchts generators are CPU only.
   */
  constructor(seedOrDevice?: number | bigint | "cpu" | `cpu:${number}` | device | { device?: "cpu" | device }) {
    if (typeof seedOrDevice === "number" || typeof seedOrDevice === "bigint") {
      this.ext = native.generatorNew(typeof seedOrDevice === "number" ? checkInt(seedOrDevice, "seed") : seedOrDevice);
      return;
    }
    const spec =
      typeof seedOrDevice === "object" && seedOrDevice !== null && !(seedOrDevice instanceof device)
        ? (seedOrDevice.device ?? "cpu")
        : (seedOrDevice ?? "cpu");
    // As PyTorch parses the device (its message for an unknown type), then names the type as
    // c10::DeviceTypeName does ("CUDA", "META", "PrivateUse1") when it is not the CPU.
    const d = spec instanceof device ? spec : new device(spec as string);
    if (d.type !== "cpu") {
      const name = d.type === "privateuseone" ? "PrivateUse1" : d.type.toUpperCase();
      throw new Error(`Device type ${name} is not supported for torch.Generator() api.`);
    }
    this.ext = native.generatorNew();
  }
  /** torch.Generator.device: always "cpu" here. */
  get device(): string {
    return "cpu";
  }
  /** Seeds this generator and returns it. */
  manualSeed(seed: number | bigint): this {
    native.generatorSeed(this.ext, typeof seed === "bigint" ? seed : checkInt(seed, "seed"));
    return this;
  }
  /** The seed this generator was last seeded with. */
  initialSeed(): number {
    return native.generatorInitialSeed(this.ext);
  }
  /** Seeds this generator from a non-deterministic source and returns that seed. */
  seed(): number {
    return native.generatorSeedRandom(this.ext);
  }
  /** The generator's state, a uint8 tensor. */
  getState(): Tensor {
    return new Tensor(native.generatorGetState(this.ext));
  }
  /** Restores a state of {@link getState}; returns this generator. */
  setState(state: Tensor): this {
    if (!(state instanceof Tensor)) throw new TypeError("setState takes a Tensor");
    native.generatorSetState(this.ext, state.handle);
    return this;
  }
}

/** torch.get_rng_state: the default CPU generator's state, as a uint8 tensor. */
export function getRngState(): Tensor {
  return new Tensor(native.getRngState("cpu"));
}

/** torch.set_rng_state: restores the default CPU generator from a state of {@link getRngState}. */
export function setRngState(state: Tensor): void {
  if (!(state instanceof Tensor)) throw new TypeError("setRngState takes a Tensor");
  native.setRngState("cpu", state.handle);
}

/** torch.seed: seeds the default generators (CPU and CUDA) non-deterministically; returns the seed (53 bits, so a JS number holds it exactly; PyTorch draws 64). */
export function seed(): number {
  return native.generatorSeedRandom(null);
}

/** torch.initial_seed: the default CPU generator's seed (as torch.manualSeed set it). */
export function initialSeed(): number {
  return native.generatorInitialSeed(null);
}
