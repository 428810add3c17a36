/**
 * The decoder behind `body.<offset>: JSON decode error`: offsets must be the ones CPython's json
 * module reports. Expected values were produced with CPython's json.loads.
 */
import { describe, expect, it } from 'vitest';
import { BodyParseError, pyJsonLoads, PyJsonDecodeError } from '../../local-api/pyjson';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

function errorOf(text: string): [string, number] {
  try {
    pyJsonLoads(encode(text));
  } catch (err) {
    if (err instanceof PyJsonDecodeError) return [err.msg, err.pos];
    throw err;
  }
  throw new Error(`${JSON.stringify(text)} decoded without error`);
}

describe('Python-compatible JSON decoding', () => {
  it.each<[string, string, number]>([
    ['', 'Expecting value', 0],
    [' ', 'Expecting value', 1],
    ['{', 'Expecting property name enclosed in double quotes', 1],
    ['[', 'Expecting value', 1],
    ['{}x', 'Extra data', 2],
    [' {"a":1}  x', 'Extra data', 10],
    ['{"a"', "Expecting ':' delimiter", 4],
    ['{"a":}', 'Expecting value', 5],
    ['{"a":1,}', 'Expecting property name enclosed in double quotes', 7],
    ['{"a":1 "b":2}', "Expecting ',' delimiter", 7],
    ['[1,]', 'Expecting value', 3],
    ["{'a':1}", 'Expecting property name enclosed in double quotes', 1],
    ['"abc', 'Unterminated string starting at', 0],
    ['"a\\qb"', 'Invalid \\escape', 2],
    ['"a\\u12zz"', 'Invalid \\uXXXX escape', 3],
    ['"\\ud800\\u00zz"', 'Invalid \\uXXXX escape', 8],
    ['"a\tb"', 'Invalid control character at', 2],
    ['01', 'Extra data', 1],
    ['1.e5', 'Extra data', 1],
    ['1e+', 'Extra data', 1],
    ['{"enable": maybe}', 'Expecting value', 11],
    ['{"é": 1, "x": é}', 'Expecting value', 14],
    ['["😀", x]', 'Expecting value', 6],
    ['{\n  "name": "x",\n}', 'Expecting property name enclosed in double quotes', 17],
  ])('%j → %s at %i', (text, message, position) => {
    expect(errorOf(text)).toEqual([message, position]);
  });

  it('accepts what Python accepts', () => {
    expect(pyJsonLoads(encode('{"a": [1.5e-3, -0, 2E10, true, null], "b": "\\u00e9\\ud83d\\ude00"}'))).toEqual({
      a: [0.0015, -0, 2e10, true, null],
      b: 'é😀',
    });
    expect(pyJsonLoads(encode('[NaN, Infinity, -Infinity]'))).toEqual([NaN, Infinity, -Infinity]);
    expect(pyJsonLoads(encode('"\\ud800"'))).toBe('\ud800');
    expect(pyJsonLoads(new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]))).toEqual({});
  });

  it('treats undecodable bytes and absurd nesting as unreadable bodies, not JSON errors', () => {
    expect(() => pyJsonLoads(new Uint8Array([0x7b, 0xff, 0x7d]))).toThrow(BodyParseError);
    expect(() => pyJsonLoads(encode('['.repeat(5000)))).toThrow(BodyParseError);
  });
});
