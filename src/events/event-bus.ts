import { Logger } from '@nestjs/common';
import { RedisPubSub } from 'graphql-redis-subscriptions';
import { PubSub } from 'graphql-subscriptions';
import Redis from 'ioredis';
import { Envelope } from './domain-event';

/**
 * Publish/subscribe between API instances. In-process by default; with `REDIS_URL`, through
 * Redis pub/sub, so that an event raised on one instance reaches subscribers on every instance.
 */
export interface EventBus {
  readonly kind: 'in-process' | 'redis';
  publish(channel: string, envelope: Envelope): Promise<void>;
  /** Resolves once the subscription is in place (for Redis: SUBSCRIBE acknowledged). */
  subscribe(channel: string, onMessage: (envelope: Envelope) => void): Promise<number>;
  unsubscribe(id: number): void;
  close(): Promise<void>;
}

/** Injection token of the {@link EventBus}. */
export const EVENT_BUS = Symbol('EVENT_BUS');

/** Channel name of a topic; prefixed so that the service can share a Redis with others. */
export function channelOf(topic: string): string {
  return `clp.events.${topic}`;
}

/** One process: `graphql-subscriptions`' PubSub over an EventEmitter. */
export function inProcessBus(): EventBus {
  const pubsub = new PubSub();
  return {
    kind: 'in-process',
    publish: (channel, envelope) => pubsub.publish(channel, envelope),
    subscribe: (channel, onMessage) => pubsub.subscribe(channel, onMessage),
    unsubscribe: (id) => pubsub.unsubscribe(id),
    close: async () => undefined,
  };
}

/**
 * Redis pub/sub through `graphql-redis-subscriptions`, with two ioredis connections: a connection
 * in subscriber mode can run no other command, so publishing needs its own. ioredis reconnects
 * and re-subscribes by itself; connection errors are logged, never thrown at a request.
 */
export function redisBus(url: string, logger: Logger): EventBus {
  const connect = (role: string) => {
    const client = new Redis(url, { maxRetriesPerRequest: 3, connectionName: `clp-${role}` });
    let lastError = '';
    client.on('error', (error: Error) => {
      // A down Redis repeats the same error on every retry; say it once per change.
      if (error.message === lastError) return;
      lastError = error.message;
      logger.error(`Redis ${role} connection: ${error.message}`);
    });
    client.on('ready', () => {
      lastError = '';
    });
    return client;
  };
  const pubsub = new RedisPubSub({
    publisher: connect('publisher'),
    subscriber: connect('subscriber'),
  });
  return {
    kind: 'redis',
    publish: (channel, envelope) => pubsub.publish(channel, envelope),
    subscribe: (channel, onMessage) => pubsub.subscribe<Envelope>(channel, onMessage),
    unsubscribe: (id) => pubsub.unsubscribe(id),
    close: async () => {
      await pubsub.close();
    },
  };
}
