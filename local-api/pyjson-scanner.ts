/**
 * The scanner behind pyjson.ts: CPython's JSON scanner (Modules/_json.c and json/decoder.py)
 * over a text split into code points, so every error carries the offset Python reports. Values,
 * strings with their escapes, numbers, objects, arrays, and the nesting limit below Python's
 * recursion limit. Also the decoded value's types and the two errors a body decode can throw.
 */

export type PyJson = null | boolean | number | string | PyJson[] | PyJsonObject;
export interface PyJsonObject {
  [key: string]: PyJson;
}

/** `json.JSONDecodeError`: `pos` is a code-point offset into the decoded text. */
export class PyJsonDecodeError extends Error {
  constructor(
    readonly msg: string,
    readonly pos: number,
  ) {
    super(`${msg}: char ${pos}`);
  }
}

/** Anything else Starlette/FastAPI would turn into 400 "There was an error parsing the body". */
export class BodyParseError extends Error {}

/** The scanner found no value at `idx` (Python's StopIteration from scan_once). */
export class StopIteration {
  constructor(readonly idx: number) {}
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
// CPython raises RecursionError (not a JSONDecodeError) somewhere below its recursion limit of 1000.
const MAX_DEPTH = 990;

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

function hexValue(c: string | undefined): number {
  if (c === undefined || !/^[0-9a-fA-F]$/.test(c)) return -1;
  return parseInt(c, 16);
}

/** One decode of one text (split into code points, as Python indexes strings). */
export class Scanner {
  private depth = 0;

  constructor(private readonly s: string[]) {}

  private skipWhitespace(idx: number): number {
    while (idx < this.s.length && WHITESPACE.has(this.s[idx] as string)) idx++;
    return idx;
  }

  private startsWith(idx: number, word: string): boolean {
    return this.s.slice(idx, idx + word.length).join('') === word;
  }

  scanOnce(idx: number): [PyJson, number] {
    const s = this.s;
    if (idx >= s.length) throw new StopIteration(idx);
    switch (s[idx]) {
      case '"':
        return this.scanString(idx + 1);
      case '{':
        return this.nested(() => this.parseObject(idx + 1));
      case '[':
        return this.nested(() => this.parseArray(idx + 1));
      case 'n':
        if (this.startsWith(idx, 'null')) return [null, idx + 4];
        break;
      case 't':
        if (this.startsWith(idx, 'true')) return [true, idx + 4];
        break;
      case 'f':
        if (this.startsWith(idx, 'false')) return [false, idx + 5];
        break;
      case 'N':
        if (this.startsWith(idx, 'NaN')) return [NaN, idx + 3];
        break;
      case 'I':
        if (this.startsWith(idx, 'Infinity')) return [Infinity, idx + 8];
        break;
      case '-':
        if (this.startsWith(idx, '-Infinity')) return [-Infinity, idx + 9];
        break;
    }
    return this.matchNumber(idx);
  }

  private nested<T>(fn: () => T): T {
    if (++this.depth > MAX_DEPTH) throw new BodyParseError('maximum recursion depth exceeded while decoding a JSON document');
    try {
      return fn();
    } finally {
      this.depth--;
    }
  }

  private matchNumber(start: number): [number, number] {
    const s = this.s;
    const endIdx = s.length - 1;
    let idx = start;
    if (s[idx] === '-') {
      idx++;
      if (idx > endIdx) throw new StopIteration(start);
    }
    const first = s[idx];
    if (first !== undefined && first >= '1' && first <= '9') {
      idx++;
      while (idx <= endIdx && isDigit(s[idx])) idx++;
    } else if (first === '0') {
      idx++;
    } else {
      throw new StopIteration(start);
    }
    if (idx < endIdx && s[idx] === '.' && isDigit(s[idx + 1])) {
      idx += 2;
      while (idx <= endIdx && isDigit(s[idx])) idx++;
    }
    if (idx < endIdx && (s[idx] === 'e' || s[idx] === 'E')) {
      const exponentStart = idx;
      idx++;
      if (idx < endIdx && (s[idx] === '-' || s[idx] === '+')) idx++;
      while (idx <= endIdx && isDigit(s[idx])) idx++;
      if (!isDigit(s[idx - 1])) idx = exponentStart;
    }
    return [Number(s.slice(start, idx).join('')), idx];
  }

