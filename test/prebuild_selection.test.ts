// The install step picks, among several shipped prebuilds, the one built for the libtorch found
// (version, CPU/CUDA, C++ ABI), and says why. Checked with fake libtorch folders and fake binaries.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { repoPath } from "./helpers/paths";

const { selectPrebuild, readManifest } = require(repoPath("scripts", "select_prebuild.js")) as {
  selectPrebuild(
    entries: Entry[],
    found: { version: string; cuda: boolean; abi: number; source: string },
    glibc?: string | null,
  ): { entry: Entry | null; reason: string };
  readManifest(...dirs: string[]): Array<Entry & { dir: string }>;
};
interface Entry {
  file: string;
  libtorch: string;
  cuda: boolean;
  abi: number;
  glibc?: string;
}

const SHIPPED: Entry[] = [
  { file: "torchts.glibc.node", libtorch: "1.13.0", cuda: false, abi: 1 },
  { file: "torchts.glibc.libtorch-2.11.0-cuda.node", libtorch: "2.11.0", cuda: true, abi: 1 },
  { file: "torchts.glibc.libtorch-2.11.0-cpu-abi0.node", libtorch: "2.11.0", cuda: false, abi: 0 },
];

describe("selectPrebuild", () => {
  it("matches version, flavour and ABI; a pip version's local tag is ignored", () => {
    const pick = (version: string, cuda: boolean, abi: number) =>
      selectPrebuild(SHIPPED, { version, cuda, abi, source: "test" }).entry?.file ?? null;
    expect(pick("1.13.0", false, 1)).toBe("torchts.glibc.node");
    expect(pick("2.11.0+cu130", true, 1)).toBe("torchts.glibc.libtorch-2.11.0-cuda.node");
    expect(pick("2.11.0", false, 0)).toBe("torchts.glibc.libtorch-2.11.0-cpu-abi0.node");
    expect(pick("2.11.0", false, 1)).toBe(null);
    expect(pick("2.11.1", true, 1)).toBe(null);
    expect(pick("1.13.0", true, 1)).toBe(null);
  });

  it("says why, and what is shipped when nothing matches", () => {
    const r = selectPrebuild(SHIPPED, { version: "2.6.0", cuda: true, abi: 1, source: "env LIBTORCH" });
    expect(r.reason).toBe(
      "no prebuilt binary for libtorch 2.6.0 CUDA, C++11 ABI 1 (env LIBTORCH); shipped: " +
        "libtorch 1.13.0 CPU, C++11 ABI 1; libtorch 2.11.0 CUDA, C++11 ABI 1; libtorch 2.11.0 CPU, C++11 ABI 0",
    );
  });
});

