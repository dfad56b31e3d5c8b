import { Module } from '@nestjs/common';
import { ReportingController } from './reporting.controller';
import { ReportingResolver } from './reporting.resolver';
import { ReportingService } from './reporting.service';

/** Pool usage reporting: the `poolUsage` query, its CSV exports and its SVG charts. */
@Module({
  controllers: [ReportingController],
  providers: [ReportingService, ReportingResolver],
})
export class ReportingModule {}
