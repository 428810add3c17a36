// From the Playground form's values to a request, by an endpoint's description: every field is
// checked before anything is sent (a field-level 422 is charged, §15.4), times must be UTC with
// `Z` (§15.22.5), path segments and query values are percent-encoded (a raw `+` costs 3 credits).
import type { EndpointSpec, FieldSpec } from './data-endpoints';

/** Checked values: integers as numbers, everything else as the string to send. */
export type Params = Record<string, string | number>;

export type Checked = { ok: true; params: Params } | { ok: false; errors: Record<string, string> };

/** A UTC time the way the Playground sends it: `2026-02-16T14:00:00Z` (seconds and fraction optional). */
export const UTC_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?Z$/;

function fieldProblem(field: FieldSpec, raw: string, limits?: { min: number; max: number }): string | null {
  const value = raw.trim();
  if (!value) return field.required ? `${field.label} is required.` : null;
  switch (field.kind) {
    case 'datetime': {
      if (!UTC_TIME.test(value) || Number.isNaN(Date.parse(value))) return `${field.label} must be a date and time.`;
      return null;
    }
    case 'integer': {
      if (!/^-?\d+$/.test(value)) return `${field.label} must be a whole number.`;
      const n = Number(value);
      const min = limits?.min ?? field.min;
      const max = limits?.max ?? field.max;
      if (min !== undefined && max !== undefined && (n < min || n > max)) return `${field.label} must be from ${min} to ${max}.`;
      if (min !== undefined && n < min) return `${field.label} must be at least ${min}.`;
      if (max !== undefined && n > max) return `${field.label} must be at most ${max}.`;
      return null;
    }
    case 'enum':
      return field.options?.includes(value) ? null : `${field.label} must be one of ${field.options?.join(', ')}.`;
    case 'ticker':
      return value.length > 200 ? `${field.label} is too long.` : null;
    default:
      return value.length > 500 ? `${field.label} is too long.` : null;
  }
}

/**
 * Checks the form's values for `spec` (or for its demo, whose limits are tighter). Unknown keys are
 * dropped; empty optional fields are left out, so the server applies its defaults.
 */
export function checkParams(spec: EndpointSpec, values: Record<string, string | undefined>, forDemo = false): Checked {
  const errors: Record<string, string> = {};
  const params: Params = {};
  for (const field of spec.fields) {
    const raw = values[field.name] ?? '';
    const problem = fieldProblem(field, raw, forDemo ? spec.demo?.limits[field.name] : undefined);
    if (problem) {
      errors[field.name] = problem;
      continue;
    }
    const value = raw.trim();
    if (!value) continue;
    params[field.name] = field.kind === 'integer' ? Number(value) : value;
  }
  const start = params.start_time;
  const end = params.end_time;
  if (typeof start === 'string' && typeof end === 'string' && Date.parse(start) > Date.parse(end)) {
    errors.end_time = 'End time must be after the start time.';
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, params };
}

export interface BuiltRequest {
  method: 'GET' | 'POST';
  /** Path with the encoded path segments and query string. */
  path: string;
  /** The JSON body of a POST, in the description's field order. */
  body?: Record<string, string | number>;
}

/** The request for checked params. */
export function buildRequest(spec: EndpointSpec, params: Params): BuiltRequest {
  let path = spec.path;
  const query = new URLSearchParams();
  const body: Record<string, string | number> = {};
  for (const field of spec.fields) {
    const value = params[field.name];
    if (value === undefined) continue;
    if (field.in === 'path') path = path.replace(`{${field.name}}`, encodeURIComponent(String(value)));
    else if (field.in === 'query') query.set(field.name, String(value));
    else body[field.name] = value;
  }
  const qs = query.toString();
  return { method: spec.method, path: qs ? `${path}?${qs}` : path, ...(spec.method === 'POST' ? { body } : {}) };
}

/** `POST /playground/demo`'s body for the same request (§15.21.2). */
export function buildDemoBody(spec: EndpointSpec, params: Params): Record<string, string | number> {
  if (!spec.demo) throw new Error(`${spec.label} has no demo`);
  const body: Record<string, string | number> = { endpoint: spec.demo.endpoint };
  for (const [name, value] of Object.entries(params)) {
    if (name === 'cursor') continue;
    body[name === 'ticker' ? 'market_ticker' : name] = value;
  }
  return body;
}

/** The earliest time named by a 404 `no_data_available` (§15.6), as UTC with `Z`; null if none. */
export function earliestFromMessage(message: string): string | null {
  const m = /Earliest available data:\s*(\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:\d{2})?)/.exec(message);
  if (!m) return null;
  const raw = /Z|[+-]\d{2}:\d{2}$/.test(m[1]!) ? m[1]! : `${m[1]}Z`;
  const t = Date.parse(raw);
  return Number.isNaN(t) ? null : new Date(t).toISOString().replace('.000Z', 'Z');
}
