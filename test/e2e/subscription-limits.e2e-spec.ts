import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { DemandStatus } from '../../src/demand/demand.enums';
import { EventTopic } from '../../src/events/domain-event';
import { channelOf, EVENT_BUS, EventBus } from '../../src/events/event-bus';
import { inDays, newCompany, newHr, newMember, newPool, newSkill } from '../support/factories';
import { listen, settle, SubscriptionClient, tokenFor, untilLive } from '../support/subscriptions';
import { Json, startTestApp, TestApp } from '../support/test-app';

const DEMAND_UPDATED = `subscription { demandUpdated { eventId action demandId poolId status } }`;

/** Subscribes and resolves with the first thing the server sends back: data or errors. */
function firstResult(
  client: SubscriptionClient,
  query: string,
): Promise<{ data?: Json; errors?: { message: string; extensions?: Json }[] }> {
  return new Promise((resolve) => {
    const dispose = client.client.subscribe<Json>(
      { query },
      {
        next: (result) => {
          dispose();
          resolve({ data: result.data ?? undefined, errors: result.errors as never });
        },
        error: (error) => resolve({ errors: error as never }),
        complete: () => undefined,
      },
    );
  });
}

/** `demand { company { memberships { pool { memberships ...` nested past the depth limit. */
function deepSubscription(levels: number): string {
  let inner = 'id';
  for (let i = 0; i < levels; i++) inner = `memberships { company { ${inner} } }`;
  return `subscription { demandUpdated { demand { company { ${inner} } } } }`;
}

