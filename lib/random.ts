// torch.Generator, and torch.get_rng_state / torch.set_rng_state: the default CPU generator's state
// as a uint8 tensor.
import { type GeneratorRef, native } from "./native";
import { Tensor } from "./tensor";
import { checkInt } from "./utils/check";

/** torch.Generator (CPU). */
export class Generator {
  /** @internal */ readonly ext: GeneratorRef;
  /**
   * @param seed - the initial seed (default: a random one). Differs from PyTorch, whose constructor
   *   takes a device and starts from a fixed seed; torchts generators are CPU only.
   */
  constructor(seed?: number) {
    this.ext = native.generatorNew(seed ?? native.generatorRandomSeed());
  }
  /** Seeds this generator and returns it. */
  manualSeed(seed: number): this {
    native.generatorSeed(this.ext, checkInt(seed, "seed"));
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
