/**
 * Simulated usage (`npm run api -- --simulate-usage`, and `npm start`): spends an account's credits
 * over time across its active keys, as data requests would (the lazy monthly reset, the allowance
 * unless Pay-As-You-Go is on, a usage row per call), so the extension's usage history and Billing's
 * charts grow while you watch. Also the admin switch `/__admin/cycle-usage` that sets a cycle's
 * start and its usage directly (tests).
 */
import type { AppContext } from './context';
import { rows } from './db';
import { GoTrue } from './gotrue/service';
import { deductCredits, ensureBillingAccount } from './services/billing';

export const DEFAULT_SIMULATION_INTERVAL_MS = 60_000;

/** Endpoints and their credit cost (contract §7.2), picked per simulated call. */
const CALLS: [string, number][] = [
  ['/orderbook', 5],
  ['/deltas', 2],
  ['/markets', 1],
  ['/trades', 2],
  ['/candles/KXBTC-26FEB28-B100000', 3],
];

export interface UsageSimulation {
  /** One round of simulated calls; resolves to the credits spent (0 once the allowance is used up). */
  tick(): Promise<number>;
  stop(): void;
}

export interface SimulationOptions {
  email: string;
  intervalMs?: number;
  /** 0 ≤ r < 1; `Math.random` unless given (tests). */
  random?: () => number;
}

/**
 * Every `intervalMs`, a few calls on the account's keys: the oldest keys busiest (weights 3, 2, 1,
 * 1 …) and now and then a burst, so the chart has a shape.
 */
export function startUsageSimulation(app: AppContext, options: SimulationOptions): UsageSimulation {
  const random = options.random ?? Math.random;
  let running: Promise<number> = Promise.resolve(0);
  const tick = (): Promise<number> => {
    running = running.then(async () => {
      const userId = await new GoTrue(app).userIdByEmail(options.email);
      if (!userId) return 0;
      await ensureBillingAccount(app.db, userId);
      const keys = await rows<{ id: string }>(app.db, 'SELECT id FROM api_keys WHERE user_id = $1 AND revoked_at IS NULL ORDER BY created_at', [userId]);
      if (keys.length === 0) return 0;
      const weights = keys.map((_, i) => Math.max(1, 3 - i));
      const sum = weights.reduce((a, b) => a + b, 0);
      const calls = random() < 0.1 ? 6 : 1 + Math.floor(random() * 3);
      let spent = 0;
      for (let n = 0; n < calls; n++) {
        let pick = random() * sum;
        let index = 0;
        while (index < keys.length - 1 && pick >= weights[index]!) pick -= weights[index++]!;
        const [endpoint, cost] = CALLS[Math.floor(random() * CALLS.length)]!;
        const charged = await deductCredits(app.db, userId, cost);
        if (!charged) break;
        const keyId = keys[index]!.id;
        await app.db.transaction(async (tx) => {
          await tx.query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [keyId]);
          await tx.query('INSERT INTO api_key_usage (api_key_id, endpoint, credits_charged) VALUES ($1, $2, $3)', [keyId, endpoint, cost]);
        });
        spent += cost;
      }
      return spent;
    });
    const result = running;
    running = running.catch((err: unknown) => {
      app.log.error('usage simulation failed', err);
      return 0;
    });
    return result;
  };
  const timer = setInterval(() => void tick().catch(() => undefined), options.intervalMs ?? DEFAULT_SIMULATION_INTERVAL_MS);
  timer.unref?.();
  return {
    tick,
    stop: () => clearInterval(timer),
  };
}

export class CycleUsageError extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
  }
}

export interface CycleUsageInput {
  email: string;
  /** The cycle's start, ISO 8601. */
  start: string;
  /** Credits used this cycle; default: the sum of `keys`. */
  creditsUsed?: number;
  /** Each key's credits this cycle (by key id or prefix). Keys not named keep 0 this cycle. */
  keys?: { key: string; credits: number }[];
}

/**
 * `POST /__admin/cycle-usage`: the account's cycle began at `start` and this much is used — the
 * billing row's start and credits_used, and the keys' usage rows since `start` replaced by one row
 * per named key (recorded now), so /billing/status and /keys/usage agree. No lazy reset runs.
 */
export async function setCycleUsage(app: AppContext, input: CycleUsageInput): Promise<{ billing_cycle_start: string; credits_used: number }> {
  const start = new Date(input.start);
  if (Number.isNaN(start.getTime())) throw new CycleUsageError(400, 'start must be an ISO 8601 date-time.');
  if (start.getTime() > Date.now()) throw new CycleUsageError(400, 'start must not be in the future.');
  const userId = await new GoTrue(app).userIdByEmail(input.email);
  if (!userId) throw new CycleUsageError(404, `No user with email ${input.email}.`);
  await ensureBillingAccount(app.db, userId);
  const owned = await rows<{ id: string; key_prefix: string }>(app.db, 'SELECT id::text AS id, key_prefix FROM api_keys WHERE user_id = $1 AND revoked_at IS NULL', [userId]);
  const named = (input.keys ?? []).map(({ key, credits }) => {
    const match = owned.filter((k) => k.id === key || k.key_prefix === key);
    if (match.length !== 1) throw new CycleUsageError(404, `No single active key ${key} of this account.`);
    if (!Number.isInteger(credits) || credits < 0) throw new CycleUsageError(400, 'Each key’s credits must be a non-negative integer.');
    return { id: match[0]!.id, credits };
  });
  const creditsUsed = input.creditsUsed ?? named.reduce((a, k) => a + k.credits, 0);
  if (!Number.isInteger(creditsUsed) || creditsUsed < 0) throw new CycleUsageError(400, 'credits_used must be a non-negative integer.');
  await app.db.transaction(async (tx) => {
    await tx.query('UPDATE billing_accounts SET billing_cycle_start = $2, credits_used = $3, updated_at = now() WHERE user_id = $1', [userId, start.toISOString(), creditsUsed]);
    await tx.query('DELETE FROM api_key_usage WHERE created_at >= $2 AND api_key_id IN (SELECT id FROM api_keys WHERE user_id = $1)', [userId, start.toISOString()]);
    for (const k of named) {
      if (k.credits === 0) continue;
      await tx.query("INSERT INTO api_key_usage (api_key_id, endpoint, credits_charged) VALUES ($1, '/markets', $2)", [k.id, k.credits]);
      await tx.query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [k.id]);
    }
  });
  return { billing_cycle_start: start.toISOString(), credits_used: creditsUsed };
}
