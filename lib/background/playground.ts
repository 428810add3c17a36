// The Playground in the background: a data request with the selected key (revealed here, used for
// this one request, never stored and never sent to the page), the free demo and market search with
// the session, a 30 s timeout, cancel, the credits a call cost, and the history of requests.
import { endpointById, type EndpointSpec } from '../api/data-endpoints';
import { NetworkFailure, intHeader, requestIdOf, sendRaw, type RawAnswer } from '../api/data-fetch';
import { buildDemoBody, buildRequest, checkParams } from '../api/data-request';
import { demoResponseSchema, marketsResponseSchema, playgroundMarketsResponseSchema } from '../api/data-schemas';
import { errorFromResponse } from '../api/client';
import { ApiError } from '../api/errors';
import { cancelledProblem, invalidBodyProblem, networkProblem, problemFor, serverErrorProblem, timeoutProblem } from '../playground/problems';
import {
  HISTORY_LIMIT,
  PLAYGROUND_TIMEOUT_MS,
  type Credits,
  type HistoryEntry,
  type Outcome,
  type PlaygroundAnswer,
  type PlaygroundCall,
  type SearchAnswer,
  type SearchHit,
} from '../playground/types';
import type { BillingStatus } from '../api/schemas';
import { playgroundHistoryItem } from '../storage';
import type { BillingFeature } from './billing';
import { validation, type ServiceContext } from './context';
import type { KeysFeature } from './keys';

class Stopped {
  constructor(readonly why: 'cancelled' | 'timeout') {}
}

/** Statuses the server charges for (§15.4): 200, the handler's 404s, 422 after auth, 500. */
const chargedStatus = (status: number, hasEnvelope: boolean) => status === 200 || status === 422 || status >= 500 || (status === 404 && hasEnvelope);

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

