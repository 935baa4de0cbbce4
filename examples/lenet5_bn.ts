// The LeNet-5 BatchNorm experiment: LeNet-5 with and without BatchNorm on CIFAR-10, batch 64,
// Adam lr 0.01, ToTensor + Normalize(0.5, 0.5), CrossEntropyLoss, 10 epochs.
//   npm run lenet -- --data ../shared/datasets/cifar10-jpeg.tar.xz [--device cuda [--cuda-graph]] [--out DIR]
//   npm run lenet -- --data ... --nproc 2 [--sync-bn]   (data-parallel: DDP over Gloo, global batch 64)
//   npm run lenet -- --data ... --seeds 0,1,2 [--tensorboard runs/lenet]   (seeds in parallel on the CPU)
import { fork } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs as nodeParseArgs } from "node:util";
import * as torch from "../lib";
import { data, nn, optim } from "../lib";
import { launch } from "../lib/distributed/run";
import { exportData, loadCifar, type Splits } from "./data";
import { LeNet5 } from "./lenet5";
import { formatMany, formatOne, ProgressLine, type ProgressState } from "./progress";
import { collapsed, meanSd, type RunResult, reportSvg, summarize } from "./report";

export interface Options {
  device: torch.Device;
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
  data?: string;
  models: string[];
  limit: number;
  out?: string;
  exportData?: string;
  quiet?: boolean;
  /** Capture each training step in a CUDA graph (torch.cuda.makeGraphedTrainStep). */
  cudaGraph?: boolean;
  /** The loops as a PyTorch script writes them: no tidy(), dispose() or `using` anywhere. */
  noTidy?: boolean;
  /** Processes training data-parallel (DistributedDataParallel, the global batch split between them). */
  nproc: number;
  /** BatchNorm layers become SyncBatchNorm (statistics of the global batch). */
  syncBn?: boolean;
  /** Every seed to run (--seeds); each run is kept. Default [seed]. */
  seeds?: number[];
  /** Folder for TensorBoard event files, one subfolder (run) per seed. */
  tensorboard?: string;
  /** Batches between the "[Batch N] loss" lines and TensorBoard's train loss points (default 100). */
  logInterval?: number;
}

// Flags, their help text and their value kind, in one table (node:util.parseArgs reads them).
const FLAGS = {
  device: { type: "string", help: "cpu | cuda | cuda:N (default cpu)" },
  epochs: { type: "string", help: "epochs to train (default 10)" },
  "batch-size": { type: "string", help: "batch size (default 64)" },
  lr: { type: "string", help: "Adam learning rate (default 0.01)" },
  seed: { type: "string", help: "torch.manualSeed and shuffling seed (default 0)" },
  seeds: { type: "string", help: "several seeds, e.g. 0,1,2 or 0-4 (CPU: in parallel processes)" },
  data: { type: "string", help: "CIFAR-10: binary folder or .tar.gz, or ImageFolder folder or .tar.xz/.tar.gz" },
  models: { type: "string", help: "bn,plain (default both)" },
  limit: { type: "string", help: "train on N images, a seeded subset with equal class shares (0: all)" },
  out: { type: "string", help: "folder for results.json and report.svg" },
  "export-data": { type: "string", help: "write the decoded data for the PyTorch reference to FILE" },
  quiet: { type: "boolean", help: "only the summary table: no log lines, no progress bar" },
  "log-interval": { type: "string", help: "batches per loss log line and TensorBoard point (default 100)" },
  tensorboard: { type: "string", help: "write TensorBoard event files to DIR/seed_<seed>" },
  "cuda-graph": { type: "boolean", help: "capture each training step in a CUDA graph" },
  "no-tidy": { type: "boolean", help: "the loops as a PyTorch script writes them: no tidy/dispose" },
  nproc: { type: "string", help: "train data-parallel in N processes (DDP over Gloo, batch split)" },
  "sync-bn": { type: "boolean", help: "with --nproc: BatchNorm layers become SyncBatchNorm" },
  help: { type: "boolean", short: "h", help: "this text" },
} as const;

function usage(): string {
  const rows = Object.entries(FLAGS).map(
    ([k, f]) => `  --${k}${f.type === "string" ? " VALUE" : ""}`.padEnd(24) + f.help,
  );
  return `npm run lenet -- [flags]\n${rows.join("\n")}`;
}

