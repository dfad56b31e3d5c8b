import { registerEnumType } from '@nestjs/graphql';

/** Platform roles (see DESIGN.md, "Who uses it"). */
export enum UserRole {
  ADMIN = 'ADMIN',
  POOL_COORDINATOR = 'POOL_COORDINATOR',
  COMPANY_HR = 'COMPANY_HR',
  EMPLOYEE = 'EMPLOYEE',
}

registerEnumType(UserRole, {
  name: 'UserRole',
  description:
    'What a user may do: platform admin, pool coordinator, HR manager of one company, or employee.',
});

/**
 * Who is acting, with the scope their token grants. Scope always comes from the token and the
 * user's own record, never from an argument the client could forge.
 */
export interface Actor {
  userId: string;
  role: UserRole;
  /** The company of an HR manager or employee. */
  companyId: string | null;
  /** The employee record of an EMPLOYEE user. */
  employeeId: string | null;
  /** Pools a coordinator runs. */
  poolIds: readonly string[];
}

/** How a deferred coordinator's pools are read when the service needs them after all. */
type ReadPools = () => Promise<readonly string[]>;

/** Coordinators whose pools are not read yet (see {@link deferPools}), with how to read them. */
const deferred = new WeakMap<Actor, ReadPools>();

/**
 * A coordinator actor whose pools are read only if the service needs them: until
 * {@link loadDeferredPools} has run, reading `poolIds` throws (a code path that needs them and was
 * not foreseen fails loudly instead of acting on an empty list), and the database policies read
 * the pools themselves, per statement (`app.pool_ids = '*'`, see the migration
 * `CoordinatorPoolsPerStatement`).
 */
export function deferPools(actor: Omit<Actor, 'poolIds'>, read: ReadPools): Actor {
  const result = { ...actor } as Actor;
  Object.defineProperty(result, 'poolIds', {
    configurable: true,
    enumerable: true,
    get(): never {
      throw new Error("A coordinator's pools were used before they were read (loadDeferredPools)");
    },
  });
  deferred.set(result, read);
  return result;
}

/** True while `actor`'s pools are read by the database policies, not known to the service. */
export function poolsDeferred(actor: Actor): boolean {
  return deferred.has(actor);
}

/** Reads a deferred coordinator's pools into `actor.poolIds`; nothing for any other actor. */
export async function loadDeferredPools(actor: Actor): Promise<void> {
  const read = deferred.get(actor);
  if (!read) return;
  const poolIds = await read();
  Object.defineProperty(actor, 'poolIds', {
    configurable: false,
    enumerable: true,
    writable: false,
    value: poolIds,
  });
  deferred.delete(actor);
}
