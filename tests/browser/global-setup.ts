// After the run: the temporary folders its workers made (adapters/types.ts `tempDir`, named after this process).
import { removeTempDirsOf } from './adapters/types';
export default () => () => removeTempDirsOf(process.pid);
