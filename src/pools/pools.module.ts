import { Module } from '@nestjs/common';
import { PoolResolver } from './pool.resolver';
import { PoolService } from './pool.service';

@Module({ providers: [PoolService, PoolResolver], exports: [PoolService] })
export class PoolsModule {}
