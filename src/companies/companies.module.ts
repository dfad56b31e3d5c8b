import { Module } from '@nestjs/common';
import { PoolsModule } from '../pools/pools.module';
import { CompanyResolver, PoolMembersResolver, PoolMembershipResolver } from './company.resolver';
import { CompanyService } from './company.service';

@Module({
  imports: [PoolsModule],
  providers: [CompanyService, CompanyResolver, PoolMembershipResolver, PoolMembersResolver],
  exports: [CompanyService],
})
export class CompaniesModule {}
