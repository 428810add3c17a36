/**
 * A JSON decoder that fails exactly where CPython's `json.loads` (its C scanner) fails.
 *
 * The real backend reports malformed JSON as `body.<char offset>: JSON decode error`, where the
 * offset is the position Python's decoder gives. `JSON.parse` reports different positions (or
 * none), so the local API decodes request bodies with this instead. It also accepts what Python
 * accepts and JSON.parse does not (`NaN`, `Infinity`, `-Infinity`, lone surrogate escapes).
 *
 * The scanner itself is pyjson-scanner.ts; this module is the entry: bytes to text as Python
 * detects the encoding, then text to value.
 */
import { BodyParseError, PyJsonDecodeError, Scanner, StopIteration, type PyJson, type PyJsonObject } from './pyjson-scanner';

export { BodyParseError, PyJsonDecodeError, type PyJson, type PyJsonObject } from './pyjson-scanner';

/** `json.loads(text)` for an already decoded string. */
export function pyJsonLoadsText(text: string): PyJson {
  try {
    return new Scanner(Array.from(text)).decode();
  } catch (err) {
    // A StopIteration escaping from inside a container means "a value was expected here".
    if (err instanceof StopIteration) throw new PyJsonDecodeError('Expecting value', err.idx);
    throw err;
  }
}

function decodeUtf32(bytes: Uint8Array, littleEndian: boolean): string {
  if (bytes.length % 4 !== 0) throw new BodyParseError('truncated data');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let out = '';
  for (let i = 0; i < bytes.length; i += 4) {
    const code = view.getUint32(i, littleEndian);
    if (code > 0x10ffff) throw new BodyParseError('code point not in range(0x110000)');
    out += String.fromCodePoint(code);
  }
  return out;
}

/** Python's `json.detect_encoding` + `bytes.decode`, as `json.loads(bytes)` does. */
export function decodeJsonBytes(bytes: Uint8Array): string {
  const b = bytes;
  const decode = (label: string, data: Uint8Array): string => {
    try {
      return new TextDecoder(label, { fatal: true, ignoreBOM: false }).decode(data);
    } catch {
      throw new BodyParseError(`'${label}' codec can't decode the body`);
    }
  };
  if ((b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) || (b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0)) {
    return decodeUtf32(b.subarray(4), b[0] === 0xff);
  }
  if (b[0] === 0xfe && b[1] === 0xff) return decode('utf-16be', b.subarray(2));
  if (b[0] === 0xff && b[1] === 0xfe) return decode('utf-16le', b.subarray(2));
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return decode('utf-8', b.subarray(3));
  if (b.length >= 4) {
    if (!b[0]) return b[1] ? decode('utf-16be', b) : decodeUtf32(b, false);
    if (!b[1]) return b[2] || b[3] ? decode('utf-16le', b) : decodeUtf32(b, true);
  } else if (b.length === 2) {
    if (!b[0]) return decode('utf-16be', b);
    if (!b[1]) return decode('utf-16le', b);
  }
  return decode('utf-8', b);
}

/** `json.loads(body_bytes)`. Throws PyJsonDecodeError or BodyParseError. */
export function pyJsonLoads(bytes: Uint8Array): PyJson {
  return pyJsonLoadsText(decodeJsonBytes(bytes));
}

export function isPyJsonObject(value: PyJson | undefined): value is PyJsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
