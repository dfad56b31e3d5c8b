import { Global, Logger, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { EVENT_BUS, EventBus, inProcessBus, redisBus } from './event-bus';
import { EventsService } from './events.service';

/**
 * Domain events and their bus, for every module that raises events (global, like the database).
 * Redis pub/sub when `REDIS_URL` is set, in-process otherwise.
 */
@Global()
@Module({
  providers: [
    {
      provide: EVENT_BUS,
      inject: [AppConfig],
      useFactory: (config: AppConfig): EventBus =>
        config.REDIS_URL ? redisBus(config.REDIS_URL, new Logger('EventBus')) : inProcessBus(),
    },
    EventsService,
  ],
  exports: [EventsService],
})
export class EventsModule {}
