// Process-wide settings of torch/__init__.py: deterministic algorithms, float32 matmul precision,
// denormals, inter-op threads (native/config.cc). Each is libtorch's own flag, so the kernels read it.
import { native } from "./native";
import { checkInt } from "./utils/check";
import { checkKwargs } from "./utils/kwargs";

function checkBool(v: unknown, fn: string, name: string): boolean {
  if (typeof v !== "boolean") throw new TypeError(`${fn}(): argument '${name}' must be bool, not ${typeof v}`);
  return v;
}

/**
 * torch.use_deterministic_algorithms: with `mode` true, operations without a deterministic kernel
 * raise (or, with `warnOnly`, warn) and those with one use it.
 */
export function useDeterministicAlgorithms(mode: boolean, o: { warnOnly?: boolean } = {}): void {
  checkKwargs(o, ["warnOnly"], "useDeterministicAlgorithms");
  native.useDeterministicAlgorithms(
    checkBool(mode, "useDeterministicAlgorithms", "mode"),
    checkBool(o.warnOnly ?? false, "useDeterministicAlgorithms", "warnOnly"),
  );
}
/** torch.are_deterministic_algorithms_enabled */
export function areDeterministicAlgorithmsEnabled(): boolean {
  return native.deterministicAlgorithms()[0];
}
/** torch.is_deterministic_algorithms_warn_only_enabled */
export function isDeterministicAlgorithmsWarnOnlyEnabled(): boolean {
  return native.deterministicAlgorithms()[1];
}

/** torch.set_deterministic_debug_mode: "default" or 0, "warn" or 1, "error" or 2. */
export function setDeterministicDebugMode(debugMode: "default" | "warn" | "error" | 0 | 1 | 2): void {
  let m: unknown = debugMode;
  if (typeof m !== "number" && typeof m !== "string")
    throw new TypeError(`debug_mode must be str or int, but got ${typeof m}`);
  if (typeof m === "string") {
    const i = ["default", "warn", "error"].indexOf(m);
    if (i < 0)
      throw new Error(`invalid value of debug_mode, expected one of \`default\`, \`warn\`, \`error\`, but got ${m}`);
    m = i;
  }
  if (m !== 0 && m !== 1 && m !== 2) throw new Error(`invalid value of debug_mode, expected 0, 1, or 2, but got ${m}`);
  native.useDeterministicAlgorithms(m !== 0, m === 1);
}
/** torch.get_deterministic_debug_mode: 0 (default), 1 (warn) or 2 (error). */
export function getDeterministicDebugMode(): 0 | 1 | 2 {
  const [on, warnOnly] = native.deterministicAlgorithms();
  return on ? (warnOnly ? 1 : 2) : 0;
}

/**
 * torch.set_float32_matmul_precision: "highest" (default), "high" or "medium". It changes CUDA float32
 * matrix products (TensorFloat32 for "high" and "medium"); an unknown name warns as in PyTorch.
 */
export function setFloat32MatmulPrecision(precision: "highest" | "high" | "medium"): void {
  if (typeof precision !== "string")
    throw new TypeError(`_set_float32_matmul_precision(): argument 'arg0' must be str, not ${typeof precision}`);
  native.setFloat32MatmulPrecision(precision);
}
/** torch.get_float32_matmul_precision */
export function getFloat32MatmulPrecision(): "highest" | "high" | "medium" {
  return native.getFloat32MatmulPrecision();
}

/** torch.set_flush_denormal: flush denormal floats to zero on the CPU; false where the CPU cannot (no SSE3). */
export function setFlushDenormal(mode: boolean): boolean {
  return native.setFlushDenormal(checkBool(mode, "setFlushDenormal", "mode"));
}

/** torch.set_num_interop_threads: only before the first inter-op parallel work, as in PyTorch. */
export function setNumInteropThreads(n: number): void {
  native.setNumInteropThreads(checkInt(n, "n"));
}
/** torch.get_num_interop_threads */
export function getNumInteropThreads(): number {
  return native.getNumInteropThreads();
}

/** torch.compiled_with_cxx11_abi: whether the loaded addon (and so its libtorch) uses the C++11 ABI. */
export function compiledWithCxx11Abi(): boolean {
  return native.compiledWithCxx11Abi();
}
