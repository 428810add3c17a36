/**
 * The local KalshiBook API: the account endpoints of the real backend, GoTrue-compatible auth
 * under /auth/v1 and a Stripe stand-in, on an embedded Postgres (PGlite); and the data endpoints
 * over deterministic synthetic market data (docs/local-api-data.md).
 *
 *   const api = await startLocalApi({ port: 0, memory: true });
 *   // api.url, api.anonKey, api.dashboardUrl, api.demo?.email …
 *   await api.close();
 */
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { adminRoutes } from './admin';
import type { AppContext, Logger, Settings } from './context';
import { firstRow, openDatabase, type Db } from './db';
import { handleFastApiRequest } from './fastapi';
import { localInfoRoutes } from './local-info';
import { FaultController, faultMiddleware } from './faults';
import { FLOW_STATE_EXPIRY_SECONDS } from './gotrue/flow-state';
import { DEFAULT_REDIRECT_ALLOW_LIST } from './gotrue/redirect';
import { goTrueRoutes } from './gotrue/routes';
import { backendRouter } from './routes';
import { DEMO_EMAIL, seedDemoAccount } from './seed';
import { startUsageSimulation } from './simulate-usage';
import { stripePages } from './stripe/pages';

export const DEFAULT_ANON_KEY = 'local-anon-key';
export const DEFAULT_TOKEN_TTL = 3600;
export const DEFAULT_REFRESH_TOKEN_REUSE_INTERVAL = 10;

export interface LocalApiOptions {
  /** Port to listen on; 0 picks a free one. Default 0. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
  /** Throwaway in-memory database. Default: true unless `dataDir` is given. */
  memory?: boolean;
  /** Persist the database in this directory (created on first use). */
  dataDir?: string;
  /** Access-token lifetime in seconds. Default 3600. */
  tokenTtl?: number;
  /** The anon key GoTrue routes require in `apikey`. Default `local-anon-key`. */
  anonKey?: string;
  /** Where checkout/portal send the browser back to. Default: the API's own origin. */
  dashboardUrl?: string;
  /** Enable /__admin test controls and fault injection. Default false. */
  faults?: boolean;
  /** Create the demo account on first start. Default true. */
  seedDemo?: boolean;
  /** GoTrue refresh_token_reuse_interval in seconds. Default 10 (lower it in tests). */
  refreshTokenReuseInterval?: number;
  /** GoTrue's redirect allow list (globs). Default: the Chrome and Firefox extension redirect URLs. */
  redirectAllow?: string[];
  /** Called with one line per request (e.g. `console.log` for an access log). */
  accessLog?: (line: string) => void;
  /** Do not print unexpected server errors to stderr. Default false. */
  quiet?: boolean;
  /** Start with the real backend's JSONB defect on: /orderbook 500s whenever a snapshot exists. Default false. */
  jsonbDefect?: boolean;
  /** Spend the demo account's credits over time (simulate-usage.ts): every `intervalMs` (default 60 s). */
  simulateUsage?: { intervalMs?: number; email?: string };
}

export interface LocalApi {
  /** The API base URL, e.g. `http://127.0.0.1:8000`. */
  url: string;
  /** The GoTrue URL: the same origin (routes under /auth/v1). */
  authUrl: string;
  anonKey: string;
  dashboardUrl: string;
  port: number;
  /** The demo account's credentials when the database has it. */
  demo?: { email: string; password: string };
  /** Changes the access-token lifetime from now on. */
  setTokenTtl(seconds: number): void;
  /** Stops the server and closes the database. */
  close(): Promise<void>;
}

async function loadJwtSecret(db: Db): Promise<string> {
  const existing = await firstRow<{ value: string }>(db, "SELECT value FROM local_meta WHERE key = 'jwt_secret'");
  if (existing) return existing.value;
  const secret = randomBytes(32).toString('base64url');
  await db.query("INSERT INTO local_meta (key, value) VALUES ('jwt_secret', $1) ON CONFLICT (key) DO NOTHING", [secret]);
  return ((await firstRow<{ value: string }>(db, "SELECT value FROM local_meta WHERE key = 'jwt_secret'")) as { value: string }).value;
}

