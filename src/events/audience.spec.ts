import { Actor, UserRole } from '../auth/actor';
import { DemandStatus } from '../demand/demand.enums';
import { LoanStatus } from '../lending/lending.enums';
import { baseAudience, mayHear } from './audience';
import { DemandEvent, EventTopic, LoanEvent } from './domain-event';

const actor = (role: UserRole, scope: Partial<Actor> = {}): Actor => ({
  userId: 'u',
  role,
  companyId: null,
  employeeId: null,
  poolIds: [],
  ...scope,
});

const loan: LoanEvent = {
  topic: EventTopic.LOAN,
  eventId: 'e',
  occurredAt: '2026-11-23T09:00:00.000Z',
  action: 'RECALLED',
  poolId: 'pool',
  loanId: 'loan',
  demandId: 'demand',
  employeeId: 'employee',
  lenderCompanyId: 'lender',
  borrowerCompanyId: 'borrower',
  status: LoanStatus.RECALLED,
};

describe('event audience', () => {
  it('a loan event reaches both firms, the employee, the pool coordinators and ADMIN only', () => {
    const audience = baseAudience(loan);
    const hears = (a: Actor) => mayHear(a, audience);
    expect(hears(actor(UserRole.COMPANY_HR, { companyId: 'lender' }))).toBe(true);
    expect(hears(actor(UserRole.COMPANY_HR, { companyId: 'borrower' }))).toBe(true);
    expect(hears(actor(UserRole.EMPLOYEE, { employeeId: 'employee', companyId: 'lender' }))).toBe(
      true,
    );
    expect(hears(actor(UserRole.POOL_COORDINATOR, { poolIds: ['other', 'pool'] }))).toBe(true);
    expect(hears(actor(UserRole.ADMIN))).toBe(true);
    expect(hears(actor(UserRole.COMPANY_HR, { companyId: 'stranger' }))).toBe(false);
    expect(hears(actor(UserRole.COMPANY_HR))).toBe(false);
    // A colleague at the lender is not the employee lent.
    expect(hears(actor(UserRole.EMPLOYEE, { employeeId: 'colleague', companyId: 'lender' }))).toBe(
      false,
    );
    expect(hears(actor(UserRole.POOL_COORDINATOR, { poolIds: ['other'] }))).toBe(false);
  });

  it('a demand event starts with the borrower and the pool; employees never hear demand', () => {
    const demand: DemandEvent = {
      topic: EventTopic.DEMAND,
      eventId: 'e',
      occurredAt: '2026-11-23T09:00:00.000Z',
      action: 'POSTED',
      poolId: 'pool',
      demandId: 'demand',
      borrowerCompanyId: 'borrower',
      status: DemandStatus.OPEN,
    };
    const audience = baseAudience(demand);
    expect(audience).toEqual({
      poolId: 'pool',
      companyIds: ['borrower'],
      employeeIds: [],
      qualifiedCompanyIds: [],
    });
    expect(mayHear(actor(UserRole.EMPLOYEE, { employeeId: 'employee' }), audience)).toBe(false);
  });
});
