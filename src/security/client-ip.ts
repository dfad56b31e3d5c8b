import type { IncomingMessage } from 'node:http';

/**
 * The client address of an HTTP request or WebSocket upgrade, for the per-IP limits. With
 * `trustedHops` reverse proxies in front (TRUST_PROXY_HOPS), the address that many entries from
 * the right of `X-Forwarded-For` (the proxies append what they saw), as Express' `trust proxy`
 * with a hop count does; a client cannot forge past the proxies it actually went through.
 */
export function clientIpOf(request: IncomingMessage, trustedHops: number): string {
  const socketAddress = request.socket?.remoteAddress ?? 'unknown';
  if (trustedHops <= 0) return socketAddress;
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  const chain = [...forwarded, socketAddress];
  return chain[Math.max(0, chain.length - 1 - trustedHops)];
}
