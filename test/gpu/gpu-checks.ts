// The GPU checks, run by scripts/gpu-check.sh on a CUDA machine: every nn and optim parity case on
// CUDA against PyTorch on CUDA (TF32 off, <= 1e-5 relative), plus the CUDA API. Writes a JSON summary.
import * as fs from "fs";
import * as torch from "../../lib";
import { PyTorch } from "../helpers/pytorch";
import { BN_CASES, bnCase } from "../parity/batchnorm";
import { CONV_CASES, LOSS_CASES, convCase, linearCase, simpleLayersCase, crossEntropyCase, lenetCase } from "../parity/layers";
import { ADAM_CASES, ADAMW_CASES, SGD_CASES, optimCase } from "../parity/optim";

const TOL = { rtol: 1e-5, atol: 1e-5 };

async function main(): Promise<void> {
  const out = process.argv[2] ?? "gpu-parity.json";
  const results: Array<{ name: string; ok: boolean; error?: string }> = [];
  const check = (name: string, fn: () => void) => {
    try { torch.tidy(fn); results.push({ name, ok: true }); }
    catch (e) { results.push({ name, ok: false, error: String((e as Error).message).slice(0, 400) }); }
  };
  const info = {
    cudaAvailable: torch.cuda.isAvailable(), deviceCount: torch.cuda.deviceCount(), cudnn: torch.backends.cudnn.isAvailable(),
    libtorch: torch.version.libtorch,
  };
  console.log(JSON.stringify(info));
  // TORCHTS_CHECK_DEVICE=cpu runs the same checks here, as a dry run of the script.
  const dev = process.env.TORCHTS_CHECK_DEVICE ?? "cuda";
  if (dev === "cuda" && !info.cudaAvailable) throw new Error("CUDA is not available to torchts");
  torch.backends.cudnn.allowTF32 = false;
  const py = new PyTorch();

  const run = async (name: string, fn: () => Promise<unknown>) => {
    try { await fn(); results.push({ name, ok: true }); }
    catch (e) { results.push({ name, ok: false, error: String((e as Error).message).slice(0, 400) }); }
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
  await run(`${dev} Adam save/load mid-run`, () => optimCase(py, "Adam", { lr: 0.01, amsgrad: true }, { saveAt: 20 }, dev, TOL));
  if (dev === "cuda") check("cuda API: copies, pinned memory, allocator stats, cudnn flags", () => {
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
  });
  py.close();
  const failed = results.filter((r) => !r.ok);
  const summary = { ...info, passed: results.length - failed.length, failed: failed.length, failures: failed, checks: results.length };
  fs.writeFileSync(out, JSON.stringify(summary, null, 2));
  console.log(`gpu parity: ${summary.passed} passed, ${summary.failed} failed`);
  for (const f of failed.slice(0, 20)) console.log(`  FAIL ${f.name}: ${f.error}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
