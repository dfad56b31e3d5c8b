import { Module } from '@nestjs/common';
import { CompaniesModule } from '../companies/companies.module';
import { PoolsModule } from '../pools/pools.module';
import { SkillsModule } from '../skills/skills.module';
import { DemandRequestResolver, DemandSkillRequirementResolver } from './demand.resolver';
import { DemandService } from './demand.service';

@Module({
  imports: [CompaniesModule, PoolsModule, SkillsModule],
  providers: [DemandService, DemandRequestResolver, DemandSkillRequirementResolver],
  exports: [DemandService],
})
export class DemandModule {}
