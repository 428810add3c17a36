/**
 * Request-body validation with Pydantic v2 semantics and wording, limited to what the account
 * endpoints use: `str` fields (optionally nullable, with length limits) and a lax `bool`.
 * Errors are reported like FastAPI: a `loc` (`body`, `body.<field>`) and a Pydantic message.
 */
import { isPyJsonObject, type PyJson } from './pyjson';

/** What the request carried, after FastAPI's content-type handling. */
export type RequestBody =
  | { kind: 'missing' } // no bytes at all
  | { kind: 'bytes' } // bytes with a non-JSON content type: handed to Pydantic as raw bytes
  | { kind: 'json'; value: PyJson };

export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
}

interface StrField {
  type: 'str';
  default?: string | null;
  nullable?: boolean;
  minLength?: number;
  maxLength?: number;
}
interface BoolField {
  type: 'bool';
  default?: boolean;
}
type FieldSpec = StrField | BoolField;

export type ModelSpec = Record<string, FieldSpec>;

type FieldValue<F extends FieldSpec> = F extends { nullable: true } ? string | null : F extends StrField ? string : boolean;

export type ModelValue<M extends ModelSpec> = { [K in keyof M]: FieldValue<M[K]> };

export class RequestValidationError extends Error {
  constructor(readonly issues: ValidationIssue[]) {
    super(issues.map((issue) => `${issue.loc.join('.')}: ${issue.msg}`).join('; '));
  }
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const plural = (n: number): string => (n === 1 ? '' : 's');

function validateStr(spec: StrField, value: PyJson): { ok: true; value: string | null } | { ok: false; msg: string } {
  if (value === null && spec.nullable) return { ok: true, value: null };
  if (typeof value !== 'string') return { ok: false, msg: 'Input should be a valid string' };
  if (LONE_SURROGATE.test(value)) {
    return { ok: false, msg: 'Input should be a valid string, unable to parse raw data as a unicode string' };
  }
  const length = Array.from(value).length;
  if (spec.minLength !== undefined && length < spec.minLength) {
    return { ok: false, msg: `String should have at least ${spec.minLength} character${plural(spec.minLength)}` };
  }
  if (spec.maxLength !== undefined && length > spec.maxLength) {
    return { ok: false, msg: `String should have at most ${spec.maxLength} character${plural(spec.maxLength)}` };
  }
  return { ok: true, value };
}

const FALSE_WORDS = new Set(['f', 'n', 'no', 'off', 'false']);
const TRUE_WORDS = new Set(['t', 'y', 'on', 'yes', 'true']);
const BOOL_PARSING = 'Input should be a valid boolean, unable to interpret input';
const BOOL_TYPE = 'Input should be a valid boolean';

/** pydantic-core's lax bool: bools, 0/1 (ints or integral floats), and the usual words. */
function validateBool(value: PyJson): { ok: true; value: boolean } | { ok: false; msg: string } {
  if (typeof value === 'boolean') return { ok: true, value };
  if (typeof value === 'string') {
    if (value === '0' || FALSE_WORDS.has(value.toLowerCase())) return { ok: true, value: false };
    if (value === '1' || TRUE_WORDS.has(value.toLowerCase())) return { ok: true, value: true };
    return { ok: false, msg: BOOL_PARSING };
  }
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || Math.abs(value) >= 2 ** 63) return { ok: false, msg: BOOL_TYPE };
    if (value === 0) return { ok: true, value: false };
    if (value === 1) return { ok: true, value: true };
    return { ok: false, msg: BOOL_PARSING };
  }
  return { ok: false, msg: BOOL_TYPE };
}

/**
 * Validates a required body parameter the way FastAPI does for a single, non-embedded Pydantic
 * model: missing body or JSON `null` → `body: Field required`; anything but a JSON object →
 * `body: Input should be a valid dictionary or object to extract fields from`; then each field
 * in declaration order, all errors collected.
 */
export function validateBody<M extends ModelSpec>(spec: M, body: RequestBody): ModelValue<M> {
  if (body.kind === 'missing' || (body.kind === 'json' && body.value === null)) {
    throw new RequestValidationError([{ loc: ['body'], msg: 'Field required' }]);
  }
  if (body.kind === 'bytes' || !isPyJsonObject(body.value)) {
    throw new RequestValidationError([
      { loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from' },
    ]);
  }
  const input = body.value;
  const issues: ValidationIssue[] = [];
  const result: Record<string, string | boolean | null> = {};
  for (const [name, field] of Object.entries(spec)) {
    if (!Object.prototype.hasOwnProperty.call(input, name)) {
      if (field.default === undefined) issues.push({ loc: ['body', name], msg: 'Field required' });
      else result[name] = field.default;
      continue;
    }
    const raw = input[name] as PyJson;
    const checked = field.type === 'str' ? validateStr(field, raw) : validateBool(raw);
    if (checked.ok) result[name] = checked.value;
    else issues.push({ loc: ['body', name], msg: checked.msg });
  }
  if (issues.length > 0) throw new RequestValidationError(issues);
  return result as ModelValue<M>;
}

// The request models of the account endpoints (src/api/models.py).
export const SignupRequest = {
  email: { type: 'str' },
  password: { type: 'str', minLength: 8 },
} satisfies ModelSpec;

export const LoginRequest = {
  email: { type: 'str' },
  password: { type: 'str' },
} satisfies ModelSpec;

export const ApiKeyCreate = {
  name: { type: 'str', default: 'Default', maxLength: 100 },
  key_type: { type: 'str', default: 'dev' },
} satisfies ModelSpec;

export const ApiKeyUpdate = {
  name: { type: 'str', default: null, nullable: true, maxLength: 100 },
  key_type: { type: 'str', default: null, nullable: true },
} satisfies ModelSpec;

export const PaygToggleRequest = {
  enable: { type: 'bool' },
} satisfies ModelSpec;
