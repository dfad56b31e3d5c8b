import {
  FieldNode,
  FragmentDefinitionNode,
  GraphQLResolveInfo,
  Kind,
  OperationDefinitionNode,
  parse,
} from 'graphql';
import { selectedFields, selectsPath } from './selection';

/** The resolve info of the operation's first root field, as far as `selectsPath` reads it. */
function infoOf(document: string): GraphQLResolveInfo {
  const definitions = parse(document).definitions;
  const operation = definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  ) as OperationDefinitionNode;
  const fragments = Object.fromEntries(
    definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const fieldNodes = [operation.selectionSet.selections[0] as FieldNode];
  return { fieldNodes, fragments } as unknown as GraphQLResolveInfo;
}

const COMPANY = ['edges', 'node', 'company'];

describe('selectsPath', () => {
  it('finds a field selected directly, under an alias, or through fragments', () => {
    expect(selectsPath(infoOf('{ list { edges { node { company { id } } } } }'), COMPANY)).toBe(
      true,
    );
    expect(selectsPath(infoOf('{ list { edges { node { c: company { id } } } } }'), COMPANY)).toBe(
      true,
    );
    expect(
      selectsPath(
        infoOf(
          '{ list { edges { ... on E { node { ...N } } } } } fragment N on D { company { id } }',
        ),
        COMPANY,
      ),
    ).toBe(true);
  });

  it('is false for a field the operation does not select, at any depth', () => {
    expect(selectsPath(infoOf('{ list { edges { node { id } } } }'), COMPANY)).toBe(false);
    expect(selectsPath(infoOf('{ list { pageInfo { hasNextPage } } }'), COMPANY)).toBe(false);
    expect(selectsPath(infoOf('{ list { edges { node { company: id } } } }'), COMPANY)).toBe(false);
  });
});

describe('selectedFields', () => {
  const NODE = ['edges', 'node'];
  it('names the fields selected on an object, by name not alias, through fragments', () => {
    const info = infoOf(`{ list { edges { node { id t: title ...F ... on D { company { id } } }
      cursor } } } fragment F on D { headcount requirements { mandatory } }`);
    expect([...selectedFields(info, NODE)].sort()).toEqual([
      'company',
      'headcount',
      'id',
      'requirements',
      'title',
    ]);
  });

  it('is empty where nothing is selected', () => {
    expect(selectedFields(infoOf('{ list { pageInfo { hasNextPage } } }'), NODE).size).toBe(0);
  });
});
