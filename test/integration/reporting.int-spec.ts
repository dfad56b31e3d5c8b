import { DataSource } from 'typeorm';
import { Actor, UserRole } from '../../src/auth/actor';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../src/common/errors';
import { RequestContext } from '../../src/common/request-context';
import { MembershipStatus } from '../../src/companies/company.enums';
import { ReportScope } from '../../src/reporting/reporting.model';
import { ReportingService } from '../../src/reporting/reporting.service';
import {
  EXPECTED,
  FROM,
  NAMES,
  TO,
  UsageFixture,
  buildUsageFixture,
} from '../support/reporting-fixture';
import { newCompany, newMembership, newPool } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

const COORDINATOR = { role: UserRole.POOL_COORDINATOR, companyId: null, employeeId: null };

describe('pool usage figures (SQL aggregates against the real database)', () => {
  let sut: TestApp;
  let db: DataSource;
  let service: ReportingService;
  let fx: UsageFixture;
  const as = (actor: Partial<Actor>) =>
    new RequestContext(
      { userId: '00000000-0000-4000-8000-000000000001', poolIds: [], ...COORDINATOR, ...actor },
      db.manager,
    );

  beforeAll(async () => {
    sut = await startTestApp();
    db = sut.db;
    service = sut.created.app.get(ReportingService);
    fx = await buildUsageFixture(db);
  });
  afterAll(async () => {
    await sut.close();
  });

  it('computes every per-company figure, the pool totals and both anonymous sections as hand-computed', async () => {
    const report = await service.poolUsage(as({ poolIds: [fx.pool.id] }), {
      poolId: fx.pool.id,
      from: FROM,
      to: TO,
    });
    expect(report.scope).toBe(ReportScope.POOL);
    expect(report.poolName).toBe(fx.pool.name);
    expect(report.companies.map((c) => c.companyName)).toEqual([
      NAMES.charlie,
      NAMES.alpha,
      NAMES.bravo,
      NAMES.school,
    ]);
    const byId = new Map(report.companies.map((c) => [c.companyId, c]));
    expect(byId.get(fx.alpha.id)).toEqual({
      companyId: fx.alpha.id,
      companyName: NAMES.alpha,
      companyKind: 'EMPLOYER',
      membershipStatus: 'ACTIVE',
      ...EXPECTED.alpha,
    });
    expect(byId.get(fx.bravo.id)).toEqual({
      companyId: fx.bravo.id,
      companyName: NAMES.bravo,
      companyKind: 'EMPLOYER',
      membershipStatus: 'ACTIVE',
      ...EXPECTED.bravo,
    });
    expect(byId.get(fx.school.id)).toEqual({
      companyId: fx.school.id,
      companyName: NAMES.school,
      companyKind: 'SCHOOL',
      membershipStatus: 'ACTIVE',
      ...EXPECTED.school,
    });
    expect(byId.get(fx.charlie.id)).toEqual({
      companyId: fx.charlie.id,
      companyName: NAMES.charlie,
      companyKind: 'EMPLOYER',
      membershipStatus: 'SUSPENDED',
      ...EXPECTED.charlie,
    });
    expect(report.totals).toEqual(EXPECTED.totals);
    expect(report.unmetDemandBySkill).toEqual([
      {
        skillId: fx.electrical.id,
        skillCode: 'ELEC_INST_R',
        skillName: 'Elektrotechniek',
        demands: 1,
        positions: 3,
        hours: 120,
      },
      {
        skillId: fx.welding.id,
        skillCode: 'WELD_TIG_R',
        skillName: 'Lassen TIG',
        demands: 1,
        positions: 1,
        hours: 64,
      },
    ]);
    expect(report.loansByStatus).toEqual(EXPECTED.loansByStatus);
  });

  it('the other pool holds only its own loan, demand and capacity', async () => {
    const report = await service.poolUsage(as({ role: UserRole.ADMIN }), {
      poolId: fx.otherPool.id,
      from: FROM,
      to: TO,
    });
    expect(report.totals).toMatchObject({
      hoursLent: 8,
      hoursBorrowed: 8,
      demandsPosted: 1,
      positionsRequested: 1,
      positionsFilled: 1,
      capacityHoursOffered: 160,
      plannedHoursLent: 160,
      capacityUtilisation: 1,
      activeMembers: 4,
    });
    expect(report.companies.map((c) => c.companyName).sort()).toEqual(
      [NAMES.alpha, NAMES.bravo, NAMES.charlie, NAMES.outsider].sort(),
    );
  });

  it('gives an HR manager their own company by name and the same pool totals, nobody else', async () => {
    const report = await service.poolUsage(
      as({ role: UserRole.COMPANY_HR, companyId: fx.bravo.id }),
      { poolId: fx.pool.id, from: FROM, to: TO },
    );
    expect(report.scope).toBe(ReportScope.OWN_COMPANY);
    expect(report.companies).toEqual([
      {
        companyId: fx.bravo.id,
        companyName: NAMES.bravo,
        companyKind: 'EMPLOYER',
        membershipStatus: 'ACTIVE',
        ...EXPECTED.bravo,
      },
    ]);
    expect(report.totals).toEqual(EXPECTED.totals);
    const json = JSON.stringify(report);
    for (const name of [NAMES.alpha, NAMES.school, NAMES.charlie]) expect(json).not.toContain(name);
    for (const company of [fx.alpha, fx.school, fx.charlie]) expect(json).not.toContain(company.id);
  });

  it('clips to the period: a single day holds only that day', async () => {
    const report = await service.poolUsage(as({ role: UserRole.ADMIN }), {
      poolId: fx.pool.id,
      from: '2026-03-10',
      to: '2026-03-10',
    });
    // L1 8 approved hours on 10 Mar; planned L1 32/7 + L4 10/7 = 6; capacity a1 40/7 + a2 20/7.
    expect(report.totals).toMatchObject({
      hoursLent: 8,
      plannedHoursLent: 6,
      capacityHoursOffered: 8.57,
      capacityUtilisation: 0.7,
      demandsPosted: 1,
      positionsRequested: 1,
      positionsFilled: 1,
      medianHoursToFill: 36,
      recalls: 0,
    });
  });

  it('refuses a reversed or over-long period, an unknown pool, and readers without a right to it (other pool, non-member, pending member, employee)', async () => {
    const admin = as({ role: UserRole.ADMIN });
    await expect(
      service.poolUsage(admin, { poolId: fx.pool.id, from: TO, to: FROM }),
    ).rejects.toBeInstanceOf(BadUserInputError);
    await expect(
      service.poolUsage(admin, { poolId: fx.pool.id, from: '2000-01-01', to: '2099-12-31' }),
    ).rejects.toBeInstanceOf(BadUserInputError);
    await expect(
      service.poolUsage(admin, { poolId: fx.pool.id, from: '2026-01-01', to: '2029-01-01' }),
    ).rejects.toBeInstanceOf(BadUserInputError);
    await expect(
      service.poolUsage(admin, {
        poolId: '7f3c1d0e-0000-4000-8000-000000000000',
        from: FROM,
        to: TO,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      service.poolUsage(as({ poolIds: [fx.otherPool.id] }), {
        poolId: fx.pool.id,
        from: FROM,
        to: TO,
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      service.poolUsage(as({ role: UserRole.COMPANY_HR, companyId: fx.outsider.id }), {
        poolId: fx.pool.id,
        from: FROM,
        to: TO,
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    // A firm still PENDING admission (in a pool of its own, so the fixture stays as it is).
    const pendingPool = await newPool(db);
    const pending = await newCompany(db, { name: 'Pending Installatie' });
    await newMembership(db, pendingPool, pending, MembershipStatus.PENDING);
    await expect(
      service.poolUsage(as({ role: UserRole.COMPANY_HR, companyId: pending.id }), {
        poolId: pendingPool.id,
        from: FROM,
        to: TO,
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      service.poolUsage(
        as({ role: UserRole.EMPLOYEE, companyId: fx.alpha.id, employeeId: fx.a1.id }),
        {
          poolId: fx.pool.id,
          from: FROM,
          to: TO,
        },
      ),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});