export class PlaygroundFeature {
  private readonly runs = new Map<string, AbortController>();
  /** API base URLs that answered 404 to the v1.2 playground routes. */
  private readonly noSearch = new Set<string>();
  private readonly noDemo = new Set<string>();
  private historyQueue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly keys: KeysFeature,
    private readonly billing: BillingFeature,
    private readonly timeoutMs = PLAYGROUND_TIMEOUT_MS,
  ) {}

  async handle(call: PlaygroundCall): Promise<PlaygroundAnswer> {
    switch (call.action) {
      case 'send':
        return { kind: 'outcome', outcome: await this.send(call) };
      case 'demo':
        return { kind: 'outcome', outcome: await this.demo(call) };
      case 'search':
        return { kind: 'search', search: await this.search(call) };
      case 'cancel':
        this.runs.get(call.runId)?.abort(new Stopped('cancelled'));
        return { kind: 'done' };
      case 'clear-history':
        await this.editHistory(() => []);
        return { kind: 'done' };
      default:
        throw validation('action', 'Unknown Playground action.');
    }
  }

  /** Runs `fn` with an AbortSignal that fires on cancel or after the timeout. */
  private async guarded<T>(runId: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (typeof runId !== 'string' || !runId || this.runs.has(runId)) throw validation('runId', 'A Playground request needs its own id.');
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Stopped('timeout')), this.timeoutMs);
    this.runs.set(runId, controller);
    try {
      return await fn(controller.signal);
    } finally {
      clearTimeout(timer);
      this.runs.delete(runId);
    }
  }

  private spec(id: string, forDemo: boolean): EndpointSpec {
    const spec = endpointById(id);
    if (!spec) throw validation('endpoint', 'Choose an endpoint.');
    if (forDemo && !spec.demo) throw validation('endpoint', `The free demo does not cover ${spec.label}.`);
    return spec;
  }

  private async send(call: Extract<PlaygroundCall, { action: 'send' }>): Promise<Outcome> {
    const spec = this.spec(call.endpoint, false);
    const checked = checkParams(spec, call.values ?? {});
    if (!checked.ok) throw fieldsError(checked.errors);
    const request = buildRequest(spec, checked.params);
    const settings = await this.ctx.settings();
    const started = this.ctx.now();
    const outcome: Outcome = { via: 'key', endpoint: spec.id, method: request.method, path: request.path, sentBody: request.body, status: null, timeMs: 0, requestId: null, credits: noCredits(), body: null, problem: null };

    await this.guarded(call.runId, async (signal) => {
      let key: string;
      try {
        key = (await this.keys.reveal(call.keyId)).key;
      } catch (error) {
        if (error instanceof ApiError && error.code === 'key_not_found') {
          outcome.problem = { code: 'invalid_key', title: `The key “${call.keyName}” can’t be used here: it was revoked, or created before keys could be revealed.`, detail: 'Choose another key, or create one in API Keys. Nothing was charged.', next: ['keys'] };
          return;
        }
        throw error;
      }
      try {
        const answer = await sendRaw({ baseUrl: settings.apiBaseUrl, path: request.path, method: request.method, body: request.body, bearer: key, signal, fetch: this.ctx.deps.fetch });
        this.read(outcome, spec, answer, call.keyName);
      } catch (error) {
        if (error instanceof Stopped) outcome.problem = error.why === 'timeout' ? timeoutProblem(Math.round(this.timeoutMs / 1000)) : cancelledProblem();
        else if (error instanceof NetworkFailure) outcome.problem = networkProblem(hostOf(settings.apiBaseUrl));
        else throw error;
      }
    });
    outcome.timeMs = outcome.timeMs || this.ctx.now() - started;
    await this.settleCredits(outcome, spec);
    await this.remember(call, outcome);
    return outcome;
  }

  /** Status, request id, credits from headers, the problem, and the body checked against the schema. */
  private read(outcome: Outcome, spec: EndpointSpec, answer: RawAnswer, keyName?: string): void {
    outcome.status = answer.status;
    outcome.timeMs = answer.timeMs;
    outcome.requestId = requestIdOf(answer);
    outcome.body = answer.json ?? (answer.text ? answer.text.slice(0, 2000) : null);
    const cost = intHeader(answer.headers, 'X-Credits-Cost');
    const remaining = intHeader(answer.headers, 'X-Credits-Remaining');
    if (cost !== null) outcome.credits = { ...outcome.credits, charged: cost, chargedFrom: 'header' };
    if (remaining !== null) outcome.credits = { ...outcome.credits, remaining, remainingFrom: 'header' };
    outcome.problem = problemFor(spec, answer.status, answer.json, outcome.via, keyName);
    if (!outcome.problem && outcome.via === 'key' && !spec.schema.safeParse(answer.json).success) outcome.problem = invalidBodyProblem(outcome.requestId);
    if (outcome.via === 'key' && cost === null) {
      const envelope = !!answer.json && typeof answer.json === 'object' && 'error' in answer.json;
      outcome.credits = { ...outcome.credits, charged: chargedStatus(answer.status, envelope) ? spec.cost : 0, chargedFrom: 'estimate' };
    }
  }

  /**
   * After a keyed call: the billing status (free) brings the plan card and the badge up to date, and
   * gives the credits left when the headers were not readable. A network failure while the server
   * still answers the billing call is a 500 the browser hid (§15.7): charged, said plainly.
   */
  private async settleCredits(outcome: Outcome, spec: EndpointSpec): Promise<void> {
    if (outcome.via !== 'key' || (outcome.problem?.code === 'invalid_key' && outcome.status === null)) return;
    let status: BillingStatus | null = null;
    try {
      status = await this.billing.status();
    } catch {
      status = null;
    }
    if (outcome.problem?.code === 'network' && status) {
      outcome.problem = serverErrorProblem(spec, null, true);
      outcome.credits = { ...outcome.credits, charged: spec.cost, chargedFrom: 'estimate' };
    }
    if (status) {
      outcome.credits = { ...outcome.credits, paygEnabled: status.payg_enabled };
      if (outcome.credits.remainingFrom !== 'header') outcome.credits = { ...outcome.credits, remaining: status.credits_remaining, remainingFrom: 'billing' };
    }
  }

  private async demo(call: Extract<PlaygroundCall, { action: 'demo' }>): Promise<Outcome> {
    const spec = this.spec(call.endpoint, true);
    const checked = checkParams(spec, call.values ?? {}, true);
    if (!checked.ok) throw fieldsError(checked.errors);
    const body = buildDemoBody(spec, checked.params);
    const settings = await this.ctx.settings();
    const outcome: Outcome = { via: 'demo', endpoint: spec.id, method: 'POST', path: '/playground/demo', sentBody: body, status: null, timeMs: 0, requestId: null, credits: { ...noCredits(), charged: 0, chargedFrom: 'header' }, body: null, problem: null };
    const started = this.ctx.now();
    await this.guarded(call.runId, async (signal) => {
      try {
        const answer = await this.withSession((bearer) => sendRaw({ baseUrl: settings.apiBaseUrl, path: '/playground/demo', method: 'POST', body, bearer, signal, fetch: this.ctx.deps.fetch }));
        this.read(outcome, spec, answer);
        if (answer.status === 404 && outcome.problem?.code === 'no_route') this.noDemo.add(settings.apiBaseUrl);
        if (answer.status === 200 && !demoResponseSchema.safeParse(answer.json).success) outcome.problem = invalidBodyProblem(outcome.requestId);
      } catch (error) {
        if (error instanceof Stopped) outcome.problem = error.why === 'timeout' ? timeoutProblem(Math.round(this.timeoutMs / 1000)) : cancelledProblem();
        else if (error instanceof NetworkFailure) outcome.problem = spec.id === 'orderbook' ? serverErrorProblem(spec, null, true) : networkProblem(hostOf(settings.apiBaseUrl));
        else throw error;
      }
    });
    if (outcome.problem?.code === 'server_error' || outcome.problem?.code === 'server_error_hidden') {
      // The demo charges nothing; only its advice differs.
      outcome.problem = { ...outcome.problem, detail: `The demo is free, so nothing was charged. Try POST /deltas for the same range.${outcome.requestId ? ` Request id: ${outcome.requestId}.` : ''}`, next: spec.id === 'orderbook' ? ['deltas'] : [] };
    }
    outcome.timeMs = outcome.timeMs || this.ctx.now() - started;
    await this.remember(call, outcome);
    return outcome;
  }

  /** A call with the session's access token; a 401 refreshes the session once (session.authed). */
  private withSession(fn: (token: string) => Promise<RawAnswer>): Promise<RawAnswer> {
    return this.ctx.session.authed(async (token) => {
      const answer = await fn(token);
      if (answer.status === 401) throw errorFromResponse(new Response(null, { status: 401 }), answer.json);
      return answer;
    });
  }

  private async search(call: Extract<PlaygroundCall, { action: 'search' }>): Promise<SearchAnswer> {
    const settings = await this.ctx.settings();
    const base = settings.apiBaseUrl;
    const demoAvailable = !this.noDemo.has(base);
    const q = typeof call.q === 'string' ? call.q.trim().slice(0, 100) : '';
    return this.guarded(call.runId, async (signal) => {
      try {
        if (call.keyId) return await this.searchWithKey(call.keyId, base, signal, demoAvailable);
        if (this.noSearch.has(base)) return { source: 'needs-key', hits: [], charged: 0, demoAvailable };
        const query = new URLSearchParams({ q, limit: '20' });
        const answer = await this.withSession((bearer) => sendRaw({ baseUrl: base, path: `/playground/markets?${query}`, method: 'GET', bearer, signal, fetch: this.ctx.deps.fetch }));
        if (answer.status === 404 && !(answer.json && typeof answer.json === 'object' && 'error' in answer.json)) {
          this.noSearch.add(base);
          return { source: 'needs-key', hits: [], charged: 0, demoAvailable };
        }
        if (answer.status !== 200) throw errorFromResponse(new Response(null, { status: answer.status }), answer.json);
        const parsed = playgroundMarketsResponseSchema.safeParse(answer.json);
        if (!parsed.success) throw new ApiError({ kind: 'invalid_response', code: 'invalid_response', message: 'The market search answered in an unexpected shape.' });
        const hits: SearchHit[] = parsed.data.data.map((m) => ({ ticker: m.ticker, title: m.title, eventTicker: m.event_ticker, first: m.first_date, last: m.last_date }));
        return { source: 'playground', hits, charged: 0, demoAvailable };
      } catch (error) {
        if (error instanceof Stopped) throw new ApiError({ kind: error.why === 'timeout' ? 'timeout' : 'extension', code: error.why, message: error.why === 'timeout' ? 'The market search did not answer within 30 seconds.' : 'Search cancelled.' });
        if (error instanceof NetworkFailure) throw new ApiError({ kind: 'network', code: 'network_error', message: `Can’t reach KalshiBook at ${hostOf(base)}. Check your connection or the API base URL in Settings.` });
        throw error;
      }
    });
  }

  /** `GET /markets` with a key (1 credit): every market with data; the page filters as the user types. */
  private async searchWithKey(keyId: string, base: string, signal: AbortSignal, demoAvailable: boolean): Promise<SearchAnswer> {
    const { key } = await this.keys.reveal(keyId);
    const answer = await sendRaw({ baseUrl: base, path: '/markets', method: 'GET', bearer: key, signal, fetch: this.ctx.deps.fetch });
    void this.billing.status().catch(() => undefined);
    if (answer.status !== 200) throw errorFromResponse(new Response(null, { status: answer.status }), answer.json);
    const parsed = marketsResponseSchema.safeParse(answer.json);
    if (!parsed.success) throw new ApiError({ kind: 'invalid_response', code: 'invalid_response', message: 'GET /markets answered in an unexpected shape.' });
    const hits = parsed.data.data
      .filter((m) => m.first_data_at !== null)
      .slice(0, 5000)
      .map((m) => ({ ticker: m.ticker, title: m.title, eventTicker: m.event_ticker, first: m.first_data_at, last: m.last_data_at }));
    return { source: 'markets', hits, charged: 1, demoAvailable };
  }

  private async remember(call: Extract<PlaygroundCall, { action: 'send' | 'demo' }>, outcome: Outcome): Promise<void> {
    const entry: HistoryEntry = {
      id: call.runId,
      at: this.ctx.now(),
      via: outcome.via,
      endpoint: outcome.endpoint,
      values: { ...(call.values ?? {}) },
      keyId: call.action === 'send' ? call.keyId : null,
      keyName: call.action === 'send' ? call.keyName : null,
      status: outcome.status,
      problem: outcome.problem?.code ?? null,
      timeMs: Math.round(outcome.timeMs),
    };
    await this.editHistory((list) => [entry, ...list.filter((e) => e.id !== entry.id)].slice(0, HISTORY_LIMIT));
  }

  private editHistory(change: (list: HistoryEntry[]) => HistoryEntry[]): Promise<void> {
    const run = this.historyQueue.then(async () => playgroundHistoryItem.setValue(change(await playgroundHistoryItem.getValue())));
    this.historyQueue = run.catch(() => undefined);
    return run;
  }
}

function noCredits(): Credits {
  return { charged: null, chargedFrom: null, remaining: null, remainingFrom: null, paygEnabled: null };
}

function fieldsError(errors: Record<string, string>): ApiError {
  return new ApiError({ kind: 'validation', code: 'invalid_input', message: 'Fix the marked fields first: nothing was sent.', fields: errors });
}

