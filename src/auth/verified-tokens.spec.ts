import { VerifiedTokens } from './verified-tokens';

describe('VerifiedTokens', () => {
  const at = (seconds: number) => () => seconds * 1000;

  it('serves a remembered token until the second jsonwebtoken counts it expired, then forgets it', () => {
    let now = 1_000;
    const sut = new VerifiedTokens<{ sub: string; exp?: number }>(10, () => now * 1000);
    sut.remember('t', { sub: 'u1', exp: 1_060 });
    expect(sut.get('t')).toEqual({ sub: 'u1', exp: 1_060 });
    now = 1_059.999;
    expect(sut.get('t')?.sub).toBe('u1');
    now = 1_060; // jsonwebtoken: expired when now >= exp
    expect(sut.get('t')).toBeUndefined();
    expect(sut.size).toBe(0);
    now = 1_000; // a clock set back does not bring it back
    expect(sut.get('t')).toBeUndefined();
  });

  it('never remembers a token without expiry or with a not-before time', () => {
    const sut = new VerifiedTokens<{ exp?: number; nbf?: number }>(10, at(1_000));
    sut.remember('no-exp', {});
    sut.remember('nbf', { exp: 2_000, nbf: 1_500 });
    expect(sut.get('no-exp')).toBeUndefined();
    expect(sut.get('nbf')).toBeUndefined();
  });

  it('knows only exact token texts, and keeps at most its capacity, forgetting the oldest first', () => {
    const sut = new VerifiedTokens<{ exp: number }>(2, at(1_000));
    sut.remember('a', { exp: 2_000 });
    sut.remember('b', { exp: 2_000 });
    sut.remember('c', { exp: 2_000 });
    expect(sut.size).toBe(2);
    expect(sut.get('a')).toBeUndefined();
    expect(sut.get('b')).toBeDefined();
    expect(sut.get('c')).toBeDefined();
    expect(sut.get('c ')).toBeUndefined();
  });

  it('hands out claims nobody can change', () => {
    const sut = new VerifiedTokens<{ role: string; exp: number }>(2, at(1_000));
    const claims = { role: 'EMPLOYEE', exp: 2_000 };
    sut.remember('t', claims);
    claims.role = 'ADMIN';
    expect(sut.get('t')?.role).toBe('EMPLOYEE');
    expect(() => {
      (sut.get('t') as { role: string }).role = 'ADMIN';
    }).toThrow(TypeError);
  });
});