/** --limit: the training images become a seeded subset with equal class shares (before any export). */
export function applyLimit(splits: Splits, o: Options): Splits {
  if (o.limit <= 0) return splits;
  return { ...splits, train: splits.train.stratifiedSubset(o.limit, o.seed) };
}

/** --seeds: "0,1,2", "0-4" or both ("0-2,7"), each seed once, in the order given. */
export function parseSeeds(s: string): number[] {
  const out: number[] = [];
  for (const part of s.split(",")) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    const a = Number(m?.[1]),
      b = m?.[2] === undefined ? a : Number(m[2]);
    if (!m || b < a) throw new Error(`--seeds takes integers and ranges such as 0,1,2 or 0-4, got ${s}`);
    for (let x = a; x <= b; x++) if (!out.includes(x)) out.push(x);
  }
  return out;
}

export function parseArgs(argv: string[]): Options {
  const { values: v } = nodeParseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: false });
  if (v.help) {
    console.log(usage());
    process.exit(0);
  }
  const num = (name: keyof typeof FLAGS, dflt: number): number => {
    const raw = v[name];
    if (raw === undefined) return dflt;
    const n = Number(raw);
    if (typeof raw !== "string" || !Number.isFinite(n)) throw new Error(`--${name} needs a number, got ${raw}`);
    return n;
  };
  const o: Options = {
    device: torch.checkDevice(v.device ?? "cpu"),
    epochs: num("epochs", 10),
    batchSize: num("batch-size", 64),
    lr: num("lr", 0.01),
    seed: num("seed", 0),
    data: v.data,
    models: (v.models ?? "bn,plain").split(","),
    limit: num("limit", 0),
    out: v.out,
    exportData: v["export-data"],
    quiet: v.quiet,
    cudaGraph: v["cuda-graph"],
    noTidy: v["no-tidy"],
    nproc: num("nproc", 1),
    syncBn: v["sync-bn"],
    seeds: v.seeds === undefined ? undefined : parseSeeds(v.seeds),
    tensorboard: v.tensorboard,
    logInterval: num("log-interval", 100),
  };
  if (o.seeds && v.seed !== undefined) throw new Error("give --seed or --seeds, not both");
  o.seeds ??= [o.seed];
  o.seed = o.seeds[0]!;
  if (o.seeds.length > 1 && o.nproc > 1)
    throw new Error("--seeds runs each seed in a process of its own; drop --nproc");
  if (!Number.isInteger(o.logInterval) || o.logInterval! < 1)
    throw new Error(`--log-interval needs a positive integer, got ${o.logInterval}`);
  for (const m of o.models) {
    if (m !== "bn" && m !== "plain") throw new Error(`--models takes bn and/or plain, got ${m}`);
  }
  if (o.cudaGraph && !o.device.startsWith("cuda")) throw new Error("--cuda-graph needs --device cuda");
  if (!Number.isInteger(o.nproc) || o.nproc < 1) throw new Error(`--nproc needs a positive integer, got ${o.nproc}`);
  if (o.batchSize % o.nproc !== 0)
    throw new Error(`--batch-size ${o.batchSize} does not split into ${o.nproc} processes`);
  if (o.nproc > 1 && o.cudaGraph) throw new Error("--cuda-graph runs in one process; drop --nproc");
  if (o.syncBn && o.nproc === 1) throw new Error("--sync-bn needs --nproc 2 or more");
  return o;
}

/** What train() reports besides its log lines. */
export interface TrainHooks {
  /** Where training stands: at most every 100 ms, at each epoch's last batch, before testing and at its end. */
  onProgress?: (p: ProgressState) => void;
  /** TensorBoard: `<model>/train_loss` every logInterval batches, `<model>/test_accuracy` every epoch. */
  writer?: { addScalar(tag: string, value: number, globalStep?: number): void; flush(): void };
  /** This model's place among the seed's models (0-based) and their number, for the progress share. */
  modelIndex?: number;
  models?: number;
}

export interface EpochResult {
  epoch: number;
  loss: number;
  accuracy: number;
  seconds: number;
  rssMB: number;
  rssAnonMB?: number;
  heapMB: number;
  liveTensors: number;
  gpuMemoryAllocated?: number;
}

