// After the run: the browser a worker kept for its next file (driver/extension.ts `spare`) stopped (its profile folder is on its command
// line; pkill exits with 1 if none is left), and the temporary folders its workers made (adapters/types.ts `tempDir`) removed.
import { spawnSync } from 'node:child_process';
import { removeTempDirsOf } from './adapters/types';
export default () => () => void (spawnSync('pkill', ['-KILL', '-f', `kb-run${process.pid}-`]), removeTempDirsOf(process.pid));
