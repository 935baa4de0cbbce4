// The npm package as users get it: pack, install into a fresh folder with no compiler on PATH
// (with and without install scripts), then train from CommonJS, ESM and type-checked TypeScript,
// and ask the doctor.

import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, expect, it } from "vitest";
import { REPO_ROOT, repoPath } from "./helpers/paths";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-pkg-"));
const bin = path.join(work, "bin");
let tarball = "";

/** A PATH with the system's commands but no compiler or build tool. */
const HIDDEN = /^(g\+\+|gcc|cc|c\+\+|cpp|clang.*|make|gmake|cmake|ninja|ld|x86_64-linux-gnu-.*)$/;
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, PATH: bin, npm_config_update_notifier: "false", ...extra };
}
// Generous: the from-source build below compiles every native file on a machine busy with other tests.
function npm(cwd: string, args: string[], extra: Record<string, string> = {}, timeout = 300000) {
  return spawnSync(path.join(bin, "npm"), args, { cwd, env: env(extra), encoding: "utf8", timeout });
}

const TRAIN = `
const torch = require("torchts");
const { nn, optim } = torch;
torch.manualSeed(0);
const model = new nn.Sequential(new nn.Linear(4, 8), new nn.BatchNorm1d(8), new nn.ReLU(), new nn.Linear(8, 2));
const opt = new optim.Adam(model.parameters(), { lr: 0.05 });
const x = torch.randn([64, 4]), y = x.sum(1).gt(0).long();
const lossFn = new nn.CrossEntropyLoss();
const losses = [];
for (let i = 0; i < 30; i++) torch.tidy(() => { opt.zeroGrad(); const l = lossFn.forward(model.forward(x), y); l.backward(); opt.step(); losses.push(l.item()); });
if (!(losses[29] < losses[0] * 0.5)) { console.error("loss did not fall", losses[0], losses[29]); process.exit(1); }
console.log("trained", losses[0].toFixed(3), "->", losses[29].toFixed(3));
`;

beforeAll(() => {
  fs.mkdirSync(bin);
  for (const dir of ["/usr/local/bin", "/usr/bin", "/bin"]) {
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir)) {
      if (HIDDEN.test(name) || fs.existsSync(path.join(bin, name)) || name === "npm" || name === "node") continue;
      try {
        fs.symlinkSync(path.join(dir, name), path.join(bin, name));
      } catch {
        /* a dangling name is fine */
      }
    }
  }
  fs.symlinkSync(process.execPath, path.join(bin, "node"));
  const npmCli = path.join(
    path.dirname(fs.realpathSync(execFileSync("sh", ["-c", "command -v npm"], { encoding: "utf8" }).trim())),
    "npm-cli.js",
  );
  fs.writeFileSync(path.join(bin, "npm"), `#!/bin/sh\nexec "${process.execPath}" "${npmCli}" "$@"\n`, { mode: 0o755 });
  expect(
    fs.existsSync(path.join(REPO_ROOT, "prebuilds", `${process.platform}-${process.arch}`)),
    "no prebuild: run `npm run build:prebuild` (scripts/setup.sh does)",
  ).toBe(true);
  const packed = spawnSync(path.join(bin, "npm"), ["pack", "--pack-destination", work, "--ignore-scripts"], {
    cwd: REPO_ROOT,
    env: env(),
    encoding: "utf8",
  });
  expect(packed.status, packed.stderr).toBe(0);
  tarball = path.join(work, packed.stdout.trim().split("\n").pop()!);
}, 300000);

