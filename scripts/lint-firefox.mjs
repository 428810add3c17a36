#!/usr/bin/env node
// Lints what goes to addons.mozilla.org with addons-linter (the checks AMO runs on upload): the
// Firefox MV3 folder and the Firefox zip made from it. Run after `wxt zip -b firefox --mv3`
// (`npm run lint:firefox` does both).
//
// Fails on any error, and on any warning that is not one of the known ones explained in the
// docs/releasing.md ("addons-linter warnings"). A known warning is accepted only after looking at the
// code it points to, so a new `Function(...)` or `innerHTML =` that happens to land in the same
// file still fails.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import linter from 'addons-linter';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, '.output');
const buildDir = path.join(outDir, 'firefox-mv3');

/** The code around a finding: `before` ends where the linter's (1-based) column points. */
function codeAt(file, line, column) {
  const text = readFileSync(path.join(buildDir, file), 'utf8').split('\n')[line - 1] ?? '';
  const at = column - 1;
  return { before: text.slice(Math.max(0, at - 400), at), after: text.slice(at, at + 80) };
}

// Each known warning: what it is, and how to recognise exactly that code in the build.
const KNOWN = [
  {
    code: 'DANGEROUS_EVAL',
    what: "zod 4's `Function('')` probe, skipped because lib/api/zod-config.ts sets jitless",
    matches: (w) => {
      // zod's core sits in the background or, since the Playground also uses it, in a shared chunk.
      if (w.file !== 'background.js' && !/^chunks\/[\w-]+\.js$/.test(w.file)) return false;
      const { before, after } = codeAt(w.file, w.line, w.column);
      // try { return Function(""), true } behind `if (config.jitless || …) return false`
      return /^Function\(``\)/.test(after) && /\.jitless\|\|[^]*try\{return $/.test(before);
    },
  },
  {
    code: 'UNSAFE_VAR_ASSIGNMENT',
    what: "React DOM's `dangerouslySetInnerHTML` prop handler (no component of the extension uses that prop)",
    matches: (w) => {
      if (!/^chunks\/[\w-]+\.js$/.test(w.file)) return false;
      const { before, after } = codeAt(w.file, w.line, w.column);
      // case "dangerouslySetInnerHTML": … if (n = r.__html, n != null) { … e.innerHTML = n }
      return /^\w+\.innerHTML=\w+\)/.test(after) && /case`dangerouslySetInnerHTML`:[^]*\.__html[^;]*$/.test(before.slice(-300));
    },
  },
];

async function lint(target) {
  const instance = linter.createInstance({
    config: {
      _: [target],
      logLevel: 'fatal',
      stack: false,
      pretty: false,
      warningsAsErrors: false,
      metadata: false,
      output: 'none',
      boring: true,
      selfHosted: false,
      privileged: false,
      enableBackgroundServiceWorker: false,
    },
    runAsBinary: false,
  });
  return instance.run();
}

function firefoxZip() {
  const zips = existsSync(outDir) ? readdirSync(outDir).filter((f) => f.endsWith('-firefox.zip')) : [];
  if (zips.length !== 1) throw new Error(`expected one *-firefox.zip in .output, found ${zips.length}: run \`wxt zip -b firefox --mv3\` first`);
  return path.join(outDir, zips[0]);
}

let failed = false;
if (!existsSync(path.join(buildDir, 'manifest.json'))) {
  console.error('FAIL lint:firefox: .output/firefox-mv3 is missing; run `wxt zip -b firefox --mv3` first.');
  process.exit(1);
}
for (const target of [buildDir, firefoxZip()]) {
  const name = path.relative(root, target);
  const { errors, warnings, notices } = await lint(target);
  const unexplained = [];
  const explained = [];
  for (const w of warnings) {
    const known = KNOWN.find((k) => k.code === w.code && k.matches(w));
    (known ? explained : unexplained).push({ ...w, what: known?.what });
  }
  for (const e of errors) console.error(`  error   ${e.code} ${e.file ?? ''}:${e.line ?? ''}  ${e.message}`);
  for (const w of unexplained) console.error(`  warning ${w.code} ${w.file ?? ''}:${w.line ?? ''}:${w.column ?? ''}  ${w.message} (not a known warning: fix it, or explain it in docs/releasing.md and here)`);
  for (const w of explained) console.log(`  known warning ${w.code} ${w.file}:${w.line}:${w.column}: ${w.what}`);
  for (const n of notices) console.log(`  notice  ${n.code} ${n.file ?? ''}  ${n.message}`);
  const ok = errors.length === 0 && unexplained.length === 0;
  failed ||= !ok;
  console.log(`${ok ? 'PASS' : 'FAIL'} addons-linter ${name}: ${errors.length} errors, ${warnings.length} warnings (${explained.length} known), ${notices.length} notices`);
}
process.exit(failed ? 1 : 0);
