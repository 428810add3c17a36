/**
 * Field validation for the data routes, with Pydantic 2 (lax mode) semantics and wording, as the
 * production backend answers (contract §15.5, §15.6): `datetime`, `int` with bounds, `str`, each
 * optionally nullable with a default. Body fields report `body.<name>`, query ones `query.<name>`.
 */
import { isPyJsonObject, type PyJson } from '../pyjson';
import { RequestValidationError, type RequestBody, type ValidationIssue } from '../validation';

/** A parsed request datetime: the instant, and Python's `isoformat()` of the value as sent. */
export interface PyDateTime {
  /** Microseconds since the Unix epoch (UTC). Naive values are read as UTC (the server runs in UTC). */
  us: number;
  iso: string;
}

type Check<T> = { ok: true; value: T } | { ok: false; msg: string };

export type FieldSpec =
  | { type: 'datetime'; default?: null }
  | { type: 'int'; default?: number | null; nullable?: boolean; ge?: number; le?: number }
  | { type: 'str'; default?: string | null; nullable?: boolean };

type FieldValue<F extends FieldSpec> = F extends { type: 'datetime' }
  ? F extends { default: null }
    ? PyDateTime | null
    : PyDateTime
  : F extends { type: 'int' }
    ? F extends { nullable: true }
      ? number | null
      : number
    : F extends { nullable: true }
      ? string | null
      : string;

export type ModelSpec = Record<string, FieldSpec>;
export type ModelValue<M extends ModelSpec> = { [K in keyof M]: FieldValue<M[K]> };

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Python `datetime.isoformat()` of a UTC instant: `+00:00`, microseconds only when non-zero. */
export function isoFromMicros(us: number, offset = '+00:00'): string {
  const ms = Math.floor(us / 1000);
  const micros = us - ms * 1000;
  const d = new Date(ms);
  const fraction = d.getUTCMilliseconds() * 1000 + micros;
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` +
    `${fraction ? `.${pad(fraction, 6)}` : ''}${offset}`
  );
}

const DATETIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt _](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?)?$/;

function fromUnix(seconds: number): Check<PyDateTime> {
  // speedate: above 2e10 the number is read as milliseconds.
  const value = Math.abs(seconds) > 2e10 ? seconds / 1000 : seconds;
  const us = Math.round(value * 1e6);
  if (!Number.isFinite(us) || Math.abs(us) > 253402300799e6) return { ok: false, msg: 'Input should be a valid datetime, dates after 9999 are not supported as unix timestamps' };
  return { ok: true, value: { us, iso: isoFromMicros(us) } };
}

function parseDateTimeString(text: string): Check<PyDateTime> {
  const prefix = 'Input should be a valid datetime or date, ';
  if (/^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/.test(text)) return fromUnix(Number(text));
  const m = DATETIME_RE.exec(text);
  if (!m) {
    if (text.length < 10) return { ok: false, msg: `${prefix}input is too short` };
    if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return { ok: false, msg: `${prefix}invalid character in year` };
    if (!/^.{10}[Tt _]/.test(text)) return { ok: false, msg: `${prefix}invalid datetime separator, expected \`T\`, \`t\`, \`_\` or space` };
    return { ok: false, msg: `${prefix}unexpected extra characters at the end of the input` };
  }
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zulu, sign, oh, om] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12) return { ok: false, msg: `${prefix}month value is outside expected range of 1-12` };
  const maxDay = month === 2 && isLeap(year) ? 29 : (DAYS_IN_MONTH[month - 1] as number);
  if (day < 1 || day > maxDay) return { ok: false, msg: `${prefix}day value is outside expected range` };
  if (Number(h) > 23) return { ok: false, msg: `${prefix}hour value is outside expected range of 0-23` };
  if (Number(mi) > 59) return { ok: false, msg: `${prefix}minute value is outside expected range of 0-59` };
  if (Number(s) > 59) return { ok: false, msg: `${prefix}second value is outside expected range of 0-59` };
  const micros = Number(frac.padEnd(6, '0').slice(0, 6));
  let offsetMinutes = 0;
  let offsetText = '';
  if (zulu) offsetText = '+00:00';
  else if (sign) {
    if (Number(oh) > 23 || Number(om) > 59) return { ok: false, msg: `${prefix}timezone offset must be less than 24 hours` };
    offsetMinutes = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
    offsetText = offsetMinutes === 0 ? '+00:00' : `${sign}${oh}:${om}`;
  }
  const wall = Date.UTC(year, month - 1, day, Number(h), Number(mi), Number(s));
  const us = (wall - offsetMinutes * 60_000) * 1000 + micros;
  const iso =
    `${y}-${mo}-${d}T${pad(Number(h))}:${pad(Number(mi))}:${pad(Number(s))}` +
    `${micros ? `.${pad(micros, 6)}` : ''}${offsetText}`;
  return { ok: true, value: { us, iso } };
}

