import { registerEnumType } from '@nestjs/graphql';

/** The kinds of record whose state changes are audited. */
export enum AuditEntityType {
  MATCH_PROPOSAL = 'MATCH_PROPOSAL',
  LOAN = 'LOAN',
  DEMAND_REQUEST = 'DEMAND_REQUEST',
  TIMESHEET_ENTRY = 'TIMESHEET_ENTRY',
  SETTLEMENT_MONTH = 'SETTLEMENT_MONTH',
}

registerEnumType(AuditEntityType, {
  name: 'AuditEntityType',
  description: 'The kind of record an audit event is about.',
});

/** `actor_role` of an event the service recorded on its own (a lazy expiry, say). */
export const SYSTEM_ACTOR_ROLE = 'SYSTEM';
