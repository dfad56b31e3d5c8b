import { Module } from '@nestjs/common';
import { CompaniesModule } from '../companies/companies.module';
import { PoolsModule } from '../pools/pools.module';
import { SkillsModule } from '../skills/skills.module';
import { DemandRequestResolver } from './demand.resolver';
import { DemandService } from './demand.service';

@Module({
  imports: [CompaniesModule, PoolsModule, SkillsModule],
  providers: [DemandService, DemandRequestResolver],
  exports: [DemandService],
})
export class DemandModule {}
