import { EventStream } from './event-stream';

describe('EventStream', () => {
  it('hands pushed values to readers in order, queued or waiting', async () => {
    const sut = new EventStream<number>(() => undefined);
    sut.push(1);
    const waiting = [sut.next(), sut.next()];
    sut.push(2);
    expect(await waiting[0]).toEqual({ value: 1, done: false });
    expect(await waiting[1]).toEqual({ value: 2, done: false });
  });

  it('drops the oldest values when a slow reader lets the queue overflow', async () => {
    const sut = new EventStream<number>(() => undefined, 2);
    [1, 2, 3].forEach((n) => sut.push(n));
    expect(await sut.next()).toEqual({ value: 2, done: false });
    expect(await sut.next()).toEqual({ value: 3, done: false });
  });

  it('return() ends waiting readers and releases the subscription exactly once', async () => {
    const release = jest.fn();
    const sut = new EventStream<number>(release);
    const waiting = sut.next();
    await sut.return();
    await sut.return();
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(await sut.next()).toEqual({ value: undefined, done: true });
    sut.push(1);
    expect(await sut.next()).toEqual({ value: undefined, done: true });
    expect(release).toHaveBeenCalledTimes(1);
  });
});
