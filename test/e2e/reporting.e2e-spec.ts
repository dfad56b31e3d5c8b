import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { User } from '../../src/auth/user.entity';
import { newAdmin, newCoordinator, newEmployeeUser, newHr } from '../support/factories';
import {
  EXPECTED,
  FIGURES,
  FROM,
  NAMES,
  TO,
  UsageFixture,
  buildUsageFixture,
} from '../support/reporting-fixture';
import { GqlClient, Json, startTestApp, TestApp } from '../support/test-app';

const POOL_USAGE = `query($poolId: ID!, $from: Date!, $to: Date!) {
  poolUsage(poolId: $poolId, from: $from, to: $to) {
    poolId poolName from to generatedAt scope
    totals { ${FIGURES} activeMembers }
    companies { companyId companyName companyKind membershipStatus ${FIGURES} }
    unmetDemandBySkill { skillId skillCode skillName demands positions hours }
    loansByStatus { status loans }
    charts { lentBorrowedSvgUrl unmetDemandSvgUrl }
    downloads { companiesCsvUrl unmetDemandBySkillCsvUrl loansByStatusCsvUrl }
  } }`;

/** Splits a CSV (RFC 4180, CRLF) into rows of cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

/** CSV rows as objects keyed by the header. */
function csvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

/** The response body as text, whatever its type (supertest leaves SVG in a Buffer). */
const textOf = (res: request.Response): string =>
  typeof res.text === 'string' ? res.text : Buffer.from(res.body as Buffer).toString('utf8');

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

