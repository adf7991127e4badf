interface FifoNode<T> {
  readonly value: T;
  next: FifoNode<T> | undefined;
}

/** A first-in first-out queue with O(1) `push` and `shift`. */
export class FifoQueue<T> {
  private head: FifoNode<T> | undefined;
  private tail: FifoNode<T> | undefined;
  private count = 0;

  /** Number of queued values. */
  get length(): number {
    return this.count;
  }

  /** Appends a value. */
  push(value: T): void {
    const node: FifoNode<T> = { value, next: undefined };
    if (this.tail) this.tail.next = node;
    else this.head = node;
    this.tail = node;
    this.count++;
  }

  /** Removes and returns the oldest value, or `undefined` when empty. */
  shift(): T | undefined {
    const node = this.head;
    if (!node) return undefined;
    this.head = node.next;
    if (!this.head) this.tail = undefined;
    this.count--;
    return node.value;
  }
}
