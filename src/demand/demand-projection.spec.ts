import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, GraphQLObjectType } from 'graphql';
import { Projection } from '../common/projection';
import { COMPANY_PROJECTION, DEMAND_PROJECTION, SKILL_PROJECTION } from './demand.service';

const schema = buildSchema(readFileSync(path.join(__dirname, '../../schema.gql'), 'utf8'));

/** Fields of `type` the projection does not name: selecting one reads the whole row. */
function unnamed(type: string, projection: Projection<string>): string[] {
  const fields = Object.keys((schema.getType(type) as GraphQLObjectType).getFields());
  return fields.filter((f) => !(f in projection.reads)).sort();
}

describe('the projections of a demand list', () => {
  // A field added to one of these types reads every column until it is named here: this test
  // then asks whoever adds it to say what it reads.
  it('name every field of DemandRequest, Company and Skill but those that read the whole row', () => {
    expect(unnamed('DemandRequest', DEMAND_PROJECTION)).toEqual(['priority']);
    expect(unnamed('Company', COMPANY_PROJECTION)).toEqual([]);
    expect(unnamed('Skill', SKILL_PROJECTION)).toEqual([]);
  });

  it('name only row fields that have a column', () => {
    for (const projection of [
      DEMAND_PROJECTION,
      COMPANY_PROJECTION,
      SKILL_PROJECTION,
    ] as Projection<string>[]) {
      const reads = Object.values(projection.reads).flat();
      expect(reads.filter((key) => !(key in projection.columns))).toEqual([]);
    }
  });
});
