// Child processes for multi-process tests: loopback only, each bounded in time, all killed at the end.
import { type ChildProcess, spawn } from "node:child_process";
import * as net from "node:net";

const children = new Set<ChildProcess>();

/** Kills every child still running (call from afterAll). */
export function killAll(): void {
  for (const c of children) c.kill("SIGKILL");
  children.clear();
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
  /** The last stdout line parsed as JSON (what the test programs print). */
  json<T = Record<string, unknown>>(): T;
}

/** Runs a command with GLOO_SOCKET_IFNAME=lo; killed after `timeoutMs`. */
export function run(
  cmd: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs = 120_000,
  onSpawn?: (c: ChildProcess) => void,
): Promise<Finished> {
  return new Promise((resolve) => {
    const c = spawn(cmd, args, { env: { ...process.env, GLOO_SOCKET_IFNAME: "lo", ...env } });
    children.add(c);
    onSpawn?.(c);
    let out = "";
    let err = "";
    c.stdout.on("data", (d) => (out += d));
    c.stderr.on("data", (d) => (err += d));
    const timer = setTimeout(() => c.kill("SIGKILL"), timeoutMs);
    c.on("exit", (code, signal) => {
      clearTimeout(timer);
      children.delete(c);
      resolve({ code, signal, out, err, json: () => JSON.parse(out.trim().split("\n").pop() ?? "null") });
    });
  });
}

/** torchrun's variables for rank `rank` of `world` on 127.0.0.1:`port`. */
export function rankEnv(port: number, rank: number, world: number): Record<string, string> {
  return {
    MASTER_ADDR: "127.0.0.1",
    MASTER_PORT: String(port),
    RANK: String(rank),
    WORLD_SIZE: String(world),
    LOCAL_RANK: String(rank),
  };
}