describe('subscriptions get the same authentication, scope and limits as queries (e2e)', () => {
  let sut: TestApp;
  let url: string;
  const clients: SubscriptionClient[] = [];

  beforeAll(async () => {
    sut = await startTestApp({ RATE_LIMIT_USER_POINTS: '200' });
    url = await listen(sut.created);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await sut.close();
  });

  async function connect(token?: string): Promise<SubscriptionClient> {
    const client = await SubscriptionClient.connect(url, token);
    clients.push(client);
    return client;
  }

  it('without a token, or with an expired one, the socket is closed with 4403', async () => {
    await expect(SubscriptionClient.connect(url)).rejects.toMatchObject({ closeCode: 4403 });
    const company = await newCompany(sut.db);
    const hr = await newHr(sut.db, company);
    const expired = sut.created.app
      .get(JwtService)
      .sign({ sub: hr.id, role: hr.role, cid: hr.companyId, eid: null }, { expiresIn: -10 });
    await expect(SubscriptionClient.connect(url, expired)).rejects.toMatchObject({
      closeCode: 4403,
    });
  });

  it('a token that expires while connected subscribes to nothing more (UNAUTHENTICATED)', async () => {
    const company = await newCompany(sut.db);
    const hr = await newHr(sut.db, company);
    const shortLived = sut.created.app
      .get(JwtService)
      .sign({ sub: hr.id, role: hr.role, cid: hr.companyId, eid: null }, { expiresIn: 2 });
    const client = await connect(shortLived);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const result = await firstResult(client, DEMAND_UPDATED);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it("another firm's HR hears nothing of a firm's peak, while the firm itself does", async () => {
    const pool = await newPool(sut.db);
    const skill = await newSkill(sut.db);
    const borrower = await newMember(sut.db, pool);
    const competitor = await newMember(sut.db, pool); // same pool, no qualified employee
    const outsider = await newCompany(sut.db); // not in the pool at all
    const borrowerHr = await newHr(sut.db, borrower);
    const own = (await connect(tokenFor(sut.created, borrowerHr))).subscribe(
      'demandUpdated',
      DEMAND_UPDATED,
    );
    const others = [competitor, outsider];
    const listeners = [];
    for (const company of others) {
      const hr = await newHr(sut.db, company);
      listeners.push(
        (await connect(tokenFor(sut.created, hr))).subscribe('demandUpdated', DEMAND_UPDATED),
      );
    }
    // Probes addressed to each listener's own firm prove the subscriptions are live.
    const bus = sut.created.app.get<EventBus>(EVENT_BUS);
    const probeFor = (companyId: string) => () =>
      bus.publish(channelOf(EventTopic.DEMAND), {
        event: {
          topic: EventTopic.DEMAND,
          eventId: randomUUID(),
          occurredAt: new Date().toISOString(),
          action: 'PROBE',
          demandId: randomUUID(),
          poolId: pool.id,
          borrowerCompanyId: companyId,
          status: DemandStatus.OPEN,
        },
        audience: {
          poolId: pool.id,
          companyIds: [companyId],
          employeeIds: [],
          qualifiedCompanyIds: [],
        },
      });
    const isProbe = (d: Json) => d.action === 'PROBE';
    await untilLive(own, probeFor(borrower.id), isProbe);
    for (const [i, listener] of listeners.entries()) {
      await untilLive(listener, probeFor(others[i].id), isProbe);
    }

    const posted = await sut
      .as(borrowerHr)
      .ok(`mutation($input: PostDemandInput!) { postDemand(input: $input) { id } }`, {
        input: {
          poolId: pool.id,
          title: 'Confidential peak',
          sitePostcode: '8232 AA',
          siteCity: 'Lelystad',
          siteLatitude: 52.5185,
          siteLongitude: 5.4714,
          startDate: inDays(14),
          endDate: inDays(41),
          hoursPerWeek: 32,
          headcount: 1,
          requirements: [{ skillId: skill.id, minLevel: 2, mandatory: true }],
        },
      });
    await own.next((d) => d.demandId === posted.postDemand.id);
    await settle();
    for (const listener of listeners) {
      expect(listener.received.filter((d) => !isProbe(d))).toEqual([]);
      expect(listener.errors).toEqual([]);
    }
  });

  it('an over-deep document is refused with QUERY_TOO_DEEP, as over HTTP', async () => {
    const hr = await newHr(sut.db, await newCompany(sut.db));
    const client = await connect(tokenFor(sut.created, hr));
    const refused = await firstResult(client, deepSubscription(6));
    expect(refused.data).toBeUndefined();
    expect(refused.errors?.[0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      reason: 'QUERY_TOO_DEEP',
    });
  });

  it('alias bombs, huge documents, unknown fields and over-budget subscribes are refused with stable codes', async () => {
    const hr = await newHr(sut.db, await newCompany(sut.db));
    const client = await connect(tokenFor(sut.created, hr));
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: __typename`).join(' ');
    expect(
      (await firstResult(client, `subscription { demandUpdated { demandId ${aliases} } }`))
        .errors?.[0].extensions,
    ).toEqual({ code: 'BAD_USER_INPUT', reason: 'TOO_MANY_ALIASES' });
    expect(
      (await firstResult(client, `subscription { demandUpdated { ${'demandId '.repeat(3000)} } }`))
        .errors?.[0].extensions,
    ).toEqual({ code: 'BAD_USER_INPUT', reason: 'TOO_MANY_TOKENS' });
    const typo = await firstResult(client, `subscription { demandUpdate { demandId } }`);
    expect(typo.errors?.[0].message).toBe(
      'Cannot query field "demandUpdate" on type "Subscription".',
    );
    expect(typo.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    // Each subscribe spends its cost (here 2 + 1 per field) from the user's budget of 200.
    const fields = 'eventId action demandId poolId status occurredAt qualifies';
    const spend = async () => {
      const pending = firstResult(client, `subscription { demandUpdated { ${fields} } }`);
      const timeout = new Promise<'live'>((resolve) => setTimeout(() => resolve('live'), 200));
      return Promise.race([pending, timeout]);
    };
    let refusal: unknown = 'live';
    for (let i = 0; i < 40 && refusal === 'live'; i++) refusal = await spend();
    expect(refusal).toMatchObject({
      errors: [
        {
          extensions: {
            code: 'RATE_LIMITED',
            reason: 'REQUEST_BUDGET_SPENT',
            retryAfterSeconds: expect.any(Number),
          },
        },
      ],
    });
  });
});
