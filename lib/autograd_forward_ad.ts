// torch.autograd.forward_ad: dual tensors for forward-mode AD (torch/autograd/forward_ad.py). The
// tangents are carried and propagated by libtorch's forward-mode formulas; this file keeps PyTorch's
// level bookkeeping and checks.
import { callAten } from "./aten";
import { ValueError } from "./errors";
import { native } from "./native";
import { Tensor } from "./tensor";
import { checkKwargs } from "./utils/kwargs";

// The level of the innermost dual_level, -1 outside (forward_ad.py's _current_level).
let currentLevel = -1;

/** torch.autograd.forward_ad.enter_dual_level: opens a new forward-AD level and returns it. */
export function enterDualLevel(): number {
  const level = native.enterDualLevel();
  if (level !== currentLevel + 1) {
    native.exitDualLevel(level);
    throw new Error("Nested forward mode AD is not supported at the moment");
  }
  currentLevel = level;
  return level;
}

/** torch.autograd.forward_ad.exit_dual_level: closes the innermost level; its tangents are dropped. */
export function exitDualLevel(o: { level?: number } = {}): void {
  checkKwargs(o, ["level"], "exitDualLevel");
  const level = o.level ?? currentLevel;
  if (level !== currentLevel)
    throw new Error(
      "Trying to exit a forward AD level that was not the last one that was created. This is not supported.",
    );
  native.exitDualLevel(level);
  currentLevel = level - 1;
}

function levelOf(o: { level?: number }): number {
  return o.level ?? currentLevel;
}

/**
 * torch.autograd.forward_ad.make_dual: `tensor` with `tangent` as its forward gradient at the level.
 *
 * @example
 * ```ts
 * const { dualLevel, makeDual, unpackDual } = torch.autograd.forwardAd;
 * const jvp = dualLevel(() => unpackDual(makeDual(x, v).sin()).tangent); // cos(x) * v
 * ```
 */
export function makeDual(tensor: Tensor, tangent: Tensor, o: { level?: number } = {}): Tensor {
  checkKwargs(o, ["level"], "makeDual");
  if (!(tensor instanceof Tensor) || !(tangent instanceof Tensor))
    throw new TypeError("makeDual(tensor, tangent) takes two Tensors");
  const level = levelOf(o);
  if (level < 0)
    throw new Error(
      "To create a dual Tensor, you need to be within a dual_level context manager; see torch.autograd.forward_ad.dual_level",
    );
  if (!(tensor.isFloatingPoint() || tensor.isComplex()))
    throw new ValueError(`Expected primal to be floating point or complex, but got: torch.${tensor.dtype}`);
  if (!(tangent.isFloatingPoint() || tangent.isComplex()))
    throw new ValueError(`Expected tangent to be floating point or complex, but got: torch.${tangent.dtype}`);
  return callAten("_make_dual", "_make_dual", undefined, [tensor, tangent, { level }]) as Tensor;
}

/** @internal t._set_fw_grad(tangent, level, isInplaceOp) at the current level: t itself gets the tangent, as-is. */
export function setFwGrad(t: Tensor, tangent: Tensor, isInplaceOp: boolean): void {
  native.setFwGrad(t.handle, tangent.handle, currentLevel, isInplaceOp);
}

/** unpack_dual's namedtuple: `[primal, tangent]`, also as `.primal` and `.tangent`; no tangent is null. */
export type UnpackedDualTensor = [Tensor, Tensor | null] & { primal: Tensor; tangent: Tensor | null };

/** torch.autograd.forward_ad.unpack_dual: a view of the primal and the tangent (null when it has none). */
export function unpackDual(tensor: Tensor, o: { level?: number } = {}): UnpackedDualTensor {
  checkKwargs(o, ["level"], "unpackDual");
  if (!(tensor instanceof Tensor)) throw new TypeError("unpackDual(tensor) takes a Tensor");
  const level = levelOf(o);
  let pair: [Tensor, Tensor | null];
  if (level < 0) pair = [tensor, null];
  else {
    const [primal, tangent] = callAten("_unpack_dual", "_unpack_dual", undefined, [tensor, { level }]) as [
      Tensor,
      Tensor | undefined,
    ];
    pair = [primal, tangent ?? null];
  }
  return Object.assign(pair, { primal: pair[0], tangent: pair[1] });
}

/**
 * torch.autograd.forward_ad.dual_level: runs `fn` inside a new forward-AD level and closes it after,
 * also when `fn` throws. `fn` gets the level; it must be synchronous.
 */
export function dualLevel<T>(fn: (level: number) => T): T {
  if (typeof fn !== "function") throw new TypeError("dualLevel takes a function");
  const level = enterDualLevel();
  let result: T;
  try {
    result = fn(level);
  } finally {
    exitDualLevel();
  }
  if (result instanceof Promise) {
    result.catch(() => undefined);
    throw new TypeError("dualLevel() takes a synchronous function");
  }
  return result;
}

/** torch.autograd.forward_ad._set_fwd_grad_enabled as a scope: runs `fn` with forward gradients on or off. */
export function setFwdGradEnabled<T>(mode: boolean, fn: () => T): T {
  if (typeof mode !== "boolean") throw new TypeError("setFwdGradEnabled takes a boolean");
  const prev = native.isFwdGradEnabled();
  native.setFwdGradEnabled(mode);
  try {
    return fn();
  } finally {
    native.setFwdGradEnabled(prev);
  }
}

/** torch._C._is_fwd_grad_enabled: whether forward gradients are computed now. */
export function isFwdGradEnabled(): boolean {
  return native.isFwdGradEnabled();
}