describe('poolUsage, its CSV exports and SVG charts (e2e)', () => {
  let sut: TestApp;
  let db: DataSource;
  let fx: UsageFixture;
  let coordinatorUser: User;
  let bravoHrUser: User;
  let coordinator: GqlClient;
  let bravoHr: GqlClient;
  const vars = () => ({ poolId: fx.pool.id, from: FROM, to: TO });
  const token = (user: User) =>
    sut.created.app
      .get(JwtService)
      .sign({ sub: user.id, role: user.role, cid: user.companyId, eid: user.employeeId });
  const get = (url: string, user?: User) => {
    const req = request(sut.server).get(url).buffer(true);
    return user ? req.set('authorization', `Bearer ${token(user)}`) : req;
  };

  beforeAll(async () => {
    sut = await startTestApp();
    db = sut.db;
    fx = await buildUsageFixture(db);
    coordinatorUser = await newCoordinator(db, fx.pool);
    bravoHrUser = await newHr(db, fx.bravo);
    coordinator = sut.as(coordinatorUser);
    bravoHr = sut.as(bravoHrUser);
  });
  afterAll(async () => {
    await sut.close();
  });

  it('gives the coordinator every firm with every hand-computed figure over GraphQL', async () => {
    const { poolUsage: r } = await coordinator.ok<Json>(POOL_USAGE, vars());
    expect(r).toMatchObject({ poolId: fx.pool.id, from: FROM, to: TO, scope: 'POOL' });
    expect(r.totals).toEqual(EXPECTED.totals);
    const byName = Object.fromEntries(r.companies.map((c: Json) => [c.companyName, c]));
    expect(byName[NAMES.alpha]).toMatchObject(EXPECTED.alpha);
    expect(byName[NAMES.bravo]).toMatchObject(EXPECTED.bravo);
    expect(byName[NAMES.school]).toMatchObject({ companyKind: 'SCHOOL', ...EXPECTED.school });
    expect(byName[NAMES.charlie]).toMatchObject({
      membershipStatus: 'SUSPENDED',
      ...EXPECTED.charlie,
    });
    expect(r.companies).toHaveLength(4);
    expect(r.unmetDemandBySkill.map((s: Json) => [s.skillCode, s.positions, s.hours])).toEqual([
      ['ELEC_INST_R', 3, 120],
      ['WELD_TIG_R', 1, 64],
    ]);
    expect(r.loansByStatus).toEqual(EXPECTED.loansByStatus);
    const query = `poolId=${fx.pool.id}&from=${FROM}&to=${TO}`;
    expect(r.charts).toEqual({
      lentBorrowedSvgUrl: `/reports/pool-usage/lent-borrowed.svg?${query}`,
      unmetDemandSvgUrl: `/reports/pool-usage/unmet-demand.svg?${query}`,
    });
    expect(r.downloads.companiesCsvUrl).toBe(`/reports/pool-usage/companies.csv?${query}`);
  });

  it('lets an ADMIN read it too', async () => {
    const { poolUsage: r } = await sut.as(await newAdmin(db)).ok<Json>(POOL_USAGE, vars());
    expect(r.totals).toEqual(EXPECTED.totals);
  });

  it('exports the per-company table as CSV with snake_case columns and plain numbers', async () => {
    const res = await get(
      `/reports/pool-usage/companies.csv?${new URLSearchParams(vars())}`,
      coordinatorUser,
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="pool-usage-companies-${FROM}-${TO}.csv"`,
    );
    const records = csvRecords(res.text);
    expect(parseCsv(res.text)[0]).toEqual([
      'pool_id',
      'period_from',
      'period_to',
      'row_type',
      'company_id',
      'company_name',
      'company_kind',
      'membership_status',
      ...Object.keys(EXPECTED.alpha).map(snake),
      'active_members',
    ]);
    expect(records.map((r) => r.row_type)).toEqual([
      'company',
      'company',
      'company',
      'company',
      'pool_total',
    ]);
    const bravo = records.find((r) => r.company_id === fx.bravo.id)!;
    // The name survives quoting; numbers are plain, null is an empty cell.
    expect(bravo.company_name).toBe(NAMES.bravo);
    for (const [key, value] of Object.entries(EXPECTED.bravo)) {
      expect([key, bravo[snake(key)]]).toEqual([key, value === null ? '' : String(value)]);
    }
    const alpha = records.find((r) => r.company_id === fx.alpha.id)!;
    expect(alpha.fill_rate).toBe('');
    expect(alpha.capacity_utilisation).toBe('0.5');
    // A name that starts like a formula is written as text.
    expect(records.find((r) => r.company_id === fx.charlie.id)!.company_name).toBe(
      `'${NAMES.charlie}`,
    );
    const total = records[4];
    expect(total).toMatchObject({
      pool_id: fx.pool.id,
      company_id: '',
      company_name: '',
      active_members: '3',
    });
    for (const [key, value] of Object.entries(EXPECTED.totals)) {
      expect([key, total[snake(key)]]).toEqual([key, String(value)]);
    }
  });

  it('exports unmet demand by skill and loans by status as CSV', async () => {
    const q = new URLSearchParams(vars());
    const unmet = await get(`/reports/pool-usage/unmet-demand-by-skill.csv?${q}`, coordinatorUser);
    expect(unmet.status).toBe(200);
    expect(parseCsv(unmet.text)).toEqual([
      [
        'pool_id',
        'period_from',
        'period_to',
        'skill_id',
        'skill_code',
        'skill_name',
        'demands',
        'unfilled_positions',
        'unfilled_hours',
      ],
      [fx.pool.id, FROM, TO, fx.electrical.id, 'ELEC_INST_R', 'Elektrotechniek', '1', '3', '120'],
      [fx.pool.id, FROM, TO, fx.welding.id, 'WELD_TIG_R', 'Lassen TIG', '1', '1', '64'],
    ]);
    const loans = await get(`/reports/pool-usage/loans-by-status.csv?${q}`, coordinatorUser);
    expect(parseCsv(loans.text)).toEqual([
      ['pool_id', 'period_from', 'period_to', 'status', 'loans'],
      ...EXPECTED.loansByStatus.map((l) => [fx.pool.id, FROM, TO, l.status, String(l.loans)]),
    ]);
  });

  it('renders the charts as SVG with every label escaped', async () => {
    const q = new URLSearchParams(vars());
    const lent = await get(`/reports/pool-usage/lent-borrowed.svg?${q}`, coordinatorUser);
    expect(lent.status).toBe(200);
    expect(lent.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    const svg = textOf(lent);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('Bravo &#38; &#60;Zonen&#62; &#34;Metaal&#34;');
    expect(svg).not.toContain('<Zonen>');
    // Companies with hours: Alpha (31.5 lent, 10 borrowed), Bravo, the school; not Charlie.
    expect(svg).toContain(`>${NAMES.alpha}</text>`);
    expect(svg).toContain('>31.5</text>');
    expect(svg).toContain('>23.5</text>');
    expect(svg).not.toContain('Charlie');
    const unmet = await get(`/reports/pool-usage/unmet-demand.svg?${q}`, coordinatorUser);
    expect(textOf(unmet)).toContain('>Elektrotechniek (ELEC_INST_R)</text>');
    expect(textOf(unmet)).toContain('>120</text>');
    expect(textOf(unmet)).toContain('>64</text>');
  });

  describe('HR of a member firm', () => {
    const others = () => [
      NAMES.alpha,
      NAMES.school,
      NAMES.charlie,
      fx.alpha.id,
      fx.school.id,
      fx.charlie.id,
    ];

    it('sees their own company and the pool totals, no other firm, in GraphQL', async () => {
      const res = await bravoHr.send<Json>(POOL_USAGE, vars());
      expect(res.errors).toBeUndefined();
      const r = res.data!.poolUsage;
      expect(r.scope).toBe('OWN_COMPANY');
      expect(r.companies).toEqual([
        expect.objectContaining({
          companyId: fx.bravo.id,
          companyName: NAMES.bravo,
          ...EXPECTED.bravo,
        }),
      ]);
      expect(r.totals).toEqual(EXPECTED.totals);
      const body = JSON.stringify(res);
      for (const other of others()) expect(body).not.toContain(other);
    });

    it('sees no other firm in any CSV or chart', async () => {
      const q = new URLSearchParams(vars());
      for (const file of [
        'companies.csv',
        'unmet-demand-by-skill.csv',
        'loans-by-status.csv',
        'lent-borrowed.svg',
        'unmet-demand.svg',
      ]) {
        const res = await get(`/reports/pool-usage/${file}?${q}`, bravoHrUser);
        expect([file, res.status]).toEqual([file, 200]);
        for (const other of others())
          expect([file, textOf(res).includes(other)]).toEqual([file, false]);
      }
      const companies = csvRecords(
        (await get(`/reports/pool-usage/companies.csv?${q}`, bravoHrUser)).text,
      );
      expect(companies.map((r) => [r.row_type, r.company_id])).toEqual([
        ['company', fx.bravo.id],
        ['pool_total', ''],
      ]);
      const svg = textOf(await get(`/reports/pool-usage/lent-borrowed.svg?${q}`, bravoHrUser));
      expect(svg).toContain('Pool average per active member');
    });
  });

  describe('authorisation', () => {
    it('refuses a coordinator of another pool, an HR manager of a non-member and an employee', async () => {
      const otherCoordinator = await newCoordinator(db, fx.otherPool);
      const outsiderHr = await newHr(db, fx.outsider);
      const employee = await newEmployeeUser(db, fx.a1);
      for (const user of [otherCoordinator, outsiderHr, employee]) {
        expect(await sut.as(user).errorCode(POOL_USAGE, vars())).toBe('FORBIDDEN');
        const res = await get(
          `/reports/pool-usage/companies.csv?${new URLSearchParams(vars())}`,
          user,
        );
        expect(res.status).toBe(403);
        expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
        expect(res.text).not.toContain(NAMES.alpha);
      }
    });

    it('requires a token: UNAUTHENTICATED in GraphQL, 401 over HTTP', async () => {
      expect(await sut.anonymous.errorCode(POOL_USAGE, vars())).toBe('UNAUTHENTICATED');
      const q = new URLSearchParams(vars());
      for (const file of ['companies.csv', 'lent-borrowed.svg']) {
        const res = await get(`/reports/pool-usage/${file}?${q}`);
        expect(res.status).toBe(401);
        expect(res.headers['www-authenticate']).toBe('Bearer');
        expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      }
      const forged = await request(sut.server)
        .get(`/reports/pool-usage/companies.csv?${q}`)
        .set('authorization', 'Bearer not-a-token');
      expect(forged.status).toBe(401);
    });
  });

  describe('bad input', () => {
    it.each([
      ['to before from', { from: TO, to: FROM }, 'to'],
      ['a period of more than three years', { from: '2020-01-01', to: '2026-12-31' }, 'to'],
      ['an absurd range', { from: '0001-01-01', to: '9999-12-31' }, 'to'],
    ])('%s is BAD_USER_INPUT in GraphQL and 400 over HTTP', async (_name, period, field) => {
      const res = await coordinator.send(POOL_USAGE, { ...vars(), ...period });
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].extensions?.fields?.map((f) => f.field)).toEqual([field]);
      const http = await get(
        `/reports/pool-usage/companies.csv?${new URLSearchParams({ ...vars(), ...period })}`,
        coordinatorUser,
      );
      expect(http.status).toBe(400);
      expect(http.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    });

    it('rejects malformed dates and ids, unknown files and unknown pools', async () => {
      expect(await coordinator.errorCode(POOL_USAGE, { ...vars(), from: '2026-02-30' })).toBe(
        'BAD_USER_INPUT',
      );
      expect(await coordinator.errorCode(POOL_USAGE, { ...vars(), poolId: 'nope' })).toBe(
        'BAD_USER_INPUT',
      );
      const bad = await get(
        `/reports/pool-usage/companies.csv?poolId=nope&from=2026-02-30&to=`,
        coordinatorUser,
      );
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].extensions.fields.map((f: Json) => f.field)).toEqual([
        'poolId',
        'from',
        'to',
      ]);
      const unknown = await get(
        `/reports/pool-usage/secrets.txt?${new URLSearchParams(vars())}`,
        coordinatorUser,
      );
      expect(unknown.status).toBe(400);
      const admin = await newAdmin(db);
      const missing = { ...vars(), poolId: '6c0e5a4e-0000-4000-8000-000000000000' };
      expect(await sut.as(admin).errorCode(POOL_USAGE, missing)).toBe('NOT_FOUND');
      const http = await get(
        `/reports/pool-usage/companies.csv?${new URLSearchParams(missing)}`,
        admin,
      );
      expect(http.status).toBe(404);
    });
  });
});
