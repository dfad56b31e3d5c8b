import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { User } from '../../src/auth/user.entity';
import { Company } from '../../src/companies/company.entity';
import { RequestContext } from '../../src/common/request-context';
import { TransactionRunner } from '../../src/database/transaction';
import { DemandStatus } from '../../src/demand/demand.enums';
import { Employee } from '../../src/employees/employee.entity';
import { DomainEvent, EventTopic, loanEvent, proposalEvent } from '../../src/events/domain-event';
import { ProposalStatus } from '../../src/matching/matching.enums';
import { EVENT_BUS, EventBus, channelOf } from '../../src/events/event-bus';
import { EventsService } from '../../src/events/events.service';
import { LoanStatus } from '../../src/lending/lending.enums';
import { Pool } from '../../src/pools/pool.entity';
import { Skill } from '../../src/skills/skill.entity';
import {
  inDays,
  newCompany,
  newCoordinator,
  newDemand,
  newEmployee,
  newEmployeeSkill,
  newEmployeeUser,
  newHr,
  newMember,
  newPool,
  newSkill,
  newWindow,
} from '../support/factories';
import { newLoan, newProposal } from '../support/matching-factories';
import {
  listen,
  settle,
  startSecondInstance,
  Subscription,
  SubscriptionClient,
  tokenFor,
  untilLive,
} from '../support/subscriptions';
import { Json, startTestApp, TestApp } from '../support/test-app';

const DEMAND_UPDATED = `subscription { demandUpdated {
  eventId action demandId poolId status qualifies occurredAt demand { id title } } }`;
const LOAN_UPDATED = `subscription { loanUpdated {
  eventId action loanId demandId poolId employeeId lenderCompanyId borrowerCompanyId status } }`;
const PROPOSAL_UPDATED = `subscription { proposalUpdated {
  eventId action proposalId demandId poolId status proposal { id status } } }`;

const POST_DEMAND = `mutation($input: PostDemandInput!) { postDemand(input: $input) { id status } }`;
const CANCEL_DEMAND = `mutation($id: ID!) { cancelDemand(id: $id, reason: "Project postponed") { id status } }`;

const isProbe = (data: Json) => data.action === 'PROBE';
const notProbe = (data: Json) => data.action !== 'PROBE';

/**
 * Puts a probe on the bus that everyone in `pool` listed here may hear, so a test knows its
 * subscriptions are live before it makes the change under test (see `untilLive`).
 */
function prober(
  bus: EventBus,
  topic: EventTopic,
  pool: Pool,
  companies: Company[],
  employees: Employee[],
) {
  return () => {
    const ids = {
      poolId: pool.id,
      demandId: randomUUID(),
      employeeId: employees[0]?.id ?? randomUUID(),
      lenderCompanyId: companies[0]?.id ?? randomUUID(),
      borrowerCompanyId: companies[1]?.id ?? randomUUID(),
    };
    const base = { eventId: randomUUID(), occurredAt: new Date().toISOString(), action: 'PROBE' };
    const event: DomainEvent =
      topic === EventTopic.LOAN
        ? { ...base, ...ids, topic, loanId: randomUUID(), status: LoanStatus.ACTIVE }
        : topic === EventTopic.PROPOSAL
          ? { ...base, ...ids, topic, proposalId: randomUUID(), status: ProposalStatus.PROPOSED }
          : { ...base, ...ids, topic, status: DemandStatus.OPEN };
    return bus.publish(channelOf(topic), {
      event,
      audience: {
        poolId: pool.id,
        companyIds: companies.map((c) => c.id),
        employeeIds: employees.map((e) => e.id),
        qualifiedCompanyIds: [],
      },
    });
  };
}

function postDemandInput(pool: Pool, skill: Skill) {
  return {
    poolId: pool.id,
    title: 'Installing heat pumps',
    sitePostcode: '8232 AA',
    siteCity: 'Lelystad',
    siteLatitude: 52.5185,
    siteLongitude: 5.4714,
    startDate: inDays(14),
    endDate: inDays(41),
    hoursPerWeek: 32,
    headcount: 1,
    requirements: [{ skillId: skill.id, minLevel: 2, mandatory: true }],
  };
}

