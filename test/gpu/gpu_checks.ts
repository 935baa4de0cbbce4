// The GPU checks, run by scripts/gpu_check.sh on a CUDA machine: every nn and optim parity case on
// CUDA against PyTorch on CUDA (TF32 off, <= 1e-5 relative), plus the CUDA API. Writes a JSON summary.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LeNet5 } from "../../examples/lenet5";
import * as torch from "../../lib";
import { native } from "../../lib/native";
import { DIST } from "../helpers/paths";
import { PyTorch } from "../helpers/pytorch";
import { ampTrainCase } from "../parity/amp";
import { BN_CASES, bnCase } from "../parity/batchnorm";
import { graphedStepCase, STEP_MODELS } from "../parity/graphs";
import {
  CONV_CASES,
  convCase,
  crossEntropyCase,
  LOSS_CASES,
  lenetCase,
  linearCase,
  REF_SCRIPT,
  simpleLayersCase,
} from "../parity/layers";
import { ADAM_CASES, ADAMW_CASES, optimCase, SGD_CASES } from "../parity/optim";
import { modulesOnDevice, opinfoOnDevice, upstreamOnDevice } from "./upstream_on_device";

const TOL = { rtol: 1e-5, atol: 1e-5 };

// A failure's message for the summary: its start and its end (a Python traceback ends with the error).
function clip(e: unknown): string {
  const m = String((e as Error)?.message ?? e);
  return m.length <= 600 ? m : `${m.slice(0, 300)} ... ${m.slice(-300)}`;
}

