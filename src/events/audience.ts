import { Actor, UserRole } from '../auth/actor';
import { Audience, DomainEvent, EventTopic } from './domain-event';

/**
 * The audience every event has without looking anything up: the pool (for its coordinators), and
 * the parties of the record. Demand events get more at publication (see `EventsService`).
 */
export function baseAudience(event: DomainEvent): Audience {
  switch (event.topic) {
    case EventTopic.PROPOSAL:
    case EventTopic.LOAN:
      return {
        poolId: event.poolId,
        companyIds: [event.lenderCompanyId, event.borrowerCompanyId],
        employeeIds: [event.employeeId],
        qualifiedCompanyIds: [],
      };
    case EventTopic.DEMAND:
      return {
        poolId: event.poolId,
        companyIds: [event.borrowerCompanyId],
        employeeIds: [],
        qualifiedCompanyIds: [],
      };
  }
}

/**
 * Whether `actor` may hear an event with this audience: ADMIN always, a coordinator for its
 * pools, HR for the companies listed, an employee when listed. Scope comes from the token.
 */
export function mayHear(actor: Actor, audience: Audience): boolean {
  switch (actor.role) {
    case UserRole.ADMIN:
      return true;
    case UserRole.POOL_COORDINATOR:
      return actor.poolIds.includes(audience.poolId);
    case UserRole.COMPANY_HR:
      return actor.companyId !== null && audience.companyIds.includes(actor.companyId);
    case UserRole.EMPLOYEE:
      return actor.employeeId !== null && audience.employeeIds.includes(actor.employeeId);
  }
}
