// torch.save / torch.load in PyTorch's own file format, so checkpoints move both ways.
import * as fs from "fs";
import { native } from "./native";
import { Tensor } from "./tensor";
import { SCALAR_TYPE, DType } from "./dtype";
import { unpickle, Rebuild, StorageRef } from "./utils/unpickle";

function toNative(v: unknown): unknown {
  if (v instanceof Tensor) return { __tensor: v.handle };
  if (v === null || v === undefined || typeof v !== "object") {
    if (typeof v === "function" || typeof v === "symbol" || typeof v === "bigint") throw new TypeError(`cannot save a ${typeof v}`);
    return v ?? null;
  }
  if (Array.isArray(v)) return v.map(toNative);
  if (v instanceof Map) {
    const keys = [...v.keys()];
    if (keys.every((k) => typeof k === "number")) return { __intkeys: [...v].map(([k, x]) => [k, toNative(x)]) };
    return Object.fromEntries([...v].map(([k, x]) => [String(k), toNative(x)]));
  }
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toNative(x)]));
}

/** Writes obj (a state dict, an optimizer state dict, nested objects/Maps/arrays of tensors and numbers) atomically. */
export function save(obj: unknown, path: string): void {
  if (typeof path !== "string") throw new TypeError("path must be a string");
  native.save(toNative(obj), path);
}

type Loaded = Tensor | number | string | boolean | null | Loaded[] | { [k: string]: Loaded } | Map<number, Loaded>;

/**
 * Reads a file written by torch.save (PyTorch's or torchts's). Dicts with string keys become plain
 * objects (in file order), dicts with integer keys Maps, tuples arrays. Tensors land on the CPU.
 */
export function load(path: string): Loaded {
  if (typeof path !== "string") throw new TypeError("path must be a string");
  if (!fs.existsSync(path)) throw new Error(`[Errno 2] No such file or directory: '${path}'`);
  let records: Record<string, ArrayBuffer>;
  try {
    records = native.readArchive(path);
  } catch (e) {
    throw new Error(`${path}: not a valid torch.save file (${(e as Error).message})`);
  }
  const pkl = Object.keys(records).find((k) => k.endsWith("data.pkl"));
  if (!pkl) throw new Error(`${path}: not a valid torch.save file (no data.pkl inside)`);
  const prefix = pkl.slice(0, -"data.pkl".length);
  const storages = new Map<string, Uint8Array>();
  let tree;
  try {
    tree = unpickle(new Uint8Array(records[pkl]));
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }
  const convert = (v: unknown): Loaded => {
    if (v === null || typeof v !== "object") return typeof v === "bigint" ? Number(v) : (v as Loaded);
    if (Array.isArray(v)) return v.map(convert);
    if (v instanceof Map) {
      const keys = [...v.keys()];
      if (keys.length && keys.every((k) => typeof k === "number")) return new Map([...v].map(([k, x]) => [k as number, convert(x)]));
      return Object.fromEntries([...v].map(([k, x]) => [String(k), convert(x)]));
    }
    if ("tuple" in v) return (v as { tuple: unknown[] }).tuple.map(convert);
    if ("storage" in v) {
      const r = v as Rebuild;
      const s = r.storage as StorageRef;
      let bytes = storages.get(s.key);
      if (!bytes) {
        const rec = records[`${prefix}data/${s.key}`];
        if (!rec) throw new Error(`${path}: missing tensor data ${s.key}`);
        bytes = new Uint8Array(rec);
        storages.set(s.key, bytes);
      }
      const t = new Tensor(native.fromStorage(bytes, SCALAR_TYPE[s.dtype as DType], r.size, r.stride, r.offset));
      if (r.requiresGrad) t.requiresGrad_(true);
      return t;
    }
    throw new Error(`${path}: unexpected value in checkpoint`);
  };
  return convert(tree);
}
