import { EntityManager } from 'typeorm';
import { Actor } from '../auth/actor';
import { UnauthenticatedError } from './errors';

/**
 * Per-request state passed first to every service method: the actor, the entity manager (inside a
 * transaction when one is open), and the request's DataLoaders.
 */
export class RequestContext {
  constructor(
    readonly actor: Actor | null,
    readonly manager: EntityManager,
    private readonly loaderCache: Map<string, unknown> = new Map(),
  ) {}

  /** The actor, or UNAUTHENTICATED. */
  get user(): Actor {
    if (!this.actor) throw new UnauthenticatedError();
    return this.actor;
  }

  get inTransaction(): boolean {
    return this.manager.queryRunner?.isTransactionActive ?? false;
  }

  /** The same request bound to another entity manager (a transaction's). Loaders are not shared. */
  withManager(manager: EntityManager): RequestContext {
    return new RequestContext(this.actor, manager);
  }

  /** A per-request memo: DataLoaders are created once per request and key. */
  loader<T>(key: string, create: () => T): T {
    let value = this.loaderCache.get(key) as T | undefined;
    if (value === undefined) {
      value = create();
      this.loaderCache.set(key, value);
    }
    return value;
  }

  /** A context for scripts and start-up tasks that act as the system, not as a user. */
  static system(manager: EntityManager): RequestContext {
    return new RequestContext(null, manager);
  }
}
