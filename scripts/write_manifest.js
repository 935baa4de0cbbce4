#!/usr/bin/env node
// Records a prebuilt binary in prebuilds/<platform>-<arch>/manifest.json with the libtorch it was
// built against (the one find_libtorch.js finds now), so the install step can pick among several.
//   node scripts/write_manifest.js torchts.glibc.node
const fs = require("node:fs");
const path = require("node:path");
const { find } = require("./find_libtorch.js");

const file = process.argv[2];
const dir = path.join(__dirname, "..", "prebuilds", `${process.platform}-${process.arch}`);
if (!file || !fs.existsSync(path.join(dir, file))) {
  console.error(`usage: write_manifest.js FILE (a file in ${dir})`);
  process.exit(2);
}
const found = find();
const manifest = path.join(dir, "manifest.json");
const entries = fs.existsSync(manifest) ? JSON.parse(fs.readFileSync(manifest, "utf8")) : [];
const { glibcHere } = require("./select_prebuild.js");
// glibc: the one it was built with, the least a machine needs to load it.
const entry = {
  file,
  libtorch: String(found.version).split("+")[0],
  cuda: found.cuda,
  abi: found.abi,
  glibc: glibcHere(),
};
const kept = entries.filter((e) => e.file !== file);
fs.writeFileSync(manifest, `${JSON.stringify([...kept, entry], null, 2)}\n`);
console.log(`manifest: ${file} = libtorch ${entry.libtorch} ${entry.cuda ? "CUDA" : "CPU"}, C++11 ABI ${entry.abi}`);
