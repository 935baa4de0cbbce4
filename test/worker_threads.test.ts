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
