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
const read = <T>(f: string): T | null =>
  fs.existsSync(path.join(dir, f)) ? JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) : null;
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
  const s = memloop.samples;
  const first = s[Math.min(5, s.length - 1)]!,
    last = s[s.length - 1]!;
  const mib = (b: number) => (b / 2 ** 20).toFixed(2);
  summary.memoryLoopCuda = { first, last, flat: last.cudaAllocated <= first.cudaAllocated };
  lines.push(
    "## Memory in a training loop with no tidy()/dispose() on CUDA",
    "",
    `torch.cuda.memoryAllocated() at step ${first.step}: ${mib(first.cudaAllocated)} MiB (${first.tensors} live tensors); at step ${last.step}: ${mib(last.cudaAllocated)} MiB (${last.tensors} live tensors); RSS ${mib(first.rss)} → ${mib(last.rss)} MiB.`,
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
};
fs.writeFileSync(path.join(dir, `gpu-${date}-${cardTag}.json`), JSON.stringify(json, null, 2));
fs.writeFileSync(path.join(dir, `gpu-${date}-${cardTag}.md`), `${lines.join("\n")}\n`);
console.log(lines.join("\n"));
