import { Global, Module } from '@nestjs/common';
import { IdempotencyService } from './idempotency.service';

/** Provides {@link IdempotencyService} to every module (global, like the database). */
@Global()
@Module({ providers: [IdempotencyService], exports: [IdempotencyService] })
export class IdempotencyModule {}
