/** The time-bound claims of a verified token. */
export interface TimedClaims {
  exp?: number;
  nbf?: number;
}

/**
 * Tokens this process has verified (signature, algorithm, issuer, audience) with their claims, so
 * that a client's next request with the same token skips the HMAC, the decoding and the parsing
 * (a tenth of the CPU of a simple query in `npm run bench:api`). Everything jsonwebtoken checks
 * depends only on the token's text and the fixed secret and options, except time: a remembered
 * token serves only while jsonwebtoken would still accept it (`now < exp`, in whole seconds as it
 * counts), and is forgotten once expired, so that the full verification reports the expiry.
 * Tokens without `exp` (refused anyway) or with `nbf` (not valid yet, later valid) are never
 * remembered. At most `capacity` tokens; the oldest is forgotten first.
 */
export class VerifiedTokens<C extends TimedClaims> {
  private readonly claims = new Map<string, Readonly<C>>();

  constructor(
    private readonly capacity: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The claims of `token` if it was verified and has not expired since. */
  get(token: string): Readonly<C> | undefined {
    const claims = this.claims.get(token);
    if (claims === undefined) return undefined;
    if (Math.floor(this.now() / 1000) >= (claims.exp as number)) {
      this.claims.delete(token);
      return undefined;
    }
    return claims;
  }

  /** Remembers the claims of a token that has just been verified. */
  remember(token: string, claims: C): void {
    if (typeof claims.exp !== 'number' || claims.nbf !== undefined || this.capacity <= 0) return;
    if (this.claims.size >= this.capacity) {
      const oldest = this.claims.keys().next().value as string;
      this.claims.delete(oldest);
    }
    this.claims.set(token, Object.freeze({ ...claims }));
  }

  get size(): number {
    return this.claims.size;
  }
}
