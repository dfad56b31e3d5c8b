import { UserRole } from '../../src/auth/actor';
import {
  newCompany,
  newCoordinator,
  newEmployee,
  newHr,
  newMember,
  newPool,
  newAdmin,
  newUser,
  TEST_PASSWORD,
} from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

describe('authentication and users (e2e)', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await startTestApp();
  });
  afterAll(async () => {
    await sut.close();
  });

  const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token expiresAt user { id role } } }`;

  it('login with the right password returns a token that identifies the user in me', async () => {
    const admin = await newAdmin(sut.db);
    const data = await sut.anonymous.ok(LOGIN, { email: admin.email, password: TEST_PASSWORD });
    expect(data.login.user).toEqual({ id: admin.id, role: 'ADMIN' });
    const { GqlClient } = await import('../support/test-app');
    const me = await new GqlClient(sut.server, data.login.token).ok(`{ me { id email role } }`);
    expect(me.me).toEqual({ id: admin.id, email: admin.email, role: 'ADMIN' });
  });

  it('login with a wrong password or unknown email is UNAUTHENTICATED', async () => {
    const admin = await newAdmin(sut.db);
    expect(
      await sut.anonymous.errorCode(LOGIN, { email: admin.email, password: 'wrong password!' }),
    ).toBe('UNAUTHENTICATED');
    expect(
      await sut.anonymous.errorCode(LOGIN, { email: 'nobody@example.nl', password: TEST_PASSWORD }),
    ).toBe('UNAUTHENTICATED');
  });

  it('queries without a token, or with a forged one, are UNAUTHENTICATED', async () => {
    expect(await sut.anonymous.errorCode(`{ me { id } }`)).toBe('UNAUTHENTICATED');
    const { GqlClient } = await import('../support/test-app');
    const forged = new GqlClient(sut.server, 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.');
    expect(await forged.errorCode(`{ me { id } }`)).toBe('UNAUTHENTICATED');
  });

  const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { id email role companyId employeeId } }`;

  it('a coordinator creates HR users for member firms of its pools, not for other firms', async () => {
    const pool = await newPool(sut.db);
    const member = await newMember(sut.db, pool);
    const outsider = await newCompany(sut.db);
    const coordinator = await newCoordinator(sut.db, pool);
    const asCoordinator = sut.as(coordinator);
    const created = await asCoordinator.ok(CREATE_USER, {
      input: {
        email: 'HR.Member@Example.nl',
        password: 'long enough password',
        role: 'COMPANY_HR',
        companyId: member.id,
      },
    });
    expect(created.createUser).toMatchObject({
      email: 'hr.member@example.nl',
      role: 'COMPANY_HR',
      companyId: member.id,
    });
    expect(
      await asCoordinator.errorCode(CREATE_USER, {
        input: {
          email: 'hr.out@example.nl',
          password: 'long enough password',
          role: 'COMPANY_HR',
          companyId: outsider.id,
        },
      }),
    ).toBe('FORBIDDEN');
    expect(
      await asCoordinator.errorCode(CREATE_USER, {
        input: { email: 'admin2@example.nl', password: 'long enough password', role: 'ADMIN' },
      }),
    ).toBe('FORBIDDEN');
  });

  it('an HR manager creates EMPLOYEE users for its own staff only', async () => {
    const company = await newCompany(sut.db);
    const other = await newCompany(sut.db);
    const own = await newEmployee(sut.db, company);
    const foreign = await newEmployee(sut.db, other);
    const hr = sut.as(await newHr(sut.db, company));
    const ok = await hr.ok(CREATE_USER, {
      input: {
        email: 'worker@example.nl',
        password: 'long enough password',
        role: 'EMPLOYEE',
        employeeId: own.id,
      },
    });
    expect(ok.createUser).toMatchObject({
      role: 'EMPLOYEE',
      employeeId: own.id,
      companyId: company.id,
    });
    expect(
      await hr.errorCode(CREATE_USER, {
        input: {
          email: 'other@example.nl',
          password: 'long enough password',
          role: 'EMPLOYEE',
          employeeId: foreign.id,
        },
      }),
    ).toBe('NOT_FOUND');
  });

  it('an employee may not create users, and a duplicate email is a CONFLICT', async () => {
    const company = await newCompany(sut.db);
    const employee = await newEmployee(sut.db, company);
    const asEmployee = sut.as(await newUser(sut.db, UserRole.EMPLOYEE, { employee }));
    const input = { email: 'x@example.nl', password: 'long enough password', role: 'ADMIN' };
    expect(await asEmployee.errorCode(CREATE_USER, { input })).toBe('FORBIDDEN');
    const admin = sut.as(await newAdmin(sut.db));
    await admin.ok(CREATE_USER, { input: { ...input, email: 'dup@example.nl' } });
    expect(
      await admin.errorCode(CREATE_USER, { input: { ...input, email: 'dup@example.nl' } }),
    ).toBe('CONFLICT');
  });

  it('bad input names the field: short password, malformed email, missing scope', async () => {
    const admin = sut.as(await newAdmin(sut.db));
    const res = await admin.send(CREATE_USER, {
      input: { email: 'not-an-email', password: 'short', role: 'ADMIN' },
    });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions?.fields?.map((f) => f.field).sort()).toEqual([
      'email',
      'password',
    ]);
    const hr = await admin.send(CREATE_USER, {
      input: { email: 'hr@example.nl', password: 'long enough password', role: 'COMPANY_HR' },
    });
    expect(hr.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'SCOPE_MISMATCH',
    });
  });

  it('serves /health with the database status', async () => {
    const request = (await import('supertest')).default;
    const res = await request(sut.server).get('/health');
    expect(res.status).toBe(200);
    expect(res.body.info.database.status).toBe('up');
  });

  it('a 10 MB body is refused with a GraphQL-shaped BAD_USER_INPUT, not a 500', async () => {
    const res = await sut.anonymous.send(LOGIN, {
      email: 'x'.repeat(10 * 1024 * 1024),
      password: 'x',
    });
    expect(res.status).toBe(413);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions?.reason).toBe('BODY_TOO_LARGE');
    expect(res.errors?.[0].message).toBe('Request body larger than 1048576 bytes');
  });

  it('uses coordinators created with newHr without leaking', async () => {
    const company = await newCompany(sut.db);
    const hr = await newHr(sut.db, company);
    const me = await sut.as(hr).ok(`{ me { role companyId } }`);
    expect(me.me).toEqual({ role: 'COMPANY_HR', companyId: company.id });
  });
});