for (const scripts of [true, false]) {
  it(`installs and loads the prebuild without a compiler (${scripts ? "with" : "--ignore-scripts"}), trains from CJS, ESM and TypeScript`, () => {
    const app = path.join(work, scripts ? "app" : "app-noscripts");
    fs.mkdirSync(app);
    fs.writeFileSync(
      path.join(app, "package.json"),
      JSON.stringify({ name: "consumer", version: "1.0.0", private: true }),
    );
    expect(spawnSync("/bin/sh", ["-c", "command -v g++ make cmake cc"], { env: env() }).stdout.toString()).toBe("");
    const inst = npm(app, [
      "install",
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      ...(scripts ? [] : ["--ignore-scripts"]),
      tarball,
    ]);
    expect(inst.status, inst.stderr + inst.stdout).toBe(0);
    // prebuilds-shipped/ travels in the package: its manifest, and the binaries built on the GPU machine
    // where this checkout has them (they stay out of git).
    const plat = `${process.platform}-${process.arch}`;
    const here = fs.readdirSync(path.join(REPO_ROOT, "prebuilds-shipped", plat));
    const shipped = path.join(app, "node_modules", "torchts", "prebuilds-shipped", plat);
    expect(fs.readdirSync(shipped).sort()).toEqual(here.sort());
    expect(here).toContain("manifest.json");
    if (scripts) {
      // npm 11 runs a dependency's install script only once the consumer approves it.
      expect(npm(app, ["install-scripts", "approve", "torchts"]).status).toBe(0);
      const rb = npm(app, ["rebuild", "torchts", "--foreground-scripts"]);
      expect(rb.status, rb.stderr).toBe(0);
      // The install step picks the prebuild for this libtorch among those shipped, and says why.
      expect(rb.stdout + rb.stderr).toMatch(/torchts: picked torchts\.glibc\.node is built for libtorch 1\.13/);
      expect(rb.stdout + rb.stderr).toMatch(/torchts: using build\/Release\/torchts\.node \(libtorch 1\.13/);
    }
    // Without the install step the shipped prebuild loads as it is.
    expect(fs.existsSync(path.join(app, "node_modules", "torchts", "build"))).toBe(scripts);

    fs.writeFileSync(path.join(app, "train.cjs"), TRAIN);
    const cjs = spawnSync(path.join(bin, "node"), ["train.cjs"], { cwd: app, env: env(), encoding: "utf8" });
    expect(cjs.status, cjs.stderr).toBe(0);
    expect(cjs.stdout).toMatch(/trained/);

    fs.writeFileSync(
      path.join(app, "esm.mjs"),
      'import * as torch from "torchts";\nimport { nn } from "torchts";\nconsole.log(torch.tensor([1, 2]).add(1).toString(), typeof nn.BatchNorm2d);\n',
    );
    const esm = spawnSync(path.join(bin, "node"), ["esm.mjs"], { cwd: app, env: env(), encoding: "utf8" });
    expect(esm.status, esm.stderr).toBe(0);
    expect(esm.stdout).toContain("tensor([2, 3]) function");

    fs.writeFileSync(
      path.join(app, "main.ts"),
      'import * as torch from "torchts";\nconst bn = new torch.nn.BatchNorm2d(6, { trackRunningStats: false });\nconst y: torch.Tensor = bn.forward(torch.randn([2, 6, 4, 4]));\nconst s: number[] = y.shape;\nconsole.log(s);\n',
    );
    fs.writeFileSync(
      path.join(app, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: "commonjs",
          target: "es2022",
          types: ["node"],
          skipLibCheck: false,
          lib: ["es2022", "esnext.disposable"],
          typeRoots: [repoPath("node_modules", "@types")],
        },
        files: ["main.ts"],
      }),
    );
    const tscBin = repoPath("node_modules", "typescript", "bin", "tsc");
    const tsc = spawnSync(path.join(bin, "node"), [tscBin, "--noEmit", "-p", "."], {
      cwd: app,
      env: env(),
      encoding: "utf8",
    });
    expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0);

    // Default and named imports, strict, esModuleInterop, CommonJS: compiled and run; and
    // loadStateDict(torch.load(p)) without a cast. The same script as ESM.
    const DEFAULT_IMPORT =
      'import torch, { nn } from "torchts";\n' +
      "const m = new nn.Linear(3, 2);\n" +
      'const p = require("node:path").join(require("node:os").tmpdir(), "torchts-pkg-" + process.pid + ".pt");\n' +
      "torch.save(m.stateDict(), p);\n" +
      "const m2 = new torch.nn.Linear(3, 2);\n" +
      "m2.loadStateDict(torch.load(p));\n" +
      "const same: boolean = m2.weight.equal(m.weight);\n" +
      'console.log("default import ok", same, torch.tensor([1, 2]).sum().item());\n';
    const cjsApp = path.join(app, "cjs-default");
    fs.mkdirSync(cjsApp);
    fs.writeFileSync(path.join(cjsApp, "main.ts"), DEFAULT_IMPORT);
    fs.writeFileSync(
      path.join(cjsApp, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: "commonjs",
          target: "es2022",
          esModuleInterop: true,
          types: ["node"],
          lib: ["es2022", "esnext.disposable"],
          typeRoots: [repoPath("node_modules", "@types")],
          outDir: "out",
        },
        files: ["main.ts"],
      }),
    );
    const tscCjs = spawnSync(path.join(bin, "node"), [tscBin, "-p", "."], {
      cwd: cjsApp,
      env: env(),
      encoding: "utf8",
    });
    expect(tscCjs.status, tscCjs.stdout + tscCjs.stderr).toBe(0);
    const runCjs = spawnSync(path.join(bin, "node"), ["out/main.js"], { cwd: cjsApp, env: env(), encoding: "utf8" });
    expect(runCjs.status, runCjs.stderr).toBe(0);
    expect(runCjs.stdout).toContain("default import ok true 3");
    fs.writeFileSync(
      path.join(app, "default.mjs"),
      'import torch, { nn } from "torchts";\nconsole.log(typeof torch.tensor, typeof nn.Linear, torch.default === undefined);\n',
    );
    const esmDefault = spawnSync(path.join(bin, "node"), ["default.mjs"], { cwd: app, env: env(), encoding: "utf8" });
    expect(esmDefault.status, esmDefault.stderr).toBe(0);
    expect(esmDefault.stdout).toContain("function function");

    const doc = spawnSync(
      path.join(bin, "node"),
      [path.join(app, "node_modules", "torchts", "dist", "lib", "cli.js"), "doctor", "--json"],
      { cwd: app, env: env(), encoding: "utf8" },
    );
    expect(doc.status, doc.stdout + doc.stderr).toBe(0);
    const rep = JSON.parse(doc.stdout);
    expect(rep.binary.kind).toBe(scripts ? "prebuild (picked at install)" : "prebuild");
    if (scripts) expect(rep.binary.picked).toMatch(/^torchts\.glibc\.node is built for libtorch 1\.13\.\d CPU/);
    expect(rep.libtorch.version).toMatch(/^1\.13\./);
    expect(rep.libtorch.cuda).toBe(false);
    const bad = spawnSync(
      path.join(bin, "node"),
      [path.join(app, "node_modules", "torchts", "dist", "lib", "cli.js"), "doctor", "--json"],
      { cwd: app, env: env({ LIBTORCH: path.join(work, "no-libtorch") }), encoding: "utf8" },
    );
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toContain("LIBTORCH");
    expect(JSON.parse(bad.stdout).fixes.join(" ")).toMatch(/point LIBTORCH at a folder/);
  }, 300000);
}

