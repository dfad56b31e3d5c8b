import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { CompanyKind } from '../../src/companies/company.enums';
import { Employee, EmployeeSkill } from '../../src/employees/employee.entity';
import {
  inDays,
  newAdmin,
  newCompany,
  newCoordinator,
  newEmployee,
  newEmployeeSkill,
  newEmployeeUser,
  newHr,
  newMember,
  newPool,
  newSkill,
} from '../support/factories';
import { SqlStatements } from '../support/sql-statements';
import { GqlResponse, Json, startTestApp, TestApp } from '../support/test-app';

const FIELDS = `id firstName lastName workEmail workPhone homePostcode homeLatitude homeLongitude
  maxTravelKm lendable hourlyCostCents standingConsentDate version createdAt updatedAt`;
const EMPLOYEE = `query($id: ID!) { employee(id: $id) { ${FIELDS} company { id } } }`;
const EMPLOYEES = `query($first: Int, $after: String, $companyId: ID, $lendable: Boolean, $skillId: ID, $minLevel: Int, $search: String) {
  employees(first: $first, after: $after, companyId: $companyId, lendable: $lendable, skillId: $skillId, minLevel: $minLevel, search: $search) {
    totalCount edges { cursor node { id lastName } } pageInfo { hasNextPage hasPreviousPage endCursor } } }`;
const CREATE = `mutation($input: CreateEmployeeInput!) { createEmployee(input: $input) { ${FIELDS} company { id kind } skills { level } } }`;
const UPDATE = `mutation($input: UpdateEmployeeInput!) { updateEmployee(input: $input) { ${FIELDS} } }`;
const SET_SKILLS = `mutation($employeeId: ID!, $skills: [EmployeeSkillInput!]!) {
  setEmployeeSkills(employeeId: $employeeId, skills: $skills) { id skills { skillId level validUntil skill { id code } } } }`;

interface Edge {
  node: { id: string; lastName: string };
}
const ids = (data: Json): string[] => data.employees.edges.map((e: Edge) => e.node.id);

const validInput = (overrides: Record<string, unknown> = {}) => ({
  firstName: 'Mehmet',
  lastName: 'Yilmaz',
  workEmail: 'm.yilmaz@polderwarmte.nl',
  workPhone: '+31 320 123 456',
  homePostcode: '8232aa',
  homeLatitude: 52.5185,
  homeLongitude: 5.4714,
  maxTravelKm: 45,
  lendable: true,
  hourlyCostCents: 5250,
  standingConsentDate: '2025-03-01',
  ...overrides,
});

