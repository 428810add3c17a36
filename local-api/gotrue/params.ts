/**
 * Request parameters as GoTrue reads them: Go's encoding/json into a struct of string fields.
 * Unknown keys are ignored, keys match case-insensitively, `null` leaves a field empty, and a
 * wrong type is a 400 `bad_json` "Could not parse request body as JSON: …".
 */
import { badRequest } from './errors';

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// github.com/badoux/checkmail's format check, which GoTrue uses.
export const EMAIL_RE =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

const goType = (value: unknown): string => {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'object';
  return typeof value;
};

function goSyntaxError(text: string): string {
  if (text.trim() === '') return 'unexpected end of JSON input';
  try {
    JSON.parse(text);
  } catch (err) {
    const position = /position (\d+)/.exec(String(err));
    const char = position ? text[Number(position[1])] : undefined;
    if (char !== undefined) return `invalid character '${char}' looking for beginning of value`;
  }
  return 'unexpected end of JSON input';
}

export function parseGoParams<K extends string>(text: string, structName: string, fields: readonly K[]): Record<K, string> {
  const result = Object.fromEntries(fields.map((field) => [field, ''])) as Record<K, string>;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badRequest('bad_json', `Could not parse request body as JSON: ${goSyntaxError(text)}`);
  }
  if (parsed === null) return result;
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw badRequest(
      'bad_json',
      `Could not parse request body as JSON: json: cannot unmarshal ${goType(parsed)} into Go value of type api.${structName}`,
    );
  }
  const entries = Object.entries(parsed as Record<string, unknown>);
  for (const field of fields) {
    const exact = entries.find(([key]) => key === field);
    const entry = exact ?? entries.find(([key]) => key.toLowerCase() === field);
    if (entry === undefined || entry[1] === null) continue;
    if (typeof entry[1] !== 'string') {
      throw badRequest(
        'bad_json',
        `Could not parse request body as JSON: json: cannot unmarshal ${goType(entry[1])} into Go struct field ${structName}.${field} of type string`,
      );
    }
    result[field] = entry[1];
  }
  return result;
}