describe("glibc and the two prebuild folders", () => {
  const cuda211 = { file: "a.node", libtorch: "2.11.0", cuda: true, abi: 1, glibc: "2.38" };
  const found = { version: "2.11.0", cuda: true, abi: 1, source: "python" };
  it("a binary needing a newer glibc than this machine's is not picked, and the reason says so", () => {
    expect(selectPrebuild([cuda211], found, "2.36")).toEqual({
      entry: null,
      reason:
        "a.node is built for libtorch 2.11.0 CUDA, C++11 ABI 1 (python) but needs glibc 2.38; this machine has 2.36",
    });
    expect(selectPrebuild([cuda211], found, "2.38").entry?.file).toBe("a.node");
    expect(selectPrebuild([cuda211], found, "2.40").entry?.file).toBe("a.node");
    expect(selectPrebuild([cuda211], found, "2.4").entry).toBe(null); // 2.4 < 2.38, compared as numbers
    // An older build for the same libtorch is taken when the newest needs too new a glibc.
    const older = { ...cuda211, file: "b.node", glibc: "2.28" };
    expect(selectPrebuild([cuda211, older], found, "2.36").entry?.file).toBe("b.node");
  });
  it("readManifest merges the folders in order, keeps each entry's folder, drops files that are missing", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-manifests-"));
    const [a, b] = [path.join(root, "built"), path.join(root, "shipped")];
    for (const d of [a, b]) fs.mkdirSync(d);
    fs.writeFileSync(path.join(a, "x.node"), "");
    fs.writeFileSync(path.join(b, "x.node"), "");
    fs.writeFileSync(path.join(b, "y.node"), "");
    const entry = (file: string) => ({ file, libtorch: "1.13.0", cuda: false, abi: 1 });
    fs.writeFileSync(path.join(a, "manifest.json"), JSON.stringify([entry("x.node"), entry("gone.node")]));
    fs.writeFileSync(path.join(b, "manifest.json"), JSON.stringify([entry("x.node"), entry("y.node")]));
    expect(readManifest(a, b, path.join(root, "none")).map((e) => [e.file, e.dir])).toEqual([
      ["x.node", a],
      ["y.node", b],
    ]);
    fs.rmSync(root, { recursive: true, force: true });
  });
  it("the shipped binaries (prebuilds-shipped/) are what their manifest says: ELF, linked to the libtorch flavour named", () => {
    // The binaries stay out of git (scripts/gpu_check.sh builds them on the GPU machine); the manifest is
    // tracked. Each binary present must match its entry; a clone without them selects none of them.
    const dir = repoPath("prebuilds-shipped", `${process.platform}-${process.arch}`);
    const listed = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8")) as Entry[];
    expect(listed.map((e) => Object.keys(e).sort())).toEqual(
      listed.map(() => ["abi", "builtOn", "cuda", "file", "glibc", "libtorch", "needs"]),
    );
    const entries = readManifest(dir);
    expect(entries.map((e) => e.file)).toEqual(
      listed.filter((e) => fs.existsSync(path.join(dir, e.file))).map((e) => e.file),
    );
    for (const e of entries) {
      const file = path.join(dir, e.file);
      expect(fs.readFileSync(file).subarray(0, 4).toString("latin1")).toBe("\x7fELF");
      const needed = spawnSync("readelf", ["-d", file], { encoding: "utf8" }).stdout;
      expect(needed).toContain("[libtorch_cpu.so]");
      expect(needed.includes("[libtorch_cuda.so]")).toBe(e.cuda);
      expect(e.file).toContain(`libtorch-${e.libtorch}-${e.cuda ? "cuda" : "cpu"}`);
      // Its glibc floor is the newest symbol version it uses.
      const symbols = spawnSync("objdump", ["-T", file], { encoding: "utf8" }).stdout;
      const versions = [...symbols.matchAll(/GLIBC_(\d+\.\d+)/g)].map((m) => m[1]!.split(".").map(Number));
      const max = versions.reduce((x, y) => (y[0]! > x[0]! || (y[0] === x[0] && y[1]! > x[1]!) ? y : x));
      expect(max.join(".")).toBe(e.glibc);
    }
  });
});

/** A folder that find_libtorch.js takes for a libtorch of that version, flavour and ABI. */
function fakeLibtorch(dir: string, version: string, cuda: boolean, abi: number): void {
  const inc = path.join(dir, "include", "torch", "csrc", "api", "include", "torch");
  fs.mkdirSync(inc, { recursive: true });
  fs.writeFileSync(path.join(inc, "torch.h"), "");
  fs.writeFileSync(path.join(inc, "version.h"), `#define TORCH_VERSION "${version}"\n`);
  fs.mkdirSync(path.join(dir, "lib"));
  for (const l of ["torch", "torch_cpu", "c10", ...(cuda ? ["torch_cuda", "c10_cuda"] : [])]) {
    fs.writeFileSync(path.join(dir, "lib", `lib${l}.so`), "");
  }
  const cmake = path.join(dir, "share", "cmake", "Torch");
  fs.mkdirSync(cmake, { recursive: true });
  fs.writeFileSync(path.join(cmake, "TorchConfig.cmake"), `set(TORCH_CXX_FLAGS "-D_GLIBCXX_USE_CXX11_ABI=${abi}")\n`);
}