/** Pydantic 2 lax `datetime`: ISO 8601 strings, a date alone (naive midnight), Unix numbers. */
export function parseDateTime(value: PyJson): Check<PyDateTime> {
  if (typeof value === 'number') return fromUnix(value);
  if (typeof value === 'string') return parseDateTimeString(value);
  return { ok: false, msg: 'Input should be a valid datetime' };
}

/** Pydantic 2 lax `int`: integers, whole floats, integer strings, bools. */
export function parsePyInt(value: PyJson): Check<number> {
  if (typeof value === 'boolean') return { ok: true, value: value ? 1 : 0 };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false, msg: 'Input should be a finite number' };
    if (!Number.isInteger(value)) return { ok: false, msg: 'Input should be a valid integer, got a number with a fractional part' };
    return { ok: true, value };
  }
  if (typeof value === 'string') {
    const text = value.trim();
    if (/^[+-]?\d+$/.test(text)) return { ok: true, value: Number(text) };
    if (/^[+-]?\d+\.0*$/.test(text)) return { ok: true, value: Number(text) };
    return { ok: false, msg: 'Input should be a valid integer, unable to parse string as an integer' };
  }
  return { ok: false, msg: 'Input should be a valid integer' };
}

function checkField(spec: FieldSpec, raw: PyJson): Check<unknown> {
  if (raw === null && (spec.default === null || ('nullable' in spec && spec.nullable))) return { ok: true, value: null };
  if (spec.type === 'datetime') return parseDateTime(raw);
  if (spec.type === 'str') return typeof raw === 'string' ? { ok: true, value: raw } : { ok: false, msg: 'Input should be a valid string' };
  const parsed = parsePyInt(raw);
  if (!parsed.ok) return parsed;
  if (spec.ge !== undefined && parsed.value < spec.ge) return { ok: false, msg: `Input should be greater than or equal to ${spec.ge}` };
  if (spec.le !== undefined && parsed.value > spec.le) return { ok: false, msg: `Input should be less than or equal to ${spec.le}` };
  return parsed;
}

function validateFields<M extends ModelSpec>(spec: M, where: 'body' | 'query', lookup: (name: string) => PyJson | undefined, issues: ValidationIssue[]): ModelValue<M> {
  const result: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(spec)) {
    const raw = lookup(name);
    if (raw === undefined) {
      if (field.default === undefined) issues.push({ loc: [where, name], msg: 'Field required' });
      else result[name] = field.default;
      continue;
    }
    const checked = checkField(field, raw);
    if (checked.ok) result[name] = checked.value;
    else issues.push({ loc: [where, name], msg: checked.msg });
  }
  return result as ModelValue<M>;
}

/** A required, non-embedded Pydantic body model (FastAPI): `body: Field required` etc. */
export function validateDataBody<M extends ModelSpec>(spec: M, body: RequestBody): ModelValue<M> {
  if (body.kind === 'missing' || (body.kind === 'json' && body.value === null)) {
    throw new RequestValidationError([{ loc: ['body'], msg: 'Field required' }]);
  }
  if (body.kind === 'bytes' || !isPyJsonObject(body.value)) {
    throw new RequestValidationError([{ loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from' }]);
  }
  const input = body.value;
  const issues: ValidationIssue[] = [];
  const value = validateFields(spec, 'body', (name) => (Object.prototype.hasOwnProperty.call(input, name) ? input[name] : undefined), issues);
  if (issues.length > 0) throw new RequestValidationError(issues);
  return value;
}

/** Query parameters (the last value wins when one is repeated, as with Starlette's QueryParams.get). */
export function validateQuery<M extends ModelSpec>(spec: M, url: URL, issues: ValidationIssue[] = []): ModelValue<M> {
  const value = validateFields(spec, 'query', (name) => url.searchParams.getAll(name).at(-1), issues);
  if (issues.length > 0) throw new RequestValidationError(issues);
  return value;
}

// The request models of the data routes (src/api/models.py).
export const OrderbookRequest = {
  market_ticker: { type: 'str' },
  timestamp: { type: 'datetime' },
  depth: { type: 'int', default: null, nullable: true },
} satisfies ModelSpec;

/** DeltasRequest and TradesRequest are the same five fields. */
export const RangeRequest = {
  market_ticker: { type: 'str' },
  start_time: { type: 'datetime' },
  end_time: { type: 'datetime' },
  cursor: { type: 'str', default: null, nullable: true },
  limit: { type: 'int', default: 100, ge: 1, le: 1000 },
} satisfies ModelSpec;

export const CandlesQuery = {
  start_time: { type: 'datetime' },
  end_time: { type: 'datetime' },
  interval: { type: 'str', default: '1h' },
} satisfies ModelSpec;

export const DemoRequest = {
  endpoint: { type: 'str' },
  market_ticker: { type: 'str' },
  timestamp: { type: 'datetime', default: null },
  depth: { type: 'int', default: null, nullable: true, ge: 1, le: 50 },
  start_time: { type: 'datetime', default: null },
  end_time: { type: 'datetime', default: null },
  interval: { type: 'str', default: null, nullable: true },
  limit: { type: 'int', default: 20, ge: 1, le: 100 },
} satisfies ModelSpec;
