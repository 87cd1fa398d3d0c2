/**
 * Values read from the database at one version of the data they depend on, kept in this process
 * and given back only for that same version. The version is a number the database moves on, in
 * the same transaction, whenever that data changes (see shared_ideas_version); a newer version
 * drops everything kept for older ones. At most `maxEntries` values are kept: the least recently
 * used goes first.
 */
export class VersionedCache<T> {
  readonly #maxEntries: number;
  #version: bigint | null = null;
  readonly #entries = new Map<string, T>();

  constructor(maxEntries: number) {
    this.#maxEntries = maxEntries;
  }

  /** Whether a value is kept for the key, at whatever version. */
  has(key: string): boolean {
    return this.#entries.has(key);
  }

  /** The value kept for the key if it was read at exactly this version. */
  get(key: string, version: string): T | undefined {
    if (this.#version === null || BigInt(version) !== this.#version) return undefined;
    const value = this.#entries.get(key);
    if (value === undefined) return undefined;
    // Most recently used last.
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }

  /** Keeps a value read at this version. A read at an older version than the kept ones is not kept. */
  set(key: string, version: string, value: T): void {
    const read = BigInt(version);
    if (this.#version !== null && read < this.#version) return;
    if (read !== this.#version) {
      this.#entries.clear();
      this.#version = read;
    }
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
  }

  get size(): number {
    return this.#entries.size;
  }
}
