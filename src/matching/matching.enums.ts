import { registerEnumType } from '@nestjs/graphql';

export enum ProposalStatus {
  PROPOSED = 'PROPOSED',
  LENDER_ACCEPTED = 'LENDER_ACCEPTED',
  EMPLOYEE_CONSENTED = 'EMPLOYEE_CONSENTED',
  CONFIRMED = 'CONFIRMED',
  DECLINED = 'DECLINED',
  EXPIRED = 'EXPIRED',
  WITHDRAWN = 'WITHDRAWN',
}

registerEnumType(ProposalStatus, {
  name: 'ProposalStatus',
  description:
    'PROPOSED → LENDER_ACCEPTED → EMPLOYEE_CONSENTED → CONFIRMED (a loan exists), or DECLINED, EXPIRED, WITHDRAWN.',
});

/** Proposal states that still hold an employee for a demand. */
export const LIVE_PROPOSAL_STATUSES = [
  ProposalStatus.PROPOSED,
  ProposalStatus.LENDER_ACCEPTED,
  ProposalStatus.EMPLOYEE_CONSENTED,
] as const;

export enum UnfilledReason {
  NO_SKILL = 'NO_SKILL',
  ALL_BOOKED = 'ALL_BOOKED',
  OUT_OF_RANGE = 'OUT_OF_RANGE',
  OVER_MAX_RATE = 'OVER_MAX_RATE',
  INSUFFICIENT_COVERAGE = 'INSUFFICIENT_COVERAGE',
  OUTRANKED = 'OUTRANKED',
  NO_CANDIDATES = 'NO_CANDIDATES',
}

registerEnumType(UnfilledReason, {
  name: 'UnfilledReason',
  description: 'Why a position stayed open in a matching run ("when everyone is busy").',
  valuesMap: {
    NO_SKILL: {
      description:
        'No available member employee holds the mandatory skill(s) at the level asked (see `skill`).',
    },
    ALL_BOOKED: {
      description:
        'Qualified people exist, but all are booked or already proposed on these half-days.',
    },
    OUT_OF_RANGE: {
      description: 'Qualified, available people live or work beyond the travel limit.',
    },
    OVER_MAX_RATE: {
      description: 'Qualified, available people in range cost more than the maximum hourly rate.',
    },
    INSUFFICIENT_COVERAGE: {
      description:
        'Qualified people are available for less than the minimum coverage of the hours.',
    },
    OUTRANKED: {
      description: 'Candidates existed but went to demands of higher priority in this run.',
    },
    NO_CANDIDATES: { description: 'Nobody is offering capacity in this pool for this period.' },
  },
});

export enum Optimality {
  EXACT = 'EXACT',
  BOUNDED = 'BOUNDED',
}

registerEnumType(Optimality, {
  name: 'Optimality',
  description:
    'EXACT: the proven optimum. BOUNDED: the best found within the time limit, with a certified bound and gap.',
});
