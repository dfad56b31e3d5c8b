import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { AuditEntityType } from '../../src/audit/audit.enums';
import { AuditService } from '../../src/audit/audit.service';
import { UserRole } from '../../src/auth/actor';
import { RequestContext } from '../../src/common/request-context';
import { TransactionRunner } from '../../src/database/transaction';
import { Employee } from '../../src/employees/employee.entity';
import {
  newAdmin,
  newCoordinator,
  newDemand,
  newEmployee,
  newEmployeeUser,
  newHr,
  newMember,
  newPool,
} from '../support/factories';
import { newProposal } from '../support/matching-factories';
import { GqlClient, Json, startTestApp, TestApp } from '../support/test-app';

const EVENTS = `query($first: Int, $after: String, $entityType: AuditEntityType, $entityId: ID, $poolId: ID) {
  auditEvents(first: $first, after: $after, entityType: $entityType, entityId: $entityId, poolId: $poolId) {
    totalCount
    edges { cursor node { id occurredAt actorUserId actorRole action entityType entityId poolId companyIds before after } }
    pageInfo { hasNextPage endCursor } } }`;

describe('audit trail (e2e)', () => {
  let sut: TestApp;
  let db: DataSource;
  beforeAll(async () => {
    sut = await startTestApp();
    db = sut.db;
  });
  afterAll(async () => {
    await sut.close();
  });

  /** A proposal taken all the way to a loan through the API, in a pool of its own. */
  async function lentOut() {
    const pool = await newPool(db);
    const lender = await newMember(db, pool);
    const borrower = await newMember(db, pool);
    const employee = await newEmployee(db, lender);
    const demand = await newDemand(db, borrower, pool);
    const proposal = await newProposal(db, employee, demand);
    const lenderHr = sut.as(await newHr(db, lender));
    const borrowerHr = sut.as(await newHr(db, borrower));
    const selfUser = await newEmployeeUser(db, employee);
    await lenderHr.ok(`mutation($id: ID!) { acceptProposal(id: $id) { id } }`, {
      id: proposal.id,
    });
    await sut
      .as(selfUser)
      .ok(`mutation($id: ID!) { giveConsent(id: $id) { id } }`, { id: proposal.id });
    const { confirmProposal: loan } = await borrowerHr.ok(
      `mutation($id: ID!) { confirmProposal(id: $id) { id } }`,
      { id: proposal.id },
    );
    return {
      pool,
      lender,
      borrower,
      employee,
      demand,
      proposal,
      loan,
      lenderHr,
      borrowerHr,
      selfUser,
    };
  }

  const nodes = (data: Json): Json[] => data.auditEvents.edges.map((e: Json) => e.node);
  const actions = (data: Json): string[] => nodes(data).map((n) => n.action);

  it('coordinators read their pools, HR the records its company is party to, ADMIN everything; employees are refused', async () => {
    const a = await lentOut();
    const b = await lentOut();
    const all = [
      'proposal.accepted',
      'proposal.consented',
      'proposal.confirmed',
      'loan.created',
      'demand.filled',
    ];

    const coordinatorA = sut.as(await newCoordinator(db, a.pool));
    expect(actions(await coordinatorA.ok(EVENTS, {}))).toEqual(all);
    expect(actions(await coordinatorA.ok(EVENTS, { poolId: b.pool.id }))).toEqual([]);

    // The lender is party to the proposal and the loan, not to the borrower's demand.
    expect(actions(await a.lenderHr.ok(EVENTS, {}))).toEqual(all.slice(0, 4));
    expect(actions(await a.borrowerHr.ok(EVENTS, {}))).toEqual(all);
    const fellow = sut.as(await newHr(db, await newMember(db, a.pool)));
    expect((await fellow.ok(EVENTS, {})).auditEvents.totalCount).toBe(0);

    const admin = sut.as(await newAdmin(db));
    expect(actions(await admin.ok(EVENTS, { poolId: a.pool.id }))).toEqual(all);
    expect(actions(await admin.ok(EVENTS, { poolId: b.pool.id }))).toEqual(all);

    expect(await sut.as(a.selfUser).errorCode(EVENTS, {})).toBe('FORBIDDEN');
    expect(await sut.anonymous.errorCode(EVENTS, {})).toBe('UNAUTHENTICATED');
  });

  it("keeps state fields only in before/after: no name, contact or employee (the rate is the loan's own)", async () => {
    const a = await lentOut();
    const admin = sut.as(await newAdmin(db));
    const events = nodes(await admin.ok(EVENTS, { poolId: a.pool.id }));
    const stored = JSON.stringify(events.map((e) => [e.before, e.after]));
    const employee: Employee = a.employee;
    for (const secret of [
      employee.id,
      employee.firstName,
      employee.lastName,
      employee.workEmail as string,
      employee.workPhone as string,
    ]) {
      expect(stored).not.toContain(secret);
    }
    expect(events.find((e) => e.action === 'loan.created')).toMatchObject({
      entityType: 'LOAN',
      entityId: a.loan.id,
      poolId: a.pool.id,
      companyIds: expect.arrayContaining([a.lender.id, a.borrower.id]),
      before: null,
      after: expect.objectContaining({
        status: 'PLANNED',
        version: 1,
        proposalId: a.proposal.id,
        hourlyRateCents: 4500,
      }),
    });
  });

  it("names the actor only to ADMIN and the actor's own company", async () => {
    const a = await lentOut();
    const consent = async (client: GqlClient) =>
      nodes(await client.ok(EVENTS, { entityId: a.proposal.id })).find(
        (e) => e.action === 'proposal.consented',
      );
    const hidden = { actorRole: 'EMPLOYEE', actorUserId: null };
    expect(await consent(sut.as(await newCoordinator(db, a.pool)))).toMatchObject(hidden);
    expect(await consent(a.borrowerHr)).toMatchObject(hidden);
    expect(await consent(a.lenderHr)).toMatchObject({ actorUserId: a.selfUser.id });
    expect(await consent(sut.as(await newAdmin(db)))).toMatchObject({
      actorUserId: a.selfUser.id,
    });
  });

  it('lists in recording order with filters and cursors', async () => {
    const a = await lentOut();
    const hr = a.borrowerHr;
    const loans = await hr.ok(EVENTS, { entityType: 'LOAN' });
    expect(nodes(loans).map((n) => n.entityId)).toEqual([a.loan.id]);
    const proposal = await hr.ok(EVENTS, { entityId: a.proposal.id });
    expect(actions(proposal)).toEqual([
      'proposal.accepted',
      'proposal.consented',
      'proposal.confirmed',
    ]);

    const first = await hr.ok(EVENTS, { first: 2 });
    expect(first.auditEvents.pageInfo.hasNextPage).toBe(true);
    const rest = await hr.ok(EVENTS, { after: first.auditEvents.pageInfo.endCursor });
    expect([...actions(first), ...actions(rest)]).toEqual([
      'proposal.accepted',
      'proposal.consented',
      'proposal.confirmed',
      'loan.created',
      'demand.filled',
    ]);
  });

  it('writes an event only inside the transaction of its change: a rollback leaves none', async () => {
    const audit = sut.created.app.get(AuditService);
    const runner = sut.created.app.get(TransactionRunner);
    const actor = {
      userId: randomUUID(),
      role: UserRole.ADMIN,
      companyId: null,
      employeeId: null,
      poolIds: [],
    };
    const ctx = new RequestContext(actor, db.manager);
    const entityId = randomUUID();
    const event = {
      action: 'loan.cancelled',
      entityType: AuditEntityType.LOAN,
      entityId,
      poolId: null,
      companyIds: [],
      before: { status: 'PLANNED' },
      after: { status: 'CANCELLED' },
    };

    await expect(
      runner.run(ctx, async (tx) => {
        await audit.record(tx, event);
        throw new Error('the change failed after its event was written');
      }),
    ).rejects.toThrow('the change failed');
    expect(await db.getRepository(AuditEvent).countBy({ entityId })).toBe(0);

    await expect(audit.record(ctx, event)).rejects.toThrow(/transaction/);
    expect(await db.getRepository(AuditEvent).countBy({ entityId })).toBe(0);

    await runner.run(ctx, (tx) => audit.record(tx, event));
    expect(await db.getRepository(AuditEvent).findBy({ entityId })).toEqual([
      expect.objectContaining({
        actorUserId: actor.userId,
        actorRole: 'ADMIN',
        action: 'loan.cancelled',
      }),
    ]);
  });
});
