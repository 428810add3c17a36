// The project's WXT config with another output directory: the e2e harness builds a private copy
// of the extension with it when .output/chrome-mv3 is not an e2e build (see harness.ts).
import base from '../../wxt.config';

export default { ...base, outDir: process.env.KB_E2E_OUT_DIR ?? '.output-e2e' };