/** Anonymous resident memory (heap, tensors), without mapped library code, where Linux reports it. */
function rssAnonMB(): number | undefined {
  try {
    const m = /RssAnon:\s+(\d+) kB/.exec(fs.readFileSync("/proc/self/status", "utf8"));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

function evaluate(
  model: nn.Module & { forward(x: torch.Tensor): torch.Tensor },
  loader: data.DataLoader,
  noTidy = false,
): number {
  model.eval();
  let correct = 0,
    total = 0;
  torch.noGrad(() => {
    for (const [x, y] of loader) {
      if (noTidy) {
        correct += Number(model.forward(x).argmax(1).eq(y).sum().item());
        total += y.shape[0];
        continue;
      }
      correct += torch.tidy(() => model.forward(x).argmax(1).eq(y).sum().item() as number);
      total += y.shape[0];
      x.dispose();
      y.dispose();
    }
  });
  return (100 * correct) / total;
}

export async function train(
  modelName: string,
  splits: Splits,
  o: Options,
  log: (s: string) => void,
  hooks: TrainHooks = {},
): Promise<RunResult & { epochs: EpochResult[] }> {
  torch.manualSeed(o.seed);
  const model = new LeNet5(modelName === "bn");
  if (o.device !== "cpu") model.to(o.device);
  // Data-parallel: each process trains on its share of every global batch; DDP averages gradients.
  const parallel = torch.distributed.isInitialized();
  if (parallel && o.syncBn) nn.SyncBatchNorm.convertSyncBatchnorm(model);
  const net = parallel ? new nn.parallel.DistributedDataParallel(model) : model;
  const opt = new optim.Adam(net.parameters(), { lr: o.lr });
  const lossFn = new nn.CrossEntropyLoss();
  const trainSet = splits.train;
  const sampler = parallel ? new data.DistributedSampler(trainSet, { seed: o.seed }) : undefined;
  const loader = new data.DataLoader(
    trainSet,
    sampler
      ? { batchSize: o.batchSize / o.nproc, sampler, device: o.device }
      : { batchSize: o.batchSize, shuffle: true, seed: o.seed, device: o.device },
  );
  const testLoader = new data.DataLoader(splits.test, { batchSize: 1000, device: o.device });
  const cuda = o.device.startsWith("cuda");
  const step = o.cudaGraph ? torch.cuda.makeGraphedTrainStep(model, lossFn, opt) : null;
  const epochs: EpochResult[] = [];
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    sampler?.setEpoch(epoch - 1);
    log(`Epoch ${epoch}`);
    model.train();
    let total = 0,
      count = 0,
      running = 0;
    if (cuda) torch.cuda.synchronize();
    const t0 = process.hrtime.bigint();
    const batches = loader.length,
      every = o.logInterval ?? 100;
    let images = 0,
      shown = Number.NaN,
      lastReport = 0;
    const report = (phase: ProgressState["phase"]) => {
      if (!hooks.onProgress) return;
      const now = performance.now();
      if (phase === "train" && count < batches && now - lastReport < 100) return;
      lastReport = now;
      const secs = Number(process.hrtime.bigint() - t0) / 1e9;
      const [mi, nm] = [hooks.modelIndex ?? 0, hooks.models ?? 1];
      hooks.onProgress({
        seed: o.seed,
        model: modelName,
        epoch,
        epochs: o.epochs,
        batch: count,
        batches,
        rate: images / secs,
        loss: shown,
        eta: count > 0 ? (secs * (batches - count)) / count : Number.NaN,
        fraction: (mi * o.epochs + epoch - 1 + count / batches) / (nm * o.epochs),
        phase,
      });
    };
    // The mean loss of the last `every` batches: a log line and a TensorBoard point.
    const logLoss = (mean: number) => {
      log(`[Batch ${count}] loss: ${mean.toFixed(3)}`);
      hooks.writer?.addScalar(`${modelName}/train_loss`, mean, (epoch - 1) * batches + count);
    };
    if (step) {
      // The loss stays on the GPU; it is read every `every` batches instead of after every step.
      const sum = torch.zeros([], { device: o.device });
      let logged = 0;
      for (const [x, y] of loader) {
        images += x.shape[0]!;
        torch.tidy(() => {
          sum.add_(step(x, y));
        });
        x.dispose();
        y.dispose();
        count++;
        if (count % every === 0 || count === batches) {
          const s = sum.item() as number;
          if (count % every === 0) logLoss((s - logged) / every);
          logged = s;
          shown = s / count;
        }
        report("train");
      }
      total = sum.item() as number;
      sum.dispose();
    } else if (o.noTidy) {
      for (const [x, y] of loader) {
        images += x.shape[0]!;
        opt.zeroGrad();
        const loss = lossFn.forward(net.forward(x), y);
        loss.backward();
        opt.step();
        const v = Number(loss.item());
        total += v;
        running += v;
        count++;
        if (count % every === 0) {
          logLoss(running / every);
          running = 0;
        }
        shown = total / count;
        report("train");
      }
    } else {
      for (const [x, y] of loader) {
        images += x.shape[0]!;
        const v = torch.tidy(() => {
          opt.zeroGrad();
          const loss = lossFn.forward(net.forward(x), y);
          loss.backward();
          opt.step();
          return loss.item() as number;
        });
        x.dispose();
        y.dispose();
        total += v;
        running += v;
        count++;
        if (count % every === 0) {
          logLoss(running / every);
          running = 0;
        }
        shown = total / count;
        report("train");
      }
    }
    if (cuda) torch.cuda.synchronize();
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    report("test");
    const accuracy = evaluate(model, testLoader, o.noTidy);
    hooks.writer?.addScalar(`${modelName}/test_accuracy`, accuracy, epoch);
    hooks.writer?.flush();
    // RSS is read after a full GC (when node runs with --expose-gc, as `npm run lenet` does) and with
    // free C heap pages returned, so it shows what is held rather than when collectors last ran.
    // Let the event loop run once (finalizers, V8's memory reducer) before reading RSS.
    await new Promise((r) => setTimeout(r, 20));
    (globalThis as { gc?: () => void }).gc?.();
    torch.releaseFreeMemory();
    log(`Accuracy of the network on the ${splits.test.length} test images: ${Math.floor(accuracy)} %`);
    report("done");
    const entry: EpochResult = {
      epoch,
      loss: total / count,
      accuracy,
      seconds,
      rssMB: process.memoryUsage().rss / 2 ** 20,
      rssAnonMB: rssAnonMB(),
      heapMB: process.memoryUsage().heapTotal / 2 ** 20,
      liveTensors: torch.memory().tensors,
    };
    if (cuda) entry.gpuMemoryAllocated = torch.cuda.memoryAllocated();
    epochs.push(entry);
  }
  step?.dispose();
  loader.dispose();
  testLoader.dispose();
  model.dispose();
  return { model: modelName, epochs };
}

type Run = RunResult & { epochs: EpochResult[] };

function cifarTransform(): data.transforms.Transform {
  return new data.transforms.Compose([
    new data.transforms.ToTensor(),
    new data.transforms.Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5]),
  ]);
}