/** Builds the HTTP application (exported for tests that want app.fetch without a socket). */
export function createApp(app: AppContext): Hono {
  const http = new Hono();
  const faults = new FaultController();
  const router = backendRouter();

  if (app.log.access) {
    const access = app.log.access;
    http.use('*', async (c, next) => {
      const started = performance.now();
      await next();
      access(`${c.req.method} ${new URL(c.req.url).pathname} ${c.res.status} ${Math.round(performance.now() - started)}ms`);
    });
  }
  if (app.settings.faults) {
    http.use('*', faultMiddleware(faults));
    http.route('/__admin', adminRoutes(app, faults));
  }
  http.route('/auth/v1', goTrueRoutes(app));
  http.route('/__local', localInfoRoutes(app));
  http.route('/', stripePages(app));
  http.all('*', (c) => handleFastApiRequest(app, router, c.req.raw));
  http.onError((err, c) => {
    app.log.error(`${c.req.method} ${c.req.path} failed: ${String(err)}`, err);
    return c.text('Internal Server Error', 500);
  });
  return http;
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    });
  });
}

function originFor(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

export async function startLocalApi(options: LocalApiOptions = {}): Promise<LocalApi> {
  const host = options.host ?? '127.0.0.1';
  const inMemory = options.memory ?? options.dataDir === undefined;
  if (!inMemory && options.dataDir === undefined) throw new Error('memory: false needs a dataDir.');
  const database = await openDatabase(inMemory ? undefined : options.dataDir);
  try {
    const log: Logger = {
      access: options.accessLog,
      error: options.quiet ? () => undefined : (message, err) => console.error(`[local-api] ${message}`, err ?? ''),
    };
    const settings: Settings = {
      apiUrl: '',
      dashboardUrl: '',
      anonKey: options.anonKey ?? DEFAULT_ANON_KEY,
      tokenTtl: options.tokenTtl ?? DEFAULT_TOKEN_TTL,
      refreshTokenReuseInterval: options.refreshTokenReuseInterval ?? DEFAULT_REFRESH_TOKEN_REUSE_INTERVAL,
      jwtSecret: await loadJwtSecret(database.db),
      faults: options.faults ?? false,
      redirectAllowList: options.redirectAllow ?? [...DEFAULT_REDIRECT_ALLOW_LIST],
      flowStateExpiry: FLOW_STATE_EXPIRY_SECONDS,
      jsonbDefect: options.jsonbDefect ?? false,
    };
    const app: AppContext = { db: database.db, settings, log };
    const demo = options.seedDemo === false ? undefined : await seedDemoAccount(app);

    // overrideGlobalObjects: false — do not replace the process's global Request/Response (tests embed this server).
    const server = createAdaptorServer({ fetch: createApp(app).fetch, hostname: host, overrideGlobalObjects: false }) as Server;
    const address = await listen(server, options.port ?? 0, host);
    settings.apiUrl = originFor(host, address.port);
    settings.dashboardUrl = (options.dashboardUrl ?? settings.apiUrl).replace(/\/+$/, '');

    const simulation = options.simulateUsage
      ? startUsageSimulation(app, { email: options.simulateUsage.email ?? DEMO_EMAIL, intervalMs: options.simulateUsage.intervalMs })
      : null;
    let closing: Promise<void> | undefined;
    return {
      url: settings.apiUrl,
      authUrl: settings.apiUrl,
      anonKey: settings.anonKey,
      dashboardUrl: settings.dashboardUrl,
      port: address.port,
      ...(demo ? { demo } : {}),
      setTokenTtl(seconds: number) {
        settings.tokenTtl = seconds;
      },
      close() {
        closing ??= (async () => {
          simulation?.stop();
          await new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          });
          await database.close();
        })();
        return closing;
      },
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}
