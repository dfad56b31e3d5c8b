import { Module } from '@nestjs/common';
import { DemandModule } from '../demand/demand.module';
import {
  DemandUpdateResolver,
  ProposalUpdateResolver,
  SubscriptionsResolver,
} from './events.resolver';

/** The GraphQL subscriptions (`proposalUpdated`, `loanUpdated`, `demandUpdated`). */
@Module({
  imports: [DemandModule],
  providers: [SubscriptionsResolver, DemandUpdateResolver, ProposalUpdateResolver],
})
export class SubscriptionsModule {}
