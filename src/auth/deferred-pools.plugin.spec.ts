import { buildSchema, parse } from 'graphql';
import { operationNeedsPools } from './deferred-pools.plugin';

const schema = buildSchema(`
  type Query { demandRequests: DemandRequestConnection! pools: [Pool!]! }
  type Mutation { cancelDemand: DemandRequest! }
  type DemandRequestConnection { edges: [DemandRequestEdge!]! totalCount: Int! }
  type DemandRequestEdge { node: DemandRequest! cursor: String! }
  type DemandRequest { id: ID! title: String! company: Company! pool: Pool! }
  type Company { id: ID! name: String! memberships: [Pool!]! }
  type Pool { id: ID! }
`);

const needs = (query: string) => operationNeedsPools(schema, parse(query));

describe('operationNeedsPools', () => {
  it('is false for a query of demand fields that read the pools only in SQL', () => {
    expect(
      needs(
        `{ demandRequests { totalCount edges { cursor node { id title company { id name } } } } }`,
      ),
    ).toBe(false);
  });

  it('is true as soon as one field is not on the list, at any depth or in a fragment', () => {
    expect(needs(`{ demandRequests { edges { node { id pool { id } } } } }`)).toBe(true);
    expect(needs(`{ demandRequests { edges { node { company { memberships { id } } } } } }`)).toBe(
      true,
    );
    expect(needs(`{ pools { id } }`)).toBe(true);
    expect(
      needs(
        `{ demandRequests { edges { node { ...D } } } } fragment D on DemandRequest { pool { id } }`,
      ),
    ).toBe(true);
    expect(
      needs(`{ demandRequests { edges { node { ... on DemandRequest { pool { id } } } } } }`),
    ).toBe(true);
  });

  it('is true for a mutation, even of listed fields, and for a field the schema lacks', () => {
    expect(needs(`mutation { cancelDemand { id } }`)).toBe(true);
    expect(needs(`{ demandRequests { edges { node { unknownField } } } }`)).toBe(true);
  });

  it('counts every operation of a document, and __typename never', () => {
    expect(needs(`query A { demandRequests { totalCount } } query B { pools { id } }`)).toBe(true);
    expect(needs(`{ __typename demandRequests { __typename totalCount } }`)).toBe(false);
  });
});
