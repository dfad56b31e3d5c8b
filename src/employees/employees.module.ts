import { Module } from '@nestjs/common';
import { CompaniesModule } from '../companies/companies.module';
import { SkillsModule } from '../skills/skills.module';
import { EmployeeResolver, EmployeeSkillResolver } from './employee.resolver';
import { EmployeeService } from './employee.service';

@Module({
  imports: [CompaniesModule, SkillsModule],
  providers: [EmployeeService, EmployeeResolver, EmployeeSkillResolver],
  exports: [EmployeeService],
})
export class EmployeesModule {}
