import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Reading a resolver's selection ahead, so one statement can fetch what the nested fields will
 * ask for. Type conditions and @include/@skip are ignored: reading ahead too much only
 * fetches more, never less.
 */

export type Fragments = GraphQLResolveInfo['fragments'];

/** Fields called `name` in a selection set, through fragments. */
export function fieldsNamed(set: SelectionSetNode | undefined, name: string, fragments: Fragments, out: FieldNode[], depth = 0): FieldNode[] {
  if (!set || depth > 20) return out;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value === name) out.push(sel);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      fieldsNamed(sel.selectionSet, name, fragments, out, depth + 1);
    } else {
      fieldsNamed(fragments[sel.name.value]?.selectionSet, name, fragments, out, depth + 1);
    }
  }
  return out;
}

/** The node selection sets under connection fields: `nodes { ... }` and `edges { node { ... } }`. */
export function nodeSelections(connections: readonly FieldNode[], fragments: Fragments): SelectionSetNode[] {
  const out: SelectionSetNode[] = [];
  for (const conn of connections) {
    for (const f of fieldsNamed(conn.selectionSet, 'nodes', fragments, [])) if (f.selectionSet) out.push(f.selectionSet);
    for (const edge of fieldsNamed(conn.selectionSet, 'edges', fragments, [])) {
      for (const f of fieldsNamed(edge.selectionSet, 'node', fragments, [])) if (f.selectionSet) out.push(f.selectionSet);
    }
  }
  return out;
}

/** Names of the fields selected in some selection sets (through fragments). */
export function fieldNames(sets: readonly SelectionSetNode[], fragments: Fragments, out: Set<string>, depth = 0): Set<string> {
  for (const set of sets) {
    if (depth > 20) break;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) out.add(sel.name.value);
      else if (sel.kind === Kind.INLINE_FRAGMENT) fieldNames([sel.selectionSet], fragments, out, depth + 1);
      else {
        const f = fragments[sel.name.value];
        if (f) fieldNames([f.selectionSet], fragments, out, depth + 1);
      }
    }
  }
  return out;
}

/** Fields selected under the fields called `name` of some selection sets, added to `out`. */
export function subfieldNames(sets: readonly SelectionSetNode[], name: string, fragments: Fragments, out: Set<string>): Set<string> {
  const fields = sets.flatMap((set) => fieldsNamed(set, name, fragments, []));
  return fieldNames(fields.flatMap((f) => (f.selectionSet ? [f.selectionSet] : [])), fragments, out);
}

/** What a connection field's selection asks for. */
export interface ConnectionSelection {
  totalCount: boolean;
  /** Fields selected on its nodes. */
  nodeFields: Set<string>;
  /** Fields selected on its nodes' `author`. */
  authorFields: Set<string>;
}

export function connectionSelection(info: GraphQLResolveInfo): ConnectionSelection {
  const top = fieldNames(info.fieldNodes.flatMap((f) => (f.selectionSet ? [f.selectionSet] : [])), info.fragments, new Set());
  const nodes = nodeSelections(info.fieldNodes, info.fragments);
  return {
    totalCount: top.has('totalCount'),
    nodeFields: fieldNames(nodes, info.fragments, new Set()),
    authorFields: subfieldNames(nodes, 'author', info.fragments, new Set()),
  };
}
