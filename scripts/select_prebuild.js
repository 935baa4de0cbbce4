// Picks, among the prebuilt binaries the package ships, the one built for the libtorch found here:
// same libtorch version (major.minor.patch), same CPU/CUDA flavour, same C++ ABI. Each binary is
// described in prebuilds/<platform>-<arch>/manifest.json:
//   [{ "file": "torchts.glibc.node", "libtorch": "1.13.0", "cuda": false, "abi": 1 }, ...]

const fs = require("node:fs");
const path = require("node:path");

function readManifest(dir) {
  const f = path.join(dir, "manifest.json");
  if (!fs.existsSync(f)) return [];
  const entries = JSON.parse(fs.readFileSync(f, "utf8"));
  return entries.filter((e) => fs.existsSync(path.join(dir, e.file)));
}

const flavour = (cuda) => (cuda ? "CUDA" : "CPU");
const describe = (e) => `libtorch ${e.libtorch} ${flavour(e.cuda)}, C++11 ABI ${e.abi}`;

/**
 * found: { version, cuda, abi, source } from find_libtorch.js. Returns { entry, reason } where
 * entry is the matching manifest entry or null, and reason says why in one line.
 */
function selectPrebuild(entries, found) {
  const version = String(found.version).split("+")[0];
  const wanted = `libtorch ${version} ${flavour(found.cuda)}, C++11 ABI ${found.abi} (${found.source})`;
  const match = entries.find((e) => e.libtorch === version && e.cuda === !!found.cuda && e.abi === found.abi);
  if (match) return { entry: match, reason: `${match.file} is built for ${wanted}` };
  const have = entries.length ? entries.map(describe).join("; ") : "none";
  return { entry: null, reason: `no prebuilt binary for ${wanted}; shipped: ${have}` };
}

module.exports = { readManifest, selectPrebuild };
