import fc from 'fast-check';
import { buildSchema, parse } from 'graphql';
import { BadUserInputError } from '../common/errors';
import { loadConfig } from '../config/app-config';
import { costVariables, QueryLimits } from './query-limits';

const schema = buildSchema(`
  type Skill { id: ID!, name: String! }
  type Demand { id: ID!, title: String!, skills(first: Int): [Skill!]! }
  type Query {
    demands(first: Int, after: String, poolId: ID, status: [String!]): [Demand!]!
    demand(id: ID!): Demand
  }
`);

const PAGE = `query Page($n: Int, $m: Int, $pool: ID, $after: String, $withSkills: Boolean!) {
  demands(first: $n, after: $after, poolId: $pool) {
    id title
    skills(first: $m) @include(if: $withSkills) { id name }
  }
}`;

const limits = () => new QueryLimits(loadConfig({ NODE_ENV: 'test' }));

describe('QueryLimits.cost', () => {
  it('depends only on page sizes and directive arguments: those are the cost variables', () => {
    expect(costVariables(parse(PAGE)).sort()).toEqual(['m', 'n', 'withSkills']);
    expect(costVariables(parse('query($id: ID!) { demand(id: $id) { id } }'))).toEqual([]);
  });

  it('remembers the cost of a repeated document by its cost variables, always equal to costing it afresh', () => {
    const sut = limits();
    const document = parse(PAGE);
    const variables = fc.record({
      n: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
      m: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
      pool: fc.uuid(),
      after: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
      withSkills: fc.boolean(),
    });
    fc.assert(
      fc.property(variables, (v) => {
        const fresh = () => limits().cost({ schema, document: parse(PAGE), variables: v });
        let expected: number | string;
        try {
          expected = fresh();
        } catch (error) {
          expected = (error as Error).message;
        }
        let actual: number | string;
        try {
          actual = sut.cost({ schema, document, variables: v });
        } catch (error) {
          actual = (error as Error).message;
        }
        expect(actual).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('still refuses variables that do not fit, after the cost of the document was remembered', () => {
    const sut = limits();
    const document = parse(PAGE);
    const good = { n: 10, m: 5, pool: 'p', withSkills: true };
    const first = sut.cost({ schema, document, variables: good });
    expect(sut.cost({ schema, document, variables: good })).toBe(first);
    for (const bad of [
      { ...good, pool: { not: 'an id' } },
      { n: 10, m: 5, pool: 'p' }, // $withSkills is required
      { ...good, n: 'ten' },
    ]) {
      expect(() => sut.cost({ schema, document, variables: bad })).toThrow(BadUserInputError);
    }
  });

  it('refuses a remembered cost above the maximum every time', () => {
    const sut = new QueryLimits(loadConfig({ NODE_ENV: 'test', GRAPHQL_MAX_COST: '100' }));
    const document = parse(PAGE);
    const big = { n: 100, m: 100, withSkills: true };
    for (let i = 0; i < 3; i++) {
      expect(() => sut.cost({ schema, document, variables: big })).toThrow(/exceeds the maximum/);
    }
    // 1 + 10 demands × (id + title): the skills are left out.
    expect(sut.cost({ schema, document, variables: { ...big, n: 10, withSkills: false } })).toBe(
      21,
    );
  });
});
