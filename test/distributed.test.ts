// torch.distributed on c10d/Gloo against PyTorch's own torch.distributed: every collective, stores,
// DistributedDataParallel and SyncBatchNorm, in torchts-only, PyTorch-only and mixed jobs, and the
// faults a job meets. Loopback only; every process is bounded in time and killed at the end.
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, expect, it } from "vitest";
import { DIST, repoPath } from "./helpers/paths";
import { type Finished, freePort, killAll, rankEnv, run } from "./helpers/procs";

afterAll(killAll);
const LIB = path.join(DIST, "lib");
const PY = process.env.TORCHTS_PYTHON || "/usr/bin/python3";
const node = (prog: string, ...args: string[]) => [
  process.execPath,
  path.join(DIST, "test", "programs", prog),
  ...args,
];
const python = (prog: string, ...args: string[]) => [PY, repoPath("test", "python", prog), ...args];

/** One job: commands[r] runs as rank r; every rank must exit 0. */
async function job(commands: string[][], timeoutMs = 120_000): Promise<Finished[]> {
  const port = await freePort();
  const rs = await Promise.all(
    commands.map(([cmd, ...args], r) => run(cmd!, args, rankEnv(port, r, commands.length), timeoutMs)),
  );
  for (const [r, f] of rs.entries()) expect(f.code, `rank ${r}: ${f.err}`).toBe(0);
  return rs;
}

it("every collective, on every dtype Gloo takes, gives PyTorch's results; mixed jobs too", async () => {
  const ref = (await job([python("dist_ops.py"), python("dist_ops.py")])).map((f) => f.json());
  const ts = (await job([node("dist_ops.js"), node("dist_ops.js")])).map((f) => f.json());
  expect(ts).toEqual(ref);
  // A torchts rank and a PyTorch rank in one process group, in both orders.
  const mixedA = (await job([node("dist_ops.js"), python("dist_ops.py")])).map((f) => f.json());
  const mixedB = (await job([python("dist_ops.py"), node("dist_ops.js")])).map((f) => f.json());
  expect(mixedA).toEqual(ref);
  expect(mixedB).toEqual(ref);
  expect(Object.keys(ref[0]!).length).toBeGreaterThan(50);
}, 300_000);

type State = { rank: number; state: Record<string, number[]> };
function maxDiff(a: State, b: State): number {
  expect(Object.keys(a.state)).toEqual(Object.keys(b.state));
  let m = 0;
  for (const k of Object.keys(a.state)) {
    const x = a.state[k]!;
    const y = b.state[k]!;
    expect(x.length, k).toBe(y.length);
    for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]! - y[i]!));
  }
  return m;
}

it("DistributedDataParallel: torchts ranks train LeNet-5 exactly as PyTorch's DDP; a mixed job too", async () => {
  const ref = (await job([python("dist_ddp.py", "--model", "plain"), python("dist_ddp.py", "--model", "plain")])).map(
    (f) => f.json<State>(),
  );
  const ts = (await job([node("dist_ddp.js", "--model", "plain"), node("dist_ddp.js", "--model", "plain")])).map((f) =>
    f.json<State>(),
  );
  for (const r of [0, 1]) expect(maxDiff(ts[r]!, ref[r]!)).toBe(0);
  // With BatchNorm (buffers broadcast every forward): rank 0 torchts, rank 1 PyTorch.
  const refBn = (await job([python("dist_ddp.py", "--model", "bn"), python("dist_ddp.py", "--model", "bn")])).map((f) =>
    f.json<State>(),
  );
  const mixed = (await job([node("dist_ddp.js", "--model", "bn"), python("dist_ddp.py", "--model", "bn")])).map((f) =>
    f.json<State>(),
  );
  for (const r of [0, 1]) expect(maxDiff(mixed[r]!, refBn[r]!)).toBe(0);
}, 300_000);

