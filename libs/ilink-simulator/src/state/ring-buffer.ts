/**
 * The last `capacity` items pushed, oldest first. Once full, a push overwrites the oldest item in
 * place: constant time, where dropping it from the front of an array copies the whole array on
 * every request. A capacity below 1 keeps nothing.
 */
export class RingBuffer<T> {
  private items: T[] = [];
  /** Index of the oldest item once the buffer is full. */
  private oldest = 0;
  private readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = Number.isFinite(capacity) ? Math.max(0, Math.floor(capacity)) : 0;
  }

  /** Adds `item`; answers the item it dropped to make room (`item` itself below a capacity of 1). */
  push(item: T): T | undefined {
    if (this.capacity === 0) return item;
    if (this.items.length < this.capacity) {
      this.items.push(item);
      return undefined;
    }
    const dropped = this.items[this.oldest];
    this.items[this.oldest] = item;
    this.oldest = (this.oldest + 1) % this.capacity;
    return dropped;
  }

  /** The items, oldest first (a new array). */
  toArray(): T[] {
    return this.oldest === 0
      ? [...this.items]
      : [...this.items.slice(this.oldest), ...this.items.slice(0, this.oldest)];
  }

  /** The oldest item that matches `test`. */
  find(test: (item: T) => boolean): T | undefined {
    const n = this.items.length;
    for (let i = 0; i < n; i++) {
      const item = this.items[(this.oldest + i) % n]!;
      if (test(item)) return item;
    }
    return undefined;
  }

  clear(): void {
    this.items = [];
    this.oldest = 0;
  }
}
