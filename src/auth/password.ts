import { Algorithm, hash, verify } from '@node-rs/argon2';

/**
 * argon2id with the OWASP-recommended baseline (19 MiB memory, 2 iterations, 1 lane).
 * @node-rs/argon2 ships prebuilt binaries, so no install script or compiler is needed.
 */
const OPTIONS = {
  algorithm: Algorithm.Argon2id,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A valid hash of a random secret, verified against when the email is unknown so timing leaks nothing. */
export const DUMMY_HASH = hashPassword(`dummy-${Math.random()}`);
