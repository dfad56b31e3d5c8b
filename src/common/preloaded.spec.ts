import {
  graphql,
  GraphQLList,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  isObjectType,
} from 'graphql';
import { buildSchema } from '../schema-sdl';
import { readPreloadedDirectly } from './preloaded';

describe('readPreloadedDirectly', () => {
  function schemaWith(calls: string[]): GraphQLSchema {
    const resolver =
      (name: string) =>
      (source: { id: string }): string => {
        calls.push(`${name}:${source.id}`);
        return `${name} of ${source.id}`;
      };
    const Item = new GraphQLObjectType({
      name: 'Item',
      fields: {
        id: { type: GraphQLString },
        marked: {
          type: GraphQLString,
          resolve: resolver('marked'),
          extensions: { preloaded: true },
        },
        plain: { type: GraphQLString, resolve: resolver('plain') },
      },
    });
    return new GraphQLSchema({
      query: new GraphQLObjectType({
        name: 'Query',
        fields: {
          items: {
            type: new GraphQLObjectType({
              name: 'Items',
              fields: { list: { type: new GraphQLList(Item) } },
            }),
            resolve: () => ({
              list: [
                { id: 'a', marked: 'preloaded a', plain: 'never read' },
                { id: 'b', marked: null },
                { id: 'c' },
              ],
            }),
          },
        },
      }),
    });
  }

  it('reads a marked field from its parent when set, and calls its resolver otherwise', async () => {
    const calls: string[] = [];
    const schema = readPreloadedDirectly(schemaWith(calls));
    const result = await graphql({ schema, source: '{ items { list { id marked plain } } }' });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      items: {
        list: [
          { id: 'a', marked: 'preloaded a', plain: 'plain of a' },
          { id: 'b', marked: 'marked of b', plain: 'plain of b' },
          { id: 'c', marked: 'marked of c', plain: 'plain of c' },
        ],
      },
    });
    expect(calls.sort()).toEqual(['marked:b', 'marked:c', 'plain:a', 'plain:b', 'plain:c']);
  });

  it('is on the relations a demand list loads with its rows, and the service schema uses it', async () => {
    const schema = await buildSchema();
    const marked = Object.values(schema.getTypeMap())
      .filter(isObjectType)
      .flatMap((type) =>
        Object.values(type.getFields())
          .filter((field) => field.extensions?.preloaded === true)
          .map((field) => `${type.name}.${field.name}`),
      );
    expect(marked.sort()).toEqual(['DemandRequest.company', 'DemandRequest.requirements']);
    const company = (schema.getType('DemandRequest') as GraphQLObjectType).getFields().company;
    const preloadedCompany = { id: 'c1', name: 'Preloaded' };
    expect(
      await company.resolve!({ company: preloadedCompany }, {}, {}, {
        fieldName: 'company',
      } as never),
    ).toBe(preloadedCompany);
  });
});