it("DDP noSync accumulates locally, the next backward averages everything; module and state-dict keys as PyTorch", async () => {
  const ref = (await job([python("dist_nosync.py"), python("dist_nosync.py")])).map((f) => f.json());
  const ts = (await job([node("dist_nosync.js"), node("dist_nosync.js")])).map((f) => f.json());
  const mixed = (await job([node("dist_nosync.js"), python("dist_nosync.py")])).map((f) => f.json());
  expect(ts).toEqual(ref);
  expect(mixed).toEqual(ref);
  expect(ref[0]!.local).not.toEqual(ref[1]!.local);
  expect(ref[0]!.keys).toEqual(["module.weight", "module.bias"]);
}, 300_000);

it("SyncBatchNorm: two ranks with half batches train as one process on the whole batch", async () => {
  // A small step size: with random labels larger ones amplify float summation-order differences
  // (~1e-7 after 8 steps at lr 0.01, 1e-2 by step 20) until the runs part; the math is not what differs.
  const args = ["--steps", "20", "--lr", "0.002"];
  const single = await run(process.execPath, node("dist_ddp.js", "--model", "bn", "--single", ...args).slice(1), {});
  expect(single.code, single.err).toBe(0);
  const sync = (
    await job([node("dist_ddp.js", "--model", "syncbn", ...args), node("dist_ddp.js", "--model", "syncbn", ...args)])
  ).map((f) => f.json<State>());
  for (const r of [0, 1]) expect(maxDiff(sync[r]!, single.json<State>())).toBeLessThan(1e-5);
}, 300_000);

const STORES = `
const torch = require(${JSON.stringify(LIB)});
const d = torch.distributed;
const fs = require("node:fs"), os = require("node:os"), path = require("node:path");
const out = {};
const master = new d.TCPStore("127.0.0.1", Number(process.env.MASTER_PORT), { isMaster: true, worldSize: 2, timeout: 30000 });
master.set("from_ts", "hello");
out.pyValue = master.get("from_py").toString();
out.counter = master.add("counter", 5);
const prefixed = new d.PrefixStore("pre", master);
prefixed.set("k", new Uint8Array([1, 2, 3]));
out.prefixedRaw = [...master.get("pre/k")];
out.check = [master.check(["from_ts", "nope"]), master.check(["from_ts"])];
master.wait(["py_read"]); // the client has read from_ts (a slow Python start must not find it deleted)
out.deleted = [master.deleteKey("from_ts"), master.deleteKey("from_ts")];
const t0 = Date.now();
try { master.wait(["never"], 300); out.waitTimeout = "no error"; } catch (e) { out.waitTimeout = e.constructor.name; }
out.waitedMs = Date.now() - t0 >= 250;
const h = new d.HashStore(); h.set("a", "1"); out.hash = [h.add("n", 2), h.add("n", 3), h.get("a").toString(), h.numKeys()];
const file = path.join(os.tmpdir(), "torchts-filestore-" + process.pid);
const f1 = new d.FileStore(file, 2), f2 = new d.FileStore(file, 2);
f1.set("x", "shared"); out.file = [f2.get("x").toString(), f2.add("c", 1), f1.add("c", 1)];
out.compareSet = [h.compareSet("a", "1", "2").toString(), h.get("a").toString()];
master.wait(["py_done"]);
console.log(JSON.stringify(out));
`;
const STORE_CLIENT = `
import os, torch.distributed as d, datetime
s = d.TCPStore("127.0.0.1", int(os.environ["MASTER_PORT"]), 2, False, datetime.timedelta(seconds=30))
s.set("from_py", "world")
v = s.get("from_ts").decode()
s.set("py_read", "1")
s.wait(["counter"]); n = s.add("counter", 1)
print(v, n, list(s.get("pre/k")))
s.set("py_done", "1")
`;

