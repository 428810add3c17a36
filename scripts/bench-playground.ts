// Playground figures for `npm run bench`: the depth chart (100 levels a side) and the 5,000-row
// trades table, rendered in Chromium from the same components the options page lazy-loads
// (bundled here with React's production build and styled with the extension's built CSS).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import type { BrowserContext } from 'playwright-core';

export interface PlaygroundFigures {
  depthMs: number[];
  tableMs: number[];
  scrollMs: number[];
  /** Rows in the DOM after scrolling: the table stays windowed. */
  rowsInDom: number;
}

export async function benchPlayground(context: BrowserContext, buildDir: string, runs: number): Promise<PlaygroundFigures> {
  const bundle = await build({
    entryPoints: [path.resolve('scripts/bench-playground-page.tsx')],
    bundle: true,
    minify: true,
    write: false,
    format: 'iife',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"', 'import.meta.env': '{}' },
    alias: { '@': path.resolve('.') },
    logLevel: 'silent',
  });
  const cssDir = path.join(buildDir, 'assets');
  const css = readdirSync(cssDir)
    .filter((f) => f.endsWith('.css'))
    .map((f) => readFileSync(path.join(cssDir, f), 'utf8'))
    .join('\n');
  const page = await context.newPage();
  try {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
    await page.addStyleTag({ content: css });
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    type Bench = { depth(n: number): number[]; table(n: number): number[]; scroll(n: number): Promise<number[]> };
    // Warm-up (JIT, styles), then measured runs.
    await page.evaluate(() => (globalThis as unknown as { kbBench: Bench }).kbBench.depth(3));
    await page.evaluate(() => (globalThis as unknown as { kbBench: Bench }).kbBench.table(2));
    const depthMs = await page.evaluate((n) => (globalThis as unknown as { kbBench: Bench }).kbBench.depth(n), runs);
    const tableMs = await page.evaluate((n) => (globalThis as unknown as { kbBench: Bench }).kbBench.table(n), runs);
    const scroll = await page.evaluate((n) => (globalThis as unknown as { kbBench: Bench }).kbBench.scroll(n), 20);
    return { depthMs, tableMs, scrollMs: scroll.slice(0, -1), rowsInDom: scroll.at(-1)! };
  } finally {
    await page.close();
  }
}
