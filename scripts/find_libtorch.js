#!/usr/bin/env node
// The one libtorch finder. CMakeLists.txt, binding.gyp, the doctor and the loader all ask it,
// so a path or flag is written down only here.
// Order: LIBTORCH -> TORCHTS_PYTHON / python3 / /usr/bin/python3 with torch -> Debian's libtorch-dev.

const fs = require("node:fs");
const path = require("node:path");
const { execFileSync } = require("node:child_process");

const SYSTEM_INCLUDE = "/usr/include";
const SYSTEM_LIB = `/usr/lib/${process.arch === "arm64" ? "aarch64" : "x86_64"}-linux-gnu`;
const HOWTO =
  "Set LIBTORCH to a libtorch folder (with include/ and lib/), or TORCHTS_PYTHON to a Python whose " +
  "torch package holds a libtorch, or install Debian's libtorch-dev (apt-get install libtorch-dev).";

function readVersion(includeDir) {
  const f = path.join(includeDir, "torch/csrc/api/include/torch/version.h");
  if (!fs.existsSync(f)) return null;
  const m = /#define TORCH_VERSION\s+"([^"]+)"/.exec(fs.readFileSync(f, "utf8"));
  if (m) return m[1];
  const num = (k) => (new RegExp(`#define TORCH_VERSION_${k}\\s+(\\d+)`).exec(fs.readFileSync(f, "utf8")) || [])[1];
  return num("MAJOR") ? `${num("MAJOR")}.${num("MINOR")}.${num("PATCH")}` : null;
}

function abiFromCmake(dir) {
  for (const f of [
    path.join(dir, "share/cmake/Torch/TorchConfig.cmake"),
    path.join(dir, "cmake/Torch/TorchConfig.cmake"),
  ]) {
    if (fs.existsSync(f)) {
      const m = /_GLIBCXX_USE_CXX11_ABI=(\d)/.exec(fs.readFileSync(f, "utf8"));
      if (m) return Number(m[1]);
    }
  }
  return 1;
}

// libjpeg(-turbo), as PIL uses it, for JPEG decoding that gives PIL's pixels (Debian's libjpeg-dev).
function findJpeg() {
  const lib = path.join(SYSTEM_LIB, "libjpeg.so");
  return fs.existsSync(path.join(SYSTEM_INCLUDE, "jpeglib.h")) && fs.existsSync(lib) ? lib : null;
}

