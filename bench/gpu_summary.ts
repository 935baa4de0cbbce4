// Folds what scripts/gpu_check.sh measured into bench/results/gpu-<date>-<card>.json and .md
// (written under the given folder; the session copies them into the repo and commits them).
import * as fs from "node:fs";
import * as path from "node:path";

interface Epoch {
  epoch: number;
  loss: number;
  accuracy: number;
  seconds: number;
  gpuMemoryAllocated?: number;
}
interface Results {
  device: string;
  libtorch: string;
  runs: Array<{ model: string; epochs: Epoch[] }>;
  peakGpuMemory?: number;
}

const dir = process.argv[2];
// A rerun of some stages (STAGES in scripts/gpu_check.sh) passes the earlier run's summary JSON: what
// this run did not measure is taken from it.
const prevFile = process.argv[3] ?? path.join(dir, "prev.json");
const prev: Record<string, unknown> = fs.existsSync(prevFile) ? JSON.parse(fs.readFileSync(prevFile, "utf8")) : {};
const PREV_KEY: Record<string, string> = {
  "ts/results.json": "torchts",
  "py/results.json": "pytorch",
  "tsg/results.json": "torchtsGraph",
  "pyg/results.json": "pytorchGraph",
  "seed.json": "seedPipeline",
  "gpu-parity.json": "parity",
  "gpu-dist.json": "dist",
  "memloop-cuda.json": "memoryLoop",
  "seeds/results.json": "seedsTorchts",
};
const read = <T>(f: string): T | null =>
  fs.existsSync(path.join(dir, f))
    ? JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"))
    : ((prev[PREV_KEY[f] ?? ""] as T | undefined) ?? null);
const card = fs.existsSync(path.join(dir, "card.txt"))
  ? fs.readFileSync(path.join(dir, "card.txt"), "utf8").trim()
  : "unknown-gpu";
const cardTag = card
  .replace(/NVIDIA /, "")
  .replace(/[^A-Za-z0-9]+/g, "-")
  .replace(/-+$/, "")
  .toLowerCase();
const date = new Date().toISOString().slice(0, 10);
const ts = read<Results>("ts/results.json");
const pt = read<Results>("py/results.json");
const tsg = read<Results>("tsg/results.json");
const ptg = read<Results>("pyg/results.json");
const seed = read<{ epochs: Array<{ epoch: number; seconds: number; accuracy: number }> }>("seed.json");
const parity = read<{
  passed: number;
  failed: number;
  failures: Array<{ name: string; error: string }>;
  timings?: Record<string, number>;
  coverage?: string[];
}>("gpu-parity.json");
const seconds = (r: { epochs: Epoch[] }) => r.epochs.reduce((x, e) => x + e.seconds, 0);

const lines: string[] = [];
lines.push(`# GPU run ${date} on ${card}`, "");
lines.push(
  `torchts on ${ts?.libtorch ?? "?"} (the machine's PyTorch libtorch) vs PyTorch ${pt?.libtorch ?? "?"} eager, same GPU, same data resident on the GPU, seed 0, batch 64, Adam lr 0.01.`,
  "",
);
if (parity)
  lines.push(
    `CUDA parity checks (every nn and optim parity case, and PyTorch's common_nn module and criterion tables as its test_cuda runs them, on CUDA vs PyTorch on CUDA, TF32 off): **${parity.passed} passed, ${parity.failed} failed**.`,
    "",
    ...(parity.coverage?.length ? [`Budgeted replays: ${parity.coverage.join("; ")}.`, ""] : []),
  );
