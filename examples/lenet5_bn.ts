// The LeNet-5 BatchNorm experiment: LeNet-5 with and without BatchNorm on CIFAR-10, batch 64,
// Adam lr 0.01, ToTensor + Normalize(0.5, 0.5), CrossEntropyLoss, 10 epochs.
//   npm run lenet -- --data ../shared/datasets/cifar10-jpeg.tar.xz [--device cuda [--cuda-graph]] [--out DIR]
//   npm run lenet -- --data ... --nproc 2 [--sync-bn]   (data-parallel: DDP over Gloo, global batch 64)
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs as nodeParseArgs } from "node:util";
import * as torch from "../lib";
import { data, nn, optim } from "../lib";
import { launch } from "../lib/distributed/run";
import { exportData, loadCifar, type Splits } from "./data";
import { LeNet5 } from "./lenet5";
import { type RunResult, reportSvg } from "./report";

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
}

// Flags, their help text and their value kind, in one table (node:util.parseArgs reads them).
const FLAGS = {
  device: { type: "string", help: "cpu | cuda | cuda:N (default cpu)" },
  epochs: { type: "string", help: "epochs to train (default 10)" },
  "batch-size": { type: "string", help: "batch size (default 64)" },
  lr: { type: "string", help: "Adam learning rate (default 0.01)" },
  seed: { type: "string", help: "torch.manualSeed and shuffling seed (default 0)" },
  data: { type: "string", help: "CIFAR-10: binary folder or .tar.gz, or ImageFolder folder or .tar.xz/.tar.gz" },
  models: { type: "string", help: "bn,plain (default both)" },
  limit: { type: "string", help: "train on N images, a seeded subset with equal class shares (0: all)" },
  out: { type: "string", help: "folder for results.json and report.svg" },
  "export-data": { type: "string", help: "write the decoded data for the PyTorch reference to FILE" },
  quiet: { type: "boolean", help: "no progress bar" },
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
  };
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

