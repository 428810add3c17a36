// Node 20 lacks Map.groupBy / Object.groupBy (Node 21+), which vitest 5's reporter calls when a
// test fails. Loaded with `node --import` by the test scripts; a no-op on newer Node.
if (typeof Map.groupBy !== 'function') {
  Map.groupBy = function groupBy(items, keyFn) {
    const map = new Map();
    let i = 0;
    for (const item of items) {
      const key = keyFn(item, i++);
      if (!map.has(key)) map.set(key, []);
      map.get(key).push(item);
    }
    return map;
  };
}
if (typeof Object.groupBy !== 'function') {
  Object.groupBy = function groupBy(items, keyFn) {
    const out = Object.create(null);
    let i = 0;
    for (const item of items) {
      const key = keyFn(item, i++);
      (out[key] ??= []).push(item);
    }
    return out;
  };
}
