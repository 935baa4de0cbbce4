// README's snippet is examples/quickstart.ts, and it runs as written (on the CPU here).
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { expect, it } from "vitest";
import { DIST, repoPath } from "./helpers/paths";

it("README's snippet is examples/quickstart.ts and it trains to 100 % on its batch", () => {
  const readme = fs.readFileSync(repoPath("README.md"), "utf8");
  const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBe(fs.readFileSync(repoPath("examples", "quickstart.ts"), "utf8"));
  const r = spawnSync(process.execPath, [path.join(DIST, "examples", "quickstart.js")], {
    encoding: "utf8",
    timeout: 300_000,
  });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toContain("accuracy on the batch: 1");
});

it("the public API keeps JSDoc on at least 75 % of its declarations and members", () => {
  const r = spawnSync(process.execPath, [repoPath("scripts", "jsdoc_coverage.js"), "--min", "75"], {
    encoding: "utf8",
    timeout: 300_000,
  });
  expect(r.status, r.stdout + r.stderr).toBe(0);
  expect(r.stdout).toMatch(/JSDoc coverage of the public API: \d+\/\d+/);
});