/** One seed: every model in turn, each run tagged with the seed; TensorBoard runs go to DIR/seed_<seed>. */
async function runSeed(
  o: Options,
  splits: Splits,
  log: (s: string) => void,
  onProgress?: (p: ProgressState) => void,
): Promise<Run[]> {
  const rank0 = !torch.distributed.isInitialized() || torch.distributed.getRank() === 0;
  const writer =
    o.tensorboard && rank0
      ? new torch.utils.tensorboard.SummaryWriter(path.join(o.tensorboard, `seed_${o.seed}`))
      : undefined;
  const runs: Run[] = [];
  for (const [i, m] of o.models.entries()) {
    log(`\n== ${m === "bn" ? "LeNet-5 with BatchNorm" : "LeNet-5 without BatchNorm"} ==`);
    const run = await train(m, splits, o, log, { onProgress, writer, modelIndex: i, models: o.models.length });
    runs.push({ ...run, seed: o.seed });
  }
  writer?.close();
  return runs;
}

// --seeds on the CPU: one child process per seed (as many at a time as there are cores), each told its
// options over the IPC channel; it sends back its log lines, its progress and its runs.
const WORKER_ENV = "TORCHTS_LENET_SEED_WORKER";
interface WorkerJob {
  options: Options;
  threads: number;
  progress: boolean;
}
type WorkerMessage =
  | { type: "log"; line: string }
  | { type: "progress"; state: ProgressState }
  | { type: "done"; runs: Run[] };

async function worker(): Promise<void> {
  const job = await new Promise<WorkerJob>((resolve) => process.once("message", (m) => resolve(m as WorkerJob)));
  const send = (m: WorkerMessage) =>
    new Promise<void>((resolve) => process.send!(m, undefined, undefined, () => resolve()));
  torch.setNumThreads(job.threads);
  const o = job.options;
  const splits = applyLimit(await loadCifar(o.data, cifarTransform()), o);
  const runs = await runSeed(
    o,
    splits,
    o.quiet ? () => {} : (line) => void send({ type: "log", line }),
    job.progress ? (state) => void send({ type: "progress", state }) : undefined,
  );
  await send({ type: "done", runs });
  process.disconnect();
}