function progress(done: number, total: number, loss: number): void {
  if (!process.stdout.isTTY) return;
  const w = 30,
    f = Math.round((done / total) * w);
  process.stdout.write(`\r[${"#".repeat(f)}${".".repeat(w - f)}] ${done}/${total} loss ${loss.toFixed(3)}`);
  if (done === total) process.stdout.write(`\r${" ".repeat(w + 40)}\r`);
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
    if (step) {
      // The loss stays on the GPU; it is read every 100 batches instead of after every step.
      const sum = torch.zeros([], { device: o.device });
      let logged = 0;
      for (const [x, y] of loader) {
        torch.tidy(() => {
          sum.add_(step(x, y));
        });
        x.dispose();
        y.dispose();
        count++;
        if (count % 100 === 0 || count === loader.length) {
          const s = sum.item() as number;
          if (count % 100 === 0) log(`[Batch ${count}] loss: ${((s - logged) / 100).toFixed(3)}`);
          logged = s;
          if (!o.quiet) progress(count, loader.length, s / count);
        }
      }
      total = sum.item() as number;
      sum.dispose();
    } else if (o.noTidy) {
      for (const [x, y] of loader) {
        opt.zeroGrad();
        const loss = lossFn.forward(net.forward(x), y);
        loss.backward();
        opt.step();
        const v = Number(loss.item());
        total += v;
        running += v;
        count++;
        if (count % 100 === 0) {
          log(`[Batch ${count}] loss: ${(running / 100).toFixed(3)}`);
          running = 0;
        }
        if (!o.quiet) progress(count, loader.length, v);
      }
    } else {
      for (const [x, y] of loader) {
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
        if (count % 100 === 0) {
          log(`[Batch ${count}] loss: ${(running / 100).toFixed(3)}`);
          running = 0;
        }
        if (!o.quiet) progress(count, loader.length, v);
      }
    }
    if (cuda) torch.cuda.synchronize();
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const accuracy = evaluate(model, testLoader, o.noTidy);
    // RSS is read after a full GC (when node runs with --expose-gc, as `npm run lenet` does) and with
    // free C heap pages returned, so it shows what is held rather than when collectors last ran.
    // Let the event loop run once (finalizers, V8's memory reducer) before reading RSS.
    await new Promise((r) => setTimeout(r, 20));
    (globalThis as { gc?: () => void }).gc?.();
    torch.releaseFreeMemory();
    log(`Accuracy of the network on the ${splits.test.length} test images: ${Math.floor(accuracy)} %`);
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

export async function main(argv: string[]): Promise<void> {
  const o = parseArgs(argv);
  if (o.nproc > 1 && process.env.RANK === undefined) {
    // The launcher (npx torchts run) starts this script once per rank with torchrun's variables.
    process.exitCode = await launch(["--nproc-per-node", String(o.nproc), __filename, ...argv]);
    return;
  }
  if (o.nproc > 1) torch.distributed.initProcessGroup({ backend: "gloo" });
  const rank = o.nproc > 1 ? torch.distributed.getRank() : 0;
  if (rank !== 0) o.quiet = true;
  const log = (s: string) => {
    if (!o.quiet && rank === 0) console.log(s);
  };
  const transform = new data.transforms.Compose([
    new data.transforms.ToTensor(),
    new data.transforms.Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5]),
  ]);
  const t0 = Date.now();
  const splits = applyLimit(await loadCifar(o.data, transform), o);
  log(
    `Data: ${splits.train.length} training and ${splits.test.length} test images from ${splits.source} (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
  );
  if (o.exportData) {
    exportData(splits, o.exportData);
    log(`Wrote ${o.exportData}`);
    if (o.epochs === 0) return;
  }
  log(`libtorch ${torch.version.libtorch}, device ${o.device}, ${torch.getNumThreads()} thread(s)`);
  const runs: Array<RunResult & { epochs: EpochResult[] }> = [];
  for (const m of o.models) {
    log(`\n== ${m === "bn" ? "LeNet-5 with BatchNorm" : "LeNet-5 without BatchNorm"} ==`);
    runs.push(await train(m, splits, o, log));
  }
  if (o.nproc > 1) torch.distributed.destroyProcessGroup();
  if (rank !== 0) return;
  // The table: test accuracy per epoch, BN beside plain.
  const header = [
    "epoch",
    ...runs.map((r) => `${r.model} acc %`),
    ...runs.map((r) => `${r.model} loss`),
    ...runs.map((r) => `${r.model} s`),
  ];
  console.log(`\n${header.map((h) => h.padStart(10)).join("")}`);
  for (let e = 0; e < o.epochs; e++) {
    const row = [
      String(e + 1),
      ...runs.map((r) => r.epochs[e].accuracy.toFixed(2)),
      ...runs.map((r) => r.epochs[e].loss.toFixed(3)),
      ...runs.map((r) => r.epochs[e].seconds.toFixed(1)),
    ];
    console.log(row.map((c) => c.padStart(10)).join(""));
  }
  if (o.out) {
    fs.mkdirSync(o.out, { recursive: true });
    const result = {
      device: o.device,
      libtorch: torch.version.libtorch,
      framework: "torchts",
      cudaGraph: !!o.cudaGraph,
      noTidy: !!o.noTidy,
      // Every option of the run, so a results file says how it was made.
      options: { ...o, limit: o.limit > 0 ? `${o.limit} images, seeded stratified subset (seed ${o.seed})` : "all" },
      runs,
    };
    fs.writeFileSync(path.join(o.out, "results.json"), JSON.stringify(result, null, 2));
    fs.writeFileSync(
      path.join(o.out, "report.svg"),
      reportSvg(
        runs,
        `torchts, libtorch ${torch.version.libtorch}, ${o.device}${o.cudaGraph ? " (CUDA graph)" : ""}` +
          `${o.nproc > 1 ? `, ${o.nproc} processes (DDP${o.syncBn ? ", SyncBatchNorm" : ""})` : ""}` +
          `, seed ${o.seed}, batch ${o.batchSize}, Adam lr ${o.lr}`,
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
