// torchts loaded in several worker threads at once, each training a small model, with an async read
// racing dispose() in each; run in a child process so that a crash fails the test instead of vitest.

import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { expect, it } from "vitest";
import { DIST } from "./helpers/paths";

const LIB = path.join(DIST, "lib");

const WORKER = `
const { parentPort } = require("node:worker_threads");
const torch = require(${JSON.stringify(LIB)});
const { nn, optim } = torch;
const model = new nn.Sequential(new nn.Linear(8, 16), new nn.ReLU(), new nn.Linear(16, 2));
const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
const x = torch.randn([32, 8]), y = torch.randint(0, 2, [32]);
const lossFn = new nn.CrossEntropyLoss();
let first, loss;
for (let i = 0; i < 200; i++) {
  opt.zeroGrad();
  loss = lossFn.forward(model.forward(x), y);
  if (i === 0) first = Number(loss.item());
  loss.backward();
  opt.step();
}
const reads = [];
for (let i = 0; i < 50; i++) {
  const t = torch.full([1000], i);
  reads.push(t.toTypedArrayAsync().then((a) => Number(a[999]) === i, () => "error"));
  t.dispose();
}
Promise.all(reads).then((r) => parentPort.postMessage({ first, last: Number(loss.item()), reads: r }));`;

const MAIN = `
const { Worker } = require("node:worker_threads");
const out = [];
for (let k = 0; k < 4; k++) {
  const w = new Worker(${JSON.stringify(WORKER)}, { eval: true });
  w.on("message", (m) => out.push(m));
  w.on("error", (e) => out.push({ error: e.message }));
}
process.on("exit", () => process.stdout.write(JSON.stringify(out)));`;

it("four worker threads train at once, async reads racing dispose: no crash, every loss falls", () => {
  const r = spawnSync(process.execPath, ["-e", MAIN], { encoding: "utf8", timeout: 120_000 });
  expect(r.status, `${r.signal} ${r.stderr}`).toBe(0);
  const out = JSON.parse(r.stdout) as Array<{ first: number; last: number; reads: unknown[]; error?: string }>;
  expect(out.length).toBe(4);
  for (const w of out) {
    expect(w.error).toBeUndefined();
    expect(w.last).toBeLessThan(w.first);
    // a read that started before dispose() either completes with the right data or rejects
    for (const x of w.reads) expect([true, "error"]).toContain(x);
  }
}, 130_000);

// The native loader cuts batch k+1 on a worker thread while batch k trains. Everything a user can do
// meanwhile — dispose the batch, leave the loop, dispose the data set's tensors or the loader — must
// neither crash nor change a batch nor leak.
const PREFETCH = `
const torch = require(${JSON.stringify(LIB)});
const { data } = torch;
const { transforms: T } = data;
torch.manualSeed(0);
const n = 512;
const tf = new T.Compose([new T.ToTensor(), new T.Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5])]);
const make = () => new data.ImageDataset(torch.randint(0, 256, [n, 32, 32, 3], { dtype: "uint8" }), torch.randint(0, 10, [n]), ["a"], tf);
const ds = make();
const batches = (prefetch) => {
  const out = [];
  for (const [x, y] of new data.DataLoader(ds, { batchSize: 64, prefetch })) {
    const s = x.sum([1, 2, 3]);
    out.push([Array.from(s.toTypedArray()), Array.from(y.toTypedArray(), Number)]);
    s.dispose();
    x.dispose();
    y.dispose();
  }
  return out;
};
const want = JSON.stringify(batches(false));
const same = JSON.stringify(batches(true)) === want;
const base = torch.memory().tensors;
let rounds = 0;
let errors = 0;
for (let r = 0; r < 100; r++) {
  const own = make();
  const loader = new data.DataLoader(own, { batchSize: 64, prefetch: true });
  let k = 0;
  try {
    for (const [x, y] of loader) {
      x.dispose();
      y.dispose();
      // Batch k+1 is in flight: free the data under it, or leave the loop with it pending.
      if (r % 3 === 0 && k === 0) { own.images.dispose(); own.targets.dispose(); }
      if (++k === 1 + (r % 4)) break;
    }
  } catch (e) {
    // Asking for a batch after the data was freed is an Error; the batch in flight is still freed.
    if (e.message !== "Tensor has been disposed") throw e;
    errors++;
  }
  loader.dispose();
  if (!own.images.isDisposed) { own.images.dispose(); own.targets.dispose(); }
  rounds++;
}
process.stdout.write(JSON.stringify({ same, rounds, errors, leaked: torch.memory().tensors - base }));`;

it("DataLoader prefetch racing dispose and early exits: no crash, same batches, no leaked tensor", () => {
  const r = spawnSync(process.execPath, ["-e", PREFETCH], { encoding: "utf8", timeout: 300_000 });
  expect(r.status, r.stderr).toBe(0);
  const res = JSON.parse(r.stdout);
  // Rounds 0, 3, 6, ... free the data after batch 0; those that go on to batch 2 must say why they stop.
  expect(res.errors).toBeGreaterThan(0);
  expect(res).toEqual({ same: true, rounds: 100, errors: res.errors, leaked: 0 });
});
