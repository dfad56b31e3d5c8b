import { Global, Module } from '@nestjs/common';
import { QueryLimits } from './query-limits';
import { RateLimitService } from './rate-limit.service';

/**
 * Query limits and rate limits, shared by the HTTP pipeline (Apollo plugin), graphql-ws and the
 * login throttle (global, like the configuration).
 */
@Global()
@Module({
  providers: [QueryLimits, RateLimitService],
  exports: [QueryLimits, RateLimitService],
})
export class SecurityModule {}
