import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import {
  DocumentNode,
  execute,
  ExecutionResult,
  getOperationAST,
  GraphQLBoolean,
  GraphQLError,
  GraphQLID,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  Kind,
  parse,
} from 'graphql';
import { compileQuery } from 'graphql-jit';
import { JitExecutor } from './jit-executor';
import { NotFoundError } from './errors';

interface Item {
  id: string;
  name: string;
}

/** A small schema with a list, nested objects, a failing field and a mutation. */
function schemaAndLog() {
  const calls: string[] = [];
  let counter = 0;
  const items: Item[] = [
    { id: '1', name: 'welding' },
    { id: '2', name: 'PLC' },
  ];
  const ItemType: GraphQLObjectType = new GraphQLObjectType<Item, { user: string }>({
    name: 'Item',
    fields: () => ({
      id: { type: new GraphQLNonNull(GraphQLID) },
      name: { type: new GraphQLNonNull(GraphQLString) },
      owner: {
        type: GraphQLString,
        resolve: (_item, _args, context) => context.user,
      },
      broken: {
        type: GraphQLString,
        resolve: (item) => {
          throw new NotFoundError(`Item ${item.id} has no such thing`);
        },
      },
      strict: { type: new GraphQLNonNull(GraphQLString), resolve: () => null },
      sibling: { type: ItemType, resolve: (item) => items.find((i) => i.id !== item.id) },
    }),
  });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: {
        items: {
          type: new GraphQLList(ItemType),
          args: { first: { type: GraphQLInt } },
          resolve: async (_root, args: { first?: number }) => {
            calls.push('items');
            return items.slice(0, args.first ?? items.length);
          },
        },
        item: {
          type: ItemType,
          args: { id: { type: new GraphQLNonNull(GraphQLID) } },
          resolve: (_root, args: { id: string }) => items.find((i) => i.id === args.id) ?? null,
        },
      },
    }),
    mutation: new GraphQLObjectType({
      name: 'Mutation',
      fields: {
        bump: { type: GraphQLBoolean, resolve: () => (calls.push('bump'), ++counter > 0) },
      },
    }),
  });
  return { schema, calls };
}

/** What Apollo hands its gateway executor, for one request. */
function requestFor(
  schema: GraphQLSchema,
  query: string,
  variables?: Record<string, unknown>,
  operationName?: string,
  document = parse(query),
): GatewayGraphQLRequestContext {
  const operation = getOperationAST(document, operationName);
  return {
    request: { query, variables, operationName },
    document,
    operation,
    operationName: operation?.name?.value ?? null,
    context: { user: 'hr@firm.nl' },
    schema,
    source: query,
  } as unknown as GatewayGraphQLRequestContext;
}

/** A result as it goes out (errors as JSON, causes as their class and message). */
function wire(result: ExecutionResult) {
  return {
    data: result.data,
    errors: result.errors?.map((e) => ({
      json: e.toJSON(),
      cause: e.originalError && `${e.originalError.constructor.name}: ${e.originalError.message}`,
      isGraphQLError: e instanceof GraphQLError,
    })),
  };
}

function sutWith(compileAfter: number) {
  const { schema, calls } = schemaAndLog();
  const compile = jest.fn((s: GraphQLSchema, document: DocumentNode, operationName?: string) =>
    compileQuery(s, document, operationName),
  );
  const sut = new JitExecutor(() => schema, { compileAfter, compile });
  return { sut, schema, calls, compile };
}

const NESTED = `query Page($n: Int) { items(first: $n) { id name owner sibling { id name } } }`;

