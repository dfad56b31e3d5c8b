import fc from 'fast-check';
import {
  buildSchema,
  GraphQLEnumType,
  GraphQLField,
  GraphQLInputObjectType,
  GraphQLInputType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLScalarType,
  getNamedType,
  isCompositeType,
} from 'graphql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { User } from '../../src/auth/user.entity';
import { LoanStatus } from '../../src/lending/lending.enums';
import { ProposalStatus } from '../../src/matching/matching.enums';
import {
  inDays,
  newAdmin,
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
import { GqlClient, Json, startTestApp, TestApp } from '../support/test-app';

/**
 * Property-based fuzzing of every mutation: random and hostile values for each argument, shaped
 * by its GraphQL input type (wrong types, nulls, huge and unicode strings, SQL-ish text, numbers
 * out of range, impossible dates and reversed periods, unknown and other firms' ids), sent as
 * variables by every role. Each answer must be data, or clean client errors (BAD_USER_INPUT,
 * FORBIDDEN, NOT_FOUND, CONFLICT; UNAUTHENTICATED for a wrong login), never a 5xx or
 * INTERNAL_SERVER_ERROR; and a refused call must leave every table's row count unchanged.
 *
 * FUZZ_SEED replays a run (the seed is printed); FUZZ_RUNS sets the runs per mutation.
 */
const SCHEMA = buildSchema(readFileSync(join(__dirname, '../../schema.gql'), 'utf8'));
const MUTATIONS = Object.values(SCHEMA.getMutationType()?.getFields() ?? {});
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2_147_483_647);
const RUNS = Number(process.env.FUZZ_RUNS ?? 15);
/** The table behind an `xId` argument, where it is not simply `x`. */
const TABLE_OF: Record<string, string> = {
  demand: 'demand_request',
  proposal: 'match_proposal',
  user: 'app_user',
  window: 'availability_window',
  entry: 'timesheet_entry',
  membership: 'pool_membership',
};
/** The record an `id` argument of a mutation names. */
const MUTATION_ENTITY: Record<string, string> = {
  acceptCounterProposal: 'entry',
  acceptProposal: 'proposal',
  approveHours: 'entry',
  cancelDemand: 'demand',
  cancelLoan: 'loan',
  confirmProposal: 'proposal',
  declineProposal: 'proposal',
  disputeHours: 'entry',
  giveConsent: 'proposal',
  recallLoan: 'loan',
  refuseConsent: 'proposal',
  updateEmployee: 'employee',
  updatePoolTerms: 'pool',
  withdrawAvailability: 'window',
  decideMembership: 'membership',
  setEmployeeSkills: 'employee',
};
const CLEAN = new Set(['BAD_USER_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT']);

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    "'; DROP TABLE employee; --",
    "' OR '1'='1",
    '\u0000',
    'a\u0000b',
    '\ud800',
    '😀👩‍👩‍👧‍👦',
    'ＡＢＣ',
    '<script>alert(1)</script>',
    '${jndi:ldap://x}',
    '../../etc/passwd',
    '%s%s%s%n',
    'NaN',
    'Infinity',
    '-1',
    '1e309',
    'null',
    '{}',
    '[]',
  ),
  fc.constantFrom('x'.repeat(1_000), 'é'.repeat(5_000), 'y'.repeat(100_000)),
);

const hostileInt = fc.oneof(
  fc.integer({ min: -5, max: 200 }),
  fc.constantFrom(0, -1, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 2 ** 53, -(2 ** 53), 1e20),
  fc.double({ noNaN: true }),
);

const hostileFloat = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 1e308, -1e308, 5e-324, 52.5, 5.47, 91, -181),
);

const isoDate = fc.integer({ min: -400, max: 800 }).map((days) => inDays(days));
const hostileDate = fc.oneof(
  isoDate,
  fc.constantFrom(
    '2026-02-30',
    '2026-13-01',
    '0000-01-01',
    '9999-12-31',
    '275760-09-13',
    '-001000-01-01',
    '2026-1-1',
    '20260101',
    '2026-01-01T25:00:00Z',
    'yesterday',
    '',
  ),
);
const hostileDateTime = fc.oneof(
  fc
    .date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc.constantFrom('2026-02-30T10:00:00Z', 'not a time', '2026-01-01', '1e12', ''),
);

