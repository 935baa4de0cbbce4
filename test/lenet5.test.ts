// The experiment end to end, short: --limit 2000 --batch-size 16 --epochs 1 (125 batches) on the shared CIFAR-10 JPEG archive,
// torchts beside the PyTorch reference on the same decoded data.

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect, it } from "vitest";
import { CIFAR10_ARCHIVE, DIST, repoPath } from "./helpers/paths";

const EXPERIMENT = path.join(DIST, "examples", "lenet5_bn.js");
const REF_SCRIPT = repoPath("examples", "reference", "lenet5_bn.py");
const ARCHIVE = CIFAR10_ARCHIVE;

it("runs the LeNet-5 experiment briefly and matches the PyTorch reference", () => {
  expect(ARCHIVE, "the shared CIFAR-10 archive was not found (../shared, or set TORCHTS_CIFAR10_ARCHIVE)").toBeTruthy();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "lenet5-"));
  const cache = path.join(out, "data.u8");
  const r = spawnSync(
    process.execPath,
    [
      EXPERIMENT,
      "--data",
      ARCHIVE!,
      "--limit",
      "2000",
      "--batch-size",
      "16",
      "--epochs",
      "1",
      "--out",
      out,
      "--export-data",
      cache,
    ],
    { encoding: "utf8", timeout: 600000 },
  );
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/Epoch 1/);
  expect(r.stdout).toMatch(/\[Batch 100\] loss: \d\.\d{3}/);
  expect(r.stdout).toMatch(/Accuracy of the network on the 10000 test images: \d+ %/);
  const res = JSON.parse(fs.readFileSync(path.join(out, "results.json"), "utf8"));
  expect(res.device).toBe("cpu");
  expect(res.runs.map((x: { model: string }) => x.model)).toEqual(["bn", "plain"]);
  for (const run of res.runs) {
    expect(run.epochs).toHaveLength(1);
    expect(Object.keys(run.epochs[0])).toEqual(expect.arrayContaining(["epoch", "loss", "accuracy", "seconds"]));
  }
  expect(fs.readFileSync(path.join(out, "report.svg"), "utf8")).toMatch(/<svg[\s\S]*Test accuracy[\s\S]*Training loss/);

  const py = spawnSync(
    process.env.TORCHTS_PYTHON || "/usr/bin/python3",
    [
      REF_SCRIPT,
      "--data-cache",
      cache,
      "--limit",
      "2000",
      "--batch-size",
      "16",
      "--epochs",
      "1",
      "--out",
      path.join(out, "ref"),
    ],
    { encoding: "utf8", timeout: 600000 },
  );
  expect(py.status, py.stderr).toBe(0);
  const ref = JSON.parse(fs.readFileSync(path.join(out, "ref", "results.json"), "utf8"));
  for (let i = 0; i < 2; i++) {
    // Same libtorch, same data, same seed and batch order: the same model comes out.
    expect(Math.abs(res.runs[i].epochs[0].accuracy - ref.runs[i].epochs[0].accuracy)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(res.runs[i].epochs[0].loss - ref.runs[i].epochs[0].loss)).toBeLessThan(1e-3);
  }
  fs.rmSync(out, { recursive: true, force: true });
});

it("memory stays flat over 10 epochs: live tensors constant, resident memory does not grow", () => {
  expect(ARCHIVE).toBeTruthy();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "lenet5-mem-"));
  const r = spawnSync(
    process.execPath,
    [
      "--expose-gc",
      EXPERIMENT,
      "--data",
      ARCHIVE!,
      "--limit",
      "1280",
      "--epochs",
      "10",
      "--models",
      "bn",
      "--quiet",
      "--out",
      out,
    ],
    { encoding: "utf8", timeout: 600000 },
  );
  expect(r.status, r.stderr).toBe(0);
  const epochs = JSON.parse(fs.readFileSync(path.join(out, "results.json"), "utf8")).runs[0].epochs as Array<{
    rssMB: number;
    rssAnonMB?: number;
    liveTensors: number;
  }>;
  expect(epochs).toHaveLength(10);
  expect(new Set(epochs.map((e) => e.liveTensors)).size).toBe(1);
  // Anonymous resident memory (heap and tensors, not the mapped libraries) where Linux reports it.
  const mem = epochs.map((e) => e.rssAnonMB ?? e.rssMB);
  const msg = `RSS per epoch (MB): ${epochs.map((e) => e.rssMB.toFixed(1)).join(" ")}; anonymous: ${epochs.map((e) => (e.rssAnonMB ?? NaN).toFixed(1)).join(" ")}`;
  // A leak raises every later epoch, so windows of epochs compare by their minimum. glibc's arenas
  // move the anonymous RSS by up to ~45 MB between epochs with no leak (CI once read a 12 MB rise
  // of the minimum), while the leak this guards against (3.7 MiB per step, 20 steps per epoch) adds
  // ~74 MB per epoch, ~440 MB between the windows. Epoch 1 can be the highest (loading).
  const low = (a: number, b: number) => Math.min(...mem.slice(a - 1, b));
  expect(low(8, 10) - low(2, 4), msg).toBeLessThan(48);
  expect(low(8, 10) - mem[0], msg).toBeLessThan(48);
  fs.rmSync(out, { recursive: true, force: true });
});

