// Grad mode, as torch.no_grad() / torch.enable_grad().
import { native } from "./native";

function withGrad<T>(enabled: boolean, fn: () => T): T {
  if (typeof fn !== "function") throw new TypeError("expected a function");
  const prev: boolean = native.isGradEnabled();
  native.setGradEnabled(enabled);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    native.setGradEnabled(prev);
    throw e;
  }
  if (result instanceof Promise) {
    return result.finally(() => native.setGradEnabled(prev)) as T;
  }
  native.setGradEnabled(prev);
  return result;
}

export function noGrad<T>(fn: () => T): T { return withGrad(false, fn); }
export function enableGrad<T>(fn: () => T): T { return withGrad(true, fn); }
export function isGradEnabled(): boolean { return native.isGradEnabled(); }
export function setGradEnabled(v: boolean): void {
  if (typeof v !== "boolean") throw new TypeError("setGradEnabled takes a boolean");
  native.setGradEnabled(v);
}
