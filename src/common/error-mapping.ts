import { HttpException } from '@nestjs/common';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import { isTokenLimitError } from '../security/query-limits';
import { SecurityErrorReason } from '../security/security.errors';
import { DomainError, ErrorCode, FieldProblem } from './errors';

interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
}

/** Human messages for named constraints, so a violated guarantee reads well. */
const CONSTRAINT_MESSAGES: Record<string, string> = {
  availability_window_employee_pool_period_half_days_excl:
    'This employee already has availability in this pool on one of these half-days in an overlapping period',
  company_kvk_number_key: 'A company with this KvK number is already registered',
  app_user_email_key: 'A user with this email address already exists',
  pool_name_key: 'A pool with this name already exists',
  skill_code_key: 'A skill with this code already exists',
  pool_membership_pool_id_company_id_key: 'This company already has a membership in this pool',
  loan_employee_period_half_days_excl:
    'This employee is already booked on one of these half-days in an overlapping period',
  loan_proposal_id_key: 'This proposal already has a loan',
};

/** Maps a PostgreSQL error (by SQLSTATE) onto our codes; `undefined` when it is not the client's doing. */
export function mapPostgresError(
  error: PgError,
): { code: ErrorCode; message: string; reason?: string } | undefined {
  const constraint = error.constraint;
  const known = constraint ? CONSTRAINT_MESSAGES[constraint] : undefined;
  switch (error.code) {
    case '23505': // unique_violation
    case '23P01': // exclusion_violation
      return {
        code: ErrorCode.CONFLICT,
        message: known ?? `Conflicts with existing data (${constraint})`,
        reason: constraint,
      };
    case '23503': // foreign_key_violation
      return {
        code: ErrorCode.NOT_FOUND,
        message: known ?? `A referenced record does not exist (${constraint})`,
        reason: constraint,
      };
    case '23514': // check_violation
    case '23502': // not_null_violation
      return {
        code: ErrorCode.BAD_USER_INPUT,
        message: known ?? `Invalid value (${constraint ?? 'not null'})`,
        reason: constraint,
      };
    case '22P02': // invalid_text_representation (a malformed uuid, say)
    case '22007': // invalid_datetime_format
    case '22008': // datetime_field_overflow
    case '22003': // numeric_value_out_of_range
    case '22001': // string_data_right_truncation
    case '22000':
    case '2201X':
    case '22021': // character_not_in_repertoire (a NUL byte in text)
    case '54000': // program_limit_exceeded (a value too large for an index row)
      return { code: ErrorCode.BAD_USER_INPUT, message: 'Invalid input value' };
    case '40001':
    case '40P01':
      return {
        code: ErrorCode.CONFLICT,
        message: 'Concurrent change; please retry',
        reason: 'SERIALIZATION_FAILURE',
      };
    default:
      return undefined;
  }
}

const STABLE_CODES = new Set<string>(Object.values(ErrorCode));

function findCause(error: unknown): unknown {
  let current = error;
  for (let i = 0; i < 5 && current instanceof GraphQLError && current.originalError; i++) {
    current = current.originalError;
  }
  return current;
}

/**
 * The one place where failures become GraphQL errors: domain errors keep their code, PostgreSQL
 * constraint violations become CONFLICT/BAD_USER_INPUT/NOT_FOUND, anything else is an internal
 * error whose details are logged, never shown.
 */
export function formatGraphQLError(
  formatted: GraphQLFormattedError,
  error: unknown,
  onInternal: (error: unknown) => void,
): GraphQLFormattedError {
  const cause = findCause(error);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  if (cause instanceof DomainError) {
    const extensions: Record<string, unknown> = { code: cause.code };
    if (cause.reason) extensions.reason = cause.reason;
    if (cause.fields) extensions.fields = cause.fields;
    Object.assign(extensions, cause.details);
    return { ...base, message: cause.message, extensions };
  }
  if (cause instanceof QueryFailedError) {
    const mapped = mapPostgresError(cause.driverError as PgError);
    if (mapped) {
      const extensions: Record<string, unknown> = { code: mapped.code };
      if (mapped.reason) extensions.reason = mapped.reason;
      return { ...base, message: mapped.message, extensions };
    }
  }
  if (cause instanceof HttpException) {
    const status = cause.getStatus();
    const code =
      status === 401
        ? ErrorCode.UNAUTHENTICATED
        : status === 403
          ? ErrorCode.FORBIDDEN
          : status === 404
            ? ErrorCode.NOT_FOUND
            : status === 409
              ? ErrorCode.CONFLICT
              : status < 500
                ? ErrorCode.BAD_USER_INPUT
                : ErrorCode.INTERNAL_SERVER_ERROR;
    if (code !== ErrorCode.INTERNAL_SERVER_ERROR)
      return { ...base, message: cause.message, extensions: { code } };
  }
  const existing = formatted.extensions?.code;
  if (typeof existing === 'string' && existing !== ErrorCode.INTERNAL_SERVER_ERROR) {
    // Apollo's own codes (parse, validation, variable coercion, operation resolution, persisted
    // queries, bad requests) are the client's doing: BAD_USER_INPUT with Apollo's code as reason,
    // so that clients only ever see our stable codes.
    const code = STABLE_CODES.has(existing) ? existing : ErrorCode.BAD_USER_INPUT;
    const reason =
      existing === 'GRAPHQL_PARSE_FAILED' && isTokenLimitError(formatted.message)
        ? SecurityErrorReason.TOO_MANY_TOKENS
        : existing;
    return { ...base, extensions: { code, ...(code !== existing ? { reason } : {}) } };
  }
  // Apollo answers some malformed requests (a persisted-query hash that does not match, say) with
  // a bare error and HTTP 400; they are the client's doing too.
  const http = cause instanceof GraphQLError ? cause.extensions?.http : undefined;
  const status = (http as { status?: unknown } | undefined)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { ...base, extensions: { code: ErrorCode.BAD_USER_INPUT, reason: 'BAD_REQUEST' } };
  }
  onInternal(cause);
  return {
    ...base,
    message: 'Internal server error',
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

/** Turns class-validator failures into one BAD_USER_INPUT listing every bad field. */
export function fieldProblems(
  errors: { property: string; constraints?: Record<string, string>; children?: unknown[] }[],
  prefix = '',
): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    const nested = fieldProblems((e.children ?? []) as typeof errors, field);
    return [...own, ...nested];
  });
}
