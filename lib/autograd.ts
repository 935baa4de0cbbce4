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
  native.setGradEnabled(prev);
  // Grad mode is per thread, not per promise chain: code after an await would run in whatever mode
  // the thread is in by then, and overlapping calls would leave it switched. Refused, as tidy() does.
  if (result instanceof Promise) {
    result.catch(() => undefined);
    throw new TypeError(
      `${enabled ? "enableGrad" : "noGrad"}() takes a synchronous function; wrap the synchronous parts ` +
        "of an async function instead",
    );
  }
  return result;
}

export function noGrad<T>(fn: () => T): T {
  return withGrad(false, fn);
}
export function enableGrad<T>(fn: () => T): T {
  return withGrad(true, fn);
}
export function isGradEnabled(): boolean {
  return native.isGradEnabled();
}
export function setGradEnabled(v: boolean): void {
  if (typeof v !== "boolean") throw new TypeError("setGradEnabled takes a boolean");
  native.setGradEnabled(v);
}
