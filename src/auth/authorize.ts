import { ForbiddenError } from '../common/errors';
import { RequestContext } from '../common/request-context';
import { Actor, UserRole } from './actor';

/** The actor, if it has one of `roles`; FORBIDDEN otherwise (UNAUTHENTICATED without a token). */
export function requireRole(ctx: RequestContext, ...roles: UserRole[]): Actor {
  const actor = ctx.user;
  if (!roles.includes(actor.role)) {
    throw new ForbiddenError(`This needs one of the roles ${roles.join(', ')}`, 'ROLE');
  }
  return actor;
}

/** True for an ADMIN or a coordinator of `poolId`. */
export function coordinates(actor: Actor, poolId: string): boolean {
  return (
    actor.role === UserRole.ADMIN ||
    (actor.role === UserRole.POOL_COORDINATOR && actor.poolIds.includes(poolId))
  );
}

/** ADMIN, or coordinator of the pool. */
export function requireCoordinatorOf(ctx: RequestContext, poolId: string): Actor {
  const actor = ctx.user;
  if (!coordinates(actor, poolId))
    throw new ForbiddenError('Only a coordinator of this pool may do this', 'NOT_POOL_COORDINATOR');
  return actor;
}

/** The HR manager of `companyId`. */
export function requireHrOf(ctx: RequestContext, companyId: string): Actor {
  const actor = ctx.user;
  if (actor.role !== UserRole.COMPANY_HR || actor.companyId !== companyId) {
    throw new ForbiddenError("Only the company's own HR manager may do this", 'NOT_COMPANY_HR');
  }
  return actor;
}

/** Any authenticated actor. */
export function requireActor(ctx: RequestContext): Actor {
  return ctx.user;
}