async function runSeedsInParallel(o: Options, log: (s: string) => void, bar: ProgressLine): Promise<Run[]> {
  const seeds = o.seeds!;
  const cores = os.availableParallelism();
  const procs = Math.min(seeds.length, cores);
  const threads = Math.max(1, Math.floor(cores / procs));
  log(`${seeds.length} seeds, ${procs} processes at a time with ${threads} thread(s) each`);
  const states = new Map<number, ProgressState | "done">();
  const results = new Map<number, Run[]>();
  const children = new Set<ReturnType<typeof fork>>();
  const start = performance.now();
  // Redrawn at most every 100 ms; a change inside that time is drawn when it is over.
  let drawn = 0,
    later: NodeJS.Timeout | undefined;
  const draw = () => {
    const wait = drawn + 100 - performance.now();
    if (wait > 0) {
      later ??= setTimeout(() => {
        later = undefined;
        draw();
      }, wait);
      return;
    }
    drawn = performance.now();
    bar.update(formatMany(seeds, states, (drawn - start) / 1000));
  };
  const runOne = (seed: number) =>
    new Promise<void>((resolve, reject) => {
      const child = fork(__filename, [], {
        env: { ...process.env, [WORKER_ENV]: "1" },
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      children.add(child);
      child.on("message", (m: WorkerMessage) => {
        if (m.type === "log") log(`[seed ${seed}] ${m.line.replace(/^\n/, "")}`);
        else if (m.type === "progress") {
          states.set(seed, m.state);
          draw();
        } else {
          results.set(seed, m.runs);
          states.set(seed, "done");
          draw();
        }
      });
      child.on("error", reject);
      child.on("exit", (code, signal) => {
        children.delete(child);
        if (results.has(seed)) resolve();
        else
          reject(new Error(`seed ${seed}: its process ${signal ? `was killed (${signal})` : `exited with ${code}`}`));
      });
      const options: Options = { ...o, seed, seeds: [seed], out: undefined, exportData: undefined };
      child.send({ options, threads, progress: bar.enabled } satisfies WorkerJob);
    });
  const queue = [...seeds];
  const lane = async () => {
    for (let s = queue.shift(); s !== undefined; s = queue.shift()) await runOne(s);
  };
  try {
    await Promise.all(Array.from({ length: procs }, lane));
  } catch (e) {
    queue.length = 0;
    for (const c of children) c.kill();
    throw e;
  } finally {
    clearTimeout(later);
  }
  return seeds.flatMap((s) => results.get(s)!);
}

/** Right-aligned columns, each as wide as its widest cell, two spaces apart; the first row is the header. */
function table(rows: string[][]): string {
  const width = rows[0]!.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)));
  return rows.map((r) => r.map((c, j) => c.padStart(width[j]!)).join("  ")).join("\n");
}

/** The summary: per epoch each model's test accuracy, loss and seconds (mean ± sd over seeds), then per seed. */
export function summaryTable(runs: Run[], epochs: number): string {
  const models = [...new Set(runs.map((r) => r.model))];
  const seeds = [...new Set(runs.map((r) => r.seed ?? 0))];
  const cell = (m: string, e: number, key: "accuracy" | "loss" | "seconds", digits: number, withSd = true) => {
    const v = runs.filter((r) => r.model === m && r.epochs[e]).map((r) => r.epochs[e]![key]);
    if (v.length === 0) return "-";
    const { mean, sd } = meanSd(v);
    return v.length === 1 || !withSd ? mean.toFixed(digits) : `${mean.toFixed(digits)} ± ${sd.toFixed(digits)}`;
  };
  const rows = [
    ["epoch", ...models.map((m) => `${m} acc %`), ...models.map((m) => `${m} loss`), ...models.map((m) => `${m} s`)],
  ];
  for (let e = 0; e < epochs; e++) {
    rows.push([
      String(e + 1),
      ...models.map((m) => cell(m, e, "accuracy", 2)),
      ...models.map((m) => cell(m, e, "loss", 3)),
      ...models.map((m) => cell(m, e, "seconds", 1, false)),
    ]);
  }
  if (seeds.length === 1) return table(rows);
  const perSeed = [["seed", ...models.map((m) => `${m} final acc %`)]];
  for (const s of seeds) {
    perSeed.push([
      String(s),
      ...models.map((m) => {
        const r = runs.find((x) => x.model === m && (x.seed ?? 0) === s);
        const last = r?.epochs[r.epochs.length - 1];
        return last ? `${last.accuracy.toFixed(2)}${collapsed(r!) ? " (chance)" : ""}` : "-";
      }),
    ]);
  }
  return `mean ± sd over seeds ${seeds.join(",")} (seconds: mean)\n${table(rows)}\n\n${table(perSeed)}`;
}

