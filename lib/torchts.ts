// The package's entry point: every name of lib/index.ts, and the namespace itself as the default
// export, so `import torch from "torchts"` works from ESM and from CommonJS built with
// esModuleInterop (which reads `.default`), as `import * as torch` does.
import * as torch from "./index";

export * from "./index";
export default torch;
