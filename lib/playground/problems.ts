// Every way a Playground request can go wrong, said so a user knows what happened and what to do
// (issue 18 item 7; kalshibook-api.md §15.6, §15.22). Pure: an answer in, a Problem out.
import { errorEnvelopeSchema } from '../api/schemas';
import { earliestFromMessage } from '../api/data-request';
import type { EndpointSpec } from '../api/data-endpoints';
import type { Problem } from './types';

/** The fields named in a Pydantic message: `body.limit: …; query.start_time: …`. */
export function fieldErrors(message: string, spec: EndpointSpec): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const part of message.split(/;\s*/)) {
    const m = /^(?:body|query|path)\.([A-Za-z_]+)[^:]*:\s*(.+)$/.exec(part.trim());
    if (!m) continue;
    const field = spec.fields.find((f) => f.name === m[1]);
    if (field) fields[field.name] = `${field.label}: ${m[2]}`;
  }
  if (/pagination cursor/i.test(message)) fields.cursor = 'The page cursor was not accepted. Send the request again from the first page.';
  if (/^Invalid interval/.test(message)) fields.interval = message;
  return fields;
}

/** A 500 from the server: charged, deterministic, never retried (§15.22.1, §15.22.2). */
export function serverErrorProblem(spec: EndpointSpec, requestId: string | null, hidden: boolean): Problem {
  const id = requestId ? ` Request id: ${requestId}.` : '';
  const charged = `It was charged ${spec.cost} ${spec.cost === 1 ? 'credit' : 'credits'}; sending it again gives the same answer.`;
  if (spec.id === 'orderbook') {
    return {
      code: hidden ? 'server_error_hidden' : 'server_error',
      title: 'KalshiBook’s server failed while rebuilding this order book (a known server error on POST /orderbook whenever a snapshot exists).',
      detail: `${charged} Run it free on the demo, or ask POST /deltas for the same time range.${id}`,
      next: ['demo', 'deltas'],
    };
  }
  return {
    code: hidden ? 'server_error_hidden' : 'server_error',
    title: hidden
      ? 'KalshiBook’s server answered with an error the browser did not let the extension read (most likely HTTP 500).'
      : 'KalshiBook’s server failed on this request (HTTP 500).',
    detail: `${charged}${spec.id === 'market' ? ' GET /markets lists the same market without its details.' : ''}${id}`,
    next: spec.demo ? ['demo'] : [],
  };
}

/** The problem of an HTTP answer other than 200 (null for a 200). */
export function problemFor(spec: EndpointSpec, status: number, json: unknown, via: 'key' | 'demo', keyName?: string): Problem | null {
  if (status >= 200 && status < 300) return null;
  const envelope = errorEnvelopeSchema.safeParse(json);
  const code = envelope.success ? envelope.data.error.code : null;
  const message = envelope.success ? envelope.data.error.message : undefined;
  const requestId = envelope.success ? (envelope.data.request_id ?? null) : null;
  const base = { serverMessage: message };

  if (status === 401 && via === 'key') {
    return {
      ...base,
      code: 'invalid_key',
      title: `The key${keyName ? ` “${keyName}”` : ''} was refused: it is revoked or unknown.`,
      detail: 'Choose another key, or create one in API Keys. Nothing was charged.',
      next: ['keys'],
    };
  }
  if (status === 429 && code === 'credits_exhausted') {
    return {
      ...base,
      code: 'credits_exhausted',
      title: `Out of credits: this month’s credits do not cover ${spec.cost} more.`,
      detail: 'Nothing was charged. Turn on Pay-As-You-Go to keep going, or upgrade to the Project plan. Cheaper endpoints may still work, and the demo is free.',
      next: spec.demo ? ['payg', 'upgrade', 'demo'] : ['payg', 'upgrade'],
    };
  }
  if (status === 404 && code === 'no_data_available') {
    const earliest = message ? earliestFromMessage(message) : null;
    return {
      ...base,
      code: 'no_data',
      title: earliest ? 'No data this early: the market’s data starts later.' : 'No order book data at that time.',
      detail: earliest ? 'Use the earliest time with data and send again.' : 'Pick a later time inside the market’s data range.',
      ...(earliest ? { earliest } : {}),
      next: earliest ? ['use-earliest'] : [],
    };
  }
  if (status === 404 && (code === 'market_not_found' || code === 'event_not_found' || code === 'settlement_not_found')) {
    if (spec.id === 'orderbook') {
      return {
        ...base,
        code: 'market_not_found',
        title: 'No order book for this market in KalshiBook’s data.',
        detail: 'Tickers are exact and case-sensitive. A market with trades but no book snapshots has no order book: try POST /trades for it, or another market from the search.',
        next: [],
      };
    }
    const what = code === 'event_not_found' ? 'event' : code === 'settlement_not_found' ? 'settlement for this market' : 'market';
    return {
      ...base,
      code: 'market_not_found',
      title: `No such ${what} in KalshiBook’s data.`,
      detail: 'Tickers are exact and case-sensitive: pick one from the market search.',
      next: [],
    };
  }
  if (status === 422) {
    const fields = message ? fieldErrors(message, spec) : {};
    return {
      ...base,
      code: 'fields',
      title: 'The server did not accept some values.',
      detail: Object.keys(fields).length ? 'Fix the fields marked below and send again.' : (message ?? 'Check the values and send again.'),
      fields,
      next: [],
    };
  }
  if (status === 404 && !envelope.success) {
    return {
      code: 'no_route',
      title: via === 'demo' ? 'This server has no free demo.' : `This server has no ${spec.label}.`,
      detail: via === 'demo' ? 'Send the request with a key instead.' : 'Check the API base URL in Settings.',
      next: via === 'demo' ? [] : ['settings'],
    };
  }
  if (status >= 500) return serverErrorProblem(spec, requestId, false);
  return {
    ...base,
    code: 'invalid_response',
    title: `The server answered HTTP ${status}${message ? `: ${message}` : '.'}`,
    detail: requestId ? `Request id: ${requestId}.` : 'Check the API base URL in Settings.',
    next: [],
  };
}

export function networkProblem(host: string): Problem {
  return { code: 'network', title: `Can’t reach KalshiBook at ${host}.`, detail: 'Check your connection or the API base URL in Settings, then send again.', next: ['settings'] };
}

export function timeoutProblem(seconds: number): Problem {
  return { code: 'timeout', title: `No answer within ${seconds} seconds.`, detail: 'The server may still have charged the call. Try a smaller range or a lower limit, then send again.', next: [] };
}

export function cancelledProblem(): Problem {
  return { code: 'cancelled', title: 'Cancelled.', detail: 'The request may still have reached the server and been charged.', next: [] };
}

export function invalidBodyProblem(requestId: string | null): Problem {
  return {
    code: 'invalid_response',
    title: 'The server’s answer did not have the shape this endpoint documents.',
    detail: `The JSON tab shows it as received.${requestId ? ` Request id: ${requestId}.` : ''}`,
    next: [],
  };
}
