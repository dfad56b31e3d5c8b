import { Parent, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { In } from 'typeorm';
import { Actor, UserRole } from '../auth/actor';
import { Ctx, GraphQLContext } from '../common/graphql-context';
import { rowLoader } from '../common/loaders';
import { RequestContext } from '../common/request-context';
import { DemandRequest } from '../demand/demand-request.entity';
import { DemandRequestModel } from '../demand/demand.model';
import { DemandService } from '../demand/demand.service';
import { MatchProposal } from '../matching/match-proposal.entity';
import { MatchProposalModel } from '../matching/matching.model';
import { DemandEvent, Envelope, EventTopic, LoanEvent, ProposalEvent } from './domain-event';
import { DemandUpdateModel, LoanUpdateModel, ProposalUpdateModel } from './events.model';
import { EventsService } from './events.service';

/**
 * Starts work on one event of a long-lived subscription: a fresh request context per event, so
 * that DataLoader caches never serve a row as it was at an earlier event.
 */
function eventActor(context: GraphQLContext): Actor {
  context.ctx = context.ctx.withManager(context.ctx.manager);
  return context.ctx.user;
}

function toProposalUpdate(
  { event }: Envelope<ProposalEvent>,
  _args: unknown,
  context: GraphQLContext,
): ProposalUpdateModel {
  eventActor(context);
  return {
    eventId: event.eventId,
    action: event.action,
    occurredAt: new Date(event.occurredAt),
    proposalId: event.proposalId,
    demandId: event.demandId,
    poolId: event.poolId,
    status: event.status,
  };
}

function toLoanUpdate(
  { event }: Envelope<LoanEvent>,
  _args: unknown,
  context: GraphQLContext,
): LoanUpdateModel {
  eventActor(context);
  return {
    eventId: event.eventId,
    action: event.action,
    occurredAt: new Date(event.occurredAt),
    loanId: event.loanId,
    demandId: event.demandId,
    poolId: event.poolId,
    employeeId: event.employeeId,
    lenderCompanyId: event.lenderCompanyId,
    borrowerCompanyId: event.borrowerCompanyId,
    status: event.status,
  };
}

function toDemandUpdate(
  { event, audience }: Envelope<DemandEvent>,
  _args: unknown,
  context: GraphQLContext,
): DemandUpdateModel {
  const actor = eventActor(context);
  return {
    eventId: event.eventId,
    action: event.action,
    occurredAt: new Date(event.occurredAt),
    demandId: event.demandId,
    poolId: event.poolId,
    status: event.status,
    qualifies:
      actor.role === UserRole.COMPANY_HR &&
      actor.companyId !== null &&
      audience.qualifiedCompanyIds.includes(actor.companyId),
  };
}

/**
 * Live updates over graphql-ws. Each subscriber hears only its own scope: HR the records its
 * company is a party to, an employee its own, coordinators their pools' (ids and states only).
 */
@Resolver()
export class SubscriptionsResolver {
  constructor(private readonly events: EventsService) {}

  @Subscription(() => ProposalUpdateModel, {
    description:
      'Changes of match proposals you are a party to: lender and borrower HR, the proposed employee, coordinators of the pool.',
    resolve: toProposalUpdate,
  })
  proposalUpdated(@Ctx() ctx: RequestContext): Promise<AsyncIterableIterator<Envelope>> {
    return this.events.stream(ctx, EventTopic.PROPOSAL);
  }

  @Subscription(() => LoanUpdateModel, {
    description:
      'Changes of loans you are a party to: lender and borrower HR, the lent employee, coordinators of the pool.',
    resolve: toLoanUpdate,
  })
  loanUpdated(@Ctx() ctx: RequestContext): Promise<AsyncIterableIterator<Envelope>> {
    return this.events.stream(ctx, EventTopic.LOAN);
  }

  @Subscription(() => DemandUpdateModel, {
    description:
      "Peaks posted, cancelled or changed: the borrower's HR for its own, coordinators for their pools, lender HR for demand its employees are proposed or lent for, and for demand in its pools that one of its lendable employees qualifies for (`qualifies`; the saved search that tells a lender of new demand).",
    resolve: toDemandUpdate,
  })
  demandUpdated(@Ctx() ctx: RequestContext): Promise<AsyncIterableIterator<Envelope>> {
    return this.events.stream(ctx, EventTopic.DEMAND);
  }
}

@Resolver(() => DemandUpdateModel)
export class DemandUpdateResolver {
  constructor(private readonly demands: DemandService) {}

  @ResolveField(() => DemandRequestModel, {
    nullable: true,
    description: 'The demand as it is now, if you may see it.',
  })
  demand(
    @Ctx() ctx: RequestContext,
    @Parent() u: DemandUpdateModel,
  ): Promise<DemandRequest | null> {
    return this.demands.visibleById(ctx).load(u.demandId);
  }
}

@Resolver(() => ProposalUpdateModel)
export class ProposalUpdateResolver {
  @ResolveField(() => MatchProposalModel, {
    nullable: true,
    description:
      'The proposal as it is now (anonymous to the borrower until the loan is confirmed), if it still exists.',
  })
  proposal(
    @Ctx() ctx: RequestContext,
    @Parent() u: ProposalUpdateModel,
  ): Promise<MatchProposal | null> {
    // Only subscribers in the proposal's audience hear its events, so no second scope check.
    return rowLoader(
      ctx,
      'events.proposalById',
      (ids) => ctx.manager.getRepository(MatchProposal).findBy({ id: In([...ids]) }),
      (p) => p.id,
    ).load(u.proposalId);
  }
}