it("--nproc 2 --sync-bn trains data-parallel (DDP + SyncBatchNorm over Gloo) and learns", () => {
  expect(ARCHIVE).toBeTruthy();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "lenet5-ddp-"));
  const port = String(20000 + (process.pid % 20000));
  const r = spawnSync(
    process.execPath,
    [
      EXPERIMENT,
      "--data",
      ARCHIVE!,
      "--limit",
      "2560",
      "--epochs",
      "2",
      "--models",
      "bn",
      "--nproc",
      "2",
      "--sync-bn",
    ].concat(["--quiet", "--out", out]),
    { encoding: "utf8", timeout: 600000, env: { ...process.env, MASTER_PORT: port, GLOO_SOCKET_IFNAME: "lo" } },
  );
  expect(r.status, r.stderr).toBe(0);
  const res = JSON.parse(fs.readFileSync(path.join(out, "results.json"), "utf8"));
  expect(res.options.nproc).toBe(2);
  expect(res.options.syncBn).toBe(true);
  expect(res.runs[0].epochs).toHaveLength(2);
  // Chance is 10 %; two epochs on 2,560 images reach ~35 %.
  expect(res.runs[0].epochs[1].accuracy).toBeGreaterThan(20);
  fs.rmSync(out, { recursive: true, force: true });
});

it("--seeds 0,1 runs the seeds in parallel processes: every run kept, mean ± sd bands, TensorBoard files, no \\r off a terminal", () => {
  expect(ARCHIVE).toBeTruthy();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "lenet5-seeds-"));
  const tb = path.join(out, "tb");
  const r = spawnSync(
    process.execPath,
    [EXPERIMENT, "--data", ARCHIVE!, "--seeds", "0,1", "--limit", "640", "--epochs", "1", "--log-interval", "5"].concat(
      ["--tensorboard", tb, "--out", out],
    ),
    { encoding: "utf8", timeout: 600000 },
  );
  expect(r.status, r.stderr).toBe(0);
  // Not a terminal (a pipe): the log lines only, no progress line.
  expect(r.stdout).not.toContain("\r");
  expect(r.stdout).not.toContain("\u001b[");
  expect(r.stdout).toMatch(/^\[seed 1\] \[Batch 5\] loss: \d\.\d{3}$/m);
  expect(r.stdout).toMatch(/^\[seed 0\] Accuracy of the network on the 10000 test images: \d+ %$/m);
  // The summary table's columns line up: header and rows are right-aligned to the same width.
  const lines = r.stdout.split("\n");
  const at = lines.findIndex((l) => l.startsWith("mean ± sd over seeds 0,1"));
  expect(at).toBeGreaterThan(0);
  expect(lines[at + 1]).toMatch(/^epoch +bn acc % +plain acc %/);
  expect(lines[at + 2]).toMatch(/^ +1 +\d+\.\d\d ± \d+\.\d\d /);
  expect(lines[at + 2]!.length).toBe(lines[at + 1]!.length);

  const res = JSON.parse(fs.readFileSync(path.join(out, "results.json"), "utf8"));
  expect(res.options.seeds).toEqual([0, 1]);
  expect(res.runs.map((x: { model: string; seed: number }) => `${x.model}:${x.seed}`)).toEqual([
    "bn:0",
    "plain:0",
    "bn:1",
    "plain:1",
  ]);
  expect(res.summary.map((s: { model: string; seeds: number[] }) => [s.model, s.seeds])).toEqual([
    ["bn", [0, 1]],
    ["plain", [0, 1]],
  ]);
  const svg = fs.readFileSync(path.join(out, "report.svg"), "utf8");
  expect(svg.match(/<polygon class="band"/g)).toHaveLength(4); // per model, in both panels
  expect(svg.match(/<polyline class="run"/g)).toHaveLength(8);
  expect(svg).toMatch(/<line class="chance"[^>]*stroke-dasharray/);

  // TensorBoard: a run per seed, tags per model; read back by the independent decoder (CRCs checked).
  const py = spawnSync(
    process.env.TORCHTS_PYTHON || "/usr/bin/python3",
    [repoPath("test", "python", "tensorboard_read.py"), tb],
    {
      encoding: "utf8",
      timeout: 60000,
    },
  );
  expect(py.status, py.stderr).toBe(0);
  const files = JSON.parse(py.stdout).files as Array<{
    file: string;
    events: Array<{ step: number; scalars: Array<{ tag: string; value: number }> }>;
  }>;
  expect(files.map((f) => path.basename(path.dirname(f.file)))).toEqual(["seed_0", "seed_1"]);
  for (const [i, f] of files.entries()) {
    const points = f.events.flatMap((e) => e.scalars.map((s) => `${s.tag}@${e.step}`));
    // 640 images, batch 64: 10 batches, a train loss point every 5.
    expect(points).toEqual([
      "bn/train_loss@5",
      "bn/train_loss@10",
      "bn/test_accuracy@1",
      "plain/train_loss@5",
      "plain/train_loss@10",
      "plain/test_accuracy@1",
    ]);
    const acc = f.events.flatMap((e) => e.scalars).find((s) => s.tag === "bn/test_accuracy")!.value;
    expect(acc).toBe(Math.fround(res.runs[2 * i].epochs[0].accuracy));
  }
  fs.rmSync(out, { recursive: true, force: true });
});
