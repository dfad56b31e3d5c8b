import type { IncomingHttpHeaders } from 'node:http';
import { randomUUID } from 'node:crypto';

/** A caller's `X-Request-Id` is kept when it is this tame; any other gets a fresh UUID. */
const ACCEPTED_ID = /^[\w.-]{1,64}$/;

/**
 * The id of one request, for its log lines and its `X-Request-Id` response header: the one a
 * proxy or client sent, or a fresh UUID (Fastify's `genReqId`; pino-http logs the same id).
 */
export function requestIdOf(req: { headers: IncomingHttpHeaders }): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && ACCEPTED_ID.test(given) ? given : randomUUID();
}
