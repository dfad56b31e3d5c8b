import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';
import { daysInclusive } from '../common/calendar';
import { BadUserInputError } from '../common/errors';
import { DateScalar } from '../common/scalars';
import { ReportingErrorReason } from './reporting.errors';

/** The longest period one report may span, in days (three years, leap day included). */
export const MAX_REPORT_DAYS = 1096;

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@ArgsType()
export class PoolUsageArgs {
  @Field(() => ID, { description: 'The pool to report on.' })
  @IsUUID()
  poolId!: string;

  @Field(() => DateScalar, {
    description: 'First day of the period (included), a Dutch calendar date.',
  })
  from!: string;

  @Field(() => DateScalar, {
    description: `Last day of the period (included); at most ${MAX_REPORT_DAYS} days after \`from\`.`,
  })
  to!: string;
}

function isRealDate(value: string): boolean {
  return ISO_DATE.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}

/**
 * Checks a report period: `from` on or before `to`, and no longer than {@link MAX_REPORT_DAYS}.
 * Throws BAD_USER_INPUT naming the field otherwise.
 */
export function checkReportPeriod(from: string, to: string): void {
  if (from > to) {
    throw BadUserInputError.field(
      'to',
      `must not be before from (${from})`,
      ReportingErrorReason.PERIOD_REVERSED,
    );
  }
  if (daysInclusive(from, to) > MAX_REPORT_DAYS) {
    throw BadUserInputError.field(
      'to',
      `the period may span at most ${MAX_REPORT_DAYS} days`,
      ReportingErrorReason.PERIOD_TOO_LONG,
    );
  }
}

/**
 * Reads the report arguments of an HTTP export from its query string (`poolId`, `from`, `to`),
 * with the same checks as the GraphQL arguments; BAD_USER_INPUT listing every bad field.
 */
export function parsePoolUsageQuery(query: Record<string, unknown>): PoolUsageArgs {
  const problems: { field: string; message: string }[] = [];
  const text = (name: string): string => {
    const value = query[name];
    return typeof value === 'string' ? value : '';
  };
  const poolId = text('poolId');
  const from = text('from');
  const to = text('to');
  if (!UUID.test(poolId)) problems.push({ field: 'poolId', message: 'poolId must be a UUID' });
  if (!isRealDate(from))
    problems.push({ field: 'from', message: 'from must be a date YYYY-MM-DD' });
  if (!isRealDate(to)) problems.push({ field: 'to', message: 'to must be a date YYYY-MM-DD' });
  if (problems.length) {
    throw new BadUserInputError(
      `Invalid input: ${problems.map((p) => p.message).join('; ')}`,
      problems,
    );
  }
  return Object.assign(new PoolUsageArgs(), { poolId, from, to });
}
