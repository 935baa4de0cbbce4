// c10d's key-value stores (torch.distributed.TCPStore, FileStore, HashStore, PrefixStore): the
// rendezvous every process group is built on, usable directly as in PyTorch.
import { native, type StoreRef } from "../native";
import { checkInt } from "../utils/check";
import { checkKwargs } from "../utils/kwargs";

const DEFAULT_TIMEOUT_MS = 300_000; // PyTorch's default store timeout (5 minutes)

function checkKey(key: unknown, what = "key"): string {
  if (typeof key !== "string") throw new TypeError(`${what} must be a string`);
  return key;
}
function checkValue(v: unknown): string | Uint8Array {
  if (typeof v !== "string" && !(v instanceof Uint8Array)) throw new TypeError("value must be a string or bytes");
  return v;
}
function checkKeys(keys: unknown): string[] {
  if (!Array.isArray(keys)) throw new TypeError("keys must be an array of strings");
  return keys.map((k) => checkKey(k));
}

/** torch.distributed.Store: set/get/add/wait over bytes; values come back as Buffers. */
export abstract class Store {
  /** @internal */ readonly ref: StoreRef;
  /** @internal */
  protected constructor(ref: StoreRef) {
    this.ref = ref;
  }
  /** Sets `key` to `value` (a string is stored as its UTF-8 bytes). */
  set(key: string, value: string | Uint8Array): void {
    native.storeSet(this.ref, checkKey(key), checkValue(value));
  }
  /** Waits (up to the store's timeout) until `key` exists. */
  get(key: string): Buffer {
    return native.storeGet(this.ref, checkKey(key));
  }
  /** Adds `amount` to the integer at `key` (0 when absent) and returns the new value. */
  add(key: string, amount: number): number {
    return native.storeAdd(this.ref, checkKey(key), checkInt(amount, "amount"));
  }
  /**
   * Sets `key` to `desired` if it holds `expected` (or is absent and `expected` is empty); returns the value now held.
   */
  compareSet(key: string, expected: string | Uint8Array, desired: string | Uint8Array): Buffer {
    return native.storeCompareSet(this.ref, checkKey(key), checkValue(expected), checkValue(desired));
  }
  /** Deletes `key`; returns whether it existed. */
  deleteKey(key: string): boolean {
    return native.storeDeleteKey(this.ref, checkKey(key));
  }
  /** The number of keys in the store. */
  numKeys(): number {
    return native.storeNumKeys(this.ref);
  }
  /** Whether every key exists, without waiting. */
  check(keys: string[]): boolean {
    return native.storeCheck(this.ref, checkKeys(keys));
  }
  /** Waits until every key exists, up to `timeout` ms (default: the store's timeout). */
  wait(keys: string[], timeout?: number): void {
    native.storeWait(this.ref, checkKeys(keys), timeout === undefined ? undefined : checkInt(timeout, "timeout"));
  }
  /** Sets the default timeout of `get` and `wait`, in milliseconds. */
  setTimeout(timeout: number): void {
    native.storeSetTimeout(this.ref, checkInt(timeout, "timeout"));
  }
}

/** Options of {@link TCPStore} (PyTorch's keyword arguments); other keys are TypeErrors. */
export interface TCPStoreOptions {
  /** The number of store users, when known (the server then waits for them). */
  worldSize?: number | null;
  /** Whether this process runs the server (default false). */
  isMaster?: boolean;
  /** Milliseconds. */
  timeout?: number;
  /** Whether the server waits for `worldSize` clients at construction (default true). */
  waitForWorkers?: boolean;
}

/** torch.distributed.TCPStore(host, port, world_size, is_master, timeout, wait_for_workers) */
export class TCPStore extends Store {
  /** The server's host name or address. */
  readonly host: string;
  /** The server's port. */
  readonly port: number;
  constructor(host: string, port: number, o: TCPStoreOptions = {}) {
    checkKwargs(o, ["worldSize", "isMaster", "timeout", "waitForWorkers"], "TCPStore.__init__");
    const worldSize = o.worldSize ?? -1;
    super(
      native.storeTcp(checkKey(host, "host"), {
        port: checkInt(port, "port"),
        isMaster: o.isMaster ?? false,
        worldSize: checkInt(worldSize, "worldSize"),
        timeoutMs: checkInt(o.timeout ?? DEFAULT_TIMEOUT_MS, "timeout"),
        waitForWorkers: o.waitForWorkers ?? true,
      }),
    );
    this.host = host;
    this.port = port;
  }
}

/** torch.distributed.FileStore(file_name, world_size) */
export class FileStore extends Store {
  constructor(
    readonly path: string,
    worldSize = -1,
  ) {
    super(native.storeFile(checkKey(path, "path"), checkInt(worldSize, "worldSize")));
  }
}

/** torch.distributed.HashStore: in-process, for tests and single-process groups. */
export class HashStore extends Store {
  constructor() {
    super(native.storeHash());
  }
}

/** torch.distributed.PrefixStore(prefix, store): every key becomes `${prefix}/${key}`. */
export class PrefixStore extends Store {
  constructor(
    readonly prefix: string,
    readonly underlyingStore: Store,
  ) {
    if (!(underlyingStore instanceof Store)) throw new TypeError("PrefixStore wraps a Store");
    super(native.storePrefix(checkKey(prefix, "prefix"), underlyingStore.ref));
  }
}
