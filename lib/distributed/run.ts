// `npx torchts run`: torchrun for torchts scripts. Starts --nproc-per-node processes with torchrun's
// environment (MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE, LOCAL_RANK, LOCAL_WORLD_SIZE, GROUP_RANK);
// when one fails or is killed the others are stopped and the failing rank is named; Ctrl-C stops all.
import { type ChildProcess, spawn } from "node:child_process";
import { parseArgs } from "node:util";

const USAGE =
  "usage: torchts run --nproc-per-node N [--nnodes M --node-rank R --master-addr A --master-port P] script.js [args...]";

function intFlag(v: string | undefined, name: string, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got ${v}`);
  return n;
}

/** Runs the job; resolves to the exit code torchrun would give (0, or the first failing rank's). */
export function launch(argv: string[], log: (s: string) => void = (s) => console.error(s)): Promise<number> {
  // The launcher's flags end at the script; everything after it belongs to the script.
  const VALUED = ["--nproc-per-node", "--nnodes", "--node-rank", "--master-addr", "--master-port"];
  let split = 0;
  while (split < argv.length && argv[split]!.startsWith("--")) {
    const a = argv[split]!;
    split += VALUED.includes(a) ? 2 : 1;
  }
  const { values } = parseArgs({
    args: argv.slice(0, split),
    strict: true,
    options: {
      "nproc-per-node": { type: "string" },
      nnodes: { type: "string" },
      "node-rank": { type: "string" },
      "master-addr": { type: "string" },
      "master-port": { type: "string" },
      help: { type: "boolean" },
    },
  });
  const positionals = argv.slice(split);
  if (values.help || positionals.length === 0) {
    log(USAGE);
    return Promise.resolve(values.help ? 0 : 2);
  }
  const nproc = intFlag(values["nproc-per-node"], "nproc-per-node", 1);
  const nnodes = intFlag(values.nnodes, "nnodes", 1);
  const nodeRank = intFlag(values["node-rank"], "node-rank", 0);
  if (nproc < 1 || nnodes < 1 || nodeRank >= nnodes) throw new Error(`bad job shape\n${USAGE}`);
  const [script, ...args] = positionals;
  const world = nproc * nnodes;
  const children: ChildProcess[] = [];
  return new Promise((resolve) => {
    let result: number | null = null;
    let left = nproc;
    const stopAll = (signal: NodeJS.Signals) => {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill(signal);
    };
    const onSigint = () => {
      log("torchts run: interrupted, stopping every rank");
      result ??= 130;
      stopAll("SIGINT");
    };
    process.on("SIGINT", onSigint);
    for (let local = 0; local < nproc; local++) {
      const rank = nodeRank * nproc + local;
      const env = {
        ...process.env,
        MASTER_ADDR: values["master-addr"] ?? process.env.MASTER_ADDR ?? "127.0.0.1",
        MASTER_PORT: values["master-port"] ?? process.env.MASTER_PORT ?? "29500",
        RANK: String(rank),
        WORLD_SIZE: String(world),
        LOCAL_RANK: String(local),
        LOCAL_WORLD_SIZE: String(nproc),
        GROUP_RANK: String(nodeRank),
      };
      const c = spawn(process.execPath, [...process.execArgv, script!, ...args], { env, stdio: "inherit" });
      children.push(c);
      c.on("exit", (code, signal) => {
        left--;
        const failed = signal !== null || (code !== null && code !== 0);
        if (failed && result === null) {
          result = code ?? 1;
          log(
            `torchts run: rank ${rank} (local rank ${local}) ${signal ? `was killed by ${signal}` : `exited with code ${code}`}; stopping the other ranks`,
          );
          stopAll("SIGTERM");
          // Ranks stuck in a collective get the grace time, then SIGKILL.
          setTimeout(() => stopAll("SIGKILL"), 10_000).unref();
        }
        if (left === 0) {
          process.off("SIGINT", onSigint);
          resolve(result ?? 0);
        }
      });
    }
  });
}