describe('employees (e2e)', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await startTestApp();
  });
  afterAll(async () => {
    await sut.close();
  });

  const rowsOf = (employeeId: string) =>
    sut.db
      .getRepository(EmployeeSkill)
      .find({ where: { employeeId }, order: { skillId: 'ASC' } })
      .then((rows) =>
        rows.map(({ skillId, level, validUntil }) => ({ skillId, level, validUntil })),
      );

  describe('HR manages its own staff', () => {
    it('HR creates an employee of its own company, normalised, with its cost visible to HR', async () => {
      const company = await newCompany(sut.db);
      const hr = sut.as(await newHr(sut.db, company));
      const data = await hr.ok(CREATE, {
        input: validInput({ firstName: '  Mehmet ', lastName: ' Yilmaz  ' }),
      });
      expect(data.createEmployee).toMatchObject({
        firstName: 'Mehmet',
        lastName: 'Yilmaz',
        homePostcode: '8232 AA',
        hourlyCostCents: 5250,
        standingConsentDate: '2025-03-01',
        version: 1,
        lendable: true,
        company: { id: company.id, kind: 'EMPLOYER' },
        skills: [],
      });
      const row = await sut.db.getRepository(Employee).findOneByOrFail({
        id: data.createEmployee.id,
      });
      expect(row).toMatchObject({ companyId: company.id, hourlyCostCents: 5250, version: 1 });
      const read = await hr.ok(EMPLOYEE, { id: row.id });
      expect(read.employee).toEqual({
        ...data.createEmployee,
        company: { id: company.id },
        skills: undefined,
      });
    });

    it('optional fields default: not lendable, 30 km, no contact or home base', async () => {
      const hr = sut.as(await newHr(sut.db, await newCompany(sut.db)));
      const data = await hr.ok(CREATE, {
        input: { firstName: 'Anna', lastName: 'Smit', hourlyCostCents: 3900 },
      });
      expect(data.createEmployee).toMatchObject({
        lendable: false,
        maxTravelKm: 30,
        workEmail: null,
        workPhone: null,
        homePostcode: null,
        homeLatitude: null,
        homeLongitude: null,
        standingConsentDate: null,
      });
    });

    it('every invalid field is named in one BAD_USER_INPUT and nothing is written', async () => {
      const company = await newCompany(sut.db);
      const hr = sut.as(await newHr(sut.db, company));
      const res = await hr.send(CREATE, {
        input: validInput({
          firstName: '   ',
          lastName: 'x'.repeat(101),
          workEmail: 'not-an-email',
          workPhone: '0'.repeat(31),
          homePostcode: '12345',
          homeLatitude: 91,
          homeLongitude: 181,
          maxTravelKm: 501,
          hourlyCostCents: 0,
        }),
      });
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect([...new Set(res.errors?.[0].extensions?.fields?.map((f) => f.field))].sort()).toEqual([
        'firstName',
        'homeLatitude',
        'homeLongitude',
        'homePostcode',
        'hourlyCostCents',
        'lastName',
        'maxTravelKm',
        'workEmail',
        'workPhone',
      ]);
      expect(await hr.errorCode(CREATE, { input: validInput({ hourlyCostCents: 100_001 }) })).toBe(
        'BAD_USER_INPUT',
      );
      expect(await hr.errorCode(CREATE, { input: validInput({ hourlyCostCents: 12.5 }) })).toBe(
        'BAD_USER_INPUT',
      );
      expect(await sut.db.getRepository(Employee).countBy({ companyId: company.id })).toBe(0);
    });

    it('a home latitude without a longitude is BAD_USER_INPUT (HOME_LOCATION_INCOMPLETE)', async () => {
      const company = await newCompany(sut.db);
      const hr = sut.as(await newHr(sut.db, company));
      const res = await hr.send(CREATE, { input: validInput({ homeLongitude: null }) });
      expect(res.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'HOME_LOCATION_INCOMPLETE',
        fields: [{ field: 'homeLongitude' }],
      });
      expect(await sut.db.getRepository(Employee).countBy({ companyId: company.id })).toBe(0);
    });

    it('an over-long name is rejected by its length limit, a 10 MB one before it is even parsed', async () => {
      const company = await newCompany(sut.db);
      const hr = sut.as(await newHr(sut.db, company));
      const long = await hr.send(CREATE, { input: validInput({ firstName: 'x'.repeat(200_000) }) });
      expect(long.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(long.errors?.[0].extensions?.fields?.map((f) => f.field)).toEqual(['firstName']);
      const huge = await hr.send(CREATE, {
        input: validInput({ firstName: 'x'.repeat(10 * 1024 * 1024) }),
      });
      expect(huge.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(await sut.db.getRepository(Employee).countBy({ companyId: company.id })).toBe(0);
    });

    it('a SCHOOL cannot make an employee lendable, on create or on update (SCHOOL_CANNOT_LEND)', async () => {
      const school = await newCompany(sut.db, { kind: CompanyKind.SCHOOL });
      const hr = sut.as(await newHr(sut.db, school));
      const refused = await hr.send(CREATE, { input: validInput({ lendable: true }) });
      expect(refused.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'SCHOOL_CANNOT_LEND',
      });
      const teacher = await hr.ok(CREATE, { input: validInput({ lendable: false }) });
      const res = await hr.send(UPDATE, {
        input: { id: teacher.createEmployee.id, expectedVersion: 1, lendable: true },
      });
      expect(res.errors?.[0].extensions?.reason).toBe('SCHOOL_CANNOT_LEND');
      expect(
        await sut.db.getRepository(Employee).findOneByOrFail({ id: teacher.createEmployee.id }),
      ).toMatchObject({ lendable: false, version: 1 });
      expect(await sut.db.getRepository(Employee).countBy({ companyId: school.id })).toBe(1);
    });

    it('HR updates with the current version: given fields change, null clears, version goes up by one', async () => {
      const company = await newCompany(sut.db);
      const hr = sut.as(await newHr(sut.db, company));
      const employee = await newEmployee(sut.db, company, {
        homePostcode: '1315 AB',
        homeLatitude: 52.37,
        homeLongitude: 5.22,
      });
      const data = await hr.ok(UPDATE, {
        input: {
          id: employee.id,
          expectedVersion: 1,
          lastName: ' Bakker ',
          workPhone: null,
          homePostcode: null,
          homeLatitude: null,
          homeLongitude: null,
          hourlyCostCents: 6100,
        },
      });
      expect(data.updateEmployee).toMatchObject({
        firstName: employee.firstName,
        lastName: 'Bakker',
        workEmail: employee.workEmail,
        workPhone: null,
        homePostcode: null,
        homeLatitude: null,
        hourlyCostCents: 6100,
        lendable: true,
        version: 2,
      });
      expect(new Date(data.updateEmployee.updatedAt).getTime()).toBeGreaterThanOrEqual(
        employee.updatedAt.getTime(),
      );
      expect(
        await sut.db.getRepository(Employee).findOneByOrFail({ id: employee.id }),
      ).toMatchObject({ lastName: 'Bakker', workPhone: null, hourlyCostCents: 6100, version: 2 });
    });

    it('null for a required field is BAD_USER_INPUT and changes nothing', async () => {
      const company = await newCompany(sut.db);
      const hr = sut.as(await newHr(sut.db, company));
      const employee = await newEmployee(sut.db, company);
      const res = await hr.send(UPDATE, {
        input: {
          id: employee.id,
          expectedVersion: 1,
          firstName: null,
          hourlyCostCents: null,
          maxTravelKm: null,
          lendable: null,
        },
      });
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect([...new Set(res.errors?.[0].extensions?.fields?.map((f) => f.field))].sort()).toEqual([
        'firstName',
        'hourlyCostCents',
        'lendable',
        'maxTravelKm',
      ]);
      expect(
        await sut.db.getRepository(Employee).findOneByOrFail({ id: employee.id }),
      ).toMatchObject({ firstName: employee.firstName, version: 1 });
    });

    it('a stale expectedVersion is CONFLICT (STALE_VERSION) and changes nothing', async () => {
      const company = await newCompany(sut.db);
      const hr = sut.as(await newHr(sut.db, company));
      const employee = await newEmployee(sut.db, company);
      await hr.ok(UPDATE, { input: { id: employee.id, expectedVersion: 1, firstName: 'Eerste' } });
      const stale = await hr.send(UPDATE, {
        input: { id: employee.id, expectedVersion: 1, firstName: 'Tweede', maxTravelKm: 10 },
      });
      expect(stale.errors?.[0].extensions).toMatchObject({
        code: 'CONFLICT',
        reason: 'STALE_VERSION',
      });
      expect(
        await sut.db.getRepository(Employee).findOneByOrFail({ id: employee.id }),
      ).toMatchObject({ firstName: 'Eerste', maxTravelKm: employee.maxTravelKm, version: 2 });
    });

    it('of concurrent updates from the same version exactly one wins; the others are STALE_VERSION', async () => {
      const company = await newCompany(sut.db);
      const hr = sut.as(await newHr(sut.db, company));
      const employee = await newEmployee(sut.db, company);
      // Hold the row (on a connection outside the app's pool) so that every request reads
      // version 1 and then queues at its UPDATE: only the version check inside the UPDATE itself
      // can stop the later ones.
      const blocker = new Client({ connectionString: sut.created.databaseUrl });
      await blocker.connect();
      const names = ['Links', 'Rechts', 'Midden'];
      let pending: Promise<GqlResponse<Json>[]> | undefined;
      try {
        await blocker.query('BEGIN');
        await blocker.query(`SELECT 1 FROM employee WHERE id = $1 FOR UPDATE`, [employee.id]);
        pending = Promise.all(
          names.map((firstName) =>
            hr.send(UPDATE, { input: { id: employee.id, expectedVersion: 1, firstName } }),
          ),
        );
        for (let waited = 0; ; waited += 20) {
          // pg_stat_activity is a snapshot per transaction: drop it to see the waiters now.
          await blocker.query('SELECT pg_stat_clear_snapshot()');
          const { rows } = await blocker.query<{ waiting: number }>(
            `SELECT count(*)::int AS waiting FROM pg_stat_activity
             WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          );
          if (rows[0].waiting === names.length) break;
          if (waited > 10_000) throw new Error(`only ${rows[0].waiting} updates reached the lock`);
          await new Promise((r) => setTimeout(r, 20));
        }
      } finally {
        await blocker.query('COMMIT');
        await blocker.end();
      }
      const results = await pending;
      const winners = results.filter((r) => !r.errors);
      expect(winners).toHaveLength(1);
      for (const loser of results.filter((r) => r.errors)) {
        expect(loser.errors?.[0].extensions).toMatchObject({
          code: 'CONFLICT',
          reason: 'STALE_VERSION',
        });
      }
      const row = await sut.db.getRepository(Employee).findOneByOrFail({ id: employee.id });
      expect(row.version).toBe(2);
      expect(row.firstName).toBe(
        (winners[0].data as { updateEmployee: { firstName: string } }).updateEmployee.firstName,
      );
    });
  });

  describe('privacy', () => {
    it("HR of firm B gets NOT_FOUND for firm A's employee, lists none of them, and cannot change them", async () => {
      const pool = await newPool(sut.db);
      const firmA = await newMember(sut.db, pool);
      const firmB = await newMember(sut.db, pool);
      const employeeOfA = await newEmployee(sut.db, firmA);
      const ownOfB = await newEmployee(sut.db, firmB);
      const hrB = sut.as(await newHr(sut.db, firmB));
      expect(await hrB.errorCode(EMPLOYEE, { id: employeeOfA.id })).toBe('NOT_FOUND');
      const listed = await hrB.ok(EMPLOYEES, { companyId: firmA.id });
      expect(listed.employees).toMatchObject({ totalCount: 0, edges: [] });
      expect(ids(await hrB.ok(EMPLOYEES, {}))).toEqual([ownOfB.id]);
      expect(
        await hrB.errorCode(UPDATE, {
          input: { id: employeeOfA.id, expectedVersion: 1, firstName: 'Gekaapt' },
        }),
      ).toBe('NOT_FOUND');
      const skill = await newSkill(sut.db);
      expect(
        await hrB.errorCode(SET_SKILLS, {
          employeeId: employeeOfA.id,
          skills: [{ skillId: skill.id, level: 3 }],
        }),
      ).toBe('NOT_FOUND');
      expect(
        await sut.db.getRepository(Employee).findOneByOrFail({ id: employeeOfA.id }),
      ).toMatchObject({ firstName: employeeOfA.firstName, version: 1 });
      expect(await rowsOf(employeeOfA.id)).toEqual([]);
    });

    it('a coordinator and an admin see no employee personal data and may not write it', async () => {
      const pool = await newPool(sut.db);
      const member = await newMember(sut.db, pool);
      const employee = await newEmployee(sut.db, member);
      for (const user of [await newCoordinator(sut.db, pool), await newAdmin(sut.db)]) {
        const client = sut.as(user);
        const listed = await client.ok(EMPLOYEES, { companyId: member.id });
        expect(listed.employees).toMatchObject({ totalCount: 0, edges: [] });
        expect(await client.errorCode(EMPLOYEE, { id: employee.id })).toBe('NOT_FOUND');
        expect(await client.errorCode(CREATE, { input: validInput() })).toBe('FORBIDDEN');
        expect(
          await client.errorCode(UPDATE, {
            input: { id: employee.id, expectedVersion: 1, firstName: 'X' },
          }),
        ).toBe('FORBIDDEN');
      }
    });

    it('an employee sees itself without its hourly cost, no colleagues, and may not change anything', async () => {
      const company = await newCompany(sut.db);
      const self = await newEmployee(sut.db, company);
      const colleague = await newEmployee(sut.db, company);
      const asSelf = sut.as(await newEmployeeUser(sut.db, self));
      const read = await asSelf.ok(EMPLOYEE, { id: self.id });
      expect(read.employee).toMatchObject({
        id: self.id,
        firstName: self.firstName,
        hourlyCostCents: null,
        company: { id: company.id },
      });
      expect(ids(await asSelf.ok(EMPLOYEES, { companyId: company.id }))).toEqual([self.id]);
      expect(await asSelf.errorCode(EMPLOYEE, { id: colleague.id })).toBe('NOT_FOUND');
      expect(
        await asSelf.errorCode(UPDATE, {
          input: { id: self.id, expectedVersion: 1, hourlyCostCents: 9999 },
        }),
      ).toBe('FORBIDDEN');
      expect(await asSelf.errorCode(SET_SKILLS, { employeeId: self.id, skills: [] })).toBe(
        'FORBIDDEN',
      );
      // The own company's HR does see the cost.
      const hr = sut.as(await newHr(sut.db, company));
      expect((await hr.ok(EMPLOYEE, { id: self.id })).employee.hourlyCostCents).toBe(
        self.hourlyCostCents,
      );
    });

    it('without a token employees are UNAUTHENTICATED', async () => {
      expect(await sut.anonymous.errorCode(EMPLOYEES, {})).toBe('UNAUTHENTICATED');
    });
  });

  describe('lists', () => {
    it('first/after pages through 30 employees by last name then id, each exactly once', async () => {
      const company = await newCompany(sut.db);
      const names = ['Visser', 'Bakker', 'Jansen'];
      const made: Employee[] = [];
      for (let i = 0; i < 30; i++) {
        made.push(await newEmployee(sut.db, company, { lastName: names[i % 3] }));
      }
      const expected = [...made]
        .sort((a, b) => a.lastName.localeCompare(b.lastName) || (a.id < b.id ? -1 : 1))
        .map((e) => e.id);
      const hr = sut.as(await newHr(sut.db, company));
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const data: Json = await hr.ok(EMPLOYEES, { first: 7, after });
        pages++;
        expect(data.employees.totalCount).toBe(30);
        expect(data.employees.pageInfo.hasPreviousPage).toBe(after !== null);
        seen.push(...ids(data));
        if (!data.employees.pageInfo.hasNextPage) break;
        expect(data.employees.edges).toHaveLength(7);
        after = data.employees.pageInfo.endCursor;
        expect(pages).toBeLessThan(10);
      }
      expect(pages).toBe(5);
      expect(seen).toEqual(expected);
      const all = await hr.ok(EMPLOYEES, { first: 30 });
      expect(all.employees.pageInfo.hasNextPage).toBe(false);
      expect(ids(all)).toEqual(expected);
    });

    it('a page size over 100 or a forged cursor is BAD_USER_INPUT', async () => {
      const hr = sut.as(await newHr(sut.db, await newCompany(sut.db)));
      expect(await hr.errorCode(EMPLOYEES, { first: 101 })).toBe('BAD_USER_INPUT');
      expect(await hr.errorCode(EMPLOYEES, { after: 'bm9wZQ' })).toBe('BAD_USER_INPUT');
    });

    it('filters by lendable, by skill at a minimum level, and by a part of the name', async () => {
      const company = await newCompany(sut.db);
      const welding = await newSkill(sut.db);
      const expert = await newEmployee(sut.db, company, { firstName: 'Kees', lastName: 'Mulder' });
      const novice = await newEmployee(sut.db, company, { firstName: 'Lotte', lastName: 'Dekker' });
      const idle = await newEmployee(sut.db, company, {
        firstName: 'Piet',
        lastName: 'Percent%',
        lendable: false,
      });
      await newEmployeeSkill(sut.db, expert, welding, 4);
      await newEmployeeSkill(sut.db, novice, welding, 2);
      const hr = sut.as(await newHr(sut.db, company));
      expect(ids(await hr.ok(EMPLOYEES, { lendable: false }))).toEqual([idle.id]);
      expect(ids(await hr.ok(EMPLOYEES, { skillId: welding.id }))).toEqual([novice.id, expert.id]);
      expect(ids(await hr.ok(EMPLOYEES, { skillId: welding.id, minLevel: 3 }))).toEqual([
        expert.id,
      ]);
      expect(ids(await hr.ok(EMPLOYEES, { search: 'kees mul' }))).toEqual([expert.id]);
      expect(ids(await hr.ok(EMPLOYEES, { search: 'DEKK' }))).toEqual([novice.id]);
      expect(ids(await hr.ok(EMPLOYEES, { search: 't%' }))).toEqual([idle.id]);
      const res = await hr.send(EMPLOYEES, { minLevel: 3 });
      expect(res.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'MIN_LEVEL_WITHOUT_SKILL',
      });
    });

    it('a page with company and skills runs the same number of SQL queries for 3 or 25 employees', async () => {
      const company = await newCompany(sut.db);
      const skills = [await newSkill(sut.db), await newSkill(sut.db)];
      for (let i = 0; i < 25; i++) {
        const e = await newEmployee(sut.db, company);
        for (const s of skills) await newEmployeeSkill(sut.db, e, s, 1 + (i % 5));
      }
      const hr = sut.as(await newHr(sut.db, company));
      const query = `query($first: Int) { employees(first: $first) { edges { node {
        id hourlyCostCents company { id name } skills { level skill { code parent { code } } } } } } }`;
      // Counted at the wire: plain-SQL loaders bypass TypeORM's query runner.
      const sql = SqlStatements.attach(sut.created.dataSource);
      const countFor = async (first: number) => {
        const { result: data, statements } = await sql.during(() => hr.ok(query, { first }));
        expect(data.employees.edges).toHaveLength(first);
        expect(statements.length).toBeGreaterThan(3);
        return statements.length;
      };
      expect(await countFor(25)).toBe(await countFor(3));
    });
  });

  describe('setEmployeeSkills', () => {
    it('replaces the whole set: old skills go, new ones come with level and certificate date', async () => {
      const company = await newCompany(sut.db);
      const [kept, dropped, plain] = [
        await newSkill(sut.db),
        await newSkill(sut.db),
        await newSkill(sut.db),
      ];
      const vca = await newSkill(sut.db, { requiresCertificate: true });
      const employee = await newEmployee(sut.db, company);
      await newEmployeeSkill(sut.db, employee, kept, 2);
      await newEmployeeSkill(sut.db, employee, dropped, 5);
      const hr = sut.as(await newHr(sut.db, company));
      const validUntil = inDays(365);
      const data = await hr.ok(SET_SKILLS, {
        employeeId: employee.id,
        skills: [
          { skillId: kept.id, level: 4 },
          { skillId: vca.id, level: 1, validUntil },
          { skillId: plain.id, level: 3, validUntil: null },
        ],
      });
      const byCode = [
        { skill: kept, level: 4, validUntil: null },
        { skill: vca, level: 1, validUntil },
        { skill: plain, level: 3, validUntil: null },
      ].sort((a, b) => (a.skill.code < b.skill.code ? -1 : 1));
      expect(data.setEmployeeSkills.skills).toEqual(
        byCode.map(({ skill, level, validUntil: until }) => ({
          skillId: skill.id,
          level,
          validUntil: until,
          skill: { id: skill.id, code: skill.code },
        })),
      );
      expect(await rowsOf(employee.id)).toEqual(
        byCode
          .map(({ skill, level, validUntil: until }) => ({
            skillId: skill.id,
            level,
            validUntil: until,
          }))
          .sort((a, b) => (a.skillId < b.skillId ? -1 : 1)),
      );
      const cleared = await hr.ok(SET_SKILLS, { employeeId: employee.id, skills: [] });
      expect(cleared.setEmployeeSkills.skills).toEqual([]);
      expect(await rowsOf(employee.id)).toEqual([]);
    });

    it('rejects level 7, a certificate without a date, an unknown skill or a duplicate, writing nothing', async () => {
      const company = await newCompany(sut.db);
      const held = await newSkill(sut.db);
      const other = await newSkill(sut.db);
      const certificate = await newSkill(sut.db, { requiresCertificate: true });
      const employee = await newEmployee(sut.db, company);
      await newEmployeeSkill(sut.db, employee, held, 3);
      const before = await rowsOf(employee.id);
      const hr = sut.as(await newHr(sut.db, company));
      const attempt = (skills: Record<string, unknown>[]) =>
        hr.send(SET_SKILLS, { employeeId: employee.id, skills });

      const tooHigh = await attempt([
        { skillId: other.id, level: 2 },
        { skillId: held.id, level: 7 },
      ]);
      expect(tooHigh.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'skills.1.level' }],
      });
      expect((await attempt([{ skillId: held.id, level: 0 }])).errors?.[0].extensions?.code).toBe(
        'BAD_USER_INPUT',
      );

      const undated = await attempt([
        { skillId: other.id, level: 2 },
        { skillId: certificate.id, level: 2 },
      ]);
      expect(undated.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'CERTIFICATE_EXPIRY_REQUIRED',
        fields: [{ field: 'skills.1.validUntil' }],
      });

      const unknown = await attempt([
        { skillId: other.id, level: 2 },
        { skillId: randomUUID(), level: 2 },
      ]);
      expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');

      const duplicate = await attempt([
        { skillId: other.id, level: 2 },
        { skillId: other.id, level: 3 },
      ]);
      expect(duplicate.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'DUPLICATE_SKILL',
      });

      expect(await rowsOf(employee.id)).toEqual(before);
    });
  });
});
