import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DemandModule } from '../demand/demand.module';
import { EmployeesModule } from '../employees/employees.module';
import { LendingModule } from '../lending/lending.module';
import { PoolsModule } from '../pools/pools.module';
import { SkillsModule } from '../skills/skills.module';
import {
  DemandPriorityResolver,
  MatchingResolver,
  MatchProposalResolver,
  SkillLevelResolver,
  UnfilledPositionResolver,
} from './matching.resolver';
import { CandidatePairSettler } from './candidates/candidate-pair-settler';
import { MatchingJobService } from './matching-jobs.service';
import { MatchingService } from './matching.service';
import { ProposalExpiryService } from './proposal-expiry.service';
import { ProposalWorkflowResolver } from './proposal-workflow.resolver';
import { ProposalWorkflowService } from './proposal-workflow.service';
import { ProposalService } from './proposal.service';

@Module({
  imports: [PoolsModule, SkillsModule, EmployeesModule, DemandModule, LendingModule, AuditModule],
  providers: [
    DemandPriorityResolver,
    MatchingService,
    MatchingJobService,
    CandidatePairSettler,
    ProposalService,
    ProposalExpiryService,
    ProposalWorkflowService,
    ProposalWorkflowResolver,
    MatchingResolver,
    MatchProposalResolver,
    SkillLevelResolver,
    UnfilledPositionResolver,
  ],
  exports: [MatchingService, ProposalService, ProposalExpiryService, ProposalWorkflowService],
})
export class MatchingModule {}
