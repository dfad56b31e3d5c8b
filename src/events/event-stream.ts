/**
 * An async iterator fed by pushes, for one subscriber. Events wait in a bounded queue while the
 * subscriber is busy; when a slow subscriber lets it overflow, the oldest are dropped (a live
 * update stream is a hint to refetch, not a ledger).
 */
export class EventStream<T> implements AsyncIterableIterator<T> {
  private readonly queue: T[] = [];
  private readonly waiting: ((result: IteratorResult<T>) => void)[] = [];
  private closed = false;

  constructor(
    private readonly onClose: () => void,
    private readonly capacity = 1000,
  ) {}

  /** Hands `value` to a waiting reader, or queues it. */
  push(value: T): void {
    if (this.closed) return;
    const reader = this.waiting.shift();
    if (reader) {
      reader({ value, done: false });
      return;
    }
    if (this.queue.length >= this.capacity) this.queue.shift();
    this.queue.push(value);
  }

  next(): Promise<IteratorResult<T>> {
    if (this.queue.length > 0) {
      return Promise.resolve({ value: this.queue.shift() as T, done: false });
    }
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  return(): Promise<IteratorResult<T>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<T>> {
    this.close();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Ends the stream: readers waiting get `done`, and the subscription is released once. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0;
    for (const reader of this.waiting.splice(0)) reader({ value: undefined, done: true });
    this.onClose();
  }
}
