// torch.frombuffer: a tensor over a JS buffer's bytes, sharing them, with PyTorch's argument checks and
// messages (live PyTorch on a bytearray of the same bytes), and the buffer kept alive by the tensor.
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../lib";
import { expectTensor } from "./helpers/assert";
import { DIST } from "./helpers/paths";
import { PyTorch } from "./helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());
const LIB = path.join(DIST, "lib");

describe("torch.frombuffer", () => {
  it("reads the bytes as PyTorch does, for each dtype, count and offset", async () => {
    const bytes = Uint8Array.from({ length: 24 }, (_, i) => (i * 37 + 11) % 256);
    const cases: Array<[torch.DTypeLike, number, number]> = [
      ["float32", -1, 0],
      ["int16", 3, 2],
      ["uint8", -1, 5],
      ["float64", 2, 8],
      ["int32", -1, 4],
      ["bool", 4, 1],
    ];
    for (const [dtype, count, offset] of cases) {
      const mine = torch.frombuffer(bytes.slice().buffer, { dtype, count, offset });
      const ref = await py.eval(
        `out = torch.frombuffer(bytearray(bytes(b.tolist())), dtype=torch.${dtype}, count=${count}, offset=${offset})`,
        { b: torch.tensor(Array.from(bytes), { dtype: "uint8" }) },
      );
      expectTensor(mine, ref, {}, `${dtype} count=${count} offset=${offset}`);
    }
  });

  it("shares memory with the buffer both ways (typed arrays, Buffer, DataView, ArrayBuffer)", () => {
    const f = new Float32Array([1, 2, 3, 4]);
    const t = torch.frombuffer(f, { dtype: "float32" });
    t.mul_(2);
    expect(Array.from(f)).toEqual([2, 4, 6, 8]);
    f[0] = 100;
    expect(t.toArray()).toEqual([100, 4, 6, 8]);
    // A view's bytes only: a Buffer slice of a larger ArrayBuffer.
    const b = Buffer.alloc(8);
    torch.frombuffer(b.subarray(2), { dtype: "int8", count: 3 }).fill_(7);
    expect(Array.from(b)).toEqual([0, 0, 7, 7, 7, 0, 0, 0]);
    const dv = new DataView(new ArrayBuffer(8), 4);
    torch.frombuffer(dv, { dtype: "int32" }).fill_(5);
    expect(dv.getInt32(0, true)).toBe(5);
    const r = torch.frombuffer(new ArrayBuffer(8), { dtype: "float32", requiresGrad: true });
    expect(r.requiresGrad).toBe(true);
    expect(r.shape).toEqual([2]);
  });

  it("argument errors: PyTorch's classes and messages", async () => {
    const cases: Array<[number, Record<string, unknown>]> = [
      [16, { dtype: "float32", offset: 16 }],
      [16, { dtype: "float32", count: 5 }],
      [16, { dtype: "float64", offset: 4 }],
      [16, { dtype: "float32", count: 0 }],
      [16, { dtype: "float32", offset: -1 }],
      [0, { dtype: "float32" }],
      [10, { dtype: "float32" }],
      [16, { dtype: "float64", offset: 10 }],
    ];
    for (const [n, o] of cases) {
      const kw = Object.entries(o)
        .map(([k, v]) => (k === "dtype" ? `dtype=torch.${v}` : `${k}=${v}`))
        .join(", ");
      const ref = await py.run(`out = torch.frombuffer(bytearray(${n}), ${kw})`);
      expect(ref.type).toBe("ValueError");
      expect(() => torch.frombuffer(new ArrayBuffer(n), o as unknown as torch.FrombufferOptions)).toThrow(
        ref.error as string,
      );
    }
    const noDtype = await py.run("out = torch.frombuffer(bytearray(8))");
    expect(() => torch.frombuffer(new ArrayBuffer(8), undefined as never)).toThrow(noDtype.error as string);
    expect(() => torch.frombuffer([1, 2] as never, { dtype: "float32" })).toThrow(
      "object does not implement Python buffer protocol.",
    );
  });

  it("the tensor keeps its buffer alive, and drops it when freed (a child process with --expose-gc)", () => {
    const script = `
      const torch = require(${JSON.stringify(LIB)});
      (async () => {
        const make = () => { const ab = new ArrayBuffer(1 << 20); new Float32Array(ab).fill(3); return torch.frombuffer(ab, { dtype: "float32" }); };
        const kept = make();
        for (let k = 0; k < 5; k++) { global.gc(); await new Promise((r) => setImmediate(r)); new ArrayBuffer(1 << 22); }
        const sum = kept.sum().item();
        // Many tensors over fresh buffers, never disposed: memory stays flat once they are collected.
        const step = () => { const t = torch.frombuffer(new ArrayBuffer(1 << 16), { dtype: "float32" }); t.add_(1); };
        for (let i = 0; i < 2000; i++) step();
        for (let k = 0; k < 5; k++) { global.gc(); await new Promise((r) => setImmediate(r)); }
        const r0 = process.memoryUsage().rss;
        for (let j = 0; j < 10; j++) { for (let i = 0; i < 2000; i++) step(); await new Promise((r) => setImmediate(r)); }
        for (let k = 0; k < 5; k++) { global.gc(); await new Promise((r) => setImmediate(r)); torch.zeros([1]); }
        console.log(JSON.stringify({ sum, growthMB: (process.memoryUsage().rss - r0) / 1e6 }));
      })();`;
    const r = spawnSync(process.execPath, ["--expose-gc", "-e", script], { encoding: "utf8", timeout: 300_000 });
    expect(r.status, r.stderr).toBe(0);
    const { sum, growthMB } = JSON.parse(r.stdout.trim().split("\n").pop() as string);
    expect(sum).toBe(3 * (1 << 18));
    // 20,000 buffers of 64 KiB are 1.3 GB: a leak would show; collected, the growth is allocator noise.
    expect(growthMB).toBeLessThan(300);
  });
});
