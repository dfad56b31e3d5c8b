import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CompaniesModule } from '../companies/companies.module';
import { DemandModule } from '../demand/demand.module';
import { EmployeesModule } from '../employees/employees.module';
import { PoolsModule } from '../pools/pools.module';
import { LoanResolver } from './loan.resolver';
import { LoanService } from './loan.service';

@Module({
  imports: [AuditModule, CompaniesModule, DemandModule, EmployeesModule, PoolsModule],
  providers: [LoanService, LoanResolver],
  exports: [LoanService],
})
export class LendingModule {}