describe('live updates over graphql-ws (e2e)', () => {
  let sut: TestApp;
  let db: DataSource;
  let url: string;
  const clients: SubscriptionClient[] = [];

  beforeAll(async () => {
    sut = await startTestApp();
    db = sut.db;
    url = await listen(sut.created);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await sut.close();
  });

  async function subscribeAs(user: User, field: string, query: string): Promise<Subscription> {
    const client = await SubscriptionClient.connect(url, tokenFor(sut.created, user));
    clients.push(client);
    return client.subscribe(field, query);
  }

  /** A lender firm in `pool` with a lendable employee who qualifies for demand asking `skill`. */
  async function qualifiedLender(pool: Pool, skill: Skill) {
    const company = await newMember(db, pool);
    const employee = await newEmployee(db, company);
    await newEmployeeSkill(db, employee, skill, 3);
    await newWindow(db, employee, pool, { period: { start: inDays(7), end: inDays(60) } });
    return { company, employee };
  }

  it('refuses a connection without a valid bearer token (close code 4403)', async () => {
    await expect(SubscriptionClient.connect(url)).rejects.toMatchObject({ closeCode: 4403 });
    await expect(SubscriptionClient.connect(url, 'not-a-token')).rejects.toMatchObject({
      closeCode: 4403,
    });
    const wrongSecret =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ4Iiwicm9sZSI6IkFETUlOIn0.c2lnbmF0dXJl';
    await expect(SubscriptionClient.connect(url, wrongSecret)).rejects.toMatchObject({
      closeCode: 4403,
    });
  });

  it('demandUpdated: borrower and coordinators hear a posted peak, a lender hears it when one of its lendable employees qualifies, nobody else does', async () => {
    const pool = await newPool(db);
    const otherPool = await newPool(db);
    const skill = await newSkill(db);
    const borrower = await newMember(db, pool);
    const lender = await qualifiedLender(pool, skill);
    const unqualified = await newMember(db, pool);
    const unskilled = await newEmployee(db, unqualified);
    await newWindow(db, unskilled, pool, { period: { start: inDays(7), end: inDays(60) } });
    const outsider = await newCompany(db);
    const outsiderEmployee = await newEmployee(db, outsider);
    await newEmployeeSkill(db, outsiderEmployee, skill, 5);

    const borrowerHr = await newHr(db, borrower);
    const subs = {
      borrower: await subscribeAs(borrowerHr, 'demandUpdated', DEMAND_UPDATED),
      lender: await subscribeAs(await newHr(db, lender.company), 'demandUpdated', DEMAND_UPDATED),
      coordinator: await subscribeAs(
        await newCoordinator(db, pool),
        'demandUpdated',
        DEMAND_UPDATED,
      ),
      unqualified: await subscribeAs(await newHr(db, unqualified), 'demandUpdated', DEMAND_UPDATED),
      outsider: await subscribeAs(await newHr(db, outsider), 'demandUpdated', DEMAND_UPDATED),
      otherCoordinator: await subscribeAs(
        await newCoordinator(db, otherPool),
        'demandUpdated',
        DEMAND_UPDATED,
      ),
      employee: await subscribeAs(
        await newEmployeeUser(db, lender.employee),
        'demandUpdated',
        DEMAND_UPDATED,
      ),
    };
    const bus = sut.created.app.get<EventBus>(EVENT_BUS);
    // Everyone but the other pool's coordinator can hear this probe; that one gets its own.
    const probe = prober(
      bus,
      EventTopic.DEMAND,
      pool,
      [borrower, lender.company, unqualified, outsider],
      [lender.employee],
    );
    for (const [name, sub] of Object.entries(subs)) {
      const send =
        name === 'otherCoordinator' ? prober(bus, EventTopic.DEMAND, otherPool, [], []) : probe;
      await untilLive(sub, send, isProbe);
    }

    const posted = await sut
      .as(borrowerHr)
      .ok(POST_DEMAND, { input: postDemandInput(pool, skill) });
    const demandId = posted.postDemand.id;
    const isPosted = (d: Json) => d.demandId === demandId && d.action === 'POSTED';

    expect(await subs.borrower.next(isPosted)).toMatchObject({
      poolId: pool.id,
      status: 'OPEN',
      qualifies: false,
      demand: { id: demandId, title: 'Installing heat pumps' },
    });
    expect(await subs.lender.next(isPosted)).toMatchObject({
      qualifies: true,
      demand: { id: demandId },
    });
    expect(await subs.coordinator.next(isPosted)).toMatchObject({
      qualifies: false,
      demand: { id: demandId },
    });
    await settle();
    for (const name of ['unqualified', 'outsider', 'otherCoordinator', 'employee'] as const) {
      expect({ name, heard: subs[name].received.filter(notProbe) }).toEqual({ name, heard: [] });
    }

    await sut.as(borrowerHr).ok(CANCEL_DEMAND, { id: demandId });
    const isCancelled = (d: Json) => d.demandId === demandId && d.action === 'CANCELLED';
    expect(await subs.borrower.next(isCancelled)).toMatchObject({ status: 'CANCELLED' });
    expect(await subs.lender.next(isCancelled)).toMatchObject({
      status: 'CANCELLED',
      qualifies: true,
    });
    expect(await subs.coordinator.next(isCancelled)).toMatchObject({ status: 'CANCELLED' });
    await settle();
    expect(subs.unqualified.received.filter(notProbe)).toEqual([]);
    expect(subs.outsider.received.filter(notProbe)).toEqual([]);
  });

  it('loanUpdated and proposalUpdated reach the parties, the employee and the pool coordinators only', async () => {
    const pool = await newPool(db);
    const otherPool = await newPool(db);
    const lender = await newMember(db, pool);
    const borrower = await newMember(db, pool);
    const stranger = await newMember(db, pool);
    const employee = await newEmployee(db, lender);
    const colleague = await newEmployee(db, lender);
    const demand = await newDemand(db, borrower, pool);
    const loan = await newLoan(db, employee, demand, { status: LoanStatus.RECALLED });
    const proposal = await newProposal(db, colleague, demand);

    const employeeUser = await newEmployeeUser(db, employee);
    const colleagueUser = await newEmployeeUser(db, colleague);
    const hearers = {
      lender: await newHr(db, lender),
      borrower: await newHr(db, borrower),
      coordinator: await newCoordinator(db, pool),
    };
    const loanSubs = {
      ...Object.fromEntries(
        await Promise.all(
          Object.entries(hearers).map(async ([k, u]) => [
            k,
            await subscribeAs(u, 'loanUpdated', LOAN_UPDATED),
          ]),
        ),
      ),
      employee: await subscribeAs(employeeUser, 'loanUpdated', LOAN_UPDATED),
    } as Record<string, Subscription>;
    const deaf = {
      stranger: await subscribeAs(await newHr(db, stranger), 'loanUpdated', LOAN_UPDATED),
      colleague: await subscribeAs(colleagueUser, 'loanUpdated', LOAN_UPDATED),
      otherCoordinator: await subscribeAs(
        await newCoordinator(db, otherPool),
        'loanUpdated',
        LOAN_UPDATED,
      ),
    };
    const proposalSubs = {
      lender: await subscribeAs(hearers.lender, 'proposalUpdated', PROPOSAL_UPDATED),
      borrower: await subscribeAs(hearers.borrower, 'proposalUpdated', PROPOSAL_UPDATED),
      colleague: await subscribeAs(colleagueUser, 'proposalUpdated', PROPOSAL_UPDATED),
      stranger: await subscribeAs(await newHr(db, stranger), 'proposalUpdated', PROPOSAL_UPDATED),
      employee: await subscribeAs(employeeUser, 'proposalUpdated', PROPOSAL_UPDATED),
    };
    const bus = sut.created.app.get<EventBus>(EVENT_BUS);
    const everyone = [lender, borrower, stranger];
    for (const sub of [...Object.values(loanSubs), deaf.stranger, deaf.colleague]) {
      await untilLive(
        sub,
        prober(bus, EventTopic.LOAN, pool, everyone, [employee, colleague]),
        isProbe,
      );
    }
    await untilLive(
      deaf.otherCoordinator,
      prober(bus, EventTopic.LOAN, otherPool, [], []),
      isProbe,
    );
    for (const sub of Object.values(proposalSubs)) {
      await untilLive(
        sub,
        prober(bus, EventTopic.PROPOSAL, pool, everyone, [employee, colleague]),
        isProbe,
      );
    }

    const events = sut.created.app.get(EventsService);
    await events.publish(loanEvent(loan, 'RECALLED'));
    await events.publish(proposalEvent(proposal, 'PROPOSED'));

    const isLoan = (d: Json) => d.loanId === loan.id;
    for (const sub of Object.values(loanSubs)) {
      expect(await sub.next(isLoan)).toEqual({
        eventId: expect.any(String),
        action: 'RECALLED',
        loanId: loan.id,
        demandId: demand.id,
        poolId: pool.id,
        employeeId: employee.id,
        lenderCompanyId: lender.id,
        borrowerCompanyId: borrower.id,
        status: 'RECALLED',
      });
    }
    const isProposal = (d: Json) => d.proposalId === proposal.id;
    for (const name of ['lender', 'borrower', 'colleague'] as const) {
      expect(await proposalSubs[name].next(isProposal)).toMatchObject({
        action: 'PROPOSED',
        status: 'PROPOSED',
        proposal: { id: proposal.id, status: 'PROPOSED' },
      });
    }
    await settle();
    for (const [name, sub] of Object.entries(deaf)) {
      expect({ name, heard: sub.received.filter(notProbe) }).toEqual({ name, heard: [] });
    }
    expect(proposalSubs.stranger.received.filter(notProbe)).toEqual([]);
    expect(proposalSubs.employee.received.filter(notProbe)).toEqual([]);
  });

  it('an event raised inside a transaction goes out when it commits, never when it rolls back', async () => {
    const pool = await newPool(db);
    const lender = await newMember(db, pool);
    const borrower = await newMember(db, pool);
    const employee = await newEmployee(db, lender);
    const demand = await newDemand(db, borrower, pool);
    const rolledBack = await newLoan(db, employee, demand, { halfDays: [0, 2, 4, 6, 8] });
    const committed = await newLoan(db, employee, demand, { halfDays: [1, 3, 5, 7, 9] });
    const sub = await subscribeAs(await newHr(db, borrower), 'loanUpdated', LOAN_UPDATED);
    const bus = sut.created.app.get<EventBus>(EVENT_BUS);
    await untilLive(sub, prober(bus, EventTopic.LOAN, pool, [borrower], []), isProbe);

    const events = sut.created.app.get(EventsService);
    const runner = sut.created.app.get(TransactionRunner);
    const system = RequestContext.system(db.manager);
    await expect(
      runner.run(system, async (tx) => {
        events.afterCommit(tx, loanEvent(rolledBack, 'CANCELLED'));
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await runner.run(system, async (tx) => {
      events.afterCommit(tx, loanEvent(committed, 'CANCELLED'));
      // Not yet: the transaction is still open.
      await settle(100);
      expect(sub.received.filter(notProbe)).toEqual([]);
    });

    expect(await sub.next((d) => d.action === 'CANCELLED')).toMatchObject({ loanId: committed.id });
    await settle();
    expect(sub.received.filter(notProbe).map((d) => d.loanId)).toEqual([committed.id]);
  });
});

const REDIS_URL = process.env.REDIS_URL;
const describeWithRedis = REDIS_URL ? describe : describe.skip;
if (!REDIS_URL) {
  console.warn(
    'Skipped "live updates across two API instances through Redis": REDIS_URL is not set (.ci/run sets it to the Redis on this machine).',
  );
}

describeWithRedis('live updates across two API instances through Redis (e2e)', () => {
  let a: TestApp;
  let b: Awaited<ReturnType<typeof startSecondInstance>>;
  let url: string;
  const clients: SubscriptionClient[] = [];

  beforeAll(async () => {
    a = await startTestApp({ REDIS_URL: REDIS_URL as string });
    b = await startSecondInstance(a, { REDIS_URL: REDIS_URL as string });
    url = await listen(a.created);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await b?.close();
    await a?.close();
  });

  it('a peak posted through instance B reaches a subscriber connected to instance A, and only in its scope', async () => {
    expect(a.created.app.get(EventsService).transport).toBe('redis');
    expect(b.created.app.get(EventsService).transport).toBe('redis');
    const db = a.db;
    const pool = await newPool(db);
    const skill = await newSkill(db);
    const borrower = await newMember(db, pool);
    const lender = await newMember(db, pool);
    const employee = await newEmployee(db, lender);
    await newEmployeeSkill(db, employee, skill, 4);
    await newWindow(db, employee, pool, { period: { start: inDays(7), end: inDays(60) } });
    const stranger = await newMember(db, pool);
    const borrowerHr = await newHr(db, borrower);

    const connect = async (user: User) => {
      const client = await SubscriptionClient.connect(url, tokenFor(a.created, user));
      clients.push(client);
      return client.subscribe('demandUpdated', DEMAND_UPDATED);
    };
    const lenderSub = await connect(await newHr(db, lender));
    const strangerSub = await connect(await newHr(db, stranger));
    // Probes go through B's bus, so a probe heard on A has crossed Redis.
    const probe = prober(
      b.created.app.get<EventBus>(EVENT_BUS),
      EventTopic.DEMAND,
      pool,
      [lender, stranger],
      [],
    );
    await untilLive(lenderSub, probe, isProbe);
    await untilLive(strangerSub, probe, isProbe);

    const posted = await b.as(borrowerHr).ok(POST_DEMAND, { input: postDemandInput(pool, skill) });
    const demandId = posted.postDemand.id;
    expect(await lenderSub.next((d) => d.demandId === demandId)).toMatchObject({
      action: 'POSTED',
      qualifies: true,
      demand: { id: demandId },
    });
    await settle();
    expect(strangerSub.received.filter(notProbe)).toEqual([]);
  });
});
