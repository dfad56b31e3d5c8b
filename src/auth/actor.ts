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
