import type { preHandlerHookHandler } from 'fastify';
import { ErrorCode } from '../common/errors';
import { SecurityErrorReason } from './security.errors';

/**
 * Refuses batched GraphQL requests (a JSON array of operations in one POST) with 400 and a
 * GraphQL-shaped BAD_USER_INPUT, before Apollo sees them. One request is one operation, so the
 * cost and rate limits apply per operation and a batch cannot multiply the work of one request.
 * A Fastify `preHandler` hook: it runs once the body is parsed.
 */
export const rejectBatchedRequests: preHandlerHookHandler = (request, reply, done) => {
  if (request.method !== 'POST' || !Array.isArray(request.body)) return done();
  void reply.code(400).send({
    errors: [
      {
        message: 'Batched requests are not accepted: send one operation per request',
        extensions: {
          code: ErrorCode.BAD_USER_INPUT,
          reason: SecurityErrorReason.BATCH_NOT_ALLOWED,
        },
      },
    ],
  });
};
