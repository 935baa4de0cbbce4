// Argument checks done in TypeScript, so that C++ receives plain, well-typed values.
export function checkNumber(v: unknown, what: string): number {
  if (typeof v !== "number") throw new TypeError(`${what} must be a number, got ${v === null ? "null" : typeof v}`);
  return v;
}

export function checkInt(v: unknown, what: string): number {
  if (typeof v !== "number" || !Number.isInteger(v)) {
    throw new TypeError(
      `${what} must be an integer, got ${typeof v === "number" ? v : v === null ? "null" : typeof v}`,
    );
  }
  return v;
}

export function checkIntList(v: unknown, what: string): number[] {
  if (!Array.isArray(v))
    throw new TypeError(`${what} must be an array of integers, got ${v === null ? "null" : typeof v}`);
  for (const x of v) checkInt(x, `${what} element`);
  return v as number[];
}

export function checkBool(v: unknown, what: string): boolean {
  if (typeof v !== "boolean") throw new TypeError(`${what} must be a boolean, got ${v === null ? "null" : typeof v}`);
  return v;
}

/** A number or a pair, as PyTorch's _pair(). */
export function pair(v: number | number[], what: string): [number, number] {
  if (typeof v === "number") {
    checkInt(v, what);
    return [v, v];
  }
  checkIntList(v, what);
  // A one-element list stands for both, as ATen's pooling and convolution kernels read it.
  if (v.length === 1) return [v[0], v[0]];
  if (v.length !== 2) throw new TypeError(`${what} must be an integer or a pair of integers`);
  return [v[0], v[1]];
}

/** A number or an n-element list, as PyTorch's _single/_pair/_triple. */
export function ntuple(v: number | number[], n: number, what: string): number[] {
  if (typeof v === "number") {
    checkInt(v, what);
    return new Array<number>(n).fill(v);
  }
  checkIntList(v, what);
  if (v.length !== n) throw new TypeError(`${what} must be an integer or a list of ${n} integers`);
  return [...v];
}

const MEMORY_FORMATS = ["contiguousFormat", "channelsLast", "channelsLast3d", "preserveFormat"] as const;
/** A memory format name (torch.contiguous_format, channels_last, channels_last_3d, preserve_format). */
export function checkMemoryFormat(v: unknown): (typeof MEMORY_FORMATS)[number] {
  if (typeof v !== "string" || !(MEMORY_FORMATS as readonly string[]).includes(v)) {
    throw new TypeError(`memoryFormat must be one of ${MEMORY_FORMATS.join(", ")}, got ${String(v)}`);
  }
  return v as (typeof MEMORY_FORMATS)[number];
}
