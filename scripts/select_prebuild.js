// Picks, among the prebuilt binaries the package ships, the one built for the libtorch found here:
// same libtorch version (major.minor.patch), same CPU/CUDA flavour, same C++ ABI, and a glibc no newer
// than this machine's. Each binary is described in a manifest.json beside it:
//   [{ "file": "torchts.glibc.node", "libtorch": "1.13.0", "cuda": false, "abi": 1, "glibc": "2.36" }, ...]
// Two folders hold them: prebuilds/<platform>-<arch> (built here by setup, not in git) and
// prebuilds-shipped/<platform>-<arch> (binaries built on other machines, e.g. the GPU one, kept in git).

const fs = require("node:fs");
const path = require("node:path");

/** The entries of each folder's manifest.json whose file is there, each with its folder (`dir`). */
function readManifest(...dirs) {
  const seen = new Set();
  const out = [];
  for (const dir of dirs) {
    const f = path.join(dir, "manifest.json");
    if (!fs.existsSync(f)) continue;
    for (const e of JSON.parse(fs.readFileSync(f, "utf8"))) {
      if (seen.has(e.file) || !fs.existsSync(path.join(dir, e.file))) continue;
      seen.add(e.file);
      out.push({ ...e, dir });
    }
  }
  return out;
}

/** This process's glibc version ("2.36"), or null off glibc. */
function glibcHere() {
  const header = process.report?.getReport?.().header;
  return header?.glibcVersionRuntime ?? null;
}

const newer = (a, b) => {
  const [x, y] = [a, b].map((v) => String(v).split(".").map(Number));
  for (let i = 0; i < Math.max(x.length, y.length); i++)
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
  return false;
};
const flavour = (cuda) => (cuda ? "CUDA" : "CPU");
const describe = (e) =>
  `libtorch ${e.libtorch} ${flavour(e.cuda)}, C++11 ABI ${e.abi}${e.glibc ? `, glibc ${e.glibc}` : ""}`;

/**
 * found: { version, cuda, abi, source } from find_libtorch.js; glibc: this machine's (default: this
 * process's). Returns { entry, reason } where entry is the matching manifest entry or null, and reason
 * says why in one line.
 */
function selectPrebuild(entries, found, glibc = glibcHere()) {
  const version = String(found.version).split("+")[0];
  const wanted = `libtorch ${version} ${flavour(found.cuda)}, C++11 ABI ${found.abi} (${found.source})`;
  const same = entries.filter((e) => e.libtorch === version && e.cuda === !!found.cuda && e.abi === found.abi);
  const match = same.find((e) => !e.glibc || !glibc || !newer(e.glibc, glibc));
  if (match) return { entry: match, reason: `${match.file} is built for ${wanted}` };
  if (same.length)
    return {
      entry: null,
      reason: `${same[0].file} is built for ${wanted} but needs glibc ${same[0].glibc}; this machine has ${glibc}`,
    };
  const have = entries.length ? entries.map(describe).join("; ") : "none";
  return { entry: null, reason: `no prebuilt binary for ${wanted}; shipped: ${have}` };
}

module.exports = { readManifest, selectPrebuild, glibcHere };