it("stores: a torchts TCPStore serves a PyTorch client; PrefixStore, HashStore, FileStore as PyTorch's", async () => {
  const port = await freePort();
  const [ts, py] = await Promise.all([
    run(process.execPath, ["-e", STORES], { MASTER_PORT: String(port) }),
    run(PY, ["-c", STORE_CLIENT], { MASTER_PORT: String(port) }),
  ]);
  expect(ts.code, ts.err).toBe(0);
  expect(py.code, py.err).toBe(0);
  expect(py.out.trim()).toMatch(/^hello (6|1) \[1, 2, 3\]$/);
  expect(ts.json()).toEqual({
    pyValue: "world",
    counter: 5,
    prefixedRaw: [1, 2, 3],
    check: [false, true],
    deleted: [true, false],
    waitTimeout: "Error",
    waitedMs: true,
    hash: [2, 5, "1", 2],
    file: ["shared", 1, 2],
    compareSet: ["2", "2"],
  });
}, 120_000);

it("env:// without its variables names the first missing one, as PyTorch", async () => {
  const env = { MASTER_ADDR: "", MASTER_PORT: "", RANK: "", WORLD_SIZE: "" };
  const ts = await run(process.execPath, ["-e", `require(${JSON.stringify(LIB)}).distributed.initProcessGroup()`], env);
  const py = await run(PY, ["-c", "import torch.distributed as d; d.init_process_group('gloo')"], env);
  const msg = /environment variable (\w+) expected, but not set/;
  expect(ts.code).not.toBe(0);
  expect(py.code).not.toBe(0);
  expect(ts.err.match(msg)?.[1]).toBeDefined();
  expect(ts.err.match(msg)?.[1]).toBe(py.err.match(msg)?.[1]);
});

const FAULTS = `
const torch = require(${JSON.stringify(LIB)});
const d = torch.distributed;
const mode = process.argv[process.argv.length - 1];
d.initProcessGroup({ backend: "gloo", timeout: 20000 });
const r = d.getRank();
if (mode === "die" && r === 0) { d.allReduce(torch.ones([1 << 16])); process.kill(process.pid, "SIGKILL"); }
const t0 = Date.now();
try {
  if (mode === "mismatch") d.allReduce(torch.ones([r === 0 ? 4 : 1 << 16]));
  for (let i = 0; i < 1000; i++) d.allReduce(torch.ones([1 << 16]));
  console.log(JSON.stringify({ rank: r, error: null }));
} catch (e) {
  console.log(JSON.stringify({ rank: r, error: e.message.split("\\n")[0], isError: e instanceof Error, ms: Date.now() - t0 }));
  process.exit(3);
}
`;

it("faults: a rank killed mid-job makes the other raise an Error, not hang or crash", async () => {
  const port = await freePort();
  const rs = await Promise.all(
    [0, 1].map((r) => run(process.execPath, ["-e", FAULTS, "die"], rankEnv(port, r, 2), 90_000)),
  );
  expect(rs[0]!.signal).toBe("SIGKILL");
  expect(rs[1]!.code, rs[1]!.err).toBe(3);
  const o = rs[1]!.json<{ error: string; isError: boolean; ms: number }>();
  expect(o.isError).toBe(true);
  expect(o.error.length).toBeGreaterThan(0);
  expect(o.ms).toBeLessThan(60_000);
}, 120_000);

it("faults: mismatched collectives under TORCH_DISTRIBUTED_DEBUG=DETAIL raise PyTorch's error on every rank", async () => {
  const port = await freePort();
  const rs = await Promise.all(
    [0, 1].map((r) =>
      run(process.execPath, ["-e", FAULTS, "mismatch"], { ...rankEnv(port, r, 2), TORCH_DISTRIBUTED_DEBUG: "DETAIL" }),
    ),
  );
  for (const [r, f] of rs.entries()) {
    expect(f.code, f.err).toBe(3);
    const o = f.json<{ error: string; isError: boolean }>();
    expect(o.isError).toBe(true);
    expect(o.error).toContain("Detected mismatch between collectives on ranks");
    expect(o.error).toContain(`Rank ${r} is running collective: CollectiveFingerPrint(OpType=ALLREDUCE`);
  }
}, 120_000);