function describe(source, root, includeDir, libDir, abi, versionHint) {
  const has = (name) => fs.existsSync(path.join(libDir, `lib${name}.so`));
  const jpeg = findJpeg();
  // c10d (torch.distributed) is built with each backend whose headers are here; TORCHTS_DISTRIBUTED=0
  // builds without it (the GPU script's fallback when a libtorch's c10d does not compile).
  const c10dHeader = (f) => fs.existsSync(path.join(includeDir, "torch/csrc/distributed/c10d", f));
  const c10d = process.env.TORCHTS_DISTRIBUTED !== "0" && c10dHeader("TCPStore.hpp") && c10dHeader("reducer.hpp");
  const gloo =
    c10d &&
    c10dHeader("ProcessGroupGloo.hpp") &&
    [includeDir, SYSTEM_INCLUDE].some((d) => fs.existsSync(path.join(d, "gloo/rendezvous/store.h")));
  if (!has("torch") || !fs.existsSync(path.join(includeDir, "torch/csrc/api/include/torch/torch.h"))) return null;
  const cuda = has("torch_cuda");
  const libs = ["torch", "torch_cpu", "c10"].concat(cuda ? ["torch_cuda", "c10_cuda"] : []).filter(has);
  const includeDirs = [includeDir, path.join(includeDir, "torch/csrc/api/include")];
  // c10d's reducer.hpp includes a distributed-autograd header some packagings leave out.
  if (c10d && !fs.existsSync(path.join(includeDir, "torch/csrc/distributed/autograd/context/context.h")))
    includeDirs.push(path.join(__dirname, "..", "native", "shim"));
  let nccl = false;
  if (cuda) {
    // c10/cuda headers need the CUDA runtime headers; ProcessGroupNCCL needs nccl.h (pip: nvidia/nccl).
    const candidates = [process.env.CUDA_HOME, "/usr/local/cuda"].filter(Boolean).map((d) => path.join(d, "include"));
    const nv = path.join(root, "..", "nvidia");
    if (fs.existsSync(nv)) for (const d of fs.readdirSync(nv)) candidates.push(path.join(nv, d, "include"));
    const first = (header) => candidates.find((c) => fs.existsSync(path.join(c, header)));
    const runtime = first("cuda_runtime_api.h");
    if (runtime) includeDirs.push(runtime);
    const ncclInclude = c10d && c10dHeader("ProcessGroupNCCL.hpp") ? first("nccl.h") : undefined;
    if (runtime && ncclInclude) {
      nccl = true;
      if (ncclInclude !== runtime) includeDirs.push(ncclInclude);
    }
  }
  // Newer headers keep the version elsewhere; a Python torch tells it directly.
  const version = readVersion(includeDir) || (versionHint ? versionHint.split("+")[0] : null);
  const [major, minor] = String(version).split(".").map(Number);
  // ATen needs C++20 from 2.12 on (C++17 before).
  const cxxStandard = major > 2 || (major === 2 && minor >= 12) ? 20 : 17;
  return {
    source,
    root,
    version,
    cuda,
    abi,
    cxxStandard,
    distributed: { c10d, gloo, nccl },
    includeDirs,
    libDir,
    libs,
    defines: [
      `_GLIBCXX_USE_CXX11_ABI=${abi}`,
      `TORCHTS_WITH_CUDA=${cuda ? 1 : 0}`,
      `TORCHTS_WITH_JPEG=${jpeg ? 1 : 0}`,
      // c10d and its backends; USE_C10D_GLOO/NCCL as libtorch builds them (the headers test them).
      `TORCHTS_WITH_C10D=${c10d ? 1 : 0}`,
      ...(gloo ? ["TORCHTS_WITH_GLOO=1", "USE_C10D_GLOO"] : ["TORCHTS_WITH_GLOO=0"]),
      ...(nccl ? ["TORCHTS_WITH_NCCL=1", "USE_C10D_NCCL"] : ["TORCHTS_WITH_NCCL=0"]),
    ],
    jpeg,
    ldflags: ["-Wl,-z,now", "-Wl,--no-as-needed", "-Wl,--allow-shlib-undefined", `-Wl,-rpath,${libDir}`],
  };
}

function fromPython(py) {
  let out;
  try {
    out = execFileSync(
      py,
      [
        "-c",
        "import json, os, torch\n" +
          "print(json.dumps({'root': os.path.dirname(torch.__file__), 'version': torch.__version__," +
          " 'abi': int(torch.compiled_with_cxx11_abi())}))",
      ],
      { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 60000 },
    );
  } catch {
    return null;
  }
  const info = JSON.parse(out.trim().split("\n").pop());
  const inc = path.join(info.root, "include");
  // Debian's python3-torch ships no headers next to the package: that is the system libtorch.
  if (!fs.existsSync(inc)) return null;
  return describe(`python (${py})`, info.root, inc, path.join(info.root, "lib"), info.abi, info.version);
}

