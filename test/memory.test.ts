import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { Tensor } from "../lib";
import * as torch from "../lib";
import { DIST } from "./helpers/paths";

// Child processes load the compiled package (npm test compiles it first).
const LIB = path.join(DIST, "lib");

describe("deterministic memory", () => {
  it("dispose frees the tensor; using it again throws", () => {
    const before = torch.memory().tensors;
    const t = torch.ones([10]);
    expect(torch.memory().tensors).toBe(before + 1);
    t.dispose();
    expect(torch.memory().tensors).toBe(before);
    expect(t.isDisposed).toBe(true);
    expect(() => t.add(1)).toThrow("Tensor has been disposed");
    expect(() => t.shape).toThrow("Tensor has been disposed");
    expect(() => torch.ones([1]).add(t)).toThrow("Tensor has been disposed");
    t.dispose();
  });

  it("`using` disposes at the end of the block", () => {
    const before = torch.memory().tensors;
    let escaped: Tensor;
    {
      using t = torch.zeros([4]);
      escaped = t;
      expect(torch.memory().tensors).toBe(before + 1);
    }
    expect(escaped.isDisposed).toBe(true);
    expect(torch.memory().tensors).toBe(before);
  });

  it("tidy frees everything but what it returns, and nests", () => {
    const before = torch.memory().tensors;
    const kept = torch.tidy(() => {
      const a = torch.ones([3]);
      const inner = torch.tidy(() => {
        const b = a.add(1);
        return { b, list: [b.mul(2)] };
      });
      a.mul(5);
      return [inner.b, inner.list[0]];
    });
    expect(torch.memory().tensors).toBe(before + 2);
    expect(kept[1].toArray()).toEqual([4, 4, 4]);
    kept.forEach((t) => {
      t.dispose();
    });
    expect(torch.memory().tensors).toBe(before);
  });

  it("tidy frees on throw and refuses async functions", () => {
    const before = torch.memory().tensors;
    expect(() =>
      torch.tidy(() => {
        torch.ones([2]);
        throw new Error("x");
      }),
    ).toThrow("x");
    expect(torch.memory().tensors).toBe(before);
    expect(() => torch.tidy((async () => torch.ones([1])) as never)).toThrow(TypeError);
    expect(torch.memory().tensors).toBe(before);
  });

  it("memory() counts bytes per device once per storage", () => {
    const base = torch.memory().bytes.cpu ?? 0;
    const t = torch.zeros([1000], { dtype: "float64" });
    const v = t.view(10, 100);
    expect((torch.memory().bytes.cpu ?? 0) - base).toBe(8000);
    t.dispose();
    v.dispose();
  });

  it("V8 is told about each storage once: a loop over views of a large tensor runs no GC per step", () => {
    // Counting every view's whole storage as new external memory made V8 run a full GC at each
    // `xs.narrow(...)` of a 64 MiB dataset tensor (a DDP step took 2x PyTorch's).
    const prog = `const torch = require(${JSON.stringify(LIB)});
      const big = torch.zeros([16, 1024, 1024]);
      for (let i = 0; i < 300; i++) big.narrow(0, i % 16, 1).add(1);`;
    const r = spawnSync(process.execPath, ["--trace-gc", "-e", prog], { encoding: "utf8", timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const fullGcs = r.stdout.split("\n").filter((l) => l.includes("Mark-Compact")).length;
    expect(fullGcs, r.stdout.slice(-2000)).toBeLessThan(60);
  });

  it("tiny tensors never disposed count towards V8's collections: no growth warning, live count bounded", () => {
    // Below 4 KiB a storage is not reported on its own; their bytes plus each handle's native overhead
    // are summed and reported in 1 MiB steps, or 400-byte tensors piled up until the growth warning.
    const prog = `const torch = require(${JSON.stringify(LIB)});
      const warnings = [];
      process.on("warning", (w) => warnings.push(w.code || w.name));
      const x = torch.randn([100]);
      let most = 0;
      for (let i = 0; i < 300000; i++) {
        x.mul(2);
        if (i % 1000 === 0) most = Math.max(most, torch.memory().tensors);
      }
      setImmediate(() => console.log(JSON.stringify({ warnings, most })));`;
    const r = spawnSync(process.execPath, ["-e", prog], { encoding: "utf8", timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout);
    expect(res.warnings).toEqual([]);
    expect(res.most).toBeLessThan(100_000);
  });

  it("large tensors never disposed, in a loop that never yields: live bytes stay near one step's", () => {
    // Tensors wait in batches for their finalizers; a batch is attached early once it holds 64 MiB, so a
    // loop of 16 MiB temporaries keeps a few steps' worth alive, not a batch of 64 of them (1 GiB).
    const prog = `const torch = require(${JSON.stringify(LIB)});
      const x = torch.randn([4, 1024, 1024]);
      let most = 0;
      for (let i = 0; i < 100; i++) {
        x.mul(2).add(1).relu().sum().item();
        most = Math.max(most, torch.memory().bytes.cpu);
      }
      console.log(JSON.stringify({ most }));`;
    const r = spawnSync(process.execPath, ["-e", prog], { encoding: "utf8", timeout: 300_000 });
    expect(r.status, r.stderr).toBe(0);
    const { most } = JSON.parse(r.stdout) as { most: number };
    expect(most).toBeLessThan(400 * 2 ** 20);
  });

  it("1,000,000 small tensors in tidy scopes leave memory where it started", () => {
    for (let i = 0; i < 2000; i++) torch.tidy(() => torch.ones([2]).add(1));
    if (global.gc) global.gc();
    const before = torch.memory();
    const rss0 = process.memoryUsage().rss;
    // Tensors of earlier tests may be collected meanwhile, so counts can only fall; a scope that
    // leaked would leave 500 more after its round (collection does not run after every round).
    let worst = 0;
    for (let round = 0; round < 1000; round++) {
      torch.tidy(() => {
        for (let i = 0; i < 500; i++) torch.ones([2]).add(1);
      });
      worst = Math.max(worst, torch.memory().tensors - before.tensors);
    }
    const after = torch.memory();
    expect(worst).toBeLessThanOrEqual(0);
    expect(after.bytes.cpu ?? 0).toBeLessThanOrEqual(before.bytes.cpu ?? 0);
    const grown = (process.memoryUsage().rss - rss0) / 1e6;
    expect(grown).toBeLessThan(50);
  });

  it("tensors never disposed are freed when collected", async () => {
    const { spawnSync } = await import("node:child_process");
    const script = `
      const torch = require(${JSON.stringify(LIB)});
      const before = torch.memory().tensors;
      for (let i = 0; i < 20000; i++) torch.ones([16]);
      const peak = torch.memory().tensors;
      (async () => {
        for (let k = 0; k < 20; k++) { global.gc(); await new Promise((r) => setImmediate(r)); }
        console.log(JSON.stringify({ before, peak, after: torch.memory().tensors }));
      })();`;
    const r = spawnSync(process.execPath, ["--expose-gc", "-e", script], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const { before, peak, after } = JSON.parse(r.stdout.trim().split("\n").pop()!);
    expect(peak - before).toBeLessThanOrEqual(20000);
    expect(after - before).toBeLessThan(1000);
  });
});
