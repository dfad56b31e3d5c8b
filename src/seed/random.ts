/**
 * A small seeded pseudo-random generator for demo and synthetic data, so that the same seed
 * always produces the same rows.
 *
 * sfc32 ("small fast counting", 128-bit state) seeded through the cyrb128 string hash rather than
 * mulberry32: mulberry32 has 32 bits of state, so the streams of two seeds are the same sequence
 * shifted, and ids drawn from them could collide; sfc32 streams of different seeds do not meet in
 * practice. Not for secrets.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string | number) {
    [this.a, this.b, this.c, this.d] = cyrb128(String(seed));
    for (let i = 0; i < 15; i++) this.uint32();
  }

  /** The next 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A float in [min, max). */
  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** One of `items`, each as likely as its weight. */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T {
    let total = 0;
    for (const item of items) total += weight(item);
    let r = this.next() * total;
    for (const item of items) {
      r -= weight(item);
      if (r < 0) return item;
    }
    return items[items.length - 1];
  }

  /** A standard normal deviate (Box-Muller). */
  gaussian(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A copy of `items` in random order (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  /** A version-4-shaped UUID drawn from the stream: deterministic ids without a database trip. */
  uuid(): string {
    const a = this.uint32();
    const b = this.uint32();
    const c = this.uint32();
    const d = this.uint32();
    return (
      hex(a, 8) +
      '-' +
      hex(b >>> 16, 4) +
      '-' +
      hex((b & 0x0fff) | 0x4000, 4) +
      '-' +
      hex(((c >>> 16) & 0x3fff) | 0x8000, 4) +
      '-' +
      hex(c & 0xffff, 4) +
      hex(d, 8)
    );
  }
}

/**
 * Ids shaped like UUIDv7: the 48-bit time field counts up from `start` (milliseconds since 1970)
 * by one per id, the remaining 74 bits come from a seeded stream. Ids rise in the order they are
 * made, so bulk inserts append to the right edge of B-tree indexes instead of touching pages all
 * over them, which matters once an index outgrows the buffer cache; and the same seed still
 * gives the same ids.
 */
export class SequentialIds {
  private next: number;

  constructor(
    private readonly random: Random,
    start: number,
  ) {
    this.next = Math.floor(start);
  }

  uuid(): string {
    const time = this.next++;
    const b = this.random.uint32();
    const c = this.random.uint32();
    return (
      hex(Math.floor(time / 65536), 8) +
      '-' +
      hex(time % 65536, 4) +
      '-' +
      hex(0x7000 | (b & 0x0fff), 4) +
      '-' +
      hex(0x8000 | ((b >>> 12) & 0x3fff), 4) +
      '-' +
      hex(c & 0xffff, 4) +
      hex(this.random.uint32(), 8)
    );
  }
}

function hex(value: number, width: number): string {
  return (value >>> 0).toString(16).padStart(width, '0');
}

/** cyrb128: a 128-bit string hash, used only to spread a seed over sfc32's four words. */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}
