import { registerEnumType } from '@nestjs/graphql';

/** Lifecycle of a timesheet entry. */
export enum TimesheetStatus {
  /** Registered (or corrected) by the borrower; waits for the lender. */
  SUBMITTED = 'SUBMITTED',
  /** Approved by the lender as submitted; billable. */
  APPROVED = 'APPROVED',
  /** The lender disagrees and proposes other hours; waits for the borrower. */
  DISPUTED = 'DISPUTED',
  /** The borrower accepted the lender's counter-proposal; billable at the counter hours. */
  COUNTER_ACCEPTED = 'COUNTER_ACCEPTED',
}

registerEnumType(TimesheetStatus, {
  name: 'TimesheetStatus',
  description:
    'SUBMITTED by the borrower → APPROVED by the lender, or DISPUTED with a counter-proposal → COUNTER_ACCEPTED by the borrower (or corrected: SUBMITTED again). APPROVED and COUNTER_ACCEPTED hours are billed.',
});

/** States whose hours are billed in a settlement. */
export const BILLABLE_STATUSES = [
  TimesheetStatus.APPROVED,
  TimesheetStatus.COUNTER_ACCEPTED,
] as const;

/** States that still wait for one side. */
export const OPEN_STATUSES = [TimesheetStatus.SUBMITTED, TimesheetStatus.DISPUTED] as const;
