// bench/ddp: LeNet-5 data-parallel on this machine's cores, torchts against PyTorch in the same run.
// One process x 1 thread on the global batch 64 vs two DDP processes x 1 thread with 32 each
// (scaling), and torchts DDP vs PyTorch DDP (2 ranks, Gloo, loopback). Fixed random data, SGD. The
// ceiling of the scaling: two independent processes x 1 thread with 32 each and no communication at all.
//   npm run bench:ddp [-- --steps 150 --rounds 3]
import { spawn } from "node:child_process";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { DIST, repoPath } from "../test/helpers/paths";

const { values } = parseArgs({
  options: { steps: { type: "string", default: "150" }, rounds: { type: "string", default: "3" } },
});
const PY = process.env.TORCHTS_PYTHON || "/usr/bin/python3";
const TS_PROG = path.join(DIST, "test", "programs", "dist_ddp.js");
const PY_PROG = repoPath("test", "python", "dist_ddp.py");
const common = ["--model", "plain", "--steps", values.steps, "--lr", "0.01", "--threads", "1"];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

function proc(cmd: string, args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const c = spawn(cmd, args, { env: { ...process.env, GLOO_SOCKET_IFNAME: "lo", OMP_NUM_THREADS: "1", ...env } });
    let out = "";
    c.stdout.on("data", (d) => (out += d));
    c.stderr.on("data", () => {});
    c.on("exit", (code) => {
      if (code !== 0) reject(new Error(`${cmd} ${args.join(" ")} exited ${code}`));
      else resolve(JSON.parse(out.trim().split("\n").pop()!).seconds as number);
    });
  });
}

async function ranks(cmd: string, args: string[], n: number): Promise<number> {
  const port = String(await freePort());
  const env = (r: number) => ({ MASTER_ADDR: "127.0.0.1", MASTER_PORT: port, RANK: String(r), WORLD_SIZE: String(n) });
  const times = await Promise.all(Array.from({ length: n }, (_, r) => proc(cmd, args, env(r))));
  return Math.max(...times);
}

async function main(): Promise<void> {
  const rows: Record<string, number[]> = {
    "torchts 1 proc": [],
    "torchts DDP 2 procs": [],
    "PyTorch 1 proc": [],
    "PyTorch DDP 2 procs": [],
    "torchts 2 procs, no comm": [],
    "PyTorch 2 procs, no comm": [],
  };
  const apart = async (cmd: string, args: string[]) =>
    Math.max(...(await Promise.all([0, 1].map(() => proc(cmd, [...args, "--single", "--half"], {})))));
  for (let r = 0; r < Number(values.rounds); r++) {
    rows["torchts 1 proc"]!.push(await proc(process.execPath, [TS_PROG, ...common, "--single"], {}));
    rows["torchts DDP 2 procs"]!.push(await ranks(process.execPath, [TS_PROG, ...common], 2));
    rows["PyTorch 1 proc"]!.push(await proc(PY, [PY_PROG, ...common, "--single"], {}));
    rows["PyTorch DDP 2 procs"]!.push(await ranks(PY, [PY_PROG, ...common], 2));
    rows["torchts 2 procs, no comm"]!.push(await apart(process.execPath, [TS_PROG, ...common]));
    rows["PyTorch 2 procs, no comm"]!.push(await apart(PY, [PY_PROG, ...common]));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const m = Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, median(v)]));
  console.log(`${os.cpus().length} cores (${os.cpus()[0]?.model}), ${values.steps} steps of global batch 64`);
  for (const [k, v] of Object.entries(rows)) console.log(`${k.padEnd(26)} ${v.map((x) => x.toFixed(2)).join(" ")} s`);
  const speedUp = (who: string) => (m[`${who} 1 proc`]! / m[`${who} DDP 2 procs`]!).toFixed(2);
  console.log(`speed-up of 2 DDP processes over 1: torchts ${speedUp("torchts")}x, PyTorch ${speedUp("PyTorch")}x`);
  console.log(`torchts DDP / PyTorch DDP: ${(m["torchts DDP 2 procs"]! / m["PyTorch DDP 2 procs"]!).toFixed(2)}x`);
  const ceiling = (who: string) => (m[`${who} 1 proc`]! / m[`${who} 2 procs, no comm`]!).toFixed(2);
  console.log(
    `ceiling (2 processes, no communication): torchts ${ceiling("torchts")}x, PyTorch ${ceiling("PyTorch")}x`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
