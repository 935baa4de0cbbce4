// A fixed-seed slice of the fuzz harness (bench/fuzz.ts, `npm run fuzz`): random and hostile calls over
// the public API and the raw addon in child processes, valid calls compared with PyTorch 1.13. No
// crash, no hang, no silent difference; and the harness does count a crash and a hang when one happens.

import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { expect, it } from "vitest";
import { DIST } from "./helpers/paths";

const FUZZ = path.join(DIST, "bench", "fuzz.js");

interface Report {
  cases: number;
  calls: number;
  ok: number;
  errors: number;
  nonErrorThrows: number;
  crashes: number;
  hangs: number;
  compared: number;
  silentDifferences: number;
  examples: string[];
}

function fuzz(args: string[], env: Record<string, string> = {}): Report {
  const r = spawnSync(process.execPath, [FUZZ, ...args, "--json"], {
    encoding: "utf8",
    timeout: 110_000,
    env: { ...process.env, ...env },
  });
  if (r.error) throw r.error;
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as Report;
}

it("2,500 fixed-seed cases: 0 crashes, 0 hangs, 0 silent differences from PyTorch", () => {
  const r = fuzz(["--cases", "2500", "--seed", "13"]);
  expect(r.examples.filter((e) => !e.includes("differs")).slice(0, 5)).toEqual([]);
  expect(r.examples.slice(0, 5)).toEqual([]);
  expect(r.calls).toBe(2500);
  expect(r.crashes).toBe(0);
  expect(r.hangs).toBe(0);
  expect(r.nonErrorThrows).toBe(0);
  expect(r.silentDifferences).toBe(0);
  expect(r.compared).toBeGreaterThan(1500);
  expect(r.errors).toBeGreaterThan(200);
}, 120_000);

it("the harness counts a crash and a hang and carries on after them", () => {
  const r = fuzz(["--cases", "120", "--seed", "3", "--hang-ms", "3000"], {
    TORCHTS_FUZZ_CRASH_AT: "17",
    TORCHTS_FUZZ_HANG_AT: "90",
  });
  expect(r.crashes).toBe(1);
  expect(r.hangs).toBe(1);
  expect(r.calls).toBe(120);
  expect(r.ok + r.errors).toBe(118);
}, 60_000);
