// The install step picks, among several shipped prebuilds, the one built for the libtorch found
// (version, CPU/CUDA, C++ ABI), and says why. Checked with fake libtorch folders and fake binaries.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { repoPath } from "./helpers/paths";

const { selectPrebuild } = require(repoPath("scripts", "select_prebuild.js")) as {
  selectPrebuild(
    entries: Entry[],
    found: { version: string; cuda: boolean; abi: number; source: string },
  ): { entry: Entry | null; reason: string };
};
interface Entry {
  file: string;
  libtorch: string;
  cuda: boolean;
  abi: number;
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
