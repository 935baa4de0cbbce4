#!/usr/bin/env node
// npm install hook: use the prebuilt binary when it loads and matches the libtorch found here;
// otherwise build from source against that libtorch (node-gyp over binding.gyp), saying why in one line.

const fs = require("node:fs");
const path = require("node:path");
const { spawnSync } = require("node:child_process");

const root = process.env.TORCHTS_INSTALL_ROOT || path.resolve(__dirname, "..");
const prebuildDir = path.join(root, "prebuilds", `${process.platform}-${process.arch}`);
// Binaries built on other machines (the CUDA ones come from the GPU machine) are kept in git here.
const shippedDir = path.join(root, "prebuilds-shipped", `${process.platform}-${process.arch}`);
const log = (s) => console.log(`torchts: ${s}`);

function probe() {
  // Loading happens in a child: a libtorch of another ABI can abort the process that loads it.
  const r = spawnSync(
    process.execPath,
    [
      "-e",
      `
    const b = require("node-gyp-build").resolve(${JSON.stringify(root)});
    require(${JSON.stringify(path.join(__dirname, "preload_libtorch.js"))}).preloadSelectedLibtorch(b);
    const m = require(b);
    console.log(JSON.stringify({ file: b, version: m.torchVersion, abi: m.cxx11Abi, cuda: m.builtWithCuda }));`,
    ],
    { cwd: root, encoding: "utf8" },
  );
  if (r.status !== 0)
    return {
      error:
        (r.stderr || "")
          .trim()
          .split("\n")
          .find((l) => /Error|error/.test(l)) || "the addon did not load",
    };
  return JSON.parse(r.stdout.trim().split("\n").pop());
}

function libtorchHere() {
  try {
    return require("./find_libtorch.js").find();
  } catch (e) {
    return { error: e.message };
  }
}

function build(reason) {
  log(`building from source: ${reason}`);
  fs.rmSync(path.join(root, "build", "Release", "selection.json"), { force: true });
  const gyp = process.env.npm_config_node_gyp || "node-gyp";
  const r = spawnSync(
    process.platform === "win32" ? "node-gyp.cmd" : gyp.endsWith(".js") ? process.execPath : gyp,
    gyp.endsWith(".js") ? [gyp, "rebuild"] : ["rebuild"],
    { cwd: root, stdio: "inherit" },
  );
  if (r.status !== 0) {
    log("the source build failed. Run `npx torchts doctor` for what was found and how to fix it.");
    process.exit(1);
  }
}

// In a development checkout (tests are not shipped) scripts/setup.sh builds with cmake-js instead.
if (fs.existsSync(path.join(root, "test")) && !process.env.TORCHTS_INSTALL_ROOT) process.exit(0);

const found = libtorchHere();
if (found.error) {
  log(
    `no libtorch found (${found.error.split(". ")[0]}); the prebuilt binary is kept, \`npx torchts doctor\` says what to install.`,
  );
  process.exit(0);
}
const forced = process.env.LIBTORCH || process.env.TORCHTS_PYTHON;
if (forced && !process.env.TORCHTS_INSTALL_DRY_RUN) {
  build(`${process.env.LIBTORCH ? "LIBTORCH" : "TORCHTS_PYTHON"} is set (${found.source}, libtorch ${found.version})`);
  process.exit(0);
}

// Among several prebuilds, the one for this libtorch goes to build/Release, which the loader tries
// first; the choice and its reason stay beside it for `torchts doctor`.
const { readManifest, selectPrebuild } = require("./select_prebuild.js");
const choice = selectPrebuild(readManifest(prebuildDir, shippedDir), found);
const releaseDir = path.join(root, "build", "Release");
if (choice.entry) {
  fs.mkdirSync(releaseDir, { recursive: true });
  fs.copyFileSync(path.join(choice.entry.dir, choice.entry.file), path.join(releaseDir, "torchts.node"));
  // libDir: the loader opens that libtorch first (a prebuild's rpath names the builder's folder).
  const libs = found.libs.map((l) => path.join(found.libDir, `lib${l}.so`));
  fs.writeFileSync(
    path.join(releaseDir, "selection.json"),
    JSON.stringify(
      { ...choice, entry: { ...choice.entry, dir: undefined }, kind: "prebuild", libDir: found.libDir, libs },
      null,
      2,
    ),
  );
  log(`picked ${choice.reason}`);
}
if (process.env.TORCHTS_INSTALL_DRY_RUN) {
  if (!choice.entry) log(choice.reason);
  process.exit(0);
}

const loaded =
  fs.existsSync(prebuildDir) || fs.existsSync(path.join(root, "build", "Release", "torchts.node"))
    ? probe()
    : { error: "no prebuilt binary for this platform" };
if (loaded.error) build(choice.entry ? `${choice.entry.file} does not load: ${loaded.error}` : loaded.error);
else if (loaded.version !== found.version || loaded.abi !== found.abi || loaded.cuda !== found.cuda) {
  build(
    `${choice.reason}; the binary found is for libtorch ${loaded.version}${loaded.cuda ? " CUDA" : " CPU"}, this machine has ${found.version}${found.cuda ? " CUDA" : " CPU"} (${found.source})`,
  );
} else {
  log(
    `using ${path.relative(root, loaded.file)} (libtorch ${loaded.version}, ${loaded.cuda ? "CUDA" : "CPU"}, ${found.source})`,
  );
}
