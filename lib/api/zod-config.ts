import { z } from 'zod';

// Extension pages and workers run under a CSP without 'unsafe-eval': tell zod not to probe for
// `new Function` (its JIT fast path), which would only fail and, in some engines, report a violation.
z.config({ jitless: true });
