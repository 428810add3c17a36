/**
 * `npm run api` — runs the local KalshiBook API until Ctrl-C.
 *
 * stdout carries only the connection details, one per line (scripts may parse them):
 *   API URL: … / Auth URL: … / Anon key: … / Dashboard URL: … [/ Email: … / Password: …]
 * Everything else (notes, access log, errors) goes to stderr.
 */
import { parseArgs } from 'node:util';
import { startLocalApi, type LocalApi } from './server';

const USAGE = `Usage: npm run api -- [options]

  --port N             port to listen on (default 8000; 0 = any free port)
  --host HOST          interface to bind (default 127.0.0.1)
  --data-dir DIR       persist the database in DIR (default .api-data)
  --memory             throwaway in-memory database instead
  --token-ttl SECONDS  access-token lifetime (default 3600)
  --anon-key KEY       anon key the auth routes require (default local-anon-key)
  --dashboard-url URL  where Stripe checkout/portal return to (default: the API's own URL); also
                       GoTrue's site URL, where a Google sign-in lands when redirect_to is not allowed
  --redirect-allow GLOBS  GoTrue's redirect allow list for Google sign-in, comma-separated, may be
                       repeated (default: https://*.chromiumapp.org/**,https://*.extensions.allizom.org/**;
                       * stays within one ./ part, ** crosses them; "" allows none)
  --faults             enable /__admin test controls and fault injection
  --jsonb-defect       answer like the stock backend: POST /orderbook 500s whenever a snapshot
                       exists, GET /markets/{ticker} 500s for markets with metadata (see
                       docs/local-api-data.md)
  --no-seed            do not create the demo account
  --simulate-usage[=SECONDS]  spend the demo account's credits across its keys every SECONDS
                       (default 60), so the extension's usage charts grow
  --quiet              no access log
  -h, --help           show this help`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function integerOption(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) fail(`${name} must be an integer from ${min} to ${max}.`);
  return Number(value);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      // `--simulate-usage` alone means every 60 s (parseArgs wants a value for a string option).
      args: process.argv.slice(2).map((arg) => (arg === '--simulate-usage' ? '--simulate-usage=60' : arg)),
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        memory: { type: 'boolean' },
        'token-ttl': { type: 'string' },
        'anon-key': { type: 'string' },
        'dashboard-url': { type: 'string' },
        'redirect-allow': { type: 'string', multiple: true },
        faults: { type: 'boolean' },
        'jsonb-defect': { type: 'boolean' },
        'no-seed': { type: 'boolean' },
        quiet: { type: 'boolean' },
        'simulate-usage': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  const { values } = parsed;
  if (values.help) {
    console.error(USAGE);
    return;
  }
  if (values.memory && values['data-dir'] !== undefined) fail('Use either --memory or --data-dir, not both.');
  const dashboardUrl = values['dashboard-url'];
  if (dashboardUrl !== undefined && !/^https?:\/\/[^/]/.test(dashboardUrl)) fail('--dashboard-url must be an http(s) URL.');
  const port = integerOption(values.port, '--port', 8000, 0, 65535);
  const host = values.host ?? '127.0.0.1';
  const dataDir = values.memory ? undefined : (values['data-dir'] ?? '.api-data');
  const simulateSeconds = values['simulate-usage'] === undefined ? undefined : integerOption(values['simulate-usage'] || '60', '--simulate-usage', 60, 1, 86400);

  let api: LocalApi;
  try {
    api = await startLocalApi({
      port,
      host,
      memory: Boolean(values.memory),
      dataDir,
      tokenTtl: integerOption(values['token-ttl'], '--token-ttl', 3600, 1, 604800),
      anonKey: values['anon-key'],
      dashboardUrl,
      redirectAllow: values['redirect-allow']?.flatMap((list) => list.split(',')).map((glob) => glob.trim()).filter((glob) => glob !== ''),
      faults: Boolean(values.faults),
      jsonbDefect: Boolean(values['jsonb-defect']),
      seedDemo: !values['no-seed'],
      accessLog: values.quiet ? undefined : (line) => console.error(line),
      ...(simulateSeconds !== undefined ? { simulateUsage: { intervalMs: simulateSeconds * 1000 } } : {}),
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(`Port ${port} on ${host} is already in use. Stop the other server or pass --port 0 for a free port.`);
    } else {
      console.error(err instanceof Error ? err.message : err);
    }
    process.exit(1);
  }

  const lines = [
    `API URL: ${api.url}`,
    `Auth URL: ${api.authUrl}`,
    `Anon key: ${api.anonKey}`,
    `Dashboard URL: ${api.dashboardUrl}`,
    ...(api.demo ? [`Email: ${api.demo.email}`, `Password: ${api.demo.password}`] : []),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  console.error(
    `${dataDir ? `Data directory: ${dataDir}` : 'In-memory database (discarded on exit)'}` +
      `${values.faults ? ' · fault injection enabled at /__admin' : ''}` +
      `${values['jsonb-defect'] ? ' · JSONB defect on (POST /orderbook answers 500 like the stock backend)' : ''}${simulateSeconds !== undefined ? ` · simulated usage every ${simulateSeconds} s` : ''} · Ctrl-C to stop`,
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.error(`Received ${signal} again, exiting now.`);
      process.exit(1);
    }
    stopping = true;
    api.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('Failed to stop cleanly:', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

await main();
