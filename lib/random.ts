// torch.Generator, and torch.get_rng_state / torch.set_rng_state: the default CPU generator's state
// as a uint8 tensor.
import { type GeneratorRef, native } from "./native";
import { Tensor } from "./tensor";
import { checkInt } from "./utils/check";

/** torch.Generator (CPU). */
export class Generator {
  /** @internal */ readonly ext: GeneratorRef;
  constructor(seed?: number) {
    this.ext = native.generatorNew(seed ?? native.generatorRandomSeed());
  }
  manualSeed(seed: number): this {
    native.generatorSeed(this.ext, checkInt(seed, "seed"));
    return this;
  }
}

export function getRngState(): Tensor {
  return new Tensor(native.getRngState("cpu"));
}

export function setRngState(state: Tensor): void {
  if (!(state instanceof Tensor)) throw new TypeError("setRngState takes a Tensor");
  native.setRngState("cpu", state.handle);
}