const summary: Record<string, unknown> = {};
if (ts && pt) {
  lines.push(
    "| model | epoch | torchts s | PyTorch s | ratio | torchts acc % | PyTorch acc % | torchts GPU MiB allocated |",
    "|---|---|---|---|---|---|---|---|",
  );
  for (const r of ts.runs) {
    const p = pt.runs.find((x) => x.model === r.model)!;
    let a = 0,
      b = 0;
    r.epochs.forEach((e, i) => {
      const q = p.epochs[i];
      a += e.seconds;
      b += q.seconds;
      lines.push(
        `| ${r.model} | ${e.epoch} | ${e.seconds.toFixed(2)} | ${q.seconds.toFixed(2)} | ${(e.seconds / q.seconds).toFixed(3)} | ${e.accuracy.toFixed(2)} | ${q.accuracy.toFixed(2)} | ${((e.gpuMemoryAllocated ?? 0) / 2 ** 20).toFixed(2)} |`,
      );
    });
    const last = r.epochs[r.epochs.length - 1],
      plast = p.epochs[p.epochs.length - 1];
    const mem = r.epochs.slice(1).map((e) => e.gpuMemoryAllocated);
    summary[r.model] = {
      torchtsSeconds: a,
      pytorchSeconds: b,
      ratio: a / b,
      torchtsAccuracy: last.accuracy,
      pytorchAccuracy: plast.accuracy,
      gpuMemoryFlat: mem.every((m) => m === mem[0]),
    };
    lines.push(
      `| ${r.model} | all | ${a.toFixed(2)} | ${b.toFixed(2)} | **${(a / b).toFixed(3)}** | ${last.accuracy.toFixed(2)} | ${plast.accuracy.toFixed(2)} | |`,
    );
  }
  lines.push("");
}
// Each training step captured in a CUDA graph (torch.cuda.makeGraphedTrainStep; PyTorch: torch.cuda.graph
// with a fused, capturable Adam), against PyTorch eager as the issue asks, and against PyTorch's capture.
if (tsg && pt) {
  lines.push("## Training step captured in a CUDA graph (`--cuda-graph`)", "");
  if (parity?.timings?.graphedStepMs) {
    const t = parity.timings;
    lines.push(
      `One LeNet-5 BN step at batch 64, torchts: graphed ${t.graphedStepMs.toFixed(3)} ms, eager ${t.eagerStepMs.toFixed(3)} ms (ratio ${t.stepRatio.toFixed(3)}).`,
      "",
    );
  }
  lines.push(
    "| model | torchts graph s | torchts eager s | PyTorch eager s | **graph / PyTorch eager** | PyTorch graph s | graph / PyTorch graph | acc % graph | acc % eager | acc % PyTorch eager | acc % PyTorch graph | GPU MiB per epoch (graph) |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|",
  );
  const graph: Record<string, unknown> = {};
  for (const r of tsg.runs) {
    const e = ts?.runs.find((x) => x.model === r.model),
      p = pt.runs.find((x) => x.model === r.model)!,
      pg = ptg?.runs.find((x) => x.model === r.model);
    const acc = (x?: { epochs: Epoch[] }) => (x ? x.epochs[x.epochs.length - 1].accuracy.toFixed(2) : "–");
    const mem = r.epochs.map((x) => x.gpuMemoryAllocated);
    const a = seconds(r),
      b = seconds(p);
    graph[r.model] = {
      torchtsGraphSeconds: a,
      torchtsEagerSeconds: e ? seconds(e) : null,
      pytorchEagerSeconds: b,
      ratioToPytorchEager: a / b,
      pytorchGraphSeconds: pg ? seconds(pg) : null,
      ratioToPytorchGraph: pg ? a / seconds(pg) : null,
      accuracy: r.epochs[r.epochs.length - 1].accuracy,
      gpuMemoryFlat: mem.slice(1).every((m) => m === mem[1]),
    };
    lines.push(
      `| ${r.model} | ${a.toFixed(2)} | ${e ? seconds(e).toFixed(2) : "–"} | ${b.toFixed(2)} | **${(a / b).toFixed(3)}** | ${pg ? seconds(pg).toFixed(2) : "–"} | ${pg ? (a / seconds(pg)).toFixed(3) : "–"} | ${acc(r)} | ${acc(e)} | ${acc(p)} | ${acc(pg)} | ${[...new Set(mem.map((m) => ((m ?? 0) / 2 ** 20).toFixed(2)))].join(", ")} |`,
    );
  }
  summary.cudaGraph = graph;
  lines.push("");
}
if (seed && tsg) {
  const s = seed.epochs.reduce((x, e) => x + e.seconds, 0) / seed.epochs.length;
  const bn = tsg.runs.find((r) => r.model === "bn")!;
  const t = seconds(bn) / bn.epochs.length;
  summary.seedPipelineGraph = { secondsPerEpoch: s, torchtsGraphSecondsPerEpoch: t, speedup: s / t };
  lines.push(
    `Against the seed's pipeline, torchts with the CUDA-graph step: ${t.toFixed(3)} s per epoch vs ${s.toFixed(2)} s, **${(s / t).toFixed(1)}x faster** (BN model, training time per epoch).`,
    "",
  );
}
if (seed && ts) {
  const s = seed.epochs.reduce((x, e) => x + e.seconds, 0) / seed.epochs.length;
  const bn = ts.runs.find((r) => r.model === "bn")!;
  const t = bn.epochs.reduce((x, e) => x + e.seconds, 0) / bn.epochs.length;
  summary.seedPipeline = { secondsPerEpoch: s, torchtsSecondsPerEpoch: t, ratio: t / s };
  lines.push(
    `Seed's original pipeline (torchvision ImageFolder + DataLoader(num_workers=2) over the JPEG files, PyTorch, BN model): ${s.toFixed(2)} s per epoch over ${seed.epochs.length} epoch(s); torchts with GPU-resident data: ${t.toFixed(2)} s per epoch, ratio ${(t / s).toFixed(3)} (${(s / t).toFixed(1)}x faster).`,
    "",
  );
}
const dist = read<{
  backends: string[];
  passed: number;
  failed: number;
  checks: Array<{ name: string; ok: boolean; detail: string }>;
}>("gpu-dist.json");
if (dist) {
  lines.push(
    `## torch.distributed on the GPU (backends built in: ${dist.backends.join(", ") || "none"})`,
    "",
    `**${dist.passed} passed, ${dist.failed} failed.**`,
    "",
    "| check | result | detail |",
    "|---|---|---|",
    ...dist.checks.map(
      (c) => `| ${c.name} | ${c.ok ? "ok" : "FAILED"} | ${c.detail.replace(/\|/g, "/").replace(/\n/g, " ")} |`,
    ),
    "",
  );
}
const prebuildLog = fs.existsSync(path.join(dir, "prebuild.log"))
  ? fs.readFileSync(path.join(dir, "prebuild.log"), "utf8")
  : "";
