#!/usr/bin/env node
// JSDoc coverage of the public API: the share of declarations reachable from lib/torchts.ts (through
// `export *`, `export * as ns` and named re-exports) and of their public members (class and interface
// members, the fields of exported object types) that carry a /** */ comment. Private and protected
// members, names starting with "_", symbol-keyed members and anything tagged @internal are not public
// API and are not counted. Uses the TypeScript 5 compiler API (the `typescript-5` devDependency; the
// project's own `typescript` is the native TypeScript 7 compiler, which ships no such API).
//
//   node scripts/jsdoc_coverage.js            # the figures
//   node scripts/jsdoc_coverage.js --list     # and every undocumented name, by file
//   node scripts/jsdoc_coverage.js --min 70   # exits 1 under 70 %
const path = require("node:path");
const ts = require("typescript-5");

const root = path.resolve(__dirname, "..");
const entry = path.join(root, "lib", "torchts.ts");
const args = process.argv.slice(2);
const list = args.includes("--list");
const minIdx = args.indexOf("--min");
const min = minIdx >= 0 ? Number(args[minIdx + 1]) : undefined;

const program = ts.createProgram([entry], {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.CommonJS,
  strict: true,
  skipLibCheck: true,
  noEmit: true,
  types: [],
});
const checker = program.getTypeChecker();

function hasDoc(node) {
  // A variable's comment sits on its statement; ts.getJSDocCommentsAndTags looks there too.
  return ts.getJSDocCommentsAndTags(node).some((d) => ts.isJSDoc(d));
}
function isInternal(node) {
  return ts.getJSDocTags(node).some((t) => t.tagName.text === "internal") || /@internal\b/.test(leading(node));
}
function leading(node) {
  const sf = node.getSourceFile();
  const ranges = ts.getLeadingCommentRanges(sf.text, node.getFullStart()) ?? [];
  return ranges.map((r) => sf.text.slice(r.pos, r.end)).join("\n");
}
function inLib(node) {
  const f = path.relative(root, node.getSourceFile().fileName);
  return f.startsWith("lib") ? f : null;
}

const items = new Map(); // key -> {file, name, documented}
function record(node, name) {
  const file = inLib(node);
  if (!file) return;
  const key = `${file}:${node.pos}`;
  items.set(key, { file, name, kind: "declaration", documented: hasDoc(node) });
}
// Overloads and get/set pairs are one name: documented when any of their declarations is.
function recordGroup(nodes, name, kind = "declaration") {
  const file = inLib(nodes[0]);
  if (!file) return;
  const key = `${file}:${nodes[0].pos}`;
  items.set(key, { file, name, kind, documented: nodes.some(hasDoc) });
}

function memberName(m) {
  if (!m.name) return null;
  if (ts.isComputedPropertyName(m.name) || ts.isPrivateIdentifier(m.name)) return null;
  return m.name.getText();
}
function isPublicMember(m) {
  const mods = ts.getCombinedModifierFlags(m);
  if (mods & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) return false;
  const n = memberName(m);
  if (n === null || n.startsWith("_")) return false;
  return !isInternal(m);
}
function members(list, owner) {
  const groups = new Map();
  for (const m of list) {
    if (ts.isConstructorDeclaration(m) || ts.isIndexSignatureDeclaration(m) || ts.isClassStaticBlockDeclaration(m))
      continue;
    if (ts.isCallSignatureDeclaration(m) || ts.isConstructSignatureDeclaration(m)) continue;
    if (!isPublicMember(m)) continue;
    const n = memberName(m);
    const g = groups.get(n) ?? [];
    g.push(m);
    groups.set(n, g);
  }
  for (const [n, g] of groups) recordGroup(g, `${owner}.${n}`, "member");
}
function typeLiteralMembers(typeNode, owner) {
  if (!typeNode) return;
  if (ts.isTypeLiteralNode(typeNode)) members(typeNode.members, owner);
  else if (ts.isIntersectionTypeNode(typeNode) || ts.isUnionTypeNode(typeNode))
    for (const t of typeNode.types) typeLiteralMembers(t, owner);
}

const seenModules = new Set();
const seenSymbols = new Set();
function visitModule(moduleSymbol, prefix) {
  if (seenModules.has(moduleSymbol)) return;
  seenModules.add(moduleSymbol);
  for (const exp of checker.getExportsOfModule(moduleSymbol)) {
    let sym = exp;
    if (sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
    const name = prefix + exp.getName();
    if (exp.getName() === "default") continue;
    if (sym.flags & ts.SymbolFlags.ValueModule && sym.declarations?.some(ts.isSourceFile)) {
      visitModule(sym, `${name}.`);
      continue;
    }
    if (seenSymbols.has(sym)) continue;
    seenSymbols.add(sym);
    const decls = (sym.declarations ?? []).filter((d) => inLib(d) && !isInternal(d));
    if (decls.length === 0) continue;
    const fns = decls.filter((d) => ts.isFunctionDeclaration(d));
    if (fns.length) recordGroup(fns, name);
    for (const d of decls) {
      if (ts.isFunctionDeclaration(d)) continue;
      if (ts.isClassDeclaration(d) || ts.isInterfaceDeclaration(d)) {
        record(d, name);
        members(d.members, name);
      } else if (ts.isTypeAliasDeclaration(d)) {
        record(d, name);
        typeLiteralMembers(d.type, name);
        // `export type Tensor = TensorClass`: the class's members are public API under this name.
        if (ts.isTypeReferenceNode(d.type)) {
          let target = checker.getSymbolAtLocation(d.type.typeName);
          if (target && target.flags & ts.SymbolFlags.Alias) target = checker.getAliasedSymbol(target);
          for (const c of target?.declarations ?? []) {
            if (!(ts.isClassDeclaration(c) || ts.isInterfaceDeclaration(c)) || !inLib(c) || seenSymbols.has(target))
              continue;
            record(c, name);
            members(c.members, name);
          }
          if (target) seenSymbols.add(target);
        }
      } else if (ts.isVariableDeclaration(d) || ts.isEnumDeclaration(d) || ts.isModuleDeclaration(d)) {
        record(d, name);
      }
    }
  }
}

const sf = program.getSourceFile(entry);
visitModule(checker.getSymbolAtLocation(sf), "torch.");

const all = [...items.values()];
const documented = all.filter((i) => i.documented).length;
const pct = (a, b) => (b === 0 ? 100 : (100 * a) / b).toFixed(1);
const byFile = new Map();
for (const i of all) {
  const f = byFile.get(i.file) ?? { total: 0, documented: 0, missing: [] };
  f.total++;
  if (i.documented) f.documented++;
  else f.missing.push(i.name);
  byFile.set(i.file, f);
}
if (list) {
  for (const [file, f] of [...byFile].sort()) {
    console.log(`${file}: ${f.documented}/${f.total} (${pct(f.documented, f.total)} %)`);
    for (const m of f.missing) console.log(`    ${m}`);
  }
}
for (const kind of ["declaration", "member"]) {
  const k = all.filter((i) => i.kind === kind);
  const d = k.filter((i) => i.documented).length;
  console.log(`  exported ${kind}s: ${d}/${k.length} (${pct(d, k.length)} %)`);
}
console.log(
  `JSDoc coverage of the public API: ${documented}/${all.length} declarations and public members documented ` +
    `(${pct(documented, all.length)} %)`,
);
if (min !== undefined && (100 * documented) / all.length < min) process.exit(1);