function find() {
  const env = process.env;
  if (env.LIBTORCH) {
    const r = describe(
      "env LIBTORCH",
      env.LIBTORCH,
      path.join(env.LIBTORCH, "include"),
      path.join(env.LIBTORCH, "lib"),
      abiFromCmake(env.LIBTORCH),
    );
    if (!r)
      throw new Error(
        `LIBTORCH=${env.LIBTORCH} holds no libtorch (expected include/torch/csrc/api/include/torch/torch.h and lib/libtorch.so). Fix LIBTORCH or unset it. ${HOWTO}`,
      );
    return r;
  }
  if (env.TORCHTS_PYTHON) {
    const r = fromPython(env.TORCHTS_PYTHON);
    if (!r)
      throw new Error(
        `TORCHTS_PYTHON=${env.TORCHTS_PYTHON} does not import a torch that ships libtorch headers and libraries. Fix TORCHTS_PYTHON or unset it. ${HOWTO}`,
      );
    return r;
  }
  for (const py of ["python3", "/usr/bin/python3"]) {
    const r = fromPython(py);
    if (r) return r;
  }
  const sys = describe("system (libtorch-dev)", "/usr", SYSTEM_INCLUDE, SYSTEM_LIB, abiFromCmake(SYSTEM_LIB));
  if (sys) return sys;
  throw new Error(`No libtorch found. ${HOWTO}`);
}

// The addon's translation units: every .cc in native/, sorted. Both build files take this list.
function sources() {
  const dir = path.join(__dirname, "..", "native");
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".cc"))
    .sort()
    .map((f) => `native/${f}`);
}

module.exports = { find, sources };

if (require.main === module) {
  const mode = process.argv[2] || "--json";
  if (mode === "--sources") {
    console.log(sources().join(" "));
    process.exit(0);
  }
  let r;
  try {
    r = find();
  } catch (e) {
    process.stderr.write(`torchts: ${e.message}\n`);
    process.exit(1);
  }
  const q = (s) => `"${s.replace(/"/g, '\\"')}"`;
  switch (mode) {
    case "--json":
      console.log(JSON.stringify(r, null, 2));
      break;
    case "--cmake":
      console.log(`set(TORCHTS_LIBTORCH_SOURCE ${q(r.source)})`);
      console.log(`set(TORCHTS_LIBTORCH_VERSION ${q(String(r.version))})`);
      console.log(`set(TORCHTS_LIBTORCH_CUDA ${r.cuda ? "ON" : "OFF"})`);
      console.log(`set(TORCHTS_CXX_STANDARD ${r.cxxStandard})`);
      console.log(`set(TORCHTS_INCLUDE_DIRS ${r.includeDirs.map(q).join(" ")})`);
      console.log(
        `set(TORCHTS_LIBS ${r.libs
          .map((l) => q(path.join(r.libDir, `lib${l}.so`)))
          .concat(r.jpeg ? [q(r.jpeg)] : [])
          .join(" ")})`,
      );
      console.log(`set(TORCHTS_DEFINES ${r.defines.map(q).join(" ")})`);
      console.log(`set(TORCHTS_LDFLAGS ${r.ldflags.map(q).join(" ")})`);
      console.log(
        `set(TORCHTS_SOURCES ${sources()
          .map((s) => q(path.join(__dirname, "..", s)))
          .join(" ")})`,
      );
      break;
    case "--include-dirs":
      console.log(r.includeDirs.join(" "));
      break;
    case "--defines":
      console.log(r.defines.join(" "));
      break;
    case "--cxxflags":
      console.log(`-std=c++${r.cxxStandard}`);
      break;
    case "--ldflags":
      console.log(
        r.ldflags
          .concat(
            [`-L${r.libDir}`],
            r.libs.map((l) => `-l${l}`),
            r.jpeg ? [r.jpeg] : [],
          )
          .join(" "),
      );
      break;
    case "--summary":
      console.log(`libtorch ${r.version} (${r.cuda ? "CUDA" : "CPU"}, cxx11 abi ${r.abi}) from ${r.source}: ${r.root}`);
      console.log(
        `c10d: ${r.distributed.c10d ? ["gloo", "nccl"].filter((b) => r.distributed[b]).join(", ") || "no backend" : "off"}`,
      );
      break;
    default:
      process.stderr.write(`unknown option ${mode}\n`);
      process.exit(2);
  }
}