  private scanString(end: number): [string, number] {
    const s = this.s;
    const len = s.length;
    const begin = end - 1;
    const chunks: string[] = [];
    for (;;) {
      let next = end;
      let c: string | undefined;
      for (; next < len; next++) {
        c = s[next] as string;
        if (c === '"' || c === '\\') break;
        if ((c.codePointAt(0) as number) <= 0x1f) throw new PyJsonDecodeError('Invalid control character at', next);
      }
      if (next >= len || (c !== '"' && c !== '\\')) throw new PyJsonDecodeError('Unterminated string starting at', begin);
      chunks.push(s.slice(end, next).join(''));
      next++;
      if (c === '"') {
        end = next;
        break;
      }
      if (next === len) throw new PyJsonDecodeError('Unterminated string starting at', begin);
      const escape = s[next] as string;
      if (escape !== 'u') {
        end = next + 1;
        const mapped = ESCAPES[escape];
        if (mapped === undefined) throw new PyJsonDecodeError('Invalid \\escape', end - 2);
        chunks.push(mapped);
        continue;
      }
      next++;
      end = next + 4;
      if (end >= len) throw new PyJsonDecodeError('Invalid \\uXXXX escape', next - 1);
      let code = 0;
      for (; next < end; next++) {
        const digit = hexValue(s[next]);
        if (digit < 0) throw new PyJsonDecodeError('Invalid \\uXXXX escape', end - 5);
        code = (code << 4) | digit;
      }
      if (code >= 0xd800 && code <= 0xdbff && end + 6 < len && s[next] === '\\' && s[next + 1] === 'u') {
        next += 2;
        let low = 0;
        const lowEnd = end + 6;
        for (; next < lowEnd; next++) {
          const digit = hexValue(s[next]);
          if (digit < 0) throw new PyJsonDecodeError('Invalid \\uXXXX escape', lowEnd - 5);
          low = (low << 4) | digit;
        }
        if (low >= 0xdc00 && low <= 0xdfff) {
          end = lowEnd;
          chunks.push(String.fromCharCode(code, low));
          continue;
        }
      }
      chunks.push(String.fromCharCode(code));
    }
    return [chunks.join(''), end];
  }

  private parseObject(idx: number): [PyJsonObject, number] {
    const s = this.s;
    const endIdx = s.length - 1;
    const result: PyJsonObject = Object.create(null) as PyJsonObject;
    idx = this.skipWhitespace(idx);
    if (idx > endIdx || s[idx] !== '}') {
      for (;;) {
        if (idx > endIdx || s[idx] !== '"') {
          throw new PyJsonDecodeError('Expecting property name enclosed in double quotes', idx);
        }
        const [key, afterKey] = this.scanString(idx + 1);
        idx = this.skipWhitespace(afterKey);
        if (idx > endIdx || s[idx] !== ':') throw new PyJsonDecodeError("Expecting ':' delimiter", idx);
        idx = this.skipWhitespace(idx + 1);
        const [value, afterValue] = this.scanOnce(idx);
        result[key] = value;
        idx = this.skipWhitespace(afterValue);
        if (idx <= endIdx && s[idx] === '}') break;
        if (idx > endIdx || s[idx] !== ',') throw new PyJsonDecodeError("Expecting ',' delimiter", idx);
        idx = this.skipWhitespace(idx + 1);
      }
    }
    return [result, idx + 1];
  }

  private parseArray(idx: number): [PyJson[], number] {
    const s = this.s;
    const endIdx = s.length - 1;
    const result: PyJson[] = [];
    idx = this.skipWhitespace(idx);
    if (idx > endIdx || s[idx] !== ']') {
      for (;;) {
        const [value, afterValue] = this.scanOnce(idx);
        result.push(value);
        idx = this.skipWhitespace(afterValue);
        if (idx <= endIdx && s[idx] === ']') break;
        if (idx > endIdx || s[idx] !== ',') throw new PyJsonDecodeError("Expecting ',' delimiter", idx);
        idx = this.skipWhitespace(idx + 1);
      }
    }
    return [result, idx + 1];
  }

  decode(): PyJson {
    const start = this.skipWhitespace(0);
    let value: PyJson;
    let end: number;
    try {
      [value, end] = this.scanOnce(start);
    } catch (err) {
      if (err instanceof StopIteration) throw new PyJsonDecodeError('Expecting value', err.idx);
      throw err;
    }
    end = this.skipWhitespace(end);
    if (end !== this.s.length) throw new PyJsonDecodeError('Extra data', end);
    return value;
  }
}
