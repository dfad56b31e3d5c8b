import { GraphQLError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import { formatGraphQLError, mapPostgresError } from './error-mapping';
import { ConflictError, ErrorCode, RateLimitedError } from './errors';

describe('error mapping', () => {
  it('maps constraint violations by SQLSTATE', () => {
    expect(mapPostgresError({ code: '23505', constraint: 'company_kvk_number_key' })).toMatchObject(
      { code: ErrorCode.CONFLICT },
    );
    expect(mapPostgresError({ code: '23P01', constraint: 'x_excl' })?.code).toBe(
      ErrorCode.CONFLICT,
    );
    expect(mapPostgresError({ code: '23503' })?.code).toBe(ErrorCode.NOT_FOUND);
    expect(mapPostgresError({ code: '23514' })?.code).toBe(ErrorCode.BAD_USER_INPUT);
    expect(mapPostgresError({ code: '22P02' })?.code).toBe(ErrorCode.BAD_USER_INPUT);
    expect(mapPostgresError({ code: '53300' })).toBeUndefined();
  });

  it('maps text PostgreSQL cannot store (a NUL byte, found by the input fuzz) to BAD_USER_INPUT', () => {
    expect(mapPostgresError({ code: '22021' })?.code).toBe(ErrorCode.BAD_USER_INPUT);
    expect(mapPostgresError({ code: '54000' })?.code).toBe(ErrorCode.BAD_USER_INPUT);
  });

  it("turns Apollo's request codes into BAD_USER_INPUT with the code as reason (found by a test of malformed requests)", () => {
    for (const apolloCode of [
      'GRAPHQL_PARSE_FAILED',
      'GRAPHQL_VALIDATION_FAILED',
      'BAD_REQUEST',
      'OPERATION_RESOLUTION_FAILURE',
      'PERSISTED_QUERY_NOT_FOUND',
    ]) {
      const formatted = formatGraphQLError(
        { message: 'x', extensions: { code: apolloCode } },
        new GraphQLError('x'),
        () => undefined,
      );
      expect(formatted.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: apolloCode });
    }
  });

  it('a bare Apollo error with HTTP 400 (a persisted-query hash mismatch) is BAD_USER_INPUT, not internal', () => {
    let logged = false;
    const formatted = formatGraphQLError(
      {
        message: 'provided sha does not match query',
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      },
      new GraphQLError('provided sha does not match query', {
        extensions: { http: { status: 400 } },
      }),
      () => (logged = true),
    );
    expect(formatted.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'BAD_REQUEST' });
    expect(logged).toBe(false);
  });

  it('passes on the numbers of a domain error (retryAfterSeconds of RATE_LIMITED)', () => {
    const error = new RateLimitedError('slow down', 'LOGIN_THROTTLED', 42);
    const formatted = formatGraphQLError(
      { message: 'x' },
      new GraphQLError('x', { originalError: error }),
      () => undefined,
    );
    expect(formatted.extensions).toEqual({
      code: 'RATE_LIMITED',
      reason: 'LOGIN_THROTTLED',
      retryAfterSeconds: 42,
    });
  });

  it('keeps a domain error’s code and reason', () => {
    const error = new GraphQLError('wrapped', {
      originalError: new ConflictError('taken', 'STALE_VERSION'),
    });
    const sut = formatGraphQLError({ message: 'wrapped' }, error, () => undefined);
    expect(sut).toMatchObject({
      message: 'taken',
      extensions: { code: 'CONFLICT', reason: 'STALE_VERSION' },
    });
  });

  it('turns a database violation into CONFLICT and hides unknown failures', () => {
    const violation = new QueryFailedError(
      'INSERT',
      [],
      Object.assign(new Error('dup'), { code: '23505', constraint: 'skill_code_key' }),
    );
    expect(
      formatGraphQLError(
        { message: 'x' },
        new GraphQLError('x', { originalError: violation }),
        () => undefined,
      ).extensions,
    ).toEqual({
      code: 'CONFLICT',
      reason: 'skill_code_key',
    });
    const logged: unknown[] = [];
    const hidden = formatGraphQLError(
      { message: 'secret detail' },
      new GraphQLError('x', { originalError: new Error('secret detail') }),
      (e) => logged.push(e),
    );
    expect(hidden).toMatchObject({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(logged).toHaveLength(1);
  });
});