// The checks earlier runs' parity files name as failed (TORCHTS_PREV_PARITY: files separated by ':').
function failedBefore(): Set<string> {
  const names = new Set<string>();
  for (const f of (process.env.TORCHTS_PREV_PARITY ?? "").split(":").filter(Boolean)) {
    try {
      const r = JSON.parse(fs.readFileSync(f, "utf8")) as { failures?: Array<{ name: string }> };
      for (const x of r.failures ?? []) names.add(x.name);
    } catch {
      console.log(`TORCHTS_PREV_PARITY: cannot read ${f}`);
    }
  }
  return names;
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const out = process.argv[2] ?? "gpu-parity.json";
  const results: Array<{ name: string; ok: boolean; error?: string }> = [];
  const check = (name: string, fn: () => void) => {
    try {
      torch.tidy(fn);
      results.push({ name, ok: true });
    } catch (e) {
      results.push({ name, ok: false, error: clip(e) });
    }
  };
  const info = {
    cudaAvailable: torch.cuda.isAvailable(),
    deviceCount: torch.cuda.deviceCount(),
    cudnn: torch.backends.cudnn.isAvailable(),
    libtorch: torch.version.libtorch,
  };
  console.log(JSON.stringify(info));
  // TORCHTS_CHECK_DEVICE=cpu runs the same checks here, as a dry run of the script.
  const dev = torch.checkDevice(process.env.TORCHTS_CHECK_DEVICE ?? "cuda");
  if (dev === "cuda" && !info.cudaAvailable) throw new Error("CUDA is not available to torchts");
  torch.backends.cudnn.allowTF32 = false;
  const py = new PyTorch();

  // A device-side assert ends the process's CUDA context: every later CUDA call fails with it, so the
  // rest are recorded as not run, naming the case that asserted, instead of 300 copies of the assert.
  let contextLost = "";
  const run = async (name: string, fn: () => Promise<unknown>) => {
    if (contextLost) {
      results.push({ name, ok: false, error: `not run: the CUDA context was lost at ${contextLost}` });
      return;
    }
    try {
      await fn();
      results.push({ name, ok: true });
    } catch (e) {
      const error = clip(e);
      if (/device-side assert/.test(error)) contextLost = `${name} (or the CUDA work just before it)`;
      results.push({ name, ok: false, error });
    }
  };
  for (const c of BN_CASES) await run(`${dev} ${c.name}`, () => bnCase(py, c, dev, TOL));
  for (const c of CONV_CASES) await run(`${dev} Conv2d ${c[0]}`, () => convCase(py, c, dev, TOL));
  for (const b of [true, false]) await run(`${dev} Linear bias=${b}`, () => linearCase(py, b, dev, TOL));
  await run(`${dev} ReLU/Flatten/Identity/Dropout`, () => simpleLayersCase(py, dev, TOL));
  for (const c of LOSS_CASES) await run(`${dev} CrossEntropyLoss ${c[0]}`, () => crossEntropyCase(py, c, dev, TOL));
  for (const bn of [true, false]) await run(`${dev} LeNet-5 bn=${bn}`, () => lenetCase(py, bn, dev, TOL));
  for (const [n, o] of ADAM_CASES) await run(`${dev} Adam ${n}`, () => optimCase(py, "Adam", o, {}, dev, TOL));
  for (const [n, o] of ADAMW_CASES) await run(`${dev} AdamW ${n}`, () => optimCase(py, "AdamW", o, {}, dev, TOL));
  for (const [n, o] of SGD_CASES) await run(`${dev} SGD ${n}`, () => optimCase(py, "SGD", o, {}, dev, TOL));
  await run(`${dev} Adam two groups`, () => optimCase(py, "Adam", { lr: 0.01 }, { groups: true }, dev, TOL));
  await run(`${dev} Adam save/load mid-run`, () =>
    optimCase(py, "Adam", { lr: 0.01, amsgrad: true }, { saveAt: 20 }, dev, TOL),
  );
  // Mixed precision: float16 autocast + an enabled GradScaler on CUDA (bfloat16, scaler off on the CPU).
  await run(`${dev} mixed precision: autocast + GradScaler (skipped steps, backoff, growth)`, async () => {
    const scales = await ampTrainCase(py, dev, dev === "cuda" ? { rtol: 1e-3, atol: 1e-3 } : {});
    console.log(`GradScaler scales per step: ${scales.join(", ")}`);
  });
  if (dev === "cuda") {
    await run("cuda.getDeviceProperties / isBf16Supported equal PyTorch's", async () => {
      const ref = (await py.eval(
        "p = torch.cuda.get_device_properties(0)\nout = [p.name, p.major, p.minor, p.total_memory, " +
          "p.multi_processor_count, torch.cuda.is_bf16_supported()]",
      )) as unknown[];
      const p = torch.cuda.getDeviceProperties(0);
      const mine = [p.name, p.major, p.minor, p.totalMemory, p.multiProcessorCount, torch.cuda.isBf16Supported()];
      if (JSON.stringify(mine) !== JSON.stringify(ref))
        throw new Error(`torchts ${JSON.stringify(mine)}, PyTorch ${JSON.stringify(ref)}`);
    });
  }
  await settingsOnDevice(py, dev, run);
  // PyTorch's common_nn module/criterion tables, run again on the device as upstream's test_cuda does.
  await upstreamOnDevice(py, dev, run);
  if (dev === "cuda") {
    await run("backends.cudnn.version() equals PyTorch's", async () => {
      const ref = await py.eval("out = torch.backends.cudnn.version()");
      if (torch.backends.cudnn.version() !== ref)
        throw new Error(`torchts ${torch.backends.cudnn.version()}, PyTorch ${String(ref)}`);
    });
  }
  if (dev === "cuda") {
    // Tensors on another device mid-training: PyTorch's message for a CPU batch into a CUDA model, and an
    // Error (not a crash) when Adam's state stayed on the CPU after the model moved to the GPU.
    await run("CPU input into a CUDA model: PyTorch's error message", async () => {
      torch.manualSeed(0);
      const m = new LeNet5(true).to(dev);
      const x = torch.randn([2, 3, 32, 32]);
      let msg = "";
      try {
        m.forward(x);
      } catch (e) {
        msg = (e as Error).message;
      }
      const ref = await py.call("parity_layers.lenet_cuda_cpu_input_error", { x, ref_path: REF_SCRIPT });
      if (!msg || msg !== ref) throw new Error(`torchts: ${msg || "no error"} | PyTorch: ${String(ref)}`);
      m.dispose();
    });
    check("Adam state left on the CPU after model.to(cuda): the step raises an Error", () => {
      const m = new torch.nn.Linear(4, 2);
      const opt = new torch.optim.Adam(m.parameters());
      m.forward(torch.randn([3, 4]))
        .sum()
        .backward();
      opt.step();
      m.to(dev);
      opt.zeroGrad();
      m.forward(torch.randn([3, 4]).to(dev))
        .sum()
        .backward();
      let msg = "";
      try {
        opt.step();
      } catch (e) {
        msg = (e as Error).message;
      }
      if (!msg) throw new Error("Adam stepped with its state on another device");
      console.log(`Adam state on another device: ${msg}`);
    });
  }
  if (dev === "cuda")
    check(
      "RNN flattenParameters: after .to(cuda) every LSTM/GRU weight is a view of one cuDNN buffer, outputs unchanged",
      () => {
        const lstm = (m: torch.nn.LSTM) => [m, (x: torch.Tensor) => m.forward(x)[0]] as const;
        const gru = (m: torch.nn.GRU) => [m, (x: torch.Tensor) => m.forward(x)[0]] as const;
        for (const make of [
          () => lstm(new torch.nn.LSTM(6, 8, { numLayers: 2, bidirectional: true })),
          () => lstm(new torch.nn.LSTM(6, 8, { projSize: 4 })),
          () => gru(new torch.nn.GRU(6, 8, { numLayers: 2, bias: false })),
        ]) {
          torch.manualSeed(0);
          const [m, fwd] = make();
          const x = torch.randn([5, 3, 6]);
          const cpuOut = fwd(x);
          m.to(dev);
          const ids = new Set(m.flatWeights.map((w) => native.storageInfo(w.handle).id));
          if (ids.size !== 1) throw new Error(`${m.constructor.name}: weights in ${ids.size} storages after .to(cuda)`);
          const out = fwd(x.to(dev));
          if (!out.cpu().allclose(cpuOut, 1e-4, 1e-5)) throw new Error(`${m.constructor.name}: output changed`);
          const grads = m.parameters().length;
          out.sum().backward();
          if (m.parameters().filter((p) => p.grad !== null).length !== grads) throw new Error("a weight got no grad");
        }
      },
    );
  if (dev === "cuda")
    check("cuda API: copies, pinned memory, allocator stats, cudnn flags, current device", () => {
      const a = torch.randn([1000]).pinMemory();
      if (!a.isPinned()) throw new Error("pinMemory did not pin");
      const g = a.cuda(0, { nonBlocking: true });
      torch.cuda.synchronize();
      if (!g.cpu().equal(a)) throw new Error("round trip differs");
      if (torch.cuda.memoryAllocated() <= 0) throw new Error("memoryAllocated is 0 with a live CUDA tensor");
      if (torch.cuda.maxMemoryAllocated() < torch.cuda.memoryAllocated()) throw new Error("peak below current");
      torch.backends.cudnn.benchmark = true;
      if (!torch.backends.cudnn.benchmark) throw new Error("cudnn.benchmark did not stick");
      torch.backends.cudnn.benchmark = false;
      if (g.device !== "cuda:0") throw new Error(`device is ${g.device}`);
      if (torch.cuda.currentDevice() !== 0) throw new Error(`currentDevice() is ${torch.cuda.currentDevice()}`);
      torch.cuda.setDevice("cuda:0");
      const inside = torch.cuda.device(0, () => torch.cuda.currentDevice());
      if (inside !== 0 || torch.cuda.currentDevice() !== 0) throw new Error("device(0, fn) did not keep device 0");
      let ordinal = "";
      try {
        torch.cuda.setDevice(torch.cuda.deviceCount());
      } catch (e) {
        ordinal = (e as Error).message;
      }
      if (!/invalid device ordinal/.test(ordinal)) throw new Error(`setDevice(count): ${ordinal || "no error"}`);
    });
  if (dev === "cuda")
    check("DataLoader: pinMemory batches are pinned; device: cuda batches equal the CPU loader's", () => {
      const { data } = torch;
      torch.manualSeed(0);
      const xs = torch.randn([256, 3, 8, 8]);
      const ys = torch.randint(0, 10, [256]);
      for (const [x, y] of new data.DataLoader(new data.TensorDataset(xs, ys), { batchSize: 64, pinMemory: true })) {
        if (!x.isPinned() || !y.isPinned()) throw new Error("a pinMemory batch is not pinned");
      }
      const images = torch.randint(0, 256, [256, 32, 32, 3], { dtype: "uint8" });
      const T = data.transforms;
      const tf = new T.Compose([new T.ToTensor(), new T.Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5])]);
      const ds = new data.ImageDataset(images, ys, ["a"], tf);
      const cpu = [...new data.DataLoader(ds, { batchSize: 64, shuffle: true, seed: 3 })];
      const gpu = [...new data.DataLoader(ds, { batchSize: 64, shuffle: true, seed: 3, device: "cuda" })];
      if (gpu.length !== cpu.length) throw new Error("different batch counts");
      gpu.forEach(([x, y], i) => {
        if (x.device !== "cuda:0") throw new Error(`batch on ${x.device}`);
        if (!x.cpu().allclose(cpu[i]![0], 1e-6, 1e-6) || !y.cpu().equal(cpu[i]![1]))
          throw new Error(`batch ${i} differs from the CPU loader's`);
      });
    });
  // The graphed train step against the eager loop: 10 steps with two batch sizes, an eval-mode step and
  // an lr change, i.e. 5 captures (on the CPU dry run, the eager fallback and 0 captures).
  for (const kind of STEP_MODELS) {
    await run(`${dev} graphed train step ${kind} = eager loop`, async () => {
      const n = graphedStepCase(kind, dev, dev === "cuda" ? TOL : {});
      if (n !== (dev === "cuda" ? 5 : 0)) throw new Error(`expected ${dev === "cuda" ? 5 : 0} captures, got ${n}`);
    });
  }
  // The same with a JS tensor hook alive: a CUDA backward then runs on the serving worker thread, which
  // must take the capture's stream (it ran on the default stream and broke the capture before 2026-11-30b).
  await run(
    `${dev} graphed train step lenet-bn = eager loop, with a JS hook alive (backward on the worker)`,
    async () => {
      const hooked = torch.zeros([1], { requiresGrad: true });
      const handle = hooked.registerHook((g) => g);
      try {
        const n = graphedStepCase("lenet-bn", dev, dev === "cuda" ? TOL : {});
        if (n !== (dev === "cuda" ? 5 : 0)) throw new Error(`expected ${dev === "cuda" ? 5 : 0} captures, got ${n}`);
      } finally {
        handle.remove();
      }
    },
  );
  await run(
    `${dev} torch.jit.load: a PyTorch-scripted model with mapLocation, eval forward against PyTorch's`,
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-jit-"));
      try {
        const files = (await py.call("jit_models.make", { dir })) as { net: string };
        const m = torch.jit.load(files.net, dev);
        m.eval();
        const x = torch.randn([6, 4]);
        const ref = (await py.call("jit_models.run", { path: files.net, x, train: false, device: dev })) as {
          out: torch.Tensor;
        };
        const out = (m.forward(x.to(dev)) as torch.Tensor).detach();
        if (out.device !== (dev === "cuda" ? "cuda:0" : "cpu")) throw new Error(`output on ${out.device}`);
        if (!out.cpu().allclose(ref.out.cpu(), TOL.rtol, TOL.atol)) throw new Error("forward differs from PyTorch's");
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );
  const timings: Record<string, number> = {};
  // Written after each part, so a step timeout keeps what ran before it.
  const save = () => {
    const failed = results.filter((r) => !r.ok);
    const summary = {
      ...info,
      timings,
      passed: results.length - failed.length,
      failed: failed.length,
      failures: failed,
      checks: results.length,
      // How far the budgeted replays got ("... N of M OpInfo cases run within S s").
      coverage: results.filter((r) => / of \d+ .*within/.test(r.name)).map((r) => r.name),
    };
    fs.writeFileSync(out, JSON.stringify(summary, null, 2));
    return summary;
  };
  save();
  if (dev === "cuda") graphChecks(check, timings);
  save();
  check(
    `${dev} autograd.Function, a tensor hook and checkpoint in a backward (device threads hand them to the JS thread)`,
    () => callbacksInBackward(dev),
  );
  save();
  // Last: PyTorch's OpInfo database on the device, in what is left of the step's budget
  // (TORCHTS_CHECK_BUDGET seconds, set by scripts/gpu_check.sh; 30 s kept for the rest), else 150 s.
  const budget = Number(process.env.TORCHTS_CHECK_BUDGET ?? 0);
  const left = () => (budget > 0 ? budget - (Date.now() - startedAt) / 1000 - 30 : 150);
  // module_db first (a third of what is left), then the OpInfos.
  await modulesOnDevice(py, dev, run, Math.max(0, left() / 3), failedBefore());
  save();
  await opinfoOnDevice(py, dev, run, Math.max(0, left()), failedBefore());
  py.close();
  const summary = save();
  const failed = summary.failures;
  console.log(`gpu parity: ${summary.passed} passed, ${summary.failed} failed`);
  for (const f of failed.slice(0, 20)) console.log(`  FAIL ${f.name}: ${f.error}`);
}

