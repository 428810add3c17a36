// Finds import cycles among the extension's own modules (lib, components, entrypoints), type-only
// imports included, and checks that lib/messaging.ts imports nothing from lib/background/.
// Resolution follows tsconfig.json (WXT's `@/` and `~/` aliases). Exits 1 on any finding.
//   node scripts/check-cycles.mjs [folders…]   (default: lib components entrypoints)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = process.cwd();
const folders = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['lib', 'components', 'entrypoints'];
const inside = (file) => folders.some((folder) => !path.relative(path.join(root, folder), file).startsWith('..'));

const configPath = ts.findConfigFile(root, ts.sys.fileExists, 'tsconfig.json');
const parsed = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, root);
const files = parsed.fileNames.map((f) => path.resolve(f)).filter((f) => inside(f) && /\.tsx?$/.test(f) && !f.endsWith('.d.ts'));

/** Every module a file imports or re-exports, resolved to one of our files. */
const graph = new Map();
for (const file of files) {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  const targets = new Set();
  for (const { fileName } of importedFiles) {
    const resolved = ts.resolveModuleName(fileName, file, parsed.options, ts.sys).resolvedModule?.resolvedFileName;
    if (resolved && !resolved.includes(`${path.sep}node_modules${path.sep}`) && inside(path.resolve(resolved))) targets.add(path.resolve(resolved));
  }
  graph.set(file, [...targets]);
}

// Tarjan's strongly connected components: every component of more than one file (or a file that
// imports itself) is a cycle.
let index = 0;
const stack = [];
const state = new Map();
const cycles = [];
function visit(file) {
  const node = { index, low: index, onStack: true };
  index++;
  state.set(file, node);
  stack.push(file);
  for (const next of graph.get(file) ?? []) {
    const seen = state.get(next);
    if (!seen) {
      visit(next);
      node.low = Math.min(node.low, state.get(next).low);
    } else if (seen.onStack) {
      node.low = Math.min(node.low, seen.index);
    }
  }
  if (node.low === node.index) {
    const component = [];
    let member;
    do {
      member = stack.pop();
      state.get(member).onStack = false;
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || graph.get(file).includes(file)) cycles.push(component);
  }
}
for (const file of graph.keys()) if (!state.has(file)) visit(file);

const rel = (file) => path.relative(root, file);
const problems = [];
for (const component of cycles) problems.push(`import cycle: ${component.map(rel).sort().join(' <-> ')}`);
const messaging = path.join(root, 'lib', 'messaging.ts');
for (const target of graph.get(messaging) ?? []) {
  if (rel(target).startsWith(`lib${path.sep}background${path.sep}`)) problems.push(`lib/messaging.ts imports ${rel(target)}`);
}

if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  process.exit(1);
}
console.log(`No import cycles among ${graph.size} files in ${folders.join(', ')}; lib/messaging.ts imports nothing from lib/background/.`);