// monitored_barrier with rank 1 away: rank 0 raises naming it (then the Gloo pair is closed, so both exit).
const MONITORED = `
const torch = require(${JSON.stringify(LIB)});
const d = torch.distributed;
d.initProcessGroup({ backend: "gloo", timeout: 20000 });
const r = d.getRank();
d.monitoredBarrier({ timeout: 5000, waitAllRanks: true });
if (r === 0) {
  try { d.monitoredBarrier({ timeout: 1000 }); console.log(JSON.stringify({ error: null })); }
  catch (e) { console.log(JSON.stringify({ error: e.message.split("\\n")[0], isError: e instanceof Error })); }
  process.exit(0);
}
setTimeout(() => process.exit(0), 3000);
`;
const MONITORED_PY = `
import json, sys, time
from datetime import timedelta
import torch.distributed as d
d.init_process_group("gloo", timeout=timedelta(seconds=20))
r = d.get_rank()
d.monitored_barrier(timeout=timedelta(seconds=5), wait_all_ranks=True)
if r == 0:
    try:
        d.monitored_barrier(timeout=timedelta(seconds=1)); print(json.dumps({"error": None}))
    except RuntimeError as e:
        print(json.dumps({"error": str(e).split("\\n")[0]}))
    sys.stdout.flush()
else:
    time.sleep(3)
`;

it("monitoredBarrier: passes when all arrive; a missing rank is named as PyTorch names it", async () => {
  const port = await freePort();
  const ts = await Promise.all(
    [0, 1].map((r) => run(process.execPath, ["-e", MONITORED], rankEnv(port, r, 2), 90_000)),
  );
  const port2 = await freePort();
  const py = await Promise.all([0, 1].map((r) => run(PY, ["-c", MONITORED_PY], rankEnv(port2, r, 2), 90_000)));
  expect(ts[0]!.code, ts[0]!.err).toBe(0);
  expect(py[0]!.code, py[0]!.err).toBe(0);
  const o = ts[0]!.json<{ error: string; isError: boolean }>();
  const p = py[0]!.json<{ error: string }>();
  expect(o.isError).toBe(true);
  expect(o.error).toBe("[Rank 0]: Rank 1 failed to pass monitoredBarrier in 1000 ms");
  expect(o.error).toBe(p.error);
}, 120_000);

const LIFECYCLE = `
const torch = require(${JSON.stringify(LIB)});
const d = torch.distributed;
const out = {};
const port = Number(process.env.MASTER_PORT);
const err = (f) => { try { f(); return "no error"; } catch (e) { return e.message.split("\\n")[0]; } };
out.badRank = err(() => d.initProcessGroup({ initMethod: "tcp://127.0.0.1:" + port, rank: 2, worldSize: 2 }));
out.notInit = err(() => d.getRank());
out.unknownScheme = err(() => d.initProcessGroup({ initMethod: "udp://x:1", rank: 0, worldSize: 1 }));
for (let k = 0; k < 2; k++) {
  d.initProcessGroup({ initMethod: "tcp://127.0.0.1:" + (port + k), rank: 0, worldSize: 1, timeout: 10000 });
  const t = torch.tensor([k + 1]); d.allReduce(t); out["round" + k] = [d.isInitialized(), t.tolist()];
  out.twice = err(() => d.initProcessGroup({ initMethod: "tcp://127.0.0.1:" + (port + 5), rank: 0, worldSize: 1 }));
  d.destroyProcessGroup();
}
out.afterDestroy = d.isInitialized();
// Backends: what is built in, names as PyTorch spells them, inherited by new groups.
out.available = [d.isGlooAvailable(), d.isNcclAvailable()];
const at = (k) => ({ initMethod: "tcp://127.0.0.1:" + (port + k), rank: 0, worldSize: 1, timeout: 10000 });
out.backendErrors = ["nccl", "mpi", "foo"].map((b) => err(() => d.initProcessGroup({ backend: b, ...at(11) })));
d.initProcessGroup({ backend: "GLOO", ...at(12) });
out.backendNames = [d.getBackend(), d.getBackend(d.newGroup([0]))];
d.destroyProcessGroup();
out.portInUse = err(() => new d.TCPStore("127.0.0.1", Number(process.env.BUSY_PORT), { isMaster: true, worldSize: 1, timeout: 5000 }));
const t0 = Date.now();
out.neverArrives = err(() => d.initProcessGroup({ initMethod: "tcp://127.0.0.1:" + (port + 9), rank: 0, worldSize: 2, timeout: 2000 }));
out.gaveUpInTime = Date.now() - t0 < 30000;
const f = "/tmp/torchts-filepg-" + process.pid;
d.initProcessGroup({ initMethod: "file://" + f, rank: 0, worldSize: 1 });
const ft = torch.tensor([5]); d.allReduce(ft); out.fileInit = ft.tolist();
d.destroyProcessGroup();
console.log(JSON.stringify(out));
`;

