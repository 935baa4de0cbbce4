#!/usr/bin/env node
// `npx torchts doctor [--json]`: what torchts found and loaded, and what to do when something is wrong.
// `npx torchts run --nproc-per-node N script.js`: torchrun's launcher (lib/distributed/run.ts).
import * as fs from "node:fs";
import * as path from "node:path";
import { launch } from "./distributed/run";

interface Report {
  ok: boolean;
  node: string;
  napi: string;
  libtorch: {
    found: boolean;
    source?: string;
    root?: string;
    version?: string | null;
    cuda?: boolean;
    cxx11Abi?: number;
    error?: string;
  };
  binary: {
    loaded: boolean;
    kind?: string;
    file?: string | null;
    builtFor?: { libtorch: string; cuda: boolean; cxx11Abi: number };
    /** Why this binary: the install step's choice among the shipped prebuilds, when it made one. */
    picked?: string;
    /** Whether the addon's second instance, which holds the finalizers, loaded (lib/native.ts). */
    finalizerEnv?: boolean;
    error?: string;
  };
  cuda?: { available: boolean; devices: number; cudnn: boolean; cudnnVersion: number | null };
  fixes: string[];
}

function doctor(): Report {
  const r: Report = {
    ok: true,
    node: process.version,
    napi: process.versions.napi ?? "?",
    libtorch: { found: false },
    binary: { loaded: false },
    fixes: [],
  };
  const finder = path.resolve(__dirname, "..", "..", "scripts", "find_libtorch.js");
  try {
    const f = require(finder).find();
    r.libtorch = { found: true, source: f.source, root: f.root, version: f.version, cuda: f.cuda, cxx11Abi: f.abi };
  } catch (e) {
    r.ok = false;
    r.libtorch = { found: false, error: (e as Error).message };
    if (process.env.LIBTORCH)
      r.fixes.push(
        `LIBTORCH=${process.env.LIBTORCH} does not hold a libtorch: point LIBTORCH at a folder with include/ and lib/ (an unpacked libtorch zip), or unset it.`,
      );
    r.fixes.push(
      "Install Debian's libtorch: apt-get install libtorch-dev; or set LIBTORCH / TORCHTS_PYTHON and run `npm rebuild torchts`.",
    );
  }
  try {
    // Loaded here, not imported: the doctor must report a binary that fails to load.
    const n: typeof import("./native") = require("./native");
    r.binary = {
      loaded: true,
      kind: n.loadInfo.kind,
      file: n.loadInfo.file,
      builtFor: { libtorch: n.native.torchVersion, cuda: n.native.builtWithCuda, cxx11Abi: n.native.cxx11Abi },
      finalizerEnv: n.loadInfo.finalizerEnv,
    };
    if (!n.loadInfo.finalizerEnv) {
      r.ok = false;
      r.fixes.push(
        "The addon's finalizer instance did not load: a native error raised while V8 collects can abort the process. Reinstall torchts.",
      );
    }
    const selection = n.loadInfo.file && path.join(path.dirname(n.loadInfo.file), "selection.json");
    if (selection && fs.existsSync(selection)) {
      r.binary.kind = "prebuild (picked at install)";
      r.binary.picked = JSON.parse(fs.readFileSync(selection, "utf8")).reason;
    }
    r.cuda = {
      available: n.native.cudaIsAvailable(),
      devices: n.native.cudaDeviceCount(),
      cudnn: n.native.cudnnIsAvailable(),
      cudnnVersion: n.native.cudnnVersion(),
    };
    if (
      r.libtorch.found &&
      (r.libtorch.version !== r.binary.builtFor!.libtorch || r.libtorch.cuda !== r.binary.builtFor!.cuda)
    ) {
      r.ok = false;
      r.fixes.push(
        `The loaded binary was built for libtorch ${r.binary.builtFor!.libtorch}, but ${r.libtorch.version} was found (${r.libtorch.source}): run \`npm rebuild torchts\`.`,
      );
    }
  } catch (e) {
    r.ok = false;
    r.binary = { loaded: false, error: (e as Error).message.split("\n")[0] };
    r.fixes.push(
      "Rebuild against the libtorch found: `npm rebuild torchts` (needs g++, make, python3), with LIBTORCH=... or TORCHTS_PYTHON=... to pick another one.",
    );
  }
  return r;
}

function main(argv: string[]): number {
  if (argv[0] !== "doctor") {
    console.log("usage: torchts doctor [--json] | torchts run --nproc-per-node N script.js [args...]");
    return argv.length ? 2 : 0;
  }
  const r = doctor();
  if (argv.includes("--json")) {
    console.log(JSON.stringify(r, null, 2));
    return r.ok ? 0 : 1;
  }
  console.log(`Node ${r.node}, Node-API ${r.napi}`);
  console.log(
    r.libtorch.found
      ? `libtorch ${r.libtorch.version} (${r.libtorch.cuda ? "CUDA" : "CPU"}, C++11 ABI ${r.libtorch.cxx11Abi}) from ${r.libtorch.source}: ${r.libtorch.root}`
      : `libtorch: not found (${r.libtorch.error})`,
  );
  console.log(
    r.binary.loaded
      ? `binary: ${r.binary.kind} ${r.binary.file}, built for libtorch ${r.binary.builtFor!.libtorch} ${r.binary.builtFor!.cuda ? "CUDA" : "CPU"}`
      : `binary: not loaded (${r.binary.error})`,
  );
  if (r.binary.picked) console.log(`picked: ${r.binary.picked}`);
  if (r.cuda)
    console.log(
      `CUDA: ${r.cuda.available ? `${r.cuda.devices} device(s), cuDNN ${r.cuda.cudnnVersion ?? "no"}` : "not available"}`,
    );
  for (const f of r.fixes) console.log(`fix: ${f}`);
  console.log(r.ok ? "ok" : "problems found");
  return r.ok ? 0 : 1;
}

if (process.argv[2] === "run") {
  launch(process.argv.slice(3)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: Error) => {
      console.error(`torchts run: ${e.message}`);
      process.exitCode = 2;
    },
  );
} else process.exitCode = main(process.argv.slice(2));
