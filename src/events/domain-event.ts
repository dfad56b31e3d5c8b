import { randomUUID } from 'node:crypto';
import { DemandRequest } from '../demand/demand-request.entity';
import { DemandStatus } from '../demand/demand.enums';
import { LoanStatus } from '../lending/lending.enums';
import { Loan } from '../lending/loan.entity';
import { MatchProposal } from '../matching/match-proposal.entity';
import { ProposalStatus } from '../matching/matching.enums';

/** The streams a subscriber can listen to; each is one pub/sub channel. */
export enum EventTopic {
  PROPOSAL = 'proposal',
  LOAN = 'loan',
  DEMAND = 'demand',
}

/**
 * What every event carries. Events travel as JSON (through Redis when it is configured), so they
 * hold ids, states and ISO strings only: never personal data, never entities.
 */
interface EventBase {
  /** Unique per event, so a client can tell a repeat from a new change. */
  eventId: string;
  /** ISO 8601 instant of the change. */
  occurredAt: string;
  /** What happened, in the words of the module that raised it (POSTED, ACCEPTED, RECALLED...). */
  action: string;
  poolId: string;
}

export interface ProposalEvent extends EventBase {
  topic: EventTopic.PROPOSAL;
  proposalId: string;
  demandId: string;
  employeeId: string;
  lenderCompanyId: string;
  borrowerCompanyId: string;
  status: ProposalStatus;
}

export interface LoanEvent extends EventBase {
  topic: EventTopic.LOAN;
  loanId: string;
  demandId: string;
  employeeId: string;
  lenderCompanyId: string;
  borrowerCompanyId: string;
  status: LoanStatus;
}

/** Actions of demand events raised by the demand module. */
export enum DemandAction {
  POSTED = 'POSTED',
  CANCELLED = 'CANCELLED',
  /** Filled, partially filled or expired. */
  STATUS_CHANGED = 'STATUS_CHANGED',
}

export interface DemandEvent extends EventBase {
  topic: EventTopic.DEMAND;
  demandId: string;
  borrowerCompanyId: string;
  status: DemandStatus;
}

export type DomainEvent = ProposalEvent | LoanEvent | DemandEvent;

/**
 * Who may hear an event, worked out once where it is raised and checked for every subscriber
 * (see `mayHear`): the pool's coordinators, HR of the companies listed, the employees listed.
 */
export interface Audience {
  poolId: string;
  companyIds: string[];
  employeeIds: string[];
  /**
   * Lender companies told of new demand because one of their lendable employees qualifies for it
   * (the "saved search"); a subset of `companyIds`. Never shown to subscribers as a list.
   */
  qualifiedCompanyIds: string[];
}

/** What travels over the bus: the event and its audience. */
export interface Envelope<E extends DomainEvent = DomainEvent> {
  event: E;
  audience: Audience;
}

function base(action: string, poolId: string): EventBase {
  return { eventId: randomUUID(), occurredAt: new Date().toISOString(), action, poolId };
}

/** The event for a change of `proposal` (read it after the change). */
export function proposalEvent(
  proposal: Pick<
    MatchProposal,
    'id' | 'demandId' | 'employeeId' | 'poolId' | 'lenderCompanyId' | 'borrowerCompanyId' | 'status'
  >,
  action: string,
): ProposalEvent {
  return {
    ...base(action, proposal.poolId),
    topic: EventTopic.PROPOSAL,
    proposalId: proposal.id,
    demandId: proposal.demandId,
    employeeId: proposal.employeeId,
    lenderCompanyId: proposal.lenderCompanyId,
    borrowerCompanyId: proposal.borrowerCompanyId,
    status: proposal.status,
  };
}

/** The event for a change of `loan` (read it after the change). */
export function loanEvent(
  loan: Pick<
    Loan,
    'id' | 'demandId' | 'employeeId' | 'poolId' | 'lenderCompanyId' | 'borrowerCompanyId' | 'status'
  >,
  action: string,
): LoanEvent {
  return {
    ...base(action, loan.poolId),
    topic: EventTopic.LOAN,
    loanId: loan.id,
    demandId: loan.demandId,
    employeeId: loan.employeeId,
    lenderCompanyId: loan.lenderCompanyId,
    borrowerCompanyId: loan.borrowerCompanyId,
    status: loan.status,
  };
}

/** The event for a change of `demand` (read it after the change). */
export function demandEvent(
  demand: Pick<DemandRequest, 'id' | 'poolId' | 'companyId' | 'status'>,
  action: DemandAction | string,
): DemandEvent {
  return {
    ...base(action, demand.poolId),
    topic: EventTopic.DEMAND,
    demandId: demand.id,
    borrowerCompanyId: demand.companyId,
    status: demand.status,
  };
}

/** The record an event is about: events of one record go out in the order they were raised. */
export function recordKey(event: DomainEvent): string {
  switch (event.topic) {
    case EventTopic.PROPOSAL:
      return `proposal:${event.proposalId}`;
    case EventTopic.LOAN:
      return `loan:${event.loanId}`;
    case EventTopic.DEMAND:
      return `demand:${event.demandId}`;
  }
}
