// What the Playground page and the background say to each other through the one protocol call
// `playgroundSend`. Nothing here ever holds an API key.
import type { EndpointId } from '../api/data-endpoints';

export type PlaygroundCall =
  /** The real request with the selected key (revealed and used by the background only). */
  | { action: 'send'; runId: string; endpoint: EndpointId; values: Record<string, string>; keyId: string; keyName: string }
  /** The same request, free, through `POST /playground/demo` with the session. */
  | { action: 'demo'; runId: string; endpoint: EndpointId; values: Record<string, string> }
  /** Market search: `GET /playground/markets` (free); with `keyId`, `GET /markets` with that key (1 credit). */
  | { action: 'search'; runId: string; q: string; keyId?: string; keyName?: string }
  | { action: 'cancel'; runId: string }
  | { action: 'clear-history' };

export type NextStep =
  | 'use-earliest' // fill the earliest time the server named, and send again
  | 'payg' // Billing: turn on Pay-As-You-Go
  | 'upgrade' // Billing: the Project plan
  | 'demo' // run it free instead
  | 'deltas' // try POST /deltas for the same range
  | 'keys' // API Keys: pick or create another key
  | 'settings'; // check the API base URL

export type ProblemCode =
  | 'invalid_key'
  | 'market_not_found'
  | 'not_found'
  | 'no_data'
  | 'fields'
  | 'credits_exhausted'
  | 'server_error'
  | 'server_error_hidden'
  | 'no_route'
  | 'invalid_response'
  | 'network'
  | 'timeout'
  | 'cancelled';

export interface Problem {
  code: ProblemCode;
  /** What happened, in one sentence. */
  title: string;
  /** What to do next. */
  detail: string;
  /** The server's own message, when it sent one. */
  serverMessage?: string;
  /** `no_data`: the earliest time with data, UTC with `Z`. */
  earliest?: string;
  /** `fields`: a message per form field. */
  fields?: Record<string, string>;
  next: NextStep[];
}

export interface Credits {
  /** This call's cost: from `X-Credits-Cost`, else counted by the rules of §15.22.3; null when unknown. */
  charged: number | null;
  chargedFrom: 'header' | 'estimate' | null;
  /** Credits left after the call: `X-Credits-Remaining`, else the billing status read after it. */
  remaining: number | null;
  remainingFrom: 'header' | 'billing' | null;
  paygEnabled: boolean | null;
}

export interface Outcome {
  via: 'key' | 'demo';
  endpoint: EndpointId;
  method: 'GET' | 'POST';
  /** What was sent: path with query; the body of a POST. */
  path: string;
  sentBody?: Record<string, string | number>;
  /** null: no answer (network, timeout, cancel). */
  status: number | null;
  timeMs: number;
  requestId: string | null;
  credits: Credits;
  /** The parsed JSON body (the demo's `data` unwrapped into the endpoint's own shape). */
  body: unknown;
  problem: Problem | null;
}

export interface SearchHit {
  ticker: string;
  title: string | null;
  eventTicker: string | null;
  /** First and last day or time with data; null when unknown. */
  first: string | null;
  last: string | null;
}

export interface SearchAnswer {
  /** `playground`: the free route; `markets`: GET /markets with a key; `needs-key`: this server has no free search. */
  source: 'playground' | 'markets' | 'needs-key';
  hits: SearchHit[];
  charged: number;
  /** Whether this server has `/playground/demo` (false once it answered 404). */
  demoAvailable: boolean;
}

export type PlaygroundAnswer =
  | { kind: 'outcome'; outcome: Outcome }
  | { kind: 'search'; search: SearchAnswer }
  | { kind: 'done' };

export interface HistoryEntry {
  id: string;
  at: number;
  via: 'key' | 'demo';
  endpoint: EndpointId;
  values: Record<string, string>;
  keyId: string | null;
  keyName: string | null;
  status: number | null;
  problem: ProblemCode | null;
  timeMs: number;
}

export const HISTORY_LIMIT = 20;
export const PLAYGROUND_TIMEOUT_MS = 30_000;
