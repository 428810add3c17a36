/** What every part of the server shares: the database and the (run-time adjustable) settings. */
import type { Db } from './db';

export interface Settings {
  /** The API's own origin, e.g. `http://127.0.0.1:8000` (also the GoTrue origin). */
  apiUrl: string;
  /** Where Stripe sends the browser back to (`{dashboardUrl}/billing?success=true`). */
  dashboardUrl: string;
  /** The value GoTrue routes require in the `apikey` header. */
  anonKey: string;
  /** Access-token lifetime in seconds (GoTrue `jwt_expiry`). */
  tokenTtl: number;
  /** GoTrue `refresh_token_reuse_interval` in seconds. */
  refreshTokenReuseInterval: number;
  /** HS256 secret of the access tokens; persisted with the data directory. */
  jwtSecret: string;
  /** Whether /__admin routes and fault injection are enabled. */
  faults: boolean;
  /** GoTrue's URI allow list (globs) for `redirect_to`; the site URL is the dashboard URL. */
  redirectAllowList: string[];
  /** GoTrue's flow-state lifetime in seconds (300). */
  flowStateExpiry: number;
  /**
   * Reproduce the real backend's JSONB defect (contract §15.8, §15.13): `/orderbook` and the
   * orderbook demo answer 500 whenever a snapshot is found, `/markets/{ticker}` whenever the
   * market has metadata. Off by default (the intended 200 bodies).
   */
  jsonbDefect: boolean;
}

export interface Logger {
  /** One line per request (CLI access log). */
  access?: (line: string) => void;
  /** Unexpected errors (the real server logs these too). */
  error: (message: string, err?: unknown) => void;
}

export interface AppContext {
  db: Db;
  settings: Settings;
  log: Logger;
}