it("faults: bad rank, unknown scheme, init twice, port in use, a rank that never arrives; destroy then init works", async () => {
  // A block of ports (port .. port + 20) below Linux's ephemeral range (32768-60999), where no outgoing
  // connection of another process or test can be holding one (the mapped port used to land inside it).
  const port = ((await freePort()) % 20000) + 10000;
  // A port another process listens on.
  const busy = net.createServer();
  await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
  const busyPort = (busy.address() as net.AddressInfo).port;
  const r = await run(
    process.execPath,
    ["-e", LIFECYCLE],
    { MASTER_PORT: String(port), BUSY_PORT: String(busyPort) },
    90_000,
  );
  busy.close();
  expect(r.code, r.err).toBe(0);
  const o = r.json<Record<string, unknown>>();
  expect(o.badRank).toMatch(/rank/i);
  expect(o.notInit).toBe(
    "Default process group has not been initialized, please make sure to call init_process_group.",
  );
  expect(o.unknownScheme).toBe("No rendezvous handler for udp://");
  expect(o.round0).toEqual([true, [1]]);
  expect(o.round1).toEqual([true, [2]]);
  expect(o.twice).toBe("trying to initialize the default process group twice!");
  expect(o.afterDestroy).toBe(false);
  expect(o.portInUse).toMatch(/address already in use|EADDRINUSE|bind/i);
  expect(o.neverArrives).not.toBe("no error");
  expect(o.gaveUpInTime).toBe(true);
  expect(o.fileInit).toEqual([5]);
  // The same calls in PyTorch on the same libtorch.
  const py = await run(PY, ["-c", PY_BACKENDS], { MASTER_PORT: String(port + 20) }, 90_000);
  expect(py.code, py.err).toBe(0);
  const want = py.json<{ available: boolean[]; errors: string[]; names: string[] }>();
  expect(o.available).toEqual(want.available);
  expect(o.backendErrors).toEqual(want.errors);
  expect(o.backendNames).toEqual(want.names);
}, 120_000);

const PY_BACKENDS = `
import json, os, torch.distributed as d
port = int(os.environ["MASTER_PORT"])
def err(f):
    try:
        f(); return "no error"
    except Exception as e:
        return str(e).split("\\n")[0].split(". ")[0].rstrip(".")
at = dict(init_method="tcp://127.0.0.1:%d" % port, rank=0, world_size=1)
errors = [err(lambda: d.init_process_group(b, **at)) for b in ["nccl", "mpi", "foo"]]
d.init_process_group("GLOO", init_method="tcp://127.0.0.1:%d" % (port + 1), rank=0, world_size=1)
names = [d.get_backend(), d.get_backend(d.new_group([0]))]
print(json.dumps({"available": [d.is_gloo_available(), d.is_nccl_available()], "errors": errors, "names": names}))
`;

