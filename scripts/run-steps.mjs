// Runs commands for the test scripts (scripts/test-all.mjs, scripts/test-browsers.mjs): one at a
// time or side by side, each output line prefixed with the step's name, each step timed.
import { spawn } from 'node:child_process';

const started = Date.now();
export const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;

/** One step: `command` through the shell, its output streamed with a `[name]` prefix. Resolves to its exit code. */
export function runStep({ name, command, env = {} }) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(command, { shell: true, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const prefix = `[${name}] `;
    for (const [stream, out] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ]) {
      let rest = '';
      stream.on('data', (chunk) => {
        const lines = (rest + chunk.toString('utf8')).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) out.write(prefix + line + '\n');
      });
      stream.on('end', () => rest && out.write(prefix + rest + '\n'));
    }
    child.on('close', (code) => {
      const seconds = Math.round((Date.now() - t0) / 1000);
      console.log(`${prefix}${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${seconds} s (${elapsed()} since the start)`);
      resolve(code ?? 1);
    });
  });
}

/** Steps side by side (or one after the other when `sequential`); true when every one passed. */
export async function runTogether(steps, { sequential = false } = {}) {
  if (sequential) {
    for (const step of steps) if ((await runStep(step)) !== 0) return false;
    return true;
  }
  const codes = await Promise.all(steps.map(runStep));
  return codes.every((code) => code === 0);
}

/**
 * The scenario suite (tests/browser) in both browsers as a step: one vitest running projects
 * `browser-chromium` and `browser-firefox`, KB_BROWSER_WORKERS files at a time (2 by default; on 2
 * cores 3 made each file slower rather than the suite shorter, and 4 made Firefox waits time out).
 * Each file launches its own browser. `files` are passed on.
 */
export function browserSuiteStep(files = []) {
  const workers = Number(process.env.KB_BROWSER_WORKERS ?? 2);
  return {
    name: 'browsers',
    command: ['npx vitest run --project browser-chromium --project browser-firefox', `--maxWorkers=${workers}`, ...files].join(' '),
    env: { PUPPETEER_SKIP_DOWNLOAD: '1', NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ./scripts/node-polyfills.mjs`.trim() },
    workers,
  };
}