describe("scripts/install.js with several prebuilds", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-select-"));
  const pkg = path.join(work, "pkg");
  const dir = path.join(pkg, "prebuilds", `${process.platform}-${process.arch}`);
  fs.mkdirSync(dir, { recursive: true });
  for (const e of SHIPPED) fs.writeFileSync(path.join(dir, e.file), `binary for ${e.file}`);
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(SHIPPED));

  const install = (libtorch: string) =>
    spawnSync(process.execPath, [repoPath("scripts", "install.js")], {
      encoding: "utf8",
      env: { ...process.env, TORCHTS_INSTALL_ROOT: pkg, TORCHTS_INSTALL_DRY_RUN: "1", LIBTORCH: libtorch },
    });

  it.each([
    ["2.11.0", true, 1, "torchts.glibc.libtorch-2.11.0-cuda.node"],
    ["2.11.0", false, 0, "torchts.glibc.libtorch-2.11.0-cpu-abi0.node"],
    ["1.13.0", false, 1, "torchts.glibc.node"],
  ] as const)("libtorch %s cuda=%s abi=%s -> %s, copied to build/Release with the reason", (v, cuda, abi, file) => {
    const lt = path.join(work, `libtorch-${v}-${cuda}-${abi}`);
    fakeLibtorch(lt, v, cuda, abi);
    const r = install(lt);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`torchts: picked ${file} is built for libtorch ${v} ${cuda ? "CUDA" : "CPU"}`);
    const release = path.join(pkg, "build", "Release");
    expect(fs.readFileSync(path.join(release, "torchts.node"), "utf8")).toBe(`binary for ${file}`);
    const sel = JSON.parse(fs.readFileSync(path.join(release, "selection.json"), "utf8"));
    expect(sel.entry.file).toBe(file);
    expect(sel.reason).toMatch(/^\S+ is built for libtorch/);
    // The loader opens that libtorch before the addon: the prebuild's rpath names the builder's folder.
    const libs = ["torch", "torch_cpu", "c10", ...(cuda ? ["torch_cuda", "c10_cuda"] : [])];
    expect(sel.libs).toEqual(libs.map((l) => path.join(lt, "lib", `lib${l}.so`)));
  });

  it("a binary in prebuilds-shipped/ is picked and copied from there", () => {
    const shipped = path.join(pkg, "prebuilds-shipped", `${process.platform}-${process.arch}`);
    fs.mkdirSync(shipped, { recursive: true });
    const e = {
      file: "torchts.glibc.libtorch-2.12.0-cuda.node",
      libtorch: "2.12.0",
      cuda: true,
      abi: 1,
      glibc: "2.17",
    };
    fs.writeFileSync(path.join(shipped, e.file), "shipped binary");
    fs.writeFileSync(path.join(shipped, "manifest.json"), JSON.stringify([e]));
    const lt = path.join(work, "libtorch-2.12");
    fakeLibtorch(lt, "2.12.0", true, 1);
    const r = install(lt);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`torchts: picked ${e.file} is built for libtorch 2.12.0 CUDA`);
    expect(fs.readFileSync(path.join(pkg, "build", "Release", "torchts.node"), "utf8")).toBe("shipped binary");
    fs.rmSync(shipped, { recursive: true });
  });

  it("no match: says so, names what is shipped, and picks nothing", () => {
    const lt = path.join(work, "libtorch-2.6");
    fakeLibtorch(lt, "2.6.0", true, 1);
    fs.rmSync(path.join(pkg, "build"), { recursive: true, force: true });
    const r = install(lt);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("no prebuilt binary for libtorch 2.6.0 CUDA, C++11 ABI 1");
    expect(fs.existsSync(path.join(pkg, "build"))).toBe(false);
  });
});