/** Any JSON of the wrong kind, for "wrong type" inputs. */
const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.string({ maxLength: 10 }),
  fc.constant([]),
  fc.constant({}),
  fc.constant({ $ne: null }),
  fc.array(fc.integer(), { maxLength: 3 }),
);

/** Ids of existing rows for a field name (`poolId`: pools), mixed with any table's ids. */
type IdSource = (fieldName: string) => fc.Arbitrary<string>;

function scalarArb(type: GraphQLScalarType, ids: IdSource): fc.Arbitrary<unknown> {
  switch (type.name) {
    case 'ID':
      return fc.oneof(
        { weight: 6, arbitrary: ids('') },
        { weight: 2, arbitrary: fc.uuid() },
        { weight: 1, arbitrary: hostileString },
        { weight: 1, arbitrary: fc.integer() },
      );
    case 'String':
      return hostileString;
    case 'Int':
      return hostileInt;
    case 'Float':
      return hostileFloat;
    case 'Boolean':
      return fc.boolean();
    case 'Date':
      return hostileDate;
    case 'DateTime':
      return hostileDateTime;
    default:
      return fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.object({ maxDepth: 1 }));
  }
}

/**
 * A plausible value for a scalar leaf, guessed from the field name, so that calls get past
 * validation into the services (where the interesting failures are).
 */
function plausibleScalar(
  type: GraphQLScalarType,
  name: string,
  ids: IdSource,
): fc.Arbitrary<unknown> {
  const n = name.toLowerCase();
  switch (type.name) {
    case 'ID':
      return ids(name);
    case 'Int':
      if (n.includes('level')) return fc.integer({ min: 1, max: 5 });
      if (n.includes('version')) return fc.integer({ min: 1, max: 3 });
      return fc.integer({ min: 0, max: 60 });
    case 'Float':
      if (n.includes('latitude')) return fc.double({ min: 50.7, max: 53.5, noNaN: true });
      if (n.includes('longitude')) return fc.double({ min: 3.3, max: 7.2, noNaN: true });
      return fc.constantFrom(0.5, 1, 4, 7.25, 8, 12);
    case 'Boolean':
      return fc.boolean();
    case 'Date':
      return isoDate;
    case 'DateTime':
      return isoDate.map((d) => `${d}T09:00:00.000Z`);
    case 'String':
      if (n.includes('email')) return fc.uuid().map((u) => `fuzz.${u.slice(0, 8)}@example.nl`);
      if (n.includes('password')) return fc.constant('a long enough password');
      if (n.includes('postcode')) return fc.constantFrom('8232 AA', '1312AB', '9999 ZZ');
      if (n.includes('kvk')) return fc.integer({ min: 10_000_000, max: 99_999_999 }).map(String);
      if (n.includes('phone')) return fc.constant('+31 36 123 4567');
      if (n.includes('month')) return fc.constantFrom('2026-10', '2026-11', '2025-12');
      if (n.includes('code')) return fc.uuid().map((u) => `FZ-${u.slice(0, 8)}`);
      return fc.constantFrom('Lelystad', 'Welding', 'A note', 'Peak', 'Almere');
    default:
      return fc.constant({});
  }
}

/**
 * Values for `type`. Plausible mode builds well-formed values and makes one field of each input
 * object hostile (or none); hostile mode makes every leaf hostile and sometimes of the wrong kind.
 */