describe('JitExecutor', () => {
  it('runs a query through graphql-js until its compileAfter-th run, then compiled, with the same answers', async () => {
    const { sut, schema, compile } = sutWith(2);
    const document = parse(NESTED);
    const run = () =>
      sut.execute(requestFor(schema, NESTED, { n: 2 }, undefined, document)).then(wire);
    const first = await run();
    expect(compile).not.toHaveBeenCalled();
    const second = await run();
    const third = await run();
    expect(compile).toHaveBeenCalledTimes(1);
    expect(first).toEqual(
      wire(
        await execute({
          schema,
          document,
          variableValues: { n: 2 },
          contextValue: { user: 'hr@firm.nl' },
        }),
      ),
    );
    expect(first.data).toEqual({
      items: [
        { id: '1', name: 'welding', owner: 'hr@firm.nl', sibling: { id: '2', name: 'PLC' } },
        { id: '2', name: 'PLC', owner: 'hr@firm.nl', sibling: { id: '1', name: 'welding' } },
      ],
    });
    expect(second).toEqual(first);
    expect(third).toEqual(first);
  });

  it('compiles each document once: another parse of the same text is another document', async () => {
    const { sut, schema, compile } = sutWith(1);
    const document = parse(NESTED);
    await sut.execute(requestFor(schema, NESTED, { n: 1 }, undefined, document));
    await sut.execute(requestFor(schema, NESTED, { n: 2 }, undefined, document));
    expect(compile).toHaveBeenCalledTimes(1);
    await sut.execute(requestFor(schema, NESTED, { n: 1 }));
    expect(compile).toHaveBeenCalledTimes(2);
  });

  it('never compiles with compileAfter 0', async () => {
    const { sut, schema, compile } = sutWith(0);
    const document = parse(NESTED);
    for (let i = 0; i < 3; i++) {
      await sut.execute(requestFor(schema, NESTED, { n: 1 }, undefined, document));
    }
    expect(compile).not.toHaveBeenCalled();
  });

  it('leaves mutations to graphql-js', async () => {
    const { sut, schema, calls, compile } = sutWith(1);
    const document = parse('mutation { bump }');
    const result = await sut.execute(
      requestFor(schema, 'mutation { bump }', {}, undefined, document),
    );
    await sut.execute(requestFor(schema, 'mutation { bump }', {}, undefined, document));
    expect(result).toEqual({ data: { bump: true } });
    expect(calls).toEqual(['bump', 'bump']);
    expect(compile).not.toHaveBeenCalled();
  });

  it('gives resolver errors and non-null violations as graphql-js does: message, locations, path, cause, code', async () => {
    const query = `{ item(id: "1") { id broken } items { strict } }`;
    const { sut, schema } = sutWith(1);
    const document = parse(query);
    const compiled = wire(await sut.execute(requestFor(schema, query, {}, undefined, document)));
    const reference = wire(
      await execute({ schema, document, contextValue: { user: 'hr@firm.nl' } }),
    );
    expect(compiled).toEqual(reference);
    expect(compiled.errors).toHaveLength(3);
    // The domain error stays the cause, so the one error mapping gives it its code.
    expect(compiled.errors?.[0].cause).toMatch(/^NotFoundError: Item 1 has no such thing/);
    expect(compiled.errors?.every((e) => e.isGraphQLError)).toBe(true);
  });

  it('answers variables that do not coerce through graphql-js, with its error and node (Apollo makes it a 400)', async () => {
    const query = 'query One($id: ID!) { item(id: $id) { id } }';
    const { sut, schema, calls } = sutWith(1);
    const document = parse(query);
    const result = await sut.execute(
      requestFor(schema, query, { id: { a: 1 } }, undefined, document),
    );
    const reference = await execute({ schema, document, variableValues: { id: { a: 1 } } });
    expect(wire(result)).toEqual(wire(reference));
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0].nodes?.[0].kind).toBe(Kind.VARIABLE_DEFINITION);
    expect(calls).toEqual([]);
  });

  it('runs the operation the client named, and gives graphql-js its error for a name the document lacks', async () => {
    const query = 'query A { items { id } } query B { item(id: "2") { name } }';
    const { sut, schema } = sutWith(1);
    const document = parse(query);
    const b = await sut.execute(requestFor(schema, query, {}, 'B', document));
    expect(b).toEqual({ data: { item: { name: 'PLC' } } });
    const a = await sut.execute(requestFor(schema, query, {}, 'A', document));
    expect(a).toEqual({ data: { items: [{ id: '1' }, { id: '2' }] } });
    const missing = await sut.execute(requestFor(schema, query, {}, 'Missing', document));
    expect(missing.errors?.map((e) => e.message)).toEqual(['Unknown operation named "Missing".']);
  });
});
