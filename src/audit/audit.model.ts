import { Field, ID, ObjectType } from '@nestjs/graphql';
import { GraphQLScalarType } from 'graphql';
import { JSONObjectResolver } from 'graphql-scalars';
import { DateTimeScalar } from '../common/scalars';
import { AuditEntityType } from './audit.enums';

/** A JSON object, for the before/after state of audit events. */
export const JSONObjectScalar: GraphQLScalarType = JSONObjectResolver;

@ObjectType('AuditEvent', {
  description:
    'Who did what to which record, when, with the state before and after (state fields only: statuses, versions, dates, ids, reasons; never names or contact data).',
})
export class AuditEventModel {
  @Field(() => ID, { description: 'Identifier of the event.' })
  id!: string;

  @Field(() => DateTimeScalar, { description: 'When the change was committed (its transaction).' })
  occurredAt!: Date;

  @Field({
    description:
      'Role of the actor: ADMIN, POOL_COORDINATOR, COMPANY_HR, EMPLOYEE, or SYSTEM for changes the service made on its own (a proposal expiring, say).',
  })
  actorRole!: string;

  @Field({
    description:
      'What happened, `<record>.<verb>`: e.g. `proposal.accepted`, `proposal.consent_skipped`, `proposal.expired`, `loan.created`, `loan.recalled`, `loan.cancelled`, `demand.filled`.',
  })
  action!: string;

  @Field(() => AuditEntityType, { description: 'The kind of record.' })
  entityType!: AuditEntityType;

  @Field(() => ID, { description: 'The record.' })
  entityId!: string;

  @Field(() => ID, { nullable: true, description: 'The pool the record belongs to.' })
  poolId!: string | null;

  @Field(() => [ID], { description: 'The companies party to the record.' })
  companyIds!: string[];

  @Field(() => JSONObjectScalar, { nullable: true, description: 'State before the change.' })
  before!: Record<string, unknown> | null;

  @Field(() => JSONObjectScalar, { nullable: true, description: 'State after the change.' })
  after!: Record<string, unknown> | null;
}
