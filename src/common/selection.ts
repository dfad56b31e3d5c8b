import {
  FieldNode,
  FragmentDefinitionNode,
  GraphQLResolveInfo,
  Kind,
  SelectionSetNode,
} from 'graphql';

/**
 * Whether the operation selects the field at `path` below the field being resolved (e.g.
 * `['edges', 'node', 'company']` under a connection), following aliases, fragment spreads and
 * inline fragments. `@skip`/`@include` are not evaluated, so a field they may drop counts as
 * selected: an answer of true only costs reading what is then not sent.
 */
export function selectsPath(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  return fieldsAt(info, path).length > 0;
}

/**
 * The names (not aliases) of the fields selected on the object at `path` below the field being
 * resolved (e.g. `['edges', 'node']`: the fields of a connection's nodes), through aliases,
 * fragment spreads and inline fragments; `@skip`/`@include` are not evaluated (a field they may
 * drop counts). Empty when nothing is selected there.
 */
export function selectedFields(info: GraphQLResolveInfo, path: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const field of fieldsAt(info, path)) {
    if (field.selectionSet) collectNames(field.selectionSet, info.fragments, names);
  }
  return names;
}

/** The field nodes at `path` below the field being resolved. */
function fieldsAt(info: GraphQLResolveInfo, path: readonly string[]): readonly FieldNode[] {
  let fields: readonly FieldNode[] = info.fieldNodes;
  for (const name of path) {
    const next: FieldNode[] = [];
    for (const field of fields) {
      if (field.selectionSet) collect(field.selectionSet, name, info.fragments, next);
    }
    if (next.length === 0) return next;
    fields = next;
  }
  return fields;
}

function collectNames(
  set: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  out: Set<string>,
): void {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      out.add(selection.name.value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collectNames(selection.selectionSet, fragments, out);
    } else {
      const fragment = fragments[selection.name.value];
      if (fragment) collectNames(fragment.selectionSet, fragments, out);
    }
  }
}

function collect(
  set: SelectionSetNode,
  name: string,
  fragments: Record<string, FragmentDefinitionNode>,
  out: FieldNode[],
): void {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === name) out.push(selection);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collect(selection.selectionSet, name, fragments, out);
    } else {
      const fragment = fragments[selection.name.value];
      if (fragment) collect(fragment.selectionSet, name, fragments, out);
    }
  }
}