function inputArb(
  type: GraphQLInputType,
  ids: IdSource,
  mode: 'plausible' | 'hostile',
  name = '',
  depth = 0,
): fc.Arbitrary<unknown> {
  if (type instanceof GraphQLNonNull) {
    if (mode === 'plausible') return shaped(type.ofType, ids, mode, name, depth);
    return fc.oneof(
      { weight: 12, arbitrary: inputArb(type.ofType, ids, mode, name, depth) },
      { weight: 1, arbitrary: fc.constant(null) },
    );
  }
  if (mode === 'plausible') return shaped(type, ids, mode, name, depth);
  return fc.oneof(
    { weight: 10, arbitrary: shaped(type, ids, mode, name, depth) },
    { weight: 1, arbitrary: wrongType },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

function shaped(
  type: GraphQLInputType,
  ids: IdSource,
  mode: 'plausible' | 'hostile',
  name: string,
  depth: number,
): fc.Arbitrary<unknown> {
  if (type instanceof GraphQLList) {
    return fc.array(inputArb(type.ofType, ids, mode, name, depth + 1), {
      minLength: mode === 'plausible' ? 1 : 0,
      maxLength: depth > 2 ? 1 : 4,
    });
  }
  if (type instanceof GraphQLEnumType) {
    const values = fc.constantFrom(...type.getValues().map((v) => v.value as string));
    if (mode === 'plausible') return values;
    return fc.oneof({ weight: 8, arbitrary: values }, { weight: 1, arbitrary: hostileString });
  }
  if (type instanceof GraphQLScalarType) {
    return mode === 'plausible' ? plausibleScalar(type, name, ids) : scalarArb(type, ids);
  }
  if (type instanceof GraphQLInputObjectType) {
    const fields = Object.values(type.getFields());
    const required = fields.filter((f) => f.type instanceof GraphQLNonNull).map((f) => f.name);
    const recordWith = (hostileIndex: number) => {
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      fields.forEach((f, i) => {
        const fieldMode = mode === 'hostile' || i === hostileIndex ? 'hostile' : 'plausible';
        record[f.name] = inputArb(f.type, ids, fieldMode, f.name, depth + 1);
      });
      return fc.record(record, { requiredKeys: mode === 'plausible' ? required : required });
    };
    const value =
      mode === 'plausible'
        ? fc.integer({ min: -1, max: fields.length - 1 }).chain(recordWith)
        : recordWith(-1);
    return value.chain((v) =>
      fc.oneof(
        { weight: 12, arbitrary: fc.constant(v) },
        { weight: mode === 'hostile' ? 1 : 0, arbitrary: fc.constant({ ...v, unknownField: 'x' }) },
      ),
    );
  }
  return wrongType;
}

/** A document calling `field` with every argument as a variable. */
function documentFor(field: GraphQLField<unknown, unknown>): string {
  const vars = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  return `mutation${vars ? `(${vars})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
}

describe('input fuzzing of every mutation (e2e)', () => {
  let sut: TestApp;
  let actors: { name: string; client: GqlClient }[];
  let ids: string[];
  let idsByTable: Map<string, string[]>;
  let countSql: string;

  beforeAll(async () => {
    console.warn(`input fuzz: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS} (${MUTATIONS.length} mutations)`);
    sut = await startTestApp({
      RATE_LIMIT_USER_POINTS: '100000000',
      RATE_LIMIT_IP_POINTS: '100000000',
      LOGIN_MAX_ATTEMPTS_PER_IP: '100000',
      LOGIN_MAX_FAILURES_PER_EMAIL: '100000',
    });
    const db = sut.db;
    const pool = await newPool(db);
    const otherPool = await newPool(db);
    const lender = await newMember(db, pool);
    const borrower = await newMember(db, pool);
    const stranger = await newMember(db, otherPool);
    const outsider = await newCompany(db);
    const skill = await newSkill(db);
    const employee = await newEmployee(db, lender);
    await newEmployee(db, stranger);
    await newEmployeeSkill(db, employee, skill, 3);
    await newWindow(db, employee, pool, { period: { start: inDays(7), end: inDays(60) } });
    const demand = await newDemand(db, borrower, pool, {}, [{ skill }]);
    await newProposal(db, employee, demand, ProposalStatus.PROPOSED);
    const pastDemand = await newDemand(db, borrower, pool, {
      period: { start: inDays(-40), end: inDays(-5) },
    });
    const loanEmployee = await newEmployee(db, lender);
    await newLoan(db, loanEmployee, pastDemand, { status: LoanStatus.ACTIVE });
    const users: [string, User][] = [
      ['admin', await newAdmin(db)],
      ['coordinator', await newCoordinator(db, pool)],
      ['lender HR', await newHr(db, lender)],
      ['borrower HR', await newHr(db, borrower)],
      ['stranger HR', await newHr(db, stranger)],
      ['outsider HR', await newHr(db, outsider)],
      ['employee', await newEmployeeUser(db, employee)],
    ];
    actors = [
      ...users.map(([name, user]) => ({ name, client: sut.as(user) })),
      { name: 'anonymous', client: sut.anonymous },
    ];
    // Not the kept candidate pairs and their marks: derived from the tables counted here, they
    // change whenever a read or a demand's event settles them, whatever the request at hand did.
    const tables: { table_name: string }[] = await db.query(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'migrations'
          AND table_name NOT LIKE 'candidate\\_pair%'
        ORDER BY table_name`,
    );
    countSql = `SELECT ${tables
      .map((t) => `(SELECT count(*) FROM "${t.table_name}")::int AS "${t.table_name}"`)
      .join(', ')}`;
    const withId: { table_name: string }[] = await db.query(
      `SELECT table_name FROM information_schema.columns
        WHERE table_schema = 'public' AND column_name = 'id' AND data_type = 'uuid'`,
    );
    const idRows: { id: string; t: string }[] = await db.query(
      withId
        .map(
          (t) => `(SELECT id::text AS id, '${t.table_name}' AS t FROM "${t.table_name}" LIMIT 20)`,
        )
        .join(' UNION ALL '),
    );
    ids = idRows.map((r) => r.id);
    idsByTable = new Map();
    for (const { id, t } of idRows) idsByTable.set(t, [...(idsByTable.get(t) ?? []), id]);
  });
  /** How the calls ended, to show the fuzz reaches the services and not only the parser. */
  const outcomes = new Map<string, number>();
  const tally = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
  afterAll(async () => {
    console.warn(`input fuzz outcomes: ${JSON.stringify(Object.fromEntries(outcomes))}`);
    await sut?.close();
  });

  const counts = async (): Promise<Json> => (await sut.db.query(countSql))[0];

  it.each(MUTATIONS.map((m) => [m.name, m] as const))(
    '%s: hostile input gives clean errors and no partial write',
    async (_name, field) => {
      const document = documentFor(field);
      const any = fc.constantFrom(...ids);
      const idArb: IdSource = (fieldName) => {
        const entity = /^(\w+?)Ids?$/.exec(fieldName)?.[1] ?? MUTATION_ENTITY[field.name];
        const own = entity ? idsByTable.get(TABLE_OF[entity] ?? entity) : undefined;
        return own?.length
          ? fc.oneof(
              { weight: 4, arbitrary: fc.constantFrom(...own) },
              { weight: 1, arbitrary: any },
            )
          : any;
      };
      const variables = (mode: 'plausible' | 'hostile') => {
        const vars: Record<string, fc.Arbitrary<unknown>> = {};
        for (const arg of field.args) vars[arg.name] = inputArb(arg.type, idArb, mode, arg.name);
        return fc.record(vars);
      };
      const cases = fc.record({
        actor: fc.noBias(fc.nat(actors.length - 1)),
        variables: fc.oneof(
          { weight: 1, arbitrary: variables('plausible') },
          { weight: 1, arbitrary: variables('hostile') },
        ),
      });
      let before = await counts();
      await fc.assert(
        fc.asyncProperty(cases, async ({ actor, variables }) => {
          const { name, client } = actors[actor];
          const res = await client.send(document, variables);
          const codes = (res.errors ?? []).map((e) => e.extensions?.code);
          const allowed = (code: unknown) =>
            CLEAN.has(String(code)) ||
            (code === 'UNAUTHENTICATED' && (name === 'anonymous' || field.name === 'login'));
          const after = await counts();
          const report = { actor: name, status: res.status, errors: res.errors };
          const first = res.errors?.[0]?.extensions;
          tally(first ? `${first.code}/${first.reason ?? 'service'}` : 'ok');
          if (res.status >= 500 || !codes.every(allowed)) {
            throw new Error(`Unclean answer: ${JSON.stringify(report)}`);
          }
          const refused = res.errors?.length && (res.data?.[field.name] ?? null) === null;
          if (refused) {
            // By design, a move on a proposal whose demand started, filled or was cancelled
            // commits the lazy expiry (audited as SYSTEM) and then answers PROPOSAL_EXPIRED:
            // the only rows it may add are those audit events (src/matching/proposal-workflow).
            const expiry = first?.reason === 'PROPOSAL_EXPIRED';
            const expected = expiry ? { ...before, audit_event: after.audit_event } : before;
            if (expiry) expect(after.audit_event).toBeGreaterThanOrEqual(before.audit_event);
            expect({ ...report, rows: after }).toEqual({ ...report, rows: expected });
          }
          before = after;
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
    },
  );
});
