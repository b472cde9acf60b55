/**
 * Copying and comparing the plain data that rule states and the history hold (a pass state is copied at every
 * checkpoint of an incremental lint and compared to find where a re-lint converges).
 */

/**
 * A deep copy of plain data: primitives, arrays, plain objects, Maps and Sets; frozen objects are values and are
 * shared, not copied. Faster than structuredClone on these; throws on anything else (functions, class instances), as
 * structuredClone throws on functions, so that a rule with an unexpected state disables the checkpoints rather than
 * sharing mutable state.
 */
export function clonePlain<T>(value: T): T {
  return copy(value) as T;
}

function copy(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) {
    if (typeof v === 'function' || typeof v === 'symbol') throw new TypeError(`cannot copy a ${typeof v}`);
    return v;
  }
  if (Object.isFrozen(v)) return v;
  if (Array.isArray(v)) return v.map(copy);
  if (v instanceof Map) {
    const m = new Map<unknown, unknown>();
    for (const [k, x] of v) m.set(k, copy(x));
    return m;
  }
  if (v instanceof Set) {
    const s = new Set<unknown>();
    for (const x of v) s.add(copy(x));
    return s;
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) throw new TypeError('cannot copy a class instance');
  const o: Record<string, unknown> = {};
  for (const k of Object.keys(v)) o[k] = copy((v as Record<string, unknown>)[k]);
  return o;
}

/**
 * Structural equality of the same values: primitives, arrays, plain objects, Maps (keys by
 * identity, values structurally; insertion order counts) and Sets (of primitives). Identical objects are equal without
 * a look inside, which makes comparing two states that share most of their entries cheap.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    const bi = b.entries();
    for (const [k, v] of a) {
      const next = bi.next().value as [unknown, unknown];
      if (next[0] !== k || !deepEqual(v, next[1])) return false;
    }
    return true;
  }
  if (a instanceof Set) {
    if (!(b instanceof Set) || a.size !== b.size) return false;
    const bi = b.values();
    for (const v of a) if (!deepEqual(v, bi.next().value)) return false;
    return true;
  }
  if (Array.isArray(b) || b instanceof Map || b instanceof Set) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}