if (prebuildLog) {
  const picked =
    /torchts: (picked .*|building from source.*|no prebuilt binary.*)/.exec(prebuildLog)?.[1] ?? "no install line";
  const loaded = /matmul ok true/.test(prebuildLog);
  lines.push(
    "## Prebuilt binary for this libtorch",
    "",
    `Installed into a copy of the package with no compiler and the binary's rpath overwritten: ${picked}; ${loaded ? "it loads (libtorch opened by the loader's preload) and runs a CUDA matmul" : "**it did not load** (see prebuild.log)"}.`,
    "",
  );
}
// The no-tidy training loop of test/programs/memory_loop.ts on CUDA: the caching allocator's live bytes
// should stay flat once the first steps have allocated the model, optimizer state and workspaces.
const memloop = read<{ samples: Array<{ step: number; cudaAllocated: number; tensors: number; rss: number }> }>(
  "memloop-cuda.json",
);
if (memloop?.samples.length) {
  // Unreferenced tensors wait for V8's collector, so the live bytes go up and down between collections:
  // flat means the second half's range stays within the first half's.
  const s = memloop.samples.slice(1);
  const half = Math.floor(s.length / 2);
  const range = (xs: typeof s) => {
    const mem = xs.map((x) => x.cudaAllocated),
      n = xs.map((x) => x.tensors),
      rss = xs.map((x) => x.rss);
    return {
      steps: [xs[0]!.step, xs[xs.length - 1]!.step],
      allocated: [Math.min(...mem), Math.max(...mem)],
      tensors: [Math.min(...n), Math.max(...n)],
      rss: [Math.min(...rss), Math.max(...rss)],
    };
  };
  const a = range(s.slice(0, half)),
    b = range(s.slice(half));
  const mib = (x: number) => (x / 2 ** 20).toFixed(1);
  const flat = b.allocated[1]! <= a.allocated[1]! * 1.05 && b.rss[1]! <= a.rss[1]! + 16 * 2 ** 20;
  summary.memoryLoopCuda = { firstHalf: a, secondHalf: b, flat };
  const row = (r: typeof a) =>
    `| ${r.steps[0]}–${r.steps[1]} | ${mib(r.allocated[0]!)}–${mib(r.allocated[1]!)} | ${r.tensors[0]}–${r.tensors[1]} | ${mib(r.rss[0]!)}–${mib(r.rss[1]!)} |`;
  lines.push(
    "## Memory in a training loop with no tidy()/dispose() on CUDA",
    "",
    `test/programs/memory_loop.ts (LeNet-5 BN, batch 16, Adam), sampled every 20 steps: **${flat ? "flat" : "growing"}**. The range is what V8's collector leaves between collections (PyTorch frees each tensor at once).`,
    "",
    "| steps | torch.cuda.memoryAllocated() MiB | live tensors | RSS MiB |",
    "|---|---|---|---|",
    row(a),
    row(b),
    "",
  );
}
// The plain model over seeds 1-4 with the CUDA-graph step, torchts and PyTorch (final test accuracy).
const seedsTs = read<{ runs: Array<{ seed: number; model: string; epochs: Epoch[] }> }>("seeds/results.json");
const seedsPy: Record<string, number> = (prev.seedsPytorch as Record<string, number>) ?? {};
for (const sd of [1, 2, 3, 4]) {
  const r = read<Results>(`seeds-py${sd}/results.json`);
  const run = r?.runs.find((x) => x.model === "plain");
  if (run) seedsPy[sd] = run.epochs[run.epochs.length - 1]!.accuracy;
}
if (seedsTs) {
  const tsAcc = Object.fromEntries(
    seedsTs.runs.filter((r) => r.model === "plain").map((r) => [r.seed, r.epochs[r.epochs.length - 1]!.accuracy]),
  );
  lines.push(
    "## Plain LeNet-5 over seeds (CUDA-graph step, 10 epochs)",
    "",
    "| seed | torchts acc % | PyTorch acc % |",
    "|---|---|---|",
    ...Object.keys(tsAcc).map((sd) => `| ${sd} | ${tsAcc[sd]!.toFixed(2)} | ${seedsPy[sd]?.toFixed(2) ?? "–"} |`),
    "",
  );
}
const json = {
  date,
  dist,
  card,
  summary,
  parity,
  torchts: ts,
  pytorch: pt,
  torchtsGraph: tsg,
  pytorchGraph: ptg,
  seedPipeline: seed,
  memoryLoop: memloop,
  seedsTorchts: seedsTs,
  seedsPytorch: seedsPy,
};
fs.writeFileSync(path.join(dir, `gpu-${date}-${cardTag}.json`), JSON.stringify(json, null, 2));
fs.writeFileSync(path.join(dir, `gpu-${date}-${cardTag}.md`), `${lines.join("\n")}\n`);
console.log(lines.join("\n"));
