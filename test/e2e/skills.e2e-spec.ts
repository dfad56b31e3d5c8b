import { randomUUID } from 'node:crypto';
import { Skill } from '../../src/skills/skill.entity';
import { SkillCategory } from '../../src/skills/skill.enums';
import {
  newAdmin,
  newCompany,
  newCoordinator,
  newEmployee,
  newEmployeeUser,
  newHr,
  newPool,
  newSkill,
} from '../support/factories';
import { Json, startTestApp, TestApp } from '../support/test-app';

/** A code prefix of this test's own, so listings only see the test's own skills. */
const prefix = () => `T${randomUUID().slice(0, 8).toUpperCase().replace(/-/g, '')}`;

interface Node {
  node: { code: string };
}
const codes = (data: Json): string[] => data.skills.edges.map((e: Node) => e.node.code);

describe('skill taxonomy (e2e)', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await startTestApp();
  });
  afterAll(async () => {
    await sut.close();
  });

  const SKILLS = `query($first: Int, $after: String, $category: SkillCategory, $search: String, $parentId: ID) {
    skills(first: $first, after: $after, category: $category, search: $search, parentId: $parentId) {
      totalCount edges { node { code } } pageInfo { hasNextPage endCursor } } }`;
  const CREATE = `mutation($input: CreateSkillInput!) { createSkill(input: $input) {
    id code name category requiresCertificate createdAt parent { id code } children { code } } }`;

  it('every role reads the taxonomy sorted by code, with parent and children', async () => {
    const p = prefix();
    const parent = await newSkill(sut.db, { code: `${p}_WELD`, name: 'Welding' });
    await newSkill(sut.db, { code: `${p}_WELD_TIG`, name: 'TIG welding', parentId: parent.id });
    await newSkill(sut.db, { code: `${p}_WELD_MIG`, name: 'MIG welding', parentId: parent.id });
    const company = await newCompany(sut.db);
    const readers = [
      await newAdmin(sut.db),
      await newCoordinator(sut.db, await newPool(sut.db)),
      await newHr(sut.db, company),
      await newEmployeeUser(sut.db, await newEmployee(sut.db, company)),
    ];
    for (const reader of readers) {
      const data = await sut.as(reader).ok(SKILLS, { search: p });
      expect(codes(data)).toEqual([`${p}_WELD`, `${p}_WELD_MIG`, `${p}_WELD_TIG`]);
    }
    const one = await sut
      .as(readers[3])
      .ok(
        `query($id: ID!) { skill(id: $id) { code parent { code } children { code parent { code } } } }`,
        { id: parent.id },
      );
    expect(one.skill).toEqual({
      code: `${p}_WELD`,
      parent: null,
      children: [
        { code: `${p}_WELD_MIG`, parent: { code: `${p}_WELD` } },
        { code: `${p}_WELD_TIG`, parent: { code: `${p}_WELD` } },
      ],
    });
  });

  it('without a token the taxonomy is UNAUTHENTICATED', async () => {
    expect(await sut.anonymous.errorCode(SKILLS, {})).toBe('UNAUTHENTICATED');
  });

  it('search is case-insensitive on code or name, and % and _ match only themselves', async () => {
    const p = prefix();
    await newSkill(sut.db, { code: `${p}_PLC`, name: 'PLC programmeren (Siemens)' });
    await newSkill(sut.db, { code: `${p}_NEN3140`, name: 'NEN 3140 werkverantwoordelijke' });
    await newSkill(sut.db, { code: `${p}X1`, name: `Other ${p}` });
    const admin = sut.as(await newAdmin(sut.db));
    expect(codes(await admin.ok(SKILLS, { search: `${p.toLowerCase()}_plc` }))).toEqual([
      `${p}_PLC`,
    ]);
    const byName = await admin.ok(SKILLS, { search: 'SIEMENS)', first: 100 });
    expect(codes(byName)).toContain(`${p}_PLC`);
    expect(codes(byName)).not.toContain(`${p}_NEN3140`);
    // `_` is literal: it does not match the X in `${p}X1`.
    expect(codes(await admin.ok(SKILLS, { search: `${p}_` }))).toEqual([
      `${p}_NEN3140`,
      `${p}_PLC`,
    ]);
    expect(codes(await admin.ok(SKILLS, { search: `${p}%1` }))).toEqual([]);
  });

  it('category and parentId narrow the list', async () => {
    const p = prefix();
    const root = await newSkill(sut.db, { code: `${p}_ROOT`, category: SkillCategory.METALWORK });
    await newSkill(sut.db, {
      code: `${p}_CHILD_A`,
      category: SkillCategory.METALWORK,
      parentId: root.id,
    });
    await newSkill(sut.db, { code: `${p}_SAFE`, category: SkillCategory.SAFETY });
    const hr = sut.as(await newHr(sut.db, await newCompany(sut.db)));
    expect(codes(await hr.ok(SKILLS, { search: p, category: 'SAFETY' }))).toEqual([`${p}_SAFE`]);
    expect(codes(await hr.ok(SKILLS, { parentId: root.id }))).toEqual([`${p}_CHILD_A`]);
  });

  it('cursors page through the taxonomy by code, each skill exactly once', async () => {
    const p = prefix();
    const made: string[] = [];
    for (let i = 0; i < 7; i++) made.push((await newSkill(sut.db, { code: `${p}_${i}` })).code);
    const admin = sut.as(await newAdmin(sut.db));
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const data: Json = await admin.ok(SKILLS, { search: p, first: 3, after });
      expect(data.skills.totalCount).toBe(7);
      seen.push(...codes(data));
      if (!data.skills.pageInfo.hasNextPage) break;
      after = data.skills.pageInfo.endCursor;
    }
    expect(seen).toEqual(made.sort());
    expect(await admin.errorCode(SKILLS, { first: 101 })).toBe('BAD_USER_INPUT');
  });

  it('an admin and a coordinator add skills, under a parent if given', async () => {
    const p = prefix();
    const admin = sut.as(await newAdmin(sut.db));
    const coordinator = sut.as(await newCoordinator(sut.db, await newPool(sut.db)));
    const created = await admin.ok(CREATE, {
      input: { code: `${p}_FGAS`, name: '  F-gassen  ', category: 'INSTALLATION' },
    });
    expect(created.createSkill).toMatchObject({
      code: `${p}_FGAS`,
      name: 'F-gassen',
      category: 'INSTALLATION',
      requiresCertificate: false,
      parent: null,
      children: [],
    });
    const child = await coordinator.ok(CREATE, {
      input: {
        code: `${p}_FGAS_CAT1`,
        name: 'F-gassen categorie 1',
        category: 'INSTALLATION',
        parentId: created.createSkill.id,
        requiresCertificate: true,
      },
    });
    expect(child.createSkill).toMatchObject({
      requiresCertificate: true,
      parent: { id: created.createSkill.id, code: `${p}_FGAS` },
    });
  });

  it('HR and employees may not add skills', async () => {
    const company = await newCompany(sut.db);
    const input = { code: `${prefix()}_X`, name: 'Not allowed', category: 'ICT' };
    expect(await sut.as(await newHr(sut.db, company)).errorCode(CREATE, { input })).toBe(
      'FORBIDDEN',
    );
    const employee = await newEmployeeUser(sut.db, await newEmployee(sut.db, company));
    expect(await sut.as(employee).errorCode(CREATE, { input })).toBe('FORBIDDEN');
    expect(await sut.db.getRepository(Skill).countBy({ code: input.code })).toBe(0);
  });

  it('a duplicate code is CONFLICT, an unknown parent NOT_FOUND, a malformed code BAD_USER_INPUT; none is written', async () => {
    const p = prefix();
    const existing = await newSkill(sut.db, { code: `${p}_VCA` });
    const admin = sut.as(await newAdmin(sut.db));
    const before = await sut.db.getRepository(Skill).count();
    const duplicate = await admin.send(CREATE, {
      input: { code: existing.code, name: 'VCA again', category: 'SAFETY' },
    });
    expect(duplicate.errors?.[0].extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'skill_code_key',
    });
    expect(
      await admin.errorCode(CREATE, {
        input: { code: `${p}_ORPHAN`, name: 'Orphan', category: 'SAFETY', parentId: randomUUID() },
      }),
    ).toBe('NOT_FOUND');
    const bad = await admin.send(CREATE, {
      input: { code: 'vca-basis', name: 'x'.repeat(121), category: 'SAFETY' },
    });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].extensions?.fields?.map((f) => f.field).sort()).toEqual([
      'code',
      'name',
    ]);
    expect(await sut.db.getRepository(Skill).count()).toBe(before);
  });

  it('an unknown skill id is NOT_FOUND', async () => {
    const admin = sut.as(await newAdmin(sut.db));
    expect(
      await admin.errorCode(`query($id: ID!) { skill(id: $id) { id } }`, { id: randomUUID() }),
    ).toBe('NOT_FOUND');
  });
});
