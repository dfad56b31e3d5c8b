import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { SettlementMonthResolver, SettlementResolver } from './settlement.resolver';
import { SettlementService } from './settlement.service';
import { TimesheetResolver } from './timesheet.resolver';
import { TimesheetService } from './timesheet.service';

/** Hours worked on loans (timesheets) and their monthly settlement at cost price. */
@Module({
  imports: [AuditModule],
  providers: [
    TimesheetService,
    TimesheetResolver,
    SettlementService,
    SettlementResolver,
    SettlementMonthResolver,
  ],
  exports: [TimesheetService, SettlementService],
})
export class HoursModule {}
