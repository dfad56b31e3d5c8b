import { ArgumentsHost, Catch, HttpException, HttpServer } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HEALTH_PATH } from '../health/service-state';
import { ErrorCode, HttpErrorReason } from './errors';

/** The error code and reason of an HTTP status answered before GraphQL runs. */
const BY_STATUS: Record<number, { code: ErrorCode; reason?: HttpErrorReason }> = {
  400: { code: ErrorCode.BAD_USER_INPUT, reason: HttpErrorReason.MALFORMED_BODY },
  401: { code: ErrorCode.UNAUTHENTICATED },
  403: { code: ErrorCode.FORBIDDEN },
  404: { code: ErrorCode.NOT_FOUND, reason: HttpErrorReason.NO_ROUTE },
  409: { code: ErrorCode.CONFLICT },
  413: { code: ErrorCode.BAD_USER_INPUT, reason: HttpErrorReason.BODY_TOO_LARGE },
  415: { code: ErrorCode.BAD_USER_INPUT, reason: HttpErrorReason.UNSUPPORTED_MEDIA_TYPE },
  429: { code: ErrorCode.RATE_LIMITED },
  503: { code: ErrorCode.SERVICE_UNAVAILABLE },
};

/**
 * HTTP errors raised outside GraphQL (a body Fastify could not read, a path with no route) answer
 * with the body shape of a GraphQL error (`errors[0].extensions.code` and `reason`), so that one
 * client handles both. `/health` keeps Terminus' own report, and inside GraphQL the exception goes
 * on to the GraphQL error mapping as before.
 */
@Catch(HttpException)
export class HttpErrorFilter extends BaseExceptionFilter {
  /** `bodyLimitBytes`: the limit the adapter enforces, for the message of a 413. */
  constructor(
    applicationRef: HttpServer,
    private readonly bodyLimitBytes: number,
  ) {
    super(applicationRef);
  }

  override catch(exception: HttpException, host: ArgumentsHost): HttpException | void {
    if (host.getType() !== 'http') return exception;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    if (request.routeOptions?.url === HEALTH_PATH) return super.catch(exception, host);
    const status = exception.getStatus();
    const known = BY_STATUS[status];
    const message =
      status === 413
        ? `Request body larger than ${this.bodyLimitBytes} bytes`
        : status >= 500 && !known
          ? 'Internal server error'
          : exception.message;
    const extensions = known
      ? { code: known.code, ...(known.reason ? { reason: known.reason } : {}) }
      : { code: status >= 500 ? ErrorCode.INTERNAL_SERVER_ERROR : ErrorCode.BAD_USER_INPUT };
    void http
      .getResponse<FastifyReply>()
      .code(status)
      .send({ errors: [{ message, extensions }] });
  }
}
