import type { Method, Resource, Snapshot } from '../model.js';

/** The resource tree of a deployment, children by parent, built once per snapshot. */
interface Tree {
  root: Resource;
  children: Map<string, Resource[]>;
}

const trees = new WeakMap<Snapshot, Tree>();

function treeOf(snapshot: Snapshot): Tree {
  let tree = trees.get(snapshot);
  if (!tree) {
    const children = new Map<string, Resource[]>();
    let root: Resource | undefined;
    for (const r of Object.values(snapshot.resources)) {
      if (!r.parentId) root = r;
      else children.set(r.parentId, [...(children.get(r.parentId) ?? []), r]);
    }
    tree = { root: root!, children };
    trees.set(snapshot, tree);
  }
  return tree;
}

export interface Route {
  resource: Resource;
  pathParameters: Record<string, string>;
}

/**
 * The resource a path (after the stage) selects: at every level a literal path part beats a
 * `{param}`, which beats a greedy `{proxy+}` (which takes the rest of the path).
 */
export function matchRoute(snapshot: Snapshot, segments: readonly string[]): Route | undefined {
  const tree = treeOf(snapshot);
  const params: Record<string, string> = {};
  const found = walk(tree, tree.root, segments, 0, params);
  return found ? { resource: found, pathParameters: params } : undefined;
}

function walk(tree: Tree, at: Resource, segments: readonly string[], i: number, params: Record<string, string>): Resource | undefined {
  if (i === segments.length) return at;
  const segment = segments[i]!;
  const children = tree.children.get(at.id) ?? [];
  const literal = children.find((c) => c.pathPart === segment);
  if (literal) {
    const found = walk(tree, literal, segments, i + 1, params);
    if (found) return found;
  }
  const variable = children.find((c) => c.pathPart!.startsWith('{') && !c.pathPart!.endsWith('+}'));
  if (variable && segment !== '') {
    const name = variable.pathPart!.slice(1, -1);
    const found = walk(tree, variable, segments, i + 1, params);
    if (found) {
      params[name] = segment;
      return found;
    }
  }
  const greedy = children.find((c) => c.pathPart!.endsWith('+}'));
  if (greedy) {
    params[greedy.pathPart!.slice(1, -2)] = segments.slice(i).join('/');
    return greedy;
  }
  return undefined;
}

/** The method a request runs: its own verb, else ANY. */
export function methodFor(resource: Resource, httpMethod: string): Method | undefined {
  return resource.resourceMethods?.[httpMethod] ?? resource.resourceMethods?.ANY;
}
