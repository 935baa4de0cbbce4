// libtorch's warnings (TORCH_WARN in its kernels) as Node warnings, the way PyTorch's Python front
// end turns them into Python UserWarnings: each distinct message once per process (Python's
// "default" filter shows a warning once per place it is raised from), all of them while
// setWarnAlways(true).
import { native } from "./native";

const seen = new Set<string>();

/** Python's warnings.warn as torchts raises it (libtorch's and its own): once per message unless warn-always. */
export function warn(message: string, category = "UserWarning"): void {
  if (!native.isWarnAlwaysEnabled()) {
    if (seen.has(message)) return;
    seen.add(message);
  }
  process.emitWarning(message, category);
}

native.setWarningHandler(warn);

/**
 * torch.set_warn_always: when true, libtorch's warnings that are meant to show once (TORCH_WARN_ONCE)
 * show every time, and a warning seen before is emitted again.
 */
export function setWarnAlways(b: boolean): void {
  if (typeof b !== "boolean") throw new TypeError(`setWarnAlways(): argument 'b' must be bool, not ${typeof b}`);
  native.setWarnAlways(b);
}

/** torch.is_warn_always_enabled. */
export function isWarnAlwaysEnabled(): boolean {
  return native.isWarnAlwaysEnabled();
}