describe("preloadSelectedLibtorch (scripts/preload_libtorch.js)", () => {
  const { preloadSelectedLibtorch } = require(repoPath("scripts", "preload_libtorch.js")) as {
    preloadSelectedLibtorch(addonFile: string): number;
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-preload-"));
  const addon = path.join(dir, "torchts.node");
  const select = (libs: string[]) => fs.writeFileSync(path.join(dir, "selection.json"), JSON.stringify({ libs }));

  it("opens the listed libraries of the libtorch in use (RTLD_GLOBAL), skips missing ones", () => {
    const found = require(repoPath("scripts", "find_libtorch.js")).find() as { libDir: string; libs: string[] };
    const real = found.libs.map((l) => path.join(found.libDir, `lib${l}.so`));
    select([...real, path.join(dir, "libmissing.so")]);
    expect(preloadSelectedLibtorch(addon)).toBe(real.length);
  });
  it("a preloaded library stays loaded and satisfies the addon's DT_NEEDED that its rpath cannot find", () => {
    // Node dlcloses a library that registers no addon; without RTLD_NODELETE the prebuild for PyTorch 2.11
    // failed on the GPU machine with "libtorch.so: cannot open shared object file". Modelled here with a
    // tiny library and an addon linked against it with no rpath, in a child process.
    const d = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-preload-lib-"));
    fs.mkdirSync(path.join(d, "lib"));
    fs.writeFileSync(path.join(d, "foo.c"), "int torchts_foo(void) { return 42; }\n");
    fs.writeFileSync(
      path.join(d, "bar.c"),
      `#include <node_api.h>
int torchts_foo(void);
static napi_value init(napi_env env, napi_value exports) {
  napi_value v; napi_create_int32(env, torchts_foo(), &v); napi_set_named_property(env, exports, "v", v); return exports;
}
NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
`,
    );
    const cc = (args: string[]) => {
      const r = spawnSync("cc", args, { cwd: d, encoding: "utf8" });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
    };
    const headers = require("node-api-headers").include_dir as string;
    cc(["-shared", "-fPIC", "-o", "lib/libtorchts_foo.so", "-Wl,-soname,libtorchts_foo.so", "foo.c"]);
    cc(["-shared", "-fPIC", `-I${headers}`, "-o", "bar.node", "bar.c", "-Llib", "-ltorchts_foo"]);
    const load = (preload: boolean) => {
      fs.writeFileSync(
        path.join(d, "selection.json"),
        JSON.stringify({ libs: [path.join(d, "lib", "libtorchts_foo.so")] }),
      );
      if (!preload) fs.rmSync(path.join(d, "selection.json"));
      const code = `require(${JSON.stringify(repoPath("scripts", "preload_libtorch.js"))}).preloadSelectedLibtorch(${JSON.stringify(path.join(d, "bar.node"))});
        console.log(require(${JSON.stringify(path.join(d, "bar.node"))}).v);`;
      return spawnSync(process.execPath, ["-e", code], { encoding: "utf8" });
    };
    const without = load(false);
    expect(without.status).not.toBe(0);
    expect(without.stderr).toMatch(/libtorchts_foo\.so: cannot open shared object file/);
    const withPreload = load(true);
    expect(withPreload.stderr).toBe("");
    expect(withPreload.stdout.trim()).toBe("42");
    fs.rmSync(d, { recursive: true, force: true });
  });
  it("does nothing without selection.json (a local build); a file that is no library is an Error", () => {
    fs.rmSync(path.join(dir, "selection.json"));
    expect(preloadSelectedLibtorch(addon)).toBe(0);
    const bogus = path.join(dir, "libbogus.so");
    fs.writeFileSync(bogus, "not an ELF file");
    select([bogus]);
    expect(() => preloadSelectedLibtorch(addon)).toThrow(/libbogus\.so/);
  });
});
