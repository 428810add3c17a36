import { describe, expect, it } from 'vitest';
import { sameData } from '@/lib/same-data';

describe('sameData', () => {
  it('ignores key order, as browser storage reorders keys', () => {
    expect(sameData({ tier: 'free', credits_used: 1 }, { credits_used: 1, tier: 'free' })).toBe(true);
    expect(sameData([{ a: 1, b: [1, { c: null }] }], [{ b: [1, { c: null }], a: 1 }])).toBe(true);
  });
  it('sees any change of value, type, array order or length', () => {
    expect(sameData({ a: 1 }, { a: 2 })).toBe(false);
    expect(sameData({ a: 1 }, { a: '1' })).toBe(false);
    expect(sameData([1, 2], [2, 1])).toBe(false);
    expect(sameData([1], [1, 1])).toBe(false);
    expect(sameData({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameData(null, {})).toBe(false);
  });
});
