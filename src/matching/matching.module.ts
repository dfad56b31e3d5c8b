import { Module } from '@nestjs/common';
import { DemandModule } from '../demand/demand.module';
import { EmployeesModule } from '../employees/employees.module';
import { PoolsModule } from '../pools/pools.module';
import { SkillsModule } from '../skills/skills.module';
import {
  DemandPriorityResolver,
  MatchingResolver,
  MatchProposalResolver,
  SkillLevelResolver,
  UnfilledPositionResolver,
} from './matching.resolver';
import { MatchingService } from './matching.service';
import { ProposalService } from './proposal.service';

@Module({
  imports: [PoolsModule, SkillsModule, EmployeesModule, DemandModule],
  providers: [
    DemandPriorityResolver,
    MatchingService,
    ProposalService,
    MatchingResolver,
    MatchProposalResolver,
    SkillLevelResolver,
    UnfilledPositionResolver,
  ],
  exports: [MatchingService, ProposalService],
})
export class MatchingModule {}
