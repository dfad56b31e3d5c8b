import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { ServiceState } from './service-state';

/** `/health` and the process's {@link ServiceState} (draining or not, requests in flight). */
@Global()
@Module({
  imports: [TerminusModule],
  controllers: [HealthController],
  providers: [ServiceState],
  exports: [ServiceState],
})
export class HealthModule {}
