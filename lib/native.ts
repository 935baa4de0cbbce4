// Loads the addon: a local build first, then the prebuild (node-gyp-build's order). A libtorch that
// does not match fails here, inside require(), with what to do about it.
import * as path from "path";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Native = any;

export const packageRoot = path.resolve(__dirname, __dirname.endsWith(path.join("dist", "lib")) ? "../.." : "..");

export interface LoadInfo {
  file: string | null;
  kind: "local build" | "prebuild" | "none";
  error: string | null;
}
export const loadInfo: LoadInfo = { file: null, kind: "none", error: null };

function load(): Native {
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const gypBuild = require("node-gyp-build");
    const file: string = gypBuild.resolve(packageRoot);
    loadInfo.file = file;
    loadInfo.kind = file.includes(`${path.sep}prebuilds${path.sep}`) ? "prebuild" : "local build";
    return require(file);
  } catch (e) {
    const msg = (e as Error).message;
    loadInfo.error = msg;
    throw new Error(
      `torchts: the native addon failed to load: ${msg.split("\n")[0]}\n` +
        "Fix: install a libtorch it can use (apt-get install libtorch-dev), or rebuild against yours with " +
        "`LIBTORCH=/path/to/libtorch npm rebuild torchts` or `TORCHTS_PYTHON=/path/to/python npm rebuild torchts`. " +
        "`npx torchts doctor` says what was found.",
    );
  }
}

export const native: Native = load();