// CUDA graphs and streams on the device. Errors inside a capture come last: they break a capture on purpose.
function graphChecks(check: (name: string, fn: () => void) => void, timings: Record<string, number>): void {
  const { nn, optim } = torch;
  const dev = "cuda";
  check("streams: a pool stream, stream(s, fn) switches and restores, waitStream, synchronize, query", () => {
    const cur = torch.cuda.currentStream();
    const s = new torch.cuda.Stream();
    if (s.equals(cur)) throw new Error("pool stream equals the current stream");
    if (s.device !== "cuda:0") throw new Error(`stream device ${s.device}`);
    const a = torch.randn([1 << 20]).to(dev);
    s.waitStream(cur);
    const b = torch.cuda.stream(s, () => {
      if (!torch.cuda.currentStream().equals(s)) throw new Error("stream() did not make s current");
      return a.mul(2);
    });
    if (!torch.cuda.currentStream().equals(cur)) throw new Error("stream() did not restore the previous stream");
    cur.waitStream(s);
    if (!b.equal(a.mul(2))) throw new Error("work on the side stream gave a wrong result");
    s.synchronize();
    if (!s.query()) throw new Error("query() false after synchronize()");
  });
  check("CUDAGraph: capture x*2+1, replay on new inputs, a second graph sharing the pool", () => {
    const x = torch.zeros([1000]).to(dev);
    const g = new torch.cuda.CUDAGraph();
    let inside = false;
    const y = torch.cuda.graph(g, () => {
      inside = torch.cuda.isCurrentStreamCapturing();
      return x.mul(2).add(1);
    });
    if (!inside || torch.cuda.isCurrentStreamCapturing()) throw new Error("isCurrentStreamCapturing wrong");
    for (let k = 0; k < 3; k++) {
      const v = torch.randn([1000]).to(dev);
      x.copy_(v);
      g.replay();
      if (!y.allclose(v.mul(2).add(1))) throw new Error(`replay ${k} gave a wrong result`);
    }
    const pool = g.pool();
    if (pool.length !== 2) throw new Error("pool() is not a pair");
    const g2 = new torch.cuda.CUDAGraph();
    const z = torch.cuda.graph(g2, () => y.sub(1), { pool });
    x.copy_(torch.ones([1000]).to(dev));
    g.replay();
    g2.replay();
    if (!z.equal(torch.full([1000], 2).to(dev, { dtype: "float32" })))
      throw new Error("the graph sharing the pool gave a wrong result");
    const h = torch.cuda.graphPoolHandle();
    if (h.length !== 2) throw new Error("graphPoolHandle() is not a pair");
    g.dispose();
    g2.dispose();
    if (
      !(() => {
        try {
          g.replay();
          return false;
        } catch {
          return true;
        }
      })()
    )
      throw new Error("replay after dispose did not raise");
  });
  check("graphed LeNet-5 BN step: GPU memory flat over 300 replays; time per step graphed vs eager", () => {
    torch.manualSeed(0);
    const m = new LeNet5(true).to(dev);
    const opt = new optim.Adam(m.parameters(), { lr: 0.01 });
    const lossFn = new nn.CrossEntropyLoss();
    const x = torch.randn([64, 3, 32, 32]).to(dev),
      y = torch.randint(0, 10, [64]).to(dev);
    const step = torch.cuda.makeGraphedTrainStep(m, lossFn, opt);
    const sum = torch.zeros([]).to(dev);
    const time = (n: number, f: () => void): number => {
      torch.cuda.synchronize();
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) torch.tidy(f);
      torch.cuda.synchronize();
      return Number(process.hrtime.bigint() - t0) / 1e6 / n;
    };
    time(20, () => {
      sum.add_(step(x, y));
    });
    const before = torch.cuda.memoryAllocated();
    timings.graphedStepMs = time(300, () => {
      sum.add_(step(x, y));
    });
    const after = torch.cuda.memoryAllocated();
    timings.eagerStepMs = time(300, () => {
      opt.zeroGrad();
      const loss = lossFn.forward(m.forward(x), y);
      loss.backward();
      opt.step();
      sum.add_(loss);
    });
    timings.stepRatio = timings.graphedStepMs / timings.eagerStepMs;
    console.log(
      `LeNet-5 BN step, batch 64: graphed ${timings.graphedStepMs.toFixed(3)} ms, eager ${timings.eagerStepMs.toFixed(3)} ms`,
    );
    if (after !== before) throw new Error(`memory allocated moved from ${before} to ${after} over 300 replays`);
    if (!Number.isFinite(sum.item() as number)) throw new Error("loss not finite");
    step.dispose();
    m.dispose();
  });
  check("BatchNorm with momentum=None in a graphed step raises the capture error, and the next capture works", () => {
    const m = new nn.Sequential(new nn.Linear(4, 4), new nn.BatchNorm1d(4, { momentum: null })).to(dev);
    const step = torch.cuda.makeGraphedTrainStep(m, new nn.MSELoss(), new optim.Adam(m.parameters()));
    let msg = "";
    try {
      step(torch.randn([8, 4]).to(dev), torch.randn([8, 4]).to(dev));
    } catch (e) {
      msg = (e as Error).message;
    }
    if (!msg.includes("momentum=None")) throw new Error(`expected the momentum=None error, got: ${msg || "no error"}`);
    if (torch.cuda.isCurrentStreamCapturing()) throw new Error("still capturing");
    const g = new torch.cuda.CUDAGraph();
    const x = torch.ones([10]).to(dev);
    const y = torch.cuda.graph(g, () => x.add(1));
    g.replay();
    if (!y.equal(torch.full([10], 2).to(dev, { dtype: "float32" })))
      throw new Error("capture after the failed one gave a wrong result");
    g.dispose();
  });
  check("graph(): an Error thrown inside, and a host sync (item) inside, both surface as Errors", () => {
    const x = torch.ones([10]).to(dev);
    const g = new torch.cuda.CUDAGraph();
    let msg = "";
    try {
      torch.cuda.graph(g, () => {
        throw new Error("boom");
      });
    } catch (e) {
      msg = (e as Error).message;
    }
    if (msg !== "boom") throw new Error(`expected boom, got ${msg}`);
    msg = "";
    try {
      torch.cuda.graph(g, () => x.sum().item());
    } catch (e) {
      msg = (e as Error).message;
    }
    if (!msg) throw new Error("item() inside a capture did not raise");
    console.log(`item() inside a capture: ${msg}`);
    if (torch.cuda.isCurrentStreamCapturing()) throw new Error("still capturing");
    const g2 = new torch.cuda.CUDAGraph();
    const y = torch.cuda.graph(g2, () => x.mul(3));
    g2.replay();
    if (!y.equal(torch.full([10], 3).to(dev, { dtype: "float32" })))
      throw new Error("capture after the failed ones gave a wrong result");
    g.dispose();
    g2.dispose();
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

// A custom Function, a hook and checkpointing in a backward on `dev` (test/programs/autograd_callbacks.ts):
// on CUDA the engine's device threads hand the JS callbacks to the JS thread, and checkpoint's nested
// backward goes back to the device thread that called it. Run in child processes with a time limit, so
// a deadlock there is a failed check rather than a hung GPU run; the gradients must equal the CPU's.
function callbacksInBackward(dev: torch.Device): void {
  const program = path.join(DIST, "test", "programs", "autograd_callbacks.js");
  const run = (d: torch.Device) => {
    const r = spawnSync(process.execPath, [program, "--device", d], { encoding: "utf8", timeout: 120_000 });
    if (r.error || r.status !== 0)
      throw new Error(
        `autograd_callbacks on ${d}: ${r.error ? `${r.error.message} (deadlock?)` : r.stderr.slice(-300)}`,
      );
    return JSON.parse(r.stdout.trim().split("\n").pop()!) as {
      grads: number[][];
      error: string;
      gradError: string;
      handedBack: number;
    };
  };
  const want = run("cpu");
  const got = run(dev);
  if (got.error !== want.error || got.gradError !== want.gradError)
    throw new Error(`errors differ from the CPU's: ${JSON.stringify([got.error, got.gradError])}`);
  got.grads.forEach((g, i) => {
    if (!torch.tensor(g).allclose(torch.tensor(want.grads[i]!), 1e-4, 1e-5))
      throw new Error(`gradient ${i} differs from the CPU's`);
  });
  if (dev !== "cpu" && got.handedBack < 1)
    throw new Error("checkpoint's nested backward did not run on the device thread");
}

type Run = (name: string, fn: () => Promise<unknown>) => Promise<void>;
const outcome = (f: () => unknown): string => {
  try {
    f();
    return "";
  } catch (e) {
    return (e as Error).message.split("\n")[0] as string;
  }
};

// The seventh session's additions on `dev` against PyTorch on the same device: distributions' draws,
// deterministic-algorithm errors (CUDA has nondeterministic kernels, the CPU none), float32 matmul precision
// (TF32 on CUDA for "high"), inference mode, and a deep copy of a model on the device.
async function settingsOnDevice(py: PyTorch, dev: torch.Device, run: Run): Promise<void> {
  const D = JSON.stringify(dev);
  await run(`${dev} distributions: Normal/Categorical draws and log-probs under the same seed`, async () => {
    torch.manualSeed(3);
    const n = new torch.distributions.Normal(torch.zeros([4], { device: dev }), torch.ones([4], { device: dev }));
    const a = n.sample([2]);
    const c = new torch.distributions.Categorical({ logits: torch.randn([3, 5]).to(dev) });
    const b = c.sample([4]);
    const lp = c.logProb(b);
    const ref = (await py.eval(`torch.manual_seed(3)
n = torch.distributions.Normal(torch.zeros(4, device=${D}), torch.ones(4, device=${D}))
a = n.sample((2,))
c = torch.distributions.Categorical(logits=torch.randn(3, 5).to(${D}))
b = c.sample((4,))
out = [a.cpu(), b.cpu(), c.log_prob(b).cpu()]`)) as torch.Tensor[];
    [a, b, lp].forEach((t, i) => {
      if (!t.cpu().allclose(ref[i] as torch.Tensor, 1e-6, 1e-6)) throw new Error(`distributions result ${i} differs`);
    });
  });
  await run(`${dev} useDeterministicAlgorithms: bincount/index_add_ outcomes as PyTorch's`, async () => {
    const x = torch.tensor([1, 2, 2], { device: dev });
    torch.useDeterministicAlgorithms(true);
    const mine = [
      outcome(() => torch.bincount(x)),
      outcome(() => torch.zeros([3], { device: dev }).indexAdd_(0, x, torch.ones([3], { device: dev }))),
    ];
    torch.useDeterministicAlgorithms(false);
    const ref = await py.eval(`x = torch.tensor([1, 2, 2], device=${D})
torch.use_deterministic_algorithms(True)
res = []
for f in [lambda: torch.bincount(x), lambda: torch.zeros(3, device=${D}).index_add_(0, x, torch.ones(3, device=${D}))]:
  try:
    f(); res.append("")
  except RuntimeError as e:
    res.append(str(e).split("\\n")[0])
torch.use_deterministic_algorithms(False)
out = res`);
    if (JSON.stringify(mine) !== JSON.stringify(ref))
      throw new Error(`torchts ${JSON.stringify(mine)}, PyTorch ${JSON.stringify(ref)}`);
  });
  await run(`${dev} setFloat32MatmulPrecision("high"): the same product as PyTorch's`, async () => {
    torch.manualSeed(4);
    const a = torch.randn([256, 256]).to(dev);
    const b = torch.randn([256, 256]).to(dev);
    torch.setFloat32MatmulPrecision("high");
    const high = a.matmul(b).cpu();
    torch.setFloat32MatmulPrecision("highest");
    const highest = a.matmul(b).cpu();
    const ref = (await py.eval(
      `torch.set_float32_matmul_precision("high")
h = (a.to(${D}) @ b.to(${D})).cpu()
torch.set_float32_matmul_precision("highest")
out = [h, (a.to(${D}) @ b.to(${D})).cpu()]`,
      { a: a.cpu(), b: b.cpu() },
    )) as torch.Tensor[];
    if (!high.allclose(ref[0] as torch.Tensor, 1e-5, 1e-5) || !highest.allclose(ref[1] as torch.Tensor, 1e-5, 1e-5))
      throw new Error("matmul under the precision settings differs from PyTorch's");
    console.log(`float32 matmul: max |high - highest| = ${high.sub(highest).abs().max().item()} on ${dev}`);
  });
  await run(`${dev} inferenceMode forward and deepcopy of a model on the device`, async () => {
    torch.manualSeed(5);
    const m = new LeNet5(true).to(dev);
    m.eval();
    const x = torch.randn([2, 3, 32, 32]).to(dev);
    const y = torch.inferenceMode(() => m.forward(x));
    if (!y.isInference() || y.requiresGrad) throw new Error("inferenceMode output is not an inference tensor");
    const c = torch.deepcopy(m);
    if (c.parameters().some((p) => p.device !== m.parameters()[0]?.device))
      throw new Error("deepcopy moved a parameter");
    if (!c.forward(x).equal(m.forward(x))) throw new Error("deepcopy's output differs");
  });
  // Forward-mode AD and vmap (tenth session): a jvp through conv + batch norm + tanh, and a vmapped
  // per-example matmul with its batched gradient, against PyTorch's on the same device.
  await run(`${dev} forward-mode AD and vmap: a conv/BN jvp and a vmapped matmul with batched grads`, async () => {
    const F = torch.nn.functional;
    const fw = torch.autograd.forwardAd;
    torch.manualSeed(7);
    const [x, v, w, b] = [
      torch.randn([4, 3, 8, 8]),
      torch.randn([4, 3, 8, 8]),
      torch.randn([5, 3, 3, 3]),
      torch.randn([5]),
    ];
    const [a, m] = [torch.randn([6, 4, 5]), torch.randn([5, 3])];
    const [xd, vd, wd, bd, ad, md] = [x, v, w, b, a, m].map((t) => t.to(dev));
    const tangent = fw.dualLevel(() => {
      const y = F.batchNorm(F.conv2d(fw.makeDual(xd, vd), wd, bd), null, null, { training: true }).tanh();
      return fw.unpackDual(y).tangent!.cpu();
    });
    const mw = md.clone().requiresGrad_(true);
    const mapped = torch.vmap((r: torch.Tensor) => r.matmul(mw).relu())(ad);
    const [g] = torch.autograd.grad([mapped], [mw], { gradOutputs: [torch.onesLike(mapped)] });
    const ref = (await py.eval(
      `import torch.autograd.forward_ad as fw
import torch.nn.functional as F
from torch._vmap_internals import _vmap
d = ${D}
with fw.dual_level():
    y = F.batch_norm(F.conv2d(fw.make_dual(x.to(d), v.to(d)), w.to(d), b.to(d)), None, None, training=True).tanh()
    t = fw.unpack_dual(y).tangent.cpu()
mw = m.to(d).clone().requires_grad_(True)
out_ = _vmap(lambda r: (r @ mw).relu())(a.to(d))
g, = torch.autograd.grad([out_], [mw], [torch.ones_like(out_)])
out = [t, out_.detach().cpu(), g.cpu()]`,
      { x, v, w, b, a, m },
    )) as torch.Tensor[];
    const mine = [tangent, mapped.detach().cpu(), g!.cpu()];
    mine.forEach((t, i) => {
      if (!t.allclose(ref[i] as torch.Tensor, 1e-4, 1e-5)) throw new Error(`result ${i} differs from PyTorch's`);
    });
  });
  // The eleventh session's autograd graph API on the device: a grad_fn hook and saved-tensor hooks run
  // in JS while CUDA nodes run on the engine's device threads (served like the other callbacks);
  // save_on_cpu with pinned memory, and checkpoint(use_reentrant=False) with dropout, against PyTorch's.
  await run(`${dev} grad_fn hooks, save_on_cpu(pinMemory) and non-reentrant checkpoint`, async () => {
    const F = torch.nn.functional;
    torch.manualSeed(8);
    const [x0, w0] = [torch.randn([16, 32]), torch.randn([32, 8])];
    const x = x0.to(dev).requiresGrad_(true);
    const w = w0.to(dev).requiresGrad_(true);
    const h = x.matmul(w);
    h.gradFn!.registerHook((gin) => [gin[0] === null ? null : gin[0].mul(2), gin[1] ?? null]);
    const y = torch.autograd.graph.saveOnCpu({ pinMemory: true }, () => h.tanh().pow(2).sum());
    y.backward();
    torch.manualSeed(9);
    const c = torch.utils.checkpoint.checkpoint((t: torch.Tensor) => F.dropout(t.sin(), 0.3, true), w, {
      useReentrant: false,
    }) as torch.Tensor;
    c.sum().backward();
    const ref = (await py.eval(
      `import torch.utils.checkpoint as cp
import torch.nn.functional as F
d = ${D}
x = x0.to(d).requires_grad_(); w = w0.to(d).requires_grad_()
h = x @ w
h.grad_fn.register_hook(lambda gin, gout: (None if gin[0] is None else gin[0] * 2, gin[1]))
with torch.autograd.graph.save_on_cpu(pin_memory=True):
    y = h.tanh().pow(2).sum()
y.backward()
torch.manual_seed(9)
c = cp.checkpoint(lambda t: F.dropout(t.sin(), 0.3, True), w, use_reentrant=False)
c.sum().backward()
out = [x.grad.cpu(), w.grad.cpu(), c.detach().cpu()]`,
      { x0, w0 },
    )) as torch.Tensor[];
    const mine = [x.grad!.cpu(), w.grad!.cpu(), c.detach().cpu()];
    mine.forEach((t, i) => {
      if (!t.allclose(ref[i] as torch.Tensor, 1e-4, 1e-5)) throw new Error(`result ${i} differs from PyTorch's`);
    });
  });
  // The twelfth session: torch._foreach_* take CUDA's multi_tensor_apply kernels (the CPU takes the per-tensor
  // path), and a custom Function's saved tensors are SavedVariables unpacked on the engine's device thread's
  // callback (double backward through a saved output, the version error), against PyTorch's.
  await run(`${dev} _foreach_* (multi-tensor kernels) and custom Function saved variables`, async () => {
    torch.manualSeed(12);
    const a0 = [torch.randn([5, 5]), torch.randn([3]), torch.randn([7, 2])];
    const b0 = a0.map((t) => torch.randn(t.shape));
    const a = a0.map((t) => t.to(dev));
    const b = b0.map((t) => t.to(dev));
    const mine: torch.Tensor[] = [
      ...torch._foreachAdd(a, b, { alpha: 2 }),
      ...torch._foreachMul(a, 1.5),
      ...torch._foreachAddcdiv(
        a,
        a,
        b.map((t) => t.abs().add(1)),
        [1, 2, 3],
      ),
      ...torch._foreachNorm(a),
      ...torch._foreachSqrt(a.map((t) => t.abs())),
    ];
    const c = a.map((t) => t.clone());
    torch._foreachAdd_(c, b, { alpha: -1 });
    torch._foreachMaximum_(c, b);
    mine.push(...c);
    class Exp extends torch.autograd.Function {
      static forward(ctx: torch.autograd.FunctionCtx, x: torch.Tensor) {
        const y = x.exp();
        ctx.saveForBackward(y);
        return y;
      }
      static backward(ctx: torch.autograd.FunctionCtx, g: torch.Tensor) {
        return g.mul(ctx.savedTensors[0] as torch.Tensor);
      }
    }
    const x = a0[0]!.to(dev).requiresGrad_(true);
    const [g1] = torch.autograd.grad([Exp.apply(x).sum()], [x], { createGraph: true }) as torch.Tensor[];
    const [g2] = torch.autograd.grad([g1!.sum()], [x]) as torch.Tensor[];
    mine.push(g1!.detach(), g2!);
    const ref = (await py.eval(
      `d = ${D}
a = [t.to(d) for t in a0]; b = [t.to(d) for t in b0]
r = [*torch._foreach_add(a, b, alpha=2), *torch._foreach_mul(a, 1.5),
     *torch._foreach_addcdiv(a, a, [t.abs() + 1 for t in b], [1, 2, 3]), *torch._foreach_norm(a),
     *torch._foreach_sqrt([t.abs() for t in a])]
c = [t.clone() for t in a]
torch._foreach_add_(c, b, alpha=-1)
torch._foreach_maximum_(c, b)
r += c
class Exp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        y = x.exp(); ctx.save_for_backward(y); return y
    @staticmethod
    def backward(ctx, g):
        return g * ctx.saved_tensors[0]
x = a0[0].to(d).requires_grad_()
g1, = torch.autograd.grad(Exp.apply(x).sum(), x, create_graph=True)
g2, = torch.autograd.grad(g1.sum(), x)
r += [g1.detach(), g2]
out = [t.cpu() for t in r]`,
      { a0, b0 },
    )) as torch.Tensor[];
    if (mine.length !== ref.length) throw new Error(`${mine.length} results, PyTorch ${ref.length}`);
    mine.forEach((t, i) => {
      if (!t.cpu().allclose(ref[i] as torch.Tensor, 1e-5, 1e-6)) throw new Error(`result ${i} differs from PyTorch's`);
    });
  });
  // The thirteenth session: torch.profiler. On CUDA libtorch's collector measures each op's kernels (Kineto's
  // CUPTI where this libtorch has it, CUDA events otherwise); the Kineto probe must agree with PyTorch's.
  await run(
    `${dev} torch.profiler: CPU and CUDA activities, kernel time per op, Kineto as PyTorch sees it`,
    async () => {
      const onCuda = String(dev).startsWith("cuda");
      const { ProfilerActivity } = torch.profiler;
      const activities = onCuda ? [ProfilerActivity.CPU, ProfilerActivity.CUDA] : [ProfilerActivity.CPU];
      const a = torch.randn([256, 256]).to(dev).requiresGrad_(true);
      const b = torch.randn([256, 256]).to(dev);
      const prof = torch.profiler.profile({ activities, recordShapes: true }, () => {
        a.mm(b).relu().sum().backward();
        if (onCuda) torch.cuda.synchronize();
      });
      const rows = prof.keyAverages();
      const mm = rows.find((e) => e.key === "aten::mm");
      if (mm === undefined || mm.count !== 2)
        throw new Error(`aten::mm ran ${mm?.count ?? 0} times in the profile, not 2`);
      if (onCuda && !(mm.cudaTimeTotal > 0)) throw new Error("aten::mm has no CUDA time");
      if (onCuda !== prof.keyAverages().table().includes("Self CUDA")) throw new Error("the CUDA columns are wrong");
      const kineto = (await py.eval("out = torch.autograd.kineto_available()", {})) as boolean;
      if (torch.autograd.profiler.kinetoAvailable() !== kineto)
        throw new Error(`Kineto: torchts says ${torch.autograd.profiler.kinetoAvailable()}, PyTorch ${kineto}`);
    },
  );
  // The eighth session's augmentations: integer kernels (equalize counts with histc on CUDA, as torchvision)
  // must give the CPU's pixels exactly; the grid transforms and AugMix run and stay on the device.
  await run(
    `${dev} augmentations: equalize/posterize/solarize/autocontrast/invert equal the CPU's; AugMix runs`,
    async () => {
      const T = torch.data.transforms;
      torch.manualSeed(6);
      const img = torch.randint(0, 256, [4, 3, 24, 20], { dtype: "uint8" });
      const onDev = img.to(dev);
      const kernels: Array<[string, (x: torch.Tensor) => torch.Tensor]> = [
        ["equalize", (x) => T.equalize(x)],
        ["posterize", (x) => T.posterize(x, 3)],
        ["solarize", (x) => T.solarize(x, 100)],
        ["autocontrast", (x) => T.autocontrast(x)],
        ["invert", (x) => T.invert(x)],
      ];
      for (const [name, f] of kernels)
        if (!f(onDev).cpu().equal(f(img))) throw new Error(`${name} on ${dev} differs from the CPU's`);
      const mixed = new T.AugMix().apply(onDev);
      const affine = T.affine(onDev, 30, [2, 1], 0.9, [5, 0], "bilinear");
      if (String(mixed.device) !== String(onDev.device) || String(affine.device) !== String(onDev.device))
        throw new Error("an augmentation left the device");
    },
  );
}
