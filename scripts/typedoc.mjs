// `npm run docs`: TypeDoc over lib/torchts.ts, writing the API reference to docs/api (typedoc.json).
// TypeDoc runs on the TypeScript 5 compiler API, which the project's own `typescript` (the native
// TypeScript 7 compiler) does not ship; the `typescript-5` devDependency provides it, and this hook
// points TypeDoc's `import ts from "typescript"` there. Arguments pass through to TypeDoc.
import { register } from "node:module";

const hooks = `
export async function resolve(specifier, context, next) {
  return next(specifier === "typescript" ? "typescript-5" : specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
await import(new URL("../node_modules/typedoc/dist/cli.js", import.meta.url).href);
