import { Module } from '@nestjs/common';
import { CompaniesModule } from '../companies/companies.module';
import { EmployeesModule } from '../employees/employees.module';
import { PoolsModule } from '../pools/pools.module';
import { AvailabilityWindowResolver } from './availability.resolver';
import { AvailabilityService } from './availability.service';

@Module({
  imports: [CompaniesModule, EmployeesModule, PoolsModule],
  providers: [AvailabilityService, AvailabilityWindowResolver],
  exports: [AvailabilityService],
})
export class AvailabilityModule {}
