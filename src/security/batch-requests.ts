import type { NextFunction, Request, Response } from 'express';
import { ErrorCode } from '../common/errors';
import { SecurityErrorReason } from './security.errors';

/**
 * Refuses batched GraphQL requests (a JSON array of operations in one POST) with 400 and a
 * GraphQL-shaped BAD_USER_INPUT, before Apollo sees them. One request is one operation, so the
 * cost and rate limits apply per operation and a batch cannot multiply the work of one request.
 * Mounted after the JSON body parser.
 */
export function rejectBatchedRequests(req: Request, res: Response, next: NextFunction): void {
  if (req.method !== 'POST' || !Array.isArray(req.body)) return next();
  res.status(400).json({
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
}