const LAUNCHED = `
const torch = require(${JSON.stringify(LIB)});
const d = torch.distributed;
d.initProcessGroup({ timeout: 30000 });
const t = torch.tensor([d.getRank() + 1]);
d.allReduce(t);
const e = process.env;
console.log(JSON.stringify({ rank: d.getRank(), world: d.getWorldSize(), local: e.LOCAL_RANK, lws: e.LOCAL_WORLD_SIZE, sum: t.tolist() }));
if (process.argv[2] === "fail" && d.getRank() === 1) process.exit(7);
if (process.argv[2] === "fail") setTimeout(() => {}, 600000);
else if (process.argv[2] === "lastfails") {
  // The last rank leaves; every other rank is in the next collective and must get an Error from it.
  if (d.getRank() === d.getWorldSize() - 1) process.exit(7);
  try { d.allReduce(t); } catch (err) { console.error("rank " + d.getRank() + ": " + err.message.split("\\n")[0]); process.exit(5); }
  process.exit(0);
} else d.destroyProcessGroup();
`;

it("torchts run: torchrun's environment for every rank; a failing rank stops the job and is named", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-run-"));
  const script = path.join(dir, "job.js");
  fs.writeFileSync(script, LAUNCHED);
  const cli = path.join(LIB, "cli.js");
  const launch = async (mode: string) =>
    run(
      process.execPath,
      [cli, "run", "--nproc-per-node", "3", "--master-port", String(await freePort()), script, mode],
      {},
    );
  const ok = await launch("ok");
  expect(ok.code, ok.err).toBe(0);
  const lines = ok.out
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l))
    .sort((a, b) => a.rank - b.rank);
  expect(lines).toEqual([0, 1, 2].map((r) => ({ rank: r, world: 3, local: String(r), lws: "3", sum: [6] })));
  const t0 = Date.now();
  const bad = await launch("fail");
  expect(bad.code).toBe(7);
  expect(bad.err).toContain("rank 1 (local rank 1) exited with code 7; stopping the other ranks");
  expect(Date.now() - t0).toBeLessThan(60_000);
  fs.rmSync(dir, { recursive: true, force: true });
}, 120_000);

it("torchts run across nodes: two launchers (--nnodes 2 --node-rank 0/1) make one job; a rank lost on one node ends the other", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-run-"));
  const script = path.join(dir, "job.js");
  fs.writeFileSync(script, LAUNCHED);
  const cli = path.join(LIB, "cli.js");
  const nodes = async (mode: string) => {
    const port = String(await freePort());
    const node = (r: number) =>
      run(
        process.execPath,
        [cli, "run", "--nnodes", "2", "--node-rank", String(r), "--nproc-per-node", "2"].concat([
          "--master-addr",
          "127.0.0.1",
          "--master-port",
          port,
          script,
          mode,
        ]),
        {},
      );
    return Promise.all([node(0), node(1)]);
  };
  const ok = await nodes("ok");
  for (const f of ok) expect(f.code, f.err).toBe(0);
  const byNode = ok.map((f) =>
    f.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l))
      .sort((a, b) => a.rank - b.rank),
  );
  // Node r holds global ranks 2r and 2r+1 with local ranks 0 and 1; all four are in one allReduce.
  expect(byNode).toEqual(
    [0, 1].map((n) => [0, 1].map((l) => ({ rank: 2 * n + l, world: 4, local: String(l), lws: "2", sum: [10] }))),
  );
  const t0 = Date.now();
  const [n0, n1] = await nodes("lastfails");
  // Node 1's launcher names whichever of its ranks it saw end first: rank 3 leaving (7), or rank 2
  // failing its collective because rank 3 left (5) — the two exits race.
  expect([5, 7]).toContain(n1.code);
  expect(n1.err).toMatch(
    /torchts run: rank (3 \(local rank 1\) exited with code 7|2 \(local rank 0\) exited with code 5); stopping the other ranks/,
  );
  expect(n0.code).not.toBe(0);
  expect(n0.err).toMatch(/torchts run: rank [01] \(local rank [01]\) exited with code 5/);
  expect(Date.now() - t0).toBeLessThan(90_000);
  fs.rmSync(dir, { recursive: true, force: true });
}, 240_000);
