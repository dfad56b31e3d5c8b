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
  let fields: readonly FieldNode[] = info.fieldNodes;
  for (const name of path) {
    const next: FieldNode[] = [];
    for (const field of fields) {
      if (field.selectionSet) collect(field.selectionSet, name, info.fragments, next);
    }
    if (next.length === 0) return false;
    fields = next;
  }
  return true;
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
