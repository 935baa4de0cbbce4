// torch.cuda.Stream, current_stream, set_stream and the torch.cuda.stream() context (a callback here).

import { cudaDeviceIndex, type Device, type DeviceLike } from "../device";
import { native, type StreamRef } from "../native";
import { checkInt } from "../utils/check";
import { checkKwargs } from "../utils/kwargs";

/**
 * torch.cuda.Stream: a CUDA stream, an ordered queue of GPU work.
 *
 * Kernels on different streams may run concurrently; use {@link stream} to make one current.
 *
 * @example
 * ```ts
 * const s = new torch.cuda.Stream();
 * const y = torch.cuda.stream(s, () => x.matmul(x));
 * torch.cuda.currentStream().waitStream(s);
 * ```
 */
export class Stream {
  /** @internal */ readonly ext: StreamRef;

  /** A stream from libtorch's pool on `device`; priority -1 asks for a high-priority stream, as in PyTorch. */
  constructor(o: { device?: number | DeviceLike; priority?: number } = {}) {
    if (o === null || typeof o !== "object") throw new TypeError("Stream options must be an object");
    checkKwargs(o, ["device", "priority"], "Stream.__new__");
    const priority = o.priority === undefined ? 0 : checkInt(o.priority, "priority");
    this.ext = native.cudaStreamNew(cudaDeviceIndex(o.device), priority < 0);
  }

  /** @internal a Stream around a native stream handle */
  static wrap(ext: StreamRef): Stream {
    const s = Object.create(Stream.prototype) as { ext: StreamRef };
    s.ext = ext;
    return s as Stream;
  }

  /** The device of the stream ("cuda:0"). */
  get device(): Device {
    return `cuda:${native.cudaStreamInfo(this.ext)[1]}`;
  }
  /** libtorch's stream id (0 is the default stream). */
  get id(): number {
    return native.cudaStreamInfo(this.ext)[0];
  }

  /** Makes all future work on this stream wait for the work queued on `other` so far. */
  waitStream(other: Stream): void {
    if (!(other instanceof Stream)) throw new TypeError("waitStream takes a Stream");
    native.cudaStreamWait(this.ext, other.ext);
  }

  /** Blocks until all work queued on this stream has finished. */
  synchronize(): void {
    native.cudaStreamSynchronize(this.ext);
  }
  /** True when all work queued on this stream has finished. */
  query(): boolean {
    return native.cudaStreamQuery(this.ext);
  }
  /** Whether both objects denote the same CUDA stream. */
  equals(other: Stream): boolean {
    return other instanceof Stream && other.id === this.id && other.device === this.device;
  }
}

/** torch.cuda.current_stream: the current stream of `device` (default: the current device). */
export function currentStream(device?: number | DeviceLike): Stream {
  return Stream.wrap(native.cudaCurrentStream(cudaDeviceIndex(device)));
}

/**
 * torch.cuda.set_stream: makes `s` the current stream of its device (prefer {@link stream}, which restores the previous one).
 */
export function setStream(s: Stream): void {
  if (!(s instanceof Stream)) throw new TypeError("setStream takes a Stream");
  native.cudaSetStream(s.ext);
}

/** Runs fn with `s` as the current stream of its device, then restores the previous one (torch.cuda.stream). */
export function stream<T>(s: Stream, fn: () => T): T {
  if (!(s instanceof Stream)) throw new TypeError("stream() takes a Stream");
  if (typeof fn !== "function") throw new TypeError("stream() takes a function to run on the stream");
  const prev = currentStream(s.device);
  setStream(s);
  try {
    return fn();
  } finally {
    setStream(prev);
  }
}
