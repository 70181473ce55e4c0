/** A map that keeps its `capacity` most recently used entries. */
export class RecentlyUsed<V> {
  readonly #entries = new Map<string, V>();

  constructor(readonly capacity: number) {}

  /** The value kept for `key`, or else `make()`'s, kept in place of the least recently used entry. */
  get(key: string, make: () => V): V {
    let value = this.#entries.get(key);
    if (value === undefined) {
      value = make();
      // A Map iterates in insertion order: the first key is the least recently used.
      if (this.#entries.size >= this.capacity) this.#entries.delete(this.#entries.keys().next().value as string);
    } else {
      this.#entries.delete(key);
    }
    this.#entries.set(key, value);
    return value;
  }
}