it("`npm rebuild torchts` with TORCHTS_PYTHON re-targets: builds from source, says why, loads the local build", () => {
  const app = path.join(work, "app-rebuild");
  fs.mkdirSync(app);
  fs.writeFileSync(
    path.join(app, "package.json"),
    JSON.stringify({ name: "consumer", version: "1.0.0", private: true }),
  );
  const withCompiler = { PATH: `${bin}:${process.env.PATH}` };
  expect(npm(app, ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball], withCompiler).status).toBe(0);
  expect(npm(app, ["install-scripts", "approve", "torchts"], withCompiler).status).toBe(0);
  // node-gyp's JOBS: both cores for the compile (it took 280-310 s on one under load).
  const rb = npm(
    app,
    ["rebuild", "torchts", "--foreground-scripts"],
    { ...withCompiler, TORCHTS_PYTHON: "/usr/bin/python3", JOBS: "2" },
    1_200_000,
  );
  expect(rb.status, rb.stdout + rb.stderr).toBe(0);
  expect(rb.stdout + rb.stderr).toMatch(/torchts: building from source: TORCHTS_PYTHON is set/);
  const doc = spawnSync(
    path.join(bin, "node"),
    [path.join(app, "node_modules", "torchts", "dist", "lib", "cli.js"), "doctor", "--json"],
    { cwd: app, env: env(), encoding: "utf8" },
  );
  expect(doc.status, doc.stdout + doc.stderr).toBe(0);
  expect(JSON.parse(doc.stdout).binary.kind).toBe("local build");
  fs.writeFileSync(path.join(app, "train.cjs"), TRAIN);
  const run = spawnSync(path.join(bin, "node"), ["train.cjs"], { cwd: app, env: env(), encoding: "utf8" });
  expect(run.status, run.stderr).toBe(0);
}, 1_500_000);
