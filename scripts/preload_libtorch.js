// A prebuild picked at install (build/Release/selection.json) was linked on another machine: its
// rpath names that machine's libtorch folder. The libtorch found at install is opened first, by full
// path with RTLD_GLOBAL, so the addon's libtorch dependencies resolve to it (same sonames).
// Used by the loader (lib/native.ts) and by the install step's load probe.
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

/** Opens the libraries selection.json beside `addonFile` lists; returns how many were opened. */
function preloadSelectedLibtorch(addonFile) {
  const selection = path.join(path.dirname(addonFile), "selection.json");
  if (!fs.existsSync(selection)) return 0;
  const libs = JSON.parse(fs.readFileSync(selection, "utf8")).libs || [];
  // Node dlcloses a library that registers no addon ("did not self-register"), which unloads it again
  // unless it was opened RTLD_NODELETE (glibc's 0x1000; os.constants does not list it).
  const RTLD_NODELETE = os.platform() === "linux" ? 0x1000 : 0;
  const flags = os.constants.dlopen.RTLD_NOW | os.constants.dlopen.RTLD_GLOBAL | RTLD_NODELETE;
  let opened = 0;
  for (const lib of libs) {
    if (!fs.existsSync(lib)) continue;
    try {
      process.dlopen({ exports: {} }, lib, flags);
    } catch (e) {
      // A plain shared library is no Node addon: it stays loaded and only the registration fails.
      if (!/did not self-register/.test(e.message)) throw e;
    }
    opened++;
  }
  return opened;
}

module.exports = { preloadSelectedLibtorch };