export async function main(argv: string[]): Promise<void> {
  if (process.env[WORKER_ENV] && process.send) return worker();
  const o = parseArgs(argv);
  if (o.nproc > 1 && process.env.RANK === undefined) {
    // The launcher (npx torchts run) starts this script once per rank with torchrun's variables.
    process.exitCode = await launch(["--nproc-per-node", String(o.nproc), __filename, ...argv]);
    return;
  }
  if (o.nproc > 1) torch.distributed.initProcessGroup({ backend: "gloo" });
  const rank = o.nproc > 1 ? torch.distributed.getRank() : 0;
  if (rank !== 0) o.quiet = true;
  // On a terminal the progress line sits below the log lines; elsewhere only the log lines are printed.
  const bar = new ProgressLine(process.stdout, !o.quiet && !!process.stdout.isTTY);
  const log = (s: string) => {
    if (!o.quiet && rank === 0) bar.log(s);
  };
  const t0 = Date.now();
  // Loaded (and so decoded into the cache) here also when the seeds then run in child processes.
  const full = await loadCifar(o.data, cifarTransform());
  const splits = applyLimit(full, o);
  log(
    `Data: ${splits.train.length} training and ${splits.test.length} test images from ${splits.source} (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
  );
  if (o.exportData) {
    exportData(splits, o.exportData);
    log(`Wrote ${o.exportData}`);
    if (o.epochs === 0) return;
  }
  log(`libtorch ${torch.version.libtorch}, device ${o.device}, ${torch.getNumThreads()} thread(s)`);
  const seeds = o.seeds ?? [o.seed];
  let runs: Run[] = [];
  if (seeds.length > 1 && o.device === "cpu") runs = await runSeedsInParallel(o, log, bar);
  else {
    // One seed, or several on a GPU: one after the other in this process.
    for (const seed of seeds) {
      const so = { ...o, seed };
      if (seeds.length > 1) log(`\n#### seed ${seed}`);
      const show = (p: ProgressState) => bar.update(formatOne(p, seeds.length > 1));
      runs.push(
        ...(await runSeed(so, seed === o.seed ? splits : applyLimit(full, so), log, bar.enabled ? show : undefined)),
      );
    }
  }
  bar.close();
  if (o.nproc > 1) torch.distributed.destroyProcessGroup();
  if (rank !== 0) return;
  console.log(`\n${summaryTable(runs, o.epochs)}`);
  if (o.out) {
    fs.mkdirSync(o.out, { recursive: true });
    const result = {
      device: o.device,
      libtorch: torch.version.libtorch,
      framework: "torchts",
      cudaGraph: !!o.cudaGraph,
      noTidy: !!o.noTidy,
      // Every option of the run, so a results file says how it was made.
      options: {
        ...o,
        limit: o.limit > 0 ? `${o.limit} images, a stratified subset drawn with each run's seed` : "all",
      },
      // Per model: the final test accuracy over the seeds and the seeds whose run collapsed to chance.
      summary: summarize(runs),
      runs,
    };
    fs.writeFileSync(path.join(o.out, "results.json"), JSON.stringify(result, null, 2));
    fs.writeFileSync(
      path.join(o.out, "report.svg"),
      reportSvg(
        runs,
        `torchts, libtorch ${torch.version.libtorch}, ${o.device}${o.cudaGraph ? " (CUDA graph)" : ""}` +
          `${o.nproc > 1 ? `, ${o.nproc} processes (DDP${o.syncBn ? ", SyncBatchNorm" : ""})` : ""}` +
          `, ${seeds.length > 1 ? `seeds ${seeds.join(",")}` : `seed ${o.seed}`}, batch ${o.batchSize}, Adam lr ${o.lr}`,
      ),
    );
    console.log(`Wrote ${path.join(o.out, "results.json")} and report.svg`);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(`error: ${(e as Error).message}`);
    process.exit(1);
  });
}
