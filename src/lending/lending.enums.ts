import { registerEnumType } from '@nestjs/graphql';

export enum LoanStatus {
  PLANNED = 'PLANNED',
  ACTIVE = 'ACTIVE',
  RECALLED = 'RECALLED',
  CANCELLED = 'CANCELLED',
  COMPLETED = 'COMPLETED',
}

registerEnumType(LoanStatus, {
  name: 'LoanStatus',
  description:
    'PLANNED before its start, ACTIVE during it; RECALLED (effective after the notice), CANCELLED or COMPLETED.',
});

/** Loan states that book the employee's half-days. */
export const LIVE_LOAN_STATUSES = [
  LoanStatus.PLANNED,
  LoanStatus.ACTIVE,
  LoanStatus.RECALLED,
] as const;
