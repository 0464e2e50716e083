/**
 * A lookup table keyed by text from the input (element names, attribute values, statuses,
 * charset labels): an object without a prototype, so a key such as `constructor`, `toString`
 * or `__proto__` finds nothing instead of a built-in of `Object.prototype`. Frozen.
 */
export function lookupTable<T>(entries: Record<string, T>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}
