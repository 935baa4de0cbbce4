// torch.distributed on c10d/Gloo: two torchts ranks, and a torchts rank with a PyTorch rank in one
// job. Loopback only (GLOO_SOCKET_IFNAME=lo), every process bounded in time and killed at the end.
import { type ChildProcess, spawn } from "node:child_process";
import * as net from "node:net";
import * as path from "node:path";
import { afterAll, expect, it } from "vitest";
import { DIST } from "./helpers/paths";

const LIB = path.join(DIST, "lib");
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill("SIGKILL");
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

function run(
  cmd: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const c = spawn(cmd, args, { env: { ...process.env, GLOO_SOCKET_IFNAME: "lo", ...env } });
    children.push(c);
    let out = "";
    let err = "";
    c.stdout.on("data", (d) => (out += d));
    c.stderr.on("data", (d) => (err += d));
    const timer = setTimeout(() => c.kill("SIGKILL"), 120_000);
    c.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

const TS_RANK = `
const torch = require(${JSON.stringify(LIB)});
const dist = torch.distributed;
dist.initProcessGroup({ backend: "gloo", timeout: 60000 });
const r = dist.getRank();
const t = torch.tensor([r + 1, 10 * (r + 1)], { dtype: "float32" });
dist.allReduce(t, "SUM");
const m = torch.tensor([r + 1], { dtype: "float32" });
dist.allReduce(m, "MAX");
const b = torch.tensor([r * 7 + 1], { dtype: "float32" });
dist.broadcast(b, 1);
dist.barrier();
console.log(JSON.stringify({ rank: r, size: dist.getWorldSize(), sum: t.tolist(), max: m.tolist(), bcast: b.tolist() }));
dist.destroyProcessGroup();
`;

it("two torchts ranks: allReduce (SUM, MAX), broadcast, barrier over env://", async () => {
  const port = String(await freePort());
  const env = (rank: number) => ({ MASTER_ADDR: "127.0.0.1", MASTER_PORT: port, RANK: String(rank), WORLD_SIZE: "2" });
  const rs = await Promise.all([0, 1].map((r) => run(process.execPath, ["-e", TS_RANK], env(r))));
  for (const r of rs) expect(r.code, r.err).toBe(0);
  const outs = rs.map((r) => JSON.parse(r.out.trim().split("\n").pop()!));
  for (const [k, o] of outs.entries()) {
    expect(o).toEqual({ rank: k, size: 2, sum: [3, 30], max: [2], bcast: [8] });
  }
}, 180_000);

const PY_RANK = (port: string) => `
import json, torch, torch.distributed as dist
dist.init_process_group("gloo", init_method="tcp://127.0.0.1:${port}", rank=1, world_size=2)
t = torch.tensor([2.0, 20.0]); dist.all_reduce(t)
m = torch.tensor([2.0]); dist.all_reduce(m, op=dist.ReduceOp.MAX)
b = torch.tensor([8.0]); dist.broadcast(b, 1)
dist.barrier()
print(json.dumps({"rank": 1, "size": dist.get_world_size(), "sum": t.tolist(), "max": m.tolist(), "bcast": b.tolist()}))
dist.destroy_process_group()
`;

it("a torchts rank and a PyTorch rank in one process group", async () => {
  const port = String(await freePort());
  const tsEnv = { MASTER_ADDR: "127.0.0.1", MASTER_PORT: port, RANK: "0", WORLD_SIZE: "2" };
  const python = process.env.TORCHTS_PYTHON || "/usr/bin/python3";
  const [ts, py] = await Promise.all([
    run(process.execPath, ["-e", TS_RANK], tsEnv),
    run(python, ["-c", PY_RANK(port)], {}),
  ]);
  expect(ts.code, ts.err).toBe(0);
  expect(py.code, py.err).toBe(0);
  const a = JSON.parse(ts.out.trim().split("\n").pop()!);
  const b = JSON.parse(py.out.trim().split("\n").pop()!);
  expect(a).toEqual({ rank: 0, size: 2, sum: [3, 30], max: [2], bcast: [8] });
  expect(b).toEqual({ rank: 1, size: 2, sum: [3, 30], max: [2], bcast: [8] });
}, 180_000);

it("env:// without its variables says which one is missing", async () => {
  const r = await run(process.execPath, ["-e", `require(${JSON.stringify(LIB)}).distributed.initProcessGroup()`], {
    MASTER_ADDR: "",
    MASTER_PORT: "",
    RANK: "",
    WORLD_SIZE: "",
  });
  expect(r.code).not.toBe(0);
  expect(r.err).toContain("environment variable MASTER_ADDR expected, but not set");
});
