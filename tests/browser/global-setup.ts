// After the run: the temporary folders its workers made (adapters/types.ts `tempDir`, named after this process).
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default () => () => {
  for (const name of readdirSync(tmpdir())) if (name.startsWith(`kb-run${process.pid}-`)) rmSync(path.join(tmpdir(), name), { recursive: true, force: true });
};
