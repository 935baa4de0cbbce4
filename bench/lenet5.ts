// bench/lenet5: torchts and the PyTorch reference on the same machine, data, seed and epochs, in one
// run. Prints per-epoch training time of each, their ratio, and both accuracies.
//   npm run bench:lenet5 -- --data ../shared/datasets/cifar10-jpeg.tar.xz [--epochs 10] [--device cpu] [--json FILE]

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { exportData, loadCifar } from "../examples/data";
import { applyLimit, parseArgs, train } from "../examples/lenet5_bn";
import * as torch from "../lib";
import { data } from "../lib";
import { cacheDir } from "../lib/utils/cache";
import { repoPath } from "../test/helpers/paths";

interface Epoch {
  epoch: number;
  loss: number;
  accuracy: number;
  seconds: number;
  gpuMemoryAllocated?: number;
}
interface Run {
  model: string;
  epochs: Epoch[];
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let jsonOut: string | undefined;
  const j = argv.indexOf("--json");
  if (j >= 0) {
    jsonOut = argv[j + 1];
    argv.splice(j, 2);
  }
  const o = parseArgs(argv);
  o.quiet = true;
  const python = process.env.TORCHTS_PYTHON || "/usr/bin/python3";
  const transform = new data.transforms.Compose([
    new data.transforms.ToTensor(),
    new data.transforms.Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5]),
  ]);
  const splits = applyLimit(await loadCifar(o.data, transform), o);
  const cache = path.join(cacheDir(), "lenet5-bench.u8");
  exportData(splits, cache);

  const ours: Run[] = [];
  const theirs: Run[] = [];
  for (const m of o.models) {
    ours.push(await train(m, splits, o, () => {}));
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "lenet5-ref-"));
    const r = spawnSync(
      python,
      [
        repoPath("examples", "reference", "lenet5_bn.py"),
        "--data-cache",
        cache,
        "--device",
        o.device,
        "--epochs",
        String(o.epochs),
        "--batch-size",
        String(o.batchSize),
        "--lr",
        String(o.lr),
        "--seed",
        String(o.seed),
        "--models",
        m,
        "--limit",
        String(o.limit),
        "--out",
        outDir,
      ],
      { encoding: "utf8" },
    );
    if (r.status !== 0) throw new Error(`PyTorch reference failed: ${r.stderr}`);
    theirs.push(...JSON.parse(fs.readFileSync(path.join(outDir, "results.json"), "utf8")).runs);
  }
  const lines: string[] = [];
  lines.push(
    `LeNet-5 on CIFAR-10, ${o.device}, libtorch ${torch.version.libtorch} (torchts) vs PyTorch (${python}), ${os.cpus().length} CPU(s), ${torch.getNumThreads()} thread(s), seed ${o.seed}, ${o.epochs} epochs${o.limit ? `, ${o.limit} images (seeded stratified subset)` : ""}`,
  );
  lines.push("");
  lines.push("| model | epoch | torchts s | PyTorch s | ratio | torchts acc % | PyTorch acc % |");
  lines.push("|---|---|---|---|---|---|---|");
  const summary: Record<string, unknown> = {};
  ours.forEach((r, i) => {
    const p = theirs[i];
    let ts = 0,
      pt = 0;
    r.epochs.forEach((e, k) => {
      const q = p.epochs[k];
      ts += e.seconds;
      pt += q.seconds;
      lines.push(
        `| ${r.model} | ${e.epoch} | ${e.seconds.toFixed(2)} | ${q.seconds.toFixed(2)} | ${(e.seconds / q.seconds).toFixed(3)} | ${e.accuracy.toFixed(2)} | ${q.accuracy.toFixed(2)} |`,
      );
    });
    lines.push(
      `| ${r.model} | all | ${ts.toFixed(2)} | ${pt.toFixed(2)} | **${(ts / pt).toFixed(3)}** | ${r.epochs[r.epochs.length - 1].accuracy.toFixed(2)} | ${p.epochs[p.epochs.length - 1].accuracy.toFixed(2)} |`,
    );
    summary[r.model] = {
      ratio: ts / pt,
      torchtsAccuracy: r.epochs[r.epochs.length - 1].accuracy,
      pytorchAccuracy: p.epochs[p.epochs.length - 1].accuracy,
    };
  });
  console.log(lines.join("\n"));
  if (jsonOut) {
    fs.mkdirSync(path.dirname(path.resolve(jsonOut)), { recursive: true });
    fs.writeFileSync(
      jsonOut,
      JSON.stringify(
        { device: o.device, libtorch: torch.version.libtorch, summary, torchts: ours, pytorch: theirs, table: lines },
        null,
        2,
      ),
    );
  }
}

main().catch((e) => {
  console.error(`error: ${(e as Error).message}`);
  process.exit(1);
});
